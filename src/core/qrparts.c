/*
** qrparts.c - framing a payload into QR code texts and joining scanned texts back.
**
** Parts are made as equal as the Base45 groups allow (a whole number of byte pairs, except in
** the last part), so the codes a kiosk pages through all look alike. The joiner keeps every
** part it read by number and only assembles when 1..n are all there; anything odd is a problem
** in plain words, never a silent guess. Must not depend on SQLite or SDL.
*/
#include "qrparts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base45.h"
#include "err.h"
#include "i18n.h"

#define QRPARTS_MAX_PROBLEMS 200    /* a file of garbage gets a bounded report */

int qrparts_batch_is_valid(const char *batch)
{
    size_t n = batch ? strlen(batch) : 0;
    if (n < 1 || n > QRPARTS_BATCH_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((batch[i] >= '0' && batch[i] <= '9') || (batch[i] >= 'A' && batch[i] <= 'Z')))
            return 0;
    return 1;
}

static int qrparts_digits(int n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

static uint32_t qrparts_crc(const unsigned char *data, size_t len)
{
    uLong c = crc32(0L, Z_NULL, 0);
    while (len > 0) {
        uInt chunk = len > 0x40000000u ? 0x40000000u : (uInt)len;
        c = crc32(c, data, chunk);
        data += chunk;
        len -= chunk;
    }
    return (uint32_t)c;
}

void qrparts_free(struct qrparts *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->count; i++)
        free(p->parts[i]);
    free(p->parts);
    p->parts = NULL;
    p->count = 0;
}

int qrparts_split(const unsigned char *data, size_t len, const char *batch, struct qrparts *out)
{
    out->parts = NULL;
    out->count = 0;
    if (!data || len == 0 || !qrparts_batch_is_valid(batch))
        return SD_EINVAL;
    /* The frame is "SD1:" batch ":" i "/" n ":" crc8 ":", i and n as wide as n: find the
    ** smallest number of parts whose frames leave room for the bytes. */
    size_t blen = strlen(batch), per = 0;
    int total = 0;
    for (int d = 1; d <= 3 && total == 0; d++) {
        size_t frame = 4 + blen + 1 + (size_t)d * 2 + 1 + 1 + 8 + 1;
        size_t bytes = (QRPARTS_MAX_CHARS - frame) / 3 * 2;
        size_t n = (len + bytes - 1) / bytes;
        if (n <= QRPARTS_MAX_PARTS && qrparts_digits((int)n) <= d) {
            per = (len + n - 1) / n;
            per += per % 2;               /* whole Base45 groups in every part but the last */
            total = (int)((len + per - 1) / per);
        }
    }
    if (total == 0)
        return SD_ELIMIT;
    out->parts = calloc((size_t)total, sizeof *out->parts);
    if (!out->parts)
        return SD_ENOMEM;
    for (int i = 0; i < total; i++) {
        size_t off = (size_t)i * per;
        size_t n = len - off < per ? len - off : per;
        size_t cap = 64 + blen + base45_encoded_len(n) + 1;
        char *line = malloc(cap);
        if (!line) {
            qrparts_free(out);
            return SD_ENOMEM;
        }
        int head = snprintf(line, cap, "%s:%s:%d/%d:%08lX:", QRPARTS_MAGIC, batch, i + 1, total,
                            (unsigned long)qrparts_crc(data + off, n));
        base45_encode(data + off, n, line + head, cap - (size_t)head);
        out->parts[i] = line;
        out->count = i + 1;
    }
    return SD_OK;
}

/* A decimal number of 1-3 digits without a leading zero, ending at stop; the pointer after it. */
static const char *qrparts_read_number(const char *p, const char *end, char stop, int *out)
{
    int v = 0, digits = 0;
    if (p < end && *p == '0')
        return NULL;
    while (p < end && *p >= '0' && *p <= '9' && digits < 4) {
        v = v * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (digits == 0 || digits > 3 || p >= end || *p != stop)
        return NULL;
    *out = v;
    return p + 1;
}

int qrparts_parse_frame(const char *line, size_t len, struct qrparts_frame *out)
{
    const char *p = line, *end = line + len;
    memset(out, 0, sizeof *out);
    if (len > QRPARTS_LINE_MAX || len < 4 || memcmp(p, QRPARTS_MAGIC ":", 4) != 0)
        return SD_EINVAL;
    p += 4;
    size_t b = 0;
    while (p < end && *p != ':' && b < QRPARTS_BATCH_MAX)
        out->batch[b++] = *p++;
    out->batch[b] = '\0';
    if (p >= end || *p != ':' || !qrparts_batch_is_valid(out->batch))
        return SD_EINVAL;
    p++;
    if (!(p = qrparts_read_number(p, end, '/', &out->index)) ||
        !(p = qrparts_read_number(p, end, ':', &out->total)))
        return SD_EINVAL;
    if (out->index < 1 || out->index > out->total)
        return SD_EINVAL;
    if (end - p < 9 || p[8] != ':')
        return SD_EINVAL;
    uint32_t crc = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0)
            return SD_EINVAL;
        crc = crc << 4 | (uint32_t)v;
    }
    out->crc = crc;
    p += 9;
    out->data = p;
    out->data_len = (size_t)(end - p);
    if (out->data_len == 0 || out->data_len % 3 == 1)
        return SD_EINVAL;
    return SD_OK;
}

/* ---------------------------------------------------------------- joining */
struct qrparts_piece {
    unsigned char *data;    /* NULL = not read yet */
    size_t len;
    int conflict;           /* read again with other content */
};

struct qrparts_join {
    char batch[QRPARTS_BATCH_MAX + 1];
    int total, received, conflicts;
    struct qrparts_piece *pieces;   /* total of them, by index - 1 */
    char **problems;
    int problem_count;
    int problems_dropped;
};

int qrparts_join_new(struct qrparts_join **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? SD_OK : SD_ENOMEM;
}

void qrparts_join_free(struct qrparts_join *j)
{
    if (!j)
        return;
    for (int i = 0; i < j->total; i++)
        free(j->pieces[i].data);
    free(j->pieces);
    for (int i = 0; i < j->problem_count; i++)
        free(j->problems[i]);
    free(j->problems);
    free(j);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int qrparts_problem(struct qrparts_join *j, const char *where, const char *fmt, ...)
{
    char msg[512];
    size_t off = 0;
    if (where && *where)
        off = (size_t)snprintf(msg, sizeof msg, "%s: ", where);
    if (off >= sizeof msg)
        off = sizeof msg - 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + off, sizeof msg - off, fmt, ap);
    va_end(ap);
    if (j->problem_count >= QRPARTS_MAX_PROBLEMS) {
        j->problems_dropped++;
        return SD_OK;
    }
    if (j->problem_count == QRPARTS_MAX_PROBLEMS - 1)
        snprintf(msg, sizeof msg, "%s", _("more problems were found; only the first ones are listed"));
    char **grown = realloc(j->problems, (size_t)(j->problem_count + 1) * sizeof *grown);
    if (!grown)
        return SD_ENOMEM;
    j->problems = grown;
    if (!(j->problems[j->problem_count] = strdup(msg)))
        return SD_ENOMEM;
    j->problem_count++;
    return SD_OK;
}

static int qrparts_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int qrparts_join_add(struct qrparts_join *j, const char *line, size_t len, const char *where)
{
    while (len > 0 && qrparts_is_space(line[0])) {
        line++;
        len--;
    }
    while (len > 0 && qrparts_is_space(line[len - 1]))
        len--;
    if (len == 0)
        return SD_OK;
    struct qrparts_frame f;
    if (qrparts_parse_frame(line, len, &f) != SD_OK) {
        int rc = qrparts_problem(j, where, "%s", _("this line is not a shadowday QR code part "
                                 "(it should begin with SD1: and a batch id); scan that code again"));
        return rc ? rc : SD_EINVAL;
    }
    if (j->total == 0) {
        j->pieces = calloc((size_t)f.total, sizeof *j->pieces);
        if (!j->pieces)
            return SD_ENOMEM;
        memcpy(j->batch, f.batch, sizeof j->batch);
        j->total = f.total;
    } else if (strcmp(j->batch, f.batch) != 0) {
        int rc = qrparts_problem(j, where, _("part %d/%d belongs to batch %s, not to batch %s: "
                                 "put each batch's codes in a file of its own"),
                                 f.index, f.total, f.batch, j->batch);
        return rc ? rc : SD_EINVAL;
    } else if (f.total != j->total) {
        int rc = qrparts_problem(j, where, _("part %d says batch %s has %d parts, but earlier "
                                 "parts said %d: scan that code again"),
                                 f.index, f.batch, f.total, j->total);
        return rc ? rc : SD_EINVAL;
    }
    unsigned char buf[QRPARTS_LINE_MAX];
    size_t n = 0;
    if (base45_decode(f.data, f.data_len, buf, sizeof buf, &n) != SD_OK ||
        qrparts_crc(buf, n) != f.crc) {
        int rc = qrparts_problem(j, where, _("part %d of %d of batch %s is damaged (its check "
                                 "sum does not match): scan that code again"),
                                 f.index, f.total, f.batch);
        return rc ? rc : SD_ECORRUPT;
    }
    struct qrparts_piece *piece = &j->pieces[f.index - 1];
    if (piece->data) {
        if (piece->len == n && memcmp(piece->data, buf, n) == 0)
            return SD_OK;
        if (!piece->conflict)
            j->conflicts++;
        piece->conflict = 1;
        int rc = qrparts_problem(j, where, _("part %d of %d of batch %s was scanned twice with "
                                 "different content: the codes come from two different exports"),
                                 f.index, f.total, f.batch);
        return rc ? rc : SD_EEXIST;
    }
    piece->data = malloc(n ? n : 1);
    if (!piece->data)
        return SD_ENOMEM;
    memcpy(piece->data, buf, n);
    piece->len = n;
    j->received++;
    return SD_OK;
}

/* "2, 5-9, 12" of the parts not read, cut short with "..." when long. */
static void qrparts_missing_list(const struct qrparts_join *j, char *out, size_t size)
{
    size_t off = 0;
    out[0] = '\0';
    for (int i = 0; i < j->total; i++) {
        if (j->pieces[i].data)
            continue;
        int k = i;
        while (k + 1 < j->total && !j->pieces[k + 1].data)
            k++;
        char item[32];
        if (k > i)
            snprintf(item, sizeof item, "%s%d-%d", off ? ", " : "", i + 1, k + 1);
        else
            snprintf(item, sizeof item, "%s%d", off ? ", " : "", i + 1);
        if (off + strlen(item) + 5 >= size) {
            snprintf(out + off, size - off, ", ...");
            return;
        }
        off += (size_t)snprintf(out + off, size - off, "%s", item);
        i = k;
    }
}

int qrparts_join_finish(struct qrparts_join *j, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (j->total == 0) {
        int rc = qrparts_problem(j, NULL, "%s", _("no QR code part was found"));
        return rc ? rc : SD_EINVAL;
    }
    if (j->received < j->total) {
        char list[300];
        qrparts_missing_list(j, list, sizeof list);
        int rc = qrparts_problem(j, NULL, NG_("batch %s: part %s of %d is missing: scan it",
                                             "batch %s: parts %s of %d are missing: scan them",
                                             j->total - j->received),
                                 j->batch, list, j->total);
        return rc ? rc : SD_ENOTFOUND;
    }
    if (j->conflicts > 0)
        return SD_EEXIST;
    size_t total = 0;
    for (int i = 0; i < j->total; i++)
        total += j->pieces[i].len;
    unsigned char *buf = malloc(total ? total : 1);
    if (!buf)
        return SD_ENOMEM;
    size_t off = 0;
    for (int i = 0; i < j->total; i++) {
        memcpy(buf + off, j->pieces[i].data, j->pieces[i].len);
        off += j->pieces[i].len;
    }
    *data = buf;
    *len = total;
    return SD_OK;
}

const char *qrparts_join_batch(const struct qrparts_join *j)
{
    return j->batch;
}

int qrparts_join_total(const struct qrparts_join *j)
{
    return j->total;
}

int qrparts_join_received(const struct qrparts_join *j)
{
    return j->received;
}

int qrparts_join_problem_count(const struct qrparts_join *j)
{
    return j->problem_count;
}

const char *qrparts_join_problem(const struct qrparts_join *j, int i)
{
    return i >= 0 && i < j->problem_count ? j->problems[i] : NULL;
}
