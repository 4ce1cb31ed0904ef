/*
** test_store.c - the record store: opening and refusing files, records and their fields, seq and
** uuids, the clock rules, visit states, pack storage, PIN limits across restarts, settings.
** Faults and crashes: test_store_faults.c, test_crash.c, test_store_fullfs.c.
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "pin.h"
#include "schema.h"
#include "store.h"
#include "testutil.h"
#include "uuid.h"

#define T0 INT64_C(1807768800)            /* 2027-04-15T09:00:00+03:00 */
#define BUILD_EPOCH (T0 - 30 * 86400)
#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static char admin_hash[PIN_HASH_MAX], host_hash[PIN_HASH_MAX];

struct fake_clock {
    int64_t now;
};

static int64_t fake_clock_read(void *arg)
{
    return ((struct fake_clock *)arg)->now;
}

static const char *db_path(const char *dir)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/data/sub/kiosk.db", dir);
    return path;
}

static struct store *open_at(const char *path, struct fake_clock *clk)
{
    struct store *s = NULL;
    struct store_options opt = { .vfs = NULL, .build_epoch = BUILD_EPOCH };
    int rc = store_open(&s, path, &opt);
    if (rc != SD_OK)
        fail_msg("store_open %s: %d %s", path, rc, store_errmsg(s));
    if (clk)
        store_set_time_source(s, fake_clock_read, clk);
    return s;
}

/* ---------------------------------------------------------------- packs built by hand */

struct test_pack {
    struct pack p;
    struct pack_file files[4];
    struct pack_host hosts[2];
};

static void test_pack_init(struct test_pack *t, const char *id, const char *date)
{
    static const struct {
        const char *name;
        const char *data;
        size_t len;
    } files[] = {
        { "workplace.csv", "key,value\nname,Kahvila\n", 23 },
        { "shadows.csv", "", 0 },                       /* an empty file stays empty */
        { "photos/matti.jpg", "\xff\xd8\x00\x01\x00", 5 }, /* binary with NUL bytes */
    };
    memset(t, 0, sizeof *t);
    snprintf(t->p.pack_id, sizeof t->p.pack_id, "%s", id);
    snprintf(t->p.workplace.date, sizeof t->p.workplace.date, "%s", date);
    snprintf(t->p.workplace.admin_pin_hash, sizeof t->p.workplace.admin_pin_hash, "%s",
             admin_hash);
    for (int i = 0; i < 3; i++) {
        snprintf(t->files[i].name, sizeof t->files[i].name, "%s", files[i].name);
        t->files[i].data = (unsigned char *)(uintptr_t)files[i].data;
        t->files[i].len = files[i].len;
    }
    t->p.files.files = t->files;
    t->p.files.count = 3;
    snprintf(t->hosts[0].id, sizeof t->hosts[0].id, "liisa");
    snprintf(t->hosts[0].pin_hash, sizeof t->hosts[0].pin_hash, "%s", host_hash);
    snprintf(t->hosts[1].id, sizeof t->hosts[1].id, "pekka"); /* no PIN */
    t->p.hosts = t->hosts;
    t->p.host_count = 2;
}

/* ---------------------------------------------------------------- records */

struct record_list {
    struct record items[512];
    int count;
};

static int collect(void *arg, const struct record *r)
{
    struct record_list *l = arg;
    if (l->count >= (int)(sizeof l->items / sizeof l->items[0]))
        fail_msg("too many records");
    l->items[l->count++] = *r;
    return 0;
}

static struct record make(int kind, const char *visit, const char *shadow, const char *host,
                          const char *item, const char *value)
{
    struct record r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    snprintf(r.visit, sizeof r.visit, "%s", visit ? visit : "");
    snprintf(r.shadow_id, sizeof r.shadow_id, "%s", shadow ? shadow : "");
    snprintf(r.host_id, sizeof r.host_id, "%s", host ? host : "");
    snprintf(r.item, sizeof r.item, "%s", item ? item : "");
    snprintf(r.value, sizeof r.value, "%s", value ? value : "");
    return r;
}

static struct record add_ok(struct store *s, struct record r)
{
    int rc = store_add_record(s, &r);
    if (rc != SD_OK)
        fail_msg("store_add_record: %d %s", rc, store_errmsg(s));
    return r;
}

static struct record checkin(struct store *s, const char *shadow)
{
    struct record r = make(RECORD_CHECKIN, NULL, shadow, NULL, NULL, NULL);
    snprintf(r.lang, sizeof r.lang, "fi");
    return add_ok(s, r);
}

static int64_t count_records(struct store *s)
{
    int64_t n = -1;
    assert_int_equal(store_count_records(s, 0, &n), SD_OK);
    return n;
}

/* ---------------------------------------------------------------- opening */

static void test_store_open_creates(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 };
    struct stat st;
    char id[40];
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    assert_int_equal(stat(db_path(dir), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);            /* personal data: owner only */
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/data/sub", dir);
    assert_int_equal(stat(sub, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0700);
    const char *kid = store_kiosk_id(s);
    assert_int_equal(strlen(kid), 10);
    assert_memory_equal(kid, "K-", 2);
    for (int i = 2; i < 10; i++)
        assert_non_null(strchr("0123456789abcdef", kid[i]));
    snprintf(id, sizeof id, "%s", kid);
    assert_string_equal(store_path(s), db_path(dir));
    assert_int_equal(store_ping(s), SD_OK);
    assert_int_equal(store_check_integrity(s), SD_OK);
    store_close(s);

    /* The same kiosk id after a restart; another database gets another id. */
    s = open_at(db_path(dir), &clk);
    assert_string_equal(store_kiosk_id(s), id);
    store_close(s);
    const char *dir2 = tu_tmpdir();
    s = open_at(db_path(dir2), &clk);
    assert_string_not_equal(store_kiosk_id(s), id);
    store_close(s);

    /* What the file says about itself. */
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(db_path(dir), &db), SQLITE_OK);
    static const struct {
        const char *sql;
        const char *want;
    } facts[] = {
        { "PRAGMA journal_mode", "wal" },
        { "PRAGMA application_id", "1396990329" },
        { "SELECT value FROM meta WHERE key = 'kiosk_id'", NULL },
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        assert_int_equal(sqlite3_prepare_v2(db, facts[i].sql, -1, &q, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        const char *want = facts[i].want ? facts[i].want : id;
        assert_string_equal((const char *)sqlite3_column_text(q, 0), want);
        sqlite3_finalize(q);
    }
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), schema_latest_version());
    sqlite3_finalize(q);
    sqlite3_close(db);
    assert_int_equal(SCHEMA_APPLICATION_ID, 1396990329);
}

static void test_store_empty_file_is_new(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    tu_write_file(dir, "kiosk.db", "", 0);
    struct store *s = open_at(path, NULL);
    assert_int_equal(store_ping(s), SD_OK);
    store_close(s);
}

/* Open must fail with rc and leave the file byte for byte as it was. */
static void expect_refused(const char *path, int rc_want, const char *words)
{
    size_t before_len, after_len;
    char *before = tu_read_file(path, &before_len);
    struct store *s = NULL;
    struct store_options opt = { .vfs = NULL, .build_epoch = BUILD_EPOCH };
    struct record r = make(RECORD_CHECKIN, NULL, "matti", NULL, NULL, NULL);
    assert_non_null(before);
    int rc = store_open(&s, path, &opt);
    assert_int_equal(rc, rc_want);
    assert_non_null(s);
    if (!strstr(store_errmsg(s), words))
        fail_msg("message '%s' lacks '%s'", store_errmsg(s), words);
    /* The failed handle refuses everything else without crashing. */
    assert_int_equal(store_add_record(s, &r), SD_ERR);
    assert_int_equal(store_ping(s), SD_ERR);
    assert_int_equal(store_check_integrity(s), SD_ERR);
    store_close(s);
    char *after = tu_read_file(path, &after_len);
    assert_non_null(after);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    free(before);
    free(after);
}

static void test_store_garbage_refused(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX], big[100000];
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    tu_write_file(dir, "kiosk.db", "not a database", -1);
    expect_refused(path, SD_ECORRUPT, "damaged");

    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7919 % 251);
    tu_write_file(dir, "kiosk.db", big, sizeof big);
    expect_refused(path, SD_ECORRUPT, "damaged");

    /* A real SQLite header followed by garbage. */
    memcpy(big, "SQLite format 3", 16);
    tu_write_file(dir, "kiosk.db", big, sizeof big);
    expect_refused(path, SD_ECORRUPT, "damaged");
}

static void test_store_damaged_page_refused(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    struct fake_clock clk = { T0 };
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    struct store *s = open_at(path, &clk);
    for (int i = 0; i < 300; i++) {
        struct record r = make(RECORD_CHECKIN, NULL, "matti", NULL, NULL,
                               "a value long enough to fill a few pages of the record table");
        add_ok(s, r);
    }
    store_close(s);
    size_t len;
    char *data = tu_read_file(path, &len);
    assert_non_null(data);
    assert_true(len > 8 * 4096);
    /* Scribble over the middle of the file, leaving page 1 (the header and schema) alone. */
    for (size_t i = 3 * 4096; i < len - 4096; i += 1)
        data[i] = (char)(i * 31 % 253);
    tu_write_file(dir, "kiosk.db", data, (long)len);
    free(data);
    expect_refused(path, SD_ECORRUPT, "damaged");
}

static void test_store_symlink_refused(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX], target[PATH_MAX];
    struct store *s = NULL;
    (void)state;
    snprintf(target, sizeof target, "%s/elsewhere", dir);
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    tu_write_file(dir, "elsewhere", "someone else's file", -1);
    assert_int_equal(symlink(target, path), 0);
    assert_int_not_equal(store_open(&s, path, NULL), SD_OK);
    store_close(s);
    char *data = tu_read_file(target, NULL);
    assert_string_equal(data, "someone else's file");
    free(data);
}

static void test_store_foreign_db_refused(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    sqlite3 *db;
    (void)state;
    snprintf(path, sizeof path, "%s/other.db", dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE photos(x); INSERT INTO photos VALUES(1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    expect_refused(path, SD_ECORRUPT, "not a shadowday database");
}

static void test_store_newer_version_refused(void **state)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    sqlite3 *db;
    (void)state;
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    struct store *s = open_at(path, NULL);
    store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    expect_refused(path, SD_EINVAL, "newer version");
}

/* ---------------------------------------------------------------- records */

static void test_store_kind_names(void **state)
{
    static const char *const names[] = { "checkin", "escort", "safety_ack", "answer",
                                         "checkout", "host_eval", "clock_set" };
    (void)state;
    assert_int_equal(RECORD_KIND_COUNT - 1, 7);
    for (int k = 1; k < RECORD_KIND_COUNT; k++) {
        assert_string_equal(record_kind_name(k), names[k - 1]);
        assert_int_equal(record_kind_from_name(names[k - 1]), k);
    }
    assert_null(record_kind_name(0));
    assert_null(record_kind_name(RECORD_KIND_COUNT));
    assert_null(record_kind_name(-1));
    assert_int_equal(record_kind_from_name("CHECKIN"), 0);
    assert_int_equal(record_kind_from_name(""), 0);
    assert_int_equal(record_kind_from_name(NULL), 0);
}

static void test_store_record_round_trip(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 };
    struct test_pack tp;
    struct record_list *got = calloc(1, sizeof *got);
    struct record want[6];
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    test_pack_init(&tp, "0123abcd", "2027-04-15");
    assert_int_equal(store_pack_install(s, &tp.p), SD_OK);

    want[0] = checkin(s, "matti");
    assert_true(uuid_is_well_formed(want[0].uuid));
    assert_string_equal(want[0].visit, want[0].uuid);        /* a check-in is its own visit */
    const char *v = want[0].visit;
    clk.now += 10;
    want[1] = add_ok(s, make(RECORD_ESCORT, v, "", "liisa", NULL, NULL)); /* shadow from visit */
    assert_string_equal(want[1].shadow_id, "matti");
    clk.now += 10;
    struct record ack = make(RECORD_SAFETY_ACK, v, "matti", NULL, "fire-exit", "understood");
    snprintf(ack.lang, sizeof ack.lang, "sv");
    snprintf(ack.content_hash, sizeof ack.content_hash, HASH_A);
    want[2] = add_ok(s, ack);
    clk.now += 10;
    want[3] = add_ok(s, make(RECORD_ANSWER, v, "matti", NULL, "comment",
                             "Kiva päivä – tack så mycket!\nÅäö"));
    clk.now += 10;
    want[4] = add_ok(s, make(RECORD_HOST_EVAL, v, NULL, "liisa", "h1", "4"));
    clk.now += 10;
    want[5] = add_ok(s, make(RECORD_CHECKOUT, v, NULL, "liisa", NULL, "host"));

    assert_int_equal(store_records_each(s, 0, collect, got), SD_OK);
    assert_int_equal(got->count, 6);
    for (int i = 0; i < 6; i++) {
        const struct record *a = &got->items[i], *w = &want[i];
        assert_int_equal(a->seq, w->seq);
        if (i > 0)
            assert_true(a->seq > got->items[i - 1].seq);
        assert_string_equal(a->uuid, w->uuid);
        assert_string_equal(a->kiosk_id, store_kiosk_id(s));
        assert_int_equal(a->kind, w->kind);
        assert_int_equal(a->wall_time, T0 + 10 * i);
        assert_int_equal(a->utc_offset_min, 180);
        assert_int_equal(a->clock_suspect, 0);
        assert_string_equal(a->day, "2027-04-15");
        assert_string_equal(a->pack_id, "0123abcd");
        assert_string_equal(a->visit, v);
        assert_string_equal(a->shadow_id, "matti");
        assert_string_equal(a->host_id, w->host_id);
        assert_string_equal(a->item, w->item);
        assert_string_equal(a->value, w->value);
        assert_string_equal(a->lang, w->lang);
        assert_string_equal(a->content_hash, w->content_hash);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(a->uuid, got->items[j].uuid);
    }
    assert_string_equal(got->items[2].lang, "sv");
    assert_string_equal(got->items[2].content_hash, HASH_A);

    /* The same after a restart; undelivered_only sees all (nothing is delivered yet). */
    store_close(s);
    s = open_at(db_path(dir), &clk);
    memset(got, 0, sizeof *got);
    assert_int_equal(store_records_each(s, 1, collect, got), SD_OK);
    assert_int_equal(got->count, 6);
    assert_string_equal(got->items[3].value, "Kiva päivä – tack så mycket!\nÅäö");
    int64_t n = 0;
    assert_int_equal(store_count_records(s, 1, &n), SD_OK);
    assert_int_equal(n, 6);
    store_close(s);
    free(got);
}

static int stop_at_two(void *arg, const struct record *r)
{
    int *seen = arg;
    (void)r;
    return ++*seen == 2 ? SD_EIO : 0;
}

static void test_store_callback_stops(void **state)
{
    const char *dir = tu_tmpdir();
    int seen = 0;
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    for (int i = 0; i < 5; i++)
        checkin(s, "matti");
    assert_int_equal(store_records_each(s, 0, stop_at_two, &seen), SD_EIO);
    assert_int_equal(seen, 2);
    assert_int_equal(store_records_each(s, 0, NULL, NULL), SD_EINVAL);
    store_close(s);
}

static void test_store_seq_never_reused(void **state)
{
    const char *dir = tu_tmpdir();
    sqlite3 *db;
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    int64_t last = 0;
    for (int i = 0; i < 5; i++) {
        struct record r = checkin(s, "matti");
        assert_true(r.seq > last);
        last = r.seq;
    }
    store_close(s);
    /* Remove the newest rows (as a purge would), even all of them. */
    assert_int_equal(sqlite3_open(db_path(dir), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM record WHERE seq >= 3", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    s = open_at(db_path(dir), NULL);
    struct record r = checkin(s, "matti");
    assert_int_equal(r.seq, last + 1);
    last = r.seq;
    store_close(s);
    assert_int_equal(sqlite3_open(db_path(dir), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM record", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    s = open_at(db_path(dir), NULL);
    r = checkin(s, "matti");
    assert_int_equal(r.seq, last + 1);
    store_close(s);
}

static int cmp_uuid(const void *a, const void *b)
{
    return strcmp(((const struct record *)a)->uuid, ((const struct record *)b)->uuid);
}

static void test_store_uuids_unique(void **state)
{
    const char *dir = tu_tmpdir();
    struct record_list *got = calloc(1, sizeof *got);
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    for (int i = 0; i < 300; i++)
        checkin(s, "matti");
    assert_int_equal(store_records_each(s, 0, collect, got), SD_OK);
    assert_int_equal(got->count, 300);
    for (int i = 0; i < got->count; i++) {
        const char *u = got->items[i].uuid;
        assert_true(uuid_is_well_formed(u));
        assert_int_equal(u[14], '4');                        /* version 4 */
        assert_non_null(strchr("89ab", u[19]));              /* RFC 4122 variant */
    }
    qsort(got->items, (size_t)got->count, sizeof got->items[0], cmp_uuid);
    for (int i = 1; i < got->count; i++)
        assert_string_not_equal(got->items[i].uuid, got->items[i - 1].uuid);
    store_close(s);
    free(got);
}

static void test_store_records_validated(void **state)
{
    const char *dir = tu_tmpdir();
    char long_value[RECORD_VALUE_MAX];     /* the longest value a record holds */
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    struct record c = checkin(s, "matti");
    const char *v = c.visit;
    const char *nobody = "00000000-0000-4000-8000-000000000000";
    struct {
        struct record r;
        int rc;
    } bad[] = {
        { make(0, NULL, "matti", NULL, NULL, NULL), SD_EINVAL },
        { make(RECORD_KIND_COUNT, NULL, "matti", NULL, NULL, NULL), SD_EINVAL },
        { make(RECORD_CHECKIN, NULL, "", NULL, NULL, NULL), SD_EINVAL },       /* no shadow */
        { make(RECORD_CHECKIN, v, "matti", NULL, NULL, NULL), SD_EINVAL },     /* has a visit */
        { make(RECORD_CHECKIN, NULL, "mat ti", NULL, NULL, NULL), SD_EINVAL }, /* not an id */
        { make(RECORD_CHECKIN, NULL, "x';--", NULL, NULL, NULL), SD_EINVAL },
        { make(RECORD_ESCORT, v, "matti", "", NULL, NULL), SD_EINVAL },        /* no host */
        { make(RECORD_ESCORT, "", "matti", "liisa", NULL, NULL), SD_EINVAL },  /* no visit */
        { make(RECORD_ESCORT, "not-a-uuid", "matti", "liisa", NULL, NULL), SD_EINVAL },
        { make(RECORD_ESCORT, nobody, "matti", "liisa", NULL, NULL), SD_ENOTFOUND },
        { make(RECORD_ESCORT, v, "maija", "liisa", NULL, NULL), SD_EINVAL },   /* other shadow */
        { make(RECORD_SAFETY_ACK, v, "matti", NULL, "fire", "understood"), SD_EINVAL }, /* hash */
        { make(RECORD_ANSWER, v, "matti", NULL, "", "3"), SD_EINVAL },          /* no item */
        { make(RECORD_ANSWER, v, "matti", NULL, "q1", "\x01"), SD_EINVAL },     /* control */
        { make(RECORD_ANSWER, v, "matti", NULL, "q1", "\xc3\x28"), SD_EINVAL }, /* bad UTF-8 */
        { make(RECORD_ANSWER, v, "matti", NULL, "q1", "\xc0\xaf"), SD_EINVAL }, /* overlong */
        { make(RECORD_ANSWER, v, "matti", NULL, "q1", "\xed\xa0\x80"), SD_EINVAL }, /* surrogate */
        { make(RECORD_CHECKOUT, v, "matti", NULL, NULL, "gone"), SD_EINVAL },
        { make(RECORD_CHECKOUT, v, "matti", NULL, NULL, "host"), SD_EINVAL },  /* no host id */
        { make(RECORD_HOST_EVAL, NULL, NULL, "liisa", "h1", "5"), SD_EINVAL },
        { make(RECORD_HOST_EVAL, NULL, NULL, "", "h1", "4"), SD_EINVAL },
        { make(RECORD_CLOCK_SET, NULL, NULL, NULL, NULL, "2027-04-15T09:00:00+03:00"),
          SD_EINVAL },                                                          /* store only */
    };
    int64_t before = count_records(s);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct record copy = bad[i].r;
        int rc = store_add_record(s, &bad[i].r);
        if (rc != bad[i].rc)
            fail_msg("case %zu: rc %d, want %d (%s)", i, rc, bad[i].rc, store_errmsg(s));
        assert_true(strlen(store_errmsg(s)) > 0);
        assert_memory_equal(&copy, &bad[i].r, sizeof copy);   /* untouched */
    }
    /* A value that fills its array without a terminator, and a bad language and hash. */
    struct record r = make(RECORD_ANSWER, v, "matti", NULL, "comment", NULL);
    memset(r.value, 'a', sizeof r.value);
    assert_int_equal(store_add_record(s, &r), SD_ELIMIT);
    r = make(RECORD_ANSWER, v, "matti", NULL, "q1", "3");
    snprintf(r.lang, sizeof r.lang, "f");
    assert_int_equal(store_add_record(s, &r), SD_EINVAL);
    r = make(RECORD_ANSWER, v, "matti", NULL, "q1", "3");
    snprintf(r.content_hash, sizeof r.content_hash, "%s", "abcdefgh");
    assert_int_equal(store_add_record(s, &r), SD_EINVAL);
    assert_int_equal(store_add_record(s, NULL), SD_EINVAL);
    assert_int_equal(count_records(s), before);

    /* The longest allowed value fits. */
    memset(long_value, 'b', RECORD_VALUE_MAX - 1);
    long_value[RECORD_VALUE_MAX - 1] = '\0';
    r = make(RECORD_ANSWER, v, "matti", NULL, "comment", long_value);
    add_ok(s, r);
    assert_int_equal(count_records(s), before + 1);
    store_close(s);
}

static void test_store_values_are_bound(void **state)
{
    const char *dir = tu_tmpdir();
    struct record_list *got = calloc(1, sizeof *got);
    const char *evil = "'); DROP TABLE record; --\"";
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    struct record c = checkin(s, "matti");
    add_ok(s, make(RECORD_ANSWER, c.visit, "matti", NULL, "comment", evil));
    assert_int_equal(store_records_each(s, 0, collect, got), SD_OK);
    assert_int_equal(got->count, 2);
    assert_string_equal(got->items[1].value, evil);
    assert_int_equal(store_check_integrity(s), SD_OK);
    store_close(s);
    free(got);
}

static void test_store_records_immutable(void **state)
{
    const char *dir = tu_tmpdir();
    sqlite3 *db;
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    checkin(s, "matti");
    store_close(s);
    assert_int_equal(sqlite3_open(db_path(dir), &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE record SET wall_time = 0", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE record SET uuid = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
    /* The marks the export and purge set are allowed. */
    assert_int_equal(sqlite3_exec(db, "UPDATE record SET delivered = 1, exported_batch = 'b1'",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    s = open_at(db_path(dir), NULL);
    int64_t n = -1;
    assert_int_equal(store_count_records(s, 1, &n), SD_OK);
    assert_int_equal(n, 0);
    store_close(s);
}

/* ---------------------------------------------------------------- clock */

static void test_store_clock_suspect(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { BUILD_EPOCH - 86400 };   /* a Pi that booted in the past */
    struct store_time now;
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);

    store_time_now(s, &now);
    assert_int_equal(now.unix_s, BUILD_EPOCH - 86400);
    assert_true(now.suspect);
    struct record r = checkin(s, "matti");
    assert_int_equal(r.clock_suspect, 1);               /* before the build date */

    clk.now = T0;
    store_time_now(s, &now);
    assert_false(now.suspect);
    assert_int_equal(now.utc_offset_min, 180);
    r = checkin(s, "matti");
    assert_int_equal(r.clock_suspect, 0);
    assert_int_equal(r.wall_time, T0);

    clk.now = T0 - 3600;                                 /* the clock went back an hour */
    store_time_now(s, &now);
    assert_true(now.suspect);
    r = checkin(s, "matti");
    assert_int_equal(r.clock_suspect, 1);
    clk.now = T0 - 60;                                   /* still before the last time seen */
    r = checkin(s, "matti");
    assert_int_equal(r.clock_suspect, 1);
    clk.now = T0;                                        /* equal is not before */
    r = checkin(s, "matti");
    assert_int_equal(r.clock_suspect, 0);

    /* The floor survives a restart. */
    store_close(s);
    clk.now = T0 - 10;
    s = open_at(db_path(dir), &clk);
    store_time_now(s, &now);
    assert_true(now.suspect);
    r = checkin(s, "matti");
    assert_int_equal(r.clock_suspect, 1);
    store_close(s);
}

static void test_store_set_clock(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 + 86400 * 3 };          /* the clock ran three days ahead */
    struct store_time now;
    struct record_list *got = calloc(1, sizeof *got);
    char before[CLOCK_ISO_SIZE];
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    checkin(s, "matti");                                 /* floor = T0 + 3 days */
    clock_format_iso(clk.now, 180, before);

    /* Too early or too late: refused, nothing changes. */
    assert_int_equal(store_set_clock(s, BUILD_EPOCH - 1), SD_EINVAL);
    assert_int_equal(store_set_clock(s, INT64_C(253402300800)), SD_EINVAL);
    store_time_now(s, &now);
    assert_int_equal(now.unix_s, T0 + 86400 * 3);

    assert_int_equal(store_set_clock(s, T0), SD_OK);
    store_time_now(s, &now);
    assert_int_equal(now.unix_s, T0);                    /* the offset is applied */
    assert_false(now.suspect);                           /* the floor was reset */
    clk.now += 100;                                      /* the source keeps ticking */
    store_time_now(s, &now);
    assert_int_equal(now.unix_s, T0 + 100);
    struct record r = checkin(s, "matti");
    assert_int_equal(r.wall_time, T0 + 100);
    assert_int_equal(r.clock_suspect, 0);

    assert_int_equal(store_records_each(s, 0, collect, got), SD_OK);
    assert_int_equal(got->count, 3);
    const struct record *cs = &got->items[1];
    assert_int_equal(cs->kind, RECORD_CLOCK_SET);
    assert_string_equal(cs->value, before);              /* the time before, ISO 8601 */
    assert_int_equal(cs->wall_time, T0);
    assert_int_equal(cs->clock_suspect, 0);
    assert_string_equal(cs->visit, "");

    /* The offset and the floor survive a restart. */
    store_close(s);
    s = open_at(db_path(dir), &clk);
    store_time_now(s, &now);
    assert_int_equal(now.unix_s, T0 + 100);
    assert_false(now.suspect);

    /* Setting it again replaces the offset instead of adding to it. */
    assert_int_equal(store_set_clock(s, T0 + 7200), SD_OK);
    store_time_now(s, &now);
    assert_int_equal(now.unix_s, T0 + 7200);
    store_close(s);
    free(got);
}

/* ---------------------------------------------------------------- visits */

static void test_store_visit_states(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 };
    struct test_pack tp;
    struct visit v, *all = NULL;
    int n = -1;
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    test_pack_init(&tp, "pack1", "2027-04-15");
    assert_int_equal(store_pack_install(s, &tp.p), SD_OK);

    assert_int_equal(store_visit_latest(s, "matti", &v), SD_ENOTFOUND);
    assert_int_equal(store_visits_today(s, &all, &n), SD_OK);
    assert_int_equal(n, 0);
    free(all);

    struct record c1 = checkin(s, "matti");
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_string_equal(v.uuid, c1.uuid);
    assert_string_equal(v.shadow_id, "matti");
    assert_string_equal(v.lang, "fi");
    assert_int_equal(v.state, VISIT_WAITING_ESCORT);
    assert_int_equal(v.checkin_time, T0);
    assert_int_equal(v.escort_time, 0);
    assert_int_equal(v.evaluation_done, 0);

    clk.now = T0 + 60;
    add_ok(s, make(RECORD_ESCORT, c1.visit, NULL, "liisa", NULL, NULL));
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_int_equal(v.state, VISIT_ON_SITE);
    assert_int_equal(v.escort_time, T0 + 60);
    assert_string_equal(v.escort_host_id, "liisa");

    clk.now = T0 + 120;
    add_ok(s, make(RECORD_ANSWER, c1.visit, NULL, NULL, "q1", "3"));
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_int_equal(v.evaluation_done, 0);              /* partial */
    add_ok(s, make(RECORD_ANSWER, c1.visit, NULL, NULL, "done", ""));
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_int_equal(v.evaluation_done, 1);

    struct record other = checkin(s, "maija");           /* another shadow in between */

    clk.now = T0 + 180;
    add_ok(s, make(RECORD_CHECKOUT, c1.visit, NULL, NULL, NULL, "self"));
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_int_equal(v.state, VISIT_CHECKED_OUT);
    assert_int_equal(v.checkout_time, T0 + 180);
    assert_int_equal(v.escort_time, T0 + 60);

    /* An escort after check-out does not bring the visit back. */
    add_ok(s, make(RECORD_ESCORT, c1.visit, NULL, "pekka", NULL, NULL));
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_int_equal(v.state, VISIT_CHECKED_OUT);

    /* Matti comes back: a second visit, the latest one. */
    clk.now = T0 + 240;
    struct record c2 = checkin(s, "matti");
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);
    assert_string_equal(v.uuid, c2.uuid);
    assert_int_equal(v.state, VISIT_WAITING_ESCORT);
    assert_int_equal(v.evaluation_done, 0);
    assert_string_equal(v.escort_host_id, "");

    assert_int_equal(store_visits_today(s, &all, &n), SD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(all[0].uuid, c1.uuid);           /* in check-in order */
    assert_int_equal(all[0].state, VISIT_CHECKED_OUT);
    assert_int_equal(all[0].evaluation_done, 1);
    assert_string_equal(all[1].uuid, other.uuid);
    assert_string_equal(all[1].shadow_id, "maija");
    assert_int_equal(all[1].state, VISIT_WAITING_ESCORT);
    assert_string_equal(all[2].uuid, c2.uuid);
    assert_int_equal(all[2].state, VISIT_WAITING_ESCORT);
    free(all);

    /* A new day's pack: yesterday's visits are not today's. */
    test_pack_init(&tp, "pack2", "2027-04-16");
    assert_int_equal(store_pack_install(s, &tp.p), SD_OK);
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_ENOTFOUND);
    assert_int_equal(store_visits_today(s, &all, &n), SD_OK);
    assert_int_equal(n, 0);
    free(all);
    /* ... but yesterday's open visit can still be checked out, and today's list stays empty. */
    add_ok(s, make(RECORD_CHECKOUT, c2.visit, NULL, NULL, NULL, "end_of_day"));
    assert_int_equal(store_visits_today(s, &all, &n), SD_OK);
    assert_int_equal(n, 0);
    free(all);
    store_close(s);
}

static void test_store_visit_queries(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 };
    struct test_pack tp;
    struct record_list *got = calloc(1, sizeof *got);
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    test_pack_init(&tp, "pack1", "2027-04-15");
    assert_int_equal(store_pack_install(s, &tp.p), SD_OK);
    struct record c1 = checkin(s, "matti");
    struct record c2 = checkin(s, "maija");
    struct record ack = make(RECORD_SAFETY_ACK, c1.visit, NULL, NULL, "fire", "understood");
    snprintf(ack.lang, sizeof ack.lang, "fi");
    snprintf(ack.content_hash, sizeof ack.content_hash, HASH_A);
    add_ok(s, ack);
    add_ok(s, make(RECORD_ANSWER, c1.visit, NULL, NULL, "q1", "2"));
    add_ok(s, make(RECORD_ANSWER, c2.visit, NULL, NULL, "q1", "4"));
    add_ok(s, make(RECORD_ANSWER, c1.visit, NULL, NULL, "q2", "skip"));
    struct record c3 = checkin(s, "matti");              /* second visit, same day */
    ack.kind = RECORD_SAFETY_ACK;
    snprintf(ack.visit, sizeof ack.visit, "%s", c3.visit);
    snprintf(ack.item, sizeof ack.item, "exit");
    snprintf(ack.value, sizeof ack.value, "question");
    add_ok(s, ack);

    assert_int_equal(store_visit_records(s, c1.visit, 0, collect, got), SD_OK);
    assert_int_equal(got->count, 4);
    assert_int_equal(got->items[0].kind, RECORD_CHECKIN);
    memset(got, 0, sizeof *got);
    assert_int_equal(store_answers_for_visit(s, c1.visit, collect, got), SD_OK);
    assert_int_equal(got->count, 2);
    assert_string_equal(got->items[0].item, "q1");
    assert_string_equal(got->items[1].item, "q2");
    memset(got, 0, sizeof *got);
    assert_int_equal(store_visit_records(s, c2.visit, RECORD_ANSWER, collect, got), SD_OK);
    assert_int_equal(got->count, 1);
    assert_string_equal(got->items[0].value, "4");

    /* Acknowledgements of a shadow over both visits of the day, none of another day. */
    memset(got, 0, sizeof *got);
    assert_int_equal(store_safety_acks_for_shadow(s, NULL, "matti", collect, got), SD_OK);
    assert_int_equal(got->count, 2);
    assert_string_equal(got->items[0].item, "fire");
    assert_string_equal(got->items[1].item, "exit");
    assert_string_equal(got->items[1].value, "question");
    memset(got, 0, sizeof *got);
    assert_int_equal(store_safety_acks_for_shadow(s, "2027-04-15", "maija", collect, got), SD_OK);
    assert_int_equal(got->count, 0);
    assert_int_equal(store_safety_acks_for_shadow(s, "2027-04-14", "matti", collect, got), SD_OK);
    assert_int_equal(got->count, 0);
    assert_int_equal(store_visit_records(s, c1.visit, RECORD_KIND_COUNT, collect, got), SD_EINVAL);
    store_close(s);
    free(got);
}

static void test_store_no_pack_day(void **state)
{
    const char *dir = tu_tmpdir();
    struct visit v;
    char id[65], date[11];
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    assert_int_equal(store_pack_info(s, id, date), SD_ENOTFOUND);
    struct record c = checkin(s, "matti");
    assert_string_equal(c.day, "");
    assert_string_equal(c.pack_id, "");
    assert_int_equal(store_visit_latest(s, "matti", &v), SD_OK);   /* the day "" */
    assert_string_equal(v.uuid, c.uuid);
    store_close(s);
}

/* ---------------------------------------------------------------- pack */

static void test_store_pack_install_load(void **state)
{
    const char *dir = tu_tmpdir();
    struct test_pack a, b;
    struct pack_source src;
    char id[65], date[11];
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    assert_int_equal(store_pack_load(s, &src), SD_ENOTFOUND);
    assert_null(src.files);
    assert_int_equal(src.count, 0);

    test_pack_init(&a, "pack-a", "2027-04-15");
    assert_int_equal(store_pack_install(s, &a.p), SD_OK);
    assert_int_equal(store_pack_info(s, id, date), SD_OK);
    assert_string_equal(id, "pack-a");
    assert_string_equal(date, "2027-04-15");
    assert_int_equal(store_pack_load(s, &src), SD_OK);
    assert_int_equal(src.count, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(src.files[i].name, a.files[i].name);   /* installed order */
        assert_int_equal(src.files[i].len, a.files[i].len);
        if (a.files[i].len)
            assert_memory_equal(src.files[i].data, a.files[i].data, a.files[i].len);
        assert_int_equal(src.files[i].data[src.files[i].len], '\0');
        free(src.files[i].data);   /* pack_source_free is pack_source.c's; free by hand here */
    }
    free(src.files);

    /* A new pack replaces the old one entirely (fewer files, other names). */
    test_pack_init(&b, "pack-b", "2027-04-16");
    snprintf(b.files[0].name, sizeof b.files[0].name, "hosts.csv");
    b.p.files.count = 1;
    assert_int_equal(store_pack_install(s, &b.p), SD_OK);
    store_close(s);
    s = open_at(db_path(dir), NULL);
    assert_int_equal(store_pack_load(s, &src), SD_OK);
    assert_int_equal(src.count, 1);
    assert_string_equal(src.files[0].name, "hosts.csv");
    free(src.files[0].data);
    free(src.files);
    assert_int_equal(store_pack_info(s, id, date), SD_OK);
    assert_string_equal(id, "pack-b");
    assert_string_equal(date, "2027-04-16");

    /* Bad packs are refused and the installed one stays. A duplicate name fails half-way
    ** through the inserts: the transaction must take the deletes back too. */
    struct test_pack bad;
    test_pack_init(&bad, "", "2027-04-15");
    assert_int_equal(store_pack_install(s, &bad.p), SD_EINVAL);
    test_pack_init(&bad, "pack-c", "2027-02-30");
    assert_int_equal(store_pack_install(s, &bad.p), SD_EINVAL);
    test_pack_init(&bad, "pack-c", "15.4.2027");
    assert_int_equal(store_pack_install(s, &bad.p), SD_EINVAL);
    test_pack_init(&bad, "pack-c", "2027-04-15");
    bad.p.files.count = 0;
    assert_int_equal(store_pack_install(s, &bad.p), SD_EINVAL);
    test_pack_init(&bad, "pack-c", "2027-04-15");
    snprintf(bad.files[2].name, sizeof bad.files[2].name, "%s", bad.files[0].name);
    assert_int_equal(store_pack_install(s, &bad.p), SD_EINVAL);
    assert_non_null(strstr(store_errmsg(s), "twice"));
    assert_int_equal(store_pack_install(s, NULL), SD_EINVAL);

    assert_int_equal(store_pack_info(s, id, date), SD_OK);
    assert_string_equal(id, "pack-b");
    assert_int_equal(store_pack_load(s, &src), SD_OK);
    assert_int_equal(src.count, 1);
    assert_string_equal(src.files[0].name, "hosts.csv");
    free(src.files[0].data);
    free(src.files);
    store_close(s);
}

/* ---------------------------------------------------------------- PINs */

static void test_store_pin_lockout(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 };
    struct test_pack tp;
    int wait = -1;
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    test_pack_init(&tp, "pack1", "2027-04-15");

    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_OK);
    assert_int_equal(wait, 0);
    /* Four free failures, then the fifth starts a 30 s wait. */
    for (int i = 1; i <= 4; i++) {
        assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "0000", &wait), SD_EAUTH);
        assert_int_equal(wait, 0);
        assert_int_equal(store_pin_failures(s, "liisa"), i);
    }
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "1111", &wait), SD_EAUTH);
    assert_int_equal(wait, 30);
    assert_int_equal(store_pin_failures(s, "liisa"), 5);
    /* Locked: even the right PIN is not looked at, and nothing is counted. */
    clk.now += 10;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_ELOCKED);
    assert_int_equal(wait, 20);
    assert_int_equal(store_pin_failures(s, "liisa"), 5);
    /* Other subjects have their own count. */
    assert_int_equal(store_pin_verify(s, &tp.p, "admin", "13579", &wait), SD_OK);
    assert_int_equal(store_pin_failures(s, "admin"), 0);

    /* The lock survives a restart. */
    store_close(s);
    s = open_at(db_path(dir), &clk);
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_ELOCKED);
    assert_int_equal(wait, 20);
    clk.now += 20;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "9999", &wait), SD_EAUTH);
    assert_int_equal(wait, 60);                          /* doubling */
    store_close(s);
    s = open_at(db_path(dir), &clk);
    assert_int_equal(store_pin_failures(s, "liisa"), 6);
    clk.now += 59;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_ELOCKED);
    assert_int_equal(wait, 1);
    clk.now += 1;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_OK);
    assert_int_equal(store_pin_failures(s, "liisa"), 0);  /* success resets */
    assert_int_equal(wait, 0);

    /* The wait is capped at 15 minutes. */
    static const int waits[] = { 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900 };
    for (int i = 0; i < 12; i++) {
        assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "0000", &wait), SD_EAUTH);
        assert_int_equal(wait, waits[i]);
        clk.now += wait;
    }
    assert_int_equal(store_pin_failures(s, "liisa"), 12);

    /* The clock goes back a day (no RTC): the lock starts again now, not in a day. */
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "0000", &wait), SD_EAUTH);
    assert_int_equal(wait, 900);
    clk.now -= 86400;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_ELOCKED);
    assert_int_equal(wait, 900);
    clk.now += 899;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_ELOCKED);
    assert_int_equal(wait, 1);
    clk.now += 1;
    assert_int_equal(store_pin_verify(s, &tp.p, "liisa", "2468", &wait), SD_OK);

    /* No PIN to check against. */
    assert_int_equal(store_pin_verify(s, &tp.p, "pekka", "2468", &wait), SD_ENOTFOUND);
    assert_int_equal(store_pin_verify(s, &tp.p, "nobody", "2468", &wait), SD_ENOTFOUND);
    assert_int_equal(store_pin_verify(s, NULL, "admin", "13579", &wait), SD_ENOTFOUND);
    assert_int_equal(store_pin_verify(s, &tp.p, "", "2468", &wait), SD_EINVAL);
    assert_int_equal(store_pin_verify(s, &tp.p, NULL, "2468", NULL), SD_EINVAL);
    /* Malformed PINs are wrong PINs (and counted). */
    assert_int_equal(store_pin_verify(s, &tp.p, "admin", "", NULL), SD_EAUTH);
    assert_int_equal(store_pin_verify(s, &tp.p, "admin", NULL, NULL), SD_EAUTH);
    assert_int_equal(store_pin_failures(s, "admin"), 2);
    store_close(s);
}

static void test_store_pin_change(void **state)
{
    const char *dir = tu_tmpdir();
    struct fake_clock clk = { T0 };
    struct test_pack tp;
    int wait;
    (void)state;
    struct store *s = open_at(db_path(dir), &clk);
    test_pack_init(&tp, "pack1", "2027-04-15");
    assert_int_equal(store_pin_verify(s, &tp.p, "admin", "0000", &wait), SD_EAUTH);
    assert_int_equal(store_pin_failures(s, "admin"), 1);

    assert_int_equal(store_pin_change(s, "admin", "12"), SD_EINVAL);
    assert_int_equal(store_pin_change(s, "admin", "12ab"), SD_EINVAL);
    assert_int_equal(store_pin_change(s, "", "123456"), SD_EINVAL);
    assert_int_equal(store_pin_change(s, "admin", "864200"), SD_OK);
    assert_int_equal(store_pin_failures(s, "admin"), 0);
    store_close(s);
    s = open_at(db_path(dir), &clk);
    /* The changed PIN wins over the pack's, also for a host with no PIN in the pack. */
    assert_int_equal(store_pin_verify(s, &tp.p, "admin", "13579", &wait), SD_EAUTH);
    assert_int_equal(store_pin_verify(s, &tp.p, "admin", "864200", &wait), SD_OK);
    assert_int_equal(store_pin_change(s, "pekka", "5555"), SD_OK);
    assert_int_equal(store_pin_verify(s, &tp.p, "pekka", "5555", &wait), SD_OK);
    assert_int_equal(store_pin_verify(s, NULL, "pekka", "5555", &wait), SD_OK);

    /* Only hashes are stored. */
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(db_path(dir), &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT pin_hash FROM pin_override", -1, &q, NULL),
                     SQLITE_OK);
    int rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(q, 0);
        assert_true(pin_hash_is_well_formed(h));
        assert_null(strstr(h, "864200"));
        assert_null(strstr(h, "5555"));
        rows++;
    }
    assert_int_equal(rows, 2);
    sqlite3_finalize(q);
    sqlite3_close(db);
    store_close(s);
}

/* ---------------------------------------------------------------- settings */

static void test_store_settings(void **state)
{
    const char *dir = tu_tmpdir();
    char buf[64], small[4], key[80];
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    assert_int_equal(store_setting_get(s, "usb_mount_dir", buf, sizeof buf), SD_ENOTFOUND);
    assert_string_equal(buf, "");
    assert_int_equal(store_setting_set(s, "usb_mount_dir", "/media/usb"), SD_OK);
    assert_int_equal(store_setting_get(s, "usb_mount_dir", buf, sizeof buf), SD_OK);
    assert_string_equal(buf, "/media/usb");
    assert_int_equal(store_setting_set(s, "usb_mount_dir", "/mnt/x'; --"), SD_OK);
    store_close(s);
    s = open_at(db_path(dir), NULL);
    assert_int_equal(store_setting_get(s, "usb_mount_dir", buf, sizeof buf), SD_OK);
    assert_string_equal(buf, "/mnt/x'; --");
    assert_int_equal(store_setting_get(s, "usb_mount_dir", small, sizeof small), SD_ELIMIT);
    assert_string_equal(small, "/mn");
    assert_int_equal(store_setting_set(s, "usb_mount_dir", NULL), SD_OK);
    assert_int_equal(store_setting_get(s, "usb_mount_dir", buf, sizeof buf), SD_ENOTFOUND);
    assert_int_equal(store_setting_set(s, "", "x"), SD_EINVAL);
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    assert_int_equal(store_setting_set(s, key, "x"), SD_EINVAL);
    assert_int_equal(store_setting_get(s, NULL, buf, sizeof buf), SD_EINVAL);
    store_close(s);
}

/* ---------------------------------------------------------------- a locked database */

static void test_store_busy(void **state)
{
    const char *dir = tu_tmpdir();
    sqlite3 *db;
    (void)state;
    struct store *s = open_at(db_path(dir), NULL);
    checkin(s, "matti");
    assert_int_equal(sqlite3_open(db_path(dir), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    struct record r = make(RECORD_CHECKIN, NULL, "maija", NULL, NULL, NULL);
    /* busy_timeout is 5 s: this waits that long, then gives up with nothing stored. */
    assert_int_equal(store_add_record(s, &r), SD_EBUSY);
    assert_int_equal(r.seq, 0);
    assert_non_null(strstr(store_errmsg(s), "busy"));
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(count_records(s), 1);
    checkin(s, "maija");
    assert_int_equal(count_records(s), 2);
    store_close(s);
}

static int group_setup(void **state)
{
    (void)state;
    /* Finland's rule: April is +03:00. */
    setenv("TZ", "EET-2EEST,M3.5.0/3,M10.5.0/4", 1);
    tzset();
    if (pin_hash("13579", admin_hash) != SD_OK || pin_hash("2468", host_hash) != SD_OK)
        return -1;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_open_creates),
        cmocka_unit_test(test_store_empty_file_is_new),
        cmocka_unit_test(test_store_garbage_refused),
        cmocka_unit_test(test_store_damaged_page_refused),
        cmocka_unit_test(test_store_symlink_refused),
        cmocka_unit_test(test_store_foreign_db_refused),
        cmocka_unit_test(test_store_newer_version_refused),
        cmocka_unit_test(test_store_kind_names),
        cmocka_unit_test(test_store_record_round_trip),
        cmocka_unit_test(test_store_callback_stops),
        cmocka_unit_test(test_store_seq_never_reused),
        cmocka_unit_test(test_store_uuids_unique),
        cmocka_unit_test(test_store_records_validated),
        cmocka_unit_test(test_store_values_are_bound),
        cmocka_unit_test(test_store_records_immutable),
        cmocka_unit_test(test_store_clock_suspect),
        cmocka_unit_test(test_store_set_clock),
        cmocka_unit_test(test_store_visit_states),
        cmocka_unit_test(test_store_visit_queries),
        cmocka_unit_test(test_store_no_pack_day),
        cmocka_unit_test(test_store_pack_install_load),
        cmocka_unit_test(test_store_pin_lockout),
        cmocka_unit_test(test_store_pin_change),
        cmocka_unit_test(test_store_settings),
        cmocka_unit_test(test_store_busy),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
