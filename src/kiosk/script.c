/*
** script.c - the scripted driver: a file of steps that walks the kiosk headless.
**
** Steps find widgets by the words on them, as a person would, and send real SDL finger events
** at their centre through the same path a touch screen uses. Time is virtual: `wait 90` takes
** no time at all, and the kiosk's clock says what `clock` set. A failed step prints
** "file:line: what was expected and what is on screen", saves a screenshot and stops with 1.
** The step language is documented in docs/scripted-driver.md.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_loop.h"
#include "err.h"
#include "i18n.h"

enum {
    SCRIPT_MAX_ARGS = 4,
    SCRIPT_TAP_GAP_MS = 450,    /* a person takes at least this long between taps */
    SCRIPT_SETTLE_STEPS = 16,   /* steps at most until nothing is due (work, navigation) */
};

struct script {
    struct app *app;
    const char *path;
    int line;
    char error[1024];
    int shot_count;
};

typedef int script_step_fn(struct script *sc, int argc, char **argv);

/* ---------------------------------------------------------------- helpers */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int script_fail(struct script *sc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->error, sizeof sc->error, fmt, ap);
    va_end(ap);
    return -1;
}

/* Let the app do what is due now, as its loop would without input (draw what changed, run
** work, navigate), until nothing more is. Nothing is drawn that the loop would not draw: a
** screen that forgets to redraw shows the same stale frame to a script as to a person. */
static void script_settle(struct script *sc)
{
    for (int i = 0; i < SCRIPT_SETTLE_STEPS && app_wait_ms(sc->app) == 0; i++)
        app_step(sc->app);
}

static void script_advance(struct script *sc, uint32_t ms)
{
    appclock_advance(sc->app, ms);
    app_step(sc->app);
}

/* A person waits before the next tap: at least SCRIPT_TAP_GAP_MS, and until what changed on
** screen was shown long enough for a tap to count (APP_MIN_SHOWN_MS). */
static void script_wait_to_tap(struct script *sc)
{
    script_settle(sc);
    uint32_t wait = SCRIPT_TAP_GAP_MS;
    int32_t guard = (int32_t)(app_taps_count_from(sc->app) - appclock_ticks(sc->app));
    if (guard > (int32_t)wait)
        wait = (uint32_t)guard;
    script_advance(sc, wait);
    script_settle(sc);
}

/*
** A label written "_(MSGID)" is the kiosk's own translation of MSGID in the language on screen,
** so scripts keep passing when a translator rewords a string; "_(FORMAT|ARG|ARG)" fills the
** translated format's %s / %d / %1$s conversions with the ARGs in order (or by position).
** Any other label is used as it is.
*/
static const char *script_label(const char *in, char *out, size_t size)
{
    size_t len = strlen(in);
    if (len < 4 || strncmp(in, "_(", 2) != 0 || in[len - 1] != ')')
        return in;
    char msgid[512], *args[8];
    int nargs = 0;
    snprintf(msgid, sizeof msgid, "%.*s", (int)(len - 3), in + 2);
    for (char *bar = strchr(msgid, '|'); bar && nargs < 8; bar = strchr(bar, '|')) {
        *bar++ = '\0';
        args[nargs++] = bar;
    }
    const char *fmt = _(msgid);
    size_t n = 0;
    int next = 0;
    for (const char *p = fmt; *p && n + 1 < size; p++) {
        if (*p != '%' || !p[1]) {
            out[n++] = *p;
            continue;
        }
        if (p[1] == '%') {
            out[n++] = '%';
            p++;
            continue;
        }
        const char *q = p + 1;
        int pos = -1;
        if (isdigit((unsigned char)*q) && q[1] == '$') {
            pos = *q - '1';
            q += 2;
        }
        while (*q && !isalpha((unsigned char)*q))
            q++;
        if (!*q)
            break;
        int i = pos >= 0 ? pos : next++;
        const char *arg = i >= 0 && i < nargs ? args[i] : "";
        int w = snprintf(out + n, size - n, "%s", arg);
        n += w > 0 ? (size_t)w : 0;
        if (n >= size)
            n = size - 1;
        p = q;
    }
    out[n] = '\0';
    return out;
}

static const struct ui_record *script_find_button(struct script *sc, const char *label, int nth)
{
    const struct ui *ui = &sc->app->ui;
    int seen = 0;
    for (int i = 0; i < ui->log_count; i++) {
        const struct ui_record *r = &ui->log[i];
        if (r->kind == UI_RECORD_BUTTON && r->enabled && strcmp(r->text, label) == 0 && ++seen == nth)
            return r;
    }
    return NULL;
}

/* The buttons on screen, for error messages. */
static void script_list_buttons(struct script *sc, char *out, size_t size)
{
    const struct ui *ui = &sc->app->ui;
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < ui->log_count && n + 4 < size; i++) {
        const struct ui_record *r = &ui->log[i];
        if (r->kind != UI_RECORD_BUTTON)
            continue;
        int w = snprintf(out + n, size - n, "%s\"%s\"%s", n ? ", " : "", r->text,
                         r->enabled ? "" : " (disabled)");
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
}

static void script_send(struct script *sc, Uint32 type, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = ((float)x + 0.5f) / (float)sc->app->ui.w;
    e.tfinger.y = ((float)y + 0.5f) / (float)sc->app->ui.h;
    e.tfinger.pressure = 1.0f;
    app_handle_event(sc->app, &e);
}

static int script_press(struct script *sc, const char *label, int nth, uint32_t hold_ms)
{
    char translated[512];
    label = script_label(label, translated, sizeof translated);
    script_wait_to_tap(sc);
    const struct ui_record *r = script_find_button(sc, label, nth);
    if (!r) {
        char buttons[700];
        script_list_buttons(sc, buttons, sizeof buttons);
        return script_fail(sc, "no button \"%s\" on screen; the buttons are: %s", label, buttons);
    }
    int x = r->rect.x + r->rect.w / 2, y = r->rect.y + r->rect.h / 2;
    script_send(sc, SDL_FINGERDOWN, x, y);
    if (hold_ms) {
        /* Time passes in steps so the loop sees the hold grow, as it would. */
        for (uint32_t t = 0; t < hold_ms; t += 250)
            script_advance(sc, 250);
    } else {
        appclock_advance(sc->app, 90);
    }
    script_send(sc, SDL_FINGERUP, x, y);
    script_settle(sc);
    return 0;
}

static int script_parse_time(const char *date, const char *hm, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int sec = 0;
    if (sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3 ||
        sscanf(hm, "%d:%d:%d", &tm.tm_hour, &tm.tm_min, &sec) < 2)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return -1;
    *out = (int64_t)t;
    return 0;
}

/* ---------------------------------------------------------------- steps */

static int step_tap(struct script *sc, int argc, char **argv)
{
    return script_press(sc, argv[1], argc > 2 ? atoi(argv[2]) : 1, 0);
}

/* A double tap: the button, then the same place again gap ms later (default 150), as an
** impatient finger does while the screen changes under it. */
static int step_doubletap(struct script *sc, int argc, char **argv)
{
    char translated[512];
    const char *label = script_label(argv[1], translated, sizeof translated);
    uint32_t gap = argc > 2 ? (uint32_t)atoi(argv[2]) : 150;
    script_wait_to_tap(sc);
    const struct ui_record *r = script_find_button(sc, label, 1);
    if (!r)
        return script_fail(sc, "no button \"%s\" on screen", label);
    int x = r->rect.x + r->rect.w / 2, y = r->rect.y + r->rect.h / 2;
    for (int i = 0; i < 2; i++) {
        script_send(sc, SDL_FINGERDOWN, x, y);
        appclock_advance(sc->app, 60);
        script_send(sc, SDL_FINGERUP, x, y);
        script_settle(sc);
        appclock_advance(sc->app, gap);
    }
    script_settle(sc);
    return 0;
}

static int step_hold(struct script *sc, int argc, char **argv)
{
    double s = argc > 2 ? atof(argv[2]) : 3.0;
    return script_press(sc, argv[1], 1, (uint32_t)(s * 1000.0));
}

static int step_pin(struct script *sc, int argc, char **argv)
{
    (void)argc;
    for (const char *d = argv[1]; *d; d++) {
        char key[2] = { *d, 0 };
        if (script_press(sc, key, 1, 0) != 0)
            return -1;
    }
    return script_press(sc, _("OK"), 1, 0);
}

static int step_type(struct script *sc, int argc, char **argv)
{
    (void)argc;
    const unsigned char *p = (const unsigned char *)argv[1];
    while (*p) {
        char key[8] = { 0 };
        int len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        memcpy(key, p, (size_t)len);
        p += len;
        const char *label = strcmp(key, " ") == 0 ? _("Space") : key;
        if (script_press(sc, label, 1, 0) != 0)
            return -1;
    }
    return 0;
}

static int step_wait(struct script *sc, int argc, char **argv)
{
    (void)argc;
    double s = atof(argv[1]);
    if (s < 0 || s > 86400)
        return script_fail(sc, "wait wants 0 to 86400 seconds, not %s", argv[1]);
    uint32_t left = (uint32_t)(s * 1000.0);
    while (left > 0) {
        uint32_t step = left > 1000 ? 1000 : left;
        script_advance(sc, step);
        left -= step;
    }
    script_settle(sc);
    return 0;
}

static int step_clock(struct script *sc, int argc, char **argv)
{
    int64_t t;
    if (argc < 3 || script_parse_time(argv[1], argv[2], &t) != 0)
        return script_fail(sc, "clock wants YYYY-MM-DD HH:MM[:SS], not \"%s %s\"", argv[1],
                           argc > 2 ? argv[2] : "");
    appclock_set_virtual_wall(sc->app, t);
    /* The kiosk's clock is the system's plus the offset the admin set: make it show t. */
    int64_t shown = appclock_wall(sc->app);
    if (shown != t)
        appclock_set_virtual_wall(sc->app, t - (shown - t));
    script_settle(sc);
    return 0;
}

static int script_has_text(struct script *sc, const char *needle)
{
    const struct ui *ui = &sc->app->ui;
    for (int i = 0; i < ui->log_count; i++)
        if (strstr(ui->log[i].text, needle))
            return 1;
    return 0;
}

static int step_expect(struct script *sc, int argc, char **argv)
{
    char translated[512];
    const char *what = argv[1], *arg = script_label(argc > 2 ? argv[2] : "", translated,
                                                    sizeof translated);
    script_settle(sc);
    if (strcmp(what, "screen") == 0) {
        const struct screen *s = app_screen(sc->app);
        const char *name = s ? s->name : "(none)";
        if (strcmp(name, arg) != 0) {
            return script_fail(sc, "expected screen \"%s\" but it is \"%s\"", arg, name);
        }
        return 0;
    }
    if (strcmp(what, "text") == 0 || strcmp(what, "no-text") == 0) {
        int want = strcmp(what, "text") == 0;
        if (script_has_text(sc, arg) != want)
            return script_fail(sc, want ? "expected the text \"%s\" on screen"
                                        : "did not expect the text \"%s\" on screen", arg);
        return 0;
    }
    if (strcmp(what, "button") == 0 || strcmp(what, "no-button") == 0) {
        int want = strcmp(what, "button") == 0;
        if ((script_find_button(sc, arg, 1) != NULL) != want) {
            char buttons[700];
            script_list_buttons(sc, buttons, sizeof buttons);
            return script_fail(sc, want ? "expected a button \"%s\"; the buttons are: %s"
                                        : "did not expect a button \"%s\"; the buttons are: %s",
                               arg, buttons);
        }
        return 0;
    }
    return script_fail(sc, "expect what? \"%s\" (screen, text, no-text, button, no-button)",
                       what);
}

static int step_shot(struct script *sc, int argc, char **argv)
{
    char path[1024];
    (void)argc;
    const char *dir = sc->app->opt.shots_dir ? sc->app->opt.shots_dir : ".";
    snprintf(path, sizeof path, "%s/%s", dir, argv[1]);
    script_settle(sc);
    app_draw(sc->app);
    sc->shot_count++;
    if (app_screenshot(sc->app, path) != SD_OK)
        return script_fail(sc, "could not save the screenshot %s", path);
    return 0;
}

static int step_echo(struct script *sc, int argc, char **argv)
{
    (void)sc;
    for (int i = 1; i < argc; i++)
        printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
    return 0;
}

static int step_dump(struct script *sc, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const struct ui *ui = &sc->app->ui;
    const struct screen *s = app_screen(sc->app);
    printf("screen %s\n", s ? s->name : "(none)");
    for (int i = 0; i < ui->log_count; i++) {
        const struct ui_record *r = &ui->log[i];
        printf("  %-6s %4d,%-4d %4dx%-4d %s%s\n",
               r->kind == UI_RECORD_BUTTON ? "button" : r->kind == UI_RECORD_TEXT ? "text" :
               r->kind == UI_RECORD_ICON ? "icon" : "image",
               r->rect.x, r->rect.y, r->rect.w, r->rect.h, r->text, r->overflow ? "  [OVERFLOW]" : "");
    }
    return 0;
}

static const struct {
    const char *name;
    script_step_fn *run;
    int min_args;
    const char *usage;
} script_steps[] = {
    /* name      function     args  usage */
    { "tap",     step_tap,    1, "tap LABEL [N]" },
    { "hold",    step_hold,   1, "hold LABEL [SECONDS]" },
    { "doubletap", step_doubletap, 1, "doubletap LABEL [GAP_MS]" },
    { "pin",     step_pin,    1, "pin DIGITS" },
    { "type",    step_type,   1, "type TEXT" },
    { "wait",    step_wait,   1, "wait SECONDS" },
    { "clock",   step_clock,  2, "clock YYYY-MM-DD HH:MM[:SS]" },
    { "expect",  step_expect, 1, "expect screen|text|no-text|button|no-button WHAT" },
    { "shot",    step_shot,   1, "shot FILE.png" },
    { "echo",    step_echo,   0, "echo TEXT" },
    { "dump",    step_dump,   0, "dump" },
};

/* Split a line into words; "double quotes" keep spaces. Returns the count. */
static int script_split(char *line, char **argv, int max)
{
    int argc = 0;
    char *p = line;
    while (*p && argc < max) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            break;
        if (*p == '"') {
            argv[argc++] = ++p;
            while (*p && *p != '"')
                p++;
        } else {
            argv[argc++] = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
        }
        if (*p)
            *p++ = '\0';
    }
    return argc;
}

int script_run(struct app *app, const char *path)
{
    struct script sc = { .app = app, .path = path };
    char line[1024];
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "shadowday-kiosk: cannot read the script %s\n", path);
        return 1;
    }
    app_use_virtual_clock(app, (int64_t)time(NULL));
    app_draw(app);
    /* A kiosk that could not start (a screen too small) shows why; a script may check that. */
    int fatal_at_start = app->fatal[0] != '\0';
    int status = 0;
    while (fgets(line, sizeof line, f)) {
        char *argv[SCRIPT_MAX_ARGS + 1];
        sc.line++;
        line[strcspn(line, "\r\n")] = '\0';
        int argc = script_split(line, argv, SCRIPT_MAX_ARGS + 1);
        if (argc == 0)
            continue;
        int known = 0, rc = 0;
        for (unsigned i = 0; i < sizeof script_steps / sizeof script_steps[0]; i++) {
            if (strcmp(argv[0], script_steps[i].name) != 0)
                continue;
            known = 1;
            if (argc - 1 < script_steps[i].min_args)
                rc = script_fail(&sc, "usage: %s", script_steps[i].usage);
            else
                rc = script_steps[i].run(&sc, argc, argv);
        }
        if (!known)
            rc = script_fail(&sc, "unknown step \"%s\"", argv[0]);
        if (rc != 0 || (app->fatal[0] && !fatal_at_start)) {
            if (app->fatal[0] && rc == 0)
                snprintf(sc.error, sizeof sc.error, "the kiosk stopped: %s", app->fatal);
            fprintf(stderr, "%s:%d: %s\n", path, sc.line, sc.error);
            char shot[1400];
            snprintf(shot, sizeof shot, "%s/failed-line-%d.png",
                     app->opt.shots_dir ? app->opt.shots_dir : ".", sc.line);
            app_draw(app);
            if (app_screenshot(app, shot) == SD_OK)
                fprintf(stderr, "%s:%d: the screen is saved in %s\n", path, sc.line, shot);
            status = 1;
            break;
        }
    }
    fclose(f);
    if (status == 0)
        printf("%s: %d steps passed, %d screenshots\n", path, sc.line, sc.shot_count);
    return status;
}
