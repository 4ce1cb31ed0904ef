/*
** scr_admin_receipt.c - "Receipt and delete": the coordinator types the 8-digit receipt code
** `shadowday collect` printed for an export it read whole; export_confirm_receipt marks that
** export's records delivered. Then the screen offers to delete them from the kiosk
** (export_purge with the pack's retention_days, which also deletes every record of days older
** than that) and shows how many were deleted.
**
** Nothing is deleted before a receipt: a stick lost on the way loses nothing, because every
** export carries all records not yet delivered. Admin only (SCREEN_NEEDS_ADMIN).
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "export.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "pinpad.h"
#include "step.h"
#include "theme.h"

enum rc_step { RC_TYPE = 0, RC_CONFIRMED, RC_PURGE_ASK, RC_PURGED };

enum { RC_DIGITS = EXPORT_RECEIPT_SIZE - 1 };

static struct {
    struct step_state step;         /* enum rc_step */
    char digits[RC_DIGITS + 1];
    int len;
    char message[300];              /* under the digits: a code that matched nothing */
    int64_t records;                /* of the batches the code confirmed */
    int waiting, waiting_records;   /* exports not yet confirmed, counted on entering */
    struct export_purge_counts purged;
} rct;

struct rc_find {
    const char *code;
    int64_t records;
    int found;
    int waiting, waiting_records;
};

static int rc_batch_cb(void *arg, const struct store_export_batch *b)
{
    struct rc_find *f = arg;
    int open = strcmp(b->status, "delivered") != 0;
    if (open) {
        f->waiting++;
        f->waiting_records += (int)b->record_count;
    }
    if (f->code && strcmp(b->receipt_code, f->code) == 0) {
        f->found = 1;
        if (open)
            f->records += b->record_count;
    }
    return 0;
}

static void rc_count(struct app *app)
{
    struct rc_find f = { 0 };
    if (app->store)
        store_export_batches(app->store, rc_batch_cb, &f);
    rct.waiting = f.waiting;
    rct.waiting_records = f.waiting_records;
}

static void rc_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    memset(&rct, 0, sizeof rct);
    rc_count(app);
}

static void rc_confirm(struct app *app)
{
    struct rc_find f = { .code = rct.digits };
    store_export_batches(app->store, rc_batch_cb, &f);
    int rc = export_confirm_receipt(app->store, rct.digits);
    memset(rct.digits, 0, sizeof rct.digits);
    rct.len = 0;
    if (rc == SD_OK) {
        rct.records = f.records;
        rct.step.at = RC_CONFIRMED;
        rct.message[0] = '\0';
        app->data_version++;
    } else {
        snprintf(rct.message, sizeof rct.message, "%s",
                 rc == SD_ENOTFOUND
                     ? _("This code matches no export of this kiosk. Check the code and type it again.")
                     : _("The receipt could not be saved. Please try again."));
    }
    rc_count(app);
}

static void rc_purge(struct app *app)
{
    char today[11];
    int days = app->pack ? app->pack->workplace.retention_days : 30;
    appclock_today(app, today);
    int rc = export_purge(app->store, today, days, &rct.purged);
    if (rc != SD_OK) {
        app_notice(app, _("The records could not be deleted. Please try again."), 8000);
        rct.step.at = RC_CONFIRMED;
        return;
    }
    app->data_version++;
    rct.step.at = RC_PURGED;
    rc_count(app);
}

/* The prompt, the typed digits and a message on one side, the keys on the other. */
static void rc_frame_type(struct app *app, struct ui *ui, SDL_Rect area)
{
    char line[300], shown[2 * RC_DIGITS + 2];
    SDL_Rect info, pad = pinpad_split(ui, area, 55, &info);
    SDL_Rect back = ui_cut_bottom(&info, ui->target);
    ui_cut_bottom(&info, ui->gap);
    SDL_Rect msg = ui_cut_bottom(&info, info.h / 3);
    SDL_Rect digits = ui_cut_bottom(&info, ui->target);
    SDL_Rect waiting = ui_cut_bottom(&info, ui_line_height(ui, UI_TEXT_SMALL, 0) * 2);
    ui_text(ui, info, _("Type the receipt code that shadowday collect printed."), UI_TEXT_LARGE, 1,
            THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    snprintf(line, sizeof line,
             NG_("%d export waits for its receipt.", "%d exports wait for their receipt.",
                 rct.waiting), rct.waiting);
    ui_text(ui, waiting, line, UI_TEXT_SMALL, 0, THEME_TEXT_MUTED, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    /* "1234 5678": in two groups as collect prints it, "_" for digits still to type. */
    size_t n = 0;
    for (int i = 0; i < RC_DIGITS; i++) {
        if (i == RC_DIGITS / 2)
            shown[n++] = ' ';
        shown[n++] = i < rct.len ? rct.digits[i] : '_';
    }
    shown[n] = '\0';
    ui_fill(ui, digits, THEME_SURFACE, ui->radius);
    ui_text(ui, digits, shown, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_SURFACE,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (rct.message[0])
        ui_text(ui, msg, rct.message, UI_TEXT_BODY, 1, THEME_DANGER, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int bw = ui->target * 3 < back.w ? ui->target * 3 : back.w;
    if (ui_button(ui, ui_cut_left(&back, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_admin);

    switch (pinpad_keys(ui, pad, rct.digits, &rct.len, RC_DIGITS, RC_DIGITS, 0)) {
    case PINPAD_KEY_DIGIT:
        rct.message[0] = '\0';
        break;
    case PINPAD_KEY_OK:
        rc_confirm(app);
        break;
    default:
        break;
    }
}

/* A headline with a pictogram, words, and two buttons (left: secondary, right: main). */
static int rc_frame_panel(struct app *app, struct ui *ui, SDL_Rect area, unsigned icon,
                          const char *head, const char *text, const char *left, unsigned left_icon,
                          const char *right, unsigned right_icon, int right_style)
{
    (void)app;
    int pressed = 0;
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect ic = ui_cut_left(&area, ui->target * 2);
    ui_cut_left(&area, ui->pad);
    ui_icon(ui, ui_cut_top(&ic, ui->target * 2), icon, THEME_OK, THEME_BG);
    SDL_Rect h = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_TITLE, 1) * 2 + ui->pad / 2);
    ui_text(ui, h, head, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_text(ui, area, text, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_TOP);
    int bw = nav.w / 3;
    if (left && ui_button(ui, ui_cut_left(&nav, bw), left_icon, left, UI_SECONDARY))
        pressed = 1;
    ui_cut_left(&nav, ui->gap);
    if (right && ui_button(ui, ui_cut_right(&nav, left ? nav.w : bw), right_icon, right,
                           right_style))
        pressed = 2;
    return pressed;
}

static void rc_frame_confirmed(struct app *app, struct ui *ui, SDL_Rect area)
{
    char text[400];
    snprintf(text, sizeof text,
             NG_("%lld record is now marked as received by the coordinator. You may delete "
                 "it from this kiosk now, or later.",
                 "%lld records are now marked as received by the coordinator. You may delete "
                 "them from this kiosk now, or later.", (unsigned long)rct.records),
             (long long)rct.records);
    switch (rc_frame_panel(app, ui, area, ICON_VERIFIED, _("The coordinator has the records."),
                           text, _("Done"), ICON_CHECK, _("Delete delivered records"),
                           ICON_DELETE, UI_DANGER)) {
    case 1:
        app_goto(app, &scr_admin);
        break;
    case 2:
        rct.step.at = RC_PURGE_ASK;
        break;
    default:
        break;
    }
}

static void rc_frame_purge_ask(struct app *app, struct ui *ui, SDL_Rect area)
{
    char text[400];
    int days = app->pack ? app->pack->workplace.retention_days : 30;
    snprintf(text, sizeof text,
             NG_("This deletes from the kiosk the records the coordinator has received for "
                 "visits that are over, and every record older than %d day. It cannot be undone.",
                 "This deletes from the kiosk the records the coordinator has received for "
                 "visits that are over, and every record older than %d days. It cannot be undone.",
                 (unsigned long)days), days);
    switch (rc_frame_panel(app, ui, area, ICON_DELETE, _("Delete the delivered records?"), text,
                           _("No"), ICON_CLOSE, _("Yes, delete"), ICON_DELETE, UI_DANGER)) {
    case 1:
        rct.step.at = RC_CONFIRMED;
        break;
    case 2:
        rc_purge(app);
        break;
    default:
        break;
    }
}

static void rc_frame_purged(struct app *app, struct ui *ui, SDL_Rect area)
{
    char text[400];
    snprintf(text, sizeof text, _("Deleted: %lld delivered records and %lld records of "
                                  "older days."),
             (long long)rct.purged.delivered, (long long)rct.purged.expired);
    if (rc_frame_panel(app, ui, area, ICON_CHECK_CIRCLE, _("The records are deleted."), text,
                       NULL, 0, _("Done"), ICON_CHECK, UI_OK) == 2)
        app_goto(app, &scr_admin);
}

/* "Delete delivered records" and "Yes, delete" come in the same place one after the other: the
** step helper keeps a double tap from deleting without the question being seen. */
static const struct step rc_steps[] = {
    [RC_TYPE] = { rc_frame_type },
    [RC_CONFIRMED] = { rc_frame_confirmed },
    [RC_PURGE_ASK] = { rc_frame_purge_ask },
    [RC_PURGED] = { rc_frame_purged },
};

static void rc_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_VERIFIED, _("Receipt and delete"));
    step_frame(app, ui, &rct.step, 0, rc_steps, STEP_COUNT(rc_steps), area);
}

static int rc_variant(struct app *app, int n)
{
    if (n > 4)
        return -1;
    app->admin_unlocked = 1;
    rc_enter(app, NULL, SCREEN_GOTO);
    rct.waiting = 2;
    switch (n) {
    case 1:     /* a code that matched nothing */
        snprintf(rct.digits, sizeof rct.digits, "%s", "1234");
        rct.len = 4;
        snprintf(rct.message, sizeof rct.message, "%s",
                 _("This code matches no export of this kiosk. Check the code and type it again."));
        break;
    case 2:
        rct.step.at = RC_CONFIRMED;
        rct.records = 42;
        break;
    case 3:
        rct.step.at = RC_PURGE_ASK;
        break;
    case 4:
        rct.step.at = RC_PURGED;
        rct.purged.delivered = 42;
        rct.purged.expired = 3;
        break;
    default:
        break;
    }
    return 0;
}

const struct screen scr_admin_receipt = {
    .name = "admin_receipt",
    .enter = rc_enter,
    .frame = rc_frame,
    .variant = rc_variant,
    .flags = SCREEN_HOST | SCREEN_NO_ONSITE | SCREEN_NEEDS_ADMIN,
};
