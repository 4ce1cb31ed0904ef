/*
** pack_sheet.h - one parse of a day pack: what pack.c and the per-file readers share.
**
** A reader describes its file as a table of columns (struct pack_column): the column's name, the
** flags (must it be in the first line, may it have translations, may a cell be empty) and the
** function that reads a cell into the item's field at an offset. pack_sheet.c reads the CSV,
** binds the first line to the table, and runs the table over every row, so a new column is one
** row in its file's table (and one field in pack.h). Problems go to the report as
** "file:line: message" through the parse (struct pack_parse), which also knows what was read
** so far: references into hosts.csv and shadows.csv are checked only when those were read.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_PACK_SHEET_H
#define SD_PACK_SHEET_H

#include <stddef.h>

#include "csv_read.h"
#include "pack_internal.h"
#include "textbuf.h"

#define COL_REQUIRED 1u         /* the column must be in the first line */
#define COL_TR 2u               /* translations come in <name>_<lang> columns */
#define COL_NEED 4u             /* an empty cell is an error */

struct pack_parse;
struct sheet_row;

/* Read the cell of row->col into field, the item's member at the column's offset. */
typedef void pack_sheet_read_fn(struct pack_parse *ps, const struct sheet_row *row, void *field);

struct pack_column {
    const char *name;           /* as written in the first line, folded (lower case, '_') */
    unsigned flags;             /* COL_* */
    pack_sheet_read_fn *read;   /* NULL: read together with another column (pin with pin_hash) */
    size_t offset;              /* of the field in the item */
    int arg;                    /* the reader's setting: a yes/no's default */
};

enum { SHEET_MAX_COLUMNS = 24 };

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
    char *items;                    /* the items read (the pack's array), item_size each */
    size_t item_size;
    int count;                      /* items read */
    int *lines;                     /* the line of each item */
    int *recs;                      /* the record of each item in t */
};

struct sheet_row {                  /* the row a column reader is reading */
    struct sheet *sh;
    const struct csv_record *rec;
    int col;                        /* the column being read */
    char *item;                     /* the item being filled */
    int index;                      /* its place among the items */
};

struct pack_parse {
    struct pack *p;
    const struct pack_source *src;
    struct pack_report *rep;
    int hash_plain_pins;
    struct sheet workplace, hosts, shadows, plan, safety, questions;
    int hosts_known, shadows_known; /* ids were read: references into them can be checked */
    int admin_rec;                  /* workplace.csv record with a plain admin_pin, or -1 */
    const struct pack_file *pictures[PACK_MAX_FILES]; /* the photos the pack uses */
    int npictures;
    int nomem;
    char quoted[4][112];            /* values quoted in messages, used round-robin */
    int quoted_next;
    char ids[160];
};

/* ---------------------------------------------------------------- pack_sheet.c: problems */

#if defined(__GNUC__)
#define PACK_SHEET_PRINTF __attribute__((format(printf, 4, 5)))
#else
#define PACK_SHEET_PRINTF
#endif
void pack_sheet_error(struct pack_parse *ps, const char *file, int line, const char *fmt, ...)
    PACK_SHEET_PRINTF;
void pack_sheet_warn(struct pack_parse *ps, const char *file, int line, const char *fmt, ...)
    PACK_SHEET_PRINTF;
/* A value from the file made safe to show inside a message: one line, at most ~60 bytes. */
const char *pack_sheet_quote(struct pack_parse *ps, const char *s);
/* "liisa, pekka, sanna, ...": the first ids of the items of sh, for "use one of ..." messages. */
const char *pack_sheet_ids(struct pack_parse *ps, const struct sheet *sh, size_t id_offset);

/* ---------------------------------------------------------------- pack_sheet.c: reading */

/*
** Read file into sh with its columns: find it, read the CSV, trim every cell, bind the header.
** A missing file is an error when required (unless reading it already failed and said so).
** Returns sh->usable: whether rows can be read.
*/
int pack_sheet_open(struct pack_parse *ps, struct sheet *sh, const char *file,
                    const struct pack_column *cols, int ncols, int required);
/* Run the columns over every row that is not blank into a new array of item_size items (for
** the pack to keep and free); sh->count says how many were read. NULL when memory ran out. */
void *pack_sheet_read_rows(struct pack_parse *ps, struct sheet *sh, size_t item_size);
/* Whether a data row is blank after trimming (it is then skipped). Reports values beyond the
** header's columns, which mean an unquoted separator shifted the row. */
int pack_sheet_row_blank(struct pack_parse *ps, const struct sheet *sh,
                         const struct csv_record *rec);
/* The cell of column col in rec ("" when the column or the cell is absent). */
const char *pack_sheet_cell(const struct sheet *sh, const struct csv_record *rec, int col);
/* The cell a column reader is reading. */
const char *pack_sheet_row_cell(const struct sheet_row *row);
/* Two items with one first name (the char * at name_offset) on a pick-your-name screen is a
** trap: warn. */
void pack_sheet_same_names(struct pack_parse *ps, const struct sheet *sh, size_t name_offset);
/* A cell that is one of words: its value, if_empty when empty, -1 when it is not one of them. */
int pack_sheet_word(const struct sheet_row *row, const struct pack_word *words, int count,
                    int if_empty);
/* A yes/no cell: 1, 0, or dflt when empty (dflt -2 = an empty cell is an error). */
int pack_sheet_yes_no(struct pack_parse *ps, const struct sheet_row *row, int dflt);
/* Check a phone number (warning or error) / a language (error) written on a line of file. */
void pack_sheet_phone(struct pack_parse *ps, const char *file, int line, const char *v);
void pack_sheet_language(struct pack_parse *ps, const char *file, int line, const char *v,
                         char out[8]);

/* Column readers, named by the field they fill. */
pack_sheet_read_fn pack_sheet_read_id;       /* char[PACK_ID_MAX], valid and unique in the file */
pack_sheet_read_fn pack_sheet_read_name;     /* char *, kept as written */
pack_sheet_read_fn pack_sheet_read_text;     /* struct pack_text, with its translations */
pack_sheet_read_fn pack_sheet_read_phone;    /* char *, checked when given */
pack_sheet_read_fn pack_sheet_read_yes_no;   /* int: 1, 0, or the column's arg when empty */
pack_sheet_read_fn pack_sheet_read_time;     /* int minutes after midnight, -1 when empty */
pack_sheet_read_fn pack_sheet_read_language; /* char[8], "" when empty */
pack_sheet_read_fn pack_sheet_read_picture;  /* char[64], a JPEG or PNG file of the pack */

/* ---------------------------------------------------------------- pack_sheet.c: copies */

/* One record at its original line (blank lines fill the gap), so line numbers stay what the
** coordinator saw. *line is the line the output is on. */
void pack_sheet_write_record(struct textbuf *o, char sep, const char *const *cells, int n,
                             int at_line, int *line);

/* ---------------------------------------------------------------- the readers, in their order */

void pack_workplace_read(struct pack_parse *ps);
/* workplace.csv with the plain admin_pin line turned into admin_pin_hash, into o; nothing is
** written when the file has no plain PIN (it is kept as it is). SD_OK or SD_ENOMEM. */
int pack_workplace_canon(struct pack_parse *ps, struct textbuf *o);

void pack_hosts_read(struct pack_parse *ps);
/* hosts.csv without the plain pin column and with every hash in pin_hash, into o; nothing is
** written when the file has no pin column. SD_OK or SD_ENOMEM. */
int pack_hosts_canon(struct pack_parse *ps, struct textbuf *o);
/* The host with id in any case, or NULL. */
const struct pack_host *pack_hosts_match(const struct pack *p, const char *id);

void pack_shadows_read(struct pack_parse *ps);
/* The shadow with id in any case, or NULL. */
const struct pack_shadow *pack_shadows_match(const struct pack *p, const char *id);

void pack_plan_read(struct pack_parse *ps);
/* Every shadow's timeline: own items in order, no overlaps with each other or with "*" items,
** at least one item (pack_timeline.c). */
void pack_timeline_check(struct pack_parse *ps);

void pack_safety_read(struct pack_parse *ps);
void pack_questions_read(struct pack_parse *ps);

/* ---------------------------------------------------------------- after the readers */

/* The files the kiosk keeps in p->files (plain PINs replaced by hashes, the photos the pack
** uses) and the pack id over them (pack_canon.c). */
int pack_canon_build(struct pack_parse *ps);
/* "*" items first, then each shadow's in the order of shadows.csv; each group by start time
** (pack_plan_order.c). SD_OK or SD_ENOMEM. */
int pack_plan_order_sort(struct pack *p);

#endif
