/*
** scr_safety.c - Safety first: the pack's safety cards one per screen, each with its pictogram,
** title, 1-3 short sentences, "I understand" and "I have a question".
**
** Right after the escort confirmed (gone to from the escort screen) the shadow walks the cards
** not yet acknowledged and then goes on to the day plan. Pushed over the hub (the shadow chose
** Safety) every card is shown, the acknowledged ones marked, and the end goes back to the hub.
** Each answer is a RECORD_SAFETY_ACK with the card's content hash in the language shown (acks.h
** says when a card counts as acknowledged). A question tells the shadow to ask their escort, by name, and offers
** "I understand" once they have asked.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acks.h"
#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "speech.h"
#include "step.h"
#include "theme.h"

enum safety_step { SAFETY_STEP_CARD = 0, SAFETY_STEP_ASK, SAFETY_STEP_END };

static struct {
    struct step_state step;             /* enum safety_step */
    int from_hub;                       /* all cards, marked; the end goes back to the hub */
    int *order;                         /* indices of the cards walked, into pack->safety */
    int order_count;
    int pos;                            /* in order */
    struct acks acks;                   /* re-read when the records change */
    unsigned long acks_version;
    const struct pack_shadow *acks_shadow;
} safety;

/* Pictograms of the pack's card kinds (enum safety_icon). */
static const unsigned safety_icons[SAFETY_ICON_COUNT] = {
    [SAFETY_FIRE] = ICON_FIRE,
    [SAFETY_EXIT] = ICON_DOOR,
    [SAFETY_FIRST_AID] = ICON_LOCAL_HOSPITAL,
    [SAFETY_PROTECTIVE] = ICON_SHIELD,
    [SAFETY_HYGIENE] = ICON_CLEAN_HANDS,
    [SAFETY_MACHINE] = ICON_MACHINE,
    [SAFETY_CHEMICAL] = ICON_SCIENCE,
    [SAFETY_HOT] = ICON_HOT,
    [SAFETY_ASK] = ICON_QUESTION,
    [SAFETY_PHONE] = ICON_PHONE,
};

static unsigned safety_icon(int kind)
{
    return kind >= 0 && kind < SAFETY_ICON_COUNT && safety_icons[kind] ? safety_icons[kind]
                                                                       : ICON_HEALTH;
}

static void safety_refresh(struct app *app)
{
    if (safety.acks.state && safety.acks_version == app->data_version &&
        safety.acks_shadow == app->visit.shadow)
        return;
    acks_read(app->store, app->pack, app->visit.shadow ? app->visit.shadow->id : NULL, &safety.acks);
    safety.acks_version = app->data_version;
    safety.acks_shadow = app->visit.shadow;
}

static int safety_card_state(int card)
{
    return card < safety.acks.count ? safety.acks.state[card] : ACK_NONE;
}

/* The cards to walk: all of them from the hub, else those not acknowledged yet. */
static void safety_start(struct app *app, int from_hub)
{
    int n = app->pack ? app->pack->safety_count : 0;
    free(safety.order);
    safety.order = n > 0 ? malloc((size_t)n * sizeof *safety.order) : NULL;
    safety.order_count = 0;
    safety.pos = 0;
    safety.from_hub = from_hub;
    safety_refresh(app);
    for (int i = 0; safety.order && i < n; i++)
        if (from_hub || safety_card_state(i) != ACK_DONE)
            safety.order[safety.order_count++] = i;
    safety.step.at = safety.order_count > 0 ? SAFETY_STEP_CARD : SAFETY_STEP_END;
}

static void safety_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    speech_stop();
    safety.acks_shadow = NULL;
    /* Pushed over the hub: the shadow chose Safety. Gone to from the escort step: the walk. */
    safety_start(app, how == SCREEN_PUSH);
}

static const struct pack_safety_card *safety_card(struct app *app)
{
    if (safety.pos < 0 || safety.pos >= safety.order_count)
        return NULL;
    return &app->pack->safety[safety.order[safety.pos]];
}

static void safety_next(void)
{
    if (++safety.pos >= safety.order_count)
        safety.step.at = SAFETY_STEP_END;
    else
        safety.step.at = SAFETY_STEP_CARD;
}

/* Save the shadow's answer about the card on screen; SD_OK only when it is on disk. */
static int safety_answer(struct app *app, const struct pack_safety_card *c, const char *value)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_SAFETY_ACK;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", app->visit.shadow->id);
    snprintf(rec.item, sizeof rec.item, "%s", c->id);
    snprintf(rec.value, sizeof rec.value, "%s", value);
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    pack_safety_hash(c, app->lang, rec.content_hash);
    return app_save(app, &rec);
}

static void safety_say(struct app *app, const struct pack_safety_card *c)
{
    char text[4096];
    snprintf(text, sizeof text, "%s. %s", app_text(app, &c->title), app_text(app, &c->text));
    speech_say(app->lang, text);
}

/* "Card 2 of 5" and, for a card already done, a check with "Understood". */
static void safety_counter(struct ui *ui, SDL_Rect r, int done)
{
    char count[80];
    snprintf(count, sizeof count, _("Card %d of %d"), safety.pos + 1, safety.order_count);
    if (done) {
        SDL_Rect mark = ui_cut_right(&r, r.w / 2);
        SDL_Rect word = mark;
        ui_icon(ui, ui_cut_left(&word, r.h), ICON_CHECK_CIRCLE, THEME_OK, THEME_BG);
        ui_cut_left(&word, ui->pad / 3);
        ui_text(ui, word, _("Understood"), UI_TEXT_BODY, 1, THEME_OK, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    ui_text(ui, r, count, UI_TEXT_BODY, 0, THEME_TEXT_MUTED, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

/* The card's words: counter, title, sentences. */
static void safety_words(struct app *app, struct ui *ui, SDL_Rect r, const struct pack_safety_card *c,
                         int done)
{
    safety_counter(ui, ui_cut_top(&r, ui_line_height(ui, UI_TEXT_BODY, 1)), done);
    ui_cut_top(&r, ui->gap / 2);
    const char *title = app_text(app, &c->title);
    int th = ui_text_height(ui, r.w, title, UI_TEXT_TITLE, 1);
    if (th > r.h / 2)
        th = r.h / 2;
    ui_text(ui, ui_cut_top(&r, th), title, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_TOP);
    ui_cut_top(&r, ui->gap / 2);
    ui_text(ui, r, app_text(app, &c->text), UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_TOP);
}

/*
** The frame shared by a card and the "ask your escort" step: pictogram (with Listen under it
** when speech is there), words, and a row of buttons laid out by the caller's table.
*/
struct safety_action {
    unsigned icon;
    const char *label;
    int style;
};

static int safety_layout(struct app *app, struct ui *ui, SDL_Rect area,
                         const struct pack_safety_card *c, int done, const char *message,
                         const struct safety_action *acts, int n)
{
    int portrait = ui->h > ui->w, tapped = -1;
    /* Landscape: two actions share the bottom row; a third (Menu) goes under the pictogram, so
    ** "I have a question" keeps room for its words in every language. */
    int aside = portrait || n <= 2 ? 0 : n - 2, row_n = n - aside;
    int rows = portrait ? n : 1;
    SDL_Rect buttons = ui_cut_bottom(&area, rows * ui->target + (rows - 1) * ui->gap);
    ui_cut_bottom(&area, ui->gap);
    for (int i = aside; i < n; i++) {
        /* Portrait: the main action (last in the table) on top, nearest the words. */
        SDL_Rect b = portrait ? ui_grid_cell(buttons, 1, n, n - 1 - i, ui->gap)
                              : ui_grid_cell(buttons, row_n, 1, i - aside, ui->gap);
        if (ui_button(ui, b, acts[i].icon, acts[i].label, acts[i].style))
            tapped = i;
    }

    int speak = speech_available() && !message;
    SDL_Rect pic;
    if (portrait) {
        pic = ui_cut_top(&area, area.h / 4);
        ui_cut_top(&area, ui->gap / 2);
    } else {
        int side = area.w / 4 > ui->target * 3 ? area.w / 4 : ui->target * 3;
        pic = ui_cut_left(&area, side);
        ui_cut_left(&area, ui->pad);
    }
    for (int i = aside - 1; i >= 0; i--) {
        if (ui_button(ui, ui_cut_bottom(&pic, ui->target), acts[i].icon, acts[i].label, acts[i].style))
            tapped = i;
        ui_cut_bottom(&pic, ui->gap);
    }
    if (speak) {
        SDL_Rect listen = ui_cut_bottom(&pic, ui->target);
        if (portrait)
            listen = ui_center(listen, listen.w / 2, listen.h);
        ui_cut_bottom(&pic, ui->gap);
        if (ui_button(ui, listen, ICON_VOLUME_UP, _("Listen"), UI_SECONDARY))
            safety_say(app, c);
    }
    ui_fill(ui, pic, THEME_SURFACE, ui->radius);
    int side = pic.w < pic.h ? pic.w : pic.h;
    ui_icon(ui, ui_center(pic, side * 8 / 10, side * 8 / 10), safety_icon(c->icon), THEME_TEXT,
            THEME_SURFACE);

    if (message) {
        int mh = ui_text_height(ui, area.w - ui->pad * 2 - ui->target, message, UI_TEXT_LARGE, 1) +
                 ui->pad * 2;
        if (mh > area.h / 2)
            mh = area.h / 2;
        SDL_Rect box = ui_cut_bottom(&area, mh);
        ui_cut_bottom(&area, ui->gap / 2);
        ui_fill(ui, box, THEME_NOTICE_BG, ui->radius);
        SDL_Rect in = ui_inset(box, ui->pad / 2);
        ui_icon(ui, ui_cut_left(&in, ui->target * 2 / 3), ICON_QUESTION, THEME_NOTICE_TEXT,
                THEME_NOTICE_BG);
        ui_cut_left(&in, ui->pad / 2);
        ui_text(ui, in, message, UI_TEXT_LARGE, 1, THEME_NOTICE_TEXT, THEME_NOTICE_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    safety_words(app, ui, area, c, done);
    return tapped;
}

static void safety_frame_card(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack_safety_card *c = safety_card(app);
    int done = safety.from_hub && safety_card_state(safety.order[safety.pos]) == ACK_DONE;
    struct safety_action acts[3];
    int n = 0, menu = -1, ask, go;
    if (safety.from_hub) {
        menu = n;
        acts[n++] = (struct safety_action){ ICON_HOME, _("Menu"), UI_SECONDARY };
    }
    ask = n;
    acts[n++] = (struct safety_action){ ICON_QUESTION, _("I have a question"), UI_SECONDARY };
    go = n;
    acts[n++] = done ? (struct safety_action){ ICON_ARROW_FORWARD, _("Next"), UI_PRIMARY }
                     : (struct safety_action){ ICON_CHECK, _("I understand"), UI_OK };
    int t = safety_layout(app, ui, area, c, done, NULL, acts, n);
    if (t < 0)
        return;
    if (t == menu) {
        app_pop(app);
    } else if (t == ask) {
        if (safety_answer(app, c, "question") == SD_OK)
            safety.step.at = SAFETY_STEP_ASK;
    } else if (t == go) {
        if (done || safety_answer(app, c, "understood") == SD_OK)
            safety_next();
    }
}

static void safety_frame_ask(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack_safety_card *c = safety_card(app);
    const struct pack_host *h = app_escort(app);
    char message[300];
    if (h)
        snprintf(message, sizeof message, _("Please ask %s about this card."), h->name);
    else
        snprintf(message, sizeof message, "%s", _("Please ask a worker here about this card."));
    const struct safety_action acts[2] = {
        { ICON_SKIP, _("Ask later"), UI_SECONDARY },
        { ICON_CHECK, _("I understand"), UI_OK },
    };
    int t = safety_layout(app, ui, area, c, 0, message, acts, 2);
    if (t == 0)
        safety_next();
    else if (t == 1 && safety_answer(app, c, "understood") == SD_OK)
        safety_next();
}

static void safety_frame_end(struct app *app, struct ui *ui, SDL_Rect area)
{
    char msg[200];
    int left = safety.acks.pending;
    int portrait = ui->h > ui->w;
    SDL_Rect go = ui_cut_bottom(&area, portrait ? ui->target * 2 : ui->target * 3 / 2);
    ui_cut_bottom(&area, ui->gap);
    if (ui_button(ui, ui_center(go, portrait ? go.w : go.w / 2, go.h),
                  safety.from_hub ? ICON_HOME : ICON_ARROW_FORWARD,
                  safety.from_hub ? _("Menu") : _("Continue"), UI_PRIMARY)) {
        if (safety.from_hub)
            app_pop(app);
        else
            app_goto(app, &scr_day);
    }
    if (left == 0)
        snprintf(msg, sizeof msg, "%s", _("All safety cards done."));
    else
        snprintf(msg, sizeof msg, NG_("%d card still needs you.", "%d cards still need you.", left),
                 left);
    SDL_Rect pic = ui_cut_top(&area, area.h / 2);
    ui_icon(ui, pic, left == 0 ? ICON_CHECK_CIRCLE : ICON_HEALTH, left == 0 ? THEME_OK : THEME_TEXT,
            THEME_BG);
    SDL_Rect big = ui_cut_top(&area, area.h / 2);
    ui_text(ui, big, msg, UI_TEXT_HUGE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (left > 0)
        ui_text(ui, area, _("You can read them again from the menu, and ask your escort."),
                UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
}

/* The next card comes in the same place: the step helper, told which card is shown, keeps a
** double tap from acknowledging it unseen. */
static const struct step safety_steps[] = {
    [SAFETY_STEP_CARD] = { safety_frame_card },
    [SAFETY_STEP_ASK] = { safety_frame_ask },
    [SAFETY_STEP_END] = { safety_frame_end },
};

static void safety_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_HEALTH, _("Safety first"));
    speech_poll();
    safety_refresh(app);
    if (safety.step.at != SAFETY_STEP_END && !safety_card(app))
        safety.step.at = SAFETY_STEP_END;
    step_frame(app, ui, &safety.step, safety.pos, safety_steps, STEP_COUNT(safety_steps), area);
}

/* The card with the most words in the current language: the hardest one to lay out. */
static int safety_longest(struct app *app)
{
    int best = 0;
    size_t most = 0;
    for (int i = 0; i < safety.order_count; i++) {
        const struct pack_safety_card *c = &app->pack->safety[safety.order[i]];
        size_t n = strlen(app_text(app, &c->title)) * 2 + strlen(app_text(app, &c->text));
        if (n > most) {
            most = n;
            best = i;
        }
    }
    return best;
}

/*
** Variants: the walk's longest card, its "ask your escort" step, the end with cards left; from
** the hub: a card marked done, a card not done, the end with everything done.
*/
static int safety_variant(struct app *app, int n)
{
    static const struct {
        int from_hub, step, mark;   /* mark: 1 the card is done, 2 every card is done */
    } variants[] = {
        { 0, SAFETY_STEP_CARD, 0 }, { 0, SAFETY_STEP_ASK, 0 }, { 0, SAFETY_STEP_END, 0 },
        { 1, SAFETY_STEP_CARD, 1 }, { 1, SAFETY_STEP_CARD, 0 }, { 1, SAFETY_STEP_END, 2 },
    };
    if (n < 0 || n >= (int)(sizeof variants / sizeof variants[0]) || !app->pack ||
        !app->visit.shadow || app->pack->safety_count == 0)
        return -1;
    safety.acks_shadow = NULL;
    safety_start(app, variants[n].from_hub);
    /* The layout check's shadow has acknowledged nothing; show the states by hand. */
    memset(safety.acks.state, ACK_NONE, (size_t)safety.acks.count);
    safety.acks.pending = safety.acks.count;
    safety.order_count = 0;
    for (int i = 0; i < app->pack->safety_count; i++)
        safety.order[safety.order_count++] = i;
    safety.pos = safety_longest(app);
    if (variants[n].mark == 1) {
        safety.acks.state[safety.order[safety.pos]] = ACK_DONE;
        safety.acks.pending--;
    } else if (variants[n].mark == 2) {
        memset(safety.acks.state, ACK_DONE, (size_t)safety.acks.count);
        safety.acks.pending = 0;
    }
    safety.step.at = variants[n].step;
    return 0;
}

const struct screen scr_safety = {
    .name = "safety",
    .enter = safety_enter,
    .frame = safety_frame,
    .variant = safety_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_VISIT,
};
