/*
** test_qrscan.c - scans as people bring them: a phone notes app's text (a title, bullets, parts
** glued on one line, remarks after a part, CRLF), SD1 and SD2 batches mixed, one batch over
** several inputs, progress of which parts are in, damaged and cut-short parts named, and
** hostile files (many batch ids, over-long lines, more parts than the cap) bounded.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "err.h"
#include "qrscan.h"

static int has_problem(const struct qrscan *s, const char *a, const char *b)
{
    for (int i = 0; i < qrscan_problem_count(s); i++)
        if (strstr(qrscan_problem(s, i), a) && (!b || strstr(qrscan_problem(s, i), b)))
            return 1;
    return 0;
}

/* Take the only whole batch and check it is payload. */
static void take_equal(struct qrscan *s, const unsigned char *payload, size_t len)
{
    unsigned char *data;
    size_t n;
    int i;
    assert_int_equal(qrscan_take(s, &i, &data, &n), SD_OK);
    assert_int_equal(n, len);
    assert_memory_equal(data, payload, len);
    free(data);
}

/* A note as phone apps save it: a title, bullets, blank lines, parts glued together. */
static void test_qrscan_notes_app(void **state)
{
    (void)state;
    size_t len = 2500;
    unsigned char *payload = tu_bytes(len, 3);
    struct qrparts parts;
    assert_int_equal(qrparts_split_version(payload, len, "N0TE5APP", 2, &parts), SD_OK);
    assert_true(parts.count >= 4);
    char *text = malloc(20000);
    int n = snprintf(text, 20000, "\xef\xbb\xbfQR-koodit kahvilasta 15.4.\r\n\r\n• %s\r\n",
                     parts.parts[2]);
    /* Two parts glued with nothing between, and two with ", " between, on one line. */
    n += snprintf(text + n, 20000 - (size_t)n, "- %s%s\r\n", parts.parts[0], parts.parts[3]);
    n += snprintf(text + n, 20000 - (size_t)n, "1. %s, %s (skannattu klo 10.31)\n", parts.parts[1],
                  parts.parts[0]);
    n += snprintf(text + n, 20000 - (size_t)n, "\nMuista viedä läppärille!\n");
    for (int i = 4; i < parts.count; i++)
        n += snprintf(text + n, 20000 - (size_t)n, "  * %s  \n", parts.parts[i]);
    struct qrscan *s;
    assert_int_equal(qrscan_new(&s), SD_OK);
    assert_int_equal(qrscan_add_text(s, text, (size_t)n, "muistio.txt"), SD_OK);
    for (int i = 0; i < qrscan_problem_count(s); i++)
        print_message("problem: %s\n", qrscan_problem(s, i));
    assert_int_equal(qrscan_problem_count(s), 0);
    assert_int_equal(qrscan_ignored(s), 2);            /* the title and the reminder */
    assert_int_equal(qrscan_parts_found(s), parts.count + 1);
    assert_int_equal(qrscan_batch_count(s), 1);
    struct qrscan_batch b;
    qrscan_batch_get(s, 0, &b);
    assert_string_equal(b.batch, "N0TE5APP");
    assert_int_equal(b.version, 2);
    assert_int_equal(b.total, parts.count);
    assert_int_equal(b.received, parts.count);
    assert_int_equal(b.in_last_input, 1);
    assert_string_equal(qrscan_batch_sources(s, 0), "muistio.txt");
    char msg[400];
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 0);
    take_equal(s, payload, len);
    qrscan_batch_get(s, 0, &b);
    assert_int_equal(b.taken, 1);
    unsigned char *again;
    size_t alen;
    int i;
    assert_int_equal(qrscan_take(s, &i, &again, &alen), SD_ENOTFOUND);   /* only once */
    qrscan_free(s);
    free(text);
    qrparts_free(&parts);
    free(payload);
}

/* One batch in three inputs (photos), and an SD1 batch beside it; progress as parts come. */
static void test_qrscan_progress_over_inputs(void **state)
{
    (void)state;
    unsigned char *a = tu_bytes(1800, 5), *b = tu_bytes(700, 6);
    struct qrparts pa, pb;
    assert_int_equal(qrparts_split_version(a, 1800, "PHOTOS01", 2, &pa), SD_OK);
    assert_int_equal(qrparts_split(b, 700, "OLDKIOSK", &pb), SD_OK);
    assert_int_equal(pa.count, 3);
    struct qrscan *s;
    struct qrscan_batch info;
    char msg[400];
    assert_int_equal(qrscan_new(&s), SD_OK);
    assert_int_equal(qrscan_add_code(s, pa.parts[2], strlen(pa.parts[2]), "IMG_0003.jpg"), 1);
    qrscan_batch_get(s, 0, &info);
    assert_int_equal(info.received, 1);
    assert_int_equal(info.total, 3);
    assert_false(qrscan_has_part(s, 0, 1));
    assert_true(qrscan_has_part(s, 0, 3));
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "IMG_0003.jpg"));
    assert_non_null(strstr(msg, "parts 1-2 of 3 are missing"));
    /* Another code in the photo that is not ours: counted, not a problem. */
    assert_int_equal(qrscan_add_code(s, "https://example.invalid/menu", 28, "IMG_0003.jpg"), 0);
    assert_int_equal(qrscan_add_code(s, "BEGIN:VCARD\nFN:Liisa\nEND:VCARD", 30, "IMG_0003.jpg"), 0);
    assert_int_equal(qrscan_ignored(s), 2);
    /* The SD1 batch whole in a text file, between the photos. */
    char sd1[4000];
    snprintf(sd1, sizeof sd1, "%s\n%s\n", pb.parts[1], pb.parts[0]);
    assert_int_equal(qrscan_add_text(s, sd1, strlen(sd1), "vanha.txt"), SD_OK);
    qrscan_batch_get(s, 0, &info);
    assert_int_equal(info.in_last_input, 0);
    take_equal(s, b, 700);
    assert_int_equal(qrscan_add_code(s, pa.parts[0], strlen(pa.parts[0]), "IMG_0001.jpg"), 1);
    assert_int_equal(qrscan_add_code(s, pa.parts[0], strlen(pa.parts[0]), "IMG_0001.jpg"), 1);
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "part 2 of 3 is missing"));
    assert_non_null(strstr(msg, "IMG_0003.jpg, IMG_0001.jpg"));
    unsigned char *data;
    size_t n;
    int i;
    assert_int_equal(qrscan_take(s, &i, &data, &n), SD_ENOTFOUND);
    assert_int_equal(qrscan_add_code(s, pa.parts[1], strlen(pa.parts[1]), "IMG_0002.jpg"), 1);
    qrscan_batch_get(s, 0, &info);
    assert_int_equal(info.received, 3);
    assert_int_equal(info.in_last_input, 1);
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 0);
    take_equal(s, a, 1800);
    assert_int_equal(qrscan_problem_count(s), 0);
    qrscan_free(s);
    qrparts_free(&pa);
    qrparts_free(&pb);
    free(a);
    free(b);
}

/* Damage is named: a changed character, a cut-short line, a part read with two contents. */
static void test_qrscan_damage(void **state)
{
    (void)state;
    unsigned char *a = tu_bytes(1500, 7), *b = tu_bytes(1500, 8);
    struct qrparts pa, pb;
    assert_int_equal(qrparts_split_version(a, 1500, "SAMEBAT1", 2, &pa), SD_OK);
    assert_int_equal(qrparts_split_version(b, 1500, "SAMEBAT1", 2, &pb), SD_OK);
    char *bad = strdup(pa.parts[0]);
    bad[strlen(bad) - 4] = bad[strlen(bad) - 4] == 'A' ? 'B' : 'A';
    char text[8000];
    snprintf(text, sizeof text, "%s\nSD2:SAMEBAT1:2/\n%.40s\n%s\n%s\n", bad, pa.parts[1],
             pa.parts[1], pb.parts[1]);
    struct qrscan *s;
    assert_int_equal(qrscan_new(&s), SD_OK);
    assert_int_equal(qrscan_add_text(s, text, strlen(text), "x.txt"), SD_OK);
    assert_true(has_problem(s, "x.txt:1", "damaged"));
    assert_true(has_problem(s, "x.txt:2", "beginning of a shadowday QR code part"));
    assert_true(has_problem(s, "x.txt:3", NULL));         /* a frame, but its data cut short */
    assert_true(has_problem(s, "x.txt:5", "different content"));
    assert_int_equal(qrscan_ignored(s), 0);
    char msg[400];
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "parts 1, 3 of 3 are missing"));
    /* Part 1 read well later: the batch is whole but its part 2 conflicts, so it is not used. */
    assert_int_equal(qrscan_add_text(s, pa.parts[0], strlen(pa.parts[0]), "y.txt"), SD_OK);
    for (int i = 2; i < pa.count; i++)
        assert_int_equal(qrscan_add_text(s, pa.parts[i], strlen(pa.parts[i]), "y.txt"), SD_OK);
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "not used"));
    unsigned char *data;
    size_t n;
    int i;
    assert_int_equal(qrscan_take(s, &i, &data, &n), SD_ENOTFOUND);
    qrscan_free(s);
    free(bad);
    qrparts_free(&pa);
    qrparts_free(&pb);
    free(a);
    free(b);
}

/* Many batch ids (the 61 MB file that took 6 GB): at most QRSCAN_MAX_BATCHES are kept. */
static void test_qrscan_many_batches(void **state)
{
    (void)state;
    int lines = 3 * QRSCAN_MAX_BATCHES;
    size_t cap = (size_t)lines * 64, off = 0;
    char *text = malloc(cap);
    for (int i = 0; i < lines; i++)
        off += (size_t)snprintf(text + off, cap - off, "SD2:B%07d:1/999:D202EF8D:00\n", i);
    struct qrscan *s;
    assert_int_equal(qrscan_new(&s), SD_OK);
    assert_int_equal(qrscan_add_text(s, text, off, "many.txt"), SD_OK);
    assert_int_equal(qrscan_batch_count(s), QRSCAN_MAX_BATCHES);
    assert_int_equal(qrscan_parts_found(s), lines);
    assert_true(has_problem(s, "many.txt", "more than 1000 exports"));
    assert_true(qrscan_problem_count(s) <= QRPARTS_MAX_PROBLEMS);
    char msg[400];
    assert_int_equal(qrscan_batch_problem(s, 0, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "parts 2-999 of 999 are missing"));
    qrscan_free(s);
    free(text);
}

/* More parts than the cap, and a line longer than any glued scan: bounded, said once. */
static void test_qrscan_parts_and_line_caps(void **state)
{
    (void)state;
    unsigned char *p = tu_bytes(900 * 600, 9);
    struct qrparts parts;
    assert_int_equal(qrparts_split_version(p, 900 * 600, "BIG", 2, &parts), SD_OK);
    assert_true(parts.count > 800);
    struct qrscan *s;
    assert_int_equal(qrscan_new(&s), SD_OK);
    /* The same 800-odd parts under 30 batch ids: past QRSCAN_MAX_PARTS. */
    char *line = malloc(8000);
    int kept_before_cap = 0;
    for (int b = 0; b < 30; b++)
        for (int i = 0; i < parts.count; i++) {
            int n = snprintf(line, 8000, "SD2:BIG%02d%s", b, strchr(parts.parts[i] + 4, ':'));
            assert_int_equal(qrscan_add_text(s, line, (size_t)n, "big.txt"), SD_OK);
            kept_before_cap += b * parts.count + i < QRSCAN_MAX_PARTS;
        }
    assert_int_equal(kept_before_cap, QRSCAN_MAX_PARTS);
    assert_true(has_problem(s, "big.txt", "more than 20000 codes"));
    int received = 0;
    for (int b = 0; b < qrscan_batch_count(s); b++) {
        struct qrscan_batch info;
        qrscan_batch_get(s, b, &info);
        received += info.received;
    }
    assert_int_equal(received, QRSCAN_MAX_PARTS);
    qrscan_free(s);
    /* A line of 2 MiB: refused unread, named. */
    size_t big = 2u << 20;
    char *huge = malloc(big + 1);
    memset(huge, 'A', big);
    memcpy(huge, parts.parts[0], strlen(parts.parts[0]));
    assert_int_equal(qrscan_new(&s), SD_OK);
    assert_int_equal(qrscan_add_text(s, huge, big, "long.txt"), SD_OK);
    assert_true(has_problem(s, "long.txt:1", "characters long"));
    assert_int_equal(qrscan_parts_found(s), 0);
    qrscan_free(s);
    free(huge);
    free(line);
    qrparts_free(&parts);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qrscan_notes_app),
        cmocka_unit_test(test_qrscan_progress_over_inputs),
        cmocka_unit_test(test_qrscan_damage),
        cmocka_unit_test(test_qrscan_many_batches),
        cmocka_unit_test(test_qrscan_parts_and_line_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
