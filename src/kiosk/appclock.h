/*
** appclock.h - the kiosk's clock: milliseconds for its timers and the wall time its screens
** show and its records carry; real, or the scripted driver's virtual clock, which moves only
** when a script says so (`wait 90` takes no time).
**
** The wall time comes from the store (the system clock plus the offset the admin set,
** store_clock.c), so the clock in the header says what the records will say. A struct appclock
** lives in struct app; screens only read it through these functions. Depends on SDL (ticks),
** the store and app.h.
*/
#ifndef SD_APPCLOCK_H
#define SD_APPCLOCK_H

#include <stdint.h>

struct app;

struct appclock {
    int is_virtual;                 /* a script drives the time */
    uint32_t virtual_ms;            /* the virtual SDL_GetTicks() */
    int64_t virtual_wall;           /* Unix seconds at virtual_ms_base */
    uint32_t virtual_ms_base;
};

/* Milliseconds for timers and taps (SDL_GetTicks, or the virtual clock). */
uint32_t appclock_ticks(const struct app *app);
/* Unix seconds now as the store sees them (and stamps records with). */
int64_t appclock_wall(struct app *app);
/* Minutes after local midnight now. */
int appclock_minutes_now(struct app *app);
/* Today's date YYYY-MM-DD by the kiosk's clock. */
void appclock_today(struct app *app, char out[11]);

/* The scripted driver's clock: from now on ticks move only through appclock_advance, and the
** wall clock starts at wall. */
void appclock_use_virtual(struct app *app, int64_t wall);
/* Set the virtual wall clock (the `clock` step); the ticks go on from where they are. */
void appclock_set_virtual_wall(struct app *app, int64_t wall);
/* Let ms pass on the virtual clock (both ticks and wall time). */
void appclock_advance(struct app *app, uint32_t ms);

#endif
