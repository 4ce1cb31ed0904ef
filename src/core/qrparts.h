/*
** qrparts.h - a binary payload as a batch of framed QR code texts, and joining them again.
**
** Each part is one line of the QR code alphanumeric set: SD1:<batch>:<i>/<n>:<crc>:<base45>
** with batch an uppercase alphanumeric id, i counted from 1, and crc the CRC-32 of the part's
** decoded bytes as 8 uppercase hex digits. Parts are sized so every whole line fits a version
** 20 code at level M (970 characters), which the 800x480 display shows at 4 px a module.
** The joiner takes the lines in any order, as a phone scanned them, and says in plain words
** which parts are missing, damaged, conflicting or from another batch.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_QRPARTS_H
#define SD_QRPARTS_H

#include <stddef.h>
#include <stdint.h>

#define QRPARTS_MAGIC "SD1"
#define QRPARTS_MAX_VERSION 20      /* the largest code the kiosk shows */
#define QRPARTS_MAX_CHARS 970       /* alphanumeric characters version 20-M holds */
#define QRPARTS_BATCH_MAX 16        /* characters of a batch id */
#define QRPARTS_MAX_PARTS 999
#define QRPARTS_LINE_MAX 4296       /* the most a QR code holds: longer lines are not ours */

struct qrparts {
    char **parts;                   /* count NUL-terminated lines, part 1 first */
    int count;
};

/* One part's frame as read from a line; data points into the line. */
struct qrparts_frame {
    char batch[QRPARTS_BATCH_MAX + 1];
    int index, total;               /* 1 <= index <= total */
    uint32_t crc;
    const char *data;               /* the Base45 text */
    size_t data_len;
};

/* Whether batch is 1-16 characters of 0-9 and A-Z. */
int qrparts_batch_is_valid(const char *batch);

/*
** Split len bytes (1 or more) into parts of one batch, of nearly equal size.
** SD_EINVAL for an empty payload or a bad batch id, SD_ELIMIT when it needs more than
** QRPARTS_MAX_PARTS parts, SD_ENOMEM. Free with qrparts_free.
*/
int qrparts_split(const unsigned char *data, size_t len, const char *batch, struct qrparts *out);
void qrparts_free(struct qrparts *p);

/* Read the frame of one line (no whitespace around it): SD_OK or SD_EINVAL. */
int qrparts_parse_frame(const char *line, size_t len, struct qrparts_frame *out);

/* ---------------------------------------------------------------- joining */
struct qrparts_join;

int qrparts_join_new(struct qrparts_join **out);
void qrparts_join_free(struct qrparts_join *j);

/*
** Add one scanned line; whitespace at either end is ignored, a blank line is skipped.
** where names it in messages ("scans.txt:12"; NULL = nothing). An exact duplicate is skipped
** silently. Every other problem is added to the join's list and returned: SD_EINVAL (not a
** part, or another batch's), SD_ECORRUPT (the CRC does not match), SD_EEXIST (the part was seen
** before with other content). SD_ENOMEM.
*/
int qrparts_join_add(struct qrparts_join *j, const char *line, size_t len, const char *where);

/*
** The whole payload, when every part 1..n is there and no part was seen with two contents:
** SD_OK with *data malloc'd (free it) and *len. Otherwise the missing parts are added to the
** list by number and SD_ENOTFOUND (parts missing), SD_EEXIST (conflicting parts) or SD_EINVAL
** (no part at all) is returned. Problems with lines that did not stop the join (a damaged
** copy of a part that was also read well) stay in the list.
*/
int qrparts_join_finish(struct qrparts_join *j, unsigned char **data, size_t *len);

/* The batch id of the first part added ("" before), how many parts it has, how many were read. */
const char *qrparts_join_batch(const struct qrparts_join *j);
int qrparts_join_total(const struct qrparts_join *j);
int qrparts_join_received(const struct qrparts_join *j);

/* The problems found so far, in plain words (translated). */
int qrparts_join_problem_count(const struct qrparts_join *j);
const char *qrparts_join_problem(const struct qrparts_join *j, int i);

#endif
