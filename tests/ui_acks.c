/*
** ui_acks.c - the rule for an acknowledged safety card (acks.c): an "understood" record of the
** shadow on the pack's day whose hash equals the card's current content in the record's
** language. A question marks a card until it is understood; a card changed since must be
** acknowledged again; another shadow's records and a hash of old content do not count.
** A real store in a scratch folder with a pack built by hand (the store keeps its day).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "acks.h"
#include "err.h"
#include "testutil.h"

struct fixture {
    struct store *store;
    struct pack pack;
    struct pack_safety_card cards[3];
    struct pack_file file;
    char visit[37], other_visit[37];
};

static void card_init(struct pack_safety_card *c, const char *id, int icon, char *title,
                      char *text, char *text_sv)
{
    memset(c, 0, sizeof *c);
    snprintf(c->id, sizeof c->id, "%s", id);
    c->icon = icon;
    c->title.base = title;
    c->text.base = text;
    if (text_sv) {
        c->text.count = 1;
        snprintf(c->text.tr[0].lang, sizeof c->text.tr[0].lang, "sv");
        c->text.tr[0].text = text_sv;
    }
}

static void check_in(struct fixture *f, const char *shadow, char visit[37])
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKIN;
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", shadow);
    snprintf(rec.lang, sizeof rec.lang, "fi");
    assert_int_equal(store_add_record(f->store, &rec), SD_OK);
    memcpy(visit, rec.uuid, 37);
}

static int setup(void **state)
{
    static struct fixture f;
    static char fire[] = "Palohälytys", fire_text[] = "Kun hälytys soi, mene ulos.",
                fire_sv[] = "När larmet ringer, gå ut.", exit[] = "Hätäuloskäynnit",
                exit_text[] = "Uloskäynnit on merkitty vihreällä.", hot[] = "Kuuma uuni",
                hot_text[] = "Älä koske uuniin.";
    static char workplace_csv[] = "key,value\nname,Kahvila\n";
    char path[PATH_MAX];
    memset(&f, 0, sizeof f);
    snprintf(path, sizeof path, "%s/acks.db", tu_tmpdir());
    assert_int_equal(store_open(&f.store, path, NULL), SD_OK);
    card_init(&f.cards[0], "fire", SAFETY_FIRE, fire, fire_text, fire_sv);
    card_init(&f.cards[1], "exits", SAFETY_EXIT, exit, exit_text, NULL);
    card_init(&f.cards[2], "oven", SAFETY_HOT, hot, hot_text, NULL);
    f.pack.safety = f.cards;
    f.pack.safety_count = 3;
    snprintf(f.pack.pack_id, sizeof f.pack.pack_id, "acks-test");
    snprintf(f.pack.workplace.date, sizeof f.pack.workplace.date, "2027-04-15");
    snprintf(f.pack.workplace.default_language, sizeof f.pack.workplace.default_language, "fi");
    snprintf(f.file.name, sizeof f.file.name, "workplace.csv");
    f.file.data = (unsigned char *)workplace_csv;
    f.file.len = strlen(workplace_csv);
    f.pack.files.files = &f.file;
    f.pack.files.count = 1;
    assert_int_equal(store_pack_install(f.store, &f.pack), SD_OK);
    check_in(&f, "matti", f.visit);
    check_in(&f, "aino", f.other_visit);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->store);
    return 0;
}

/* An acknowledgement by the visit, with the hash of the card in lang (or a given hash). */
static void ack(struct fixture *f, const char *visit, int card, const char *value, const char *lang,
                const char *hash)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_SAFETY_ACK;
    snprintf(rec.visit, sizeof rec.visit, "%s", visit);
    snprintf(rec.item, sizeof rec.item, "%s", f->cards[card].id);
    snprintf(rec.value, sizeof rec.value, "%s", value);
    snprintf(rec.lang, sizeof rec.lang, "%s", lang);
    if (hash)
        snprintf(rec.content_hash, sizeof rec.content_hash, "%s", hash);
    else
        pack_safety_hash(&f->cards[card], lang, rec.content_hash);
    assert_int_equal(store_add_record(f->store, &rec), SD_OK);
}

static void test_acks_nothing_yet(void **state)
{
    struct fixture *f = *state;
    struct acks a = { 0 };
    assert_int_equal(acks_read(f->store, &f->pack, "matti", &a), SD_OK);
    assert_int_equal(a.count, 3);
    assert_int_equal(a.pending, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(a.state[i], ACK_NONE);
    acks_free(&a);
    assert_null(a.state);
}

static void test_acks_understood_question_and_old_hash(void **state)
{
    struct fixture *f = *state;
    struct acks a = { 0 };
    ack(f, f->visit, 0, "understood", "fi", NULL);
    ack(f, f->visit, 1, "question", "fi", NULL);
    ack(f, f->visit, 2, "understood", "fi",
        "0000000000000000000000000000000000000000000000000000000000000000");
    /* Another shadow's acknowledgement is not Matti's. */
    ack(f, f->other_visit, 2, "understood", "fi", NULL);
    assert_int_equal(acks_read(f->store, &f->pack, "matti", &a), SD_OK);
    assert_int_equal(a.state[0], ACK_DONE);
    assert_int_equal(a.state[1], ACK_QUESTION);
    assert_int_equal(a.state[2], ACK_NONE);
    assert_int_equal(a.pending, 2);

    /* Understanding the question clears it; asking about a done card leaves it done. */
    ack(f, f->visit, 1, "understood", "fi", NULL);
    ack(f, f->visit, 0, "question", "fi", NULL);
    assert_int_equal(acks_read(f->store, &f->pack, "matti", &a), SD_OK);
    assert_int_equal(a.state[0], ACK_DONE);
    assert_int_equal(a.state[1], ACK_DONE);
    assert_int_equal(a.pending, 1);

    assert_int_equal(acks_read(f->store, &f->pack, "aino", &a), SD_OK);
    assert_int_equal(a.state[2], ACK_DONE);
    assert_int_equal(a.pending, 2);
    acks_free(&a);
}

static void test_acks_changed_card_and_language(void **state)
{
    struct fixture *f = *state;
    struct acks a = { 0 };
    static char changed[] = "Kun hälytys soi, mene kokoontumispaikalle.";
    ack(f, f->visit, 0, "understood", "fi", NULL);
    assert_int_equal(acks_read(f->store, &f->pack, "matti", &a), SD_OK);
    assert_int_equal(a.state[0], ACK_DONE);

    /* The card's Finnish text changed: the old acknowledgement no longer counts. */
    char *old = f->cards[0].text.base;
    f->cards[0].text.base = changed;
    assert_int_equal(acks_read(f->store, &f->pack, "matti", &a), SD_OK);
    assert_int_equal(a.state[0], ACK_NONE);

    /* Read in Swedish (whose text did not change): counts with the Swedish hash. */
    ack(f, f->visit, 0, "understood", "sv", NULL);
    assert_int_equal(acks_read(f->store, &f->pack, "matti", &a), SD_OK);
    assert_int_equal(a.state[0], ACK_DONE);
    f->cards[0].text.base = old;
    acks_free(&a);
}

static void test_acks_bad_arguments(void **state)
{
    struct fixture *f = *state;
    struct acks a = { 0 };
    assert_int_not_equal(acks_read(f->store, &f->pack, NULL, &a), SD_OK);
    assert_int_equal(a.count, 3);
    assert_int_equal(a.pending, 3);
    struct pack empty;
    memset(&empty, 0, sizeof empty);
    assert_int_equal(acks_read(f->store, &empty, "matti", &a), SD_OK);
    assert_int_equal(a.count, 0);
    assert_int_equal(a.pending, 0);
    assert_int_equal(acks_read(f->store, NULL, "matti", &a), SD_OK);
    assert_int_equal(a.count, 0);
    acks_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_acks_nothing_yet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acks_understood_question_and_old_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acks_changed_card_and_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acks_bad_arguments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
