/*
** store_internal.h - what the store's own files (store.c, store_*.c) share: the handle, the
** transaction helpers, error mapping, meta values and the record row layout.
**
** Only store_*.c include this (it brings sqlite3.h); everyone else uses store.h. A new store
** file (e.g. export batches) uses these helpers so every write follows the one rule: BEGIN
** IMMEDIATE, work, COMMIT checked for SQLITE_DONE, ROLLBACK on any failure.
** Must not depend on SDL.
*/
#ifndef SD_STORE_INTERNAL_H
#define SD_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "store.h"
#include "uuid.h"

#define STORE_ERRMSG_SIZE 768

struct store {
    sqlite3 *db;                  /* NULL after a failed open: only store_errmsg() works then */
    char *path;
    char kiosk_id[40];
    unsigned char uuid_key[UUID_KEY_BYTES]; /* the records' UUIDs are made under it (uuid.h) */
    char errmsg[STORE_ERRMSG_SIZE];
    int64_t build_epoch;          /* times before this are suspect */
    store_time_source_fn *time_fn; /* NULL = the system clock */
    void *time_arg;
    int64_t clock_offset_s;       /* added to the source when the system clock could not be set */
    int64_t last_seen;            /* copy of meta last_time_seen, updated after each COMMIT */
};

/* The columns store_record_from_row() reads, in its order (for SELECT lists). */
#define STORE_RECORD_COLUMNS \
    "seq, uuid, kiosk_id, kind, wall_time, utc_offset_min, clock_suspect, day, pack_id, " \
    "visit, shadow_id, host_id, item, value, lang, content_hash"

/* Whether s has an open database; sets a message and returns 0 when it has not. */
int store_is_open(struct store *s);

/* Keep a message on the handle (printf format). Returns rc, so `return store_set_error(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int store_set_error(struct store *s, int rc, const char *fmt, ...);

/*
** Map an SQLite result (what = the operation, for the message) to an SD_E* code and keep a
** plain-language message with SQLite's own words appended. Call before anything else touches
** the connection (a ROLLBACK would replace SQLite's message).
*/
int store_fail(struct store *s, int sqlite_rc, const char *what);

/* BEGIN IMMEDIATE: the write lock is taken now, so a later statement cannot fail with BUSY. */
int store_tx_begin(struct store *s);
/* COMMIT; SD_OK only when it returned SQLITE_DONE. On failure the transaction is rolled back. */
int store_tx_commit(struct store *s);
/* ROLLBACK when a transaction is open (sqlite3_get_autocommit says whether). */
void store_tx_rollback(struct store *s);

/*
** After SD_EFULL: move the WAL into the database and cut the WAL file to nothing. The WAL grows
** to about 4 MiB between automatic checkpoints while the records themselves take a fraction of
** that, so on a nearly full disk this frees room for the retry. SD_OK when it finished.
*/
int store_reclaim_space(struct store *s);

/* Prepare sql; on failure the message is kept and an SD_E* code returned. */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st);
/* Step a statement that returns no rows: SD_OK on SQLITE_DONE. Finalizes it. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what);

/* Read one row of a query (its columns from 0); SD_OK goes on, anything else stops and is
** returned by store_rows / store_row. */
typedef int store_row_fn(void *arg, sqlite3_stmt *row);
/*
** The one row loop: step st to its end, calling fn on each row (NULL: rows are stepped over),
** then finalize st. Returns SD_OK, fn's stopping value, or the SQLite failure with what
** naming the operation in the message.
*/
int store_rows(struct store *s, sqlite3_stmt *st, store_row_fn *fn, void *arg, const char *what);
/* The same for the first row only: SD_ENOTFOUND (no message) when the query has none. */
int store_row(struct store *s, sqlite3_stmt *st, store_row_fn *fn, void *arg, const char *what);
/* Row readers for one-value queries: column 0 as an int64_t (arg), or as text into a
** struct store_text (cut says the value did not fit). */
struct store_text {
    char *buf;
    size_t size;
    int cut;
};
int store_row_int(void *arg, sqlite3_stmt *row);
int store_row_text(void *arg, sqlite3_stmt *row);

/* Meta values; SD_ENOTFOUND when the key is absent. */
int store_meta_get_int(struct store *s, const char *key, int64_t *out);
int store_meta_get_text(struct store *s, const char *key, char *buf, size_t size);
int store_meta_set_int(struct store *s, const char *key, int64_t value);
int store_meta_set_text(struct store *s, const char *key, const char *value);

/* Copy a text column into a fixed buffer (always NUL-terminated, "" for NULL). */
void store_copy_column(sqlite3_stmt *st, int col, char *buf, size_t size);
/* Fill rec from a row selected with STORE_RECORD_COLUMNS starting at column 0. */
void store_record_from_row(sqlite3_stmt *st, struct record *rec);
/* Run a SELECT of STORE_RECORD_COLUMNS and call fn for each row; returns fn's non-zero value. */
int store_records_query(struct store *s, sqlite3_stmt *st, store_record_fn *fn, void *arg);

/* The kiosk's time as Unix seconds: the source plus the admin's offset. */
int64_t store_clock_read(struct store *s);

/*
** Insert rec inside the caller's open transaction: fills the store's fields (seq, uuid, kiosk_id,
** times, day, pack_id) into rec and advances the clock floor. The caller commits.
*/
int store_record_insert(struct store *s, struct record *rec);

#endif
