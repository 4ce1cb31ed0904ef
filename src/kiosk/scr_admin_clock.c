/*
** scr_admin_clock.c - "Set date and time": the kiosk's clock now, and day, month, year, hour and
** minute each with an Up and a Down button; Save sets the clock through store_set_clock.
**
** The Pi has no real-time clock, so after a power cut it may start in the past; Start then
** shows a notice and this screen says why. store_set_clock sets the system clock where the
** program may, else keeps an offset, writes a RECORD_CLOCK_SET and resets the clock floor, so
** the records after it are not suspect. Admin only (SCREEN_NEEDS_ADMIN).
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "text.h"
#include "theme.h"
#include "timefmt.h"

enum clock_field { CLOCK_DAY = 0, CLOCK_MONTH, CLOCK_YEAR, CLOCK_HOUR, CLOCK_MINUTE, CLOCK_FIELDS };

#define CLOCK_YEAR_MIN 2024
#define CLOCK_YEAR_MAX 2099

static const char *const clock_field_names[CLOCK_FIELDS] = {
    N_("Day"), N_("Month"), N_("Year"), N_("Hour"), N_("Minute"),
};

static struct {
    int v[CLOCK_FIELDS];            /* the time being set, local */
    char message[300];              /* why Save did not work */
    int sample_suspect;             /* variant(): show the reason a clock is suspect */
} clk;

static int clock_days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[(month - 1) % 12];
}

static void clock_clamp(void)
{
    static const int lo[CLOCK_FIELDS] = { 1, 1, CLOCK_YEAR_MIN, 0, 0 };
    static const int hi[CLOCK_FIELDS] = { 31, 12, CLOCK_YEAR_MAX, 23, 59 };
    for (int i = 0; i < CLOCK_FIELDS; i++) {
        if (clk.v[i] < lo[i])
            clk.v[i] = lo[i];
        if (clk.v[i] > hi[i])
            clk.v[i] = hi[i];
    }
    int dim = clock_days_in_month(clk.v[CLOCK_YEAR], clk.v[CLOCK_MONTH]);
    if (clk.v[CLOCK_DAY] > dim)
        clk.v[CLOCK_DAY] = dim;
}

static void clock_load(int64_t unix_s)
{
    struct tm tm;
    time_t t = (time_t)unix_s;
    localtime_r(&t, &tm);
    clk.v[CLOCK_DAY] = tm.tm_mday;
    clk.v[CLOCK_MONTH] = tm.tm_mon + 1;
    clk.v[CLOCK_YEAR] = tm.tm_year + 1900;
    clk.v[CLOCK_HOUR] = tm.tm_hour;
    clk.v[CLOCK_MINUTE] = tm.tm_min;
    clock_clamp();
}

static void clock_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    memset(&clk, 0, sizeof clk);
    clock_load(appclock_wall(app));
}

/* The fields as Unix seconds of local time (the kiosk's time zone). */
static int64_t clock_fields_unix(void)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = clk.v[CLOCK_DAY];
    tm.tm_mon = clk.v[CLOCK_MONTH] - 1;
    tm.tm_year = clk.v[CLOCK_YEAR] - 1900;
    tm.tm_hour = clk.v[CLOCK_HOUR];
    tm.tm_min = clk.v[CLOCK_MINUTE];
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static void clock_save(struct app *app)
{
    int rc = store_set_clock(app->store, clock_fields_unix());
    if (rc == SD_OK) {
        app->data_version++;    /* a RECORD_CLOCK_SET was written */
        app_notice(app, _("The date and time are set."), 4000);
        app_goto(app, &scr_admin);
    } else if (rc == SD_EINVAL) {
        snprintf(clk.message, sizeof clk.message, "%s", store_errmsg(app->store));
    } else {
        snprintf(clk.message, sizeof clk.message, "%s",
                 _("The clock could not be set. Please try again."));
    }
}

static void clock_use_pack_date(struct app *app)
{
    int y, m, d;
    if (app->pack && sscanf(app->pack->workplace.date, "%d-%d-%d", &y, &m, &d) == 3) {
        clk.v[CLOCK_YEAR] = y;
        clk.v[CLOCK_MONTH] = m;
        clk.v[CLOCK_DAY] = d;
        clock_clamp();
    }
}

/* One size for the five field names: the largest at which each fits its column. */
static int clock_name_px(const struct ui *ui, int col_w)
{
    int px = ui->text_px[UI_TEXT_SMALL];
    for (int i = 0; i < CLOCK_FIELDS; i++) {
        int w = 0, h = 0;
        text_measure(TEXT_BOLD, px, _(clock_field_names[i]), &w, &h);
        while (w > col_w && px > ui->min_text_px) {
            px = px * 9 / 10 < ui->min_text_px ? ui->min_text_px : px * 9 / 10;
            text_measure(TEXT_BOLD, px, _(clock_field_names[i]), &w, &h);
        }
    }
    return px;
}

/* One field: its name, Up, the value, Down. */
static void clock_column(struct ui *ui, SDL_Rect col, int field, int name_px)
{
    char value[16];
    int name_h = ui_line_height(ui, UI_TEXT_SMALL, 1);
    int value_h = ui_line_height(ui, UI_TEXT_TITLE, 1);
    int bh = (col.h - name_h - value_h - ui->gap) / 2;
    if (bh > ui->target * 3 / 2)
        bh = ui->target * 3 / 2;
    if (bh < ui->target)
        bh = ui->target;
    int used = name_h + value_h + bh * 2 + ui->gap;
    if (used < col.h)
        ui_cut_top(&col, (col.h - used) / 2);
    ui_text_px(ui, ui_cut_top(&col, name_h), _(clock_field_names[field]), name_px, 1, THEME_TEXT,
               THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&col, ui->gap / 2);
    if (ui_button(ui, ui_cut_top(&col, bh), ICON_ADD, _("Up"), UI_SECONDARY)) {
        clk.v[field]++;
        clk.message[0] = '\0';
    }
    snprintf(value, sizeof value, field == CLOCK_MINUTE ? "%02d" : "%d", clk.v[field]);
    ui_text(ui, ui_cut_top(&col, value_h), value, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&col, ui->gap / 2);
    if (ui_button(ui, ui_cut_top(&col, bh), ICON_REMOVE, _("Down"), UI_SECONDARY)) {
        clk.v[field]--;
        clk.message[0] = '\0';
    }
    clock_clamp();
}

/* The clock now, and why it may be wrong. */
static void clock_status(struct app *app, struct ui *ui, SDL_Rect *area)
{
    char line[400], date[96], ymd[11], t[16];
    struct store_time now;
    store_time_now(app->store, &now);
    appclock_today(app, ymd);
    snprintf(line, sizeof line, _("The kiosk's clock now: %s %s"),
             timefmt_date(ymd, date, sizeof date), timefmt_time(now.unix_s, t, sizeof t));
    const char *why = now.suspect || clk.sample_suspect
        ? _("It may be wrong: it is earlier than a time this kiosk has already seen, or earlier "
            "than the day this program was made. The Raspberry Pi has no clock of its own "
            "when the power is off. Set the right date and time and tap Save.")
        : NULL;
    const char *msg = clk.message[0] ? clk.message : why;
    int lh = ui_text_height(ui, area->w, line, UI_TEXT_BODY, 1);
    ui_text(ui, ui_cut_top(area, lh), line, UI_TEXT_BODY, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_cut_top(area, ui->gap / 2);
    if (!msg)
        return;
    int h = ui_text_height(ui, area->w - ui->pad, msg, UI_TEXT_SMALL, 0) + ui->pad / 2;
    if (h > area->h / 3)
        h = area->h / 3;
    SDL_Rect box = ui_cut_top(area, h);
    ui_cut_top(area, ui->gap / 2);
    ui_fill(ui, box, THEME_NOTICE_BG, ui->radius);
    ui_text(ui, ui_inset(box, ui->pad / 4), msg, UI_TEXT_SMALL, 0, THEME_NOTICE_TEXT,
            THEME_NOTICE_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static void clock_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_SCHEDULE, _("Set date and time"));
    int portrait = ui->h > ui->w;
    clock_status(app, ui, &area);

    /* Actions: a column on the right in landscape; at the bottom when portrait, Save on a row
       of its own and the others side by side under it. */
    SDL_Rect actions;
    if (portrait) {
        actions = ui_cut_bottom(&area, app->pack ? ui->target * 2 + ui->gap : ui->target);
        ui_cut_bottom(&area, ui->gap);
        SDL_Rect row = ui_cut_top(&actions, ui->target);
        ui_cut_top(&actions, ui->gap);
        SDL_Rect cancel = app->pack ? ui_grid_cell(actions, 2, 1, 1, ui->gap) :
                                      ui_grid_cell(row, 2, 1, 1, ui->gap);
        if (ui_button(ui, app->pack ? row : ui_grid_cell(row, 2, 1, 0, ui->gap), ICON_CHECK,
                      _("Save"), UI_OK))
            clock_save(app);
        if (app->pack && ui_button(ui, ui_grid_cell(actions, 2, 1, 0, ui->gap), ICON_EVENT,
                                   _("The day pack's date"), UI_SECONDARY))
            clock_use_pack_date(app);
        if (ui_button(ui, cancel, ICON_CLOSE, _("Cancel"), UI_SECONDARY))
            app_goto(app, &scr_admin);
    } else {
        actions = ui_cut_right(&area, ui->target * 3 > area.w / 4 ? ui->target * 3 : area.w / 4);
        ui_cut_right(&area, ui->gap);
    }
    if (!portrait) {
        int n = app->pack ? 3 : 2;
        int ah = (actions.h - ui->gap * (n - 1)) / n;
        if (ah > ui->target * 3 / 2)
            ah = ui->target * 3 / 2;
        SDL_Rect save = ui_cut_top(&actions, ah);
        ui_cut_top(&actions, ui->gap);
        if (ui_button(ui, save, ICON_CHECK, _("Save"), UI_OK))
            clock_save(app);
        if (app->pack) {
            SDL_Rect pd = ui_cut_top(&actions, ah);
            ui_cut_top(&actions, ui->gap);
            if (ui_button(ui, pd, ICON_EVENT, _("The day pack's date"), UI_SECONDARY))
                clock_use_pack_date(app);
        }
        if (ui_button(ui, ui_cut_top(&actions, ah), ICON_CLOSE, _("Cancel"), UI_SECONDARY))
            app_goto(app, &scr_admin);
    }

    /* The fields side by side, in the order a date is read in fi, sv and en. */
    int name_px = clock_name_px(ui, ui_grid_cell(area, CLOCK_FIELDS, 1, 0, ui->gap / 2).w);
    for (int i = 0; i < CLOCK_FIELDS; i++)
        clock_column(ui, ui_grid_cell(area, CLOCK_FIELDS, 1, i, ui->gap / 2), i, name_px);
}

static int clock_variant(struct app *app, int n)
{
    if (n > 2)
        return -1;
    app->admin_unlocked = 1;
    clock_enter(app, NULL, SCREEN_GOTO);
    clk.sample_suspect = n == 1;
    if (n == 2)
        snprintf(clk.message, sizeof clk.message, "%s",
                 _("The clock could not be set. Please try again."));
    return 0;
}

const struct screen scr_admin_clock = {
    .name = "admin_clock",
    .enter = clock_enter,
    .frame = clock_frame,
    .variant = clock_variant,
    .flags = SCREEN_HOST | SCREEN_NEEDS_ADMIN,
};
