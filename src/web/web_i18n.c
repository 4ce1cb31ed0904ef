/*
** web_i18n.c - the page's languages: the core's catalogue (i18n.c), which holds the page's own
** strings too (the scripts in web/ mark them with _() and po_complete checks them), and the version.
** Must not depend on SQLite or SDL.
*/
#include <emscripten.h>

#include "i18n.h"
#include "web_api.h"

#ifndef SD_VERSION
#define SD_VERSION "0"
#endif

EMSCRIPTEN_KEEPALIVE void web_set_language(const char *lang)
{
    i18n_set_language(lang);
}

EMSCRIPTEN_KEEPALIVE const char *web_language(void)
{
    return i18n_language();
}

EMSCRIPTEN_KEEPALIVE int web_language_count(void)
{
    return i18n_language_count();
}

EMSCRIPTEN_KEEPALIVE const char *web_language_code(int i)
{
    return i18n_language_code(i);
}

EMSCRIPTEN_KEEPALIVE const char *web_language_name(const char *lang)
{
    return i18n_language_name(lang);
}

EMSCRIPTEN_KEEPALIVE const char *web_gettext(const char *msgid)
{
    return i18n_gettext(msgid);
}

EMSCRIPTEN_KEEPALIVE const char *web_ngettext(const char *singular, const char *plural, int n)
{
    return i18n_ngettext(singular, plural, n < 0 ? 0ul : (unsigned long)n);
}

EMSCRIPTEN_KEEPALIVE const char *web_version(void)
{
    return SD_VERSION;
}
