/*
** scr_admin_pins.c - "Change PINs": pick whose PIN (the coordinator's or a host's), type the new
** PIN, type it again, and store_pin_change keeps it (it wins over the pack's, also after a new
** pack is imported).
**
** The digits are typed on a plain digit pad (not the verifying pinpad: nothing is checked
** against the old PIN) and shown as dots. The typed digits are wiped when they are no longer
** needed. Admin only: without app->admin_unlocked it goes to Start.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "hostpick.h"
#include "i18n.h"
#include "icons.h"
#include "pin.h"
#include "theme.h"

enum pins_step { PINS_PICK = 0, PINS_NEW, PINS_AGAIN };

static struct {
    int step;
    struct hostpick pick;
    char subject[PACK_ID_MAX];
    char first[PIN_MAX_DIGITS + 1];     /* the new PIN, typed once */
    char digits[PIN_MAX_DIGITS + 1];    /* what is being typed now */
    int len;
    char message[300];
} pins;

static void pins_wipe(void)
{
    memset(pins.first, 0, sizeof pins.first);
    memset(pins.digits, 0, sizeof pins.digits);
    pins.len = 0;
}

static void pins_enter(struct app *app)
{
    (void)app;
    memset(&pins, 0, sizeof pins);      /* also wipes any digits left from before */
    hostpick_reset(&pins.pick);
}

static void pins_store(struct app *app)
{
    char done[300];
    int rc = store_pin_change(app->store, pins.subject, pins.digits);
    if (rc == SD_OK) {
        snprintf(done, sizeof done, _("The PIN of %s is changed."),
                 hostpick_name(app, pins.subject));
        pins_wipe();
        app_notice(app, done, 5000);
        app_goto(app, &scr_admin);
        return;
    }
    pins_wipe();
    pins.step = PINS_NEW;
    snprintf(pins.message, sizeof pins.message, "%s",
             rc == SD_EINVAL ? _("A PIN has 4 to 12 digits. Please type a new PIN.")
                             : _("The PIN could not be saved. Please try again."));
}

/* OK on the pad: keep the first typing, or compare the second with it. */
static void pins_ok(struct app *app)
{
    if (pins.step == PINS_NEW) {
        memcpy(pins.first, pins.digits, sizeof pins.first);
        memset(pins.digits, 0, sizeof pins.digits);
        pins.len = 0;
        pins.step = PINS_AGAIN;
        pins.message[0] = '\0';
        return;
    }
    if (strcmp(pins.first, pins.digits) != 0) {
        pins_wipe();
        pins.step = PINS_NEW;
        snprintf(pins.message, sizeof pins.message, "%s",
                 _("The two PINs were not the same. Please type the new PIN again."));
        return;
    }
    pins_store(app);
}

/* Prompt, dots and message on one side, the 3 x 4 digit keys on the other. */
static void pins_frame_pad(struct app *app, struct ui *ui, SDL_Rect area, const char *prompt)
{
    int portrait = area.h > area.w;
    SDL_Rect info = area, pad;
    if (portrait) {
        pad = ui_cut_bottom(&info, area.h * 62 / 100);
        ui_cut_bottom(&info, ui->gap);
    } else {
        int pw = ui->target * 3 + ui->gap * 2;
        pad = ui_cut_right(&info, pw > area.w / 2 ? pw : area.w / 2);
        ui_cut_right(&info, ui->gap * 2);
    }
    SDL_Rect cancel = ui_cut_bottom(&info, ui->target);
    ui_cut_bottom(&info, ui->gap);
    /* Room for the longest message, so nothing moves when one appears. */
    const char *msgs[] = { _("A PIN has 4 to 12 digits. Please type a new PIN."),
                           _("The PIN could not be saved. Please try again."),
                           _("The two PINs were not the same. Please type the new PIN again.") };
    int mh = info.h / 3;
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        int h = ui_text_height(ui, info.w, msgs[i], UI_TEXT_BODY, 1);
        mh = h > mh ? h : mh;
    }
    if (mh > info.h / 2)
        mh = info.h / 2;
    SDL_Rect msg = ui_cut_bottom(&info, mh);
    SDL_Rect dots = ui_cut_bottom(&info, portrait ? ui->target * 2 / 3 : ui->target);
    ui_text(ui, info, prompt, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int d = ui->target / 3;
    for (int i = 0; i < pins.len; i++)
        ui_circle(ui, dots.x + d / 2 + i * (d + d / 2), dots.y + dots.h / 2, d / 2, THEME_TEXT);
    if (pins.len == 0)
        ui_frame_rect(ui, (SDL_Rect){ dots.x, dots.y + dots.h / 2 - d / 2, d, d }, THEME_FRAME, 2, 0);
    if (pins.message[0])
        ui_text(ui, msg, pins.message, UI_TEXT_BODY, 1, THEME_DANGER, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int cw = ui->target * 4 < cancel.w ? ui->target * 4 : cancel.w;
    if (ui_button(ui, ui_cut_left(&cancel, cw), ICON_CLOSE, _("Cancel"), UI_SECONDARY)) {
        pins_wipe();
        pins.message[0] = '\0';
        pins.step = PINS_PICK;
    }

    /* Row by row: 1 2 3 / 4 5 6 / 7 8 9 / Delete 0 OK. */
    for (int i = 0; i < 12; i++) {
        SDL_Rect k = ui_grid_cell(pad, 3, 4, i, ui->gap);
        if (i == 9) {
            if (ui_button_enabled(ui, k, ICON_BACKSPACE, _("Delete"), UI_SECONDARY, pins.len > 0))
                pins.digits[--pins.len] = '\0';
        } else if (i == 11) {
            if (ui_button_enabled(ui, k, ICON_CHECK, _("OK"), UI_OK, pins.len >= PIN_MIN_DIGITS))
                pins_ok(app);
        } else {
            char key[2] = { (char)(i == 10 ? '0' : '1' + i), '\0' };
            if (ui_button_enabled(ui, k, 0, key, UI_SECONDARY, pins.len < PIN_MAX_DIGITS)) {
                pins.digits[pins.len++] = key[0];
                pins.digits[pins.len] = '\0';
                pins.message[0] = '\0';
            }
        }
    }
}

static void pins_frame(struct app *app, struct ui *ui)
{
    char prompt[300];
    SDL_Rect area = app_header(app, ui, ICON_KEY, _("Change PINs"));
    if (!app->admin_unlocked) {
        app_end_visit(app);
        return;
    }
    const char *name = hostpick_name(app, pins.subject);
    switch (pins.step) {
    case PINS_PICK:
        switch (hostpick_frame(app, ui, &pins.pick, area, _("Whose PIN do you want to change?"), 1,
                               pins.subject)) {
        case HOSTPICK_CHOSEN:
            pins_wipe();
            pins.message[0] = '\0';
            pins.step = PINS_NEW;
            break;
        case HOSTPICK_BACK:
            app_goto(app, &scr_admin);
            break;
        default:
            break;
        }
        break;
    case PINS_NEW:
        snprintf(prompt, sizeof prompt, _("New PIN for %s: 4 to 12 digits."), name);
        pins_frame_pad(app, ui, area, prompt);
        break;
    case PINS_AGAIN:
        snprintf(prompt, sizeof prompt, _("Type the new PIN for %s again."), name);
        pins_frame_pad(app, ui, area, prompt);
        break;
    }
}

static int pins_variant(struct app *app, int n)
{
    if (n > 3 || !app->pack || app->pack->host_count == 0)
        return -1;
    app->admin_unlocked = 1;
    pins_enter(app);
    snprintf(pins.subject, sizeof pins.subject, "%s", app->pack->hosts[0].id);
    switch (n) {
    case 1:     /* typing the new PIN */
        pins.step = PINS_NEW;
        snprintf(pins.digits, sizeof pins.digits, "%s", "1234");
        pins.len = 4;
        break;
    case 2:     /* typing it again */
        pins.step = PINS_AGAIN;
        break;
    case 3:     /* they were not the same */
        pins.step = PINS_NEW;
        snprintf(pins.message, sizeof pins.message, "%s",
                 _("The two PINs were not the same. Please type the new PIN again."));
        break;
    default:
        break;
    }
    return 0;
}

const struct screen scr_admin_pins = {
    .name = "admin_pins",
    .enter = pins_enter,
    .frame = pins_frame,
    .variant = pins_variant,
    .flags = SCREEN_HOST,
};
