/*
** keyboard.h - the on-screen keyboard for a short comment: every Finnish and Swedish letter
** (a-z, å, ä, ö) in alphabetical order, space, delete, a capitals toggle and "Done".
**
** Keys are at least 12 mm at every display size, so the letters are laid out in as many columns
** as fit (10 on a landscape 7", 6 on the portrait one) rather than as QWERTY; an alphabetical
** grid is also easier to search for many users. The typed text is shown above the keys in big
** letters (the end of it, when it is long). A screen keeps a struct keyboard in its state.
** Depends on ui.h and text.h only.
*/
#ifndef SD_KEYBOARD_H
#define SD_KEYBOARD_H

#include "ui.h"

#define KEYBOARD_MAX_CHARS 300
/* Every key types at most 2 bytes of UTF-8 (å, ä, ö and capitals). */
#define KEYBOARD_MAX_BYTES (KEYBOARD_MAX_CHARS * 2 + 1)

enum keyboard_result { KEYBOARD_NONE = 0, KEYBOARD_DONE };

struct keyboard {
    char text[KEYBOARD_MAX_BYTES];  /* UTF-8, what was typed */
    int len;                        /* bytes in text */
    int chars;                      /* letters (code points) in text */
    int capitals;                   /* the letter keys type capitals */
    /* The visible tail of text, worked out again only when text or the box changes. */
    int shown_from;                 /* byte offset of the first character shown */
    int cache_len, cache_w, cache_h;
};

/* Empty the keyboard (capitals off). */
void keyboard_reset(struct keyboard *kb);
/* Draw the text box and keys into area and apply the keys tapped. Returns KEYBOARD_DONE when
** "Done" was tapped (the text may be empty: nothing to say). */
int keyboard_frame(struct ui *ui, struct keyboard *kb, SDL_Rect area);
/* Type one key's text as if tapped (for variants and tests); 0, or -1 when full. */
int keyboard_type(struct keyboard *kb, const char *key);

#endif
