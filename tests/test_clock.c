/*
** test_clock.c - the clock rules: suspect times, local offsets across daylight saving, ISO 8601
** text both ways (including dates after 2038 and hostile text), calendar edges.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "err.h"
#include "testutil.h"

/* 2027-04-15T09:12:03+03:00 */
#define T_APRIL INT64_C(1807769523)

static void test_clock_suspect(void **state)
{
    (void)state;
    assert_false(clock_is_suspect(1000, 0, 0));
    assert_false(clock_is_suspect(1000, 1000, 1000));   /* equal is not before */
    assert_true(clock_is_suspect(999, 1000, 0));        /* clock went backwards */
    assert_true(clock_is_suspect(999, 0, 1000));        /* before the build date */
    assert_true(clock_is_suspect(0, 0, 1));             /* 1970 after a boot without RTC */
    assert_false(clock_is_suspect(T_APRIL, T_APRIL - 1, T_APRIL - 86400));
}

static void test_clock_from_civil(void **state)
{
    int64_t t;
    (void)state;
    assert_int_equal(clock_from_civil(1970, 1, 1, 0, 0, 0, &t), SD_OK);
    assert_int_equal(t, 0);
    assert_int_equal(clock_from_civil(2027, 4, 15, 6, 12, 3, &t), SD_OK);
    assert_int_equal(t, T_APRIL);
    assert_int_equal(clock_from_civil(2000, 2, 29, 0, 0, 0, &t), SD_OK);  /* 400-year leap */
    assert_int_equal(t, INT64_C(951782400));
    assert_int_equal(clock_from_civil(2100, 2, 29, 0, 0, 0, &t), SD_EINVAL); /* not leap */
    assert_int_equal(clock_from_civil(2027, 2, 29, 0, 0, 0, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(2027, 4, 31, 0, 0, 0, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(2027, 13, 1, 0, 0, 0, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(2027, 1, 1, 24, 0, 0, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(2027, 1, 1, 0, 60, 0, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(2027, 1, 1, 0, 0, 60, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(1899, 12, 31, 0, 0, 0, &t), SD_EINVAL);
    assert_int_equal(clock_from_civil(2038, 1, 19, 3, 14, 8, &t), SD_OK);
    assert_int_equal(t, INT64_C(2147483648));                             /* past int32 */
    assert_int_equal(clock_from_civil(1969, 12, 31, 23, 59, 59, &t), SD_OK);
    assert_int_equal(t, -1);
}

static void test_clock_format(void **state)
{
    char out[CLOCK_ISO_SIZE], day[CLOCK_DATE_SIZE];
    (void)state;
    clock_format_iso(T_APRIL, 180, out);
    assert_string_equal(out, "2027-04-15T09:12:03+03:00");
    clock_format_iso(T_APRIL, 0, out);
    assert_string_equal(out, "2027-04-15T06:12:03+00:00");
    clock_format_iso(T_APRIL, -330, out);
    assert_string_equal(out, "2027-04-15T00:42:03-05:30");
    clock_format_iso(T_APRIL, -420, out);                    /* crosses midnight backwards */
    assert_string_equal(out, "2027-04-14T23:12:03-07:00");
    clock_format_iso(0, 0, out);
    assert_string_equal(out, "1970-01-01T00:00:00+00:00");
    clock_format_iso(-1, 0, out);
    assert_string_equal(out, "1969-12-31T23:59:59+00:00");
    clock_format_iso(INT64_C(4102444799), 0, out);
    assert_string_equal(out, "2099-12-31T23:59:59+00:00");
    clock_format_iso(INT64_C(951868800) - 1, 120, out);      /* leap day ends, +02:00 */
    assert_string_equal(out, "2000-03-01T01:59:59+02:00");
    clock_format_iso(INT64_C(253402300799), 0, out);
    assert_string_equal(out, "9999-12-31T23:59:59+00:00");
    clock_format_iso(INT64_C(253402300800), 0, out);         /* year 10000: refused */
    assert_string_equal(out, "");
    clock_format_iso(T_APRIL, 19 * 60, out);                 /* offset out of range */
    assert_string_equal(out, "");
    clock_format_iso(INT64_MAX, 0, out);
    assert_string_equal(out, "");
    clock_format_iso(INT64_MIN, 0, out);
    assert_string_equal(out, "");

    clock_format_date(T_APRIL, 180, day);
    assert_string_equal(day, "2027-04-15");
    clock_format_date(T_APRIL, -420, day);
    assert_string_equal(day, "2027-04-14");
    clock_format_date(INT64_MAX, 0, day);
    assert_string_equal(day, "");

    assert_int_equal(clock_minute_of_day(T_APRIL, 180), 9 * 60 + 12);
    assert_int_equal(clock_minute_of_day(T_APRIL, -420), 23 * 60 + 12);
    assert_int_equal(clock_minute_of_day(-60, 0), 23 * 60 + 59);
}

static void test_clock_parse(void **state)
{
    int64_t t = 0;
    int off = 99;
    (void)state;
    assert_int_equal(clock_parse_iso("2027-04-15T09:12:03+03:00", &t, &off), SD_OK);
    assert_int_equal(t, T_APRIL);
    assert_int_equal(off, 180);
    assert_int_equal(clock_parse_iso("2027-04-15T06:12:03Z", &t, &off), SD_OK);
    assert_int_equal(t, T_APRIL);
    assert_int_equal(off, 0);
    assert_int_equal(clock_parse_iso("2027-04-15T00:42:03-05:30", &t, &off), SD_OK);
    assert_int_equal(t, T_APRIL);
    assert_int_equal(off, -330);
    assert_int_equal(clock_parse_iso("2027-04-15T09:12:03+03:00", &t, NULL), SD_OK);

    /* Round trip over a spread of times and offsets. */
    for (int64_t x = -86400 * 365; x < INT64_C(4102444800); x += INT64_C(7777777)) {
        static const int offsets[] = { 0, 60, 120, 180, -300, 345, -720, 840 };
        for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
            char text[CLOCK_ISO_SIZE];
            clock_format_iso(x, offsets[i], text);
            assert_int_equal(strlen(text), 25);
            assert_int_equal(clock_parse_iso(text, &t, &off), SD_OK);
            assert_int_equal(t, x);
            assert_int_equal(off, offsets[i]);
        }
    }

    static const char *const bad[] = {
        "", "2027-04-15", "2027-04-15T09:12:03", "2027-04-15 09:12:03+03:00",
        "2027-04-15T09:12:03+0300", "2027-04-15T09:12:03+03:00 ", " 2027-04-15T09:12:03+03:00",
        "2027-4-15T09:12:03+03:00", "2027-04-15T09:12:03z", "2027-04-15T09:12:03+03:60",
        "2027-04-15T09:12:03+19:00", "2027-02-29T09:12:03+03:00", "2027-04-15T24:00:00+03:00",
        "2027-04-15T09:12:60+03:00", "2027-00-15T09:12:03+03:00", "2027-04-00T09:12:03+03:00",
        "+027-04-15T09:12:03+03:00", "2027-04-15T09:12:03*03:00", "2027-04-15T09:1a:03+03:00",
        "10000-04-15T09:12:03+03:00", "2027-04-15T09:12:03+03:0", "2027-04-15T09:12:03+-3:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 12345;
        if (clock_parse_iso(bad[i], &t, &off) != SD_EINVAL)
            fail_msg("accepted '%s'", bad[i]);
        assert_int_equal(t, 12345);   /* untouched on failure */
    }
    assert_int_equal(clock_parse_iso(NULL, &t, &off), SD_EINVAL);
}

static void test_clock_local_offset(void **state)
{
    (void)state;
    /* Finland's rule as a POSIX TZ string: no tzdata needed. */
    assert_int_equal(setenv("TZ", "EET-2EEST,M3.5.0/3,M10.5.0/4", 1), 0);
    tzset();
    assert_int_equal(clock_utc_offset_min(T_APRIL), 180);                  /* summer time */
    assert_int_equal(clock_utc_offset_min(INT64_C(1800000000)), 120);      /* 2027-01-15 */
    /* Summer time starts 2027-03-28 at 01:00 UTC. */
    assert_int_equal(clock_utc_offset_min(INT64_C(1806195600) - 1), 120);
    assert_int_equal(clock_utc_offset_min(INT64_C(1806195600)), 180);
    assert_int_equal(setenv("TZ", "UTC0", 1), 0);
    tzset();
    assert_int_equal(clock_utc_offset_min(T_APRIL), 0);
    assert_int_equal(setenv("TZ", "<-0330>3:30", 1), 0);                  /* Newfoundland-like */
    tzset();
    assert_int_equal(clock_utc_offset_min(T_APRIL), -210);
    unsetenv("TZ");
    tzset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_suspect),
        cmocka_unit_test(test_clock_from_civil),
        cmocka_unit_test(test_clock_format),
        cmocka_unit_test(test_clock_parse),
        cmocka_unit_test(test_clock_local_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
