/*
** export_compact_internal.h - what the form 2 writer and reader share (export_compact*.c only):
** the streams, the codes of a field, and the helpers both sides must run alike.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_EXPORT_COMPACT_INTERNAL_H
#define SD_EXPORT_COMPACT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "export_compact.h"
#include "textbuf.h"

enum compact_stream {
    ST_HEAD, ST_PACK, ST_TEXT, ST_BLOB, ST_SEQ, ST_WALL, ST_KIND, ST_OFFSET, ST_FLAGS, ST_VISIT,
    ST_KIOSK, ST_DAY, ST_PACKID, ST_SHADOW, ST_HOST, ST_ITEM, ST_VALUE, ST_LANG, ST_HASH,
    ST_COUNT
};

#define COMPACT_BODY_VERSION 1
#define COMPACT_MAGIC_LEN 2
#define COMPACT_HASH_BYTES 32
#define COMPACT_UUID_BYTES 16
#define COMPACT_MAX_STRINGS (1 << 20)       /* distinct strings and hashes one export may name */

enum { HEAD_SUSPECT = 1, HEAD_PACK = 2, HEAD_UUID_KEY = 4 };
enum { FLAG_SUSPECT = 1, FLAG_UUID = 2 };   /* per record; FLAG_UUID: it carries its UUID */
enum { CODE_SAME = 0, CODE_EMPTY = 1, CODE_NEW = 2, CODE_CARD = 3 };
enum { STRING_TABLE_AT = 3, HASH_TABLE_AT = 4 };
enum { VISIT_NONE = 0, VISIT_OWN = 1, VISIT_NEW = 2, VISIT_BACK = 3 };

/* The preset dictionary of form 2's deflate stream (fixed for body version 1). */
const unsigned char *export_compact_dictionary(size_t *len);
/* An unsigned LEB128 varint appended to b (its error sticks). */
void export_compact_put_uv(struct textbuf *b, uint64_t v);
/* A varint at *p (before end), *p moved past it; -1 when cut short or longer than 64 bits. */
int export_compact_get_uv(const unsigned char **p, const unsigned char *end, uint64_t *out);

/* A uuid's text as 16 bytes (-1 unless well-formed), and back. */
int export_compact_uuid_bytes(const char *text, unsigned char out[COMPACT_UUID_BYTES]);
void export_compact_uuid_text(const unsigned char b[COMPACT_UUID_BYTES], char out[UUID_TEXT_SIZE]);

/* The cards of p ordered by id (ties in place order), malloc'd; NULL when out of memory. */
const struct export_card **export_compact_card_order(const struct export_pack *p);
/* The hash of card item in lang (the first card with that id, through order); NULL if none. */
const char *export_compact_card_hash(const struct export_pack *p,
                                     const struct export_card *const *order, const char *item,
                                     const char *lang);
/* The record the first one is told against: the export's time, kiosk, the pack's day and id. */
void export_compact_start_record(const struct export_data *d, struct record *start);

/* Where the deflated body of a form 2 payload is, and where its sections begin. */
int export_compact_frame(const unsigned char *buf, size_t len, const unsigned char **z,
                         size_t *zlen, size_t *sections_at);
/* Walk the sections from at: all well-formed, none twice; type's (0: none) returned.
** SD_OK, SD_ENOTFOUND or SD_EINVAL. */
int export_compact_sections(const unsigned char *buf, size_t len, size_t at, int type,
                            const unsigned char **data, size_t *n, size_t *before);

#endif
