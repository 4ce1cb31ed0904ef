/*
** web_zip.c - the collect's files as one zip for the page's "Download all": every regular file
** of a folder, sorted by name, deflated with zlib, names in UTF-8 (flag bit 11), dated by the
** report's time. A zip writer and nothing more (no reading, no zip64: the output is a few
** files of at most tens of megabytes). Must not depend on SQLite or SDL.
*/
#include <dirent.h>
#include <emscripten.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "err.h"
#include "fsutil.h"
#include "web_api.h"

#define ZIP_MAX_FILES 64
#define ZIP_FILE_MAX (256u << 20)

struct zip_buf {
    unsigned char *data;
    size_t len, cap;
    int failed;
};

struct zip_entry {
    char name[256];
    uint32_t crc, csize, usize, offset;
};

static void zip_put(struct zip_buf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2;
        unsigned char *g = realloc(b->data, cap);
        if (!g) {
            b->failed = 1;
            return;
        }
        b->data = g;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void zip_u16(struct zip_buf *b, unsigned v)
{
    unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    zip_put(b, x, 2);
}

static void zip_u32(struct zip_buf *b, uint32_t v)
{
    zip_u16(b, v & 0xffff);
    zip_u16(b, v >> 16);
}

/* The fields local and central headers share, from "version needed" to the name's length. */
static void zip_common(struct zip_buf *b, const struct zip_entry *e, unsigned dos_time, unsigned dos_date)
{
    zip_u16(b, 20);             /* version needed: deflate */
    zip_u16(b, 0x0800);         /* the name is UTF-8 */
    zip_u16(b, 8);              /* deflate */
    zip_u16(b, dos_time);
    zip_u16(b, dos_date);
    zip_u32(b, e->crc);
    zip_u32(b, e->csize);
    zip_u32(b, e->usize);
    zip_u16(b, (unsigned)strlen(e->name));
    zip_u16(b, 0);              /* no extra field */
}

/* Deflate data into b (raw, no zlib header, as zip wants). */
static int zip_deflate(struct zip_buf *b, const unsigned char *data, size_t len, uint32_t *csize)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return SD_ENOMEM;
    size_t bound = deflateBound(&z, (uLong)len);
    unsigned char *out = malloc(bound);
    int rc = out ? SD_OK : SD_ENOMEM;
    if (out) {
        z.next_in = (unsigned char *)data;
        z.avail_in = (uInt)len;
        z.next_out = out;
        z.avail_out = (uInt)bound;
        rc = deflate(&z, Z_FINISH) == Z_STREAM_END ? SD_OK : SD_ERR;
        if (rc == SD_OK) {
            *csize = (uint32_t)z.total_out;
            zip_put(b, out, z.total_out);
        }
        free(out);
    }
    deflateEnd(&z);
    return rc;
}

static int zip_name_cmp(const void *a, const void *b)
{
    return strcmp(((const struct zip_entry *)a)->name, ((const struct zip_entry *)b)->name);
}

/* The regular files of dir, sorted. */
static int zip_list(const char *dir, struct zip_entry *e, int *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    *count = 0;
    if (!d)
        return SD_ENOTFOUND;
    while ((de = readdir(d)) && *count < ZIP_MAX_FILES) {
        char path[1024];
        struct stat st;
        if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof e->name)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            memset(&e[*count], 0, sizeof e[*count]);
            strcpy(e[(*count)++].name, de->d_name);
        }
    }
    closedir(d);
    qsort(e, (size_t)*count, sizeof *e, zip_name_cmp);
    return SD_OK;
}

static int zip_add(struct zip_buf *b, const char *dir, struct zip_entry *e, unsigned t, unsigned dt)
{
    char path[1024];
    unsigned char *data = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, e->name);
    int rc = fsutil_read_file(path, ZIP_FILE_MAX, &data, &len);
    if (rc != SD_OK)
        return rc;
    e->crc = (uint32_t)crc32(crc32(0, Z_NULL, 0), data, (uInt)len);
    e->usize = (uint32_t)len;
    e->offset = (uint32_t)b->len;
    /* The local header goes in front once the compressed size is known. */
    struct zip_buf body = { 0 };
    rc = zip_deflate(&body, data, len, &e->csize);
    free(data);
    if (rc == SD_OK && !body.failed) {
        zip_u32(b, 0x04034b50);
        zip_common(b, e, t, dt);
        zip_put(b, e->name, strlen(e->name));
        zip_put(b, body.data, body.len);
    }
    free(body.data);
    return rc != SD_OK ? rc : body.failed || b->failed ? SD_ENOMEM : SD_OK;
}

EMSCRIPTEN_KEEPALIVE int web_zip_dir(const char *dir, const char *zip_path, double now)
{
    struct zip_entry entries[ZIP_MAX_FILES];
    struct zip_buf b = { 0 };
    int count = 0, rc = zip_list(dir, entries, &count);
    time_t when = (time_t)now;
    struct tm tm;
    localtime_r(&when, &tm);
    unsigned t = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    unsigned dt = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
    for (int i = 0; rc == SD_OK && i < count; i++)
        rc = zip_add(&b, dir, &entries[i], t, dt);
    uint32_t cd = (uint32_t)b.len;
    for (int i = 0; rc == SD_OK && i < count; i++) {
        zip_u32(&b, 0x02014b50);
        zip_u16(&b, 20);        /* made by: MS-DOS attributes, version 2.0 */
        zip_common(&b, &entries[i], t, dt);
        zip_u16(&b, 0);         /* comment */
        zip_u16(&b, 0);         /* disk */
        zip_u16(&b, 0);         /* internal attributes */
        zip_u32(&b, 0);         /* external attributes */
        zip_u32(&b, entries[i].offset);
        zip_put(&b, entries[i].name, strlen(entries[i].name));
    }
    uint32_t cd_size = (uint32_t)b.len - cd;
    zip_u32(&b, 0x06054b50);
    zip_u16(&b, 0);
    zip_u16(&b, 0);
    zip_u16(&b, (unsigned)count);
    zip_u16(&b, (unsigned)count);
    zip_u32(&b, cd_size);
    zip_u32(&b, cd);
    zip_u16(&b, 0);
    if (rc == SD_OK && b.failed)
        rc = SD_ENOMEM;
    if (rc == SD_OK) {
        const char *slash = strrchr(zip_path, '/');
        char zdir[1024];
        snprintf(zdir, sizeof zdir, "%.*s", slash ? (int)(slash - zip_path) : 1, slash ? zip_path : ".");
        rc = fsutil_write_file(zdir[0] ? zdir : "/", slash ? slash + 1 : zip_path, b.data, b.len, 0644, 0);
    }
    free(b.data);
    return rc;
}
