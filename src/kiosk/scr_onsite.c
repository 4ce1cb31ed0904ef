/*
** scr_onsite.c - "On site now", the evacuation list: everyone checked in today and not checked
** out, with their state, escort and arrival time, and how many they are.
**
** Pushed over any screen by the header's "On site" button and left with app_pop, so the screen
** below (a shadow's visit) goes on where it was. Hosts only: a host taps their name and types
** their PIN (the coordinator the admin PIN; an unlocked admin menu skips this). After the day
** pack's end of day the people still checked in are marked, and the host who unlocked the list
** can check each one out (RECORD_CHECKOUT "end_of_day" with that host's id, or "admin").
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "avatar.h"
#include "err.h"
#include "header.h"
#include "hostpick.h"
#include "i18n.h"
#include "icons.h"
#include "pager.h"
#include "pinpad.h"
#include "step.h"
#include "theme.h"
#include "timefmt.h"

enum onsite_step { ONSITE_PICK = 0, ONSITE_PIN, ONSITE_LIST, ONSITE_CONFIRM };

static struct {
    struct step_state step;         /* enum onsite_step */
    struct hostpick pick;
    struct pinpad pad;
    char subject[PACK_ID_MAX];      /* who unlocked the list: a host id or "admin" */
    int page;
    struct visit *visits;           /* on site now, in check-in order */
    int visit_count;
    unsigned long data_seen;        /* app->data_version the list was read at */
    struct visit chosen;            /* ONSITE_CONFIRM: the one to check out */
    int sample_late;                /* variant(): show the list as after the end of day */
} onsite;

static void onsite_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    onsite.step.at = app->admin_unlocked ? ONSITE_LIST : ONSITE_PICK;
    hostpick_reset(&onsite.pick);
    memset(&onsite.pad, 0, sizeof onsite.pad);
    snprintf(onsite.subject, sizeof onsite.subject, "%s", app->admin_unlocked ? HOSTPICK_ADMIN : "");
    onsite.page = 0;
    onsite.data_seen = (unsigned long)-1;
    onsite.sample_late = 0;
    memset(&onsite.chosen, 0, sizeof onsite.chosen);
}

/* Re-read today's visits when a record was saved; keep those not checked out. */
static void onsite_refresh(struct app *app)
{
    if (onsite.data_seen == app->data_version)
        return;
    free(onsite.visits);
    onsite.visits = NULL;
    onsite.visit_count = 0;
    struct visit *all = NULL;
    int n = 0;
    if (store_visits_today(app->store, &all, &n) == SD_OK) {
        int kept = 0;
        for (int i = 0; i < n; i++)
            if (all[i].state != VISIT_CHECKED_OUT)
                all[kept++] = all[i];
        onsite.visits = all;
        onsite.visit_count = kept;
    } else {
        free(all);
    }
    onsite.data_seen = app->data_version;
}

/* After the pack's end of day (or on a later date) whoever is still in is marked. */
static int onsite_is_late(struct app *app)
{
    const struct pack *p = app->pack;
    if (onsite.sample_late)
        return 1;
    if (!p)
        return 0;
    char today[11];
    appclock_today(app, today);
    int cmp = strcmp(today, p->workplace.date);
    return cmp > 0 || (cmp == 0 && appclock_minutes_now(app) >= p->workplace.end_of_day_min);
}

static const char *onsite_shadow_name(struct app *app, const struct visit *v)
{
    const struct pack_shadow *s = app->pack ? pack_find_shadow(app->pack, v->shadow_id) : NULL;
    return s ? s->first_name : v->shadow_id;
}

/* Who is with them (the host who confirmed) or whom they wait for (the planned escort). */
static const char *onsite_escort_name(struct app *app, const struct visit *v)
{
    const char *id = v->escort_host_id;
    if (v->state != VISIT_ON_SITE || !id[0]) {
        const struct pack_shadow *s = app->pack ? pack_find_shadow(app->pack, v->shadow_id) : NULL;
        id = s ? s->escort_id : "";
    }
    return id[0] ? hostpick_name(app, id) : "";
}

static void onsite_check_out(struct app *app)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKOUT;
    snprintf(rec.visit, sizeof rec.visit, "%s", onsite.chosen.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", onsite.chosen.shadow_id);
    snprintf(rec.host_id, sizeof rec.host_id, "%s", onsite.subject);
    snprintf(rec.value, sizeof rec.value, "%s", "end_of_day");
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    if (app_save(app, &rec) != SD_OK)
        return;     /* stays on the question; the notice says it was not saved */
    onsite.step.at = ONSITE_LIST;
}

/*
** One person: name and arrival (or the late mark), state and escort, Check out when late.
** Narrow (a portrait display): name, then "With escort: Liisa" and the arrival under it, the
** button beside them; the late mark is said once above the list instead of on every row.
*/
static void onsite_row_narrow(struct app *app, struct ui *ui, SDL_Rect row, const struct visit *v,
                              int late)
{
    char line[200], t[16];
    SDL_Color bg = late ? THEME_NOTICE_BG : THEME_SURFACE;
    SDL_Color fg = late ? THEME_NOTICE_TEXT : THEME_TEXT;
    SDL_Color muted = late ? THEME_NOTICE_TEXT : THEME_TEXT_MUTED;
    const char *name = onsite_shadow_name(app, v);
    ui_fill(ui, row, bg, ui->radius);
    SDL_Rect in = ui_inset(row, ui->pad / 3);
    ui_cut_left(&in, ui->pad / 3);
    if (late) {
        SDL_Rect b = ui_cut_right(&in, in.w * 45 / 100);
        char label[96];
        snprintf(label, sizeof label, _("Check out %s"), name);
        if (ui_button(ui, b, ICON_LOGOUT, label, UI_PRIMARY)) {
            onsite.chosen = *v;
            onsite.step.at = ONSITE_CONFIRM;
        }
        ui_cut_right(&in, ui->pad / 2);
    }
    ui_text(ui, ui_cut_top(&in, ui_line_height(ui, UI_TEXT_BODY, 1)), name, UI_TEXT_BODY, 1, fg,
            bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    const char *escort = onsite_escort_name(app, v);
    snprintf(line, sizeof line, "%s %s",
             v->state == VISIT_ON_SITE ? _("With escort:") : _("Waiting for escort:"),
             escort[0] ? escort : _("nobody named"));
    int sl = ui_line_height(ui, UI_TEXT_SMALL, 0);
    if (!late) {
        ui_text(ui, ui_cut_top(&in, sl), line, UI_TEXT_SMALL, 0, fg, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        snprintf(line, sizeof line, _("Arrived %s"), timefmt_time(v->checkin_time, t, sizeof t));
        ui_text(ui, in, line, UI_TEXT_SMALL, 0, muted, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    } else {
        ui_text(ui, in, line, UI_TEXT_SMALL, 0, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_TOP);
    }
}

static void onsite_row(struct app *app, struct ui *ui, SDL_Rect row, const struct visit *v,
                       int late, const char *late_text)
{
    char line[160], t[16];
    SDL_Color bg = late ? THEME_NOTICE_BG : THEME_SURFACE;
    SDL_Color fg = late ? THEME_NOTICE_TEXT : THEME_TEXT;
    SDL_Color muted = late ? THEME_NOTICE_TEXT : THEME_TEXT_MUTED;
    const char *name = onsite_shadow_name(app, v);
    ui_fill(ui, row, bg, ui->radius);
    SDL_Rect in = ui_inset(row, ui->pad / 3);
    ui_cut_left(&in, ui->pad / 3);

    if (late) {
        SDL_Rect b = ui_cut_right(&in, ui->target * 3 < in.w / 3 ? ui->target * 3 : in.w / 3);
        b = ui_center(b, b.w, ui->target < row.h ? ui->target : row.h);
        b.y = row.y + (row.h - b.h) / 2;
        char label[96];
        snprintf(label, sizeof label, _("Check out %s"), name);
        /* The label names the person so the scripted driver and a reader tell rows apart. */
        if (ui_button(ui, b, ICON_LOGOUT, label, UI_PRIMARY)) {
            onsite.chosen = *v;
            onsite.step.at = ONSITE_CONFIRM;
        }
        ui_cut_right(&in, ui->pad / 2);
    }
    if (in.w >= ui->target * 10) {
        SDL_Rect av = ui_cut_left(&in, in.h);
        const struct pack_shadow *s = app->pack ? pack_find_shadow(app->pack, v->shadow_id) : NULL;
        if (s)
            avatar_draw(ui, app->pack, ui_inset(av, 2), s);
        ui_cut_left(&in, ui->pad / 2);
    }
    SDL_Rect who = ui_cut_left(&in, in.w * 45 / 100);
    ui_cut_left(&in, ui->pad / 2);
    SDL_Rect who_top = ui_cut_top(&who, who.h * 55 / 100);
    ui_text(ui, who_top, name, UI_TEXT_BODY, 1, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    if (late) {
        ui_text(ui, who, late_text, UI_TEXT_SMALL, 1, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    } else {
        snprintf(line, sizeof line, _("Arrived %s"), timefmt_time(v->checkin_time, t, sizeof t));
        ui_text(ui, who, line, UI_TEXT_SMALL, 0, muted, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }

    SDL_Rect state_top = ui_cut_top(&in, in.h * 45 / 100);
    ui_text(ui, state_top,
            v->state == VISIT_ON_SITE ? _("With escort:") : _("Waiting for escort:"),
            UI_TEXT_SMALL, 0, muted, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    const char *escort = onsite_escort_name(app, v);
    ui_text(ui, in, escort[0] ? escort : _("nobody named"), UI_TEXT_BODY, v->state == VISIT_ON_SITE,
            fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

/* After the end of day: what to do, above the list (and, narrow, the late mark said once). */
static void onsite_late_words(struct ui *ui, SDL_Rect *area, const char *late_text, int narrow)
{
    const char *tell = _("The day is over. Check out each person who has left.");
    int h = ui_text_height(ui, area->w, tell, UI_TEXT_BODY, 0);
    if (h > area->h / 4)
        h = area->h / 4;
    ui_text(ui, ui_cut_top(area, h), tell, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_cut_top(area, ui->gap / 2);
    if (narrow) {
        ui_text(ui, ui_cut_top(area, ui_line_height(ui, UI_TEXT_BODY, 1)), late_text,
                UI_TEXT_BODY, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        ui_cut_top(area, ui->gap / 2);
    }
}

/* The rows of the page on screen in area; returns how many pages there are. */
static int onsite_rows(struct app *app, struct ui *ui, SDL_Rect area, int late,
                       const char *late_text, int narrow)
{
    int row_h = ui_line_height(ui, UI_TEXT_BODY, 1) + ui_line_height(ui, UI_TEXT_SMALL, 0) +
                ui->pad / 2;
    if (narrow)     /* a third line, and room for the inset of the words */
        row_h += ui_line_height(ui, UI_TEXT_SMALL, 0) + ui->pad / 3 * 2;
    if (row_h < ui->target)
        row_h = ui->target;
    int row_gap = ui->gap / 2;
    int per_page = (area.h + row_gap) / (row_h + row_gap);
    if (per_page < 1)
        per_page = 1;
    int pages = onsite.visit_count > 0 ? (onsite.visit_count + per_page - 1) / per_page : 1;
    if (onsite.page >= pages)
        onsite.page = pages - 1;
    if (onsite.visit_count == 0)
        ui_text(ui, area, _("Nobody is on site now."), UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    for (int i = 0; i < per_page; i++) {
        int idx = onsite.page * per_page + i;
        if (idx >= onsite.visit_count)
            break;
        SDL_Rect row = { area.x, area.y + i * (row_h + row_gap), area.w, row_h };
        if (narrow)
            onsite_row_narrow(app, ui, row, &onsite.visits[idx], late);
        else
            onsite_row(app, ui, row, &onsite.visits[idx], late, late_text);
    }
    return pages;
}

static void onsite_frame_list(struct app *app, struct ui *ui, SDL_Rect area)
{
    char count[96], late_text[96], t[16];
    onsite_refresh(app);
    int late = onsite_is_late(app);
    snprintf(late_text, sizeof late_text, _("Still here after %s"),
             timefmt_minutes(app->pack ? app->pack->workplace.end_of_day_min : 16 * 60, t,
                             sizeof t));
    int narrow = ui->w < ui->h;

    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    /* Close, Previous and Next take a third each at most; the count goes above them when the
       rest of the row is too narrow for it. */
    int bw = ui->target * 3 < nav.w / 4 ? nav.w / 4 : ui->target * 3;
    if (bw * 3 + ui->gap * 3 > nav.w)
        bw = (nav.w - ui->gap * 2) / 3;
    SDL_Rect count_r = nav;
    if (nav.w - bw * 3 - ui->gap * 3 < ui->target * 2) {
        count_r = ui_cut_bottom(&area, ui_line_height(ui, UI_TEXT_LARGE, 1));
        ui_cut_bottom(&area, ui->gap / 2);
    }
    if (late && onsite.visit_count > 0)
        onsite_late_words(ui, &area, late_text, narrow);
    int pages = onsite_rows(app, ui, area, late, late_text, narrow);

    /* Close, how many, paging. */
    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_CLOSE, _("Close"), UI_SECONDARY))
        app_pop(app);
    ui_cut_left(&nav, ui->gap);
    pager_buttons(ui, &nav, bw, &onsite.page, pages);
    snprintf(count, sizeof count,
             NG_("%d person on site", "%d people on site", onsite.visit_count), onsite.visit_count);
    ui_text(ui, count_r.y == nav.y ? nav : count_r, count, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
}

static void onsite_frame_confirm(struct app *app, struct ui *ui, SDL_Rect area)
{
    char q[300];
    const char *name = onsite_shadow_name(app, &onsite.chosen);
    SDL_Rect buttons = ui_cut_bottom(&area, ui->target * 2);
    ui_cut_bottom(&area, ui->gap);
    snprintf(q, sizeof q, _("Check out %s? Do this only when %s has left the workplace."), name,
             name);
    ui_text(ui, ui_inset(area, ui->pad), q, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (ui_button(ui, ui_grid_cell(buttons, 2, 1, 0, ui->gap * 2), ICON_CLOSE, _("No"),
                  UI_SECONDARY))
        onsite.step.at = ONSITE_LIST;
    if (ui_button(ui, ui_grid_cell(buttons, 2, 1, 1, ui->gap * 2), ICON_LOGOUT,
                  _("Yes, check out"), UI_OK))
        onsite_check_out(app);
}

static void onsite_frame_pick(struct app *app, struct ui *ui, SDL_Rect area)
{
    switch (hostpick_frame(app, ui, &onsite.pick, area, _("Only for hosts. Tap your name."), 1,
                           onsite.subject)) {
    case HOSTPICK_CHOSEN:
        pinpad_reset(&onsite.pad, onsite.subject);
        onsite.step.at = ONSITE_PIN;
        break;
    case HOSTPICK_BACK:
        app_pop(app);
        break;
    default:
        break;
    }
}

static void onsite_frame_pin(struct app *app, struct ui *ui, SDL_Rect area)
{
    char prompt[200];
    snprintf(prompt, sizeof prompt, _("%s, type your PIN."), hostpick_name(app, onsite.subject));
    switch (pinpad_frame(app, ui, &onsite.pad, area, prompt)) {
    case PINPAD_OK:
        onsite.step.at = ONSITE_LIST;
        onsite.page = 0;
        onsite.data_seen = (unsigned long)-1;
        break;
    case PINPAD_CANCEL:
        onsite.step.at = ONSITE_PICK;
        break;
    default:
        break;
    }
}

/* "Yes, check out" comes where a row's button was: the step helper guards each step. */
static const struct step onsite_steps[] = {
    [ONSITE_PICK] = { onsite_frame_pick },
    [ONSITE_PIN] = { onsite_frame_pin },
    [ONSITE_LIST] = { onsite_frame_list },
    [ONSITE_CONFIRM] = { onsite_frame_confirm },
};

static void onsite_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_GROUPS, _("On site now"));
    step_frame(app, ui, &onsite.step, 0, onsite_steps, STEP_COUNT(onsite_steps), area);
}

/* Sample rows for the layout check: every shadow of the pack, alternating states. */
static void onsite_sample(struct app *app)
{
    const struct pack *p = app->pack;
    int n = p ? p->shadow_count : 0;
    free(onsite.visits);
    onsite.visits = n > 0 ? calloc((size_t)n, sizeof *onsite.visits) : NULL;
    onsite.visit_count = onsite.visits ? n : 0;
    for (int i = 0; i < onsite.visit_count; i++) {
        struct visit *v = &onsite.visits[i];
        snprintf(v->uuid, sizeof v->uuid, "sample-%d", i);
        snprintf(v->shadow_id, sizeof v->shadow_id, "%s", p->shadows[i].id);
        v->state = i % 3 == 1 ? VISIT_WAITING_ESCORT : VISIT_ON_SITE;
        v->checkin_time = appclock_wall(app) - 3600 + i * 300;
        snprintf(v->escort_host_id, sizeof v->escort_host_id, "%s",
                 v->state == VISIT_ON_SITE ? p->shadows[i].escort_id : "");
    }
    onsite.data_seen = app->data_version;
}

static int onsite_variant(struct app *app, int n)
{
    enum { PICK, PIN, LIST, LIST_LATE, LIST_PAGE2, CONFIRM, EMPTY, COUNT };
    if (n >= COUNT || !app->pack || app->pack->host_count == 0)
        return -1;
    onsite_enter(app, NULL, SCREEN_GOTO);
    snprintf(onsite.subject, sizeof onsite.subject, "%s", app->pack->hosts[0].id);
    switch (n) {
    case PICK:
        onsite.step.at = ONSITE_PICK;
        break;
    case PIN:
        onsite.step.at = ONSITE_PIN;
        pinpad_reset(&onsite.pad, onsite.subject);
        snprintf(onsite.pad.message, sizeof onsite.pad.message, "%s",
                 _("Wrong PIN. Please try again."));
        break;
    case LIST:
    case LIST_LATE:
    case LIST_PAGE2:
        onsite.step.at = ONSITE_LIST;
        onsite_sample(app);
        onsite.sample_late = n != LIST;
        onsite.page = n == LIST_PAGE2 ? 1 : 0;
        break;
    case CONFIRM:
        onsite.step.at = ONSITE_CONFIRM;
        onsite_sample(app);
        onsite.chosen = onsite.visits ? onsite.visits[0] : onsite.chosen;
        break;
    case EMPTY:
        onsite.step.at = ONSITE_LIST;
        free(onsite.visits);
        onsite.visits = NULL;
        onsite.visit_count = 0;
        onsite.data_seen = app->data_version;
        break;
    }
    return 0;
}

const struct screen scr_onsite = {
    .name = "onsite",
    .enter = onsite_enter,
    .frame = onsite_frame,
    .variant = onsite_variant,
    .flags = SCREEN_HOST | SCREEN_NO_ONSITE,
};
