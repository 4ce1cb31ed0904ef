/*
** ui_waiting.c - the screens that wait on work tell the truth the moment it ends (issue 9.7):
** with no touch and no minute tick after the tap that starts it, the very step of the loop
** that drew "Saving on the USB stick" or "Making the QR codes..." also runs the work and draws
** its outcome: "Safe to remove the stick." right after the export's read-back, the codes, the
** self-check's results, what the stick holds and how an install went. And the touch that ends
** the idle countdown, which hid the screen, does not also press what was under it.
**
** The app runs off-screen on the scripted driver's virtual clock. A script brings it to the
** admin menu; then each test taps one button as a finger would (a down and an up through
** app_handle_event) and lets the loop step exactly once, time standing still, the clock well
** inside its minute.
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
#include "fsutil.h"
#include "testutil.h"
#include "kioskutil.h"

static struct ku_kiosk kiosk;
static struct app *const app = &kiosk.app;

static int run(const char *text)
{
    return ku_run(&kiosk, text);
}

static int on_screen(const char *needle)
{
    for (int i = 0; i < app->ui.log_count; i++)
        if (strstr(app->ui.log[i].text, needle))
            return 1;
    return 0;
}

static void finger(Uint32 type, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = ((float)x + 0.5f) / (float)app->ui.w;
    e.tfinger.y = ((float)y + 0.5f) / (float)app->ui.h;
    e.tfinger.pressure = 1.0f;
    app_handle_event(app, &e);
}

/*
** Put the clock 20 s into a minute and wait until taps count; tap the enabled button labelled
** label; then one step of the loop with time standing still. Returns the wall-clock minute,
** which the caller checks is still the one on screen afterwards.
*/
static int64_t tap_then_one_step(const char *label)
{
    int64_t minute = appclock_wall(app) / 60 + 1;
    appclock_set_virtual_wall(app, minute * 60 + 20);
    while (app_wait_ms(app) == 0)
        app_step(app);
    uint32_t wait = app_taps_count_from(app) - appclock_ticks(app);
    appclock_advance(app, wait < 0x80000000u ? wait + 100 : 100);
    while (app_wait_ms(app) == 0)
        app_step(app);
    const struct ui_record *b = NULL;
    for (int i = 0; i < app->ui.log_count && !b; i++)
        if (app->ui.log[i].kind == UI_RECORD_BUTTON && app->ui.log[i].enabled &&
            strcmp(app->ui.log[i].text, label) == 0)
            b = &app->ui.log[i];
    if (!b)
        fail_msg("no button \"%s\" on the screen", label);
    int x = b->rect.x + b->rect.w / 2, y = b->rect.y + b->rect.h / 2;
    finger(SDL_FINGERDOWN, x, y);
    appclock_advance(app, 80);
    finger(SDL_FINGERUP, x, y);
    app_step(app);
    assert_int_equal(appclock_wall(app) / 60, minute);
    return minute;
}

/* Nothing more is due: the loop would sleep until the next minute, not redraw in a while. */
static void assert_idle(void)
{
    assert_true(app_wait_ms(app) > 0);
}

static int setup(void **state)
{
    char pack_copy[PATH_MAX + 40];
    (void)state;
    ku_open(&kiosk, 1);
    /* The stick carries the same day pack, to import again. */
    snprintf(pack_copy, sizeof pack_copy, "%s/shadowday", kiosk.stick);
    tu_copy_dir(tu_source_path("assets/sample-pack/shadowday"), pack_copy);
    /* Records to export (a check-in and its escort), then the admin menu in English. */
    assert_int_equal(ku_run_checkin(&kiosk), 0);
    assert_int_equal(run("tap English\nhold clock\npin 246810\nexpect screen admin\n"), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fsutil_set_fault(NULL, NULL);
    ku_close(&kiosk);
    return 0;
}

/* Counts the export's file operations; reads come last, the read-back. */
struct ops {
    int all, reads;
};

static int count_ops(void *arg, int op)
{
    struct ops *o = arg;
    o->all++;
    o->reads += op == FSUTIL_OP_READ;
    return 0;
}

static void test_export_shows_safe_to_remove_at_once(void **state)
{
    struct ops ops = { 0 };
    (void)state;
    assert_int_equal(run("tap \"Export to USB stick\"\nexpect button Export\n"), 0);
    assert_false(on_screen("Safe to remove the stick."));
    fsutil_set_fault(count_ops, &ops);
    tap_then_one_step("Export");
    fsutil_set_fault(NULL, NULL);
    /* The export, its read-back and the drawing of the outcome happened in that one step. */
    assert_true(ops.all > 10);
    assert_true(ops.reads > 0);
    assert_true(on_screen("Safe to remove the stick."));
    assert_false(on_screen("Saving on the USB stick"));
    assert_idle();
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM export_batch"), 1);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE exported_batch IS NULL"), 0);
    assert_int_equal(run("tap Done\nexpect screen admin\n"), 0);
}

static void test_qr_codes_show_when_made(void **state)
{
    (void)state;
    tap_then_one_step("Export as QR codes");
    assert_false(on_screen("Making the QR codes..."));
    assert_true(on_screen("Part 1 of "));
    assert_idle();
    assert_int_equal(run("tap Done\nexpect screen admin\n"), 0);
}

static void test_selfcheck_shows_results_when_measured(void **state)
{
    (void)state;
    tap_then_one_step("Self-check");
    assert_false(on_screen("Checking the kiosk..."));
    assert_true(on_screen("Database: ok"));
    assert_idle();
    /* Check again: the same, from the results screen. */
    tap_then_one_step("Check again");
    assert_false(on_screen("Checking the kiosk..."));
    assert_true(on_screen("Database: ok"));
    assert_int_equal(run("tap Back\nexpect screen admin\n"), 0);
}

static void test_import_shows_the_stick_and_the_install(void **state)
{
    (void)state;
    tap_then_one_step("Import day pack");
    assert_false(on_screen("Reading the USB stick..."));
    assert_true(on_screen("Workplace: "));
    assert_idle();
    assert_int_equal(run("tap Install\nexpect button \"Yes, install\"\n"), 0);
    tap_then_one_step("Yes, install");
    assert_false(on_screen("Installing the day pack..."));
    assert_true(on_screen("This day pack is installed already. Nothing was changed."));
    assert_idle();
    assert_int_equal(run("tap Back\nexpect screen admin\n"), 0);
}

/* The idle countdown hides the screen; the touch that ends it brings the screen back and does
** nothing else, even on the place of a button of the screen under it. */
static void test_touch_ending_countdown_does_nothing_else(void **state)
{
    (void)state;
    assert_int_equal(run("tap Close\n"
                         "expect screen start\n"
                         "tap English\n"
                         "tap \"Touch to start\"\n"
                         "tap Aino\n"
                         "tap \"Yes, that is me\"\n"
                         "tap \"I am Liisa\"\n"
                         "pin 1111\n"
                         "expect text \"Card 1 of 6\"\n"
                         "wait 75\n"
                         "expect text \"Are you still there?\"\n"
                         "tap \"I understand\"\n"
                         "expect no-text \"Are you still there?\"\n"
                         "expect text \"Card 1 of 6\"\n"), 0);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE shadow_id = 'aino' "
                                 "AND kind = 'safety_ack'"), 0);
    /* Seen again, the card takes its tap. */
    assert_int_equal(run("tap \"I understand\"\nexpect text \"Card 2 of 6\"\n"), 0);
    assert_int_equal(ku_db_count(&kiosk, "SELECT count(*) FROM record WHERE shadow_id = 'aino' "
                                 "AND kind = 'safety_ack'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_shows_safe_to_remove_at_once),
        cmocka_unit_test(test_qr_codes_show_when_made),
        cmocka_unit_test(test_selfcheck_shows_results_when_measured),
        cmocka_unit_test(test_import_shows_the_stick_and_the_install),
        cmocka_unit_test(test_touch_ending_countdown_does_nothing_else),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
