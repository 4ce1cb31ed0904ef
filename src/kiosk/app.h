/*
** app.h - the kiosk application: window, loop, navigation, the visit in progress, and the
** services every screen uses (header bar, saving a record, translated pack text, time).
**
** One struct app is made by main() (or by a test, on an off-screen renderer) and handed to every
** screen. Screens keep their own state static in their file and reset it in enter().
** Depends on SDL2, the core library and ui.h.
*/
#ifndef SD_APP_H
#define SD_APP_H

#include <SDL.h>
#include <limits.h>
#include <stdint.h>

#include "pack.h"
#include "screen.h"
#include "store.h"
#include "ui.h"

#define APP_STACK_MAX 4
#define APP_IDLE_COUNTDOWN_S 20    /* the last seconds of the idle timeout are counted down */

struct app_options {
    const char *data_dir;     /* database and state; default $XDG_DATA_HOME/shadowday */
    const char *pack_dir;     /* import this pack at start (development, the sample) */
    const char *font_dir;     /* NULL: Debian's font paths */
    const char *script;       /* run this scripted-driver file headless, then exit */
    const char *shots_dir;    /* where `shot` steps save PNGs */
    const char *usb_dir;      /* where USB sticks are mounted (watched for packs and exports) */
    int windowed;             /* a window instead of full screen */
    int width, height;        /* --size; 0 = the display's own */
    float display_mm_w;       /* physical width of the display, 0 = from a table or SDL */
    int offscreen;            /* render into a surface (tests), no window */
};

/* The shadow whose visit is on screen; cleared by the idle countdown and at Thanks. */
struct app_visit {
    const struct pack_shadow *shadow;  /* NULL: nobody */
    struct visit state;                /* from the store; state.uuid empty before check-in */
    int lang_chosen;                   /* the shadow tapped a language on Start */
};

struct app {
    struct app_options opt;
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Surface *target;               /* offscreen only */
    struct ui ui;

    struct store *store;
    struct pack *pack;                 /* NULL until a pack was installed */
    char data_dir[PATH_MAX];
    char db_path[PATH_MAX + 32];
    char fatal[512];                   /* a start-up problem shown on screen instead of the day */

    struct app_visit visit;
    char lang[8];                      /* the language on screen now */
    int admin_unlocked;                /* the admin PIN was given; cleared by app_end_visit */

    const struct screen *stack[APP_STACK_MAX];
    int depth;
    const struct screen *pending;      /* app_goto asked during this frame */
    int pending_op;                    /* 0 none, 1 goto, 2 push, 3 pop */
    uint32_t entered_ms;               /* when the current screen was shown */

    unsigned long data_version;        /* changes whenever a record is saved or the pack changes */
    uint32_t last_input_ms;
    int dirty;                         /* redraw needed */
    int quit;

    /* Time: real unless a script drives a virtual clock. */
    int virtual_time;
    uint32_t virtual_ms;
    int64_t virtual_wall;              /* Unix seconds at virtual_ms_base */
    uint32_t virtual_ms_base;

    char message[256];                 /* a short notice over the screen ("Could not save") */
    uint32_t message_until_ms;

    int watchdog_usec;                 /* systemd watchdog period, 0 = none */
    uint32_t last_watchdog_ms;
};

/* ---------------------------------------------------------------- life cycle */
/* Open the store, load the pack, make the window. On failure app->fatal says why; returns rc. */
int app_open(struct app *app, const struct app_options *opt);
void app_close(struct app *app);
/* The event loop until quit. */
int app_run(struct app *app);
/* Handle one SDL event (a pointer event runs a frame of its own). */
void app_handle_event(struct app *app, const SDL_Event *e);
/* Run timers and draw a frame if something changed; present it. */
void app_step(struct app *app);
/* Draw one full frame of the current screen now (and present it). */
void app_draw(struct app *app);

/* ---------------------------------------------------------------- navigation */
void app_goto(struct app *app, const struct screen *s);   /* replace the whole stack */
void app_push(struct app *app, const struct screen *s);   /* over the current (on-site list) */
void app_pop(struct app *app);                            /* back to the one below */
const struct screen *app_screen(const struct app *app);
/* Forget the shadow, reset the language, go to Start (idle, Thanks). */
void app_end_visit(struct app *app);

/* Parse the pack stored in the database again (after an import from a USB stick). */
void app_reload_pack(struct app *app);

/* ---------------------------------------------------------------- the visit */
/* Make shadow the one on screen: loads their latest visit of today and their language. */
void app_begin_visit(struct app *app, const struct pack_shadow *shadow);
/* Re-read the visit's state from the store (after a record). */
void app_reload_visit(struct app *app);
/* The shadow's escort (host), or NULL. */
const struct pack_host *app_escort(const struct app *app);

/* ---------------------------------------------------------------- services for screens */
/* Draw the title bar (title, clock with the hidden admin long-press, "On site now") and
** return the rest of the screen below it, inset by the padding. */
SDL_Rect app_header(struct app *app, struct ui *ui, unsigned icon, const char *title);
/* Save rec through the store. On failure shows "could not save" and returns the SD_E* code;
** the caller must not move on as if it were saved. */
int app_save(struct app *app, struct record *rec);
/* Translated pack text in the current language (falls back to the pack's default). */
const char *app_text(const struct app *app, const struct pack_text *t);
void app_set_language(struct app *app, const char *lang);
/* The screen's content changed without a screen change (the next card, question or step):
** drop taps that begin in the next moment, as after a screen change, so a double tap does not
** also answer what comes next in the same place. */
void app_guard_taps(struct app *app);
/* app_guard_taps when `now` (the screen's step, card or question as one number) differs from
** *shown, which remembers it; what a screen calls at the top of each frame. */
void app_guard_taps_on_change(struct app *app, int *shown, int now);
/* Show a short message over the screen for ms milliseconds. */
void app_notice(struct app *app, const char *msg, uint32_t ms);

/* Milliseconds of the app's clock (virtual under a script). */
uint32_t app_ticks(const struct app *app);
/* Wall time now (store's clock: system + admin offset, or virtual). */
int64_t app_wall(struct app *app);
/* "9.15" / "9:15" in the current language; minutes after midnight or Unix time. */
const char *app_format_minutes(int minutes, char *buf, size_t size);
const char *app_format_time(int64_t unix_s, char *buf, size_t size);
/* "Thursday 15 April 2027" in the current language, from YYYY-MM-DD. */
const char *app_format_date(const char *ymd, char *buf, size_t size);
/* Minutes after local midnight now. */
int app_minutes_now(struct app *app);
/* Today's date YYYY-MM-DD by the kiosk clock. */
void app_today(struct app *app, char out[11]);

/* A texture of the shadow's photo (cached), or NULL when the pack has none for them. */
SDL_Texture *app_photo(struct app *app, const struct pack_shadow *s);
/* Draw the shadow's photo or initials avatar in a circle in r. */
void app_draw_avatar(struct app *app, struct ui *ui, SDL_Rect r, const struct pack_shadow *s);

/* ---------------------------------------------------------------- scripted driver */
/* Drive time by hand from now on: wall clock starts at wall, ticks only move when told. */
void app_use_virtual_clock(struct app *app, int64_t wall);
/* Move the virtual clock: set the wall time, or advance both clocks by ms. */
void app_set_virtual_wall(struct app *app, int64_t wall);
void app_advance_virtual(struct app *app, uint32_t ms);
/* Save what is on screen now as a PNG. */
int app_screenshot(struct app *app, const char *path);
/* Run the steps of path (see docs/scripted-driver.md); 0 when all passed. */
int script_run(struct app *app, const char *path);

#endif
