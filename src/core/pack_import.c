/*
** pack_import.c - read, check, hash and install a day pack folder.
**
** A SHA-256 of the folder's raw files is kept as the setting "pack_source_sha256", so starting
** the kiosk again with the same --pack folder does not hash every host PIN again (Argon2id is
** slow on purpose) and keeps the PINs changed on the kiosk; a different folder's pack clears
** them (store_pack_install). Must not depend on SDL.
*/
#include "pack_import.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "pack_internal.h"

int pack_import_preview(const char *dir, struct pack **out, struct pack_report *rep)
{
    struct pack_source src = { 0 };
    *out = NULL;
    int rc = pack_source_read_dir(&src, dir, rep);
    if (rc == SD_OK)
        rc = pack_parse(out, &src, 0, rep);
    pack_source_free(&src);
    return rc;
}

int pack_import_dir(struct store *s, const char *dir, struct pack_report *rep)
{
    struct pack_source src = { 0 };
    struct pack *p = NULL;
    char source_sha[65], installed[65];
    if (sodium_init() < 0)
        return SD_ERR;
    int rc = pack_source_read_dir(&src, dir, rep);
    if (rc != SD_OK)
        goto done;
    if (rep->errors > 0) {
        rc = SD_EINVAL;
        goto done;
    }
    pack_id_of_files(&src, source_sha);
    if (store_setting_get(s, "pack_source_sha256", installed, sizeof installed) == SD_OK &&
        strcmp(installed, source_sha) == 0) {
        struct pack_source current = { 0 };
        int have = store_pack_load(s, &current) == SD_OK && current.count > 0;
        pack_source_free(&current);
        if (have) {
            rc = SD_EEXIST;
            goto done;
        }
    }
    rc = pack_parse(&p, &src, 1, rep);
    if (rc != SD_OK)
        goto done;
    /* The source hash is stored by the install, in its transaction. */
    memcpy(p->source_sha256, source_sha, sizeof p->source_sha256);
    rc = store_pack_install(s, p);
done:
    pack_free(p);
    pack_source_free(&src);
    return rc;
}
