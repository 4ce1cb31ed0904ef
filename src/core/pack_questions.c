/*
** pack_questions.c - questions.csv, the evaluation questions for shadows and hosts (optional).
**
** Without the file the kiosk asks the built-in set (pack_defaults.c) in every language it has.
** With it, 4 to 6 questions for the shadow and at most 3 for the host, each answered on a
** 4-face scale. The columns are the table below; a new column is one row there.
** Must not depend on SQLite or SDL.
*/
#include <stddef.h>
#include <stdlib.h>

#include "err.h"
#include "i18n.h"
#include "pack_sheet.h"

static pack_sheet_read_fn questions_read_id, questions_read_audience;

#define QUESTION(field) offsetof(struct pack_question, field)
static const struct pack_column question_columns[] = {
    { "id", COL_REQUIRED | COL_NEED, questions_read_id, QUESTION(id), 0 },
    { "audience", COL_REQUIRED | COL_NEED, questions_read_audience, QUESTION(audience), 0 },
    { "text", COL_REQUIRED | COL_TR | COL_NEED, pack_sheet_read_text, QUESTION(text), 0 },
};
#undef QUESTION

static const struct pack_word question_audiences[] = {
    { "shadow", AUDIENCE_SHADOW }, { "seuraaja", AUDIENCE_SHADOW },
    { "työn_seuraaja", AUDIENCE_SHADOW }, { "työnseuraaja", AUDIENCE_SHADOW },
    { "skuggare", AUDIENCE_SHADOW }, { "jobbskuggare", AUDIENCE_SHADOW },
    { "host", AUDIENCE_HOST }, { "ohjaaja", AUDIENCE_HOST }, { "isäntä", AUDIENCE_HOST },
    { "työntekijä", AUDIENCE_HOST }, { "handledare", AUDIENCE_HOST }, { "värd", AUDIENCE_HOST },
};

enum { QUESTIONS_SHADOW_MIN = 4, QUESTIONS_SHADOW_MAX = 6, QUESTIONS_HOST_MAX = 3 };

/* Answer items the kiosk stores besides the questions: a question must not take their ids. */
static const char *const question_reserved_ids[] = { "next", "comment" };

static void questions_read_id(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    pack_sheet_read_id(ps, row, field);
    for (int i = 0; i < COUNT_OF(question_reserved_ids); i++)
        if (pack_value_id_equal(field, question_reserved_ids[i]))
            pack_sheet_error(ps, row->sh->file, row->rec->line, _("the id \"%s\" is used by the "
                                                                  "kiosk itself — give the "
                                                                  "question another id"),
                             (const char *)field);
}

static void questions_read_audience(struct pack_parse *ps, const struct sheet_row *row,
                                    void *field)
{
    int *out = field;
    *out = pack_sheet_word(row, question_audiences, COUNT_OF(question_audiences),
                           AUDIENCE_SHADOW);
    if (*out >= 0)
        return;
    pack_sheet_error(ps, row->sh->file, row->rec->line, _("the audience \"%s\" is not known — "
                                                          "write shadow or host"),
                     pack_sheet_quote(ps, pack_sheet_row_cell(row)));
    *out = AUDIENCE_SHADOW;
}

/* How many questions each audience has, against the limits of the evaluation screen. */
static void questions_check_counts(struct pack_parse *ps)
{
    const struct pack *p = ps->p;
    int counts[2] = { 0, 0 };
    for (int i = 0; i < p->question_count; i++)
        counts[p->questions[i].audience == AUDIENCE_HOST]++;
    if (counts[AUDIENCE_SHADOW] < QUESTIONS_SHADOW_MIN ||
        counts[AUDIENCE_SHADOW] > QUESTIONS_SHADOW_MAX)
        pack_sheet_error(ps, PACK_FILE_QUESTIONS, 0, _("there are %d questions for shadows — "
                                                       "write %d to %d (or remove questions.csv "
                                                       "to use the built-in ones)"),
                         counts[AUDIENCE_SHADOW], QUESTIONS_SHADOW_MIN, QUESTIONS_SHADOW_MAX);
    if (counts[AUDIENCE_HOST] > QUESTIONS_HOST_MAX)
        pack_sheet_error(ps, PACK_FILE_QUESTIONS, 0, _("there are %d questions for hosts — write "
                                                       "at most %d"),
                         counts[AUDIENCE_HOST], QUESTIONS_HOST_MAX);
}

void pack_questions_read(struct pack_parse *ps)
{
    struct sheet *sh = &ps->questions;
    struct pack *p = ps->p;
    pack_sheet_open(ps, sh, PACK_FILE_QUESTIONS, question_columns, COUNT_OF(question_columns), 0);
    if (!sh->present) {
        p->questions_are_default = pack_source_find(ps->src, PACK_FILE_QUESTIONS) == NULL;
        if (p->questions_are_default && pack_defaults_questions(p) != SD_OK)
            ps->nomem = 1;
        return;
    }
    if (!sh->usable)
        return;
    p->questions = pack_sheet_read_rows(ps, sh, sizeof *p->questions);
    p->question_count = sh->count;
    if (p->questions)
        questions_check_counts(ps);
}
