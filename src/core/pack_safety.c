/*
** pack_safety.c - safety.csv: the cards a shadow reads and acknowledges first, in order.
**
** A card is a pictogram, a title and one to three short sentences (longer texts are warned
** about: they are read standing at a kiosk). An acknowledgement is stored with the hash of the
** card as it was shown (pack_safety_hash), so a changed card is acknowledged again. The
** columns are the table below; a new column is one row there. Must not depend on SQLite or SDL.
*/
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "i18n.h"
#include "pack_sheet.h"
#include "utf8.h"

static pack_sheet_read_fn safety_read_icon, safety_read_text;

#define CARD(field) offsetof(struct pack_safety_card, field)
static const struct pack_column safety_columns[] = {
    { "id", COL_REQUIRED | COL_NEED, pack_sheet_read_id, CARD(id), 0 },
    { "icon", COL_REQUIRED | COL_NEED, safety_read_icon, CARD(icon), 0 },
    { "title", COL_REQUIRED | COL_TR | COL_NEED, pack_sheet_read_text, CARD(title), 0 },
    { "text", COL_REQUIRED | COL_TR | COL_NEED, safety_read_text, CARD(text), 0 },
};
#undef CARD

static const struct pack_word safety_icons[] = {
    { "fire", SAFETY_FIRE }, { "tuli", SAFETY_FIRE }, { "palo", SAFETY_FIRE },
    { "tulipalo", SAFETY_FIRE }, { "brand", SAFETY_FIRE }, { "eld", SAFETY_FIRE },
    { "exit", SAFETY_EXIT }, { "uloskäynti", SAFETY_EXIT }, { "poistumistie", SAFETY_EXIT },
    { "hätäuloskäynti", SAFETY_EXIT }, { "utgång", SAFETY_EXIT }, { "nödutgång", SAFETY_EXIT },
    { "first_aid", SAFETY_FIRST_AID }, { "ensiapu", SAFETY_FIRST_AID },
    { "första_hjälpen", SAFETY_FIRST_AID },
    { "protective", SAFETY_PROTECTIVE }, { "suojain", SAFETY_PROTECTIVE },
    { "suojaimet", SAFETY_PROTECTIVE }, { "suojavarusteet", SAFETY_PROTECTIVE },
    { "skydd", SAFETY_PROTECTIVE }, { "skyddsutrustning", SAFETY_PROTECTIVE },
    { "hygiene", SAFETY_HYGIENE }, { "hygienia", SAFETY_HYGIENE },
    { "käsienpesu", SAFETY_HYGIENE }, { "hygien", SAFETY_HYGIENE },
    { "machine", SAFETY_MACHINE }, { "kone", SAFETY_MACHINE }, { "koneet", SAFETY_MACHINE },
    { "maskin", SAFETY_MACHINE },
    { "chemical", SAFETY_CHEMICAL }, { "kemikaali", SAFETY_CHEMICAL },
    { "kemikaalit", SAFETY_CHEMICAL }, { "kemikalie", SAFETY_CHEMICAL },
    { "kemikalier", SAFETY_CHEMICAL },
    { "hot", SAFETY_HOT }, { "kuuma", SAFETY_HOT }, { "het", SAFETY_HOT }, { "varm", SAFETY_HOT },
    { "ask", SAFETY_ASK }, { "kysy", SAFETY_ASK }, { "fråga", SAFETY_ASK },
    { "phone", SAFETY_PHONE }, { "puhelin", SAFETY_PHONE }, { "telefon", SAFETY_PHONE },
};

static const char *const safety_icon_names[SAFETY_ICON_COUNT] = {
    "fire", "exit", "first_aid", "protective", "hygiene", "machine", "chemical", "hot", "ask",
    "phone",
};

const char *pack_safety_icon_name(int icon)
{
    return icon >= 0 && icon < SAFETY_ICON_COUNT ? safety_icon_names[icon] : NULL;
}

enum { SAFETY_MAX_SENTENCES = 3, SAFETY_MAX_CHARS = 300 };

static void safety_read_icon(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    int *out = field;
    *out = pack_sheet_word(row, safety_icons, COUNT_OF(safety_icons), SAFETY_ASK);
    if (*out >= 0)
        return;
    pack_sheet_error(ps, row->sh->file, row->rec->line, _("the icon \"%s\" is not known — use "
                                                          "one of: fire, exit, first_aid, "
                                                          "protective, hygiene, machine, "
                                                          "chemical, hot, ask, phone"),
                     pack_sheet_quote(ps, pack_sheet_row_cell(row)));
    *out = SAFETY_ASK;
}

/* A card is read standing at a kiosk: warn when a text is long. */
static void safety_check_length(struct pack_parse *ps, int line, const char *lang, const char *text)
{
    int sentences = pack_value_sentences(text);
    size_t chars = utf8_length(text);
    if (sentences > SAFETY_MAX_SENTENCES)
        pack_sheet_warn(ps, PACK_FILE_SAFETY, line, _("the text (%s) has %d sentences — keep it "
                                                      "to 1 to 3 short sentences"),
                        lang, sentences);
    else if (chars > SAFETY_MAX_CHARS)
        pack_sheet_warn(ps, PACK_FILE_SAFETY, line, _("the text (%s) is %d characters long — "
                                                      "keep it under %d"),
                        lang, (int)chars, SAFETY_MAX_CHARS);
}

/* The text with its translations, each checked for length. */
static void safety_read_text(struct pack_parse *ps, const struct sheet_row *row, void *field)
{
    const struct pack_text *text = field;
    const char *base = pack_sheet_row_cell(row);
    if (base[0])
        safety_check_length(ps, row->rec->line, ps->p->workplace.default_language, base);
    pack_sheet_read_text(ps, row, field);
    for (int i = 0; i < text->count; i++)
        safety_check_length(ps, row->rec->line, text->tr[i].lang, text->tr[i].text);
}

void pack_safety_read(struct pack_parse *ps)
{
    struct sheet *sh = &ps->safety;
    struct pack *p = ps->p;
    if (!pack_sheet_open(ps, sh, PACK_FILE_SAFETY, safety_columns, COUNT_OF(safety_columns), 1))
        return;
    p->safety = pack_sheet_read_rows(ps, sh, sizeof *p->safety);
    p->safety_count = sh->count;
    if (p->safety && p->safety_count == 0)
        pack_sheet_error(ps, sh->file, 0, _("there are no safety cards — add at least one (the "
                                            "fire alarm and the way out, for example)"));
}

void pack_safety_hash(const struct pack_safety_card *c, const char *lang, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];
    const char *parts[3] = { pack_safety_icon_name(c->icon), pack_text_get(&c->title, lang),
                             pack_text_get(&c->text, lang) };
    crypto_hash_sha256_init(&st);
    for (int i = 0; i < 3; i++) {
        const char *s = parts[i] ? parts[i] : "";
        crypto_hash_sha256_update(&st, (const unsigned char *)s, strlen(s) + 1);
    }
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}
