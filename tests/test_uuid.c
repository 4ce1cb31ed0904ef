/*
** test_uuid.c - record UUIDs: random ones are version 4 and differ; keyed ones are version 4,
** the same for the same key and seq and different otherwise; the store makes every record's
** UUID from its own key and the record's seq, keeps the key across restarts (and makes one for
** a database made before there was one), and never numbers two records alike.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "testutil.h"
#include "export_fixture.h"

#include "uuid.h"

static void assert_v4(const char *u)
{
    assert_true(uuid_is_well_formed(u));
    assert_int_equal(u[14], '4');
    assert_non_null(strchr("89ab", u[19]));
}

static void test_uuid_keyed(void **state)
{
    (void)state;
    unsigned char k1[UUID_KEY_BYTES], k2[UUID_KEY_BYTES];
    char a[UUID_TEXT_SIZE], b[UUID_TEXT_SIZE], r1[UUID_TEXT_SIZE], r2[UUID_TEXT_SIZE];
    memset(k1, 0x11, sizeof k1);
    memcpy(k2, k1, sizeof k2);
    k2[15] ^= 1;
    uuid_make_keyed(k1, 1, a);
    uuid_make_keyed(k1, 1, b);
    assert_string_equal(a, b);
    assert_v4(a);
    uuid_make_keyed(k2, 1, b);
    assert_string_not_equal(a, b);
    uuid_make_keyed(k1, 2, b);
    assert_string_not_equal(a, b);
    uuid_make_keyed(k1, INT64_MAX, b);
    assert_v4(b);
    assert_int_equal(uuid_make_v4(r1), SD_OK);
    assert_int_equal(uuid_make_v4(r2), SD_OK);
    assert_v4(r1);
    assert_string_not_equal(r1, r2);
}

static void test_uuid_store_keyed(void **state)
{
    (void)state;
    struct fixture f;
    unsigned char key[UUID_KEY_BYTES], again[UUID_KEY_BYTES];
    fx_open(&f, "Kahvila", 3, NULL);
    fx_day(&f, 3, NULL);
    store_uuid_key(f.s, key);
    struct fx_records all;
    fx_records(f.s, 0, &all);
    assert_true(all.count > 30);
    for (int i = 0; i < all.count; i++) {
        char u[UUID_TEXT_SIZE];
        uuid_make_keyed(key, all.items[i].seq, u);
        assert_string_equal(all.items[i].uuid, u);
        assert_v4(u);
    }
    free(all.items);
    /* The key survives a restart; a record after it continues the numbering. */
    fx_reopen(&f);
    store_uuid_key(f.s, again);
    assert_memory_equal(key, again, sizeof key);
    /* The highest numbers deleted: the next record still gets a number never used. */
    int64_t last = fx_count(f.s, 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f.db, &db), SQLITE_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM record WHERE seq > %lld", (long long)(last - 3));
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct record in = fx_add(&f, RECORD_CHECKIN, NULL, "s01", NULL, NULL, NULL, "fi");
    assert_int_equal(in.seq, last + 1);
    char u[UUID_TEXT_SIZE];
    uuid_make_keyed(key, in.seq, u);
    assert_string_equal(in.uuid, u);
    assert_string_equal(in.visit, u);
    fx_close(&f);

    /* A database made before the key existed gets one at its next open; another kiosk's
    ** key is another. */
    struct fixture g;
    fx_open(&g, "Kirjasto", 1, NULL);
    store_uuid_key(g.s, again);
    assert_memory_not_equal(key, again, sizeof key);
    store_close(g.s);
    g.s = NULL;
    assert_int_equal(sqlite3_open(g.db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM meta WHERE key = 'uuid_key'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    fx_reopen(&g);
    store_uuid_key(g.s, key);
    assert_memory_not_equal(key, again, sizeof key);
    struct record r = fx_add(&g, RECORD_CHECKIN, NULL, "s01", NULL, NULL, NULL, "sv");
    uuid_make_keyed(key, r.seq, u);
    assert_string_equal(r.uuid, u);
    fx_close(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uuid_keyed),
        cmocka_unit_test(test_uuid_store_keyed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
