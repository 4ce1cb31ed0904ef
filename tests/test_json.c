/*
** test_json.c - the JSON writer's escaping and the strict, bounded parser: round trips,
** every kind of invalid text refused, limits enforced.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "testutil.h"

static char *write_string(const char *s)
{
    struct json_writer w;
    char *data;
    size_t len;
    json_writer_init(&w, 0);
    json_write_string(&w, s);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_OK);
    return data;
}

static void test_json_write_escapes(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "plain", "\"plain\"" },
        { "", "\"\"" },
        { "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
        { "\b\t\n\f\r", "\"\\b\\t\\n\\f\\r\"" },
        { "\x01\x0b\x1f\x7f", "\"\\u0001\\u000b\\u001f\\u007f\"" },
        { "åäö € 😀", "\"åäö € 😀\"" },
        { "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "\"a\\u2028b\\u2029c\"" },
        { "bad\xFFz", "\"bad\xEF\xBF\xBDz\"" },
        { "\xC3", "\"\xEF\xBF\xBD\"" },
        { "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "</script>", "\"</script>\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = write_string(cases[i].in);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

static void test_json_write_structure(void **state)
{
    (void)state;
    struct json_writer w;
    char *data;
    size_t len;
    json_writer_init(&w, 0);
    json_write_begin_object(&w);
    json_write_member_int(&w, "n", -42);
    json_write_member_string(&w, "s", "x");
    json_write_key(&w, "a");
    json_write_begin_array(&w);
    json_write_bool(&w, 1);
    json_write_bool(&w, 0);
    json_write_null(&w);
    json_write_begin_object(&w);
    json_write_end_object(&w);
    json_write_begin_array(&w);
    json_write_end_array(&w);
    json_write_end_array(&w);
    json_write_member_string(&w, "nul", NULL);
    json_write_end_object(&w);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_OK);
    assert_string_equal(data, "{\"n\":-42,\"s\":\"x\",\"a\":[true,false,null,{},[]],\"nul\":null}");
    free(data);
    /* Pretty output parses to the same thing. */
    json_writer_init(&w, 1);
    json_write_begin_object(&w);
    json_write_member_int(&w, "n", INT64_MIN);
    json_write_key(&w, "a");
    json_write_begin_array(&w);
    json_write_int(&w, INT64_MAX);
    json_write_end_array(&w);
    json_write_end_object(&w);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_OK);
    assert_string_equal(data, "{\n  \"n\": -9223372036854775808,\n  \"a\": [\n    9223372036854775807\n  ]\n}\n");
    struct json_value *v;
    assert_int_equal(json_parse(data, len, NULL, &v, NULL, 0), SD_OK);
    int64_t n;
    assert_int_equal(json_object_get_int(v, "n", &n), SD_OK);
    assert_true(n == INT64_MIN);
    const struct json_value *a = json_object_get(v, "a");
    assert_non_null(a);
    assert_int_equal(a->type, JSON_ARRAY);
    assert_true(a->items[0].integer == INT64_MAX);
    json_free(v);
    free(data);
    /* Misuse is an error, not bad output. */
    json_writer_init(&w, 0);
    json_write_begin_object(&w);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_EINVAL);
    json_writer_init(&w, 0);
    json_write_begin_array(&w);
    json_write_end_object(&w);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_EINVAL);
    json_writer_init(&w, 0);
    json_write_int(&w, 1);
    json_write_int(&w, 2);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_EINVAL);
    json_writer_init(&w, 0);
    json_write_begin_array(&w);
    json_write_key(&w, "k");
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_EINVAL);
    json_writer_init(&w, 0);
    json_write_begin_object(&w);
    json_write_int(&w, 1);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_EINVAL);
    json_writer_init(&w, 0);
    for (int i = 0; i < JSON_WRITE_MAX_DEPTH + 1; i++)
        json_write_begin_array(&w);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_ELIMIT);
}

static void test_json_string_round_trip(void **state)
{
    (void)state;
    /* Every byte value 1..255 as text, every control character, the line separators. */
    char in[600];
    size_t k = 0;
    for (int c = 1; c < 128; c++)
        in[k++] = (char)c;
    strcpy(in + k, "åäöÅÄÖ € \xE2\x80\xA8 \xE2\x80\xA9 😀 \xF4\x8F\xBF\xBF");
    char *text = write_string(in);
    struct json_value *v;
    assert_int_equal(json_parse(text, strlen(text), NULL, &v, NULL, 0), SD_OK);
    assert_int_equal(v->type, JSON_STRING);
    assert_string_equal(v->string, in);
    assert_int_equal(v->string_len, strlen(in));
    json_free(v);
    free(text);
}

static void test_json_parse_values(void **state)
{
    (void)state;
    const char *text = " {\"a\" : [1, -0, 2.5, 1e3, -1E-2, 9223372036854775807, "
                       "9223372036854775808, -9223372036854775808], \"t\": true, "
                       "\"f\": false, \"n\": null, \"s\": \"\\u00e4\\ud83d\\ude00\\/\", "
                       "\"o\": {}} \r\n";
    struct json_value *v;
    char err[200];
    assert_int_equal(json_parse(text, strlen(text), NULL, &v, err, sizeof err), SD_OK);
    const struct json_value *a = json_object_get(v, "a");
    assert_int_equal(a->count, 8);
    assert_true(a->items[0].is_integer && a->items[0].integer == 1);
    assert_true(a->items[1].is_integer && a->items[1].integer == 0);
    assert_false(a->items[2].is_integer);
    assert_false(a->items[3].is_integer);
    assert_false(a->items[4].is_integer);
    assert_true(a->items[5].is_integer && a->items[5].integer == INT64_MAX);
    assert_false(a->items[6].is_integer);
    assert_true(a->items[7].is_integer && a->items[7].integer == INT64_MIN);
    assert_int_equal(json_object_get(v, "t")->type, JSON_TRUE);
    assert_int_equal(json_object_get(v, "f")->type, JSON_FALSE);
    assert_int_equal(json_object_get(v, "n")->type, JSON_NULL);
    assert_string_equal(json_object_get_string(v, "s"), "ä😀/");
    assert_int_equal(json_object_get(v, "o")->type, JSON_OBJECT);
    assert_null(json_object_get(v, "missing"));
    assert_null(json_object_get_string(v, "t"));
    int64_t n;
    assert_int_equal(json_object_get_int(v, "missing", &n), SD_ENOTFOUND);
    assert_int_equal(json_object_get_int(v, "s", &n), SD_EINVAL);
    json_free(v);
}

static void test_json_parse_rejects(void **state)
{
    (void)state;
    static const char *bad[] = {
        "", " ", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
        "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[-]", "[0x10]", "[NaN]", "[Infinity]",
        "[tru]", "[nulll]", "[True]", "\"abc", "\"a\nb\"", "\"a\tb\"", "\"\\x\"", "\"\\u12\"",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "[1] [2]", "[1] x",
        "{\"a\":1,\"a\":2}", "\xEF\xBB\xBF[]", "[\"\xC3\"]", "[\"\xC0\x80\"]", "[\"\xED\xA0\x80\"]",
        "[\"\xF4\x90\x80\x80\"]", "[\"\xFF\"]", "[\"\xE2\x82\"]", "//c\n[]", "[1]\x0c",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct json_value *v = (struct json_value *)1;
        char err[200] = "";
        int rc = json_parse(bad[i], strlen(bad[i]), NULL, &v, err, sizeof err);
        if (rc != SD_EINVAL)
            fail_msg("case %zu (%s) gave %d", i, bad[i], rc);
        assert_null(v);
        assert_non_null(strstr(err, "line 1, column"));
    }
    /* A NUL byte inside the text. */
    struct json_value *v;
    assert_int_equal(json_parse("[1]\0", 4, NULL, &v, NULL, 0), SD_EINVAL);
    assert_int_equal(json_parse("[\"a\0b\"]", 7, NULL, &v, NULL, 0), SD_EINVAL);
    /* Where the error is. */
    char err[200];
    assert_int_equal(json_parse("[1,\n  2,\n  x]", 13, NULL, &v, err, sizeof err), SD_EINVAL);
    assert_non_null(strstr(err, "line 3, column 3"));
}

static void test_json_limits(void **state)
{
    (void)state;
    struct json_limits lim;
    struct json_value *v;
    json_default_limits(&lim);
    lim.max_depth = 4;
    assert_int_equal(json_parse("[[[[]]]]", 8, &lim, &v, NULL, 0), SD_OK);
    json_free(v);
    assert_int_equal(json_parse("[[[[[]]]]]", 10, &lim, &v, NULL, 0), SD_ELIMIT);
    /* Very deep nesting with the default limits: refused, not a stack overflow. */
    size_t deep = 100000;
    char *text = malloc(deep * 2);
    memset(text, '[', deep);
    memset(text + deep, ']', deep);
    assert_int_equal(json_parse(text, deep * 2, NULL, &v, NULL, 0), SD_ELIMIT);
    free(text);
    json_default_limits(&lim);
    lim.max_string = 5;
    assert_int_equal(json_parse("\"12345\"", 7, &lim, &v, NULL, 0), SD_OK);
    json_free(v);
    assert_int_equal(json_parse("\"123456\"", 8, &lim, &v, NULL, 0), SD_ELIMIT);
    assert_int_equal(json_parse("{\"123456\":1}", 12, &lim, &v, NULL, 0), SD_ELIMIT);
    json_default_limits(&lim);
    lim.max_bytes = 3;
    assert_int_equal(json_parse("[1]", 3, &lim, &v, NULL, 0), SD_OK);
    json_free(v);
    assert_int_equal(json_parse("[1] ", 4, &lim, &v, NULL, 0), SD_ELIMIT);
    json_default_limits(&lim);
    lim.max_values = 3;
    assert_int_equal(json_parse("[1,2]", 5, &lim, &v, NULL, 0), SD_OK);
    json_free(v);
    assert_int_equal(json_parse("[1,2,3]", 7, &lim, &v, NULL, 0), SD_ELIMIT);
    json_default_limits(&lim);
    lim.max_members = 2;
    assert_int_equal(json_parse("{\"a\":1,\"b\":2}", 13, &lim, &v, NULL, 0), SD_OK);
    json_free(v);
    assert_int_equal(json_parse("{\"a\":1,\"b\":2,\"c\":3}", 19, &lim, &v, NULL, 0), SD_ELIMIT);
    /* A big array of objects, as records.json has. */
    struct json_writer w;
    char *data;
    size_t len;
    json_writer_init(&w, 1);
    json_write_begin_array(&w);
    for (int i = 0; i < 10000; i++) {
        json_write_begin_object(&w);
        json_write_member_int(&w, "seq", i);
        json_write_member_string(&w, "value", "Kiitos päivästä!");
        json_write_end_object(&w);
    }
    json_write_end_array(&w);
    assert_int_equal(json_writer_finish(&w, &data, &len), SD_OK);
    assert_int_equal(json_parse(data, len, NULL, &v, NULL, 0), SD_OK);
    assert_int_equal(v->count, 10000);
    int64_t seq;
    assert_int_equal(json_object_get_int(&v->items[9999], "seq", &seq), SD_OK);
    assert_int_equal(seq, 9999);
    json_free(v);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_write_escapes),
        cmocka_unit_test(test_json_write_structure),
        cmocka_unit_test(test_json_string_round_trip),
        cmocka_unit_test(test_json_parse_values),
        cmocka_unit_test(test_json_parse_rejects),
        cmocka_unit_test(test_json_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
