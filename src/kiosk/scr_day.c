/*
** scr_day.c - Your day: the shadow's plan as a timeline. Each item has its time, a pictogram of
** its kind, what, where and with whom (the escort unless the pack names another host); lunch
** says whether it is provided. The item going on now by the kiosk clock is marked "Now".
**
** Pages when the items do not fit (pager.h); the screen opens on the page with the current item.
** "Take it with you" shows the plan as QR codes (scr_take_away). Reached from the safety walk
** (gone to: "Continue" goes on to the hub) or pushed over the hub ("Menu" goes back to it).
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "pager.h"
#include "speech.h"
#include "text.h"
#include "theme.h"
#include "timefmt.h"

enum { DAY_MAX_ITEMS = 64 };

static struct {
    const struct pack_plan_item *items[DAY_MAX_ITEMS];
    int count;
    const struct pack *pack;            /* the items are of this pack and shadow */
    const struct pack_shadow *shadow;
    int page;
    int opened;                         /* the first frame chose the page of "now" */
    int from_hub;
    int page_start[DAY_MAX_ITEMS + 1];  /* laid out in the last frame */
    int pages;
} day;

/* Pictograms of the plan's kinds (enum plan_kind). */
static const unsigned day_icons[PLAN_KIND_COUNT] = {
    [PLAN_ARRIVE] = ICON_LOGIN,  [PLAN_WORK] = ICON_WORK,   [PLAN_MEETING] = ICON_MEETING,
    [PLAN_TOUR] = ICON_TOUR,     [PLAN_BREAK] = ICON_COFFEE, [PLAN_LUNCH] = ICON_LUNCH,
    [PLAN_SAFETY] = ICON_HEALTH, [PLAN_LEAVE] = ICON_LOGOUT,
};

static void day_load(struct app *app)
{
    if (day.pack == app->pack && day.shadow == app->visit.shadow)
        return;
    day.pack = app->pack;
    day.shadow = app->visit.shadow;
    day.count = app->pack && app->visit.shadow
                    ? pack_plan_for(app->pack, app->visit.shadow->id, day.items, DAY_MAX_ITEMS)
                    : 0;
    if (day.count > DAY_MAX_ITEMS)
        day.count = DAY_MAX_ITEMS;
    day.opened = 0;
}

static void day_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    speech_stop();
    memset(&day, 0, sizeof day);
    day.from_hub = how == SCREEN_PUSH;
    day_load(app);
}

/* The item going on now, or -1 (another day, before the first, after the last, a gap). */
static int day_current(struct app *app)
{
    char today[11];
    appclock_today(app, today);
    if (!app->pack || strcmp(today, app->pack->workplace.date) != 0)
        return -1;
    int now = appclock_minutes_now(app);
    for (int i = 0; i < day.count; i++)
        if (now >= day.items[i]->start_min && now < day.items[i]->end_min)
            return i;
    return -1;
}

/* "9.00–10.30" */
static const char *day_range(const struct pack_plan_item *it, char *buf, size_t size)
{
    char a[16], b[16];
    snprintf(buf, size, "%s\u2013%s", timefmt_minutes(it->start_min, a, sizeof a),
             timefmt_minutes(it->end_min, b, sizeof b));
    return buf;
}

/* "Café counter · With: Liisa · Lunch is provided." */
static const char *day_details(struct app *app, const struct pack_plan_item *it, char *buf,
                               size_t size)
{
    const struct pack_host *h = it->with_id[0] ? pack_find_host(app->pack, it->with_id)
                                               : app_escort(app);
    const char *place = app_text(app, &it->place);
    size_t n = 0;
    buf[0] = '\0';
    if (place[0])
        n += (size_t)snprintf(buf, size, "%s", place);
    if (h && n < size) {
        char with[160];
        snprintf(with, sizeof with, _("With: %s"), h->name);
        n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " \u00b7 " : "", with);
    }
    if (it->kind == PLAN_LUNCH && n < size)
        snprintf(buf + n, size - n, "%s%s", n ? " \u00b7 " : "",
                 it->lunch_provided ? _("Lunch is provided.") : _("Bring your own lunch."));
    return buf;
}

/* Width of the time column (landscape): the widest range of a day, "10.30–11.45". */
static int day_time_width(struct ui *ui)
{
    char sample[40];
    struct pack_plan_item probe;
    int w = 0, h = 0;
    memset(&probe, 0, sizeof probe);
    probe.start_min = 10 * 60 + 30;
    probe.end_min = 20 * 60 + 45;
    text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_BODY], day_range(&probe, sample, sizeof sample),
                 &w, &h);
    return w + ui->pad;
}

struct day_row {
    SDL_Rect time, icon, text;  /* columns inside the row */
    int title_h, detail_h, time_h;
};

static struct day_row day_row_shape(struct ui *ui, SDL_Rect r, int portrait)
{
    struct day_row s;
    SDL_Rect in = ui_inset(r, ui->pad / 2);
    memset(&s, 0, sizeof s);
    s.time_h = portrait ? ui_line_height(ui, UI_TEXT_BODY, 1) : 0;
    if (portrait)
        s.time = ui_cut_top(&in, s.time_h);
    else
        s.time = ui_cut_left(&in, day_time_width(ui));
    s.icon = ui_cut_left(&in, ui->target * 2 / 3);
    ui_cut_left(&in, ui->pad / 2);
    s.text = in;
    return s;
}

static int day_row_height(struct app *app, struct ui *ui, int w, int portrait,
                          const struct pack_plan_item *it)
{
    char details[600];
    struct day_row s = day_row_shape(ui, ui_rect(0, 0, w, 1000), portrait);
    int h = ui_text_height(ui, s.text.w, app_text(app, &it->title), UI_TEXT_BODY, 1) +
            ui_text_height(ui, s.text.w, day_details(app, it, details, sizeof details),
                           UI_TEXT_BODY, 0);
    h += s.time_h + ui->pad;
    return h < ui->target ? ui->target : h;
}

static void day_row_draw(struct app *app, struct ui *ui, SDL_Rect r, int portrait,
                         const struct pack_plan_item *it, int now)
{
    char range[40], details[600];
    SDL_Color bg = now ? THEME_NOW_BG : THEME_SURFACE;
    ui_fill(ui, r, bg, ui->radius);
    if (now)
        ui_frame_rect(ui, r, THEME_OK, 3, ui->radius);
    struct day_row s = day_row_shape(ui, r, portrait);
    day_range(it, range, sizeof range);
    if (portrait) {
        SDL_Rect t = s.time;
        if (now)
            ui_text(ui, ui_cut_right(&t, t.w / 3), _("Now"), UI_TEXT_BODY, 1, THEME_TEXT, bg,
                    UI_ALIGN_RIGHT | UI_ALIGN_MIDDLE);
        ui_text(ui, t, range, UI_TEXT_BODY, 1, THEME_TEXT, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    } else {
        SDL_Rect t = s.time;
        int lh = ui_line_height(ui, UI_TEXT_BODY, 1);
        ui_text(ui, ui_cut_top(&t, lh), range, UI_TEXT_BODY, 1, THEME_TEXT, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        if (now)
            ui_text(ui, ui_cut_top(&t, lh), _("Now"), UI_TEXT_BODY, 1, THEME_TEXT, bg,
                    UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    unsigned icon = it->kind >= 0 && it->kind < PLAN_KIND_COUNT ? day_icons[it->kind] : ICON_EVENT;
    int is = s.icon.w < ui->target * 2 / 3 ? s.icon.w : ui->target * 2 / 3;
    ui_icon(ui, ui_rect(s.icon.x, s.icon.y, s.icon.w, is), icon, THEME_TEXT, bg);
    SDL_Rect text = s.text;
    const char *title = app_text(app, &it->title);
    int th = ui_text_height(ui, text.w, title, UI_TEXT_BODY, 1);
    if (th > text.h)
        th = text.h;
    ui_text(ui, ui_cut_top(&text, th), title, UI_TEXT_BODY, 1, THEME_TEXT, bg,
            UI_ALIGN_LEFT | UI_ALIGN_TOP);
    ui_text(ui, text, day_details(app, it, details, sizeof details), UI_TEXT_BODY, 0,
            THEME_TEXT_MUTED, bg, UI_ALIGN_LEFT | UI_ALIGN_TOP);
}

/* Split the items into pages that fit list_h; fills day.page_start and day.pages. */
static void day_paginate(struct app *app, struct ui *ui, SDL_Rect list, int portrait)
{
    int used = 0, start = 0;
    day.pages = 0;
    day.page_start[0] = 0;
    for (int i = 0; i < day.count; i++) {
        int h = day_row_height(app, ui, list.w, portrait, day.items[i]);
        if (h > list.h)
            h = list.h;
        if (i > start && used + ui->gap / 2 + h > list.h) {
            day.page_start[++day.pages] = i;
            start = i;
            used = 0;
        }
        used += (i > start ? ui->gap / 2 : 0) + h;
    }
    day.pages++;
    day.page_start[day.pages] = day.count;
}

static void day_say(struct app *app)
{
    char text[4096], range[40];
    size_t n = 0;
    text[0] = '\0';
    for (int i = day.page_start[day.page]; i < day.page_start[day.page + 1] && n < sizeof text; i++) {
        const struct pack_plan_item *it = day.items[i];
        const char *place = app_text(app, &it->place);
        int w = snprintf(text + n, sizeof text - n, "%s. %s.%s%s%s ", day_range(it, range, sizeof range),
                         app_text(app, &it->title), place[0] ? " " : "", place, place[0] ? "." : "");
        if (w < 0)
            break;
        n += (size_t)w;
    }
    if (text[0])
        speech_say(app->lang, text);
}

/* The actions along the bottom: Take it with you, Listen (when speech is there), Menu or
** Continue. */
static void day_actions(struct app *app, struct ui *ui, SDL_Rect row)
{
    int speak = speech_available();
    int n = speak ? 3 : 2, i = 0;
    if (ui_button(ui, ui_grid_cell(row, n, 1, i++, ui->gap), ICON_QR, _("Take it with you"),
                  UI_SECONDARY))
        app_push(app, &scr_take_away);
    if (speak && ui_button(ui, ui_grid_cell(row, n, 1, i++, ui->gap), ICON_VOLUME_UP,
                           _("Listen"), UI_SECONDARY))
        day_say(app);
    if (ui_button(ui, ui_grid_cell(row, n, 1, i, ui->gap),
                  day.from_hub ? ICON_HOME : ICON_ARROW_FORWARD,
                  day.from_hub ? _("Menu") : _("Continue"), UI_PRIMARY)) {
        if (day.from_hub)
            app_pop(app);
        else
            app_goto(app, &scr_hub);
    }
}

/* Lay the items out in pages in area: without the pager first; when they do not fit on one
** page, again with room for it (beside the list, under it when portrait). */
static SDL_Rect day_layout(struct app *app, struct ui *ui, SDL_Rect area, int portrait,
                           SDL_Rect *pager)
{
    SDL_Rect list = area;
    *pager = (SDL_Rect){ 0, 0, 0, 0 };
    day_paginate(app, ui, list, portrait);
    if (day.pages <= 1)
        return list;
    if (portrait) {
        *pager = ui_cut_bottom(&list, ui->target);
        ui_cut_bottom(&list, ui->gap);
    } else {
        *pager = ui_cut_right(&list, ui->target * 5 / 2);
        ui_cut_right(&list, ui->gap);
    }
    day_paginate(app, ui, list, portrait);
    return list;
}

/* Previous and Next with "Page 1 of 2" between them: side by side when portrait, one above the
** other beside the list in landscape. */
static void day_pager(struct ui *ui, SDL_Rect pager, int portrait)
{
    char label[64];
    SDL_Rect prev, next;
    if (portrait) {
        int bw = pager.w / 3;
        prev = ui_cut_left(&pager, bw);
        next = ui_cut_right(&pager, bw);
    } else {
        int bh = (pager.h - ui_line_height(ui, UI_TEXT_BODY, 0) - ui->gap) / 2;
        if (bh > ui->target * 2)
            bh = ui->target * 2;
        prev = ui_cut_top(&pager, bh);
        next = ui_cut_bottom(&pager, bh);
    }
    pager_pair(ui, prev, next, &day.page, day.pages, PAGER_LIST);
    snprintf(label, sizeof label, _("Page %d of %d"), day.page + 1, day.pages);
    ui_text(ui, ui_inset(pager, ui->pad / 4), label, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
}

/* The items of the page on screen, the current one marked. The first frame opens the page
** with the current item. */
static void day_rows(struct app *app, struct ui *ui, SDL_Rect list, int portrait)
{
    int current = day_current(app);
    if (!day.opened) {
        day.opened = 1;
        for (int p = 0; current >= 0 && p < day.pages; p++)
            if (current >= day.page_start[p] && current < day.page_start[p + 1])
                day.page = p;
    }
    if (day.page >= day.pages)
        day.page = day.pages - 1;
    SDL_Rect rows = list;
    for (int k = day.page_start[day.page]; k < day.page_start[day.page + 1]; k++) {
        int h = day_row_height(app, ui, list.w, portrait, day.items[k]);
        if (h > rows.h)
            h = rows.h;
        day_row_draw(app, ui, ui_cut_top(&rows, h), portrait, day.items[k], k == current);
        ui_cut_top(&rows, ui->gap / 2);
    }
}

static void day_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_SCHEDULE, _("Your day"));
    speech_poll();
    day_load(app);
    int portrait = ui->h > ui->w;
    day_actions(app, ui, ui_cut_bottom(&area, ui->target));
    ui_cut_bottom(&area, ui->gap);
    if (day.count == 0) {
        ui_text(ui, area, _("There is no plan for you in the day pack. Your escort tells you what "
                            "you do today."),
                UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
        return;
    }
    SDL_Rect pager;
    SDL_Rect list = day_layout(app, ui, area, portrait, &pager);
    day_rows(app, ui, list, portrait);
    if (day.pages > 1)
        day_pager(ui, pager, portrait);
}

/* Variants: the page of "now" after the safety walk, the first and the last page, from the hub. */
static int day_variant(struct app *app, int n)
{
    if (n < 0 || n > 3 || !app->pack || !app->visit.shadow)
        return -1;
    memset(&day, 0, sizeof day);
    day_load(app);
    day.from_hub = n == 3;
    if (n == 1 || n == 2) {
        day.opened = 1;
        day.page = n == 1 ? 0 : DAY_MAX_ITEMS;     /* cut to the last page when laid out */
    }
    return 0;
}

const struct screen scr_day = {
    .name = "day",
    .enter = day_enter,
    .frame = day_frame,
    .variant = day_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_VISIT,
};
