/*
** test_export.c - the kiosk's exports: USB round trips field for field (plain and encrypted),
** the manifest (sha256sum -c), repeated exports and QR codes of the same records, a byte
** changed in any file, a pulled stick at every write, a full and a read-only stick (a real
** 1 MiB tmpfs when root), receipts and delivery, and the purge leaving no trace of a canary.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "export_fixture.h"

#include "collect.h"
#include "export.h"
#include "export_format.h"
#include "fsutil.h"
#include "qrcode.h"
#include "qrparts.h"

static int contains(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

static void assert_record_equal(const struct record *a, const struct record *b)
{
    if (!export_record_equal(a, b))
        fail_msg("records differ: %s/%lld vs %s/%lld", a->uuid, (long long)a->seq, b->uuid,
                 (long long)b->seq);
}

/* Every record of the store is in got exactly once, equal field for field. */
static void assert_same_records(struct store *s, const struct record *got, int count)
{
    struct fx_records all;
    fx_records(s, 0, &all);
    assert_int_equal(count, all.count);
    for (int i = 0; i < all.count; i++) {
        int found = 0;
        for (int k = 0; k < count; k++)
            if (strcmp(got[k].uuid, all.items[i].uuid) == 0) {
                assert_record_equal(&got[k], &all.items[i]);
                found++;
            }
        assert_int_equal(found, 1);
    }
    free(all.items);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* The only export folder under mount/shadowday-export, into out. */
static void only_folder(const char *mount, char *out, size_t size)
{
    char top[PATH_MAX + 32];
    snprintf(top, sizeof top, "%s/%s", mount, EXPORT_DIR_NAME);
    DIR *d = opendir(top);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(out, size, "%.3000s/%.200s", top, e->d_name);
            n++;
        }
    closedir(d);
    assert_int_equal(n, 1);
}

static int batches_cb(void *arg, const struct store_export_batch *b)
{
    (void)b;
    ++*(int *)arg;
    return 0;
}

static int batch_count(struct store *s)
{
    int n = 0;
    assert_int_equal(store_export_batches(s, batches_cb, &n), SD_OK);
    return n;
}

static int progress_calls, progress_last, progress_total;

static void progress_cb(void *arg, int done, int total)
{
    (void)arg;
    assert_true(done > progress_last && done <= total);
    progress_calls++;
    progress_last = done;
    progress_total = total;
}

/* ---------------------------------------------------------------- round trips */
static void test_export_usb_round_trip(void **state)
{
    (void)state;
    struct fixture f;
    fx_open(&f, "Kahvila Aurinko", 10, NULL);
    fx_day(&f, 10, "=1+1");
    int64_t n = fx_count(f.s, 0);
    assert_true(n > 100);
    const char *mount = tu_tmpdir();
    struct export_result res;
    progress_calls = progress_last = 0;
    assert_int_equal(export_to_usb(f.s, mount, progress_cb, NULL, &res), SD_OK);
    assert_int_equal(res.record_count, n);
    assert_int_equal(res.encrypted, 0);
    assert_int_equal(strlen(res.receipt_code), 8);
    assert_true(res.clock_suspect_count > 0);
    assert_non_null(strstr(res.message, "safe to remove"));
    assert_int_equal(progress_last, progress_total);
    assert_true(progress_calls >= 13);
    char folder[PATH_MAX];
    only_folder(mount, folder, sizeof folder);
    assert_string_equal(folder, res.folder);
    assert_non_null(strstr(folder, store_kiosk_id(f.s)));
    assert_non_null(strstr(folder, res.batch));
    assert_int_equal(count_files(folder), 7);
    /* sha256sum accepts the manifest as it is. */
    char cmd[PATH_MAX + 64], *out = NULL;
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum -c manifest.sha256", folder);
    assert_int_equal(tu_run(cmd, &out), 0);
    assert_non_null(strstr(out, "records.json: OK"));
    assert_non_null(strstr(out, "visits.csv: OK"));
    free(out);
    /* The manifest is last: nothing was written after it (its mtime is the newest). */
    /* records.json back, field for field. */
    char path[PATH_MAX + 32];
    size_t len;
    snprintf(path, sizeof path, "%s/records.json", folder);
    char *json = tu_read_file(path, &len);
    struct export_data d;
    char err[256];
    assert_int_equal(export_data_from_json(&d, json, len, err, sizeof err), SD_OK);
    assert_string_equal(d.batch, res.batch);
    assert_string_equal(d.kiosk_id, store_kiosk_id(f.s));
    assert_int_equal(d.has_pack, 1);
    assert_string_equal(d.pack.workplace, "Kahvila Aurinko");
    assert_int_equal(d.pack.shadow_count, 10);
    assert_int_equal(d.pack.card_count, 3);
    assert_same_records(f.s, d.records, d.record_count);
    assert_non_null(strstr(json, "\"clock_suspect_count\": "));
    export_data_free(&d);
    free(json);
    /* The CSV files a coordinator opens. */
    snprintf(path, sizeof path, "%s/visits.csv", folder);
    char *csv = tu_read_file(path, NULL);
    assert_memory_equal(csv, "\xEF\xBB\xBF" "day,visit,shadow_id,first_name", 33);
    assert_non_null(strstr(csv, ",s01,Matti,fi,"));
    assert_non_null(strstr(csv, ",s02,Åsa,sv,"));
    assert_non_null(strstr(csv, "partial"));
    assert_non_null(strstr(csv, "complete"));
    free(csv);
    snprintf(path, sizeof path, "%s/answers.csv", folder);
    csv = tu_read_file(path, NULL);
    assert_non_null(strstr(csv, ",'=1+1,"));            /* the comment cannot become a formula */
    assert_null(strstr(csv, ",=1+1,"));
    free(csv);
    snprintf(path, sizeof path, "%s/safety.csv", folder);
    csv = tu_read_file(path, NULL);
    assert_non_null(strstr(csv, ",s02,Åsa,hygiene,Käsienpesu,not_acknowledged,"));
    assert_non_null(strstr(csv, ",s01,Matti,hot,Kuuma,question,"));
    assert_non_null(strstr(csv, ",s01,Matti,fire,Tulipalo,understood,"));
    free(csv);
    /* Noted as verified; nothing is delivered yet. */
    assert_int_equal(batch_count(f.s), 1);
    assert_int_equal(fx_count(f.s, 1), n);
    assert_int_equal(store_check_integrity(f.s), SD_OK);

    /* collect reads it back: every record once, and the same receipt code. */
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_int_equal(collect_add_path(c, folder), SD_OK);
    assert_int_equal(collect_problem_count(c), 0);
    assert_same_records(f.s, collect_records(c), collect_record_count(c));
    assert_int_equal(collect_receipt_count(c), 1);
    assert_string_equal(collect_receipt_get(c, 0)->code, res.receipt_code);

    /* A second export carries the same records again (nothing was delivered) ... */
    f.clk.now += 60;
    struct export_result res2;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res2), SD_OK);
    assert_int_equal(res2.record_count, n);
    assert_string_not_equal(res2.batch, res.batch);
    assert_int_equal(count_files(mount), 1);
    char top[PATH_MAX];
    snprintf(top, sizeof top, "%s/%s", mount, EXPORT_DIR_NAME);
    assert_int_equal(count_files(top), 2);
    assert_int_equal(collect_add_path(c, res2.folder), SD_OK);
    /* ... and QR codes of the same records, scanned out of order with a part read twice. */
    struct qrparts parts;
    struct export_result res3;
    assert_int_equal(export_to_qr(f.s, &parts, &res3), SD_OK);
    assert_int_equal(res3.code_count, parts.count);
    assert_int_equal(res3.record_count, n);
    char *scan = malloc((size_t)parts.count * 1000 + 2000);
    size_t off = 0;
    off += (size_t)sprintf(scan + off, "\n   \n");
    for (int i = parts.count - 1; i >= 0; i--)
        off += (size_t)sprintf(scan + off, "  %s\r\n", parts.parts[i]);
    off += (size_t)sprintf(scan + off, "%s\n", parts.parts[0]);
    const char *qdir = tu_tmpdir();
    tu_write_file(qdir, "scans.txt", scan, (long)off);
    snprintf(path, sizeof path, "%s/scans.txt", qdir);
    assert_int_equal(collect_add_path(c, path), SD_OK);
    assert_int_equal(collect_problem_count(c), 0);
    assert_same_records(f.s, collect_records(c), collect_record_count(c));
    assert_int_equal(collect_duplicate_count(c), 2 * n);
    assert_int_equal(collect_receipt_count(c), 3);
    assert_string_equal(collect_receipt_get(c, 2)->code, res3.receipt_code);
    /* Every code fits version 20-M. */
    for (int i = 0; i < parts.count; i++) {
        struct qrcode qr;
        assert_int_equal(qrcode_encode(parts.parts[i], 20, &qr), SD_OK);
        qrcode_free(&qr);
    }
    qrparts_free(&parts);
    free(scan);
    collect_free(c);
    assert_int_equal(batch_count(f.s), 3);
    fx_close(&f);
}

static void test_export_encrypted(void **state)
{
    (void)state;
    struct crypt_keypair kp, other;
    char b64[CRYPT_PUBLIC_B64_SIZE];
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    assert_int_equal(crypt_keypair_make(&other), SD_OK);
    crypt_public_to_base64(kp.pk, b64);
    struct fixture f;
    fx_open(&f, "Kirjasto", 4, b64);
    fx_day(&f, 4, "salainen kommentti");
    const char *mount = tu_tmpdir();
    struct export_result res;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res), SD_OK);
    assert_int_equal(res.encrypted, 1);
    /* Only the encrypted file and the manifest; no plaintext anywhere on the stick. */
    assert_int_equal(count_files(res.folder), 2);
    char path[PATH_MAX + 32], cmd[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/export.sdenc", res.folder);
    size_t len;
    char *enc = tu_read_file(path, &len);
    assert_memory_equal(enc, "SDENC1\n", 7);
    assert_false(contains(enc, len, "salainen"));
    assert_false(contains(enc, len, "Matti"));
    free(enc);
    snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum -c manifest.sha256 >/dev/null", res.folder);
    assert_int_equal(tu_run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd, "grep -rl salainen '%s'", mount);
    assert_true(tu_run(cmd, NULL) != 0);
    /* And the kiosk keeps no plaintext copy beside its database. */
    snprintf(cmd, sizeof cmd, "find '%s/data' -type f ! -name 'kiosk.db*' | grep .", f.dir);
    assert_true(tu_run(cmd, NULL) != 0);

    struct collect *c;
    /* Without a key: the problem says so. */
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_true(collect_add_path(c, res.folder) != SD_OK);
    assert_int_equal(collect_record_count(c), 0);
    assert_non_null(strstr(collect_problem(c, 0), "-k"));
    collect_free(c);
    /* The wrong key. */
    assert_int_equal(collect_new(&c, &other), SD_OK);
    assert_int_equal(collect_add_path(c, res.folder), SD_EAUTH);
    assert_int_equal(collect_record_count(c), 0);
    assert_non_null(strstr(collect_problem(c, 0), "key"));
    collect_free(c);
    /* The right key; also the encrypted file on its own, and encrypted QR codes. */
    assert_int_equal(collect_new(&c, &kp), SD_OK);
    assert_int_equal(collect_add_path(c, res.folder), SD_OK);
    assert_int_equal(collect_add_path(c, path), SD_OK);
    struct qrparts parts;
    struct export_result qres;
    assert_int_equal(export_to_qr(f.s, &parts, &qres), SD_OK);
    assert_int_equal(qres.encrypted, 1);
    const char *qdir = tu_tmpdir();
    char *scan = malloc((size_t)parts.count * 1000 + 10);
    size_t off = 0;
    for (int i = 0; i < parts.count; i++)
        off += (size_t)sprintf(scan + off, "%s\n", parts.parts[(i * 3) % parts.count == i ? i : i]);
    tu_write_file(qdir, "qr.txt", scan, (long)off);
    free(scan);
    qrparts_free(&parts);
    snprintf(path, sizeof path, "%s/qr.txt", qdir);
    assert_int_equal(collect_add_path(c, path), SD_OK);
    assert_int_equal(collect_problem_count(c), 0);
    assert_same_records(f.s, collect_records(c), collect_record_count(c));
    assert_int_equal(collect_receipt_count(c), 2);
    assert_string_equal(collect_receipt_get(c, 0)->code, res.receipt_code);
    assert_string_equal(collect_receipt_get(c, 1)->code, qres.receipt_code);
    collect_free(c);
    crypt_keypair_wipe(&kp);
    fx_close(&f);
}

/* ---------------------------------------------------------------- tampering */
static void test_export_tamper_each_file(void **state)
{
    (void)state;
    struct fixture f;
    fx_open(&f, "Kahvila", 3, NULL);
    fx_day(&f, 3, NULL);
    const char *mount = tu_tmpdir();
    struct export_result res;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res), SD_OK);
    static const char *const files[] = {
        "records.json", "visits.csv", "safety.csv", "answers.csv", "host_evaluations.csv",
        "records.csv", "manifest.sha256",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const char *copy = tu_tmpdir();
        tu_copy_dir(res.folder, copy);
        char path[PATH_MAX + 32];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", copy, files[i]);
        char *data = tu_read_file(path, &len);
        assert_true(len > 10);
        /* One byte, in the middle; for the manifest a hash digit. */
        size_t at = strcmp(files[i], "manifest.sha256") == 0 ? 5 : len / 2;
        data[at] = data[at] == '0' ? '1' : '0';
        tu_write_file(copy, files[i], data, (long)len);
        free(data);
        struct collect *c;
        assert_int_equal(collect_new(&c, NULL), SD_OK);
        assert_int_equal(collect_add_path(c, copy), SD_ECORRUPT);
        assert_int_equal(collect_record_count(c), 0);
        assert_int_equal(collect_receipt_count(c), 0);
        assert_true(collect_problem_count(c) >= 1);
        const char *named = strcmp(files[i], "manifest.sha256") == 0 ? "records.json" : files[i];
        int found = 0;
        for (int k = 0; k < collect_problem_count(c); k++)
            found |= strstr(collect_problem(c, k), named) != NULL;
        if (!found)
            fail_msg("%s changed, but no problem names it: %s", files[i], collect_problem(c, 0));
        collect_free(c);
    }
    /* An unfinished export: no manifest. */
    const char *copy = tu_tmpdir();
    tu_copy_dir(res.folder, copy);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/manifest.sha256", copy);
    unlink(path);
    struct collect *c;
    assert_int_equal(collect_new(&c, NULL), SD_OK);
    assert_true(collect_add_path(c, copy) != SD_OK);
    assert_non_null(strstr(collect_problem(c, 0), "not finished"));
    collect_free(c);
    fx_close(&f);
}

/* ---------------------------------------------------------------- a stick that fails */
struct fault {
    int nth, errnum, seen, fired;
};

static int fault_hook(void *arg, int op)
{
    struct fault *f = arg;
    (void)op;
    if (++f->seen == f->nth) {
        f->fired = 1;
        return f->errnum;
    }
    return 0;
}

/* After a failed export: nothing noted, nothing marked, the database whole. */
static void assert_nothing_marked(struct fixture *f, int64_t n, int batches)
{
    assert_int_equal(fx_count(f->s, 1), n);
    assert_int_equal(fx_count(f->s, 0), n);
    assert_int_equal(batch_count(f->s), batches);
    assert_int_equal(store_check_integrity(f->s), SD_OK);
}

static void test_export_pulled_stick_every_step(void **state)
{
    (void)state;
    static const struct { int errnum, rc; } faults[] = {
        { EIO, SD_EIO }, { ENOSPC, SD_EFULL }, { EROFS, SD_EREADONLY }, { ENOENT, SD_ENOTFOUND },
    };
    struct fixture f;
    fx_open(&f, "Kahvila", 3, NULL);
    fx_day(&f, 3, NULL);
    int64_t n = fx_count(f.s, 0);
    for (size_t k = 0; k < sizeof faults / sizeof faults[0]; k++) {
        int steps = 0;
        for (int nth = 1; nth < 500; nth++) {
            const char *mount = tu_tmpdir();
            struct fault flt = { nth, faults[k].errnum, 0, 0 };
            struct export_result res;
            fsutil_set_fault(fault_hook, &flt);
            int rc = export_to_usb(f.s, mount, NULL, NULL, &res);
            fsutil_set_fault(NULL, NULL);
            if (!flt.fired) {
                assert_int_equal(rc, SD_OK);
                steps = nth - 1;
                break;
            }
            if (rc != faults[k].rc)
                fail_msg("fault %d at operation %d: got %d (%s)", faults[k].errnum, nth, rc, res.message);
            assert_true(strlen(res.message) > 20);
            assert_non_null(strstr(res.message, "Nothing was marked"));
            assert_nothing_marked(&f, n, 0);
            /* Whatever was left on the stick is plainly unfinished (no manifest), or, when the
            ** failure came after the manifest could not be removed again, whole. */
            char cmd[2 * PATH_MAX];
            snprintf(cmd, sizeof cmd, "cd '%s'/" EXPORT_DIR_NAME "/* 2>/dev/null || exit 0; "
                     "test ! -e manifest.sha256 || sha256sum -c --quiet manifest.sha256", mount);
            assert_int_equal(tu_run(cmd, NULL), 0);
        }
        assert_true(steps > 15);    /* the loop went through every operation */
        /* The one that succeeded is noted; forget it for the next kind of fault. */
        assert_int_equal(batch_count(f.s), 1);
        fx_close(&f);
        fx_open(&f, "Kahvila", 3, NULL);
        fx_day(&f, 3, NULL);
        n = fx_count(f.s, 0);
    }
    /* After all that the next export works. */
    const char *mount = tu_tmpdir();
    struct export_result res;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res), SD_OK);
    fx_close(&f);
}

static void test_export_real_full_and_readonly_stick(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        skip();
        return;
    }
    struct fixture f;
    fx_open(&f, "Kahvila", 10, NULL);
    fx_day(&f, 10, NULL);
    int64_t n = fx_count(f.s, 0);
    const char *mnt = tu_tmpdir();
    if (mount("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") != 0) {
        fx_close(&f);
        skip();
        return;
    }
    /* A stick with about 20 KiB left. */
    uint64_t free_bytes = 0;
    fsutil_free_space(mnt, &free_bytes);
    size_t fill = (size_t)free_bytes - 20 * 1024;
    char *junk = calloc(1, fill);
    int wrote = fsutil_write_file(mnt, "photos.bin", junk, fill, 0644, 0);
    free(junk);
    struct export_result res;
    int full = export_to_usb(f.s, mnt, NULL, NULL, &res);
    char msg_full[512];
    snprintf(msg_full, sizeof msg_full, "%s", res.message);
    /* Read-only. */
    int remount = mount("tmpfs", mnt, "tmpfs", MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, "size=1m");
    int ro = export_to_usb(f.s, mnt, NULL, NULL, &res);
    char msg_ro[512];
    snprintf(msg_ro, sizeof msg_ro, "%s", res.message);
    umount2(mnt, MNT_DETACH);
    assert_int_equal(wrote, SD_OK);
    assert_int_equal(full, SD_EFULL);
    assert_non_null(strstr(msg_full, "full"));
    assert_int_equal(remount, 0);
    assert_int_equal(ro, SD_EREADONLY);
    assert_non_null(strstr(msg_ro, "read-only"));
    assert_nothing_marked(&f, n, 0);
    /* A stick that is not there. */
    assert_int_equal(export_to_usb(f.s, "/nonexistent/stick", NULL, NULL, &res), SD_ENOTFOUND);
    assert_nothing_marked(&f, n, 0);
    fx_close(&f);
}

/* ---------------------------------------------------------------- receipt and purge */
static int grep_count(const char *path, const char *text)
{
    char cmd[3 * PATH_MAX], *out = NULL;
    snprintf(cmd, sizeof cmd, "test -e '%s' && grep -c -a '%s' '%s' || echo 0", path, text, path);
    tu_run(cmd, &out);
    int n = out ? atoi(out) : -1;
    free(out);
    return n;
}

static void test_export_receipt_and_purge(void **state)
{
    (void)state;
    struct fixture f;
    fx_open(&f, "Kahvila", 4, NULL);
    fx_day(&f, 4, "CANARY-7Q2Z-KOMMENTTI");
    int64_t n = fx_count(f.s, 0);
    const char *mount = tu_tmpdir();
    struct export_result res;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res), SD_OK);
    /* A visit still going on (no check-out) is not purged even when delivered. */
    struct record open_visit = fx_add(&f, RECORD_CHECKIN, NULL, "s03", NULL, NULL, NULL, "fi");
    /* A code that matches nothing. */
    char wrong[16];
    snprintf(wrong, sizeof wrong, "%08d", (atoi(res.receipt_code) + 1) % 100000000);
    assert_int_equal(export_confirm_receipt(f.s, wrong), SD_ENOTFOUND);
    assert_true(strlen(store_errmsg(f.s)) > 10);
    assert_int_equal(export_confirm_receipt(f.s, "12"), SD_EINVAL);
    assert_int_equal(fx_count(f.s, 1), n + 1);
    /* The right one, typed with a space as collect prints it. */
    char typed[12];
    snprintf(typed, sizeof typed, "%.4s %.4s", res.receipt_code, res.receipt_code + 4);
    assert_int_equal(export_confirm_receipt(f.s, typed), SD_OK);
    assert_int_equal(fx_count(f.s, 1), 1);          /* only the new check-in */
    assert_int_equal(export_confirm_receipt(f.s, res.receipt_code), SD_OK);   /* again: fine */
    /* A new export carries only what was not delivered. */
    struct export_result res2;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res2), SD_OK);
    assert_int_equal(res2.record_count, 1);

    /* The canary is in the database before the purge ... */
    store_close(f.s);
    f.s = NULL;
    char db[PATH_MAX + 32], wal[PATH_MAX + 32], shm[PATH_MAX + 32];
    snprintf(db, sizeof db, "%s", f.db);
    snprintf(wal, sizeof wal, "%s-wal", f.db);
    snprintf(shm, sizeof shm, "%s-shm", f.db);
    assert_true(grep_count(db, "CANARY-7Q2Z") + grep_count(wal, "CANARY-7Q2Z") > 0);
    fx_reopen(&f);
    struct export_purge_counts pc;
    assert_int_equal(export_purge(f.s, FX_DAY, 30, &pc), SD_OK);
    assert_int_equal(pc.delivered, n);
    assert_int_equal(pc.expired, 0);
    assert_int_equal(fx_count(f.s, 0), 1);
    struct fx_records left;
    fx_records(f.s, 0, &left);
    assert_string_equal(left.items[0].uuid, open_visit.uuid);
    free(left.items);
    assert_int_equal(store_check_integrity(f.s), SD_OK);
    /* ... and nowhere after it: not in the database, its WAL or its shared memory file. */
    assert_int_equal(grep_count(db, "CANARY-7Q2Z"), 0);
    assert_int_equal(grep_count(wal, "CANARY-7Q2Z"), 0);
    assert_int_equal(grep_count(shm, "CANARY-7Q2Z"), 0);
    store_close(f.s);
    f.s = NULL;
    assert_int_equal(grep_count(db, "CANARY-7Q2Z"), 0);
    assert_int_equal(grep_count(wal, "CANARY-7Q2Z"), 0);
    fx_reopen(&f);

    /* Retention: records of a day long past go even when never delivered. */
    assert_int_equal(export_purge(f.s, "2027-05-20", 30, &pc), SD_OK);
    assert_int_equal(pc.expired, 1);
    assert_int_equal(fx_count(f.s, 0), 0);
    assert_int_equal(export_purge(f.s, "bad", 30, &pc), SD_EINVAL);
    fx_close(&f);
}

static void test_export_nothing_to_export(void **state)
{
    (void)state;
    struct fixture f;
    fx_open(&f, "Kahvila", 2, NULL);
    const char *mount = tu_tmpdir();
    struct export_result res;
    assert_int_equal(export_to_usb(f.s, mount, NULL, NULL, &res), SD_ENOTFOUND);
    assert_int_equal(res.record_count, 0);
    assert_true(strlen(res.message) > 10);
    assert_int_equal(count_files(mount), 0);
    struct qrparts parts;
    assert_int_equal(export_to_qr(f.s, &parts, &res), SD_ENOTFOUND);
    assert_int_equal(parts.count, 0);
    fx_close(&f);
}

/* The size of a typical day in QR codes (10 shadows, about 40 records each), for the docs. */
static void test_export_qr_typical_day(void **state)
{
    (void)state;
    struct fixture f;
    fx_open(&f, "Kahvila Aurinko", 10, NULL);
    fx_day(&f, 10, NULL);
    /* Fill up to ~40 records a shadow with more answers (people change their minds). */
    struct fx_records all;
    fx_records(f.s, 0, &all);
    for (int i = 0; i < all.count; i++)
        if (all.items[i].kind == RECORD_CHECKIN)
            for (int k = 0; k < 24; k++)
                fx_add(&f, RECORD_ANSWER, all.items[i].uuid, NULL, NULL, k % 2 ? "q1" : "q3",
                       k % 3 ? "3" : "4", all.items[i].lang);
    free(all.items);
    int64_t n = fx_count(f.s, 0);
    struct qrparts parts;
    struct export_result res;
    assert_int_equal(export_to_qr(f.s, &parts, &res), SD_OK);
    size_t chars = 0;
    for (int i = 0; i < parts.count; i++)
        chars += strlen(parts.parts[i]);
    print_message("typical day: %lld records -> %d QR codes of version <= 20-M (%zu characters)\n",
                  (long long)n, parts.count, chars);
    assert_true(parts.count <= 40);
    qrparts_free(&parts);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_usb_round_trip),
        cmocka_unit_test(test_export_encrypted),
        cmocka_unit_test(test_export_tamper_each_file),
        cmocka_unit_test(test_export_pulled_stick_every_step),
        cmocka_unit_test(test_export_real_full_and_readonly_stick),
        cmocka_unit_test(test_export_receipt_and_purge),
        cmocka_unit_test(test_export_nothing_to_export),
        cmocka_unit_test(test_export_qr_typical_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
