/*
** csv_write.h - CSV files a coordinator opens in LibreOffice or Excel (RFC 4180).
**
** Rows end in CRLF; a field is quoted when it holds a comma, a quote, CR or LF or begins or
** ends with a space, and quotes inside are doubled. The file starts with a UTF-8 BOM so Excel
** shows å ä ö. Text from the kiosk (a shadow's comment) cannot become a formula: a text cell
** beginning with = + - @ TAB or CR gets a leading apostrophe (OWASP's advice); numbers the
** program formats itself are written as they are. The writer builds the file in memory; the
** first failure sticks and is returned by every later call. Must not depend on SQLite or SDL.
*/
#ifndef SD_CSV_WRITE_H
#define SD_CSV_WRITE_H
#include "textbuf.h"

#include <stddef.h>
#include <stdint.h>

#define CSV_BOM "\xEF\xBB\xBF"

struct csv_writer {
    struct textbuf text;        /* the file so far; its error is the first failure */
    int fields;                 /* fields in the current row */
};

/* Start a file (writes the BOM). */
void csv_writer_init(struct csv_writer *w);
void csv_writer_free(struct csv_writer *w);

/* A text cell (NULL = empty), neutralised against formulas and quoted as needed. */
int csv_write_field(struct csv_writer *w, const char *text);
/* A number the program formats itself: never neutralised. */
int csv_write_number(struct csv_writer *w, int64_t value);
/* A row of text cells from a NULL-terminated array, ended with CRLF. */
int csv_write_row(struct csv_writer *w, const char *const *cells);
/* End the current row with CRLF. */
int csv_write_end_row(struct csv_writer *w);

/*
** Hand the finished file over: *data (malloc'd, NUL after *len bytes) belongs to the caller.
** Returns the sticky error, SD_OK when none (then w is empty again).
*/
int csv_writer_finish(struct csv_writer *w, char **data, size_t *len);

/* Whether a text cell needs the leading apostrophe. */
int csv_needs_neutralising(const char *text);

#endif
