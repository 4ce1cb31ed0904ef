/*
** pack_hosts.c - hosts.csv: the people who escort shadows, each with a PIN to confirm.
**
** A PIN comes as pin_hash (from `shadowday pin-hash`) or as plain digits in pin, which the kiosk
** hashes at import and never stores: its copy of the file (pack_hosts_canon) has no pin column.
** The columns are the table below; a new column is one row there.
** Must not depend on SQLite or SDL.
*/
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "pack_sheet.h"
#include "pin.h"

static pack_sheet_read_fn hosts_read_id, hosts_read_pin;

#define HOST(field) offsetof(struct pack_host, field)
enum { HOST_ID, HOST_NAME, HOST_ROLE, HOST_PHONE, HOST_PIN_HASH, HOST_PIN };
static const struct pack_column host_columns[] = {
    [HOST_ID] = { "id", COL_REQUIRED | COL_NEED, hosts_read_id, HOST(id), 0 },
    [HOST_NAME] = { "name", COL_REQUIRED | COL_NEED, pack_sheet_read_name, HOST(name), 0 },
    [HOST_ROLE] = { "role", COL_TR, pack_sheet_read_text, HOST(role), 0 },
    [HOST_PHONE] = { "phone", 0, pack_sheet_read_phone, HOST(phone), 0 },
    [HOST_PIN_HASH] = { "pin_hash", 0, NULL, HOST(pin_hash), 0 },  /* read with pin */
    [HOST_PIN] = { "pin", 0, hosts_read_pin, HOST(pin_hash), 0 },
};
#undef HOST

static void hosts_read_id(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    pack_sheet_read_id(ps, row, field);
    if (pack_value_id_equal(field, "admin"))
        pack_sheet_error(ps, row->sh->file, row->rec->line, _("the id \"admin\" is kept for the "
                                                              "admin PIN — give this host another "
                                                              "id"));
}

/* pin_hash or pin, exactly one of them; a plain pin is hashed only at import. */
static void hosts_read_pin(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const struct sheet *sh = row->sh;
    struct pack_host *h = (struct pack_host *)row->item;
    const char *hash = pack_sheet_cell(sh, row->rec, HOST_PIN_HASH);
    const char *pin = pack_sheet_cell(sh, row->rec, HOST_PIN);
    int line = row->rec->line;
    (void)field;
    if (hash[0] && pin[0]) {
        pack_sheet_error(ps, sh->file, line, _("give the PIN only once: either in pin or in "
                                               "pin_hash"));
    } else if (hash[0]) {
        if (!pin_hash_is_well_formed(hash))
            pack_sheet_error(ps, sh->file, line, _("the PIN hash is not valid — make one with "
                                                   "`shadowday pin-hash` and copy it whole"));
        else
            snprintf(h->pin_hash, sizeof h->pin_hash, "%s", hash);
    } else if (pin[0]) {
        h->pin_is_plain = 1;
        if (!pin_is_well_formed(pin)) {
            pack_sheet_error(ps, sh->file, line, _("the PIN must be 4 to 12 digits — a "
                                                   "spreadsheet may drop a leading 0; format "
                                                   "the cells as text"));
        } else if (ps->hash_plain_pins) {
            int rc = pin_hash(pin, h->pin_hash);
            if (rc == SD_ENOMEM)
                ps->nomem = 1;
            else if (rc != SD_OK)
                pack_sheet_error(ps, sh->file, line, _("the PIN could not be hashed"));
        }
    } else if (sh->at[HOST_PIN_HASH] >= 0 || sh->at[HOST_PIN] >= 0) {
        pack_sheet_error(ps, sh->file, line, _("this host has no PIN — fill in pin (4 to 12 "
                                               "digits) or pin_hash"));
    }
}

void pack_hosts_read(struct pack_parse *ps)
{
    struct sheet *sh = &ps->hosts;
    struct pack *p = ps->p;
    if (!pack_sheet_open(ps, sh, PACK_FILE_HOSTS, host_columns, COUNT_OF(host_columns), 1))
        return;
    if (sh->at[HOST_PIN_HASH] < 0 && sh->at[HOST_PIN] < 0)
        pack_sheet_error(ps, sh->file, 1, _("the column \"pin_hash\" (or \"pin\") is missing — "
                                            "every host needs a PIN to confirm"));
    p->hosts = pack_sheet_read_rows(ps, sh, sizeof *p->hosts);
    p->host_count = sh->count;
    if (!p->hosts)
        return;
    if (p->host_count == 0)
        pack_sheet_error(ps, sh->file, 0, _("there are no hosts — add a line for each person who "
                                            "escorts a shadow"));
    pack_sheet_same_names(ps, sh, offsetof(struct pack_host, name));
    ps->hosts_known = 1;
}

const struct pack_host *pack_hosts_match(const struct pack *p, const char *id)
{
    for (int i = 0; i < p->host_count; i++)
        if (pack_value_id_equal(p->hosts[i].id, id))
            return &p->hosts[i];
    return NULL;
}

int pack_hosts_canon(struct pack_parse *ps, struct textbuf *o)
{
    const struct sheet *sh = &ps->hosts;
    const char *cells[PACK_MAX_FIELDS + 2];
    int line = 1, k = 0;
    int drop = sh->at[HOST_PIN], hash_at = sh->at[HOST_PIN_HASH];
    if (drop < 0)
        return SD_OK;   /* no plain pins: the file is kept as it is */
    for (int r = 0; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        int n = 0;
        const char *hash = NULL;
        if (r == 0)
            hash = "pin_hash";
        else if (k < ps->p->host_count && sh->recs[k] == r)
            hash = ps->p->hosts[k++].pin_hash;
        for (int f = 0; f < sh->width; f++) {
            if (f == drop)
                continue;
            cells[n++] = f == hash_at && hash ? hash : f < rec->count ? rec->fields[f] : "";
        }
        if (hash_at < 0)
            cells[n++] = hash ? hash : "";
        pack_sheet_write_record(o, sh->t.separator, cells, n, rec->line, &line);
    }
    return o->error;
}
