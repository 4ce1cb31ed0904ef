/*
** export_compact_write.c - writing form 2 (the layout is described in export_compact.c).
**
** Every field is looked up in a table of what was written before (strings, hashes, the latest
** record of each visit) through small open-addressing maps, so an export of many records is
** written in linear time. Must not depend on SQLite or SDL.
*/
#include "export_compact_internal.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "err.h"

/* ---------------------------------------------------------------- writing: look-up tables */
/* Strings to numbers (a string table's indexes, a visit's latest record), open addressing. */
struct compact_map {
    const char **keys;
    int *values;
    size_t slot_count, count;
};

static size_t compact_map_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static void compact_map_free(struct compact_map *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

static size_t compact_map_slot(const struct compact_map *m, const char *key)
{
    size_t k = compact_map_hash(key) & (m->slot_count - 1);
    while (m->keys[k] && strcmp(m->keys[k], key) != 0)
        k = (k + 1) & (m->slot_count - 1);
    return k;
}

/* The value of key, or -1. */
static int compact_map_get(const struct compact_map *m, const char *key)
{
    if (m->slot_count == 0)
        return -1;
    size_t k = compact_map_slot(m, key);
    return m->keys[k] ? m->values[k] : -1;
}

/* Set key (kept by pointer: it must outlive the map) to value. */
static int compact_map_set(struct compact_map *m, const char *key, int value)
{
    if ((m->count + 1) * 2 > m->slot_count) {
        struct compact_map g = { 0 };
        g.slot_count = m->slot_count ? m->slot_count * 2 : 256;
        g.keys = calloc(g.slot_count, sizeof *g.keys);
        g.values = calloc(g.slot_count, sizeof *g.values);
        if (!g.keys || !g.values) {
            compact_map_free(&g);
            return SD_ENOMEM;
        }
        for (size_t i = 0; i < m->slot_count; i++)
            if (m->keys[i]) {
                size_t k = compact_map_slot(&g, m->keys[i]);
                g.keys[k] = m->keys[i];
                g.values[k] = m->values[i];
                g.count++;
            }
        compact_map_free(m);
        *m = g;
    }
    size_t k = compact_map_slot(m, key);
    if (!m->keys[k]) {
        m->keys[k] = key;
        m->count++;
    }
    m->values[k] = value;
    return SD_OK;
}

/* ---------------------------------------------------------------- writing */
struct compact_writer {
    struct textbuf st[ST_COUNT];
    struct compact_map strings, hashes, visits;
    int string_count, hash_count;
    const struct export_pack *pack;     /* NULL without a pack summary */
    const struct export_card **card_order;
    int error;
};

/* The streams keep their first failure (SD_ENOMEM); the writer keeps any other. */
static void cw_bytes(struct compact_writer *w, int st, const void *p, size_t n)
{
    textbuf_append(&w->st[st], p, n);
}

static void cw_uv(struct compact_writer *w, int st, uint64_t v)
{
    export_compact_put_uv(&w->st[st], v);
}

/* A difference a - b of two int64, zigzagged (wrapping, as the reader adds it back). */
static void cw_diff(struct compact_writer *w, int st, int64_t a, int64_t b)
{
    uint64_t d = (uint64_t)a - (uint64_t)b;
    cw_uv(w, st, (d << 1) ^ (0 - (d >> 63)));
}

static void cw_fail(struct compact_writer *w, int rc)
{
    if (!w->error)
        w->error = rc;
}

/* A string field: as the context (same, may be NULL), empty, a table entry or new. */
static void cw_str(struct compact_writer *w, int st, const char *v, const char *same)
{
    if (same && strcmp(v, same) == 0) {
        cw_uv(w, st, CODE_SAME);
        return;
    }
    if (!*v) {
        cw_uv(w, st, CODE_EMPTY);
        return;
    }
    int k = compact_map_get(&w->strings, v);
    if (k >= 0) {
        cw_uv(w, st, STRING_TABLE_AT + (uint64_t)k);
        return;
    }
    size_t n = strlen(v);
    cw_uv(w, st, CODE_NEW);
    cw_uv(w, ST_TEXT, n);
    cw_bytes(w, ST_TEXT, v, n);
    if (compact_map_set(&w->strings, v, w->string_count++) != SD_OK)
        cw_fail(w, SD_ENOMEM);
}

/* A hash field (64 hex digits or empty); card is the card's hash for the record, or NULL. */
static void cw_hash(struct compact_writer *w, int st, const char *v, const char *same,
                    const char *card)
{
    unsigned char bin[COMPACT_HASH_BYTES];
    if (same && strcmp(v, same) == 0) {
        cw_uv(w, st, CODE_SAME);
    } else if (!*v) {
        cw_uv(w, st, CODE_EMPTY);
    } else if (card && strcmp(v, card) == 0) {
        cw_uv(w, st, CODE_CARD);
    } else if (compact_map_get(&w->hashes, v) >= 0) {
        cw_uv(w, st, HASH_TABLE_AT + (uint64_t)compact_map_get(&w->hashes, v));
    } else if (!export_text_is_hash(v) ||
               sodium_hex2bin(bin, sizeof bin, v, strlen(v), NULL, NULL, NULL) != 0) {
        cw_fail(w, SD_EINVAL);
    } else {
        cw_uv(w, st, CODE_NEW);
        cw_bytes(w, ST_BLOB, bin, sizeof bin);
        if (compact_map_set(&w->hashes, v, w->hash_count++) != SD_OK)
            cw_fail(w, SD_ENOMEM);
    }
}

static void cw_uuid(struct compact_writer *w, const char *text)
{
    unsigned char b[COMPACT_UUID_BYTES];
    if (export_compact_uuid_bytes(text, b) != 0)
        cw_fail(w, SD_EINVAL);
    else
        cw_bytes(w, ST_BLOB, b, sizeof b);
}

/*
** The card hashes the summary carries: those in the languages this export's acknowledgements
** were made in. The others cost 32 bytes a card each and judge no record here; collect joins
** the summaries of one pack it reads, so another export's acknowledgements find theirs.
*/
#define COMPACT_ACK_LANGS 16

struct compact_langs {
    const char *lang[COMPACT_ACK_LANGS];
    int count, all;                     /* all: too many to list, keep every hash */
};

static void cw_ack_langs(const struct export_data *d, struct compact_langs *l)
{
    memset(l, 0, sizeof *l);
    for (int i = 0; i < d->record_count && !l->all; i++) {
        const struct record *r = &d->records[i];
        int k = 0;
        if (r->kind != RECORD_SAFETY_ACK)
            continue;
        while (k < l->count && strcmp(l->lang[k], r->lang) != 0)
            k++;
        if (k == l->count && l->count == COMPACT_ACK_LANGS)
            l->all = 1;
        else if (k == l->count)
            l->lang[l->count++] = r->lang;
    }
}

static int cw_lang_needed(const struct compact_langs *l, const char *lang)
{
    for (int k = 0; k < l->count && !l->all; k++)
        if (strcmp(l->lang[k], lang) == 0)
            return 1;
    return l->all;
}

static void cw_pack(struct compact_writer *w, const struct export_data *d)
{
    const struct export_pack *p = &d->pack;
    struct compact_langs langs;
    cw_ack_langs(d, &langs);
    cw_hash(w, ST_PACK, p->pack_id, NULL, NULL);
    cw_str(w, ST_PACK, p->date, NULL);
    cw_str(w, ST_PACK, p->workplace ? p->workplace : "", NULL);
    cw_uv(w, ST_PACK, (uint64_t)p->shadow_count);
    for (int i = 0; i < p->shadow_count; i++) {
        cw_str(w, ST_PACK, p->shadows[i].id, NULL);
        cw_str(w, ST_PACK, p->shadows[i].first_name ? p->shadows[i].first_name : "", NULL);
        cw_str(w, ST_PACK, p->shadows[i].escort_id, NULL);
        cw_uv(w, ST_PACK, p->shadows[i].agreement_signed != 0);
    }
    cw_uv(w, ST_PACK, (uint64_t)p->host_count);
    for (int i = 0; i < p->host_count; i++) {
        cw_str(w, ST_PACK, p->hosts[i].id, NULL);
        cw_str(w, ST_PACK, p->hosts[i].name ? p->hosts[i].name : "", NULL);
        cw_str(w, ST_PACK, p->hosts[i].role ? p->hosts[i].role : "", NULL);
    }
    cw_uv(w, ST_PACK, (uint64_t)p->card_count);
    for (int i = 0; i < p->card_count; i++) {
        const struct export_card *c = &p->cards[i];
        cw_str(w, ST_PACK, c->id, NULL);
        cw_str(w, ST_PACK, c->title ? c->title : "", NULL);
        int needed[sizeof c->hashes / sizeof c->hashes[0]], n = 0;
        for (int k = 0; k < c->hash_count; k++)
            n += needed[k] = cw_lang_needed(&langs, c->hashes[k].lang);
        cw_uv(w, ST_PACK, (uint64_t)n);
        for (int k = 0; k < c->hash_count; k++) {
            if (!needed[k])
                continue;
            cw_str(w, ST_PACK, c->hashes[k].lang, NULL);
            cw_hash(w, ST_PACK, c->hashes[k].hash, NULL, NULL);
        }
    }
    cw_uv(w, ST_PACK, (uint64_t)p->question_count);
    for (int i = 0; i < p->question_count; i++) {
        cw_str(w, ST_PACK, p->questions[i].id, NULL);
        cw_uv(w, ST_PACK, p->questions[i].audience == AUDIENCE_HOST);
        cw_str(w, ST_PACK, p->questions[i].text ? p->questions[i].text : "", NULL);
    }
}

/* Record i: numbers against the record before it, the rest against its context. */
static void cw_record(struct compact_writer *w, const struct export_data *d, int i,
                      const unsigned char *key, const struct record *start)
{
    const struct record *r = &d->records[i], *prev = i > 0 ? &d->records[i - 1] : start;
    char derived[UUID_TEXT_SIZE] = "";
    if (!export_record_is_valid(r)) {
        cw_fail(w, SD_EINVAL);
        return;
    }
    if (key)
        uuid_make_keyed(key, r->seq, derived);
    cw_diff(w, ST_SEQ, r->seq, prev->seq);
    cw_diff(w, ST_WALL, r->wall_time, prev->wall_time);
    cw_uv(w, ST_KIND, (uint64_t)r->kind);
    cw_diff(w, ST_OFFSET, r->utc_offset_min, prev->utc_offset_min);
    int own = strcmp(r->uuid, derived) != 0;
    cw_uv(w, ST_FLAGS, (r->clock_suspect ? FLAG_SUSPECT : 0) | (own ? FLAG_UUID : 0));
    if (own)
        cw_uuid(w, r->uuid);
    const struct record *ctx = prev;
    int back = r->visit[0] ? compact_map_get(&w->visits, r->visit) : -1;
    if (!r->visit[0]) {
        cw_uv(w, ST_VISIT, VISIT_NONE);
    } else if (strcmp(r->visit, r->uuid) == 0) {
        cw_uv(w, ST_VISIT, VISIT_OWN);
    } else if (back >= 0) {
        cw_uv(w, ST_VISIT, VISIT_BACK + (uint64_t)(i - 1 - back));
        ctx = &d->records[back];
    } else {
        cw_uv(w, ST_VISIT, VISIT_NEW);
        cw_uuid(w, r->visit);
    }
    if (r->visit[0] && compact_map_set(&w->visits, r->visit, i) != SD_OK)
        cw_fail(w, SD_ENOMEM);
    cw_str(w, ST_KIOSK, r->kiosk_id, ctx->kiosk_id);
    cw_str(w, ST_DAY, r->day, ctx->day);
    cw_hash(w, ST_PACKID, r->pack_id, ctx->pack_id, NULL);
    cw_str(w, ST_SHADOW, r->shadow_id, ctx->shadow_id);
    cw_str(w, ST_HOST, r->host_id, ctx->host_id);
    cw_str(w, ST_ITEM, r->item, ctx->item);
    cw_str(w, ST_VALUE, r->value, ctx->value);
    cw_str(w, ST_LANG, r->lang, ctx->lang);
    cw_hash(w, ST_HASH, r->content_hash, ctx->content_hash,
            export_compact_card_hash(w->pack, w->card_order, r->item, r->lang));
}

/* The body: how many streams, then each after its length; the first failure of any. */
static int cw_body(struct compact_writer *w, struct textbuf *body)
{
    int rc = w->error;
    export_compact_put_uv(body, ST_COUNT);
    for (int s = 0; s < ST_COUNT; s++) {
        if (w->st[s].error && !rc)
            rc = w->st[s].error;
        export_compact_put_uv(body, w->st[s].len);
        if (w->st[s].len)
            textbuf_append(body, w->st[s].data, w->st[s].len);
    }
    return rc ? rc : body->error;
}

/* Raw deflate, level 9, into a malloc'd buffer. */
static int compact_deflate(const char *in, size_t len, unsigned char **out, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    size_t dict_len = 0;
    const unsigned char *dict = export_compact_dictionary(&dict_len);
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return SD_ENOMEM;
    if (deflateSetDictionary(&z, dict, (uInt)dict_len) != Z_OK) {
        deflateEnd(&z);
        return SD_ERR;
    }
    size_t cap = deflateBound(&z, (uLong)len) + 16;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&z);
        return SD_ENOMEM;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    int zrc = deflate(&z, Z_FINISH);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    if (zrc != Z_STREAM_END) {
        free(buf);
        return SD_ERR;
    }
    *out = buf;
    return SD_OK;
}

int export_compact_encode(const struct export_data *d, const unsigned char *uuid_key,
                          unsigned char **out, size_t *len)
{
    struct compact_writer w;
    struct textbuf body = { 0 }, payload = { 0 };
    struct record start;
    unsigned char *z = NULL;
    size_t zlen = 0;
    *out = NULL;
    *len = 0;
    if (d->record_count > EXPORT_COMPACT_MAX_RECORDS)
        return SD_ELIMIT;
    memset(&w, 0, sizeof w);
    w.pack = d->has_pack ? &d->pack : NULL;
    if (w.pack && !(w.card_order = export_compact_card_order(w.pack)))
        return SD_ENOMEM;
    cw_uv(&w, ST_HEAD, COMPACT_BODY_VERSION);
    cw_str(&w, ST_HEAD, d->kiosk_id, NULL);
    cw_str(&w, ST_HEAD, d->batch, NULL);
    cw_diff(&w, ST_HEAD, d->created, 0);
    cw_diff(&w, ST_HEAD, d->created_offset_min, 0);
    cw_uv(&w, ST_HEAD, (d->created_suspect ? HEAD_SUSPECT : 0) | (d->has_pack ? HEAD_PACK : 0) |
                       (uuid_key ? HEAD_UUID_KEY : 0));
    if (uuid_key)
        cw_bytes(&w, ST_BLOB, uuid_key, UUID_KEY_BYTES);
    cw_uv(&w, ST_HEAD, (uint64_t)d->record_count);
    if (w.pack)
        cw_pack(&w, d);
    export_compact_start_record(d, &start);
    for (int i = 0; i < d->record_count && !w.error; i++)
        cw_record(&w, d, i, uuid_key, &start);
    int rc = w.error ? w.error : cw_body(&w, &body);
    if (rc == SD_OK)
        rc = compact_deflate(body.data, body.len, &z, &zlen);
    if (rc == SD_OK) {
        textbuf_append(&payload, EXPORT_COMPACT_MAGIC, COMPACT_MAGIC_LEN);
        export_compact_put_uv(&payload, zlen);
        textbuf_append(&payload, (const char *)z, zlen);
        rc = payload.error;
    }
    if (rc == SD_OK) {
        *out = (unsigned char *)payload.data;
        *len = payload.len;
        payload.data = NULL;
    }
    free(z);
    textbuf_free(&payload);
    if (body.data)
        sodium_memzero(body.data, body.len);
    textbuf_free(&body);
    for (int s = 0; s < ST_COUNT; s++) {
        if (w.st[s].data)
            sodium_memzero(w.st[s].data, w.st[s].len);
        textbuf_free(&w.st[s]);
    }
    compact_map_free(&w.strings);
    compact_map_free(&w.hashes);
    compact_map_free(&w.visits);
    free(w.card_order);
    return rc;
}

