/*
** store.h - the kiosk's durable record store (SQLite, WAL, synchronous=FULL).
**
** Everything the day produces is a record: one row, one transaction. A store_add_* call returns
** SD_OK only after its COMMIT returned, so the kiosk shows "saved" only for what is on disk.
** Records are never updated by the kiosk (only export, delivery and purge marks change), so a
** visit's state is derived from its records. The store also keeps the current day pack's
** canonical files, the PIN attempt counters (they survive a restart), PINs changed on the kiosk,
** and the clock floor used for the clock_suspect flag.
** This is the only file that includes sqlite3.h. Must not depend on SDL.
*/
#ifndef SD_STORE_H
#define SD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "pack.h"

struct store;

/* ---------------------------------------------------------------- records */
enum record_kind {
    RECORD_CHECKIN = 1,   /* the shadow tapped in; the record's uuid is the visit id */
    RECORD_ESCORT,        /* host_id confirmed with their PIN that the escort is with the shadow */
    RECORD_SAFETY_ACK,    /* item = card id, value = "understood" | "question", hash + lang */
    RECORD_ANSWER,        /* item = question id | "next" | "comment" | "done"; value = answer */
    RECORD_CHECKOUT,      /* value = "host" | "self" | "end_of_day"; host_id when a host confirmed */
    RECORD_HOST_EVAL,     /* host_id answered item = host question id, value = "1".."4" | "skip" */
    RECORD_CLOCK_SET,     /* the admin set the clock; value = the time before, ISO 8601 */
    RECORD_KIND_COUNT
};

#define RECORD_VALUE_MAX 1024     /* a comment typed on the kiosk fits */

struct record {
    int64_t seq;                  /* monotonic per kiosk, never reused (set by the store) */
    char uuid[37];                /* v4, keyed by seq (uuid_make_keyed), set by the store */
    char kiosk_id[40];            /* set by the store */
    int kind;                     /* enum record_kind */
    int64_t wall_time;            /* Unix seconds as the kiosk clock said (set by the store) */
    int utc_offset_min;           /* local offset from UTC at wall_time (set by the store) */
    int clock_suspect;            /* the clock looked wrong (set by the store) */
    char day[11];                 /* the pack's date YYYY-MM-DD (set by the store) */
    char pack_id[65];             /* the pack in use (set by the store) */
    char visit[37];               /* the check-in's uuid; "" for RECORD_CLOCK_SET */
    char shadow_id[PACK_ID_MAX];
    char host_id[PACK_ID_MAX];
    char item[PACK_ID_MAX];
    char value[RECORD_VALUE_MAX];
    char lang[8];
    char content_hash[65];
};

/* The name of a kind as in exports ("checkin", "escort", "safety_ack", "answer", "checkout",
** "host_eval", "clock_set"), and back; NULL / 0 when unknown. */
const char *record_kind_name(int kind);
int record_kind_from_name(const char *name);

/* ---------------------------------------------------------------- open and close */
struct store_options {
    const char *vfs;              /* SQLite VFS name; NULL = default (tests inject faults here) */
    int64_t build_epoch;          /* times before this are suspect; 0 = the compiled-in build date */
};

/*
** Open (create) the database at path, migrate the schema, run the integrity check.
** On failure *out is still set when a handle could be made, so store_errmsg() can say why;
** close it with store_close(). SD_ECORRUPT means the integrity check failed.
** The folder of path is created when missing. Checks run before anything is written, and a
** refused file is never written to: SD_ECORRUPT also for a file that is not a database or is
** another program's database; SD_EINVAL for a database of a newer schema than this program's.
*/
int store_open(struct store **out, const char *path, const struct store_options *opt);
void store_close(struct store *s);
/* The last failure in plain words (translated), with SQLite's own words in [brackets]. */
const char *store_errmsg(const struct store *s);
const char *store_kiosk_id(const struct store *s);
/* The key the kiosk makes its records' UUIDs under (uuid_make_keyed over their seq): a QR code
** export carries it so collect derives the UUIDs, 16 bytes into out. */
void store_uuid_key(const struct store *s, unsigned char *out);
const char *store_path(const struct store *s);
/* A trivial query answered: the watchdog is fed only while this returns SD_OK. */
int store_ping(struct store *s);
/* PRAGMA integrity_check; SD_OK when it says "ok", else SD_ECORRUPT with the first lines kept. */
int store_check_integrity(struct store *s);

/* ---------------------------------------------------------------- time */
struct store_time {
    int64_t unix_s;
    int utc_offset_min;
    int suspect;                  /* before the last time seen, or before the build date */
};
/* The kiosk's clock: the system clock plus the offset set by the admin where the system clock
** could not be set. Tests and the scripted driver replace the source. */
typedef int64_t store_time_source_fn(void *arg);
void store_set_time_source(struct store *s, store_time_source_fn *fn, void *arg);
void store_time_now(struct store *s, struct store_time *out);
/* The admin set the clock to unix_s: sets the system clock when allowed, else keeps an offset;
** resets the clock floor; writes a RECORD_CLOCK_SET. */
/* The system clock is only set when the source is the system clock (never under a replaced
** source). SD_EINVAL for a time before the build date or after year 9999. */
int store_set_clock(struct store *s, int64_t unix_s);

/* ---------------------------------------------------------------- the day pack */
/* Replace the current pack with p's canonical files in one transaction (all or nothing). A pack
** other than the installed one (by p->source_sha256 when both have one, else by pack_id) also
** clears every PIN changed on the kiosk, in the same transaction. */
int store_pack_install(struct store *s, const struct pack *p);
/* The stored canonical files; SD_ENOTFOUND when no pack was ever installed. */
/* Files come in the order they were installed; each data has a NUL after its len bytes. */
int store_pack_load(struct store *s, struct pack_source *out);
/* The installed pack's id and date (the day records get); SD_ENOTFOUND before any pack. */
int store_pack_info(struct store *s, char pack_id[65], char date[11]);

/* ---------------------------------------------------------------- writing records */
/*
** Add one record in its own transaction. rec's kind, visit, shadow_id, host_id, item, value,
** lang and content_hash are the caller's; the store fills seq, uuid, kiosk_id, time fields, day
** and pack_id. SD_OK only after COMMIT returned; on failure nothing was stored.
** On failure rec is left as it was. SD_EINVAL (message says which field) for a record its kind
** does not allow: a check-in needs shadow_id and no visit (its visit becomes its own uuid);
** escort, safety_ack, answer and checkout need the visit of an existing check-in (SD_ENOTFOUND
** otherwise) and take shadow_id from it when empty; escort needs host_id; safety_ack needs item,
** value "understood"|"question", content_hash and lang; checkout needs value "host"|"self"|
** "end_of_day" (and host_id for "host"); host_eval needs host_id, item, value "1".."4"|"skip";
** clock_set is written only by store_set_clock. Ids are letters, digits, '-', '_', '.'; value is
** UTF-8 without control characters (tab and newline allowed). SD_EFULL, SD_EIO, SD_EBUSY when
** the disk is full, failing or locked.
*/
int store_add_record(struct store *s, struct record *rec);

/* ---------------------------------------------------------------- reading the day */
enum visit_state {
    VISIT_WAITING_ESCORT = 0,     /* checked in, no escort confirmation yet */
    VISIT_ON_SITE = 1,            /* escort confirmed */
    VISIT_CHECKED_OUT = 2
};

struct visit {
    char uuid[37];                /* the check-in record's uuid */
    char shadow_id[PACK_ID_MAX];
    char lang[8];                 /* language chosen at check-in */
    int state;                    /* enum visit_state */
    int64_t checkin_time, escort_time, checkout_time; /* 0 = not yet */
    char escort_host_id[PACK_ID_MAX];                  /* who confirmed */
    int evaluation_done;          /* an answer "done" exists; else any answers are partial */
};

/* The latest visit of shadow_id on the current pack's day; SD_ENOTFOUND when none. */
int store_visit_latest(struct store *s, const char *shadow_id, struct visit *out);
/* Every visit of the current day, in check-in order. *out is malloc'd; free() it. */
int store_visits_today(struct store *s, struct visit **out, int *count);

/* Records of one visit, in seq order, optionally of one kind (0 = all). */
typedef int store_record_fn(void *arg, const struct record *rec); /* non-zero stops */
/* The record readers return SD_OK, a store error, or the callback's non-zero value (so a
** callback can stop with SD_EIO and the caller sees it). */
int store_visit_records(struct store *s, const char *visit, int kind, store_record_fn *fn, void *arg);
/* Every record (for export), in seq order; only those not delivered when undelivered_only. */
int store_records_each(struct store *s, int undelivered_only, store_record_fn *fn, void *arg);
/* The ANSWER records of one visit in seq order (a later answer to one item replaces an earlier). */
int store_answers_for_visit(struct store *s, const char *visit, store_record_fn *fn, void *arg);
/* Every SAFETY_ACK of shadow_id on day (NULL = the current pack's day), of any visit, in seq
** order: a card is acknowledged when a record has its id, its current content_hash and lang. */
int store_safety_acks_for_shadow(struct store *s, const char *day, const char *shadow_id,
                                 store_record_fn *fn, void *arg);
/* How many records there are (not yet delivered ones only when undelivered_only). */
int store_count_records(struct store *s, int undelivered_only, int64_t *count);

/* ---------------------------------------------------------------- PINs */
#define STORE_PIN_FREE_TRIES 5        /* wrong PINs in a row before waits begin */
#define STORE_PIN_FIRST_WAIT_S 30     /* the wait after the 5th; doubles with each further one */
#define STORE_PIN_MAX_WAIT_S (15 * 60)
/*
** The PIN attempt limit survives restarts: SD_OK when pin matches subject's hash ("admin" or a
** host id), SD_EAUTH when wrong (the failure is counted before returning), SD_ELOCKED when too
** many failures; *wait_s then says how long until the next try. PINs changed on the kiosk
** override the pack's hashes.
*/
/* SD_EAUTH also sets *wait_s (0 while tries are still free). SD_ENOTFOUND when subject has no
** PIN (not in the pack, no override); the kiosk words its own message from *wait_s. */
int store_pin_verify(struct store *s, const struct pack *p, const char *subject, const char *pin,
                     int *wait_s);
/* Hash new_pin (SD_EINVAL unless 4-12 digits) into pin_override for subject; clears its count.
** Overrides outlive installing the same pack again; installing a different one clears them. */
int store_pin_change(struct store *s, const char *subject, const char *new_pin);
/* Failures counted for subject since its last success. */
int store_pin_failures(struct store *s, const char *subject);

/* ---------------------------------------------------------------- settings */
/* Small key/value settings kept with the records (e.g. "usb_mount_dir"); SD_ENOTFOUND if unset. */
/* get: SD_ELIMIT when the value did not fit buf (it is cut). set: value NULL removes the key;
** keys up to 64 bytes, values up to 4096. */
int store_setting_get(struct store *s, const char *key, char *buf, size_t size);
int store_setting_set(struct store *s, const char *key, const char *value);

/* ---------------------------------------------------------------- export batches (store_export.c) */
struct store_export_batch {
    char batch_id[17];            /* uppercase alphanumeric */
    int64_t created_wall;
    char medium[4];               /* "usb" | "qr" */
    int encrypted;
    int64_t record_count;
    char receipt_code[9];         /* 8 digits */
    char status[10];              /* "written" (qr) | "verified" (usb) | "delivered" */
    char folder[512];             /* the folder on the stick; "" for qr */
};
/* Record a finished export and the records it carried (their seqs), in one transaction. */
int store_export_add_batch(struct store *s, const struct store_export_batch *b,
                           const int64_t *seqs, int count);
/*
** The coordinator's receipt: every batch with receipt_code that was verified on a stick or shown
** as QR codes becomes 'delivered', and so do its records. *batches and *records say how many
** (may be NULL). SD_ENOTFOUND when no such batch (a delivered one again gives SD_OK, 0 records).
*/
int store_export_deliver(struct store *s, const char *receipt_code, int *batches, int64_t *records);
/* Every batch, newest first; fn returns non-zero to stop (that value is returned). */
typedef int store_batch_fn(void *arg, const struct store_export_batch *b);
int store_export_batches(struct store *s, store_batch_fn *fn, void *arg);
/*
** Delete, with secure_delete, the records of finished visits (checked out, or of a day before
** today) whose every record was delivered, delivered records of no visit, and every record of a
** day older than today - retention_days; then checkpoint the WAL to nothing and VACUUM, so no
** copy is left in the database, -wal or -shm files. Counts go to *delivered and *expired.
*/
int store_export_purge(struct store *s, const char *today, int retention_days,
                       int64_t *delivered, int64_t *expired);

#endif
