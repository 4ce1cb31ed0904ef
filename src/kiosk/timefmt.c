/*
** timefmt.c - times and dates in the language on screen (see timefmt.h).
**
** The order of a long date is itself a translated string ("W D M Y"), so a language that puts
** the month first or wants "15." needs only its catalogue, not code.
*/
#include "timefmt.h"

#include <stdio.h>
#include <time.h>

#include "i18n.h"

const char *timefmt_minutes(int minutes, char *buf, size_t size)
{
    /* TRANSLATORS: a time of day from hours and minutes; Finnish and Swedish use "%d.%02d". */
    snprintf(buf, size, _("%d:%02d"), minutes / 60, minutes % 60);
    return buf;
}

const char *timefmt_time(int64_t unix_s, char *buf, size_t size)
{
    struct tm tm;
    time_t t = (time_t)unix_s;
    localtime_r(&t, &tm);
    return timefmt_minutes(tm.tm_hour * 60 + tm.tm_min, buf, size);
}

/* Fill buf from the translated pattern: W, D, M and Y are replaced by parts[0..3]. */
static void timefmt_fill(const char *pattern, const char *const parts[4], char *buf, size_t size)
{
    size_t n = 0;
    for (const char *p = pattern; *p && n + 1 < size; p++) {
        const char *piece = *p == 'W' ? parts[0] : *p == 'D' ? parts[1] : *p == 'M' ? parts[2] :
                            *p == 'Y' ? parts[3] : NULL;
        if (piece) {
            int w = snprintf(buf + n, size - n, "%s", piece);
            n += w > 0 ? (size_t)w : 0;
            if (n >= size)
                n = size - 1;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n < size ? n : size - 1] = '\0';
}

const char *timefmt_date(const char *ymd, char *buf, size_t size)
{
    static const char *const weekdays[] = { N_("Sunday"), N_("Monday"), N_("Tuesday"),
                                            N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                            N_("Saturday") };
    static const char *const months[] = { N_("January"), N_("February"), N_("March"),
                                          N_("April"), N_("May"), N_("June"), N_("July"),
                                          N_("August"), N_("September"), N_("October"),
                                          N_("November"), N_("December") };
    int y, m, d;
    if (!ymd || sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
        snprintf(buf, size, "%s", ymd ? ymd : "");
        return buf;
    }
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
    mktime(&tm);
    char day[8], year[8];
    snprintf(day, sizeof day, "%d", d);
    snprintf(year, sizeof year, "%d", y);
    const char *parts[4] = { _(weekdays[tm.tm_wday]), day, _(months[m - 1]), year };
    /* TRANSLATORS: the order of a long date: W weekday, D day, M month name, Y year; other
       characters are kept. English "W D M Y" gives "Thursday 15 April 2027"; Finnish
       "W D. M Y" with months in the partitive ("huhtikuuta") gives "torstai 15. huhtikuuta 2027". */
    timefmt_fill(_("W D M Y"), parts, buf, size);
    return buf;
}
