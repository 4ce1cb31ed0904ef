/*
** csv_read.c - a one-pass CSV reader for spreadsheet output, bounded before it allocates.
**
** The whole input is checked as UTF-8 first, so the loop below works on bytes and only has to
** recognise C1 controls (U+0080-U+009F, encoded C2 80-C2 9F) by their two bytes. Field text goes
** into one buffer sized from the input (unquoting never grows a field, and every field but the
** last uses up a separator or a line end), so pointers into it stay valid while records grow.
** Must not depend on SQLite or SDL.
*/
#include "csv_read.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "utf8.h"

struct csv_parser {
    const unsigned char *in;
    size_t len, pos;
    int line;
    char sep;
    struct csv_limits lim;
    char *out;                  /* next free byte of the text buffer */
    int *first;                 /* per record: index of its first cell */
    int rec_cap, cell_count, cell_cap;
    struct csv_failure *why;
    struct csv_table *t;
};

static int csv_fail(struct csv_parser *p, int problem, int line, long detail)
{
    p->why->problem = problem;
    p->why->line = line;
    p->why->detail = detail;
    switch (problem) {
    case CSV_ENOMEM:
        return SD_ENOMEM;
    case CSV_ERECORDS:
    case CSV_EFIELDS:
    case CSV_EFIELDLEN:
        return SD_ELIMIT;
    default:
        return SD_EINVAL;
    }
}

/* The separator is the most frequent of , ; and TAB in the first record, outside quotes. */
static char csv_find_separator(const unsigned char *in, size_t len)
{
    static const char candidates[] = { ',', ';', '\t' };
    size_t counts[3] = { 0, 0, 0 };
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '"')
            quoted = !quoted;
        else if (!quoted && (in[i] == '\n' || in[i] == '\r'))
            break;
        else if (!quoted)
            for (int c = 0; c < 3; c++)
                counts[c] += in[i] == (unsigned char)candidates[c];
    }
    int best = 0;
    for (int c = 1; c < 3; c++)
        if (counts[c] > counts[best])
            best = c;
    return candidates[best];
}

/* The 1-based line of byte offset at, counting CRLF, LF and CR as one line end each. */
static int csv_line_of(const unsigned char *in, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at; i++) {
        if (in[i] == '\n' || (in[i] == '\r' && (i + 1 >= at || in[i + 1] != '\n')))
            line++;
    }
    return line;
}

/* Checks one byte of field text: SD_OK, or the failure for NUL and control characters. */
static int csv_check_byte(struct csv_parser *p, int allow_line_ends)
{
    unsigned char c = p->in[p->pos];
    if (c == 0)
        return csv_fail(p, CSV_ENUL, p->line, 0);
    if (c == '\t' || (allow_line_ends && (c == '\r' || c == '\n')))
        return SD_OK;
    if (c < 0x20 || c == 0x7F)
        return csv_fail(p, CSV_ECONTROL, p->line, c);
    if (c == 0xC2 && p->pos + 1 < p->len && p->in[p->pos + 1] >= 0x80 && p->in[p->pos + 1] <= 0x9F)
        return csv_fail(p, CSV_ECONTROL, p->line, p->in[p->pos + 1]);
    return SD_OK;
}

static int csv_add_cell(struct csv_parser *p, char *text)
{
    if (p->cell_count == p->cell_cap) {
        int cap = p->cell_cap ? p->cell_cap * 2 : 64;
        char **n = realloc(p->t->cells_, (size_t)cap * sizeof *n);
        if (!n)
            return csv_fail(p, CSV_ENOMEM, p->line, 0);
        p->t->cells_ = n;
        p->cell_cap = cap;
    }
    p->t->cells_[p->cell_count++] = text;
    return SD_OK;
}

/* A quoted field; p->pos is on the opening quote. */
static int csv_quoted(struct csv_parser *p)
{
    int opened = p->line;
    p->pos++;
    for (;;) {
        if (p->pos >= p->len)
            return csv_fail(p, CSV_EQUOTE, opened, 0);
        unsigned char c = p->in[p->pos];
        if (c == '"') {
            if (p->pos + 1 < p->len && p->in[p->pos + 1] == '"') {
                *p->out++ = '"';
                p->pos += 2;
                continue;
            }
            p->pos++;
            break;
        }
        int rc = csv_check_byte(p, 1);
        if (rc != SD_OK)
            return rc;
        if (c == '\r' || c == '\n') {
            /* One line end inside the field, whatever the file uses, becomes "\n". */
            *p->out++ = '\n';
            p->line++;
            p->pos += (c == '\r' && p->pos + 1 < p->len && p->in[p->pos + 1] == '\n') ? 2 : 1;
            continue;
        }
        *p->out++ = (char)c;
        p->pos++;
    }
    /* Spaces after the closing quote are harmless; anything else means a stray quote. */
    while (p->pos < p->len && (p->in[p->pos] == ' ' || p->in[p->pos] == '\t'))
        p->pos++;
    if (p->pos < p->len) {
        unsigned char c = p->in[p->pos];
        if (c != (unsigned char)p->sep && c != '\r' && c != '\n')
            return csv_fail(p, CSV_EAFTERQUOTE, p->line, 0);
    }
    return SD_OK;
}

static int csv_unquoted(struct csv_parser *p)
{
    while (p->pos < p->len) {
        unsigned char c = p->in[p->pos];
        if (c == (unsigned char)p->sep || c == '\r' || c == '\n')
            break;
        int rc = csv_check_byte(p, 0);
        if (rc != SD_OK)
            return rc;
        *p->out++ = (char)c;
        p->pos++;
    }
    return SD_OK;
}

/* One record from p->pos; *blank is set when all its fields are empty (it is then dropped). */
static int csv_record(struct csv_parser *p, int *blank)
{
    int fields = 0;
    *blank = 1;
    for (;;) {
        char *start = p->out;
        int rc = (p->pos < p->len && p->in[p->pos] == '"') ? csv_quoted(p) : csv_unquoted(p);
        if (rc != SD_OK)
            return rc;
        if ((size_t)(p->out - start) > p->lim.max_field_bytes)
            return csv_fail(p, CSV_EFIELDLEN, p->line, (long)p->lim.max_field_bytes);
        *p->out++ = '\0';
        if (start[0])
            *blank = 0;
        if (++fields > p->lim.max_fields)
            return csv_fail(p, CSV_EFIELDS, p->line, p->lim.max_fields);
        if ((rc = csv_add_cell(p, start)) != SD_OK)
            return rc;
        if (p->pos < p->len && p->in[p->pos] == (unsigned char)p->sep) {
            p->pos++;
            continue;
        }
        break;
    }
    if (p->pos < p->len) {  /* the line end */
        int crlf = p->in[p->pos] == '\r' && p->pos + 1 < p->len && p->in[p->pos + 1] == '\n';
        p->pos += crlf ? 2 : 1;
        p->line++;
    }
    return SD_OK;
}

static int csv_parse(struct csv_parser *p)
{
    int capacity_records = 0;
    struct csv_table *t = p->t;
    while (p->pos < p->len) {
        int line = p->line, first = p->cell_count, blank;
        char *mark = p->out;
        int rc = csv_record(p, &blank);
        if (rc != SD_OK)
            return rc;
        if (blank) {
            p->cell_count = first;
            p->out = mark;
            continue;
        }
        if (t->count > p->lim.max_records) /* the header is not counted */
            return csv_fail(p, CSV_ERECORDS, line, p->lim.max_records);
        if (t->count == capacity_records) {
            int cap = capacity_records ? capacity_records * 2 : 32;
            struct csv_record *r = realloc(t->records, (size_t)cap * sizeof *r);
            int *f = realloc(p->first, (size_t)cap * sizeof *f);
            if (r)
                t->records = r;
            if (f)
                p->first = f;
            if (!r || !f)
                return csv_fail(p, CSV_ENOMEM, line, 0);
            capacity_records = cap;
        }
        t->records[t->count].line = line;
        t->records[t->count].count = p->cell_count - first;
        p->first[t->count] = first;
        t->count++;
    }
    for (int i = 0; i < t->count; i++)
        t->records[i].fields = t->cells_ + p->first[i];
    return SD_OK;
}

int csv_read(struct csv_table *t, const char *data, size_t len, const struct csv_limits *lim,
             struct csv_failure *why)
{
    static const struct csv_limits unlimited = { INT_MAX - 1, INT_MAX - 1, (size_t)-1 };
    struct csv_parser p = { 0 };
    struct csv_failure ignored;
    memset(t, 0, sizeof *t);
    p.why = why ? why : &ignored;
    memset(p.why, 0, sizeof *p.why);
    p.t = t;
    p.in = (const unsigned char *)data;
    p.len = len;
    p.line = 1;
    p.lim = lim ? *lim : unlimited;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    size_t bad;
    if (!utf8_is_valid(p.in + p.pos, len - p.pos, &bad)) {
        csv_fail(&p, CSV_EUTF8, csv_line_of(p.in, p.pos + bad), 0);
        return SD_EINVAL;
    }
    p.sep = csv_find_separator(p.in + p.pos, len - p.pos);
    t->separator = p.sep;
    if (len - p.pos > ((size_t)-1 - 2) / 2) {
        csv_fail(&p, CSV_ENOMEM, 1, 0);
        return SD_ENOMEM;
    }
    t->text_ = malloc(2 * (len - p.pos) + 2);
    if (!t->text_) {
        csv_fail(&p, CSV_ENOMEM, 1, 0);
        return SD_ENOMEM;
    }
    p.out = t->text_;
    int rc = csv_parse(&p);
    free(p.first);
    if (rc != SD_OK)
        csv_table_free(t);
    return rc;
}

void csv_table_free(struct csv_table *t)
{
    free(t->records);
    free(t->cells_);
    free(t->text_);
    memset(t, 0, sizeof *t);
}

const char *csv_failure_message(const struct csv_failure *why, char *buf, size_t size)
{
    switch (why->problem) {
    case CSV_EQUOTE:
        snprintf(buf, size, "%s", _("a quote (\") opens a text on this line but never closes "
                                     "— add the closing quote"));
        break;
    case CSV_EAFTERQUOTE:
        snprintf(buf, size, "%s", _("text follows a closing quote — inside quoted text, write "
                                     "a quote as two quotes (\"\")"));
        break;
    case CSV_ERECORDS:
        snprintf(buf, size, _("the file has more than %ld rows — that is more than a day pack "
                              "can hold"), why->detail);
        break;
    case CSV_EFIELDS:
        snprintf(buf, size, _("the line has more than %ld columns — is this the right file?"),
                 why->detail);
        break;
    case CSV_EFIELDLEN:
        snprintf(buf, size, _("a cell on this line is longer than %ld bytes — shorten the "
                              "text"), why->detail);
        break;
    case CSV_ENUL:
        snprintf(buf, size, "%s", _("the line holds a NUL byte — this is not a text file"));
        break;
    case CSV_ECONTROL:
        snprintf(buf, size, _("the line holds an invisible control character (code %ld) — "
                              "delete it"), why->detail);
        break;
    case CSV_EUTF8:
        snprintf(buf, size, "%s", _("the line holds bytes that are not UTF-8 text — save the "
                                     "file as \"CSV UTF-8\""));
        break;
    case CSV_ENOMEM:
        snprintf(buf, size, "%s", _("out of memory while reading the file"));
        break;
    default:
        snprintf(buf, size, "%s", "");
        break;
    }
    return buf;
}
