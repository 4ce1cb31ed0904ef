/*
** store_pack.c - the current day pack's canonical files, kept in the database so the kiosk
** starts with the pack it had, even without the USB stick.
**
** Installing is one transaction: the old files and the old pack id/date stay entirely, or the
** new ones are entirely there. A different pack also clears the PINs changed on the kiosk
** (pin_override) in that transaction; the same pack installed again keeps them. The kiosk parses the loaded files again with pack_parse (one
** parser for sticks, folders and the stored pack). Must not depend on SDL or on the pack's parser.
*/
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"

static int store_pack_date_ok(const char *date)
{
    int64_t t;
    char iso[CLOCK_ISO_SIZE];
    if (strnlen(date, 11) != 10)
        return 0;
    snprintf(iso, sizeof iso, "%sT00:00:00Z", date);
    return clock_parse_iso(iso, &t, NULL) == SD_OK;
}

static int store_pack_check(struct store *s, const struct pack *p)
{
    size_t total = 0;
    size_t id_len = strnlen(p->pack_id, sizeof p->pack_id);
    if (id_len == 0 || id_len == sizeof p->pack_id)
        return store_set_error(s, SD_EINVAL, "the pack has no id");
    if (!store_pack_date_ok(p->workplace.date))
        return store_set_error(s, SD_EINVAL, "the pack's date is not YYYY-MM-DD");
    if (p->files.count <= 0 || p->files.count > PACK_MAX_FILES || !p->files.files)
        return store_set_error(s, SD_EINVAL, "the pack has %d files", p->files.count);
    for (int i = 0; i < p->files.count; i++) {
        const struct pack_file *f = &p->files.files[i];
        size_t n = strnlen(f->name, sizeof f->name);
        if (n == 0 || n == sizeof f->name)
            return store_set_error(s, SD_EINVAL, "pack file %d has no name", i + 1);
        if (f->len > 0 && !f->data)
            return store_set_error(s, SD_EINVAL, "pack file %s has no data", f->name);
        total += f->len;
        if (f->len > PACK_MAX_TOTAL_BYTES || total > PACK_MAX_TOTAL_BYTES)
            return store_set_error(s, SD_ELIMIT, "the pack is larger than %d bytes",
                                   PACK_MAX_TOTAL_BYTES);
    }
    return SD_OK;
}

/*
** Inside the install transaction: whether p replaces another pack (*other = 1), or is the pack
** installed now or the first one (*other = 0). A pack imported from a folder is known by the
** SHA-256 of its raw files (its pack id changes when plain PINs are hashed again with new salts);
** otherwise by the pack id.
*/
static int store_pack_replaces_other(struct store *s, const struct pack *p, int *other)
{
    char old_id[65], old_source[65];
    sqlite3_stmt *st;
    *other = 0;
    int rc = store_meta_get_text(s, "pack_id", old_id, sizeof old_id);
    if (rc == SD_ENOTFOUND || (rc == SD_OK && old_id[0] == '\0'))
        return SD_OK;
    if (rc != SD_OK)
        return rc;
    struct store_text source = { old_source, sizeof old_source, 0 };
    old_source[0] = '\0';
    rc = store_prepare(s, "SELECT value FROM setting WHERE key = 'pack_source_sha256'", &st);
    if (rc == SD_OK)
        rc = store_row(s, st, store_row_text, &source, "read the pack's source");
    if (rc != SD_OK && rc != SD_ENOTFOUND)
        return rc;
    if (p->source_sha256[0] && old_source[0])
        *other = strcmp(p->source_sha256, old_source) != 0;
    else
        *other = strcmp(p->pack_id, old_id) != 0;
    return SD_OK;
}

/* Inside the install transaction: remember p's source hash (or forget the old one). */
static int store_pack_source_set(struct store *s, const struct pack *p)
{
    sqlite3_stmt *st;
    int has = p->source_sha256[0] != '\0';
    int rc = store_prepare(s, has ? "INSERT INTO setting(key, value) "
                                    "VALUES('pack_source_sha256', ?1) "
                                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                                  : "DELETE FROM setting WHERE key = 'pack_source_sha256'",
                           &st);
    if (rc != SD_OK)
        return rc;
    if (has)
        sqlite3_bind_text(st, 1, p->source_sha256, -1, SQLITE_STATIC);
    return store_step_done(s, st, "store the pack's source");
}

int store_pack_install(struct store *s, const struct pack *p)
{
    sqlite3_stmt *st;
    int other = 0;
    if (!store_is_open(s))
        return SD_ERR;
    if (!p)
        return store_set_error(s, SD_EINVAL, "no pack");
    int rc = store_pack_check(s, p);
    if (rc != SD_OK)
        return rc;
    size_t src_len = strnlen(p->source_sha256, sizeof p->source_sha256);
    if (src_len == sizeof p->source_sha256)
        return store_set_error(s, SD_EINVAL, "the pack's source hash is too long");
    rc = store_tx_begin(s);
    if (rc == SD_OK)
        rc = store_pack_replaces_other(s, p, &other);
    /* PINs changed on the kiosk belong to the pack they were changed under. */
    if (rc == SD_OK && other && (rc = store_prepare(s, "DELETE FROM pin_override", &st)) == SD_OK)
        rc = store_step_done(s, st, "clear the old pack's PINs");
    if (rc == SD_OK && (rc = store_prepare(s, "DELETE FROM pack_file", &st)) == SD_OK)
        rc = store_step_done(s, st, "remove old pack");
    for (int i = 0; rc == SD_OK && i < p->files.count; i++) {
        const struct pack_file *f = &p->files.files[i];
        rc = store_prepare(s, "INSERT INTO pack_file(name, data) VALUES(?1, ?2)", &st);
        if (rc != SD_OK)
            break;
        sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
        /* A NULL pointer would bind SQL NULL; an empty file is an empty blob. */
        if (f->len)
            sqlite3_bind_blob64(st, 2, f->data, f->len, SQLITE_STATIC);
        else
            sqlite3_bind_zeroblob(st, 2, 0);
        rc = store_step_done(s, st, "store pack file");
        if (rc == SD_EINVAL)
            rc = store_set_error(s, SD_EINVAL, "pack file %s appears twice", f->name);
    }
    if (rc == SD_OK)
        rc = store_meta_set_text(s, "pack_id", p->pack_id);
    if (rc == SD_OK)
        rc = store_meta_set_text(s, "pack_date", p->workplace.date);
    if (rc == SD_OK)
        rc = store_pack_source_set(s, p);
    if (rc == SD_OK)
        return store_tx_commit(s);
    store_tx_rollback(s);
    return rc;
}

static void store_pack_files_free(struct pack_source *src)
{
    for (int i = 0; i < src->count; i++)
        free(src->files[i].data);
    free(src->files);
    src->files = NULL;
    src->count = 0;
}

struct store_pack_files {   /* the files read so far */
    struct pack_source *out;
    int capacity;
};

static int store_pack_file_row(void *arg, sqlite3_stmt *row)
{
    struct store_pack_files *l = arg;
    struct pack_source *out = l->out;
    if (out->count == l->capacity) {
        int cap = l->capacity ? l->capacity * 2 : 16;
        struct pack_file *n = realloc(out->files, (size_t)cap * sizeof *n);
        if (!n)
            return SD_ENOMEM;
        out->files = n;
        l->capacity = cap;
    }
    struct pack_file *f = &out->files[out->count];
    const void *blob = sqlite3_column_blob(row, 1);
    size_t len = (size_t)sqlite3_column_bytes(row, 1);
    memset(f, 0, sizeof *f);
    store_copy_column(row, 0, f->name, sizeof f->name);
    f->data = malloc(len + 1); /* NUL after the data: CSV parsers may rely on it */
    if (!f->data)
        return SD_ENOMEM;
    if (len)
        memcpy(f->data, blob, len);
    f->data[len] = '\0';
    f->len = len;
    out->count++;
    return SD_OK;
}

int store_pack_load(struct store *s, struct pack_source *out)
{
    sqlite3_stmt *st;
    char id[65];
    struct store_pack_files l = { out, 0 };
    if (!out)
        return store_set_error(s, SD_EINVAL, "no place for the pack");
    out->files = NULL;
    out->count = 0;
    if (!store_is_open(s))
        return SD_ERR;
    int rc = store_meta_get_text(s, "pack_id", id, sizeof id);
    if (rc == SD_OK)
        rc = store_prepare(s, "SELECT name, data FROM pack_file ORDER BY rowid", &st);
    if (rc != SD_OK)
        return rc;
    rc = store_rows(s, st, store_pack_file_row, &l, "read pack");
    if (rc == SD_ENOMEM)
        store_set_error(s, rc, "out of memory for the pack");
    if (rc != SD_OK)
        store_pack_files_free(out);
    return rc;
}

int store_pack_info(struct store *s, char pack_id[65], char date[11])
{
    if (!store_is_open(s))
        return SD_ERR;
    int rc = store_meta_get_text(s, "pack_id", pack_id, 65);
    if (rc == SD_OK)
        rc = store_meta_get_text(s, "pack_date", date, 11);
    return rc;
}
