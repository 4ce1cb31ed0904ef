/*
** test_charset.c - what spreadsheets save, turned into UTF-8: BOMs dropped, Windows-1252 (Excel's
** plain CSV on Finnish Windows) converted letter for letter, UTF-16/32, binary and unknown bytes
** refused with their own message; plus the strict UTF-8 helpers the reader relies on.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "err.h"
#include "testutil.h"
#include "utf8.h"

static int convert(const char *in, size_t len, char **out, size_t *out_len, int *kind)
{
    return charset_to_utf8((const unsigned char *)in, len, (unsigned char **)out, out_len, kind);
}

static void test_charset_utf8_as_is(void **state)
{
    char *out;
    size_t n;
    int kind;
    (void)state;
    const char *s = "id,name\nx,\xC3\xA5\xC3\xA4\xC3\xB6 \xE2\x82\xAC\n";
    assert_int_equal(convert(s, strlen(s), &out, &n, &kind), SD_OK);
    assert_int_equal(kind, CHARSET_UTF8);
    assert_int_equal(n, strlen(s));
    assert_string_equal(out, s);
    free(out);
    /* Empty input is empty UTF-8. */
    assert_int_equal(convert("", 0, &out, &n, &kind), SD_OK);
    assert_int_equal(kind, CHARSET_UTF8);
    assert_int_equal(n, 0);
    assert_string_equal(out, "");
    free(out);
}

static void test_charset_bom_dropped(void **state)
{
    char *out;
    size_t n;
    int kind;
    (void)state;
    const char *s = CHARSET_UTF8_BOM "key;value\r\nname;Kahvila \xC3\x84ij\xC3\xA4\r\n";
    assert_int_equal(convert(s, strlen(s), &out, &n, &kind), SD_OK);
    assert_int_equal(kind, CHARSET_UTF8);
    assert_int_equal(n, strlen(s) - 3);
    assert_string_equal(out, s + 3);
    free(out);
    assert_int_equal(convert(CHARSET_UTF8_BOM, 3, &out, &n, &kind), SD_OK);
    assert_int_equal(n, 0);
    free(out);
    /* A BOM followed by bytes that are not UTF-8 is not Windows-1252 either. */
    assert_int_equal(convert(CHARSET_UTF8_BOM "a\xE4", 5, &out, &n, &kind), SD_EINVAL);
    assert_null(out);
    assert_int_equal(kind, CHARSET_UNKNOWN);
}

/* Excel's plain CSV: å ä ö Å Ä Ö é ü and the euro sign (0x80) come out as the right letters. */
static void test_charset_cp1252(void **state)
{
    char *out;
    size_t n;
    int kind;
    (void)state;
    const char in[] = "key;value\r\nname;Kahvila \xC4ij\xE4 \xE5 \xF6 \xC5 \xD6 \xE9 \xFC\r\n"
                      "price;5 \x80\r\nquote;\x93hi\x94 \x96 dash\r\n";
    const char want[] = "key;value\r\nname;Kahvila \xC3\x84ij\xC3\xA4 \xC3\xA5 \xC3\xB6 \xC3\x85 "
                        "\xC3\x96 \xC3\xA9 \xC3\xBC\r\nprice;5 \xE2\x82\xAC\r\n"
                        "quote;\xE2\x80\x9Chi\xE2\x80\x9D \xE2\x80\x93 dash\r\n";
    assert_int_equal(charset_detect((const unsigned char *)in, sizeof in - 1), CHARSET_CP1252);
    assert_int_equal(convert(in, sizeof in - 1, &out, &n, &kind), SD_OK);
    assert_int_equal(kind, CHARSET_CP1252);
    assert_int_equal(n, sizeof want - 1);
    assert_string_equal(out, want);
    assert_true(utf8_is_valid((unsigned char *)out, n, NULL));
    free(out);
}

/* The fixture saved as Excel would: it converts and reads like its UTF-8 twin. */
static void test_charset_cp1252_fixture(void **state)
{
    size_t a_len, b_len, n;
    char *out;
    int kind;
    (void)state;
    char *a = tu_read_file(tu_source_path("tests/data/pack/excel-cp1252/hosts.csv"), &a_len);
    char *b = tu_read_file(tu_source_path("tests/data/pack/excel-utf8/hosts.csv"), &b_len);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(convert(a, a_len, &out, &n, &kind), SD_OK);
    assert_int_equal(kind, CHARSET_CP1252);
    const char *plain = b_len >= 3 && memcmp(b, CHARSET_UTF8_BOM, 3) == 0 ? b + 3 : b;
    assert_string_equal(out, plain);
    assert_non_null(strstr(out, "vuorop\xC3\xA4\xC3\xA4llikk\xC3\xB6"));  /* vuoropäällikkö */
    free(out);
    free(a);
    free(b);
}

static void test_charset_utf16_refused(void **state)
{
    char *out = (char *)1;
    size_t n;
    int kind;
    (void)state;
    /* "id,name\r\n" as UTF-16LE with a BOM, as Excel's "Unicode text" saves it. */
    const char le[] = "\xFF\xFEi\0d\0,\0n\0a\0m\0e\0\r\0\n\0";
    assert_int_equal(convert(le, sizeof le - 1, &out, &n, &kind), SD_EINVAL);
    assert_null(out);
    assert_int_equal(kind, CHARSET_UTF16);
    const char be[] = "\xFE\xFF\0i\0d\0,\0n";
    assert_int_equal(convert(be, sizeof be - 1, &out, &n, &kind), SD_EINVAL);
    assert_int_equal(kind, CHARSET_UTF16);
    /* Without a BOM: the NUL bytes beside the letters give it away. */
    const char nobom[] = "i\0d\0,\0n\0a\0m\0e\0\n\0l\0i\0i\0s\0a\0";
    assert_int_equal(convert(nobom, sizeof nobom - 1, &out, &n, &kind), SD_EINVAL);
    assert_int_equal(kind, CHARSET_UTF16);
    const char nobom_be[] = "\0i\0d\0,\0n\0a\0m\0e\0\n";
    assert_int_equal(charset_detect((const unsigned char *)nobom_be, sizeof nobom_be - 1),
                     CHARSET_UTF16);
    /* UTF-32 BOMs. */
    assert_int_equal(charset_detect((const unsigned char *)"\xFF\xFE\0\0i\0\0\0", 8), CHARSET_UTF16);
    assert_int_equal(charset_detect((const unsigned char *)"\0\0\xFE\xFF\0\0\0i", 8), CHARSET_UTF16);
    const char *msg = charset_refusal(CHARSET_UTF16);
    assert_non_null(strstr(msg, "UTF-16"));
    assert_non_null(strstr(msg, "CSV UTF-8"));
}

static void test_charset_binary_refused(void **state)
{
    char *out;
    size_t n;
    int kind;
    (void)state;
    /* A ZIP (.xlsx saved under a .csv name), a PNG, random bytes with NULs. */
    const char zip[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\xA5\x32[Content_Types].xml";
    assert_int_equal(convert(zip, sizeof zip - 1, &out, &n, &kind), SD_EINVAL);
    assert_int_equal(kind, CHARSET_BINARY);
    const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR";
    assert_int_equal(convert(png, sizeof png - 1, &out, &n, &kind), SD_EINVAL);
    assert_int_equal(kind, CHARSET_BINARY);
    /* No NUL but control bytes among Latin-1-looking bytes: not text. */
    const char ctl[] = "a,b\n\x01\x02\xE4\x03\n";
    assert_int_equal(convert(ctl, sizeof ctl - 1, &out, &n, &kind), SD_EINVAL);
    assert_int_equal(kind, CHARSET_BINARY);
    /* An .xlsx renamed to .csv without a NUL in its first bytes is still not text. */
    assert_int_equal(charset_detect((const unsigned char *)"PK\x03\x04binary xlsx", 15),
                     CHARSET_BINARY);
    assert_non_null(strstr(charset_refusal(CHARSET_BINARY), "not a text file"));
    unsigned char rnd[4096];
    unsigned seed = 7;
    for (size_t i = 0; i < sizeof rnd; i++) {
        seed = seed * 1103515245u + 12345u;
        rnd[i] = (unsigned char)(seed >> 16);
    }
    assert_int_not_equal(charset_detect(rnd, sizeof rnd), CHARSET_UTF8);
    assert_int_not_equal(charset_detect(rnd, sizeof rnd), CHARSET_CP1252);
}

/* Mostly high bytes (UTF-8 cut apart, Shift-JIS, a cp1252 file of only symbols) is refused. */
static void test_charset_unknown_refused(void **state)
{
    char *out;
    size_t n;
    int kind;
    (void)state;
    const char high[] = "\xE4\xF6\xE5\xE4\xF6\xE5\xE4\xF6\xE5\xE4";
    assert_int_equal(convert(high, sizeof high - 1, &out, &n, &kind), SD_EINVAL);
    assert_int_equal(kind, CHARSET_UNKNOWN);
    /* 0x81 is undefined in Windows-1252: iconv refuses it, and so do we. */
    const char undefined[] = "key,value\nname,A\x81" "B\n";
    assert_int_equal(convert(undefined, sizeof undefined - 1, &out, &n, &kind), SD_EINVAL);
    assert_null(out);
    assert_int_equal(kind, CHARSET_UNKNOWN);
    assert_non_null(strstr(charset_refusal(CHARSET_UNKNOWN), "CSV UTF-8"));
    assert_string_equal(charset_refusal(CHARSET_UTF8), "");
    assert_string_equal(charset_refusal(99), "");
}

static void test_utf8_helpers(void **state)
{
    uint32_t cp;
    size_t bad;
    (void)state;
    assert_int_equal(utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(utf8_decode((const unsigned char *)"\xE2\x82", 2, &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"\xC1\xBF", 2, &cp), 0);  /* overlong */
    assert_int_equal(utf8_decode((const unsigned char *)"\xE0\x80\xAF", 3, &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"\xED\xB0\x80", 3, &cp), 0); /* surrogate */
    assert_int_equal(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0);
    assert_int_equal(utf8_decode((const unsigned char *)"a", 0, &cp), 0);
    assert_false(utf8_is_valid((const unsigned char *)"ok\xC3(", 4, &bad));
    assert_int_equal(bad, 2);
    assert_true(utf8_is_valid((const unsigned char *)"", 0, NULL));
    assert_int_equal(utf8_length("\xC3\xA5\xC3\xA4\xC3\xB6!"), 4);
    /* Cutting never splits a letter. */
    assert_int_equal(utf8_prefix_bytes("a\xC3\xA4\xE2\x82\xAC", 6, 2), 1);
    assert_int_equal(utf8_prefix_bytes("a\xC3\xA4\xE2\x82\xAC", 6, 5), 3);
    assert_int_equal(utf8_prefix_bytes("a\xC3\xA4\xE2\x82\xAC", 6, 6), 6);
    assert_true(utf8_is_control(0x00));
    assert_true(utf8_is_control(0x1B));
    assert_true(utf8_is_control(0x7F));
    assert_true(utf8_is_control(0x85));
    assert_false(utf8_is_control(0xA0));
    assert_false(utf8_is_control('a'));
    assert_true(utf8_is_clean_text("Hyv\xC3\xA4\tp\xC3\xA4iv\xC3\xA4\n"));
    assert_false(utf8_is_clean_text("bell\x07"));
    assert_false(utf8_is_clean_text("c1\xC2\x85"));
    assert_false(utf8_is_clean_text("bad\xFF"));
    assert_true(utf8_is_id("matti-k_2.b"));
    assert_true(utf8_is_id(""));
    assert_false(utf8_is_id("p\xC3\xA4ivi"));
    assert_false(utf8_is_id("pek ka"));
    assert_false(utf8_is_id("a/b"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_utf8_as_is),
        cmocka_unit_test(test_charset_bom_dropped),
        cmocka_unit_test(test_charset_cp1252),
        cmocka_unit_test(test_charset_cp1252_fixture),
        cmocka_unit_test(test_charset_utf16_refused),
        cmocka_unit_test(test_charset_binary_refused),
        cmocka_unit_test(test_charset_unknown_refused),
        cmocka_unit_test(test_utf8_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
