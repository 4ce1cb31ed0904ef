/*
** i18n.h - translations: every user-facing string through one look-up in the compiled catalogue.
**
** Every user-facing string is written in English in the source and wrapped in _() (or N_() where
** it is only marked, in a table, and translated where it is shown); translators work on
** assets/po/<lang>.po, which the build compiles into the program (tools/po_compile.c), so the
** kiosk, the CLI and the browser page translate alike with no files to find at run time.
** Plural forms follow each catalogue's Plural-Forms; a variant such as "fi-selko" falls back to
** "fi" for what it does not translate, and everything falls back to the English source.
** The language can change at run time: each shadow's visit has its own. Must not depend on SDL.
*/
#ifndef SD_I18N_H
#define SD_I18N_H

#define _(s) i18n_gettext(s)
#define N_(s) (s)
/* With a context, for words that translate differently by use: C_("language-name", "English"). */
#define C_(ctx, s) i18n_cgettext(ctx "\004" s, sizeof(ctx))
/* Only marks a string with a context, as N_() does: the catalogue key "ctx\004s". */
#define CN_(ctx, s) ctx "\004" s
/* Plural-aware, as ngettext: the form for n in the current language. */
#define NG_(s, p, n) i18n_ngettext(s, p, (unsigned long)(n))

/* The compiler checks a translated printf format as it checks the English one (format_arg). */
#if defined(__GNUC__)
#define I18N_FORMAT_ARG(i) __attribute__((format_arg(i)))
#else
#define I18N_FORMAT_ARG(i)
#endif

/* msgid in the current language (the msgid itself when no catalogue translates it). */
const char *i18n_gettext(const char *msgid) I18N_FORMAT_ARG(1);
/* key is "context\004msgid"; ctx_size is sizeof the context literal (its length + 1). */
const char *i18n_cgettext(const char *key, unsigned long ctx_size) I18N_FORMAT_ARG(1);
/* The singular or plural form for n, by the current catalogue's plural rule. */
const char *i18n_ngettext(const char *singular, const char *plural, unsigned long n)
    I18N_FORMAT_ARG(1) I18N_FORMAT_ARG(2);

/*
** Pick the language from the environment as gettext would (LANGUAGE, then LC_ALL, LC_MESSAGES,
** LANG; "fi_FI.UTF-8" means "fi"), and set the locale for the C library (numbers stay "C", so
** CSV and JSON never get decimal commas). Programs call it once at start.
*/
void i18n_init(void);

/* Switch every later _() to lang ("fi", "sv", "en", "fi-selko"). Unknown languages mean English. */
void i18n_set_language(const char *lang);
/* The catalogue in use: "fi" after "fi_FI"; "fi-selko" when that catalogue exists, else "fi". */
const char *i18n_language(void);

/* The languages with a catalogue ("fi", "sv", "en" first, then the others by name). */
int i18n_language_count(void);
const char *i18n_language_code(int i);
/* msgid translated into lang without changing the current language (for reports, defaults). */
const char *i18n_gettext_in(const char *lang, const char *msgid) I18N_FORMAT_ARG(2);

/* The language's own name ("suomi", "svenska", "English"), from its catalogue. */
const char *i18n_language_name(const char *lang);

#endif
