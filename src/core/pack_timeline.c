/*
** pack_timeline.c - the checks of every shadow's day as a whole, once plan.csv was read.
**
** Each shadow's own items must be listed in time order and must not overlap each other or the
** items for everyone ("*"), which are checked among themselves once; a shadow with no item at
** all is told on their line of shadows.csv. Items without a valid time were already reported
** and are left out. Must not depend on SQLite or SDL.
*/
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pack_sheet.h"

struct plan_slot {          /* an item in the order checks */
    int item;               /* index in p->plan */
    int start, end, line;
    int star;               /* the "*" item every shadow has */
};

static int plan_slot_cmp(const void *a, const void *b)
{
    const struct plan_slot *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Items listed out of time order (file order is the order given). */
static void plan_check_order(struct pack_parse *ps, const struct plan_slot *s, int n,
                             const char *who)
{
    for (int i = 1; i < n; i++) {
        if (s[i].start < s[i - 1].start) {
            char a[8], b[8];
            pack_value_format_time(s[i].start, a);
            pack_value_format_time(s[i - 1].start, b);
            if (who)
                pack_sheet_error(ps, PACK_FILE_PLAN, s[i].line, _("for %s, the item starts at %s but "
                                                            "the one on line %d starts later, at "
                                                            "%s — list each shadow's items in "
                                                            "time order"),
                           who, a, s[i - 1].line, b);
            else
                pack_sheet_error(ps, PACK_FILE_PLAN, s[i].line, _("the item starts at %s but the one "
                                                            "on line %d starts later, at %s — "
                                                            "list the items in time order"),
                           a, s[i - 1].line, b);
        }
    }
}

/* Overlaps in one timeline (s sorted by start). With who set, only pairs with an own item are
** reported (the "*" items among themselves were checked once). */
static void plan_check_overlap(struct pack_parse *ps, const struct plan_slot *s, int n,
                               const char *who)
{
    int m = -1;             /* the item that ends last so far */
    for (int i = 0; i < n; i++) {
        if (m >= 0 && s[i].start < s[m].end && !(who && s[i].star && s[m].star)) {
            char a[8], b[8];
            pack_value_format_time(s[i].start, a);
            pack_value_format_time(s[m].end, b);
            if (who && (s[i].star || s[m].star))
                pack_sheet_error(ps, PACK_FILE_PLAN, s[i].line, _("for %s, the item starts at %s but "
                                                            "the one on line %d ends at %s — "
                                                            "items of one shadow must not "
                                                            "overlap"), who, a, s[m].line, b);
            else
                pack_sheet_error(ps, PACK_FILE_PLAN, s[i].line, _("the item starts at %s but the one "
                                                            "on line %d ends at %s — items of "
                                                            "one shadow must not overlap"),
                           a, s[m].line, b);
        }
        if (m < 0 || s[i].end > s[m].end)
            m = i;
    }
}

/* The timelines, with owner[i] the shadow of item i (-1 for "*", -2 when unknown) and timed[i]
** whether it has a start before its end. */
static void plan_check_timelines(struct pack_parse *ps, const int *owner, const int *timed)
{
    struct pack *p = ps->p;
    struct plan_slot *stars = calloc((size_t)p->plan_count + 1, sizeof *stars);
    struct plan_slot *mine = calloc((size_t)p->plan_count * 2 + 1, sizeof *mine);
    int *first = malloc(((size_t)p->shadow_count + 1) * sizeof *first);
    int *next = malloc(((size_t)p->plan_count + 1) * sizeof *next);
    int nstars = 0;
    if (!stars || !mine || !first || !next) {
        ps->nomem = 1;
        goto done;
    }
    /* Lists of each shadow's items in file order, built back to front. */
    for (int s = 0; s < p->shadow_count; s++)
        first[s] = -1;
    for (int i = p->plan_count - 1; i >= 0; i--) {
        next[i] = -1;
        if (owner[i] >= 0) {
            next[i] = first[owner[i]];
            first[owner[i]] = i;
        }
    }
    for (int i = 0; i < p->plan_count; i++) {
        if (owner[i] == -1 && timed[i]) {
            const struct pack_plan_item *it = &p->plan[i];
            stars[nstars++] = (struct plan_slot){ i, it->start_min, it->end_min, it->line, 1 };
        }
    }
    plan_check_order(ps, stars, nstars, NULL);
    qsort(stars, (size_t)nstars, sizeof *stars, plan_slot_cmp);
    plan_check_overlap(ps, stars, nstars, NULL);
    int any_star = 0;
    for (int i = 0; i < p->plan_count; i++)
        any_star |= owner[i] == -1;
    for (int s = 0; s < p->shadow_count; s++) {
        int n = 0;
        for (int i = first[s]; i >= 0; i = next[i]) {
            if (!timed[i])
                continue;
            const struct pack_plan_item *it = &p->plan[i];
            mine[n++] = (struct plan_slot){ i, it->start_min, it->end_min, it->line, 0 };
        }
        if (first[s] < 0 && !any_star && p->shadows[s].id[0]) {
            pack_sheet_error(ps, PACK_FILE_SHADOWS, ps->shadows.lines[s],
                       _("%s has no items in plan.csv — add at least one line for %s (or for * "
                         "= everyone)"), p->shadows[s].id, p->shadows[s].id);
            continue;
        }
        if (n == 0)
            continue;
        plan_check_order(ps, mine, n, NULL);
        memcpy(mine + n, stars, (size_t)nstars * sizeof *stars);
        qsort(mine, (size_t)(n + nstars), sizeof *mine, plan_slot_cmp);
        plan_check_overlap(ps, mine, n + nstars, p->shadows[s].id);
    }
done:
    free(stars);
    free(mine);
    free(first);
    free(next);
}

void pack_timeline_check(struct pack_parse *ps)
{
    const struct pack *p = ps->p;
    int *owner = calloc((size_t)p->plan_count + 1, sizeof *owner);
    int *timed = calloc((size_t)p->plan_count + 1, sizeof *timed);
    if (!owner || !timed) {
        ps->nomem = 1;
    } else {
        for (int i = 0; i < p->plan_count; i++) {
            const struct pack_plan_item *it = &p->plan[i];
            const struct pack_shadow *s = it->shadow_id[0] ? pack_find_shadow(p, it->shadow_id)
                                                           : NULL;
            owner[i] = strcmp(it->shadow_id, "*") == 0 ? -1 : s ? (int)(s - p->shadows) : -2;
            timed[i] = it->start_min >= 0 && it->end_min > it->start_min;
        }
        plan_check_timelines(ps, owner, timed);
    }
    free(owner);
    free(timed);
}
