/*
** pinpad.h - the big PIN keypad a host or the admin types on, with the wrong-PIN limit; and the
** pad itself, for screens that type digits for another purpose (a new PIN, a receipt code).
**
** A screen that checks a PIN keeps a struct pinpad in its state and calls pinpad_frame() in its
** frame; the result says when the PIN was right (checked through the store, which counts wrong
** tries across restarts) or when the person cancelled. Digits are never shown, only dots.
** pinpad_draw() is the same pad without the checking; pinpad_keys() only its 3 x 4 keys.
*/
#ifndef SD_PINPAD_H
#define SD_PINPAD_H

#include "app.h"
#include "pin.h"

enum pinpad_result { PINPAD_NONE = 0, PINPAD_OK, PINPAD_CANCEL };

/* What a key of the pad did. */
enum pinpad_key { PINPAD_KEY_NONE = 0, PINPAD_KEY_DIGIT, PINPAD_KEY_DELETE, PINPAD_KEY_OK,
                  PINPAD_KEY_CANCEL };

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

/* What the pad shows besides its keys. */
struct pinpad_face {
    const char *prompt;             /* beside the keys (above them when portrait) */
    const char *message;            /* in red under the dots, or NULL */
    const char *const *messages;    /* every message the pad may show: room is kept for the
                                       longest, so nothing moves when one appears */
    int message_count;
    int locked;                     /* digits and OK greyed (the wait after wrong PINs) */
};

/* The pad without the checking: prompt, a dot per digit, the message, Cancel and the keys in
** area. Digits typed go into digits (*len of them, at most PIN_MAX_DIGITS, NUL-terminated).
** Returns the enum pinpad_key tapped. */
int pinpad_draw(struct ui *ui, SDL_Rect area, const struct pinpad_face *face, char *digits,
                int *len);
/* Where a pad's keys go in area: the right half of a landscape area (at least three targets
** wide), the lower keys_percent of a portrait one. Returns the keys' rectangle; *info gets the
** rest (the prompt's side). */
SDL_Rect pinpad_split(struct ui *ui, SDL_Rect area, int keys_percent, SDL_Rect *info);
/* Only the keys 1-9, Delete, 0, OK as a 3 x 4 grid in r: a digit is added while *len < max,
** Delete takes the last one off, OK takes taps from ok_from digits. locked greys the digits and
** OK. Returns the enum pinpad_key tapped. */
int pinpad_keys(struct ui *ui, SDL_Rect r, char *digits, int *len, int max, int ok_from,
                int locked);

#endif
