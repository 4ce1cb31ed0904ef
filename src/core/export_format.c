/*
** export_format.c - the export's data model and records.json.
**
** Record fields are described once in record_fields[] (name, place in struct record, what may be
** in it); the JSON writer and reader and the validation walk that table, so a field cannot be
** written by one and forgotten by another (the compact forms, export_compact.c, check what they
** read with export_record_is_valid).
** Must not depend on SQLite or SDL.
*/
#include "export_format.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
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
_Static_assert(RECORD_FIELD_COUNT == EXPORT_RECORD_TEXT_FIELDS, "export_format.h names every field");

static char *field_of(struct record *r, int i)
{
    return (char *)r + record_fields[i].offset;
}

static const char *field_of_const(const struct record *r, int i)
{
    return (const char *)r + record_fields[i].offset;
}

char *export_record_field(struct record *r, int i, size_t *size)
{
    if (i < 0 || i >= RECORD_FIELD_COUNT)
        return NULL;
    *size = record_fields[i].size;
    return field_of(r, i);
}

int export_text_is_hash(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

int export_text_is_day(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
            return 0;
    return 1;
}

int export_text_is_lang(const char *s)
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
    case CHECK_HASH: return export_text_is_hash(v);
    case CHECK_DAY: return export_text_is_day(v);
    case CHECK_LANG: return export_text_is_lang(v);
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

void export_pack_merge_hashes(struct export_pack *into, const struct export_pack *from)
{
    const int room = (int)(sizeof into->cards[0].hashes / sizeof into->cards[0].hashes[0]);
    /* One pack's summaries list its cards in the pack's order: card i is card i (a summary
    ** that does not is not that pack's, and nothing of it is taken). */
    for (int i = 0; i < into->card_count && i < from->card_count; i++) {
        struct export_card *c = &into->cards[i];
        const struct export_card *f = &from->cards[i];
        if (strcmp(f->id, c->id) != 0)
            return;
        for (int k = 0; k < f->hash_count && c->hash_count < room; k++) {
            int have = 0;
            for (int m = 0; m < c->hash_count && !have; m++)
                have = strcmp(c->hashes[m].lang, f->hashes[k].lang) == 0;
            if (!have)
                c->hashes[c->hash_count++] = f->hashes[k];
        }
    }
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
        (*p->pack_id && !export_text_is_hash(p->pack_id)) ||
        json_take(v, "date", p->date, sizeof p->date) || (*p->date && !export_text_is_day(p->date)) ||
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
            if (strlen(h->keys[k]) >= sizeof c->hashes[0].lang || !export_text_is_lang(h->keys[k]) ||
                h->items[k].type != JSON_STRING || !export_text_is_hash(h->items[k].string))
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
