/*
** pack.c - parsing and validating a day pack as a whole, and looking things up in it.
**
** Reading order: pack_parse() at the bottom, then one pack_read_<file>() per CSV file, each
** driven by its table of columns. Every problem goes to the report as "file:line: message" in
** plain words and checking goes on, so the coordinator sees all of them at once; a pack with any
** error is freed and never returned. References between files (escort, with, plan shadow) are
** only checked when the file they point into was read, so one broken file does not bury the
** report under follow-on errors. The folder itself is read by pack_source.c, the built-in
** questions come from pack_defaults.c. Must not depend on SQLite or SDL.
*/
#include "pack.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "csv_read.h"
#include "err.h"
#include "textbuf.h"
#include "i18n.h"
#include "pack_internal.h"
#include "pin.h"
#include "utf8.h"

/* ================================================================ reports */

void pack_report_init(struct pack_report *rep)
{
    memset(rep, 0, sizeof *rep);
}

void pack_report_free(struct pack_report *rep)
{
    free(rep->problems);
    memset(rep, 0, sizeof *rep);
}

const char *pack_problem_format(const struct pack_problem *p, char *buf, size_t size)
{
    if (p->file[0] && p->line > 0)
        snprintf(buf, size, "%s:%d: %s", p->file, p->line, p->message);
    else if (p->file[0])
        snprintf(buf, size, "%s: %s", p->file, p->message);
    else
        snprintf(buf, size, "%s", p->message);
    return buf;
}

int pack_report_add(struct pack_report *rep, int severity, const char *file, int line,
                    const char *fmt, ...)
{
    if (severity == PACK_ERROR)
        rep->errors++;
    else
        rep->warnings++;
    if (rep->count >= PACK_MAX_PROBLEMS) {
        rep->truncated = 1;
        return SD_OK;
    }
    if (rep->count == rep->capacity) {
        int cap = rep->capacity ? rep->capacity * 2 : 16;
        if (cap > PACK_MAX_PROBLEMS)
            cap = PACK_MAX_PROBLEMS;
        struct pack_problem *n = realloc(rep->problems, (size_t)cap * sizeof *n);
        if (!n)
            return SD_ENOMEM;
        rep->problems = n;
        rep->capacity = cap;
    }
    struct pack_problem *p = &rep->problems[rep->count++];
    memset(p, 0, sizeof *p);
    p->severity = severity;
    p->line = line;
    snprintf(p->file, sizeof p->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof p->message) { /* cut on a letter, never inside one */
        size_t len = strlen(p->message);
        p->message[utf8_prefix_bytes(p->message, len, len - 1)] = '\0';
    }
    return SD_OK;
}

int pack_report_has_error(const struct pack_report *rep, const char *file)
{
    for (int i = 0; i < rep->count; i++)
        if (rep->problems[i].severity == PACK_ERROR && strcmp(rep->problems[i].file, file) == 0)
            return 1;
    return 0;
}

const char *pack_csv_name(int i)
{
    static const char *const names[PACK_CSV_COUNT] = {
        PACK_FILE_WORKPLACE, PACK_FILE_HOSTS, PACK_FILE_SHADOWS,
        PACK_FILE_PLAN, PACK_FILE_SAFETY, PACK_FILE_QUESTIONS,
    };
    return i >= 0 && i < PACK_CSV_COUNT ? names[i] : NULL;
}

/* Where a file's problems go in the listing: the whole pack first, the CSV files in their order. */
static int pack_file_rank(const char *file)
{
    if (!file[0])
        return 0;
    for (int i = 0; i < PACK_CSV_COUNT; i++)
        if (strcmp(file, pack_csv_name(i)) == 0)
            return 1 + i;
    return 1 + PACK_CSV_COUNT;
}

static int pack_problem_before(const struct pack_problem *a, const struct pack_problem *b)
{
    int ra = pack_file_rank(a->file), rb = pack_file_rank(b->file);
    if (ra != rb)
        return ra < rb;
    int c = strcmp(a->file, b->file);
    if (c != 0)
        return c < 0;
    return a->line < b->line;
}

void pack_report_sort(struct pack_report *rep)
{
    /* Insertion sort: stable, and a report holds at most PACK_MAX_PROBLEMS entries. */
    for (int i = 1; i < rep->count; i++) {
        struct pack_problem tmp = rep->problems[i];
        int j = i;
        while (j > 0 && pack_problem_before(&tmp, &rep->problems[j - 1])) {
            rep->problems[j] = rep->problems[j - 1];
            j--;
        }
        rep->problems[j] = tmp;
    }
}

/* ================================================================ strings of a pack */

struct pack_block {
    struct pack_block *next;
    size_t used, cap;
    char data[];
};

struct pack_strings {
    struct pack_block *head;
    int failed;             /* an allocation failed: the parse ends in SD_ENOMEM */
};

enum { PACK_BLOCK_SIZE = 16384 };

const char *pack_keep(struct pack *p, const char *s)
{
    if (!s || !*s || !p->strings_)
        return "";
    size_t n = strlen(s) + 1;
    struct pack_block *b = p->strings_->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > PACK_BLOCK_SIZE ? n : PACK_BLOCK_SIZE;
        b = malloc(sizeof *b + cap);
        if (!b) {
            p->strings_->failed = 1;
            return "";
        }
        b->next = p->strings_->head;
        b->used = 0;
        b->cap = cap;
        p->strings_->head = b;
    }
    char *out = b->data + b->used;
    memcpy(out, s, n);
    b->used += n;
    return out;
}

int pack_text_add(struct pack *p, struct pack_text *t, const char *lang, const char *text)
{
    for (int i = 0; i < t->count; i++) {
        if (strcmp(t->tr[i].lang, lang) == 0) {
            t->tr[i].text = (char *)pack_keep(p, text);
            return 1;
        }
    }
    if (t->count >= PACK_MAX_LANGS)
        return 0;
    snprintf(t->tr[t->count].lang, sizeof t->tr[t->count].lang, "%s", lang);
    t->tr[t->count].text = (char *)pack_keep(p, text);
    t->count++;
    return 1;
}

/* ================================================================ small parsers */

/* Lower-case ASCII and the Latin-1 capitals (Å Ä Ö É ...) of s into out; with ident, spaces and
** '-' become '_' too, so "First name" finds the column first_name. */
static void pack_fold(const char *s, char *out, size_t size, int ident)
{
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && o + 2 < size; c++) {
        unsigned char ch = *c;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        else if (ident && (ch == ' ' || ch == '-'))
            ch = '_';
        else if (ch == 0xC3 && c[1] >= 0x80 && c[1] <= 0x9E && c[1] != 0x97) {
            out[o++] = (char)ch;
            out[o++] = (char)(*++c + 0x20);
            continue;
        }
        out[o++] = (char)ch;
    }
    out[o] = '\0';
}

static int pack_is_space_at(const char *s, size_t *len)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        *len = 1;
        return 1;
    }
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
        *len = 2;
        return 1;
    }
    return 0;
}

/* Trim spaces, tabs, line ends and no-break spaces at both ends, in place. */
static void pack_trim(char *s)
{
    size_t n, start = 0;
    while (s[start] && pack_is_space_at(s + start, &n))
        start += n;
    size_t end = strlen(s);
    while (end > start) {
        if (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r')
            end--;
        else if (end - start >= 2 && (unsigned char)s[end - 2] == 0xC2 &&
                 (unsigned char)s[end - 1] == 0xA0)
            end -= 2;
        else
            break;
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
}

int pack_distance(const char *a, const char *b, int limit)
{
    size_t la = strlen(a), lb = strlen(b);
    int row[65];
    if (la > 64 || lb > 64)
        return limit + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0], best;
        row[0] = (int)i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb] > limit ? limit + 1 : row[lb];
}

/* The name in names closest to word (at most 2 edits away), or NULL. */
static const char *pack_suggest(const char *word, const char *const *names, int count)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < count; i++) {
        int d = pack_distance(word, names[i], 2);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

struct word_value {
    const char *word;
    int value;
};

/* value of word in table (folded, spaces as '_'), or -1. */
static int pack_lookup(const struct word_value *table, int count, const char *word)
{
    char folded[64];
    pack_fold(word, folded, sizeof folded, 1);
    for (int i = 0; i < count; i++)
        if (strcmp(folded, table[i].word) == 0)
            return table[i].value;
    return -1;
}

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Yes and no as coordinators write them: English, Finnish, Swedish, spreadsheet booleans. */
static const struct word_value pack_yes_no[] = {
    { "yes", 1 }, { "y", 1 }, { "kyllä", 1 }, { "kylla", 1 }, { "k", 1 }, { "ja", 1 },
    { "j", 1 }, { "1", 1 }, { "true", 1 }, { "tosi", 1 }, { "sant", 1 }, { "x", 1 },
    { "no", 0 }, { "n", 0 }, { "ei", 0 }, { "e", 0 }, { "nej", 0 }, { "0", 0 },
    { "false", 0 }, { "epätosi", 0 }, { "falskt", 0 },
};

static int pack_parse_yes_no(const char *s)
{
    return pack_lookup(pack_yes_no, COUNT_OF(pack_yes_no), s);
}

/* digits of s from *i: at least min_digits and at most max_digits; -1 when not. */
static int pack_number(const char *s, int *i, int min_digits, int max_digits)
{
    int v = 0, n = 0;
    while (s[*i] >= '0' && s[*i] <= '9' && n < max_digits) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    if (n < min_digits || (s[*i] >= '0' && s[*i] <= '9'))
        return -1;
    return v;
}

/* "8:30", "08:30", "8.30", also with ":00" seconds as spreadsheets export times: minutes, or -1. */
static int pack_parse_time(const char *s)
{
    int i = 0;
    int h = pack_number(s, &i, 1, 2);
    if (h < 0 || h > 23 || (s[i] != ':' && s[i] != '.'))
        return -1;
    char sep = s[i++];
    int m = pack_number(s, &i, 2, 2);
    if (m < 0 || m > 59)
        return -1;
    if (s[i] == sep) {
        i++;
        if (pack_number(s, &i, 2, 2) != 0)
            return -1;
    }
    return s[i] ? -1 : h * 60 + m;
}

static int pack_days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* "2027-04-15" or "15.4.2027" into out as YYYY-MM-DD; 0 when it is not a real date. */
static int pack_parse_date(const char *s, char out[11])
{
    int i = 0, y, m, d;
    if (strlen(s) == 10 && s[4] == '-') {
        y = pack_number(s, &i, 4, 4);
        i++;
        m = s[i - 1] == '-' ? pack_number(s, &i, 2, 2) : -1;
        i++;
        d = s[i - 1] == '-' ? pack_number(s, &i, 2, 2) : -1;
    } else {
        d = pack_number(s, &i, 1, 2);
        m = s[i] == '.' ? (i++, pack_number(s, &i, 1, 2)) : -1;
        y = s[i] == '.' ? (i++, pack_number(s, &i, 4, 4)) : -1;
    }
    if (s[i] || y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || d > pack_days_in_month(y, m))
        return 0;
    /* The checks above bound each part; the unsigned remainders tell the compiler so too. */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return 1;
}

/* A whole number in [min, max], else -1 (min is never negative here). */
static int pack_parse_int(const char *s, int min, int max)
{
    int i = 0;
    int v = pack_number(s, &i, 1, 6);
    return v < 0 || s[i] || v < min || v > max ? -1 : v;
}

/* 1 fine, 0 not a phone number, -1 fine but without the leading 0 or + a number needs. */
static int pack_check_phone(const char *s)
{
    int digits = 0;
    for (const char *c = s; *c; c++) {
        if (*c >= '0' && *c <= '9')
            digits++;
        else if (!strchr(" +-()/.", *c) || (*c == '+' && c != s))
            return 0;
    }
    if (digits < 5 || digits > 20)
        return 0;
    return s[0] == '+' || s[0] == '0' ? 1 : -1;
}

/* Whether s is a language the kiosk has a catalogue for; lang gets it in lower case. */
static int pack_parse_language(const char *s, char lang[8])
{
    char folded[16];
    pack_fold(s, folded, sizeof folded, 0);
    for (int i = 0; i < i18n_language_count(); i++) {
        if (strcmp(folded, i18n_language_code(i)) == 0 && strlen(folded) < 8) {
            memcpy(lang, folded, strlen(folded) + 1);
            return 1;
        }
    }
    return 0;
}

static int pack_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n >= PACK_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static int pack_id_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* Sentences in a text: runs of . ! ? that end a word, plus a last one without its full stop. */
static int pack_sentences(const char *s)
{
    int count = 0, pending = 0;
    for (const char *c = s; *c; c++) {
        if (strchr(".!?", *c)) {
            while (c[1] && strchr(".!?", c[1]))
                c++;
            if (!c[1] || c[1] == ' ' || c[1] == '\n' || c[1] == '\t') {
                if (pending)
                    count++;
                pending = 0;
            }
        } else if (*c != ' ' && *c != '\n' && *c != '\t') {
            pending = 1;
        }
    }
    return count + pending;
}

/* ================================================================ one parse */

#define COL_REQUIRED 1u     /* the column must be in the first line */
#define COL_TR 2u           /* translations come in <name>_<lang> columns */

struct pack_column {
    const char *name;
    unsigned flags;
};

enum { SHEET_MAX_COLUMNS = 12 };

struct sheet {
    const char *file;
    struct csv_table t;
    const struct pack_column *cols;
    int ncols;
    int at[SHEET_MAX_COLUMNS];      /* field of each column in the header, -1 when absent */
    struct { int field, col; char lang[8]; } tr[PACK_MAX_FIELDS];
    int ntr;
    int width;                      /* fields in the header row */
    int present;                    /* the file was there and could be read */
    int usable;                     /* ... and has every required column: rows can be read */
    int warned_langs;               /* "too many translations" said once */
};

struct parse {
    struct pack *p;
    const struct pack_source *src;
    struct pack_report *rep;
    int hash_plain_pins;
    struct sheet workplace, hosts, shadows, plan, safety, questions;
    int hosts_known, shadows_known; /* ids were read: references into them can be checked */
    int *host_rec;                  /* the hosts.csv record of each host */
    int *host_line, *shadow_line;
    int admin_rec;                  /* workplace.csv record with a plain admin_pin, or -1 */
    int nomem;
    char quoted[4][112];            /* values quoted in messages, used round-robin */
    int quoted_next;
    char ids[160];
};

static void pack_error(struct parse *ps, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void pack_warn(struct parse *ps, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void pack_vadd(struct parse *ps, int severity, const char *file, int line,
                      const char *fmt, va_list ap)
{
    char msg[sizeof ps->rep->problems[0].message];
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    if (n >= (int)sizeof msg)
        msg[utf8_prefix_bytes(msg, strlen(msg), strlen(msg) - 1)] = '\0';
    if (pack_report_add(ps->rep, severity, file, line, "%s", msg) != SD_OK)
        ps->nomem = 1;
}

static void pack_error(struct parse *ps, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pack_vadd(ps, PACK_ERROR, file, line, fmt, ap);
    va_end(ap);
}

static void pack_warn(struct parse *ps, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pack_vadd(ps, PACK_WARNING, file, line, fmt, ap);
    va_end(ap);
}

/* A value from the file made safe to show inside a message: one line, at most ~60 bytes. */
static const char *pack_q(struct parse *ps, const char *s)
{
    char *out = ps->quoted[ps->quoted_next];
    ps->quoted_next = (ps->quoted_next + 1) % 4;
    size_t len = strlen(s);
    size_t cut = utf8_prefix_bytes(s, len, 60);
    size_t o = 0;
    for (size_t i = 0; i < cut; i++)
        out[o++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? ' ' : s[i];
    if (cut < len) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

/* "liisa, pekka, sanna, ..." : the first ids of a list, for "use one of ..." messages. */
static const char *pack_id_list(struct parse *ps, int count, const char *(*id_at)(struct parse *, int))
{
    size_t o = 0;
    int shown = 0, more = 0;
    ps->ids[0] = '\0';
    for (int i = 0; i < count; i++) {
        const char *id = id_at(ps, i);
        int seen = !id[0];
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(id_at(ps, j), id) == 0;
        if (seen)
            continue;
        if (shown == 5) {
            more = 1;
            break;
        }
        int n = snprintf(ps->ids + o, sizeof ps->ids - o, "%s%s", shown ? ", " : "", id);
        if (n < 0 || (size_t)n >= sizeof ps->ids - o - 6) {
            ps->ids[o] = '\0';
            more = 1;
            break;
        }
        o += (size_t)n;
        shown++;
    }
    if (more)
        snprintf(ps->ids + o, sizeof ps->ids - o, ", ...");
    return ps->ids;
}

static const char *pack_host_id_at(struct parse *ps, int i)
{
    return ps->p->hosts[i].id;
}

static const char *pack_shadow_id_at(struct parse *ps, int i)
{
    return ps->p->shadows[i].id;
}

static void pack_fmt_time(int minutes, char out[8])
{
    snprintf(out, 8, "%d:%02d", (minutes / 60) % 100, minutes % 60);
}

/* ---------------------------------------------------------------- a CSV file with its columns */

static const char *sheet_cell(const struct sheet *sh, const struct csv_record *rec, int col)
{
    int f = sh->at[col];
    return f >= 0 && f < rec->count ? rec->fields[f] : "";
}

static const struct pack_file *pack_find_file(const struct pack_source *src, const char *name)
{
    for (int i = 0; i < src->count; i++)
        if (strcmp(src->files[i].name, name) == 0)
            return &src->files[i];
    return NULL;
}

/* Bind the header of sh to its columns: translations, unknown and missing columns. */
static void sheet_header(struct parse *ps, struct sheet *sh)
{
    const struct csv_record *head = &sh->t.records[0];
    const char *names[SHEET_MAX_COLUMNS];
    for (int c = 0; c < sh->ncols; c++)
        names[c] = sh->cols[c].name;
    sh->width = head->count;
    for (int f = 0; f < head->count; f++) {
        char name[64];
        pack_fold(head->fields[f], name, sizeof name, 1);
        if (!name[0])
            continue;
        int col = -1;
        for (int c = 0; c < sh->ncols; c++)
            if (strcmp(name, sh->cols[c].name) == 0)
                col = c;
        if (col >= 0) {
            if (sh->at[col] >= 0)
                pack_error(ps, sh->file, 1, _("the column \"%s\" is in the first line twice — "
                                              "keep one of them"), pack_q(ps, name));
            else
                sh->at[col] = f;
            continue;
        }
        /* <column>_<lang>: a translation, when <column> takes them. */
        char *us = strrchr(name, '_');
        int is_tr = us && strlen(us + 1) == 2 && us[1] >= 'a' && us[1] <= 'z' &&
                    us[2] >= 'a' && us[2] <= 'z';
        int base = -1;
        if (is_tr) {
            *us = '\0';
            for (int c = 0; c < sh->ncols; c++)
                if (strcmp(name, sh->cols[c].name) == 0)
                    base = c;
            *us = '_';
        }
        if (base >= 0 && (sh->cols[base].flags & COL_TR)) {
            const char *lang = us + 1;
            int dup = 0;
            for (int i = 0; i < sh->ntr; i++)
                dup |= sh->tr[i].col == base && strcmp(sh->tr[i].lang, lang) == 0;
            if (dup) {
                pack_error(ps, sh->file, 1, _("the column \"%s\" is in the first line twice — "
                                              "keep one of them"), pack_q(ps, name));
            } else if (strcmp(lang, ps->p->workplace.default_language) == 0) {
                pack_warn(ps, sh->file, 1, _("the column \"%s\" is in the pack's default "
                                             "language (%s), so it is not used — put that text "
                                             "in the column \"%s\""),
                          pack_q(ps, name), lang, sh->cols[base].name);
            } else if (sh->ntr < PACK_MAX_FIELDS) {
                sh->tr[sh->ntr].field = f;
                sh->tr[sh->ntr].col = base;
                snprintf(sh->tr[sh->ntr].lang, sizeof sh->tr[sh->ntr].lang, "%s", lang);
                sh->ntr++;
            }
            continue;
        }
        if (is_tr && base < 0) {
            char plain[64];
            snprintf(plain, sizeof plain, "%.*s", (int)(us - name), name);
            if (pack_suggest(plain, names, sh->ncols) == NULL) {
                pack_warn(ps, sh->file, 1, _("the column \"%s\" looks like a translation of "
                                             "\"%s\", but this file has no such column — it is "
                                             "ignored"), pack_q(ps, name), pack_q(ps, plain));
                continue;
            }
        }
        const char *hint = pack_suggest(name, names, sh->ncols);
        if (hint)
            pack_warn(ps, sh->file, 1, _("the column \"%s\" is not known and is ignored — did "
                                         "you mean \"%s\"?"), pack_q(ps, name), hint);
        else
            pack_warn(ps, sh->file, 1, _("the column \"%s\" is not known and is ignored"),
                      pack_q(ps, name));
    }
    sh->usable = 1;
    for (int c = 0; c < sh->ncols; c++) {
        if ((sh->cols[c].flags & COL_REQUIRED) && sh->at[c] < 0) {
            pack_error(ps, sh->file, 1, _("the column \"%s\" is missing — add it to the first "
                                          "line"), sh->cols[c].name);
            sh->usable = 0;
        }
    }
}

/*
** Read file into sh: find it, read the CSV, trim every cell, bind the header. A missing file is
** an error when required (unless reading it already failed and said so).
*/
static void sheet_open(struct parse *ps, struct sheet *sh, const char *file,
                       const struct pack_column *cols, int ncols, int required)
{
    static const struct csv_limits limits = { PACK_MAX_ROWS, PACK_MAX_FIELDS, PACK_MAX_FIELD_BYTES };
    struct csv_failure why;
    memset(sh, 0, sizeof *sh);
    sh->file = file;
    sh->cols = cols;
    sh->ncols = ncols;
    for (int c = 0; c < SHEET_MAX_COLUMNS; c++)
        sh->at[c] = -1;
    const struct pack_file *f = pack_find_file(ps->src, file);
    if (!f) {
        if (required && !pack_report_has_error(ps->rep, file))
            pack_error(ps, file, 0, _("the file is missing — every day pack needs it "
                                      "(`shadowday pack new` writes a template)"));
        return;
    }
    int rc = csv_read(&sh->t, (const char *)f->data, f->len, &limits, &why);
    if (rc != SD_OK) {
        char msg[sizeof ps->rep->problems[0].message];
        if (rc == SD_ENOMEM)
            ps->nomem = 1;
        pack_error(ps, file, why.line, "%s", csv_failure_message(&why, msg, sizeof msg));
        return;
    }
    sh->present = 1;
    for (int r = 0; r < sh->t.count; r++)
        for (int i = 0; i < sh->t.records[r].count; i++)
            pack_trim(sh->t.records[r].fields[i]);
    if (sh->t.count == 0) {
        pack_error(ps, file, 0, _("the file is empty — it needs at least the first line with "
                                  "the column names"));
        return;
    }
    sheet_header(ps, sh);
}

/* Whether a data row is blank after trimming (it is then skipped). Reports values beyond the
** header's columns, which mean an unquoted separator shifted the row. */
static int sheet_row_skip(struct parse *ps, const struct sheet *sh, const struct csv_record *rec)
{
    int blank = 1;
    for (int i = 0; i < rec->count; i++)
        blank &= rec->fields[i][0] == '\0';
    if (blank)
        return 1;
    for (int i = sh->width; i < rec->count; i++) {
        if (rec->fields[i][0]) {
            pack_error(ps, sh->file, rec->line,
                       _("the line has more values than the first line has columns — text "
                         "with a comma or semicolon in it must be in quotes"));
            break;
        }
    }
    return 0;
}

/* The text of column col with its translations. */
static void sheet_text(struct parse *ps, struct sheet *sh, const struct csv_record *rec, int col,
                       struct pack_text *out)
{
    const char *base = sheet_cell(sh, rec, col);
    out->base = (char *)pack_keep(ps->p, base);
    out->count = 0;
    for (int i = 0; i < sh->ntr; i++) {
        if (sh->tr[i].col != col)
            continue;
        const char *v = sh->tr[i].field < rec->count ? rec->fields[sh->tr[i].field] : "";
        if (!v[0])
            continue;
        if (!base[0])
            pack_warn(ps, sh->file, rec->line, _("\"%s\" is empty but its translation in %s is "
                                                 "not — the plain column is what every other "
                                                 "language shows"),
                      sh->cols[col].name, sh->tr[i].lang);
        if (!pack_text_add(ps->p, out, sh->tr[i].lang, v) && !sh->warned_langs) {
            sh->warned_langs = 1;
            pack_warn(ps, sh->file, rec->line, _("a text has more than %d translations; the "
                                                 "others are ignored"), PACK_MAX_LANGS);
        }
    }
}

/* A required cell: "" makes an error. Returns the cell. */
static const char *sheet_need(struct parse *ps, const struct sheet *sh, const struct csv_record *rec,
                              int col)
{
    const char *v = sheet_cell(sh, rec, col);
    if (!v[0])
        pack_error(ps, sh->file, rec->line, _("\"%s\" is empty — fill it in"), sh->cols[col].name);
    return v;
}

/* An id cell: checked, and unique in the file (ids differing only in case count as the same). */
static void sheet_id(struct parse *ps, const struct sheet *sh, const struct csv_record *rec,
                     int col, char out[PACK_ID_MAX], const char *(*id_at)(struct parse *, int),
                     const int *lines, int count)
{
    const char *v = sheet_need(ps, sh, rec, col);
    out[0] = '\0';
    if (!v[0])
        return;
    if (!pack_id_ok(v)) {
        pack_error(ps, sh->file, rec->line, _("the id \"%s\" is not valid — use 1 to 63 letters "
                                              "a-z, digits, - or _ (no spaces, no å ä ö)"),
                   pack_q(ps, v));
        return;
    }
    for (int i = 0; i < count; i++) {
        if (pack_id_equal(id_at(ps, i), v)) {
            pack_error(ps, sh->file, rec->line, _("the id \"%s\" is already used on line %d — "
                                                  "every id must be different"),
                       pack_q(ps, v), lines[i]);
            break;
        }
    }
    snprintf(out, PACK_ID_MAX, "%s", v);
}

/* A yes/no cell: 1, 0, or dflt when empty (dflt -2 = required). */
static int sheet_yes_no(struct parse *ps, const struct sheet *sh, const struct csv_record *rec,
                        int col, int dflt)
{
    const char *v = sheet_cell(sh, rec, col);
    if (!v[0]) {
        if (dflt == -2)
            pack_error(ps, sh->file, rec->line, _("\"%s\" is empty — write yes or no"),
                       sh->cols[col].name);
        return dflt == -2 ? 0 : dflt;
    }
    int b = pack_parse_yes_no(v);
    if (b < 0)
        pack_error(ps, sh->file, rec->line, _("%s is \"%s\" — write yes or no (kyllä/ei, "
                                              "ja/nej also work)"),
                   sh->cols[col].name, pack_q(ps, v));
    return b < 0 ? 0 : b;
}

static void pack_phone(struct parse *ps, const char *file, int line, const char *v)
{
    int ok = pack_check_phone(v);
    if (ok == 0)
        pack_error(ps, file, line, _("\"%s\" is not a phone number — use digits, spaces, + "
                                     "and - only"), pack_q(ps, v));
    else if (ok < 0)
        pack_warn(ps, file, line, _("the phone number \"%s\" does not start with 0 or + — a "
                                    "spreadsheet may have dropped the first 0; format the cells "
                                    "as text"), pack_q(ps, v));
}

static void pack_language(struct parse *ps, const char *file, int line, const char *v, char out[8])
{
    char list[64] = "";
    if (pack_parse_language(v, out))
        return;
    for (int i = 0; i < i18n_language_count(); i++) {
        size_t o = strlen(list);
        snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", i18n_language_code(i));
    }
    pack_error(ps, file, line, _("the language \"%s\" is not available — use one of: %s"),
               pack_q(ps, v), list);
    out[0] = '\0';
}

/* ================================================================ workplace.csv */

enum wp_type { WP_TEXT, WP_TR, WP_DATE, WP_PHONE, WP_YES_NO, WP_TIME, WP_LANG, WP_KEY, WP_HASH,
               WP_PIN, WP_INT };

struct wp_key {
    const char *key;
    int type;
    int required;
    size_t offset;          /* into struct pack_workplace */
    int min, max;           /* for WP_INT */
};

#define WP(field) offsetof(struct pack_workplace, field)
static const struct wp_key wp_keys[] = {
    /* key                       type        required  field */
    { "name",                    WP_TR,      1, WP(name), 0, 0 },
    { "date",                    WP_DATE,    1, WP(date), 0, 0 },
    { "address",                 WP_TEXT,    0, WP(address), 0, 0 },
    { "contact_name",            WP_TEXT,    0, WP(contact_name), 0, 0 },
    { "contact_phone",           WP_PHONE,   1, WP(contact_phone), 0, 0 },
    { "lunch",                   WP_YES_NO,  0, WP(lunch), 0, 0 },
    { "lunch_note",              WP_TR,      0, WP(lunch_note), 0, 0 },
    { "end_of_day",              WP_TIME,    1, WP(end_of_day_min), 0, 0 },
    { "default_language",        WP_LANG,    0, WP(default_language), 0, 0 },
    { "coordinator_public_key",  WP_KEY,     0, WP(coordinator_key), 0, 0 },
    { "admin_pin_hash",          WP_HASH,    0, WP(admin_pin_hash), 0, 0 },
    { "admin_pin",               WP_PIN,     0, WP(admin_pin_hash), 0, 0 },
    { "self_checkout",           WP_YES_NO,  0, WP(self_checkout), 0, 0 },
    { "idle_timeout",            WP_INT,     0, WP(idle_timeout_s), 30, 600 },
    { "retention_days",          WP_INT,     0, WP(retention_days), 1, 365 },
};
#undef WP
enum { WP_KEY_COUNT = COUNT_OF(wp_keys) };

static const struct pack_column wp_columns[] = {
    { "key", COL_REQUIRED }, { "value", COL_REQUIRED },
};
enum { WP_COL_KEY, WP_COL_VALUE };

static int wp_find(const char *key)
{
    for (int i = 0; i < WP_KEY_COUNT; i++)
        if (strcmp(key, wp_keys[i].key) == 0)
            return i;
    return -1;
}

/* One value of workplace.csv into its field. */
static void wp_value(struct parse *ps, const struct wp_key *k, const char *v, int line)
{
    struct pack_workplace *w = &ps->p->workplace;
    void *dst = (char *)w + k->offset;
    const char *file = PACK_FILE_WORKPLACE;
    switch (k->type) {
    case WP_TEXT:
        *(const char **)dst = pack_keep(ps->p, v);
        break;
    case WP_TR:
        ((struct pack_text *)dst)->base = (char *)pack_keep(ps->p, v);
        break;
    case WP_DATE:
        if (!pack_parse_date(v, dst))
            pack_error(ps, file, line, _("\"%s\" is not a date — write it as YYYY-MM-DD "
                                         "(2027-04-15) or D.M.YYYY (15.4.2027)"), pack_q(ps, v));
        break;
    case WP_PHONE:
        pack_phone(ps, file, line, v);
        *(const char **)dst = pack_keep(ps->p, v);
        break;
    case WP_YES_NO: {
        int b = pack_parse_yes_no(v);
        if (b < 0)
            pack_error(ps, file, line, _("%s is \"%s\" — write yes or no (kyllä/ei, ja/nej also "
                                         "work)"), k->key, pack_q(ps, v));
        *(int *)dst = b > 0;
        break;
    }
    case WP_TIME: {
        int t = pack_parse_time(v);
        if (t < 0)
            pack_error(ps, file, line, _("\"%s\" is not a time — write it as HH:MM, for example "
                                         "08:30"), pack_q(ps, v));
        *(int *)dst = t < 0 ? 0 : t;
        break;
    }
    case WP_LANG:
        pack_language(ps, file, line, v, dst);
        if (!w->default_language[0])
            snprintf(w->default_language, sizeof w->default_language, "fi");
        break;
    case WP_KEY: {
        size_t bin_len = 0;
        const char *end = NULL;
        unsigned char zero[32] = { 0 };
        if (sodium_base642bin(w->coordinator_key, sizeof w->coordinator_key, v, strlen(v), " ",
                              &bin_len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
            bin_len != sizeof w->coordinator_key || *end != '\0' ||
            sodium_memcmp(w->coordinator_key, zero, sizeof zero) == 0) {
            pack_error(ps, file, line, _("the coordinator key is not valid — copy the whole "
                                         "public key (44 characters) that `shadowday keygen` "
                                         "printed"));
            memset(w->coordinator_key, 0, sizeof w->coordinator_key);
        } else {
            w->has_coordinator_key = 1;
        }
        break;
    }
    case WP_HASH:
        if (!pin_hash_is_well_formed(v))
            pack_error(ps, file, line, _("the PIN hash is not valid — make one with `shadowday "
                                         "pin-hash` and copy it whole"));
        else
            snprintf(w->admin_pin_hash, sizeof w->admin_pin_hash, "%s", v);
        break;
    case WP_PIN:
        if (!pin_is_well_formed(v)) {
            pack_error(ps, file, line, _("the PIN must be 4 to 12 digits — a spreadsheet may "
                                         "drop a leading 0; format the cells as text"));
        } else if (ps->hash_plain_pins) {
            int rc = pin_hash(v, w->admin_pin_hash);
            if (rc == SD_ENOMEM)
                ps->nomem = 1;
            else if (rc != SD_OK)
                pack_error(ps, file, line, _("the PIN could not be hashed"));
        }
        break;
    case WP_INT: {
        int n = pack_parse_int(v, k->min, k->max);
        if (n < 0)
            pack_error(ps, file, line, _("%s must be a whole number from %d to %d, not \"%s\""),
                       k->key, k->min, k->max, pack_q(ps, v));
        else
            *(int *)dst = n;
        break;
    }
    default:
        break;
    }
}

static void pack_read_workplace(struct parse *ps)
{
    struct sheet *sh = &ps->workplace;
    struct pack_workplace *w = &ps->p->workplace;
    int line_of[WP_KEY_COUNT], rec_of[WP_KEY_COUNT];
    struct { int key; int rec; char lang[8]; } tr[PACK_MAX_ROWS < 64 ? PACK_MAX_ROWS : 64];
    int ntr = 0;
    const char *keys[WP_KEY_COUNT];

    w->name.base = w->lunch_note.base = (char *)"";
    w->address = w->contact_name = w->contact_phone = (char *)"";
    w->idle_timeout_s = 90;
    w->retention_days = 30;
    w->end_of_day_min = 16 * 60;
    snprintf(w->default_language, sizeof w->default_language, "fi");
    ps->admin_rec = -1;
    for (int k = 0; k < WP_KEY_COUNT; k++) {
        line_of[k] = 0;
        rec_of[k] = -1;
        keys[k] = wp_keys[k].key;
    }
    sheet_open(ps, sh, PACK_FILE_WORKPLACE, wp_columns, COUNT_OF(wp_columns), 1);
    if (!sh->usable)
        return;
    /* First gather the lines: duplicates and the default language are known before values. */
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (sheet_row_skip(ps, sh, rec))
            continue;
        char key[64];
        pack_fold(sheet_cell(sh, rec, WP_COL_KEY), key, sizeof key, 1);
        if (!key[0]) {
            pack_warn(ps, sh->file, rec->line, _("the line has a value but no key — it is "
                                                 "ignored"));
            continue;
        }
        int k = wp_find(key);
        if (k >= 0) {
            if (line_of[k])
                pack_error(ps, sh->file, rec->line, _("the key \"%s\" is already on line %d — "
                                                      "keep only one"), key, line_of[k]);
            else {
                line_of[k] = rec->line;
                rec_of[k] = r;
            }
            continue;
        }
        char *us = strrchr(key, '_');
        if (us && strlen(us + 1) == 2) {
            *us = '\0';
            int base = wp_find(key);
            *us = '_';
            if (base >= 0 && wp_keys[base].type == WP_TR) {
                int dup = -1;
                for (int i = 0; i < ntr; i++)
                    if (tr[i].key == base && strcmp(tr[i].lang, us + 1) == 0)
                        dup = i;
                if (dup >= 0)
                    pack_error(ps, sh->file, rec->line, _("the key \"%s\" is already on line "
                                                          "%d — keep only one"),
                               key, sh->t.records[tr[dup].rec].line);
                else if (ntr < COUNT_OF(tr)) {
                    tr[ntr].key = base;
                    tr[ntr].rec = r;
                    snprintf(tr[ntr].lang, sizeof tr[ntr].lang, "%s", us + 1);
                    ntr++;
                }
                continue;
            }
        }
        const char *hint = pack_suggest(key, keys, WP_KEY_COUNT);
        if (hint)
            pack_warn(ps, sh->file, rec->line, _("the key \"%s\" is not known and is ignored — "
                                                 "did you mean \"%s\"?"), pack_q(ps, key), hint);
        else
            pack_warn(ps, sh->file, rec->line, _("the key \"%s\" is not known and is ignored"),
                      pack_q(ps, key));
    }
    int lang_key = wp_find("default_language");
    int order[WP_KEY_COUNT];
    order[0] = lang_key;
    for (int k = 0, n = 1; k < WP_KEY_COUNT; k++)
        if (k != lang_key)
            order[n++] = k;
    for (int i = 0; i < WP_KEY_COUNT; i++) {
        int k = order[i];
        const char *v = rec_of[k] >= 0 ? sheet_cell(sh, &sh->t.records[rec_of[k]], WP_COL_VALUE) : "";
        if (v[0])
            wp_value(ps, &wp_keys[k], v, line_of[k]);
        else if (wp_keys[k].required && line_of[k])
            pack_error(ps, sh->file, line_of[k], _("the value of \"%s\" is empty — fill it in"),
                       wp_keys[k].key);
        else if (wp_keys[k].required)
            pack_error(ps, sh->file, 0, _("the key \"%s\" is missing — add a line with %s and "
                                          "its value"), wp_keys[k].key, wp_keys[k].key);
    }
    int hash_k = wp_find("admin_pin_hash"), pin_k = wp_find("admin_pin");
    const char *hv = rec_of[hash_k] >= 0 ? sheet_cell(sh, &sh->t.records[rec_of[hash_k]], WP_COL_VALUE) : "";
    const char *pv = rec_of[pin_k] >= 0 ? sheet_cell(sh, &sh->t.records[rec_of[pin_k]], WP_COL_VALUE) : "";
    if (hv[0] && pv[0])
        pack_error(ps, sh->file, line_of[pin_k], _("give the admin PIN only once: either "
                                                   "admin_pin or admin_pin_hash"));
    else if (!hv[0] && !pv[0])
        pack_error(ps, sh->file, 0, _("the admin PIN is missing — add a line admin_pin with 4 "
                                      "to 12 digits (or admin_pin_hash from `shadowday "
                                      "pin-hash`)"));
    if (pv[0])
        ps->admin_rec = rec_of[pin_k];
    for (int i = 0; i < ntr; i++) {
        const struct csv_record *rec = &sh->t.records[tr[i].rec];
        const char *v = sheet_cell(sh, rec, WP_COL_VALUE);
        struct pack_text *t = (struct pack_text *)((char *)w + wp_keys[tr[i].key].offset);
        if (strcmp(tr[i].lang, w->default_language) == 0)
            pack_warn(ps, sh->file, rec->line, _("the key \"%s_%s\" is in the pack's default "
                                                 "language, so it is not used — put that text "
                                                 "on the line \"%s\""),
                      wp_keys[tr[i].key].key, tr[i].lang, wp_keys[tr[i].key].key);
        else if (v[0] && !pack_text_add(ps->p, t, tr[i].lang, v))
            pack_warn(ps, sh->file, rec->line, _("a text has more than %d translations; the "
                                                 "others are ignored"), PACK_MAX_LANGS);
    }
}

/* ================================================================ hosts.csv */

static const struct pack_column host_columns[] = {
    { "id", COL_REQUIRED }, { "name", COL_REQUIRED }, { "role", COL_TR }, { "phone", 0 },
    { "pin_hash", 0 }, { "pin", 0 },
};
enum { HOST_ID, HOST_NAME, HOST_ROLE, HOST_PHONE, HOST_PIN_HASH, HOST_PIN };

/* Two people with one first name on a pick-your-name screen is a trap; say so. */
static void pack_same_names(struct parse *ps, const char *file, const char *(*name_at)(struct parse *, int),
                            const int *lines, int count)
{
    for (int i = 1; i < count; i++) {
        for (int j = 0; j < i; j++) {
            char a[128], b[128];
            pack_fold(name_at(ps, i), a, sizeof a, 0);
            pack_fold(name_at(ps, j), b, sizeof b, 0);
            if (a[0] && strcmp(a, b) == 0) {
                pack_warn(ps, file, lines[i], _("%s is also the name on line %d — add an initial "
                                                "(like \"%s K.\") so each finds their own name"),
                          pack_q(ps, name_at(ps, i)), lines[j], pack_q(ps, name_at(ps, i)));
                break;
            }
        }
    }
}

static const char *pack_host_name_at(struct parse *ps, int i)
{
    return ps->p->hosts[i].name;
}

static void pack_read_hosts(struct parse *ps)
{
    struct sheet *sh = &ps->hosts;
    struct pack *p = ps->p;
    sheet_open(ps, sh, PACK_FILE_HOSTS, host_columns, COUNT_OF(host_columns), 1);
    if (!sh->usable)
        return;
    if (sh->at[HOST_PIN_HASH] < 0 && sh->at[HOST_PIN] < 0)
        pack_error(ps, sh->file, 1, _("the column \"pin_hash\" (or \"pin\") is missing — every "
                                      "host needs a PIN to confirm"));
    size_t rows = (size_t)sh->t.count;
    p->hosts = calloc(rows, sizeof *p->hosts);
    ps->host_rec = calloc(rows, sizeof *ps->host_rec);
    ps->host_line = calloc(rows, sizeof *ps->host_line);
    if (!p->hosts || !ps->host_rec || !ps->host_line) {
        ps->nomem = 1;
        return;
    }
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (sheet_row_skip(ps, sh, rec))
            continue;
        struct pack_host *h = &p->hosts[p->host_count];
        sheet_id(ps, sh, rec, HOST_ID, h->id, pack_host_id_at, ps->host_line, p->host_count);
        if (pack_id_equal(h->id, "admin"))
            pack_error(ps, sh->file, rec->line, _("the id \"admin\" is kept for the admin PIN — "
                                                  "give this host another id"));
        h->name = (char *)pack_keep(p, sheet_need(ps, sh, rec, HOST_NAME));
        sheet_text(ps, sh, rec, HOST_ROLE, &h->role);
        const char *phone = sheet_cell(sh, rec, HOST_PHONE);
        if (phone[0])
            pack_phone(ps, sh->file, rec->line, phone);
        h->phone = (char *)pack_keep(p, phone);
        const char *hash = sheet_cell(sh, rec, HOST_PIN_HASH);
        const char *pin = sheet_cell(sh, rec, HOST_PIN);
        if (hash[0] && pin[0]) {
            pack_error(ps, sh->file, rec->line, _("give the PIN only once: either in pin or in "
                                                  "pin_hash"));
        } else if (hash[0]) {
            if (!pin_hash_is_well_formed(hash))
                pack_error(ps, sh->file, rec->line, _("the PIN hash is not valid — make one with "
                                                      "`shadowday pin-hash` and copy it whole"));
            else
                snprintf(h->pin_hash, sizeof h->pin_hash, "%s", hash);
        } else if (pin[0]) {
            h->pin_is_plain = 1;
            if (!pin_is_well_formed(pin)) {
                pack_error(ps, sh->file, rec->line, _("the PIN must be 4 to 12 digits — a "
                                                      "spreadsheet may drop a leading 0; format "
                                                      "the cells as text"));
            } else if (ps->hash_plain_pins) {
                int rc = pin_hash(pin, h->pin_hash);
                if (rc == SD_ENOMEM)
                    ps->nomem = 1;
                else if (rc != SD_OK)
                    pack_error(ps, sh->file, rec->line, _("the PIN could not be hashed"));
            }
        } else if (sh->at[HOST_PIN_HASH] >= 0 || sh->at[HOST_PIN] >= 0) {
            pack_error(ps, sh->file, rec->line, _("this host has no PIN — fill in pin (4 to 12 "
                                                  "digits) or pin_hash"));
        }
        ps->host_rec[p->host_count] = r;
        ps->host_line[p->host_count] = rec->line;
        p->host_count++;
    }
    if (p->host_count == 0)
        pack_error(ps, sh->file, 0, _("there are no hosts — add a line for each person who "
                                      "escorts a shadow"));
    pack_same_names(ps, sh->file, pack_host_name_at, ps->host_line, p->host_count);
    ps->hosts_known = 1;
}

/* The host with id (any case), or NULL. */
static struct pack_host *pack_host_match(struct pack *p, const char *id)
{
    for (int i = 0; i < p->host_count; i++)
        if (pack_id_equal(p->hosts[i].id, id))
            return &p->hosts[i];
    return NULL;
}

static struct pack_shadow *pack_shadow_match(struct pack *p, const char *id)
{
    for (int i = 0; i < p->shadow_count; i++)
        if (pack_id_equal(p->shadows[i].id, id))
            return &p->shadows[i];
    return NULL;
}

/* ================================================================ shadows.csv */

static const struct pack_column shadow_columns[] = {
    { "id", COL_REQUIRED }, { "first_name", COL_REQUIRED }, { "escort", COL_REQUIRED },
    { "agreement_signed", COL_REQUIRED }, { "language", 0 }, { "photo", 0 },
    { "self_checkout", 0 },
};
enum { SHADOW_ID, SHADOW_FIRST_NAME, SHADOW_ESCORT, SHADOW_AGREEMENT, SHADOW_LANGUAGE,
       SHADOW_PHOTO, SHADOW_SELF_CHECKOUT };

int pack_photo_magic_ok(const unsigned char *data, size_t len)
{
    static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF };
    static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    return (len >= sizeof jpeg && memcmp(data, jpeg, sizeof jpeg) == 0) ||
           (len >= sizeof png && memcmp(data, png, sizeof png) == 0);
}

int pack_photo_name_ok(const char *name)
{
    static const char *const endings[] = { ".jpg", ".jpeg", ".png" };
    char folded[80];
    pack_fold(name, folded, sizeof folded, 0);
    size_t n = strlen(folded);
    for (int i = 0; i < COUNT_OF(endings); i++) {
        size_t e = strlen(endings[i]);
        if (n > e && strcmp(folded + n - e, endings[i]) == 0)
            return 1;
    }
    return 0;
}

/* The pack file a photo cell names: "matti.jpg" in the folder or in photos/, any case. */
static const struct pack_file *pack_photo_find(const struct pack_source *src, const char *v)
{
    char want[80], alt[96], name[80];
    pack_fold(v, want, sizeof want, 0);
    snprintf(alt, sizeof alt, PACK_PHOTO_DIR "/%s", want);
    for (int i = 0; i < src->count; i++) {
        pack_fold(src->files[i].name, name, sizeof name, 0);
        if (strcmp(name, want) == 0 && pack_photo_name_ok(name))
            return &src->files[i];
    }
    for (int i = 0; i < src->count; i++) {
        pack_fold(src->files[i].name, name, sizeof name, 0);
        if (strcmp(name, alt) == 0 && pack_photo_name_ok(name))
            return &src->files[i];
    }
    return NULL;
}

static const char *pack_shadow_name_at(struct parse *ps, int i)
{
    return ps->p->shadows[i].first_name;
}

static void pack_read_shadows(struct parse *ps)
{
    struct sheet *sh = &ps->shadows;
    struct pack *p = ps->p;
    sheet_open(ps, sh, PACK_FILE_SHADOWS, shadow_columns, COUNT_OF(shadow_columns), 1);
    if (!sh->usable)
        return;
    p->shadows = calloc((size_t)sh->t.count, sizeof *p->shadows);
    ps->shadow_line = calloc((size_t)sh->t.count, sizeof *ps->shadow_line);
    if (!p->shadows || !ps->shadow_line) {
        ps->nomem = 1;
        return;
    }
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (sheet_row_skip(ps, sh, rec))
            continue;
        struct pack_shadow *s = &p->shadows[p->shadow_count];
        sheet_id(ps, sh, rec, SHADOW_ID, s->id, pack_shadow_id_at, ps->shadow_line,
                 p->shadow_count);
        s->first_name = (char *)pack_keep(p, sheet_need(ps, sh, rec, SHADOW_FIRST_NAME));
        const char *escort = sheet_need(ps, sh, rec, SHADOW_ESCORT);
        const struct pack_host *h = escort[0] && ps->hosts_known ? pack_host_match(p, escort) : NULL;
        if (h)
            snprintf(s->escort_id, sizeof s->escort_id, "%s", h->id);
        else if (escort[0] && ps->hosts_known)
            pack_error(ps, sh->file, rec->line, _("escort \"%s\" is not in hosts.csv — use one "
                                                  "of the ids in hosts.csv (%s)"),
                       pack_q(ps, escort), pack_id_list(ps, p->host_count, pack_host_id_at));
        else
            snprintf(s->escort_id, sizeof s->escort_id, "%.*s", PACK_ID_MAX - 1, escort);
        s->agreement_signed = sheet_yes_no(ps, sh, rec, SHADOW_AGREEMENT, -2);
        const char *lang = sheet_cell(sh, rec, SHADOW_LANGUAGE);
        if (lang[0])
            pack_language(ps, sh->file, rec->line, lang, s->language);
        const char *photo = sheet_cell(sh, rec, SHADOW_PHOTO);
        if (photo[0]) {
            const struct pack_file *f = pack_photo_find(ps->src, photo);
            if (!f)
                pack_error(ps, sh->file, rec->line, _("the photo \"%s\" is not in the pack — put "
                                                      "it in the folder or in photos/ (JPEG or "
                                                      "PNG), or leave the cell empty"),
                           pack_q(ps, photo));
            else if (!pack_photo_magic_ok(f->data, f->len))
                pack_error(ps, sh->file, rec->line, _("the photo \"%s\" is not a JPEG or PNG "
                                                      "picture — save it again as .jpg or .png"),
                           pack_q(ps, photo));
            else
                snprintf(s->photo, sizeof s->photo, "%s", f->name);
        }
        s->self_checkout = sheet_yes_no(ps, sh, rec, SHADOW_SELF_CHECKOUT, -1);
        ps->shadow_line[p->shadow_count] = rec->line;
        p->shadow_count++;
    }
    if (p->shadow_count == 0)
        pack_error(ps, sh->file, 0, _("there are no shadows — add a line for each person who "
                                      "comes to follow the work"));
    pack_same_names(ps, sh->file, pack_shadow_name_at, ps->shadow_line, p->shadow_count);
    ps->shadows_known = 1;
}

/* ================================================================ plan.csv */

static const struct pack_column plan_columns[] = {
    { "shadow", COL_REQUIRED }, { "start", COL_REQUIRED }, { "end", COL_REQUIRED },
    { "kind", COL_REQUIRED }, { "title", COL_REQUIRED | COL_TR }, { "place", COL_TR },
    { "with", 0 }, { "lunch_provided", 0 },
};
enum { PLAN_COL_SHADOW, PLAN_COL_START, PLAN_COL_END, PLAN_COL_KIND, PLAN_COL_TITLE,
       PLAN_COL_PLACE, PLAN_COL_WITH, PLAN_COL_LUNCH };

/* The kinds by their names, with the Finnish and Swedish words coordinators may use. */
static const struct word_value plan_kinds[] = {
    { "arrive", PLAN_ARRIVE }, { "arrival", PLAN_ARRIVE }, { "saapuminen", PLAN_ARRIVE },
    { "tulo", PLAN_ARRIVE }, { "ankomst", PLAN_ARRIVE },
    { "work", PLAN_WORK }, { "task", PLAN_WORK }, { "työ", PLAN_WORK }, { "tehtävä", PLAN_WORK },
    { "työtehtävä", PLAN_WORK }, { "arbete", PLAN_WORK }, { "uppgift", PLAN_WORK },
    { "meeting", PLAN_MEETING }, { "palaveri", PLAN_MEETING }, { "tapaaminen", PLAN_MEETING },
    { "kokous", PLAN_MEETING }, { "möte", PLAN_MEETING },
    { "tour", PLAN_TOUR }, { "kierros", PLAN_TOUR }, { "esittely", PLAN_TOUR },
    { "tutustuminen", PLAN_TOUR }, { "rundtur", PLAN_TOUR }, { "visning", PLAN_TOUR },
    { "break", PLAN_BREAK }, { "tauko", PLAN_BREAK }, { "kahvitauko", PLAN_BREAK },
    { "paus", PLAN_BREAK }, { "rast", PLAN_BREAK },
    { "lunch", PLAN_LUNCH }, { "lounas", PLAN_LUNCH }, { "ruokailu", PLAN_LUNCH },
    { "safety", PLAN_SAFETY }, { "turvallisuus", PLAN_SAFETY }, { "perehdytys", PLAN_SAFETY },
    { "säkerhet", PLAN_SAFETY },
    { "leave", PLAN_LEAVE }, { "lähtö", PLAN_LEAVE }, { "kotiinlähtö", PLAN_LEAVE },
    { "lopetus", PLAN_LEAVE }, { "avfärd", PLAN_LEAVE }, { "hemgång", PLAN_LEAVE },
};

static const char *const plan_kind_names[PLAN_KIND_COUNT] = {
    "arrive", "work", "meeting", "tour", "break", "lunch", "safety", "leave",
};

const char *pack_plan_kind_name(int kind)
{
    return kind >= 0 && kind < PLAN_KIND_COUNT ? plan_kind_names[kind] : NULL;
}

struct plan_slot {          /* an item in the order checks */
    int item;               /* index in p->plan */
    int start, end, line;
    int star;               /* the "*" item every shadow has */
};

static int plan_slot_cmp(const void *a, const void *b)
{
    const struct plan_slot *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Items listed out of time order (file order is the order given). */
static void plan_check_order(struct parse *ps, const struct plan_slot *s, int n, const char *who)
{
    for (int i = 1; i < n; i++) {
        if (s[i].start < s[i - 1].start) {
            char a[8], b[8];
            pack_fmt_time(s[i].start, a);
            pack_fmt_time(s[i - 1].start, b);
            if (who)
                pack_error(ps, PACK_FILE_PLAN, s[i].line, _("for %s, the item starts at %s but "
                                                            "the one on line %d starts later, at "
                                                            "%s — list each shadow's items in "
                                                            "time order"),
                           who, a, s[i - 1].line, b);
            else
                pack_error(ps, PACK_FILE_PLAN, s[i].line, _("the item starts at %s but the one "
                                                            "on line %d starts later, at %s — "
                                                            "list the items in time order"),
                           a, s[i - 1].line, b);
        }
    }
}

/* Overlaps in one timeline (s sorted by start). With who set, only pairs with an own item are
** reported (the "*" items among themselves were checked once). */
static void plan_check_overlap(struct parse *ps, const struct plan_slot *s, int n, const char *who)
{
    int m = -1;             /* the item that ends last so far */
    for (int i = 0; i < n; i++) {
        if (m >= 0 && s[i].start < s[m].end && !(who && s[i].star && s[m].star)) {
            char a[8], b[8];
            pack_fmt_time(s[i].start, a);
            pack_fmt_time(s[m].end, b);
            if (who && (s[i].star || s[m].star))
                pack_error(ps, PACK_FILE_PLAN, s[i].line, _("for %s, the item starts at %s but "
                                                            "the one on line %d ends at %s — "
                                                            "items of one shadow must not "
                                                            "overlap"), who, a, s[m].line, b);
            else
                pack_error(ps, PACK_FILE_PLAN, s[i].line, _("the item starts at %s but the one "
                                                            "on line %d ends at %s — items of "
                                                            "one shadow must not overlap"),
                           a, s[m].line, b);
        }
        if (m < 0 || s[i].end > s[m].end)
            m = i;
    }
}

/* Every shadow's timeline: own items in order, no overlaps with each other or with "*" items,
** at least one item. owner[i] is the shadow of item i, -1 for "*", -2 when unknown. */
static void plan_check_timelines(struct parse *ps, const int *owner, const int *timed)
{
    struct pack *p = ps->p;
    struct plan_slot *stars = calloc((size_t)p->plan_count + 1, sizeof *stars);
    struct plan_slot *mine = calloc((size_t)p->plan_count * 2 + 1, sizeof *mine);
    int *first = malloc(((size_t)p->shadow_count + 1) * sizeof *first);
    int *next = malloc(((size_t)p->plan_count + 1) * sizeof *next);
    int nstars = 0;
    if (!stars || !mine || !first || !next) {
        ps->nomem = 1;
        goto done;
    }
    /* Lists of each shadow's items in file order, built back to front. */
    for (int s = 0; s < p->shadow_count; s++)
        first[s] = -1;
    for (int i = p->plan_count - 1; i >= 0; i--) {
        next[i] = -1;
        if (owner[i] >= 0) {
            next[i] = first[owner[i]];
            first[owner[i]] = i;
        }
    }
    for (int i = 0; i < p->plan_count; i++) {
        if (owner[i] == -1 && timed[i]) {
            const struct pack_plan_item *it = &p->plan[i];
            stars[nstars++] = (struct plan_slot){ i, it->start_min, it->end_min, it->line, 1 };
        }
    }
    plan_check_order(ps, stars, nstars, NULL);
    qsort(stars, (size_t)nstars, sizeof *stars, plan_slot_cmp);
    plan_check_overlap(ps, stars, nstars, NULL);
    int any_star = 0;
    for (int i = 0; i < p->plan_count; i++)
        any_star |= owner[i] == -1;
    for (int s = 0; s < p->shadow_count; s++) {
        int n = 0;
        for (int i = first[s]; i >= 0; i = next[i]) {
            if (!timed[i])
                continue;
            const struct pack_plan_item *it = &p->plan[i];
            mine[n++] = (struct plan_slot){ i, it->start_min, it->end_min, it->line, 0 };
        }
        if (first[s] < 0 && !any_star && p->shadows[s].id[0]) {
            pack_error(ps, PACK_FILE_SHADOWS, ps->shadow_line[s],
                       _("%s has no items in plan.csv — add at least one line for %s (or for * "
                         "= everyone)"), p->shadows[s].id, p->shadows[s].id);
            continue;
        }
        if (n == 0)
            continue;
        plan_check_order(ps, mine, n, NULL);
        memcpy(mine + n, stars, (size_t)nstars * sizeof *stars);
        qsort(mine, (size_t)(n + nstars), sizeof *mine, plan_slot_cmp);
        plan_check_overlap(ps, mine, n + nstars, p->shadows[s].id);
    }
done:
    free(stars);
    free(mine);
    free(first);
    free(next);
}

static void pack_read_plan(struct parse *ps)
{
    struct sheet *sh = &ps->plan;
    struct pack *p = ps->p;
    int *owner = NULL, *timed = NULL;
    sheet_open(ps, sh, PACK_FILE_PLAN, plan_columns, COUNT_OF(plan_columns), 1);
    if (!sh->usable)
        return;
    size_t rows = (size_t)sh->t.count;
    p->plan = calloc(rows, sizeof *p->plan);
    owner = calloc(rows, sizeof *owner);
    timed = calloc(rows, sizeof *timed);
    if (!p->plan || !owner || !timed) {
        ps->nomem = 1;
        goto done;
    }
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (sheet_row_skip(ps, sh, rec))
            continue;
        int i = p->plan_count;
        struct pack_plan_item *it = &p->plan[i];
        it->line = rec->line;
        owner[i] = -2;
        const char *who = sheet_need(ps, sh, rec, PLAN_COL_SHADOW);
        if (strcmp(who, "*") == 0) {
            owner[i] = -1;
            snprintf(it->shadow_id, sizeof it->shadow_id, "*");
        } else if (who[0] && ps->shadows_known) {
            const struct pack_shadow *s = pack_shadow_match(p, who);
            if (s) {
                owner[i] = (int)(s - p->shadows);
                snprintf(it->shadow_id, sizeof it->shadow_id, "%s", s->id);
            } else {
                pack_error(ps, sh->file, rec->line, _("shadow \"%s\" is not in shadows.csv — use "
                                                      "one of the ids in shadows.csv (%s), or * "
                                                      "for everyone"),
                           pack_q(ps, who), pack_id_list(ps, p->shadow_count, pack_shadow_id_at));
            }
        } else if (who[0]) {
            snprintf(it->shadow_id, sizeof it->shadow_id, "%.*s", PACK_ID_MAX - 1, who);
        }
        const char *start = sheet_need(ps, sh, rec, PLAN_COL_START);
        const char *end = sheet_need(ps, sh, rec, PLAN_COL_END);
        it->start_min = start[0] ? pack_parse_time(start) : -1;
        it->end_min = end[0] ? pack_parse_time(end) : -1;
        if (start[0] && it->start_min < 0)
            pack_error(ps, sh->file, rec->line, _("\"%s\" is not a time — write it as HH:MM, for "
                                                  "example 08:30"), pack_q(ps, start));
        if (end[0] && it->end_min < 0)
            pack_error(ps, sh->file, rec->line, _("\"%s\" is not a time — write it as HH:MM, for "
                                                  "example 08:30"), pack_q(ps, end));
        if (it->start_min >= 0 && it->end_min >= 0) {
            char a[8], b[8];
            pack_fmt_time(it->start_min, a);
            pack_fmt_time(it->end_min, b);
            if (it->end_min <= it->start_min)
                pack_error(ps, sh->file, rec->line, _("the item starts at %s and ends at %s — "
                                                      "the end must come after the start"), a, b);
            else
                timed[i] = 1;
            /* end_of_day_min is 0 when workplace.csv has no valid end_of_day (said there). */
            if (p->workplace.end_of_day_min > 0 && it->end_min > p->workplace.end_of_day_min &&
                timed[i]) {
                char eod[8];
                pack_fmt_time(p->workplace.end_of_day_min, eod);
                pack_warn(ps, sh->file, rec->line, _("the item ends at %s, after the end of the "
                                                     "day (%s in workplace.csv)"), b, eod);
            }
        }
        const char *kind = sheet_need(ps, sh, rec, PLAN_COL_KIND);
        it->kind = kind[0] ? pack_lookup(plan_kinds, COUNT_OF(plan_kinds), kind) : PLAN_WORK;
        if (it->kind < 0) {
            pack_error(ps, sh->file, rec->line, _("the kind \"%s\" is not known — use one of: "
                                                  "arrive, work, meeting, tour, break, lunch, "
                                                  "safety, leave"), pack_q(ps, kind));
            it->kind = PLAN_WORK;
        }
        sheet_need(ps, sh, rec, PLAN_COL_TITLE);
        sheet_text(ps, sh, rec, PLAN_COL_TITLE, &it->title);
        sheet_text(ps, sh, rec, PLAN_COL_PLACE, &it->place);
        const char *with = sheet_cell(sh, rec, PLAN_COL_WITH);
        if (with[0] && ps->hosts_known) {
            const struct pack_host *h = pack_host_match(p, with);
            if (h)
                snprintf(it->with_id, sizeof it->with_id, "%s", h->id);
            else
                pack_error(ps, sh->file, rec->line, _("\"with\" is \"%s\", which is not in "
                                                      "hosts.csv — use one of the ids in "
                                                      "hosts.csv (%s), or leave it empty for "
                                                      "the escort"),
                           pack_q(ps, with), pack_id_list(ps, p->host_count, pack_host_id_at));
        }
        const char *lunch = sheet_cell(sh, rec, PLAN_COL_LUNCH);
        it->lunch_provided = sheet_yes_no(ps, sh, rec, PLAN_COL_LUNCH, p->workplace.lunch);
        if (lunch[0] && it->kind != PLAN_LUNCH)
            pack_warn(ps, sh->file, rec->line, _("lunch_provided is only used on lunch items — "
                                                 "it is ignored here"));
        p->plan_count++;
    }
    if (p->plan_count == 0)
        pack_error(ps, sh->file, 0, _("the plan has no items — add the day's items, one line "
                                      "each"));
    else if (ps->shadows_known)
        plan_check_timelines(ps, owner, timed);
done:
    free(owner);
    free(timed);
}

/* ================================================================ safety.csv */

static const struct pack_column safety_columns[] = {
    { "id", COL_REQUIRED }, { "icon", COL_REQUIRED }, { "title", COL_REQUIRED | COL_TR },
    { "text", COL_REQUIRED | COL_TR },
};
enum { SAFETY_COL_ID, SAFETY_COL_ICON, SAFETY_COL_TITLE, SAFETY_COL_TEXT };

static const struct word_value safety_icons[] = {
    { "fire", SAFETY_FIRE }, { "tuli", SAFETY_FIRE }, { "palo", SAFETY_FIRE },
    { "tulipalo", SAFETY_FIRE }, { "brand", SAFETY_FIRE }, { "eld", SAFETY_FIRE },
    { "exit", SAFETY_EXIT }, { "uloskäynti", SAFETY_EXIT }, { "poistumistie", SAFETY_EXIT },
    { "hätäuloskäynti", SAFETY_EXIT }, { "utgång", SAFETY_EXIT }, { "nödutgång", SAFETY_EXIT },
    { "first_aid", SAFETY_FIRST_AID }, { "ensiapu", SAFETY_FIRST_AID },
    { "första_hjälpen", SAFETY_FIRST_AID },
    { "protective", SAFETY_PROTECTIVE }, { "suojain", SAFETY_PROTECTIVE },
    { "suojaimet", SAFETY_PROTECTIVE }, { "suojavarusteet", SAFETY_PROTECTIVE },
    { "skydd", SAFETY_PROTECTIVE }, { "skyddsutrustning", SAFETY_PROTECTIVE },
    { "hygiene", SAFETY_HYGIENE }, { "hygienia", SAFETY_HYGIENE },
    { "käsienpesu", SAFETY_HYGIENE }, { "hygien", SAFETY_HYGIENE },
    { "machine", SAFETY_MACHINE }, { "kone", SAFETY_MACHINE }, { "koneet", SAFETY_MACHINE },
    { "maskin", SAFETY_MACHINE },
    { "chemical", SAFETY_CHEMICAL }, { "kemikaali", SAFETY_CHEMICAL },
    { "kemikaalit", SAFETY_CHEMICAL }, { "kemikalie", SAFETY_CHEMICAL },
    { "kemikalier", SAFETY_CHEMICAL },
    { "hot", SAFETY_HOT }, { "kuuma", SAFETY_HOT }, { "het", SAFETY_HOT }, { "varm", SAFETY_HOT },
    { "ask", SAFETY_ASK }, { "kysy", SAFETY_ASK }, { "fråga", SAFETY_ASK },
    { "phone", SAFETY_PHONE }, { "puhelin", SAFETY_PHONE }, { "telefon", SAFETY_PHONE },
};

static const char *const safety_icon_names[SAFETY_ICON_COUNT] = {
    "fire", "exit", "first_aid", "protective", "hygiene", "machine", "chemical", "hot", "ask",
    "phone",
};

const char *pack_safety_icon_name(int icon)
{
    return icon >= 0 && icon < SAFETY_ICON_COUNT ? safety_icon_names[icon] : NULL;
}

enum { SAFETY_MAX_SENTENCES = 3, SAFETY_MAX_CHARS = 300 };

/* A card is read standing at a kiosk: warn when a text is long. */
static void safety_check_length(struct parse *ps, int line, const char *lang, const char *text)
{
    int sentences = pack_sentences(text);
    size_t chars = utf8_length(text);
    if (sentences > SAFETY_MAX_SENTENCES)
        pack_warn(ps, PACK_FILE_SAFETY, line, _("the text (%s) has %d sentences — keep it to 1 to "
                                                "3 short sentences"), lang, sentences);
    else if (chars > SAFETY_MAX_CHARS)
        pack_warn(ps, PACK_FILE_SAFETY, line, _("the text (%s) is %d characters long — keep it "
                                                "under %d"), lang, (int)chars, SAFETY_MAX_CHARS);
}

static const char *pack_card_id_at(struct parse *ps, int i)
{
    return ps->p->safety[i].id;
}

static void pack_read_safety(struct parse *ps)
{
    struct sheet *sh = &ps->safety;
    struct pack *p = ps->p;
    int *lines = NULL;
    sheet_open(ps, sh, PACK_FILE_SAFETY, safety_columns, COUNT_OF(safety_columns), 1);
    if (!sh->usable)
        return;
    p->safety = calloc((size_t)sh->t.count, sizeof *p->safety);
    lines = calloc((size_t)sh->t.count, sizeof *lines);
    if (!p->safety || !lines) {
        ps->nomem = 1;
        goto done;
    }
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (sheet_row_skip(ps, sh, rec))
            continue;
        struct pack_safety_card *c = &p->safety[p->safety_count];
        sheet_id(ps, sh, rec, SAFETY_COL_ID, c->id, pack_card_id_at, lines, p->safety_count);
        const char *icon = sheet_need(ps, sh, rec, SAFETY_COL_ICON);
        c->icon = icon[0] ? pack_lookup(safety_icons, COUNT_OF(safety_icons), icon) : SAFETY_ASK;
        if (c->icon < 0) {
            pack_error(ps, sh->file, rec->line, _("the icon \"%s\" is not known — use one of: "
                                                  "fire, exit, first_aid, protective, hygiene, "
                                                  "machine, chemical, hot, ask, phone"),
                       pack_q(ps, icon));
            c->icon = SAFETY_ASK;
        }
        sheet_need(ps, sh, rec, SAFETY_COL_TITLE);
        sheet_text(ps, sh, rec, SAFETY_COL_TITLE, &c->title);
        if (sheet_need(ps, sh, rec, SAFETY_COL_TEXT)[0])
            safety_check_length(ps, rec->line, p->workplace.default_language,
                                sheet_cell(sh, rec, SAFETY_COL_TEXT));
        sheet_text(ps, sh, rec, SAFETY_COL_TEXT, &c->text);
        for (int i = 0; i < c->text.count; i++)
            safety_check_length(ps, rec->line, c->text.tr[i].lang, c->text.tr[i].text);
        lines[p->safety_count] = rec->line;
        p->safety_count++;
    }
    if (p->safety_count == 0)
        pack_error(ps, sh->file, 0, _("there are no safety cards — add at least one (the fire "
                                      "alarm and the way out, for example)"));
done:
    free(lines);
}

/* ================================================================ questions.csv */

static const struct pack_column question_columns[] = {
    { "id", COL_REQUIRED }, { "audience", COL_REQUIRED }, { "text", COL_REQUIRED | COL_TR },
};
enum { QUESTION_COL_ID, QUESTION_COL_AUDIENCE, QUESTION_COL_TEXT };

static const struct word_value question_audiences[] = {
    { "shadow", AUDIENCE_SHADOW }, { "seuraaja", AUDIENCE_SHADOW },
    { "työn_seuraaja", AUDIENCE_SHADOW }, { "työnseuraaja", AUDIENCE_SHADOW },
    { "skuggare", AUDIENCE_SHADOW }, { "jobbskuggare", AUDIENCE_SHADOW },
    { "host", AUDIENCE_HOST }, { "ohjaaja", AUDIENCE_HOST }, { "isäntä", AUDIENCE_HOST },
    { "työntekijä", AUDIENCE_HOST }, { "handledare", AUDIENCE_HOST }, { "värd", AUDIENCE_HOST },
};

enum { QUESTIONS_SHADOW_MIN = 4, QUESTIONS_SHADOW_MAX = 6, QUESTIONS_HOST_MAX = 3 };

/* Answer items the kiosk stores besides the questions: a question must not take their ids. */
static const char *const question_reserved_ids[] = { "next", "comment" };

static const char *pack_question_id_at(struct parse *ps, int i)
{
    return ps->p->questions[i].id;
}

static void pack_read_questions(struct parse *ps)
{
    struct sheet *sh = &ps->questions;
    struct pack *p = ps->p;
    int *lines = NULL, counts[2] = { 0, 0 };
    sheet_open(ps, sh, PACK_FILE_QUESTIONS, question_columns, COUNT_OF(question_columns), 0);
    if (!sh->present) {
        p->questions_are_default = pack_find_file(ps->src, PACK_FILE_QUESTIONS) == NULL;
        if (p->questions_are_default && pack_defaults_questions(p) != SD_OK)
            ps->nomem = 1;
        return;
    }
    if (!sh->usable)
        return;
    p->questions = calloc((size_t)sh->t.count, sizeof *p->questions);
    lines = calloc((size_t)sh->t.count, sizeof *lines);
    if (!p->questions || !lines) {
        ps->nomem = 1;
        goto done;
    }
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (sheet_row_skip(ps, sh, rec))
            continue;
        struct pack_question *q = &p->questions[p->question_count];
        sheet_id(ps, sh, rec, QUESTION_COL_ID, q->id, pack_question_id_at, lines,
                 p->question_count);
        for (int i = 0; i < COUNT_OF(question_reserved_ids); i++)
            if (pack_id_equal(q->id, question_reserved_ids[i]))
                pack_error(ps, sh->file, rec->line, _("the id \"%s\" is used by the kiosk itself "
                                                      "— give the question another id"), q->id);
        const char *aud = sheet_need(ps, sh, rec, QUESTION_COL_AUDIENCE);
        q->audience = aud[0] ? pack_lookup(question_audiences, COUNT_OF(question_audiences), aud)
                             : AUDIENCE_SHADOW;
        if (q->audience < 0) {
            pack_error(ps, sh->file, rec->line, _("the audience \"%s\" is not known — write "
                                                  "shadow or host"), pack_q(ps, aud));
            q->audience = AUDIENCE_SHADOW;
        }
        counts[q->audience]++;
        sheet_need(ps, sh, rec, QUESTION_COL_TEXT);
        sheet_text(ps, sh, rec, QUESTION_COL_TEXT, &q->text);
        lines[p->question_count] = rec->line;
        p->question_count++;
    }
    if (counts[AUDIENCE_SHADOW] < QUESTIONS_SHADOW_MIN || counts[AUDIENCE_SHADOW] > QUESTIONS_SHADOW_MAX)
        pack_error(ps, sh->file, 0, _("there are %d questions for shadows — write %d to %d (or "
                                      "remove questions.csv to use the built-in ones)"),
                   counts[AUDIENCE_SHADOW], QUESTIONS_SHADOW_MIN, QUESTIONS_SHADOW_MAX);
    if (counts[AUDIENCE_HOST] > QUESTIONS_HOST_MAX)
        pack_error(ps, sh->file, 0, _("there are %d questions for hosts — write at most %d"),
                   counts[AUDIENCE_HOST], QUESTIONS_HOST_MAX);
done:
    free(lines);
}

/* ================================================================ canonical files and the id */

static void out_bytes(struct textbuf *o, const char *s, size_t n)
{
    textbuf_append(o, s, n);
}

/* One record at its original line (blank lines fill the gap), so line numbers stay what the
** coordinator saw. *line is the line the output is on. */
static void out_record(struct textbuf *o, char sep, const char *const *cells, int n, int at_line,
                       int *line)
{
    while (*line < at_line) {
        out_bytes(o, "\n", 1);
        (*line)++;
    }
    for (int i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        if (i)
            out_bytes(o, &sep, 1);
        if (strchr(c, sep) || strpbrk(c, "\"\r\n")) {
            out_bytes(o, "\"", 1);
            for (const char *q = c; *q; q++) {
                out_bytes(o, q, 1);
                if (*q == '"')
                    out_bytes(o, "\"", 1);
                *line += *q == '\n';
            }
            out_bytes(o, "\"", 1);
        } else {
            out_bytes(o, c, strlen(c));
        }
    }
    out_bytes(o, "\n", 1);
    (*line)++;
}

/* hosts.csv without the plain pin column and with every hash in pin_hash. */
static int canon_hosts(struct parse *ps, struct textbuf *o)
{
    const struct sheet *sh = &ps->hosts;
    const char *cells[PACK_MAX_FIELDS + 2];
    int line = 1, k = 0;
    int drop = sh->at[HOST_PIN], hash_at = sh->at[HOST_PIN_HASH];
    for (int r = 0; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        int n = 0;
        const char *hash = NULL;
        if (r == 0)
            hash = "pin_hash";
        else if (k < ps->p->host_count && ps->host_rec[k] == r)
            hash = ps->p->hosts[k++].pin_hash;
        for (int f = 0; f < sh->width; f++) {
            if (f == drop)
                continue;
            cells[n++] = f == hash_at && hash ? hash : f < rec->count ? rec->fields[f] : "";
        }
        if (hash_at < 0)
            cells[n++] = hash ? hash : "";
        out_record(o, sh->t.separator, cells, n, rec->line, &line);
    }
    return o->error;
}

/* workplace.csv with the plain admin_pin line turned into admin_pin_hash. */
static int canon_workplace(struct parse *ps, struct textbuf *o)
{
    const struct sheet *sh = &ps->workplace;
    const char *cells[PACK_MAX_FIELDS + 1];
    int line = 1;
    for (int r = 0; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        for (int f = 0; f < sh->width; f++)
            cells[f] = f < rec->count ? rec->fields[f] : "";
        if (r == ps->admin_rec) {
            cells[sh->at[WP_COL_KEY]] = "admin_pin_hash";
            cells[sh->at[WP_COL_VALUE]] = ps->p->workplace.admin_pin_hash;
        }
        out_record(o, sh->t.separator, cells, sh->width, rec->line, &line);
    }
    return o->error;
}

static int pack_file_cmp(const void *a, const void *b)
{
    return strcmp(((const struct pack_file *)a)->name, ((const struct pack_file *)b)->name);
}

static int canon_add(struct pack_source *files, const char *name, const void *data, size_t len)
{
    for (int i = 0; i < files->count; i++)
        if (strcmp(files->files[i].name, name) == 0)
            return SD_OK; /* a photo two shadows share */
    struct pack_file *f = &files->files[files->count];
    memset(f, 0, sizeof *f);
    f->data = malloc(len + 1);
    if (!f->data)
        return SD_ENOMEM;
    if (len)
        memcpy(f->data, data, len);
    f->data[len] = '\0';
    f->len = len;
    snprintf(f->name, sizeof f->name, "%s", name);
    files->count++;
    return SD_OK;
}

/* The files the kiosk keeps: the CSV files (plain PINs replaced) and the photos shadows use. */
static int pack_build_canonical(struct parse *ps)
{
    struct pack *p = ps->p;
    struct pack_source *files = &p->files;
    int rc = SD_OK;
    files->files = calloc((size_t)PACK_CSV_COUNT + (size_t)p->shadow_count, sizeof *files->files);
    if (!files->files)
        return SD_ENOMEM;
    for (int i = 0; rc == SD_OK && i < PACK_CSV_COUNT; i++) {
        const char *name = pack_csv_name(i);
        const struct pack_file *f = pack_find_file(ps->src, name);
        struct textbuf o = { 0 };
        if (!f)
            continue;
        if (strcmp(name, PACK_FILE_HOSTS) == 0 && ps->hosts.at[HOST_PIN] >= 0)
            rc = canon_hosts(ps, &o);
        else if (strcmp(name, PACK_FILE_WORKPLACE) == 0 && ps->admin_rec >= 0)
            rc = canon_workplace(ps, &o);
        else
            rc = canon_add(files, name, f->data, f->len);
        if (rc == SD_OK && o.data)
            rc = canon_add(files, name, o.data, o.len);
        free(o.data);
    }
    for (int i = 0; rc == SD_OK && i < p->shadow_count; i++) {
        const struct pack_file *f = p->shadows[i].photo[0]
                                        ? pack_find_file(ps->src, p->shadows[i].photo) : NULL;
        if (f)
            rc = canon_add(files, f->name, f->data, f->len);
    }
    if (rc != SD_OK)
        return rc;
    qsort(files->files, (size_t)files->count, sizeof *files->files, pack_file_cmp);
    /* pack_id: SHA-256 over each file in name order as name, NUL, 8-byte length (LE), data. */
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    for (int i = 0; i < files->count; i++) {
        const struct pack_file *f = &files->files[i];
        unsigned char len[8];
        for (int b = 0; b < 8; b++)
            len[b] = (unsigned char)((unsigned long long)f->len >> (8 * b));
        crypto_hash_sha256_update(&st, (const unsigned char *)f->name, strlen(f->name) + 1);
        crypto_hash_sha256_update(&st, len, sizeof len);
        crypto_hash_sha256_update(&st, f->data, f->len);
    }
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(p->pack_id, sizeof p->pack_id, digest, sizeof digest);
    return SD_OK;
}

/* ---------------------------------------------------------------- plan order */

struct plan_key {
    int group, start, line;
    struct pack_plan_item item;
};

static int plan_key_cmp(const void *a, const void *b)
{
    const struct plan_key *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* "*" items first, then each shadow's in the order of shadows.csv; each group by start time. */
static int pack_sort_plan(struct pack *p)
{
    struct plan_key *keys = calloc((size_t)p->plan_count + 1, sizeof *keys);
    if (!keys)
        return SD_ENOMEM;
    for (int i = 0; i < p->plan_count; i++) {
        const struct pack_shadow *s = pack_find_shadow(p, p->plan[i].shadow_id);
        keys[i].group = s ? (int)(s - p->shadows) : -1;
        keys[i].start = p->plan[i].start_min;
        keys[i].line = p->plan[i].line;
        keys[i].item = p->plan[i];
    }
    qsort(keys, (size_t)p->plan_count, sizeof *keys, plan_key_cmp);
    for (int i = 0; i < p->plan_count; i++)
        p->plan[i] = keys[i].item;
    free(keys);
    return SD_OK;
}

/* ================================================================ parse */

static void pack_parse_free(struct parse *ps)
{
    csv_table_free(&ps->workplace.t);
    csv_table_free(&ps->hosts.t);
    csv_table_free(&ps->shadows.t);
    csv_table_free(&ps->plan.t);
    csv_table_free(&ps->safety.t);
    csv_table_free(&ps->questions.t);
    free(ps->host_rec);
    free(ps->host_line);
    free(ps->shadow_line);
    free(ps);
}

int pack_parse(struct pack **out, const struct pack_source *src, int hash_plain_pins,
               struct pack_report *rep)
{
    int rc = SD_OK;
    *out = NULL;
    if (sodium_init() < 0)
        return SD_ERR;
    struct parse *ps = calloc(1, sizeof *ps);
    struct pack *p = calloc(1, sizeof *p);
    if (p)
        p->strings_ = calloc(1, sizeof *p->strings_);
    if (!ps || !p || !p->strings_) {
        free(ps);
        pack_free(p);
        return SD_ENOMEM;
    }
    ps->p = p;
    ps->src = src;
    ps->rep = rep;
    ps->hash_plain_pins = hash_plain_pins;

    pack_read_workplace(ps);
    pack_read_hosts(ps);
    pack_read_shadows(ps);
    pack_read_plan(ps);
    pack_read_safety(ps);
    pack_read_questions(ps);

    if (ps->nomem || p->strings_->failed)
        rc = SD_ENOMEM;
    else if (rep->errors > 0)
        rc = SD_EINVAL;
    if (rc == SD_OK)
        rc = pack_build_canonical(ps);
    if (rc == SD_OK)
        rc = pack_sort_plan(p);
    pack_parse_free(ps);
    if (rc != SD_OK) {
        pack_free(p);
        return rc;
    }
    *out = p;
    return SD_OK;
}

void pack_free(struct pack *p)
{
    if (!p)
        return;
    free(p->hosts);
    free(p->shadows);
    free(p->plan);
    free(p->safety);
    free(p->questions);
    if (p->strings_) {
        struct pack_block *b = p->strings_->head;
        while (b) {
            struct pack_block *next = b->next;
            free(b);
            b = next;
        }
        free(p->strings_);
    }
    pack_source_free(&p->files);
    sodium_memzero(p, sizeof *p);
    free(p);
}

/* ================================================================ look-ups */

const struct pack_shadow *pack_find_shadow(const struct pack *p, const char *id)
{
    for (int i = 0; p && id && i < p->shadow_count; i++)
        if (strcmp(p->shadows[i].id, id) == 0)
            return &p->shadows[i];
    return NULL;
}

const struct pack_host *pack_find_host(const struct pack *p, const char *id)
{
    for (int i = 0; p && id && i < p->host_count; i++)
        if (strcmp(p->hosts[i].id, id) == 0)
            return &p->hosts[i];
    return NULL;
}

const char *pack_text_get(const struct pack_text *t, const char *lang)
{
    if (!t)
        return "";
    for (int i = 0; lang && i < t->count && i < PACK_MAX_LANGS; i++)
        if (strcmp(t->tr[i].lang, lang) == 0 && t->tr[i].text && t->tr[i].text[0])
            return t->tr[i].text;
    return t->base ? t->base : "";
}

int pack_shadow_self_checkout(const struct pack *p, const struct pack_shadow *s)
{
    if (s && s->self_checkout >= 0)
        return s->self_checkout;
    return p ? p->workplace.self_checkout : 0;
}

int pack_plan_for(const struct pack *p, const char *shadow_id,
                  const struct pack_plan_item **items, int max)
{
    int n = 0;
    for (int i = 0; p && shadow_id && i < p->plan_count; i++) {
        const struct pack_plan_item *it = &p->plan[i];
        if (strcmp(it->shadow_id, "*") != 0 && strcmp(it->shadow_id, shadow_id) != 0)
            continue;
        /* Insert by start (then line), keeping the earliest max items. */
        int at = n;
        while (at > 0 && (items[at - 1]->start_min > it->start_min ||
                          (items[at - 1]->start_min == it->start_min &&
                           items[at - 1]->line > it->line)))
            at--;
        if (at >= max)
            continue;
        int last = n < max ? n : max - 1;
        for (int j = last; j > at; j--)
            items[j] = items[j - 1];
        items[at] = it;
        if (n < max)
            n++;
    }
    return n;
}

void pack_safety_hash(const struct pack_safety_card *c, const char *lang, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    const char *parts[3] = { pack_safety_icon_name(c->icon), pack_text_get(&c->title, lang),
                             pack_text_get(&c->text, lang) };
    crypto_hash_sha256_init(&st);
    for (int i = 0; i < 3; i++) {
        const char *s = parts[i] ? parts[i] : "";
        crypto_hash_sha256_update(&st, (const unsigned char *)s, strlen(s) + 1);
    }
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

void pack_key_fingerprint(const unsigned char key[32], char out[17])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, key, 32);
    sodium_bin2hex(out, 17, digest, 8);
}

struct lang_tally {
    char (*langs)[8];
    int *counts;
    int n, max, texts;
};

static void lang_tally_add(struct lang_tally *t, const char *lang)
{
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->langs[i], lang) == 0) {
            if (t->counts)
                t->counts[i]++;
            return;
        }
    }
    if (t->n >= t->max)
        return;
    snprintf(t->langs[t->n], 8, "%s", lang);
    if (t->counts)
        t->counts[t->n] = 1;
    t->n++;
}

static void lang_tally_text(struct lang_tally *t, const struct pack_text *x, const char *dflt)
{
    if (!x->base || !x->base[0])
        return;
    t->texts++;
    lang_tally_add(t, dflt);
    for (int i = 0; i < x->count && i < PACK_MAX_LANGS; i++)
        lang_tally_add(t, x->tr[i].lang);
}

int pack_languages(const struct pack *p, char langs[][8], int *counts, int max, int *texts)
{
    struct lang_tally t = { langs, counts, 0, max, 0 };
    const char *dflt = p->workplace.default_language[0] ? p->workplace.default_language : "fi";
    if (max > 0) {
        snprintf(langs[0], 8, "%s", dflt);
        if (counts)
            counts[0] = 0;
        t.n = 1;
    }
    lang_tally_text(&t, &p->workplace.name, dflt);
    lang_tally_text(&t, &p->workplace.lunch_note, dflt);
    for (int i = 0; i < p->host_count; i++)
        lang_tally_text(&t, &p->hosts[i].role, dflt);
    for (int i = 0; i < p->plan_count; i++) {
        lang_tally_text(&t, &p->plan[i].title, dflt);
        lang_tally_text(&t, &p->plan[i].place, dflt);
    }
    for (int i = 0; i < p->safety_count; i++) {
        lang_tally_text(&t, &p->safety[i].title, dflt);
        lang_tally_text(&t, &p->safety[i].text, dflt);
    }
    for (int i = 0; !p->questions_are_default && i < p->question_count; i++)
        lang_tally_text(&t, &p->questions[i].text, dflt);
    if (texts)
        *texts = t.texts;
    return t.n;
}
