/*
** pack_workplace.c - workplace.csv: the day's settings as key,value lines.
**
** Driven by the table of keys (wp_keys): a new setting is one row there and one field in
** struct pack_workplace. The lines are gathered first, so a key given twice and the default
** language are known before any value is read. A line pasted with the other separator
** ("coordinator_public_key,KEY" into a file of semicolons lands in one cell) is read the same
** as a proper one, and a line that looks like the coordinator's key but is not
** coordinator_public_key is an error: a pack is never silently left unencrypted.
** Must not depend on SQLite or SDL.
*/
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypt.h"
#include "err.h"
#include "i18n.h"
#include "pack_sheet.h"
#include "pin.h"

enum wp_type { WP_TEXT, WP_TR, WP_DATE, WP_PHONE, WP_YES_NO, WP_TIME, WP_LANG, WP_KEY, WP_HASH,
               WP_PIN, WP_INT };

struct wp_key {
    const char *key;
    int type;
    int required;
    size_t offset;          /* into struct pack_workplace */
    int min, max;           /* for WP_INT */
};

#define WP(field) offsetof(struct pack_workplace, field)
static const struct wp_key wp_keys[] = {
    /* key                       type        required  field */
    { "name",                    WP_TR,      1, WP(name), 0, 0 },
    { "date",                    WP_DATE,    1, WP(date), 0, 0 },
    { "address",                 WP_TEXT,    0, WP(address), 0, 0 },
    { "contact_name",            WP_TEXT,    0, WP(contact_name), 0, 0 },
    { "contact_phone",           WP_PHONE,   1, WP(contact_phone), 0, 0 },
    { "lunch",                   WP_YES_NO,  0, WP(lunch), 0, 0 },
    { "lunch_note",              WP_TR,      0, WP(lunch_note), 0, 0 },
    { "end_of_day",              WP_TIME,    1, WP(end_of_day_min), 0, 0 },
    { "default_language",        WP_LANG,    0, WP(default_language), 0, 0 },
    { "coordinator_public_key",  WP_KEY,     0, WP(coordinator_key), 0, 0 },
    { "admin_pin_hash",          WP_HASH,    0, WP(admin_pin_hash), 0, 0 },
    { "admin_pin",               WP_PIN,     0, WP(admin_pin_hash), 0, 0 },
    { "self_checkout",           WP_YES_NO,  0, WP(self_checkout), 0, 0 },
    { "idle_timeout",            WP_INT,     0, WP(idle_timeout_s), 30, 600 },
    { "retention_days",          WP_INT,     0, WP(retention_days), 1, 365 },
};
#undef WP
enum { WP_KEY_COUNT = COUNT_OF(wp_keys) };

static const struct pack_column wp_columns[] = {
    { "key", COL_REQUIRED, NULL, 0, 0 }, { "value", COL_REQUIRED, NULL, 0, 0 },
};
enum { WP_COL_KEY, WP_COL_VALUE };

struct wp_line {            /* where a key was given */
    int line;               /* 0: not given */
    int rec;                /* its record in the sheet */
    const char *value;      /* its value ("" when empty) */
};

struct wp_lines {           /* every line of the file, gathered before the values are read */
    struct wp_line key[WP_KEY_COUNT];
    struct { int key; struct wp_line at; char lang[8]; } tr[64];  /* name_sv, ... */
    int ntr;
};

static int wp_find(const char *key)
{
    for (int i = 0; i < WP_KEY_COUNT; i++)
        if (strcmp(key, wp_keys[i].key) == 0)
            return i;
    return -1;
}

/* ---------------------------------------------------------------- values */

/* The coordinator's public key: spaces and quotes around or inside it are dropped (they are
** never part of Base64; a spreadsheet or a mail program adds them); anything else that is not
** the 32-byte key is an error. */
static void wp_read_key(struct pack_parse *ps, const char *v, int line)
{
    struct pack_workplace *w = &ps->p->workplace;
    char joined[CRYPT_PUBLIC_B64_SIZE + 1];
    size_t n = 0;
    int too_long = 0;
    for (const char *c = v; *c; c++) {
        if (*c == ' ' || *c == '"')
            continue;
        if (n + 1 >= sizeof joined)
            too_long = 1;
        else
            joined[n++] = *c;
    }
    joined[n] = '\0';
    unsigned char zero[CRYPT_KEY_BYTES] = { 0 };
    if (too_long || crypt_public_from_base64(joined, w->coordinator_key) != SD_OK ||
        sodium_memcmp(w->coordinator_key, zero, sizeof zero) == 0) {
        pack_sheet_error(ps, PACK_FILE_WORKPLACE, line,
                         _("the coordinator key is not valid — copy the whole public key (44 "
                           "characters) that `shadowday keygen` printed"));
        memset(w->coordinator_key, 0, sizeof w->coordinator_key);
        w->has_coordinator_key = 0;
    } else {
        w->has_coordinator_key = 1;
    }
}

static void wp_read_pin(struct pack_parse *ps, const char *v, int line)
{
    struct pack_workplace *w = &ps->p->workplace;
    if (!pin_is_well_formed(v)) {
        pack_sheet_error(ps, PACK_FILE_WORKPLACE, line, _("the PIN must be 4 to 12 digits — a "
                                                          "spreadsheet may drop a leading 0; "
                                                          "format the cells as text"));
    } else if (ps->hash_plain_pins) {
        int rc = pin_hash(v, w->admin_pin_hash);
        if (rc == SD_ENOMEM)
            ps->nomem = 1;
        else if (rc != SD_OK)
            pack_sheet_error(ps, PACK_FILE_WORKPLACE, line, _("the PIN could not be hashed"));
    }
}

/* One value of workplace.csv into its field. */
static void wp_value(struct pack_parse *ps, const struct wp_key *k, const char *v, int line)
{
    struct pack_workplace *w = &ps->p->workplace;
    void *dst = (char *)w + k->offset;
    const char *file = PACK_FILE_WORKPLACE;
    int n;
    switch (k->type) {
    case WP_TEXT:
        *(const char **)dst = pack_strings_keep(ps->p, v);
        break;
    case WP_TR:
        ((struct pack_text *)dst)->base = (char *)pack_strings_keep(ps->p, v);
        break;
    case WP_DATE:
        if (!pack_value_date(v, dst))
            pack_sheet_error(ps, file, line, _("\"%s\" is not a date — write it as YYYY-MM-DD "
                                               "(2027-04-15) or D.M.YYYY (15.4.2027)"),
                             pack_sheet_quote(ps, v));
        break;
    case WP_PHONE:
        pack_sheet_phone(ps, file, line, v);
        *(const char **)dst = pack_strings_keep(ps->p, v);
        break;
    case WP_YES_NO:
        n = pack_value_yes_no(v);
        if (n < 0)
            pack_sheet_error(ps, file, line, _("%s is \"%s\" — write yes or no (kyllä/ei, ja/nej "
                                               "also work)"), k->key, pack_sheet_quote(ps, v));
        *(int *)dst = n > 0;
        break;
    case WP_TIME:
        n = pack_value_time(v);
        if (n < 0)
            pack_sheet_error(ps, file, line, _("\"%s\" is not a time — write it as HH:MM, for "
                                               "example 08:30"), pack_sheet_quote(ps, v));
        *(int *)dst = n < 0 ? 0 : n;
        break;
    case WP_LANG:
        pack_sheet_language(ps, file, line, v, dst);
        if (!w->default_language[0])
            snprintf(w->default_language, sizeof w->default_language, "fi");
        break;
    case WP_KEY:
        wp_read_key(ps, v, line);
        break;
    case WP_HASH:
        if (!pin_hash_is_well_formed(v))
            pack_sheet_error(ps, file, line, _("the PIN hash is not valid — make one with "
                                               "`shadowday pin-hash` and copy it whole"));
        else
            snprintf(w->admin_pin_hash, sizeof w->admin_pin_hash, "%s", v);
        break;
    case WP_PIN:
        wp_read_pin(ps, v, line);
        break;
    case WP_INT:
        n = pack_value_int(v, k->min, k->max);
        if (n < 0)
            pack_sheet_error(ps, file, line, _("%s must be a whole number from %d to %d, not "
                                               "\"%s\""), k->key, k->min, k->max,
                             pack_sheet_quote(ps, v));
        else
            *(int *)dst = n;
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------- gathering the lines */

/*
** The key of a line (folded into key) and its value. When the value cell is empty and the key
** cell holds the other separator, the line was written or pasted with it ("name,Kahvila" in a
** file of semicolons): the key is what comes before it and the value what comes after, without
** the quotes a spreadsheet may have left around it. The cells themselves are not changed: the
** kiosk's copy of the file reads the same way.
*/
static const char *wp_split(struct pack_parse *ps, const struct csv_record *rec, char key[64])
{
    const struct sheet *sh = &ps->workplace;
    const char *cell = pack_sheet_cell(sh, rec, WP_COL_KEY);
    const char *value = pack_sheet_cell(sh, rec, WP_COL_VALUE);
    const char *sep = value[0] ? NULL : strpbrk(cell, ",;");
    if (!sep) {
        pack_value_fold(cell, key, 64, 1);
        return value;
    }
    char part[PACK_MAX_FIELD_BYTES + 1];
    snprintf(part, sizeof part, "%.*s", (int)(sep - cell), cell);
    pack_value_trim(part);
    pack_value_fold(part, key, 64, 1);
    snprintf(part, sizeof part, "%s", sep + 1);
    pack_value_trim(part);
    size_t n = strlen(part);
    if (n >= 2 && part[0] == '"' && part[n - 1] == '"') {
        part[n - 1] = '\0';
        memmove(part, part + 1, n - 1);
        pack_value_trim(part);
    }
    return pack_strings_keep(ps->p, part);
}

/* Whether an unknown line may be the coordinator's key under another name: then losing it
** would leave every export of the pack unencrypted. */
static int wp_looks_like_key(const char *key, const char *value, const char *hint)
{
    static const char *const words[] = { "key", "public", "avain", "nyckel" };
    unsigned char pk[CRYPT_KEY_BYTES];
    if (hint && strcmp(hint, "coordinator_public_key") == 0)
        return 1;
    for (int i = 0; i < COUNT_OF(words); i++)
        if (strstr(key, words[i]))
            return 1;
    return crypt_public_from_base64(value, pk) == SD_OK;
}

static void wp_unknown(struct pack_parse *ps, int line, const char *key, const char *value)
{
    const char *keys[WP_KEY_COUNT];
    for (int k = 0; k < WP_KEY_COUNT; k++)
        keys[k] = wp_keys[k].key;
    const char *hint = pack_value_suggest(key, keys, WP_KEY_COUNT, 2);
    if (wp_looks_like_key(key, value, hint))
        pack_sheet_error(ps, PACK_FILE_WORKPLACE, line,
                         _("the key \"%s\" is not known — the coordinator's public key goes on "
                           "a line coordinator_public_key, as `shadowday keygen` prints it; "
                           "without it the exports are not encrypted"),
                         pack_sheet_quote(ps, key));
    else if (hint)
        pack_sheet_warn(ps, PACK_FILE_WORKPLACE, line, _("the key \"%s\" is not known and is "
                                                         "ignored — did you mean \"%s\"?"),
                        pack_sheet_quote(ps, key), hint);
    else
        pack_sheet_warn(ps, PACK_FILE_WORKPLACE, line, _("the key \"%s\" is not known and is "
                                                         "ignored"), pack_sheet_quote(ps, key));
}

/* name_sv and the like: a translation of a key that takes them. Returns 0 when key is not. */
static int wp_gather_translation(struct pack_parse *ps, struct wp_lines *g, char *key,
                                 const struct wp_line *at)
{
    char *us = strrchr(key, '_');
    if (!us || strlen(us + 1) != 2)
        return 0;
    *us = '\0';
    int base = wp_find(key);
    *us = '_';
    if (base < 0 || wp_keys[base].type != WP_TR)
        return 0;
    for (int i = 0; i < g->ntr; i++) {
        if (g->tr[i].key == base && strcmp(g->tr[i].lang, us + 1) == 0) {
            pack_sheet_error(ps, PACK_FILE_WORKPLACE, at->line, _("the key \"%s\" is already on "
                                                                  "line %d — keep only one"),
                             key, g->tr[i].at.line);
            return 1;
        }
    }
    if (g->ntr < COUNT_OF(g->tr)) {
        g->tr[g->ntr].key = base;
        g->tr[g->ntr].at = *at;
        snprintf(g->tr[g->ntr].lang, sizeof g->tr[g->ntr].lang, "%s", us + 1);
        g->ntr++;
    }
    return 1;
}

static void wp_gather(struct pack_parse *ps, struct wp_lines *g)
{
    struct sheet *sh = &ps->workplace;
    for (int r = 1; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        char key[64];
        if (pack_sheet_row_blank(ps, sh, rec))
            continue;
        struct wp_line at = { rec->line, r, wp_split(ps, rec, key) };
        if (!key[0]) {
            pack_sheet_warn(ps, sh->file, rec->line, _("the line has a value but no key — it is "
                                                       "ignored"));
            continue;
        }
        int k = wp_find(key);
        if (k >= 0 && g->key[k].line)
            pack_sheet_error(ps, sh->file, rec->line, _("the key \"%s\" is already on line %d — "
                                                        "keep only one"), key, g->key[k].line);
        else if (k >= 0)
            g->key[k] = at;
        else if (!wp_gather_translation(ps, g, key, &at))
            wp_unknown(ps, rec->line, key, at.value);
    }
}

/* ---------------------------------------------------------------- reading */

static void wp_defaults(struct pack_parse *ps)
{
    struct pack_workplace *w = &ps->p->workplace;
    w->name.base = w->lunch_note.base = (char *)"";
    w->address = w->contact_name = w->contact_phone = (char *)"";
    w->idle_timeout_s = 90;
    w->retention_days = 30;
    w->end_of_day_min = 16 * 60;
    snprintf(w->default_language, sizeof w->default_language, "fi");
    ps->admin_rec = -1;
}

/* Every value, the default language first: translations and messages depend on it. */
static void wp_values(struct pack_parse *ps, const struct wp_lines *g)
{
    int lang_key = wp_find("default_language");
    for (int i = -1; i < WP_KEY_COUNT; i++) {
        int k = i < 0 ? lang_key : i;
        if (i == lang_key)
            continue;
        const struct wp_line *at = &g->key[k];
        if (at->line && at->value[0])
            wp_value(ps, &wp_keys[k], at->value, at->line);
        else if (wp_keys[k].required && at->line)
            pack_sheet_error(ps, PACK_FILE_WORKPLACE, at->line, _("the value of \"%s\" is empty "
                                                                  "— fill it in"), wp_keys[k].key);
        else if (wp_keys[k].required)
            pack_sheet_error(ps, PACK_FILE_WORKPLACE, 0, _("the key \"%s\" is missing — add a "
                                                           "line with %s and its value"),
                             wp_keys[k].key, wp_keys[k].key);
    }
    const struct wp_line *lunch = &g->key[wp_find("lunch")];
    ps->p->workplace.lunch_known = lunch->line && pack_value_yes_no(lunch->value) >= 0;
}

static void wp_admin_pin(struct pack_parse *ps, const struct wp_lines *g)
{
    const struct wp_line *hash = &g->key[wp_find("admin_pin_hash")];
    const struct wp_line *pin = &g->key[wp_find("admin_pin")];
    int has_hash = hash->line && hash->value[0], has_pin = pin->line && pin->value[0];
    if (has_hash && has_pin)
        pack_sheet_error(ps, PACK_FILE_WORKPLACE, pin->line, _("give the admin PIN only once: "
                                                               "either admin_pin or "
                                                               "admin_pin_hash"));
    else if (!has_hash && !has_pin)
        pack_sheet_error(ps, PACK_FILE_WORKPLACE, 0, _("the admin PIN is missing — add a line "
                                                       "admin_pin with 4 to 12 digits (or "
                                                       "admin_pin_hash from `shadowday "
                                                       "pin-hash`)"));
    if (has_pin)
        ps->admin_rec = pin->rec;
}

static void wp_translations(struct pack_parse *ps, const struct wp_lines *g)
{
    struct pack_workplace *w = &ps->p->workplace;
    for (int i = 0; i < g->ntr; i++) {
        const struct wp_key *k = &wp_keys[g->tr[i].key];
        const struct wp_line *at = &g->tr[i].at;
        struct pack_text *t = (struct pack_text *)((char *)w + k->offset);
        if (strcmp(g->tr[i].lang, w->default_language) == 0)
            pack_sheet_warn(ps, PACK_FILE_WORKPLACE, at->line,
                            _("the key \"%s_%s\" is in the pack's default language, so it is "
                              "not used — put that text on the line \"%s\""),
                            k->key, g->tr[i].lang, k->key);
        else if (at->value[0] && !pack_strings_add_tr(ps->p, t, g->tr[i].lang, at->value))
            pack_sheet_warn(ps, PACK_FILE_WORKPLACE, at->line, _("a text has more than %d "
                                                                 "translations; the others are "
                                                                 "ignored"), PACK_MAX_LANGS);
    }
}

void pack_workplace_read(struct pack_parse *ps)
{
    struct wp_lines g;
    memset(&g, 0, sizeof g);
    wp_defaults(ps);
    if (!pack_sheet_open(ps, &ps->workplace, PACK_FILE_WORKPLACE, wp_columns,
                         COUNT_OF(wp_columns), 1))
        return;
    wp_gather(ps, &g);
    wp_values(ps, &g);
    wp_admin_pin(ps, &g);
    wp_translations(ps, &g);
}

int pack_workplace_canon(struct pack_parse *ps, struct textbuf *o)
{
    const struct sheet *sh = &ps->workplace;
    const char *cells[PACK_MAX_FIELDS + 1];
    int line = 1;
    if (ps->admin_rec < 0)
        return SD_OK;   /* no plain admin PIN: the file is kept as it is */
    for (int r = 0; r < sh->t.count; r++) {
        const struct csv_record *rec = &sh->t.records[r];
        for (int f = 0; f < sh->width; f++)
            cells[f] = f < rec->count ? rec->fields[f] : "";
        if (r == ps->admin_rec) {
            cells[sh->at[WP_COL_KEY]] = "admin_pin_hash";
            cells[sh->at[WP_COL_VALUE]] = ps->p->workplace.admin_pin_hash;
        }
        pack_sheet_write_record(o, sh->t.separator, cells, sh->width, rec->line, &line);
    }
    return o->error;
}
