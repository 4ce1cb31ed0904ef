/*
** export_compact_sd1.c - reading the compact form SD1 QR codes carry (kiosks before form 2).
**
** Lines of tab-separated fields, deflated with zlib: "SDX1" first; E the export; P, S, H, C, Q
** the pack summary; R one record each: seq and wall_time as differences from the previous
** record, then every other field, left empty when it equals the previous record's, "\e" for an
** empty value that differs. Backslash, tab, CR and LF inside values are escaped. Only read:
** kiosks now show form 2 (export_compact.c). Must not depend on SQLite or SDL.
*/
#include "export_compact.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "i18n.h"
#include "qrparts.h"
#include "utf8.h"

#define COMPACT_MAGIC "SDX1"

#define COMPACT_MAX_FIELDS 40

struct compact_line {
    char *field[COMPACT_MAX_FIELDS];    /* unescaped in place */
    int count;
    int empty_marker[COMPACT_MAX_FIELDS]; /* the field was "\e" */
};

/* Split one line (NUL-terminated, no LF) into fields and unescape them in place. */
static int compact_split(char *line, struct compact_line *l)
{
    l->count = 0;
    for (char *p = line;;) {
        if (l->count == COMPACT_MAX_FIELDS)
            return -1;
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = '\0';
        int k = l->count++;
        l->field[k] = p;
        l->empty_marker[k] = strcmp(p, "\\e") == 0;
        if (l->empty_marker[k]) {
            *p = '\0';
        } else {
            char *o = p;
            for (char *q = p; *q; q++) {
                if (*q != '\\') {
                    *o++ = *q;
                    continue;
                }
                static const char from[] = "\\trn", to[] = "\\\t\r\n";
                const char *hit = q[1] ? strchr(from, q[1]) : NULL;
                if (!hit)
                    return -1;
                *o++ = to[hit - from];
                q++;
            }
            *o = '\0';
        }
        if (!tab)
            return 0;
        p = tab + 1;
    }
}

/* A decimal integer field, all of it. */
static int compact_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    char *end;
    if (!*s || (!(*s >= '0' && *s <= '9') && *s != '-'))
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int compact_text(const char *s, size_t max, char **out)
{
    if (strlen(s) > max || !utf8_is_clean_text(s))
        return -1;
    return (*out = strdup(s)) ? 0 : -1;
}

static int compact_copy(const char *s, char *buf, size_t size)
{
    if (strlen(s) >= size)
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    return 0;
}

/* Grow a pack list by one zeroed item. */
static void *compact_grow(void *items, int count, size_t size)
{
    char *g = realloc(items, (size_t)(count + 1) * size);
    if (g)
        memset(g + (size_t)count * size, 0, size);
    return g;
}

static int compact_pack_line(struct export_pack *p, const struct compact_line *l)
{
    const char *tag = l->field[0];
    int64_t v;
    if (strcmp(tag, "S") == 0 && l->count == 5) {
        struct export_shadow *g = compact_grow(p->shadows, p->shadow_count, sizeof *g);
        if (!g)
            return SD_ENOMEM;
        p->shadows = g;
        struct export_shadow *s = &g[p->shadow_count++];
        if (compact_copy(l->field[1], s->id, sizeof s->id) || !*s->id || !utf8_is_id(s->id) ||
            compact_text(l->field[2], PACK_MAX_FIELD_BYTES, &s->first_name) ||
            compact_copy(l->field[3], s->escort_id, sizeof s->escort_id) || !utf8_is_id(s->escort_id) ||
            compact_int(l->field[4], 0, 1, &v))
            return SD_EINVAL;
        s->agreement_signed = (int)v;
    } else if (strcmp(tag, "H") == 0 && l->count == 4) {
        struct export_host *g = compact_grow(p->hosts, p->host_count, sizeof *g);
        if (!g)
            return SD_ENOMEM;
        p->hosts = g;
        struct export_host *h = &g[p->host_count++];
        if (compact_copy(l->field[1], h->id, sizeof h->id) || !*h->id || !utf8_is_id(h->id) ||
            compact_text(l->field[2], PACK_MAX_FIELD_BYTES, &h->name) ||
            compact_text(l->field[3], PACK_MAX_FIELD_BYTES, &h->role))
            return SD_EINVAL;
    } else if (strcmp(tag, "C") == 0 && l->count >= 3 && l->count % 2 == 1) {
        struct export_card *g = compact_grow(p->cards, p->card_count, sizeof *g);
        if (!g)
            return SD_ENOMEM;
        p->cards = g;
        struct export_card *c = &g[p->card_count++];
        int hashes = (l->count - 3) / 2;
        if (compact_copy(l->field[1], c->id, sizeof c->id) || !*c->id || !utf8_is_id(c->id) ||
            compact_text(l->field[2], PACK_MAX_FIELD_BYTES, &c->title) ||
            hashes > (int)(sizeof c->hashes / sizeof c->hashes[0]))
            return SD_EINVAL;
        for (int k = 0; k < hashes; k++, c->hash_count++) {
            const char *lang = l->field[3 + 2 * k], *hash = l->field[4 + 2 * k];
            if (compact_copy(lang, c->hashes[k].lang, sizeof c->hashes[k].lang) ||
                !export_text_is_lang(lang) || !export_text_is_hash(hash))
                return SD_EINVAL;
            memcpy(c->hashes[k].hash, hash, 65);
        }
    } else if (strcmp(tag, "Q") == 0 && l->count == 4) {
        struct export_question *g = compact_grow(p->questions, p->question_count, sizeof *g);
        if (!g)
            return SD_ENOMEM;
        p->questions = g;
        struct export_question *q = &g[p->question_count++];
        if (compact_copy(l->field[1], q->id, sizeof q->id) || !*q->id || !utf8_is_id(q->id) ||
            (strcmp(l->field[2], "shadow") != 0 && strcmp(l->field[2], "host") != 0) ||
            compact_text(l->field[3], PACK_MAX_FIELD_BYTES, &q->text))
            return SD_EINVAL;
        q->audience = strcmp(l->field[2], "host") == 0 ? AUDIENCE_HOST : AUDIENCE_SHADOW;
    } else {
        return SD_EINVAL;
    }
    if (p->shadow_count > PACK_MAX_ROWS || p->host_count > PACK_MAX_ROWS ||
        p->card_count > PACK_MAX_ROWS || p->question_count > PACK_MAX_ROWS)
        return SD_ELIMIT;
    return SD_OK;
}

static int compact_record_line(struct record *r, const struct record *prev, int first,
                               const struct compact_line *l)
{
    int64_t dseq, dwall, v;
    if (l->count != 6 + EXPORT_RECORD_TEXT_FIELDS)
        return -1;
    if (compact_int(l->field[1], -INT64_MAX / 2, INT64_MAX / 2, &dseq) ||
        compact_int(l->field[2], -INT64_MAX / 2, INT64_MAX / 2, &dwall))
        return -1;
    *r = *prev;
    /* Differences add up over many lines: past what int64 holds is damage, not a wrap. */
    if (__builtin_add_overflow(prev->seq, dseq, &r->seq) ||
        __builtin_add_overflow(prev->wall_time, dwall, &r->wall_time))
        return -1;
    if (*l->field[3] || first)
        r->kind = record_kind_from_name(l->field[3]);
    if (*l->field[4] || first) {
        if (compact_int(l->field[4], -CLOCK_OFFSET_MAX_MIN, CLOCK_OFFSET_MAX_MIN, &v))
            return -1;
        r->utc_offset_min = (int)v;
    }
    if (*l->field[5] || first) {
        if (compact_int(l->field[5], 0, 1, &v))
            return -1;
        r->clock_suspect = (int)v;
    }
    for (int k = 0; k < EXPORT_RECORD_TEXT_FIELDS; k++) {
        const char *f = l->field[6 + k];
        size_t size = 0;
        char *field = export_record_field(r, k, &size);
        if (!*f && !l->empty_marker[6 + k] && k > 0)
            continue;   /* as the previous record */
        if (compact_copy(f, field, size))
            return -1;
    }
    return export_record_is_valid(r) ? 0 : -1;
}

/* The E line: kiosk, batch, medium, time, clock, record count. -1 when not valid. */
static int compact_head_line(struct export_data *d, const struct compact_line *l, int64_t *count)
{
    int64_t v;
    if (l->count != 8 || strcmp(l->field[0], "E") != 0 ||
        compact_copy(l->field[1], d->kiosk_id, sizeof d->kiosk_id) || !*d->kiosk_id ||
        !utf8_is_id(d->kiosk_id) || compact_copy(l->field[2], d->batch, sizeof d->batch) ||
        !qrparts_batch_is_valid(d->batch) ||
        compact_copy(l->field[3], d->medium, sizeof d->medium) ||
        (strcmp(d->medium, "usb") != 0 && strcmp(d->medium, "qr") != 0) ||
        compact_int(l->field[4], INT64_MIN / 2, INT64_MAX / 2, &d->created) ||
        compact_int(l->field[5], -CLOCK_OFFSET_MAX_MIN, CLOCK_OFFSET_MAX_MIN, &v))
        return -1;
    d->created_offset_min = (int)v;
    if (compact_int(l->field[6], 0, 1, &v))
        return -1;
    d->created_suspect = (int)v;
    return compact_int(l->field[7], 0, EXPORT_MAX_RECORDS, count);
}

/* The P line: the pack's id, date and workplace. -1 when not valid. */
static int compact_summary_line(struct export_pack *p, const struct compact_line *l)
{
    return compact_copy(l->field[1], p->pack_id, sizeof p->pack_id) ||
           (*p->pack_id && !export_text_is_hash(p->pack_id)) ||
           compact_copy(l->field[2], p->date, sizeof p->date) ||
           (*p->date && !export_text_is_day(p->date)) ||
           compact_text(l->field[3], PACK_MAX_FIELD_BYTES, &p->workplace) ? -1 : 0;
}

/* An R line: the next record, told against the one before it. */
static int compact_take_record(struct export_data *d, const struct compact_line *l, int64_t count,
                               char *err, size_t err_size)
{
    static const struct record zero;
    struct record r;
    if (d->record_count >= count)
        return export_compact_fail(err, err_size, "%s",
                                   _("the export's record count does not match its records"));
    if (compact_record_line(&r, d->record_count ? &d->records[d->record_count - 1] : &zero,
                            d->record_count == 0, l))
        return export_compact_fail(err, err_size, _("record %d of the export is not valid"),
                                   d->record_count + 1);
    return export_data_add_record(d, &r);
}

int export_compact_read_sd1(struct export_data *d, const unsigned char *in, size_t len,
                            char *err, size_t err_size)
{
    char *text = NULL;
    size_t tlen = 0;
    struct compact_line l;
    int64_t count = -1;
    memset(d, 0, sizeof *d);
    int rc = export_compact_inflate(in, len, 0, EXPORT_MAX_BYTES, &text, &tlen);
    if (rc) {
        if (rc != SD_ENOMEM)
            export_compact_fail(err, err_size, "%s", rc == SD_ELIMIT ? _("the export is too large")
                                                             : _("the export's data is damaged"));
        return rc;
    }
    if (strlen(text) != tlen || tlen == 0 || text[tlen - 1] != '\n') {
        rc = export_compact_fail(err, err_size, "%s", _("the export's data is damaged"));
        goto done;
    }
    int lineno = 0;
    for (char *line = text; *line; ) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        lineno++;
        if (compact_split(line, &l)) {
            rc = export_compact_fail(err, err_size, _("line %d of the export is not valid"), lineno);
            goto done;
        }
        const char *tag = l.field[0];
        if (lineno == 1) {
            if (l.count != 1 || strcmp(tag, COMPACT_MAGIC) != 0) {
                rc = export_compact_fail(err, err_size, "%s", _("this is not a shadowday export"));
                goto done;
            }
        } else if (lineno == 2) {
            if (compact_head_line(d, &l, &count)) {
                rc = export_compact_fail(err, err_size, "%s",
                                         _("the export's header is missing or not valid"));
                goto done;
            }
        } else if (strcmp(tag, "P") == 0 && l.count == 4 && !d->has_pack && d->record_count == 0) {
            d->has_pack = 1;
            if (compact_summary_line(&d->pack, &l)) {
                rc = export_compact_fail(err, err_size, "%s", _("the pack summary is not valid"));
                goto done;
            }
        } else if (strcmp(tag, "R") == 0) {
            if ((rc = compact_take_record(d, &l, count, err, err_size)) != SD_OK)
                goto done;
        } else if (d->has_pack && d->record_count == 0) {
            rc = compact_pack_line(&d->pack, &l);
            if (rc) {
                if (rc != SD_ENOMEM)
                    export_compact_fail(err, err_size, _("line %d of the export is not valid"), lineno);
                goto done;
            }
        } else {
            rc = export_compact_fail(err, err_size, _("line %d of the export is not valid"), lineno);
            goto done;
        }
        line = nl + 1;
    }
    if (lineno < 2 || d->record_count != count)
        rc = export_compact_fail(err, err_size, "%s", _("the export's record count does not match its records"));
done:
    free(text);
    return rc;
}
