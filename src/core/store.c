/*
** store.c - opening the kiosk's SQLite database safely, and the helpers every store file uses:
** transactions, error messages, the one row loop (store_rows), meta values, settings, the
** integrity checks.
**
** Opening never writes to a file it has not recognised: identity (application_id, schema version)
** and PRAGMA quick_check come before anything that could write, and a refused database is closed
** without the checkpoint SQLite would otherwise run. Records: store_record.c; reading the day:
** store_read.c; time: store_clock.c, store_clock_set.c; pack files: store_pack.c; PINs:
** store_pin.c.
** Must not depend on SDL.
*/
#include "store_internal.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "i18n.h"
#include "log.h"
#include "schema.h"

#ifndef SD_BUILD_EPOCH
#define SD_BUILD_EPOCH 0
#endif

#define STORE_SETTING_KEY_MAX 64
#define STORE_SETTING_VALUE_MAX 4096

/* What the kiosk shows for each kind of storage failure (SQLite's words are appended). */
static const struct {
    int rc;
    const char *text;
} store_failure_texts[] = {
    { SD_EFULL, N_("The kiosk's storage is full, so nothing new can be saved. Ask the coordinator "
                   "to export the records and free some space.") },
    { SD_EIO, N_("The kiosk could not read or write its storage. Try again. If it happens again, "
                 "restart the kiosk.") },
    { SD_EBUSY, N_("The kiosk's storage is busy. Try again in a moment.") },
    { SD_ENOMEM, N_("The kiosk ran out of memory. Restart the kiosk.") },
    { SD_ECORRUPT, N_("The kiosk's database is damaged, so the kiosk does not use it. It was left "
                      "as it is. Ask the coordinator to copy the data folder before anything "
                      "else is done.") },
    { SD_EREADONLY, N_("The kiosk's storage is read-only, so nothing can be saved. Restart the "
                       "kiosk.") },
    { SD_ERR, N_("The kiosk's storage failed. Try again. If it happens again, restart the "
                 "kiosk.") },
};

/* SQLite's primary result codes and ours. */
static const struct {
    int sqlite_rc;
    int rc;
} store_result_map[] = {
    { SQLITE_FULL, SD_EFULL },       { SQLITE_IOERR, SD_EIO },
    { SQLITE_CANTOPEN, SD_EIO },     { SQLITE_BUSY, SD_EBUSY },
    { SQLITE_LOCKED, SD_EBUSY },     { SQLITE_NOMEM, SD_ENOMEM },
    { SQLITE_CORRUPT, SD_ECORRUPT }, { SQLITE_NOTADB, SD_ECORRUPT },
    { SQLITE_READONLY, SD_EREADONLY }, { SQLITE_PERM, SD_EREADONLY },
    { SQLITE_CONSTRAINT, SD_EINVAL }, { SQLITE_TOOBIG, SD_ELIMIT },
    { SQLITE_RANGE, SD_EINVAL },     { SQLITE_MISMATCH, SD_EINVAL },
};

/* Settings applied at every open, before anything is read: the hardening of SQLite's security
** notes for a file that might have been tampered with. */
static const char *const store_early_pragmas[] = {
    "PRAGMA trusted_schema=OFF",
    "PRAGMA cell_size_check=ON",
    "PRAGMA mmap_size=0",
};

/* Durability settings (docs: reference notes, section 1), applied once the file is recognised. */
static const char *const store_pragmas[] = {
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
    "PRAGMA journal_size_limit=4194304",
};

/* ---------------------------------------------------------------- messages */

int store_set_error(struct store *s, int rc, const char *fmt, ...)
{
    va_list ap;
    if (!s)
        return rc;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    /* Wrong PINs and missing rows are everyday results; failures of the storage are logged as
    ** warnings by store_fail. */
    LOG_DEBUG("store: %s", s->errmsg);
    return rc;
}

/* The text for rc; the last row (SD_ERR) for any code without its own. */
static const char *store_failure_text(int rc)
{
    size_t n = sizeof store_failure_texts / sizeof store_failure_texts[0], i = 0;
    while (i < n - 1 && store_failure_texts[i].rc != rc)
        i++;
    return _(store_failure_texts[i].text);
}

static int store_code_from_sqlite(int sqlite_rc, int sys_errno)
{
    int primary = sqlite_rc & 0xff;
    /* A failed sync or write can be a full disk that the VFS reported as an I/O error. */
    if (primary == SQLITE_IOERR && sys_errno == ENOSPC)
        return SD_EFULL;
    for (size_t i = 0; i < sizeof store_result_map / sizeof store_result_map[0]; i++)
        if (store_result_map[i].sqlite_rc == primary)
            return store_result_map[i].rc;
    return SD_ERR;
}

int store_fail(struct store *s, int sqlite_rc, const char *what)
{
    int sys = s->db ? sqlite3_system_errno(s->db) : 0;
    int rc = store_code_from_sqlite(sqlite_rc, sys);
    const char *detail = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(sqlite_rc);
    store_set_error(s, rc, "%s [%s: %s (SQLite %d, errno %d)]", store_failure_text(rc), what,
                    detail, sqlite_rc, sys);
    LOG_WARN("store: %s: %s (SQLite %d, errno %d)", what, detail, sqlite_rc, sys);
    return rc;
}

const char *store_errmsg(const struct store *s)
{
    return s ? s->errmsg : "out of memory";
}

int store_is_open(struct store *s)
{
    if (s && s->db)
        return 1;
    if (s)
        store_set_error(s, SD_ERR, "the store is not open");
    return 0;
}

/* ---------------------------------------------------------------- statements and transactions */

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return store_fail(s, rc, "prepare");
    }
    return SD_OK;
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    int result = rc == SQLITE_DONE ? SD_OK : store_fail(s, rc, what);
    sqlite3_finalize(st);
    return result;
}

/* At most max rows (0 = all) of st through fn; *rows says how many there were. */
static int store_step_rows(struct store *s, sqlite3_stmt *st, int max, store_row_fn *fn,
                           void *arg, const char *what, int *rows)
{
    int rc = SD_OK;
    *rows = 0;
    while (rc == SD_OK && (max == 0 || *rows < max)) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = store_fail(s, step, what); /* before finalize, which would replace the message */
            break;
        }
        (*rows)++;
        if (fn)
            rc = fn(arg, st);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_rows(struct store *s, sqlite3_stmt *st, store_row_fn *fn, void *arg, const char *what)
{
    int rows;
    return store_step_rows(s, st, 0, fn, arg, what, &rows);
}

int store_row(struct store *s, sqlite3_stmt *st, store_row_fn *fn, void *arg, const char *what)
{
    int rows;
    int rc = store_step_rows(s, st, 1, fn, arg, what, &rows);
    return rc == SD_OK && rows == 0 ? SD_ENOTFOUND : rc;
}

int store_row_int(void *arg, sqlite3_stmt *row)
{
    *(int64_t *)arg = sqlite3_column_int64(row, 0);
    return SD_OK;
}

int store_row_text(void *arg, sqlite3_stmt *row)
{
    struct store_text *t = arg;
    t->cut = (size_t)sqlite3_column_bytes(row, 0) >= t->size;
    store_copy_column(row, 0, t->buf, t->size);
    return SD_OK;
}

static int store_exec(struct store *s, const char *sql, const char *what)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SD_OK : store_fail(s, rc, what);
}

int store_tx_begin(struct store *s)
{
    return store_exec(s, "BEGIN IMMEDIATE", "begin");
}

void store_tx_rollback(struct store *s)
{
    if (s->db && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_tx_commit(struct store *s)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "COMMIT", &st);
    if (rc == SD_OK)
        rc = store_step_done(s, st, "commit");
    if (rc != SD_OK)
        store_tx_rollback(s);
    return rc;
}

/* The first column is 1 when the checkpoint could not finish (a reader was in the way). */
static int store_checkpoint_row(void *arg, sqlite3_stmt *row)
{
    (void)arg;
    return sqlite3_column_int(row, 0) != 0 ? SD_EBUSY : SD_OK;
}

int store_reclaim_space(struct store *s)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "PRAGMA wal_checkpoint(TRUNCATE)", &st);
    if (rc == SD_OK)
        rc = store_row(s, st, store_checkpoint_row, NULL, "checkpoint");
    return rc == SD_ENOTFOUND ? SD_OK : rc;
}

/* One integer from a one-row query (PRAGMA user_version, count(*)). */
static int store_query_int(struct store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, sql, &st);
    if (rc == SD_OK)
        rc = store_row(s, st, store_row_int, out, sql);
    return rc == SD_ENOTFOUND ? store_set_error(s, SD_ERR, "%s: no row", sql) : rc;
}

/* ---------------------------------------------------------------- meta */

/* The meta value of key through fn; SD_ENOTFOUND when there is none. */
static int store_meta_get(struct store *s, const char *key, store_row_fn *fn, void *arg)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT value FROM meta WHERE key = ?1", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    return store_row(s, st, fn, arg, "read meta");
}

int store_meta_get_int(struct store *s, const char *key, int64_t *out)
{
    return store_meta_get(s, key, store_row_int, out);
}

int store_meta_get_text(struct store *s, const char *key, char *buf, size_t size)
{
    struct store_text text = { buf, size, 0 };
    buf[0] = '\0';
    return store_meta_get(s, key, store_row_text, &text);
}

static int store_meta_set(struct store *s, const char *key, sqlite3_stmt **st)
{
    int rc = store_prepare(s, "INSERT INTO meta(key, value) VALUES(?1, ?2) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value", st);
    if (rc == SD_OK)
        sqlite3_bind_text(*st, 1, key, -1, SQLITE_STATIC);
    return rc;
}

int store_meta_set_int(struct store *s, const char *key, int64_t value)
{
    sqlite3_stmt *st;
    int rc = store_meta_set(s, key, &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_int64(st, 2, value);
    return store_step_done(s, st, "write meta");
}

int store_meta_set_text(struct store *s, const char *key, const char *value)
{
    sqlite3_stmt *st;
    int rc = store_meta_set(s, key, &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return store_step_done(s, st, "write meta");
}

void store_copy_column(sqlite3_stmt *st, int col, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(buf, t, n);
    buf[n] = '\0';
}

/* ---------------------------------------------------------------- opening */

static int store_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return sd_from_errno(errno);
    int rc = fsync(fd) == 0 ? SD_OK : sd_from_errno(errno);
    close(fd);
    return rc;
}

/*
** Create the folders of path and an empty database file readable only by the kiosk's user (the
** -wal and -shm files SQLite makes copy its mode), then sync the folders so that the file's name
** survives a power cut as well as the records in it.
*/
static int store_prepare_path(struct store *s, const char *path)
{
    char dir[PATH_MAX];
    struct stat st;
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof dir)
        return store_set_error(s, SD_EINVAL, "database path is empty or too long");
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';

    /* mkdir -p, syncing the parent of every folder made. */
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0700) == 0) {
            char *up = strrchr(dir, '/');
            if (up && up != dir) {
                *up = '\0';
                store_fsync_dir(dir);
                *up = '/';
            }
        } else if (errno != EEXIST) {
            int err = errno;
            *p = c;
            return store_set_error(s, sd_from_errno(err), "%s [%s: %s]",
                                   _("The kiosk cannot make the folder for its database. Check "
                                     "that the data partition is there and can be written."),
                                   dir, strerror(err));
        }
        *p = c;
        if (c == '\0')
            break;
    }

    if (lstat(path, &st) == 0)
        return SD_OK;
    if (errno != ENOENT)
        return store_set_error(s, sd_from_errno(errno), "%s: %s", path, strerror(errno));
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return store_set_error(s, sd_from_errno(errno), "%s [%s: %s]",
                               _("The kiosk cannot open its database. Check that the data "
                                 "partition is there and can be written."),
                               path, strerror(errno));
    close(fd);
    store_fsync_dir(dir);
    return SD_OK;
}

struct store_check {         /* what an integrity check said */
    char lines[256];        /* its first lines, for the message */
    size_t used;
    int rows, ok;
};

static int store_check_row(void *arg, sqlite3_stmt *row)
{
    struct store_check *c = arg;
    const char *line = (const char *)sqlite3_column_text(row, 0);
    if (c->rows == 0 && line && strcmp(line, "ok") == 0)
        c->ok = 1;
    if (c->rows < 3 && line && c->used < sizeof c->lines) {
        int w = snprintf(c->lines + c->used, sizeof c->lines - c->used, "%s%s",
                         c->rows ? "; " : "", line);
        c->used += w > 0 ? (size_t)w : 0;
    }
    c->rows++;
    return SD_OK;
}

/* PRAGMA quick_check or integrity_check: SD_OK on "ok", else SD_ECORRUPT with the first lines. */
static int store_run_check(struct store *s, const char *sql)
{
    sqlite3_stmt *st;
    struct store_check c;
    memset(&c, 0, sizeof c);
    int rc = store_prepare(s, sql, &st);
    if (rc == SD_OK)
        rc = store_rows(s, st, store_check_row, &c, sql);
    if (rc != SD_OK)
        return rc;
    if (c.ok && c.rows == 1)
        return SD_OK;
    return store_set_error(s, SD_ECORRUPT, "%s [%s: %s]", store_failure_text(SD_ECORRUPT), sql,
                           c.lines);
}

/*
** Recognise the file before anything writes to it: an empty file is new, a shadowday database
** has our application_id, and a schema newer than this program knows is refused.
*/
static int store_check_identity(struct store *s, int64_t *version)
{
    int64_t app_id, objects;
    int rc = store_query_int(s, "PRAGMA application_id", &app_id);
    if (rc == SD_OK)
        rc = store_query_int(s, "PRAGMA user_version", version);
    if (rc == SD_OK)
        rc = store_query_int(s, "SELECT count(*) FROM sqlite_schema", &objects);
    if (rc != SD_OK)
        return rc;
    if (app_id != SCHEMA_APPLICATION_ID && (app_id != 0 || *version != 0 || objects != 0))
        return store_set_error(s, SD_ECORRUPT, "%s [%s]",
                               _("This file is not a shadowday database, so the kiosk does not "
                                 "use it. It was left as it is. Ask the coordinator to check the "
                                 "data folder."),
                               s->path);
    if (*version > schema_latest_version())
        return store_set_error(s, SD_EINVAL,
                               _("The database was written by a newer version of shadowday "
                                 "(schema %d; this version knows up to %d). It was left as it "
                                 "is. Install the newer version of the program."),
                               (int)*version, schema_latest_version());
    return SD_OK;
}

/* Apply the missing migrations in order, each in its own transaction. */
static int store_migrate(struct store *s, int64_t version)
{
    char sql[64];
    for (int i = 0; i < schema_count_migrations(); i++) {
        const struct schema_migration *m = schema_get_migration(i);
        assert(m && m->version == i + 1);
        if (version >= m->version)
            continue;
        int rc = store_tx_begin(s);
        if (rc == SD_OK)
            rc = store_query_int(s, "PRAGMA user_version", &version);
        if (rc == SD_OK && version < m->version) {
            rc = store_exec(s, m->sql, "migrate");
            snprintf(sql, sizeof sql, "PRAGMA user_version=%d", m->version);
            if (rc == SD_OK)
                rc = store_exec(s, sql, "migrate");
            snprintf(sql, sizeof sql, "PRAGMA application_id=%d", SCHEMA_APPLICATION_ID);
            if (rc == SD_OK)
                rc = store_exec(s, sql, "migrate");
        }
        if (rc == SD_OK)
            rc = store_tx_commit(s);
        if (rc != SD_OK) {
            store_tx_rollback(s);
            return rc;
        }
        version = m->version;
    }
    return SD_OK;
}

/* A meta value of n random bytes as hex after prefix, made once: SD_OK with it in buf. */
static int store_meta_random(struct store *s, const char *key, const char *prefix, size_t n,
                             char *buf, size_t size)
{
    unsigned char b[UUID_KEY_BYTES];
    char hex[2 * sizeof b + 1];
    int rc = store_meta_get_text(s, key, buf, size);
    if (rc != SD_ENOTFOUND)
        return rc;
    assert(n <= sizeof b);
    if (sodium_init() < 0)
        return store_set_error(s, SD_ERR, "libsodium cannot be initialised");
    randombytes_buf(b, n);
    sodium_bin2hex(hex, sizeof hex, b, n);
    sodium_memzero(b, sizeof b);
    snprintf(buf, size, "%s%s", prefix, hex);
    rc = store_tx_begin(s);
    if (rc == SD_OK)
        rc = store_meta_set_text(s, key, buf);
    if (rc == SD_OK)
        rc = store_tx_commit(s);
    else
        store_tx_rollback(s);
    return rc;
}

/*
** The kiosk id ("K-" and 8 random hex digits), made when the database is new, and the key of
** the records' UUIDs, made then too or at the first open of a database made before it existed.
*/
static int store_load_meta(struct store *s)
{
    char hex[2 * UUID_KEY_BYTES + 1];
    int rc = store_meta_random(s, "kiosk_id", "K-", 4, s->kiosk_id, sizeof s->kiosk_id);
    if (rc == SD_OK)
        rc = store_meta_random(s, "uuid_key", "", UUID_KEY_BYTES, hex, sizeof hex);
    if (rc == SD_OK && (strlen(hex) != 2 * UUID_KEY_BYTES ||
                        sodium_hex2bin(s->uuid_key, UUID_KEY_BYTES, hex, strlen(hex), NULL, NULL, NULL) != 0))
        rc = store_set_error(s, SD_ECORRUPT, "the key of the records' UUIDs is damaged");
    if (rc != SD_OK)
        return rc;
    s->clock_offset_s = 0;
    s->last_seen = 0;
    rc = store_meta_get_int(s, "clock_offset_s", &s->clock_offset_s);
    if (rc == SD_OK || rc == SD_ENOTFOUND)
        rc = store_meta_get_int(s, "last_time_seen", &s->last_seen);
    return rc == SD_ENOTFOUND ? SD_OK : rc;
}

static int store_configure(struct store *s)
{
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
    for (size_t i = 0; i < sizeof store_early_pragmas / sizeof store_early_pragmas[0]; i++) {
        int rc = store_exec(s, store_early_pragmas[i], "configure");
        if (rc != SD_OK)
            return rc;
    }
    return SD_OK;
}

static int store_journal_row(void *arg, sqlite3_stmt *row)
{
    const char *mode = (const char *)sqlite3_column_text(row, 0);
    *(int *)arg = mode && strcmp(mode, "wal") == 0;
    return SD_OK;
}

static int store_set_durability(struct store *s)
{
    sqlite3_stmt *st;
    int wal = -1;
    int rc = store_prepare(s, "PRAGMA journal_mode=WAL", &st);
    /* A new file's change to WAL is committed when the statement finishes: step to the end and
    ** look at the result, or a failed write of the header would pass unnoticed. */
    if (rc == SD_OK)
        rc = store_rows(s, st, store_journal_row, &wal, "journal_mode");
    if (rc == SD_OK && wal < 0)
        rc = store_set_error(s, SD_ERR, "journal_mode: no row");
    if (rc != SD_OK)
        return rc;
    if (!wal)
        LOG_WARN("store: %s cannot use WAL; using a rollback journal", s->path);
    for (size_t i = 0; i < sizeof store_pragmas / sizeof store_pragmas[0]; i++) {
        rc = store_exec(s, store_pragmas[i], "configure");
        if (rc != SD_OK)
            return rc;
    }
    /* Without WAL, FULL does not sync the folder after the journal is deleted; EXTRA does. */
    return wal ? SD_OK : store_exec(s, "PRAGMA synchronous=EXTRA", "configure");
}

/* Close the connection of a handle whose open failed, touching nothing in the file. */
static void store_shut(struct store *s)
{
    if (!s->db)
        return;
    store_tx_rollback(s);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sqlite3_close_v2(s->db);
    s->db = NULL;
}

int store_open(struct store **out, const char *path, const struct store_options *opt)
{
    int64_t version = 0;
    int rc;
    struct store *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return SD_ENOMEM;
    s->build_epoch = opt && opt->build_epoch ? opt->build_epoch : (int64_t)SD_BUILD_EPOCH;
    s->path = strdup(path ? path : "");
    if (!s->path) {
        rc = store_set_error(s, SD_ENOMEM, "%s", store_failure_text(SD_ENOMEM));
        goto done;
    }
    rc = store_prepare_path(s, s->path);
    if (rc != SD_OK)
        goto done;
    int src = sqlite3_open_v2(s->path, &s->db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW
                                  | SQLITE_OPEN_EXRESCODE,
                              opt ? opt->vfs : NULL);
    if (src != SQLITE_OK) {
        rc = store_fail(s, src, "open");
        goto done;
    }
    rc = store_configure(s);
    if (rc == SD_OK)
        rc = store_check_identity(s, &version);
    if (rc == SD_OK)
        rc = store_run_check(s, "PRAGMA quick_check");
    if (rc == SD_OK)
        rc = store_set_durability(s);
    if (rc == SD_OK)
        rc = store_migrate(s, version);
    if (rc == SD_OK)
        rc = store_load_meta(s);
done:
    if (rc != SD_OK) {
        LOG_ERROR("store: cannot use %s: %s", s->path ? s->path : "", s->errmsg);
        store_shut(s);
    }
    return rc;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    if (s->db) {
        store_tx_rollback(s);
        if (sqlite3_close_v2(s->db) != SQLITE_OK)
            LOG_WARN("store: closing %s: %s", s->path, sqlite3_errmsg(s->db));
    }
    free(s->path);
    free(s);
}

const char *store_kiosk_id(const struct store *s)
{
    return s ? s->kiosk_id : "";
}

void store_uuid_key(const struct store *s, unsigned char *out)
{
    memcpy(out, s->uuid_key, UUID_KEY_BYTES);
}

const char *store_path(const struct store *s)
{
    return s && s->path ? s->path : "";
}

int store_ping(struct store *s)
{
    char id[40];
    if (!store_is_open(s))
        return SD_ERR;
    int rc = store_meta_get_text(s, "kiosk_id", id, sizeof id);
    if (rc == SD_OK && strcmp(id, s->kiosk_id) != 0)
        rc = store_set_error(s, SD_ECORRUPT, "the kiosk id changed under the store");
    return rc;
}

int store_check_integrity(struct store *s)
{
    if (!store_is_open(s))
        return SD_ERR;
    return store_run_check(s, "PRAGMA integrity_check");
}

/* ---------------------------------------------------------------- settings */

static int store_setting_key_ok(struct store *s, const char *key)
{
    size_t n = key ? strnlen(key, STORE_SETTING_KEY_MAX + 1) : 0;
    if (n > 0 && n <= STORE_SETTING_KEY_MAX)
        return 1;
    store_set_error(s, SD_EINVAL, "setting key is empty or too long");
    return 0;
}

int store_setting_get(struct store *s, const char *key, char *buf, size_t size)
{
    sqlite3_stmt *st;
    if (!store_is_open(s))
        return SD_ERR;
    if (!store_setting_key_ok(s, key) || !buf || size == 0)
        return SD_EINVAL;
    struct store_text text = { buf, size, 0 };
    buf[0] = '\0';
    int rc = store_prepare(s, "SELECT value FROM setting WHERE key = ?1", &st);
    if (rc != SD_OK)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = store_row(s, st, store_row_text, &text, "read setting");
    return rc == SD_OK && text.cut ? SD_ELIMIT : rc;
}

int store_setting_set(struct store *s, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (!store_is_open(s))
        return SD_ERR;
    if (!store_setting_key_ok(s, key))
        return SD_EINVAL;
    if (value && strnlen(value, STORE_SETTING_VALUE_MAX + 1) > STORE_SETTING_VALUE_MAX)
        return store_set_error(s, SD_ELIMIT, "setting %s: value too long", key);
    int rc = store_tx_begin(s);
    if (rc != SD_OK)
        return rc;
    rc = store_prepare(s, value ? "INSERT INTO setting(key, value) VALUES(?1, ?2) "
                                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                                : "DELETE FROM setting WHERE key = ?1",
                       &st);
    if (rc == SD_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (value)
            sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = store_step_done(s, st, "write setting");
    }
    if (rc == SD_OK)
        return store_tx_commit(s);
    store_tx_rollback(s);
    return rc;
}
