/*
** kioskutil.h - what the kiosk tests (ui_*.c that drive a whole app) share: an off-screen kiosk
** on the sample day pack with a USB mount folder of its own, the scripted driver run on it from a
** string, and questions to its database through the sqlite3 program.
**
** Include after testutil.h. Linked into every ui_ test (tests/CMakeLists.txt).
*/
#ifndef SD_KIOSKUTIL_H
#define SD_KIOSKUTIL_H

#include <limits.h>

#include "app_loop.h"

/* One kiosk under test and its scratch folders. */
struct ku_kiosk {
    struct app app;
    char base[PATH_MAX];            /* its data folder (a fresh tu_tmpdir()) */
    char usb_root[PATH_MAX + 8];    /* base/usb, watched for sticks */
    char stick[PATH_MAX + 16];      /* base/usb/stick: a stick when the folder exists */
    char script[PATH_MAX + 16];     /* base/steps.script */
};

/* Open k off-screen at 800 x 480 with the sample pack; with_stick: the stick is in already. */
void ku_open(struct ku_kiosk *k, int with_stick);
void ku_close(struct ku_kiosk *k);
/* Run the scripted driver's steps in text; its status (0: every step passed). */
int ku_run(struct ku_kiosk *k, const char *text);
/* Something to export: Matti checks in at 8.30 and Liisa confirms with her PIN, then the
** visit times out back to Start. The script's status. */
int ku_run_checkin(struct ku_kiosk *k);
/* The first number the SQL (a printf format) prints on k's database, or -1. */
long ku_db_count(struct ku_kiosk *k, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The first line the SQL prints on k's database, into buf. */
void ku_db_text(struct ku_kiosk *k, char *buf, size_t size, const char *sql);

#endif
