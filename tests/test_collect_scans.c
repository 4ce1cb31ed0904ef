/*
** test_collect_scans.c - `collect` of QR codes as coordinators bring them: the SD1 codes kiosks
** showed before form 2 (kept files, plain and encrypted), a phone notes app's file (a title,
** bullets, parts glued on one line), photos of the codes over several inputs and several codes
** in one photo, codes one at a time as a camera reads them (progress by part), the same records
** from a USB export found equal, and hostile inputs bounded.
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
#include "export_fixture.h"
#include "qrimage.h"

#include "collect.h"
#include "crypt.h"
#include "export.h"
#include "keyfile.h"
#include "qrparts.h"

static void dump_problems(const struct collect *c)
{
    for (int i = 0; i < collect_problem_count(c); i++)
        print_message("problem: %s\n", collect_problem(c, i));
}

static int has_problem(const struct collect *c, const char *a, const char *b)
{
    for (int i = 0; i < collect_problem_count(c); i++)
        if (strstr(collect_problem(c, i), a) && (!b || strstr(collect_problem(c, i), b)))
            return 1;
    return 0;
}

/* Every record of want is in c exactly once, equal field for field, and nothing else is. */
static void assert_collected(const struct collect *c, const struct record *want, int count)
{
    assert_int_equal(collect_record_count(c), count);
    for (int i = 0; i < count; i++) {
        int found = 0;
        for (int k = 0; k < collect_record_count(c); k++)
            if (strcmp(collect_records(c)[k].uuid, want[i].uuid) == 0) {
                assert_true(export_record_equal(&collect_records(c)[k], &want[i]));
                found++;
            }
        assert_int_equal(found, 1);
    }
}

/* The records of a kept USB export's records.json (plain, or decrypted with kp). */
static void read_kept_export(const char *name, const struct crypt_keypair *kp, struct export_data *d)
{
    size_t len;
    char *data = tu_read_file(tu_source_path(name), &len);
    char err[300];
    assert_non_null(data);
    if (kp) {
        unsigned char *plain;
        size_t plen;
        assert_int_equal(crypt_decrypt((unsigned char *)data, len, kp, &plain, &plen), SD_OK);
        free(data);
        data = (char *)plain;
        len = plen;
    }
    assert_int_equal(export_data_from_json(d, data, len, err, sizeof err), SD_OK);
    free(data);
}

/* SD1 codes scanned from kiosks before form 2 (tests/data/sd1): still collected whole. */
static void test_collect_sd1_codes(void **state)
{
    (void)state;
    struct crypt_keypair kp;
    struct export_data want;
    struct collect *c;
    assert_int_equal(keyfile_read(tu_source_path("tests/data/sd1/coordinator.key"), NULL, &kp), SD_OK);
    /* Plain. */
    read_kept_export("tests/data/sd1/records-plain.json", NULL, &want);
    assert_int_equal(want.record_count, 57);
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_equal(collect_add_path(c, tu_source_path("tests/data/sd1/scans-plain.txt")), SD_OK);
    dump_problems(c);
    assert_int_equal(collect_problem_count(c), 0);
    assert_collected(c, want.records, want.record_count);
    assert_int_equal(collect_receipt_count(c), 1);
    assert_string_equal(collect_receipt_get(c, 0)->code, "18522899");
    assert_string_equal(collect_receipt_get(c, 0)->batch, "PI81BIJ4");
    assert_string_equal(collect_receipt_get(c, 0)->kiosk_id, "K-503d142e");
    collect_free(c);
    export_data_free(&want);
    /* Encrypted: needs the key. */
    read_kept_export("tests/data/sd1/records-encrypted.sdenc", &kp, &want);
    assert_int_equal(want.record_count, 44);
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_not_equal(collect_add_path(c, tu_source_path("tests/data/sd1/scans-encrypted.txt")), SD_OK);
    assert_true(has_problem(c, "scans-encrypted.txt", "-k"));
    collect_free(c);
    assert_int_equal(collect_new(&c, &kp), SD_OK);
    assert_int_equal(collect_add_path(c, tu_source_path("tests/data/sd1/scans-encrypted.txt")), SD_OK);
    dump_problems(c);
    assert_collected(c, want.records, want.record_count);
    assert_string_equal(collect_receipt_get(c, 0)->code, "29931669");
    collect_free(c);
    export_data_free(&want);
    crypt_keypair_wipe(&kp);
}

/* A kiosk's day shown as QR codes; its records in *all. */
static void qr_day(struct fixture *f, int shadows, struct qrparts *parts, struct export_result *res,
                   struct fx_records *all)
{
    fx_open(f, "Kahvila Aurinko", shadows, NULL);
    fx_day(f, shadows, "Kiva päivä: \"kiitos\"!");
    assert_int_equal(export_to_qr(f->s, parts, res), SD_OK);
    fx_records(f->s, 0, all);
}

/* A notes app's file: a title, a date line, bullets, two parts glued, CRLF. */
static void test_collect_notes_file(void **state)
{
    (void)state;
    struct fixture f;
    struct qrparts parts;
    struct export_result res;
    struct fx_records all;
    qr_day(&f, 24, &parts, &res, &all);
    assert_true(parts.count >= 2);
    size_t cap = (size_t)parts.count * 1200 + 200, off = 0;
    char *text = malloc(cap);
    off += (size_t)snprintf(text + off, cap - off, "Kahvilan koodit\r\nto 15.4. klo 16.05\r\n\r\n");
    off += (size_t)snprintf(text + off, cap - off, "• %s%s\r\n", parts.parts[parts.count - 1],
                            parts.parts[0]);
    for (int i = 1; i < parts.count - 1; i++)
        off += (size_t)snprintf(text + off, cap - off, "- %s\r\n", parts.parts[i]);
    const char *dir = tu_tmpdir();
    char path[PATH_MAX + 32];
    tu_write_file(dir, "Muistiinpano.txt", text, (long)off);
    snprintf(path, sizeof path, "%s/Muistiinpano.txt", dir);
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_equal(collect_add_path(c, path), SD_OK);
    dump_problems(c);
    assert_int_equal(collect_problem_count(c), 0);
    assert_collected(c, all.items, all.count);
    assert_int_equal(collect_receipt_count(c), 1);
    assert_string_equal(collect_receipt_get(c, 0)->code, res.receipt_code);
    assert_int_equal(collect_note_count(c), 1);
    assert_non_null(strstr(collect_note(c, 0), "Muistiinpano.txt: 2 lines"));
    collect_free(c);
    free(text);
    free(all.items);
    qrparts_free(&parts);
    fx_close(&f);
}

/* Each code in a photo of its own, given one by one, then all in one photo beside the USB
** export of the same records. */
static void test_collect_photos(void **state)
{
    (void)state;
    struct fixture f;
    struct qrparts parts;
    struct export_result res, usb;
    struct fx_records all;
    qr_day(&f, 10, &parts, &res, &all);
    assert_int_equal(parts.count, 2);
    const char *dir = tu_tmpdir();
    char path[8][PATH_MAX + 32];
    for (int i = 0; i < parts.count; i++) {
        struct qi_canvas cv;
        size_t len;
        char name[32];
        qi_codes(&cv, (const char *const *)&parts.parts[i], 1, 1, 6);
        unsigned char *jpg = qi_jpeg(&cv, 70, &len);
        snprintf(name, sizeof name, "IMG_%04d.JPG", 41 + i);
        tu_write_file(dir, name, (const char *)jpg, (long)len);
        snprintf(path[i], sizeof path[i], "%s/%s", dir, name);
        free(jpg);
        qi_canvas_free(&cv);
    }
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    /* The second photo first: its batch is not whole yet, and the list says what is missing. */
    assert_int_equal(collect_add_path(c, path[1]), SD_ENOTFOUND);
    assert_true(has_problem(c, "IMG_0042.JPG", "part 1 of 2 is missing"));
    assert_int_equal(collect_record_count(c), 0);
    assert_int_equal(collect_add_path(c, path[0]), SD_OK);
    dump_problems(c);
    assert_int_equal(collect_problem_count(c), 0);
    assert_collected(c, all.items, all.count);
    assert_string_equal(collect_receipt_get(c, 0)->code, res.receipt_code);
    collect_free(c);

    /* Both codes in one PNG, and the USB export: every QR record equals its USB copy. */
    struct qi_canvas cv;
    size_t len;
    qi_codes(&cv, (const char *const *)parts.parts, parts.count, 2, 4);
    unsigned char *png = qi_png(&cv, &len);
    tu_write_file(dir, "Screenshot.png", (const char *)png, (long)len);
    free(png);
    qi_canvas_free(&cv);
    const char *mount = tu_tmpdir();
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &usb), SD_OK);
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    snprintf(path[2], sizeof path[2], "%s/Screenshot.png", dir);
    assert_int_equal(collect_add_path(c, path[2]), SD_OK);
    assert_int_equal(collect_add_path(c, usb.folder), SD_OK);
    dump_problems(c);
    assert_int_equal(collect_problem_count(c), 0);
    assert_collected(c, all.items, all.count);
    assert_int_equal(collect_duplicate_count(c), all.count);
    assert_int_equal(collect_receipt_count(c), 2);
    collect_free(c);
    free(all.items);
    qrparts_free(&parts);
    fx_close(&f);
}

/* Codes one at a time, as a camera reads them: progress by part, the batch read at its last. */
static void test_collect_codes_live(void **state)
{
    (void)state;
    struct fixture f;
    struct qrparts parts;
    struct export_result res;
    struct fx_records all;
    qr_day(&f, 24, &parts, &res, &all);
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_null(collect_scans(c));
    assert_int_equal(collect_add_code(c, "https://example.invalid", 23, "camera"), SD_EINVAL);
    for (int i = parts.count - 1; i >= 0; i--) {
        assert_int_equal(collect_add_code(c, parts.parts[i], strlen(parts.parts[i]), "camera"), SD_OK);
        const struct qrscan *s = collect_scans(c);
        struct qrscan_batch b;
        assert_int_equal(qrscan_batch_count(s), 1);
        qrscan_batch_get(s, 0, &b);
        assert_int_equal(b.total, parts.count);
        assert_int_equal(b.received, parts.count - i);
        for (int k = 1; k <= parts.count; k++)
            assert_int_equal(qrscan_has_part(s, 0, k), k > i);
        assert_int_equal(b.taken, i == 0);
        assert_int_equal(collect_record_count(c), i == 0 ? all.count : 0);
        assert_int_equal(collect_problem_count(c), i == 0 ? 0 : 1);     /* "part ... is missing" */
    }
    /* The same code again: nothing changes. */
    assert_int_equal(collect_add_code(c, parts.parts[0], strlen(parts.parts[0]), "camera"), SD_OK);
    assert_collected(c, all.items, all.count);
    assert_int_equal(collect_receipt_count(c), 1);
    assert_string_equal(collect_receipt_get(c, 0)->code, res.receipt_code);
    collect_free(c);
    free(all.items);
    qrparts_free(&parts);
    fx_close(&f);
}

/* Photos that cannot help are named, each with what to do. */
static void test_collect_bad_photos(void **state)
{
    (void)state;
    const char *dir = tu_tmpdir();
    char path[PATH_MAX + 32];
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    static const unsigned char heic[16] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c' };
    tu_write_file(dir, "IMG_1.HEIC", (const char *)heic, sizeof heic);
    snprintf(path, sizeof path, "%s/IMG_1.HEIC", dir);
    assert_int_not_equal(collect_add_path(c, path), SD_OK);
    assert_true(has_problem(c, "IMG_1.HEIC", "HEIC"));
    /* A photo of something else: no code. */
    struct qi_canvas cv;
    size_t len;
    qi_canvas_new(&cv, 320, 240);
    unsigned char *jpg = qi_jpeg(&cv, 80, &len);
    tu_write_file(dir, "wall.jpg", (const char *)jpg, (long)len);
    snprintf(path, sizeof path, "%s/wall.jpg", dir);
    assert_int_not_equal(collect_add_path(c, path), SD_OK);
    assert_true(has_problem(c, "wall.jpg", "no QR code was found"));
    free(jpg);
    qi_canvas_free(&cv);
    /* A photo of another QR code (a web address). */
    qi_canvas_new(&cv, 400, 400);
    qi_draw_code(&cv, "https://example.invalid/menu", 10, 20, 20, 8);
    jpg = qi_jpeg(&cv, 80, &len);
    tu_write_file(dir, "menu.jpg", (const char *)jpg, (long)len);
    snprintf(path, sizeof path, "%s/menu.jpg", dir);
    assert_int_not_equal(collect_add_path(c, path), SD_OK);
    assert_true(has_problem(c, "menu.jpg", "not a kiosk's export codes"));
    assert_int_equal(collect_note_count(c), 1);
    free(jpg);
    qi_canvas_free(&cv);
    collect_free(c);
}

/* A scans file of a hundred thousand batch ids, each claiming 999 parts: bounded. */
static void test_collect_hostile_scans(void **state)
{
    (void)state;
    int lines = 100000;
    size_t cap = (size_t)lines * 40, off = 0;
    char *text = malloc(cap);
    for (int i = 0; i < lines; i++)
        off += (size_t)snprintf(text + off, cap - off, "SD2:X%07d:%d/999:D202EF8D:00\n", i, 1 + i % 999);
    const char *dir = tu_tmpdir();
    char path[PATH_MAX + 32];
    tu_write_file(dir, "many.txt", text, (long)off);
    snprintf(path, sizeof path, "%s/many.txt", dir);
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_not_equal(collect_add_path(c, path), SD_OK);
    assert_true(has_problem(c, "many.txt", "more than 1000 exports"));
    /* One line per batch kept (each missing parts), and the cap's: not a hundred thousand. */
    assert_true(collect_problem_count(c) <= 1000 + 2);
    assert_int_equal(collect_record_count(c), 0);
    collect_free(c);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collect_sd1_codes),
        cmocka_unit_test(test_collect_notes_file),
        cmocka_unit_test(test_collect_photos),
        cmocka_unit_test(test_collect_codes_live),
        cmocka_unit_test(test_collect_bad_photos),
        cmocka_unit_test(test_collect_hostile_scans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
