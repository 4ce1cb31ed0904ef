/*
** scr_checkout.c - I'm leaving: a host confirms with their PIN (or, where the pack allows, the
** shadow leaves alone), then the host may answer a few questions about the day.
**
** A gentle reminder comes first when the evaluation is not done. Who confirms: the escort (a big
** button with their name), another host (the names), or "I leave by myself" -> "Are you sure?".
** The check-out is a RECORD_CHECKOUT ("host" with host_id, or "self"); after a host confirmed,
** the host evaluation (the pack's host questions, at most three) is offered on the same 4-face
** scale, each answer a RECORD_HOST_EVAL saved at once. Then Thanks.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "hostpick.h"
#include "i18n.h"
#include "icons.h"
#include "pinpad.h"
#include "smiley.h"
#include "step.h"
#include "theme.h"

enum co_step {
    CO_REMIND = 0,      /* the evaluation is not done */
    CO_WHO,             /* the escort, another host, or by myself */
    CO_HOSTS,           /* the list of hosts */
    CO_PIN,             /* the chosen host's PIN */
    CO_SELF_SURE,       /* Are you sure? */
    CO_EVAL_ASK,        /* Liisa, would you answer 3 short questions? */
    CO_EVAL_QUESTION,   /* one host question */
};

enum { CO_MAX_HOST_QUESTIONS = 3 };

static struct {
    struct step_state step;             /* enum co_step */
    int self_allowed;                   /* the pack lets this shadow leave alone */
    int from_hosts;                     /* the PIN's Cancel goes back to the list */
    char host_id[PACK_ID_MAX];          /* who confirms */
    struct pinpad pad;
    struct hostpick pick;
    const struct pack_question *questions[CO_MAX_HOST_QUESTIONS];
    int count;
    int q;
    int answer[CO_MAX_HOST_QUESTIONS];
} co;

/* The escort to name on the big button: the shadow's own, else whoever confirmed the visit. */
static const struct pack_host *co_escort(const struct app *app)
{
    const struct pack_host *h = app_escort(app);
    if (!h && app->pack && app->visit.state.escort_host_id[0])
        h = pack_find_host(app->pack, app->visit.state.escort_host_id);
    return h;
}

static const char *co_host_name(const struct app *app)
{
    const struct pack_host *h = app->pack ? pack_find_host(app->pack, co.host_id) : NULL;
    return h && h->name ? h->name : co.host_id;
}

static const char *co_shadow_name(const struct app *app)
{
    return app->visit.shadow ? app->visit.shadow->first_name : "";
}

static void co_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    memset(&co, 0, sizeof co);
    hostpick_reset(&co.pick);
    app_reload_visit(app);
    const struct pack *p = app->pack;
    for (int i = 0; p && i < p->question_count && co.count < CO_MAX_HOST_QUESTIONS; i++)
        if (p->questions[i].audience == AUDIENCE_HOST)
            co.questions[co.count++] = &p->questions[i];
    co.self_allowed = p && app->visit.shadow && pack_shadow_self_checkout(p, app->visit.shadow);
    co.step.at = app->visit.state.evaluation_done ? CO_WHO : CO_REMIND;
}

static void co_choose_host(const char *host_id, int from_hosts)
{
    snprintf(co.host_id, sizeof co.host_id, "%s", host_id);
    pinpad_reset(&co.pad, host_id);
    co.from_hosts = from_hosts;
    co.step.at = CO_PIN;
}

/* Write the check-out; SD_OK only when it is on disk. */
static int co_save_checkout(struct app *app, const char *how, const char *host_id)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKOUT;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", app->visit.shadow->id);
    snprintf(rec.value, sizeof rec.value, "%s", how);
    snprintf(rec.host_id, sizeof rec.host_id, "%s", host_id ? host_id : "");
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    return app_save(app, &rec);
}

static int co_save_host_eval(struct app *app, const char *item, const char *value)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_HOST_EVAL;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", app->visit.shadow->id);
    snprintf(rec.host_id, sizeof rec.host_id, "%s", co.host_id);
    snprintf(rec.item, sizeof rec.item, "%s", item);
    snprintf(rec.value, sizeof rec.value, "%s", value);
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    return app_save(app, &rec);
}

/* ---------------------------------------------------------------- drawing helpers */

/* A pictogram and a question or message over the top of area, centred in it. */
static void co_message(struct ui *ui, SDL_Rect area, unsigned icon, const char *title,
                       const char *text)
{
    int th = ui_text_height(ui, area.w, title, UI_TEXT_TITLE, 1);
    int bh = text ? ui_text_height(ui, area.w, text, UI_TEXT_LARGE, 0) : 0;
    int ih = area.h - th - bh - ui->gap * 2;
    if (ih > ui->target * 2)
        ih = ui->target * 2;
    if (ih < ui->target / 2)
        ih = 0;
    int total = ih + (ih ? ui->gap : 0) + th + (bh ? ui->gap + bh : 0);
    SDL_Rect box = total < area.h ? ui_center(area, area.w, total) : area;
    if (ih) {
        ui_icon(ui, ui_cut_top(&box, ih), icon, THEME_TEXT, THEME_BG);
        ui_cut_top(&box, ui->gap);
    }
    ui_text(ui, ui_cut_top(&box, th < box.h ? th : box.h), title, UI_TEXT_TITLE, 1, THEME_TEXT,
            THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (text) {
        ui_cut_top(&box, ui->gap);
        ui_text(ui, box, text, UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_TOP);
    }
}

/* Two big answers under a message: side by side, or one above the other on a tall screen. */
static void co_two_choices(struct ui *ui, SDL_Rect *area, SDL_Rect *first, SDL_Rect *second)
{
    int portrait = area->h > area->w;
    SDL_Rect buttons = ui_cut_bottom(area, portrait ? ui->target * 4 + ui->gap : ui->target * 2);
    ui_cut_bottom(area, ui->gap);
    *first = ui_grid_cell(buttons, portrait ? 1 : 2, portrait ? 2 : 1, 0, ui->gap * 2);
    *second = ui_grid_cell(buttons, portrait ? 1 : 2, portrait ? 2 : 1, 1, ui->gap * 2);
}

/* ---------------------------------------------------------------- steps */

static void co_frame_remind(struct app *app, struct ui *ui, SDL_Rect area)
{
    SDL_Rect leave, answer;
    co_two_choices(ui, &area, &leave, &answer);
    co_message(ui, area, ICON_FACT_CHECK, _("You have not answered the questions yet."),
               _("Your answers help to make the day better. It takes a few minutes."));
    if (ui_button(ui, leave, ICON_LOGOUT, _("Leave without answering"), UI_SECONDARY))
        co.step.at = CO_WHO;
    if (ui_button(ui, answer, ICON_FACT_CHECK, _("Answer the questions"), UI_PRIMARY))
        app_goto(app, &scr_evaluate);
}

static void co_frame_who(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack_host *escort = co_escort(app);
    int portrait = area.h > area.w;
    SDL_Rect back_row = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    int bw = back_row.w / 4 > ui->target * 3 ? back_row.w / 4 : ui->target * 3;
    SDL_Rect back = ui_cut_left(&back_row, bw < back_row.w ? bw : back_row.w);

    const char *title = _("Who confirms that you leave?");
    int th = ui_text_height(ui, area.w, title, UI_TEXT_TITLE, 1);
    if (th > area.h / 4)
        th = area.h / 4;
    ui_text(ui, ui_cut_top(&area, th), title, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap);

    int n = (escort ? 1 : 0) + 1 + (co.self_allowed ? 1 : 0), i = 0;
    int cols = portrait ? 1 : n, rows = portrait ? n : 1;
    int ch = (area.h - ui->gap * (rows - 1)) / rows;
    if (ch > ui->target * 3)
        ch = ui->target * 3;
    SDL_Rect grid = ui_center(area, area.w, ch * rows + ui->gap * (rows - 1));
    if (escort && ui_button(ui, ui_grid_cell(grid, cols, rows, i++, ui->gap * 2), ICON_BADGE,
                            escort->name, UI_PRIMARY))
        co_choose_host(escort->id, 0);
    if (ui_button(ui, ui_grid_cell(grid, cols, rows, i++, ui->gap * 2), ICON_GROUPS,
                  _("Another host"), UI_SECONDARY)) {
        hostpick_reset(&co.pick);
        co.step.at = CO_HOSTS;
    }
    if (co.self_allowed && ui_button(ui, ui_grid_cell(grid, cols, rows, i++, ui->gap * 2),
                                     ICON_WALK, _("I leave by myself"), UI_SECONDARY))
        co.step.at = CO_SELF_SURE;
    if (ui_button(ui, back, ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_hub);
}

static void co_frame_hosts(struct app *app, struct ui *ui, SDL_Rect area)
{
    char subject[PACK_ID_MAX];
    int r = hostpick_frame(app, ui, &co.pick, area, _("Host, tap your name."), 0, subject);
    if (r == HOSTPICK_CHOSEN)
        co_choose_host(subject, 1);
    else if (r == HOSTPICK_BACK)
        co.step.at = CO_WHO;
}

static void co_after_checkout(struct app *app)
{
    if (co.count > 0)
        co.step.at = CO_EVAL_ASK;
    else
        app_goto(app, &scr_thanks);
}

static void co_frame_pin(struct app *app, struct ui *ui, SDL_Rect area)
{
    char prompt[300];
    snprintf(prompt, sizeof prompt, _("%s, type your PIN to confirm that %s leaves."),
             co_host_name(app), co_shadow_name(app));
    int r = pinpad_frame(app, ui, &co.pad, area, prompt);
    if (r == PINPAD_OK) {
        if (co_save_checkout(app, "host", co.host_id) != SD_OK)
            return;     /* the notice says it was not saved; the PIN can be typed again */
        co_after_checkout(app);
    } else if (r == PINPAD_CANCEL) {
        co.step.at = co.from_hosts ? CO_HOSTS : CO_WHO;
    }
}

static void co_frame_self(struct app *app, struct ui *ui, SDL_Rect area)
{
    SDL_Rect no, yes;
    co_two_choices(ui, &area, &no, &yes);
    co_message(ui, area, ICON_WALK, _("Are you sure you want to leave now?"),
               _("Say goodbye to your escort before you go."));
    if (ui_button(ui, no, ICON_ARROW_BACK, _("No, go back"), UI_SECONDARY))
        co.step.at = CO_WHO;
    if (ui_button(ui, yes, ICON_LOGOUT, _("Yes, I leave now"), UI_OK)) {
        if (co_save_checkout(app, "self", NULL) != SD_OK)
            return;
        app_goto(app, &scr_thanks);
    }
}

static void co_frame_eval_ask(struct app *app, struct ui *ui, SDL_Rect area)
{
    char ask[400];
    SDL_Rect no, yes;
    co_two_choices(ui, &area, &no, &yes);
    snprintf(ask, sizeof ask,
             NG_("%s, would you answer %d short question about %s's day?",
                 "%s, would you answer %d short questions about %s's day?", co.count),
             co_host_name(app), co.count, co_shadow_name(app));
    co_message(ui, area, ICON_FACT_CHECK, ask, _("Your answers help the coordinator."));
    if (ui_button(ui, no, ICON_CLOSE, _("No, thank you"), UI_SECONDARY))
        app_goto(app, &scr_thanks);
    if (ui_button(ui, yes, ICON_CHECK, _("Yes, I will answer"), UI_OK)) {
        co.q = 0;
        co.step.at = CO_EVAL_QUESTION;
    }
}

static void co_frame_eval_question(struct app *app, struct ui *ui, SDL_Rect area)
{
    char progress[80];
    if (co.q < 0 || co.q >= co.count) {
        app_goto(app, &scr_thanks);
        return;
    }
    const struct pack_question *q = co.questions[co.q];
    snprintf(progress, sizeof progress, _("Question %d of %d"), co.q + 1, co.count);
    int a = smiley_question(ui, area, app_text(app, &q->text), progress, co.answer[co.q], co.q > 0);
    if (a == SMILEY_BACK) {
        co.q--;
    } else if (a != SMILEY_NONE) {
        if (co_save_host_eval(app, q->id, smiley_value(a)) != SD_OK)
            return;
        co.answer[co.q] = a;
        if (++co.q >= co.count)
            app_goto(app, &scr_thanks);
    }
}

/* A double tap answers one host question, not two: the step helper, told which question is
** shown, guards each step. */
static const struct step co_steps[] = {
    [CO_REMIND] = { co_frame_remind },
    [CO_WHO] = { co_frame_who },
    [CO_HOSTS] = { co_frame_hosts },
    [CO_PIN] = { co_frame_pin },
    [CO_SELF_SURE] = { co_frame_self },
    [CO_EVAL_ASK] = { co_frame_eval_ask },
    [CO_EVAL_QUESTION] = { co_frame_eval_question },
};

static void co_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_LOGOUT, _("I'm leaving"));
    int item = co.step.at == CO_EVAL_QUESTION ? co.q : 0;
    step_frame(app, ui, &co.step, item, co_steps, STEP_COUNT(co_steps), area);
}

/* ---------------------------------------------------------------- layout check */

static int co_variant(struct app *app, int n)
{
    static const int steps[] = { CO_REMIND, CO_WHO, CO_WHO, CO_HOSTS, CO_PIN, CO_SELF_SURE,
                                 CO_EVAL_ASK, CO_EVAL_QUESTION, CO_EVAL_QUESTION };
    if (n < 0 || n >= (int)(sizeof steps / sizeof steps[0]))
        return -1;
    co_enter(app, NULL, SCREEN_GOTO);
    co.step.at = steps[n];
    const struct pack_host *escort = co_escort(app);
    if (escort)
        co_choose_host(escort->id, 0);
    co.step.at = steps[n];
    switch (n) {
    case 1: /* every way out offered */
        co.self_allowed = 1;
        break;
    case 2:
        co.self_allowed = 0;
        break;
    case 8: /* the last host question, answered before */
        co.q = co.count > 0 ? co.count - 1 : 0;
        co.answer[co.q] = 4;
        break;
    default:
        break;
    }
    return 0;
}

const struct screen scr_checkout = {
    .name = "checkout",
    .enter = co_enter,
    .frame = co_frame,
    .variant = co_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_CHECKIN,
};
