/*
** export.h - the kiosk's exports: to a USB stick, as QR codes, receipts and the purge.
**
** What the admin screens call. Every export carries all records not yet delivered, so a lost
** stick loses nothing and repeated exports overlap (`shadowday collect` removes the doubles).
** A USB export writes a new folder, every file durably, the SHA-256 manifest last, reads it all
** back, and only then notes the export in the database: the screen may say "safe to remove"
** only after SD_OK. With a coordinator key in the pack the stick gets only export.sdenc and the
** manifest, and the kiosk keeps no plaintext copy. The coordinator confirms delivery by typing
** the receipt code `shadowday collect` printed; after that the records may be purged.
** Must not depend on SDL.
*/
#ifndef SD_EXPORT_H
#define SD_EXPORT_H

#include <stdint.h>

#include "export_format.h"
#include "qrparts.h"
#include "store.h"

#define EXPORT_DIR_NAME "shadowday-export"   /* on the stick: one folder per export inside it */
#define EXPORT_MANIFEST_NAME "manifest.sha256"
#define EXPORT_JSON_NAME "records.json"
#define EXPORT_ENCRYPTED_NAME "export.sdenc"
#define EXPORT_RECEIPT_SIZE 9                /* 8 digits and the NUL */

/* Called after each step of an export (done of total), e.g. for a progress bar. */
typedef void export_progress_fn(void *arg, int done, int total);

struct export_result {
    int record_count;                       /* records in the export */
    int clock_suspect_count;
    char batch[EXPORT_BATCH_SIZE];
    char receipt_code[EXPORT_RECEIPT_SIZE];
    int encrypted;
    int code_count;                         /* QR codes */
    char folder[512];                       /* USB: the export's folder */
    char message[512];                      /* what happened, in plain words (translated) */
};

/*
** Export every undelivered record to a new folder under mount_dir/shadowday-export/.
** SD_OK only when every file was written, synced, read back and matched, and the export was
** noted. Otherwise nothing is marked exported, res->message says what went wrong and what to
** do (SD_EFULL full stick, SD_EREADONLY, SD_EIO or SD_ENOTFOUND a stick pulled out, SD_ECORRUPT
** read-back mismatch, SD_ENOTFOUND with record_count 0: nothing to export). A folder left by a
** failure has no manifest, so it is plainly unfinished. progress may be NULL.
*/
int export_to_usb(struct store *s, const char *mount_dir, export_progress_fn *progress,
                  void *progress_arg, struct export_result *res);

/* What a failed USB export with code rc means for the coordinator, translated (the message
** export_to_usb puts in res->message). */
const char *export_usb_strerror(int rc);

/*
** The same records in the compact form 2 (export_compact.h: named by seq, the kiosk's UUID key
** carried once, a few bytes a record), encrypted when the pack has a key, split into SD2 QR
** code texts of at most version 20-M. The batch is noted (status "written"). Free parts with
** qrparts_free.
*/
int export_to_qr(struct store *s, struct qrparts *parts, struct export_result *res);

/* Only build what an export would carry (the records not delivered and the pack summary). */
int export_collect(struct store *s, const char *medium, struct export_data *out);

/*
** The receipt code of a batch: 8 decimal digits from SHA-256 over the batch id and its records'
** uuids in sorted order. collect prints it; the kiosk compares it with what it noted.
*/
void export_receipt_code(const char *batch, const char *const *uuids, int count,
                         char out[EXPORT_RECEIPT_SIZE]);

/* The coordinator typed code (spaces are ignored): mark the matching batch delivered.
** SD_ENOTFOUND when it matches no export; store_errmsg() says more. */
int export_confirm_receipt(struct store *s, const char *code);

struct export_purge_counts {
    int64_t delivered;      /* records of finished, delivered visits */
    int64_t expired;        /* records of days older than the retention time */
};
/* Delete delivered records of finished visits and everything older than retention_days
** before today ("YYYY-MM-DD"), leaving no copy in the database files. */
int export_purge(struct store *s, const char *today, int retention_days,
                 struct export_purge_counts *out);

#endif
