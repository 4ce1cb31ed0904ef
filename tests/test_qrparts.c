/*
** test_qrparts.c - QR code matrices and the SD1 and SD2 framing: parts fit version 20-M in
** alphanumeric mode, join in any order, and every kind of bad scan is named by part number.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base45.h"
#include "err.h"
#include "qrcode.h"
#include "qrparts.h"
#include "testutil.h"

/* Whether any problem of j contains text. */
static int has_problem(const struct qrparts_join *j, const char *text)
{
    for (int i = 0; i < qrparts_join_problem_count(j); i++)
        if (strstr(qrparts_join_problem(j, i), text))
            return 1;
    return 0;
}

static void test_qrcode_basics(void **state)
{
    (void)state;
    struct qrcode qr;
    assert_int_equal(qrcode_encode("HELLO", 40, &qr), SD_OK);
    assert_int_equal(qr.version, 1);
    assert_int_equal(qr.width, 21);
    /* The finder pattern's corners are dark, the separator beside it light. */
    assert_true(qrcode_is_dark(&qr, 0, 0));
    assert_true(qrcode_is_dark(&qr, 6, 6));
    assert_false(qrcode_is_dark(&qr, 7, 0));
    assert_true(qrcode_is_dark(&qr, 20, 0));
    assert_true(qrcode_is_dark(&qr, 0, 20));
    assert_false(qrcode_is_dark(&qr, -1, 0));
    assert_false(qrcode_is_dark(&qr, 21, 0));
    for (int i = 0; i < qr.width * qr.width; i++)
        assert_true(qr.modules[i] == 0 || qr.modules[i] == 1);
    qrcode_free(&qr);
    assert_null(qr.modules);
    /* Case matters: lowercase text needs byte mode, a bigger code than the same in capitals. */
    char upper[200], lower[200];
    memset(upper, 'A', 120);
    upper[120] = '\0';
    memset(lower, 'a', 120);
    lower[120] = '\0';
    struct qrcode a, b;
    assert_int_equal(qrcode_encode(upper, 40, &a), SD_OK);
    assert_int_equal(qrcode_encode(lower, 40, &b), SD_OK);
    assert_true(a.version < b.version);
    qrcode_free(&a);
    qrcode_free(&b);
    /* UTF-8 text (a vCard with ä) encodes. */
    assert_int_equal(qrcode_encode("BEGIN:VCARD\nFN:Päivi\nEND:VCARD", 20, &a), SD_OK);
    qrcode_free(&a);
}

static void test_qrcode_limits(void **state)
{
    (void)state;
    struct qrcode qr;
    assert_int_equal(qrcode_encode("", 40, &qr), SD_EINVAL);
    assert_int_equal(qrcode_encode(NULL, 40, &qr), SD_EINVAL);
    assert_int_equal(qrcode_encode("A", 0, &qr), SD_EINVAL);
    assert_int_equal(qrcode_encode("A", 41, &qr), SD_EINVAL);
    /* 970 alphanumeric characters fit version 20-M, 971 do not (peer-systems.md, section 3). */
    char text[5000];
    memset(text, 'Z', 970);
    text[970] = '\0';
    assert_int_equal(qrcode_encode(text, 20, &qr), SD_OK);
    assert_int_equal(qr.version, 20);
    assert_int_equal(qr.width, 97);
    qrcode_free(&qr);
    text[970] = 'Z';
    text[971] = '\0';
    assert_int_equal(qrcode_encode(text, 20, &qr), SD_ELIMIT);
    assert_null(qr.modules);
    assert_int_equal(qrcode_encode(text, 21, &qr), SD_OK);
    assert_int_equal(qr.version, 21);
    qrcode_free(&qr);
    /* More than version 40 holds at all. */
    memset(text, 'Z', 4000);
    text[4000] = '\0';
    assert_int_equal(qrcode_encode(text, 40, &qr), SD_ELIMIT);
}

static void test_qrparts_frame_and_fit(void **state)
{
    (void)state;
    /* Every payload size up to a few parts, and large ones: the framing is right, every
    ** character is alphanumeric and every part fits version 20-M. */
    static const size_t sizes[] = { 1, 2, 3, 100, 611, 612, 613, 1300, 5000, 64000 };
    int biggest_seen = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        unsigned char *data = tu_bytes(sizes[s], (unsigned)s);
        struct qrparts parts;
        assert_int_equal(qrparts_split(data, sizes[s], "K7Q2ZP4M", &parts), SD_OK);
        assert_true(parts.count >= 1);
        size_t total = 0, longest = 0, shortest = SIZE_MAX;
        for (int i = 0; i < parts.count; i++) {
            const char *line = parts.parts[i];
            size_t len = strlen(line);
            assert_true(len <= QRPARTS_MAX_CHARS);
            longest = len > longest ? len : longest;
            shortest = len < shortest ? len : shortest;
            for (size_t k = 0; k < len; k++)
                assert_true(base45_is_char((unsigned char)line[k]));
            char head[64];
            snprintf(head, sizeof head, "SD1:K7Q2ZP4M:%d/%d:", i + 1, parts.count);
            assert_memory_equal(line, head, strlen(head));
            struct qrparts_frame f;
            assert_int_equal(qrparts_parse_frame(line, len, &f), SD_OK);
            assert_int_equal(f.index, i + 1);
            assert_int_equal(f.total, parts.count);
            assert_string_equal(f.batch, "K7Q2ZP4M");
            total += base45_decoded_len(f.data_len);
        }
        assert_int_equal(total, sizes[s]);
        /* Nearly equal parts: all but the last within one Base45 group of each other. */
        if (parts.count > 2)
            assert_true(longest - strlen(parts.parts[0]) <= 3);
        /* The largest part really is a version <= 20 code. */
        for (int i = 0; i < parts.count; i++) {
            if (strlen(parts.parts[i]) != longest)
                continue;
            struct qrcode qr;
            assert_int_equal(qrcode_encode(parts.parts[i], QRPARTS_MAX_VERSION, &qr), SD_OK);
            assert_true(qr.version <= 20);
            if (qr.version == 20)
                biggest_seen = 1;
            qrcode_free(&qr);
            break;
        }
        qrparts_free(&parts);
        free(data);
    }
    assert_true(biggest_seen);      /* the sizing uses what version 20 holds, not less */
}

static void test_qrparts_split_refuses(void **state)
{
    (void)state;
    unsigned char b[4] = { 1, 2, 3, 4 };
    struct qrparts parts;
    assert_int_equal(qrparts_split(b, 0, "AB", &parts), SD_EINVAL);
    assert_int_equal(qrparts_split(b, 4, "ab", &parts), SD_EINVAL);
    assert_int_equal(qrparts_split(b, 4, "", &parts), SD_EINVAL);
    assert_int_equal(qrparts_split(b, 4, "A:B", &parts), SD_EINVAL);
    assert_int_equal(qrparts_split(b, 4, "ABCDEFGHIJKLMNOPQ", &parts), SD_EINVAL);
    assert_int_equal(qrparts_split(b, 4, "ABCDEFGHIJKLMNOP", &parts), SD_OK);
    qrparts_free(&parts);
    /* More than 999 parts. */
    size_t huge = 1000u * 640u;
    unsigned char *data = tu_bytes(huge, 3);
    assert_int_equal(qrparts_split(data, huge, "AB", &parts), SD_ELIMIT);
    assert_int_equal(parts.count, 0);
    free(data);
}

/* Join the parts in the order given by perm (indexes), return the joined payload. */
static void join_in_order(const struct qrparts *parts, const int *order, int n,
                          const unsigned char *expect, size_t expect_len)
{
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(qrparts_join_add(j, parts->parts[order[i]], strlen(parts->parts[order[i]]),
                                          "scan.txt:1"), SD_OK);
    unsigned char *data;
    size_t len;
    assert_int_equal(qrparts_join_finish(j, &data, &len), SD_OK);
    assert_int_equal(len, expect_len);
    assert_memory_equal(data, expect, len);
    assert_int_equal(qrparts_join_problem_count(j), 0);
    assert_string_equal(qrparts_join_batch(j), "B1");
    free(data);
    qrparts_join_free(j);
}

static void test_qrparts_join_any_order(void **state)
{
    (void)state;
    size_t len = 5000;
    unsigned char *data = tu_bytes(len, 9);
    struct qrparts parts;
    assert_int_equal(qrparts_split(data, len, "B1", &parts), SD_OK);
    assert_true(parts.count >= 5);
    int order[32] = { 0 };
    int n = parts.count;
    assert_true(n <= 32);
    for (int i = 0; i < n; i++)
        order[i] = i;
    join_in_order(&parts, order, n, data, len);
    for (int i = 0; i < n; i++)
        order[i] = n - 1 - i;
    join_in_order(&parts, order, n, data, len);
    /* A shuffled order with every part twice (exact duplicates are ignored). */
    int twice[64] = { 0 };
    for (int i = 0; i < 2 * n; i++)
        twice[i] = (i * 7 + 3) % n;
    join_in_order(&parts, twice, 2 * n, data, len);
    qrparts_free(&parts);
    free(data);
}

static void test_qrparts_join_whitespace(void **state)
{
    (void)state;
    unsigned char data[10] = "0123456789";
    struct qrparts parts;
    assert_int_equal(qrparts_split(data, 10, "B1", &parts), SD_OK);
    char line[2000];
    snprintf(line, sizeof line, "  \t%s \r\n", parts.parts[0]);
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    assert_int_equal(qrparts_join_add(j, "   \r\n", 5, NULL), SD_OK);   /* blank */
    assert_int_equal(qrparts_join_add(j, line, strlen(line), NULL), SD_OK);
    unsigned char *out;
    size_t len;
    assert_int_equal(qrparts_join_finish(j, &out, &len), SD_OK);
    assert_memory_equal(out, data, 10);
    free(out);
    qrparts_join_free(j);
    qrparts_free(&parts);
}

static void test_qrparts_join_missing(void **state)
{
    (void)state;
    size_t len = 6000;
    unsigned char *data = tu_bytes(len, 5);
    struct qrparts parts;
    assert_int_equal(qrparts_split(data, len, "MISS", &parts), SD_OK);
    int n = parts.count;
    assert_true(n >= 10);
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    for (int i = 0; i < n; i++)
        if (i != 1 && i != 4 && i != 5 && i != 6)
            assert_int_equal(qrparts_join_add(j, parts.parts[i], strlen(parts.parts[i]), NULL), SD_OK);
    unsigned char *out = (unsigned char *)"x";
    size_t olen = 99;
    assert_int_equal(qrparts_join_finish(j, &out, &olen), SD_ENOTFOUND);
    assert_null(out);
    assert_int_equal(olen, 0);
    char expect[64];
    snprintf(expect, sizeof expect, "2, 5-7 of %d", n);
    assert_true(has_problem(j, expect));
    assert_true(has_problem(j, "MISS"));
    assert_int_equal(qrparts_join_received(j), n - 4);
    assert_int_equal(qrparts_join_total(j), n);
    qrparts_join_free(j);
    /* Nothing at all. */
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    assert_int_equal(qrparts_join_finish(j, &out, &olen), SD_EINVAL);
    assert_int_equal(qrparts_join_problem_count(j), 1);
    qrparts_join_free(j);
    qrparts_free(&parts);
    free(data);
}

static void test_qrparts_join_corrupt(void **state)
{
    (void)state;
    size_t len = 2000;
    unsigned char *data = tu_bytes(len, 11);
    struct qrparts parts;
    assert_int_equal(qrparts_split(data, len, "CRC", &parts), SD_OK);
    int n = parts.count;
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    /* Part 2 with one data character changed (still valid Base45): the CRC catches it. */
    char *bad = strdup(parts.parts[1]);
    size_t blen = strlen(bad);
    bad[blen - 5] = bad[blen - 5] == '0' ? '1' : '0';
    assert_int_equal(qrparts_join_add(j, bad, blen, "scans.txt:4"), SD_ECORRUPT);
    assert_true(has_problem(j, "scans.txt:4"));
    char expect[64];
    snprintf(expect, sizeof expect, "part 2 of %d", n);
    assert_true(has_problem(j, expect));
    /* Without a good copy of part 2 the join stops. */
    for (int i = 0; i < n; i++)
        if (i != 1)
            assert_int_equal(qrparts_join_add(j, parts.parts[i], strlen(parts.parts[i]), NULL), SD_OK);
    unsigned char *out;
    size_t olen;
    assert_int_equal(qrparts_join_finish(j, &out, &olen), SD_ENOTFOUND);
    qrparts_join_free(j);
    /* With a good copy scanned again, it joins (the damaged line stays listed). */
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    assert_int_equal(qrparts_join_add(j, bad, blen, NULL), SD_ECORRUPT);
    for (int i = 0; i < n; i++)
        assert_int_equal(qrparts_join_add(j, parts.parts[i], strlen(parts.parts[i]), NULL), SD_OK);
    assert_int_equal(qrparts_join_finish(j, &out, &olen), SD_OK);
    assert_memory_equal(out, data, len);
    assert_int_equal(qrparts_join_problem_count(j), 1);
    free(out);
    qrparts_join_free(j);
    /* A changed CRC digit is caught the same way. */
    strcpy(bad, parts.parts[0]);
    char *crc = bad + strlen("SD1:CRC:1/") + (n >= 10 ? 2 : 1) + 1;
    crc[0] = crc[0] == 'A' ? 'B' : 'A';
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    assert_int_equal(qrparts_join_add(j, bad, strlen(bad), NULL), SD_ECORRUPT);
    qrparts_join_free(j);
    free(bad);
    qrparts_free(&parts);
    free(data);
}

static void test_qrparts_join_conflict_and_mix(void **state)
{
    (void)state;
    unsigned char *a = tu_bytes(1500, 1), *b = tu_bytes(1500, 2);
    struct qrparts pa, pb, pc;
    assert_int_equal(qrparts_split(a, 1500, "SAME", &pa), SD_OK);
    assert_int_equal(qrparts_split(b, 1500, "SAME", &pb), SD_OK);
    assert_int_equal(qrparts_split(b, 1500, "OTHER", &pc), SD_OK);
    assert_int_equal(pa.count, pb.count);
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    for (int i = 0; i < pa.count; i++)
        assert_int_equal(qrparts_join_add(j, pa.parts[i], strlen(pa.parts[i]), NULL), SD_OK);
    /* The same batch id and part number with other content: conflicting duplicates. */
    assert_int_equal(qrparts_join_add(j, pb.parts[1], strlen(pb.parts[1]), "x.txt:9"), SD_EEXIST);
    assert_true(has_problem(j, "x.txt:9"));
    assert_true(has_problem(j, "different content"));
    /* Another batch in the same file. */
    assert_int_equal(qrparts_join_add(j, pc.parts[0], strlen(pc.parts[0]), NULL), SD_EINVAL);
    assert_true(has_problem(j, "OTHER"));
    unsigned char *out;
    size_t olen;
    assert_int_equal(qrparts_join_finish(j, &out, &olen), SD_EEXIST);
    assert_null(out);
    qrparts_join_free(j);
    qrparts_free(&pa);
    qrparts_free(&pb);
    qrparts_free(&pc);
    free(a);
    free(b);
}

static void test_qrparts_bad_framing(void **state)
{
    (void)state;
    static const char *bad[] = {
        "hello world",
        "SD2:AB:1/1:00000000:00",
        "SD1:ab:1/1:00000000:00",
        "SD1::1/1:00000000:00",
        "SD1:ABCDEFGHIJKLMNOPQ:1/1:00000000:00",
        "SD1:AB:0/1:00000000:00",
        "SD1:AB:2/1:00000000:00",
        "SD1:AB:01/2:00000000:00",
        "SD1:AB:1/1000:00000000:00",
        "SD1:AB:1-1:00000000:00",
        "SD1:AB:1/1:0000000:00",
        "SD1:AB:1/1:0000000g:00",
        "SD1:AB:1/1:00000000:",
        "SD1:AB:1/1:00000000:0",
        "SD1:AB:1/1:00000000:0000",
        "SD1:AB:1/1:00000000",
        "sd1:AB:1/1:00000000:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct qrparts_frame f;
        assert_int_equal(qrparts_parse_frame(bad[i], strlen(bad[i]), &f), SD_EINVAL);
        struct qrparts_join *j;
        assert_int_equal(qrparts_join_new(&j), SD_OK);
        int rc = qrparts_join_add(j, bad[i], strlen(bad[i]), "f.txt:2");
        assert_true(rc == SD_EINVAL);
        assert_true(has_problem(j, "f.txt:2"));
        qrparts_join_free(j);
    }
    /* Invalid Base45 with a well-formed frame is a damaged part. */
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    assert_int_equal(qrparts_join_add(j, "SD1:AB:1/1:00000000:::", 22, NULL), SD_ECORRUPT);
    qrparts_join_free(j);
    /* A line of garbage longer than any QR code. */
    char *longline = malloc(QRPARTS_LINE_MAX + 10);
    memset(longline, 'A', QRPARTS_LINE_MAX + 9);
    memcpy(longline, "SD1:AB:1/1:00000000:", 20);
    longline[QRPARTS_LINE_MAX + 9] = '\0';
    struct qrparts_frame f;
    assert_int_equal(qrparts_parse_frame(longline, strlen(longline), &f), SD_EINVAL);
    free(longline);
    /* Many bad lines: the list is bounded. */
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    for (int i = 0; i < 1000; i++)
        qrparts_join_add(j, "junk", 4, NULL);
    assert_true(qrparts_join_problem_count(j) <= 200);
    qrparts_join_free(j);
}

/* SD2 frames: the same shape under their own magic, told apart from SD1, joined by version. */
static void test_qrparts_sd2(void **state)
{
    (void)state;
    unsigned char *data = tu_bytes(2000, 21);
    struct qrparts parts;
    assert_int_equal(qrparts_split_version(data, 2000, "Q2BATCH", 3, &parts), SD_EINVAL);
    assert_int_equal(qrparts_split_version(data, 2000, "Q2BATCH", 2, &parts), SD_OK);
    assert_int_equal(parts.count, 4);
    struct qrparts_frame f;
    for (int i = 0; i < parts.count; i++) {
        const char *line = parts.parts[i];
        char head[40];
        snprintf(head, sizeof head, "SD2:Q2BATCH:%d/4:", i + 1);
        assert_memory_equal(line, head, strlen(head));
        assert_true(strlen(line) <= QRPARTS_MAX_CHARS);
        assert_int_equal(qrparts_parse_frame(line, strlen(line), &f), SD_EINVAL);    /* SD1 only */
        assert_int_equal(qrparts_read_frame(line, strlen(line), &f), SD_OK);
        assert_int_equal(f.version, 2);
        assert_int_equal(f.index, i + 1);
        assert_int_equal(qrparts_frame_head(line, strlen(line), &f), strlen(head) + 9);
    }
    assert_int_equal(qrparts_frame_head("xSD2:Q2BATCH:1/4:00000000:", 26, &f), 0);
    assert_int_equal(qrparts_frame_head("SD2:Q2BATCH:1/4:0000000", 23, &f), 0);
    /* An SD1 joiner takes no SD2 part; an SD2 one takes them in any order. */
    struct qrparts_join *j;
    assert_int_equal(qrparts_join_new(&j), SD_OK);
    assert_int_equal(qrparts_join_add(j, parts.parts[0], strlen(parts.parts[0]), "a:1"), SD_EINVAL);
    assert_true(has_problem(j, "SD1:"));
    qrparts_join_free(j);
    assert_int_equal(qrparts_join_new_version(&j, 2, NULL), SD_OK);
    static const int order[] = { 3, 1, 0, 1, 2 };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *line = parts.parts[order[i]];
        assert_int_equal(qrparts_join_add(j, line, strlen(line), NULL), SD_OK);
        if (i == 1) {
            char missing[64];
            qrparts_join_missing(j, missing, sizeof missing);
            assert_string_equal(missing, "1, 3");
            assert_true(qrparts_join_has(j, 4));
            assert_false(qrparts_join_has(j, 1));
        }
    }
    unsigned char *out;
    size_t len;
    assert_int_equal(qrparts_join_finish(j, &out, &len), SD_OK);
    assert_int_equal(len, 2000);
    assert_memory_equal(out, data, 2000);
    assert_int_equal(qrparts_join_conflicts(j), 0);
    free(out);
    qrparts_join_free(j);
    qrparts_free(&parts);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qrcode_basics),
        cmocka_unit_test(test_qrcode_limits),
        cmocka_unit_test(test_qrparts_frame_and_fit),
        cmocka_unit_test(test_qrparts_split_refuses),
        cmocka_unit_test(test_qrparts_join_any_order),
        cmocka_unit_test(test_qrparts_join_whitespace),
        cmocka_unit_test(test_qrparts_join_missing),
        cmocka_unit_test(test_qrparts_join_corrupt),
        cmocka_unit_test(test_qrparts_join_conflict_and_mix),
        cmocka_unit_test(test_qrparts_bad_framing),
        cmocka_unit_test(test_qrparts_sd2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
