/*
** timefmt.h - times and dates as people read them, in the language on screen: "9.15" in
** Finnish and Swedish, "9:15" in English; "torstai 15. huhtikuuta 2027", "Thursday 15 April 2027".
**
** Pure formatting through the translation catalogues (i18n.h); no clock, no app, no SDL. What
** time it is now is appclock.h's concern. Screens, the header clock and the QR texts use these.
*/
#ifndef SD_TIMEFMT_H
#define SD_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* A time of day from minutes after midnight. Returns buf. */
const char *timefmt_minutes(int minutes, char *buf, size_t size);
/* The local time of day of a Unix time. Returns buf. */
const char *timefmt_time(int64_t unix_s, char *buf, size_t size);
/* The long date of YYYY-MM-DD with its weekday; anything else is copied as it is. Returns buf. */
const char *timefmt_date(const char *ymd, char *buf, size_t size);

#endif
