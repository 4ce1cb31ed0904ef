/*
** display.h - the window (or the off-screen surface of a test) the kiosk draws on, and how many
** pixels a millimetre is on it, so a 12 mm target is 12 mm on every display.
**
** The physical widths of the displays the kiosk is made for are a table; others are asked of
** SDL, or taken as a desktop monitor's. Depends on SDL and ui.h (it sets the ui's metrics).
*/
#ifndef SD_DISPLAY_H
#define SD_DISPLAY_H

#include <SDL.h>
#include <stddef.h>

#include "ui.h"

struct display {
    SDL_Window *window;         /* NULL off-screen */
    SDL_Renderer *renderer;
    SDL_Surface *target;        /* off-screen only: what the renderer draws into */
    float mm_w;                 /* --display-mm, 0 = from the table or SDL */
};

struct display_options {
    int width, height;          /* 0: the display's own (full screen) or 800 x 480 */
    int windowed;               /* a window instead of full screen */
    int offscreen;              /* a surface, no window (tests, the benchmark) */
    float mm_w;                 /* the display's physical width, 0 = from a table or SDL */
};

/* Initialise SDL's video and open the window or surface; set ui's renderer and metrics. On
** failure writes why into fatal and returns SD_ERR. */
int display_open(struct display *d, const struct display_options *opt, struct ui *ui, char *fatal,
                 size_t fatal_size);
void display_close(struct display *d);
/* The output size changed (a window resized or exposed): set ui's metrics again. */
void display_resized(struct display *d, struct ui *ui);
/* The layouts need room for a header and two rows of 12 mm targets with words. */
int display_too_small(int w, int h);

#endif
