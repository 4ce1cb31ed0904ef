/*
** export.c - the kiosk's USB and QR exports, receipt codes and the purge.
**
** Order of a USB export (reference notes, section 2): build every file in memory; check the
** free space; make a new folder; write each file to a temporary name, fsync, rename, fsync the
** folder; write manifest.sha256 last; read every file back past the page cache and compare its
** SHA-256; note the batch in the database. Any failure before the note leaves the records as
** they were, so the next export carries them again. Plaintext is only ever in memory when the
** export is encrypted, and it is wiped before it is freed. Must not depend on SDL.
*/
#include "export.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "crypt.h"
#include "export_compact.h"
#include "err.h"
#include "fsutil.h"
#include "i18n.h"
#include "log.h"
#include "report.h"

/* ---------------------------------------------------------------- gathering */
static int export_add_cb(void *arg, const struct record *rec)
{
    return export_data_add_record(arg, rec);
}

static void export_make_batch(char out[EXPORT_BATCH_SIZE])
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = 0; i < 8; i++)
        out[i] = alphabet[randombytes_uniform(36)];
    out[8] = '\0';
}

/* The installed pack (parsed again from the stored files), or SD_ENOTFOUND. */
static int export_load_pack(struct store *s, struct pack **out)
{
    struct pack_source src = { 0 };
    struct pack_report rep;
    *out = NULL;
    int rc = store_pack_load(s, &src);
    if (rc != SD_OK)
        return rc;
    pack_report_init(&rep);
    rc = pack_parse(out, &src, 0, &rep);
    pack_report_free(&rep);
    pack_source_free(&src);
    return rc;
}

int export_collect(struct store *s, const char *medium, struct export_data *out)
{
    struct store_time now;
    struct pack *p = NULL;
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return SD_ERR;
    snprintf(out->kiosk_id, sizeof out->kiosk_id, "%s", store_kiosk_id(s));
    snprintf(out->medium, sizeof out->medium, "%s", medium);
    export_make_batch(out->batch);
    store_time_now(s, &now);
    out->created = now.unix_s;
    out->created_offset_min = now.utc_offset_min;
    out->created_suspect = now.suspect;
    int rc = export_load_pack(s, &p);
    if (rc == SD_OK) {
        rc = export_pack_from_pack(&out->pack, p);
        out->has_pack = rc == SD_OK;
        pack_free(p);
    } else if (rc == SD_ENOTFOUND || rc == SD_EINVAL) {
        rc = SD_OK;     /* no usable pack: the records still go out, with ids for names */
    }
    if (rc == SD_OK)
        rc = store_records_each(s, 1, export_add_cb, out);
    if (rc != SD_OK)
        export_data_free(out);
    return rc;
}

/* The coordinator's public key from the installed pack; 0 when there is none. */
static int export_pack_key(struct store *s, unsigned char pk[CRYPT_KEY_BYTES])
{
    struct pack *p = NULL;
    int has = 0;
    if (export_load_pack(s, &p) == SD_OK && p->workplace.has_coordinator_key) {
        memcpy(pk, p->workplace.coordinator_key, CRYPT_KEY_BYTES);
        has = 1;
    }
    pack_free(p);
    return has;
}

/* ---------------------------------------------------------------- receipts */
static int export_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void export_receipt_code(const char *batch, const char *const *uuids, int count,
                         char out[EXPORT_RECEIPT_SIZE])
{
    const char **sorted = malloc((size_t)(count > 0 ? count : 1) * sizeof *sorted);
    crypto_hash_sha256_state h;
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)batch, strlen(batch));
    crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
    if (sorted) {
        memcpy(sorted, uuids, (size_t)count * sizeof *sorted);
        qsort(sorted, (size_t)count, sizeof *sorted, export_cmp_str);
        for (int i = 0; i < count; i++) {
            crypto_hash_sha256_update(&h, (const unsigned char *)sorted[i], strlen(sorted[i]));
            crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
        }
        free(sorted);
    }
    crypto_hash_sha256_final(&h, sum);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | sum[i];
    snprintf(out, EXPORT_RECEIPT_SIZE, "%08u", (unsigned)(v % 100000000u));
}

static int export_receipt_of(const struct export_data *d, char out[EXPORT_RECEIPT_SIZE])
{
    const char **uuids = malloc((size_t)(d->record_count > 0 ? d->record_count : 1) * sizeof *uuids);
    if (!uuids)
        return SD_ENOMEM;
    for (int i = 0; i < d->record_count; i++)
        uuids[i] = d->records[i].uuid;
    export_receipt_code(d->batch, uuids, d->record_count, out);
    free(uuids);
    return SD_OK;
}

/* Note the batch: its records are exported (not yet delivered). */
static int export_note(struct store *s, const struct export_data *d, const char *status,
                       int encrypted, const char *folder, const char *receipt)
{
    struct store_export_batch b;
    memset(&b, 0, sizeof b);
    snprintf(b.batch_id, sizeof b.batch_id, "%s", d->batch);
    b.created_wall = d->created;
    snprintf(b.medium, sizeof b.medium, "%s", d->medium);
    b.encrypted = encrypted;
    b.record_count = d->record_count;
    snprintf(b.receipt_code, sizeof b.receipt_code, "%s", receipt);
    snprintf(b.status, sizeof b.status, "%s", status);
    snprintf(b.folder, sizeof b.folder, "%s", folder ? folder : "");
    int64_t *seqs = malloc((size_t)(d->record_count > 0 ? d->record_count : 1) * sizeof *seqs);
    if (!seqs)
        return SD_ENOMEM;
    for (int i = 0; i < d->record_count; i++)
        seqs[i] = d->records[i].seq;
    int rc = store_export_add_batch(s, &b, seqs, d->record_count);
    free(seqs);
    return rc;
}

/* ---------------------------------------------------------------- USB */
struct export_file {
    char name[32];
    char *data;
    size_t len;
    unsigned char sum[crypto_hash_sha256_BYTES];
};

enum { EXPORT_MAX_FILES = REPORT_CSV_COUNT + 2 };

static void export_files_free(struct export_file *f, int n)
{
    for (int i = 0; i < n; i++) {
        if (f[i].data)
            sodium_memzero(f[i].data, f[i].len);
        free(f[i].data);
    }
}

static const struct {
    int rc;
    const char *text;
} export_usb_messages[] = {
    { SD_EFULL, N_("The USB stick is full. Nothing was marked as exported. Free some space on "
                   "the stick or use another one, then export again.") },
    { SD_EREADONLY, N_("The USB stick cannot be written to: it may be locked or read-only. "
                       "Nothing was marked as exported. Use another stick.") },
    { SD_EIO, N_("Writing to the USB stick failed: it may have been taken out. Nothing was "
                 "marked as exported. Put the stick back in and export again.") },
    { SD_ENOTFOUND, N_("The USB stick is not there any more, or it was taken out. Nothing was "
                       "marked as exported. Put the stick back in and export again.") },
    { SD_ECORRUPT, N_("What was read back from the USB stick was not what was written: the stick "
                      "may be faulty. Nothing was marked as exported. Use another stick.") },
    { SD_EAUTH, N_("The kiosk may not write to the USB stick. Nothing was marked as exported. "
                   "Use another stick.") },
    { SD_ENOMEM, N_("The kiosk ran out of memory. Nothing was marked as exported. Restart the "
                    "kiosk and export again.") },
};

const char *export_usb_strerror(int rc)
{
    for (size_t i = 0; i < sizeof export_usb_messages / sizeof export_usb_messages[0]; i++)
        if (export_usb_messages[i].rc == rc)
            return _(export_usb_messages[i].text);
    return _("The export failed. Nothing was marked as exported. Try again.");
}

static void export_usb_message(int rc, struct export_result *res)
{
    snprintf(res->message, sizeof res->message, "%s", export_usb_strerror(rc));
}

static void export_step(export_progress_fn *fn, void *arg, int *done, int total)
{
    ++*done;
    if (fn)
        fn(arg, *done, total);
}

/* Build every file of the export in memory: the encrypted one, or the JSON and the CSVs. */
static int export_build_files(const struct export_data *d, const unsigned char *pk,
                              struct export_file *files, int *count)
{
    char *json = NULL;
    size_t json_len = 0;
    int rc = export_data_to_json(d, &json, &json_len);
    if (rc)
        return rc;
    *count = 0;
    if (pk) {
        unsigned char *enc = NULL;
        size_t enc_len = 0;
        rc = crypt_encrypt((const unsigned char *)json, json_len, pk, &enc, &enc_len);
        sodium_memzero(json, json_len);
        free(json);
        if (rc)
            return rc;
        snprintf(files[0].name, sizeof files[0].name, "%s", EXPORT_ENCRYPTED_NAME);
        files[0].data = (char *)enc;
        files[0].len = enc_len;
        *count = 1;
        return SD_OK;
    }
    snprintf(files[0].name, sizeof files[0].name, "%s", EXPORT_JSON_NAME);
    files[0].data = json;
    files[0].len = json_len;
    *count = 1;
    struct report_input in = {
        .packs = d->has_pack ? &d->pack : NULL, .pack_count = d->has_pack,
        .records = d->records, .record_count = d->record_count,
    };
    for (int i = 0; i < REPORT_CSV_COUNT; i++) {
        struct export_file *f = &files[*count];
        snprintf(f->name, sizeof f->name, "%s", report_csv_name(i));
        if ((rc = report_make_csv(&in, i, &f->data, &f->len)) != SD_OK)
            return rc;
        ++*count;
    }
    return SD_OK;
}

/* "K-1a2b3c4d-20270415-151502-7Q2ZP4MA": kiosk, the kiosk's local time, batch. */
static void export_folder_name(const struct export_data *d, char *out, size_t size)
{
    char iso[CLOCK_ISO_SIZE], stamp[32] = "00000000-000000";
    clock_format_iso(d->created, d->created_offset_min, iso);
    if (strlen(iso) >= 19)
        snprintf(stamp, sizeof stamp, "%.4s%.2s%.2s-%.2s%.2s%.2s", iso, iso + 5, iso + 8,
                 iso + 11, iso + 14, iso + 17);
    snprintf(out, size, "%s-%s-%s", d->kiosk_id, stamp, d->batch);
}

/*
** What both exports start with: the records not delivered yet, the result's counts and batch,
** and the coordinator's key when the pack has one. On failure res->message says why (nothing
** to export is SD_ENOTFOUND) and *d is left empty or whole, for export_data_free either way.
*/
static int export_begin(struct store *s, const char *medium, struct export_data *d,
                        struct export_result *res, unsigned char pk[CRYPT_KEY_BYTES])
{
    int rc = export_collect(s, medium, d);
    if (rc) {
        memset(d, 0, sizeof *d);    /* export_collect freed what it had */
        snprintf(res->message, sizeof res->message, "%s", store_errmsg(s));
        return rc;
    }
    res->record_count = d->record_count;
    res->clock_suspect_count = export_data_count_suspect(d);
    snprintf(res->batch, sizeof res->batch, "%s", d->batch);
    if (d->record_count == 0) {
        snprintf(res->message, sizeof res->message, "%s",
                 _("There is nothing new to export: every record was delivered already."));
        return SD_ENOTFOUND;
    }
    res->encrypted = export_pack_key(s, pk);
    return SD_OK;
}

int export_to_usb(struct store *s, const char *mount_dir, export_progress_fn *progress,
                  void *progress_arg, struct export_result *res)
{
    struct export_data d;
    struct export_file files[EXPORT_MAX_FILES];
    unsigned char pk[CRYPT_KEY_BYTES];
    char top[PATH_MAX], folder[PATH_MAX], name[160];
    char *manifest = NULL;
    int nfiles = 0, done = 0, total = 0, manifest_written = 0;
    memset(res, 0, sizeof *res);
    memset(files, 0, sizeof files);
    int rc = export_begin(s, "usb", &d, res, pk);
    if (rc != SD_OK)
        goto done;
    if ((rc = export_build_files(&d, res->encrypted ? pk : NULL, files, &nfiles)) != SD_OK)
        goto fail;
    if ((rc = export_receipt_of(&d, res->receipt_code)) != SD_OK)
        goto fail;
    total = 2 * (nfiles + 1) + 1;

    /* The manifest, in sha256sum's format so `sha256sum -c` checks the folder. */
    size_t need = 0, mlen = 0;
    size_t mcap = (size_t)nfiles * (64 + 2 + sizeof files[0].name + 1) + 1;
    manifest = malloc(mcap);
    if (!manifest) {
        rc = SD_ENOMEM;
        goto fail;
    }
    for (int i = 0; i < nfiles; i++) {
        char hex[65];
        crypto_hash_sha256(files[i].sum, (const unsigned char *)files[i].data, files[i].len);
        fsutil_sha256_hex(files[i].sum, hex);
        int w = snprintf(manifest + mlen, mcap - mlen, "%s  %.31s\n", hex, files[i].name);
        mlen += w > 0 ? (size_t)w : 0;
        need += files[i].len + 65536;    /* a FAT cluster of slack per file, at most */
    }
    need += mlen + 2 * 65536;

    uint64_t free_bytes = 0;
    if ((rc = fsutil_check_writable(mount_dir)) != SD_OK ||
        (rc = fsutil_free_space(mount_dir, &free_bytes)) != SD_OK)
        goto fail;
    if (free_bytes < need) {
        rc = SD_EFULL;
        goto fail;
    }
    export_folder_name(&d, name, sizeof name);
    if ((size_t)snprintf(top, sizeof top, "%s/%s", mount_dir, EXPORT_DIR_NAME) >= sizeof top ||
        (size_t)snprintf(folder, sizeof folder, "%s/%s", top, name) >= sizeof folder) {
        rc = SD_ELIMIT;
        goto fail;
    }
    if (strlen(folder) >= sizeof res->folder) {
        rc = SD_ELIMIT;
        goto fail;
    }
    memcpy(res->folder, folder, strlen(folder) + 1);
    if ((rc = fsutil_mkdir_ok(top, 0755)) != SD_OK || (rc = fsutil_mkdir_new(folder, 0755)) != SD_OK)
        goto fail;
    for (int i = 0; i < nfiles; i++) {
        if ((rc = fsutil_write_file(folder, files[i].name, files[i].data, files[i].len, 0644,
                                    FSUTIL_NO_REPLACE)) != SD_OK)
            goto fail;
        export_step(progress, progress_arg, &done, total);
    }
    /* Noted before the write: it can fail after the rename (the folder's fsync), leaving a
    ** manifest that must not make the folder look finished. */
    manifest_written = 1;
    if ((rc = fsutil_write_file(folder, EXPORT_MANIFEST_NAME, manifest, mlen, 0644,
                                FSUTIL_NO_REPLACE)) != SD_OK)
        goto fail;
    export_step(progress, progress_arg, &done, total);

    /* Read everything back from the stick; the manifest too. */
    for (int i = 0; i <= nfiles; i++) {
        char path[PATH_MAX + 40];
        unsigned char sum[crypto_hash_sha256_BYTES], want[crypto_hash_sha256_BYTES];
        uint64_t size = 0;
        const char *fname = i < nfiles ? files[i].name : EXPORT_MANIFEST_NAME;
        size_t len = i < nfiles ? files[i].len : mlen;
        if (i < nfiles)
            memcpy(want, files[i].sum, sizeof want);
        else
            crypto_hash_sha256(want, (const unsigned char *)manifest, mlen);
        if ((size_t)snprintf(path, sizeof path, "%s/%.31s", folder, fname) >= sizeof path) {
            rc = SD_ELIMIT;
            goto fail;
        }
        if ((rc = fsutil_file_sha256(path, sum, &size)) != SD_OK)
            goto fail;
        if (size != len || sodium_memcmp(sum, want, sizeof sum) != 0) {
            rc = SD_ECORRUPT;
            goto fail;
        }
        export_step(progress, progress_arg, &done, total);
    }

    rc = export_note(s, &d, "verified", res->encrypted, folder, res->receipt_code);
    if (rc != SD_OK) {
        snprintf(res->message, sizeof res->message,
                 _("The export on the stick is complete, but the kiosk could not note it, so "
                   "the records will be in the next export too. %s"), store_errmsg(s));
        goto done;
    }
    export_step(progress, progress_arg, &done, total);
    snprintf(res->message, sizeof res->message,
             NG_("%d record was saved on the USB stick and checked. It is safe to remove the stick.",
                 "%d records were saved on the USB stick and checked. It is safe to remove the stick.",
                 d.record_count), d.record_count);
    goto done;
fail:
    /* A folder that was not verified should not look finished: take its manifest away again
    ** (when the stick still lets us; if not, every file the manifest names was synced before). */
    if (manifest_written) {
        char mpath[PATH_MAX + 40];
        snprintf(mpath, sizeof mpath, "%s/%s", folder, EXPORT_MANIFEST_NAME);
        if (unlink(mpath) == 0)
            fsutil_sync_dir(folder);
    }
    export_usb_message(rc, res);
    LOG_WARN("export: to %s failed: %s", mount_dir, sd_strerror(rc));
done:
    sodium_memzero(pk, sizeof pk);
    export_files_free(files, EXPORT_MAX_FILES);
    free(manifest);
    export_data_free(&d);
    return rc;
}

/* ---------------------------------------------------------------- QR codes */
int export_to_qr(struct store *s, struct qrparts *parts, struct export_result *res)
{
    struct export_data d;
    unsigned char pk[CRYPT_KEY_BYTES], *packed = NULL, *enc = NULL;
    size_t packed_len = 0, enc_len = 0;
    memset(res, 0, sizeof *res);
    parts->parts = NULL;
    parts->count = 0;
    unsigned char uuid_key[UUID_KEY_BYTES];
    int rc = export_begin(s, "qr", &d, res, pk);
    if (rc != SD_OK)
        goto done;
    store_uuid_key(s, uuid_key);
    rc = export_compact_encode(&d, uuid_key, &packed, &packed_len);
    sodium_memzero(uuid_key, sizeof uuid_key);
    if (rc != SD_OK)
        goto fail;
    if (res->encrypted) {
        if ((rc = crypt_encrypt(packed, packed_len, pk, &enc, &enc_len)) != SD_OK)
            goto fail;
        sodium_memzero(packed, packed_len);
        free(packed);
        packed = enc;
        packed_len = enc_len;
    }
    if ((rc = qrparts_split_version(packed, packed_len, d.batch, 2, parts)) != SD_OK)
        goto fail;
    if ((rc = export_receipt_of(&d, res->receipt_code)) != SD_OK)
        goto fail;
    res->code_count = parts->count;
    if ((rc = export_note(s, &d, "written", res->encrypted, NULL, res->receipt_code)) != SD_OK) {
        snprintf(res->message, sizeof res->message, "%s", store_errmsg(s));
        qrparts_free(parts);
        goto done;
    }
    char records[64], codes[sizeof res->message - 64];
    snprintf(records, sizeof records, NG_("%d record.", "%d records.", d.record_count), d.record_count);
    snprintf(codes, sizeof codes, NG_("%d QR code: take a photo of it with a phone; shadowday "
                                      "collect reads the photo.",
                                      "%d QR codes: take a photo of each with a phone; shadowday "
                                      "collect reads the photos.", parts->count), parts->count);
    snprintf(res->message, sizeof res->message, "%s %s", records, codes);
    goto done;
fail:
    qrparts_free(parts);
    snprintf(res->message, sizeof res->message, "%s",
             rc == SD_ELIMIT ? _("There are too many records for QR codes. Export to a USB stick.")
                             : _("The QR codes could not be made. Try again."));
done:
    sodium_memzero(pk, sizeof pk);
    if (packed) {
        sodium_memzero(packed, packed_len);
        free(packed);
    }
    export_data_free(&d);
    return rc;
}

/* ---------------------------------------------------------------- receipts and purge */
int export_confirm_receipt(struct store *s, const char *code)
{
    char digits[EXPORT_RECEIPT_SIZE + 1];
    size_t n = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (n >= EXPORT_RECEIPT_SIZE)
            return store_export_deliver(s, "x", NULL, NULL);   /* too long: the store says so */
        digits[n++] = *p;
    }
    digits[n] = '\0';
    return store_export_deliver(s, digits, NULL, NULL);
}

int export_purge(struct store *s, const char *today, int retention_days,
                 struct export_purge_counts *out)
{
    struct export_purge_counts c = { 0, 0 };
    int rc = store_export_purge(s, today, retention_days, &c.delivered, &c.expired);
    if (out)
        *out = c;
    return rc;
}
