/*
** store_clock.c - the kiosk's clock as the store reads it: a replaceable source plus the
** admin's correction, and the suspect flag (clock.c has the rule).
**
** The Pi has no real-time clock. When the admin has set the time and the system clock could not
** be set (development, tests), the difference is kept in meta clock_offset_s and added to every
** reading; store_clock_set.c sets it. Must not depend on SDL, nor on the store's record files.
*/
#include "store_internal.h"

#include <string.h>
#include <time.h>

#include "clock.h"

static int64_t store_clock_system(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec;
}

static int64_t store_clock_source(struct store *s)
{
    return s->time_fn ? s->time_fn(s->time_arg) : store_clock_system();
}

int64_t store_clock_read(struct store *s)
{
    return store_clock_source(s) + s->clock_offset_s;
}

void store_set_time_source(struct store *s, store_time_source_fn *fn, void *arg)
{
    if (!s)
        return;
    s->time_fn = fn;
    s->time_arg = fn ? arg : NULL;
}

void store_time_now(struct store *s, struct store_time *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    out->unix_s = store_clock_read(s);
    out->utc_offset_min = clock_utc_offset_min(out->unix_s);
    out->suspect = clock_is_suspect(out->unix_s, s->last_seen, s->build_epoch);
}
