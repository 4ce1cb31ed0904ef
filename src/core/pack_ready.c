/*
** pack_ready.c - the sending organisation's checklist per shadow, read from a valid pack.
**
** Each cell is a function of the pack: a table of them (ready_points) gives the column's
** heading, its checklist point and how it is read. The cell texts are short, for a table in a
** terminal; what still needs doing is written in capitals, so it stands out without colour.
** Must not depend on SQLite or SDL.
*/
#include "pack_ready.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "pack_internal.h"

/* The most plan items a shadow's day is read for (a day of 15-minute items fits). */
enum { READY_MAX_ITEMS = 64 };

struct ready_day {              /* what the cells of one shadow read */
    const struct pack *p;
    const struct pack_shadow *s;
    const struct pack_plan_item *items[READY_MAX_ITEMS];
    int nitems;
};

typedef void ready_cell_fn(const struct ready_day *d, struct pack_ready_cell *c);

static void ready_set(struct pack_ready_cell *c, int ok, const char *text)
{
    c->ok = ok;
    snprintf(c->text, sizeof c->text, "%s", text);
}

static void ready_agreement(const struct ready_day *d, struct pack_ready_cell *c)
{
    if (d->s->agreement_signed)
        ready_set(c, 1, _("signed"));
    else
        ready_set(c, 0, _("NOT SIGNED"));
}

static void ready_escort(const struct ready_day *d, struct pack_ready_cell *c)
{
    const struct pack_host *h = pack_find_host(d->p, d->s->escort_id);
    if (!h) {
        ready_set(c, 0, _("NONE"));
    } else if (!h->phone || !h->phone[0]) {
        c->ok = 0;
        snprintf(c->text, sizeof c->text, _("%s: NO PHONE"), h->name);
    } else {
        ready_set(c, 1, h->name);
    }
}

/* Known when the lunch item says whether it is provided, or workplace.csv says whether lunch is
** offered; the time of the lunch item comes first when there is one. */
static void ready_lunch(const struct ready_day *d, struct pack_ready_cell *c)
{
    const struct pack_plan_item *lunch = NULL;
    for (int i = 0; i < d->nitems && !lunch; i++)
        if (d->items[i]->kind == PLAN_LUNCH)
            lunch = d->items[i];
    const struct pack_workplace *w = &d->p->workplace;
    char at[8] = "";
    if (lunch)
        pack_value_format_time(lunch->start_min, at);
    c->ok = lunch ? lunch->lunch_known || w->lunch_known : w->lunch_known;
    int offered = lunch ? lunch->lunch_provided : w->lunch;
    const char *what = !c->ok ? _("NOT SAID") : offered ? _("offered") : _("own food");
    snprintf(c->text, sizeof c->text, "%s%s%s", at, at[0] ? " " : "", what);
}

static int ready_in_lang(const struct pack_text *t, const char *lang)
{
    for (int i = 0; i < t->count && i < PACK_MAX_LANGS; i++)
        if (strcmp(t->tr[i].lang, lang) == 0 && t->tr[i].text && t->tr[i].text[0])
            return 1;
    return 0;
}

/* The cards in the shadow's language: a card without its title or text there shows the pack's
** default language, which the shadow may not read. */
static void ready_safety(const struct ready_day *d, struct pack_ready_cell *c)
{
    const struct pack *p = d->p;
    const char *lang = d->s->language[0] ? d->s->language : p->workplace.default_language;
    int is_default = strcmp(lang, p->workplace.default_language) == 0, in_lang = 0;
    for (int i = 0; i < p->safety_count; i++)
        in_lang += is_default || (ready_in_lang(&p->safety[i].title, lang) &&
                                  ready_in_lang(&p->safety[i].text, lang));
    c->ok = p->safety_count > 0 && in_lang == p->safety_count;
    if (p->safety_count == 0)
        snprintf(c->text, sizeof c->text, "%s", _("NONE"));
    else if (c->ok)
        snprintf(c->text, sizeof c->text, NG_("%d card, %s", "%d cards, %s",
                                              (unsigned long)p->safety_count),
                 p->safety_count, lang);
    else
        snprintf(c->text, sizeof c->text, _("%d of %d IN %s"), in_lang, p->safety_count, lang);
}

/* When and where to arrive: the first arrival item of the day, with its place. */
static void ready_arrival(const struct ready_day *d, struct pack_ready_cell *c)
{
    const struct pack_plan_item *arrive = NULL;
    for (int i = 0; i < d->nitems && !arrive; i++)
        if (d->items[i]->kind == PLAN_ARRIVE)
            arrive = d->items[i];
    if (!arrive) {
        ready_set(c, 0, _("NONE"));
        return;
    }
    char at[8];
    const char *place = pack_text_get(&arrive->place, NULL);
    pack_value_format_time(arrive->start_min, at);
    c->ok = place[0] != '\0';
    snprintf(c->text, sizeof c->text, "%s %s", at, c->ok ? place : _("NO PLACE"));
}

static const struct {
    const char *heading;        /* N_(): translated where shown */
    int point;                  /* in the sending organisation's checklist */
    ready_cell_fn *read;
} ready_points[READY_POINT_COUNT] = {
    [READY_AGREEMENT] = { N_("agreement"), 9, ready_agreement },
    [READY_ESCORT] = { N_("escort"), 10, ready_escort },
    [READY_LUNCH] = { N_("lunch"), 7, ready_lunch },
    [READY_SAFETY] = { N_("safety cards"), 7, ready_safety },
    [READY_ARRIVAL] = { N_("arrival"), 4, ready_arrival },
};

const char *pack_ready_heading(int point)
{
    return point >= 0 && point < READY_POINT_COUNT ? _(ready_points[point].heading) : "";
}

int pack_ready_checklist_point(int point)
{
    return point >= 0 && point < READY_POINT_COUNT ? ready_points[point].point : 0;
}

int pack_ready_rows(const struct pack *p, struct pack_ready_row *rows)
{
    int ready = 0;
    for (int i = 0; i < p->shadow_count; i++) {
        struct ready_day d = { p, &p->shadows[i], { NULL }, 0 };
        struct pack_ready_row *row = &rows[i];
        d.nitems = pack_plan_for(p, d.s->id, d.items, READY_MAX_ITEMS);
        row->shadow = d.s;
        row->ready = 1;
        for (int c = 0; c < READY_POINT_COUNT; c++) {
            ready_points[c].read(&d, &row->cell[c]);
            row->ready &= row->cell[c].ok;
        }
        ready += row->ready;
    }
    return ready;
}

int pack_ready_warn(const struct pack *p, struct pack_report *rep)
{
    int rc = SD_OK;
    for (int i = 0; rc == SD_OK && i < p->shadow_count; i++) {
        const struct pack_shadow *s = &p->shadows[i];
        const struct pack_host *h = pack_find_host(p, s->escort_id);
        if (!s->agreement_signed)
            rc = pack_report_add(rep, PACK_WARNING, PACK_FILE_SHADOWS, s->line,
                                 _("%s: the agreement is not signed — without it there is no "
                                   "insurance; get the three-party agreement signed before the "
                                   "day (checklist point 9)"), s->first_name);
        if (rc == SD_OK && h && (!h->phone || !h->phone[0]))
            rc = pack_report_add(rep, PACK_WARNING, PACK_FILE_SHADOWS, s->line,
                                 _("%s: the escort %s has no phone number — add it in hosts.csv, "
                                   "so that the escort can be reached on the day (checklist "
                                   "point 10)"), s->first_name, h->name);
    }
    return rc;
}
