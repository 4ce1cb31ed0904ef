/*
** qrparts.c - framing a payload into QR code texts and joining one batch's scanned texts back.
**
** Parts are made as equal as the Base45 groups allow (a whole number of byte pairs, except in
** the last part), so the codes a kiosk pages through all look alike. The joiner keeps the parts
** it read, sorted by number (only those: a batch claiming 999 parts costs nothing until they
** come), and only assembles when 1..n are all there; anything odd is a problem in plain words,
** never a silent guess. Must not depend on SQLite or SDL.
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

static const char *qrparts_magic(int version)
{
    return version == 1 ? QRPARTS_MAGIC : version == 2 ? QRPARTS_MAGIC_2 : NULL;
}

int qrparts_split(const unsigned char *data, size_t len, const char *batch, struct qrparts *out)
{
    return qrparts_split_version(data, len, batch, 1, out);
}

int qrparts_split_version(const unsigned char *data, size_t len, const char *batch, int version,
                          struct qrparts *out)
{
    out->parts = NULL;
    out->count = 0;
    if (!data || len == 0 || !qrparts_batch_is_valid(batch) || !qrparts_magic(version))
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
        int head = snprintf(line, cap, "%s:%s:%d/%d:%08lX:", qrparts_magic(version), batch, i + 1, total,
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

/* The head of a frame at text, of at most versions' magic (bit 1: SD1, bit 2: SD2). */
static size_t qrparts_head(const char *text, size_t len, unsigned versions, struct qrparts_frame *out)
{
    const char *p = text, *end = text + len;
    memset(out, 0, sizeof *out);
    if (len < 4 || p[0] != 'S' || p[1] != 'D' || p[3] != ':' || (p[2] != '1' && p[2] != '2') ||
        !(versions & (1u << (p[2] - '0'))))
        return 0;
    out->version = p[2] - '0';
    p += 4;
    size_t b = 0;
    while (p < end && *p != ':' && b < QRPARTS_BATCH_MAX)
        out->batch[b++] = *p++;
    out->batch[b] = '\0';
    if (p >= end || *p != ':' || !qrparts_batch_is_valid(out->batch))
        return 0;
    p++;
    if (!(p = qrparts_read_number(p, end, '/', &out->index)) ||
        !(p = qrparts_read_number(p, end, ':', &out->total)))
        return 0;
    if (out->index < 1 || out->index > out->total || end - p < 9 || p[8] != ':')
        return 0;
    uint32_t crc = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0)
            return 0;
        crc = crc << 4 | (uint32_t)v;
    }
    out->crc = crc;
    return (size_t)(p + 9 - text);
}

/* A whole line: a head of versions, then Base45 text of a possible length. */
static int qrparts_frame(const char *line, size_t len, unsigned versions, struct qrparts_frame *out)
{
    size_t head = len <= QRPARTS_LINE_MAX ? qrparts_head(line, len, versions, out) : 0;
    if (head == 0)
        return SD_EINVAL;
    out->data = line + head;
    out->data_len = len - head;
    if (out->data_len == 0 || out->data_len % 3 == 1)
        return SD_EINVAL;
    return SD_OK;
}

int qrparts_parse_frame(const char *line, size_t len, struct qrparts_frame *out)
{
    return qrparts_frame(line, len, 1u << 1, out);
}

int qrparts_read_frame(const char *line, size_t len, struct qrparts_frame *out)
{
    return qrparts_frame(line, len, 1u << 1 | 1u << 2, out);
}

size_t qrparts_frame_head(const char *text, size_t len, struct qrparts_frame *out)
{
    return qrparts_head(text, len, 1u << 1 | 1u << 2, out);
}

/* ---------------------------------------------------------------- problems */
int qrparts_problems_add(struct qrparts_problems *l, const char *where, const char *fmt, ...)
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
    if (l->count >= QRPARTS_MAX_PROBLEMS) {
        l->dropped++;
        return SD_OK;
    }
    if (l->count == QRPARTS_MAX_PROBLEMS - 1)
        snprintf(msg, sizeof msg, "%s", _("more problems were found; only the first ones are listed"));
    char **grown = realloc(l->items, (size_t)(l->count + 1) * sizeof *grown);
    if (!grown)
        return SD_ENOMEM;
    l->items = grown;
    if (!(l->items[l->count] = strdup(msg)))
        return SD_ENOMEM;
    l->count++;
    return SD_OK;
}

void qrparts_problems_free(struct qrparts_problems *l)
{
    for (int i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- joining */
struct qrparts_piece {
    int index;              /* 1..total */
    unsigned char *data;
    size_t len;
    int conflict;           /* read again with other content */
};

struct qrparts_join {
    int version;
    char batch[QRPARTS_BATCH_MAX + 1];
    int total, conflicts;
    struct qrparts_piece *pieces;   /* the parts read, by index */
    int count, cap;
    struct qrparts_problems own, *list;
};

int qrparts_join_new_version(struct qrparts_join **out, int version, struct qrparts_problems *list)
{
    *out = NULL;
    if (!qrparts_magic(version))
        return SD_EINVAL;
    struct qrparts_join *j = calloc(1, sizeof *j);
    if (!j)
        return SD_ENOMEM;
    j->version = version;
    j->list = list ? list : &j->own;
    *out = j;
    return SD_OK;
}

int qrparts_join_new(struct qrparts_join **out)
{
    return qrparts_join_new_version(out, 1, NULL);
}

void qrparts_join_free(struct qrparts_join *j)
{
    if (!j)
        return;
    for (int i = 0; i < j->count; i++)
        free(j->pieces[i].data);
    free(j->pieces);
    qrparts_problems_free(&j->own);
    free(j);
}

/* Add a problem; returns rc, or SD_ENOMEM when the problem could not be kept. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int qrparts_problem(struct qrparts_join *j, int rc, const char *where, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return qrparts_problems_add(j->list, where, "%s", msg) == SD_OK ? rc : SD_ENOMEM;
}

static int qrparts_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Where part index is, or where it would go (*found says which). */
static int qrparts_find(const struct qrparts_join *j, int index, int *found)
{
    int lo = 0, hi = j->count;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (j->pieces[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < j->count && j->pieces[lo].index == index;
    return lo;
}

/* The frame of a line: of this joiner's version, and of its batch once it has one. */
static int qrparts_join_frame(struct qrparts_join *j, const char *line, size_t len,
                              const char *where, struct qrparts_frame *f)
{
    if (qrparts_frame(line, len, 1u << j->version, f) != SD_OK) {
        return qrparts_problem(j, SD_EINVAL, where, _("this line is not a shadowday QR code part (it "
                               "should begin with %s: and a batch id); scan that code again"),
                               qrparts_magic(j->version));
    }
    if (j->total == 0) {
        memcpy(j->batch, f->batch, sizeof j->batch);
        j->total = f->total;
    } else if (strcmp(j->batch, f->batch) != 0) {
        return qrparts_problem(j, SD_EINVAL, where, _("part %d/%d belongs to batch %s, not to batch "
                               "%s: put each batch's codes in a file of its own"),
                               f->index, f->total, f->batch, j->batch);
    } else if (f->total != j->total) {
        return qrparts_problem(j, SD_EINVAL, where, _("part %d says batch %s has %d parts, but earlier "
                               "parts said %d: scan that code again"),
                               f->index, f->batch, f->total, j->total);
    }
    return SD_OK;
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
    int rc = qrparts_join_frame(j, line, len, where, &f);
    if (rc != SD_OK)
        return rc;
    unsigned char buf[QRPARTS_LINE_MAX];
    size_t n = 0;
    if (base45_decode(f.data, f.data_len, buf, sizeof buf, &n) != SD_OK ||
        qrparts_crc(buf, n) != f.crc)
        return qrparts_problem(j, SD_ECORRUPT, where, _("part %d of %d of batch %s is damaged (its "
                               "check sum does not match): scan that code again"),
                               f.index, f.total, f.batch);
    int found, at = qrparts_find(j, f.index, &found);
    if (found) {
        struct qrparts_piece *piece = &j->pieces[at];
        if (piece->len == n && memcmp(piece->data, buf, n) == 0)
            return SD_OK;
        if (!piece->conflict)
            j->conflicts++;
        piece->conflict = 1;
        return qrparts_problem(j, SD_EEXIST, where, _("part %d of %d of batch %s was scanned twice "
                               "with different content: the codes come from two different exports"),
                               f.index, f.total, f.batch);
    }
    if (j->count == j->cap) {
        int cap = j->cap ? j->cap * 2 : 4;
        struct qrparts_piece *g = realloc(j->pieces, (size_t)cap * sizeof *g);
        if (!g)
            return SD_ENOMEM;
        j->pieces = g;
        j->cap = cap;
    }
    unsigned char *copy = malloc(n ? n : 1);
    if (!copy)
        return SD_ENOMEM;
    memcpy(copy, buf, n);
    memmove(&j->pieces[at + 1], &j->pieces[at], (size_t)(j->count - at) * sizeof *j->pieces);
    j->pieces[at] = (struct qrparts_piece){ .index = f.index, .data = copy, .len = n };
    j->count++;
    return SD_OK;
}

void qrparts_join_missing(const struct qrparts_join *j, char *out, size_t size)
{
    size_t off = 0;
    int next = 1;       /* the first part not yet accounted for */
    out[0] = '\0';
    for (int k = 0; k <= j->count; k++) {
        int upto = k < j->count ? j->pieces[k].index - 1 : j->total;   /* missing: next..upto */
        if (upto >= next) {
            char item[32];
            if (upto > next)
                snprintf(item, sizeof item, "%s%d-%d", off ? ", " : "", next, upto);
            else
                snprintf(item, sizeof item, "%s%d", off ? ", " : "", next);
            if (off + strlen(item) + 5 >= size) {
                snprintf(out + off, size - off, ", ...");
                return;
            }
            off += (size_t)snprintf(out + off, size - off, "%s", item);
        }
        if (k < j->count)
            next = j->pieces[k].index + 1;
    }
}

int qrparts_join_finish(struct qrparts_join *j, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (j->total == 0)
        return qrparts_problem(j, SD_EINVAL, NULL, "%s", _("no QR code part was found"));
    if (j->count < j->total) {
        char list[300];
        qrparts_join_missing(j, list, sizeof list);
        return qrparts_problem(j, SD_ENOTFOUND, NULL,
                               NG_("batch %s: part %s of %d is missing: scan it",
                                   "batch %s: parts %s of %d are missing: scan them",
                                   j->total - j->count),
                               j->batch, list, j->total);
    }
    if (j->conflicts > 0)
        return SD_EEXIST;
    size_t total = 0;
    for (int i = 0; i < j->count; i++)
        total += j->pieces[i].len;
    unsigned char *buf = malloc(total ? total : 1);
    if (!buf)
        return SD_ENOMEM;
    size_t off = 0;
    for (int i = 0; i < j->count; i++) {
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
    return j->count;
}

int qrparts_join_has(const struct qrparts_join *j, int index)
{
    int found;
    qrparts_find(j, index, &found);
    return found;
}

int qrparts_join_conflicts(const struct qrparts_join *j)
{
    return j->conflicts;
}

int qrparts_join_problem_count(const struct qrparts_join *j)
{
    return j->list->count;
}

const char *qrparts_join_problem(const struct qrparts_join *j, int i)
{
    return i >= 0 && i < j->list->count ? j->list->items[i] : NULL;
}
