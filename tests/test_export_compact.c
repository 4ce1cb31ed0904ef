/*
** test_export_compact.c - the compact form 2 QR codes carry: every record back exactly as the
** store has it (UUIDs derived from the kiosk's key, or carried when they are not), the unusual
** records too, a day in the number of codes with room for a signature, sections, and
** hostile payloads (cut short, bytes changed, counts that lie, a deflate bomb) refused cleanly.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testutil.h"
#include "export_fixture.h"

#include "export.h"
#include "export_compact.h"
#include "export_compact_internal.h"
#include "qrparts.h"
#include "uuid.h"

/* What the QR export of f would carry, and the kiosk's UUID key. */
static void day_data(struct fixture *f, struct export_data *d, unsigned char key[UUID_KEY_BYTES])
{
    assert_int_equal(export_collect(f->s, "qr", d), SD_OK);
    store_uuid_key(f->s, key);
}

static void assert_records_equal(const struct export_data *a, const struct export_data *b)
{
    assert_int_equal(a->record_count, b->record_count);
    for (int i = 0; i < a->record_count; i++)
        if (!export_record_equal(&a->records[i], &b->records[i]))
            fail_msg("record %d differs: %s/%lld vs %s/%lld", i, a->records[i].uuid,
                     (long long)a->records[i].seq, b->records[i].uuid, (long long)b->records[i].seq);
}

/* Encode d, decode it again, and check every field came back; the payload's size in *len. */
static void round_trip(const struct export_data *d, const unsigned char *key, size_t *len)
{
    unsigned char *buf = NULL;
    size_t n = 0;
    char err[300] = "";
    struct export_data back;
    assert_int_equal(export_compact_encode(d, key, &buf, &n), SD_OK);
    assert_memory_equal(buf, EXPORT_COMPACT_MAGIC, 2);
    int rc = export_data_from_compact(&back, buf, n, err, sizeof err);
    if (rc != SD_OK)
        fail_msg("decode: %d %s", rc, err);
    assert_string_equal(back.kiosk_id, d->kiosk_id);
    assert_string_equal(back.batch, d->batch);
    assert_string_equal(back.medium, "qr");
    assert_int_equal(back.created, d->created);
    assert_int_equal(back.created_offset_min, d->created_offset_min);
    assert_int_equal(back.created_suspect, d->created_suspect);
    assert_int_equal(back.has_pack, d->has_pack);
    if (d->has_pack) {
        const struct export_pack *p = &d->pack, *q = &back.pack;
        assert_string_equal(q->pack_id, p->pack_id);
        assert_string_equal(q->date, p->date);
        assert_string_equal(q->workplace, p->workplace);
        assert_int_equal(q->shadow_count, p->shadow_count);
        for (int i = 0; i < p->shadow_count; i++) {
            assert_string_equal(q->shadows[i].id, p->shadows[i].id);
            assert_string_equal(q->shadows[i].first_name, p->shadows[i].first_name);
            assert_string_equal(q->shadows[i].escort_id, p->shadows[i].escort_id);
            assert_int_equal(q->shadows[i].agreement_signed, p->shadows[i].agreement_signed);
        }
        assert_int_equal(q->host_count, p->host_count);
        for (int i = 0; i < p->host_count; i++) {
            assert_string_equal(q->hosts[i].name, p->hosts[i].name);
            assert_string_equal(q->hosts[i].role, p->hosts[i].role);
        }
        assert_int_equal(q->question_count, p->question_count);
        for (int i = 0; i < p->question_count; i++) {
            assert_string_equal(q->questions[i].id, p->questions[i].id);
            assert_int_equal(q->questions[i].audience, p->questions[i].audience);
            assert_string_equal(q->questions[i].text, p->questions[i].text);
        }
        /* Cards: each hash that came is the card's in that language; every language an
        ** acknowledgement was made in came. */
        assert_int_equal(q->card_count, p->card_count);
        for (int i = 0; i < p->card_count; i++) {
            assert_string_equal(q->cards[i].id, p->cards[i].id);
            assert_string_equal(q->cards[i].title, p->cards[i].title);
            for (int k = 0; k < q->cards[i].hash_count; k++) {
                int same = 0;
                for (int m = 0; m < p->cards[i].hash_count; m++)
                    same |= strcmp(p->cards[i].hashes[m].lang, q->cards[i].hashes[k].lang) == 0 &&
                            strcmp(p->cards[i].hashes[m].hash, q->cards[i].hashes[k].hash) == 0;
                assert_true(same);
            }
        }
        for (int r = 0; r < d->record_count; r++) {
            if (d->records[r].kind != RECORD_SAFETY_ACK)
                continue;
            int langs = 0;
            for (int i = 0; i < q->card_count; i++)
                for (int k = 0; k < q->cards[i].hash_count; k++)
                    langs += strcmp(q->cards[i].hashes[k].lang, d->records[r].lang) == 0;
            assert_true(langs > 0);
        }
    }
    assert_records_equal(d, &back);
    export_data_free(&back);
    if (len)
        *len = n;
    free(buf);
}

static void test_compact_round_trip(void **state)
{
    (void)state;
    struct fixture f;
    struct export_data d;
    unsigned char key[UUID_KEY_BYTES];
    size_t with_key = 0, without = 0;
    fx_open(&f, "Kahvila \"Aurinko\" & Co", 7, NULL);
    fx_day(&f, 7, "Kiva päivä!\nToinen rivi\ttabulaattorilla, \\ ja \"lainaus\"");
    day_data(&f, &d, key);
    assert_true(d.record_count > 90);
    round_trip(&d, key, &with_key);
    /* Without the key every UUID is carried: the same records, 16 bytes each more or less. */
    round_trip(&d, NULL, &without);
    print_message("%d records: %zu bytes with the kiosk's UUID key, %zu without\n",
                  d.record_count, with_key, without);
    assert_true(without > with_key + (size_t)d.record_count * 12);
    /* A record's UUID is the one uuid_make_keyed gives for its seq. */
    for (int i = 0; i < d.record_count; i++) {
        char u[UUID_TEXT_SIZE];
        uuid_make_keyed(key, d.records[i].seq, u);
        assert_string_equal(u, d.records[i].uuid);
    }
    export_data_free(&d);
    fx_close(&f);
}

/* Records made before the kiosk had a UUID key (random UUIDs), mixed with newer ones. */
static void test_compact_legacy_uuids(void **state)
{
    (void)state;
    struct fixture f;
    struct export_data d;
    unsigned char key[UUID_KEY_BYTES];
    fx_open(&f, "Kahvila", 4, NULL);
    fx_day(&f, 4, NULL);
    day_data(&f, &d, key);
    /* The first half get random UUIDs; their visits follow their check-ins. */
    for (int i = 0; i < d.record_count / 2; i++) {
        struct record *r = &d.records[i];
        char old[UUID_TEXT_SIZE];
        memcpy(old, r->uuid, sizeof old);
        assert_int_equal(uuid_make_v4(r->uuid), SD_OK);
        if (r->kind == RECORD_CHECKIN)
            for (int k = 0; k < d.record_count; k++)
                if (strcmp(d.records[k].visit, old) == 0)
                    memcpy(d.records[k].visit, r->uuid, sizeof r->uuid);
    }
    round_trip(&d, key, NULL);
    export_data_free(&d);
    fx_close(&f);
}

/* What a store rarely gives: a visit whose check-in went out before, an acknowledgement of an
** older card, empty and long values, another kiosk id, no pack at all, no records at all. */
static void test_compact_unusual_records(void **state)
{
    (void)state;
    struct fixture f;
    struct export_data d;
    unsigned char key[UUID_KEY_BYTES];
    fx_open(&f, "Kahvila", 3, NULL);
    fx_day(&f, 3, NULL);
    day_data(&f, &d, key);
    /* The first check-in was delivered: its visit's records name it without carrying it. */
    assert_int_equal(d.records[0].kind, RECORD_CHECKIN);
    memmove(&d.records[0], &d.records[1], (size_t)(d.record_count - 1) * sizeof d.records[0]);
    d.record_count--;
    /* An older version of a card, acknowledged twice; and a card the pack does not have. */
    int acks = 0;
    for (int i = 0; i < d.record_count && acks < 3; i++)
        if (d.records[i].kind == RECORD_SAFETY_ACK) {
            memset(d.records[i].content_hash, acks < 2 ? 'a' : 'b', 64);
            if (acks == 2)
                snprintf(d.records[i].item, sizeof d.records[i].item, "gone-card");
            acks++;
        }
    assert_int_equal(acks, 3);
    /* The longest comment, with letters beyond ASCII; an empty one; another kiosk's record. */
    struct record *c = &d.records[d.record_count - 3];
    memset(c->value, 'x', RECORD_VALUE_MAX - 1);
    memcpy(c->value, "ÅÄÖ åäö", strlen("ÅÄÖ åäö"));
    c->value[RECORD_VALUE_MAX - 1] = '\0';
    d.records[d.record_count - 2].value[0] = '\0';
    snprintf(d.records[d.record_count - 1].kiosk_id, sizeof d.records[0].kiosk_id, "K-other");
    /* A clock change: no visit, no day; and times that go backwards. */
    struct record clk;
    memset(&clk, 0, sizeof clk);
    clk.seq = d.records[d.record_count - 1].seq + 5;
    uuid_make_keyed(key, clk.seq, clk.uuid);
    snprintf(clk.kiosk_id, sizeof clk.kiosk_id, "%s", d.kiosk_id);
    clk.kind = RECORD_CLOCK_SET;
    clk.wall_time = d.records[0].wall_time - 86400;
    clk.utc_offset_min = 120;
    clk.clock_suspect = 1;
    snprintf(clk.value, sizeof clk.value, "2027-04-14T09:00:00+02:00");
    assert_int_equal(export_data_add_record(&d, &clk), SD_OK);
    round_trip(&d, key, NULL);
    /* No pack summary. */
    d.has_pack = 0;
    round_trip(&d, key, NULL);
    /* No records. */
    d.record_count = 0;
    round_trip(&d, key, NULL);
    export_data_free(&d);
    fx_close(&f);
}

/* How many codes a payload of len bytes needs. */
static int codes_for(size_t len)
{
    unsigned char *zero = calloc(1, len);
    struct qrparts p;
    assert_int_equal(qrparts_split_version(zero, len, "ABCD1234", 2, &p), SD_OK);
    int n = p.count;
    qrparts_free(&p);
    free(zero);
    return n;
}

/* Issue 13's targets: a day of 10 shadows in at most 3 codes, 24 in at most 6, plain and
** encrypted, at version 20-M, with 100 bytes to spare for the kiosk's signature. */
static void test_compact_day_in_few_codes(void **state)
{
    (void)state;
    static const struct { int shadows, most; } days[] = { { 1, 2 }, { 10, 3 }, { 24, 6 } };
    struct crypt_keypair kp;
    char b64[CRYPT_PUBLIC_B64_SIZE];
    assert_int_equal(crypt_keypair_make(&kp), SD_OK);
    crypt_public_to_base64(kp.pk, b64);
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        for (int enc = 0; enc < 2; enc++) {
            struct fixture f;
            struct qrparts parts;
            struct export_result res;
            fx_open(&f, "Kahvila Aurinko", days[i].shadows, enc ? b64 : NULL);
            fx_day(&f, days[i].shadows, NULL);
            assert_int_equal(export_to_qr(f.s, &parts, &res), SD_OK);
            assert_int_equal(res.encrypted, enc);
            size_t bytes = 0;
            for (int k = 0; k < parts.count; k++) {
                struct qrparts_frame fr;
                assert_int_equal(qrparts_read_frame(parts.parts[k], strlen(parts.parts[k]), &fr), SD_OK);
                assert_int_equal(fr.version, 2);
                bytes += (fr.data_len / 3) * 2 + (fr.data_len % 3 ? 1 : 0);
            }
            print_message("%d shadows, %s: %d records, %zu bytes, %d codes (%.1f bytes a record)\n",
                          days[i].shadows, enc ? "encrypted" : "plain", res.record_count, bytes,
                          parts.count, (double)bytes / res.record_count);
            assert_true(parts.count <= days[i].most);
            assert_true(codes_for(bytes + 100) <= days[i].most);
            qrparts_free(&parts);
            fx_close(&f);
        }
    crypt_keypair_wipe(&kp);
}

static void test_compact_sections(void **state)
{
    (void)state;
    struct fixture f;
    struct export_data d, back;
    unsigned char key[UUID_KEY_BYTES], sig[98], *buf = NULL;
    const unsigned char *data;
    size_t len, n, before;
    char err[300];
    fx_open(&f, "Kahvila", 2, NULL);
    fx_day(&f, 2, NULL);
    day_data(&f, &d, key);
    assert_int_equal(export_compact_encode(&d, key, &buf, &len), SD_OK);
    size_t body = len;
    assert_int_equal(export_compact_find_section(buf, len, EXPORT_COMPACT_SECTION_SIGNATURE, &data,
                                                 &n, &before), SD_ENOTFOUND);
    for (size_t i = 0; i < sizeof sig; i++)
        sig[i] = (unsigned char)(i * 7);
    assert_int_equal(export_compact_add_section(&buf, &len, EXPORT_COMPACT_SECTION_SIGNATURE, sig,
                                                sizeof sig), SD_OK);
    assert_int_equal(len, body + 1 + 1 + sizeof sig);
    assert_int_equal(export_compact_find_section(buf, len, EXPORT_COMPACT_SECTION_SIGNATURE, &data,
                                                 &n, &before), SD_OK);
    assert_int_equal(n, sizeof sig);
    assert_memory_equal(data, sig, sizeof sig);
    assert_int_equal(before, body);
    /* Only once; a letter only; not too big; not on what is not form 2. */
    assert_int_equal(export_compact_add_section(&buf, &len, 'G', sig, 4), SD_EINVAL);
    assert_int_equal(export_compact_add_section(&buf, &len, '1', sig, 4), SD_EINVAL);
    unsigned char *big = calloc(1, EXPORT_COMPACT_SECTION_MAX + 1);
    assert_int_equal(export_compact_add_section(&buf, &len, 'B', big, EXPORT_COMPACT_SECTION_MAX + 1),
                     SD_EINVAL);
    free(big);
    /* A section this reader does not know is left alone; the records read as before. */
    assert_int_equal(export_compact_add_section(&buf, &len, 'X', sig, 3), SD_OK);
    assert_int_equal(export_data_from_compact(&back, buf, len, err, sizeof err), SD_OK);
    assert_records_equal(&d, &back);
    export_data_free(&back);
    /* A stray byte after the sections is damage. */
    unsigned char *more = malloc(len + 1);
    memcpy(more, buf, len);
    more[len] = 'Z';
    assert_int_equal(export_data_from_compact(&back, more, len + 1, err, sizeof err), SD_EINVAL);
    export_data_free(&back);
    assert_int_equal(export_compact_find_section(more, len + 1, 'G', &data, &n, &before), SD_EINVAL);
    free(more);
    free(buf);
    export_data_free(&d);
    fx_close(&f);
}

/* ---------------------------------------------------------------- hostile payloads */
/* The body (inflated) of a form 2 payload. */
static unsigned char *body_of(const unsigned char *buf, size_t len, size_t *blen)
{
    size_t at = 2, zlen = 0;
    for (int shift = 0; at < len; shift += 7) {
        zlen |= (size_t)(buf[at] & 0x7f) << shift;
        if (!(buf[at++] & 0x80))
            break;
    }
    z_stream z;
    size_t dict_len;
    const unsigned char *dict = export_compact_dictionary(&dict_len);
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, -15), Z_OK);
    assert_int_equal(inflateSetDictionary(&z, dict, (uInt)dict_len), Z_OK);
    size_t cap = 1 << 20;
    unsigned char *out = malloc(cap);
    z.next_in = (unsigned char *)(uintptr_t)(buf + at);
    z.avail_in = (uInt)zlen;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    *blen = cap - z.avail_out;
    inflateEnd(&z);
    return out;
}

/* A form 2 payload around body. */
static unsigned char *wrap_body(const unsigned char *body, size_t blen, size_t *len)
{
    z_stream z;
    size_t dict_len;
    const unsigned char *dict = export_compact_dictionary(&dict_len);
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    assert_int_equal(deflateSetDictionary(&z, dict, (uInt)dict_len), Z_OK);
    size_t cap = deflateBound(&z, (uLong)blen) + 16;
    unsigned char *out = malloc(cap + 16);
    z.next_in = (unsigned char *)(uintptr_t)body;
    z.avail_in = (uInt)blen;
    z.next_out = out + 12;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t zlen = cap - z.avail_out, at = 2;
    deflateEnd(&z);
    unsigned char head[12] = { 'Q', '2' };
    for (size_t v = zlen;; v >>= 7) {
        head[at++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        if (v <= 0x7f)
            break;
    }
    memmove(out + at, out + 12, zlen);
    memcpy(out, head, at);
    *len = at + zlen;
    return out;
}

/* Decoding must fail cleanly, or give records that are all valid. */
static void decode_or_refuse(const unsigned char *buf, size_t len)
{
    struct export_data d;
    char err[300];
    int rc = export_data_from_compact(&d, buf, len, err, sizeof err);
    if (rc == SD_OK)
        for (int i = 0; i < d.record_count; i++)
            assert_true(export_record_is_valid(&d.records[i]));
    else
        assert_true(rc == SD_EINVAL || rc == SD_ELIMIT);
    export_data_free(&d);
}

static void test_compact_hostile(void **state)
{
    (void)state;
    struct fixture f;
    struct export_data d, back;
    unsigned char key[UUID_KEY_BYTES], *buf;
    size_t len, blen;
    char err[300];
    fx_open(&f, "Kahvila", 2, NULL);
    fx_day(&f, 2, "kommentti");
    day_data(&f, &d, key);
    assert_int_equal(export_compact_encode(&d, key, &buf, &len), SD_OK);
    /* Every cut: refused. */
    for (size_t n = 0; n < len; n++) {
        assert_int_not_equal(export_data_from_compact(&back, buf, n, err, sizeof err), SD_OK);
        export_data_free(&back);
    }
    /* Every byte of the body changed three ways: refused or valid, never a crash. */
    unsigned char *body = body_of(buf, len, &blen);
    for (size_t i = 0; i < blen; i++)
        for (int k = 0; k < 3; k++) {
            static const unsigned char flips[] = { 0x01, 0x80, 0xff };
            size_t plen;
            body[i] ^= flips[k];
            unsigned char *p = wrap_body(body, blen, &plen);
            decode_or_refuse(p, plen);
            free(p);
            body[i] ^= flips[k];
        }
    /* The body's own bytes back unchanged give the records again. */
    size_t plen;
    unsigned char *same = wrap_body(body, blen, &plen);
    assert_int_equal(export_data_from_compact(&back, same, plen, err, sizeof err), SD_OK);
    assert_records_equal(&d, &back);
    export_data_free(&back);
    free(same);
    free(body);
    free(buf);
    /* A header claiming 100,000 records over a few bytes: refused before any is made. Streams:
    ** 19 of them; the header (version 1, two new strings, time, offset, flags, the count), the
    ** pack (empty), the text of the two strings, then sixteen empty ones. */
    static const unsigned char liar[] = {
        19, 9, 1, 2, 2, 0, 0, 0, 0xa0, 0x8d, 0x06, 0, 14, 10, 'K', '-', '1', '2', '3', '4', '5',
        '6', '7', '8', 2, 'A', 'B', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    unsigned char *p = wrap_body(liar, sizeof liar, &plen);
    assert_int_equal(export_data_from_compact(&back, p, plen, err, sizeof err), SD_EINVAL);
    export_data_free(&back);
    free(p);
    /* A varint that never ends; the magic alone; a length past the end. */
    static const unsigned char endless[] = { 'Q', '2', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                             0xff, 0xff, 0xff, 0xff };
    assert_int_equal(export_data_from_compact(&back, endless, sizeof endless, err, sizeof err), SD_EINVAL);
    export_data_free(&back);
    assert_int_equal(export_data_from_compact(&back, (const unsigned char *)"Q2", 2, err, sizeof err),
                     SD_EINVAL);
    export_data_free(&back);
    assert_int_equal(export_data_from_compact(&back, (const unsigned char *)"Q2\x05xy", 5, err,
                                              sizeof err), SD_EINVAL);
    export_data_free(&back);
    /* A deflate bomb: 100 MiB of zeros in a few hundred KiB, refused at the cap. */
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
    static unsigned char zeros[1 << 16];
    size_t cap = 1 << 20, zlen = 0;
    unsigned char *bomb = malloc(cap + 8);
    for (int i = 0; i < 1600; i++) {
        z.next_in = zeros;
        z.avail_in = sizeof zeros;
        z.next_out = bomb + 8 + zlen;
        z.avail_out = (uInt)(cap - zlen);
        assert_int_equal(deflate(&z, i == 1599 ? Z_FINISH : Z_NO_FLUSH), i == 1599 ? Z_STREAM_END : Z_OK);
        zlen = cap - z.avail_out;
    }
    deflateEnd(&z);
    bomb[0] = 'Q', bomb[1] = '2';
    size_t at = 2;
    for (size_t v = zlen;; v >>= 7) {
        bomb[at++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        if (v <= 0x7f)
            break;
    }
    memmove(bomb + at, bomb + 8, zlen);
    assert_int_equal(export_data_from_compact(&back, bomb, at + zlen, err, sizeof err), SD_ELIMIT);
    export_data_free(&back);
    free(bomb);
    export_data_free(&d);
    fx_close(&f);
}

/* The SD1 form: sequence numbers that add up past what int64 holds are damage (no overflow). */
static void test_compact_sd1_overflow(void **state)
{
    (void)state;
    char text[2048];
    int n = snprintf(text, sizeof text, "SDX1\nE\tK-1\tAB\tqr\t0\t0\t0\t3\n");
    for (int i = 0; i < 3; i++)
        n += snprintf(text + n, sizeof text - (size_t)n,
                      "R\t4611686018427387903\t4611686018427387903\tcheckin\t0\t0\t"
                      "1111111%d-1111-4111-8111-111111111111\tK-1\t\\e\t\\e\t"
                      "1111111%d-1111-4111-8111-111111111111\ts1\t\\e\t\\e\t\\e\t\\e\t\\e\n", i, i);
    uLongf zlen = compressBound((uLong)n);
    unsigned char *z = malloc(zlen);
    assert_int_equal(compress2(z, &zlen, (const Bytef *)text, (uLong)n, 9), Z_OK);
    struct export_data d;
    char err[300];
    assert_int_equal(export_data_from_compact(&d, z, zlen, err, sizeof err), SD_EINVAL);
    export_data_free(&d);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compact_round_trip),
        cmocka_unit_test(test_compact_legacy_uuids),
        cmocka_unit_test(test_compact_unusual_records),
        cmocka_unit_test(test_compact_day_in_few_codes),
        cmocka_unit_test(test_compact_sections),
        cmocka_unit_test(test_compact_hostile),
        cmocka_unit_test(test_compact_sd1_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
