/*
** screen.h - a screen is a small struct of functions; one scr_<name>.c file defines each.
**
** The app calls enter() when the screen is shown anew, telling it which screen was on top
** before and whether it was pushed over that one (leaving it is app_pop) or replaced the stack
** (leaving it is app_goto): a screen never guesses from the app's stack. enter() resets the
** screen's own state. frame() is called for every frame: draw with ui widgets and act on what
** they return. Navigation asked for inside a frame (app_goto, app_push, app_pop) happens after
** the frame ends. A screen that asks one thing at a time runs its steps through step.h.
**
** What a screen needs is in its flags, and the app enforces it before every frame: a screen
** flagged SCREEN_NEEDS_VISIT is never drawn without a shadow's visit on screen, one flagged
** SCREEN_NEEDS_ADMIN never without the admin PIN; the kiosk goes back to Start instead.
**
** variant() is for the layout check, screenshots and the benchmark: it puts the screen into its
** n-th state (a dialog, a page, a message) with sample data and returns 0, or -1 when there
** are no more (app_show runs it).
*/
#ifndef SD_SCREEN_H
#define SD_SCREEN_H

struct app;
struct ui;

enum screen_flags {
    SCREEN_VISIT = 1,           /* part of a shadow's visit: idle returns to Start after a countdown */
    SCREEN_HOST = 2,            /* a host or the admin is using it: idle returns to Start too */
    SCREEN_NO_ONSITE = 4,       /* no "On site now" button in the header (the list itself, PIN pads) */
    SCREEN_NEEDS_VISIT = 8,     /* only with a shadow on screen (and the day pack they are from) */
    SCREEN_NEEDS_CHECKIN = 16,  /* ... whose visit has its check-in record */
    SCREEN_NEEDS_ADMIN = 32,    /* only after the admin PIN (app->admin_unlocked) */
    SCREEN_OR_FIRST_PACK = 64,  /* SCREEN_NEEDS_ADMIN, except on a kiosk that never had a day
                                   pack: it has no admin PIN yet (app_first_pack) */
};

/* How a screen was entered: what leaving it means. */
enum screen_how {
    SCREEN_GOTO = 0,            /* it replaced the whole stack: it leaves with app_goto */
    SCREEN_PUSH,                /* it is over `from`, which comes back with app_pop */
};

struct screen {
    const char *name;           /* "start"; scripts say "expect screen start" */
    /* Shown anew: from is the screen that was on top (NULL at start-up and in app_show). NULL:
       nothing to reset. */
    void (*enter)(struct app *app, const struct screen *from, int how);
    void (*frame)(struct app *app, struct ui *ui);
    int (*variant)(struct app *app, int n);     /* NULL: only the state enter() makes */
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
