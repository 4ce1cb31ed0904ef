/*
** clock.h - the kiosk's clock rules and time text, as pure functions.
**
** The Pi has no real-time clock, so a time is only trusted when it is not before the last time
** the kiosk saw and not before the day the program was built (SPEC section 5). Times travel in
** records as Unix seconds plus the local UTC offset, and in exports as ISO 8601 text with the
** offset ("2027-04-15T09:12:03+03:00"). The calendar arithmetic is our own (years 1900-9999), so
** it does not depend on the width of time_t. The store, the export and the kiosk use this.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_CLOCK_H
#define SD_CLOCK_H

#include <stdint.h>

#define CLOCK_ISO_SIZE 32        /* "2027-04-15T09:12:03+03:00" and its NUL, with room to spare */
#define CLOCK_DATE_SIZE 11       /* "2027-04-15" and its NUL */
#define CLOCK_OFFSET_MAX_MIN (18 * 60) /* ISO 8601 offsets stay within +-18:00 */

/* Whether t is suspect: before last_seen (0 = nothing seen yet) or before build_epoch. */
int clock_is_suspect(int64_t t, int64_t last_seen, int64_t build_epoch);

/* The local offset from UTC in minutes at t, from the process time zone (localtime_r). */
int clock_utc_offset_min(int64_t t);

/* t as local ISO 8601 with its offset: "2027-04-15T09:12:03+03:00". Out of range gives "". */
void clock_format_iso(int64_t t, int offset_min, char out[CLOCK_ISO_SIZE]);

/*
** Parse what clock_format_iso writes (also "Z" for +00:00) back into Unix seconds and the
** offset in minutes. SD_OK, or SD_EINVAL for anything else (no partial or lenient forms).
*/
int clock_parse_iso(const char *text, int64_t *t, int *offset_min);

/* The local calendar date of t as "YYYY-MM-DD". Out of range gives "". */
void clock_format_date(int64_t t, int offset_min, char out[CLOCK_DATE_SIZE]);

/* Minutes after local midnight at t (0..1439), for "which plan item is now". */
int clock_minute_of_day(int64_t t, int offset_min);

/*
** Unix seconds of a UTC calendar time; SD_EINVAL when a field is out of range (year 1900-9999,
** a real day of that month, 00:00:00-23:59:59).
*/
int clock_from_civil(int year, int month, int day, int hour, int minute, int second, int64_t *t);

#endif
