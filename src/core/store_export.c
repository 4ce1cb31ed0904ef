/*
** store_export.c - export batches, delivery receipts and the purge of delivered records.
**
** A batch is written to the database only after the export was verified (or the QR codes made),
** in one transaction with the list of records it carried, so a failed export leaves no trace
** here. Delivery is what the coordinator confirms with the receipt code; only delivered
** records of finished visits, or records past the retention time, are ever deleted.
** Must not depend on SDL.
*/
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "log.h"

static int store_batch_is_valid(const struct store_export_batch *b)
{
    size_t n = strnlen(b->batch_id, sizeof b->batch_id);
    if (n == 0 || n >= sizeof b->batch_id || strnlen(b->receipt_code, 9) != 8 ||
        strnlen(b->folder, sizeof b->folder) >= sizeof b->folder)
        return 0;
    for (size_t i = 0; i < 8; i++)
        if (b->receipt_code[i] < '0' || b->receipt_code[i] > '9')
            return 0;
    return (strcmp(b->medium, "usb") == 0 || strcmp(b->medium, "qr") == 0) &&
           (strcmp(b->status, "written") == 0 || strcmp(b->status, "verified") == 0);
}

int store_export_add_batch(struct store *s, const struct store_export_batch *b,
                           const int64_t *seqs, int count)
{
    sqlite3_stmt *st = NULL;
    if (!store_is_open(s))
        return SD_ERR;
    if (!b || (count > 0 && !seqs) || count < 0 || !store_batch_is_valid(b))
        return store_set_error(s, SD_EINVAL, "bad arguments to store_export_add_batch");
    int rc = store_tx_begin(s);
    if (rc != SD_OK)
        return rc;
    rc = store_prepare(s, "INSERT INTO export_batch(batch_id, created_wall, medium, encrypted, "
                          "record_count, receipt_code, status, folder) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
    if (rc == SD_OK) {
        sqlite3_bind_text(st, 1, b->batch_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, b->created_wall);
        sqlite3_bind_text(st, 3, b->medium, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, b->encrypted ? 1 : 0);
        sqlite3_bind_int64(st, 5, count);
        sqlite3_bind_text(st, 6, b->receipt_code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, b->status, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, b->folder, -1, SQLITE_STATIC);
        rc = store_step_done(s, st, "record the export");
    }
    if (rc == SD_OK)
        rc = store_prepare(s, "INSERT INTO export_item(batch_id, record_seq) VALUES (?1, ?2)", &st);
    for (int i = 0; rc == SD_OK && i < count; i++) {
        sqlite3_bind_text(st, 1, b->batch_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, seqs[i]);
        int step = sqlite3_step(st);
        if (step != SQLITE_DONE)
            rc = store_fail(s, step, "record the exported records");
        sqlite3_reset(st);
    }
    if (rc == SD_OK) {
        sqlite3_finalize(st);
        rc = store_prepare(s, "UPDATE record SET exported_batch = ?1 "
                              "WHERE seq IN (SELECT record_seq FROM export_item WHERE batch_id = ?1)",
                           &st);
        if (rc == SD_OK) {
            sqlite3_bind_text(st, 1, b->batch_id, -1, SQLITE_STATIC);
            rc = store_step_done(s, st, "mark the exported records");
        }
    } else {
        sqlite3_finalize(st);
    }
    if (rc == SD_OK)
        return store_tx_commit(s);
    store_tx_rollback(s);
    return rc;
}

/* Run one statement with text parameters (NULL ends them); *changes gets sqlite3_changes. */
static int store_export_run(struct store *s, const char *sql, const char *what, int64_t *changes,
                            const char *p1, const char *p2)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, sql, &st);
    if (rc != SD_OK)
        return rc;
    if (p1)
        sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
    if (p2)
        sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
    rc = store_step_done(s, st, what);
    if (rc == SD_OK && changes)
        *changes = sqlite3_changes64(s->db);
    return rc;
}

int store_export_deliver(struct store *s, const char *receipt_code, int *batches, int64_t *records)
{
    int64_t nb = 0, nr = 0, delivered_before = 0;
    if (batches)
        *batches = 0;
    if (records)
        *records = 0;
    if (!store_is_open(s))
        return SD_ERR;
    if (!receipt_code || strlen(receipt_code) != 8 || strspn(receipt_code, "0123456789") != 8)
        return store_set_error(s, SD_EINVAL, "%s", _("A receipt code is 8 digits."));
    int rc = store_tx_begin(s);
    if (rc != SD_OK)
        return rc;
    rc = store_export_run(s, "UPDATE export_batch SET status = 'delivered' WHERE receipt_code = ?1 "
                             "AND ((medium = 'usb' AND status = 'verified') OR "
                             "(medium = 'qr' AND status = 'written'))",
                          "deliver", &nb, receipt_code, NULL);
    if (rc == SD_OK && nb == 0)
        rc = store_export_run(s, "UPDATE export_batch SET status = 'delivered' "
                                 "WHERE receipt_code = ?1 AND status = 'delivered'",
                              "deliver", &delivered_before, receipt_code, NULL);
    if (rc == SD_OK)
        rc = store_export_run(s, "UPDATE record SET delivered = 1 WHERE delivered = 0 AND seq IN "
                                 "(SELECT i.record_seq FROM export_item i JOIN export_batch b "
                                 "USING (batch_id) WHERE b.receipt_code = ?1 AND "
                                 "b.status = 'delivered')",
                              "deliver", &nr, receipt_code, NULL);
    if (rc == SD_OK && nb == 0 && delivered_before == 0)
        rc = store_set_error(s, SD_ENOTFOUND, "%s",
                             _("No export has this receipt code. Check the digits against the "
                               "code `shadowday collect` printed for this kiosk."));
    if (rc == SD_OK)
        rc = store_tx_commit(s);
    else
        store_tx_rollback(s);
    if (rc == SD_OK) {
        if (batches)
            *batches = (int)nb;
        if (records)
            *records = nr;
    }
    return rc;
}

struct store_batch_call {   /* the caller's function over the batches */
    store_batch_fn *fn;
    void *arg;
};

static int store_export_batch_row(void *arg, sqlite3_stmt *row)
{
    const struct store_batch_call *call = arg;
    struct store_export_batch b;
    memset(&b, 0, sizeof b);
    store_copy_column(row, 0, b.batch_id, sizeof b.batch_id);
    b.created_wall = sqlite3_column_int64(row, 1);
    store_copy_column(row, 2, b.medium, sizeof b.medium);
    b.encrypted = sqlite3_column_int(row, 3);
    b.record_count = sqlite3_column_int64(row, 4);
    store_copy_column(row, 5, b.receipt_code, sizeof b.receipt_code);
    store_copy_column(row, 6, b.status, sizeof b.status);
    store_copy_column(row, 7, b.folder, sizeof b.folder);
    return call->fn(call->arg, &b);
}

int store_export_batches(struct store *s, store_batch_fn *fn, void *arg)
{
    sqlite3_stmt *st;
    struct store_batch_call call = { fn, arg };
    if (!store_is_open(s))
        return SD_ERR;
    if (!fn)
        return store_set_error(s, SD_EINVAL, "no callback");
    int rc = store_prepare(s, "SELECT batch_id, created_wall, medium, encrypted, record_count, "
                              "receipt_code, status, folder FROM export_batch "
                              "ORDER BY created_wall DESC, rowid DESC", &st);
    return rc == SD_OK ? store_rows(s, st, store_export_batch_row, &call, "read the exports") : rc;
}

/* A PRAGMA or VACUUM run to its end (they may return rows). */
static int store_export_maintain(struct store *s, const char *sql)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, sql, &st);
    return rc == SD_OK ? store_rows(s, st, NULL, NULL, "compact the database") : rc;
}

int store_export_purge(struct store *s, const char *today, int retention_days,
                       int64_t *delivered, int64_t *expired)
{
    int64_t nd = 0, nv = 0, ne = 0;
    char days[32];
    if (delivered)
        *delivered = 0;
    if (expired)
        *expired = 0;
    if (!store_is_open(s))
        return SD_ERR;
    if (!today || strlen(today) != 10 || retention_days < 0 || retention_days > 100000)
        return store_set_error(s, SD_EINVAL, "bad arguments to store_export_purge");
    snprintf(days, sizeof days, "-%d days", retention_days);
    int rc = store_export_maintain(s, "PRAGMA secure_delete=ON");
    if (rc == SD_OK)
        rc = store_tx_begin(s);
    if (rc != SD_OK)
        return rc;
    /* Whole visits only: a visit's records go together, once every one of them was delivered
    ** and the visit is over, so the kiosk never sees half a visit. */
    rc = store_export_run(s, "DELETE FROM record WHERE visit <> '' AND visit IN ("
                             "SELECT visit FROM record WHERE visit <> '' GROUP BY visit "
                             "HAVING min(delivered) = 1 AND "
                             "(max(kind = 'checkout') = 1 OR max(day) < ?1))",
                          "purge delivered records", &nd, today, NULL);
    if (rc == SD_OK)
        rc = store_export_run(s, "DELETE FROM record WHERE visit = '' AND delivered = 1",
                              "purge delivered records", &nv, NULL, NULL);
    if (rc == SD_OK)
        rc = store_export_run(s, "DELETE FROM record WHERE day <> '' AND day < date(?1, ?2)",
                              "purge old records", &ne, today, days);
    if (rc == SD_OK)
        rc = store_tx_commit(s);
    else
        store_tx_rollback(s);
    if (rc != SD_OK)
        return rc;
    if (delivered)
        *delivered = nd + nv;
    if (expired)
        *expired = ne;
    /* The deleted rows are zeroed in new pages, but older copies live on in the WAL until it is
    ** checkpointed and cut; VACUUM then rebuilds the file without free pages. */
    rc = store_reclaim_space(s);
    if (rc == SD_OK)
        rc = store_export_maintain(s, "VACUUM");
    if (rc == SD_OK)
        rc = store_reclaim_space(s);
    if (rc != SD_OK)
        LOG_WARN("store: purge removed the records but could not compact the database: %s",
                 store_errmsg(s));
    return rc;
}
