/*
** test_i18n.c - the real catalogue compiled into the core: every language there, names in their
** own language, Finnish and Swedish plurals, contexts, the environment's language, a switch.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "testutil.h"

static void test_languages_built_in(void **state)
{
    (void)state;
    assert_true(i18n_language_count() >= 3);
    assert_string_equal(i18n_language_code(0), "fi");
    assert_string_equal(i18n_language_code(1), "sv");
    assert_string_equal(i18n_language_code(2), "en");
    assert_string_equal(i18n_language_name("fi"), "suomi");
    assert_string_equal(i18n_language_name("sv"), "svenska");
    assert_string_equal(i18n_language_name("en"), "English");
}

static void test_switch_and_plural(void **state)
{
    (void)state;
    i18n_set_language("fi");
    assert_string_equal(_("The day pack is valid."), "Päiväpaketti on kunnossa.");
    assert_string_equal(NG_("%d record", "%d records", 1), "%d tietue");
    assert_string_equal(NG_("%d record", "%d records", 7), "%d tietuetta");
    i18n_set_language("sv");
    assert_string_equal(NG_("%d record", "%d records", 1), "%d post");
    assert_string_equal(NG_("%d record", "%d records", 2), "%d poster");
    i18n_set_language("en");
    assert_string_equal(_("The day pack is valid."), "The day pack is valid.");
    assert_string_equal(i18n_gettext_in("sv", "The day pack is valid."), "Dagspaketet är giltigt.");
    assert_string_equal(i18n_language(), "en");
}

static void test_environment_picks(void **state)
{
    (void)state;
    setenv("LANGUAGE", "sv", 1);
    setenv("LC_ALL", "C.UTF-8", 1);
    i18n_init();
    assert_string_equal(i18n_language(), "sv");
    setenv("LANGUAGE", "", 1);
    setenv("LC_ALL", "fi_FI.UTF-8", 1);
    i18n_init();
    assert_string_equal(i18n_language(), "fi");         /* the catalogue's code, a valid lang tag */
    assert_string_equal(_("The day pack is valid."), "Päiväpaketti on kunnossa.");
    setenv("LC_ALL", "C.UTF-8", 1);
    i18n_init();
    assert_string_equal(i18n_language(), "en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_languages_built_in),
        cmocka_unit_test(test_switch_and_plural),
        cmocka_unit_test(test_environment_picks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
