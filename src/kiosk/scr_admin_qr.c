/*
** scr_admin_qr.c - "Export as QR codes": the records not yet delivered as a batch of QR codes
** (export_to_qr), one code a page, as large as the screen allows, with Previous / Next and
** "Part i of n". The coordinator scans every code with a phone into one text file and gives it
** to `shadowday collect`, which joins the parts in any order.
**
** The codes take the whole height (no title bar), so a version 20 code gets 4 pixels a module
** on the 800x480 display; the words and buttons go beside it (below it when portrait). The
** export is work the app runs once "Making the QR codes..." is on the screen (app_work); the
** codes are drawn the moment they are made. The export is noted as "written": the records stay
** in every later export until the receipt code is typed. Admin only (SCREEN_NEEDS_ADMIN).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "export.h"
#include "i18n.h"
#include "icons.h"
#include "pager.h"
#include "qrview.h"
#include "step.h"
#include "theme.h"

enum qr_step { QR_MAKING = 0, QR_SHOWING, QR_FAILED };

static struct {
    struct step_state step;         /* enum qr_step */
    struct qrparts parts;
    int page, shown;                /* the part on screen, and the one in view */
    struct qrview view;
    struct export_result res;
    int sample;                     /* variant(): sample parts, no export */
} qr;

static void qr_reset(void)
{
    qrparts_free(&qr.parts);
    qrview_clear(&qr.view);
    memset(&qr, 0, sizeof qr);
    qr.shown = -1;
}

static void qr_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    qr_reset();
}

/* The work: the export as QR codes (the app draws them the moment they are made). */
static void qr_make(struct app *app)
{
    int rc = app->store ? export_to_qr(app->store, &qr.parts, &qr.res) : SD_ERR;
    qr.step.at = rc == SD_OK && qr.parts.count > 0 ? QR_SHOWING : QR_FAILED;
    qr.page = 0;
    qr.shown = -1;
}

static void qr_frame_making(struct app *app, struct ui *ui, SDL_Rect all)
{
    ui_text(ui, ui_inset(all, ui->pad), _("Making the QR codes..."), UI_TEXT_LARGE, 1, THEME_TEXT,
            THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (!qr.sample)
        app_work(app, qr_make);
}

/* The code's square (the whole height, the whole width when portrait) and the rest beside it. */
static SDL_Rect qr_split(struct ui *ui, SDL_Rect all, SDL_Rect *side_r)
{
    int portrait = ui->h > ui->w;
    int side = portrait ? ui->w : ui->h;
    SDL_Rect code = portrait ? ui_cut_top(&all, side) : ui_cut_left(&all, side);
    *side_r = ui_inset(all, ui->pad);
    return code;
}

static void qr_frame_failed(struct app *app, struct ui *ui, SDL_Rect all)
{
    SDL_Rect side_r, code = qr_split(ui, all, &side_r);
    SDL_Rect nav = ui_cut_bottom(&side_r, ui->target);
    ui_icon(ui, ui_inset(code, code.w / 4), ICON_WARNING, THEME_DANGER, THEME_BG);
    ui_text(ui, side_r, qr.res.message, UI_TEXT_BODY, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    if (ui_button(ui, nav, ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_admin);
}

static void qr_frame_showing(struct app *app, struct ui *ui, SDL_Rect all)
{
    char part[100];
    int portrait = ui->h > ui->w;
    SDL_Rect side_r, code = qr_split(ui, all, &side_r);
    if (qr.shown != qr.page && qr.page < qr.parts.count) {
        if (qrview_set(&qr.view, qr.parts.parts[qr.page], QRPARTS_MAX_VERSION) != SD_OK)
            qrview_clear(&qr.view);
        qr.shown = qr.page;
    }
    qrview_draw(ui, ui_inset(code, ui->pad / 2), &qr.view);

    /* Beside the code: what it is, which part, the message, the buttons. */
    /* Landscape: Previous and Next in a row above Done; portrait: all three in one row. */
    SDL_Rect done = ui_cut_bottom(&side_r, ui->target);
    ui_cut_bottom(&side_r, ui->gap);
    SDL_Rect nav = portrait ? ui_cut_left(&done, (done.w - ui->gap) * 2 / 3) : ui_cut_bottom(&side_r, ui->target);
    if (portrait)
        ui_cut_left(&done, ui->gap);
    else
        ui_cut_bottom(&side_r, ui->gap);
    SDL_Rect title = ui_cut_top(&side_r, ui_line_height(ui, UI_TEXT_TITLE, 1) + ui->pad / 2);
    ui_text(ui, title, _("Export as QR codes"), UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    snprintf(part, sizeof part, _("Part %d of %d"), qr.page + 1, qr.parts.count);
    SDL_Rect pr = ui_cut_top(&side_r, ui_line_height(ui, UI_TEXT_HUGE, 1) + ui->pad / 2);
    ui_text(ui, pr, part, UI_TEXT_HUGE, 1, THEME_PRIMARY, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_text(ui, side_r, qr.res.message, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_TOP);

    pager_pair(ui, ui_grid_cell(nav, 2, 1, 0, ui->gap), ui_grid_cell(nav, 2, 1, 1, ui->gap),
               &qr.page, qr.parts.count, PAGER_CODES);
    if (ui_button(ui, done, ICON_CHECK, _("Done"), UI_OK)) {
        qr_reset();
        app_goto(app, &scr_admin);
    }
}

/* The codes come where "Making..." was, "Back" where a code's buttons were: each step guarded. */
static const struct step qr_steps[] = {
    [QR_MAKING] = { qr_frame_making },
    [QR_SHOWING] = { qr_frame_showing },
    [QR_FAILED] = { qr_frame_failed },
};

static void qr_frame(struct app *app, struct ui *ui)
{
    step_frame(app, ui, &qr.step, 0, qr_steps, STEP_COUNT(qr_steps), ui_rect(0, 0, ui->w, ui->h));
}

static int qr_variant(struct app *app, int n)
{
    if (n > 3)
        return -1;
    app->admin_unlocked = 1;
    qr_reset();
    qr.sample = 1;
    if (n == 3)     /* the codes being made */
        return 0;
    if (n == 2) {   /* nothing to export */
        qr.step.at = QR_FAILED;
        snprintf(qr.res.message, sizeof qr.res.message, "%s",
                 _("There is nothing new to export: every record was delivered already."));
        return 0;
    }
    /* A sample batch as big as a day's: 3 codes of nearly full size. */
    enum { SAMPLE_BYTES = 1700 };
    unsigned char *data = malloc(SAMPLE_BYTES);
    if (!data)
        return -1;
    for (int i = 0; i < SAMPLE_BYTES; i++)
        data[i] = (unsigned char)(i * 131 + 7);
    int rc = qrparts_split(data, SAMPLE_BYTES, "SAMPLE01", &qr.parts);
    free(data);
    if (rc != SD_OK)
        return -1;
    qr.step.at = QR_SHOWING;
    qr.page = n == 1 ? qr.parts.count - 1 : 0;
    qr.res.record_count = 120;
    qr.res.code_count = qr.parts.count;
    snprintf(qr.res.message, sizeof qr.res.message,
             NG_("%d record in %d QR codes. Scan every code with a phone into one text file.",
                 "%d records in %d QR codes. Scan every code with a phone into one text file.",
                 120), 120, qr.parts.count);
    return 0;
}

const struct screen scr_admin_qr = {
    .name = "admin_qr",
    .enter = qr_enter,
    .frame = qr_frame,
    .variant = qr_variant,
    .flags = SCREEN_HOST | SCREEN_NEEDS_ADMIN,
};
