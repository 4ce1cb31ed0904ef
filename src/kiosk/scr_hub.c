/*
** scr_hub.c - the shadow's menu after check-in: a greeting with their name and escort, and five
** big buttons: Day plan, Safety, Help, Evaluate, I'm leaving.
**
** Under Safety it says how many cards still need the shadow; under Evaluate, when the evaluation
** is done. Day plan, Safety and Help are pushed over the hub and come back to it; Evaluate and
** I'm leaving are flows of their own. Landscape: a 3 + 2 grid; portrait: one column.
*/
#include <stdio.h>
#include <string.h>

#include "acks.h"
#include "app.h"
#include "avatar.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "theme.h"

enum hub_action { HUB_DAY = 0, HUB_SAFETY, HUB_HELP, HUB_EVALUATE, HUB_LEAVE, HUB_ACTION_COUNT };

static struct {
    struct acks acks;                   /* for the note under Safety */
    unsigned long acks_version;
    const struct pack_shadow *acks_shadow;
    int read;
} hub;

static const struct {
    unsigned icon;
    const char *label;
    int style;
    const struct screen *to;
    int push;                           /* over the hub (comes back) or instead of it */
} hub_actions[HUB_ACTION_COUNT] = {
    [HUB_DAY] = { ICON_SCHEDULE, N_("Day plan"), UI_PRIMARY, &scr_day, 1 },
    [HUB_SAFETY] = { ICON_HEALTH, N_("Safety"), UI_PRIMARY, &scr_safety, 1 },
    [HUB_HELP] = { ICON_HELP, N_("Help"), UI_PRIMARY, &scr_help, 1 },
    [HUB_EVALUATE] = { ICON_SMILE_4, N_("Evaluate"), UI_PRIMARY, &scr_evaluate, 0 },
    [HUB_LEAVE] = { ICON_LOGOUT, N_("I'm leaving"), UI_SECONDARY, &scr_checkout, 0 },
};

static void hub_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    hub.read = 0;
}

static void hub_refresh(struct app *app)
{
    if (hub.read && hub.acks_version == app->data_version && hub.acks_shadow == app->visit.shadow)
        return;
    acks_read(app->store, app->pack, app->visit.shadow->id, &hub.acks);
    hub.read = 1;
    hub.acks_version = app->data_version;
    hub.acks_shadow = app->visit.shadow;
}

/* The note under an action, or NULL; *done says whether it is good news. */
static const char *hub_note(struct app *app, int action, char *buf, size_t size, int *done)
{
    *done = 0;
    if (action == HUB_SAFETY && hub.acks.pending > 0) {
        snprintf(buf, size, NG_("%d card to read", "%d cards to read", hub.acks.pending),
                 hub.acks.pending);
        return buf;
    }
    if (action == HUB_EVALUATE && app->visit.state.evaluation_done) {
        *done = 1;
        snprintf(buf, size, "%s", _("Done, thank you!"));
        return buf;
    }
    return NULL;
}

static void hub_greeting(struct app *app, struct ui *ui, SDL_Rect r)
{
    const struct pack_host *h = app_escort(app);
    char hello[160], who[300];
    SDL_Rect face = ui_cut_left(&r, r.h);
    avatar_draw(ui, app->pack, ui_inset(face, ui->pad / 4), app->visit.shadow);
    ui_cut_left(&r, ui->pad);
    snprintf(hello, sizeof hello, _("Hello, %s!"), app->visit.shadow->first_name);
    if (h) {
        const char *role = app_text(app, &h->role);
        if (role[0])
            snprintf(who, sizeof who, _("Your escort today: %s (%s)"), h->name, role);
        else
            snprintf(who, sizeof who, _("Your escort today: %s"), h->name);
    } else {
        who[0] = '\0';
    }
    SDL_Rect top = who[0] ? ui_cut_top(&r, r.h / 2) : r;
    ui_text(ui, top, hello, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    if (who[0])
        ui_text(ui, r, who, UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

/* The cell of action i: landscape 3 on the first row and 2 on the second, portrait one column. */
static SDL_Rect hub_cell(struct ui *ui, SDL_Rect grid, int i)
{
    if (ui->h > ui->w)
        return ui_grid_cell(grid, 1, HUB_ACTION_COUNT, i, ui->gap);
    SDL_Rect top = grid, bottom = ui_cut_bottom(&top, (grid.h - ui->gap) / 2);
    ui_cut_bottom(&top, ui->gap);
    return i < 3 ? ui_grid_cell(top, 3, 1, i, ui->gap) : ui_grid_cell(bottom, 2, 1, i - 3, ui->gap);
}

static void hub_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_HOME, _("Menu"));
    hub_refresh(app);
    SDL_Rect greet = ui_cut_top(&area, ui->target * 3 / 2);
    ui_cut_top(&area, ui->gap);
    hub_greeting(app, ui, greet);

    int note_h = ui_line_height(ui, UI_TEXT_BODY, 1);
    for (int i = 0; i < HUB_ACTION_COUNT; i++) {
        char note[120];
        int done;
        SDL_Rect cell = hub_cell(ui, area, i);
        const char *text = hub_note(app, i, note, sizeof note, &done);
        /* Every button leaves room for its note, so the buttons of a row are the same size. */
        SDL_Rect button = cell, line = ui_cut_bottom(&button, note_h);
        ui_cut_bottom(&button, ui->gap / 4);
        if (text) {
            SDL_Color fg = done ? THEME_OK : THEME_NOTICE_TEXT;
            SDL_Color bg = done ? THEME_BG : THEME_NOTICE_BG;
            ui_fill(ui, line, bg, ui->radius);
            SDL_Rect in = ui_inset(line, 2);
            int is = in.h < ui->target / 2 ? in.h : ui->target / 2;
            SDL_Rect words = in;
            ui_cut_left(&words, is + ui->pad / 4);
            ui_icon(ui, ui_cut_left(&in, is), done ? ICON_CHECK_CIRCLE : ICON_WARNING, fg, bg);
            ui_text(ui, words, text, UI_TEXT_BODY, 1, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        }
        if (ui_button(ui, button, hub_actions[i].icon, _(hub_actions[i].label), hub_actions[i].style)) {
            if (hub_actions[i].push)
                app_push(app, hub_actions[i].to);
            else
                app_goto(app, hub_actions[i].to);
        }
    }
}

/* Variants: as the layout check's visit is, then with every card read and the evaluation done. */
static int hub_variant(struct app *app, int n)
{
    if (n < 0 || n > 1 || !app->pack || !app->visit.shadow)
        return -1;
    hub.read = 0;
    hub_refresh(app);
    if (n == 1) {
        hub.acks.pending = 0;
        app->visit.state.evaluation_done = 1;
    }
    return 0;
}

const struct screen scr_hub = {
    .name = "hub",
    .enter = hub_enter,
    .frame = hub_frame,
    .variant = hub_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_VISIT,
};
