/*
** export_format.h - what an export carries and its two serialisations.
**
** An export is one kiosk's records (every field, as struct record) with a summary of the day
** pack they belong to (workplace name, shadows' first names, hosts, safety cards with their
** content hashes per language, questions), so `shadowday collect` can name people and tell
** which cards were not acknowledged without the pack itself. records.json is the full, readable
** form on USB sticks, read back strictly: a stick is hostile input. The compact form QR codes
** carry is export_compact.c's. Used by export.c (kiosk) and collect.c (CLI).
** Must not depend on SQLite or SDL.
*/
#ifndef SD_EXPORT_FORMAT_H
#define SD_EXPORT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "pack.h"
#include "store.h"

#define EXPORT_FORMAT_NAME "shadowday-export"
#define EXPORT_FORMAT_VERSION 1
#define EXPORT_BATCH_SIZE 17            /* up to 16 characters 0-9 A-Z and the NUL */
#define EXPORT_MAX_RECORDS 1000000      /* more in one export is not a kiosk's */
#define EXPORT_MAX_BYTES (256u << 20)   /* records.json or the inflated compact form */

struct export_shadow {
    char id[PACK_ID_MAX];
    char *first_name;
    char escort_id[PACK_ID_MAX];
    int agreement_signed;
};

struct export_host {
    char id[PACK_ID_MAX];
    char *name;
    char *role;
};

struct export_card {
    char id[PACK_ID_MAX];
    char *title;
    int hash_count;
    struct { char lang[8]; char hash[65]; } hashes[PACK_MAX_LANGS + 4]; /* as shown in each language */
};

struct export_question {
    char id[PACK_ID_MAX];
    int audience;                       /* enum question_audience */
    char *text;
};

struct export_pack {
    char pack_id[65];
    char date[11];
    char *workplace;
    struct export_shadow *shadows;      int shadow_count;
    struct export_host *hosts;          int host_count;
    struct export_card *cards;          int card_count;
    struct export_question *questions;  int question_count;
};

struct export_data {
    char kiosk_id[40];
    char batch[EXPORT_BATCH_SIZE];
    char medium[4];                     /* "usb" | "qr" */
    int64_t created;                    /* Unix seconds, kiosk clock */
    int created_offset_min;
    int created_suspect;
    int has_pack;                       /* 0: no pack was installed */
    struct export_pack pack;
    struct record *records;
    int record_count, record_capacity;
};

/* Free everything d owns and zero it. */
void export_data_free(struct export_data *d);
void export_pack_free(struct export_pack *p);
/* Append a copy of rec. SD_ENOMEM, SD_ELIMIT past EXPORT_MAX_RECORDS. */
int export_data_add_record(struct export_data *d, const struct record *rec);
/* The summary of a parsed pack (hashes for every language the kiosk speaks). */
int export_pack_from_pack(struct export_pack *out, const struct pack *p);
/* A deep copy. */
int export_pack_copy(struct export_pack *out, const struct export_pack *in);
/* Add to into the card hashes of from (the same pack's summary from another export) in the
** languages into has none for: a QR export carries only the languages its records need. */
void export_pack_merge_hashes(struct export_pack *into, const struct export_pack *from);
/* How many records have clock_suspect set. */
int export_data_count_suspect(const struct export_data *d);

/* Whether s is a SHA-256 as exports write it (64 lowercase hex digits), a day (YYYY-MM-DD), a
** language code (letters, "-" and "_", at least two). */
int export_text_is_hash(const char *s);
int export_text_is_day(const char *s);
int export_text_is_lang(const char *s);

/* A record's text fields, in records.json's order (uuid, kiosk_id, day, pack_id, visit,
** shadow_id, host_id, item, value, lang, content_hash): field i of r and its buffer's size;
** NULL past the last. */
#define EXPORT_RECORD_TEXT_FIELDS 11
char *export_record_field(struct record *r, int i, size_t *size);

/* Whether a record read from outside is well-formed (ids, uuid, kind, lengths, UTF-8). */
int export_record_is_valid(const struct record *rec);
/* Whether two records are the same in every field. */
int export_record_equal(const struct record *a, const struct record *b);

/* Look-ups in a pack summary; NULL when absent. */
const struct export_shadow *export_pack_shadow(const struct export_pack *p, const char *id);
const struct export_host *export_pack_host(const struct export_pack *p, const char *id);
const struct export_question *export_pack_question(const struct export_pack *p, const char *id);

/* records.json, pretty-printed. */
int export_data_to_json(const struct export_data *d, char **out, size_t *len);
/*
** Read records.json strictly into *d (zeroed first; free with export_data_free on any result).
** SD_EINVAL (err says what and where) for anything that is not a valid export, SD_ELIMIT.
*/
int export_data_from_json(struct export_data *d, const char *text, size_t len, char *err,
                          size_t err_size);

#endif
