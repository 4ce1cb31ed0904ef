/*
** cmd_pack.c - `shadowday pack new DIR` and `shadowday pack check DIR`: the coordinator's side of
** the day pack.
**
** `new` writes the template (pack_template.c) into a folder and never overwrites a file; `check`
** reads the folder with the same reader and rules the kiosk uses (pack.h), prints every problem
** as "file:line: message", and else a summary to compare with what was planned and the
** sending organisation's checklist per shadow (pack_ready.h) as a table for a terminal. Plain
** PINs are not hashed by the check (that is the kiosk's job at import). Links only the core.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "crypt.h"
#include "err.h"
#include "fsutil.h"
#include "i18n.h"
#include "pack.h"
#include "pack_ready.h"
#include "pack_template.h"

static void pack_usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: shadowday pack new DIR\n"
                         "       shadowday pack check DIR\n\n"
                         "new    writes a template day pack into DIR (made when missing): every\n"
                         "       file with its column names and example lines, and the guides\n"
                         "       OHJE.txt (Finnish) and GUIDE.txt (English). Existing files are\n"
                         "       never overwritten.\n"
                         "check  reads the day pack in DIR as the kiosk would and lists every\n"
                         "       problem as file:line: message; a valid pack gets a summary and\n"
                         "       a table of the sending organisation's checklist per shadow\n"
                         "       (agreement, escort, lunch, safety cards, arrival).\n\n"
                         "Exit codes: 0 done (the pack is valid), 1 the pack has problems (all are\n"
                         "listed), 2 wrong arguments, 3 a file could not be read or written.\n"));
}

/* ---------------------------------------------------------------- pack new */

static int pack_new(const char *dir)
{
    int count;
    const struct pack_template_file *files = pack_template_files(&count);
    struct stat st;
    int clash = 0;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        fprintf(stderr, _("shadowday pack new: %s exists and is not a folder\n"), dir);
        return CLI_FAILED;
    }
    for (int i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        if (lstat(path, &st) == 0) {
            fprintf(stderr, _("shadowday pack new: %s already exists\n"), path);
            clash = 1;
        }
    }
    if (clash) {
        fprintf(stderr, "%s", _("Nothing was written: a template never replaces your files. "
                                "Give a new or an empty folder.\n"));
        return CLI_FAILED;
    }
    int rc = fsutil_mkdir_ok(dir, 0755);
    if (rc != SD_OK) {
        fprintf(stderr, _("shadowday pack new: cannot make the folder %s: %s\n"), dir,
                sd_strerror(rc));
        return CLI_FAILED;
    }
    for (int i = 0; i < count; i++) {
        size_t len;
        char *data = pack_template_render(&files[i], &len);
        rc = data ? fsutil_write_file(dir, files[i].name, data, len, 0644, FSUTIL_NO_REPLACE)
                  : SD_ENOMEM;
        free(data);
        if (rc != SD_OK) {
            fprintf(stderr, _("shadowday pack new: cannot write %s/%s: %s\n"), dir,
                    files[i].name, sd_strerror(rc));
            return CLI_FAILED;
        }
    }
    printf(_("A template day pack is in %s.\n"
             "Read OHJE.txt (Finnish) or GUIDE.txt (English), replace the example lines with\n"
             "your own, and check the pack with:\n"
             "    shadowday pack check %s\n"), dir, dir);
    return CLI_OK;
}

/* ---------------------------------------------------------------- pack check */

static void pack_print_problems(const struct pack_report *rep)
{
    for (int i = 0; i < rep->count; i++) {
        const struct pack_problem *p = &rep->problems[i];
        char where[96] = "";
        if (p->file[0] && p->line > 0)
            snprintf(where, sizeof where, "%s:%d: ", p->file, p->line);
        else if (p->file[0])
            snprintf(where, sizeof where, "%s: ", p->file);
        printf("%s%s%s\n", where, p->severity == PACK_WARNING ? _("warning: ") : "", p->message);
    }
    if (rep->truncated)
        printf(_("... and %d more (only the first %d are listed)\n"),
               rep->errors + rep->warnings - rep->count, PACK_MAX_PROBLEMS);
}

/* "Matti, Aino, Elias" into buf: the first names as the kiosk shows them. */
static void pack_names(char *buf, size_t size, const struct pack *p, int hosts)
{
    size_t o = 0;
    int n = hosts ? p->host_count : p->shadow_count;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *name = hosts ? p->hosts[i].name : p->shadows[i].first_name;
        int w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", name);
        if (w < 0 || (size_t)w + 8 >= size - o) {
            buf[o] = '\0';
            strcat(buf, ", ...");
            return;
        }
        o += (size_t)w;
    }
}

static void pack_summary(const struct pack *p, int warnings)
{
    const struct pack_workplace *w = &p->workplace;
    const char *lang = w->default_language;
    char names[1024], langs[PACK_MAX_LANGS + 1][8];
    int counts[PACK_MAX_LANGS + 1], texts = 0, plain = 0, shadow_q = 0;

    if (warnings)
        printf(NG_("The day pack is valid, with %d warning (above).\n",
                   "The day pack is valid, with %d warnings (above).\n", (unsigned long)warnings),
               warnings);
    else
        printf("%s\n", _("The day pack is valid."));
    printf(_("  workplace:       %s\n"), pack_text_get(&w->name, lang));
    printf(_("  date:            %s\n"), w->date);
    printf(_("  contact:         %s %s\n"), w->contact_name, w->contact_phone);
    pack_names(names, sizeof names, p, 0);
    printf(_("  shadows:         %d (%s)\n"), p->shadow_count, names);
    pack_names(names, sizeof names, p, 1);
    printf(_("  hosts:           %d (%s)\n"), p->host_count, names);
    printf(_("  plan items:      %d\n"), p->plan_count);
    printf(_("  safety cards:    %d\n"), p->safety_count);
    for (int i = 0; i < p->question_count; i++)
        shadow_q += p->questions[i].audience == AUDIENCE_SHADOW;
    if (p->questions_are_default)
        printf(_("  questions:       %d for shadows, %d for hosts (the built-in default set)\n"),
               shadow_q, p->question_count - shadow_q);
    else
        printf(_("  questions:       %d for shadows, %d for hosts\n"), shadow_q,
               p->question_count - shadow_q);
    int n = pack_languages(p, langs, counts, PACK_MAX_LANGS + 1, &texts);
    printf("%s", _("  languages:       "));
    for (int i = 0; i < n; i++)
        printf(_("%s%s (%d of %d texts)"), i ? ", " : "", langs[i], counts[i], texts);
    printf("\n");
    if (w->has_coordinator_key) {
        char fp[CRYPT_FINGERPRINT_SIZE];
        crypt_fingerprint(w->coordinator_key, fp);
        printf(_("  coordinator key: fingerprint %s (exports are encrypted)\n"), fp);
    } else {
        printf("%s", _("  coordinator key: none (exports are not encrypted)\n"));
    }
    for (int i = 0; i < p->host_count; i++)
        plain += p->hosts[i].pin_is_plain;
    if (plain || !w->admin_pin_hash[0])
        printf("%s", _("  PINs:            some are plain digits; the kiosk hashes them when it "
                       "imports the pack\n"));
    printf(_("  pack id:         %.16s\n"), p->pack_id);
}

/* ---------------------------------------------------------------- the checklist table */

enum { TABLE_WIDTH = 80, TABLE_COLUMNS = 1 + READY_POINT_COUNT, TABLE_MIN = 6 };

/* Characters (not bytes) of UTF-8 text: what a terminal shows. */
static int table_width_of(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* s in exactly width characters: cut with "…" when longer, padded with spaces when shorter. */
static void table_cell(const char *s, int width, int last)
{
    int n = table_width_of(s);
    if (n > width) {
        int keep = 0;
        const char *c = s;
        for (; *c && keep < width - 1; c++)
            keep += ((unsigned char)*c & 0xC0) != 0x80;
        while (((unsigned char)*c & 0xC0) == 0x80)
            c++;
        printf("%.*s…", (int)(c - s), s);
        n = width;
    } else {
        printf("%s", s);
    }
    if (!last)
        printf("%*s", width - n + 2, "");
}

/* The widths of the columns: each as wide as its widest text, the widest cut until the table
** fits a terminal of TABLE_WIDTH. */
static void table_widths(const struct pack_ready_row *rows, int n, const char *const *head,
                         const char *const *point, int *w)
{
    int total = 2;
    for (int c = 0; c < TABLE_COLUMNS; c++) {
        w[c] = table_width_of(head[c]);
        if (table_width_of(point[c]) > w[c])
            w[c] = table_width_of(point[c]);
        for (int i = 0; i < n; i++) {
            const char *t = c ? rows[i].cell[c - 1].text : rows[i].shadow->first_name;
            if (table_width_of(t) > w[c])
                w[c] = table_width_of(t);
        }
        total += w[c] + (c ? 2 : 0);
    }
    while (total > TABLE_WIDTH) {
        int widest = 0;
        for (int c = 1; c < TABLE_COLUMNS; c++)
            if (w[c] > w[widest])
                widest = c;
        if (w[widest] <= TABLE_MIN)
            break;
        w[widest]--;
        total--;
    }
}

static void table_line(const char *const *cells, const int *w)
{
    printf("  ");
    for (int c = 0; c < TABLE_COLUMNS; c++)
        table_cell(cells[c], w[c], c == TABLE_COLUMNS - 1);
    printf("\n");
}

/* One line per shadow, one column per point of the sending organisation's checklist. */
static void pack_print_checklist(const struct pack *p)
{
    struct pack_ready_row *rows = calloc((size_t)p->shadow_count + 1, sizeof *rows);
    char points[TABLE_COLUMNS][24], dashes[TABLE_COLUMNS][TABLE_WIDTH + 1];
    const char *head[TABLE_COLUMNS], *point[TABLE_COLUMNS], *rule[TABLE_COLUMNS];
    int w[TABLE_COLUMNS];
    if (!rows)
        return;
    int ready = pack_ready_rows(p, rows);
    head[0] = _("shadow");
    point[0] = "";
    for (int c = 1; c < TABLE_COLUMNS; c++) {
        head[c] = pack_ready_heading(c - 1);
        snprintf(points[c], sizeof points[c], _("point %d"), pack_ready_checklist_point(c - 1));
        point[c] = points[c];
    }
    table_widths(rows, p->shadow_count, head, point, w);
    for (int c = 0; c < TABLE_COLUMNS; c++) {
        memset(dashes[c], '-', (size_t)w[c]);
        dashes[c][w[c]] = '\0';
        rule[c] = dashes[c];
    }
    printf("\n%s\n", _("Ready for the day? The sending organisation's checklist, shadow by "
                        "shadow:"));
    table_line(head, w);
    table_line(point, w);
    table_line(rule, w);
    for (int i = 0; i < p->shadow_count; i++) {
        const char *cells[TABLE_COLUMNS] = { rows[i].shadow->first_name };
        for (int c = 1; c < TABLE_COLUMNS; c++)
            cells[c] = rows[i].cell[c - 1].text;
        table_line(cells, w);
    }
    printf(NG_("%d of %d shadow is ready for the day.", "%d of %d shadows are ready for the day.",
               (unsigned long)p->shadow_count), ready, p->shadow_count);
    printf("\n");
    if (ready < p->shadow_count)
        printf("%s\n", _("What is in capitals still needs doing before the day."));
    free(rows);
}

/* ---------------------------------------------------------------- pack check */

/* A folder that could not be read at all: its problems (the reason) once, on stderr. */
static int pack_check_unreadable(const char *dir, const struct pack_report *rep, int rc)
{
    char line[600];
    for (int i = 0; i < rep->count; i++)
        fprintf(stderr, "shadowday pack check: %s\n",
                pack_problem_format(&rep->problems[i], line, sizeof line));
    if (rep->count == 0)
        fprintf(stderr, _("shadowday pack check: cannot read the folder %s: %s\n"), dir,
                sd_strerror(rc));
    return CLI_FAILED;
}

static int pack_check(const char *dir)
{
    struct pack_source src = { 0 };
    struct pack_report rep;
    struct pack *p = NULL;
    int status;
    pack_report_init(&rep);
    int read_rc = pack_source_read_dir(&src, dir, &rep);
    if (read_rc != SD_OK) {
        status = pack_check_unreadable(dir, &rep, read_rc);
        pack_report_free(&rep);
        return status;
    }
    int rc = pack_parse(&p, &src, 0, &rep);
    if (rc == SD_OK)
        rc = pack_ready_warn(p, &rep);
    pack_report_sort(&rep);
    pack_print_problems(&rep);
    if (rc == SD_OK) {
        pack_summary(p, rep.warnings);
        pack_print_checklist(p);
        status = CLI_OK;
    } else if (rc == SD_EINVAL) {
        printf(_("%d errors and %d warnings: the kiosk will not take this pack. Fix the errors "
                 "and check again.\n"), rep.errors, rep.warnings);
        status = CLI_PROBLEMS;
    } else {
        fprintf(stderr, _("shadowday pack check: the pack could not be checked: %s\n"),
                sd_strerror(rc));
        status = CLI_FAILED;
    }
    pack_free(p);
    pack_source_free(&src);
    pack_report_free(&rep);
    return status;
}

int cmd_pack(int argc, char **argv)
{
    if (argc >= 2 && cli_is_help(argv[1])) {
        pack_usage(stdout);
        return CLI_OK;
    }
    if (argc == 3 && cli_is_help(argv[2])) {
        pack_usage(stdout);
        return CLI_OK;
    }
    if (argc != 3 || argv[2][0] == '\0') {
        pack_usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "new") == 0)
        return pack_new(argv[2]);
    if (strcmp(argv[1], "check") == 0)
        return pack_check(argv[2]);
    fprintf(stderr, _("shadowday pack: unknown action '%s'\n\n"), argv[1]);
    pack_usage(stderr);
    return CLI_USAGE;
}
