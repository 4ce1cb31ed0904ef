/*
** store_record.c - writing records: the kinds table, what each kind needs, and the one
** transaction per record.
**
** The caller fills what happened (kind, visit, shadow, host, item, value, language, hash); the
** store fills who, when and where (seq, uuid, kiosk, time, clock_suspect, day, pack). Everything
** is bound as a parameter, never spliced into SQL. Must not depend on SDL.
*/
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "utf8.h"
#include "uuid.h"

enum record_rule {
    RULE_VISIT = 1 << 0,    /* visit names an existing check-in (shadow_id is taken from it) */
    RULE_NO_VISIT = 1 << 1, /* visit must be empty (a check-in's visit is its own uuid) */
    RULE_SHADOW = 1 << 2,   /* shadow_id is required */
    RULE_HOST = 1 << 3,     /* host_id is required */
    RULE_ITEM = 1 << 4,     /* item is required */
    RULE_VALUE = 1 << 5,    /* value is required */
    RULE_HASH = 1 << 6,     /* content_hash (64 hex) and lang are required */
    RULE_INTERNAL = 1 << 7  /* written only by the store itself (store_set_clock) */
};

static const char *const record_safety_values[] = { "understood", "question", NULL };
static const char *const record_checkout_values[] = { "host", "self", "end_of_day", NULL };
static const char *const record_host_eval_values[] = { "1", "2", "3", "4", "skip", NULL };

static const struct {
    const char *name;               /* as in exports and in the database */
    unsigned rules;                 /* enum record_rule */
    const char *const *values;      /* the values allowed; NULL = any text */
} record_kinds[RECORD_KIND_COUNT] = {
    [RECORD_CHECKIN] = { "checkin", RULE_NO_VISIT | RULE_SHADOW, NULL },
    [RECORD_ESCORT] = { "escort", RULE_VISIT | RULE_HOST, NULL },
    [RECORD_SAFETY_ACK] = { "safety_ack", RULE_VISIT | RULE_ITEM | RULE_VALUE | RULE_HASH,
                            record_safety_values },
    [RECORD_ANSWER] = { "answer", RULE_VISIT | RULE_ITEM, NULL },
    [RECORD_CHECKOUT] = { "checkout", RULE_VISIT | RULE_VALUE, record_checkout_values },
    [RECORD_HOST_EVAL] = { "host_eval", RULE_HOST | RULE_ITEM | RULE_VALUE,
                           record_host_eval_values },
    [RECORD_CLOCK_SET] = { "clock_set", RULE_NO_VISIT | RULE_VALUE | RULE_INTERNAL, NULL },
};

const char *record_kind_name(int kind)
{
    return kind > 0 && kind < RECORD_KIND_COUNT ? record_kinds[kind].name : NULL;
}

int record_kind_from_name(const char *name)
{
    for (int k = 1; name && k < RECORD_KIND_COUNT; k++)
        if (strcmp(record_kinds[k].name, name) == 0)
            return k;
    return 0;
}

/* ---------------------------------------------------------------- validation */

/* Length of a NUL-terminated field of a fixed array, or -1 when it is not terminated. */
static int record_field_len(const char *field, size_t size)
{
    size_t n = strnlen(field, size);
    return n < size ? (int)n : -1;
}

static int record_is_lang(const char *s)
{
    size_t n = strlen(s);
    if (n < 2)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int record_is_hash(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
            return 0;
    return 1;
}

static int record_value_allowed(const char *const *values, const char *value)
{
    if (!values)
        return 1;
    for (; *values; values++)
        if (strcmp(*values, value) == 0)
            return 1;
    return 0;
}

/* Is rec something the caller may add? The message says which field is wrong (for developers:
** the kiosk never builds a bad record on purpose). */
static int record_check(struct store *s, const struct record *r)
{
    const struct {
        const char *name;
        const char *text;
        size_t size;
    } fields[] = {
        { "visit", r->visit, sizeof r->visit },
        { "shadow_id", r->shadow_id, sizeof r->shadow_id },
        { "host_id", r->host_id, sizeof r->host_id },
        { "item", r->item, sizeof r->item },
        { "value", r->value, sizeof r->value },
        { "lang", r->lang, sizeof r->lang },
        { "content_hash", r->content_hash, sizeof r->content_hash },
    };
    if (r->kind <= 0 || r->kind >= RECORD_KIND_COUNT)
        return store_set_error(s, SD_EINVAL, "record kind %d is unknown", r->kind);
    const char *kind = record_kinds[r->kind].name;
    unsigned rules = record_kinds[r->kind].rules;
    if (rules & RULE_INTERNAL)
        return store_set_error(s, SD_EINVAL, "%s records are written by the store itself", kind);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (record_field_len(fields[i].text, fields[i].size) < 0)
            return store_set_error(s, SD_ELIMIT, "%s record: %s is too long or not terminated",
                                   kind, fields[i].name);
    if (!utf8_is_id(r->shadow_id) || !utf8_is_id(r->host_id) || !utf8_is_id(r->item))
        return store_set_error(s, SD_EINVAL, "%s record: an id has characters ids cannot have",
                               kind);
    if (!utf8_is_clean_text(r->value))
        return store_set_error(s, SD_EINVAL, "%s record: value is not clean UTF-8 text", kind);
    if (r->visit[0] && !uuid_is_well_formed(r->visit))
        return store_set_error(s, SD_EINVAL, "%s record: visit is not a uuid", kind);
    if (r->lang[0] && !record_is_lang(r->lang))
        return store_set_error(s, SD_EINVAL, "%s record: lang '%s' is not a language code", kind,
                               r->lang);
    if (r->content_hash[0] && !record_is_hash(r->content_hash))
        return store_set_error(s, SD_EINVAL, "%s record: content_hash is not 64 hex digits", kind);

    const struct {
        unsigned rule;
        int missing;
        const char *what;
    } needs[] = {
        { RULE_VISIT, !uuid_is_well_formed(r->visit), "a visit (the check-in's uuid)" },
        { RULE_NO_VISIT, r->visit[0] != '\0', "no visit" },
        { RULE_SHADOW, !r->shadow_id[0], "a shadow_id" },
        { RULE_HOST, !r->host_id[0], "a host_id" },
        { RULE_ITEM, !r->item[0], "an item" },
        { RULE_VALUE, !r->value[0], "a value" },
        { RULE_HASH, !r->content_hash[0] || !r->lang[0], "a content_hash and a lang" },
    };
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++)
        if ((rules & needs[i].rule) && needs[i].missing)
            return store_set_error(s, SD_EINVAL, "%s record needs %s", kind, needs[i].what);
    if (!record_value_allowed(record_kinds[r->kind].values, r->value))
        return store_set_error(s, SD_EINVAL, "%s record: value '%.40s' is not allowed", kind,
                               r->value);
    if (r->kind == RECORD_CHECKOUT && strcmp(r->value, "host") == 0 && !r->host_id[0])
        return store_set_error(s, SD_EINVAL, "checkout confirmed by a host needs the host_id");
    return SD_OK;
}

/* The visit must be a check-in on this kiosk; its shadow is the record's shadow. */
static int record_resolve_visit(struct store *s, struct record *r)
{
    sqlite3_stmt *st;
    char shadow[PACK_ID_MAX];
    int rc = store_prepare(s, "SELECT shadow_id FROM record WHERE uuid = ?1 AND kind = 'checkin'",
                           &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, r->visit, -1, SQLITE_STATIC);
    struct store_text text = { shadow, sizeof shadow, 0 };
    rc = store_row(s, st, store_row_text, &text, "find visit");
    if (rc == SD_ENOTFOUND)
        return store_set_error(s, SD_ENOTFOUND, "visit %s has no check-in", r->visit);
    if (rc != SD_OK)
        return rc;
    if (!r->shadow_id[0])
        snprintf(r->shadow_id, sizeof r->shadow_id, "%s", shadow);
    else if (strcmp(r->shadow_id, shadow) != 0)
        return store_set_error(s, SD_EINVAL, "visit %s belongs to another shadow", r->visit);
    return SD_OK;
}

/*
** The seq the next record gets: one past the largest ever used (AUTOINCREMENT keeps it in
** sqlite_sequence, so a purge never lets a number, and with it a UUID, come back).
*/
static int record_next_seq(struct store *s, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
                              "'record'), 0), coalesce((SELECT max(seq) FROM record), 0)) + 1", &st);
    return rc != SD_OK ? rc : store_row(s, st, store_row_int, out, "number the record");
}

int store_record_insert(struct store *s, struct record *r)
{
    static const char insert_sql[] =
        "INSERT INTO record(uuid, kiosk_id, kind, wall_time, utc_offset_min, clock_suspect, day, "
        "pack_id, visit, shadow_id, host_id, item, value, lang, content_hash, seq) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
    sqlite3_stmt *st;
    int64_t seen = 0, seq = 0;
    int rc = store_meta_get_text(s, "pack_id", r->pack_id, sizeof r->pack_id);
    if (rc == SD_OK || rc == SD_ENOTFOUND)
        rc = store_meta_get_text(s, "pack_date", r->day, sizeof r->day);
    if (rc == SD_OK || rc == SD_ENOTFOUND)
        rc = store_meta_get_int(s, "last_time_seen", &seen);
    if (rc == SD_OK || rc == SD_ENOTFOUND)
        rc = record_next_seq(s, &seq);
    if (rc != SD_OK)
        return rc;
    uuid_make_keyed(s->uuid_key, seq, r->uuid);
    if (r->kind == RECORD_CHECKIN)
        memcpy(r->visit, r->uuid, sizeof r->uuid);
    else if (r->visit[0] && (rc = record_resolve_visit(s, r)) != SD_OK)
        return rc;
    snprintf(r->kiosk_id, sizeof r->kiosk_id, "%s", s->kiosk_id);
    r->wall_time = store_clock_read(s);
    r->utc_offset_min = clock_utc_offset_min(r->wall_time);
    r->clock_suspect = clock_is_suspect(r->wall_time, seen, s->build_epoch);

    rc = store_prepare(s, insert_sql, &st);
    if (rc != SD_OK)
        return rc;
    const char *texts[] = { r->uuid, r->kiosk_id, record_kinds[r->kind].name };
    for (int i = 0; i < 3; i++)
        sqlite3_bind_text(st, 1 + i, texts[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, r->wall_time);
    sqlite3_bind_int(st, 5, r->utc_offset_min);
    sqlite3_bind_int(st, 6, r->clock_suspect);
    const char *more[] = { r->day, r->pack_id, r->visit, r->shadow_id, r->host_id,
                           r->item, r->value, r->lang, r->content_hash };
    for (int i = 0; i < 9; i++)
        sqlite3_bind_text(st, 7 + i, more[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, seq);
    rc = store_step_done(s, st, "insert record");
    if (rc != SD_OK)
        return rc;
    r->seq = seq;
    /* The floor only moves forward: one record from a clock gone backwards must not lower it. */
    return store_meta_set_int(s, "last_time_seen", r->wall_time > seen ? r->wall_time : seen);
}

int store_add_record(struct store *s, struct record *rec)
{
    struct record r;
    if (!store_is_open(s))
        return SD_ERR;
    if (!rec)
        return store_set_error(s, SD_EINVAL, "no record");
    int rc = record_check(s, rec);
    if (rc != SD_OK)
        return rc;
    /* A full disk gets one more try after the WAL's room is reclaimed; the first try was rolled
    ** back entirely, so the second is a fresh transaction. */
    for (int attempt = 0;; attempt++) {
        r = *rec;
        rc = store_tx_begin(s);
        if (rc == SD_OK)
            rc = store_record_insert(s, &r);
        if (rc == SD_OK)
            rc = store_tx_commit(s);
        if (rc == SD_OK)
            break;
        store_tx_rollback(s);
        if (rc != SD_EFULL || attempt > 0)
            return rc;
        char msg[sizeof s->errmsg];
        memcpy(msg, s->errmsg, sizeof msg);
        if (store_reclaim_space(s) != SD_OK) {
            memcpy(s->errmsg, msg, sizeof msg);   /* the full disk is what the kiosk says */
            return rc;
        }
    }
    *rec = r;
    if (r.wall_time > s->last_seen)
        s->last_seen = r.wall_time;
    return SD_OK;
}
