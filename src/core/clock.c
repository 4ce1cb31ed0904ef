/*
** clock.c - suspect-time rule, local UTC offset, ISO 8601 text and calendar arithmetic.
**
** Calendar arithmetic counts days from 1970-01-01 with the Gregorian leap rule instead of calling
** gmtime/timegm, so dates after 2038 work where time_t is 32 bits (Debian armhf). Only the local
** offset comes from the C library (localtime_r and tm_gmtoff).
** Must not depend on SQLite or SDL.
*/
#include "clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"

enum { CLOCK_YEAR_MIN = 1900, CLOCK_YEAR_MAX = 9999, CLOCK_DAY_S = 86400 };

static const int clock_month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static int clock_is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int clock_days_in_month(int64_t year, int month)
{
    return clock_month_days[month - 1] + (month == 2 && clock_is_leap(year));
}

/* Leap years in 1..n (n >= 0). */
static int64_t clock_leaps_through(int64_t n)
{
    return n / 4 - n / 100 + n / 400;
}

/* Days from 1970-01-01 to January 1st of year (negative before 1970); year >= 1. */
static int64_t clock_days_before_year(int64_t year)
{
    return 365 * (year - 1970) + clock_leaps_through(year - 1) - clock_leaps_through(1969);
}

static int64_t clock_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct clock_civil {
    int64_t year;
    int month, day, hour, minute, second;
};

/* Split Unix seconds into a calendar time; 0 when the year is outside 1900-9999. */
static int clock_to_civil(int64_t t, struct clock_civil *c)
{
    int64_t days = clock_floor_div(t, CLOCK_DAY_S);
    int64_t secs = t - days * CLOCK_DAY_S;
    /* 200 000 years either way is far outside the range checked below and cannot overflow. */
    if (days < -73000000 || days > 73000000)
        return 0;
    int64_t year = 1970 + clock_floor_div(days, 366);
    while (year > 1 && clock_days_before_year(year) > days)
        year--;
    while (clock_days_before_year(year + 1) <= days)
        year++;
    if (year < CLOCK_YEAR_MIN || year > CLOCK_YEAR_MAX)
        return 0;
    int64_t rest = days - clock_days_before_year(year);
    int month = 1;
    while (rest >= clock_days_in_month(year, month)) {
        rest -= clock_days_in_month(year, month);
        month++;
    }
    c->year = year;
    c->month = month;
    c->day = (int)rest + 1;
    c->hour = (int)(secs / 3600);
    c->minute = (int)(secs / 60 % 60);
    c->second = (int)(secs % 60);
    return 1;
}

int clock_from_civil(int year, int month, int day, int hour, int minute, int second, int64_t *t)
{
    if (year < CLOCK_YEAR_MIN || year > CLOCK_YEAR_MAX || month < 1 || month > 12 || day < 1
        || day > clock_days_in_month(year, month) || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59)
        return SD_EINVAL;
    int64_t days = clock_days_before_year(year);
    for (int m = 1; m < month; m++)
        days += clock_days_in_month(year, m);
    days += day - 1;
    *t = days * CLOCK_DAY_S + hour * 3600 + minute * 60 + second;
    return SD_OK;
}

int clock_is_suspect(int64_t t, int64_t last_seen, int64_t build_epoch)
{
    return t < last_seen || t < build_epoch;
}

int clock_utc_offset_min(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if ((int64_t)tt != t || !localtime_r(&tt, &tm))
        return 0;
    return (int)(tm.tm_gmtoff / 60);
}

static int clock_offset_ok(int offset_min)
{
    return offset_min >= -CLOCK_OFFSET_MAX_MIN && offset_min <= CLOCK_OFFSET_MAX_MIN;
}

void clock_format_iso(int64_t t, int offset_min, char out[CLOCK_ISO_SIZE])
{
    struct clock_civil c;
    out[0] = '\0';
    if (!clock_offset_ok(offset_min) || t > INT64_MAX / 2 || t < INT64_MIN / 2
        || !clock_to_civil(t + (int64_t)offset_min * 60, &c))
        return;
    unsigned a = (unsigned)(offset_min < 0 ? -offset_min : offset_min);
    /* Every field is in range here; the modulo only lets the compiler see the width. */
    snprintf(out, CLOCK_ISO_SIZE, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u",
             (unsigned)c.year % 10000u, (unsigned)c.month % 100u, (unsigned)c.day % 100u,
             (unsigned)c.hour % 100u, (unsigned)c.minute % 100u, (unsigned)c.second % 100u,
             offset_min < 0 ? '-' : '+', a / 60 % 100u, a % 60);
}

void clock_format_date(int64_t t, int offset_min, char out[CLOCK_DATE_SIZE])
{
    char iso[CLOCK_ISO_SIZE];
    clock_format_iso(t, offset_min, iso);
    memcpy(out, iso, CLOCK_DATE_SIZE - 1);
    out[iso[0] ? CLOCK_DATE_SIZE - 1 : 0] = '\0';
}

int clock_minute_of_day(int64_t t, int offset_min)
{
    int64_t local = t + (int64_t)offset_min * 60;
    return (int)((local - clock_floor_div(local, CLOCK_DAY_S) * CLOCK_DAY_S) / 60);
}

/* n decimal digits at s as a number, or -1 when any is not a digit. */
static int clock_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int clock_parse_iso(const char *text, int64_t *t, int *offset_min)
{
    /* The fixed layout: which byte is which field, and the separators between them. */
    static const char layout[] = "dddd-dd-ddTdd:dd:dd";
    size_t n = text ? strlen(text) : 0;
    int64_t utc;
    int off;
    if (n != sizeof layout - 1 + 1 && n != sizeof layout - 1 + 6)
        return SD_EINVAL;
    for (size_t i = 0; i < sizeof layout - 1; i++)
        if (layout[i] != 'd' && text[i] != layout[i])
            return SD_EINVAL;
    int year = clock_digits(text, 4), month = clock_digits(text + 5, 2);
    int day = clock_digits(text + 8, 2), hour = clock_digits(text + 11, 2);
    int minute = clock_digits(text + 14, 2), second = clock_digits(text + 17, 2);
    const char *z = text + sizeof layout - 1;
    if (n == sizeof layout) {
        if (*z != 'Z')
            return SD_EINVAL;
        off = 0;
    } else {
        int oh = clock_digits(z + 1, 2), om = clock_digits(z + 4, 2);
        if ((*z != '+' && *z != '-') || z[3] != ':' || oh < 0 || om < 0 || om > 59)
            return SD_EINVAL;
        off = (oh * 60 + om) * (*z == '-' ? -1 : 1);
        if (!clock_offset_ok(off))
            return SD_EINVAL;
    }
    if (clock_from_civil(year, month, day, hour, minute, second, &utc) != SD_OK)
        return SD_EINVAL;
    *t = utc - (int64_t)off * 60;
    if (offset_min)
        *offset_min = off;
    return SD_OK;
}
