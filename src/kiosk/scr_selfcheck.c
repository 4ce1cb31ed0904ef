/*
** scr_selfcheck.c - "Self-check" for the coordinator: is the database whole, is there room on
** the data partition, which program, kiosk and day pack this is, how many records, the display,
** whether the font has every pictogram, and a touch test with five 12 mm squares.
**
** Everything is measured once when the screen is entered (or on "Check again"), never per
** frame: the integrity check reads the whole database, so it is work the app runs once
** "Checking the kiosk..." is on the screen (app_work), and the results are drawn the moment it
** ends. The touch test covers the corners and the middle of the panel, where a misaligned touch
** layer shows first; it marks each square tapped and shows where every touch landed. Admin only
** (SCREEN_NEEDS_ADMIN).
*/
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "step.h"
#include "text.h"
#include "theme.h"

#ifndef SD_VERSION
#define SD_VERSION "unknown"
#endif

#define SELFCHECK_LOW_SPACE_MB 50   /* below this the free space is a warning */

/* Every pictogram of icons.h, checked against the installed icon font. */
static const struct {
    unsigned code;
    const char *name;
} selfcheck_icons[] = {
    { ICON_ADD, "add" },
    { ICON_ADMIN, "admin" },
    { ICON_ALARM, "alarm" },
    { ICON_ARROW_BACK, "arrow_back" },
    { ICON_ARROW_FORWARD, "arrow_forward" },
    { ICON_BACKSPACE, "backspace" },
    { ICON_BADGE, "badge" },
    { ICON_CALENDAR, "calendar" },
    { ICON_CANCEL, "cancel" },
    { ICON_CHECK, "check" },
    { ICON_CHECK_CIRCLE, "check_circle" },
    { ICON_CHEVRON_LEFT, "chevron_left" },
    { ICON_CHEVRON_RIGHT, "chevron_right" },
    { ICON_CLEAN_HANDS, "clean_hands" },
    { ICON_CLOSE, "close" },
    { ICON_COFFEE, "coffee" },
    { ICON_CONTACT_PHONE, "contact_phone" },
    { ICON_CONTACTS, "contacts" },
    { ICON_DELETE, "delete" },
    { ICON_DIALPAD, "dialpad" },
    { ICON_DONE_ALL, "done_all" },
    { ICON_DOOR, "door" },
    { ICON_EDIT, "edit" },
    { ICON_EMERGENCY, "emergency" },
    { ICON_ENGINEERING, "engineering" },
    { ICON_EVENT, "event" },
    { ICON_EXIT, "exit" },
    { ICON_EXPLORE, "explore" },
    { ICON_FACT_CHECK, "fact_check" },
    { ICON_FIRE, "fire" },
    { ICON_FIRE_EXTINGUISHER, "fire_extinguisher" },
    { ICON_GROUPS, "groups" },
    { ICON_HANDSHAKE, "handshake" },
    { ICON_HEALTH, "health" },
    { ICON_HELP, "help" },
    { ICON_HOME, "home" },
    { ICON_HOT, "hot" },
    { ICON_HOURGLASS, "hourglass" },
    { ICON_KEY, "key" },
    { ICON_KEYBOARD_RETURN, "keyboard_return" },
    { ICON_LIST, "list" },
    { ICON_LOCAL_HOSPITAL, "local_hospital" },
    { ICON_LOCK, "lock" },
    { ICON_LOGIN, "login" },
    { ICON_LOGOUT, "logout" },
    { ICON_LUNCH, "lunch" },
    { ICON_MEETING, "meeting" },
    { ICON_NO_MEALS, "no_meals" },
    { ICON_PERSON, "person" },
    { ICON_PHONE, "phone" },
    { ICON_PLACE, "place" },
    { ICON_MACHINE, "machine" },
    { ICON_PSYCHOLOGY, "psychology" },
    { ICON_QR, "qr" },
    { ICON_QUESTION, "question" },
    { ICON_REMOVE, "remove" },
    { ICON_SCHEDULE, "schedule" },
    { ICON_SCHOOL, "school" },
    { ICON_SCIENCE, "science" },
    { ICON_SD_CARD, "sd_card" },
    { ICON_SETTINGS, "settings" },
    { ICON_SHIELD, "shield" },
    { ICON_SKIP, "skip" },
    { ICON_SMILE_1, "smile_1" },
    { ICON_SMILE_2, "smile_2" },
    { ICON_SMILE_3, "smile_3" },
    { ICON_SMILE_4, "smile_4" },
    { ICON_SPACE_BAR, "space_bar" },
    { ICON_STORAGE, "storage" },
    { ICON_SYNC, "sync" },
    { ICON_TIMER, "timer" },
    { ICON_TOUCH, "touch" },
    { ICON_TOUR, "tour" },
    { ICON_TRANSLATE, "translate" },
    { ICON_TRAVEL_EXPLORE, "travel_explore" },
    { ICON_USB, "usb" },
    { ICON_VERIFIED, "verified" },
    { ICON_VOLUME_UP, "volume_up" },
    { ICON_WALK, "walk" },
    { ICON_WARNING, "warning" },
    { ICON_WAVING_HAND, "waving_hand" },
    { ICON_WORK, "work" },
};
enum { SELFCHECK_ICON_COUNT = sizeof selfcheck_icons / sizeof selfcheck_icons[0] };

enum selfcheck_fact_id {
    FACT_DATABASE, FACT_SPACE, FACT_VERSION, FACT_KIOSK, FACT_PACK, FACT_RECORDS, FACT_DISPLAY,
    FACT_ICONS, FACT_COUNT
};

/* What each fact is called, in the order shown. */
static const char *const selfcheck_fact_names[FACT_COUNT] = {
    [FACT_DATABASE] = N_("Database:"),
    [FACT_SPACE] = N_("Free space:"),
    [FACT_VERSION] = N_("Program version:"),
    [FACT_KIOSK] = N_("Kiosk:"),
    [FACT_PACK] = N_("Day pack:"),
    [FACT_RECORDS] = N_("Records:"),
    [FACT_DISPLAY] = N_("Display:"),
    [FACT_ICONS] = N_("Pictograms:"),
};

enum touch_target { TOUCH_TOP_LEFT, TOUCH_TOP_RIGHT, TOUCH_MIDDLE, TOUCH_BOTTOM_LEFT,
                    TOUCH_BOTTOM_RIGHT, TOUCH_COUNT };

static const char *const touch_names[TOUCH_COUNT] = {
    N_("Top left"), N_("Top right"), N_("Middle"), N_("Bottom left"), N_("Bottom right"),
};

enum selfcheck_step { SC_CHECKING = 0, SC_RESULTS, SC_TOUCH };

static struct {
    struct step_state step;         /* enum selfcheck_step */
    int sample;                     /* variant(): "Checking" shown, nothing measured */
    char value[FACT_COUNT][300];
    int warn[FACT_COUNT];
    int hit[TOUCH_COUNT];           /* taps on each square */
    int touches;                    /* every touch during the test */
    int last_x, last_y;             /* where the last touch landed, -1 = none yet */
    int last_target;                /* the square it hit, -1 = none */
} sc;

static void selfcheck_icons_check(char *out, size_t size, int *warn)
{
    int missing = 0;
    char names[200] = "";
    size_t n = 0;
    TTF_Font *f = TTF_OpenFont(text_font_path(TEXT_ICON), 24);
    if (!f) {
        snprintf(out, size, _("the pictogram font cannot be opened: %s"), text_font_path(TEXT_ICON));
        *warn = 1;
        return;
    }
    for (int i = 0; i < SELFCHECK_ICON_COUNT; i++) {
        if (TTF_GlyphIsProvided32(f, selfcheck_icons[i].code))
            continue;
        missing++;
        int w = snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", selfcheck_icons[i].name);
        if (w > 0 && (size_t)w < sizeof names - n)
            n += (size_t)w;
    }
    TTF_CloseFont(f);
    if (missing == 0)
        snprintf(out, size, NG_("all %d found", "all %d found", SELFCHECK_ICON_COUNT),
                 SELFCHECK_ICON_COUNT);
    else
        snprintf(out, size, NG_("%d missing: %s", "%d missing: %s", missing), missing, names);
    *warn = missing > 0;
}

/* Measure everything once. */
static void selfcheck_run(struct app *app)
{
    struct ui *ui = &app->ui;
    memset(sc.value, 0, sizeof sc.value);
    memset(sc.warn, 0, sizeof sc.warn);

    if (store_check_integrity(app->store) == SD_OK) {
        snprintf(sc.value[FACT_DATABASE], sizeof sc.value[0], "%s", _("ok"));
    } else {
        snprintf(sc.value[FACT_DATABASE], sizeof sc.value[0], _("DAMAGED: %s"),
                 store_errmsg(app->store));
        sc.warn[FACT_DATABASE] = 1;
    }

    struct statvfs vfs;
    if (statvfs(app->data_dir, &vfs) == 0) {
        long long mb = (long long)((unsigned long long)vfs.f_bavail * vfs.f_frsize / (1024 * 1024));
        sc.warn[FACT_SPACE] = mb < SELFCHECK_LOW_SPACE_MB;
        snprintf(sc.value[FACT_SPACE], sizeof sc.value[0],
                 sc.warn[FACT_SPACE] ? _("only %lld MB. Export the records and delete old days.")
                                     : _("%lld MB"), mb);
    } else {
        snprintf(sc.value[FACT_SPACE], sizeof sc.value[0], _("cannot be read for %s"), app->data_dir);
        sc.warn[FACT_SPACE] = 1;
    }

    snprintf(sc.value[FACT_VERSION], sizeof sc.value[0], "shadowday %s", SD_VERSION);
    snprintf(sc.value[FACT_KIOSK], sizeof sc.value[0], "%s", store_kiosk_id(app->store));

    char pack_id[65], date[11];
    if (store_pack_info(app->store, pack_id, date) == SD_OK) {
        pack_id[12] = '\0';
        snprintf(sc.value[FACT_PACK], sizeof sc.value[0], _("%s, for %s"), pack_id, date);
    } else {
        snprintf(sc.value[FACT_PACK], sizeof sc.value[0], "%s", _("none"));
        sc.warn[FACT_PACK] = 1;
    }

    int64_t all = 0, waiting = 0;
    if (store_count_records(app->store, 0, &all) == SD_OK &&
        store_count_records(app->store, 1, &waiting) == SD_OK) {
        snprintf(sc.value[FACT_RECORDS], sizeof sc.value[0], _("%lld, of them %lld not delivered"),
                 (long long)all, (long long)waiting);
    } else {
        snprintf(sc.value[FACT_RECORDS], sizeof sc.value[0], "%s", _("cannot be counted"));
        sc.warn[FACT_RECORDS] = 1;
    }

    snprintf(sc.value[FACT_DISPLAY], sizeof sc.value[0], _("%d x %d pixels, %.1f pixels per mm"),
             ui->w, ui->h, (double)ui->px_per_mm);
    selfcheck_icons_check(sc.value[FACT_ICONS], sizeof sc.value[0], &sc.warn[FACT_ICONS]);
}

static void selfcheck_touch_reset(void)
{
    memset(sc.hit, 0, sizeof sc.hit);
    sc.touches = 0;
    sc.last_x = sc.last_y = -1;
    sc.last_target = -1;
}

/* The work: measure, then show the results (drawn at once by the app). */
static void selfcheck_work(struct app *app)
{
    selfcheck_run(app);
    sc.step.at = SC_RESULTS;
}

static void selfcheck_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    memset(&sc, 0, sizeof sc);
    selfcheck_touch_reset();
    sc.step.at = SC_CHECKING;
}

/* The five squares: the corners of the panel and its middle. */
static SDL_Rect selfcheck_square(const struct ui *ui, int i)
{
    int t = ui->target, m = ui->pad / 2;
    switch (i) {
    case TOUCH_TOP_LEFT: return ui_rect(m, m, t, t);
    case TOUCH_TOP_RIGHT: return ui_rect(ui->w - m - t, m, t, t);
    case TOUCH_BOTTOM_LEFT: return ui_rect(m, ui->h - m - t, t, t);
    case TOUCH_BOTTOM_RIGHT: return ui_rect(ui->w - m - t, ui->h - m - t, t, t);
    default: return ui_rect((ui->w - t) / 2, (ui->h - t) / 2, t, t);
    }
}

static void selfcheck_frame_touch(struct app *app, struct ui *ui, SDL_Rect all)
{
    (void)all;
    char line[300];
    int hit_now = 0, done = 0, tapped = 0;
    int t = ui->target, m = ui->pad / 2;
    for (int i = 0; i < TOUCH_COUNT; i++)
        tapped += sc.hit[i] > 0;

    /* Words between the squares: what to do at the top, what happened under the middle. */
    SDL_Rect top = ui_rect(m + t + ui->gap, m, ui->w - 2 * (m + t + ui->gap), ui->h / 2 - t / 2 - m - ui->gap);
    SDL_Rect info = ui_rect(m + t + ui->gap, ui->h / 2 + t / 2 + ui->gap,
                            ui->w - 2 * (m + t + ui->gap), ui->h / 2 - t / 2 - t - m - ui->gap * 2);
    ui_text(ui, top, _("Touch test: tap the middle of each square."), UI_TEXT_LARGE, 1, THEME_TEXT,
            THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    char result[200];
    snprintf(result, sizeof result, _("Squares tapped: %d of %d. Touches: %d."), tapped,
             TOUCH_COUNT, sc.touches);
    if (sc.last_x < 0) {
        snprintf(line, sizeof line, "%s", result);
    } else if (sc.last_target >= 0) {
        SDL_Rect r = selfcheck_square(ui, sc.last_target);
        double dx = sc.last_x - (r.x + r.w / 2.0), dy = sc.last_y - (r.y + r.h / 2.0);
        snprintf(line, sizeof line, _("%s\nThe last touch was at %d, %d: %.1f mm from the middle of the square."),
                 result, sc.last_x, sc.last_y, sqrt(dx * dx + dy * dy) / (double)ui->px_per_mm);
    } else {
        snprintf(line, sizeof line, _("%s\nThe last touch was at %d, %d: not on a square."), result,
                 sc.last_x, sc.last_y);
    }
    ui_text(ui, info, line, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_TOP);

    for (int i = 0; i < TOUCH_COUNT; i++) {
        SDL_Rect r = selfcheck_square(ui, i);
        if (sc.hit[i]) {
            ui_fill(ui, r, THEME_OK, 0);
            ui_icon(ui, ui_inset(r, t / 6), ICON_CHECK, THEME_WHITE, THEME_OK);
        } else {
            ui_frame_rect(ui, r, THEME_FRAME, 3, 0);
            ui_fill(ui, ui_rect(r.x + t / 2 - 1, r.y + t / 4, 3, t / 2), THEME_TEXT, 0);
            ui_fill(ui, ui_rect(r.x + t / 4, r.y + t / 2 - 1, t / 2, 3), THEME_TEXT, 0);
        }
        if (ui_area(ui, r, _(touch_names[i]))) {
            sc.hit[i]++;
            sc.last_target = i;
            hit_now = 1;
        }
    }
    int bw = t * 3 < ui->w - 2 * (m + t + ui->gap) ? t * 3 : ui->w - 2 * (m + t + ui->gap);
    if (ui_button(ui, ui_rect((ui->w - bw) / 2, ui->h - m - t, bw, t), ICON_DONE_ALL, _("Done"),
                  UI_OK))
        done = 1;

    /* Every touch counts and is shown where it landed, also one beside the squares. */
    if (ui->pointer_up && ui_touch_counts(ui) && !done) {
        sc.touches++;
        sc.last_x = ui->px;
        sc.last_y = ui->py;
        if (!hit_now)
            sc.last_target = -1;
    }
    if (sc.last_x >= 0) {
        SDL_Color c = sc.last_target >= 0 ? THEME_OK : THEME_DANGER;
        ui_circle(ui, sc.last_x, sc.last_y, t / 8 > 3 ? t / 8 : 3, c);
    }
    if (done)
        sc.step.at = SC_RESULTS;
}

static void selfcheck_frame_checking(struct app *app, struct ui *ui, SDL_Rect area)
{
    ui_text(ui, area, _("Checking the kiosk..."), UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (app->store && !sc.sample)
        app_work(app, selfcheck_work);
}

static void selfcheck_frame_results(struct app *app, struct ui *ui, SDL_Rect area)
{
    int portrait = ui->h > ui->w;

    /* Back, Check again, Touch test in a row; when portrait, Touch test on a row of its own. */
    SDL_Rect nav = ui_cut_bottom(&area, portrait ? ui->target * 2 + ui->gap : ui->target);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect touch_r = ui_grid_cell(nav, 3, 1, 2, ui->gap);
    if (portrait) {
        touch_r = ui_cut_top(&nav, ui->target);
        ui_cut_top(&nav, ui->gap);
    }
    int n = portrait ? 2 : 3;
    if (ui_button(ui, ui_grid_cell(nav, n, 1, 0, ui->gap), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_admin);
    if (ui_button(ui, ui_grid_cell(nav, n, 1, 1, ui->gap), ICON_SYNC, _("Check again"),
                  UI_SECONDARY))
        sc.step.at = SC_CHECKING;
    if (ui_button(ui, touch_r, ICON_TOUCH, _("Touch test"), UI_PRIMARY)) {
        selfcheck_touch_reset();
        sc.step.at = SC_TOUCH;      /* the step helper keeps this tap off the squares */
    }

    /* The facts: two columns in landscape, one when portrait. */
    int cols = portrait ? 1 : 2, rows = (FACT_COUNT + cols - 1) / cols;
    for (int i = 0; i < FACT_COUNT; i++) {
        char line[400];
        SDL_Rect cell = ui_grid_cell(area, cols, rows, i, ui->gap / 3);
        SDL_Color bg = sc.warn[i] ? THEME_NOTICE_BG : THEME_SURFACE;
        SDL_Color fg = sc.warn[i] ? THEME_NOTICE_TEXT : THEME_TEXT;
        ui_fill(ui, cell, bg, ui->radius);
        SDL_Rect in = ui_inset(cell, ui->pad / 4);
        int is = in.h < ui->target * 2 / 3 ? in.h : ui->target * 2 / 3;
        ui_icon(ui, ui_center(ui_cut_left(&in, is), is * 3 / 4, is * 3 / 4),
                sc.warn[i] ? ICON_WARNING : ICON_CHECK_CIRCLE, fg, bg);
        ui_cut_left(&in, ui->pad / 3);
        snprintf(line, sizeof line, "%s %s", _(selfcheck_fact_names[i]), sc.value[i]);
        ui_text(ui, in, line, UI_TEXT_BODY, sc.warn[i], fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
}

static const struct step selfcheck_steps[] = {
    [SC_CHECKING] = { selfcheck_frame_checking },
    [SC_RESULTS] = { selfcheck_frame_results },
    [SC_TOUCH] = { selfcheck_frame_touch },
};

static void selfcheck_frame(struct app *app, struct ui *ui)
{
    /* The touch test has the whole screen: its squares are in the corners. */
    SDL_Rect area = sc.step.at == SC_TOUCH
                        ? ui_rect(0, 0, ui->w, ui->h)
                        : header_draw(app, ui, ICON_FACT_CHECK, _("Self-check"));
    step_frame(app, ui, &sc.step, 0, selfcheck_steps, STEP_COUNT(selfcheck_steps), area);
}

static int selfcheck_variant(struct app *app, int n)
{
    enum { RESULTS, WARNINGS, TOUCH, TOUCH_SOME, CHECKING, COUNT };
    if (n >= COUNT)
        return -1;
    app->admin_unlocked = 1;
    selfcheck_enter(app, NULL, SCREEN_GOTO);
    if (n == CHECKING) {
        sc.sample = 1;
        return 0;
    }
    if (app->store)
        selfcheck_run(app);
    sc.step.at = SC_RESULTS;
    switch (n) {
    case WARNINGS:
        snprintf(sc.value[FACT_DATABASE], sizeof sc.value[0], _("DAMAGED: %s"),
                 "database disk image is malformed");
        snprintf(sc.value[FACT_SPACE], sizeof sc.value[0],
                 _("only %lld MB. Export the records and delete old days."), 12LL);
        snprintf(sc.value[FACT_ICONS], sizeof sc.value[0],
                 NG_("%d missing: %s", "%d missing: %s", 2), 2, "fire, hot");
        sc.warn[FACT_DATABASE] = sc.warn[FACT_SPACE] = sc.warn[FACT_ICONS] = 1;
        break;
    case TOUCH:
        sc.step.at = SC_TOUCH;
        break;
    case TOUCH_SOME:
        sc.step.at = SC_TOUCH;
        sc.hit[TOUCH_TOP_LEFT] = sc.hit[TOUCH_MIDDLE] = 1;
        sc.touches = 3;
        sc.last_x = app->ui.w / 2 + 4;
        sc.last_y = app->ui.h / 2 - 3;
        sc.last_target = TOUCH_MIDDLE;
        break;
    default:
        break;
    }
    return 0;
}

const struct screen scr_selfcheck = {
    .name = "selfcheck",
    .enter = selfcheck_enter,
    .frame = selfcheck_frame,
    .variant = selfcheck_variant,
    .flags = SCREEN_HOST | SCREEN_NEEDS_ADMIN,
};
