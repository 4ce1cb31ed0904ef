/*
** json.c - JSON writing and strict, bounded parsing.
**
** The parser is recursive descent over a byte range; recursion is bounded by max_depth, memory
** by max_values and max_string, and the quadratic duplicate-key check by max_members. It works
** on bytes, never on the C locale, so a Finnish LC_NUMERIC cannot change it.
** Must not depend on SQLite or SDL.
*/
#include "json.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "textbuf.h"
#include "i18n.h"

/* ---------------------------------------------------------------- writing */
static int json_append(struct json_writer *w, const char *s, size_t n)
{
    return textbuf_append(&w->text, s, n);
}

static void json_newline(struct json_writer *w)
{
    static const char spaces[] = "                                                                ";
    if (!w->pretty)
        return;
    json_append(w, "\n", 1);
    size_t n = (size_t)w->depth * 2;
    json_append(w, spaces, n < sizeof spaces - 1 ? n : sizeof spaces - 1);
}

/* Before any value: the comma and line break its container needs. */
static int json_before_value(struct json_writer *w)
{
    if (w->text.error)
        return w->text.error;
    if (w->after_key) {
        w->after_key = 0;
        return SD_OK;
    }
    if (w->depth > 0) {
        if (w->object[w->depth - 1])
            return w->text.error = SD_EINVAL;    /* a value in an object needs its key first */
        if (w->count[w->depth - 1])
            json_append(w, ",", 1);
        w->count[w->depth - 1] = 1;
        json_newline(w);
    } else if (w->text.len > 0) {
        w->text.error = SD_EINVAL;   /* a second value at the top */
    }
    return w->text.error;
}

void json_writer_init(struct json_writer *w, int pretty)
{
    memset(w, 0, sizeof *w);
    w->pretty = pretty;
}

void json_writer_free(struct json_writer *w)
{
    free(w->text.data);
    memset(w, 0, sizeof *w);
}

static int json_begin(struct json_writer *w, const char *open)
{
    if (json_before_value(w))
        return w->text.error;
    if (w->depth >= JSON_WRITE_MAX_DEPTH)
        return w->text.error = SD_ELIMIT;
    json_append(w, open, 1);
    w->object[w->depth] = open[0] == '{';
    w->count[w->depth++] = 0;
    return w->text.error;
}

static int json_end(struct json_writer *w, const char *close)
{
    if (w->text.error)
        return w->text.error;
    if (w->depth == 0 || w->after_key || w->object[w->depth - 1] != (close[0] == '}'))
        return w->text.error = SD_EINVAL;
    int had = w->count[w->depth - 1];
    w->depth--;
    if (had)
        json_newline(w);
    return json_append(w, close, 1);
}

int json_write_begin_object(struct json_writer *w) { return json_begin(w, "{"); }
int json_write_end_object(struct json_writer *w) { return json_end(w, "}"); }
int json_write_begin_array(struct json_writer *w) { return json_begin(w, "["); }
int json_write_end_array(struct json_writer *w) { return json_end(w, "]"); }

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one. */
static size_t json_utf8_len(const unsigned char *p, size_t left)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;          /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F;          /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;          /* nothing above U+10FFFF */
    } else
        return 0;
    if (left < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

static int json_write_escaped(struct json_writer *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    json_append(w, "\"", 1);
    while (left > 0) {
        size_t run = 0;
        /* Copy plain ASCII in one go. */
        while (run < left && p[run] >= 0x20 && p[run] < 0x7F && p[run] != '"' && p[run] != '\\')
            run++;
        json_append(w, (const char *)p, run);
        p += run;
        left -= run;
        if (left == 0)
            break;
        unsigned c = *p;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            json_append(w, esc, 2);
            p++, left--;
        } else if (c < 0x20 || c == 0x7F) {
            static const char short_form[] = "btn\0fr";   /* \b \t \n, \f \r for 8..13 */
            if (c >= 8 && c <= 13 && short_form[c - 8]) {
                esc[0] = '\\';
                esc[1] = short_form[c - 8];
                json_append(w, esc, 2);
            } else {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                json_append(w, esc, 6);
            }
            p++, left--;
        } else {
            size_t n = json_utf8_len(p, left);
            if (n == 0) {
                json_append(w, "\xEF\xBF\xBD", 3);     /* U+FFFD for a stray byte */
                p++, left--;
            } else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                json_append(w, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                p += 3, left -= 3;
            } else {
                json_append(w, (const char *)p, n);
                p += n, left -= n;
            }
        }
    }
    return json_append(w, "\"", 1);
}

int json_write_key(struct json_writer *w, const char *key)
{
    if (w->text.error)
        return w->text.error;
    if (w->depth == 0 || w->after_key || !w->object[w->depth - 1])
        return w->text.error = SD_EINVAL;
    if (w->count[w->depth - 1])
        json_append(w, ",", 1);
    w->count[w->depth - 1] = 1;
    json_newline(w);
    json_write_escaped(w, key);
    json_append(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->after_key = 1;
    return w->text.error;
}

int json_write_string(struct json_writer *w, const char *s)
{
    if (!s)
        return json_write_null(w);
    if (json_before_value(w))
        return w->text.error;
    return json_write_escaped(w, s);
}

int json_write_int(struct json_writer *w, int64_t v)
{
    char buf[32];
    if (json_before_value(w))
        return w->text.error;
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    return json_append(w, buf, (size_t)n);
}

int json_write_bool(struct json_writer *w, int v)
{
    if (json_before_value(w))
        return w->text.error;
    return v ? json_append(w, "true", 4) : json_append(w, "false", 5);
}

int json_write_null(struct json_writer *w)
{
    if (json_before_value(w))
        return w->text.error;
    return json_append(w, "null", 4);
}

int json_write_member_string(struct json_writer *w, const char *key, const char *s)
{
    json_write_key(w, key);
    return json_write_string(w, s);
}

int json_write_member_int(struct json_writer *w, const char *key, int64_t v)
{
    json_write_key(w, key);
    return json_write_int(w, v);
}

int json_writer_finish(struct json_writer *w, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (!w->text.error && (w->depth != 0 || w->after_key || w->text.len == 0))
        w->text.error = SD_EINVAL;
    if (!w->text.error && w->pretty)
        json_append(w, "\n", 1);
    int rc = w->text.error;
    if (rc) {
        json_writer_free(w);
        return rc;
    }
    *data = w->text.data;
    *len = w->text.len;
    memset(w, 0, sizeof *w);
    return SD_OK;
}

/* ---------------------------------------------------------------- parsing */
struct json_parser {
    const unsigned char *start, *p, *end;
    const struct json_limits *lim;
    size_t values;
    int rc;
    char *err;
    size_t err_size;
};

void json_default_limits(struct json_limits *lim)
{
    lim->max_bytes = 64u << 20;
    lim->max_depth = 16;
    lim->max_string = 64u << 10;
    lim->max_values = 4u << 20;
    lim->max_members = 256;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int json_fail(struct json_parser *ps, int rc, const char *fmt, ...)
{
    if (ps->rc)
        return ps->rc;
    ps->rc = rc;
    if (ps->err && ps->err_size > 0) {
        int line = 1, col = 1;
        for (const unsigned char *q = ps->start; q < ps->p && q < ps->end; q++) {
            if (*q == '\n') {
                line++;
                col = 1;
            } else if ((*q & 0xC0) != 0x80) {
                col++;
            }
        }
        char what[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        snprintf(ps->err, ps->err_size, _("line %d, column %d: %s"), line, col, what);
    }
    return rc;
}

static void json_skip_space(struct json_parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static void json_free_inner(struct json_value *v)
{
    free(v->string);
    for (int i = 0; i < v->count; i++) {
        json_free_inner(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
}

void json_free(struct json_value *v)
{
    if (!v)
        return;
    json_free_inner(v);
    free(v);
}

static int json_hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

/* A string at ps->p (on its opening quote) into a malloc'd NUL-terminated buffer. */
static int json_parse_string(struct json_parser *ps, char **out, size_t *out_len)
{
    ps->p++;
    /* The decoded text is never longer than the raw text up to the closing quote. */
    const unsigned char *q = ps->p;
    while (q < ps->end && *q != '"') {
        if (*q == '\\' && q + 1 < ps->end)
            q++;
        q++;
    }
    if (q >= ps->end)
        return json_fail(ps, SD_EINVAL, "%s", _("a string is not closed"));
    if ((size_t)(q - ps->p) > ps->lim->max_string * 6 + 6)
        return json_fail(ps, SD_ELIMIT, "%s", _("a string is too long"));
    char *buf = malloc((size_t)(q - ps->p) + 1);
    if (!buf)
        return json_fail(ps, SD_ENOMEM, "%s", _("out of memory"));
    size_t n = 0;
    while (*ps->p != '"') {
        unsigned c = *ps->p;
        if (c < 0x20) {
            free(buf);
            return json_fail(ps, SD_EINVAL, "%s", _("a control character inside a string"));
        }
        if (c == '\\') {
            unsigned e = ps->p[1], cp;
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *hit = e ? strchr(from, (int)e) : NULL;
            if (hit) {
                buf[n++] = to[hit - from];
                ps->p += 2;
            } else if (e == 'u' && ps->end - ps->p >= 6 && json_hex4(ps->p + 2, &cp) == 0) {
                ps->p += 6;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    cp = 0;     /* a low surrogate alone */
                else if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u' &&
                        json_hex4(ps->p + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        ps->p += 6;
                    } else
                        cp = 0;
                }
                if (cp == 0) {
                    free(buf);
                    return json_fail(ps, SD_EINVAL, "%s",
                                     _("a \\u escape is NUL or a lone surrogate"));
                }
                if (cp < 0x80)
                    buf[n++] = (char)cp;
                else if (cp < 0x800) {
                    buf[n++] = (char)(0xC0 | cp >> 6);
                    buf[n++] = (char)(0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    buf[n++] = (char)(0xE0 | cp >> 12);
                    buf[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
                    buf[n++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    buf[n++] = (char)(0xF0 | cp >> 18);
                    buf[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
                    buf[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
                    buf[n++] = (char)(0x80 | (cp & 0x3F));
                }
            } else {
                free(buf);
                return json_fail(ps, SD_EINVAL, "%s", _("an invalid escape in a string"));
            }
        } else {
            size_t k = json_utf8_len(ps->p, (size_t)(ps->end - ps->p));
            if (k == 0) {
                free(buf);
                return json_fail(ps, SD_EINVAL, "%s", _("text that is not valid UTF-8"));
            }
            memcpy(buf + n, ps->p, k);
            n += k;
            ps->p += k;
        }
        if (n > ps->lim->max_string) {
            free(buf);
            return json_fail(ps, SD_ELIMIT, "%s", _("a string is too long"));
        }
    }
    ps->p++;
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return SD_OK;
}

static int json_parse_number(struct json_parser *ps, struct json_value *v)
{
    const unsigned char *p = ps->p, *end = ps->end;
    int neg = 0, integer = 1, overflow = 0;
    uint64_t mag = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p >= end || *p < '0' || *p > '9')
        return json_fail(ps, SD_EINVAL, "%s", _("an invalid number"));
    if (*p == '0') {
        p++;
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            unsigned d = (unsigned)(*p - '0');
            if (mag > (UINT64_MAX - d) / 10)
                overflow = 1;
            else
                mag = mag * 10 + d;
            p++;
        }
    }
    if (p < end && *p == '.') {
        integer = 0;
        p++;
        if (p >= end || *p < '0' || *p > '9')
            return json_fail(ps, SD_EINVAL, "%s", _("an invalid number"));
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        integer = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || *p < '0' || *p > '9')
            return json_fail(ps, SD_EINVAL, "%s", _("an invalid number"));
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    v->type = JSON_NUMBER;
    if (integer && !overflow && mag <= (uint64_t)INT64_MAX + (uint64_t)neg) {
        v->is_integer = 1;
        v->integer = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    }
    ps->p = p;
    return SD_OK;
}

static int json_parse_value(struct json_parser *ps, struct json_value *v, int depth);

static int json_add_item(struct json_parser *ps, struct json_value *v, int *cap, char *key)
{
    if (v->count == *cap) {
        int ncap = *cap ? *cap * 2 : 8;
        struct json_value *items = realloc(v->items, (size_t)ncap * sizeof *items);
        if (!items)
            return json_fail(ps, SD_ENOMEM, "%s", _("out of memory"));
        v->items = items;
        if (v->type == JSON_OBJECT) {
            char **keys = realloc(v->keys, (size_t)ncap * sizeof *keys);
            if (!keys)
                return json_fail(ps, SD_ENOMEM, "%s", _("out of memory"));
            v->keys = keys;
        }
        *cap = ncap;
    }
    memset(&v->items[v->count], 0, sizeof v->items[0]);
    if (v->type == JSON_OBJECT)
        v->keys[v->count] = key;
    v->count++;
    return SD_OK;
}

static int json_parse_container(struct json_parser *ps, struct json_value *v, int depth)
{
    int object = *ps->p == '{', cap = 0;
    unsigned char close = object ? '}' : ']';
    if (depth >= ps->lim->max_depth)
        return json_fail(ps, SD_ELIMIT, "%s", _("values are nested too deeply"));
    v->type = object ? JSON_OBJECT : JSON_ARRAY;
    ps->p++;
    json_skip_space(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return SD_OK;
    }
    for (;;) {
        char *key = NULL;
        json_skip_space(ps);
        if (object) {
            size_t klen;
            if (ps->p >= ps->end || *ps->p != '"')
                return json_fail(ps, SD_EINVAL, "%s", _("a key in quotes was expected"));
            if (json_parse_string(ps, &key, &klen))
                return ps->rc;
            for (int i = 0; i < v->count; i++)
                if (strcmp(v->keys[i], key) == 0) {
                    free(key);
                    return json_fail(ps, SD_EINVAL, "%s", _("a key appears twice in one object"));
                }
            if (v->count >= ps->lim->max_members) {
                free(key);
                return json_fail(ps, SD_ELIMIT, "%s", _("an object has too many members"));
            }
            json_skip_space(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                free(key);
                return json_fail(ps, SD_EINVAL, "%s", _("a colon was expected after a key"));
            }
            ps->p++;
        }
        if (json_add_item(ps, v, &cap, key)) {
            free(key);
            return ps->rc;
        }
        if (json_parse_value(ps, &v->items[v->count - 1], depth + 1))
            return ps->rc;
        json_skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return SD_OK;
        }
        return json_fail(ps, SD_EINVAL, "%s", _("a comma or the end of the list was expected"));
    }
}

static int json_parse_value(struct json_parser *ps, struct json_value *v, int depth)
{
    static const struct { const char *word; size_t len; int type; } words[] = {
        { "null", 4, JSON_NULL }, { "true", 4, JSON_TRUE }, { "false", 5, JSON_FALSE },
    };
    if (++ps->values > ps->lim->max_values)
        return json_fail(ps, SD_ELIMIT, "%s", _("too many values"));
    json_skip_space(ps);
    if (ps->p >= ps->end)
        return json_fail(ps, SD_EINVAL, "%s", _("the text ends where a value was expected"));
    unsigned c = *ps->p;
    if (c == '{' || c == '[')
        return json_parse_container(ps, v, depth);
    if (c == '"') {
        v->type = JSON_STRING;
        return json_parse_string(ps, &v->string, &v->string_len);
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return json_parse_number(ps, v);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if ((size_t)(ps->end - ps->p) >= words[i].len &&
            memcmp(ps->p, words[i].word, words[i].len) == 0) {
            v->type = words[i].type;
            ps->p += words[i].len;
            return SD_OK;
        }
    return json_fail(ps, SD_EINVAL, "%s", _("an unexpected character"));
}

int json_parse(const char *text, size_t len, const struct json_limits *lim,
               struct json_value **out, char *err, size_t err_size)
{
    struct json_limits defaults;
    if (!lim) {
        json_default_limits(&defaults);
        lim = &defaults;
    }
    struct json_parser ps = {
        .start = (const unsigned char *)text, .p = (const unsigned char *)text,
        .end = (const unsigned char *)text + len, .lim = lim, .err = err, .err_size = err_size,
    };
    *out = NULL;
    if (err && err_size)
        err[0] = '\0';
    if (len > lim->max_bytes)
        return json_fail(&ps, SD_ELIMIT, "%s", _("the file is too large"));
    struct json_value *v = calloc(1, sizeof *v);
    if (!v)
        return json_fail(&ps, SD_ENOMEM, "%s", _("out of memory"));
    if (json_parse_value(&ps, v, 0) == SD_OK) {
        json_skip_space(&ps);
        if (ps.p != ps.end)
            json_fail(&ps, SD_EINVAL, "%s", _("something follows the end of the value"));
    }
    if (ps.rc) {
        json_free(v);
        return ps.rc;
    }
    *out = v;
    return SD_OK;
}

const struct json_value *json_object_get(const struct json_value *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT)
        return NULL;
    for (int i = 0; i < v->count; i++)
        if (strcmp(v->keys[i], key) == 0)
            return &v->items[i];
    return NULL;
}

const char *json_object_get_string(const struct json_value *v, const char *key)
{
    const struct json_value *m = json_object_get(v, key);
    return m && m->type == JSON_STRING ? m->string : NULL;
}

int json_object_get_int(const struct json_value *v, const char *key, int64_t *out)
{
    const struct json_value *m = json_object_get(v, key);
    if (!m)
        return SD_ENOTFOUND;
    if (m->type != JSON_NUMBER || !m->is_integer)
        return SD_EINVAL;
    *out = m->integer;
    return SD_OK;
}
