/*
** pack_plan_order.c - the order of the plan's items: in the pack, and for one shadow.
**
** After a parse the items are grouped ("*" items first, then each shadow's in the order of
** shadows.csv) and each group sorted by start time, the file order breaking ties; a shadow's
** day is their own items and the "*" ones merged by start. Must not depend on SQLite or SDL.
*/
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pack_sheet.h"

struct plan_key {
    int group, start, line;
    struct pack_plan_item item;
};

static int plan_key_cmp(const void *a, const void *b)
{
    const struct plan_key *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* "*" items first, then each shadow's in the order of shadows.csv; each group by start time. */
int pack_plan_order_sort(struct pack *p)
{
    struct plan_key *keys = calloc((size_t)p->plan_count + 1, sizeof *keys);
    if (!keys)
        return SD_ENOMEM;
    for (int i = 0; i < p->plan_count; i++) {
        const struct pack_shadow *s = pack_find_shadow(p, p->plan[i].shadow_id);
        keys[i].group = s ? (int)(s - p->shadows) : -1;
        keys[i].start = p->plan[i].start_min;
        keys[i].line = p->plan[i].line;
        keys[i].item = p->plan[i];
    }
    qsort(keys, (size_t)p->plan_count, sizeof *keys, plan_key_cmp);
    for (int i = 0; i < p->plan_count; i++)
        p->plan[i] = keys[i].item;
    free(keys);
    return SD_OK;
}

int pack_plan_for(const struct pack *p, const char *shadow_id,
                  const struct pack_plan_item **items, int max)
{
    int n = 0;
    for (int i = 0; p && shadow_id && i < p->plan_count; i++) {
        const struct pack_plan_item *it = &p->plan[i];
        if (strcmp(it->shadow_id, "*") != 0 && strcmp(it->shadow_id, shadow_id) != 0)
            continue;
        /* Insert by start (then line), keeping the earliest max items. */
        int at = n;
        while (at > 0 && (items[at - 1]->start_min > it->start_min ||
                          (items[at - 1]->start_min == it->start_min &&
                           items[at - 1]->line > it->line)))
            at--;
        if (at >= max)
            continue;
        int last = n < max ? n : max - 1;
        for (int j = last; j > at; j--)
            items[j] = items[j - 1];
        items[at] = it;
        if (n < max)
            n++;
    }
    return n;
}
