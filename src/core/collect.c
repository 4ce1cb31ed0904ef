/*
** collect.c - reading exports of every kind, checking them, merging records by UUID.
**
** Nothing from an input is used before it was checked whole: a folder's every listed file must
** match its manifest; an encrypted file must open; a QR batch must have all its parts with
** good CRCs; then the data itself is read strictly (export_format.c). Records are found by UUID
** through an open-addressing hash table, so merging a hundred exports stays linear.
** Must not depend on SQLite or SDL.
*/
#include "collect.h"

#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "export.h"
#include "export_compact.h"
#include "fsutil.h"
#include "i18n.h"
#include "qrphoto.h"
#include "qrscan.h"
#include "report.h"

#define COLLECT_MAX_PROBLEMS 1000
#define COLLECT_MANIFEST_MAX (64u << 10)
#define COLLECT_MANIFEST_FILES 32
#define COLLECT_TEXT_MAX (64u << 20)        /* a file of scanned QR codes, or a photo of them */

struct collect {
    struct crypt_keypair key;
    int has_key;
    struct record *records;
    int record_count, record_capacity;
    int *slots;                     /* hash table of record indexes + 1 (0 = empty) */
    size_t slot_count;
    int duplicates;
    struct export_pack *packs;
    int pack_count;
    struct collect_receipt *receipts;
    int receipt_count;
    char **problems;
    int problem_count, problems_dropped;
    struct qrscan *scan;            /* every QR code part read so far, from any input */
    int scan_problems;              /* how many of its problems are in problems already */
    char **pending;                 /* batches not whole after the latest input, in words */
    int pending_count;
    char **notes;                   /* what was left out without being a problem */
    int note_count;
};

int collect_new(struct collect **out, const struct crypt_keypair *key)
{
    struct collect *c = calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return SD_ENOMEM;
    if (key) {
        c->key = *key;
        c->has_key = 1;
    }
    return sodium_init() < 0 ? SD_ERR : SD_OK;
}

void collect_free(struct collect *c)
{
    if (!c)
        return;
    crypt_keypair_wipe(&c->key);
    free(c->records);
    free(c->slots);
    for (int i = 0; i < c->pack_count; i++)
        export_pack_free(&c->packs[i]);
    free(c->packs);
    free(c->receipts);
    for (int i = 0; i < c->problem_count; i++)
        free(c->problems[i]);
    free(c->problems);
    qrscan_free(c->scan);
    for (int i = 0; i < c->pending_count; i++)
        free(c->pending[i]);
    free(c->pending);
    for (int i = 0; i < c->note_count; i++)
        free(c->notes[i]);
    free(c->notes);
    free(c);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int collect_problem_add(struct collect *c, const char *where, const char *fmt, ...)
{
    char msg[1024];
    size_t off = 0;
    if (where && *where) {
        int n = snprintf(msg, sizeof msg, "%s: ", where);
        off = n > 0 && (size_t)n < sizeof msg ? (size_t)n : 0;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + off, sizeof msg - off, fmt, ap);
    va_end(ap);
    if (c->problem_count >= COLLECT_MAX_PROBLEMS) {
        c->problems_dropped++;
        return SD_OK;
    }
    char **g = realloc(c->problems, (size_t)(c->problem_count + 1) * sizeof *g);
    if (!g)
        return SD_ENOMEM;
    c->problems = g;
    if (!(g[c->problem_count] = strdup(msg)))
        return SD_ENOMEM;
    c->problem_count++;
    return SD_OK;
}

/* Add a problem and return rc (SD_ENOMEM when the problem could not be kept). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int collect_fail(struct collect *c, int rc, const char *where, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return collect_problem_add(c, where, "%s", msg) == SD_OK ? rc : SD_ENOMEM;
}

/* ---------------------------------------------------------------- merging */
static size_t collect_hash(const char *uuid)
{
    uint64_t h = 1469598103934665603u;      /* FNV-1a, 64-bit also where size_t is 32 (wasm) */
    for (const unsigned char *p = (const unsigned char *)uuid; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)h;
}

static int collect_grow_table(struct collect *c)
{
    size_t n = c->slot_count ? c->slot_count * 2 : 1024;
    int *slots = calloc(n, sizeof *slots);
    if (!slots)
        return SD_ENOMEM;
    for (int i = 0; i < c->record_count; i++) {
        size_t k = collect_hash(c->records[i].uuid) & (n - 1);
        while (slots[k])
            k = (k + 1) & (n - 1);
        slots[k] = i + 1;
    }
    free(c->slots);
    c->slots = slots;
    c->slot_count = n;
    return SD_OK;
}

/* The index of the record with uuid, or -1; *slot is where it would go. */
static int collect_find(const struct collect *c, const char *uuid, size_t *slot)
{
    size_t k = collect_hash(uuid) & (c->slot_count - 1);
    while (c->slots[k]) {
        if (strcmp(c->records[c->slots[k] - 1].uuid, uuid) == 0) {
            *slot = k;
            return c->slots[k] - 1;
        }
        k = (k + 1) & (c->slot_count - 1);
    }
    *slot = k;
    return -1;
}

static int collect_take(struct collect *c, struct export_data *d, const char *source)
{
    int rc;
    if (d->has_pack) {
        int seen = 0;
        for (int i = 0; i < c->pack_count && !seen; i++)
            if ((seen = strcmp(c->packs[i].pack_id, d->pack.pack_id) == 0))
                export_pack_merge_hashes(&c->packs[i], &d->pack);
        if (!seen) {
            struct export_pack *g = realloc(c->packs, (size_t)(c->pack_count + 1) * sizeof *g);
            if (!g)
                return SD_ENOMEM;
            c->packs = g;
            if ((rc = export_pack_copy(&g[c->pack_count], &d->pack)) != SD_OK)
                return rc;
            c->pack_count++;
        }
    }
    for (int i = 0; i < d->record_count; i++) {
        const struct record *r = &d->records[i];
        if ((size_t)(c->record_count + 1) * 2 > c->slot_count && (rc = collect_grow_table(c)) != SD_OK)
            return rc;
        size_t slot;
        int at = collect_find(c, r->uuid, &slot);
        if (at >= 0) {
            if (export_record_equal(&c->records[at], r))
                c->duplicates++;
            else if ((rc = collect_problem_add(c, source, _("record %s (kiosk %s, number %lld) "
                                               "was read before with different content; the "
                                               "first one read is kept"), r->uuid, r->kiosk_id,
                                               (long long)r->seq)) != SD_OK)
                return rc;
            continue;
        }
        if (c->record_count == c->record_capacity) {
            int cap = c->record_capacity ? c->record_capacity * 2 : 1024;
            struct record *g = realloc(c->records, (size_t)cap * sizeof *g);
            if (!g)
                return SD_ENOMEM;
            c->records = g;
            c->record_capacity = cap;
        }
        c->records[c->record_count] = *r;
        c->slots[slot] = ++c->record_count;
    }
    /* The receipt: the batch came whole. */
    for (int i = 0; i < c->receipt_count; i++)
        if (strcmp(c->receipts[i].batch, d->batch) == 0 && strcmp(c->receipts[i].kiosk_id, d->kiosk_id) == 0)
            return SD_OK;
    const char **uuids = malloc((size_t)(d->record_count > 0 ? d->record_count : 1) * sizeof *uuids);
    struct collect_receipt *g = realloc(c->receipts, (size_t)(c->receipt_count + 1) * sizeof *g);
    if (g)
        c->receipts = g;
    if (!uuids || !g) {
        free(uuids);
        return SD_ENOMEM;
    }
    for (int i = 0; i < d->record_count; i++)
        uuids[i] = d->records[i].uuid;
    struct collect_receipt *rcpt = &c->receipts[c->receipt_count++];
    memset(rcpt, 0, sizeof *rcpt);
    snprintf(rcpt->kiosk_id, sizeof rcpt->kiosk_id, "%s", d->kiosk_id);
    snprintf(rcpt->batch, sizeof rcpt->batch, "%s", d->batch);
    snprintf(rcpt->medium, sizeof rcpt->medium, "%s", d->medium);
    rcpt->record_count = d->record_count;
    export_receipt_code(d->batch, uuids, d->record_count, rcpt->code);
    free(uuids);
    return SD_OK;
}

/*
** Decode an export's bytes: decrypt when encrypted (the key is needed), then records.json
** text or the deflated compact form. Problems are named after source.
*/
static int collect_decode(struct collect *c, const unsigned char *data, size_t len, const char *source)
{
    struct export_data d;
    unsigned char *plain = NULL;
    size_t plain_len = 0;
    char err[300] = "";
    int rc;
    if (crypt_is_encrypted(data, len)) {
        if (!c->has_key)
            return collect_fail(c, SD_EAUTH, source, "%s", _("this export is encrypted: give the "
                                       "coordinator's key file with -k"));
        rc = crypt_decrypt(data, len, &c->key, &plain, &plain_len);
        if (rc != SD_OK)
            return collect_fail(c, rc, source, "%s", crypt_describe(rc));
        data = plain;
        len = plain_len;
    }
    if (len > 0 && data[0] == '{')
        rc = export_data_from_json(&d, (const char *)data, len, err, sizeof err);
    else
        rc = export_data_from_compact(&d, data, len, err, sizeof err);
    if (plain) {
        sodium_memzero(plain, plain_len);
        free(plain);
    }
    if (rc == SD_OK)
        rc = collect_take(c, &d, source);
    else if (rc != SD_ENOMEM)
        rc = collect_fail(c, rc, source, _("the export cannot be read: %s"), err);
    export_data_free(&d);
    return rc;
}

/* ---------------------------------------------------------------- an export folder */
struct manifest_entry {
    unsigned char sum[32];
    char name[65];
};

static int hexval(int ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* One line of sha256sum output: 64 hex digits, "  " or " *", a plain file name. */
static int manifest_line(const char *line, size_t len, struct manifest_entry *e)
{
    if (len < 67 || len - 66 >= sizeof e->name || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
        return -1;
    for (int i = 0; i < 32; i++) {
        int hi = hexval((unsigned char)line[2 * i]), lo = hexval((unsigned char)line[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        e->sum[i] = (unsigned char)(hi << 4 | lo);
    }
    memcpy(e->name, line + 66, len - 66);
    e->name[len - 66] = '\0';
    if (e->name[0] == '.' || strchr(e->name, '/') || strchr(e->name, '\\'))
        return -1;
    for (const char *p = e->name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return -1;
    return 0;
}

static int collect_folder(struct collect *c, const char *dir)
{
    char path[PATH_MAX];
    unsigned char *text = NULL, *json = NULL, *enc = NULL;
    size_t tlen = 0, json_len = 0, enc_len = 0;
    struct manifest_entry entries[COLLECT_MANIFEST_FILES];
    int n = 0, bad = 0, rc;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, EXPORT_MANIFEST_NAME) >= sizeof path)
        return collect_fail(c, SD_ELIMIT, dir, "%s", _("the path is too long"));
    rc = fsutil_read_file(path, COLLECT_MANIFEST_MAX, &text, &tlen);
    if (rc == SD_ENOTFOUND)
        return collect_fail(c, rc, dir, "%s", _("there is no manifest.sha256: this export was "
                                   "not finished (the stick may have been taken out while the "
                                   "kiosk wrote it). Export again from the kiosk."));
    if (rc != SD_OK)
        return collect_fail(c, rc, dir, _("manifest.sha256 cannot be read: %s"), sd_strerror(rc));
    if (strlen((char *)text) != tlen) {
        rc = collect_fail(c, SD_ECORRUPT, dir, "%s", _("manifest.sha256 is not a text file: the "
                          "manifest was changed"));
        goto done;
    }
    int lineno = 0;
    for (char *line = (char *)text; *line; ) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        lineno++;
        if (len > 0 && line[len - 1] == '\r')
            len--;
        if (len > 0) {
            if (n == COLLECT_MANIFEST_FILES || manifest_line(line, len, &entries[n]) != 0) {
                rc = collect_fail(c, SD_ECORRUPT, dir, _("line %d of manifest.sha256 is not valid: the "
                                         "manifest was changed"), lineno);
                goto done;
            }
            n++;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    /* Every file the manifest lists, as it is on the stick now. */
    for (int i = 0; i < n; i++) {
        unsigned char *data = NULL, sum[32];
        size_t len = 0;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, entries[i].name) >= sizeof path) {
            bad = 1;
            continue;
        }
        rc = fsutil_read_file(path, EXPORT_MAX_BYTES, &data, &len);
        if (rc != SD_OK) {
            bad = 1;
            if ((rc = collect_problem_add(c, dir, _("%s cannot be read: %s"), entries[i].name,
                                          rc == SD_ENOTFOUND ? _("it is missing") : sd_strerror(rc))))
                goto done;
            continue;
        }
        crypto_hash_sha256(sum, data, len);
        if (sodium_memcmp(sum, entries[i].sum, sizeof sum) != 0) {
            bad = 1;
            free(data);
            if ((rc = collect_problem_add(c, dir, _("%s was changed after the export (it does not "
                                          "match manifest.sha256): nothing from this export is "
                                          "used"), entries[i].name)))
                goto done;
            continue;
        }
        if (strcmp(entries[i].name, EXPORT_JSON_NAME) == 0 && !json) {
            json = data;
            json_len = len;
        } else if (strcmp(entries[i].name, EXPORT_ENCRYPTED_NAME) == 0 && !enc) {
            enc = data;
            enc_len = len;
        } else {
            free(data);
        }
    }
    if (bad) {
        rc = SD_ECORRUPT;
        goto done;
    }
    if (!json && !enc) {
        rc = collect_fail(c, SD_EINVAL, dir, "%s", _("the manifest lists neither records.json nor "
                                 "export.sdenc: this is not a shadowday export"));
        goto done;
    }
    rc = enc ? collect_decode(c, enc, enc_len, dir) : collect_decode(c, json, json_len, dir);
done:
    free(text);
    if (enc)
        free(enc);
    if (json) {
        sodium_memzero(json, json_len);
        free(json);
    }
    return rc;
}

/* ---------------------------------------------------------------- scanned codes and photos */
/* Append a copy of text to a list of strings. */
static int collect_list_add(char ***list, int *count, const char *text)
{
    char **g = realloc(*list, (size_t)(*count + 1) * sizeof *g);
    if (!g)
        return SD_ENOMEM;
    *list = g;
    if (!(g[*count] = strdup(text)))
        return SD_ENOMEM;
    ++*count;
    return SD_OK;
}

/*
** After an input: the scan set's new problems into the list, every batch that is whole now
** decoded, and the list of batches still missing parts made again (a later input may bring
** them). SD_ENOTFOUND when a batch this input added to is not whole.
*/
static int collect_scan_settle(struct collect *c)
{
    unsigned char *payload;
    size_t len;
    int i, rc, incomplete = 0;
    for (; c->scan_problems < qrscan_problem_count(c->scan); c->scan_problems++)
        if (collect_problem_add(c, NULL, "%s", qrscan_problem(c->scan, c->scan_problems)) != SD_OK)
            return SD_ENOMEM;
    while ((rc = qrscan_take(c->scan, &i, &payload, &len)) == SD_OK) {
        struct qrscan_batch b;
        char source[PATH_MAX + 64];
        qrscan_batch_get(c->scan, i, &b);
        snprintf(source, sizeof source, "%s (%s)", qrscan_batch_sources(c->scan, i), b.batch);
        rc = collect_decode(c, payload, len, source);
        sodium_memzero(payload, len);
        free(payload);
        if (rc == SD_ENOMEM)
            return rc;
    }
    if (rc != SD_ENOTFOUND)
        return rc;
    for (int k = 0; k < c->pending_count; k++)
        free(c->pending[k]);
    c->pending_count = 0;
    for (int k = 0; k < qrscan_batch_count(c->scan); k++) {
        char msg[1024];
        struct qrscan_batch b;
        if (!qrscan_batch_problem(c->scan, k, msg, sizeof msg))
            continue;
        qrscan_batch_get(c->scan, k, &b);
        incomplete |= b.in_last_input;
        if (collect_list_add(&c->pending, &c->pending_count, msg) != SD_OK)
            return SD_ENOMEM;
    }
    return incomplete ? SD_ENOTFOUND : SD_OK;
}

/* A note that n lines (or codes) of path were left out; what is one of the two messages. */
static int collect_note_skipped(struct collect *c, const char *path, int n, int codes)
{
    char msg[PATH_MAX + 200];
    if (n <= 0)
        return SD_OK;
    if (codes)
        snprintf(msg, sizeof msg, NG_("%s: %d QR code that is not a shadowday code was left out",
                                      "%s: %d QR codes that are not shadowday codes were left out", n),
                 path, n);
    else
        snprintf(msg, sizeof msg, NG_("%s: %d line without a QR code part was left out (a title "
                                      "or a note)", "%s: %d lines without a QR code part were left "
                                      "out (titles or notes)", n), path, n);
    return collect_list_add(&c->notes, &c->note_count, msg);
}

/* A text of scanned codes: as a phone's notes app saves it, untidy. */
static int collect_scans_text(struct collect *c, const char *path, const char *text, size_t len)
{
    int found = qrscan_parts_found(c->scan), ignored = qrscan_ignored(c->scan);
    int rc = qrscan_add_text(c->scan, text, len, path);
    if (rc == SD_OK)
        rc = collect_note_skipped(c, path, qrscan_ignored(c->scan) - ignored, 0);
    if (rc != SD_OK)
        return rc;
    if (qrscan_parts_found(c->scan) == found) {
        rc = collect_scan_settle(c);
        return rc == SD_ENOMEM ? rc : collect_fail(c, SD_EINVAL, path, "%s", _("this is not an "
                             "export folder, an encrypted export or a text file of scanned QR codes"));
    }
    return collect_scan_settle(c);
}

struct collect_photo {
    struct collect *c;
    const char *path;
    int ours;                       /* codes that were shadowday parts */
};

static int collect_photo_code(void *arg, const char *text, size_t len)
{
    struct collect_photo *p = arg;
    int rc = qrscan_add_code(p->c->scan, text, len, p->path);
    if (rc < 0)
        return rc;
    p->ours += rc;
    return SD_OK;
}

/* A photo or a screenshot of one or more codes. */
static int collect_photo(struct collect *c, const char *path, const unsigned char *data, size_t len)
{
    struct collect_photo p = { c, path, 0 };
    char err[300];
    int count = 0;
    int rc = qrphoto_read(data, len, collect_photo_code, &p, &count, err, sizeof err);
    if (rc == SD_ENOMEM)
        return rc;
    if (rc != SD_OK)
        return collect_fail(c, rc, path, _("the photo cannot be read: %s"), err);
    if (count == 0)
        return collect_fail(c, SD_ENOTFOUND, path, "%s", _("no QR code was found in this photo: take "
                            "it again closer and straight on, sharp, with the whole code in the picture"));
    if ((rc = collect_note_skipped(c, path, count - p.ours, 1)) != SD_OK)
        return rc;
    rc = collect_scan_settle(c);
    if (p.ours == 0 && rc != SD_ENOMEM)
        return collect_fail(c, SD_EINVAL, path, "%s", _("the QR codes in this photo are not a "
                                   "kiosk's export codes"));
    return rc;
}

/* A file that is not an export folder: an encrypted export, a photo or a text of scans. */
static int collect_file(struct collect *c, const char *path, const unsigned char *data, size_t len)
{
    const char *format;
    int kind = qrphoto_kind(data, len, &format);
    if (!c->scan && qrscan_new(&c->scan) != SD_OK)
        return SD_ENOMEM;
    if (crypt_is_encrypted(data, len))
        return collect_decode(c, data, len, path);
    if (len > 0 && data[0] == '{')
        return collect_fail(c, SD_EINVAL, path, "%s", _("give the whole export folder, not its "
                            "records.json alone, so its manifest can be checked"));
    if (kind == QRPHOTO_PNG || kind == QRPHOTO_JPEG || kind == QRPHOTO_OTHER)
        return collect_photo(c, path, data, len);
    return collect_scans_text(c, path, (const char *)data, len);
}

/* One code a reader decoded (the page's camera): taken as a photo of it alone would be. */
int collect_add_code(struct collect *c, const char *text, size_t len, const char *name)
{
    int before = c->problem_count;
    if (!c->scan && qrscan_new(&c->scan) != SD_OK)
        return SD_ENOMEM;
    int rc = qrscan_add_code(c->scan, text, len, name);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return SD_EINVAL;       /* not a kiosk's code: nothing to say about it */
    rc = collect_scan_settle(c);
    if (rc == SD_ENOMEM)
        return rc;
    return c->problem_count > before ? SD_EINVAL : SD_OK;
}

const struct qrscan *collect_scans(const struct collect *c)
{
    return c->scan;
}

/* ---------------------------------------------------------------- inputs */
int collect_add_path(struct collect *c, const char *path)
{
    struct stat st;
    int before = c->problem_count;
    if (lstat(path, &st) != 0)
        return collect_fail(c, SD_ENOTFOUND, path, "%s", _("there is no such file or folder"));
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return collect_fail(c, SD_ENOTFOUND, path, "%s", _("there is no such file or folder"));
    int rc;
    if (S_ISDIR(st.st_mode)) {
        rc = collect_folder(c, path);
    } else {
        unsigned char *data = NULL;
        size_t len = 0;
        rc = fsutil_read_file(path, COLLECT_TEXT_MAX, &data, &len);
        if (rc == SD_EINVAL) {
            /* A symlink the user named is followed (it is their own choice); devices are not. */
            char real[PATH_MAX];
            if (realpath(path, real) && stat(real, &st) == 0 && S_ISREG(st.st_mode))
                rc = fsutil_read_file(real, COLLECT_TEXT_MAX, &data, &len);
        }
        if (rc != SD_OK)
            return collect_fail(c, rc, path, _("cannot be read: %s"), sd_strerror(rc));
        rc = collect_file(c, path, data, len);
        free(data);
    }
    if (rc == SD_ENOMEM)
        return rc;
    /* A batch missing parts is no problem of its own yet (the next input may bring them). */
    return c->problem_count > before || rc == SD_ENOTFOUND ? (rc ? rc : SD_EINVAL) : SD_OK;
}

/* The problems found, then the batches still missing parts, then "more were found". */
int collect_problem_count(const struct collect *c)
{
    return c->problem_count + c->pending_count + (c->problems_dropped > 0);
}

const char *collect_problem(const struct collect *c, int i)
{
    if (i >= 0 && i < c->problem_count)
        return c->problems[i];
    if (i >= c->problem_count && i < c->problem_count + c->pending_count)
        return c->pending[i - c->problem_count];
    if (i == c->problem_count + c->pending_count && c->problems_dropped > 0)
        return _("more problems were found; only the first ones are listed");
    return NULL;
}

int collect_note_count(const struct collect *c)
{
    return c->note_count;
}

const char *collect_note(const struct collect *c, int i)
{
    return i >= 0 && i < c->note_count ? c->notes[i] : NULL;
}

int collect_receipt_count(const struct collect *c)
{
    return c->receipt_count;
}

const struct collect_receipt *collect_receipt_get(const struct collect *c, int i)
{
    return i >= 0 && i < c->receipt_count ? &c->receipts[i] : NULL;
}

int collect_record_count(const struct collect *c)
{
    return c->record_count;
}

const struct record *collect_records(const struct collect *c)
{
    return c->records;
}

int collect_duplicate_count(const struct collect *c)
{
    return c->duplicates;
}

int collect_write(struct collect *c, const char *out_dir, int64_t now, int now_offset_min)
{
    const char **problems = malloc((size_t)(collect_problem_count(c) + 1) * sizeof *problems);
    if (!problems)
        return SD_ENOMEM;
    for (int i = 0; i < collect_problem_count(c); i++)
        problems[i] = collect_problem(c, i);
    struct report_input in = {
        .packs = c->packs, .pack_count = c->pack_count,
        .records = c->records, .record_count = c->record_count, .with_source = 1,
        .generated = now, .generated_offset_min = now_offset_min,
        .problems = problems, .problem_count = collect_problem_count(c),
    };
    int rc = fsutil_mkdir_ok(out_dir, 0755);
    for (int i = 0; rc == SD_OK && i <= REPORT_CSV_COUNT; i++) {
        char *data = NULL;
        size_t len = 0;
        rc = i < REPORT_CSV_COUNT ? report_make_csv(&in, i, &data, &len)
                                  : report_make_html(&in, &data, &len);
        if (rc == SD_OK)
            rc = fsutil_write_file(out_dir, i < REPORT_CSV_COUNT ? report_csv_name(i) : "report.html",
                                   data, len, 0644, 0);
        free(data);
    }
    free(problems);
    return rc;
}
