/*
** pack_sheet.c - the generic part of reading a pack's CSV file: one sheet, driven by the table
** of its columns (pack_sheet.h), and the problems of one parse.
**
** The first line is bound to the columns (in any order, any case, with the "did you mean"
** of a misspelt name, translations as <column>_<lang>), every row is run through the column
** readers, and every problem is added to the report with its file and line. The readers here
** are the ones several files use (ids, names, texts, phones, yes/no, times, languages,
** pictures); a file's own columns (an escort, a PIN) have their readers in its file.
** Must not depend on SQLite or SDL.
*/
#include "pack_sheet.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "utf8.h"

/* ================================================================ problems */

static void sheet_add(struct pack_parse *ps, int severity, const char *file, int line,
                      const char *fmt, va_list ap)
{
    char msg[sizeof ps->rep->problems[0].message];
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    if (n >= (int)sizeof msg)
        msg[utf8_prefix_bytes(msg, strlen(msg), strlen(msg) - 1)] = '\0';
    if (pack_report_add(ps->rep, severity, file, line, "%s", msg) != SD_OK)
        ps->nomem = 1;
}

void pack_sheet_error(struct pack_parse *ps, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sheet_add(ps, PACK_ERROR, file, line, fmt, ap);
    va_end(ap);
}

void pack_sheet_warn(struct pack_parse *ps, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sheet_add(ps, PACK_WARNING, file, line, fmt, ap);
    va_end(ap);
}

const char *pack_sheet_quote(struct pack_parse *ps, const char *s)
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

static const char *sheet_item_text(const struct sheet *sh, int i, size_t offset)
{
    return sh->items + (size_t)i * sh->item_size + offset;
}

const char *pack_sheet_ids(struct pack_parse *ps, const struct sheet *sh, size_t id_offset)
{
    size_t o = 0;
    int shown = 0, more = 0;
    ps->ids[0] = '\0';
    for (int i = 0; i < sh->count; i++) {
        const char *id = sheet_item_text(sh, i, id_offset);
        int seen = !id[0];
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(sheet_item_text(sh, j, id_offset), id) == 0;
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

/* ================================================================ the first line */

const char *pack_sheet_cell(const struct sheet *sh, const struct csv_record *rec, int col)
{
    int f = sh->at[col];
    return f >= 0 && f < rec->count ? rec->fields[f] : "";
}

const char *pack_sheet_row_cell(const struct sheet_row *row)
{
    return pack_sheet_cell(row->sh, row->rec, row->col);
}

static int sheet_column(const struct sheet *sh, const char *name)
{
    for (int c = 0; c < sh->ncols; c++)
        if (strcmp(name, sh->cols[c].name) == 0)
            return c;
    return -1;
}

static void sheet_twice(struct pack_parse *ps, const struct sheet *sh, const char *name)
{
    pack_sheet_error(ps, sh->file, 1, _("the column \"%s\" is in the first line twice — keep one "
                                        "of them"), pack_sheet_quote(ps, name));
}

/* name is <column>_<lang> of a column that takes translations (us points at its '_'): bind it.
** Returns 0 when it is not such a column. */
static int sheet_bind_translation(struct pack_parse *ps, struct sheet *sh, char *name, char *us,
                                  int field)
{
    *us = '\0';
    int base = sheet_column(sh, name);
    *us = '_';
    if (base < 0 || !(sh->cols[base].flags & COL_TR))
        return 0;
    const char *lang = us + 1;
    int dup = 0;
    for (int i = 0; i < sh->ntr; i++)
        dup |= sh->tr[i].col == base && strcmp(sh->tr[i].lang, lang) == 0;
    if (dup) {
        sheet_twice(ps, sh, name);
    } else if (strcmp(lang, ps->p->workplace.default_language) == 0) {
        pack_sheet_warn(ps, sh->file, 1, _("the column \"%s\" is in the pack's default language "
                                           "(%s), so it is not used — put that text in the "
                                           "column \"%s\""),
                        pack_sheet_quote(ps, name), lang, sh->cols[base].name);
    } else if (sh->ntr < PACK_MAX_FIELDS) {
        sh->tr[sh->ntr].field = field;
        sh->tr[sh->ntr].col = base;
        snprintf(sh->tr[sh->ntr].lang, sizeof sh->tr[sh->ntr].lang, "%s", lang);
        sh->ntr++;
    }
    return 1;
}

/* A column the table does not have: say so, with the nearest name when there is one. */
static void sheet_unknown_column(struct pack_parse *ps, const struct sheet *sh, const char *name,
                                 const char *us)
{
    const char *names[SHEET_MAX_COLUMNS];
    for (int c = 0; c < sh->ncols; c++)
        names[c] = sh->cols[c].name;
    if (us) {
        char plain[64];
        snprintf(plain, sizeof plain, "%.*s", (int)(us - name), name);
        if (pack_value_suggest(plain, names, sh->ncols, 2) == NULL) {
            pack_sheet_warn(ps, sh->file, 1, _("the column \"%s\" looks like a translation of "
                                               "\"%s\", but this file has no such column — it "
                                               "is ignored"),
                            pack_sheet_quote(ps, name), pack_sheet_quote(ps, plain));
            return;
        }
    }
    const char *hint = pack_value_suggest(name, names, sh->ncols, 2);
    if (hint)
        pack_sheet_warn(ps, sh->file, 1, _("the column \"%s\" is not known and is ignored — did "
                                           "you mean \"%s\"?"), pack_sheet_quote(ps, name), hint);
    else
        pack_sheet_warn(ps, sh->file, 1, _("the column \"%s\" is not known and is ignored"),
                        pack_sheet_quote(ps, name));
}

/* Bind the header of sh to its columns: translations, unknown and missing columns. */
static void sheet_header(struct pack_parse *ps, struct sheet *sh)
{
    const struct csv_record *head = &sh->t.records[0];
    sh->width = head->count;
    for (int f = 0; f < head->count; f++) {
        char name[64];
        pack_value_fold(head->fields[f], name, sizeof name, 1);
        if (!name[0])
            continue;
        int col = sheet_column(sh, name);
        if (col >= 0) {
            if (sh->at[col] >= 0)
                sheet_twice(ps, sh, name);
            else
                sh->at[col] = f;
            continue;
        }
        /* <column>_<lang>: a translation, when <column> takes them. */
        char *us = strrchr(name, '_');
        int is_tr = us && strlen(us + 1) == 2 && us[1] >= 'a' && us[1] <= 'z' &&
                    us[2] >= 'a' && us[2] <= 'z';
        if (is_tr && sheet_bind_translation(ps, sh, name, us, f))
            continue;
        sheet_unknown_column(ps, sh, name, is_tr ? us : NULL);
    }
    sh->usable = 1;
    for (int c = 0; c < sh->ncols; c++) {
        if ((sh->cols[c].flags & COL_REQUIRED) && sh->at[c] < 0) {
            pack_sheet_error(ps, sh->file, 1, _("the column \"%s\" is missing — add it to the "
                                                "first line"), sh->cols[c].name);
            sh->usable = 0;
        }
    }
}

int pack_sheet_open(struct pack_parse *ps, struct sheet *sh, const char *file,
                    const struct pack_column *cols, int ncols, int required)
{
    static const struct csv_limits limits = { PACK_MAX_ROWS, PACK_MAX_FIELDS, PACK_MAX_FIELD_BYTES };
    struct csv_failure why;
    memset(sh, 0, sizeof *sh);
    sh->file = file;
    sh->cols = cols;
    sh->ncols = ncols < SHEET_MAX_COLUMNS ? ncols : SHEET_MAX_COLUMNS;
    for (int c = 0; c < SHEET_MAX_COLUMNS; c++)
        sh->at[c] = -1;
    const struct pack_file *f = pack_source_find(ps->src, file);
    if (!f) {
        if (required && !pack_report_has_error(ps->rep, file))
            pack_sheet_error(ps, file, 0, _("the file is missing — every day pack needs it "
                                            "(`shadowday pack new` writes a template)"));
        return 0;
    }
    int rc = csv_read(&sh->t, (const char *)f->data, f->len, &limits, &why);
    if (rc != SD_OK) {
        char msg[sizeof ps->rep->problems[0].message];
        if (rc == SD_ENOMEM)
            ps->nomem = 1;
        pack_sheet_error(ps, file, why.line, "%s", csv_failure_message(&why, msg, sizeof msg));
        return 0;
    }
    sh->present = 1;
    for (int r = 0; r < sh->t.count; r++)
        for (int i = 0; i < sh->t.records[r].count; i++)
            pack_value_trim(sh->t.records[r].fields[i]);
    if (sh->t.count == 0) {
        pack_sheet_error(ps, file, 0, _("the file is empty — it needs at least the first line "
                                        "with the column names"));
        return 0;
    }
    sheet_header(ps, sh);
    return sh->usable;
}

/* ================================================================ the rows */

int pack_sheet_row_blank(struct pack_parse *ps, const struct sheet *sh,
                         const struct csv_record *rec)
{
    int blank = 1;
    for (int i = 0; i < rec->count; i++)
        blank &= rec->fields[i][0] == '\0';
    if (blank)
        return 1;
    for (int i = sh->width; i < rec->count; i++) {
        if (rec->fields[i][0]) {
            pack_sheet_error(ps, sh->file, rec->line,
                             _("the line has more values than the first line has columns — "
                               "text with a comma or semicolon in it must be in quotes"));
            break;
        }
    }
    return 0;
}

/* One row through every column of the table. */
static void sheet_read_row(struct pack_parse *ps, struct sheet_row *row)
{
    const struct sheet *sh = row->sh;
    for (int c = 0; c < sh->ncols; c++) {
        const struct pack_column *col = &sh->cols[c];
        if (!col->read)
            continue;
        row->col = c;
        if ((col->flags & COL_NEED) && !pack_sheet_row_cell(row)[0])
            pack_sheet_error(ps, sh->file, row->rec->line, _("\"%s\" is empty — fill it in"),
                             col->name);
        col->read(ps, row, row->item + col->offset);
    }
}

void *pack_sheet_read_rows(struct pack_parse *ps, struct sheet *sh, size_t item_size)
{
    size_t rows = (size_t)sh->t.count;
    char *array = calloc(rows, item_size);
    sh->lines = calloc(rows, sizeof *sh->lines);
    sh->recs = calloc(rows, sizeof *sh->recs);
    sh->count = 0;
    if (!array || !sh->lines || !sh->recs) {
        ps->nomem = 1;
        free(array);
        return NULL;
    }
    sh->items = array;
    sh->item_size = item_size;
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        if (pack_sheet_row_blank(ps, sh, rec))
            continue;
        struct sheet_row row = { sh, rec, 0, array + (size_t)sh->count * item_size, sh->count };
        sheet_read_row(ps, &row);
        sh->lines[sh->count] = rec->line;
        sh->recs[sh->count] = r;
        sh->count++;
    }
    return array;
}

void pack_sheet_same_names(struct pack_parse *ps, const struct sheet *sh, size_t name_offset)
{
    for (int i = 1; i < sh->count; i++) {
        const char *name = *(char *const *)sheet_item_text(sh, i, name_offset);
        for (int j = 0; j < i; j++) {
            char a[128], b[128];
            pack_value_fold(name, a, sizeof a, 0);
            pack_value_fold(*(char *const *)sheet_item_text(sh, j, name_offset), b, sizeof b, 0);
            if (a[0] && strcmp(a, b) == 0) {
                pack_sheet_warn(ps, sh->file, sh->lines[i], _("%s is also the name on line %d — "
                                                              "add an initial (like \"%s K.\") "
                                                              "so each finds their own name"),
                                pack_sheet_quote(ps, name), sh->lines[j],
                                pack_sheet_quote(ps, name));
                break;
            }
        }
    }
}

/* ================================================================ cells */

void pack_sheet_read_id(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const struct sheet *sh = row->sh;
    const char *v = pack_sheet_row_cell(row);
    char *out = field;
    out[0] = '\0';
    if (!v[0])
        return;
    if (!pack_value_id_ok(v)) {
        pack_sheet_error(ps, sh->file, row->rec->line, _("the id \"%s\" is not valid — use 1 to "
                                                         "63 letters a-z, digits, - or _ (no "
                                                         "spaces, no å ä ö)"),
                         pack_sheet_quote(ps, v));
        return;
    }
    size_t offset = sh->cols[row->col].offset;
    for (int i = 0; i < row->index; i++) {
        if (pack_value_id_equal(sheet_item_text(sh, i, offset), v)) {
            pack_sheet_error(ps, sh->file, row->rec->line, _("the id \"%s\" is already used on "
                                                             "line %d — every id must be "
                                                             "different"),
                             pack_sheet_quote(ps, v), sh->lines[i]);
            break;
        }
    }
    snprintf(out, PACK_ID_MAX, "%s", v);
}

void pack_sheet_read_name(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    *(const char **)field = pack_strings_keep(ps->p, pack_sheet_row_cell(row));
}

void pack_sheet_read_text(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    struct sheet *sh = row->sh;
    const struct csv_record *rec = row->rec;
    struct pack_text *out = field;
    const char *base = pack_sheet_row_cell(row);
    out->base = (char *)pack_strings_keep(ps->p, base);
    out->count = 0;
    for (int i = 0; i < sh->ntr; i++) {
        if (sh->tr[i].col != row->col)
            continue;
        const char *v = sh->tr[i].field < rec->count ? rec->fields[sh->tr[i].field] : "";
        if (!v[0])
            continue;
        if (!base[0])
            pack_sheet_warn(ps, sh->file, rec->line, _("\"%s\" is empty but its translation in "
                                                       "%s is not — the plain column is what "
                                                       "every other language shows"),
                            sh->cols[row->col].name, sh->tr[i].lang);
        if (!pack_strings_add_tr(ps->p, out, sh->tr[i].lang, v) && !sh->warned_langs) {
            sh->warned_langs = 1;
            pack_sheet_warn(ps, sh->file, rec->line, _("a text has more than %d translations; "
                                                       "the others are ignored"), PACK_MAX_LANGS);
        }
    }
}

void pack_sheet_phone(struct pack_parse *ps, const char *file, int line, const char *v)
{
    int ok = pack_value_phone(v);
    if (ok == 0)
        pack_sheet_error(ps, file, line, _("\"%s\" is not a phone number — use digits, spaces, + "
                                           "and - only"), pack_sheet_quote(ps, v));
    else if (ok < 0)
        pack_sheet_warn(ps, file, line, _("the phone number \"%s\" does not start with 0 or + — "
                                          "a spreadsheet may have dropped the first 0; format the "
                                          "cells as text"), pack_sheet_quote(ps, v));
}

void pack_sheet_read_phone(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *v = pack_sheet_row_cell(row);
    if (v[0])
        pack_sheet_phone(ps, row->sh->file, row->rec->line, v);
    *(const char **)field = pack_strings_keep(ps->p, v);
}

int pack_sheet_word(const struct sheet_row *row, const struct pack_word *words, int count,
                    int if_empty)
{
    const char *v = pack_sheet_row_cell(row);
    return v[0] ? pack_value_word(words, count, v) : if_empty;
}

int pack_sheet_yes_no(struct pack_parse *ps, const struct sheet_row *row, int dflt)
{
    const struct sheet *sh = row->sh;
    const char *v = pack_sheet_row_cell(row);
    if (!v[0]) {
        if (dflt == -2)
            pack_sheet_error(ps, sh->file, row->rec->line, _("\"%s\" is empty — write yes or no"),
                             sh->cols[row->col].name);
        return dflt == -2 ? 0 : dflt;
    }
    int b = pack_value_yes_no(v);
    if (b < 0)
        pack_sheet_error(ps, sh->file, row->rec->line, _("%s is \"%s\" — write yes or no "
                                                         "(kyllä/ei, ja/nej also work)"),
                         sh->cols[row->col].name, pack_sheet_quote(ps, v));
    return b < 0 ? 0 : b;
}

void pack_sheet_read_yes_no(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    *(int *)field = pack_sheet_yes_no(ps, row, row->sh->cols[row->col].arg);
}

void pack_sheet_read_time(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *v = pack_sheet_row_cell(row);
    int t = v[0] ? pack_value_time(v) : -1;
    if (v[0] && t < 0)
        pack_sheet_error(ps, row->sh->file, row->rec->line, _("\"%s\" is not a time — write it as "
                                                              "HH:MM, for example 08:30"),
                         pack_sheet_quote(ps, v));
    *(int *)field = t;
}

void pack_sheet_language(struct pack_parse *ps, const char *file, int line, const char *v,
                         char out[8])
{
    char list[64] = "";
    if (pack_value_language(v, out))
        return;
    for (int i = 0; i < i18n_language_count(); i++) {
        size_t o = strlen(list);
        snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", i18n_language_code(i));
    }
    pack_sheet_error(ps, file, line, _("the language \"%s\" is not available — use one of: %s"),
                     pack_sheet_quote(ps, v), list);
    out[0] = '\0';
}

void pack_sheet_read_language(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *v = pack_sheet_row_cell(row);
    if (v[0])
        pack_sheet_language(ps, row->sh->file, row->rec->line, v, field);
}

/* The pack file a picture cell names: "matti.jpg" in the folder or in photos/, any case. */
static const struct pack_file *sheet_find_picture(const struct pack_source *src, const char *v)
{
    char want[80], alt[96], name[80];
    pack_value_fold(v, want, sizeof want, 0);
    snprintf(alt, sizeof alt, PACK_PHOTO_DIR "/%s", want);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < src->count; i++) {
            pack_value_fold(src->files[i].name, name, sizeof name, 0);
            if (strcmp(name, pass ? alt : want) == 0 && pack_value_picture_name_ok(name))
                return &src->files[i];
        }
    }
    return NULL;
}

/* Remember a photo the pack uses: it is kept with the canonical files. */
static void sheet_use_picture(struct pack_parse *ps, const struct pack_file *f)
{
    for (int i = 0; i < ps->npictures; i++)
        if (ps->pictures[i] == f)
            return;
    if (ps->npictures < PACK_MAX_FILES)
        ps->pictures[ps->npictures++] = f;
}

void pack_sheet_read_picture(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *v = pack_sheet_row_cell(row);
    char *out = field;
    if (!v[0])
        return;
    const struct pack_file *f = sheet_find_picture(ps->src, v);
    if (!f)
        pack_sheet_error(ps, row->sh->file, row->rec->line, _("the photo \"%s\" is not in the "
                                                              "pack — put it in the folder or in "
                                                              "photos/ (JPEG or PNG), or leave "
                                                              "the cell empty"),
                         pack_sheet_quote(ps, v));
    else if (!pack_value_picture_ok(f->data, f->len))
        pack_sheet_error(ps, row->sh->file, row->rec->line, _("the photo \"%s\" is not a JPEG or "
                                                              "PNG picture — save it again as "
                                                              ".jpg or .png"),
                         pack_sheet_quote(ps, v));
    else {
        snprintf(out, 64, "%s", f->name);
        sheet_use_picture(ps, f);
    }
}

/* ================================================================ copies */

void pack_sheet_write_record(struct textbuf *o, char sep, const char *const *cells, int n,
                             int at_line, int *line)
{
    while (*line < at_line) {
        textbuf_append(o, "\n", 1);
        (*line)++;
    }
    for (int i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        if (i)
            textbuf_append(o, &sep, 1);
        if (strchr(c, sep) || strpbrk(c, "\"\r\n")) {
            textbuf_append(o, "\"", 1);
            for (const char *q = c; *q; q++) {
                textbuf_append(o, q, 1);
                if (*q == '"')
                    textbuf_append(o, "\"", 1);
                *line += *q == '\n';
            }
            textbuf_append(o, "\"", 1);
        } else {
            textbuf_append(o, c, strlen(c));
        }
    }
    textbuf_append(o, "\n", 1);
    (*line)++;
}
