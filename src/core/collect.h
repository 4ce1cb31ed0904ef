/*
** collect.h - merge exports of many kiosks for the coordinator (`shadowday collect`).
**
** Inputs come in any order and mix: export folders from USB sticks (their manifest is checked
** first: a file that does not match is named and nothing of that export is used), encrypted
** exports (opened with the coordinator's key file), text files of QR code texts a phone scanned
** and photos or screenshots of the codes (JPEG, PNG, told by their bytes). The codes of all
** inputs are joined by batch, so one batch may come in several photos; missing and damaged
** parts are named by number. Records are kept once by UUID, however many exports carried them
** (a QR export names its records' UUIDs through the kiosk's key, so they are the USB export's);
** one UUID with two contents is reported.
** Every batch received whole gets its receipt code, which the coordinator types on the kiosk.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_COLLECT_H
#define SD_COLLECT_H

#include <stdint.h>

#include "crypt.h"
#include "export_format.h"
#include "qrscan.h"

struct collect;

struct collect_receipt {
    char kiosk_id[40];
    char batch[EXPORT_BATCH_SIZE];
    char code[9];               /* 8 digits */
    int record_count;
    char medium[4];
};

/* A new, empty collection. key (may be NULL) opens encrypted exports; it is copied. */
int collect_new(struct collect **out, const struct crypt_keypair *key);
void collect_free(struct collect *c);

/*
** Read one input (a folder, an encrypted export, a text file of QR codes or a photo of them).
** SD_OK when all of it was used; otherwise its problems were added to the list (and what could
** be used, was: whole batches of QR codes). SD_ENOTFOUND when a batch it brought parts of is
** still missing others: the list names them until a later input brings them. SD_ENOMEM is the
** only failure of the collection itself.
*/
int collect_add_path(struct collect *c, const char *path);

/*
** One QR code's text as a reader decoded it (e.g. a camera on the coordinator's page), named
** name in messages: its batch is decoded as soon as its last part comes. SD_OK when it was a
** part (a batch still missing parts is listed as a problem until they come), SD_EINVAL when it
** was another code or a damaged part (the problem is listed), SD_ENOMEM.
*/
int collect_add_code(struct collect *c, const char *text, size_t len, const char *name);
/* Every QR code part read so far, for a row of which parts of which batch are in
** (qrscan_batch_count, qrscan_batch_get, qrscan_has_part); NULL before any scan or photo. */
const struct qrscan *collect_scans(const struct collect *c);

/* Problems found so far, in plain words (translated), each naming its input. */
int collect_problem_count(const struct collect *c);
const char *collect_problem(const struct collect *c, int i);

/* What was left out without being a problem (a note's title, another QR code in a photo), in
** plain words (translated), each naming its input. */
int collect_note_count(const struct collect *c);
const char *collect_note(const struct collect *c, int i);

/* Batches received whole, in the order they were read (each batch once). */
int collect_receipt_count(const struct collect *c);
const struct collect_receipt *collect_receipt_get(const struct collect *c, int i);

/* The merged records (each UUID once, in the order first read) and their pack summaries. */
int collect_record_count(const struct collect *c);
const struct record *collect_records(const struct collect *c);
/* Records dropped because an earlier input had the same one. */
int collect_duplicate_count(const struct collect *c);

/*
** Write visits.csv, safety.csv, answers.csv, host_evaluations.csv, records.csv (with kiosk and
** workplace columns) and report.html into out_dir (made when missing; files replaced).
*/
int collect_write(struct collect *c, const char *out_dir, int64_t now, int now_offset_min);

#endif
