/*
** test_continuation.c - the "What next?" table: the four choices of the spec in their order,
** ids the store accepts as answer values, phases of the Paikka auki model, look-ups both ways.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "continuation.h"
#include "err.h"
#include "store.h"
#include "testutil.h"

static void test_continuation_table(void **state)
{
    static const char *const expected[] = { "try_again", "study_field", "other_field",
                                             "dont_know" };
    (void)state;
    assert_int_equal(continuation_count(), 4);
    for (int i = 0; i < continuation_count(); i++) {
        const struct continuation_choice *c = continuation_get(i);
        assert_non_null(c);
        assert_string_equal(c->id, expected[i]);
        assert_true(c->label && c->label[0]);
        assert_in_range(c->phase, 1, CONTINUATION_PHASES);
        assert_ptr_equal(continuation_find(c->id), c);
        assert_non_null(continuation_phase_name(c->phase));
        /* ids are what the store and CSV exports take as plain words */
        for (const char *p = c->id; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(continuation_get(j)->id, c->id);
    }
    assert_null(continuation_get(-1));
    assert_null(continuation_get(continuation_count()));
    assert_null(continuation_find("skip"));
    assert_null(continuation_find(""));
    assert_null(continuation_find(NULL));
    assert_null(continuation_phase_name(0));
    assert_null(continuation_phase_name(CONTINUATION_PHASES + 1));
    /* Not knowing yet is the first phase; a concrete wish is the third. */
    assert_int_equal(continuation_find("dont_know")->phase, 1);
    assert_int_equal(continuation_find("study_field")->phase, 3);
}

struct seen {
    char values[8][32];
    int count;
};

static int collect(void *arg, const struct record *r)
{
    struct seen *s = arg;
    if (strcmp(r->item, CONTINUATION_ITEM) == 0 && s->count < 8)
        snprintf(s->values[s->count++], sizeof s->values[0], "%.31s", r->value);
    return 0;
}

/* Every id is stored as an answer and read back unchanged. */
static void test_continuation_ids_stored(void **state)
{
    (void)state;
    char path[1024];
    struct store *s = NULL;
    struct store_options opt = { 0 };
    snprintf(path, sizeof path, "%s/shadowday.db", tu_tmpdir());
    assert_int_equal(store_open(&s, path, &opt), SD_OK);
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKIN;
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "matti");
    assert_int_equal(store_add_record(s, &rec), SD_OK);
    char visit[37];
    snprintf(visit, sizeof visit, "%s", rec.uuid);
    for (int i = 0; i < continuation_count(); i++) {
        memset(&rec, 0, sizeof rec);
        rec.kind = RECORD_ANSWER;
        snprintf(rec.visit, sizeof rec.visit, "%s", visit);
        snprintf(rec.item, sizeof rec.item, "%s", CONTINUATION_ITEM);
        snprintf(rec.value, sizeof rec.value, "%s", continuation_get(i)->id);
        snprintf(rec.lang, sizeof rec.lang, "fi");
        assert_int_equal(store_add_record(s, &rec), SD_OK);
    }
    struct seen seen = { 0 };
    assert_int_equal(store_answers_for_visit(s, visit, collect, &seen), SD_OK);
    assert_int_equal(seen.count, continuation_count());
    for (int i = 0; i < seen.count; i++)
        assert_ptr_equal(continuation_find(seen.values[i]), continuation_get(i));
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_continuation_table),
        cmocka_unit_test(test_continuation_ids_stored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
