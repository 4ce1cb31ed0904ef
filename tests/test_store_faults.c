/*
** test_store_faults.c - the store under failing writes and syncs (tests/faultvfs.c), the way
** SQLite's own I/O-error tests run: fail the nth write or sync, n = 1, 2, ... until the operation
** gets through. After every failure: the operation reported an error, what it was writing is not
** there, everything acknowledged before is, the integrity check passes (on the same handle and
** after reopening), and the store works again once the faults stop.
**
** Recovery needs no reopening: after a failed COMMIT the store rolls back, which ends SQLite's
** error state for the pager (in WAL mode the next transaction starts from the WAL index, which
** never saw the failed frames), so the next store_add_record on the same handle succeeds. The
** test checks that first and only then closes and reopens.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "faultvfs.h"
#include "store.h"
#include "testutil.h"

#define T0 INT64_C(1807768800)
#define MAX_ROUNDS 400      /* no single operation makes this many writes or syncs */

struct fault_case {
    const char *name;
    int op, err, persistent, torn;
    int want;               /* what store_* must return */
};

static const struct fault_case fault_cases[] = {
    { "write full, once", FAULTVFS_WRITE, SQLITE_FULL, 0, 0, SD_EFULL },
    { "write full, from n on", FAULTVFS_WRITE, SQLITE_FULL, 1, 0, SD_EFULL },
    { "torn write full, from n on", FAULTVFS_WRITE, SQLITE_FULL, 1, 1, SD_EFULL },
    { "write I/O error, once", FAULTVFS_WRITE, SQLITE_IOERR_WRITE, 0, 0, SD_EIO },
    { "write I/O error, from n on", FAULTVFS_WRITE, SQLITE_IOERR_WRITE, 1, 0, SD_EIO },
    { "torn write I/O error, once", FAULTVFS_WRITE, SQLITE_IOERR_WRITE, 0, 1, SD_EIO },
    { "fsync I/O error, once", FAULTVFS_SYNC, SQLITE_IOERR_FSYNC, 0, 0, SD_EIO },
    { "fsync I/O error, from n on", FAULTVFS_SYNC, SQLITE_IOERR_FSYNC, 1, 0, SD_EIO },
};

enum { CASE_COUNT = sizeof fault_cases / sizeof fault_cases[0] };

static int64_t fixed_clock(void *arg)
{
    (void)arg;
    return T0;
}

static struct store *open_faulty(const char *path)
{
    struct store *s = NULL;
    struct store_options opt = { .vfs = FAULTVFS_NAME, .build_epoch = T0 - 86400 };
    int rc = store_open(&s, path, &opt);
    if (rc != SD_OK)
        fail_msg("store_open %s: %d %s", path, rc, store_errmsg(s));
    store_set_time_source(s, fixed_clock, NULL);
    return s;
}

static struct record checkin_record(const char *tag)
{
    struct record r;
    memset(&r, 0, sizeof r);
    r.kind = RECORD_CHECKIN;
    snprintf(r.shadow_id, sizeof r.shadow_id, "matti");
    snprintf(r.value, sizeof r.value, "%s", tag);
    return r;
}

/* ---------------------------------------------------------------- what is on disk */

#define MAX_ACKED 1200

struct acked {
    char uuid[MAX_ACKED][37];
    char tag[MAX_ACKED][24];
    int count;
};

struct scan {
    const struct acked *acked;
    const char *absent;     /* a tag that must not be there */
    int found[MAX_ACKED];
    int64_t last_seq;
    int rows;
};

static int scan_record(void *arg, const struct record *r)
{
    struct scan *sc = arg;
    if (r->seq <= sc->last_seq)
        fail_msg("seq %lld after %lld", (long long)r->seq, (long long)sc->last_seq);
    sc->last_seq = r->seq;
    sc->rows++;
    if (sc->absent && strcmp(r->value, sc->absent) == 0)
        fail_msg("record '%s' is stored although adding it failed", sc->absent);
    for (int i = 0; i < sc->acked->count; i++)
        if (strcmp(sc->acked->uuid[i], r->uuid) == 0) {
            if (strcmp(sc->acked->tag[i], r->value) != 0)
                fail_msg("record %s has value '%s', not '%s'", r->uuid, r->value,
                         sc->acked->tag[i]);
            sc->found[i]++;
        }
    return 0;
}

/* Every acknowledged record exactly once, nothing called absent, and the file is sound. */
static void check_store(struct store *s, const struct acked *a, const char *absent,
                        const char *when)
{
    struct scan *sc = calloc(1, sizeof *sc);
    sc->acked = a;
    sc->absent = absent;
    int rc = store_records_each(s, 0, scan_record, sc);
    if (rc != SD_OK)
        fail_msg("%s: reading: %d %s", when, rc, store_errmsg(s));
    for (int i = 0; i < a->count; i++)
        if (sc->found[i] != 1)
            fail_msg("%s: acknowledged record '%s' found %d times", when, a->tag[i],
                     sc->found[i]);
    if (sc->rows != a->count)
        fail_msg("%s: %d records, %d acknowledged", when, sc->rows, a->count);
    rc = store_check_integrity(s);
    if (rc != SD_OK)
        fail_msg("%s: integrity: %s", when, store_errmsg(s));
    free(sc);
}

static void add_acked(struct store *s, struct acked *a, const char *tag)
{
    struct record r = checkin_record(tag);
    int rc = store_add_record(s, &r);
    if (rc != SD_OK)
        fail_msg("adding '%s' without faults: %d %s", tag, rc, store_errmsg(s));
    assert_true(a->count < MAX_ACKED);
    snprintf(a->uuid[a->count], sizeof a->uuid[0], "%s", r.uuid);
    snprintf(a->tag[a->count], sizeof a->tag[0], "%s", tag);
    a->count++;
}

/* ---------------------------------------------------------------- adding records */

static void run_add_case(const struct fault_case *fc)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX], tag[24];
    struct acked *a = calloc(1, sizeof *a);
    int failures = 0, retried = 0;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    struct store *s = open_faulty(path);
    for (int i = 0; i < 3; i++) {
        snprintf(tag, sizeof tag, "before-%d", i);
        add_acked(s, a, tag);
    }
    for (int n = 1;; n++) {
        if (n > MAX_ROUNDS)
            fail_msg("%s: still failing after %d rounds", fc->name, MAX_ROUNDS);
        snprintf(tag, sizeof tag, "try-%d", n);
        struct record r = checkin_record(tag);
        faultvfs_arm(fc->op, n, fc->err, fc->persistent, fc->torn);
        int rc = store_add_record(s, &r);
        int fired = faultvfs_faults();
        faultvfs_disarm();
        if (!fired) {
            /* n is past the last write or sync the operation makes: it went through. */
            if (rc != SD_OK)
                fail_msg("%s: n=%d: no fault, yet %d %s", fc->name, n, rc, store_errmsg(s));
            snprintf(a->uuid[a->count], sizeof a->uuid[0], "%s", r.uuid);
            snprintf(a->tag[a->count], sizeof a->tag[0], "%s", tag);
            a->count++;
            break;
        }
        if (rc == SD_OK) {
            /* Only a full disk is retried (after a checkpoint), and only a single fault can be
            ** got past that way; then the record is acknowledged and must be there. */
            if (fc->err != SQLITE_FULL || fc->persistent)
                fail_msg("%s: n=%d: acknowledged although a fault fired", fc->name, n);
            snprintf(a->uuid[a->count], sizeof a->uuid[0], "%s", r.uuid);
            snprintf(a->tag[a->count], sizeof a->tag[0], "%s", tag);
            a->count++;
            retried++;
            check_store(s, a, NULL, "same handle after a retried fault");
            continue;
        }
        failures++;
        if (rc != fc->want)
            fail_msg("%s: n=%d: rc %d, want %d (%s)", fc->name, n, rc, fc->want,
                     store_errmsg(s));
        assert_int_equal(r.seq, 0);
        assert_string_equal(r.uuid, "");
        assert_true(strlen(store_errmsg(s)) > 0);
        check_store(s, a, tag, "same handle after the fault");

        /* The faults stopped: the same handle works again. */
        snprintf(tag, sizeof tag, "after-%d", n);
        add_acked(s, a, tag);
        check_store(s, a, NULL, "same handle after recovering");

        store_close(s);
        s = open_faulty(path);
        check_store(s, a, NULL, "reopened");
    }
    assert_true(failures + retried > 0); /* the operation did write and sync */
    print_message("%s: %d failed, %d retried past the fault, %d records\n", fc->name, failures,
                  retried, a->count);
    store_close(s);
    free(a);
}

static void test_faults_add_record(void **state)
{
    (void)state;
    for (int i = 0; i < CASE_COUNT; i++)
        run_add_case(&fault_cases[i]);
}

/*
** A checkpoint moves the WAL into the database file: the one moment a failed sync can hurt a
** WAL database. Fill the WAL past the auto-checkpoint (1000 pages) under faults.
*/
static void test_faults_many_records(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX], tag[24];
    struct acked *a = calloc(1, sizeof *a);
    int failed = 0, retried = 0;
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    struct store *s = open_faulty(path);
    for (int i = 0; i < 1100; i++) {
        const struct fault_case *fc = &fault_cases[i % CASE_COUNT];
        snprintf(tag, sizeof tag, "many-%d", i);
        struct record r = checkin_record(tag);
        /* Every 7th add meets a fault somewhere in its first writes or syncs. */
        if (i % 7 == 3)
            faultvfs_arm(fc->op, 1 + i % 5, fc->err, 0, fc->torn);
        int rc = store_add_record(s, &r);
        int fired = faultvfs_faults();
        faultvfs_disarm();
        if (rc == SD_OK) {
            if (fired && fc->err != SQLITE_FULL)
                fail_msg("%s: acknowledged although a fault fired", tag);
            retried += fired > 0;
            assert_true(a->count < MAX_ACKED);
            snprintf(a->uuid[a->count], sizeof a->uuid[0], "%s", r.uuid);
            snprintf(a->tag[a->count], sizeof a->tag[0], "%s", tag);
            a->count++;
        } else {
            assert_true(fired > 0);
            failed++;
        }
    }
    assert_true(failed > 50);
    assert_true(retried > 10);
    check_store(s, a, NULL, "after many");
    store_close(s);
    s = open_faulty(path);
    check_store(s, a, NULL, "after many, reopened");
    store_close(s);
    free(a);
}

/* ---------------------------------------------------------------- closing and opening */

static void test_faults_close(void **state)
{
    (void)state;
    for (int i = 0; i < CASE_COUNT; i++) {
        const struct fault_case *fc = &fault_cases[i];
        const char *dir = tu_tmpdir();
        char path[PATH_MAX], tag[24];
        struct acked *a = calloc(1, sizeof *a);
        int closes = 0;
        snprintf(path, sizeof path, "%s/kiosk.db", dir);
        struct store *s = open_faulty(path);
        for (int n = 1;; n++) {
            if (n > MAX_ROUNDS)
                fail_msg("%s: close still failing", fc->name);
            snprintf(tag, sizeof tag, "c-%d", n);
            add_acked(s, a, tag);
            /* Closing checkpoints the WAL into the database and removes the WAL. */
            faultvfs_arm(fc->op, n, fc->err, fc->persistent, fc->torn);
            store_close(s);
            int fired = faultvfs_faults();
            faultvfs_disarm();
            s = open_faulty(path);
            check_store(s, a, NULL, fc->name);
            if (!fired)
                break;
            closes++;
        }
        assert_true(closes > 0);
        print_message("%s: %d faulted closes\n", fc->name, closes);
        store_close(s);
        free(a);
    }
}

static void test_faults_open_new(void **state)
{
    (void)state;
    for (int i = 0; i < CASE_COUNT; i++) {
        const struct fault_case *fc = &fault_cases[i];
        const char *dir = tu_tmpdir();
        char path[PATH_MAX];
        struct acked *a = calloc(1, sizeof *a);
        struct store_options opt = { .vfs = FAULTVFS_NAME, .build_epoch = T0 - 86400 };
        for (int n = 1;; n++) {
            struct store *s = NULL;
            if (n > MAX_ROUNDS)
                fail_msg("%s: open still failing", fc->name);
            /* A fresh database each round: creating it is the migration being tested. */
            snprintf(path, sizeof path, "%s/new-%d/kiosk.db", dir, n);
            faultvfs_arm(fc->op, n, fc->err, fc->persistent, fc->torn);
            int rc = store_open(&s, path, &opt);
            int fired = faultvfs_faults();
            faultvfs_disarm();
            if (fired && rc == SD_OK)
                fail_msg("%s: n=%d: open succeeded although a fault fired", fc->name, n);
            if (rc != SD_OK && rc != fc->want)
                fail_msg("%s: n=%d: rc %d (%s)", fc->name, n, rc, store_errmsg(s));
            if (rc == SD_OK) {
                /* Opening after a failed open, or on the handle that opened: both work. */
                add_acked(s, a, "first");
                check_store(s, a, NULL, fc->name);
                store_close(s);
                break;
            }
            store_close(s);
            s = open_faulty(path);
            struct acked *none = calloc(1, sizeof *none);
            add_acked(s, none, "first");
            check_store(s, none, NULL, fc->name);
            store_close(s);
            free(none);
        }
        free(a);
    }
}

/* ---------------------------------------------------------------- pack, clock, PINs */

static void pack_files(struct pack *p, struct pack_file *files, const char *id, int count)
{
    static const char *const data[] = { "key,value\nname,A\n", "id,name\nmatti,Matti\n",
                                         "id,name\nliisa,Liisa\n", "plan", "safety" };
    memset(p, 0, sizeof *p);
    snprintf(p->pack_id, sizeof p->pack_id, "%s", id);
    snprintf(p->workplace.date, sizeof p->workplace.date, "2027-04-15");
    for (int i = 0; i < count; i++) {
        memset(&files[i], 0, sizeof files[i]);
        snprintf(files[i].name, sizeof files[i].name, "%s-%d.csv", id, i);
        files[i].data = (unsigned char *)(uintptr_t)data[i % 5];
        files[i].len = strlen(data[i % 5]);
    }
    p->files.files = files;
    p->files.count = count;
}

static void expect_pack(struct store *s, const char *id, int count)
{
    struct pack_source src;
    char got_id[65], date[11], name[64];
    assert_int_equal(store_pack_info(s, got_id, date), SD_OK);
    assert_string_equal(got_id, id);
    assert_int_equal(store_pack_load(s, &src), SD_OK);
    assert_int_equal(src.count, count);
    for (int i = 0; i < src.count; i++) {
        snprintf(name, sizeof name, "%s-%d.csv", id, i);
        assert_string_equal(src.files[i].name, name);
        free(src.files[i].data);   /* pack_source_free is pack_source.c's */
    }
    free(src.files);
}

static void test_faults_pack_install(void **state)
{
    (void)state;
    for (int i = 0; i < CASE_COUNT; i++) {
        const struct fault_case *fc = &fault_cases[i];
        const char *dir = tu_tmpdir();
        char path[PATH_MAX];
        struct pack old_pack, new_pack;
        struct pack_file old_files[3], new_files[5];
        int failures = 0;
        snprintf(path, sizeof path, "%s/kiosk.db", dir);
        struct store *s = open_faulty(path);
        pack_files(&old_pack, old_files, "old", 3);
        pack_files(&new_pack, new_files, "new", 5);
        assert_int_equal(store_pack_install(s, &old_pack), SD_OK);
        for (int n = 1;; n++) {
            if (n > MAX_ROUNDS)
                fail_msg("%s: install still failing", fc->name);
            faultvfs_arm(fc->op, n, fc->err, fc->persistent, fc->torn);
            int rc = store_pack_install(s, &new_pack);
            int fired = faultvfs_faults();
            faultvfs_disarm();
            if (!fired) {
                assert_int_equal(rc, SD_OK);
                break;
            }
            failures++;
            assert_int_equal(rc, fc->want);
            expect_pack(s, "old", 3);             /* the old pack, entirely */
            store_close(s);
            s = open_faulty(path);
            expect_pack(s, "old", 3);
            assert_int_equal(store_check_integrity(s), SD_OK);
        }
        assert_true(failures > 0);
        expect_pack(s, "new", 5);
        store_close(s);
        s = open_faulty(path);
        expect_pack(s, "new", 5);
        store_close(s);
    }
}

static void test_faults_set_clock(void **state)
{
    const struct fault_case *fc = &fault_cases[1];   /* full disk from n on */
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    struct store_time now;
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    struct store *s = open_faulty(path);
    for (int n = 1;; n++) {
        assert_true(n <= MAX_ROUNDS);
        faultvfs_arm(fc->op, n, fc->err, fc->persistent, fc->torn);
        int rc = store_set_clock(s, T0 + 3600);
        int fired = faultvfs_faults();
        faultvfs_disarm();
        store_time_now(s, &now);
        if (!fired) {
            assert_int_equal(rc, SD_OK);
            assert_int_equal(now.unix_s, T0 + 3600);
            break;
        }
        assert_int_equal(rc, SD_EFULL);
        assert_int_equal(now.unix_s, T0);               /* the old offset is back */
        int64_t count = -1;
        assert_int_equal(store_count_records(s, 0, &count), SD_OK);
        assert_int_equal(count, 0);                     /* no clock_set record */
    }
    int64_t count = -1;
    assert_int_equal(store_count_records(s, 0, &count), SD_OK);
    assert_int_equal(count, 1);
    store_close(s);
}

static void test_faults_pin_count(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    struct pack p;
    struct pack_file files[1];
    int wait;
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    struct store *s = open_faulty(path);
    pack_files(&p, files, "pins", 1);
    /* A hash of some other PIN: every PIN tried below is wrong. */
    assert_int_equal(store_pin_change(s, "admin", "97531"), SD_OK);
    assert_int_equal(store_pin_verify(s, &p, "admin", "1111", &wait), SD_EAUTH);
    assert_int_equal(store_pin_failures(s, "admin"), 1);
    /* A wrong PIN that cannot be counted is not reported as merely wrong. */
    faultvfs_arm(FAULTVFS_WRITE, 1, SQLITE_FULL, 1, 0);
    int rc = store_pin_verify(s, &p, "admin", "2222", &wait);
    faultvfs_disarm();
    assert_int_equal(rc, SD_EFULL);
    assert_int_equal(store_pin_failures(s, "admin"), 1);
    faultvfs_arm(FAULTVFS_SYNC, 1, SQLITE_IOERR_FSYNC, 0, 0);
    rc = store_pin_verify(s, &p, "admin", "3333", &wait);
    faultvfs_disarm();
    assert_int_equal(rc, SD_EIO);
    assert_int_equal(store_pin_failures(s, "admin"), 1);
    assert_int_equal(store_pin_verify(s, &p, "admin", "4444", &wait), SD_EAUTH);
    assert_int_equal(store_pin_failures(s, "admin"), 2);
    store_close(s);
}

/*
** A process that dies right after a failed COMMIT (no ROLLBACK, no close) leaves the frames it
** wrote in the WAL. With a failed write the commit frame is missing and WAL recovery drops the
** transaction. With a failed fsync every frame was written, so recovery may find a complete
** transaction: a record the kiosk said was not saved can appear. That is safe in the direction
** that matters (nothing acknowledged is lost; what appears was attempted; the shadow taps again
** and gets a second check-in), and it is what any storage does when fsync fails after the data
** reached the OS. The test pins down both sides so a change of behaviour is noticed.
*/
static void test_faults_die_after_failure(void **state)
{
    (void)state;
    for (int i = 0; i < CASE_COUNT; i++) {
        const struct fault_case *fc = &fault_cases[i];
        const char *dir = tu_tmpdir();
        char path[PATH_MAX];
        struct acked *a = calloc(1, sizeof *a);
        snprintf(path, sizeof path, "%s/kiosk.db", dir);
        struct store *s = open_faulty(path);
        add_acked(s, a, "kept");
        store_close(s);
        for (int n = 1; n <= MAX_ROUNDS; n++) {
            fflush(NULL);
            pid_t pid = fork();
            assert_true(pid >= 0);
            if (pid == 0) {
                /* A fresh connection in the child; never one inherited across fork. */
                struct store *c = open_faulty(path);
                struct record r = checkin_record("ghost");
                faultvfs_arm(fc->op, n, fc->err, fc->persistent, fc->torn);
                int rc = store_add_record(c, &r);
                int fired = faultvfs_faults();
                _exit(!fired ? 3 : rc == SD_OK ? 4 : 0);
            }
            int status;
            assert_int_equal(waitpid(pid, &status, 0), pid);
            assert_true(WIFEXITED(status));
            int code = WEXITSTATUS(status);
            /* 4: got past the fault; only a single full-disk fault is retried. */
            if (code == 4 && (fc->err != SQLITE_FULL || fc->persistent))
                fail_msg("%s: n=%d: acknowledged although a fault fired", fc->name, n);
            s = open_faulty(path);
            if (code == 3) {
                /* No fault: the record was acknowledged in the child. */
                store_close(s);
                break;
            }
            struct scan *sc = calloc(1, sizeof *sc);
            sc->acked = a;
            assert_int_equal(store_records_each(s, 0, scan_record, sc), SD_OK);
            assert_int_equal(sc->found[0], 1);
            int ghosts = sc->rows - 1;
            if (code == 4) {
                if (ghosts != 1)
                    fail_msg("%s: n=%d: an acknowledged record is lost", fc->name, n);
            } else if (ghosts) {
                if (fc->op == FAULTVFS_WRITE)
                    fail_msg("%s: n=%d: a failed write left a record behind", fc->name, n);
                print_message("%s: n=%d: the failed record is there after the crash\n",
                              fc->name, n);
            }
            assert_true(ghosts <= 1);
            free(sc);
            assert_int_equal(store_check_integrity(s), SD_OK);
            /* Keep the database as it was for the next round. */
            store_close(s);
            if (ghosts) {
                sqlite3 *db;
                assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
                assert_int_equal(sqlite3_exec(db, "DELETE FROM record WHERE value = 'ghost'",
                                              NULL, NULL, NULL), SQLITE_OK);
                sqlite3_close(db);
            }
        }
        free(a);
    }
}

static int group_setup(void **state)
{
    (void)state;
    return faultvfs_register() == SQLITE_OK ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faults_add_record),
        cmocka_unit_test(test_faults_many_records),
        cmocka_unit_test(test_faults_close),
        cmocka_unit_test(test_faults_open_new),
        cmocka_unit_test(test_faults_pack_install),
        cmocka_unit_test(test_faults_set_clock),
        cmocka_unit_test(test_faults_pin_count),
        cmocka_unit_test(test_faults_die_after_failure),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
