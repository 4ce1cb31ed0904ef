/*
** pack_report.c - the list of problems a day pack has, each as "file:line: what is wrong".
**
** Every reader adds what it finds and goes on, so the coordinator sees all problems at once;
** the list is bounded (PACK_MAX_PROBLEMS) against a hostile stick and sorted by file and line
** before it is shown. Also the names of a pack's files in the order they are listed.
** Must not depend on SQLite or SDL, nor on the pack's other files.
*/
#include "pack.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pack_internal.h"
#include "utf8.h"

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
