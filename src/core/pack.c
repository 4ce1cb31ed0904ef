/*
** pack.c - parsing and validating a day pack as a whole.
**
** Reading order: pack_parse() here, then one reader per CSV file in the order below
** (pack_workplace.c ... pack_questions.c), each driven by its table of columns through
** pack_sheet.c. Every problem goes to the report as "file:line: message" in plain words and
** checking goes on, so the coordinator sees all of them at once; a pack with any error is freed
** and never returned. References between files (escort, with, plan shadow) are only checked
** when the file they point into was read, so one broken file does not bury the report under
** follow-on errors. The folder itself is read by pack_source.c; look-ups in a parsed pack are
** in pack_lookup.c. Must not depend on SQLite or SDL.
*/
#include "pack.h"

#include <stdlib.h>

#include <sodium.h>

#include "err.h"
#include "pack_sheet.h"

/* The readers in the order they run: later files refer to earlier ones. */
static void (*const pack_readers[])(struct pack_parse *) = {
    pack_workplace_read, pack_hosts_read, pack_shadows_read,
    pack_plan_read, pack_safety_read, pack_questions_read,
};

static void pack_parse_free(struct pack_parse *ps)
{
    struct sheet *sheets[] = { &ps->workplace, &ps->hosts, &ps->shadows,
                               &ps->plan, &ps->safety, &ps->questions };
    for (int i = 0; i < COUNT_OF(sheets); i++) {
        csv_table_free(&sheets[i]->t);
        free(sheets[i]->lines);
        free(sheets[i]->recs);
    }
    free(ps);
}

int pack_parse(struct pack **out, const struct pack_source *src, int hash_plain_pins,
               struct pack_report *rep)
{
    int rc = SD_OK;
    *out = NULL;
    if (sodium_init() < 0)
        return SD_ERR;
    struct pack_parse *ps = calloc(1, sizeof *ps);
    struct pack *p = calloc(1, sizeof *p);
    if (p)
        p->strings_ = pack_strings_new();
    if (!ps || !p || !p->strings_) {
        free(ps);
        pack_free(p);
        return SD_ENOMEM;
    }
    ps->p = p;
    ps->src = src;
    ps->rep = rep;
    ps->hash_plain_pins = hash_plain_pins;
    for (int i = 0; i < COUNT_OF(pack_readers); i++)
        pack_readers[i](ps);

    if (ps->nomem || pack_strings_failed(p->strings_))
        rc = SD_ENOMEM;
    else if (rep->errors > 0)
        rc = SD_EINVAL;
    if (rc == SD_OK)
        rc = pack_canon_build(ps);
    if (rc == SD_OK)
        rc = pack_plan_order_sort(p);
    pack_parse_free(ps);
    if (rc != SD_OK) {
        pack_free(p);
        return rc;
    }
    *out = p;
    return SD_OK;
}

void pack_free(struct pack *p)
{
    if (!p)
        return;
    free(p->hosts);
    free(p->shadows);
    free(p->plan);
    free(p->safety);
    free(p->questions);
    pack_strings_free(p->strings_);
    pack_source_free(&p->files);
    sodium_memzero(p, sizeof *p);
    free(p);
}
