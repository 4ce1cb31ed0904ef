/*
** pack_plan.c - plan.csv: each shadow's day as items with a time, a kind, a title and a place.
**
** An item is for one shadow or for everyone ("*"); "with" names another host than the escort;
** lunch_provided says whether a lunch item is offered (workplace.csv's lunch when empty). The
** columns are the table below; a new column is one row there. The timelines (order, overlaps,
** an item for everyone) are checked by pack_timeline.c once every row was read.
** Must not depend on SQLite or SDL.
*/
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "pack_sheet.h"

static pack_sheet_read_fn plan_read_shadow, plan_read_end, plan_read_kind, plan_read_with,
    plan_read_lunch;

#define ITEM(field) offsetof(struct pack_plan_item, field)
static const struct pack_column plan_columns[] = {
    { "shadow", COL_REQUIRED | COL_NEED, plan_read_shadow, ITEM(shadow_id), 0 },
    { "start", COL_REQUIRED | COL_NEED, pack_sheet_read_time, ITEM(start_min), 0 },
    { "end", COL_REQUIRED | COL_NEED, plan_read_end, ITEM(end_min), 0 },
    { "kind", COL_REQUIRED | COL_NEED, plan_read_kind, ITEM(kind), 0 },
    { "title", COL_REQUIRED | COL_TR | COL_NEED, pack_sheet_read_text, ITEM(title), 0 },
    { "place", COL_TR, pack_sheet_read_text, ITEM(place), 0 },
    { "with", 0, plan_read_with, ITEM(with_id), 0 },
    { "lunch_provided", 0, plan_read_lunch, ITEM(lunch_provided), 0 },
};
#undef ITEM

/* The kinds by their names, with the Finnish and Swedish words coordinators may use. */
static const struct pack_word plan_kinds[] = {
    { "arrive", PLAN_ARRIVE }, { "arrival", PLAN_ARRIVE }, { "saapuminen", PLAN_ARRIVE },
    { "tulo", PLAN_ARRIVE }, { "ankomst", PLAN_ARRIVE },
    { "work", PLAN_WORK }, { "task", PLAN_WORK }, { "työ", PLAN_WORK }, { "tehtävä", PLAN_WORK },
    { "työtehtävä", PLAN_WORK }, { "arbete", PLAN_WORK }, { "uppgift", PLAN_WORK },
    { "meeting", PLAN_MEETING }, { "palaveri", PLAN_MEETING }, { "tapaaminen", PLAN_MEETING },
    { "kokous", PLAN_MEETING }, { "möte", PLAN_MEETING },
    { "tour", PLAN_TOUR }, { "kierros", PLAN_TOUR }, { "esittely", PLAN_TOUR },
    { "tutustuminen", PLAN_TOUR }, { "rundtur", PLAN_TOUR }, { "visning", PLAN_TOUR },
    { "break", PLAN_BREAK }, { "tauko", PLAN_BREAK }, { "kahvitauko", PLAN_BREAK },
    { "paus", PLAN_BREAK }, { "rast", PLAN_BREAK },
    { "lunch", PLAN_LUNCH }, { "lounas", PLAN_LUNCH }, { "ruokailu", PLAN_LUNCH },
    { "safety", PLAN_SAFETY }, { "turvallisuus", PLAN_SAFETY }, { "perehdytys", PLAN_SAFETY },
    { "säkerhet", PLAN_SAFETY },
    { "leave", PLAN_LEAVE }, { "lähtö", PLAN_LEAVE }, { "kotiinlähtö", PLAN_LEAVE },
    { "lopetus", PLAN_LEAVE }, { "avfärd", PLAN_LEAVE }, { "hemgång", PLAN_LEAVE },
};

static const char *const plan_kind_names[PLAN_KIND_COUNT] = {
    "arrive", "work", "meeting", "tour", "break", "lunch", "safety", "leave",
};

const char *pack_plan_kind_name(int kind)
{
    return kind >= 0 && kind < PLAN_KIND_COUNT ? plan_kind_names[kind] : NULL;
}

/* "*", or the shadow's id as shadows.csv writes it ("" when it is not there). */
static void plan_read_shadow(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *who = pack_sheet_row_cell(row);
    char *out = field;
    if (strcmp(who, "*") == 0) {
        snprintf(out, PACK_ID_MAX, "*");
    } else if (who[0] && ps->shadows_known) {
        const struct pack_shadow *s = pack_shadows_match(ps->p, who);
        if (s)
            snprintf(out, PACK_ID_MAX, "%s", s->id);
        else
            pack_sheet_error(ps, row->sh->file, row->rec->line,
                             _("shadow \"%s\" is not in shadows.csv — use one of the ids in "
                               "shadows.csv (%s), or * for everyone"),
                             pack_sheet_quote(ps, who),
                             pack_sheet_ids(ps, &ps->shadows, offsetof(struct pack_shadow, id)));
    } else if (who[0]) {
        snprintf(out, PACK_ID_MAX, "%.*s", PACK_ID_MAX - 1, who);
    }
}

/* The end, after the start, and a warning when it is after the end of the day. */
static void plan_read_end(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    struct pack_plan_item *it = (struct pack_plan_item *)row->item;
    const char *file = row->sh->file;
    int line = row->rec->line, eod = ps->p->workplace.end_of_day_min;
    pack_sheet_read_time(ps, row, field);
    if (it->start_min < 0 || it->end_min < 0)
        return;
    char a[8], b[8];
    pack_value_format_time(it->start_min, a);
    pack_value_format_time(it->end_min, b);
    if (it->end_min <= it->start_min) {
        pack_sheet_error(ps, file, line, _("the item starts at %s and ends at %s — the end must "
                                           "come after the start"), a, b);
        return;
    }
    /* end_of_day_min is 0 when workplace.csv has no valid end_of_day (said there). */
    if (eod > 0 && it->end_min > eod) {
        char at[8];
        pack_value_format_time(eod, at);
        pack_sheet_warn(ps, file, line, _("the item ends at %s, after the end of the day (%s in "
                                          "workplace.csv)"), b, at);
    }
}

static void plan_read_kind(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    int *out = field;
    *out = pack_sheet_word(row, plan_kinds, COUNT_OF(plan_kinds), PLAN_WORK);
    if (*out >= 0)
        return;
    pack_sheet_error(ps, row->sh->file, row->rec->line, _("the kind \"%s\" is not known — use "
                                                          "one of: arrive, work, meeting, tour, "
                                                          "break, lunch, safety, leave"),
                     pack_sheet_quote(ps, pack_sheet_row_cell(row)));
    *out = PLAN_WORK;
}

/* Another host than the escort for this item: an id of hosts.csv. */
static void plan_read_with(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *with = pack_sheet_row_cell(row);
    if (!with[0] || !ps->hosts_known)
        return;
    const struct pack_host *h = pack_hosts_match(ps->p, with);
    if (h)
        snprintf(field, PACK_ID_MAX, "%s", h->id);
    else
        pack_sheet_error(ps, row->sh->file, row->rec->line,
                         _("\"with\" is \"%s\", which is not in hosts.csv — use one of the ids "
                           "in hosts.csv (%s), or leave it empty for the escort"),
                         pack_sheet_quote(ps, with),
                         pack_sheet_ids(ps, &ps->hosts, offsetof(struct pack_host, id)));
}

static void plan_read_lunch(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    struct pack_plan_item *it = (struct pack_plan_item *)row->item;
    const char *lunch = pack_sheet_row_cell(row);
    *(int *)field = pack_sheet_yes_no(ps, row, ps->p->workplace.lunch);
    it->lunch_known = lunch[0] && pack_value_yes_no(lunch) >= 0;
    if (lunch[0] && it->kind != PLAN_LUNCH)
        pack_sheet_warn(ps, row->sh->file, row->rec->line, _("lunch_provided is only used on "
                                                             "lunch items — it is ignored here"));
}

void pack_plan_read(struct pack_parse *ps)
{
    struct sheet *sh = &ps->plan;
    struct pack *p = ps->p;
    if (!pack_sheet_open(ps, sh, PACK_FILE_PLAN, plan_columns, COUNT_OF(plan_columns), 1))
        return;
    p->plan = pack_sheet_read_rows(ps, sh, sizeof *p->plan);
    p->plan_count = sh->count;
    if (!p->plan)
        return;
    for (int i = 0; i < p->plan_count; i++)
        p->plan[i].line = sh->lines[i];
    if (p->plan_count == 0)
        pack_sheet_error(ps, sh->file, 0, _("the plan has no items — add the day's items, one "
                                            "line each"));
    else if (ps->shadows_known)
        pack_timeline_check(ps);
}
