/*
** export_compact_read.c - reading form 2 strictly (the layout is described in export_compact.c).
**
** Each stream has a cursor; every read is checked against its stream's end, every code against
** the tables read so far, every count against the bytes left, and every record against
** export_record_is_valid. The body must be used up exactly. Must not depend on SQLite or SDL.
*/
#include "export_compact_internal.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "i18n.h"
#include "qrparts.h"
#include "utf8.h"

/* ---------------------------------------------------------------- reading */
struct compact_span {
    const char *p;
    size_t n;
};

struct compact_reader {
    const unsigned char *at[ST_COUNT], *end[ST_COUNT];
    struct compact_span *strings;
    const unsigned char **hashes;
    int string_count, string_cap, hash_count, hash_cap;
    const struct export_pack *pack;
    const struct export_card **card_order;
    int bad;                        /* the data does not hold together */
};

static uint64_t cr_uv(struct compact_reader *r, int st)
{
    uint64_t v = 0;
    if (!r->bad && export_compact_get_uv(&r->at[st], r->end[st], &v) != 0)
        r->bad = 1;
    return r->bad ? 0 : v;
}

/* b + the zigzagged difference that follows (wrapping as the writer did). */
static int64_t cr_add(struct compact_reader *r, int st, int64_t b)
{
    uint64_t z = cr_uv(r, st);
    uint64_t d = (z >> 1) ^ (0 - (z & 1));
    return (int64_t)((uint64_t)b + d);
}

static const unsigned char *cr_bytes(struct compact_reader *r, int st, size_t n)
{
    if (r->bad || (size_t)(r->end[st] - r->at[st]) < n) {
        r->bad = 1;
        return NULL;
    }
    const unsigned char *p = r->at[st];
    r->at[st] += n;
    return p;
}

/* Grow a table (of size elements) to hold one more; SD_ELIMIT past COMPACT_MAX_STRINGS. */
static int cr_grow(void **items, int *cap, int count, size_t size)
{
    if (count < *cap)
        return SD_OK;
    if (count >= COMPACT_MAX_STRINGS)
        return SD_ELIMIT;
    int ncap = *cap ? *cap * 2 : 64;
    void *g = realloc(*items, (size_t)ncap * size);
    if (!g)
        return SD_ENOMEM;
    *items = g;
    *cap = ncap;
    return SD_OK;
}

/* A string field (same: the context's value, NULL where there is none). */
static int cr_str(struct compact_reader *r, int st, const char *same, struct compact_span *out)
{
    uint64_t code = cr_uv(r, st);
    int rc;
    if (r->bad)
        return SD_EINVAL;
    if (code == CODE_SAME && same) {
        out->p = same;
        out->n = strlen(same);
    } else if (code == CODE_EMPTY) {
        out->p = "";
        out->n = 0;
    } else if (code == CODE_NEW) {
        uint64_t n = cr_uv(r, ST_TEXT);
        const unsigned char *p =
            n <= EXPORT_COMPACT_MAX_BYTES ? cr_bytes(r, ST_TEXT, (size_t)n) : NULL;
        if (!p || (rc = cr_grow((void **)&r->strings, &r->string_cap, r->string_count,
                                sizeof *r->strings)) == SD_EINVAL)
            return SD_EINVAL;
        if (rc)
            return rc;
        out->p = (const char *)p;
        out->n = (size_t)n;
        r->strings[r->string_count++] = *out;
    } else if (code >= STRING_TABLE_AT && code - STRING_TABLE_AT < (uint64_t)r->string_count) {
        *out = r->strings[code - STRING_TABLE_AT];
    } else {
        return SD_EINVAL;
    }
    return memchr(out->p, '\0', out->n) ? SD_EINVAL : SD_OK;
}

/* A string field into a buffer of size bytes (NUL-terminated). */
static int cr_str_into(struct compact_reader *r, int st, const char *same, char *buf, size_t size)
{
    struct compact_span v;
    int rc = cr_str(r, st, same, &v);
    if (rc)
        return rc;
    if (v.n >= size)
        return SD_EINVAL;
    memmove(buf, v.p, v.n);
    buf[v.n] = '\0';
    return SD_OK;
}

/* A text of the pack summary, malloc'd: clean UTF-8 of at most PACK_MAX_FIELD_BYTES. */
static int cr_text(struct compact_reader *r, char **out)
{
    struct compact_span v;
    int rc = cr_str(r, ST_PACK, NULL, &v);
    if (rc)
        return rc;
    if (v.n > PACK_MAX_FIELD_BYTES || !(*out = malloc(v.n + 1)))
        return v.n > PACK_MAX_FIELD_BYTES ? SD_EINVAL : SD_ENOMEM;
    memcpy(*out, v.p, v.n);
    (*out)[v.n] = '\0';
    return utf8_is_clean_text(*out) ? SD_OK : SD_EINVAL;
}

/* An id of the pack summary: not empty, letters, digits, '-' and '_'. */
static int cr_id(struct compact_reader *r, char *buf, size_t size, int may_be_empty)
{
    int rc = cr_str_into(r, ST_PACK, NULL, buf, size);
    return rc ? rc : (*buf || may_be_empty) && utf8_is_id(buf) ? SD_OK : SD_EINVAL;
}

/* A hash field into out (65 bytes); card: the card's hash for the record, or NULL. */
static int cr_hash(struct compact_reader *r, int st, const char *same, const char *card,
                   char out[65])
{
    uint64_t code = cr_uv(r, st);
    const unsigned char *bin = NULL;
    int rc;
    if (r->bad)
        return SD_EINVAL;
    if (code == CODE_SAME && same) {
        memmove(out, same, strlen(same) + 1);
        return SD_OK;
    }
    if (code == CODE_EMPTY) {
        out[0] = '\0';
        return SD_OK;
    }
    if (code == CODE_CARD) {
        if (!card)
            return SD_EINVAL;
        memmove(out, card, 65);
        return SD_OK;
    }
    if (code == CODE_NEW) {
        if (!(bin = cr_bytes(r, ST_BLOB, COMPACT_HASH_BYTES)))
            return SD_EINVAL;
        if ((rc = cr_grow((void **)&r->hashes, &r->hash_cap, r->hash_count, sizeof *r->hashes)))
            return rc;
        r->hashes[r->hash_count++] = bin;
    } else if (code >= HASH_TABLE_AT && code - HASH_TABLE_AT < (uint64_t)r->hash_count) {
        bin = r->hashes[code - HASH_TABLE_AT];
    } else {
        return SD_EINVAL;
    }
    sodium_bin2hex(out, 65, bin, COMPACT_HASH_BYTES);
    return SD_OK;
}

/* A count of pack rows, each taking at least one byte of the pack stream. */
static int cr_count(struct compact_reader *r, int *out)
{
    uint64_t n = cr_uv(r, ST_PACK);
    if (r->bad || n > PACK_MAX_ROWS || n > (uint64_t)(r->end[ST_PACK] - r->at[ST_PACK]))
        return SD_EINVAL;
    *out = (int)n;
    return SD_OK;
}

static int cr_pack_people(struct compact_reader *r, struct export_pack *p)
{
    int n, rc;
    if ((rc = cr_count(r, &n)) || !(p->shadows = calloc((size_t)n + 1, sizeof *p->shadows)))
        return rc ? rc : SD_ENOMEM;
    for (int i = 0; i < n; i++) {
        struct export_shadow *s = &p->shadows[p->shadow_count++];  /* counted first: freed whole */
        if ((rc = cr_id(r, s->id, sizeof s->id, 0)) || (rc = cr_text(r, &s->first_name)) ||
            (rc = cr_id(r, s->escort_id, sizeof s->escort_id, 1)))
            return rc;
        uint64_t v = cr_uv(r, ST_PACK);
        if (v > 1)
            return SD_EINVAL;
        s->agreement_signed = (int)v;
    }
    if ((rc = cr_count(r, &n)) || !(p->hosts = calloc((size_t)n + 1, sizeof *p->hosts)))
        return rc ? rc : SD_ENOMEM;
    for (int i = 0; i < n; i++) {
        struct export_host *h = &p->hosts[p->host_count++];
        if ((rc = cr_id(r, h->id, sizeof h->id, 0)) || (rc = cr_text(r, &h->name)) ||
            (rc = cr_text(r, &h->role)))
            return rc;
    }
    return r->bad ? SD_EINVAL : SD_OK;
}

static int cr_pack_cards(struct compact_reader *r, struct export_pack *p)
{
    int n, rc;
    if ((rc = cr_count(r, &n)) || !(p->cards = calloc((size_t)n + 1, sizeof *p->cards)))
        return rc ? rc : SD_ENOMEM;
    for (int i = 0; i < n; i++) {
        struct export_card *c = &p->cards[p->card_count++];
        if ((rc = cr_id(r, c->id, sizeof c->id, 0)) || (rc = cr_text(r, &c->title)))
            return rc;
        uint64_t hashes = cr_uv(r, ST_PACK);
        if (hashes > sizeof c->hashes / sizeof c->hashes[0])
            return SD_EINVAL;
        for (int k = 0; k < (int)hashes; k++, c->hash_count++)
            if ((rc = cr_str_into(r, ST_PACK, NULL, c->hashes[k].lang, sizeof c->hashes[k].lang)) ||
                !export_text_is_lang(c->hashes[k].lang) ||
                (rc = cr_hash(r, ST_PACK, NULL, NULL, c->hashes[k].hash)) || !*c->hashes[k].hash)
                return rc ? rc : SD_EINVAL;
    }
    if ((rc = cr_count(r, &n)) || !(p->questions = calloc((size_t)n + 1, sizeof *p->questions)))
        return rc ? rc : SD_ENOMEM;
    for (int i = 0; i < n; i++) {
        struct export_question *q = &p->questions[p->question_count++];
        if ((rc = cr_id(r, q->id, sizeof q->id, 0)))
            return rc;
        uint64_t host = cr_uv(r, ST_PACK);
        if (host > 1 || (rc = cr_text(r, &q->text)))
            return rc ? rc : SD_EINVAL;
        q->audience = host ? AUDIENCE_HOST : AUDIENCE_SHADOW;
    }
    return r->bad ? SD_EINVAL : SD_OK;
}

static int cr_pack(struct compact_reader *r, struct export_pack *p)
{
    int rc;
    if ((rc = cr_hash(r, ST_PACK, NULL, NULL, p->pack_id)) ||
        (rc = cr_str_into(r, ST_PACK, NULL, p->date, sizeof p->date)) ||
        (*p->date && !export_text_is_day(p->date)) || (rc = cr_text(r, &p->workplace)) ||
        (rc = cr_pack_people(r, p)) || (rc = cr_pack_cards(r, p)))
        return rc ? rc : SD_EINVAL;
    return SD_OK;
}

/* Record i of d (the ones before it read): SD_OK, SD_EINVAL, SD_ENOMEM or SD_ELIMIT. */
static int cr_record(struct compact_reader *r, struct export_data *d, const unsigned char *key,
                     const struct record *start, struct record *out)
{
    int i = d->record_count, rc;
    const struct record *prev = i > 0 ? &d->records[i - 1] : start, *ctx = prev;
    memset(out, 0, sizeof *out);
    out->seq = cr_add(r, ST_SEQ, prev->seq);
    out->wall_time = cr_add(r, ST_WALL, prev->wall_time);
    uint64_t kind = cr_uv(r, ST_KIND), flags = cr_uv(r, ST_FLAGS);
    int64_t off = cr_add(r, ST_OFFSET, prev->utc_offset_min);
    if (r->bad || kind >= RECORD_KIND_COUNT || flags > (FLAG_SUSPECT | FLAG_UUID) ||
        off < -CLOCK_OFFSET_MAX_MIN || off > CLOCK_OFFSET_MAX_MIN || (!(flags & FLAG_UUID) && !key))
        return SD_EINVAL;
    out->kind = (int)kind;
    out->utc_offset_min = (int)off;
    out->clock_suspect = (flags & FLAG_SUSPECT) != 0;
    if (flags & FLAG_UUID) {
        const unsigned char *b = cr_bytes(r, ST_BLOB, COMPACT_UUID_BYTES);
        if (!b)
            return SD_EINVAL;
        export_compact_uuid_text(b, out->uuid);
    } else {
        uuid_make_keyed(key, out->seq, out->uuid);
    }
    uint64_t visit = cr_uv(r, ST_VISIT);
    if (visit == VISIT_OWN) {
        memcpy(out->visit, out->uuid, sizeof out->uuid);
    } else if (visit == VISIT_NEW) {
        const unsigned char *b = cr_bytes(r, ST_BLOB, COMPACT_UUID_BYTES);
        if (!b)
            return SD_EINVAL;
        export_compact_uuid_text(b, out->visit);
    } else if (visit >= VISIT_BACK && visit - VISIT_BACK < (uint64_t)i) {
        ctx = &d->records[i - 1 - (int)(visit - VISIT_BACK)];
        memcpy(out->visit, ctx->visit, sizeof out->visit);
    } else if (visit != VISIT_NONE) {
        return SD_EINVAL;
    }
    if ((rc = cr_str_into(r, ST_KIOSK, ctx->kiosk_id, out->kiosk_id, sizeof out->kiosk_id)) ||
        (rc = cr_str_into(r, ST_DAY, ctx->day, out->day, sizeof out->day)) ||
        (rc = cr_hash(r, ST_PACKID, ctx->pack_id, NULL, out->pack_id)) ||
        (rc = cr_str_into(r, ST_SHADOW, ctx->shadow_id, out->shadow_id, sizeof out->shadow_id)) ||
        (rc = cr_str_into(r, ST_HOST, ctx->host_id, out->host_id, sizeof out->host_id)) ||
        (rc = cr_str_into(r, ST_ITEM, ctx->item, out->item, sizeof out->item)) ||
        (rc = cr_str_into(r, ST_VALUE, ctx->value, out->value, sizeof out->value)) ||
        (rc = cr_str_into(r, ST_LANG, ctx->lang, out->lang, sizeof out->lang)) ||
        (rc = cr_hash(r, ST_HASH, ctx->content_hash,
                      export_compact_card_hash(r->pack, r->card_order, out->item, out->lang),
                      out->content_hash)))
        return rc;
    return export_record_is_valid(out) ? SD_OK : SD_EINVAL;
}

/* The streams of a body: exactly ST_COUNT of them, filling it. */
static int cr_streams(struct compact_reader *r, const char *body, size_t len)
{
    const unsigned char *p = (const unsigned char *)body, *end = p + len;
    uint64_t count, n;
    if (export_compact_get_uv(&p, end, &count) || count != ST_COUNT)
        return SD_EINVAL;
    for (int s = 0; s < ST_COUNT; s++) {
        if (export_compact_get_uv(&p, end, &n) || n > (uint64_t)(end - p))
            return SD_EINVAL;
        r->at[s] = p;
        r->end[s] = p + n;
        p += n;
    }
    return p == end ? SD_OK : SD_EINVAL;
}

/* The header: version, kiosk, batch, time, flags, the UUID key, the record count. */
static int cr_head(struct compact_reader *r, struct export_data *d, const unsigned char **key,
                   int64_t *count, char *err, size_t es)
{
    uint64_t version = cr_uv(r, ST_HEAD);
    if (!r->bad && version != COMPACT_BODY_VERSION)
        return export_compact_fail(err, es, "%s", _("this export was made by a newer shadowday: "
                                                     "update shadowday on this computer"));
    int rc = cr_str_into(r, ST_HEAD, NULL, d->kiosk_id, sizeof d->kiosk_id);
    if (rc == SD_OK)
        rc = cr_str_into(r, ST_HEAD, NULL, d->batch, sizeof d->batch);
    d->created = cr_add(r, ST_HEAD, 0);
    int64_t off = cr_add(r, ST_HEAD, 0);
    uint64_t flags = cr_uv(r, ST_HEAD);
    *key = flags & HEAD_UUID_KEY ? cr_bytes(r, ST_BLOB, UUID_KEY_BYTES) : NULL;
    uint64_t n = cr_uv(r, ST_HEAD);
    if (rc == SD_ENOMEM)
        return rc;
    if (rc || r->bad || !*d->kiosk_id || !utf8_is_id(d->kiosk_id) ||
        !qrparts_batch_is_valid(d->batch) || off < -CLOCK_OFFSET_MAX_MIN ||
        off > CLOCK_OFFSET_MAX_MIN || flags > (HEAD_SUSPECT | HEAD_PACK | HEAD_UUID_KEY) ||
        n > EXPORT_COMPACT_MAX_RECORDS || n > (uint64_t)(r->end[ST_KIND] - r->at[ST_KIND]))
        return export_compact_fail(err, es, "%s", _("the export's header is missing or not valid"));
    snprintf(d->medium, sizeof d->medium, "qr");
    d->created_offset_min = (int)off;
    d->created_suspect = (flags & HEAD_SUSPECT) != 0;
    d->has_pack = (flags & HEAD_PACK) != 0;
    *count = (int64_t)n;
    return SD_OK;
}

/* Read a form 2 body (inflated) into d. */
static int cr_body(struct compact_reader *r, struct export_data *d, const char *body, size_t len,
                   char *err, size_t es)
{
    const unsigned char *key = NULL;
    int64_t count = 0;
    struct record start, rec;
    int rc = cr_streams(r, body, len);
    if (rc)
        return export_compact_fail(err, es, "%s", _("the export's data is damaged"));
    if ((rc = cr_head(r, d, &key, &count, err, es)) != SD_OK)
        return rc;
    if (d->has_pack && (rc = cr_pack(r, &d->pack)) != SD_OK)
        return rc == SD_ENOMEM ? rc : export_compact_fail(err, es, "%s",
                                                          _("the pack summary is not valid"));
    r->pack = d->has_pack ? &d->pack : NULL;
    if (r->pack && !(r->card_order = export_compact_card_order(r->pack)))
        return SD_ENOMEM;
    export_compact_start_record(d, &start);
    while (d->record_count < count) {
        if ((rc = cr_record(r, d, key, &start, &rec)) != SD_OK)
            return rc == SD_ENOMEM ? rc : export_compact_fail(err, es, _("record %d of the export "
                                                              "is not valid"), d->record_count + 1);
        if ((rc = export_data_add_record(d, &rec)) != SD_OK)
            return rc;
    }
    for (int s = 0; s < ST_COUNT; s++)
        if (r->at[s] != r->end[s])
            return export_compact_fail(err, es, "%s", _("the export's data is damaged"));
    return SD_OK;
}

static int export_compact_read_form2(struct export_data *d, const unsigned char *in, size_t len,
                                     char *err, size_t es)
{
    const unsigned char *z, *data;
    size_t zlen, at, n, before, blen = 0;
    char *body = NULL;
    if (export_compact_frame(in, len, &z, &zlen, &at) != SD_OK ||
        export_compact_sections(in, len, at, 0, &data, &n, &before) != SD_OK)
        return export_compact_fail(err, es, "%s", _("the export's data is damaged"));
    int rc = export_compact_inflate(z, zlen, 1, EXPORT_COMPACT_MAX_BYTES, &body, &blen);
    if (rc) {
        if (rc != SD_ENOMEM)
            export_compact_fail(err, es, "%s", rc == SD_ELIMIT ? _("the export is too large")
                                                              : _("the export's data is damaged"));
        return rc == SD_ENOMEM || rc == SD_ELIMIT ? rc : SD_EINVAL;
    }
    struct compact_reader r;
    memset(&r, 0, sizeof r);
    rc = cr_body(&r, d, body, blen, err, es);
    free(r.strings);
    free(r.hashes);
    free((void *)r.card_order);
    sodium_memzero(body, blen);
    free(body);
    return rc;
}

int export_data_from_compact(struct export_data *d, const unsigned char *in, size_t len,
                             char *err, size_t err_size)
{
    memset(d, 0, sizeof *d);
    if (len >= COMPACT_MAGIC_LEN && memcmp(in, EXPORT_COMPACT_MAGIC, COMPACT_MAGIC_LEN) == 0)
        return export_compact_read_form2(d, in, len, err, err_size);
    return export_compact_read_sd1(d, in, len, err, err_size);
}
