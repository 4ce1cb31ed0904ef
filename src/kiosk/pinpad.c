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

int pinpad_keys(struct ui *ui, SDL_Rect r, char *digits, int *len, int max, int ok_from,
                int locked)
{
    int key = PINPAD_KEY_NONE;
    /* Row by row: 1 2 3 / 4 5 6 / 7 8 9 / Delete 0 OK. */
    for (int i = 0; i < 12; i++) {
        SDL_Rect k = ui_grid_cell(r, 3, 4, i, ui->gap);
        if (i == 9) {
            if (ui_button_enabled(ui, k, ICON_BACKSPACE, _("Delete"), UI_SECONDARY, *len > 0)) {
                digits[--*len] = '\0';
                key = PINPAD_KEY_DELETE;
            }
        } else if (i == 11) {
            if (ui_button_enabled(ui, k, ICON_CHECK, _("OK"), UI_OK, !locked && *len >= ok_from))
                key = PINPAD_KEY_OK;
        } else {
            char label[2] = { (char)(i == 10 ? '0' : '1' + i), '\0' };
            if (ui_button_enabled(ui, k, 0, label, UI_SECONDARY, !locked && *len < max)) {
                digits[(*len)++] = label[0];
                digits[*len] = '\0';
                key = PINPAD_KEY_DIGIT;
            }
        }
    }
    return key;
}

/* The height kept for the message: enough for the longest the pad may show. */
static int pinpad_message_h(struct ui *ui, SDL_Rect info, const struct pinpad_face *face)
{
    int mh = info.h / 3;
    for (int i = 0; i < face->message_count; i++) {
        int h = ui_text_height(ui, info.w, face->messages[i], UI_TEXT_BODY, 1);
        mh = h > mh ? h : mh;
    }
    return mh > info.h / 2 ? info.h / 2 : mh;
}

SDL_Rect pinpad_split(struct ui *ui, SDL_Rect area, int keys_percent, SDL_Rect *info)
{
    SDL_Rect pad;
    *info = area;
    if (area.h > area.w) {
        pad = ui_cut_bottom(info, area.h * keys_percent / 100);
        ui_cut_bottom(info, ui->gap);
    } else {
        int pw = ui->target * 3 + ui->gap * 2;
        pad = ui_cut_right(info, pw > area.w / 2 ? pw : area.w / 2);
        ui_cut_right(info, ui->gap * 2);
    }
    return pad;
}

int pinpad_draw(struct ui *ui, SDL_Rect area, const struct pinpad_face *face, char *digits,
                int *len)
{
    int portrait = area.h > area.w;
    SDL_Rect info, pad = pinpad_split(ui, area, 62, &info);
    /* Prompt, dots, message, cancel. */
    SDL_Rect cancel = ui_cut_bottom(&info, ui->target);
    ui_cut_bottom(&info, ui->gap);
    SDL_Rect msg = ui_cut_bottom(&info, pinpad_message_h(ui, info, face));
    SDL_Rect dots = ui_cut_bottom(&info, portrait ? ui->target * 2 / 3 : ui->target);
    ui_text(ui, info, face->prompt, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int d = ui->target / 3;
    for (int i = 0; i < PIN_MAX_DIGITS && i < *len; i++)
        ui_circle(ui, dots.x + d / 2 + i * (d + d / 2), dots.y + dots.h / 2, d / 2, THEME_TEXT);
    if (*len == 0)
        ui_frame_rect(ui, (SDL_Rect){ dots.x, dots.y + dots.h / 2 - d / 2, d, d }, THEME_FRAME, 2, 0);
    if (face->message && face->message[0])
        ui_text(ui, msg, face->message, UI_TEXT_BODY, 1, THEME_DANGER, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int cw = ui->target * 4 < cancel.w ? ui->target * 4 : cancel.w;
    int key = PINPAD_KEY_NONE;
    if (ui_button(ui, ui_cut_left(&cancel, cw), ICON_CLOSE, _("Cancel"), UI_SECONDARY))
        key = PINPAD_KEY_CANCEL;
    int k = pinpad_keys(ui, pad, digits, len, PIN_MAX_DIGITS, PIN_MIN_DIGITS, face->locked);
    return k != PINPAD_KEY_NONE ? k : key;
}

static int pinpad_locked_left(struct app *app, const struct pinpad *pp)
{
    if (pp->wait_s <= 0)
        return 0;
    int gone = (int)((appclock_ticks(app) - pp->locked_at_ms) / 1000);
    return pp->wait_s > gone ? pp->wait_s - gone : 0;
}

static int pinpad_verify_one(struct app *app, struct pinpad *pp, const char *subject)
{
    int wait = 0;
    int rc = store_pin_verify(app->store, app->pack, subject, pp->digits, &wait);
    /* The wrong PIN that used up the free tries already starts the wait: say so at once. */
    if (rc == SD_ELOCKED || (rc == SD_EAUTH && wait > 0)) {
        pp->wait_s = wait;
        pp->locked_at_ms = appclock_ticks(app);
    }
    return rc;
}

/* The messages of a checking pad, by the result of store_pin_verify. */
static const struct {
    int rc;
    const char *text;
} pinpad_messages[] = {
    { SD_ELOCKED, N_("Too many wrong PINs. Please wait before trying again.") },
    { SD_EAUTH, N_("Wrong PIN. Please try again.") },
    { SD_ERR, N_("The PIN could not be checked. Please tell the coordinator.") },
};
enum { PINPAD_MESSAGE_COUNT = sizeof pinpad_messages / sizeof pinpad_messages[0] };

static void pinpad_submit(struct app *app, struct pinpad *pp, int *result)
{
    int rc = pinpad_verify_one(app, pp, pp->subject);
    memset(pp->digits, 0, sizeof pp->digits);
    pp->len = 0;
    pp->message[0] = '\0';
    if (rc == SD_OK) {
        *result = PINPAD_OK;
        return;
    }
    int i = 0;
    while (i < PINPAD_MESSAGE_COUNT - 1 && pinpad_messages[i].rc != rc)
        i++;
    snprintf(pp->message, sizeof pp->message, "%s", _(pinpad_messages[i].text));
}

int pinpad_frame(struct app *app, struct ui *ui, struct pinpad *pp, SDL_Rect area,
                 const char *prompt)
{
    char wait[200], longest[200];
    const char *messages[PINPAD_MESSAGE_COUNT + 1];
    snprintf(longest, sizeof longest,
             NG_("Too many wrong PINs. Try again in %d second.",
                 "Too many wrong PINs. Try again in %d seconds.", 60), 60);
    messages[0] = longest;
    for (int i = 0; i < PINPAD_MESSAGE_COUNT; i++)
        messages[i + 1] = _(pinpad_messages[i].text);
    struct pinpad_face face = { .prompt = prompt, .message = pp->message, .messages = messages,
                                .message_count = PINPAD_MESSAGE_COUNT + 1 };
    int left = pinpad_locked_left(app, pp);
    if (left > 0) {
        snprintf(wait, sizeof wait,
                 NG_("Too many wrong PINs. Try again in %d second.",
                     "Too many wrong PINs. Try again in %d seconds.", left), left);
        face.message = wait;
        face.locked = 1;
        uint32_t next = appclock_ticks(app) + 1000;
        if (!ui->wake_ms || (int32_t)(next - ui->wake_ms) < 0)
            ui->wake_ms = next;
    }
    int result = PINPAD_NONE;
    switch (pinpad_draw(ui, area, &face, pp->digits, &pp->len)) {
    case PINPAD_KEY_DIGIT:
        pp->message[0] = '\0';
        break;
    case PINPAD_KEY_OK:
        pinpad_submit(app, pp, &result);
        break;
    case PINPAD_KEY_CANCEL:
        result = PINPAD_CANCEL;
        break;
    default:
        break;
    }
    return result;
}
