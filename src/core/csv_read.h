/*
** csv_read.h - reading the CSV files spreadsheets write, with limits against hostile input.
**
** Accepts comma, semicolon or tab as the separator (found in the first line, outside quotes),
** an optional UTF-8 BOM, CRLF, LF or CR line ends, quoted fields with doubled quotes and line
** ends or separators inside, blank lines and trailing separators. The input must be UTF-8
** (charset.h converts it first). Every record knows the line a spreadsheet shows it on. Refused,
** with the line: an unterminated quote (the line where it opened), NUL and control characters
** (TAB anywhere and line ends inside quotes are fine), invalid UTF-8, more records, fields or
** bytes in a field than the limits allow. The day pack reads its files with this.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_CSV_READ_H
#define SD_CSV_READ_H

#include <stddef.h>

struct csv_record {
    int line;               /* 1-based line where the record starts (the header is line 1) */
    int count;              /* fields in this record (rows may be ragged) */
    char **fields;          /* NUL-terminated UTF-8; a line end inside a quoted field is "\n" */
};

struct csv_table {
    char separator;         /* ',', ';' or '\t' */
    int count;              /* records, the header row first; blank lines are not records */
    struct csv_record *records;
    char *text_;            /* private: every field's text */
    char **cells_;          /* private: the fields of every record, one after another */
};

struct csv_limits {
    int max_records;        /* records after the header */
    int max_fields;         /* fields in one record */
    size_t max_field_bytes; /* bytes in one field after unquoting */
};

enum csv_problem {
    CSV_OK = 0,
    CSV_EQUOTE,             /* a quoted field never ends */
    CSV_EAFTERQUOTE,        /* text after the closing quote of a field */
    CSV_ERECORDS,           /* more records than max_records */
    CSV_EFIELDS,            /* more fields than max_fields */
    CSV_EFIELDLEN,          /* a field longer than max_field_bytes */
    CSV_ENUL,               /* a NUL byte */
    CSV_ECONTROL,           /* a control character */
    CSV_EUTF8,              /* bytes that are not UTF-8 */
    CSV_ENOMEM
};

struct csv_failure {
    int problem;            /* enum csv_problem */
    int line;               /* where: 1-based */
    long detail;            /* the limit exceeded, or the control character's code */
};

/*
** Read len bytes of data into t (zeroed by the call). SD_OK, or SD_EINVAL / SD_ELIMIT /
** SD_ENOMEM with *why saying what and where; t is then empty. lim NULL means no limits
** beyond memory.
*/
int csv_read(struct csv_table *t, const char *data, size_t len, const struct csv_limits *lim,
             struct csv_failure *why);
void csv_table_free(struct csv_table *t);

/* The failure in plain translated words (without the line), into buf; returns buf. */
const char *csv_failure_message(const struct csv_failure *why, char *buf, size_t size);

#endif
