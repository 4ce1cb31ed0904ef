/*
** app.c - the kiosk's life cycle and main loop, navigation between screens, the visit in
** progress, and the services screens share (saving, notices, work a person waits for).
**
** The loop draws only when something changed: input, a timer that came due, or work that ended.
** Between those it sleeps. The timers are one table (app_timers) read both by the wait
** (app_wait_ms) and by the step (app_step), so what wakes the loop and what it does then cannot
** drift apart. Each pointer event gets a frame of its own, drawing nothing, so that a down and an
** up arriving together still make exactly one tap. Every change of what is on screen (a screen,
** a step, a card) arms the tap guard; it counts from the moment the change was presented.
** Start here after main.c; then ui.c, screen.h and step.h, then the scr_*.c files.
*/
#include "app_loop.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "avatar.h"
#include "display.h"
#include "err.h"
#include "i18n.h"
#include "log.h"
#include "overlay.h"
#include "pack_import.h"
#include "picture.h"
#include "qrview.h"
#include "speech.h"
#include "text.h"
#include "usb.h"
#include "watchdog.h"

enum {
    APP_STACK_MAX = 4,
    APP_IDLE_COUNTDOWN_S = 20,  /* the last seconds of the idle timeout are counted down */
    APP_IDLE_DEFAULT_S = 90,    /* the idle timeout without a day pack */
    APP_DRAW_ROUNDS = 8,        /* frames one app_draw may take while each changes the screen */
    APP_NEVER = 0x7fffffff,     /* a timer that is not running */
};

enum app_nav { APP_NAV_NONE = 0, APP_NAV_GOTO, APP_NAV_PUSH, APP_NAV_POP };

struct app_loop {
    struct display display;

    const struct screen *stack[APP_STACK_MAX];
    int depth;
    const struct screen *pending;      /* navigation asked for during this frame */
    int pending_op;                    /* enum app_nav */

    int dirty;                         /* what is on screen changed: draw */
    void (*work)(struct app *app);     /* to run once the frame being drawn is on screen */
    int working;                       /* work runs now (its progress frames ask for none) */
    int64_t minute_drawn;              /* the clock's minute the last frame showed */
    int idle_left;                     /* the countdown's seconds in the last frame, 0: not up */
    int idle_left_drawn;               /* ... in the last frame presented */

    uint32_t last_input_ms;
    char notice[256];                  /* a short notice over the screen ("Could not save") */
    uint32_t notice_until_ms;

    int usb_first_offered;             /* the stick in now was offered a new kiosk's first pack */
    int watchdog_usec;                 /* systemd's watchdog period, 0 = none */
    uint32_t last_watchdog_ms;
    int quit;
};

static void app_apply_navigation(struct app *app);

/* ---------------------------------------------------------------- navigation */

const struct screen *app_screen(const struct app *app)
{
    const struct app_loop *l = app->loop;
    return l && l->depth > 0 ? l->stack[l->depth - 1] : NULL;
}

static void app_ask(struct app *app, int op, const struct screen *s)
{
    app->loop->pending = s;
    app->loop->pending_op = op;
}

void app_goto(struct app *app, const struct screen *s)
{
    app_ask(app, APP_NAV_GOTO, s);
}

void app_push(struct app *app, const struct screen *s)
{
    app_ask(app, APP_NAV_PUSH, s);
}

void app_pop(struct app *app)
{
    app_ask(app, APP_NAV_POP, NULL);
}

void app_guard_taps(struct app *app)
{
    app->ui.accept_armed = 1;
    app->ui.active = 0;
}

/* A screen shown anew: whatever work the one before waited for is dropped. */
static void app_enter(struct app *app, const struct screen *s, const struct screen *from, int how)
{
    app->loop->work = NULL;
    app_guard_taps(app);
    if (s->enter)
        s->enter(app, from, how);
    app->loop->dirty = 1;
}

/* Apply the navigation asked for during the last frame. */
static void app_apply_navigation(struct app *app)
{
    struct app_loop *l = app->loop;
    int op = l->pending_op;
    const struct screen *s = l->pending, *from = app_screen(app);
    l->pending_op = APP_NAV_NONE;
    l->pending = NULL;
    switch (op) {
    case APP_NAV_GOTO:
        l->depth = 1;
        l->stack[0] = s;
        app_enter(app, s, from, SCREEN_GOTO);
        break;
    case APP_NAV_PUSH:
        if (l->depth < APP_STACK_MAX) {
            l->stack[l->depth++] = s;
            app_enter(app, s, from, SCREEN_PUSH);
        }
        break;
    case APP_NAV_POP:
        if (l->depth > 1)
            l->depth--;
        /* The screen below keeps its state: it is shown again, not entered again. */
        l->work = NULL;
        app_guard_taps(app);
        l->dirty = 1;
        break;
    default:
        break;
    }
}

int app_show(struct app *app, const struct screen *s, int n)
{
    struct app_loop *l = app->loop;
    l->pending_op = APP_NAV_NONE;
    l->pending = NULL;
    l->notice[0] = '\0';
    l->last_input_ms = appclock_ticks(app);
    l->depth = 1;
    l->stack[0] = s;
    app_enter(app, s, NULL, SCREEN_GOTO);
    if (s->variant)
        return s->variant(app, n) == 0 ? 0 : -1;
    return n == 0 ? 0 : -1;
}

/* Whether the screen's needs (screen.h) are met; if not, it is not drawn and the kiosk goes
** back to Start (the idle countdown, a restart or a new pack ended what it showed). */
static int app_needs_met(struct app *app, const struct screen *s)
{
    const struct app_visit *v = &app->visit;
    if ((s->flags & (SCREEN_NEEDS_VISIT | SCREEN_NEEDS_CHECKIN)) && (!app->pack || !v->shadow))
        return 0;
    if ((s->flags & SCREEN_NEEDS_CHECKIN) && !v->state.uuid[0])
        return 0;
    if ((s->flags & SCREEN_NEEDS_ADMIN) && !app->admin_unlocked &&
        !((s->flags & SCREEN_OR_FIRST_PACK) && app_first_pack(app)))
        return 0;
    return 1;
}

/* ---------------------------------------------------------------- the visit */

void app_set_language(struct app *app, const char *lang)
{
    snprintf(app->lang, sizeof app->lang, "%s", lang && *lang ? lang : "fi");
    i18n_set_language(app->lang);
    if (app->loop)
        app->loop->dirty = 1;
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

void app_notice(struct app *app, const char *msg, uint32_t ms)
{
    snprintf(app->loop->notice, sizeof app->loop->notice, "%s", msg);
    app->loop->notice_until_ms = appclock_ticks(app) + ms;
    app->loop->dirty = 1;
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

int app_first_pack(struct app *app)
{
    char sha[80];
    return !app->pack && app->store &&
           store_setting_get(app->store, "pack_source_sha256", sha, sizeof sha) == SD_ENOTFOUND;
}

void app_work(struct app *app, void (*fn)(struct app *app))
{
    if (!app->loop->working)
        app->loop->work = fn;
}

/* Run the work asked for; then what it changed is drawn at once. */
static void app_run_work(struct app *app)
{
    struct app_loop *l = app->loop;
    void (*fn)(struct app *) = l->work;
    l->work = NULL;
    l->working = 1;
    fn(app);
    l->working = 0;
    l->dirty = 1;
}

/* ---------------------------------------------------------------- frames */

static int app_idle_timeout_s(const struct app *app)
{
    int s = app->pack ? app->pack->workplace.idle_timeout_s : APP_IDLE_DEFAULT_S;
    return s < APP_IDLE_COUNTDOWN_S + 10 ? APP_IDLE_COUNTDOWN_S + 10 : s;
}

/* The idle countdown at now: its seconds left while it is up, 0 when it is not (nobody's screen,
** or someone touched it lately), -1 when it ran out. */
static int app_idle_left(struct app *app, uint32_t now)
{
    const struct screen *s = app_screen(app);
    if (!s || !(s->flags & (SCREEN_VISIT | SCREEN_HOST)))
        return 0;
    int timeout_s = app_idle_timeout_s(app);
    uint32_t idle = now - app->loop->last_input_ms;
    if (idle < (uint32_t)(timeout_s - APP_IDLE_COUNTDOWN_S) * 1000u)
        return 0;
    int left = timeout_s - (int)(idle / 1000);
    return left > 0 ? left : -1;
}

/* The screen's frame under the overlays: blocked while one is up. */
static void app_frame_screen(struct app *app, struct ui *ui)
{
    struct app_loop *l = app->loop;
    const struct screen *s = app_screen(app);
    l->idle_left = app_idle_left(app, ui->now_ms);
    if (l->idle_left < 0) {
        l->idle_left = 0;
        app_end_visit(app);
        return;
    }
    if (l->notice[0] && (int32_t)(ui->now_ms - l->notice_until_ms) >= 0)
        l->notice[0] = '\0';
    if (s && !app_needs_met(app, s)) {
        app_end_visit(app);
        return;
    }
    ui->blocked = l->idle_left > 0 || l->notice[0];
    if (s)
        s->frame(app, ui);
    ui->blocked = 0;
    if (l->idle_left > 0) {
        if (overlay_idle(ui, l->idle_left)) {
            l->last_input_ms = ui->now_ms;
            l->dirty = 1;
        }
    } else if (l->notice[0] && overlay_notice(ui, l->notice)) {
        l->notice[0] = '\0';
        l->dirty = 1;
    }
}

/* One frame of the current screen plus overlays; draws unless ui->dry. */
static void app_frame(struct app *app)
{
    struct ui *ui = &app->ui;
    ui->now_ms = appclock_ticks(app);
    ui_begin(ui);
    if (app->fatal[0])
        overlay_fatal(ui, app->fatal);
    else
        app_frame_screen(app, ui);
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
        app->loop->quit = 1;
}

/* Draw a frame and put it on the screen; what it shows is seen from now on. */
static void app_present(struct app *app)
{
    struct app_loop *l = app->loop;
    int64_t minute = appclock_wall(app) / 60;
    app->ui.dry = 0;
    app_frame(app);
    SDL_RenderPresent(l->display.renderer);
    l->minute_drawn = minute;
    l->idle_left_drawn = l->idle_left;
    if (app->ui.accept_armed) {
        /* The tap guard counts from the moment the change is on the screen. */
        app->ui.accept_armed = 0;
        app->ui.accept_after_ms = appclock_ticks(app) + APP_MIN_SHOWN_MS;
    }
    app_bench_first_frame(app);
}

void app_draw_frame(struct app *app)
{
    app_present(app);
}

void app_draw(struct app *app)
{
    struct app_loop *l = app->loop;
    for (int round = 0; round < APP_DRAW_ROUNDS; round++) {
        l->dirty = 0;
        app_present(app);
        if (l->work)
            app_run_work(app);
        if (l->pending_op)
            app_apply_navigation(app);
        if (!l->dirty)
            return;
    }
}

int app_screenshot(struct app *app, const char *path)
{
    int w = app->ui.w, h = app->ui.h;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return SD_ENOMEM;
    int rc = SD_OK;
    if (SDL_RenderReadPixels(app->loop->display.renderer, NULL, SDL_PIXELFORMAT_ARGB8888,
                             s->pixels, s->pitch) != 0 ||
        picture_save_png(s, path) != SD_OK) {
        LOG_ERROR("screenshot %s failed: %s", path, SDL_GetError());
        rc = SD_EIO;
    }
    SDL_FreeSurface(s);
    return rc;
}

/* ---------------------------------------------------------------- input */

/* Route one pointer event through a frame that draws nothing. at: when the finger did it. */
static void app_pointer(struct app *app, int down, int up, int x, int y, uint32_t at)
{
    struct ui *ui = &app->ui;
    struct app_loop *l = app->loop;
    /* The countdown hid the screen: the touch that ends it only brings the screen back. */
    if (down && l->idle_left_drawn > 0)
        app_guard_taps(app);
    l->last_input_ms = appclock_ticks(app);
    ui->px = x;
    ui->py = y;
    if (down) {
        ui->pointer_down = 1;
        ui->pointer_held = 1;
        ui->held_since_ms = at;
    }
    if (up) {
        ui->pointer_up = 1;
        ui->pointer_held = 0;
    }
    ui->dry = 1;
    app_frame(app);
    ui->dry = 0;
    l->dirty = 1;
    if (l->pending_op)
        app_apply_navigation(app);
}

/* When the event happened on the app's clock: SDL stamps real events as they arrive, so a tap
** that waited in the queue while the kiosk was busy keeps the time it began. */
static uint32_t app_event_time(const struct app *app, const SDL_Event *e)
{
    uint32_t now = appclock_ticks(app);
    if (app->clock.is_virtual || !e->common.timestamp || (int32_t)(e->common.timestamp - now) > 0)
        return now;
    return e->common.timestamp;
}

/* A finger moved while down: where it is now (a finger that rolls off a button cancels it). */
static void app_motion(struct app *app, int x, int y)
{
    if (!app->ui.pointer_held)
        return;
    app->ui.px = x;
    app->ui.py = y;
    app->loop->last_input_ms = appclock_ticks(app);
}

void app_handle_event(struct app *app, const SDL_Event *e)
{
    struct ui *ui = &app->ui;
    switch (e->type) {
    case SDL_QUIT:
        /* Only a signal (systemd stopping us) or, in a window, closing it. */
        app->loop->quit = 1;
        break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
        app_pointer(app, e->type == SDL_FINGERDOWN, e->type == SDL_FINGERUP,
                    (int)(e->tfinger.x * (float)ui->w), (int)(e->tfinger.y * (float)ui->h),
                    app_event_time(app, e));
        break;
    case SDL_FINGERMOTION:
        app_motion(app, (int)(e->tfinger.x * (float)ui->w), (int)(e->tfinger.y * (float)ui->h));
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        /* Mouse events SDL makes from touch would double every tap: fingers are handled above. */
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            break;
        app_pointer(app, e->type == SDL_MOUSEBUTTONDOWN, e->type == SDL_MOUSEBUTTONUP,
                    e->button.x, e->button.y, app_event_time(app, e));
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which != SDL_TOUCH_MOUSEID)
            app_motion(app, e->motion.x, e->motion.y);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            display_resized(&app->loop->display, ui);
            app->loop->dirty = 1;
        }
        break;
    case SDL_KEYDOWN:
        /* Keyboard is for development only; no key leaves the kiosk. */
        app->loop->last_input_ms = appclock_ticks(app);
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------- timers */

/* The clock in the header shows the minute: due when the minute on screen is not now's. */
static int app_minute_due(struct app *app, uint32_t now)
{
    int64_t wall = appclock_wall(app);
    (void)now;
    return wall / 60 != app->loop->minute_drawn ? 0 : (int)(60 - wall % 60) * 1000;
}

/* The idle countdown comes up, counts each second and ends the visit. */
static int app_idle_due(struct app *app, uint32_t now)
{
    const struct screen *s = app_screen(app);
    if (!s || !(s->flags & (SCREEN_VISIT | SCREEN_HOST)))
        return APP_NEVER;
    int left = app_idle_left(app, now);
    if (left != app->loop->idle_left_drawn)
        return 0;
    uint32_t idle = now - app->loop->last_input_ms;
    uint32_t show_at = (uint32_t)(app_idle_timeout_s(app) - APP_IDLE_COUNTDOWN_S) * 1000u;
    return idle < show_at ? (int)(show_at - idle) : 1000 - (int)(idle % 1000);
}

/* A notice goes away when its time is up. */
static int app_notice_due(struct app *app, uint32_t now)
{
    return app->loop->notice[0] ? (int)(app->loop->notice_until_ms - now) : APP_NEVER;
}

/* A widget asked to be woken (a long press coming due, the PIN lock-out counting down). */
static int app_wake_due(struct app *app, uint32_t now)
{
    return app->ui.wake_ms ? (int)(app->ui.wake_ms - now) : APP_NEVER;
}

static int app_usb_due(struct app *app, uint32_t now)
{
    (void)app;
    return usb_due_in(now);
}

/* The USB watcher says whether a stick came or went; what that means is decided here. */
static void app_usb_fire(struct app *app, uint32_t now)
{
    struct app_loop *l = app->loop;
    int event = usb_watch(now);
    if (event != USB_NO_CHANGE)
        l->dirty = 1;   /* the import and export screens show whether a stick is in */
    if (!usb_stick()) {
        l->usb_first_offered = 0;
        return;
    }
    const struct screen *s = app_screen(app);
    int at_start = s == &scr_start && !app->visit.shadow;
    /* A new kiosk: the stick brings its first pack, imported without a PIN (there is none). */
    if (at_start && !l->usb_first_offered && app_first_pack(app)) {
        l->usb_first_offered = 1;
        app_goto(app, &scr_admin_import);
        return;
    }
    if (event != USB_CAME)
        return;
    /* A stick was put in: the coordinator is here. Offer, never interrupt a shadow. */
    if (at_start)
        app_goto(app, &scr_admin);
    else if (s == &scr_admin && app->admin_unlocked)
        app_notice(app, _("A USB stick was put in. Tap \"Import day pack\" or \"Export to USB "
                          "stick\"."), 8000);
}

static int app_watchdog_due(struct app *app, uint32_t now)
{
    struct app_loop *l = app->loop;
    return l->watchdog_usec > 0 ? l->watchdog_usec / 2000 - (int)(now - l->last_watchdog_ms)
                                : APP_NEVER;
}

/* Fed only while the loop runs and the database answers: a hung store means a restart. */
static void app_watchdog_fire(struct app *app, uint32_t now)
{
    if (!app->store || store_ping(app->store) == SD_OK)
        watchdog_feed();
    app->loop->last_watchdog_ms = now;
}

/* Something on screen changed, or work waits for the frame that says it is working. */
static int app_redraw_due(struct app *app, uint32_t now)
{
    (void)now;
    return app->loop->dirty || app->loop->work ? 0 : APP_NEVER;
}

/* Everything that makes the loop step without input. due: milliseconds until it is due (0 or
** less: now). fire: what it does then; NULL: draw the screen again. */
static const struct {
    int (*due)(struct app *app, uint32_t now);
    void (*fire)(struct app *app, uint32_t now);
} app_timers[] = {
    { app_minute_due, NULL },
    { app_idle_due, NULL },
    { app_notice_due, NULL },
    { app_wake_due, NULL },
    { app_usb_due, app_usb_fire },
    { app_watchdog_due, app_watchdog_fire },
    { app_redraw_due, NULL },
};

int app_wait_ms(struct app *app)
{
    uint32_t now = appclock_ticks(app);
    int wait = APP_NEVER;
    for (size_t i = 0; i < sizeof app_timers / sizeof app_timers[0]; i++) {
        int due = app_timers[i].due(app, now);
        if (due < wait)
            wait = due;
    }
    return wait < 0 ? 0 : wait;
}

void app_step(struct app *app)
{
    uint32_t now = appclock_ticks(app);
    for (size_t i = 0; i < sizeof app_timers / sizeof app_timers[0]; i++) {
        if (app_timers[i].due(app, now) > 0)
            continue;
        if (app_timers[i].fire)
            app_timers[i].fire(app, now);
        else
            app->loop->dirty = 1;
    }
    if (app->loop->pending_op)
        app_apply_navigation(app);
    if (app->loop->dirty || app->loop->work)
        app_draw(app);
}

uint32_t app_taps_count_from(const struct app *app)
{
    return app->ui.accept_armed ? appclock_ticks(app) + APP_MIN_SHOWN_MS : app->ui.accept_after_ms;
}

void app_use_virtual_clock(struct app *app, int64_t wall)
{
    appclock_use_virtual(app, wall);
    /* A new timeline: what the old one had pending would never or at once come due. */
    app->loop->last_input_ms = appclock_ticks(app);
    app->loop->notice[0] = '\0';
    app->ui.accept_after_ms = appclock_ticks(app);
    app->loop->dirty = 1;
}

/* ---------------------------------------------------------------- the loop */

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
        int step = app->ui.pointer_held || SDL_GetTicks() - app->loop->last_input_ms < 3000
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
    while (!app->loop->quit) {
        SDL_Event e;
        if (app_wait_event(app, &e, app_wait_ms(app))) {
            app_handle_event(app, &e);
            while (!app->loop->quit && SDL_PollEvent(&e))
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
    avatar_forget_all();
    app_load_pack(app);
    app->loop->dirty = 1;
}

/* --pack: install that folder at start (it may be installed already). */
static void app_import_start_pack(struct app *app, const char *dir)
{
    struct pack_report rep;
    pack_report_init(&rep);
    int rc = pack_import_dir(app->store, dir, &rep);
    if (rc == SD_OK)
        app_load_pack(app);
    else if (rc != SD_EEXIST)
        for (int i = 0; i < rep.count; i++) {
            char line[400];
            LOG_ERROR("%s", pack_problem_format(&rep.problems[i], line, sizeof line));
        }
    pack_report_free(&rep);
}

/* The data folder and the store; on failure app->fatal says why in words for the screen. */
static int app_open_store(struct app *app)
{
    if (app_make_dirs(app->data_dir) != 0) {
        snprintf(app->fatal, sizeof app->fatal, _("The data folder %s cannot be made: %s"),
                 app->data_dir, strerror(errno));
        return SD_EIO;
    }
    snprintf(app->db_path, sizeof app->db_path, "%s/shadowday.db", app->data_dir);
    int rc = store_open(&app->store, app->db_path, NULL);
    if (rc != SD_OK) {
        snprintf(app->fatal, sizeof app->fatal,
                 _("The kiosk's records cannot be opened (%s). Nothing was changed. "
                   "Ask the coordinator for help."),
                 app->store ? store_errmsg(app->store) : sd_strerror(rc));
        store_close(app->store);
        app->store = NULL;
    }
    return rc;
}

/* Fonts and the window; on failure app->fatal says why. */
static int app_open_display(struct app *app, const struct app_options *opt)
{
    int rc = text_init(opt->font_dir);
    if (rc != SD_OK) {
        snprintf(app->fatal, sizeof app->fatal, "%s", text_error());
        return rc;
    }
    struct display_options d = { .width = opt->width, .height = opt->height,
                                 .windowed = opt->windowed, .offscreen = opt->offscreen,
                                 .mm_w = opt->display_mm_w };
    rc = display_open(&app->loop->display, &d, &app->ui, app->fatal, sizeof app->fatal);
    if (rc != SD_OK)
        return rc;
    if (display_too_small(app->ui.w, app->ui.h)) {
        snprintf(app->fatal, sizeof app->fatal,
                 _("This screen is too small for shadowday: it is %d x %d pixels, and at least "
                   "800 x 480 (or 480 x 800) is needed."), app->ui.w, app->ui.h);
        return SD_EINVAL;
    }
    return SD_OK;
}

int app_open(struct app *app, const struct app_options *opt)
{
    memset(app, 0, sizeof *app);
    app->opt = *opt;
    app->loop = calloc(1, sizeof *app->loop);
    if (!app->loop) {
        snprintf(app->fatal, sizeof app->fatal, "%s", sd_strerror(SD_ENOMEM));
        return SD_ENOMEM;
    }
    app->loop->minute_drawn = -1;
    i18n_init();
    app_set_language(app, "fi");
    if (opt->data_dir)
        snprintf(app->data_dir, sizeof app->data_dir, "%s", opt->data_dir);
    else
        app_default_data_dir(app->data_dir, sizeof app->data_dir);

    int rc = app_open_display(app, opt);
    if (rc == SD_OK)
        rc = app_open_store(app);
    if (rc != SD_OK)
        return rc;
    app_load_pack(app);
    if (opt->pack_dir)
        app_import_start_pack(app, opt->pack_dir);
    usb_init(opt->usb_dir);
    app->loop->watchdog_usec = watchdog_interval_usec();
    app_set_language(app, app_default_language(app));
    app->loop->last_input_ms = appclock_ticks(app);
    app->loop->depth = 1;
    app->loop->stack[0] = &scr_start;
    app_enter(app, &scr_start, NULL, SCREEN_GOTO);
    return SD_OK;
}

int app_has_display(const struct app *app)
{
    return app->loop && app->loop->display.renderer;
}

void app_close(struct app *app)
{
    avatar_forget_all();
    text_quit();
    qrview_release_textures();
    pack_free(app->pack);
    app->pack = NULL;
    store_close(app->store);
    app->store = NULL;
    ui_free(&app->ui);
    if (app->loop)
        display_close(&app->loop->display);
    free(app->loop);
    app->loop = NULL;
    TTF_Quit();
    SDL_Quit();
}
