/*
** qrparts.h - a binary payload as a batch of framed QR code texts, and joining one batch again.
**
** Each part is one line of the QR code alphanumeric set: SD2:<batch>:<i>/<n>:<crc>:<base45>
** with batch an uppercase alphanumeric id, i counted from 1, and crc the CRC-32 of the part's
** decoded bytes as 8 uppercase hex digits. SD2 parts carry form 2 exports (export_compact.c);
** SD1 parts, the same frame, carried the older compact form and are still read. Parts are sized
** so every whole line fits a version 20 code at level M (970 characters), which the 800x480
** display shows at 4 px a module. A joiner takes one batch's lines in any order, as a phone
** scanned them, and says in plain words which parts are missing, damaged or conflicting;
** qrscan.c sorts many batches' lines into joiners. Must not depend on SQLite or SDL.
*/
#ifndef SD_QRPARTS_H
#define SD_QRPARTS_H

#include <stddef.h>
#include <stdint.h>

#define QRPARTS_MAGIC "SD1"         /* the frame of the older compact form */
#define QRPARTS_MAGIC_2 "SD2"       /* the frame of form 2 */
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
    int version;                    /* 1: SD1, 2: SD2 */
    char batch[QRPARTS_BATCH_MAX + 1];
    int index, total;               /* 1 <= index <= total */
    uint32_t crc;
    const char *data;               /* the Base45 text */
    size_t data_len;
};

/* Whether batch is 1-16 characters of 0-9 and A-Z. */
int qrparts_batch_is_valid(const char *batch);

/*
** Split len bytes (1 or more) into parts of one batch, of nearly equal size, in SD<version>
** frames (1 or 2). SD_EINVAL for an empty payload, a bad batch id or version, SD_ELIMIT when it
** needs more than QRPARTS_MAX_PARTS parts, SD_ENOMEM. Free with qrparts_free.
*/
int qrparts_split_version(const unsigned char *data, size_t len, const char *batch, int version,
                          struct qrparts *out);
/* The same in SD1 frames. */
int qrparts_split(const unsigned char *data, size_t len, const char *batch, struct qrparts *out);
void qrparts_free(struct qrparts *p);

/* Read the SD1 frame of one line (no whitespace around it): SD_OK or SD_EINVAL. */
int qrparts_parse_frame(const char *line, size_t len, struct qrparts_frame *out);
/* The same for an SD1 or SD2 frame (out->version says which). */
int qrparts_read_frame(const char *line, size_t len, struct qrparts_frame *out);
/*
** How many characters of text, from its start, are a frame's head (SD1: or SD2:, batch, i/n,
** crc and the colon after it); 0 when text does not begin with one. Finds parts glued together.
*/
size_t qrparts_frame_head(const char *text, size_t len, struct qrparts_frame *out);

/* ---------------------------------------------------------------- problems */
/* Problems in plain words (translated), at most QRPARTS_MAX_PROBLEMS of them kept. */
#define QRPARTS_MAX_PROBLEMS 200
struct qrparts_problems {
    char **items;
    int count, dropped;
};
/* Add "where: message" (where may be NULL); SD_OK or SD_ENOMEM. */
int qrparts_problems_add(struct qrparts_problems *p, const char *where, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void qrparts_problems_free(struct qrparts_problems *p);

/* ---------------------------------------------------------------- joining */
struct qrparts_join;

/* A joiner of SD1 parts. */
int qrparts_join_new(struct qrparts_join **out);
/* A joiner of SD<version> parts whose problems go to list (NULL: a list of its own). */
int qrparts_join_new_version(struct qrparts_join **out, int version, struct qrparts_problems *list);
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
/* Whether part index (1..total) was read; how many parts were read twice with other content. */
int qrparts_join_has(const struct qrparts_join *j, int index);
int qrparts_join_conflicts(const struct qrparts_join *j);
/* The parts not read, as "2, 5-7, 12" (cut short with "..." to fit size). */
void qrparts_join_missing(const struct qrparts_join *j, char *out, size_t size);

/* The problems found so far, in plain words (translated). */
int qrparts_join_problem_count(const struct qrparts_join *j);
const char *qrparts_join_problem(const struct qrparts_join *j, int i);

#endif
