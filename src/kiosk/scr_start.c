/*
** scr_start.c - Start: the idle screen. Workplace, date, clock, "Touch to start", languages.
**
** Also shows, for hosts walking past, who is still waiting for their escort, and, for the
** coordinator, when the clock looks wrong or the day pack is for another day. Without a day
** pack it says how to get one in (the admin entry: hold the clock for 3 seconds).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "text.h"
#include "theme.h"
#include "timefmt.h"

static struct {
    struct visit *visits;           /* today's visits, re-read when the records change */
    int visit_count;
    unsigned long records_seen;
} start;

static void start_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    start.records_seen = (unsigned long)-1;
}

static void start_refresh(struct app *app)
{
    unsigned long version = app->data_version;
    if (version == start.records_seen)
        return;
    free(start.visits);
    start.visits = NULL;
    start.visit_count = 0;
    store_visits_today(app->store, &start.visits, &start.visit_count);
    start.records_seen = version;
}

/* "Waiting for an escort: Matti, Aino" as one line, or "" when nobody waits. */
static void start_waiting_line(struct app *app, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < start.visit_count; i++) {
        if (start.visits[i].state != VISIT_WAITING_ESCORT)
            continue;
        const struct pack_shadow *s = pack_find_shadow(app->pack, start.visits[i].shadow_id);
        if (!s)
            continue;
        int w = snprintf(out + n, size - n, "%s%s", n ? ", " : _("Waiting for an escort: "),
                         s->first_name);
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
}

/*
** Whether the language buttons fit side by side in a row w wide: each name at body size beside
** its pictogram (the measures ui_button uses). If not, they go one under the other.
*/
static int start_languages_fit(struct ui *ui, int w)
{
    int n = i18n_language_count();
    int cell = (w - ui->gap * (n - 1)) / (n > 0 ? n : 1);
    int inner = ui->target - (ui->pad / 2 + 1) * 2;
    int is = inner * 70 / 100;
    if (is > ui->text_px[UI_TEXT_TITLE] * 3 / 2)
        is = ui->text_px[UI_TEXT_TITLE] * 3 / 2;
    for (int i = 0; i < n; i++) {
        int tw = 0, th = 0;
        text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_BODY],
                     i18n_language_name(i18n_language_code(i)), &tw, &th);
        if ((ui->pad / 2 + 1) * 2 + is + ui->pad / 2 + tw > cell)
            return 0;
    }
    return 1;
}

static void start_languages(struct app *app, struct ui *ui, SDL_Rect row, int in_row)
{
    int n = i18n_language_count();
    for (int i = 0; i < n; i++) {
        const char *code = i18n_language_code(i);
        SDL_Rect cell = in_row ? ui_grid_cell(row, n, 1, i, ui->gap) : ui_grid_cell(row, 1, n, i, ui->gap);
        int current = strcmp(code, app->lang) == 0;
        if (ui_button(ui, cell, current ? ICON_CHECK : ICON_TRANSLATE, i18n_language_name(code),
                      current ? UI_PRIMARY : UI_SECONDARY)) {
            app_set_language(app, code);
            app->visit.lang_chosen = 1;
        }
    }
}

static void start_notice(struct ui *ui, SDL_Rect *area, unsigned icon, const char *text)
{
    int h = ui_text_height(ui, area->w - ui->target - ui->pad * 2, text, UI_TEXT_BODY, 0) + ui->pad;
    if (h < ui->target)
        h = ui->target;
    SDL_Rect box = ui_cut_bottom(area, h);
    ui_cut_bottom(area, ui->gap / 2);
    ui_fill(ui, box, THEME_NOTICE_BG, ui->radius);
    SDL_Rect in = ui_inset(box, ui->pad / 3);
    ui_icon(ui, ui_cut_left(&in, ui->target * 2 / 3), icon, THEME_NOTICE_TEXT, THEME_NOTICE_BG);
    ui_cut_left(&in, ui->pad / 3);
    ui_text(ui, in, text, UI_TEXT_BODY, 0, THEME_NOTICE_TEXT, THEME_NOTICE_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static void start_frame(struct app *app, struct ui *ui)
{
    const struct pack *p = app->pack;
    char date[96], line[512];
    SDL_Rect area = header_draw(app, ui, ICON_HOME,
                               p ? app_text(app, &p->workplace.name) : _("Job Shadow Day"));
    int portrait = ui->h > ui->w;

    int nl = i18n_language_count();
    int in_row = start_languages_fit(ui, area.w);
    SDL_Rect langs = ui_cut_bottom(&area, in_row ? ui->target : ui->target * nl + ui->gap * (nl - 1));
    ui_cut_bottom(&area, ui->gap);
    start_languages(app, ui, langs, in_row);

    if (!p) {
        ui_icon(ui, ui_cut_top(&area, ui->target * 2), ICON_USB, THEME_TEXT, THEME_BG);
        ui_text(ui, area, _("There is no day pack on this kiosk yet. The coordinator brings it on "
                            "a USB stick and imports it in the admin menu."),
                UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_TOP);
        return;
    }
    start_refresh(app);

    /* Notices for hosts and the coordinator, from the bottom up. */
    struct store_time now;
    store_time_now(app->store, &now);
    if (now.suspect)
        start_notice(ui, &area, ICON_SCHEDULE,
                     _("The clock may be wrong. Coordinator: please set the date and time in the admin menu."));
    char today[11];
    appclock_today(app, today);
    if (strcmp(today, p->workplace.date) != 0) {
        char msg[300];
        snprintf(msg, sizeof msg, _("This day pack is for %s."),
                 timefmt_date(p->workplace.date, date, sizeof date));
        start_notice(ui, &area, ICON_EVENT, msg);
    }
    start_waiting_line(app, line, sizeof line);
    if (line[0])
        start_notice(ui, &area, ICON_HOURGLASS, line);

    /* The date, then the one big action. */
    timefmt_date(p->workplace.date, date, sizeof date);
    SDL_Rect date_r = ui_cut_top(&area, ui->text_px[UI_TEXT_TITLE] * 2);
    ui_text(ui, date_r, date, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap);
    int bw = portrait ? area.w : area.w * 3 / 4;
    int bh = area.h < ui->target * 3 ? area.h : (portrait ? ui->target * 4 : area.h);
    if (bh > ui->target * 4)
        bh = ui->target * 4;
    SDL_Rect go = ui_center(area, bw, bh);
    if (ui_button(ui, go, ICON_TOUCH, _("Touch to start"), UI_PRIMARY))
        app_goto(app, &scr_who);
}

static int start_variant(struct app *app, int n)
{
    (void)app;
    return n == 0 ? 0 : -1;
}

const struct screen scr_start = {
    .name = "start",
    .enter = start_enter,
    .frame = start_frame,
    .variant = start_variant,
    .flags = 0,
};
