/*
** ui_double_tap.c - a double tap acts once (issue 9.7): on every button that acknowledges or
** commits something, a second tap 100, 200, 400, 600 or 800 ms after the first lands on what
** the next screen or step shows in the same place, and must do nothing there. Checked in the
** database, not only on the screen: each tap that should make a record made exactly one.
**
** Five shadows walk a whole visit, each with one of the gaps on every committing button (the
** check-in, the escort's PIN, every safety card, every answer, the host's PIN at check-out, the
** host's answers); four more are checked out from the on-site list after the end of the day;
** then the coordinator sets the clock, exports, confirms a receipt, deletes, changes PINs and
** installs a day pack, each with every gap. Driven by the scripted driver's `doubletap` on an off-screen kiosk.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "testutil.h"
#include "kioskutil.h"

static const int gaps[] = { 100, 200, 400, 600, 800 };
enum { GAPS = sizeof gaps / sizeof gaps[0] };

static struct ku_kiosk kiosk;

/* A script made of lines, each a printf format. */
struct text {
    char s[16384];
    size_t n;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void line(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(t->s + t->n, sizeof t->s - t->n - 1, fmt, ap);
    va_end(ap);
    assert_true(w >= 0 && (size_t)w < sizeof t->s - t->n - 1);
    t->n += (size_t)w;
    t->s[t->n++] = '\n';
    t->s[t->n] = '\0';
}

/*
** Start a script at the next quarter of an hour of the pack's day (at least at minute from, of
** the day). Each script_run starts the virtual clock anew from the real one, so every script
** sets the kiosk's clock, and always later than the one before: a clock going back would make
** the records suspect and put a notice on Start.
*/
static void begin(struct text *t, int from)
{
    static int minute = 9 * 60;
    if (minute < from)
        minute = from;
    t->n = 0;
    t->s[0] = '\0';
    line(t, "clock 2027-04-15 %02d:%02d", minute / 60, minute % 60);
    minute += 15;
}

static void run(const struct text *t)
{
    if (ku_run(&kiosk, t->s) != 0)
        fail_msg("the script failed:\n%s", t->s);
}

/* The PIN's digits one by one (the OK is double tapped by the caller). */
static void digits(struct text *t, const char *pin)
{
    for (const char *d = pin; *d; d++)
        line(t, "tap %c", *d);
}

static int setup(void **state)
{
    char pack_copy[PATH_MAX + 40];
    (void)state;
    ku_open(&kiosk, 1);
    /* The stick carries the same day pack, to install again. */
    snprintf(pack_copy, sizeof pack_copy, "%s/shadowday", kiosk.stick);
    tu_copy_dir(tu_source_path("assets/sample-pack/shadowday"), pack_copy);
    struct text t;
    begin(&t, 0);
    line(&t, "expect screen start");
    run(&t);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ku_close(&kiosk);
    return 0;
}

/* The shadows who walk a visit, one gap each, with their escort's name and PIN. Some ask a
** question about a card, write a comment, or leave by themselves, so those buttons are double
** tapped too. */
static const struct {
    const char *id, *name, *host, *host_id, *pin;
    int page;       /* of the Who tiles at 800x480 (four a page) */
    int question;   /* "I have a question" on this card (1-6), 0 none */
    int comment;    /* writes a comment */
    int self;       /* leaves by themselves (the pack allows it for Saara) */
} walkers[GAPS] = {
    { "matti", "Matti", "Liisa", "liisa", "1111", 0, 2, 0, 0 },
    { "aino", "Aino", "Liisa", "liisa", "1111", 0, 0, 1, 0 },
    { "elias", "Elias", "Pekka", "pekka", "2222", 0, 6, 0, 0 },
    { "saara", "Saara", "Pekka", "pekka", "2222", 0, 1, 1, 1 },
    { "johannes", "Johannes", "Sanna", "sanna", "3333", 1, 0, 0, 0 },
};

/* Start to the escort's confirmation: the check-in and the PIN's OK double tapped. */
static void walk_in(struct text *t, int w, int gap)
{
    line(t, "tap English");
    line(t, "tap \"Touch to start\"");
    for (int p = 0; p < walkers[w].page; p++)
        line(t, "tap Next");
    line(t, "tap %s", walkers[w].name);
    line(t, "doubletap \"Yes, that is me\" %d", gap);
    line(t, "expect screen escort");
    line(t, "tap \"I am %s\"", walkers[w].host);
    digits(t, walkers[w].pin);
    line(t, "doubletap OK %d", gap);
    line(t, "expect screen safety");
}

/* Every card "I understand", the shadow's questions, "What next?", no comment. */
/* Every card "I understand" (after a question on one), the shadow's questions, "What next?",
** then no comment or one. */
static void walk_answers(struct text *t, int w, int gap)
{
    for (int card = 1; card <= 6; card++) {
        line(t, "expect text \"Card %d of 6\"", card);
        if (card == walkers[w].question) {
            line(t, "doubletap \"I have a question\" %d", gap);
            line(t, "expect text \"Please ask %s about this card.\"", walkers[w].host);
        }
        line(t, "doubletap \"I understand\" %d", gap);
    }
    line(t, "expect text \"All safety cards done.\"");
    line(t, "tap Continue");
    line(t, "expect screen day");
    line(t, "tap Continue");
    line(t, "expect screen hub");
    line(t, "tap Evaluate");
    line(t, "tap Start");
    for (int q = 1; q <= 5; q++) {
        line(t, "expect text \"Question %d of 5\"", q);
        line(t, "doubletap \"%s\" %d", q % 2 ? "Very much" : "Skip", gap);
    }
    line(t, "expect text \"What next?\"");
    line(t, "doubletap \"I want to study this field\" %d", gap);
    line(t, "expect text \"Do you want to write something?\"");
    if (walkers[w].comment) {
        /* The keyboard comes where the buttons were: no letter is typed by the second tap. */
        line(t, "doubletap \"Write a comment\" %d", gap);
        line(t, "type kiva");
        line(t, "doubletap Done %d", gap);
    } else {
        line(t, "doubletap \"No, thank you\" %d", gap);
    }
    line(t, "expect text \"Thank you for your answers!\"");
    line(t, "tap \"Back to the menu\"");
}

/* "I'm leaving": the escort's PIN and the three host questions, or leaving alone. */
static void walk_out(struct text *t, int w, int gap)
{
    line(t, "expect screen hub");
    line(t, "tap \"I'm leaving\"");
    if (walkers[w].self) {
        line(t, "tap \"I leave by myself\"");
        line(t, "doubletap \"Yes, I leave now\" %d", gap);
    } else {
        line(t, "tap %s", walkers[w].host);
        digits(t, walkers[w].pin);
        line(t, "doubletap OK %d", gap);
        line(t, "expect text \"would you answer 3 short questions\"");
        line(t, "doubletap \"Yes, I will answer\" %d", gap);
        for (int q = 1; q <= 3; q++) {
            line(t, "expect text \"Question %d of 3\"", q);
            line(t, "doubletap \"Quite a lot\" %d", gap);
        }
    }
    line(t, "expect screen thanks");
    line(t, "wait 15");
    line(t, "expect screen start");
}

/* What one walker's visit must have left: a record per committing tap, whatever the gap. */
static void check_visit(int w)
{
    const char *id = walkers[w].id;
    int leave_alone = walkers[w].self;
    const struct {
        const char *what;       /* count(*) or count(DISTINCT item) */
        const char *kind;
        const char *and;        /* more of the WHERE clause */
        long want;
    } want[] = {
        { "count(*)", "checkin", "", 1 },
        { "count(*)", "escort", "", 1 },
        { "count(*)", "safety_ack", "AND value = 'understood'", 6 },
        { "count(*)", "safety_ack", "AND value = 'question'", walkers[w].question ? 1 : 0 },
        { "count(DISTINCT item)", "safety_ack", "", 6 },
        /* five questions, "What next?", the comment when written, "done" */
        { "count(*)", "answer", "", 7 + walkers[w].comment },
        { "count(DISTINCT item)", "answer", "", 7 + walkers[w].comment },
        { "count(*)", "answer", "AND value = 'skip'", 2 },
        { "count(*)", "answer", "AND item = 'comment' AND value = 'kiva'", walkers[w].comment },
        { "count(*)", "checkout", "", 1 },
        { "count(*)", "checkout", leave_alone ? "AND value = 'self'" : "AND value = 'host'", 1 },
        { "count(*)", "host_eval", "", leave_alone ? 0 : 3 },
        { "count(DISTINCT item)", "host_eval", "", leave_alone ? 0 : 3 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long got = ku_db_count(&kiosk, "SELECT %s FROM record WHERE shadow_id = '%s' AND kind = '%s' %s",
                               want[i].what, id, want[i].kind, want[i].and);
        if (got != want[i].want)
            fail_msg("%s (gap %d ms): %ld %s records %s, want %ld", walkers[w].name, gaps[w], got,
                     want[i].kind, want[i].and, want[i].want);
    }
    if (!leave_alone)
        assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE shadow_id = '%s' "
                                     "AND kind = 'checkout' AND host_id = '%s'", id,
                                     walkers[w].host_id), 1);
}

static void test_visit_buttons_act_once(void **state)
{
    (void)state;
    for (int w = 0; w < GAPS; w++) {
        struct text t;
        begin(&t, 0);
        walk_in(&t, w, gaps[w]);
        walk_answers(&t, w, gaps[w]);
        walk_out(&t, w, gaps[w]);
        run(&t);
        check_visit(w);
    }
}

/* After the end of the day, the host checks out who is still in from the on-site list. */
static void test_onsite_checkout_acts_once(void **state)
{
    static const struct {
        const char *id, *name;
        int page;       /* of the Who tiles */
    } left[GAPS] = {
        { "linnea", "Linnea", 1 }, { "emilia", "Emilia", 1 }, { "wilma", "Wilma", 2 },
        { "oskar", "Oskar", 1 }, { "matti", "Matti", 0 },
    };
    (void)state;
    /* Checked in (waiting for their escorts); Matti comes back in after his check-out. */
    for (int i = 0; i < GAPS; i++) {
        struct text t;
        begin(&t, 0);
        line(&t, "tap English");
        line(&t, "tap \"Touch to start\"");
        for (int p = 0; p < left[i].page; p++)
            line(&t, "tap Next");
        line(&t, "tap %s", left[i].name);
        line(&t, "tap \"Yes, that is me\"");
        if (i == GAPS - 1)      /* Matti checked out this morning: a new visit */
            line(&t, "doubletap \"Check in again\" %d", gaps[i]);
        line(&t, "expect screen escort");
        line(&t, "tap \"My escort is not here\"");
        line(&t, "tap OK");
        line(&t, "expect screen start");
        run(&t);
    }
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE kind = 'checkin' "
                                 "AND shadow_id = 'matti'"), 2);
    long before = ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE kind = 'checkout'");
    struct text t;
    begin(&t, 16 * 60 + 30);    /* after the pack's end of day, 16.15 */
    line(&t, "tap English");
    line(&t, "tap \"On site\"");
    line(&t, "tap Liisa");
    line(&t, "pin 1111");
    line(&t, "expect text \"The day is over.\"");
    for (int i = 0; i < GAPS; i++) {
        line(&t, "doubletap \"Check out %s\" %d", left[i].name, gaps[i]);
        line(&t, "expect text \"Check out %s? Do this only when %s has left the workplace.\"",
             left[i].name, left[i].name);
        line(&t, "doubletap \"Yes, check out\" %d", gaps[i]);
        line(&t, "expect no-text \"Check out %s?\"", left[i].name);
        line(&t, "expect no-button \"Check out %s\"", left[i].name);
    }
    line(&t, "expect text \"Nobody is on site now.\"");
    line(&t, "tap Close");
    run(&t);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE kind = 'checkout'"),
                     before + GAPS);
    for (int i = 0; i < GAPS; i++)
        assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE kind = 'checkout' "
                                     "AND value = 'end_of_day' AND shadow_id = '%s' "
                                     "AND host_id = 'liisa'", left[i].id), 1);
}

/* One round of the coordinator's commitments with one gap. */
static void admin_round(int round, int gap)
{
    static const char *const hosts[GAPS] = { "Liisa", "Pekka", "Sanna", "Jari", "Coordinator" };
    char code[16];
    struct text t;
    long batches = ku_db_count(&kiosk, "SELECT count(*) FROM export_batch");
    long delivered = ku_db_count(&kiosk, "SELECT count(*) FROM export_batch WHERE status = 'delivered'");
    begin(&t, 17 * 60);
    line(&t, "tap English");
    line(&t, "hold clock");
    line(&t, "pin 246810");
    line(&t, "expect screen admin");
    line(&t, "tap \"Set date and time\"");
    line(&t, "doubletap Save %d", gap);
    line(&t, "expect screen admin");
    line(&t, "expect text \"The date and time are set.\"");
    line(&t, "tap OK");
    line(&t, "tap \"Export to USB stick\"");
    line(&t, "doubletap Export %d", gap);
    line(&t, "expect text \"Safe to remove the stick.\"");
    line(&t, "expect screen admin_export");
    line(&t, "tap Done");
    line(&t, "expect screen admin");
    run(&t);
    /* The clock records before this round's were delivered and deleted in the rounds before. */
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE kind = 'clock_set' "
                                 "AND delivered = 0"), 1);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM export_batch"), batches + 1);

    ku_db_text(&kiosk, code, sizeof code,
            "SELECT receipt_code FROM export_batch WHERE status <> 'delivered' ORDER BY rowid DESC LIMIT 1");
    assert_int_equal((int)strlen(code), 8);
    begin(&t, 0);
    line(&t, "expect screen admin");
    line(&t, "tap \"Receipt and delete\"");
    digits(&t, code);
    line(&t, "doubletap OK %d", gap);
    line(&t, "expect text \"The coordinator has the records.\"");
    /* "Delete delivered records" and then "Yes, delete" come in the same place. */
    line(&t, "doubletap \"Delete delivered records\" %d", gap);
    line(&t, "expect text \"Delete the delivered records?\"");
    line(&t, "doubletap \"Yes, delete\" %d", gap);
    line(&t, "expect text \"The records are deleted.\"");
    line(&t, "tap Done");
    line(&t, "expect screen admin");
    line(&t, "tap \"Change PINs\"");
    if (round == GAPS - 1)      /* the coordinator's tile is on the second page at 800x480 */
        line(&t, "tap Next");
    line(&t, "tap %s", hosts[round]);
    digits(&t, "97531");
    line(&t, "doubletap OK %d", gap);
    line(&t, "expect text \"again\"");
    digits(&t, "97531");
    line(&t, "doubletap OK %d", gap);
    line(&t, "expect screen admin");
    line(&t, "expect text \"is changed.\"");
    line(&t, "tap OK");
    /* "Yes, install" (the same pack: nothing changes), then the preview comes back in place. */
    line(&t, "tap \"Import day pack\"");
    line(&t, "tap Install");
    line(&t, "doubletap \"Yes, install\" %d", gap);
    line(&t, "expect text \"This day pack is installed already. Nothing was changed.\"");
    line(&t, "expect button Install");
    line(&t, "tap Back");
    line(&t, "tap Close");
    line(&t, "expect screen start");
    run(&t);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM export_batch "
                                 "WHERE status = 'delivered'"), delivered + 1);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM pin_override"), round + 1);
}

static void test_admin_buttons_act_once(void **state)
{
    (void)state;
    /* The coordinator's own PIN is changed last, at the end of the last round. */
    for (int i = 0; i < GAPS; i++)
        admin_round(i, gaps[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visit_buttons_act_once),
        cmocka_unit_test(test_onsite_checkout_acts_once),
        cmocka_unit_test(test_admin_buttons_act_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
