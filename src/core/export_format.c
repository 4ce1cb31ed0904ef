/*
** export_format.c - the export's data model, records.json and the compact QR form.
**
** Record fields are described once in record_fields[] (name, place in struct record, what may be
** in it); the JSON writer and reader, the compact writer and reader and the validation all walk
** that table, so a field cannot be written by one and forgotten by another.
** Must not depend on SQLite or SDL.
*/
#include "export_format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "clock.h"
#include "err.h"
#include "textbuf.h"
#include "i18n.h"
#include "json.h"
#include "qrparts.h"
#include "utf8.h"
#include "uuid.h"

/* ---------------------------------------------------------------- record fields */
enum field_check { CHECK_ID, CHECK_TEXT, CHECK_UUID, CHECK_HASH, CHECK_DAY, CHECK_LANG };

static const struct {
    const char *name;
    size_t offset, size;
    int check;          /* enum field_check */
    int required;       /* may not be empty */
} record_fields[] = {
    { "uuid",         offsetof(struct record, uuid),         sizeof ((struct record *)0)->uuid,         CHECK_UUID, 1 },
    { "kiosk_id",     offsetof(struct record, kiosk_id),     sizeof ((struct record *)0)->kiosk_id,     CHECK_ID,   1 },
    { "day",          offsetof(struct record, day),          sizeof ((struct record *)0)->day,          CHECK_DAY,  0 },
    { "pack_id",      offsetof(struct record, pack_id),      sizeof ((struct record *)0)->pack_id,      CHECK_HASH, 0 },
    { "visit",        offsetof(struct record, visit),        sizeof ((struct record *)0)->visit,        CHECK_UUID, 0 },
    { "shadow_id",    offsetof(struct record, shadow_id),    sizeof ((struct record *)0)->shadow_id,    CHECK_ID,   0 },
    { "host_id",      offsetof(struct record, host_id),      sizeof ((struct record *)0)->host_id,      CHECK_ID,   0 },
    { "item",         offsetof(struct record, item),         sizeof ((struct record *)0)->item,         CHECK_ID,   0 },
    { "value",        offsetof(struct record, value),        sizeof ((struct record *)0)->value,        CHECK_TEXT, 0 },
    { "lang",         offsetof(struct record, lang),         sizeof ((struct record *)0)->lang,         CHECK_LANG, 0 },
    { "content_hash", offsetof(struct record, content_hash), sizeof ((struct record *)0)->content_hash, CHECK_HASH, 0 },
};
enum { RECORD_FIELD_COUNT = sizeof record_fields / sizeof record_fields[0] };

static char *field_of(struct record *r, int i)
{
    return (char *)r + record_fields[i].offset;
}

static const char *field_of_const(const struct record *r, int i)
{
    return (const char *)r + record_fields[i].offset;
}

static int text_is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static int text_is_day(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return 0;
    return 1;
}

static int text_is_lang(const char *s)
{
    if (strlen(s) < 2)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int field_is_valid(int i, const char *v)
{
    if (strnlen(v, record_fields[i].size) >= record_fields[i].size)
        return 0;
    if (!*v)
        return !record_fields[i].required;
    switch (record_fields[i].check) {
    case CHECK_ID: return utf8_is_id(v);
    case CHECK_TEXT: return utf8_is_clean_text(v);
    case CHECK_UUID: return uuid_is_well_formed(v);
    case CHECK_HASH: return text_is_hex64(v);
    case CHECK_DAY: return text_is_day(v);
    case CHECK_LANG: return text_is_lang(v);
    default: return 0;
    }
}

int export_record_is_valid(const struct record *rec)
{
    if (rec->seq < 1 || rec->kind < RECORD_CHECKIN || rec->kind >= RECORD_KIND_COUNT ||
        rec->utc_offset_min < -CLOCK_OFFSET_MAX_MIN || rec->utc_offset_min > CLOCK_OFFSET_MAX_MIN ||
        (rec->clock_suspect != 0 && rec->clock_suspect != 1))
        return 0;
    for (int i = 0; i < RECORD_FIELD_COUNT; i++)
        if (!field_is_valid(i, field_of_const(rec, i)))
            return 0;
    return 1;
}

int export_record_equal(const struct record *a, const struct record *b)
{
    if (a->seq != b->seq || a->kind != b->kind || a->wall_time != b->wall_time ||
        a->utc_offset_min != b->utc_offset_min || a->clock_suspect != b->clock_suspect)
        return 0;
    for (int i = 0; i < RECORD_FIELD_COUNT; i++)
        if (strcmp(field_of_const(a, i), field_of_const(b, i)) != 0)
            return 0;
    return 1;
}

/* ---------------------------------------------------------------- the data */
void export_pack_free(struct export_pack *p)
{
    free(p->workplace);
    for (int i = 0; i < p->shadow_count; i++)
        free(p->shadows[i].first_name);
    for (int i = 0; i < p->host_count; i++) {
        free(p->hosts[i].name);
        free(p->hosts[i].role);
    }
    for (int i = 0; i < p->card_count; i++)
        free(p->cards[i].title);
    for (int i = 0; i < p->question_count; i++)
        free(p->questions[i].text);
    free(p->shadows);
    free(p->hosts);
    free(p->cards);
    free(p->questions);
    memset(p, 0, sizeof *p);
}

void export_data_free(struct export_data *d)
{
    export_pack_free(&d->pack);
    free(d->records);
    memset(d, 0, sizeof *d);
}

int export_data_add_record(struct export_data *d, const struct record *rec)
{
    if (d->record_count >= EXPORT_MAX_RECORDS)
        return SD_ELIMIT;
    if (d->record_count == d->record_capacity) {
        int cap = d->record_capacity ? d->record_capacity * 2 : 64;
        struct record *grown = realloc(d->records, (size_t)cap * sizeof *grown);
        if (!grown)
            return SD_ENOMEM;
        d->records = grown;
        d->record_capacity = cap;
    }
    d->records[d->record_count++] = *rec;
    return SD_OK;
}

int export_data_count_suspect(const struct export_data *d)
{
    int n = 0;
    for (int i = 0; i < d->record_count; i++)
        n += d->records[i].clock_suspect != 0;
    return n;
}

static char *dup_text(const char *s)
{
    return strdup(s ? s : "");
}

/* Allocate n zeroed items (at least one, so an empty list is not NULL by accident). */
static void *alloc_items(int n, size_t size)
{
    return calloc(n > 0 ? (size_t)n : 1, size);
}

int export_pack_from_pack(struct export_pack *out, const struct pack *p)
{
    memset(out, 0, sizeof *out);
    const char *def = p->workplace.default_language;
    snprintf(out->pack_id, sizeof out->pack_id, "%s", p->pack_id);
    snprintf(out->date, sizeof out->date, "%s", p->workplace.date);
    out->workplace = dup_text(pack_text_get(&p->workplace.name, def));
    out->shadows = alloc_items(p->shadow_count, sizeof *out->shadows);
    out->hosts = alloc_items(p->host_count, sizeof *out->hosts);
    out->cards = alloc_items(p->safety_count, sizeof *out->cards);
    out->questions = alloc_items(p->question_count, sizeof *out->questions);
    if (!out->workplace || !out->shadows || !out->hosts || !out->cards || !out->questions)
        goto nomem;
    for (int i = 0; i < p->shadow_count; i++, out->shadow_count++) {
        struct export_shadow *s = &out->shadows[i];
        snprintf(s->id, sizeof s->id, "%s", p->shadows[i].id);
        snprintf(s->escort_id, sizeof s->escort_id, "%s", p->shadows[i].escort_id);
        s->agreement_signed = p->shadows[i].agreement_signed;
        if (!(s->first_name = dup_text(p->shadows[i].first_name)))
            goto nomem;
    }
    for (int i = 0; i < p->host_count; i++, out->host_count++) {
        struct export_host *h = &out->hosts[i];
        snprintf(h->id, sizeof h->id, "%s", p->hosts[i].id);
        h->name = dup_text(p->hosts[i].name);
        h->role = dup_text(pack_text_get(&p->hosts[i].role, def));
        if (!h->name || !h->role)
            goto nomem;
    }
    for (int i = 0; i < p->safety_count; i++, out->card_count++) {
        struct export_card *c = &out->cards[i];
        const struct pack_safety_card *pc = &p->safety[i];
        snprintf(c->id, sizeof c->id, "%s", pc->id);
        if (!(c->title = dup_text(pack_text_get(&pc->title, def))))
            goto nomem;
        /* The card as the kiosk shows it in each of its languages, and in the pack's own. */
        int langs = i18n_language_count();
        for (int k = -1; k < langs && c->hash_count < (int)(sizeof c->hashes / sizeof c->hashes[0]); k++) {
            const char *lang = k < 0 ? def : i18n_language_code(k);
            int seen = 0;
            for (int m = 0; m < c->hash_count; m++)
                seen |= strcmp(c->hashes[m].lang, lang) == 0;
            if (seen || !lang || !*lang || strlen(lang) >= sizeof c->hashes[0].lang)
                continue;
            snprintf(c->hashes[c->hash_count].lang, sizeof c->hashes[0].lang, "%s", lang);
            pack_safety_hash(pc, lang, c->hashes[c->hash_count].hash);
            c->hash_count++;
        }
    }
    for (int i = 0; i < p->question_count; i++, out->question_count++) {
        struct export_question *q = &out->questions[i];
        snprintf(q->id, sizeof q->id, "%s", p->questions[i].id);
        q->audience = p->questions[i].audience;
        if (!(q->text = dup_text(pack_text_get(&p->questions[i].text, def))))
            goto nomem;
    }
    return SD_OK;
nomem:
    export_pack_free(out);
    return SD_ENOMEM;
}

int export_pack_copy(struct export_pack *out, const struct export_pack *in)
{
    memset(out, 0, sizeof *out);
    memcpy(out->pack_id, in->pack_id, sizeof out->pack_id);
    memcpy(out->date, in->date, sizeof out->date);
    out->workplace = dup_text(in->workplace);
    out->shadows = alloc_items(in->shadow_count, sizeof *out->shadows);
    out->hosts = alloc_items(in->host_count, sizeof *out->hosts);
    out->cards = alloc_items(in->card_count, sizeof *out->cards);
    out->questions = alloc_items(in->question_count, sizeof *out->questions);
    if (!out->workplace || !out->shadows || !out->hosts || !out->cards || !out->questions)
        goto nomem;
    for (int i = 0; i < in->shadow_count; i++, out->shadow_count++) {
        out->shadows[i] = in->shadows[i];
        if (!(out->shadows[i].first_name = dup_text(in->shadows[i].first_name)))
            goto nomem;
    }
    for (int i = 0; i < in->host_count; i++, out->host_count++) {
        out->hosts[i] = in->hosts[i];
        out->hosts[i].name = dup_text(in->hosts[i].name);
        out->hosts[i].role = dup_text(in->hosts[i].role);
        if (!out->hosts[i].name || !out->hosts[i].role)
            goto nomem;
    }
    for (int i = 0; i < in->card_count; i++, out->card_count++) {
        out->cards[i] = in->cards[i];
        if (!(out->cards[i].title = dup_text(in->cards[i].title)))
            goto nomem;
    }
    for (int i = 0; i < in->question_count; i++, out->question_count++) {
        out->questions[i] = in->questions[i];
        if (!(out->questions[i].text = dup_text(in->questions[i].text)))
            goto nomem;
    }
    return SD_OK;
nomem:
    export_pack_free(out);
    return SD_ENOMEM;
}

const struct export_shadow *export_pack_shadow(const struct export_pack *p, const char *id)
{
    for (int i = 0; id && i < p->shadow_count; i++)
        if (strcmp(p->shadows[i].id, id) == 0)
            return &p->shadows[i];
    return NULL;
}

const struct export_host *export_pack_host(const struct export_pack *p, const char *id)
{
    for (int i = 0; id && i < p->host_count; i++)
        if (strcmp(p->hosts[i].id, id) == 0)
            return &p->hosts[i];
    return NULL;
}

const struct export_question *export_pack_question(const struct export_pack *p, const char *id)
{
    for (int i = 0; id && i < p->question_count; i++)
        if (strcmp(p->questions[i].id, id) == 0)
            return &p->questions[i];
    return NULL;
}

/* ---------------------------------------------------------------- records.json */
static const char *const audience_names[] = { "shadow", "host" };

static void json_pack(struct json_writer *w, const struct export_pack *p)
{
    json_write_begin_object(w);
    json_write_member_string(w, "pack_id", p->pack_id);
    json_write_member_string(w, "date", p->date);
    json_write_member_string(w, "workplace", p->workplace);
    json_write_key(w, "shadows");
    json_write_begin_array(w);
    for (int i = 0; i < p->shadow_count; i++) {
        json_write_begin_object(w);
        json_write_member_string(w, "id", p->shadows[i].id);
        json_write_member_string(w, "first_name", p->shadows[i].first_name);
        json_write_member_string(w, "escort_id", p->shadows[i].escort_id);
        json_write_key(w, "agreement_signed");
        json_write_bool(w, p->shadows[i].agreement_signed);
        json_write_end_object(w);
    }
    json_write_end_array(w);
    json_write_key(w, "hosts");
    json_write_begin_array(w);
    for (int i = 0; i < p->host_count; i++) {
        json_write_begin_object(w);
        json_write_member_string(w, "id", p->hosts[i].id);
        json_write_member_string(w, "name", p->hosts[i].name);
        json_write_member_string(w, "role", p->hosts[i].role);
        json_write_end_object(w);
    }
    json_write_end_array(w);
    json_write_key(w, "safety_cards");
    json_write_begin_array(w);
    for (int i = 0; i < p->card_count; i++) {
        json_write_begin_object(w);
        json_write_member_string(w, "id", p->cards[i].id);
        json_write_member_string(w, "title", p->cards[i].title);
        json_write_key(w, "content_hashes");
        json_write_begin_object(w);
        for (int k = 0; k < p->cards[i].hash_count; k++)
            json_write_member_string(w, p->cards[i].hashes[k].lang, p->cards[i].hashes[k].hash);
        json_write_end_object(w);
        json_write_end_object(w);
    }
    json_write_end_array(w);
    json_write_key(w, "questions");
    json_write_begin_array(w);
    for (int i = 0; i < p->question_count; i++) {
        json_write_begin_object(w);
        json_write_member_string(w, "id", p->questions[i].id);
        json_write_member_string(w, "audience", audience_names[p->questions[i].audience == AUDIENCE_HOST]);
        json_write_member_string(w, "text", p->questions[i].text);
        json_write_end_object(w);
    }
    json_write_end_array(w);
    json_write_end_object(w);
}

int export_data_to_json(const struct export_data *d, char **out, size_t *len)
{
    struct json_writer w;
    char iso[CLOCK_ISO_SIZE];
    json_writer_init(&w, 1);
    json_write_begin_object(&w);
    json_write_member_string(&w, "format", EXPORT_FORMAT_NAME);
    json_write_member_int(&w, "format_version", EXPORT_FORMAT_VERSION);
    json_write_member_string(&w, "kiosk_id", d->kiosk_id);
    json_write_member_string(&w, "batch", d->batch);
    json_write_member_string(&w, "medium", d->medium);
    clock_format_iso(d->created, d->created_offset_min, iso);
    json_write_member_string(&w, "created", iso);
    json_write_member_int(&w, "created_unix", d->created);
    json_write_member_int(&w, "created_utc_offset_min", d->created_offset_min);
    json_write_key(&w, "created_clock_suspect");
    json_write_bool(&w, d->created_suspect);
    json_write_member_int(&w, "record_count", d->record_count);
    json_write_member_int(&w, "clock_suspect_count", export_data_count_suspect(d));
    json_write_key(&w, "pack");
    if (d->has_pack)
        json_pack(&w, &d->pack);
    else
        json_write_null(&w);
    json_write_key(&w, "records");
    json_write_begin_array(&w);
    for (int i = 0; i < d->record_count; i++) {
        const struct record *r = &d->records[i];
        json_write_begin_object(&w);
        json_write_member_int(&w, "seq", r->seq);
        json_write_member_string(&w, "kind", record_kind_name(r->kind));
        json_write_member_int(&w, "wall_time", r->wall_time);
        clock_format_iso(r->wall_time, r->utc_offset_min, iso);
        json_write_member_string(&w, "time", iso);
        json_write_member_int(&w, "utc_offset_min", r->utc_offset_min);
        json_write_key(&w, "clock_suspect");
        json_write_bool(&w, r->clock_suspect);
        for (int k = 0; k < RECORD_FIELD_COUNT; k++)
            json_write_member_string(&w, record_fields[k].name, field_of_const(r, k));
        json_write_end_object(&w);
    }
    json_write_end_array(&w);
    json_write_end_object(&w);
    return json_writer_finish(&w, out, len);
}

/* A message into err and SD_EINVAL. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int format_fail(char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return SD_EINVAL;
}

/* A string member copied into a fixed buffer; missing or too long is an error. */
static int json_take(const struct json_value *obj, const char *key, char *buf, size_t size)
{
    const char *s = json_object_get_string(obj, key);
    if (!s || strlen(s) >= size)
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    return 0;
}

static int json_bool(const struct json_value *obj, const char *key, int *out)
{
    const struct json_value *v = json_object_get(obj, key);
    if (!v || (v->type != JSON_TRUE && v->type != JSON_FALSE))
        return -1;
    *out = v->type == JSON_TRUE;
    return 0;
}

/* An array member (may be empty); NULL when missing or not an array. */
static const struct json_value *json_array(const struct json_value *obj, const char *key)
{
    const struct json_value *v = json_object_get(obj, key);
    return v && v->type == JSON_ARRAY ? v : NULL;
}

static int json_text_dup(const struct json_value *obj, const char *key, size_t max, char **out)
{
    const char *s = json_object_get_string(obj, key);
    if (!s || strlen(s) > max || !utf8_is_clean_text(s))
        return -1;
    return (*out = strdup(s)) ? 0 : -1;
}

static int pack_from_json(struct export_pack *p, const struct json_value *v, char *err, size_t es)
{
    const struct json_value *shadows = json_array(v, "shadows"), *hosts = json_array(v, "hosts"),
                            *cards = json_array(v, "safety_cards"), *qs = json_array(v, "questions");
    if (json_take(v, "pack_id", p->pack_id, sizeof p->pack_id) ||
        (*p->pack_id && !text_is_hex64(p->pack_id)) ||
        json_take(v, "date", p->date, sizeof p->date) || (*p->date && !text_is_day(p->date)) ||
        json_text_dup(v, "workplace", PACK_MAX_FIELD_BYTES, &p->workplace) ||
        !shadows || !hosts || !cards || !qs || shadows->count > PACK_MAX_ROWS ||
        hosts->count > PACK_MAX_ROWS || cards->count > PACK_MAX_ROWS || qs->count > PACK_MAX_ROWS)
        return format_fail(err, es, "%s", _("the pack summary is not valid"));
    p->shadows = alloc_items(shadows->count, sizeof *p->shadows);
    p->hosts = alloc_items(hosts->count, sizeof *p->hosts);
    p->cards = alloc_items(cards->count, sizeof *p->cards);
    p->questions = alloc_items(qs->count, sizeof *p->questions);
    if (!p->shadows || !p->hosts || !p->cards || !p->questions)
        return SD_ENOMEM;
    for (int i = 0; i < shadows->count; i++, p->shadow_count++) {
        struct export_shadow *s = &p->shadows[i];
        const struct json_value *o = &shadows->items[i];
        if (json_take(o, "id", s->id, sizeof s->id) || !*s->id || !utf8_is_id(s->id) ||
            json_take(o, "escort_id", s->escort_id, sizeof s->escort_id) || !utf8_is_id(s->escort_id) ||
            json_bool(o, "agreement_signed", &s->agreement_signed) ||
            json_text_dup(o, "first_name", PACK_MAX_FIELD_BYTES, &s->first_name))
            return format_fail(err, es, _("shadow %d of the pack summary is not valid"), i + 1);
    }
    for (int i = 0; i < hosts->count; i++, p->host_count++) {
        struct export_host *h = &p->hosts[i];
        const struct json_value *o = &hosts->items[i];
        if (json_take(o, "id", h->id, sizeof h->id) || !*h->id || !utf8_is_id(h->id) ||
            json_text_dup(o, "name", PACK_MAX_FIELD_BYTES, &h->name) ||
            json_text_dup(o, "role", PACK_MAX_FIELD_BYTES, &h->role))
            return format_fail(err, es, _("host %d of the pack summary is not valid"), i + 1);
    }
    for (int i = 0; i < cards->count; i++, p->card_count++) {
        struct export_card *c = &p->cards[i];
        const struct json_value *o = &cards->items[i], *h = json_object_get(o, "content_hashes");
        if (json_take(o, "id", c->id, sizeof c->id) || !*c->id || !utf8_is_id(c->id) ||
            json_text_dup(o, "title", PACK_MAX_FIELD_BYTES, &c->title) || !h ||
            h->type != JSON_OBJECT || h->count > (int)(sizeof c->hashes / sizeof c->hashes[0]))
            return format_fail(err, es, _("safety card %d of the pack summary is not valid"), i + 1);
        for (int k = 0; k < h->count; k++, c->hash_count++) {
            if (strlen(h->keys[k]) >= sizeof c->hashes[0].lang || !text_is_lang(h->keys[k]) ||
                h->items[k].type != JSON_STRING || !text_is_hex64(h->items[k].string))
                return format_fail(err, es, _("safety card %d of the pack summary is not valid"), i + 1);
            memcpy(c->hashes[k].lang, h->keys[k], strlen(h->keys[k]) + 1);
            memcpy(c->hashes[k].hash, h->items[k].string, 65);
        }
    }
    for (int i = 0; i < qs->count; i++, p->question_count++) {
        struct export_question *q = &p->questions[i];
        const struct json_value *o = &qs->items[i];
        const char *aud = json_object_get_string(o, "audience");
        if (json_take(o, "id", q->id, sizeof q->id) || !*q->id || !utf8_is_id(q->id) || !aud ||
            (strcmp(aud, "shadow") != 0 && strcmp(aud, "host") != 0) ||
            json_text_dup(o, "text", PACK_MAX_FIELD_BYTES, &q->text))
            return format_fail(err, es, _("question %d of the pack summary is not valid"), i + 1);
        q->audience = strcmp(aud, "host") == 0 ? AUDIENCE_HOST : AUDIENCE_SHADOW;
    }
    return SD_OK;
}

static int record_from_json(struct record *r, const struct json_value *o)
{
    int64_t seq, wall, off;
    memset(r, 0, sizeof *r);
    const char *kind = json_object_get_string(o, "kind");
    if (!o || o->type != JSON_OBJECT || !kind || json_object_get_int(o, "seq", &seq) ||
        json_object_get_int(o, "wall_time", &wall) || json_object_get_int(o, "utc_offset_min", &off) ||
        json_bool(o, "clock_suspect", &r->clock_suspect))
        return -1;
    if (off < -CLOCK_OFFSET_MAX_MIN || off > CLOCK_OFFSET_MAX_MIN)
        return -1;
    r->seq = seq;
    r->wall_time = wall;
    r->utc_offset_min = (int)off;
    r->kind = record_kind_from_name(kind);
    for (int k = 0; k < RECORD_FIELD_COUNT; k++)
        if (json_take(o, record_fields[k].name, field_of(r, k), record_fields[k].size))
            return -1;
    return export_record_is_valid(r) ? 0 : -1;
}

int export_data_from_json(struct export_data *d, const char *text, size_t len, char *err,
                          size_t err_size)
{
    struct json_limits lim;
    struct json_value *root = NULL;
    char jerr[256];
    int64_t version = 0, created = 0, off = 0, count = -1;
    memset(d, 0, sizeof *d);
    json_default_limits(&lim);
    lim.max_bytes = EXPORT_MAX_BYTES;
    lim.max_values = (size_t)EXPORT_MAX_RECORDS * 24;
    int rc = json_parse(text, len, &lim, &root, jerr, sizeof jerr);
    if (rc)
        return rc == SD_ENOMEM ? rc : (format_fail(err, err_size, "%s", jerr), rc);
    const char *format = json_object_get_string(root, "format");
    const struct json_value *records = json_array(root, "records"), *pack = json_object_get(root, "pack");
    if (!format || strcmp(format, EXPORT_FORMAT_NAME) != 0) {
        rc = format_fail(err, err_size, "%s", _("this is not a shadowday export"));
        goto done;
    }
    if (json_object_get_int(root, "format_version", &version) || version < 1 ||
        version > EXPORT_FORMAT_VERSION) {
        rc = format_fail(err, err_size, "%s", _("this export was made by a newer shadowday: "
                                                "update shadowday on this computer"));
        goto done;
    }
    if (json_take(root, "kiosk_id", d->kiosk_id, sizeof d->kiosk_id) || !*d->kiosk_id ||
        !utf8_is_id(d->kiosk_id) || json_take(root, "batch", d->batch, sizeof d->batch) ||
        !qrparts_batch_is_valid(d->batch) || json_take(root, "medium", d->medium, sizeof d->medium) ||
        (strcmp(d->medium, "usb") != 0 && strcmp(d->medium, "qr") != 0) ||
        json_object_get_int(root, "created_unix", &created) ||
        json_object_get_int(root, "created_utc_offset_min", &off) ||
        off < -CLOCK_OFFSET_MAX_MIN || off > CLOCK_OFFSET_MAX_MIN ||
        json_bool(root, "created_clock_suspect", &d->created_suspect) ||
        json_object_get_int(root, "record_count", &count) || !records || !pack ||
        (pack->type != JSON_NULL && pack->type != JSON_OBJECT)) {
        rc = format_fail(err, err_size, "%s", _("the export's header is missing or not valid"));
        goto done;
    }
    d->created = created;
    d->created_offset_min = (int)off;
    if (count != records->count || records->count > EXPORT_MAX_RECORDS) {
        rc = format_fail(err, err_size, "%s", _("the export's record count does not match its records"));
        goto done;
    }
    if (pack->type == JSON_OBJECT) {
        d->has_pack = 1;
        if ((rc = pack_from_json(&d->pack, pack, err, err_size)) != SD_OK)
            goto done;
    }
    d->records = alloc_items(records->count, sizeof *d->records);
    if (!d->records) {
        rc = SD_ENOMEM;
        goto done;
    }
    d->record_capacity = records->count > 0 ? records->count : 1;
    for (int i = 0; i < records->count; i++) {
        if (record_from_json(&d->records[i], &records->items[i])) {
            rc = format_fail(err, err_size, _("record %d of the export is not valid"), i + 1);
            goto done;
        }
        d->record_count++;
    }
done:
    json_free(root);
    return rc;
}

/* ---------------------------------------------------------------- the compact form */
/*
** Lines of tab-separated fields. "SDX1" first; E the export; P, S, H, C, Q the pack summary;
** R one record each: seq and wall_time as differences from the previous record, then every
** other field, left empty when it equals the previous record's (which most do: kiosk, day,
** pack), "\e" for an empty value that differs. Backslash, tab, CR and LF inside values are
** escaped. Deflate then takes care of what still repeats.
*/
#define COMPACT_MAGIC "SDX1"

static void cb_put(struct textbuf *b, const char *s, size_t n)
{
    textbuf_append(b, s, n);
}

/* One field: a tab before it (unless first), the value escaped. */
static void cb_field(struct textbuf *b, int first, const char *v)
{
    if (!first)
        cb_put(b, "\t", 1);
    for (const char *p = v; *p; ) {
        size_t run = strcspn(p, "\\\t\r\n");
        cb_put(b, p, run);
        p += run;
        if (!*p)
            break;
        static const char from[] = "\\\t\r\n", to[] = "\\trn";
        char esc[2] = { '\\', to[strchr(from, *p) - from] };
        cb_put(b, esc, 2);
        p++;
    }
}

static void cb_int(struct textbuf *b, int first, int64_t v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)v);
    cb_field(b, first, num);
}

static void cb_end(struct textbuf *b)
{
    cb_put(b, "\n", 1);
}

int export_data_to_compact(const struct export_data *d, unsigned char **out, size_t *len)
{
    struct textbuf b = { 0 };
    *out = NULL;
    *len = 0;
    cb_field(&b, 1, COMPACT_MAGIC);
    cb_end(&b);
    cb_field(&b, 1, "E");
    cb_field(&b, 0, d->kiosk_id);
    cb_field(&b, 0, d->batch);
    cb_field(&b, 0, d->medium);
    cb_int(&b, 0, d->created);
    cb_int(&b, 0, d->created_offset_min);
    cb_int(&b, 0, d->created_suspect);
    cb_int(&b, 0, d->record_count);
    cb_end(&b);
    if (d->has_pack) {
        const struct export_pack *p = &d->pack;
        cb_field(&b, 1, "P");
        cb_field(&b, 0, p->pack_id);
        cb_field(&b, 0, p->date);
        cb_field(&b, 0, p->workplace);
        cb_end(&b);
        for (int i = 0; i < p->shadow_count; i++) {
            cb_field(&b, 1, "S");
            cb_field(&b, 0, p->shadows[i].id);
            cb_field(&b, 0, p->shadows[i].first_name);
            cb_field(&b, 0, p->shadows[i].escort_id);
            cb_int(&b, 0, p->shadows[i].agreement_signed);
            cb_end(&b);
        }
        for (int i = 0; i < p->host_count; i++) {
            cb_field(&b, 1, "H");
            cb_field(&b, 0, p->hosts[i].id);
            cb_field(&b, 0, p->hosts[i].name);
            cb_field(&b, 0, p->hosts[i].role);
            cb_end(&b);
        }
        for (int i = 0; i < p->card_count; i++) {
            cb_field(&b, 1, "C");
            cb_field(&b, 0, p->cards[i].id);
            cb_field(&b, 0, p->cards[i].title);
            for (int k = 0; k < p->cards[i].hash_count; k++) {
                cb_field(&b, 0, p->cards[i].hashes[k].lang);
                cb_field(&b, 0, p->cards[i].hashes[k].hash);
            }
            cb_end(&b);
        }
        for (int i = 0; i < p->question_count; i++) {
            cb_field(&b, 1, "Q");
            cb_field(&b, 0, p->questions[i].id);
            cb_field(&b, 0, audience_names[p->questions[i].audience == AUDIENCE_HOST]);
            cb_field(&b, 0, p->questions[i].text);
            cb_end(&b);
        }
    }
    static const struct record zero;
    const struct record *prev = &zero;
    for (int i = 0; i < d->record_count; i++) {
        const struct record *r = &d->records[i];
        cb_field(&b, 1, "R");
        cb_int(&b, 0, r->seq - prev->seq);
        cb_int(&b, 0, r->wall_time - prev->wall_time);
        cb_field(&b, 0, r->kind == prev->kind ? "" : record_kind_name(r->kind));
        if (r->utc_offset_min == prev->utc_offset_min && i > 0)
            cb_field(&b, 0, "");
        else
            cb_int(&b, 0, r->utc_offset_min);
        cb_field(&b, 0, r->clock_suspect == prev->clock_suspect && i > 0 ? "" : r->clock_suspect ? "1" : "0");
        for (int k = 0; k < RECORD_FIELD_COUNT; k++) {
            const char *v = field_of_const(r, k), *pv = field_of_const(prev, k);
            /* The uuid never repeats; everything else often does. */
            if (k > 0 && strcmp(v, pv) == 0)
                cb_field(&b, 0, "");
            else if (!*v)
                cb_put(&b, "\t\\e", 3);
            else
                cb_field(&b, 0, v);
        }
        cb_end(&b);
        prev = r;
    }
    if (b.error) {
        free(b.data);
        return b.error;
    }
    uLong bound = compressBound((uLong)b.len);
    unsigned char *z = malloc(bound);
    if (!z) {
        free(b.data);
        return SD_ENOMEM;
    }
    uLongf zlen = bound;
    int zrc = compress2(z, &zlen, (const Bytef *)b.data, (uLong)b.len, 9);
    free(b.data);
    if (zrc != Z_OK) {
        free(z);
        return zrc == Z_MEM_ERROR ? SD_ENOMEM : SD_ERR;
    }
    *out = z;
    *len = zlen;
    return SD_OK;
}

/* Inflate a zlib stream of at most max bytes into a NUL-terminated buffer. */
static int compact_inflate(const unsigned char *in, size_t len, size_t max, char **out, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return SD_ENOMEM;
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
                !text_is_lang(lang) || !text_is_hex64(hash))
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
    if (l->count != 6 + RECORD_FIELD_COUNT)
        return -1;
    if (compact_int(l->field[1], -INT64_MAX / 2, INT64_MAX / 2, &dseq) ||
        compact_int(l->field[2], -INT64_MAX / 2, INT64_MAX / 2, &dwall))
        return -1;
    *r = *prev;
    r->seq = prev->seq + dseq;
    r->wall_time = prev->wall_time + dwall;
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
    for (int k = 0; k < RECORD_FIELD_COUNT; k++) {
        const char *f = l->field[6 + k];
        if (!*f && !l->empty_marker[6 + k] && k > 0)
            continue;   /* as the previous record */
        if (compact_copy(f, field_of(r, k), record_fields[k].size))
            return -1;
    }
    return export_record_is_valid(r) ? 0 : -1;
}

int export_data_from_compact(struct export_data *d, const unsigned char *in, size_t len,
                             char *err, size_t err_size)
{
    char *text = NULL;
    size_t tlen = 0;
    struct compact_line l;
    int64_t v, count = -1;
    memset(d, 0, sizeof *d);
    int rc = compact_inflate(in, len, EXPORT_MAX_BYTES, &text, &tlen);
    if (rc) {
        if (rc != SD_ENOMEM)
            format_fail(err, err_size, "%s", rc == SD_ELIMIT ? _("the export is too large")
                                                             : _("the export's data is damaged"));
        return rc;
    }
    if (strlen(text) != tlen || tlen == 0 || text[tlen - 1] != '\n') {
        rc = format_fail(err, err_size, "%s", _("the export's data is damaged"));
        goto done;
    }
    int lineno = 0;
    struct record zero;
    memset(&zero, 0, sizeof zero);
    for (char *line = text; *line; ) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        lineno++;
        if (compact_split(line, &l)) {
            rc = format_fail(err, err_size, _("line %d of the export is not valid"), lineno);
            goto done;
        }
        const char *tag = l.field[0];
        if (lineno == 1) {
            if (l.count != 1 || strcmp(tag, COMPACT_MAGIC) != 0) {
                rc = format_fail(err, err_size, "%s", _("this is not a shadowday export"));
                goto done;
            }
        } else if (lineno == 2) {
            if (l.count != 8 || strcmp(tag, "E") != 0 ||
                compact_copy(l.field[1], d->kiosk_id, sizeof d->kiosk_id) || !*d->kiosk_id ||
                !utf8_is_id(d->kiosk_id) || compact_copy(l.field[2], d->batch, sizeof d->batch) ||
                !qrparts_batch_is_valid(d->batch) ||
                compact_copy(l.field[3], d->medium, sizeof d->medium) ||
                (strcmp(d->medium, "usb") != 0 && strcmp(d->medium, "qr") != 0) ||
                compact_int(l.field[4], INT64_MIN / 2, INT64_MAX / 2, &d->created) ||
                compact_int(l.field[5], -CLOCK_OFFSET_MAX_MIN, CLOCK_OFFSET_MAX_MIN, &v) ||
                (d->created_offset_min = (int)v, compact_int(l.field[6], 0, 1, &v)) ||
                (d->created_suspect = (int)v, compact_int(l.field[7], 0, EXPORT_MAX_RECORDS, &count))) {
                rc = format_fail(err, err_size, "%s", _("the export's header is missing or not valid"));
                goto done;
            }
        } else if (strcmp(tag, "P") == 0 && l.count == 4 && !d->has_pack && d->record_count == 0) {
            d->has_pack = 1;
            if (compact_copy(l.field[1], d->pack.pack_id, sizeof d->pack.pack_id) ||
                (*d->pack.pack_id && !text_is_hex64(d->pack.pack_id)) ||
                compact_copy(l.field[2], d->pack.date, sizeof d->pack.date) ||
                (*d->pack.date && !text_is_day(d->pack.date)) ||
                compact_text(l.field[3], PACK_MAX_FIELD_BYTES, &d->pack.workplace)) {
                rc = format_fail(err, err_size, "%s", _("the pack summary is not valid"));
                goto done;
            }
        } else if (strcmp(tag, "R") == 0) {
            struct record r;
            if (d->record_count >= count) {
                rc = format_fail(err, err_size, "%s", _("the export's record count does not match its records"));
                goto done;
            }
            if (compact_record_line(&r, d->record_count ? &d->records[d->record_count - 1] : &zero,
                                    d->record_count == 0, &l)) {
                rc = format_fail(err, err_size, _("record %d of the export is not valid"),
                                 d->record_count + 1);
                goto done;
            }
            if ((rc = export_data_add_record(d, &r)) != SD_OK)
                goto done;
        } else if (d->has_pack && d->record_count == 0) {
            rc = compact_pack_line(&d->pack, &l);
            if (rc) {
                if (rc != SD_ENOMEM)
                    format_fail(err, err_size, _("line %d of the export is not valid"), lineno);
                goto done;
            }
        } else {
            rc = format_fail(err, err_size, _("line %d of the export is not valid"), lineno);
            goto done;
        }
        line = nl + 1;
    }
    if (lineno < 2 || d->record_count != count)
        rc = format_fail(err, err_size, "%s", _("the export's record count does not match its records"));
done:
    free(text);
    return rc;
}
