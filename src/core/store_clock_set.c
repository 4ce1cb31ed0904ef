/*
** store_clock_set.c - setting the kiosk's clock from the admin screen.
**
** The system clock is set if the process may (CAP_SYS_TIME); otherwise the difference is kept
** as the offset store_clock.c adds to every reading. The clock floor (meta last_time_seen) is
** reset to the new time, so records after a correction are not suspect, and the correction
** itself is a record (clock_set) with the time before it. Must not depend on SDL.
*/
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "err.h"
#include "i18n.h"
#include "log.h"

/* The last second set_clock accepts: 9999-12-31T23:59:59Z, the end of what clock.c formats. */
#define STORE_CLOCK_MAX INT64_C(253402300799)

/*
** Set the system clock when the source is the system clock and the process is allowed to
** (returns 1, the offset becomes 0); else keep the difference as the offset (returns 0).
*/
static int store_clock_apply(struct store *s, int64_t unix_s)
{
    if (!s->time_fn) {
        struct timespec ts = { .tv_sec = (time_t)unix_s, .tv_nsec = 0 };
        if ((int64_t)ts.tv_sec == unix_s && clock_settime(CLOCK_REALTIME, &ts) == 0) {
            s->clock_offset_s = 0;
            return 1;
        }
        LOG_INFO("store: cannot set the system clock (%s); keeping an offset", strerror(errno));
    }
    s->clock_offset_s = unix_s - (store_clock_read(s) - s->clock_offset_s);
    return 0;
}

int store_set_clock(struct store *s, int64_t unix_s)
{
    struct record rec;
    char before[CLOCK_ISO_SIZE];
    if (!store_is_open(s))
        return SD_ERR;
    if (unix_s < s->build_epoch || unix_s > STORE_CLOCK_MAX)
        return store_set_error(s, SD_EINVAL, "%s",
                               _("That date is before this version of the program was made, or "
                                 "too far ahead. Check the year and set the clock again."));
    int64_t previous = store_clock_read(s);
    int64_t old_offset = s->clock_offset_s;
    clock_format_iso(previous, clock_utc_offset_min(previous), before);

    int rc = store_tx_begin(s);
    if (rc != SD_OK)
        return rc;
    int system_set = store_clock_apply(s, unix_s);
    rc = store_meta_set_int(s, "clock_offset_s", s->clock_offset_s);
    if (rc == SD_OK)
        rc = store_meta_set_int(s, "last_time_seen", unix_s);
    if (rc == SD_OK) {
        memset(&rec, 0, sizeof rec);
        rec.kind = RECORD_CLOCK_SET;
        snprintf(rec.value, sizeof rec.value, "%s", before);
        rc = store_record_insert(s, &rec);
    }
    if (rc == SD_OK)
        rc = store_tx_commit(s);
    if (rc != SD_OK) {
        store_tx_rollback(s);
        /* A system clock that was set stays set (no offset is needed for it any more); a kept
        ** offset goes back to the one still stored. */
        if (!system_set)
            s->clock_offset_s = old_offset;
        return rc;
    }
    s->last_seen = rec.wall_time;
    return SD_OK;
}
