/*
** app.c - the kiosk's life cycle and main loop, navigation, the visit in progress, the idle
** countdown, and the services screens share (header, saving, formatting, avatars).
**
** The loop draws only when something changed: input, a timer that came due (the idle
** countdown, a long press, a message expiring), or the minute the clock shows. Between those it
** sleeps. Each pointer event gets a frame of its own so that a down and an up arriving together
** still make exactly one tap. Start here after main.c; then ui.c, then the scr_*.c files.
*/
#include "app.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "err.h"
#include "i18n.h"
#include "icons.h"
#include "log.h"
#include "pack_import.h"
#include "picture.h"
#include "qrview.h"
#include "speech.h"
#include "text.h"
#include "theme.h"
#include "usb.h"
#include "watchdog.h"

enum {
    APP_TAP_GUARD_MS = 350,     /* taps that begin this soon after a screen change are dropped */
    APP_ADMIN_HOLD_MS = 3000,   /* the hidden admin entry: hold the clock this long */
    APP_PHOTO_CACHE = 16,
};

/* ---------------------------------------------------------------- displays */

/* Physical widths of the displays the kiosk is made for, so 12 mm is 12 mm on each. */
static const struct {
    int w, h;
    float mm_w;
    const char *what;
} app_known_displays[] = {
    { 800, 480, 154.08f, "Raspberry Pi Touch Display 7\"" },
    { 480, 800, 85.92f, "Raspberry Pi Touch Display 7\", portrait" },
    { 720, 1280, 87.0f, "Raspberry Pi Touch Display 2 7\"" },
    { 1280, 720, 155.0f, "Raspberry Pi Touch Display 2 7\", landscape" },
    { 1280, 800, 217.0f, "10.1\" touch panel" },
    { 1920, 1080, 344.0f, "15.6\" touch monitor" },
};

static float app_px_per_mm(const struct app *app, int w, int h)
{
    if (app->opt.display_mm_w > 0)
        return (float)w / app->opt.display_mm_w;
    for (unsigned i = 0; i < sizeof app_known_displays / sizeof app_known_displays[0]; i++)
        if (app_known_displays[i].w == w && app_known_displays[i].h == h)
            return (float)w / app_known_displays[i].mm_w;
    float hdpi = 0;
    if (app->window && SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(app->window), NULL, &hdpi, NULL) == 0 &&
        hdpi > 50 && hdpi < 600)
        return hdpi / 25.4f;
    return 96.0f / 25.4f;   /* a desktop monitor's usual density */
}

/* The layouts need room for a header and two rows of 12 mm targets with words. */
static int app_screen_too_small(int w, int h)
{
    int shorter = w < h ? w : h, longer = w < h ? h : w;
    return shorter < 480 || longer < 800;
}

/* ---------------------------------------------------------------- time */

uint32_t app_ticks(const struct app *app)
{
    return app->virtual_time ? app->virtual_ms : SDL_GetTicks();
}

static int64_t app_time_source(void *arg)
{
    struct app *app = arg;
    return app->virtual_wall + (int64_t)(uint32_t)(app->virtual_ms - app->virtual_ms_base) / 1000;
}

void app_use_virtual_clock(struct app *app, int64_t wall)
{
    app->virtual_ms = SDL_GetTicks();
    app->virtual_ms_base = app->virtual_ms;
    app->virtual_wall = wall;
    app->virtual_time = 1;
    app->last_input_ms = app->virtual_ms;
    if (app->store)
        store_set_time_source(app->store, app_time_source, app);
}

void app_set_virtual_wall(struct app *app, int64_t wall)
{
    app->virtual_ms_base = app->virtual_ms;
    app->virtual_wall = wall;
    app->dirty = 1;
}

void app_advance_virtual(struct app *app, uint32_t ms)
{
    app->virtual_ms += ms;
}

int app_screenshot(struct app *app, const char *path)
{
    int w = app->ui.w, h = app->ui.h;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return SD_ENOMEM;
    int rc = SD_OK;
    if (SDL_RenderReadPixels(app->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0 ||
        picture_save_png(s, path) != SD_OK) {
        LOG_ERROR("screenshot %s failed: %s", path, SDL_GetError());
        rc = SD_EIO;
    }
    SDL_FreeSurface(s);
    return rc;
}

int64_t app_wall(struct app *app)
{
    struct store_time t;
    if (!app->store)
        return app->virtual_time ? app_time_source(app) : (int64_t)time(NULL);
    store_time_now(app->store, &t);
    return t.unix_s;
}

static void app_localtime(struct app *app, int64_t unix_s, struct tm *tm)
{
    time_t t = (time_t)unix_s;
    (void)app;
    localtime_r(&t, tm);
}

int app_minutes_now(struct app *app)
{
    struct tm tm;
    app_localtime(app, app_wall(app), &tm);
    return tm.tm_hour * 60 + tm.tm_min;
}

void app_today(struct app *app, char out[11])
{
    struct tm tm;
    app_localtime(app, app_wall(app), &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *app_format_minutes(int minutes, char *buf, size_t size)
{
    /* TRANSLATORS: a time of day from hours and minutes; Finnish and Swedish use "%d.%02d". */
    snprintf(buf, size, _("%d:%02d"), minutes / 60, minutes % 60);
    return buf;
}

const char *app_format_time(int64_t unix_s, char *buf, size_t size)
{
    struct tm tm;
    time_t t = (time_t)unix_s;
    localtime_r(&t, &tm);
    return app_format_minutes(tm.tm_hour * 60 + tm.tm_min, buf, size);
}

const char *app_format_date(const char *ymd, char *buf, size_t size)
{
    static const char *const weekdays[] = { N_("Sunday"), N_("Monday"), N_("Tuesday"),
                                            N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                            N_("Saturday") };
    static const char *const months[] = { N_("January"), N_("February"), N_("March"),
                                          N_("April"), N_("May"), N_("June"), N_("July"),
                                          N_("August"), N_("September"), N_("October"),
                                          N_("November"), N_("December") };
    int y, m, d;
    if (!ymd || sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
        snprintf(buf, size, "%s", ymd ? ymd : "");
        return buf;
    }
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
    mktime(&tm);
    char day[8], year[8];
    snprintf(day, sizeof day, "%d", d);
    snprintf(year, sizeof year, "%d", y);
    const char *parts[4] = { _(weekdays[tm.tm_wday]), day, _(months[m - 1]), year };
    /* TRANSLATORS: the order of a long date: W weekday, D day, M month name, Y year; other
       characters are kept. English "W D M Y" gives "Thursday 15 April 2027"; Finnish
       "W D. M Y" with months in the partitive ("huhtikuuta") gives "torstai 15. huhtikuuta 2027". */
    const char *pattern = _("W D M Y");
    size_t n = 0;
    for (const char *p = pattern; *p && n + 1 < size; p++) {
        const char *piece = *p == 'W' ? parts[0] : *p == 'D' ? parts[1] : *p == 'M' ? parts[2] :
                            *p == 'Y' ? parts[3] : NULL;
        if (piece) {
            int w = snprintf(buf + n, size - n, "%s", piece);
            n += w > 0 ? (size_t)w : 0;
            if (n >= size)
                n = size - 1;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n < size ? n : size - 1] = '\0';
    return buf;
}

/* ---------------------------------------------------------------- navigation */

const struct screen *app_screen(const struct app *app)
{
    return app->depth > 0 ? app->stack[app->depth - 1] : NULL;
}

void app_goto(struct app *app, const struct screen *s)
{
    app->pending = s;
    app->pending_op = 1;
}

void app_push(struct app *app, const struct screen *s)
{
    app->pending = s;
    app->pending_op = 2;
}

void app_pop(struct app *app)
{
    app->pending = NULL;
    app->pending_op = 3;
}

static void app_enter(struct app *app, const struct screen *s)
{
    app->entered_ms = app_ticks(app);
    app->ui.accept_after_ms = app->entered_ms + APP_TAP_GUARD_MS;
    app->ui.active = 0;
    if (s->enter)
        s->enter(app);
    app->dirty = 1;
}

/* Apply the navigation asked for during the last frame. */
static void app_apply_navigation(struct app *app)
{
    int op = app->pending_op;
    const struct screen *s = app->pending;
    app->pending_op = 0;
    app->pending = NULL;
    switch (op) {
    case 1:
        app->depth = 1;
        app->stack[0] = s;
        app_enter(app, s);
        break;
    case 2:
        if (app->depth < APP_STACK_MAX) {
            app->stack[app->depth++] = s;
            app_enter(app, s);
        }
        break;
    case 3:
        if (app->depth > 1)
            app->depth--;
        /* The screen below keeps its state: it is shown again, not entered again. */
        app->entered_ms = app_ticks(app);
        app->ui.accept_after_ms = app->entered_ms + APP_TAP_GUARD_MS;
        app->dirty = 1;
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------- the visit */

void app_set_language(struct app *app, const char *lang)
{
    snprintf(app->lang, sizeof app->lang, "%s", lang && *lang ? lang : "fi");
    i18n_set_language(app->lang);
    app->dirty = 1;
}

static const char *app_default_language(const struct app *app)
{
    return app->pack && app->pack->workplace.default_language[0]
               ? app->pack->workplace.default_language : "fi";
}

void app_end_visit(struct app *app)
{
    /* The next person must not hear the last one's plan read on. */
    speech_stop();
    memset(&app->visit, 0, sizeof app->visit);
    app->admin_unlocked = 0;
    app_set_language(app, app_default_language(app));
    app_goto(app, &scr_start);
}

void app_reload_visit(struct app *app)
{
    if (!app->visit.shadow || !app->store)
        return;
    struct visit v;
    if (store_visit_latest(app->store, app->visit.shadow->id, &v) == SD_OK)
        app->visit.state = v;
    else
        memset(&app->visit.state, 0, sizeof app->visit.state);
}

void app_begin_visit(struct app *app, const struct pack_shadow *shadow)
{
    int chosen = app->visit.lang_chosen;
    memset(&app->visit, 0, sizeof app->visit);
    app->visit.shadow = shadow;
    app->visit.lang_chosen = chosen;
    app_reload_visit(app);
    /* The shadow's own language applies unless they picked one on Start. */
    if (!chosen && shadow->language[0])
        app_set_language(app, shadow->language);
}

const struct pack_host *app_escort(const struct app *app)
{
    if (!app->pack || !app->visit.shadow)
        return NULL;
    return pack_find_host(app->pack, app->visit.shadow->escort_id);
}

/* ---------------------------------------------------------------- services */

const char *app_text(const struct app *app, const struct pack_text *t)
{
    return pack_text_get(t, app->lang);
}

void app_guard_taps(struct app *app)
{
    app->ui.accept_after_ms = app_ticks(app) + APP_TAP_GUARD_MS;
}

void app_guard_taps_on_change(struct app *app, int *shown, int now)
{
    if (*shown == now)
        return;
    *shown = now;
    app_guard_taps(app);
}

void app_notice(struct app *app, const char *msg, uint32_t ms)
{
    snprintf(app->message, sizeof app->message, "%s", msg);
    app->message_until_ms = app_ticks(app) + ms;
    app->dirty = 1;
}

int app_save(struct app *app, struct record *rec)
{
    int rc = app->store ? store_add_record(app->store, rec) : SD_ERR;
    if (rc != SD_OK) {
        LOG_ERROR("saving a %s record failed: %s (%s)", record_kind_name(rec->kind),
                  sd_strerror(rc), app->store ? store_errmsg(app->store) : "no database");
        app_notice(app, rc == SD_EFULL
                            ? _("This was NOT saved: the kiosk's memory is full. Please tell the host.")
                            : _("This was NOT saved. Please try again, or tell the host."),
                   8000);
        return rc;
    }
    app->data_version++;
    if (app->visit.shadow)
        app_reload_visit(app);
    return SD_OK;
}

/* Whether a title fits w x h at the smallest text size, wrapped at spaces with no word cut. */
static int app_title_fits(const struct ui *ui, const char *title, int w, int h)
{
    char line[256];
    int lines = 0, tw = 0, th = 0;
    const char *p = title;
    while (*p) {
        const char *start = p, *end = NULL, *q = p;
        for (;;) {
            const char *word_end = q;
            while (*word_end && *word_end != ' ')
                word_end++;
            snprintf(line, sizeof line, "%.*s", (int)(word_end - start), start);
            text_measure(TEXT_BOLD, ui->min_text_px, line, &tw, &th);
            if (tw > w && !end)
                return 0;
            if (tw > w)
                break;
            end = word_end;
            if (*word_end != ' ')
                break;
            q = word_end + 1;
        }
        lines++;
        p = end;
        while (*p == ' ')
            p++;
    }
    return lines * text_line_height(TEXT_BOLD, ui->min_text_px) <= h;
}

SDL_Rect app_header(struct app *app, struct ui *ui, unsigned icon, const char *title)
{
    SDL_Rect all = { 0, 0, ui->w, ui->h };
    int bar_h = ui->target + ui->pad;
    const struct screen *s = app_screen(app);
    int onsite_w = 0;
    if (!(s && (s->flags & SCREEN_NO_ONSITE))) {
        onsite_w = ui->target * 3;
        if (onsite_w > (ui->w - ui->pad / 2 * 2) / 3)
            onsite_w = (ui->w - ui->pad / 2 * 2) / 3;
    }
    /* Narrow (portrait): the clock and the pictogram give the title a little more room. */
    int narrow = ui->h > ui->w;
    int cw = 0, ch = 0;
    text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_LARGE], "00:00", &cw, &ch);
    cw += narrow ? ui->pad : ui->pad * 2;
    if (cw < ui->target * 3 / 2)
        cw = ui->target * 3 / 2;
    int icon_w = icon ? (bar_h - ui->pad / 2 * 2) * (narrow ? 3 : 4) / 4 : 0;

    /* A title that does not fit beside the clock even at the smallest size (a narrow display,
       a long word) gets a row of its own under the pictogram, the clock and "On site". */
    int row2 = 0;
    if (title && *title) {
        int room = ui->w - ui->pad / 2 * 2 - cw - ui->gap - (onsite_w ? onsite_w + ui->gap : 0) -
                   (icon ? icon_w + ui->pad / 2 : 0);
        if (!app_title_fits(ui, title, room, bar_h - ui->pad / 2 * 2))
            row2 = ui_line_height(ui, UI_TEXT_TITLE, 1) + ui->pad / 2;
    }
    SDL_Rect bar = ui_cut_top(&all, bar_h + row2);
    ui_fill(ui, bar, THEME_HEADER_BG, 0);
    SDL_Rect title_r = bar;
    SDL_Rect inner = ui_inset(ui_cut_top(&title_r, bar_h), ui->pad / 2);

    /* Right: "On site now" for hosts, then the clock (hold 3 s: admin). */
    if (onsite_w) {
        SDL_Rect onsite = ui_cut_right(&inner, onsite_w);
        if (ui_button(ui, onsite, ICON_GROUPS, _("On site"), UI_SECONDARY))
            app_push(app, &scr_onsite);
        ui_cut_right(&inner, ui->gap);
    }
    char clock[16];
    app_format_time(app_wall(app), clock, sizeof clock);
    SDL_Rect clock_r = ui_cut_right(&inner, cw);
    ui_text(ui, clock_r, clock, UI_TEXT_LARGE, 1, THEME_HEADER_TEXT, THEME_HEADER_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (ui_long_press(ui, clock_r, "clock", APP_ADMIN_HOLD_MS))
        app_goto(app, &scr_admin);
    ui_cut_right(&inner, ui->gap);

    /* Left: the screen's pictogram and title (the title in its own row when it needs one). */
    if (icon) {
        SDL_Rect ir = ui_cut_left(&inner, icon_w);
        int isz = inner.h > 0 ? icon_w * (inner.h - ui->pad / 3 * 2) / inner.h : 0;
        ui_icon(ui, ui_center(ir, isz, isz), icon, THEME_HEADER_TEXT, THEME_HEADER_BG);
        ui_cut_left(&inner, ui->pad / 2);
    }
    if (row2) {
        inner = title_r;
        ui_cut_bottom(&inner, ui->pad / 2);
        ui_cut_left(&inner, ui->pad / 2 + ui->pad / 3);
        ui_cut_right(&inner, ui->pad / 2);
    }
    ui_text(ui, inner, title, UI_TEXT_TITLE, 1, THEME_HEADER_TEXT, THEME_HEADER_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    return ui_inset(all, ui->pad);
}

/* ---------------------------------------------------------------- avatars and photos */

static struct {
    char id[PACK_ID_MAX];
    SDL_Texture *texture;
    SDL_Renderer *renderer;
} app_photos[APP_PHOTO_CACHE];

SDL_Texture *app_photo(struct app *app, const struct pack_shadow *s)
{
    if (!app->pack || !s || !s->photo[0])
        return NULL;
    int free_slot = -1;
    for (int i = 0; i < APP_PHOTO_CACHE; i++) {
        if (app_photos[i].texture && app_photos[i].renderer == app->renderer &&
            strcmp(app_photos[i].id, s->id) == 0)
            return app_photos[i].texture;
        if (!app_photos[i].texture && free_slot < 0)
            free_slot = i;
    }
    const struct pack_file *f = pack_source_find(&app->pack->files, s->photo);
    if (!f)
        return NULL;
    SDL_Surface *surf = picture_decode(f->data, f->len);
    if (!surf) {
        LOG_WARN("photo %s of %s cannot be shown: %s", s->photo, s->id, SDL_GetError());
        return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(app->renderer, surf);
    SDL_FreeSurface(surf);
    if (free_slot < 0) {
        free_slot = 0;
        SDL_DestroyTexture(app_photos[0].texture);
    }
    snprintf(app_photos[free_slot].id, sizeof app_photos[free_slot].id, "%s", s->id);
    app_photos[free_slot].texture = t;
    app_photos[free_slot].renderer = app->renderer;
    return t;
}

static void app_photos_clear(void)
{
    for (int i = 0; i < APP_PHOTO_CACHE; i++) {
        if (app_photos[i].texture)
            SDL_DestroyTexture(app_photos[i].texture);
        app_photos[i].texture = NULL;
    }
}

void app_draw_avatar(struct app *app, struct ui *ui, SDL_Rect r, const struct pack_shadow *s)
{
    /* Dark colours only: white initials stay above 7:1 on each. */
    static const SDL_Color palette[] = {
        THEME_RGB(0x0B4F8A), THEME_RGB(0x7A1F5C), THEME_RGB(0x0F5132), THEME_RGB(0x5B2C83),
        THEME_RGB(0x8B1A1A), THEME_RGB(0x1F4E5F), THEME_RGB(0x6B3A00), THEME_RGB(0x2E3A87),
    };
    int d = r.w < r.h ? r.w : r.h;
    SDL_Rect sq = ui_center(r, d, d);
    SDL_Texture *photo = app_photo(app, s);
    if (photo) {
        ui_image(ui, sq, photo, s->first_name);
        return;
    }
    unsigned h = 0;
    for (const char *p = s->id; *p; p++)
        h = h * 31 + (unsigned char)*p;
    SDL_Color c = palette[h % (sizeof palette / sizeof palette[0])];
    ui_circle(ui, sq.x + d / 2, sq.y + d / 2, d / 2, c);
    /* The first letter (a whole UTF-8 sequence: Ä, Å, Ö are letters too). */
    char initial[8] = { 0 };
    const unsigned char *n = (const unsigned char *)s->first_name;
    int len = n[0] < 0x80 ? 1 : n[0] < 0xE0 ? 2 : n[0] < 0xF0 ? 3 : 4;
    for (int i = 0; i < len && n[i]; i++)
        initial[i] = (char)n[i];
    ui_text_px(ui, ui_center(sq, d * 7 / 10, d * 7 / 10), initial, d * 45 / 100, 1, THEME_WHITE, c,
               UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
}

/* ---------------------------------------------------------------- overlays */

/* The idle countdown: returns 1 while it is up (and draws it). */
static int app_idle_overlay(struct app *app, struct ui *ui, int draw)
{
    const struct screen *s = app_screen(app);
    if (!s || !(s->flags & (SCREEN_VISIT | SCREEN_HOST)))
        return 0;
    int timeout_s = app->pack ? app->pack->workplace.idle_timeout_s : 90;
    if (timeout_s < APP_IDLE_COUNTDOWN_S + 10)
        timeout_s = APP_IDLE_COUNTDOWN_S + 10;
    uint32_t idle = app_ticks(app) - app->last_input_ms;
    uint32_t show_at = (uint32_t)(timeout_s - APP_IDLE_COUNTDOWN_S) * 1000u;
    if (idle < show_at)
        return 0;
    int left = timeout_s - (int)(idle / 1000);
    if (left <= 0) {
        app_end_visit(app);
        return 0;
    }
    if (!draw)
        return 1;
    ui->blocked = 0;
    SDL_Rect panel = ui_center((SDL_Rect){ 0, 0, ui->w, ui->h }, ui->w * 9 / 10, ui->h * 8 / 10);
    ui_fill(ui, (SDL_Rect){ 0, 0, ui->w, ui->h }, THEME_SURFACE, 0);
    ui_fill(ui, panel, THEME_WHITE, ui->radius);
    ui_frame_rect(ui, panel, THEME_FRAME, 2, ui->radius);
    SDL_Rect in = ui_inset(panel, ui->pad * 2);
    SDL_Rect button = ui_cut_bottom(&in, ui->target * 2);
    char msg[160];
    ui_text(ui, ui_cut_top(&in, in.h / 2), _("Are you still there?"), UI_TEXT_TITLE, 1,
            THEME_TEXT, THEME_WHITE, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    snprintf(msg, sizeof msg,
             NG_("Going back to the start in %d second.", "Going back to the start in %d seconds.", left),
             left);
    ui_text(ui, in, msg, UI_TEXT_LARGE, 0, THEME_TEXT, THEME_WHITE, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (ui_button(ui, ui_center(button, button.w * 3 / 4 > ui->target * 8 ? ui->target * 8 : button.w * 3 / 4,
                                button.h),
                  ICON_TOUCH, _("I am still here"), UI_PRIMARY)) {
        app->last_input_ms = app_ticks(app);
        app->dirty = 1;
    }
    return 1;
}

static void app_message_overlay(struct app *app, struct ui *ui)
{
    if (!app->message[0])
        return;
    if ((int32_t)(app_ticks(app) - app->message_until_ms) >= 0) {
        app->message[0] = '\0';
        return;
    }
    SDL_Rect box = { ui->w / 20, ui->h - ui->h / 3 - ui->pad, ui->w - ui->w / 10, ui->h / 3 };
    ui_fill(ui, box, THEME_NOTICE_BG, ui->radius);
    ui_frame_rect(ui, box, THEME_NOTICE_TEXT, 2, ui->radius);
    SDL_Rect in = ui_inset(box, ui->pad);
    SDL_Rect ok = ui_cut_right(&in, ui->target * 2);
    ui_icon(ui, ui_cut_left(&in, ui->target), ICON_WARNING, THEME_NOTICE_TEXT, THEME_NOTICE_BG);
    ui_text(ui, in, app->message, UI_TEXT_BODY, 1, THEME_NOTICE_TEXT, THEME_NOTICE_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    if (ui_button(ui, ui_center(ok, ok.w, ui->target), ICON_CHECK, _("OK"), UI_PRIMARY)) {
        app->message[0] = '\0';
        app->dirty = 1;
    }
}

static void app_fatal_frame(struct app *app, struct ui *ui)
{
    SDL_Rect all = ui_inset((SDL_Rect){ 0, 0, ui->w, ui->h }, ui->pad * 2);
    ui_icon(ui, ui_cut_top(&all, ui->target * 2), ICON_WARNING, THEME_DANGER, THEME_BG);
    ui_text(ui, all, app->fatal, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_TOP);
}

/* ---------------------------------------------------------------- frames */

/* One frame of the current screen plus overlays; draws unless ui->dry. */
static void app_frame(struct app *app)
{
    struct ui *ui = &app->ui;
    ui->now_ms = app_ticks(app);
    ui_begin(ui);
    if (app->fatal[0]) {
        app_fatal_frame(app, ui);
    } else {
        int overlay = app_idle_overlay(app, ui, 0);
        int has_message = app->message[0] != '\0';
        ui->blocked = overlay || has_message;
        const struct screen *s = app_screen(app);
        if (s)
            s->frame(app, ui);
        ui->blocked = 0;
        if (overlay)
            app_idle_overlay(app, ui, 1);
        else if (has_message)
            app_message_overlay(app, ui);
    }
    ui_end(ui);
}

/* For bench/bench_kiosk.c only: with SD_BENCH_FIRST_FRAME set, the first presented frame prints
** its CLOCK_MONOTONIC time on stdout ("first-frame SECONDS"); the value "exit" also ends the loop
** there. Unset (always, in use), this costs one getenv at the first frame. */
static void app_bench_first_frame(struct app *app)
{
    static int done;
    if (done)
        return;
    done = 1;
    const char *mode = getenv("SD_BENCH_FIRST_FRAME");
    if (!mode)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("first-frame %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
    fflush(stdout);
    if (strcmp(mode, "exit") == 0)
        app->quit = 1;
}

void app_draw(struct app *app)
{
    app->ui.dry = 0;
    app_frame(app);
    SDL_RenderPresent(app->renderer);
    app_bench_first_frame(app);
    app->dirty = 0;
    for (int guard = 0; app->pending_op && guard < 8; guard++) {
        app_apply_navigation(app);
        app->ui.dry = 0;
        app_frame(app);
        SDL_RenderPresent(app->renderer);
        app->dirty = 0;
    }
}

/* Route one pointer event through a frame that draws nothing. */
static void app_pointer(struct app *app, int down, int up, int x, int y)
{
    struct ui *ui = &app->ui;
    uint32_t now = app_ticks(app);
    app->last_input_ms = now;
    ui->px = x;
    ui->py = y;
    if (down) {
        ui->pointer_down = 1;
        ui->pointer_held = 1;
        ui->held_since_ms = now;
    }
    if (up) {
        ui->pointer_up = 1;
        ui->pointer_held = 0;
    }
    ui->dry = 1;
    app_frame(app);
    ui->dry = 0;
    app->dirty = 1;
    if (app->pending_op)
        app_apply_navigation(app);
}

void app_handle_event(struct app *app, const SDL_Event *e)
{
    struct ui *ui = &app->ui;
    switch (e->type) {
    case SDL_QUIT:
        /* Only a signal (systemd stopping us) or, in a window, closing it. */
        app->quit = 1;
        break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
        int x = (int)(e->tfinger.x * (float)ui->w), y = (int)(e->tfinger.y * (float)ui->h);
        if (e->type == SDL_FINGERMOTION) {
            if (ui->pointer_held) {
                ui->px = x;
                ui->py = y;
                app->last_input_ms = app_ticks(app);
            }
            break;
        }
        app_pointer(app, e->type == SDL_FINGERDOWN, e->type == SDL_FINGERUP, x, y);
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        /* Mouse events SDL makes from touch would double every tap: fingers are handled above. */
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            break;
        app_pointer(app, e->type == SDL_MOUSEBUTTONDOWN, e->type == SDL_MOUSEBUTTONUP,
                    e->button.x, e->button.y);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which != SDL_TOUCH_MOUSEID && ui->pointer_held) {
            ui->px = e->motion.x;
            ui->py = e->motion.y;
        }
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            int w, h;
            SDL_GetRendererOutputSize(app->renderer, &w, &h);
            ui_set_metrics(ui, w, h, app_px_per_mm(app, w, h));
            app->dirty = 1;
        }
        break;
    case SDL_KEYDOWN:
        /* Keyboard is for development only; no key leaves the kiosk. */
        app->last_input_ms = app_ticks(app);
        break;
    default:
        break;
    }
}

/* Milliseconds until something on screen must change without input. */
static int app_next_wake(struct app *app)
{
    uint32_t now = app_ticks(app);
    int64_t wall = app_wall(app);
    int wait = (int)(60 - wall % 60) * 1000;          /* the clock's next minute */
    const struct screen *s = app_screen(app);
    if (s && (s->flags & (SCREEN_VISIT | SCREEN_HOST))) {
        int timeout_s = app->pack ? app->pack->workplace.idle_timeout_s : 90;
        uint32_t idle = now - app->last_input_ms;
        uint32_t show_at = (uint32_t)(timeout_s - APP_IDLE_COUNTDOWN_S) * 1000u;
        int until = idle < show_at ? (int)(show_at - idle) : 1000 - (int)(idle % 1000);
        if (until < wait)
            wait = until;
    }
    if (app->message[0]) {
        int until = (int)(app->message_until_ms - now);
        if (until < wait)
            wait = until < 0 ? 0 : until;
    }
    if (app->ui.wake_ms) {
        int until = (int)(app->ui.wake_ms - now);
        if (until < wait)
            wait = until < 0 ? 0 : until;
    }
    int usb_wait = usb_wait_ms(app);
    if (usb_wait < wait)
        wait = usb_wait;
    if (app->watchdog_usec > 0) {
        int half = app->watchdog_usec / 2000;
        int until = half - (int)(now - app->last_watchdog_ms);
        if (until < wait)
            wait = until < 0 ? 0 : until;
    }
    return wait < 0 ? 0 : wait;
}

void app_step(struct app *app)
{
    uint32_t now = app_ticks(app);
    static int64_t last_minute = -1;
    int64_t minute = app_wall(app) / 60;
    if (minute != last_minute) {
        last_minute = minute;
        app->dirty = 1;
    }
    if (app->ui.wake_ms && (int32_t)(now - app->ui.wake_ms) >= 0)
        app->dirty = 1;
    if (app->message[0] && (int32_t)(now - app->message_until_ms) >= 0)
        app->dirty = 1;
    const struct screen *s = app_screen(app);
    if (s && (s->flags & (SCREEN_VISIT | SCREEN_HOST))) {
        int timeout_s = app->pack ? app->pack->workplace.idle_timeout_s : 90;
        if (now - app->last_input_ms >= (uint32_t)(timeout_s - APP_IDLE_COUNTDOWN_S) * 1000u)
            app->dirty = 1;
    }
    if (app->watchdog_usec > 0 && (int)(now - app->last_watchdog_ms) >= app->watchdog_usec / 2000) {
        /* Fed only while the loop runs and the database answers: a hung store means a restart. */
        if (!app->store || store_ping(app->store) == SD_OK)
            watchdog_feed();
        app->last_watchdog_ms = now;
    }
    usb_step(app);
    if (app->pending_op)
        app_apply_navigation(app);
    if (app->dirty)
        app_draw(app);
}

/* Sleep until an event or the timeout. SDL's own wait polls every millisecond on drivers that
** cannot block (KMSDRM, dummy), so there we poll at a slower pace: a touch is noticed within
** APP_IDLE_POLL_MS, and an idle kiosk wakes ~25 times a second instead of 1000. */
static int app_wait_event(struct app *app, SDL_Event *e, int timeout_ms)
{
    enum { APP_IDLE_POLL_MS = 40, APP_BUSY_POLL_MS = 8 };
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0))
        return SDL_WaitEventTimeout(e, timeout_ms);
    uint32_t start = SDL_GetTicks();
    for (;;) {
        if (SDL_PollEvent(e))
            return 1;
        int elapsed = (int)(SDL_GetTicks() - start);
        if (elapsed >= timeout_ms)
            return 0;
        int step = app->ui.pointer_held || SDL_GetTicks() - app->last_input_ms < 3000
                       ? APP_BUSY_POLL_MS : APP_IDLE_POLL_MS;
        if (step > timeout_ms - elapsed)
            step = timeout_ms - elapsed;
        SDL_Delay((Uint32)step);
    }
}

int app_run(struct app *app)
{
    app_draw(app);
    watchdog_ready();
    while (!app->quit) {
        SDL_Event e;
        if (app_wait_event(app, &e, app_next_wake(app))) {
            app_handle_event(app, &e);
            while (!app->quit && SDL_PollEvent(&e))
                app_handle_event(app, &e);
        }
        app_step(app);
    }
    watchdog_stopping();
    return 0;
}

/* ---------------------------------------------------------------- opening */

static int app_make_dirs(const char *path)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(tmp, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static void app_default_data_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(out, size, "%s/shadowday", xdg);
    else if (home && *home)
        snprintf(out, size, "%s/.local/share/shadowday", home);
    else
        snprintf(out, size, "/var/lib/shadowday");
}

static int app_open_display(struct app *app)
{
    const struct app_options *opt = &app->opt;
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (!opt->windowed)
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        snprintf(app->fatal, sizeof app->fatal, "SDL could not open the display: %s", SDL_GetError());
        return SD_ERR;
    }
    int w = opt->width > 0 ? opt->width : 800, h = opt->height > 0 ? opt->height : 480;
    if (opt->offscreen) {
        app->target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        app->renderer = app->target ? SDL_CreateSoftwareRenderer(app->target) : NULL;
    } else {
        Uint32 flags = SDL_WINDOW_SHOWN;
        if (!opt->windowed)
            flags |= opt->width > 0 ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
        app->window = SDL_CreateWindow("shadowday", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                       w, h, flags);
        if (app->window) {
            app->renderer = SDL_CreateRenderer(app->window, -1, 0);
            if (!app->renderer)
                app->renderer = SDL_CreateRenderer(app->window, -1, SDL_RENDERER_SOFTWARE);
        }
        if (!opt->windowed)
            SDL_ShowCursor(SDL_DISABLE);
    }
    if (!app->renderer) {
        snprintf(app->fatal, sizeof app->fatal, "no window or renderer could be made: %s",
                 SDL_GetError());
        return SD_ERR;
    }
    SDL_SetRenderDrawBlendMode(app->renderer, SDL_BLENDMODE_BLEND);
    SDL_GetRendererOutputSize(app->renderer, &w, &h);
    app->ui.r = app->renderer;
    ui_set_metrics(&app->ui, w, h, app_px_per_mm(app, w, h));
    return SD_OK;
}

static void app_load_pack(struct app *app)
{
    struct pack_source src = { 0 };
    struct pack_report rep;
    pack_report_init(&rep);
    if (store_pack_load(app->store, &src) == SD_OK) {
        struct pack *p = NULL;
        if (pack_parse(&p, &src, 0, &rep) == SD_OK) {
            pack_free(app->pack);
            app->pack = p;
            app->data_version++;
        } else {
            LOG_ERROR("the stored day pack no longer parses (%d problems); the kiosk has no pack",
                      rep.errors);
        }
    }
    pack_source_free(&src);
    pack_report_free(&rep);
}

void app_reload_pack(struct app *app)
{
    app_photos_clear();
    app_load_pack(app);
    app->dirty = 1;
}

int app_open(struct app *app, const struct app_options *opt)
{
    int rc;
    memset(app, 0, sizeof *app);
    app->opt = *opt;
    i18n_init(NULL);
    app_set_language(app, "fi");

    if (opt->data_dir)
        snprintf(app->data_dir, sizeof app->data_dir, "%s", opt->data_dir);
    else
        app_default_data_dir(app->data_dir, sizeof app->data_dir);

    rc = text_init(opt->font_dir);
    if (rc != SD_OK) {
        snprintf(app->fatal, sizeof app->fatal, "%s", text_error());
        return rc;
    }
    rc = app_open_display(app);
    if (rc != SD_OK)
        return rc;
    if (app_screen_too_small(app->ui.w, app->ui.h)) {
        snprintf(app->fatal, sizeof app->fatal,
                 _("This screen is too small for shadowday: it is %d x %d pixels, and at least "
                   "800 x 480 (or 480 x 800) is needed."), app->ui.w, app->ui.h);
        return SD_EINVAL;
    }
    if (app_make_dirs(app->data_dir) != 0) {
        snprintf(app->fatal, sizeof app->fatal, _("The data folder %s cannot be made: %s"),
                 app->data_dir, strerror(errno));
        return SD_EIO;
    }
    snprintf(app->db_path, sizeof app->db_path, "%s/shadowday.db", app->data_dir);
    rc = store_open(&app->store, app->db_path, NULL);
    if (rc != SD_OK) {
        snprintf(app->fatal, sizeof app->fatal,
                 _("The kiosk's records cannot be opened (%s). Nothing was changed. "
                   "Ask the coordinator for help."),
                 app->store ? store_errmsg(app->store) : sd_strerror(rc));
        store_close(app->store);
        app->store = NULL;
        return rc;
    }
    app_load_pack(app);
    if (opt->pack_dir) {
        struct pack_report rep;
        pack_report_init(&rep);
        rc = pack_import_dir(app->store, opt->pack_dir, &rep);
        if (rc == SD_OK)
            app_load_pack(app);
        else if (rc != SD_EEXIST)
            for (int i = 0; i < rep.count; i++) {
                char line[400];
                LOG_ERROR("%s", pack_problem_format(&rep.problems[i], line, sizeof line));
            }
        pack_report_free(&rep);
    }
    usb_init(opt->usb_dir);
    app->watchdog_usec = watchdog_interval_usec();
    app_set_language(app, app_default_language(app));
    app->last_input_ms = app_ticks(app);
    app->depth = 1;
    app->stack[0] = &scr_start;
    app_enter(app, &scr_start);
    return SD_OK;
}

void app_close(struct app *app)
{
    app_photos_clear();
    text_quit();
    qrview_release_textures();
    pack_free(app->pack);
    app->pack = NULL;
    store_close(app->store);
    app->store = NULL;
    ui_free(&app->ui);
    if (app->renderer)
        SDL_DestroyRenderer(app->renderer);
    if (app->window)
        SDL_DestroyWindow(app->window);
    if (app->target)
        SDL_FreeSurface(app->target);
    TTF_Quit();
    SDL_Quit();
}
