/*
** screen.h - a screen is a small struct of functions; one scr_<name>.c file defines each.
**
** The app calls enter() when the screen is shown anew (it resets the screen's own state) and
** frame() for every frame: draw with ui widgets and act on what they return. Navigation asked
** for inside a frame (app_goto, app_push, app_pop) happens after the frame ends.
** variant() is for the layout check and screenshots: it puts the screen into its n-th state
** (a dialog, a page, a message) with sample data and returns 0, or -1 when there are no more.
*/
#ifndef SD_SCREEN_H
#define SD_SCREEN_H

struct app;
struct ui;

enum screen_flags {
    SCREEN_VISIT = 1,       /* part of a shadow's visit: idle returns to Start after a countdown */
    SCREEN_HOST = 2,        /* a host or the admin is using it: idle returns to Start too */
    SCREEN_NO_ONSITE = 4,   /* no "On site now" button in the header (the list itself, PIN pads) */
};

struct screen {
    const char *name;                               /* "start"; scripts say "expect screen start" */
    void (*enter)(struct app *app);                 /* NULL: nothing to reset */
    void (*frame)(struct app *app, struct ui *ui);
    int (*variant)(struct app *app, int n);         /* NULL: only the state enter() makes */
    unsigned flags;
};

/* Every screen, in the order of the day; the layout check walks this list. */
extern const struct screen scr_start, scr_who, scr_escort, scr_safety, scr_day, scr_take_away,
    scr_hub, scr_help, scr_evaluate, scr_checkout, scr_thanks, scr_onsite, scr_admin,
    scr_admin_clock, scr_admin_pins, scr_selfcheck, scr_admin_import, scr_admin_export,
    scr_admin_qr, scr_admin_receipt;

/* NULL-terminated list of all screens. */
const struct screen *const *screen_list(void);
/* The screen called name, or NULL. */
const struct screen *screen_find(const char *name);

#endif
