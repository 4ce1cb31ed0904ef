/*
** json.h - a small JSON writer and a strict, bounded JSON parser.
**
** The writer makes records.json of an export: strings are escaped completely (quote, backslash,
** every control character, and U+2028/U+2029, which some JavaScript tools treat as line ends);
** bytes that are not UTF-8 become U+FFFD. The parser reads it back in `shadowday collect` from
** a stick anyone could have written: total size, nesting depth, string length, number of values
** and members per object are capped, invalid UTF-8, lone surrogates, \u0000, duplicate keys and
** anything after the value are refused. Numbers: integers within int64 are kept exactly; other
** numbers are accepted and flagged. Must not depend on SQLite or SDL.
*/
#ifndef SD_JSON_H
#define SD_JSON_H
#include "textbuf.h"

#include <stddef.h>
#include <stdint.h>

#define JSON_WRITE_MAX_DEPTH 32

/* ---------------------------------------------------------------- writing */
struct json_writer {
    struct textbuf text;        /* the document so far; its error is the first failure */
    int depth;
    unsigned char count[JSON_WRITE_MAX_DEPTH]; /* values so far in each open container (0, 1 = more) */
    unsigned char object[JSON_WRITE_MAX_DEPTH]; /* the open container is an object */
    int after_key;              /* a key was written; its value comes next */
    int pretty;                 /* newlines and two-space indents */
};

void json_writer_init(struct json_writer *w, int pretty);
void json_writer_free(struct json_writer *w);
int json_write_begin_object(struct json_writer *w);
int json_write_end_object(struct json_writer *w);
int json_write_begin_array(struct json_writer *w);
int json_write_end_array(struct json_writer *w);
/* A member's key inside an object; its value is the next write. */
int json_write_key(struct json_writer *w, const char *key);
int json_write_string(struct json_writer *w, const char *s);     /* NULL writes null */
int json_write_int(struct json_writer *w, int64_t v);
int json_write_bool(struct json_writer *w, int v);
int json_write_null(struct json_writer *w);
/* key + value in one call. */
int json_write_member_string(struct json_writer *w, const char *key, const char *s);
int json_write_member_int(struct json_writer *w, const char *key, int64_t v);
/* Hand the text over (malloc'd, NUL-terminated): SD_OK, or the sticky error (SD_EINVAL for
** unbalanced containers, SD_ENOMEM). */
int json_writer_finish(struct json_writer *w, char **data, size_t *len);

/* ---------------------------------------------------------------- parsing */
enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
    int type;                   /* enum json_type */
    char *string;               /* JSON_STRING: UTF-8 without NUL bytes, NUL-terminated */
    size_t string_len;
    int64_t integer;            /* JSON_NUMBER with is_integer */
    int is_integer;             /* an integer within int64 (no fraction, no exponent) */
    int count;                  /* JSON_ARRAY, JSON_OBJECT: how many values */
    char **keys;                /* JSON_OBJECT: the key of items[i] */
    struct json_value *items;   /* JSON_ARRAY, JSON_OBJECT */
};

struct json_limits {
    size_t max_bytes;           /* the whole text */
    int max_depth;              /* arrays and objects inside each other */
    size_t max_string;          /* bytes of one decoded string or key */
    size_t max_values;          /* values in the whole document */
    int max_members;            /* members of one object */
};

/* Limits fit for an export of a day: 64 MiB, depth 16, strings of 64 KiB. */
void json_default_limits(struct json_limits *lim);

/*
** Parse len bytes of text (lim NULL = the default limits) into *out (free with json_free).
** SD_EINVAL for anything that is not strict JSON, SD_ELIMIT when a limit is exceeded, SD_ENOMEM;
** err (may be NULL) then says where and what, in plain words.
*/
int json_parse(const char *text, size_t len, const struct json_limits *lim,
               struct json_value **out, char *err, size_t err_size);
void json_free(struct json_value *v);

/* A member of an object by key; NULL when v is not an object or has no such key. */
const struct json_value *json_object_get(const struct json_value *v, const char *key);
/* The member's string, or NULL when it is missing or not a string. */
const char *json_object_get_string(const struct json_value *v, const char *key);
/* The member's integer: SD_OK, SD_ENOTFOUND when missing, SD_EINVAL when not an integer. */
int json_object_get_int(const struct json_value *v, const char *key, int64_t *out);

#endif
