/*
** pack_import.h - bringing a day pack folder into the kiosk's store, all or nothing.
**
** Used by the kiosk at start-up (--pack) and by its admin import screen. The folder is read with
** the limits against hostile sticks, parsed, plain PINs are hashed, and the canonical files are
** installed in one transaction; any problem leaves the current pack and every record as they were.
** Must not depend on SDL.
*/
#ifndef SD_PACK_IMPORT_H
#define SD_PACK_IMPORT_H

#include "pack.h"
#include "store.h"

/*
** Import dir into s. SD_OK: installed. SD_EEXIST: these exact files are the pack already
** installed (nothing to do). SD_EINVAL: the pack has problems, all listed in rep; nothing changed.
** Other codes: reading or storing failed (rep or store_errmsg says how); nothing changed.
*/
int pack_import_dir(struct store *s, const char *dir, struct pack_report *rep);

/* Read and check dir without hashing PINs or storing anything, for a preview. On SD_OK *out
** is the parsed pack (pack_free it); otherwise rep lists the problems. */
int pack_import_preview(const char *dir, struct pack **out, struct pack_report *rep);

#endif
