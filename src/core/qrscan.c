/*
** qrscan.c - sorting scanned lines and decoded codes into batches, with caps.
**
** A line is searched for frame heads (qrparts_frame_head); a part runs from its head over the
** Base45 characters that follow, up to the next head, so glued parts come apart and a bullet
** before or a remark after a part is left out (a real part never ends in a space, so trailing
** spaces go too). Batches are found through an open-addressing table keyed by version and id.
** Must not depend on SQLite or SDL.
*/
#include "qrscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base45.h"
#include "err.h"
#include "i18n.h"

struct qrscan_entry {
    struct qrparts_join *join;
    int version;
    char batch[QRPARTS_BATCH_MAX + 1];
    int taken;
    char *sources;              /* "a.txt, b.jpg", at most QRSCAN_MAX_SOURCES names */
    int source_count, last_input;
};

struct qrscan {
    struct qrscan_entry *batches;
    int count, cap;
    int *slots;                 /* batch index + 1; 0 = empty */
    size_t slot_count;
    int parts_kept, parts_found, ignored;
    int batches_over, parts_over;   /* parts not kept for the caps (each reported once) */
    int input;                  /* a number for the input being read */
    char *input_name;
    struct qrparts_problems problems;
};

int qrscan_new(struct qrscan **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? SD_OK : SD_ENOMEM;
}

void qrscan_free(struct qrscan *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->count; i++) {
        qrparts_join_free(s->batches[i].join);
        free(s->batches[i].sources);
    }
    free(s->batches);
    free(s->slots);
    free(s->input_name);
    qrparts_problems_free(&s->problems);
    free(s);
}

/* ---------------------------------------------------------------- batches */
static size_t qrscan_hash(int version, const char *batch)
{
    size_t h = 1469598103934665603u ^ (size_t)version;
    for (const unsigned char *p = (const unsigned char *)batch; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static size_t qrscan_slot(const struct qrscan *s, int version, const char *batch)
{
    size_t k = qrscan_hash(version, batch) & (s->slot_count - 1);
    while (s->slots[k]) {
        const struct qrscan_entry *e = &s->batches[s->slots[k] - 1];
        if (e->version == version && strcmp(e->batch, batch) == 0)
            break;
        k = (k + 1) & (s->slot_count - 1);
    }
    return k;
}

static int qrscan_grow(struct qrscan *s)
{
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        struct qrscan_entry *g = realloc(s->batches, (size_t)cap * sizeof *g);
        if (!g)
            return SD_ENOMEM;
        s->batches = g;
        s->cap = cap;
    }
    if ((size_t)(s->count + 1) * 2 > s->slot_count) {
        size_t n = s->slot_count ? s->slot_count * 2 : 64;
        int *slots = calloc(n, sizeof *slots);
        if (!slots)
            return SD_ENOMEM;
        free(s->slots);
        s->slots = slots;
        s->slot_count = n;
        for (int i = 0; i < s->count; i++)
            s->slots[qrscan_slot(s, s->batches[i].version, s->batches[i].batch)] = i + 1;
    }
    return SD_OK;
}

/* The batch of frame f, made when new; -1 over the cap (reported once), SD_ENOMEM as -2. */
static int qrscan_batch(struct qrscan *s, const struct qrparts_frame *f)
{
    if (s->slot_count) {
        size_t k = qrscan_slot(s, f->version, f->batch);
        if (s->slots[k])
            return s->slots[k] - 1;
    }
    if (s->count >= QRSCAN_MAX_BATCHES) {
        if (s->batches_over++ == 0 &&
            qrparts_problems_add(&s->problems, s->input_name,
                                 _("the scans hold codes of more than %d exports: the others "
                                   "were not read; collect them in another run"),
                                 QRSCAN_MAX_BATCHES) != SD_OK)
            return -2;
        return -1;
    }
    if (qrscan_grow(s) != SD_OK)
        return -2;
    struct qrscan_entry *e = &s->batches[s->count];
    memset(e, 0, sizeof *e);
    if (qrparts_join_new_version(&e->join, f->version, &s->problems) != SD_OK)
        return -2;
    e->version = f->version;
    memcpy(e->batch, f->batch, sizeof e->batch);
    s->slots[qrscan_slot(s, f->version, f->batch)] = s->count + 1;
    return s->count++;
}

/* Name the input among the batch's sources (the first few). */
static int qrscan_source(struct qrscan *s, struct qrscan_entry *e)
{
    if (e->last_input == s->input)
        return SD_OK;
    e->last_input = s->input;
    if (e->source_count > QRSCAN_MAX_SOURCES)
        return SD_OK;
    const char *name = s->input_name ? s->input_name : "";
    size_t have = e->sources ? strlen(e->sources) : 0, need = have + strlen(name) + 8;
    char *g = realloc(e->sources, need);
    if (!g)
        return SD_ENOMEM;
    e->sources = g;
    if (e->source_count == QRSCAN_MAX_SOURCES)
        snprintf(g + have, need - have, ", ...");
    else
        snprintf(g + have, need - have, "%s%s", have ? ", " : "", name);
    e->source_count++;
    return SD_OK;
}

/* One part (its head already read into f), named where in messages. */
static int qrscan_part(struct qrscan *s, const struct qrparts_frame *f, const char *part,
                       size_t len, const char *where)
{
    s->parts_found++;
    int i = qrscan_batch(s, f);
    if (i < 0)
        return i == -1 ? SD_OK : SD_ENOMEM;
    struct qrscan_entry *e = &s->batches[i];
    if (s->parts_kept >= QRSCAN_MAX_PARTS && !qrparts_join_has(e->join, f->index)) {
        if (s->parts_over++ == 0)
            return qrparts_problems_add(&s->problems, s->input_name,
                                        _("the scans hold more than %d codes: the others were not "
                                          "read; collect them in another run"), QRSCAN_MAX_PARTS);
        return SD_OK;
    }
    int before = qrparts_join_received(e->join);
    if (qrparts_join_add(e->join, part, len, where) == SD_ENOMEM)
        return SD_ENOMEM;
    s->parts_kept += qrparts_join_received(e->join) - before;
    return qrscan_source(s, e);
}

/* ---------------------------------------------------------------- lines */
static int qrscan_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Where the next frame head begins at or after from (n when none); its length in *head. */
static size_t qrscan_next_head(const char *line, size_t n, size_t from, size_t *head,
                               struct qrparts_frame *f)
{
    for (size_t at = from; at + 4 <= n; at++) {
        const char *hit = memchr(line + at, 'S', n - at - 3);
        if (!hit)
            break;
        at = (size_t)(hit - line);
        if ((*head = qrparts_frame_head(line + at, n - at, f)) > 0)
            return at;
    }
    *head = 0;
    return n;
}

/* Whether the line has a frame's magic at all (a part cut short, not a note). */
static int qrscan_has_magic(const char *line, size_t n)
{
    for (size_t at = 0; at + 4 <= n; at++)
        if (line[at] == 'S' && line[at + 1] == 'D' && (line[at + 2] == '1' || line[at + 2] == '2') &&
            line[at + 3] == ':')
            return 1;
    return 0;
}

/* One line (no LF): every part in it, or a count of an ignored line. */
static int qrscan_line(struct qrscan *s, const char *line, size_t n, const char *where)
{
    while (n > 0 && qrscan_is_space(line[0])) {
        line++;
        n--;
    }
    while (n > 0 && qrscan_is_space(line[n - 1]))
        n--;
    if (n == 0)
        return SD_OK;
    if (n > QRSCAN_MAX_LINE)
        return qrparts_problems_add(&s->problems, where, _("this line is %zu characters long, more "
                                    "than scanned codes can be: it was not read"), n);
    struct qrparts_frame f, next;
    size_t head, next_head;
    size_t at = qrscan_next_head(line, n, 0, &head, &f);
    if (at == n) {
        if (qrscan_has_magic(line, n))
            return qrparts_problems_add(&s->problems, where, "%s", _("this line has the beginning "
                                        "of a shadowday QR code part but not a whole one: scan "
                                        "that code again"));
        s->ignored++;
        return SD_OK;
    }
    while (at < n) {
        size_t following = qrscan_next_head(line, n, at + head, &next_head, &next);
        size_t end = at + head;
        while (end < following && base45_is_char((unsigned char)line[end]))
            end++;
        while (end > at + head && line[end - 1] == ' ')
            end--;
        int rc = qrscan_part(s, &f, line + at, end - at, where);
        if (rc == SD_ENOMEM)
            return rc;
        at = following;
        head = next_head;
        f = next;
    }
    return SD_OK;
}

/* A new input begins when the name changes. */
static int qrscan_input(struct qrscan *s, const char *name)
{
    name = name ? name : "";
    if (s->input_name && strcmp(s->input_name, name) == 0)
        return SD_OK;
    char *copy = strdup(name);
    if (!copy)
        return SD_ENOMEM;
    free(s->input_name);
    s->input_name = copy;
    s->input++;
    return SD_OK;
}

int qrscan_add_text(struct qrscan *s, const char *text, size_t len, const char *name)
{
    char where[4200];
    int lineno = 0, rc = qrscan_input(s, name);
    for (size_t at = 0; rc == SD_OK && at < len; ) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        snprintf(where, sizeof where, "%s:%d", s->input_name, ++lineno);
        rc = qrscan_line(s, text + at, n, where);
        at += n + 1;
    }
    return rc;
}

int qrscan_add_code(struct qrscan *s, const char *text, size_t len, const char *name)
{
    int found = s->parts_found;
    int rc = qrscan_input(s, name);
    if (rc == SD_OK && memchr(text, '\n', len))
        s->ignored++;       /* a plan, a contact card: several lines, not one of ours */
    else if (rc == SD_OK)
        rc = qrscan_line(s, text, len, s->input_name);
    return rc != SD_OK ? rc : s->parts_found > found;
}

/* ---------------------------------------------------------------- results */
int qrscan_ignored(const struct qrscan *s)
{
    return s->ignored;
}

int qrscan_parts_found(const struct qrscan *s)
{
    return s->parts_found;
}

int qrscan_batch_count(const struct qrscan *s)
{
    return s->count;
}

void qrscan_batch_get(const struct qrscan *s, int i, struct qrscan_batch *out)
{
    const struct qrscan_entry *e = &s->batches[i];
    memset(out, 0, sizeof *out);
    memcpy(out->batch, e->batch, sizeof out->batch);
    out->version = e->version;
    out->total = qrparts_join_total(e->join);
    out->received = qrparts_join_received(e->join);
    out->conflicts = qrparts_join_conflicts(e->join);
    out->taken = e->taken;
    out->in_last_input = e->last_input == s->input;
}

int qrscan_has_part(const struct qrscan *s, int i, int index)
{
    return i >= 0 && i < s->count && qrparts_join_has(s->batches[i].join, index);
}

const char *qrscan_batch_sources(const struct qrscan *s, int i)
{
    return i >= 0 && i < s->count && s->batches[i].sources ? s->batches[i].sources : "";
}

int qrscan_take(struct qrscan *s, int *i, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    for (int k = 0; k < s->count; k++) {
        struct qrscan_entry *e = &s->batches[k];
        struct qrparts_join *j = e->join;
        if (e->taken || qrparts_join_conflicts(j) || qrparts_join_total(j) == 0 ||
            qrparts_join_received(j) < qrparts_join_total(j))
            continue;
        int rc = qrparts_join_finish(j, data, len);
        if (rc != SD_OK)
            return rc;
        e->taken = 1;
        *i = k;
        return SD_OK;
    }
    return SD_ENOTFOUND;
}

int qrscan_batch_problem(const struct qrscan *s, int i, char *out, size_t size)
{
    const struct qrscan_entry *e = &s->batches[i];
    const struct qrparts_join *j = e->join;
    int total = qrparts_join_total(j), missing = total - qrparts_join_received(j);
    const char *sources = e->sources ? e->sources : "";
    out[0] = '\0';
    if (e->taken || total == 0)
        return 0;
    if (missing > 0) {
        char list[300], msg[400];
        qrparts_join_missing(j, list, sizeof list);
        snprintf(msg, sizeof msg, NG_("batch %s: part %s of %d is missing: scan it",
                                      "batch %s: parts %s of %d are missing: scan them", missing),
                 e->batch, list, total);
        snprintf(out, size, "%s: %s", sources, msg);
        return 1;
    }
    if (qrparts_join_conflicts(j)) {
        snprintf(out, size, "%s: ", sources);
        size_t off = strlen(out);
        snprintf(out + off, size - off, _("batch %s is not used: some of its codes were read with "
                                          "two different contents"), e->batch);
        return 1;
    }
    return 0;
}

int qrscan_problem_count(const struct qrscan *s)
{
    return s->problems.count;
}

const char *qrscan_problem(const struct qrscan *s, int i)
{
    return i >= 0 && i < s->problems.count ? s->problems.items[i] : NULL;
}
