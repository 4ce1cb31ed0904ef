/*
** appclock.c - real or virtual time for the kiosk (see appclock.h).
**
** Under a script the store is given a time source that reads the virtual clock, so the records
** a scripted day writes carry the times the script set, and the clock rules (a time before the
** last one seen is suspect) are exercised as on a real kiosk.
*/
#include "appclock.h"

#include <SDL.h>
#include <time.h>

#include "app.h"

uint32_t appclock_ticks(const struct app *app)
{
    return app->clock.is_virtual ? app->clock.virtual_ms : SDL_GetTicks();
}

static int64_t appclock_virtual_now(void *arg)
{
    const struct appclock *c = arg;
    return c->virtual_wall + (int64_t)(uint32_t)(c->virtual_ms - c->virtual_ms_base) / 1000;
}

int64_t appclock_wall(struct app *app)
{
    struct store_time t;
    if (!app->store)
        return app->clock.is_virtual ? appclock_virtual_now(&app->clock) : (int64_t)time(NULL);
    store_time_now(app->store, &t);
    return t.unix_s;
}

int appclock_minutes_now(struct app *app)
{
    struct tm tm;
    time_t t = (time_t)appclock_wall(app);
    localtime_r(&t, &tm);
    return tm.tm_hour * 60 + tm.tm_min;
}

void appclock_today(struct app *app, char out[11])
{
    struct tm tm;
    time_t t = (time_t)appclock_wall(app);
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void appclock_use_virtual(struct app *app, int64_t wall)
{
    struct appclock *c = &app->clock;
    c->virtual_ms = SDL_GetTicks();
    c->virtual_ms_base = c->virtual_ms;
    c->virtual_wall = wall;
    c->is_virtual = 1;
    if (app->store)
        store_set_time_source(app->store, appclock_virtual_now, c);
}

void appclock_set_virtual_wall(struct app *app, int64_t wall)
{
    app->clock.virtual_ms_base = app->clock.virtual_ms;
    app->clock.virtual_wall = wall;
}

void appclock_advance(struct app *app, uint32_t ms)
{
    app->clock.virtual_ms += ms;
}
