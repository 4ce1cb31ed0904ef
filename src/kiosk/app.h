/*
** app.h - what a screen has: the app's state that screens read (the store, the day pack, the
** visit on screen, the language), navigation, and the services every screen uses (saving a
** record, a notice, translated pack text, work a person waits for).
**
** One struct app is made by main() (or by a test or the benchmark, on an off-screen renderer)
** and handed to every screen. Screens keep their own state static in their file and reset it
** in enter(). The loop, the window and the screen stack are app.c's own (struct app_loop); what
** drives the app from outside (main, tests, the scripted driver) is in app_loop.h.
** Depends on SDL2, the core library and ui.h.
*/
#ifndef SD_APP_H
#define SD_APP_H

#include <SDL.h>
#include <limits.h>
#include <stdint.h>

#include "appclock.h"
#include "pack.h"
#include "screen.h"
#include "store.h"
#include "ui.h"

#define APP_MIN_SHOWN_MS 1000   /* a tap counts only if it began this long after what it
                                   answers was drawn (a screen or step change) */

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

struct app_loop;

struct app {
    struct app_options opt;
    struct ui ui;                      /* the widgets; its frame log is what tests read */

    struct store *store;
    struct pack *pack;                 /* NULL until a pack was installed */
    char data_dir[PATH_MAX];
    char db_path[PATH_MAX + 32];
    char fatal[512];                   /* a start-up problem shown on screen instead of the day */

    struct app_visit visit;
    char lang[8];                      /* the language on screen now */
    int admin_unlocked;                /* the admin PIN was given; cleared by app_end_visit */
    unsigned long data_version;        /* changes whenever a record is saved or the pack changes */

    struct appclock clock;             /* real, or the scripted driver's virtual clock */
    struct app_loop *loop;             /* the window, the screen stack, timers (app.c's own) */
};

/* ---------------------------------------------------------------- navigation */
void app_goto(struct app *app, const struct screen *s);   /* replace the whole stack */
void app_push(struct app *app, const struct screen *s);   /* over the current (on-site list) */
void app_pop(struct app *app);                            /* back to the one below */
const struct screen *app_screen(const struct app *app);
/* Forget the shadow, reset the language, go to Start (idle, Thanks). */
void app_end_visit(struct app *app);

/* ---------------------------------------------------------------- the visit */
/* Make shadow the one on screen: loads their latest visit of today and their language. */
void app_begin_visit(struct app *app, const struct pack_shadow *shadow);
/* Re-read the visit's state from the store (after a record). */
void app_reload_visit(struct app *app);
/* The shadow's escort (host), or NULL. */
const struct pack_host *app_escort(const struct app *app);

/* ---------------------------------------------------------------- services for screens */
/* Save rec through the store. On failure shows "could not save" and returns the SD_E* code;
** the caller must not move on as if it were saved. */
int app_save(struct app *app, struct record *rec);
/* Translated pack text in the current language (falls back to the pack's default). */
const char *app_text(const struct app *app, const struct pack_text *t);
void app_set_language(struct app *app, const char *lang);
/* Show a short message over the screen for ms milliseconds. */
void app_notice(struct app *app, const char *msg, uint32_t ms);
/* Parse the pack stored in the database again (after an import from a USB stick). */
void app_reload_pack(struct app *app);
/* Whether the kiosk never had a day pack: it has no admin PIN yet, so its first pack is
** imported without one. */
int app_first_pack(struct app *app);

/* What is on screen changed in a way the step helper (step.h) does not see: no tap counts until
** the change was drawn and shown for APP_MIN_SHOWN_MS. Screen and step changes do this already. */
void app_guard_taps(struct app *app);

/*
** Work a person waits for (an export, QR codes, reading a stick, the self-check). The screen
** shows that it is working and asks for the work in that frame; the app runs fn once the frame
** is on the screen, then draws again at once, so the outcome shows the moment the work ends
** (not at the next minute or touch). A waiting step asks in every frame it draws (asking again
** is nothing); fn must move the screen on. Work asked for is dropped when the screen changes.
*/
void app_work(struct app *app, void (*fn)(struct app *app));
/* From inside work: draw and show the screen now (a progress bar grows). */
void app_draw_frame(struct app *app);

#endif
