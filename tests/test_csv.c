/*
** test_csv.c - the CSV reader against what spreadsheets write and what hostile sticks hold:
** separators, BOM, line ends, quoting, line numbers, ragged rows, NUL and control characters,
** invalid UTF-8, the row/field/size limits and random garbage (never a crash, always a line).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"
#include "err.h"
#include "pack.h"
#include "testutil.h"

static const struct csv_limits pack_limits = { PACK_MAX_ROWS, PACK_MAX_FIELDS, PACK_MAX_FIELD_BYTES };

/* Parse s (len < 0: strlen) with the pack's limits; fails the test unless the result is want. */
static void parse(struct csv_table *t, const char *s, long len, int want, struct csv_failure *why)
{
    struct csv_failure local;
    size_t n = len < 0 ? strlen(s) : (size_t)len;
    int rc = csv_read(t, s, n, &pack_limits, why ? why : &local);
    if (rc != want)
        fail_msg("csv_read gave %d, want %d (problem %d line %d)", rc, want,
                 (why ? why : &local)->problem, (why ? why : &local)->line);
}

static void assert_record(const struct csv_table *t, int i, int line, int count, ...)
{
    va_list ap;
    assert_true(i < t->count);
    assert_int_equal(t->records[i].line, line);
    assert_int_equal(t->records[i].count, count);
    va_start(ap, count);
    for (int f = 0; f < count; f++)
        assert_string_equal(t->records[i].fields[f], va_arg(ap, const char *));
    va_end(ap);
}

static void test_csv_comma_lf(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "id,name\nliisa,Liisa\npekka,Pekka\n", -1, SD_OK, NULL);
    assert_int_equal(t.separator, ',');
    assert_int_equal(t.count, 3);
    assert_record(&t, 0, 1, 2, "id", "name");
    assert_record(&t, 1, 2, 2, "liisa", "Liisa");
    assert_record(&t, 2, 3, 2, "pekka", "Pekka");
    csv_table_free(&t);
    assert_int_equal(t.count, 0);
    assert_null(t.records);
}

/* Exactly what Excel's "CSV UTF-8" writes on Finnish Windows: BOM, semicolons, CRLF. */
static void test_csv_excel_semicolon_bom_crlf(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "\xEF\xBB\xBFid;name;role\r\nliisa;Liisa;\"barista, kahvila\"\r\n"
              "pekka;P\xC3\xA4ivi;leipuri\r\n", -1, SD_OK, NULL);
    assert_int_equal(t.separator, ';');
    assert_int_equal(t.count, 3);
    assert_record(&t, 0, 1, 3, "id", "name", "role");    /* no BOM in the first name */
    assert_record(&t, 1, 2, 3, "liisa", "Liisa", "barista, kahvila");
    assert_record(&t, 2, 3, 3, "pekka", "P\xC3\xA4ivi", "leipuri");
    csv_table_free(&t);
}

/* A comma inside quotes in the header does not decide the separator. */
static void test_csv_separator_outside_quotes(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "\"a,b,c\";d\n1;2\n", -1, SD_OK, NULL);
    assert_int_equal(t.separator, ';');
    assert_record(&t, 0, 1, 2, "a,b,c", "d");
    assert_record(&t, 1, 2, 2, "1", "2");
    csv_table_free(&t);
    parse(&t, "a\tb\n1\t2\n", -1, SD_OK, NULL);
    assert_int_equal(t.separator, '\t');
    assert_record(&t, 1, 2, 2, "1", "2");
    csv_table_free(&t);
    /* A semicolon inside a comma file is text. */
    parse(&t, "a,b\nx;y,z\n", -1, SD_OK, NULL);
    assert_int_equal(t.separator, ',');
    assert_record(&t, 1, 2, 2, "x;y", "z");
    csv_table_free(&t);
}

static void test_csv_line_ends(void **state)
{
    struct csv_table t;
    (void)state;
    /* Old Mac CR only, and no line end at the very end. */
    parse(&t, "a,b\r1,2\r3,4", -1, SD_OK, NULL);
    assert_int_equal(t.count, 3);
    assert_record(&t, 1, 2, 2, "1", "2");
    assert_record(&t, 2, 3, 2, "3", "4");
    csv_table_free(&t);
    /* Mixed line ends count one line each. */
    parse(&t, "a,b\r\n1,2\n3,4\r5,6\r\n", -1, SD_OK, NULL);
    assert_int_equal(t.count, 4);
    assert_record(&t, 3, 4, 2, "5", "6");
    csv_table_free(&t);
}

/* Blank lines and lines of separators only are not records, but they are counted as lines. */
static void test_csv_blank_lines_and_trailing(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "a,b,\n\n1,2,\n,,\n;\r\n3,4\n\n\n\r\n", -1, SD_OK, NULL);
    assert_int_equal(t.count, 4);
    assert_record(&t, 0, 1, 3, "a", "b", "");   /* trailing separator: an empty last field */
    assert_record(&t, 1, 3, 3, "1", "2", "");
    assert_record(&t, 2, 5, 1, ";");            /* only commas separate here */
    assert_record(&t, 3, 6, 2, "3", "4");
    csv_table_free(&t);
    /* Nothing at all, a BOM only, blank lines only: no records, no failure. */
    parse(&t, "", 0, SD_OK, NULL);
    assert_int_equal(t.count, 0);
    csv_table_free(&t);
    parse(&t, "\xEF\xBB\xBF", -1, SD_OK, NULL);
    assert_int_equal(t.count, 0);
    csv_table_free(&t);
    parse(&t, "\r\n\r\n,,,\n", -1, SD_OK, NULL);
    assert_int_equal(t.count, 0);
    csv_table_free(&t);
}

static void test_csv_quoting(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "id,text,x\n"
              "a,\"He said \"\"hi\"\", then left\",1\n"
              "b,\"\",\"\"\"\"\n"
              "c,\"sep, and ; inside\"  ,3\n",
          -1, SD_OK, NULL);
    assert_int_equal(t.count, 4);
    assert_record(&t, 1, 2, 3, "a", "He said \"hi\", then left", "1");
    assert_record(&t, 2, 3, 3, "b", "", "\"");
    assert_record(&t, 3, 4, 3, "c", "sep, and ; inside", "3"); /* spaces after the quote */
    csv_table_free(&t);
    /* A quote inside an unquoted field is kept as it is. */
    parse(&t, "a,b\n5\" screen,x\n", -1, SD_OK, NULL);
    assert_record(&t, 1, 2, 2, "5\" screen", "x");
    csv_table_free(&t);
}

/* Line ends inside quotes (Alt+Enter in Excel): one field, "\n", and the next record's line is
** the line the spreadsheet shows. */
static void test_csv_quoted_newlines(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "id,text\r\na,\"first\r\nsecond\r\nthird\"\r\nb,\"x\ry\"\r\nc,z\r\n", -1, SD_OK, NULL);
    assert_int_equal(t.count, 4);
    assert_record(&t, 1, 2, 2, "a", "first\nsecond\nthird");
    assert_record(&t, 2, 5, 2, "b", "x\ny");
    assert_record(&t, 3, 7, 2, "c", "z");
    csv_table_free(&t);
}

static void test_csv_ragged_rows(void **state)
{
    struct csv_table t;
    (void)state;
    parse(&t, "a,b,c\n1\n1,2,3,4,5\n,,x\n", -1, SD_OK, NULL);
    assert_int_equal(t.count, 4);
    assert_record(&t, 1, 2, 1, "1");
    assert_record(&t, 2, 3, 5, "1", "2", "3", "4", "5");
    assert_record(&t, 3, 4, 3, "", "", "x");
    csv_table_free(&t);
}

static void test_csv_unterminated_quote(void **state)
{
    struct csv_table t;
    struct csv_failure why;
    char msg[300];
    (void)state;
    parse(&t, "id,text\na,b\nc,\"opens here\nand\nnever closes\n", -1, SD_EINVAL, &why);
    assert_int_equal(why.problem, CSV_EQUOTE);
    assert_int_equal(why.line, 3);          /* where the quote opened, not the end */
    assert_int_equal(t.count, 0);
    assert_null(t.records);
    csv_failure_message(&why, msg, sizeof msg);
    assert_non_null(strstr(msg, "never closes"));
    /* Text after a closing quote. */
    parse(&t, "a,b\n\"x\"y,z\n", -1, SD_EINVAL, &why);
    assert_int_equal(why.problem, CSV_EAFTERQUOTE);
    assert_int_equal(why.line, 2);
    /* A lone quote at the very end. */
    parse(&t, "a,b\n1,\"", -1, SD_EINVAL, &why);
    assert_int_equal(why.problem, CSV_EQUOTE);
    assert_int_equal(why.line, 2);
}

static void test_csv_nul_and_controls(void **state)
{
    struct csv_table t;
    struct csv_failure why;
    char msg[300];
    (void)state;
    parse(&t, "a,b\n1,2\nx\0y,3\n", 14, SD_EINVAL, &why);
    assert_int_equal(why.problem, CSV_ENUL);
    assert_int_equal(why.line, 3);
    csv_failure_message(&why, msg, sizeof msg);
    assert_non_null(strstr(msg, "NUL"));
    parse(&t, "a,b\n\"q\0\",3\n", 11, SD_EINVAL, &why);   /* NUL inside quotes too */
    assert_int_equal(why.problem, CSV_ENUL);
    assert_int_equal(why.line, 2);

    static const char controls[] = { 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F };
    for (size_t i = 0; i < sizeof controls; i++) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "a,b\n1,2\n3,x%cy\n", controls[i]);
        parse(&t, buf, n, SD_EINVAL, &why);
        assert_int_equal(why.problem, CSV_ECONTROL);
        assert_int_equal(why.line, 3);
        assert_int_equal(why.detail, (unsigned char)controls[i]);
        n = snprintf(buf, sizeof buf, "a,b\n\"x%cy\",2\n", controls[i]);
        parse(&t, buf, n, SD_EINVAL, &why);              /* inside quotes as well */
        assert_int_equal(why.problem, CSV_ECONTROL);
    }
    csv_failure_message(&why, msg, sizeof msg);
    assert_non_null(strstr(msg, "127"));
    /* C1 controls encoded in UTF-8 (U+0085, U+009B). */
    parse(&t, "a,b\nx\xC2\x85y,1\n", -1, SD_EINVAL, &why);
    assert_int_equal(why.problem, CSV_ECONTROL);
    assert_int_equal(why.detail, 0x85);
    parse(&t, "a,b\n1,\xC2\x9B" "31m\n", -1, SD_EINVAL, &why);
    assert_int_equal(why.problem, CSV_ECONTROL);
    /* A bare CR or LF outside quotes is a line end, not a control; TAB is text. */
    parse(&t, "a,b\n\"tab\there\",x\ty\n", -1, SD_OK, &why);
    assert_record(&t, 1, 2, 2, "tab\there", "x\ty");
    csv_table_free(&t);
    /* U+00A0 and other letters next to the C1 range are fine. */
    parse(&t, "a\n\xC2\xA0\xC3\xA5\xE2\x82\xAC\n", -1, SD_OK, &why);
    assert_record(&t, 1, 2, 1, "\xC2\xA0\xC3\xA5\xE2\x82\xAC");
    csv_table_free(&t);
}

static void test_csv_invalid_utf8(void **state)
{
    struct csv_table t;
    struct csv_failure why;
    char msg[300];
    (void)state;
    static const char *const bad[] = {
        "a\nb\n\xE4\n",              /* Latin-1 ä */
        "a\nb\n\xC0\xAF\n",          /* overlong '/' */
        "a\nb\n\xED\xA0\x80\n",      /* a surrogate */
        "a\nb\n\xF4\x90\x80\x80\n",  /* above U+10FFFF */
        "a\nb\nx\xC3\n",             /* cut in the middle */
        "a\nb\n\xFF\xFE\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        parse(&t, bad[i], -1, SD_EINVAL, &why);
        assert_int_equal(why.problem, CSV_EUTF8);
        assert_int_equal(why.line, 3);
    }
    csv_failure_message(&why, msg, sizeof msg);
    assert_non_null(strstr(msg, "UTF-8"));
    /* With a BOM, and after CRLF lines, the line is still right. */
    parse(&t, "\xEF\xBB\xBF" "a\r\nb\r\nc\r\n\xE4\r\n", -1, SD_EINVAL, &why);
    assert_int_equal(why.line, 4);
}

static void test_csv_limits(void **state)
{
    struct csv_table t;
    struct csv_failure why;
    char msg[300];
    (void)state;
    const struct csv_limits small = { 3, 4, 10 };
    /* Exactly at the limits passes. */
    assert_int_equal(csv_read(&t, "a,b,c,d\n1\n2\n0123456789,x\n", 25, &small, &why), SD_OK);
    assert_int_equal(t.count, 4);
    csv_table_free(&t);
    /* One record too many. */
    assert_int_equal(csv_read(&t, "a\n1\n2\n3\n4\n", 10, &small, &why), SD_ELIMIT);
    assert_int_equal(why.problem, CSV_ERECORDS);
    assert_int_equal(why.line, 5);
    assert_int_equal(why.detail, 3);
    assert_null(t.records);
    /* One field too many. */
    assert_int_equal(csv_read(&t, "a\n1,2,3,4,5\n", 12, &small, &why), SD_ELIMIT);
    assert_int_equal(why.problem, CSV_EFIELDS);
    assert_int_equal(why.line, 2);
    assert_int_equal(why.detail, 4);
    /* A field one byte too long, quoted or not (counted after unquoting). */
    assert_int_equal(csv_read(&t, "a\n01234567890\n", 14, &small, &why), SD_ELIMIT);
    assert_int_equal(why.problem, CSV_EFIELDLEN);
    assert_int_equal(why.line, 2);
    assert_int_equal(why.detail, 10);
    assert_int_equal(csv_read(&t, "a\n\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\n", 27, &small, &why),
                     SD_ELIMIT);
    assert_int_equal(why.problem, CSV_EFIELDLEN);
    csv_failure_message(&why, msg, sizeof msg);
    assert_non_null(strstr(msg, "10 bytes"));
    /* Blank lines do not count as records. */
    assert_int_equal(csv_read(&t, "a\n\n\n1\n\n2\n,\n3\n\n", 14, &small, &why), SD_OK);
    assert_int_equal(t.count, 4);
    csv_table_free(&t);
}

/* The pack's own limits on big inputs built in memory. */
static void test_csv_pack_limits(void **state)
{
    struct csv_table t;
    struct csv_failure why;
    (void)state;
    size_t cap = (size_t)(PACK_MAX_ROWS + 10) * 4 + 16;
    char *buf = malloc(cap), *p = buf;
    p += sprintf(p, "a\n");
    for (int i = 0; i < PACK_MAX_ROWS; i++)
        p += sprintf(p, "x\n");
    parse(&t, buf, p - buf, SD_OK, &why);
    assert_int_equal(t.count, PACK_MAX_ROWS + 1);
    csv_table_free(&t);
    p += sprintf(p, "y\n");
    parse(&t, buf, p - buf, SD_ELIMIT, &why);
    assert_int_equal(why.problem, CSV_ERECORDS);
    assert_int_equal(why.line, PACK_MAX_ROWS + 2);
    free(buf);

    buf = malloc(PACK_MAX_FIELDS * 2 + 16);
    p = buf;
    for (int i = 0; i < PACK_MAX_FIELDS; i++)
        p += sprintf(p, "%s%c", "a", i + 1 < PACK_MAX_FIELDS ? ',' : '\n');
    parse(&t, buf, p - buf, SD_OK, &why);
    assert_int_equal(t.records[0].count, PACK_MAX_FIELDS);
    csv_table_free(&t);
    p[-1] = ',';
    p += sprintf(p, "b\n");
    parse(&t, buf, p - buf, SD_ELIMIT, &why);
    assert_int_equal(why.problem, CSV_EFIELDS);
    assert_int_equal(why.line, 1);
    free(buf);

    buf = malloc(PACK_MAX_FIELD_BYTES + 16);
    memcpy(buf, "a\n", 2);
    memset(buf + 2, 'x', PACK_MAX_FIELD_BYTES);
    parse(&t, buf, 2 + PACK_MAX_FIELD_BYTES, SD_OK, &why);
    assert_int_equal(strlen(t.records[1].fields[0]), PACK_MAX_FIELD_BYTES);
    csv_table_free(&t);
    buf[2 + PACK_MAX_FIELD_BYTES] = 'x';
    parse(&t, buf, 3 + PACK_MAX_FIELD_BYTES, SD_ELIMIT, &why);
    assert_int_equal(why.problem, CSV_EFIELDLEN);
    free(buf);
}

/* No limits given: only memory limits the table. */
static void test_csv_no_limits(void **state)
{
    struct csv_table t;
    (void)state;
    size_t n = PACK_MAX_FIELD_BYTES * 3;
    char *buf = malloc(n + 3);
    memcpy(buf, "a\n", 2);
    memset(buf + 2, 'z', n);
    assert_int_equal(csv_read(&t, buf, n + 2, NULL, NULL), SD_OK);
    assert_int_equal(strlen(t.records[1].fields[0]), n);
    csv_table_free(&t);
    free(buf);
}

/* Random bytes and random mixes of CSV syntax: never a crash, and a failure always has a line
** inside the input and leaves an empty table. (ASan/UBSan builds make this a real check.) */
static void test_csv_garbage(void **state)
{
    static const char alphabet[] = { ',', ';', '\t', '"', '"', '\r', '\n', '\n', 'a', 'b', ' ',
                                     '\0', 0x01, (char)0xC3, (char)0xA4, (char)0xE2, (char)0x82,
                                     (char)0xAC, (char)0xFF, (char)0xC2, (char)0x85 };
    struct csv_table t;
    struct csv_failure why;
    unsigned seed = 12345;
    (void)state;
    for (int round = 0; round < 3000; round++) {
        char buf[300];
        size_t n = (size_t)(round % 299) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            buf[i] = round % 3 == 0 ? (char)(r & 0xFF) : alphabet[r % sizeof alphabet];
        }
        int lines = 1;
        for (size_t i = 0; i < n; i++)
            lines += buf[i] == '\n' || buf[i] == '\r';
        const struct csv_limits lim = { 20, 8, 40 };
        int rc = csv_read(&t, buf, n, &lim, &why);
        if (rc == SD_OK) {
            for (int r = 0; r < t.count; r++) {
                assert_true(t.records[r].line >= 1 && t.records[r].line <= lines);
                assert_true(t.records[r].count >= 1 && t.records[r].count <= 8);
                for (int f = 0; f < t.records[r].count; f++)
                    assert_true(strlen(t.records[r].fields[f]) <= 40);
            }
            csv_table_free(&t);
        } else {
            assert_true(rc == SD_EINVAL || rc == SD_ELIMIT);
            assert_true(why.problem > CSV_OK && why.problem < CSV_ENOMEM);
            assert_true(why.line >= 1 && why.line <= lines);
            assert_null(t.records);
            char msg[300];
            assert_true(csv_failure_message(&why, msg, sizeof msg)[0] != '\0');
        }
    }
}

/* Fields are NUL-terminated UTF-8 and the table holds no pointer into the caller's buffer. */
static void test_csv_owns_its_text(void **state)
{
    struct csv_table t;
    (void)state;
    char *buf = strdup("id,name\nx,\"Ville \"\"V\"\"\"\n");
    parse(&t, buf, -1, SD_OK, NULL);
    memset(buf, '#', strlen(buf));
    free(buf);
    assert_record(&t, 1, 2, 2, "x", "Ville \"V\"");
    csv_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_comma_lf),
        cmocka_unit_test(test_csv_excel_semicolon_bom_crlf),
        cmocka_unit_test(test_csv_separator_outside_quotes),
        cmocka_unit_test(test_csv_line_ends),
        cmocka_unit_test(test_csv_blank_lines_and_trailing),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_quoted_newlines),
        cmocka_unit_test(test_csv_ragged_rows),
        cmocka_unit_test(test_csv_unterminated_quote),
        cmocka_unit_test(test_csv_nul_and_controls),
        cmocka_unit_test(test_csv_invalid_utf8),
        cmocka_unit_test(test_csv_limits),
        cmocka_unit_test(test_csv_pack_limits),
        cmocka_unit_test(test_csv_no_limits),
        cmocka_unit_test(test_csv_garbage),
        cmocka_unit_test(test_csv_owns_its_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
