/*
** test_csv_write.c - the CSV writer: RFC 4180 quoting, CRLF, the BOM, and formula-injection
** neutralising of text cells (numbers the program formats are left alone).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "csv_write.h"
#include "err.h"
#include "testutil.h"

/* The file for one row of text cells, without the BOM. */
static char *one_row(const char *const *cells)
{
    struct csv_writer w;
    char *data;
    size_t len;
    csv_writer_init(&w);
    csv_write_row(&w, cells);
    assert_int_equal(csv_writer_finish(&w, &data, &len), SD_OK);
    assert_int_equal(strlen(data), len);
    assert_memory_equal(data, CSV_BOM, 3);
    memmove(data, data + 3, len - 2);
    return data;
}

static void expect_cell(const char *cell, const char *expect)
{
    const char *cells[] = { cell, NULL };
    char *got = one_row(cells);
    size_t n = strlen(got);
    assert_true(n >= 2 && got[n - 2] == '\r' && got[n - 1] == '\n');
    got[n - 2] = '\0';
    assert_string_equal(got, expect);
    free(got);
}

static void test_csv_quoting(void **state)
{
    (void)state;
    expect_cell("plain", "plain");
    expect_cell("", "");
    expect_cell(NULL, "");
    expect_cell("a,b", "\"a,b\"");
    expect_cell("\"a,b\"", "\"\"\"a,b\"\"\"");
    expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
    expect_cell("line1\nline2", "\"line1\nline2\"");
    expect_cell("line1\r\nline2", "\"line1\r\nline2\"");
    expect_cell(" lead", "\" lead\"");
    expect_cell("trail ", "\"trail \"");
    expect_cell("mid space", "mid space");
    expect_cell("Päivää, Åsa ja Öljy", "\"Päivää, Åsa ja Öljy\"");
    expect_cell("semi;colon", "semi;colon");
}

static void test_csv_formula_injection(void **state)
{
    (void)state;
    expect_cell("=1+1", "'=1+1");
    expect_cell("+1", "'+1");
    expect_cell("-1", "'-1");
    expect_cell("@SUM(A1)", "'@SUM(A1)");
    expect_cell("\t=1", "'\t=1");
    expect_cell("\r=1", "\"'\r=1\"");
    expect_cell("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    expect_cell("=1,2", "\"'=1,2\"");
    /* Only the first character counts. */
    expect_cell("1+1", "1+1");
    expect_cell("a=b", "a=b");
    assert_true(csv_needs_neutralising("=x"));
    assert_false(csv_needs_neutralising(""));
    assert_false(csv_needs_neutralising(NULL));
    assert_false(csv_needs_neutralising("'=x"));
}

static void test_csv_numbers_and_rows(void **state)
{
    (void)state;
    struct csv_writer w;
    char *data;
    size_t len;
    csv_writer_init(&w);
    const char *head[] = { "name", "count", NULL };
    csv_write_row(&w, head);
    csv_write_field(&w, "Matti");
    csv_write_number(&w, -5);
    csv_write_end_row(&w);
    csv_write_field(&w, "-5");
    csv_write_number(&w, INT64_MIN);
    csv_write_end_row(&w);
    assert_int_equal(csv_writer_finish(&w, &data, &len), SD_OK);
    assert_string_equal(data, CSV_BOM "name,count\r\nMatti,-5\r\n'-5,-9223372036854775808\r\n");
    free(data);
    /* An empty file is just the BOM. */
    csv_writer_init(&w);
    assert_int_equal(csv_writer_finish(&w, &data, &len), SD_OK);
    assert_int_equal(len, 3);
    free(data);
    /* A big file grows correctly. */
    csv_writer_init(&w);
    for (int i = 0; i < 20000; i++) {
        csv_write_field(&w, "x,y");
        csv_write_number(&w, i);
        csv_write_end_row(&w);
    }
    assert_int_equal(csv_writer_finish(&w, &data, &len), SD_OK);
    assert_int_equal(strlen(data), len);
    assert_non_null(strstr(data, "\"x,y\",19999\r\n"));
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_formula_injection),
        cmocka_unit_test(test_csv_numbers_and_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
