/*
** kioskutil.c - an off-screen kiosk for the ui_ tests (see kioskutil.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "testutil.h"
#include "kioskutil.h"

void ku_open(struct ku_kiosk *k, int with_stick)
{
    struct app_options opt;
    snprintf(k->base, sizeof k->base, "%s", tu_tmpdir());
    snprintf(k->usb_root, sizeof k->usb_root, "%s/usb", k->base);
    snprintf(k->stick, sizeof k->stick, "%s/stick", k->usb_root);
    snprintf(k->script, sizeof k->script, "%s/steps.script", k->base);
    assert_int_equal(mkdir(k->usb_root, 0755), 0);
    if (with_stick)
        assert_int_equal(mkdir(k->stick, 0755), 0);
    memset(&opt, 0, sizeof opt);
    opt.data_dir = k->base;
    opt.pack_dir = tu_source_path("assets/sample-pack/shadowday");
    opt.usb_dir = k->usb_root;
    opt.offscreen = 1;
    opt.width = 800;
    opt.height = 480;
    if (app_open(&k->app, &opt) != SD_OK)
        fail_msg("app_open: %s", k->app.fatal);
}

void ku_close(struct ku_kiosk *k)
{
    app_close(&k->app);
}

int ku_run(struct ku_kiosk *k, const char *text)
{
    tu_write_file(k->base, "steps.script", text, -1);
    return script_run(&k->app, k->script);
}

int ku_run_checkin(struct ku_kiosk *k)
{
    return ku_run(k, "clock 2027-04-15 08:30\n"
                     "tap English\n"
                     "tap \"Touch to start\"\n"
                     "tap Matti\n"
                     "tap \"Yes, that is me\"\n"
                     "tap \"I am Liisa\"\n"
                     "pin 1111\n"
                     "expect screen safety\n"
                     "wait 120\n"
                     "expect screen start\n");
}

/* What the sqlite3 program prints for sql on k's database; free() it. */
static char *ku_query(struct ku_kiosk *k, const char *sql)
{
    char cmd[PATH_MAX * 3], *out = NULL;
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", k->app.db_path, sql);
    if (tu_run(cmd, &out) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

long ku_db_count(struct ku_kiosk *k, const char *fmt, ...)
{
    char sql[1000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    char *out = ku_query(k, sql);
    long n = out ? strtol(out, NULL, 10) : -1;
    free(out);
    return n;
}

void ku_db_text(struct ku_kiosk *k, char *buf, size_t size, const char *sql)
{
    char *out = ku_query(k, sql);
    assert_non_null(out);
    snprintf(buf, size, "%.*s", (int)strcspn(out, "\n"), out);
    free(out);
}
