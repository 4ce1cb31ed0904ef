/*
** scr_escort.c - Your escort: "Today you follow Liisa (barista). Liisa, please confirm." The
** escort (or another host from a list) confirms with their PIN that they are with the shadow.
**
** One step per screen: the intro, the list of hosts, a warning for the host when the shadow's
** agreement is not signed (no insurance without it), the PIN pad, and "my escort is not here"
** (who to call, wait here). A confirmed PIN writes RECORD_ESCORT with who confirmed; then the
** safety cards still to read, or the day plan when every card is already acknowledged. Without
** a confirmation the visit stays "waiting for escort", which Start shows to passing hosts.
*/
#include <stdio.h>
#include <string.h>

#include "acks.h"
#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "pager.h"
#include "pinpad.h"
#include "step.h"
#include "theme.h"

enum escort_step { ESCORT_INTRO = 0, ESCORT_HOSTS, ESCORT_WARNING, ESCORT_PIN, ESCORT_ABSENT };

static struct {
    struct step_state step;             /* enum escort_step */
    int page;                           /* of the host list */
    const struct pack_host *host;       /* who is confirming */
    struct pinpad pad;
} escort;

static void escort_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    memset(&escort, 0, sizeof escort);
}

/* "Liisa (barista)", or just the name when the pack gives no role. */
static const char *escort_host_label(struct app *app, const struct pack_host *h, char *buf,
                                     size_t size)
{
    const char *role = app_text(app, &h->role);
    if (role[0])
        snprintf(buf, size, "%s (%s)", h->name, role);
    else
        snprintf(buf, size, "%s", h->name);
    return buf;
}

/* The host picked their name: the warning first when the agreement is not signed. */
static void escort_choose(struct app *app, const struct pack_host *h)
{
    escort.host = h;
    pinpad_reset(&escort.pad, h->id);
    escort.step.at = app->visit.shadow->agreement_signed ? ESCORT_PIN : ESCORT_WARNING;
}

/* The PIN was right: record who confirmed, then what the shadow still has to read. */
static void escort_confirmed(struct app *app)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_ESCORT;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", app->visit.shadow->id);
    snprintf(rec.host_id, sizeof rec.host_id, "%s", escort.host->id);
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    if (app_save(app, &rec) != SD_OK)
        return;     /* not saved: the notice says so, and the PIN pad stays for another try */
    struct acks acks = { 0 };
    acks_read(app->store, app->pack, app->visit.shadow->id, &acks);
    app_goto(app, acks.pending > 0 ? &scr_safety : &scr_day);
    acks_free(&acks);
}

static void escort_frame_intro(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack_host *h = app_escort(app);
    int portrait = ui->h > ui->w;
    char line1[300], line2[200], label[200], who[200];

    /* From the bottom: the two other ways, then the escort's own big button. */
    SDL_Rect others = ui_cut_bottom(&area, portrait ? ui->target * 2 + ui->gap : ui->target);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect other_r = portrait ? ui_cut_top(&others, ui->target) : ui_grid_cell(others, 2, 1, 0, ui->gap);
    SDL_Rect absent_r = portrait ? ui_cut_bottom(&others, ui->target) : ui_grid_cell(others, 2, 1, 1, ui->gap);
    if (ui_button(ui, other_r, ICON_GROUPS, h ? _("Another host confirms") : _("A host confirms"),
                  UI_SECONDARY)) {
        escort.step.at = ESCORT_HOSTS;
        escort.page = 0;
    }
    if (ui_button(ui, absent_r, ICON_HOURGLASS, _("My escort is not here"), UI_SECONDARY))
        escort.step.at = ESCORT_ABSENT;

    if (h) {
        int bh = area.h / 2 > ui->target * 2 ? ui->target * 2 : ui->target;
        SDL_Rect me = ui_cut_bottom(&area, bh);
        ui_cut_bottom(&area, ui->gap);
        snprintf(label, sizeof label, _("I am %s"), h->name);
        if (ui_button(ui, ui_center(me, portrait ? me.w : me.w * 2 / 3, me.h), ICON_VERIFIED, label,
                      UI_PRIMARY))
            escort_choose(app, h);
        snprintf(line1, sizeof line1, _("Today you follow %s."),
                 escort_host_label(app, h, who, sizeof who));
        snprintf(line2, sizeof line2, _("%s, please confirm."), h->name);
    } else {
        snprintf(line1, sizeof line1, "%s", _("A host confirms that you are here."));
        line2[0] = '\0';
    }

    /* The words, beside a pictogram of the escort (above it when portrait). */
    SDL_Rect pic = portrait ? ui_cut_top(&area, area.h / 3) : ui_cut_left(&area, area.h < ui->target * 3 ? area.h : ui->target * 3);
    ui_icon(ui, ui_inset(pic, ui->pad / 2), ICON_BADGE, THEME_PRIMARY, THEME_BG);
    if (!portrait)
        ui_cut_left(&area, ui->pad);
    SDL_Rect t1 = line2[0] ? ui_cut_top(&area, area.h * 55 / 100) : area;
    ui_text(ui, t1, line1, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            (portrait ? UI_ALIGN_CENTER : UI_ALIGN_LEFT) | UI_ALIGN_MIDDLE);
    if (line2[0])
        ui_text(ui, area, line2, UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG,
                (portrait ? UI_ALIGN_CENTER : UI_ALIGN_LEFT) | UI_ALIGN_MIDDLE);
}

/* The idx-th host of the list: the escort first, then everyone else in the pack's order. */
static const struct pack_host *escort_host_at(const struct pack *p, const struct pack_host *first,
                                              int idx)
{
    if (!first)
        return &p->hosts[idx];
    if (idx == 0)
        return first;
    for (int j = 0, k = 0; j < p->host_count; j++) {
        if (&p->hosts[j] == first)
            continue;
        if (++k == idx)
            return &p->hosts[j];
    }
    return first;
}

static void escort_frame_hosts(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack *p = app->pack;
    const struct pack_host *first = app_escort(app);
    int portrait = ui->h > ui->w;
    char label[200];

    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect ask = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_LARGE, 1) * 2);
    ui_cut_top(&area, ui->gap / 2);
    ui_text(ui, ask, _("Who confirms? Tap your name."), UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);

    int cols = portrait ? 1 : 2;
    int rows = (area.h + ui->gap) / (ui->target + ui->gap);
    if (rows < 1)
        rows = 1;
    if (rows > 4)
        rows = 4;
    int per_page = cols * rows, count = p->host_count;
    int pages = count > 0 ? (count + per_page - 1) / per_page : 1;
    if (escort.page >= pages)
        escort.page = pages - 1;
    SDL_Rect grid = ui_cut_top(&area, rows * ui->target + (rows - 1) * ui->gap);

    for (int i = 0; i < per_page; i++) {
        int idx = escort.page * per_page + i;
        if (idx >= count)
            break;
        const struct pack_host *h = escort_host_at(p, first, idx);
        SDL_Rect cell = ui_grid_cell(grid, cols, rows, i, ui->gap);
        if (ui_button(ui, cell, h == first ? ICON_VERIFIED : ICON_PERSON,
                      escort_host_label(app, h, label, sizeof label),
                      h == first ? UI_PRIMARY : UI_SECONDARY))
            escort_choose(app, h);
    }

    int bw = nav.w / 4 > ui->target * 3 ? nav.w / 4 : ui->target * 3;
    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        escort.step.at = ESCORT_INTRO;
    pager_buttons(ui, &nav, bw, &escort.page, pages);
}

static void escort_frame_warning(struct app *app, struct ui *ui, SDL_Rect area)
{
    int portrait = ui->h > ui->w;
    char hello[200];
    SDL_Rect buttons = ui_cut_bottom(&area, portrait ? ui->target * 2 + ui->gap : ui->target);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect go = portrait ? ui_cut_top(&buttons, ui->target) : ui_grid_cell(buttons, 2, 1, 1, ui->gap);
    SDL_Rect cancel = portrait ? ui_cut_bottom(&buttons, ui->target) : ui_grid_cell(buttons, 2, 1, 0, ui->gap);
    if (ui_button(ui, cancel, ICON_CLOSE, _("Cancel"), UI_SECONDARY))
        escort.step.at = ESCORT_INTRO;
    if (ui_button(ui, go, ICON_CHECK, _("I understand, continue"), UI_PRIMARY))
        escort.step.at = ESCORT_PIN;

    snprintf(hello, sizeof hello, _("%s, please read this first."), escort.host->name);
    SDL_Rect top = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_LARGE, 1) * 3 / 2);
    ui_text(ui, top, hello, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap / 2);
    ui_fill(ui, area, THEME_NOTICE_BG, ui->radius);
    SDL_Rect in = ui_inset(area, ui->pad);
    SDL_Rect icon = portrait ? ui_cut_top(&in, ui->target) : ui_cut_left(&in, ui->target);
    ui_icon(ui, icon, ICON_WARNING, THEME_NOTICE_TEXT, THEME_NOTICE_BG);
    if (!portrait)
        ui_cut_left(&in, ui->pad);
    SDL_Rect head = ui_cut_top(&in, in.h / 3);
    ui_text(ui, head, _("The agreement is not signed."), UI_TEXT_TITLE, 1, THEME_NOTICE_TEXT,
            THEME_NOTICE_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_text(ui, in,
            _("Without a signed agreement there is no insurance. Confirm only if the coordinator "
              "has agreed to it."),
            UI_TEXT_LARGE, 0, THEME_NOTICE_TEXT, THEME_NOTICE_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static void escort_frame_pin(struct app *app, struct ui *ui, SDL_Rect area)
{
    char prompt[200];
    snprintf(prompt, sizeof prompt, _("%s, type your PIN."), escort.host->name);
    switch (pinpad_frame(app, ui, &escort.pad, area, prompt)) {
    case PINPAD_OK:
        escort_confirmed(app);
        break;
    case PINPAD_CANCEL:
        escort.step.at = ESCORT_INTRO;
        break;
    default:
        break;
    }
}

static void escort_frame_absent(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack_workplace *w = &app->pack->workplace;
    int portrait = ui->h > ui->w;
    SDL_Rect ok = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    int ow = portrait ? ok.w : ok.w / 2;
    if (ui_button(ui, ui_center(ok, ow, ok.h), ICON_CHECK, _("OK"), UI_PRIMARY))
        app_end_visit(app);

    SDL_Rect wait = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_TITLE, 1) * (portrait ? 2 : 1) +
                                          ui->gap);
    ui_text(ui, wait, _("Please wait here."), UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    int has_phone = w->contact_phone && w->contact_phone[0];
    int has_name = w->contact_name && w->contact_name[0];
    ui_fill(ui, area, THEME_SURFACE, ui->radius);
    SDL_Rect in = ui_inset(area, ui->pad);
    if (!portrait) {
        SDL_Rect pic = ui_cut_left(&in, in.h < ui->target * 2 ? in.h : ui->target * 2);
        ui_icon(ui, pic, ICON_PHONE, THEME_TEXT, THEME_SURFACE);
        ui_cut_left(&in, ui->pad);
    }
    if (!has_phone) {
        ui_text(ui, in, _("Ask someone who works here for help."), UI_TEXT_LARGE, 0, THEME_TEXT,
                THEME_SURFACE, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        return;
    }
    SDL_Rect ask = ui_cut_top(&in, in.h / 3);
    ui_text(ui, ask, _("Ask someone who works here to call:"), UI_TEXT_LARGE, 0, THEME_TEXT,
            THEME_SURFACE, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    if (has_name) {
        SDL_Rect name = ui_cut_top(&in, in.h * 45 / 100);
        ui_text(ui, name, w->contact_name, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_SURFACE,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    ui_text(ui, in, w->contact_phone, UI_TEXT_HUGE, 1, THEME_TEXT, THEME_SURFACE,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

/* A double tap on a name must not also press the PIN pad: the step helper guards each step. */
static const struct step escort_steps[] = {
    [ESCORT_INTRO] = { escort_frame_intro },
    [ESCORT_HOSTS] = { escort_frame_hosts },
    [ESCORT_WARNING] = { escort_frame_warning },
    [ESCORT_PIN] = { escort_frame_pin },
    [ESCORT_ABSENT] = { escort_frame_absent },
};

static void escort_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_BADGE, _("Your escort"));
    if (!escort.host && (escort.step.at == ESCORT_WARNING || escort.step.at == ESCORT_PIN))
        escort.step.at = ESCORT_INTRO;
    step_frame(app, ui, &escort.step, 0, escort_steps, STEP_COUNT(escort_steps), area);
}

/* Variants: intro, hosts, warning, PIN, PIN after a wrong one, PIN locked, escort not here. */
static int escort_variant(struct app *app, int n)
{
    static const struct {
        int step;
        int wrong;      /* 1: the wrong-PIN message, 2: the wait after too many */
    } variants[] = {
        { ESCORT_INTRO, 0 }, { ESCORT_HOSTS, 0 }, { ESCORT_WARNING, 0 }, { ESCORT_PIN, 0 },
        { ESCORT_PIN, 1 },   { ESCORT_PIN, 2 },   { ESCORT_ABSENT, 0 },
    };
    if (n < 0 || n >= (int)(sizeof variants / sizeof variants[0]) || !app->pack ||
        !app->visit.shadow || app->pack->host_count == 0)
        return -1;
    memset(&escort, 0, sizeof escort);
    const struct pack_host *h = app_escort(app);
    escort.host = h ? h : &app->pack->hosts[0];
    pinpad_reset(&escort.pad, escort.host->id);
    escort.step.at = variants[n].step;
    if (variants[n].wrong == 1) {
        snprintf(escort.pad.message, sizeof escort.pad.message, "%s",
                 _("Wrong PIN. Please try again."));
    } else if (variants[n].wrong == 2) {
        escort.pad.wait_s = STORE_PIN_FIRST_WAIT_S;
        escort.pad.locked_at_ms = appclock_ticks(app);
    }
    return 0;
}

const struct screen scr_escort = {
    .name = "escort",
    .enter = escort_enter,
    .frame = escort_frame,
    .variant = escort_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_VISIT,
};
