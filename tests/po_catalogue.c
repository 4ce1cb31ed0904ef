/*
** po_catalogue.c - the catalogue compiler (tools/po_compile.c) and the look-up (src/core/i18n.c)
** on test PO files (tests/data/po): continued strings and escapes, contexts, fuzzy and
** untranslated entries left out, three plural forms, a variant falling back to its language,
** and broken PO files refused with file:line. Links i18n.c with the test catalogue, not the core.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static void test_plain_and_escapes(void **state)
{
    (void)state;
    i18n_set_language("fi");
    assert_string_equal(i18n_language(), "fi");
    assert_string_equal(_("Hello"), "Hei");
    assert_string_equal(_("Line one\nand \"two\"\t?"), "Rivi yksi\nja \"kaksi\"\t?");
    assert_string_equal(_("Not in any catalogue"), "Not in any catalogue");
}

static void test_left_out(void **state)
{
    (void)state;
    i18n_set_language("fi");
    assert_string_equal(_("Fuzzy one"), "Fuzzy one");       /* fuzzy: as msgfmt, not used */
    assert_string_equal(_("Untranslated"), "Untranslated");
    assert_string_equal(_("Obsolete"), "Obsolete");
}

static void test_context(void **state)
{
    (void)state;
    i18n_set_language("fi");
    assert_string_equal(C_("door", "Open"), "Auki");
    assert_string_equal(C_("verb", "Open"), "Avaa");
    assert_string_equal(C_("noun", "Open"), "Open");
    assert_string_equal(_("Open"), "Open");
    assert_string_equal(i18n_language_name("fi"), "suomi");
    assert_string_equal(i18n_language_name("fi-selko"), "selkosuomi");
    assert_string_equal(i18n_language_name("xx"), "English");
}

static void test_plurals(void **state)
{
    (void)state;
    i18n_set_language("fi");
    assert_string_equal(NG_("%d record", "%d records", 1), "%d tietue");
    assert_string_equal(NG_("%d record", "%d records", 0), "%d tietuetta");
    assert_string_equal(NG_("%d record", "%d records", 2), "%d tietuetta");
    i18n_set_language("pl");
    static const struct { unsigned long n; const char *form; } pl[] = {
        { 1, "%d rekord" }, { 2, "%d rekordy" }, { 4, "%d rekordy" }, { 5, "%d rekordów" },
        { 12, "%d rekordów" }, { 22, "%d rekordy" }, { 112, "%d rekordów" }, { 0, "%d rekordów" },
    };
    for (size_t i = 0; i < sizeof pl / sizeof pl[0]; i++)
        assert_string_equal(NG_("%d record", "%d records", pl[i].n), pl[i].form);
    /* No translation: the English rule. */
    assert_string_equal(NG_("%d file", "%d files", 1), "%d file");
    assert_string_equal(NG_("%d file", "%d files", 3), "%d files");
}

static void test_variant_falls_back(void **state)
{
    (void)state;
    i18n_set_language("fi-selko");
    assert_string_equal(i18n_language(), "fi-selko");
    assert_string_equal(_("Hello"), "Moi");
    assert_string_equal(_("Only in Finnish"), "Vain suomeksi");
    assert_string_equal(NG_("%d record", "%d records", 5), "%d tietuetta");
    assert_string_equal(i18n_gettext_in("fi", "Hello"), "Hei");
    assert_string_equal(i18n_gettext_in("fi-selko", "Hello"), "Moi");
    assert_string_equal(i18n_language(), "fi-selko");        /* gettext_in changes nothing */
    i18n_set_language("fi_FI");
    assert_string_equal(_("Hello"), "Hei");
    assert_string_equal(i18n_language(), "fi");
    i18n_set_language("xx");
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(_("Hello"), "Hello");
}

static void test_language_list(void **state)
{
    (void)state;
    assert_int_equal(i18n_language_count(), 3);
    assert_string_equal(i18n_language_code(0), "fi");       /* Finnish first, then by name */
    assert_string_equal(i18n_language_code(1), "fi-selko");
    assert_string_equal(i18n_language_code(2), "pl");
    assert_null(i18n_language_code(3));
}

static void test_environment(void **state)
{
    (void)state;
    setenv("LANGUAGE", "de:pl:fi", 1);          /* the first with a catalogue wins */
    setenv("LC_ALL", "C.UTF-8", 1);
    i18n_init();
    assert_string_equal(i18n_language(), "pl");
    setenv("LANGUAGE", "", 1);
    setenv("LC_ALL", "fi_FI.UTF-8", 1);
    i18n_init();
    assert_string_equal(_("Hello"), "Hei");
    unsetenv("LC_ALL");
    setenv("LANG", "C", 1);
    i18n_init();
    assert_string_equal(i18n_language(), "en");
}

/* A broken PO file stops the tool with its name and line, and no catalogue is written. */
static void test_tool_refuses(void **state)
{
    (void)state;
    static const struct { const char *file, *expect; } bad[] = {
        { "bad-plural.po", "bad-plural.po:1: the plural expression may not contain" },
        { "bad-string.po", "bad-string.po:5: the string has no closing quote" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[4096], out[1024] = "";
        snprintf(cmd, sizeof cmd, "'%s' '%s/bad.c' xx='%s/%s' 2>&1; echo \"status $?\"",
                 SD_PO_COMPILE, SD_TEST_OUT, SD_TEST_PO_DIR, bad[i].file);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        size_t n = fread(out, 1, sizeof out - 1, p);
        out[n] = '\0';
        pclose(p);
        assert_non_null(strstr(out, bad[i].expect));
        assert_non_null(strstr(out, "status 1"));
        snprintf(cmd, sizeof cmd, "%s/bad.c", SD_TEST_OUT);
        FILE *f = fopen(cmd, "r");
        assert_null(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_escapes),
        cmocka_unit_test(test_left_out),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_plurals),
        cmocka_unit_test(test_variant_falls_back),
        cmocka_unit_test(test_language_list),
        cmocka_unit_test(test_environment),
        cmocka_unit_test(test_tool_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
