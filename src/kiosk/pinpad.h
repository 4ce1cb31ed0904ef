/*
** pinpad.h - the big PIN keypad a host or the admin types on, with the wrong-PIN limit.
**
** A screen keeps a struct pinpad in its state and calls pinpad_frame() in its frame; the result
** says when the PIN was right (checked through the store, which counts wrong tries across
** restarts) or when the person cancelled. Digits are never shown, only dots.
*/
#ifndef SD_PINPAD_H
#define SD_PINPAD_H

#include "app.h"
#include "pin.h"

enum pinpad_result { PINPAD_NONE = 0, PINPAD_OK, PINPAD_CANCEL };

struct pinpad {
    char subject[PACK_ID_MAX];      /* "admin" or a host id */
    char digits[PIN_MAX_DIGITS + 1];
    int len;
    char message[200];              /* "Wrong PIN..." shown under the dots */
    int wait_s;                     /* locked: seconds to wait, counted from locked_at_ms */
    uint32_t locked_at_ms;
};

void pinpad_reset(struct pinpad *pp, const char *subject);
/* Draw prompt, dots and keys into area; verify on OK. */
int pinpad_frame(struct app *app, struct ui *ui, struct pinpad *pp, SDL_Rect area,
                 const char *prompt);

#endif
