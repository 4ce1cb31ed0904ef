/*
** po_compile.c - build-time tool: turn the translators' PO files into the C catalogue the core
** reads itself (src/core/i18n.c), for every program and for the browser page alike.
**
** Usage: po_compile OUT.c LANG=FILE.po...   Reads each PO file (msgctxt, msgid, msgid_plural,
** msgstr[n], continued strings, escapes; fuzzy and obsolete entries are left out, as msgfmt
** does), checks its Plural-Forms expression against the grammar gettext uses, and writes one C
** file: per language its plural function and its messages sorted by key for binary search.
** A broken PO file stops the build with file:line. Runs on the build machine only; depends on
** nothing but the C library (not on the core, which it builds).
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct po_text {
    char *data;
    size_t len, cap;
};

struct po_entry {
    char *key;                  /* msgctxt "\004" msgid, or msgid */
    char **forms;               /* msgstr or msgstr[0..n-1] */
    int nforms;
};

struct po_file {
    const char *path;
    char *plural;               /* the C expression of Plural-Forms */
    int nplurals;
    struct po_entry *entries;
    int count, cap;
};

/* The entry being read: which field continued strings append to. */
enum po_field { PO_NONE, PO_CTXT, PO_ID, PO_ID_PLURAL, PO_STR };

struct po_reader {
    struct po_file *file;
    int lineno, fuzzy, has_ctxt, has_id;
    enum po_field field;
    int str_index;
    struct po_text ctxt, id, id_plural, str[8];
    int nstr;
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4), noreturn))
#endif
static void po_die(const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    _exit(1);       /* a tool stopping on bad input: nothing to clean up, no leak report */
}

static void *po_alloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        fputs("po_compile: out of memory\n", stderr);
        _exit(1);
    }
    return p;
}

static void text_add(struct po_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->data = po_alloc(t->data, t->cap);
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static char *text_take(struct po_text *t)
{
    char *s = t->data ? t->data : po_alloc(NULL, 1);
    if (!t->data)
        s[0] = '\0';
    memset(t, 0, sizeof *t);
    return s;
}

/* The C string literal at p (after optional spaces), unescaped onto t. */
static void po_read_string(struct po_reader *r, const char *p, struct po_text *t)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != '"')
        po_die(r->file->path, r->lineno, "a quoted string was expected");
    for (; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            static const char from[] = "ntr\"\\ab?f'v", to[] = "\n\t\r\"\\\a\b?\f'\v";
            const char *k = strchr(from, *++p);
            if (!*p || !k)
                po_die(r->file->path, r->lineno, "unknown escape \\%c", *p ? *p : ' ');
            c = to[k - from];
        }
        text_add(t, &c, 1);
    }
    if (*p != '"')
        po_die(r->file->path, r->lineno, "the string has no closing quote");
    for (p++; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
        ;
    if (*p)
        po_die(r->file->path, r->lineno, "unexpected text after the string");
}

static void po_parse_header(struct po_file *f, const char *header)
{
    const char *pf = strstr(header, "Plural-Forms:");
    if (!pf) {
        f->nplurals = 2;
        f->plural = strdup("n != 1");
        return;
    }
    const char *np = strstr(pf, "nplurals="), *ex = strstr(pf, "plural=");
    while (ex && ex > pf && ex[-1] == 'n')      /* "nplurals=" contains "plural=" */
        ex = strstr(ex + 1, "plural=");
    if (!np || !ex)
        po_die(f->path, 1, "Plural-Forms needs nplurals= and plural=");
    f->nplurals = atoi(np + 9);
    if (f->nplurals < 1 || f->nplurals > 8)
        po_die(f->path, 1, "nplurals must be 1 to 8");
    ex += 7;
    size_t n = strcspn(ex, ";\n");
    f->plural = po_alloc(NULL, n + 1);
    memcpy(f->plural, ex, n);
    f->plural[n] = '\0';
    /* gettext's grammar only: n, numbers, parentheses, arithmetic, comparison, logic, ?: */
    for (const char *p = f->plural; *p; p++)
        if (!strchr("n0123456789 ()?:%+-*/<>=!&|", *p))
            po_die(f->path, 1, "the plural expression may not contain '%c'", *p);
}

/* The finished entry goes into the file's list (or, for msgid "", gives the header). */
static void po_finish_entry(struct po_reader *r)
{
    struct po_file *f = r->file;
    if (!r->has_id) {
        if (r->has_ctxt || r->nstr)
            po_die(f->path, r->lineno, "an entry without msgid");
        return;
    }
    char *ctxt = text_take(&r->ctxt), *id = text_take(&r->id);
    free(text_take(&r->id_plural));
    int translated = r->nstr > 0;
    for (int i = 0; i < r->nstr; i++)
        translated &= r->str[i].len > 0;
    if (!r->has_ctxt && id[0] == '\0') {
        char *header = text_take(&r->str[0]);
        po_parse_header(f, header);
        free(header);
    } else if (translated && !r->fuzzy) {
        if (f->count == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 256;
            f->entries = po_alloc(f->entries, (size_t)f->cap * sizeof *f->entries);
        }
        struct po_entry *e = &f->entries[f->count++];
        size_t klen = strlen(ctxt) + strlen(id) + 2;
        e->key = po_alloc(NULL, klen);
        if (r->has_ctxt)
            snprintf(e->key, klen, "%s\004%s", ctxt, id);
        else
            snprintf(e->key, klen, "%s", id);
        e->nforms = r->nstr;
        e->forms = po_alloc(NULL, (size_t)r->nstr * sizeof *e->forms);
        for (int i = 0; i < r->nstr; i++)
            e->forms[i] = text_take(&r->str[i]);
    }
    for (int i = 0; i < r->nstr; i++)
        free(text_take(&r->str[i]));
    free(ctxt);
    free(id);
    r->has_ctxt = r->has_id = r->fuzzy = 0;
    r->nstr = 0;
    r->field = PO_NONE;
}

/* One keyword line: msgctxt, msgid, msgid_plural, msgstr, msgstr[n]. */
static void po_keyword(struct po_reader *r, const char *line)
{
    size_t n = strcspn(line, " \t[");
    if (n == 7 && strncmp(line, "msgctxt", n) == 0) {
        po_finish_entry(r);
        r->has_ctxt = 1;
        r->field = PO_CTXT;
        po_read_string(r, line + n, &r->ctxt);
    } else if (n == 5 && strncmp(line, "msgid", n) == 0) {
        if (r->has_id || (r->field != PO_CTXT && r->field != PO_NONE))
            po_finish_entry(r);
        r->has_id = 1;
        r->field = PO_ID;
        po_read_string(r, line + n, &r->id);
    } else if (n == 12 && strncmp(line, "msgid_plural", n) == 0) {
        r->field = PO_ID_PLURAL;
        po_read_string(r, line + n, &r->id_plural);
    } else if (n == 6 && strncmp(line, "msgstr", n) == 0) {
        int idx = 0;
        const char *p = line + n;
        if (*p == '[') {
            idx = atoi(p + 1);
            p = strchr(p, ']');
            if (!p)
                po_die(r->file->path, r->lineno, "msgstr[ without ]");
            p++;
        }
        if (idx != r->nstr || idx >= 8)
            po_die(r->file->path, r->lineno, "msgstr[%d] out of order", idx);
        r->nstr++;
        r->field = PO_STR;
        r->str_index = idx;
        po_read_string(r, p, &r->str[idx]);
    } else {
        po_die(r->file->path, r->lineno, "unknown keyword");
    }
}

static void po_read(struct po_file *f)
{
    FILE *in = fopen(f->path, "r");
    if (!in)
        po_die(f->path, 0, "cannot be read");
    struct po_reader r = { .file = f };
    char line[65536];
    while (fgets(line, sizeof line, in)) {
        r.lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (p[0] == '#') {
            if (p[1] == ',' && strstr(p, "fuzzy")) {
                po_finish_entry(&r);
                r.fuzzy = 1;
            } else if (r.field == PO_STR) {
                po_finish_entry(&r);
            }
            continue;
        }
        if (*p == '\n' || *p == '\r' || *p == '\0') {
            if (r.field == PO_STR)
                po_finish_entry(&r);
            continue;
        }
        if (*p == '"') {
            struct po_text *t = r.field == PO_CTXT ? &r.ctxt : r.field == PO_ID ? &r.id
                              : r.field == PO_ID_PLURAL ? &r.id_plural
                              : r.field == PO_STR ? &r.str[r.str_index] : NULL;
            if (!t)
                po_die(f->path, r.lineno, "a string outside an entry");
            po_read_string(&r, p, t);
            continue;
        }
        po_keyword(&r, p);
    }
    po_finish_entry(&r);
    fclose(in);
    if (!f->plural)
        po_parse_header(f, "");
}

static void po_file_free(struct po_file *f)
{
    for (int i = 0; i < f->count; i++) {
        for (int k = 0; k < f->entries[i].nforms; k++)
            free(f->entries[i].forms[k]);
        free(f->entries[i].forms);
        free(f->entries[i].key);
    }
    free(f->entries);
    free(f->plural);
}

static int po_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct po_entry *)a)->key, ((const struct po_entry *)b)->key);
}

/* s as a C string literal: octal escapes for control bytes and quotes; UTF-8 bytes as they are. */
static void po_write_literal(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '?')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* "fi-selko" as a C identifier: fi_selko. */
static void po_ident(char *out, size_t size, const char *lang)
{
    snprintf(out, size, "%s", lang);
    for (char *p = out; *p; p++)
        if (!isalnum((unsigned char)*p))
            *p = '_';
}

static void po_write_language(FILE *out, const char *lang, struct po_file *f)
{
    char id[64];
    po_ident(id, sizeof id, lang);
    qsort(f->entries, (size_t)f->count, sizeof *f->entries, po_entry_cmp);
    for (int i = 1; i < f->count; i++)
        if (strcmp(f->entries[i].key, f->entries[i - 1].key) == 0)
            po_die(f->path, 0, "a message is translated twice");
    fprintf(out, "\nstatic unsigned long plural_%s(unsigned long n)\n{\n    (void)n;\n"
                 "    return (unsigned long)(%s);\n}\n", id, f->plural);
    for (int i = 0; i < f->count; i++) {
        fprintf(out, "static const char *const %s_%d[] = { ", id, i);
        for (int k = 0; k < f->entries[i].nforms; k++) {
            po_write_literal(out, f->entries[i].forms[k]);
            fputs(k + 1 < f->entries[i].nforms ? ", " : " };\n", out);
        }
    }
    fprintf(out, "static const struct i18n_message messages_%s[] = {\n", id);
    for (int i = 0; i < f->count; i++) {
        fputs("    { ", out);
        po_write_literal(out, f->entries[i].key);
        fprintf(out, ", %s_%d, %d },\n", id, i, f->entries[i].nforms);
    }
    if (f->count == 0)
        fputs("    { \"\", 0, 0 },\n", out);
    fputs("};\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: po_compile OUT.c LANG=FILE.po...\n", stderr);
        return 2;
    }
    int nlang = argc - 2;
    struct po_file *files = calloc((size_t)nlang, sizeof *files);
    char **langs = calloc((size_t)nlang, sizeof *langs);
    if (!files || !langs)
        return 1;
    for (int i = 0; i < nlang; i++) {
        char *eq = strchr(argv[i + 2], '=');
        if (!eq || eq == argv[i + 2] || eq - argv[i + 2] > 15)
            po_die(argv[i + 2], 0, "give LANG=FILE.po");
        *eq = '\0';
        langs[i] = argv[i + 2];
        files[i].path = eq + 1;
        po_read(&files[i]);
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *out = fopen(tmp, "w");
    if (!out)
        po_die(tmp, 0, "cannot be written");
    fputs("/* Generated by tools/po_compile.c from the PO files in assets/po: do not edit. */\n"
          "#include \"i18n_catalogue.h\"\n\n"
          "#if defined(__GNUC__)\n#pragma GCC diagnostic ignored \"-Woverlength-strings\"\n#endif\n", out);
    for (int i = 0; i < nlang; i++)
        po_write_language(out, langs[i], &files[i]);
    fputs("\nconst struct i18n_catalogue i18n_catalogues[] = {\n", out);
    for (int i = 0; i < nlang; i++) {
        char id[64];
        po_ident(id, sizeof id, langs[i]);
        fprintf(out, "    { \"%s\", plural_%s, %d, messages_%s, %d },\n", langs[i], id,
                files[i].nplurals, id, files[i].count);
    }
    fprintf(out, "};\nconst int i18n_catalogue_count = %d;\n", nlang);
    if (fclose(out) != 0 || rename(tmp, argv[1]) != 0)
        po_die(argv[1], 0, "cannot be written");
    for (int i = 0; i < nlang; i++)
        po_file_free(&files[i]);
    free(files);
    free(langs);
    return 0;
}
