/*
** ui_sync_faults.c - the kiosk's USB screens when the stick misbehaves, driven through the
** scripted driver on an off-screen app, with the fsutil fault hook failing one system call.
**
** - A stick put in while Start is shown offers the admin PIN pad; taken out, the export
**   screen asks for it and will not start.
** - A stick pulled mid-export: for every N, the Nth file operation of the export (open, write,
**   fsync, rename, mkdir, read-back) fails with EIO: the screen says so, nothing is noted as
**   exported, no folder has a manifest; a full (ENOSPC) and a read-only (EROFS) stick the same
**   with their own words. Then, without the hook, the retry succeeds.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "export.h"
#include "fsutil.h"
#include "testutil.h"
#include "kioskutil.h"
#include "usb.h"

struct fault {
    int calls;          /* operations seen */
    int fail_at;        /* 0 = never */
    int err;
};

static int fault_hook(void *arg, int op)
{
    struct fault *f = arg;
    (void)op;
    return ++f->calls == f->fail_at ? f->err : 0;
}

static struct ku_kiosk kiosk;

/* Run the steps in text in English; returns the scripted driver's status (0 = all passed). */
static int run(const char *text)
{
    app_set_language(&kiosk.app, "en");
    /* script_run restarts the virtual clock from the real one (app_use_virtual_clock), which
    ** also starts the tap guard and the timers again on the new timeline. */
    return ku_run(&kiosk, text);
}

static long db_count(const char *sql)
{
    return ku_db_count(&kiosk, "%s", sql);
}

/* How many export folders on the stick have a manifest. */
static int manifests(void)
{
    char top[PATH_MAX + 64];
    int n = 0;
    snprintf(top, sizeof top, "%s/shadowday-export", kiosk.stick);
    DIR *d = opendir(top);
    struct dirent *de;
    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL) {
        char m[PATH_MAX * 2];
        struct stat st;
        if (de->d_name[0] == '.')
            continue;
        snprintf(m, sizeof m, "%s/%s/manifest.sha256", top, de->d_name);
        n += stat(m, &st) == 0;
    }
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    ku_open(&kiosk, 0);
    /* A check-in with its escort: two records to export. */
    assert_int_equal(ku_run_checkin(&kiosk), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fsutil_set_fault(NULL, NULL);
    ku_close(&kiosk);
    return 0;
}

/* A stick put in at Start offers the admin PIN; one taken out cannot be exported to. */
static void test_stick_comes_and_goes(void **state)
{
    (void)state;
    assert_int_equal(run("clock 2027-04-15 16:00\nwait 2\nexpect screen start\ntap English\n"), 0);
    assert_int_equal(mkdir(kiosk.stick, 0755), 0);
    assert_int_equal(run("wait 2\n"
                         "expect screen admin\n"
                         "expect text \"A USB stick is in.\"\n"
                         "tap Cancel\n"
                         "expect screen start\n"), 0);
    /* Still in: nothing is offered again. Then the coordinator comes on purpose. */
    assert_int_equal(run("wait 3\n"
                         "expect screen start\n"
                         "tap English\n"
                         "hold clock\n"
                         "pin 246810\n"
                         "tap \"Export to USB stick\"\n"
                         "expect button Export\n"), 0);
    assert_int_equal(rmdir(kiosk.stick), 0);
    assert_int_equal(run("wait 2\n"
                         "expect text \"Put the USB stick in.\"\n"
                         "expect no-button Export\n"
                         "tap Back\n"
                         "expect screen admin\n"), 0);
    assert_int_equal(mkdir(kiosk.stick, 0755), 0);
    assert_int_equal(run("wait 2\nexpect screen admin\nexpect text \"A USB stick was put in.\"\n"
                         "tap OK\n"), 0);
}

/* Every operation of the export failing in turn, then full and read-only, then success. */
static void test_stick_faults(void **state)
{
    struct fault f = { 0 };
    int n;
    (void)state;
    assert_int_equal(run("expect screen admin\n"), 0);
    long batches = db_count("SELECT count(*) FROM export_batch");
    assert_int_equal(batches, 0);

    /* Fail operation n = 1, 2, ... until an export needs fewer: that one then succeeds. */
    for (n = 1;; n++) {
        memset(&f, 0, sizeof f);
        f.fail_at = n;
        f.err = EIO;
        fsutil_set_fault(fault_hook, &f);
        assert_int_equal(run("tap \"Export to USB stick\"\ntap Export\n"), 0);
        fsutil_set_fault(NULL, NULL);
        if (f.calls < n)
            break;
        if (run("expect text \"The export did not work.\"\n"
                "expect text \"Writing to the USB stick failed\"\n"
                "expect text \"Nothing was marked as exported.\"\n"
                "expect button \"Try again\"\n"
                "tap Back\n"
                "expect screen admin\n") != 0)
            fail_msg("EIO at operation %d: the screen did not say the export failed", n);
        assert_int_equal(db_count("SELECT count(*) FROM export_batch"), 0);
        assert_int_equal(db_count("SELECT count(*) FROM record WHERE exported_batch IS NOT NULL"), 0);
        assert_int_equal(manifests(), 0);
    }
    printf("a pulled stick at each of the export's %d file operations: refused, nothing noted\n",
           n - 1);
    assert_true(n > 20);
    assert_int_equal(run("expect text \"Safe to remove the stick.\"\ntap Done\n"), 0);
    batches = 1;
    assert_int_equal(db_count("SELECT count(*) FROM export_batch"), batches);
    assert_int_equal(manifests(), 1);

    static const struct {
        int err, at;
        const char *words;
    } cases[] = {
        { ENOSPC, 2, "The USB stick is full." },
        { EROFS, 1, "The USB stick cannot be written to" },
        { ENOENT, 3, "The USB stick is not there any more" },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char steps[600];
        memset(&f, 0, sizeof f);
        f.fail_at = cases[i].at;
        f.err = cases[i].err;
        fsutil_set_fault(fault_hook, &f);
        snprintf(steps, sizeof steps,
                 "tap \"Export to USB stick\"\ntap Export\nexpect text \"%s\"\n", cases[i].words);
        int rc = run(steps);
        fsutil_set_fault(NULL, NULL);
        if (rc != 0)
            fail_msg("errno %d: no \"%s\"", cases[i].err, cases[i].words);
        assert_int_equal(db_count("SELECT count(*) FROM export_batch"), batches);
        /* The retry from the same screen, the stick working again. */
        assert_int_equal(run("tap \"Try again\"\n"
                             "expect text \"Safe to remove the stick.\"\n"
                             "tap Done\n"
                             "expect screen admin\n"), 0);
        batches++;
        assert_int_equal(db_count("SELECT count(*) FROM export_batch"), batches);
        assert_int_equal(manifests(), (int)i + 2);
    }
    char cmd[sizeof kiosk.app.db_path + 64], *out = NULL;
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA integrity_check'", kiosk.app.db_path);
    assert_int_equal(tu_run(cmd, &out), 0);
    assert_non_null(out);
    assert_string_equal(out, "ok\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stick_comes_and_goes),
        cmocka_unit_test(test_stick_faults),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
