/*
** export_compact.c - form 2 of an export: what QR codes carry, a few bytes a record.
**
** Payload: "Q2", the length of the deflated body (varint), the body as raw deflate (with a
** fixed preset dictionary of what summaries and records repeat), then sections (a letter, a
** varint length, the bytes) such as the kiosk's signature.
** The body is a list of streams (each a varint length and its bytes), one per column, so
** deflate sees alike values together: the header, the pack summary, the text of every new
** string, the raw bytes of new hashes and UUIDs, then one stream per record field. Numbers are
** LEB128 varints (signed ones zigzagged), times and sequence numbers as differences from the
** previous record. A string field is a code: 0 as the context record, 1 empty, 2 new (its text
** follows in the text stream and it joins the table), 3 + k the table's k-th string. A hash
** the same, with 3 meaning "the safety card's hash in the record's language" and the table at
** 4. A record's context is the latest earlier record of the same visit (else the one before
** it), which the visit code names: 0 none, 1 its own UUID (a check-in), 2 new (16 bytes),
** 3 + d that of the record d + 1 places back. A UUID made by the kiosk's key from the seq
** costs nothing; any other is carried whole. Writer and reader walk the fields in the same
** order, so the tables match. Must not depend on SQLite or SDL.
*/
#include "export_compact_internal.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "err.h"

/* ---------------------------------------------------------------- shared */
/*
** The preset dictionary of form 2's deflate stream: what pack summaries and records repeat most,
** as the body holds them (each string after its length), so the first of them costs a
** back-reference too. Part of the format: body version 1 always uses exactly these bytes; a
** changed dictionary is a new body version. Translations may change; that only costs bytes.
*/
static const char export_compact_dictionary_text[] =
    /* the built-in questions in English, as a pack summary lists them */
    "\x0a" "liked_work"
        "\x24" "Did you like the work you saw today?"
    "\x0d" "escort_helped"
        "\x19" "Did your escort help you?"
    "\x09" "felt_safe"
        "\x23" "Did you feel safe at the workplace?"
    "\x0a" "understood"
        "\x26" "Did you understand what you were told?"
    "\x0e" "want_this_work"
        "\x27" "Would you like to do this kind of work?"
    "\x0f" "host_interested"
        "\x26" "Was the shadow interested in the work?"
    "\x11" "host_instructions"
        "\x27" "Did the shadow follow the instructions?"
    "\x0e" "host_try_again"
        "\x42" "Could the shadow try work like this again, with support if needed?"
    /* the built-in questions in Swedish, as a pack summary lists them */
    "\x0a" "liked_work"
        "\x23" "Tyckte du om arbetet du såg i dag?"
    "\x0d" "escort_helped"
        "\x1c" "Hjälpte din handledare dig?"
    "\x09" "felt_safe"
        "\x26" "Kände du dig trygg på arbetsplatsen?"
    "\x0a" "understood"
        "\x1e" "Förstod du vad du fick höra?"
    "\x0e" "want_this_work"
        "\x2e" "Skulle du vilja göra den här sortens arbete?"
    "\x0f" "host_interested"
        "\x29" "Var jobbskuggaren intresserad av arbetet?"
    "\x11" "host_instructions"
        "\x26" "Följde jobbskuggaren instruktionerna?"
    "\x0e" "host_try_again"
        "\x52" "Kunde jobbskuggaren pröva på sådant här arbete igen, med stöd om det behövs?"
    /* the built-in questions in Finnish, as a pack summary lists them */
    "\x0a" "liked_work"
        "\x29" "Piditkö työstä, jonka näit tänään?"
    "\x0d" "escort_helped"
        "\x19" "Auttoiko ohjaajasi sinua?"
    "\x09" "felt_safe"
        "\x2a" "Tunsitko olosi turvalliseksi työpaikalla?"
    "\x0a" "understood"
        "\x27" "Ymmärsitkö, mitä sinulle kerrottiin?"
    "\x0e" "want_this_work"
        "\x26" "Haluaisitko tehdä tällaista työtä?"
    "\x0f" "host_interested"
        "\x2b" "Oliko työn seuraaja kiinnostunut työstä?"
    "\x11" "host_instructions"
        "\x22" "Noudattiko työn seuraaja ohjeita?"
    "\x0e" "host_try_again"
        "\x54" "Voisiko työn seuraaja kokeilla tällaista työtä uudelleen, tarvittaessa tuettuna?"
    /* the values records repeat most, the commonest last */
    "\x0a" "end_of_day" "\x04" "self" "\x04" "host" "\x0b" "other_field"
    "\x09" "dont_know" "\x0b" "study_field" "\x09" "try_again" "\x08" "complete"
    "\x04" "done" "\x04" "next" "\x07" "comment" "\x04" "skip" "\x08" "question"
    "\x0a" "understood" "\x02" "en" "\x02" "sv" "\x02" "fi";

const unsigned char *export_compact_dictionary(size_t *len)
{
    *len = sizeof export_compact_dictionary_text - 1;
    return (const unsigned char *)export_compact_dictionary_text;
}

int export_compact_fail(char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return SD_EINVAL;
}

/* A uuid's text as 16 bytes; -1 unless it is well-formed. */
int export_compact_uuid_bytes(const char *text, unsigned char out[COMPACT_UUID_BYTES])
{
    char hex[33];
    size_t n = 0;
    if (!uuid_is_well_formed(text))
        return -1;
    for (const char *p = text; *p; p++)
        if (*p != '-')
            hex[n++] = *p;
    hex[n] = '\0';
    return sodium_hex2bin(out, COMPACT_UUID_BYTES, hex, n, NULL, NULL, NULL) == 0 ? 0 : -1;
}

void export_compact_uuid_text(const unsigned char b[COMPACT_UUID_BYTES], char out[UUID_TEXT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < COMPACT_UUID_BYTES; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0f];
    }
    out[o] = '\0';
}

static int compact_cmp_card(const void *a, const void *b)
{
    const struct export_card *x = *(const struct export_card *const *)a;
    const struct export_card *y = *(const struct export_card *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x > y) - (x < y);   /* one array: ties in place order */
}

const struct export_card **export_compact_card_order(const struct export_pack *p)
{
    const struct export_card **order = malloc((size_t)(p->card_count > 0 ? p->card_count : 1) *
                                              sizeof *order);
    if (!order)
        return NULL;
    for (int i = 0; i < p->card_count; i++)
        order[i] = &p->cards[i];
    qsort(order, (size_t)p->card_count, sizeof *order, compact_cmp_card);
    return order;
}

const char *export_compact_card_hash(const struct export_pack *p,
                                     const struct export_card *const *order, const char *item,
                                     const char *lang)
{
    int lo = 0, hi = p ? p->card_count : 0;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(order[mid]->id, item) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!p || lo >= p->card_count || strcmp(order[lo]->id, item) != 0)
        return NULL;
    for (int k = 0; k < order[lo]->hash_count; k++)
        if (strcmp(order[lo]->hashes[k].lang, lang) == 0)
            return order[lo]->hashes[k].hash;
    return NULL;
}

/* The record the first one is told against: the export's kiosk, the pack's day and id. */
void export_compact_start_record(const struct export_data *d, struct record *start)
{
    memset(start, 0, sizeof *start);
    start->wall_time = d->created;
    start->utc_offset_min = d->created_offset_min;
    snprintf(start->kiosk_id, sizeof start->kiosk_id, "%s", d->kiosk_id);
    if (d->has_pack) {
        snprintf(start->day, sizeof start->day, "%s", d->pack.date);
        snprintf(start->pack_id, sizeof start->pack_id, "%s", d->pack.pack_id);
    }
}

/* An unsigned LEB128 varint. */
void export_compact_put_uv(struct textbuf *b, uint64_t v)
{
    char out[10];
    size_t n = 0;
    do {
        out[n] = (char)(v & 0x7f);
        v >>= 7;
        if (v)
            out[n] = (char)(out[n] | 0x80);
        n++;
    } while (v);
    textbuf_append(b, out, n);
}

/* A varint at *p (before end); -1 when cut short or longer than 64 bits. */
int export_compact_get_uv(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*p >= end)
            return -1;
        unsigned char b = *(*p)++;
        if (shift == 63 && b > 1)
            return -1;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------- sections */
/* Where the deflated body is in a form 2 payload, and where the sections begin. */
int export_compact_frame(const unsigned char *buf, size_t len, const unsigned char **z,
                         size_t *zlen, size_t *sections_at)
{
    const unsigned char *p = buf + COMPACT_MAGIC_LEN, *end = buf + len;
    uint64_t n;
    if (len < COMPACT_MAGIC_LEN || memcmp(buf, EXPORT_COMPACT_MAGIC, COMPACT_MAGIC_LEN) != 0 ||
        export_compact_get_uv(&p, end, &n) || n > (uint64_t)(end - p))
        return SD_EINVAL;
    *z = p;
    *zlen = (size_t)n;
    *sections_at = (size_t)(p + n - buf);
    return SD_OK;
}

/*
** Walk the sections: every one well-formed, none twice; the one of type (0: none) is
** returned. SD_OK, SD_ENOTFOUND (no such section) or SD_EINVAL.
*/
int export_compact_sections(const unsigned char *buf, size_t len, size_t at, int type,
                            const unsigned char **data, size_t *n, size_t *before)
{
    const unsigned char *p = buf + at, *end = buf + len;
    unsigned seen[26] = { 0 };
    int found = 0;
    for (int count = 0; p < end; count++) {
        const unsigned char *start = p;
        int t = *p++;
        uint64_t size;
        if (count >= EXPORT_COMPACT_MAX_SECTIONS || t < 'A' || t > 'Z' || seen[t - 'A']++ ||
            export_compact_get_uv(&p, end, &size) || size > EXPORT_COMPACT_SECTION_MAX ||
            size > (uint64_t)(end - p))
            return SD_EINVAL;
        if (t == type) {
            *data = p;
            *n = (size_t)size;
            *before = (size_t)(start - buf);
            found = 1;
        }
        p += size;
    }
    return found || !type ? SD_OK : SD_ENOTFOUND;
}

int export_compact_add_section(unsigned char **buf, size_t *len, int type,
                               const unsigned char *data, size_t n)
{
    const unsigned char *z, *d;
    size_t zlen, at, dn, before;
    if (type < 'A' || type > 'Z' || n > EXPORT_COMPACT_SECTION_MAX ||
        export_compact_frame(*buf, *len, &z, &zlen, &at) != SD_OK ||
        export_compact_sections(*buf, *len, at, type, &d, &dn, &before) != SD_ENOTFOUND)
        return SD_EINVAL;
    struct textbuf b = { 0 };
    textbuf_append(&b, (const char *)*buf, *len);
    textbuf_append(&b, (const char *)&(char){ (char)type }, 1);
    export_compact_put_uv(&b, n);
    if (n)
        textbuf_append(&b, (const char *)data, n);
    if (b.error) {
        textbuf_free(&b);
        return SD_ENOMEM;
    }
    free(*buf);
    *buf = (unsigned char *)b.data;
    *len = b.len;
    return SD_OK;
}

int export_compact_find_section(const unsigned char *buf, size_t len, int type,
                                const unsigned char **data, size_t *n, size_t *before)
{
    const unsigned char *z;
    size_t zlen, at;
    if (export_compact_frame(buf, len, &z, &zlen, &at) != SD_OK || type < 'A' || type > 'Z')
        return SD_EINVAL;
    return export_compact_sections(buf, len, at, type, data, n, before);
}

int export_compact_inflate(const unsigned char *in, size_t len, int raw, size_t max,
                           char **out, size_t *out_len)
{
    z_stream z;
    size_t dict_len = 0;
    const unsigned char *dict = export_compact_dictionary(&dict_len);
    memset(&z, 0, sizeof z);
    if ((raw ? inflateInit2(&z, -15) : inflateInit(&z)) != Z_OK)
        return SD_ENOMEM;
    if (raw && inflateSetDictionary(&z, dict, (uInt)dict_len) != Z_OK) {
        inflateEnd(&z);
        return SD_ERR;
    }
    size_t cap = len * 4 + 1024, n = 0;
    if (cap > max + 1)
        cap = max + 1;
    char *buf = malloc(cap + 1);
    int rc = SD_OK, zrc = Z_OK;
    if (!buf) {
        rc = SD_ENOMEM;
        goto done;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    while (zrc != Z_STREAM_END) {
        if (n == cap) {
            if (cap > max) {
                rc = SD_ELIMIT;
                goto done;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *g = realloc(buf, ncap + 1);
            if (!g) {
                rc = SD_ENOMEM;
                goto done;
            }
            buf = g;
            cap = ncap;
        }
        z.next_out = (Bytef *)buf + n;
        z.avail_out = (uInt)(cap - n);
        zrc = inflate(&z, Z_NO_FLUSH);
        n = cap - z.avail_out;
        if (zrc == Z_MEM_ERROR) {
            rc = SD_ENOMEM;
            goto done;
        }
        if (zrc != Z_OK && zrc != Z_STREAM_END) {
            rc = SD_ECORRUPT;   /* not zlib data, or cut short (Z_BUF_ERROR with no input left) */
            goto done;
        }
    }
    if (z.avail_in != 0 || n > max) {
        rc = n > max ? SD_ELIMIT : SD_ECORRUPT;
        goto done;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    buf = NULL;
done:
    inflateEnd(&z);
    free(buf);
    return rc;
}
