/*
** app_loop.h - the app as main(), the tests, the benchmark and the scripted driver drive it:
** open it, run its loop or feed it events and let it step, show a screen in a given state, save
** what is on screen. Screens use app.h, not this.
**
** The loop sleeps until input, a timer (the table in app.c: the clock's minute, the idle
** countdown, a notice expiring, a widget's wake time, the USB watcher, the watchdog) or a
** redraw that is due; app_wait_ms says how long that is, app_step does what is due and draws.
*/
#ifndef SD_APP_LOOP_H
#define SD_APP_LOOP_H

#include "app.h"

/* Open the store, load the pack, make the window. On failure app->fatal says why; returns rc. */
int app_open(struct app *app, const struct app_options *opt);
void app_close(struct app *app);
/* Whether there is anything to draw on (without it main() can only print why). */
int app_has_display(const struct app *app);

/* The event loop until quit (a signal, or the window closed). */
int app_run(struct app *app);
/* Handle one SDL event (a pointer event runs a frame of its own, drawing nothing). */
void app_handle_event(struct app *app, const SDL_Event *e);
/* Milliseconds until the app must step without input (0: now). */
int app_wait_ms(struct app *app);
/* Run what is due (timers, the USB watcher, navigation) and draw when something changed. */
void app_step(struct app *app);
/* Draw the current screen now and present it, with the work and navigation that follow. */
void app_draw(struct app *app);

/* Show screen s as if it had just been gone to, with no notice up and nobody idle, and put it
** into its n-th variant (screen.h). Returns 0, or -1 when s has no variant n. For the layout
** check, the screenshots and the benchmark: nothing else sets the app's stack. */
int app_show(struct app *app, const struct screen *s, int n);
/* Save what is on screen now as a PNG. */
int app_screenshot(struct app *app, const char *path);

/* Drive time by hand from now on (appclock.h): the wall clock starts at wall, ticks only move
** when told. Timers, the idle time and the tap guard start again on the new timeline. */
void app_use_virtual_clock(struct app *app, int64_t wall);
/* The app's time from which a tap that begins counts (after the last change was drawn and
** shown for APP_MIN_SHOWN_MS): a person waits at least that long. */
uint32_t app_taps_count_from(const struct app *app);

/* Run the steps of path (see docs/scripted-driver.md); 0 when all passed. */
int script_run(struct app *app, const char *path);

#endif
