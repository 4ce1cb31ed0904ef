/*
** ui_widgets.c - the immediate-mode widgets on their own: one tap is one action, a tap that
** began before a screen change does nothing, a finger that slides off cancels, long presses
** fire once, text that cannot fit is reported, contrast is computed as WCAG says.
** Renders off-screen with SDL's software renderer; no app, no store. Each test gets a struct ui
** of its own (and its own surface), so no test sees what another left in it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "text.h"
#include "theme.h"
#include "ui.h"
#include "testutil.h"

/* What each test gets: a ui drawing into a surface of its own. */
struct fixture {
    SDL_Surface *surface;
    struct ui ui;
};

static int group_setup(void **state)
{
    (void)state;
    assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
    assert_int_equal(text_init(NULL), SD_OK);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    text_quit();
    SDL_Quit();
    return 0;
}

static int ui_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->surface = SDL_CreateRGBSurfaceWithFormat(0, 800, 480, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(f->surface);
    f->ui.r = SDL_CreateSoftwareRenderer(f->surface);
    assert_non_null(f->ui.r);
    ui_set_metrics(&f->ui, 800, 480, 800.0f / 154.08f);
    *state = f;
    return 0;
}

static int ui_teardown(void **state)
{
    struct fixture *f = *state;
    ui_free(&f->ui);
    SDL_DestroyRenderer(f->ui.r);
    SDL_FreeSurface(f->surface);
    free(f);
    return 0;
}

/* One frame with the given pointer change; returns what the button under test said. */
static int frame(struct ui *ui, SDL_Rect r, const char *label, int down, int up, int x, int y,
                 uint32_t now)
{
    ui->now_ms = now;
    if (down || up) {
        ui->px = x;
        ui->py = y;
    }
    if (down) {
        ui->pointer_down = ui->pointer_held = 1;
        ui->held_since_ms = now;
    }
    if (up) {
        ui->pointer_up = 1;
        ui->pointer_held = 0;
    }
    ui_begin(ui);
    int tapped = ui_button(ui, r, 0xe5ca, label, UI_PRIMARY);
    ui_end(ui);
    return tapped;
}

static void test_tap_fires_once(void **state)
{
    SDL_Rect r = { 100, 100, 200, 80 };
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 0;
    assert_int_equal(frame(ui, r, "Yes", 1, 0, 150, 140, 1000), 0);   /* down: not yet */
    assert_int_equal(frame(ui, r, "Yes", 0, 1, 152, 141, 1080), 1);   /* up inside: a tap */
    assert_int_equal(frame(ui, r, "Yes", 0, 0, 0, 0, 1100), 0);       /* and only one */
    assert_int_equal(frame(ui, r, "Yes", 0, 1, 152, 141, 1120), 0);   /* a stray up is nothing */
}

static void test_down_and_up_in_one_frame(void **state)
{
    SDL_Rect r = { 100, 100, 200, 80 };
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 0;
    assert_int_equal(frame(ui, r, "Yes", 1, 1, 150, 140, 2000), 1);
}

static void test_slide_off_cancels(void **state)
{
    SDL_Rect r = { 100, 100, 200, 80 };
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 0;
    assert_int_equal(frame(ui, r, "Yes", 1, 0, 150, 140, 3000), 0);
    assert_int_equal(frame(ui, r, "Yes", 0, 1, 600, 400, 3100), 0);   /* released far away */
}

static void test_tap_begun_before_screen_change_is_ignored(void **state)
{
    SDL_Rect r = { 100, 100, 200, 80 };
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 5000;                                    /* the screen changed at 5 s */
    assert_int_equal(frame(ui, r, "Next", 1, 0, 150, 140, 4900), 0);
    assert_int_equal(frame(ui, r, "Next", 0, 1, 150, 140, 5100), 0);
    assert_int_equal(frame(ui, r, "Next", 1, 0, 150, 140, 5200), 0);
    assert_int_equal(frame(ui, r, "Next", 0, 1, 150, 140, 5300), 1);  /* a new tap works */
}

/* The step helper and the app arm the guard when what is on screen changes; until the change
** was drawn (and accept_after_ms set from that moment) no tap counts, however late it began. */
static void test_tap_while_change_not_shown_is_ignored(void **state)
{
    struct ui *ui = &((struct fixture *)*state)->ui;
    SDL_Rect r = { 100, 100, 200, 80 };
    ui->accept_after_ms = 0;
    ui->accept_armed = 1;
    assert_int_equal(frame(ui, r, "I understand", 1, 0, 150, 140, 9000), 0);
    assert_false(ui_touch_counts(ui));
    /* Drawn at 9050 and shown for a second: the finger that went down at 9000 still does nothing. */
    ui->accept_armed = 0;
    ui->accept_after_ms = 10050;
    assert_int_equal(frame(ui, r, "I understand", 0, 1, 150, 140, 10100), 0);
    assert_int_equal(frame(ui, r, "I understand", 1, 0, 150, 140, 10000), 0);   /* too soon */
    assert_int_equal(frame(ui, r, "I understand", 0, 1, 150, 140, 10040), 0);
    assert_int_equal(frame(ui, r, "I understand", 1, 0, 150, 140, 10060), 0);   /* in time */
    assert_true(ui_touch_counts(ui));
    assert_int_equal(frame(ui, r, "I understand", 0, 1, 150, 140, 10120), 1);
}

static void test_blocked_widgets_take_no_taps(void **state)
{
    SDL_Rect r = { 100, 100, 200, 80 };
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 0;
    ui->blocked = 1;
    assert_int_equal(frame(ui, r, "Yes", 1, 1, 150, 140, 6000), 0);
    ui->blocked = 0;
}

static void test_overlay_beats_what_is_under_it(void **state)
{
    SDL_Rect under = { 0, 0, 800, 480 }, over = { 300, 200, 200, 100 };
    int t_under = 0, t_over = 0;
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 0;
    for (int step = 0; step < 2; step++) {
        ui->now_ms = 7000 + (uint32_t)step * 50;
        ui->px = 350;
        ui->py = 250;
        if (step == 0) {
            ui->pointer_down = ui->pointer_held = 1;
            ui->held_since_ms = ui->now_ms;
        } else {
            ui->pointer_up = 1;
            ui->pointer_held = 0;
        }
        ui_begin(ui);
        t_under += ui_button(ui, under, 0, "Under", UI_SECONDARY);
        t_over += ui_button(ui, over, 0, "Over", UI_PRIMARY);
        ui_end(ui);
    }
    assert_int_equal(t_under, 0);
    assert_int_equal(t_over, 1);
}

static void test_long_press_fires_once_after_hold(void **state)
{
    SDL_Rect r = { 600, 0, 200, 60 };
    int fired = 0;
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui->accept_after_ms = 0;
    for (uint32_t t = 0; t <= 4000; t += 250) {
        ui->now_ms = 10000 + t;
        if (t == 0) {
            ui->pointer_down = ui->pointer_held = 1;
            ui->held_since_ms = ui->now_ms;
            ui->px = 650;
            ui->py = 30;
        }
        ui_begin(ui);
        int f = ui_long_press(ui, r, "clock", 3000);
        if (f)
            assert_true(t >= 3000);
        fired += f;
        if (!f && t < 3000)
            assert_true(ui->wake_ms == 13000);   /* asks to be woken when the hold is due */
        ui_end(ui);
    }
    assert_int_equal(fired, 1);
    ui->pointer_held = 0;
}

static void test_text_shrinks_then_reports_overflow(void **state)
{
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui_begin(ui);
    ui_text(ui, (SDL_Rect){ 0, 0, 400, 200 }, "Turvallisuusohjeet", UI_TEXT_TITLE, 1, THEME_TEXT,
            THEME_BG, 0);
    assert_int_equal(ui->log_count, 1);
    assert_false(ui->log[0].overflow);
    assert_int_equal(ui->log[0].text_px, ui->text_px[UI_TEXT_TITLE]);
    /* Too narrow for the word at the normal size: it shrinks and still fits. */
    ui_text(ui, (SDL_Rect){ 0, 0, 200, 60 }, "Turvallisuusohjeet", UI_TEXT_TITLE, 1, THEME_TEXT,
            THEME_BG, 0);
    assert_false(ui->log[1].overflow);
    assert_true(ui->log[1].text_px < ui->text_px[UI_TEXT_TITLE]);
    /* A long paragraph in a tiny box cannot fit even at the smallest size. */
    ui_text(ui, (SDL_Rect){ 0, 0, 120, 30 },
            "Hätäuloskäytävät ovat merkitty vihreillä kylteillä ja ne pidetään aina vapaina.",
            UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG, 0);
    assert_true(ui->log[2].overflow);
    assert_int_equal(ui->log[2].text_px, ui->min_text_px);
    ui_end(ui);
}

static void test_button_log_has_label_size_and_colours(void **state)
{
    struct ui *ui = &((struct fixture *)*state)->ui;
    ui_begin(ui);
    ui_button(ui, (SDL_Rect){ 10, 10, 300, 70 }, 0xe5ca, "Kyllä", UI_OK);
    const struct ui_record *b = NULL;
    for (int i = 0; i < ui->log_count; i++)
        if (ui->log[i].kind == UI_RECORD_BUTTON)
            b = &ui->log[i];
    assert_non_null(b);
    assert_string_equal(b->text, "Kyllä");
    assert_int_equal(b->rect.w, 300);
    assert_true(b->enabled);
    assert_true(b->text_px > 0);
    assert_true(ui_contrast(b->fg, b->bg) >= 7.0);
    ui_end(ui);
}

static void test_contrast_is_wcag(void **state)
{
    SDL_Color black = { 0, 0, 0, 255 }, white = { 255, 255, 255, 255 }, grey = { 0x77, 0x77, 0x77, 255 };
    (void)state;
    assert_true(ui_contrast(black, white) > 20.99 && ui_contrast(black, white) < 21.01);
    assert_true(ui_contrast(white, white) < 1.0001);
    /* #777 on white is the classic 4.48:1 */
    assert_true(ui_contrast(grey, white) > 4.4 && ui_contrast(grey, white) < 4.6);
    /* Every button style of the theme passes AAA. */
    for (int s = 0; s < UI_STYLE_COUNT; s++) {
        SDL_Color bg, fg, down;
        ui_style_colors(s, &bg, &fg, &down);
        assert_true(ui_contrast(fg, bg) >= 7.0);
        assert_true(ui_contrast(fg, down) >= 7.0);
    }
}

static void test_targets_are_12mm(void **state)
{
    struct ui *ui = &((struct fixture *)*state)->ui;
    /* 800x480 on the 154 mm wide 7" display: 12 mm is at least 62 px, as SPEC.md says. */
    assert_true(ui->target >= 62);
    struct ui portrait;
    memset(&portrait, 0, sizeof portrait);
    ui_set_metrics(&portrait, 720, 1280, 720.0f / 87.0f);
    assert_true(portrait.target >= 99);
}

/* Every test with a ui of its own. */
#define UI_TEST(t) cmocka_unit_test_setup_teardown(t, ui_setup, ui_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        UI_TEST(test_tap_fires_once),
        UI_TEST(test_down_and_up_in_one_frame),
        UI_TEST(test_slide_off_cancels),
        UI_TEST(test_tap_begun_before_screen_change_is_ignored),
        UI_TEST(test_tap_while_change_not_shown_is_ignored),
        UI_TEST(test_blocked_widgets_take_no_taps),
        UI_TEST(test_overlay_beats_what_is_under_it),
        UI_TEST(test_long_press_fires_once_after_hold),
        UI_TEST(test_text_shrinks_then_reports_overflow),
        UI_TEST(test_button_log_has_label_size_and_colours),
        UI_TEST(test_contrast_is_wcag),
        UI_TEST(test_targets_are_12mm),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
