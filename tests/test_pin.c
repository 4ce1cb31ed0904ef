/*
** test_pin.c - PIN format rules and Argon2id hashing round trips.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "err.h"
#include "pin.h"
#include "testutil.h"

static void test_pin_format(void **state)
{
    (void)state;
    assert_true(pin_is_well_formed("1234"));
    assert_true(pin_is_well_formed("123456789012"));
    assert_false(pin_is_well_formed("123"));
    assert_false(pin_is_well_formed("1234567890123"));
    assert_false(pin_is_well_formed("12a4"));
    assert_false(pin_is_well_formed(" 1234"));
    assert_false(pin_is_well_formed(""));
    assert_false(pin_is_well_formed(NULL));
}

static void test_pin_hash_round_trip(void **state)
{
    char hash[PIN_HASH_MAX], again[PIN_HASH_MAX];
    (void)state;
    assert_int_equal(pin_hash("2468", hash), SD_OK);
    assert_true(strncmp(hash, "$argon2id$", 10) == 0);
    assert_true(pin_hash_is_well_formed(hash));
    assert_null(strstr(hash, "2468"));
    assert_int_equal(pin_verify(hash, "2468"), SD_OK);
    assert_int_equal(pin_verify(hash, "2469"), SD_EAUTH);
    assert_int_equal(pin_verify(hash, ""), SD_EAUTH);
    /* A fresh salt every time: two hashes of one PIN differ, both verify. */
    assert_int_equal(pin_hash("2468", again), SD_OK);
    assert_string_not_equal(hash, again);
    assert_int_equal(pin_verify(again, "2468"), SD_OK);
}

static void test_pin_rejects_bad_input(void **state)
{
    char hash[PIN_HASH_MAX];
    (void)state;
    assert_int_equal(pin_hash("12", hash), SD_EINVAL);
    assert_int_equal(pin_verify("not a hash", "1234"), SD_EAUTH);
    assert_int_equal(pin_verify("$argon2id$v=19$m=65536,t=2,p=1$short", "1234"), SD_EAUTH);
    assert_false(pin_hash_is_well_formed("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$abcdefghijklmnopqrstuvwxyz0123456789"));
    assert_false(pin_hash_is_well_formed(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pin_format),
        cmocka_unit_test(test_pin_hash_round_trip),
        cmocka_unit_test(test_pin_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
