/*
** i18n.c - gettext binding, run-time language switch, and the list of languages built in.
**
** GNU gettext ignores LANGUAGE in the "C" locale, so when the environment gives no locale we run
** in C.UTF-8 (built into glibc, nothing to generate) and pick the language with LANGUAGE. After a
** switch, _nl_msg_cat_cntr is bumped so gettext drops its cache of translations, as the gettext
** manual describes for programs that change language while running.
** Must not depend on SDL.
*/
#include "i18n.h"

#include <limits.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SD_LOCALEDIR
#define SD_LOCALEDIR "/usr/share/locale"
#endif
#ifndef SD_LANGUAGES
#define SD_LANGUAGES "en,fi,sv"
#endif

extern int _nl_msg_cat_cntr;

enum { I18N_MAX_LANGS = 32 };

static struct {
    char localedir[PATH_MAX + 16];
    char current[16];
    char codes[I18N_MAX_LANGS][16];
    int count;
} i18n;

/* Finnish first, as the day is Finnish; then Swedish and English; any added language after. */
static const char *const preferred_order[] = { "fi", "sv", "en" };

static int dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_code(const char *code)
{
    for (int i = 0; i < i18n.count; i++)
        if (strcmp(i18n.codes[i], code) == 0)
            return 1;
    return 0;
}

static void add_code(const char *code, size_t len)
{
    char tmp[16];
    if (len == 0 || len >= sizeof tmp || i18n.count >= I18N_MAX_LANGS)
        return;
    memcpy(tmp, code, len);
    tmp[len] = '\0';
    if (!has_code(tmp))
        strcpy(i18n.codes[i18n.count++], tmp);
}

static void load_language_list(void)
{
    const char *all = SD_LANGUAGES;
    i18n.count = 0;
    for (unsigned i = 0; i < sizeof preferred_order / sizeof preferred_order[0]; i++) {
        const char *p = strstr(all, preferred_order[i]);
        if (p)
            add_code(preferred_order[i], strlen(preferred_order[i]));
    }
    for (const char *p = all; *p;) {
        size_t len = strcspn(p, ",");
        add_code(p, len);
        p += len + (p[len] == ',');
    }
}

/* The directory holding the running executable, or "" when /proc is not there. */
static void exe_dir(char *out, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    if (n <= 0) {
        out[0] = '\0';
        return;
    }
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
}

const char *i18n_init(const char *localedir)
{
    const char *msgs = setlocale(LC_ALL, "");
    msgs = setlocale(LC_MESSAGES, NULL);
    if (!msgs || strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    /* Numbers and sorting stay locale-independent: CSV and JSON must not get decimal commas. */
    setlocale(LC_NUMERIC, "C");

    load_language_list();
    if (localedir && *localedir) {
        snprintf(i18n.localedir, sizeof i18n.localedir, "%s", localedir);
    } else {
        char dir[PATH_MAX], probe[PATH_MAX + 16];
        exe_dir(dir, sizeof dir);
        snprintf(i18n.localedir, sizeof i18n.localedir, "%s", SD_LOCALEDIR);
        if (dir[0]) {
            snprintf(probe, sizeof probe, "%s/locale", dir);
            if (dir_exists(probe)) {
                snprintf(i18n.localedir, sizeof i18n.localedir, "%s", probe);
            } else {
                snprintf(probe, sizeof probe, "%s/../locale", dir);
                if (dir_exists(probe))
                    snprintf(i18n.localedir, sizeof i18n.localedir, "%s", probe);
            }
        }
    }
    bindtextdomain(SD_TEXTDOMAIN, i18n.localedir);
    bind_textdomain_codeset(SD_TEXTDOMAIN, "UTF-8");
    return i18n.localedir;
}

void i18n_set_language(const char *lang)
{
    if (!lang || !has_code(lang))
        lang = "en";
    snprintf(i18n.current, sizeof i18n.current, "%s", lang);
    setenv("LANGUAGE", i18n.current, 1);
    ++_nl_msg_cat_cntr;
}

const char *i18n_language(void)
{
    return i18n.current[0] ? i18n.current : "en";
}

int i18n_language_count(void)
{
    if (i18n.count == 0)
        load_language_list();
    return i18n.count;
}

const char *i18n_language_code(int i)
{
    if (i18n.count == 0)
        load_language_list();
    return i >= 0 && i < i18n.count ? i18n.codes[i] : NULL;
}

/*
** Borrowing another language for one look-up: what was in effect before is put back exactly,
** the LANGUAGE variable included (unset stays unset), so a program that never chose a language
** (the CLI, following the user's environment) keeps following it afterwards.
*/
struct i18n_saved {
    char current[16];
    char env[256];
    int env_set;
};

static void i18n_borrow_language(const char *lang, struct i18n_saved *saved)
{
    const char *env = getenv("LANGUAGE");
    snprintf(saved->current, sizeof saved->current, "%s", i18n.current);
    saved->env_set = env != NULL;
    snprintf(saved->env, sizeof saved->env, "%s", env ? env : "");
    i18n_set_language(lang);
}

static void i18n_return_language(const struct i18n_saved *saved)
{
    snprintf(i18n.current, sizeof i18n.current, "%s", saved->current);
    if (saved->env_set)
        setenv("LANGUAGE", saved->env, 1);
    else
        unsetenv("LANGUAGE");
    ++_nl_msg_cat_cntr;
}

const char *i18n_gettext_in(const char *lang, const char *msgid)
{
    struct i18n_saved saved;
    i18n_borrow_language(lang, &saved);
    const char *text = dgettext(SD_TEXTDOMAIN, msgid);
    i18n_return_language(&saved);
    return text;
}

const char *i18n_language_name(const char *lang)
{
    struct i18n_saved saved;
    i18n_borrow_language(lang, &saved);
    /* TRANSLATORS: the name of your language in your language: "suomi", "svenska". */
    const char *name = C_("language-name", "English");
    i18n_return_language(&saved);
    return name;
}
