/*
** i18n.h - translations through GNU gettext (text domain "shadowday").
**
** Every user-facing string is written in English in the source and wrapped in _() (or N_() where
** it is only marked, in a table, and translated where it is shown); translators work on
** assets/po/<lang>.po. The language can change at run time: each shadow's visit has its own.
** Must not depend on SDL.
*/
#ifndef SD_I18N_H
#define SD_I18N_H

#include <libintl.h>

#define SD_TEXTDOMAIN "shadowday"
#define _(s) dgettext(SD_TEXTDOMAIN, s)
#define N_(s) (s)
/* With a context, for words that translate differently by use: C_("language-name", "English"). */
#define C_(ctx, s) dgettext(SD_TEXTDOMAIN, ctx "\004" s)
/* Plural-aware: ngettext with our domain. */
#define NG_(s, p, n) dngettext(SD_TEXTDOMAIN, s, p, n)

/*
** Bind the text domain. localedir may be NULL: then the catalogue is looked for next to the
** running executable (build tree: <bindir>/locale) and then in the installed locale dir.
** Returns the directory used.
*/
const char *i18n_init(const char *localedir);

/* Switch every later _() to lang ("fi", "sv", "en", ...). Unknown languages fall back to English. */
void i18n_set_language(const char *lang);
const char *i18n_language(void);

/* The languages with a catalogue, in the order of SD_LANGUAGES at build time ("en" first). */
int i18n_language_count(void);
const char *i18n_language_code(int i);
/* msgid translated into lang without changing the current language (for reports, defaults). */
const char *i18n_gettext_in(const char *lang, const char *msgid);

/* The language's own name ("suomi", "svenska", "English"), from its catalogue. */
const char *i18n_language_name(const char *lang);

#endif
