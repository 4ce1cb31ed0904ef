/*
** pack_canon.c - the files the kiosk keeps of a valid pack, and the pack id over them.
**
** The CSV files as they were read (UTF-8 without a BOM whatever was on the stick), except that
** plain PINs are replaced by their hashes, and only the photos the pack uses. They are stored
** in the kiosk's database and parsed again at start-up, so the stored pack and a stick go
** through one parser. The pack id is the SHA-256 over them in name order (pack_id.c).
** Must not depend on SQLite or SDL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pack_sheet.h"

static int canon_file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct pack_file *)a)->name, ((const struct pack_file *)b)->name);
}

static int canon_add(struct pack_source *files, const char *name, const void *data, size_t len)
{
    for (int i = 0; i < files->count; i++)
        if (strcmp(files->files[i].name, name) == 0)
            return SD_OK; /* a photo two items share */
    struct pack_file *f = &files->files[files->count];
    memset(f, 0, sizeof *f);
    f->data = malloc(len + 1);
    if (!f->data)
        return SD_ENOMEM;
    if (len)
        memcpy(f->data, data, len);
    f->data[len] = '\0';
    f->len = len;
    snprintf(f->name, sizeof f->name, "%s", name);
    files->count++;
    return SD_OK;
}

/* One CSV file of the pack: rewritten when it held plain PINs, else as it was read. */
static int canon_csv(struct pack_parse *ps, const struct pack_file *f)
{
    struct textbuf o = { 0 };
    int rc = SD_OK;
    if (strcmp(f->name, PACK_FILE_HOSTS) == 0)
        rc = pack_hosts_canon(ps, &o);
    else if (strcmp(f->name, PACK_FILE_WORKPLACE) == 0)
        rc = pack_workplace_canon(ps, &o);
    if (rc == SD_OK)
        rc = o.data ? canon_add(&ps->p->files, f->name, o.data, o.len)
                    : canon_add(&ps->p->files, f->name, f->data, f->len);
    textbuf_free(&o);
    return rc;
}

int pack_canon_build(struct pack_parse *ps)
{
    struct pack *p = ps->p;
    struct pack_source *files = &p->files;
    int rc = SD_OK;
    files->files = calloc((size_t)PACK_CSV_COUNT + (size_t)ps->npictures, sizeof *files->files);
    if (!files->files)
        return SD_ENOMEM;
    for (int i = 0; rc == SD_OK && i < PACK_CSV_COUNT; i++) {
        const struct pack_file *f = pack_source_find(ps->src, pack_csv_name(i));
        if (f)
            rc = canon_csv(ps, f);
    }
    for (int i = 0; rc == SD_OK && i < ps->npictures; i++)
        rc = canon_add(files, ps->pictures[i]->name, ps->pictures[i]->data, ps->pictures[i]->len);
    if (rc != SD_OK)
        return rc;
    qsort(files->files, (size_t)files->count, sizeof *files->files, canon_file_cmp);
    pack_id_of_files(files, p->pack_id);
    return SD_OK;
}
