/*
** scr_admin_pins.c - "Change PINs": pick whose PIN (the coordinator's or a host's), type the new
** PIN, type it again, and store_pin_change keeps it (it wins over the pack's, also after a new
** pack is imported).
**
** The digits are typed on the PIN pad without its checking (pinpad_draw: nothing is checked
** against the old PIN) and shown as dots. The typed digits are wiped when they are no longer
** needed. Admin only (SCREEN_NEEDS_ADMIN).
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "hostpick.h"
#include "i18n.h"
#include "icons.h"
#include "pinpad.h"
#include "pin.h"
#include "step.h"
#include "theme.h"

enum pins_step { PINS_PICK = 0, PINS_NEW, PINS_AGAIN };

static struct {
    struct step_state step;             /* enum pins_step */
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

static void pins_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
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
    pins.step.at = PINS_NEW;
    snprintf(pins.message, sizeof pins.message, "%s",
             rc == SD_EINVAL ? _("A PIN has 4 to 12 digits. Please type a new PIN.")
                             : _("The PIN could not be saved. Please try again."));
}

/* OK on the pad: keep the first typing, or compare the second with it. */
static void pins_ok(struct app *app)
{
    if (pins.step.at == PINS_NEW) {
        memcpy(pins.first, pins.digits, sizeof pins.first);
        memset(pins.digits, 0, sizeof pins.digits);
        pins.len = 0;
        pins.step.at = PINS_AGAIN;
        pins.message[0] = '\0';
        return;
    }
    if (strcmp(pins.first, pins.digits) != 0) {
        pins_wipe();
        pins.step.at = PINS_NEW;
        snprintf(pins.message, sizeof pins.message, "%s",
                 _("The two PINs were not the same. Please type the new PIN again."));
        return;
    }
    pins_store(app);
}

/* The pad: prompt, dots and message on one side, the 3 x 4 digit keys on the other. */
static void pins_frame_pad(struct app *app, struct ui *ui, SDL_Rect area, const char *prompt)
{
    static const char *const messages[] = {
        N_("A PIN has 4 to 12 digits. Please type a new PIN."),
        N_("The PIN could not be saved. Please try again."),
        N_("The two PINs were not the same. Please type the new PIN again."),
    };
    const char *shown[sizeof messages / sizeof messages[0]];
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        shown[i] = _(messages[i]);
    struct pinpad_face face = { .prompt = prompt, .message = pins.message, .messages = shown,
                                .message_count = (int)(sizeof shown / sizeof shown[0]) };
    switch (pinpad_draw(ui, area, &face, pins.digits, &pins.len)) {
    case PINPAD_KEY_DIGIT:
        pins.message[0] = '\0';
        break;
    case PINPAD_KEY_OK:
        pins_ok(app);
        break;
    case PINPAD_KEY_CANCEL:
        pins_wipe();
        pins.message[0] = '\0';
        pins.step.at = PINS_PICK;
        break;
    default:
        break;
    }
}

static void pins_frame_pick(struct app *app, struct ui *ui, SDL_Rect area)
{
    switch (hostpick_frame(app, ui, &pins.pick, area, _("Whose PIN do you want to change?"), 1,
                           pins.subject)) {
    case HOSTPICK_CHOSEN:
        pins_wipe();
        pins.message[0] = '\0';
        pins.step.at = PINS_NEW;
        break;
    case HOSTPICK_BACK:
        app_goto(app, &scr_admin);
        break;
    default:
        break;
    }
}

static void pins_frame_new(struct app *app, struct ui *ui, SDL_Rect area)
{
    char prompt[300];
    snprintf(prompt, sizeof prompt, _("New PIN for %s: 4 to 12 digits."),
             hostpick_name(app, pins.subject));
    pins_frame_pad(app, ui, area, prompt);
}

static void pins_frame_again(struct app *app, struct ui *ui, SDL_Rect area)
{
    char prompt[300];
    snprintf(prompt, sizeof prompt, _("Type the new PIN for %s again."),
             hostpick_name(app, pins.subject));
    pins_frame_pad(app, ui, area, prompt);
}

/* The pad comes where a name was, and comes again for the second typing: each step guarded. */
static const struct step pins_steps[] = {
    [PINS_PICK] = { pins_frame_pick },
    [PINS_NEW] = { pins_frame_new },
    [PINS_AGAIN] = { pins_frame_again },
};

static void pins_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_KEY, _("Change PINs"));
    step_frame(app, ui, &pins.step, 0, pins_steps, STEP_COUNT(pins_steps), area);
}

static int pins_variant(struct app *app, int n)
{
    if (n > 3 || !app->pack || app->pack->host_count == 0)
        return -1;
    app->admin_unlocked = 1;
    pins_enter(app, NULL, SCREEN_GOTO);
    snprintf(pins.subject, sizeof pins.subject, "%s", app->pack->hosts[0].id);
    switch (n) {
    case 1:     /* typing the new PIN */
        pins.step.at = PINS_NEW;
        snprintf(pins.digits, sizeof pins.digits, "%s", "1234");
        pins.len = 4;
        break;
    case 2:     /* typing it again */
        pins.step.at = PINS_AGAIN;
        break;
    case 3:     /* they were not the same */
        pins.step.at = PINS_NEW;
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
    .flags = SCREEN_HOST | SCREEN_NEEDS_ADMIN,
};
