/*
** test_textbuf.c - the growing text buffer: growth across the first block, printf longer than
** the stack buffer, embedded NUL bytes, and an empty buffer after free.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "textbuf.h"

static void test_textbuf_grows_and_stays_terminated(void **state)
{
    struct textbuf b = { 0 };
    (void)state;
    for (int i = 0; i < 5000; i++)
        assert_int_equal(textbuf_append_str(&b, "åäö,"), SD_OK);
    assert_int_equal(b.len, 5000 * strlen("åäö,"));
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data + b.len - 7, "åäö,", 7);
    textbuf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void test_textbuf_printf_long_and_short(void **state)
{
    struct textbuf b = { 0 };
    char *big = malloc(3001);
    (void)state;
    assert_non_null(big);
    memset(big, 'x', 3000);
    big[3000] = '\0';
    assert_int_equal(textbuf_printf(&b, "%d:%s", 42, "ok"), SD_OK);
    assert_int_equal(textbuf_printf(&b, "[%s]", big), SD_OK);
    assert_int_equal(b.len, strlen("42:ok") + 3002);
    assert_memory_equal(b.data, "42:ok[xxx", 9);
    assert_int_equal(b.data[b.len - 1], ']');
    free(big);
    textbuf_free(&b);
}

static void test_textbuf_keeps_nul_bytes_and_empty_appends(void **state)
{
    struct textbuf b = { 0 };
    (void)state;
    assert_int_equal(textbuf_append(&b, "", 0), SD_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    assert_int_equal(textbuf_append(&b, "a\0b", 3), SD_OK);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    textbuf_free(&b);
}

static void test_textbuf_first_error_sticks(void **state)
{
    struct textbuf b = { 0 };
    (void)state;
    b.error = SD_ENOMEM;
    assert_int_equal(textbuf_append_str(&b, "lost"), SD_ENOMEM);
    assert_int_equal(textbuf_printf(&b, "%s", "lost"), SD_ENOMEM);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textbuf_grows_and_stays_terminated),
        cmocka_unit_test(test_textbuf_printf_long_and_short),
        cmocka_unit_test(test_textbuf_keeps_nul_bytes_and_empty_appends),
        cmocka_unit_test(test_textbuf_first_error_sticks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
