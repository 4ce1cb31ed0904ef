/*
** test_collect.c - merging exports of several kiosks: any order, any mix of folders, encrypted
** files and scanned QR codes; duplicates dropped by UUID, conflicting copies reported; missing,
** damaged and foreign QR parts named; hostile inputs refused; the merged CSV files and a
** self-contained HTML report.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "export_fixture.h"

#include "collect.h"
#include "export.h"
#include "fsutil.h"
#include "qrparts.h"

static int has_problem(const struct collect *c, const char *a, const char *b)
{
    for (int i = 0; i < collect_problem_count(c); i++) {
        const char *p = collect_problem(c, i);
        if (strstr(p, a) && (!b || strstr(p, b)))
            return 1;
    }
    return 0;
}

static void dump_problems(const struct collect *c)
{
    for (int i = 0; i < collect_problem_count(c); i++)
        print_message("problem: %s\n", collect_problem(c, i));
}

/* Write parts (in the order given by step through them) to dir/name; return the path. */
static const char *write_scans(const char *dir, const char *name, const struct qrparts *p,
                               int skip_index, int step)
{
    static char path[PATH_MAX + 64];
    size_t cap = (size_t)p->count * 1000 + 100, off = 0;
    char *buf = malloc(cap);
    for (int k = 0; k < p->count; k++) {
        int i = (k * step) % p->count;
        if (i == skip_index)
            continue;
        off += (size_t)snprintf(buf + off, cap - off, "%s\n", p->parts[i]);
    }
    tu_write_file(dir, name, buf, (long)off);
    free(buf);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static int uuid_count(const struct collect *c, const char *uuid)
{
    int n = 0;
    for (int i = 0; i < collect_record_count(c); i++)
        n += strcmp(collect_records(c)[i].uuid, uuid) == 0;
    return n;
}

static void test_collect_two_kiosks_any_order(void **state)
{
    (void)state;
    struct fixture a, b;
    fx_open(&a, "Kahvila Aurinko", 5, NULL);
    fx_day(&a, 5, "=HYPERLINK(\"ex.invalid\",\"x\") <script>alert(1)</script>");
    fx_open(&b, "Kirjasto & Co", 3, NULL);
    fx_day(&b, 3, NULL);
    const char *mount = tu_tmpdir();
    struct export_result ra, rb, rq;
    assert_int_equal(export_to_usb(a.s, mount, NULL, NULL, &ra), SD_OK);
    assert_int_equal(export_to_usb(b.s, mount, NULL, NULL, &rb), SD_OK);
    struct qrparts parts;
    assert_int_equal(export_to_qr(a.s, &parts, &rq), SD_OK);
    const char *scans = write_scans(tu_tmpdir(), "scans.txt", &parts, -1, 1);
    char scans_path[PATH_MAX + 64];
    snprintf(scans_path, sizeof scans_path, "%s", scans);
    qrparts_free(&parts);

    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_equal(collect_add_path(c, scans_path), SD_OK);
    assert_int_equal(collect_add_path(c, rb.folder), SD_OK);
    assert_int_equal(collect_add_path(c, ra.folder), SD_OK);
    dump_problems(c);
    assert_int_equal(collect_problem_count(c), 0);
    int64_t na = fx_count(a.s, 0), nb = fx_count(b.s, 0);
    assert_int_equal(collect_record_count(c), na + nb);
    assert_int_equal(collect_duplicate_count(c), na);
    struct fx_records all;
    fx_records(a.s, 0, &all);
    for (int i = 0; i < all.count; i++)
        assert_int_equal(uuid_count(c, all.items[i].uuid), 1);
    free(all.items);
    assert_int_equal(collect_receipt_count(c), 3);
    assert_string_equal(collect_receipt_get(c, 0)->code, rq.receipt_code);
    assert_string_equal(collect_receipt_get(c, 1)->code, rb.receipt_code);
    assert_string_equal(collect_receipt_get(c, 2)->code, ra.receipt_code);
    assert_string_equal(collect_receipt_get(c, 2)->kiosk_id, store_kiosk_id(a.s));

    const char *out = tu_tmpdir();
    char outdir[PATH_MAX + 16], path[PATH_MAX + 64];
    snprintf(outdir, sizeof outdir, "%s/report", out);
    assert_int_equal(collect_write(c, outdir, FX_T0 + 86400, 180), SD_OK);
    /* Run twice: the files are replaced, not refused. */
    assert_int_equal(collect_write(c, outdir, FX_T0 + 86400, 180), SD_OK);
    static const char *const names[] = {
        "visits.csv", "safety.csv", "answers.csv", "host_evaluations.csv", "records.csv", "report.html",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", outdir, names[i]);
        assert_int_equal(access(path, R_OK), 0);
    }
    snprintf(path, sizeof path, "%s/visits.csv", outdir);
    char *csv = tu_read_file(path, NULL);
    assert_memory_equal(csv, "\xEF\xBB\xBF" "kiosk_id,workplace,day,visit", 31);
    assert_non_null(strstr(csv, "Kahvila Aurinko," FX_DAY));
    assert_non_null(strstr(csv, "Kirjasto & Co," FX_DAY));
    /* 8 visits and the header line. */
    int lines = 0;
    for (char *p = csv; (p = strstr(p, "\r\n")); p += 2)
        lines++;
    assert_int_equal(lines, 9);
    free(csv);
    snprintf(path, sizeof path, "%s/answers.csv", outdir);
    csv = tu_read_file(path, NULL);
    assert_non_null(strstr(csv, "\"'=HYPERLINK(\"\"ex.invalid"));
    free(csv);
    snprintf(path, sizeof path, "%s/records.csv", outdir);
    csv = tu_read_file(path, NULL);
    lines = 0;
    for (char *p = csv; (p = strstr(p, "\r\n")); p += 2)
        lines++;
    assert_int_equal(lines, na + nb + 1);
    free(csv);

    /* The report: self-contained, nothing to run, nothing to fetch. */
    snprintf(path, sizeof path, "%s/report.html", outdir);
    char *html = tu_read_file(path, NULL);
    static const char *const forbidden[] = {
        "<script", "<link", "<iframe", "<img", "<object", " src=", "href=", "url(", "@import",
        "http://", "https://", "javascript:",
    };
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
        if (strstr(html, forbidden[i]))
            fail_msg("report.html contains %s", forbidden[i]);
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "<style>"));
    assert_non_null(strstr(html, "Kahvila Aurinko"));
    assert_non_null(strstr(html, "Kirjasto &amp; Co"));
    assert_non_null(strstr(html, "Matti"));
    assert_non_null(strstr(html, "Åsa"));
    assert_non_null(strstr(html, "Oliko päivä kiva?"));
    assert_non_null(strstr(html, "Oliko seuraaja kiinnostunut?"));
    assert_non_null(strstr(html, "I want to try this work again"));
    assert_non_null(strstr(html, "I want to study this field"));
    assert_non_null(strstr(html, "Käsienpesu"));       /* a card not acknowledged */
    assert_non_null(strstr(html, "suspect clock"));
    assert_non_null(strstr(html, "partial"));
    assert_non_null(strstr(html, "Very much"));
    free(html);
    collect_free(c);
    fx_close(&a);
    fx_close(&b);
}

static void test_collect_conflicting_copies(void **state)
{
    (void)state;
    struct fixture a;
    fx_open(&a, "Kahvila", 2, NULL);
    fx_day(&a, 2, "alkuperäinen");
    const char *mount = tu_tmpdir();
    struct export_result r;
    assert_int_equal(export_to_usb(a.s, mount, NULL, NULL, &r), SD_OK);
    /* A copy whose records.json was edited and whose manifest was made to match it. */
    const char *copy = tu_tmpdir();
    tu_copy_dir(r.folder, copy);
    char path[PATH_MAX + 64];
    size_t len;
    snprintf(path, sizeof path, "%s/records.json", copy);
    char *json = tu_read_file(path, &len);
    char *at = strstr(json, "alkuperäinen");
    assert_non_null(at);
    memcpy(at, "muutettu!!!!", 12);
    memmove(at + 12, at + 13, len - (size_t)(at + 13 - json) + 1);    /* "ä" is two bytes */
    tu_write_file(copy, "records.json", json, (long)strlen(json));
    free(json);
    char cmd[2 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum records.json visits.csv safety.csv answers.csv "
             "host_evaluations.csv records.csv > manifest.sha256", copy);
    assert_int_equal(tu_run(cmd, NULL), 0);
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_equal(collect_add_path(c, r.folder), SD_OK);
    assert_true(collect_add_path(c, copy) != SD_OK);
    assert_true(has_problem(c, "different content", NULL));
    assert_int_equal(collect_record_count(c), fx_count(a.s, 0));
    /* The first one read is kept. */
    int kept = 0;
    for (int i = 0; i < collect_record_count(c); i++)
        kept += strcmp(collect_records(c)[i].value, "alkuperäinen") == 0;
    assert_int_equal(kept, 1);
    collect_free(c);
    fx_close(&a);
}

/* n comments no compressor shortens much, on the first visit: the compact form puts a whole
** plain day in two codes, and these tests need an export of several. */
static void add_long_comments(struct fixture *f, int n)
{
    struct fx_records all;
    unsigned seed = 12345;
    fx_records(f->s, 0, &all);
    assert_true(all.count > 0);
    for (int i = 0; i < n; i++) {
        char text[128];
        int off = snprintf(text, sizeof text, "Palaute %d:", i);
        for (int k = 0; k < 10; k++) {
            seed = seed * 1103515245u + 12345u;
            off += snprintf(text + off, sizeof text - (size_t)off, " %08x", seed);
        }
        fx_add(f, RECORD_ANSWER, all.items[0].visit, NULL, NULL, "comment", text, "fi");
    }
    free(all.items);
}

static void test_collect_qr_problems(void **state)
{
    (void)state;
    struct fixture a;
    fx_open(&a, "Kahvila", 8, NULL);
    fx_day(&a, 8, NULL);
    add_long_comments(&a, 60);
    struct qrparts p1, p2;
    struct export_result r1, r2;
    assert_int_equal(export_to_qr(a.s, &p1, &r1), SD_OK);
    assert_true(p1.count >= 4);
    a.clk.now += 100;
    assert_int_equal(export_to_qr(a.s, &p2, &r2), SD_OK);
    const char *dir = tu_tmpdir();
    char path[PATH_MAX + 64];
    struct collect *c;

    /* Part 3 missing: named by number, nothing of that batch used. */
    snprintf(path, sizeof path, "%s", write_scans(dir, "missing.txt", &p1, 2, 1));
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_true(collect_add_path(c, path) != SD_OK);
    char want[64];
    snprintf(want, sizeof want, "part 3 of %d is missing", p1.count);
    if (!has_problem(c, want, "missing.txt")) {
        dump_problems(c);
        fail_msg("no problem says %s", want);
    }
    assert_int_equal(collect_record_count(c), 0);
    assert_int_equal(collect_receipt_count(c), 0);
    collect_free(c);

    /* A damaged part (one character changed), and the same part scanned again well. */
    char *bad = strdup(p1.parts[1]);
    size_t bl = strlen(bad);
    bad[bl - 4] = bad[bl - 4] == '0' ? '1' : '0';
    size_t cap = (size_t)(p1.count + p2.count + 4) * 1000, off = 0;
    char *buf = malloc(cap);
    off += (size_t)snprintf(buf + off, cap - off, "%s\n", bad);
    for (int i = 0; i < p1.count; i++)
        if (i != 1)
            off += (size_t)snprintf(buf + off, cap - off, "%s\n", p1.parts[i]);
    tu_write_file(dir, "damaged.txt", buf, (long)off);
    snprintf(path, sizeof path, "%s/damaged.txt", dir);
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_true(collect_add_path(c, path) != SD_OK);
    snprintf(want, sizeof want, "part 2 of %d", p1.count);
    assert_true(has_problem(c, want, "damaged"));
    assert_true(has_problem(c, "damaged.txt:1", NULL));
    assert_true(has_problem(c, "is missing", NULL));
    assert_int_equal(collect_record_count(c), 0);
    /* Scanned again: the batch is whole now (the damaged line stays reported). */
    tu_write_file(dir, "again.txt", p1.parts[1], -1);
    snprintf(path, sizeof path, "%s/again.txt", dir);
    collect_free(c);
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    off += (size_t)snprintf(buf + off, cap - off, "%s\n", p1.parts[1]);
    tu_write_file(dir, "damaged2.txt", buf, (long)off);
    snprintf(path, sizeof path, "%s/damaged2.txt", dir);
    assert_true(collect_add_path(c, path) != SD_OK);     /* still a problem to list */
    assert_int_equal(collect_record_count(c), fx_count(a.s, 0));
    assert_int_equal(collect_receipt_count(c), 1);
    collect_free(c);
    free(bad);

    /* Two batches mixed in one file, shuffled, each with a part read twice: both join. */
    off = 0;
    for (int i = 0; i < p1.count || i < p2.count; i++) {
        if (i < p2.count)
            off += (size_t)snprintf(buf + off, cap - off, "%s\n", p2.parts[p2.count - 1 - i]);
        if (i < p1.count)
            off += (size_t)snprintf(buf + off, cap - off, "%s\n\n", p1.parts[i]);
    }
    off += (size_t)snprintf(buf + off, cap - off, "%s\n%s\n", p1.parts[0], p2.parts[0]);
    tu_write_file(dir, "mixed.txt", buf, (long)off);
    snprintf(path, sizeof path, "%s/mixed.txt", dir);
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_equal(collect_add_path(c, path), SD_OK);
    assert_int_equal(collect_receipt_count(c), 2);
    assert_int_equal(collect_record_count(c), fx_count(a.s, 0));
    collect_free(c);
    free(buf);

    qrparts_free(&p1);
    qrparts_free(&p2);
    fx_close(&a);
}

static void test_collect_hostile_inputs(void **state)
{
    (void)state;
    const char *dir = tu_tmpdir();
    char path[PATH_MAX + 64];
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    /* No such input. */
    snprintf(path, sizeof path, "%s/none", dir);
    assert_int_equal(collect_add_path(c, path), SD_ENOTFOUND);
    assert_true(has_problem(c, "none", "no such"));
    /* Binary junk. */
    unsigned char junk[3000];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 7919 + 13);
    tu_write_file(dir, "junk.bin", (const char *)junk, sizeof junk);
    snprintf(path, sizeof path, "%s/junk.bin", dir);
    assert_true(collect_add_path(c, path) != SD_OK);
    /* A bare records.json, an empty folder, an empty file. */
    tu_write_file(dir, "records.json", "{\"format\":\"shadowday-export\"}", -1);
    snprintf(path, sizeof path, "%s/records.json", dir);
    assert_true(collect_add_path(c, path) != SD_OK);
    assert_true(has_problem(c, "records.json", "whole export folder"));
    const char *empty = tu_tmpdir();
    assert_true(collect_add_path(c, empty) != SD_OK);
    assert_true(has_problem(c, empty, "manifest.sha256"));
    tu_write_file(dir, "empty.txt", "", 0);
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    assert_true(collect_add_path(c, path) != SD_OK);
    /* A folder whose manifest points outside it or is garbage. */
    const char *evil = tu_tmpdir();
    tu_write_file(evil, "manifest.sha256",
                  "0000000000000000000000000000000000000000000000000000000000000000  ../../etc/passwd\n", -1);
    assert_int_equal(collect_add_path(c, evil), SD_ECORRUPT);
    assert_true(has_problem(c, evil, "line 1 of manifest.sha256"));
    /* An encrypted-looking file without a key. */
    tu_write_file(dir, "x.sdenc", "SDENC1\nrest of it", -1);
    snprintf(path, sizeof path, "%s/x.sdenc", dir);
    assert_true(collect_add_path(c, path) != SD_OK);
    assert_true(has_problem(c, "x.sdenc", "-k"));
    /* QR parts that join but hold no export (random bytes). */
    struct qrparts p;
    assert_int_equal(qrparts_split(junk, 1500, "JUNK", &p), SD_OK);
    const char *scans = write_scans(dir, "junkqr.txt", &p, -1, 1);
    snprintf(path, sizeof path, "%s", scans);
    qrparts_free(&p);
    assert_true(collect_add_path(c, path) != SD_OK);
    assert_true(has_problem(c, "junkqr.txt", "cannot be read"));
    /* A deflated bomb in the QR form is bounded (64 MiB of zeros inflate past no limit here,
    ** but the decoder refuses what is not an export). */
    assert_int_equal(collect_record_count(c), 0);
    assert_int_equal(collect_receipt_count(c), 0);
    /* The report still gets written, listing the problems. */
    char outdir[PATH_MAX + 16];
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    assert_int_equal(collect_write(c, outdir, FX_T0, 180), SD_OK);
    snprintf(path, sizeof path, "%s/report.html", outdir);
    char *html = tu_read_file(path, NULL);
    assert_non_null(strstr(html, "junk.bin"));
    assert_non_null(strstr(html, "There are no visits"));
    free(html);
    collect_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collect_two_kiosks_any_order),
        cmocka_unit_test(test_collect_conflicting_copies),
        cmocka_unit_test(test_collect_qr_problems),
        cmocka_unit_test(test_collect_hostile_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
