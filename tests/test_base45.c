/*
** test_base45.c - Base45 (RFC 9285): the RFC's examples, round trips of every length, and
** strict refusal of text that is not Base45.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base45.h"
#include "err.h"
#include "testutil.h"

static void check_encode(const char *in, const char *expect)
{
    char out[128];
    assert_int_equal(base45_encode((const unsigned char *)in, strlen(in), out, sizeof out), SD_OK);
    assert_string_equal(out, expect);
    assert_int_equal(strlen(out), base45_encoded_len(strlen(in)));
    unsigned char back[128];
    size_t n = 0;
    assert_int_equal(base45_decode(out, strlen(out), back, sizeof back, &n), SD_OK);
    assert_int_equal(n, strlen(in));
    assert_memory_equal(back, in, n);
}

static void test_base45_rfc_examples(void **state)
{
    (void)state;
    check_encode("AB", "BB8");
    check_encode("Hello!!", "%69 VD92EX0");
    check_encode("base-45", "UJCLQE7W581");
    check_encode("ietf!", "QED8WEX0");
    check_encode("", "");
    unsigned char out[16];
    size_t n = 0;
    assert_int_equal(base45_decode("QED8WEX0", 8, out, sizeof out, &n), SD_OK);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "ietf!", 5);
}

static void test_base45_edges(void **state)
{
    (void)state;
    char out[16];
    unsigned char b[2] = { 0xFF, 0xFF };
    /* 65535 = 15 + 16*45 + 32*2025: "FGW". */
    assert_int_equal(base45_encode(b, 2, out, sizeof out), SD_OK);
    assert_string_equal(out, "FGW");
    b[0] = 0;
    b[1] = 0;
    assert_int_equal(base45_encode(b, 2, out, sizeof out), SD_OK);
    assert_string_equal(out, "000");
    assert_int_equal(base45_encode(b, 1, out, sizeof out), SD_OK);
    assert_string_equal(out, "00");
    b[0] = 0xFF;
    assert_int_equal(base45_encode(b, 1, out, sizeof out), SD_OK);
    assert_string_equal(out, "U5");
    /* Too small an output buffer. */
    assert_int_equal(base45_encode(b, 2, out, 3), SD_ELIMIT);
    assert_int_equal(base45_encode(b, 2, out, 4), SD_OK);
}

static void test_base45_round_trip_all_lengths(void **state)
{
    (void)state;
    unsigned char in[600], back[600];
    char text[1000];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (unsigned char)(i * 131 + 7);
    for (size_t len = 0; len <= sizeof in; len++) {
        assert_int_equal(base45_encode(in, len, text, sizeof text), SD_OK);
        for (const char *c = text; *c; c++)
            assert_true(base45_is_char((unsigned char)*c));
        size_t n = 0;
        assert_int_equal(base45_decode(text, strlen(text), back, sizeof back, &n), SD_OK);
        assert_int_equal(n, len);
        assert_int_equal(base45_decoded_len(strlen(text)), len);
        assert_memory_equal(back, in, len);
    }
    /* Every pair value survives. */
    for (unsigned v = 0; v < 65536; v++) {
        unsigned char pair[2] = { (unsigned char)(v >> 8), (unsigned char)v }, got[2];
        size_t n = 0;
        assert_int_equal(base45_encode(pair, 2, text, sizeof text), SD_OK);
        assert_int_equal(base45_decode(text, 3, got, sizeof got, &n), SD_OK);
        assert_int_equal(n, 2);
        assert_memory_equal(got, pair, 2);
    }
}

static void test_base45_strict_decode(void **state)
{
    (void)state;
    unsigned char out[32];
    size_t n = 77;
    memset(out, 0xAA, sizeof out);
    /* Lowercase, other punctuation, NUL, non-ASCII: not in the set. */
    static const char *bad_chars[] = { "bb8", "BB#", "BB,", "B=8", "BB\xC3\xA4", "BB\t" };
    for (size_t i = 0; i < sizeof bad_chars / sizeof bad_chars[0]; i++)
        assert_int_equal(base45_decode(bad_chars[i], strlen(bad_chars[i]), out, sizeof out, &n),
                         SD_EINVAL);
    assert_int_equal(base45_decode("BB\0", 3, out, sizeof out, &n), SD_EINVAL);
    /* A length that leaves one character over. */
    assert_int_equal(base45_decode("B", 1, out, sizeof out, &n), SD_EINVAL);
    assert_int_equal(base45_decode("BB8B", 4, out, sizeof out, &n), SD_EINVAL);
    /* A group above 65535 ("GGW" = 65536), and the largest three-character group ":::". */
    assert_int_equal(base45_decode("GGW", 3, out, sizeof out, &n), SD_EINVAL);
    assert_int_equal(base45_decode(":::", 3, out, sizeof out, &n), SD_EINVAL);
    assert_int_equal(base45_decode("FGW", 3, out, sizeof out, &n), SD_OK);
    assert_int_equal(n, 2);
    /* A final pair above 255 ("V5" = 256). */
    assert_int_equal(base45_decode("V5", 2, out, sizeof out, &n), SD_EINVAL);
    assert_int_equal(base45_decode("BB8V5", 5, out, sizeof out, &n), SD_EINVAL);
    assert_int_equal(base45_decode("U5", 2, out, sizeof out, &n), SD_OK);
    assert_int_equal(out[0], 0xFF);
    /* Output too small, and nothing written on failure. */
    unsigned char small[1] = { 0x11 };
    assert_int_equal(base45_decode("BB8", 3, small, sizeof small, &n), SD_ELIMIT);
    assert_int_equal(small[0], 0x11);
    memset(out, 0xAA, sizeof out);
    assert_int_equal(base45_decode("BB8GGW", 6, out, sizeof out, &n), SD_EINVAL);
    assert_int_equal(out[0], 0xAA);
    /* Empty text is empty data. */
    assert_int_equal(base45_decode("", 0, out, sizeof out, &n), SD_OK);
    assert_int_equal(n, 0);
}

static void test_base45_alphabet(void **state)
{
    (void)state;
    const char *set = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    int count = 0;
    for (int c = 0; c < 256; c++)
        if (base45_is_char(c)) {
            assert_non_null(strchr(set, c));
            count++;
        }
    assert_int_equal(count, 45);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base45_rfc_examples),
        cmocka_unit_test(test_base45_edges),
        cmocka_unit_test(test_base45_round_trip_all_lengths),
        cmocka_unit_test(test_base45_strict_decode),
        cmocka_unit_test(test_base45_alphabet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
