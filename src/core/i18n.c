/*
** i18n.c - the translation look-up over the compiled catalogue, the language of the moment,
** and the list of languages built in.
**
** The catalogues are arrays made at build time from the PO files in assets/po (i18n_catalogue.h), sorted
** by key, so a look-up is a binary search in at most a few catalogues: the language, then the
** languages it is a variant of ("fi-selko" -> "fi"), then the English source. No gettext at run
** time: the same code translates in the kiosk, the CLI and the WebAssembly page, where there is
** no locale directory to bind. Must not depend on SDL.
*/
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_catalogue.h"

enum { I18N_CHAIN_MAX = 4, I18N_CODE_MAX = 16 };

/* The catalogues a language reads, most specific first. */
struct i18n_chain {
    const struct i18n_catalogue *cat[I18N_CHAIN_MAX];
    int count;
};

static struct {
    char current[I18N_CODE_MAX];
    struct i18n_chain chain;
    const char *order[64];          /* i18n_language_code(i) */
    int order_count;
} i18n;

/* Finnish first, as the day is Finnish; then Swedish and English; any added language after. */
static const char *const preferred_order[] = { "fi", "sv", "en" };

static const struct i18n_catalogue *i18n_find_catalogue(const char *lang, size_t len)
{
    for (int i = 0; i < i18n_catalogue_count; i++)
        if (strlen(i18n_catalogues[i].lang) == len && strncmp(i18n_catalogues[i].lang, lang, len) == 0)
            return &i18n_catalogues[i];
    return NULL;
}

/* "fi-selko" reads fi-selko.po, then fi.po; "sv_FI" reads sv.po. */
static void i18n_make_chain(const char *lang, struct i18n_chain *chain)
{
    size_t len = lang ? strlen(lang) : 0;
    chain->count = 0;
    while (len > 0 && chain->count < I18N_CHAIN_MAX) {
        const struct i18n_catalogue *c = i18n_find_catalogue(lang, len);
        if (c)
            chain->cat[chain->count++] = c;
        while (len > 0 && lang[len - 1] != '-' && lang[len - 1] != '_' && lang[len - 1] != '@')
            len--;
        if (len > 0)
            len--;                  /* drop the separator too */
    }
}

static int i18n_key_cmp(const void *key, const void *msg)
{
    return strcmp(key, ((const struct i18n_message *)msg)->key);
}

static const struct i18n_message *i18n_lookup(const struct i18n_chain *chain, const char *key,
                                              const struct i18n_catalogue **from)
{
    for (int i = 0; i < chain->count; i++) {
        const struct i18n_catalogue *c = chain->cat[i];
        const struct i18n_message *m = bsearch(key, c->messages, (size_t)c->count, sizeof *m, i18n_key_cmp);
        if (m && m->nforms > 0) {
            *from = c;
            return m;
        }
    }
    return NULL;
}

static const char *i18n_translate(const struct i18n_chain *chain, const char *key)
{
    const struct i18n_catalogue *from;
    const struct i18n_message *m = i18n_lookup(chain, key, &from);
    return m ? m->forms[0] : key;
}

const char *i18n_gettext(const char *msgid)
{
    return i18n_translate(&i18n.chain, msgid);
}

const char *i18n_cgettext(const char *key, unsigned long ctx_size)
{
    const char *text = i18n_translate(&i18n.chain, key);
    return text == key ? key + ctx_size : text;
}

const char *i18n_ngettext(const char *singular, const char *plural, unsigned long n)
{
    const struct i18n_catalogue *from;
    const struct i18n_message *m = i18n_lookup(&i18n.chain, singular, &from);
    if (m) {
        unsigned long form = from->plural(n);
        if (form < (unsigned long)m->nforms)
            return m->forms[form];
    }
    return n == 1 ? singular : plural;
}

void i18n_set_language(const char *lang)
{
    if (!lang || !*lang || strlen(lang) >= I18N_CODE_MAX)
        lang = "en";
    i18n_make_chain(lang, &i18n.chain);
    /* The most specific catalogue found names the language: "fi_FI" is "fi", a valid lang tag. */
    snprintf(i18n.current, sizeof i18n.current, "%s", i18n.chain.count ? i18n.chain.cat[0]->lang : "en");
}

const char *i18n_language(void)
{
    return i18n.current[0] ? i18n.current : "en";
}

/*
** The first usable language of a locale-style name: "fi_FI.UTF-8" -> "fi_FI" (whose chain finds
** fi), "C" and "POSIX" -> none. Returns 1 and fills out when a catalogue serves it.
*/
static int i18n_env_language(const char *value, char *out, size_t size)
{
    size_t n = strcspn(value, ".:");
    if (n == 0 || n >= size || strncmp(value, "C", n) == 0 || strncmp(value, "POSIX", n) == 0)
        return 0;
    memcpy(out, value, n);
    out[n] = '\0';
    struct i18n_chain chain;
    i18n_make_chain(out, &chain);
    return chain.count > 0;
}

void i18n_init(void)
{
    char lang[I18N_CODE_MAX] = "en";
    const char *messages = NULL;
    setlocale(LC_ALL, "");
    /* Numbers and sorting stay locale-independent: CSV and JSON must not get decimal commas. */
    setlocale(LC_NUMERIC, "C");
    const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !messages; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            messages = v;
    }
    /* gettext reads LANGUAGE (a list, first usable wins) unless the locale says "C"; a locale
    ** set to C.UTF-8 on a machine without others still lets LANGUAGE choose. */
    const char *list = getenv("LANGUAGE");
    int found = 0;
    for (const char *p = list; p && *p && !found; p += strcspn(p, ":"), p += *p == ':') {
        char item[I18N_CODE_MAX];
        size_t n = strcspn(p, ":");
        if (n > 0 && n < sizeof item) {
            memcpy(item, p, n);
            item[n] = '\0';
            found = i18n_env_language(item, lang, sizeof lang);
        }
    }
    if (!found && messages && !i18n_env_language(messages, lang, sizeof lang))
        snprintf(lang, sizeof lang, "en");
    i18n_set_language(lang);
}

static void i18n_load_order(void)
{
    if (i18n.order_count)
        return;
    for (size_t i = 0; i < sizeof preferred_order / sizeof preferred_order[0]; i++)
        if (i18n_find_catalogue(preferred_order[i], strlen(preferred_order[i])))
            i18n.order[i18n.order_count++] = preferred_order[i];
    for (int i = 0; i < i18n_catalogue_count && i18n.order_count < 64; i++) {
        int seen = 0;
        for (int k = 0; k < i18n.order_count; k++)
            seen |= strcmp(i18n.order[k], i18n_catalogues[i].lang) == 0;
        if (!seen)
            i18n.order[i18n.order_count++] = i18n_catalogues[i].lang;
    }
}

int i18n_language_count(void)
{
    i18n_load_order();
    return i18n.order_count;
}

const char *i18n_language_code(int i)
{
    i18n_load_order();
    return i >= 0 && i < i18n.order_count ? i18n.order[i] : NULL;
}

const char *i18n_gettext_in(const char *lang, const char *msgid)
{
    struct i18n_chain chain;
    i18n_make_chain(lang, &chain);
    return i18n_translate(&chain, msgid);
}

const char *i18n_language_name(const char *lang)
{
    struct i18n_chain chain;
    /* TRANSLATORS: the name of your language in your language: "suomi", "svenska". */
    static const char key[] = CN_("language-name", "English");
    i18n_make_chain(lang, &chain);
    const char *name = i18n_translate(&chain, key);
    return name == key ? "English" : name;
}
