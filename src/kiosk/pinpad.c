/*
** pinpad.c - the PIN keypad: prompt, dots, 3x4 keys, cancel, and the lock-out message.
**
** The pad takes the right half of a landscape area (the prompt the left) and the lower part of
** a portrait one. Verification goes through store_pin_verify, which has already counted a wrong
** try on disk before we show "wrong PIN", so turning the kiosk off and on does not reset it.
*/
#include "pinpad.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "icons.h"
#include "theme.h"

void pinpad_reset(struct pinpad *pp, const char *subject)
{
    memset(pp, 0, sizeof *pp);
    snprintf(pp->subject, sizeof pp->subject, "%s", subject ? subject : "admin");
}

static int pinpad_locked_left(struct app *app, const struct pinpad *pp)
{
    if (pp->wait_s <= 0)
        return 0;
    int gone = (int)((app_ticks(app) - pp->locked_at_ms) / 1000);
    return pp->wait_s > gone ? pp->wait_s - gone : 0;
}

static int pinpad_verify_one(struct app *app, struct pinpad *pp, const char *subject)
{
    int wait = 0;
    int rc = store_pin_verify(app->store, app->pack, subject, pp->digits, &wait);
    /* The wrong PIN that used up the free tries already starts the wait: say so at once. */
    if (rc == SD_ELOCKED || (rc == SD_EAUTH && wait > 0)) {
        pp->wait_s = wait;
        pp->locked_at_ms = app_ticks(app);
    }
    return rc;
}

static void pinpad_submit(struct app *app, struct pinpad *pp, int *result)
{
    int rc = pinpad_verify_one(app, pp, pp->subject);
    memset(pp->digits, 0, sizeof pp->digits);
    pp->len = 0;
    switch (rc) {
    case SD_OK:
        pp->message[0] = '\0';
        *result = PINPAD_OK;
        break;
    case SD_ELOCKED:
        snprintf(pp->message, sizeof pp->message, "%s",
                 _("Too many wrong PINs. Please wait before trying again."));
        break;
    case SD_EAUTH:
        snprintf(pp->message, sizeof pp->message, "%s", _("Wrong PIN. Please try again."));
        break;
    default:
        snprintf(pp->message, sizeof pp->message, "%s",
                 _("The PIN could not be checked. Please tell the coordinator."));
        break;
    }
}

int pinpad_frame(struct app *app, struct ui *ui, struct pinpad *pp, SDL_Rect area,
                 const char *prompt)
{
    int result = PINPAD_NONE;
    int portrait = area.h > area.w;
    SDL_Rect info = area, pad;
    if (portrait) {
        pad = ui_cut_bottom(&info, area.h * 62 / 100);
        ui_cut_bottom(&info, ui->gap);
    } else {
        int pw = ui->target * 3 + ui->gap * 2;
        if (pw < area.w / 2)
            pw = area.w / 2;
        pad = ui_cut_right(&info, pw);
        ui_cut_right(&info, ui->gap * 2);
    }

    /* Prompt, dots, message, cancel. */
    SDL_Rect cancel = ui_cut_bottom(&info, ui->target);
    ui_cut_bottom(&info, ui->gap);
    /* Room for the longest message this pad can show, so nothing moves when one appears. */
    char longest[200];
    snprintf(longest, sizeof longest,
             NG_("Too many wrong PINs. Try again in %d second.",
                 "Too many wrong PINs. Try again in %d seconds.", 60), 60);
    const char *msgs[] = { longest, _("Too many wrong PINs. Please wait before trying again."),
                           _("Wrong PIN. Please try again."),
                           _("The PIN could not be checked. Please tell the coordinator.") };
    int mh = info.h / 3;
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        int h = ui_text_height(ui, info.w, msgs[i], UI_TEXT_BODY, 1);
        mh = h > mh ? h : mh;
    }
    if (mh > info.h / 2)
        mh = info.h / 2;
    SDL_Rect msg = ui_cut_bottom(&info, mh);
    SDL_Rect dots = ui_cut_bottom(&info, portrait ? ui->target * 2 / 3 : ui->target);
    ui_text(ui, info, prompt, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int d = ui->target / 3;
    for (int i = 0; i < PIN_MAX_DIGITS && i < pp->len; i++)
        ui_circle(ui, dots.x + d / 2 + i * (d + d / 2), dots.y + dots.h / 2, d / 2, THEME_TEXT);
    if (pp->len == 0)
        ui_frame_rect(ui, (SDL_Rect){ dots.x, dots.y + dots.h / 2 - d / 2, d, d }, THEME_FRAME, 2, 0);
    int left = pinpad_locked_left(app, pp);
    if (left > 0) {
        char wait[200];
        snprintf(wait, sizeof wait,
                 NG_("Too many wrong PINs. Try again in %d second.",
                     "Too many wrong PINs. Try again in %d seconds.", left), left);
        ui_text(ui, msg, wait, UI_TEXT_BODY, 1, THEME_DANGER, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        uint32_t next = app_ticks(app) + 1000;
        if (!ui->wake_ms || (int32_t)(next - ui->wake_ms) < 0)
            ui->wake_ms = next;
    } else if (pp->message[0]) {
        ui_text(ui, msg, pp->message, UI_TEXT_BODY, 1, THEME_DANGER, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    int cw = ui->target * 4 < cancel.w ? ui->target * 4 : cancel.w;
    if (ui_button(ui, ui_cut_left(&cancel, cw), ICON_CLOSE, _("Cancel"), UI_SECONDARY))
        result = PINPAD_CANCEL;

    /* Keys: 1-9, then delete, 0, OK. */
    static const char *const keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL, "0", NULL };
    for (int i = 0; i < 12; i++) {
        SDL_Rect k = ui_grid_cell(pad, 3, 4, i, ui->gap);
        if (keys[i]) {
            if (ui_button_enabled(ui, k, 0, keys[i], UI_SECONDARY, left == 0) && pp->len < PIN_MAX_DIGITS) {
                pp->digits[pp->len++] = keys[i][0];
                pp->digits[pp->len] = '\0';
                pp->message[0] = '\0';
            }
        } else if (i == 9) {
            if (ui_button_enabled(ui, k, ICON_BACKSPACE, _("Delete"), UI_SECONDARY, pp->len > 0) &&
                pp->len > 0)
                pp->digits[--pp->len] = '\0';
        } else if (ui_button_enabled(ui, k, ICON_CHECK, _("OK"), UI_OK,
                                     left == 0 && pp->len >= PIN_MIN_DIGITS)) {
            pinpad_submit(app, pp, &result);
        }
    }
    return result;
}
