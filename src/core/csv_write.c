/*
** csv_write.c - RFC 4180 writing with formula-injection protection.
**
** Spreadsheets evaluate a cell that begins with = + - @ even when it was quoted, so quoting is
** not protection; the apostrophe is (spreadsheets show the rest as text). TAB and CR are in
** the list because some programs strip them before looking at the first character.
** Must not depend on SQLite or SDL.
*/
#include "csv_write.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "textbuf.h"

static int csv_append(struct csv_writer *w, const char *s, size_t n)
{
    return textbuf_append(&w->text, s, n);
}

void csv_writer_init(struct csv_writer *w)
{
    memset(w, 0, sizeof *w);
    csv_append(w, CSV_BOM, 3);
}

void csv_writer_free(struct csv_writer *w)
{
    free(w->text.data);
    memset(w, 0, sizeof *w);
}

int csv_needs_neutralising(const char *text)
{
    return text && *text && strchr("=+-@\t\r", text[0]) != NULL;
}

static int csv_separator(struct csv_writer *w)
{
    int rc = w->fields > 0 ? csv_append(w, ",", 1) : w->text.error;
    w->fields++;
    return rc;
}

/* Write a cell's characters, quoted when RFC 4180 or a spreadsheet needs it. */
static int csv_write_cell(struct csv_writer *w, const char *prefix, const char *text)
{
    size_t plen = strlen(prefix), tlen = strlen(text);
    const char *first = plen ? prefix : text;
    char last = tlen ? text[tlen - 1] : plen ? prefix[plen - 1] : '\0';
    int quote = strpbrk(text, ",\"\r\n") != NULL || first[0] == ' ' || last == ' ';
    int rc = csv_separator(w);
    if (!quote) {
        csv_append(w, prefix, plen);
        return csv_append(w, text, tlen);
    }
    csv_append(w, "\"", 1);
    csv_append(w, prefix, plen);
    for (const char *p = text; *p; ) {
        size_t run = strcspn(p, "\"");
        csv_append(w, p, run);
        p += run;
        if (*p == '"') {
            csv_append(w, "\"\"", 2);
            p++;
        }
    }
    rc = csv_append(w, "\"", 1);
    return rc;
}

int csv_write_field(struct csv_writer *w, const char *text)
{
    if (!text)
        text = "";
    return csv_write_cell(w, csv_needs_neutralising(text) ? "'" : "", text);
}

int csv_write_number(struct csv_writer *w, int64_t value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, value);
    return csv_write_cell(w, "", buf);
}

int csv_write_end_row(struct csv_writer *w)
{
    w->fields = 0;
    return csv_append(w, "\r\n", 2);
}

int csv_write_row(struct csv_writer *w, const char *const *cells)
{
    for (int i = 0; cells[i]; i++)
        csv_write_field(w, cells[i]);
    return csv_write_end_row(w);
}

int csv_writer_finish(struct csv_writer *w, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int rc = w->text.error;
    if (rc) {
        csv_writer_free(w);
        return rc;
    }
    if (!w->text.data && (rc = csv_append(w, "", 0)) != SD_OK)
        return rc;
    *data = w->text.data;
    *len = w->text.len;
    memset(w, 0, sizeof *w);
    return SD_OK;
}
