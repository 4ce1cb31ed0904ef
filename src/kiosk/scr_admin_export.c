/*
** scr_admin_export.c - "Export to USB stick": every record not yet delivered goes into a new
** folder on the stick (export_to_usb), with a progress bar, and only after it was written,
** read back and matched does the screen say "It is safe to remove the stick".
**
** Before: how many records, whether the export is encrypted (and the coordinator key's
** fingerprint to compare with `shadowday keygen`'s), whether a stick is in. A full, read-only
** or pulled stick gets export.c's plain message and "Try again"; nothing is marked exported
** then. The export is work the app runs once "Saving on the USB stick" is on the screen
** (app_work); its progress callback draws the screen with the bar grown, and the outcome is
** drawn the moment the export (and its read-back) ends. Admin only (SCREEN_NEEDS_ADMIN).
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "crypt.h"
#include "err.h"
#include "export.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "step.h"
#include "theme.h"
#include "usb.h"

enum exp_step { EXP_READY = 0, EXP_RUNNING, EXP_DONE, EXP_FAILED };

static struct {
    struct step_state step;         /* enum exp_step */
    int records;                    /* not yet delivered, counted on entering */
    unsigned long counted_version;  /* app->data_version when counted */
    int done, total;                /* the progress bar: files written of all */
    int sample;                     /* variant(): show states without a stick or an export */
    int sample_stick;               /* variant(): pretend a stick is in */
    struct export_result res;
} xp;

static int exp_count_cb(void *arg, const struct record *rec)
{
    (void)rec;
    ++*(int *)arg;
    return 0;
}

static void exp_count(struct app *app)
{
    xp.records = 0;
    if (app->store)
        store_records_each(app->store, 1, exp_count_cb, &xp.records);
    xp.counted_version = app->data_version;
}

static void exp_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    memset(&xp, 0, sizeof xp);
    exp_count(app);
}

static const char *exp_stick(void)
{
    return xp.sample ? (xp.sample_stick ? "/media/shadowday" : NULL) : usb_stick();
}

static void exp_draw_bar(struct ui *ui, SDL_Rect r, int done, int total)
{
    ui_fill(ui, r, THEME_SURFACE, ui->radius);
    ui_frame_rect(ui, r, THEME_FRAME, 2, ui->radius);
    if (total > 0 && done > 0) {
        SDL_Rect f = r;
        f.w = (int)((long)r.w * (done > total ? total : done) / total);
        ui_fill(ui, f, THEME_PRIMARY, ui->radius);
    }
}

/* The running state: the words and the bar. */
static void exp_draw_running(struct ui *ui, SDL_Rect area, int done, int total)
{
    SDL_Rect bar = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    ui_text(ui, area, _("Saving on the USB stick. Do not take the stick out."), UI_TEXT_LARGE, 1,
            THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    exp_draw_bar(ui, bar, done, total);
}

/* export_to_usb's progress: the bar grows on the screen now, while the export goes on. */
static void exp_progress(void *arg, int done, int total)
{
    xp.done = done;
    xp.total = total;
    app_draw_frame(arg);
}

/* The work: the export, then the screen says how it went (drawn at once by the app). */
static void exp_run(struct app *app)
{
    const char *stick = usb_stick();
    int rc = stick ? export_to_usb(app->store, stick, exp_progress, app, &xp.res) : SD_ENOTFOUND;
    if (!stick)
        snprintf(xp.res.message, sizeof xp.res.message, "%s", export_usb_strerror(SD_ENOTFOUND));
    xp.step.at = rc == SD_OK ? EXP_DONE : EXP_FAILED;
    exp_count(app);
}

static void exp_start(void)
{
    xp.done = xp.total = 0;
    xp.step.at = EXP_RUNNING;
}

/* One line of facts in a panel: icon and words. */
static void exp_fact(struct ui *ui, SDL_Rect *area, unsigned icon, const char *text, int warn)
{
    int h = ui_line_height(ui, UI_TEXT_BODY, 1) * 2 + ui->pad / 2;
    SDL_Rect row = ui_cut_top(area, h);
    ui_cut_top(area, ui->gap / 2);
    SDL_Color bg = warn ? THEME_NOTICE_BG : THEME_SURFACE, fg = warn ? THEME_NOTICE_TEXT : THEME_TEXT;
    ui_fill(ui, row, bg, ui->radius);
    SDL_Rect in = ui_inset(row, ui->pad / 3);
    ui_icon(ui, ui_cut_left(&in, in.h), icon, fg, bg);
    ui_cut_left(&in, ui->pad / 2);
    ui_text(ui, in, text, UI_TEXT_BODY, warn, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static void exp_frame_ready(struct app *app, struct ui *ui, SDL_Rect area)
{
    char line[300], fp[CRYPT_FINGERPRINT_SIZE];
    const char *stick = exp_stick();
    const struct pack *p = app->pack;
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);

    snprintf(line, sizeof line,
             NG_("%d record is not yet delivered to the coordinator.",
                 "%d records are not yet delivered to the coordinator.", xp.records),
             xp.records);
    exp_fact(ui, &area, ICON_LIST, line, 0);
    if (p && p->workplace.has_coordinator_key) {
        crypt_fingerprint(p->workplace.coordinator_key, fp);
        snprintf(line, sizeof line, _("Encrypted: only the coordinator's key %s can open it."), fp);
        exp_fact(ui, &area, ICON_LOCK, line, 0);
    } else {
        exp_fact(ui, &area, ICON_LOCK,
                 _("Not encrypted: the day pack has no coordinator key. Keep the stick safe."), 0);
    }
    if (xp.records == 0)
        exp_fact(ui, &area, ICON_CHECK_CIRCLE,
                 _("There is nothing new to export: every record was delivered already."), 1);
    else if (!stick)
        exp_fact(ui, &area, ICON_USB, _("Put the USB stick in."), 1);
    else
        exp_fact(ui, &area, ICON_USB, _("A USB stick is in. Each export makes a new folder on it."),
                 0);

    int bw = nav.w / 3;
    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_admin);
    if (ui_button_enabled(ui, ui_cut_right(&nav, bw), ICON_USB, _("Export"), UI_PRIMARY,
                          stick != NULL && xp.records > 0))
        exp_start();
}

static void exp_frame_running(struct app *app, struct ui *ui, SDL_Rect area)
{
    exp_draw_running(ui, area, xp.done, xp.total);
    if (!xp.sample)
        app_work(app, exp_run);
}

/* A big pictogram, a headline and the export's message. */
static void exp_frame_result(struct app *app, struct ui *ui, SDL_Rect area, int ok)
{
    char line[200];
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect icon = ui_cut_left(&area, ui->target * 2);
    ui_cut_left(&area, ui->pad);
    ui_icon(ui, ui_cut_top(&icon, ui->target * 2), ok ? ICON_CHECK_CIRCLE : ICON_WARNING,
            ok ? THEME_OK : THEME_DANGER, THEME_BG);
    const char *head = ok ? _("Safe to remove the stick.") : _("The export did not work.");
    SDL_Rect h = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_TITLE, 1) + ui->pad / 2);
    ui_text(ui, h, head, UI_TEXT_TITLE, 1, ok ? THEME_OK : THEME_DANGER, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    SDL_Rect extra = { 0, 0, 0, 0 };
    if (ok)
        extra = ui_cut_bottom(&area, ui_line_height(ui, UI_TEXT_SMALL, 0) * 2);
    ui_text(ui, area, xp.res.message, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_TOP);
    if (ok) {
        const char *folder = strrchr(xp.res.folder, '/');
        snprintf(line, sizeof line, _("Folder on the stick: %s"), folder ? folder + 1 : xp.res.folder);
        ui_text(ui, extra, line, UI_TEXT_SMALL, 0, THEME_TEXT_MUTED, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }

    int bw = nav.w / 3;
    if (ok) {
        if (ui_button(ui, ui_cut_right(&nav, bw), ICON_CHECK, _("Done"), UI_OK))
            app_goto(app, &scr_admin);
        return;
    }
    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_admin);
    if (ui_button_enabled(ui, ui_cut_right(&nav, bw), ICON_SYNC, _("Try again"), UI_PRIMARY,
                          exp_stick() != NULL && xp.records > 0))
        exp_start();
}

static void exp_frame_done(struct app *app, struct ui *ui, SDL_Rect area)
{
    exp_frame_result(app, ui, area, 1);
}

static void exp_frame_failed(struct app *app, struct ui *ui, SDL_Rect area)
{
    exp_frame_result(app, ui, area, 0);
}

/* "Done" comes where "Export" was: the step helper keeps a double tap from leaving unread. */
static const struct step exp_steps[] = {
    [EXP_READY] = { exp_frame_ready },
    [EXP_RUNNING] = { exp_frame_running },
    [EXP_DONE] = { exp_frame_done },
    [EXP_FAILED] = { exp_frame_failed },
};

static void exp_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_USB, _("Export to USB stick"));
    if (!xp.sample && xp.step.at == EXP_READY && xp.counted_version != app->data_version)
        exp_count(app);
    step_frame(app, ui, &xp.step, 0, exp_steps, STEP_COUNT(exp_steps), area);
}

static int exp_variant(struct app *app, int n)
{
    static const int failures[] = { SD_EFULL, SD_EREADONLY, SD_EIO, SD_ENOTFOUND, SD_ECORRUPT };
    enum { FIRST_FAILURE = 5, COUNT = FIRST_FAILURE + sizeof failures / sizeof failures[0] };
    if (n >= COUNT)
        return -1;
    app->admin_unlocked = 1;
    exp_enter(app, NULL, SCREEN_GOTO);
    xp.sample = 1;
    xp.sample_stick = 1;
    xp.records = 42;
    switch (n) {
    case 1:     /* no stick yet */
        xp.sample_stick = 0;
        break;
    case 2:     /* nothing to export */
        xp.records = 0;
        break;
    case 3:     /* writing */
        xp.step.at = EXP_RUNNING;
        xp.done = 5;
        xp.total = 13;
        break;
    case 4:     /* done */
        xp.step.at = EXP_DONE;
        xp.res.record_count = 42;
        snprintf(xp.res.folder, sizeof xp.res.folder, "%s",
                 "/media/shadowday/shadowday-export/K-1a2b3c4d-20270415-151502-7Q2ZP4MA");
        snprintf(xp.res.message, sizeof xp.res.message,
                 NG_("%d record was saved on the USB stick and checked. It is safe to remove the stick.",
                     "%d records were saved on the USB stick and checked. It is safe to remove the stick.",
                     42), 42);
        break;
    case 0:
        break;
    default:    /* the failures, each with its message */
        xp.step.at = EXP_FAILED;
        snprintf(xp.res.message, sizeof xp.res.message, "%s",
                 export_usb_strerror(failures[n - FIRST_FAILURE]));
        break;
    }
    return 0;
}

const struct screen scr_admin_export = {
    .name = "admin_export",
    .enter = exp_enter,
    .frame = exp_frame,
    .variant = exp_variant,
    .flags = SCREEN_HOST | SCREEN_NO_ONSITE | SCREEN_NEEDS_ADMIN,
};
