/*
** export_compact.h - an export in as few bytes as QR codes allow (form 2), and reading the
** form SD1 codes carried.
**
** Form 2 (export_compact.c) names a record by its kiosk and sequence number and carries the
** kiosk's UUID key once (uuid.h), so collect derives the UUIDs a USB export of the same records
** carries; packs every value (varints, a table of the strings and hashes already seen, fields
** left out when they equal the same visit's previous record, a safety card's hash as "the
** card as the pack has it in that language") column by column, then deflates. Sections may
** follow the deflated body, for the kiosk's signature over every byte before it.
** The SD1 form (export_compact_sd1.c) is only read, for codes kiosks showed before form 2.
** Both readers are strict: a scan is hostile input. Must not depend on SQLite or SDL.
*/
#ifndef SD_EXPORT_COMPACT_H
#define SD_EXPORT_COMPACT_H

#include <stddef.h>

#include "export_format.h"
#include "uuid.h"

#define EXPORT_COMPACT_MAGIC "Q2"               /* the first two bytes of form 2 */
#define EXPORT_COMPACT_MAX_RECORDS 100000       /* more is not one kiosk's QR export */
#define EXPORT_COMPACT_MAX_BYTES (64u << 20)    /* the inflated body */
#define EXPORT_COMPACT_SECTION_MAX 4096         /* bytes of one section */
#define EXPORT_COMPACT_MAX_SECTIONS 8

/* What a section holds; its type is one letter. */
enum export_compact_section {
    EXPORT_COMPACT_SECTION_SIGNATURE = 'G',     /* the kiosk's signature over every byte before it */
};

/*
** Form 2 of d into a malloc'd *out. uuid_key (UUID_KEY_BYTES, may be NULL) is the key the
** records' UUIDs were made under: a record whose UUID it gives costs no UUID bytes; others
** carry theirs. SD_EINVAL for a record export_record_is_valid refuses, SD_ELIMIT past
** EXPORT_COMPACT_MAX_RECORDS, SD_ENOMEM.
*/
int export_compact_encode(const struct export_data *d, const unsigned char *uuid_key,
                          unsigned char **out, size_t *len);

/*
** Append a section of type (a letter) with n bytes (at most EXPORT_COMPACT_SECTION_MAX) to a
** form 2 payload in *buf (realloc'd). SD_EINVAL for a bad type or size or a buffer that is not
** form 2, SD_ENOMEM.
*/
int export_compact_add_section(unsigned char **buf, size_t *len, int type,
                               const unsigned char *data, size_t n);
/*
** The section of type in a form 2 payload: *data and *n, and *before the number of bytes in
** front of it (what a signature covers). SD_ENOTFOUND when there is none, SD_EINVAL when the
** payload's sections are not well-formed or type appears twice.
*/
int export_compact_find_section(const unsigned char *buf, size_t len, int type,
                                const unsigned char **data, size_t *n, size_t *before);

/*
** Read a compact export, form 2 or the SD1 form (told apart by their first bytes), strictly
** into *d (zeroed first; free with export_data_free on any result). SD_EINVAL with err saying
** what (translated), SD_ELIMIT, SD_ENOMEM.
*/
int export_data_from_compact(struct export_data *d, const unsigned char *in, size_t len,
                             char *err, size_t err_size);

/* ---------------------------------------------------------------- shared by the two readers */
/* The SD1 form: zlib-deflated lines of tab-separated fields (export_compact_sd1.c). */
int export_compact_read_sd1(struct export_data *d, const unsigned char *in, size_t len,
                            char *err, size_t err_size);
/*
** Inflate a zlib (raw = 0) or a form 2 raw deflate stream (with form 2's dictionary) of len
** bytes into at most max bytes, malloc'd with a NUL after them. The stream must end exactly at
** len. SD_ECORRUPT, SD_ELIMIT, SD_ENOMEM.
*/
int export_compact_inflate(const unsigned char *in, size_t len, int raw, size_t max,
                           char **out, size_t *out_len);
/* A message into err (printf format); returns SD_EINVAL. */
int export_compact_fail(char *err, size_t err_size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
