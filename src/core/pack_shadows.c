/*
** pack_shadows.c - shadows.csv: who comes to follow the work, whom they follow, whether their
** agreement is signed, their language and photo.
**
** The escort must be a host of hosts.csv (checked when hosts.csv could be read). The columns
** are the table below; a new column is one row there. Must not depend on SQLite or SDL.
*/
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "pack_sheet.h"

static pack_sheet_read_fn shadows_read_escort;

#define SHADOW(field) offsetof(struct pack_shadow, field)
static const struct pack_column shadow_columns[] = {
    { "id", COL_REQUIRED | COL_NEED, pack_sheet_read_id, SHADOW(id), 0 },
    { "first_name", COL_REQUIRED | COL_NEED, pack_sheet_read_name, SHADOW(first_name), 0 },
    { "escort", COL_REQUIRED | COL_NEED, shadows_read_escort, SHADOW(escort_id), 0 },
    { "agreement_signed", COL_REQUIRED, pack_sheet_read_yes_no, SHADOW(agreement_signed), -2 },
    { "language", 0, pack_sheet_read_language, SHADOW(language), 0 },
    { "photo", 0, pack_sheet_read_picture, SHADOW(photo), 0 },
    { "self_checkout", 0, pack_sheet_read_yes_no, SHADOW(self_checkout), -1 },
};
#undef SHADOW

/* The escort as its id in hosts.csv (the case written there). */
static void shadows_read_escort(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const char *escort = pack_sheet_row_cell(row);
    char *out = field;
    const struct pack_host *h = escort[0] && ps->hosts_known ? pack_hosts_match(ps->p, escort)
                                                             : NULL;
    if (h)
        snprintf(out, PACK_ID_MAX, "%s", h->id);
    else if (escort[0] && ps->hosts_known)
        pack_sheet_error(ps, row->sh->file, row->rec->line, _("escort \"%s\" is not in hosts.csv "
                                                              "— use one of the ids in hosts.csv "
                                                              "(%s)"),
                         pack_sheet_quote(ps, escort),
                         pack_sheet_ids(ps, &ps->hosts, offsetof(struct pack_host, id)));
    else
        snprintf(out, PACK_ID_MAX, "%.*s", PACK_ID_MAX - 1, escort);
}

void pack_shadows_read(struct pack_parse *ps)
{
    struct sheet *sh = &ps->shadows;
    struct pack *p = ps->p;
    if (!pack_sheet_open(ps, sh, PACK_FILE_SHADOWS, shadow_columns, COUNT_OF(shadow_columns), 1))
        return;
    p->shadows = pack_sheet_read_rows(ps, sh, sizeof *p->shadows);
    p->shadow_count = sh->count;
    if (!p->shadows)
        return;
    for (int i = 0; i < p->shadow_count; i++)
        p->shadows[i].line = sh->lines[i];
    if (p->shadow_count == 0)
        pack_sheet_error(ps, sh->file, 0, _("there are no shadows — add a line for each person "
                                            "who comes to follow the work"));
    pack_sheet_same_names(ps, sh, offsetof(struct pack_shadow, first_name));
    ps->shadows_known = 1;
}

const struct pack_shadow *pack_shadows_match(const struct pack *p, const char *id)
{
    for (int i = 0; i < p->shadow_count; i++)
        if (pack_value_id_equal(p->shadows[i].id, id))
            return &p->shadows[i];
    return NULL;
}
