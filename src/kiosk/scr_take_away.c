/*
** scr_take_away.c - Take it with you: the day as QR codes a phone camera reads, one per page:
** the plan as plain text, the same plan as an iCalendar the phone's calendar imports, and the
** escort's contact as a vCard 3.0.
**
** The texts are kept small so each code gets at least QRVIEW_MIN_MODULE_PX pixels per module on
** the display in use: the calendar drops its optional parts (DTSTAMP, then LOCATION) rather than
** becoming a code too dense to read at 800x480. Lines are CRLF, folded at 75 octets, and text
** values escaped as RFC 5545 and RFC 2426 say. A code is encoded once per page, not per frame.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "qrview.h"
#include "theme.h"
#include "timefmt.h"

enum take_page { TAKE_TEXT = 0, TAKE_CALENDAR, TAKE_CONTACT, TAKE_PAGE_COUNT };
enum { TAKE_MAX_ITEMS = 64, TAKE_TEXT_MAX = 4096 };

struct take_buf {
    char s[TAKE_TEXT_MAX];
    size_t n;
    int full;                           /* something did not fit */
};

static struct {
    int page;
    int pushed;                         /* over the day plan: Back pops back to it */
    struct qrview qr;
    int failed;                         /* the text does not fit one readable code */
    struct take_buf buf;                /* the text being built */
    /* what the code on screen was made for */
    int built, built_page, built_side;
    const struct pack *built_pack;
    const struct pack_shadow *built_shadow;
    char built_lang[8];
} take;

/* ---------------------------------------------------------------- building the texts */


static void take_put(struct take_buf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > sizeof b->s) {
        b->full = 1;
        return;
    }
    memcpy(b->s + b->n, s, len);
    b->n += len;
    b->s[b->n] = '\0';
}

static void take_puts(struct take_buf *b, const char *s)
{
    take_put(b, s, strlen(s));
}

/* Escape a TEXT value (iCalendar and vCard agree): backslash, semicolon, comma, newline. */
static void take_escape(const char *in, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = in; *p && n + 3 < size; p++) {
        if (*p == '\\' || *p == ';' || *p == ',') {
            out[n++] = '\\';
            out[n++] = *p;
        } else if (*p == '\n') {
            out[n++] = '\\';
            out[n++] = 'n';
        } else if ((unsigned char)*p >= 0x20 || *p == '\t') {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

/* One content line "NAME:value" with CRLF, folded so no line is longer than 75 octets; a fold
** never splits a UTF-8 sequence. */
static void take_line(struct take_buf *b, const char *name, const char *value)
{
    char line[2048];
    int len = snprintf(line, sizeof line, "%s:%s", name, value);
    if (len < 0)
        return;
    if ((size_t)len >= sizeof line)
        len = (int)sizeof line - 1;
    int pos = 0, limit = 75;
    while (len - pos > limit) {
        int cut = pos + limit;
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        take_put(b, line + pos, (size_t)(cut - pos));
        take_puts(b, "\r\n ");
        pos = cut;
        limit = 74;     /* the leading space of a continuation counts */
    }
    take_put(b, line + pos, (size_t)(len - pos));
    take_puts(b, "\r\n");
}

static int take_items(struct app *app, const struct pack_plan_item **items)
{
    if (!app->pack || !app->visit.shadow)
        return 0;
    int n = pack_plan_for(app->pack, app->visit.shadow->id, items, TAKE_MAX_ITEMS);
    return n > TAKE_MAX_ITEMS ? TAKE_MAX_ITEMS : n;
}

/* (a) The plan as text: workplace, date, then "9.00–10.30 Title, place" per item. */
static void take_build_text(struct app *app, struct take_buf *b)
{
    const struct pack_plan_item *items[TAKE_MAX_ITEMS];
    char date[96], a[16], z[16], line[1024];
    int n = take_items(app, items);
    snprintf(line, sizeof line, "%s\n%s\n", app_text(app, &app->pack->workplace.name),
             timefmt_date(app->pack->workplace.date, date, sizeof date));
    take_puts(b, line);
    for (int i = 0; i < n; i++) {
        const char *place = app_text(app, &items[i]->place);
        snprintf(line, sizeof line, "%s\u2013%s %s%s%s\n",
                 timefmt_minutes(items[i]->start_min, a, sizeof a),
                 timefmt_minutes(items[i]->end_min, z, sizeof z),
                 app_text(app, &items[i]->title), place[0] ? ", " : "", place);
        take_puts(b, line);
    }
}

/* What the calendar carries, most first; the first that fits the display is used. A whole day
** of eleven items only fits a code readable at 800x480 (version 27 at 3 px per module) without
** its places and short breaks, with DURATION instead of the longer DTEND, and in Swedish or
** English without the UIDs too. */
static const struct {
    int stamp;      /* DTSTAMP (required by RFC 5545; phones import without it) */
    int location;
    int breaks;     /* the short breaks (PLAN_BREAK) as events of their own */
    int duration;   /* DURATION:PT75M instead of DTEND:20270415T103000 */
    int uid;        /* UID (required by RFC 5545; phones make their own when it is missing) */
} take_calendar_levels[] = {
    { 1, 1, 1, 0, 1 },
    { 0, 1, 1, 0, 1 },
    { 0, 0, 1, 0, 1 },
    { 0, 0, 1, 1, 1 },
    { 0, 0, 0, 1, 1 },
    { 0, 0, 0, 1, 0 },
};

/* (b) The plan as an iCalendar: one VEVENT per item, local ("floating") times of the pack's day. */
static void take_build_calendar(struct app *app, struct take_buf *b, int level)
{
    const struct pack_plan_item *items[TAKE_MAX_ITEMS];
    char ymd[9] = "", uid_base[16], v[1200], when[32], stamp[32] = "";
    int uid = 0;
    int n = take_items(app, items);
    const char *d = app->pack->workplace.date;
    snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", d, d + 5, d + 8);
    /* The visit's id makes the events of this visit the same events when imported again. */
    snprintf(uid_base, sizeof uid_base, "%.8s",
             app->visit.state.uuid[0] ? app->visit.state.uuid : "shadowday");
    if (take_calendar_levels[level].stamp) {
        time_t t = (time_t)appclock_wall(app);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    }
    take_line(b, "BEGIN", "VCALENDAR");
    take_line(b, "VERSION", "2.0");
    take_line(b, "PRODID", "-//shadowday//kiosk//EN");
    for (int i = 0; i < n; i++) {
        const struct pack_plan_item *it = items[i];
        uid++;      /* an item's UID stays the same whichever level carries it */
        if (!take_calendar_levels[level].breaks && it->kind == PLAN_BREAK)
            continue;
        take_line(b, "BEGIN", "VEVENT");
        snprintf(v, sizeof v, "%s-%d", uid_base, uid);
        if (take_calendar_levels[level].uid)
            take_line(b, "UID", v);
        if (stamp[0])
            take_line(b, "DTSTAMP", stamp);
        snprintf(when, sizeof when, "%sT%02d%02d00", ymd, it->start_min / 60, it->start_min % 60);
        take_line(b, "DTSTART", when);
        if (take_calendar_levels[level].duration) {
            snprintf(when, sizeof when, "PT%dM", it->end_min - it->start_min);
            take_line(b, "DURATION", when);
        } else {
            snprintf(when, sizeof when, "%sT%02d%02d00", ymd, it->end_min / 60, it->end_min % 60);
            take_line(b, "DTEND", when);
        }
        take_escape(app_text(app, &it->title), v, sizeof v);
        take_line(b, "SUMMARY", v);
        const char *place = app_text(app, &it->place);
        if (take_calendar_levels[level].location && place[0]) {
            take_escape(place, v, sizeof v);
            take_line(b, "LOCATION", v);
        }
        take_line(b, "END", "VEVENT");
    }
    take_line(b, "END", "VCALENDAR");
}

/* (c) The escort's contact as a vCard 3.0 (the coordinator's when the shadow has no escort). */
static void take_build_contact(struct app *app, struct take_buf *b)
{
    const struct pack_host *h = app_escort(app);
    const struct pack_workplace *w = &app->pack->workplace;
    const char *name = h ? h->name : w->contact_name;
    const char *phone = h ? h->phone : w->contact_phone;
    const char *role = h ? app_text(app, &h->role) : "";
    char v[1200], n[1300];
    take_line(b, "BEGIN", "VCARD");
    take_line(b, "VERSION", "3.0");
    take_escape(name ? name : "", v, sizeof v);
    snprintf(n, sizeof n, ";%s;;;", v);
    take_line(b, "N", n);
    take_line(b, "FN", v);
    take_escape(app_text(app, &w->name), v, sizeof v);
    take_line(b, "ORG", v);
    if (role[0]) {
        take_escape(role, v, sizeof v);
        take_line(b, "TITLE", v);
    }
    if (phone && phone[0]) {
        take_escape(phone, v, sizeof v);
        take_line(b, "TEL;TYPE=CELL", v);
    }
    take_line(b, "END", "VCARD");
}

/* Encode the page's text for a square of side pixels (when anything changed since). */
static void take_build(struct app *app, int side)
{
    if (take.built && take.built_page == take.page && take.built_side == side &&
        take.built_pack == app->pack && take.built_shadow == app->visit.shadow &&
        strcmp(take.built_lang, app->lang) == 0)
        return;
    take.built = 1;
    take.built_page = take.page;
    take.built_side = side;
    take.built_pack = app->pack;
    take.built_shadow = app->visit.shadow;
    snprintf(take.built_lang, sizeof take.built_lang, "%s", app->lang);
    int max_version = qrview_max_version(side, QRVIEW_MIN_MODULE_PX);
    struct take_buf *b = &take.buf;
    int rc = SD_ELIMIT;
    int levels = take.page == TAKE_CALENDAR
                     ? (int)(sizeof take_calendar_levels / sizeof take_calendar_levels[0]) : 1;
    for (int level = 0; level < levels && rc == SD_ELIMIT; level++) {
        memset(b, 0, sizeof *b);
        if (take.page == TAKE_TEXT)
            take_build_text(app, b);
        else if (take.page == TAKE_CALENDAR)
            take_build_calendar(app, b, level);
        else
            take_build_contact(app, b);
        rc = b->full ? SD_ELIMIT : qrview_set_utf8(&take.qr, b->s, max_version);
    }
    take.failed = rc != SD_OK;
    if (take.failed)
        qrview_clear(&take.qr);
}

/* ---------------------------------------------------------------- the screen */

static void take_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    qrview_clear(&take.qr);
    memset(&take, 0, sizeof take);
    take.pushed = how == SCREEN_PUSH;
}

static const struct {
    unsigned icon;
    const char *label;
} take_pages[TAKE_PAGE_COUNT] = {
    [TAKE_TEXT] = { ICON_LIST, N_("Day plan") },
    [TAKE_CALENDAR] = { ICON_CALENDAR, N_("Calendar") },
    [TAKE_CONTACT] = { ICON_CONTACT_PHONE, N_("Contact") },
};

static void take_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_QR, _("Take it with you"));
    int portrait = ui->h > ui->w;
    /* The code gets the biggest square there is; its white quiet zone may cover the padding. */
    SDL_Rect below = { 0, area.y - ui->pad, ui->w, ui->h - (area.y - ui->pad) };
    SDL_Rect code;
    if (portrait) {
        code = ui_cut_top(&below, below.w);
        ui_cut_top(&area, code.y + code.h - area.y + ui->gap / 2);
    } else {
        code = ui_cut_left(&below, below.h);
        ui_cut_left(&area, code.x + code.w - area.x + ui->gap / 2);
    }
    take_build(app, code.w < code.h ? code.w : code.h);

    /* Beside (below) the code: what it is, then the page buttons and Back in a 2 x 2 grid. */
    SDL_Rect grid = ui_cut_bottom(&area, ui->target * 2 + ui->gap);
    ui_cut_bottom(&area, ui->gap);
    for (int i = 0; i < TAKE_PAGE_COUNT; i++) {
        SDL_Rect cell = ui_grid_cell(grid, 2, 2, i, ui->gap);
        if (ui_button(ui, cell, take_pages[i].icon, _(take_pages[i].label),
                      i == take.page ? UI_PRIMARY : UI_SECONDARY))
            take.page = i;
    }
    if (ui_button(ui, ui_grid_cell(grid, 2, 2, 3, ui->gap), ICON_ARROW_BACK, _("Back"),
                  UI_SECONDARY)) {
        if (take.pushed)
            app_pop(app);
        else
            app_goto(app, &scr_day);
    }

    char what[300];
    const struct pack_host *h = app_escort(app);
    switch (take.page) {
    case TAKE_TEXT:
        snprintf(what, sizeof what, "%s", _("Your day as text."));
        break;
    case TAKE_CALENDAR:
        snprintf(what, sizeof what, "%s", _("Your day for the calendar of your phone."));
        break;
    default:
        snprintf(what, sizeof what, _("Your escort: %s. Save the phone number on your phone."),
                 h ? h->name : app->pack->workplace.contact_name);
        break;
    }
    if (take.failed) {
        ui_icon(ui, ui_center(code, ui->target * 2, ui->target * 2), ICON_WARNING, THEME_TEXT, THEME_BG);
        ui_text(ui, area, _("This is too long for one code. Ask your escort for a paper copy."),
                UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        return;
    }
    qrview_draw(ui, code, &take.qr);
    SDL_Rect top = ui_cut_top(&area, area.h / 2);
    ui_text(ui, top, what, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap / 2);
    ui_text(ui, area, _("Point the camera of your phone at the code."), UI_TEXT_BODY, 0,
            THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_TOP);
}

/* Variants: each of the three codes, then the message for a text too long for one code. */
static int take_variant(struct app *app, int n)
{
    if (n < 0 || n > TAKE_PAGE_COUNT || !app->pack || !app->visit.shadow)
        return -1;
    take_enter(app, NULL, SCREEN_GOTO);
    take.page = n < TAKE_PAGE_COUNT ? n : TAKE_TEXT;
    if (n == TAKE_PAGE_COUNT) {
        /* Pretend the code was built for this screen and did not fit. */
        take.built = 1;
        take.built_page = take.page;
        take.built_pack = app->pack;
        take.built_shadow = app->visit.shadow;
        snprintf(take.built_lang, sizeof take.built_lang, "%s", app->lang);
        take.failed = 1;
    }
    return 0;
}

const struct screen scr_take_away = {
    .name = "take_away",
    .enter = take_enter,
    .frame = take_frame,
    .variant = take_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_VISIT,
};
