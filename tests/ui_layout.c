/*
** ui_layout.c - the layout check: every screen, in every state it offers, in every language,
** at every display size, rendered off-screen and checked from what the widgets logged:
**   - no text cut or overflowing its box, no text outside the screen;
**   - every touch target at least 12 mm by 12 mm at that display's density;
**   - every text at least 7:1 against what is behind it;
**   - no two targets overlapping.
** Screenshots of all of them are saved under build/tests/screenshots/layout/<size>/<lang>/ so a
** person can look at them (CI keeps that folder). Runs with SDL's dummy video driver.
** The number of states checked must be exactly sizes x languages x the variants every screen of
** the list offers (counted from the screens themselves), so a screen or a variant the walk
** skipped fails the test, and a new one is checked without touching this file.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app_loop.h"
#include "err.h"
#include "i18n.h"
#include "testutil.h"

static const struct { int w, h; } sizes[] = {
    { 800, 480 }, { 720, 1280 }, { 1280, 800 }, { 1920, 1080 },
};

enum { LAYOUT_MAX_VARIANTS = 32 };  /* a screen with more fails the count: raise it then */

struct layout_state {
    char data_dir[PATH_MAX];
    char shots_dir[PATH_MAX];
    int failures;
    int screens_checked;
    int variants_offered;       /* variants of every screen of the list, counted before walking */
    FILE *report;
};

static void mkdirs(const char *path)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        fail_msg("path too long: %s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(tmp, 0755);
            *p = '/';
        }
    mkdir(tmp, 0755);
}

static void layout_fail(struct layout_state *st, const char *where, const char *fmt, ...)
{
    va_list ap;
    char msg[600];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (st->failures < 200)
        fprintf(stderr, "layout: %s: %s\n", where, msg);
    if (st->report)
        fprintf(st->report, "%s: %s\n", where, msg);
    st->failures++;
}

static int rects_overlap(SDL_Rect a, SDL_Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Check one frame's log. */
static void check_frame(struct layout_state *st, struct app *app, const char *where)
{
    const struct ui *ui = &app->ui;
    int min_px = (int)floorf(12.0f * ui->px_per_mm);
    for (int i = 0; i < ui->log_count; i++) {
        const struct ui_record *r = &ui->log[i];
        if (r->overflow)
            layout_fail(st, where, "text \"%s\" does not fit its box %dx%d", r->text, r->rect.w, r->rect.h);
        if (r->kind == UI_RECORD_TEXT || (r->kind == UI_RECORD_BUTTON && r->text_px > 0)) {
            SDL_Rect t = r->text_rect;
            if (t.w > 0 && (t.x < 0 || t.y < 0 || t.x + t.w > ui->w || t.y + t.h > ui->h))
                layout_fail(st, where, "text \"%s\" goes off the screen", r->text);
            double c = ui_contrast(r->fg, r->bg);
            if (c < 7.0)
                layout_fail(st, where, "text \"%s\" has contrast %.2f:1 (needs 7:1)", r->text, c);
        }
        if (r->kind == UI_RECORD_ICON && r->text_px > 0 && ui_contrast(r->fg, r->bg) < 4.5)
            layout_fail(st, where, "a pictogram has contrast %.2f:1", ui_contrast(r->fg, r->bg));
        if (r->kind != UI_RECORD_BUTTON || !r->enabled)
            continue;
        if (r->rect.w < min_px || r->rect.h < min_px)
            layout_fail(st, where, "target \"%s\" is %dx%d px, under 12 mm (%d px)", r->text,
                        r->rect.w, r->rect.h, min_px);
        if (r->rect.x < 0 || r->rect.y < 0 || r->rect.x + r->rect.w > ui->w ||
            r->rect.y + r->rect.h > ui->h)
            layout_fail(st, where, "target \"%s\" goes off the screen", r->text);
        for (int j = i + 1; j < ui->log_count; j++) {
            const struct ui_record *o = &ui->log[j];
            if (o->kind == UI_RECORD_BUTTON && o->enabled && rects_overlap(r->rect, o->rect))
                layout_fail(st, where, "targets \"%s\" and \"%s\" overlap", r->text, o->text);
        }
    }
}

/* A visit in progress for the first shadow (checked in, escort confirmed). */
static void make_visit(struct app *app)
{
    const struct pack_shadow *s = &app->pack->shadows[0];
    app_begin_visit(app, s);
    if (app->visit.state.uuid[0])
        return;
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKIN;
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", s->id);
    snprintf(rec.lang, sizeof rec.lang, "fi");
    assert_int_equal(store_add_record(app->store, &rec), SD_OK);
    app_reload_visit(app);
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_ESCORT;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", s->id);
    snprintf(rec.host_id, sizeof rec.host_id, "%s", s->escort_id);
    assert_int_equal(store_add_record(app->store, &rec), SD_OK);
    app_reload_visit(app);
}

/* How many variants s offers: app_show accepts n = 0 .. count - 1 (and at most 64 are asked). */
static int count_variants(struct app *app, const struct screen *s)
{
    int n = 0;
    make_visit(app);
    while (n < 64 && app_show(app, s, n) == 0) {
        n++;
        make_visit(app);
    }
    return n;
}

static int count_screens(void)
{
    int n = 0;
    for (const struct screen *const *sp = screen_list(); *sp; sp++)
        n++;
    return n;
}

static void check_size(struct layout_state *st, int w, int h)
{
    struct app_options opt;
    static struct app app;
    memset(&opt, 0, sizeof opt);
    opt.data_dir = st->data_dir;
    opt.pack_dir = tu_source_path("assets/sample-pack/shadowday");
    opt.offscreen = 1;
    opt.width = w;
    opt.height = h;
    int rc = app_open(&app, &opt);
    if (rc != SD_OK)
        fail_msg("app_open %dx%d: %s", w, h, app.fatal);
    assert_non_null(app.pack);
    /* The sample pack's own day, mid-morning, so "now" marks a plan item. */
    int64_t t = 0;
    struct tm tm = { .tm_hour = 10, .tm_min = 5, .tm_isdst = -1 };
    sscanf(app.pack->workplace.date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t = (int64_t)mktime(&tm);
    app_use_virtual_clock(&app, t);
    if (st->variants_offered == 0)
        for (const struct screen *const *sp = screen_list(); *sp; sp++)
            st->variants_offered += count_variants(&app, *sp);

    for (int li = 0; li < i18n_language_count(); li++) {
        const char *lang = i18n_language_code(li);
        char dir[PATH_MAX + 64];
        snprintf(dir, sizeof dir, "%s/%dx%d/%s", st->shots_dir, w, h, lang);
        mkdirs(dir);
        for (const struct screen *const *sp = screen_list(); *sp; sp++) {
            const struct screen *s = *sp;
            for (int n = 0; n < LAYOUT_MAX_VARIANTS; n++) {
                make_visit(&app);
                app_set_language(&app, lang);
                if (app_show(&app, s, n) != 0)
                    break;
                app_draw(&app);
                /* Draw again: screens that refuse a variant's state may have navigated. */
                if (app_screen(&app) != s)
                    layout_fail(st, s->name, "variant %d left the screen for \"%s\"", n,
                                app_screen(&app)->name);
                char where[160], path[PATH_MAX + 200];
                snprintf(where, sizeof where, "%dx%d %s %s#%d", w, h, lang, s->name, n);
                check_frame(st, &app, where);
                snprintf(path, sizeof path, "%s/%s-%d.png", dir, s->name, n);
                app_screenshot(&app, path);
                st->screens_checked++;
            }
        }
    }
    app_close(&app);
}

static void test_layout_every_screen(void **state)
{
    struct layout_state st;
    (void)state;
    memset(&st, 0, sizeof st);
    snprintf(st.data_dir, sizeof st.data_dir, "%s", tu_tmpdir());
    snprintf(st.shots_dir, sizeof st.shots_dir, "%s", tu_build_path("tests/screenshots/layout"));
    mkdirs(st.shots_dir);
    char report[PATH_MAX + 32];
    snprintf(report, sizeof report, "%s/problems.txt", st.shots_dir);
    st.report = fopen(report, "w");
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        check_size(&st, sizes[i].w, sizes[i].h);
    if (st.report)
        fclose(st.report);
    int want = (int)(sizeof sizes / sizeof sizes[0]) * i18n_language_count() * st.variants_offered;
    printf("layout: %d screen states checked (%d sizes x %d languages x %d variants of %d "
           "screens), %d problems; screenshots in %s\n", st.screens_checked,
           (int)(sizeof sizes / sizeof sizes[0]), i18n_language_count(), st.variants_offered,
           count_screens(), st.failures, st.shots_dir);
    assert_true(st.screens_checked > 0);
    assert_int_equal(st.screens_checked, want);
    assert_int_equal(st.failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_every_screen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
