/*
** qrscan.h - every QR code part read from scans and photos, sorted by batch.
**
** What a coordinator brings is untidy: a phone notes app's text with a title, bullets, blank
** lines and parts pasted one after another on one line; photos with several codes, in any
** order, over several files. A scan set takes all of it: each line is searched for frames
** (SD1: or SD2:, qrparts.h), text around them is ignored (a line with no frame at all is
** counted, not refused), and every part goes to its batch's joiner (found through a hash table).
** Whole batches are taken out as their payloads; the rest say which parts are missing.
** Work and memory are bounded before they are spent: at most QRSCAN_MAX_BATCHES batches and
** QRSCAN_MAX_PARTS parts are kept, lines longer than QRSCAN_MAX_LINE are not read.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_QRSCAN_H
#define SD_QRSCAN_H

#include <stddef.h>

#include "qrparts.h"

#define QRSCAN_MAX_BATCHES 1000         /* a national day's kiosks, with room */
#define QRSCAN_MAX_PARTS 20000          /* parts kept, all batches together */
#define QRSCAN_MAX_LINE (1u << 20)      /* a line of glued parts: about a thousand */
#define QRSCAN_MAX_SOURCES 4            /* inputs named per batch ("and more" after) */

struct qrscan;

/* Progress of one batch, e.g. for a row of "which parts are in". */
struct qrscan_batch {
    char batch[QRPARTS_BATCH_MAX + 1];
    int version;                /* 1: SD1, 2: SD2 */
    int total;                  /* parts the batch has */
    int received;               /* parts read */
    int conflicts;              /* parts read twice with other content: never taken */
    int taken;                  /* its payload was taken out (qrscan_take) */
    int in_last_input;          /* the latest input (text or photo) added parts to it */
};

int qrscan_new(struct qrscan **out);
void qrscan_free(struct qrscan *s);

/*
** Read a text of scanned codes (a whole file) named name. SD_OK, or SD_ENOMEM. Damaged parts,
** frames that are cut short, a line too long and parts over the caps become problems.
*/
int qrscan_add_text(struct qrscan *s, const char *text, size_t len, const char *name);
/* One code as a reader decoded it (from a photo named name); 1 when it was a shadowday part,
** 0 when it was another code (counted as ignored), or SD_ENOMEM. */
int qrscan_add_code(struct qrscan *s, const char *text, size_t len, const char *name);

/* Lines (and codes) that held no part and were not blank: a note's title, other codes. */
int qrscan_ignored(const struct qrscan *s);
/* Parts found, counting each copy. */
int qrscan_parts_found(const struct qrscan *s);

/* The batches, in the order they were first seen. */
int qrscan_batch_count(const struct qrscan *s);
void qrscan_batch_get(const struct qrscan *s, int i, struct qrscan_batch *out);
/* Whether part index (1..total) of batch i is in. */
int qrscan_has_part(const struct qrscan *s, int i, int index);
/* The inputs batch i's parts came from: "scans.txt, IMG_0042.jpg". */
const char *qrscan_batch_sources(const struct qrscan *s, int i);

/*
** The payload of the first batch that is whole, has no conflicting parts and was not taken
** yet: SD_OK with *i, *data (malloc'd) and *len, and the batch marked taken; SD_ENOTFOUND when
** there is none; SD_ENOMEM.
*/
int qrscan_take(struct qrscan *s, int *i, unsigned char **data, size_t *len);

/*
** What is wrong with batch i as a whole, in plain words (translated), into out: parts missing
** (by number) or parts that conflict. 0 when nothing is (it is whole, or was taken).
*/
int qrscan_batch_problem(const struct qrscan *s, int i, char *out, size_t size);

/* Problems with single lines and codes (damaged, cut short, over a cap), in plain words. */
int qrscan_problem_count(const struct qrscan *s);
const char *qrscan_problem(const struct qrscan *s, int i);

#endif
