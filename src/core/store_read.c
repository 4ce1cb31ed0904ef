/*
** store_read.c - reading the day back: records in seq order, and each visit's state derived from
** its records (records are never updated, so the state is never stored).
**
** "The day" is the installed pack's date (meta pack_date; "" before any pack). The kiosk's
** screens, the on-site list and the export read through here. Must not depend on SDL.
*/
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

void store_record_from_row(sqlite3_stmt *st, struct record *r)
{
    memset(r, 0, sizeof *r);
    r->seq = sqlite3_column_int64(st, 0);
    store_copy_column(st, 1, r->uuid, sizeof r->uuid);
    store_copy_column(st, 2, r->kiosk_id, sizeof r->kiosk_id);
    r->kind = record_kind_from_name((const char *)sqlite3_column_text(st, 3));
    r->wall_time = sqlite3_column_int64(st, 4);
    r->utc_offset_min = sqlite3_column_int(st, 5);
    r->clock_suspect = sqlite3_column_int(st, 6);
    store_copy_column(st, 7, r->day, sizeof r->day);
    store_copy_column(st, 8, r->pack_id, sizeof r->pack_id);
    store_copy_column(st, 9, r->visit, sizeof r->visit);
    store_copy_column(st, 10, r->shadow_id, sizeof r->shadow_id);
    store_copy_column(st, 11, r->host_id, sizeof r->host_id);
    store_copy_column(st, 12, r->item, sizeof r->item);
    store_copy_column(st, 13, r->value, sizeof r->value);
    store_copy_column(st, 14, r->lang, sizeof r->lang);
    store_copy_column(st, 15, r->content_hash, sizeof r->content_hash);
}

struct store_record_call {  /* the caller's function over the records */
    store_record_fn *fn;
    void *arg;
};

static int store_record_row(void *arg, sqlite3_stmt *row)
{
    const struct store_record_call *call = arg;
    struct record rec;
    store_record_from_row(row, &rec);
    return call->fn(call->arg, &rec);
}

int store_records_query(struct store *s, sqlite3_stmt *st, store_record_fn *fn, void *arg)
{
    struct store_record_call call = { fn, arg };
    return store_rows(s, st, store_record_row, &call, "read records");
}

/* The current day: the installed pack's date, "" when no pack was installed. */
static int store_current_day(struct store *s, char day[11])
{
    int rc = store_meta_get_text(s, "pack_date", day, 11);
    return rc == SD_ENOTFOUND ? SD_OK : rc;
}

/* ---------------------------------------------------------------- visits */

/* Apply one record of a visit, in seq order, to what the visit is now. */
static void store_visit_apply(struct visit *v, const struct record *r)
{
    switch (r->kind) {
    case RECORD_CHECKIN:
        memset(v, 0, sizeof *v);
        memcpy(v->uuid, r->uuid, sizeof v->uuid);
        memcpy(v->shadow_id, r->shadow_id, sizeof v->shadow_id);
        memcpy(v->lang, r->lang, sizeof v->lang);
        v->state = VISIT_WAITING_ESCORT;
        v->checkin_time = r->wall_time;
        break;
    case RECORD_ESCORT: /* the latest confirmation names who is with the shadow now */
        if (v->state == VISIT_WAITING_ESCORT)
            v->state = VISIT_ON_SITE;
        v->escort_time = r->wall_time;
        memcpy(v->escort_host_id, r->host_id, sizeof v->escort_host_id);
        break;
    case RECORD_CHECKOUT:
        v->state = VISIT_CHECKED_OUT;
        v->checkout_time = r->wall_time;
        break;
    case RECORD_ANSWER:
        if (strcmp(r->item, "done") == 0)
            v->evaluation_done = 1;
        break;
    default:
        break;
    }
}

struct store_visit_list {
    struct visit *items;
    int count, capacity;
    int failed;         /* out of memory */
};

static int store_visit_collect(void *arg, const struct record *r)
{
    struct store_visit_list *l = arg;
    if (r->kind == RECORD_CHECKIN) {
        if (l->count == l->capacity) {
            int cap = l->capacity ? l->capacity * 2 : 16;
            struct visit *n = realloc(l->items, (size_t)cap * sizeof *n);
            if (!n) {
                l->failed = 1;
                return SD_ENOMEM;
            }
            l->items = n;
            l->capacity = cap;
        }
        store_visit_apply(&l->items[l->count++], r);
        return 0;
    }
    /* Recent visits are the likeliest owners: search from the end. */
    for (int i = l->count - 1; i >= 0; i--)
        if (strcmp(l->items[i].uuid, r->visit) == 0) {
            store_visit_apply(&l->items[i], r);
            break;
        }
    return 0;
}

static int store_visit_derive(struct store *s, const char *uuid, struct visit *out)
{
    struct store_visit_list l = { 0 };
    int rc = store_visit_records(s, uuid, 0, store_visit_collect, &l);
    if (rc == SD_OK && l.count != 1)
        rc = store_set_error(s, SD_ENOTFOUND, "visit %s has no check-in", uuid);
    if (rc == SD_OK)
        *out = l.items[0];
    free(l.items);
    return rc;
}

int store_visit_latest(struct store *s, const char *shadow_id, struct visit *out)
{
    sqlite3_stmt *st;
    char day[11], uuid[37] = "";
    if (!store_is_open(s))
        return SD_ERR;
    if (!shadow_id || !out)
        return store_set_error(s, SD_EINVAL, "no shadow id");
    int rc = store_current_day(s, day);
    if (rc == SD_OK)
        rc = store_prepare(s, "SELECT uuid FROM record WHERE day = ?1 AND shadow_id = ?2 "
                              "AND kind = 'checkin' ORDER BY seq DESC LIMIT 1", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, shadow_id, -1, SQLITE_STATIC);
    struct store_text visit = { uuid, sizeof uuid, 0 };
    rc = store_row(s, st, store_row_text, &visit, "find visit");
    return rc == SD_OK ? store_visit_derive(s, uuid, out) : rc;
}

int store_visits_today(struct store *s, struct visit **out, int *count)
{
    sqlite3_stmt *st;
    char day[11];
    struct store_visit_list l = { 0 };
    if (out)
        *out = NULL;
    if (count)
        *count = 0;
    if (!store_is_open(s))
        return SD_ERR;
    if (!out || !count)
        return store_set_error(s, SD_EINVAL, "no place for the visits");
    int rc = store_current_day(s, day);
    /* Every record of every visit that checked in today, even one written after a new pack. */
    if (rc == SD_OK)
        rc = store_prepare(s, "SELECT " STORE_RECORD_COLUMNS " FROM record WHERE visit IN "
                              "(SELECT uuid FROM record WHERE day = ?1 AND kind = 'checkin') "
                              "ORDER BY seq", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    rc = store_records_query(s, st, store_visit_collect, &l);
    if (rc != SD_OK) {
        if (l.failed)
            store_set_error(s, SD_ENOMEM, "out of memory for the day's visits");
        free(l.items);
        return rc;
    }
    *out = l.items;
    *count = l.count;
    return SD_OK;
}

/* ---------------------------------------------------------------- records */

int store_visit_records(struct store *s, const char *visit, int kind, store_record_fn *fn,
                        void *arg)
{
    sqlite3_stmt *st;
    if (!store_is_open(s))
        return SD_ERR;
    if (!visit || !fn || kind < 0 || kind >= RECORD_KIND_COUNT)
        return store_set_error(s, SD_EINVAL, "bad arguments to store_visit_records");
    int rc = store_prepare(s, "SELECT " STORE_RECORD_COLUMNS " FROM record WHERE visit = ?1 "
                              "AND (?2 IS NULL OR kind = ?2) ORDER BY seq", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, visit, -1, SQLITE_STATIC);
    if (kind)
        sqlite3_bind_text(st, 2, record_kind_name(kind), -1, SQLITE_STATIC);
    return store_records_query(s, st, fn, arg);
}

int store_answers_for_visit(struct store *s, const char *visit, store_record_fn *fn, void *arg)
{
    return store_visit_records(s, visit, RECORD_ANSWER, fn, arg);
}

int store_safety_acks_for_shadow(struct store *s, const char *day, const char *shadow_id,
                                 store_record_fn *fn, void *arg)
{
    sqlite3_stmt *st;
    char today[11];
    if (!store_is_open(s))
        return SD_ERR;
    if (!shadow_id || !fn)
        return store_set_error(s, SD_EINVAL, "bad arguments to store_safety_acks_for_shadow");
    int rc = day ? SD_OK : store_current_day(s, today);
    if (rc == SD_OK)
        rc = store_prepare(s, "SELECT " STORE_RECORD_COLUMNS " FROM record WHERE day = ?1 "
                              "AND shadow_id = ?2 AND kind = 'safety_ack' ORDER BY seq", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, day ? day : today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, shadow_id, -1, SQLITE_STATIC);
    return store_records_query(s, st, fn, arg);
}

int store_records_each(struct store *s, int undelivered_only, store_record_fn *fn, void *arg)
{
    sqlite3_stmt *st;
    if (!store_is_open(s))
        return SD_ERR;
    if (!fn)
        return store_set_error(s, SD_EINVAL, "no callback");
    int rc = store_prepare(s, undelivered_only
                                  ? "SELECT " STORE_RECORD_COLUMNS " FROM record "
                                    "WHERE delivered = 0 ORDER BY seq"
                                  : "SELECT " STORE_RECORD_COLUMNS " FROM record ORDER BY seq",
                           &st);
    return rc == SD_OK ? store_records_query(s, st, fn, arg) : rc;
}

int store_count_records(struct store *s, int undelivered_only, int64_t *count)
{
    sqlite3_stmt *st;
    if (!store_is_open(s))
        return SD_ERR;
    if (!count)
        return store_set_error(s, SD_EINVAL, "no place for the count");
    int rc = store_prepare(s, undelivered_only ? "SELECT count(*) FROM record WHERE delivered = 0"
                                               : "SELECT count(*) FROM record",
                           &st);
    if (rc == SD_OK)
        rc = store_row(s, st, store_row_int, count, "count records");
    return rc == SD_ENOTFOUND ? store_set_error(s, SD_ERR, "count records: no row") : rc;
}
