/*
** qrview.h - a QR code on screen: the module matrix from the core's qrcode.h drawn crisp, with
** a white quiet zone of 4 modules and a whole number of pixels per module, as large as fits.
**
** A screen keeps a struct qrview in its state, fills it once with qrview_set (when the text
** changes, not every frame) and calls qrview_draw in its frame. The drawing is also logged as an
** image record carrying the encoded text, so the scripted driver and tests see what it shows.
**
** The code is drawn from a texture of one pixel per module (quiet zone included), made on the
** first draw after qrview_set and scaled by a whole number with nearest-neighbour sampling: one
** copy instead of thousands of rectangles. Textures die with their renderer, so whoever destroys
** a renderer calls qrview_release_textures() first (app_close does).
*/
#ifndef SD_QRVIEW_H
#define SD_QRVIEW_H

#include <SDL.h>

#include "qrcode.h"
#include "ui.h"

#define QRVIEW_MIN_MODULE_PX 3      /* below this phone cameras start to miss, 800x480 included */

struct qrview {
    struct qrcode qr;               /* width 0: empty */
    char *text;                     /* what it encodes (owned) */
    SDL_Texture *texture;           /* the modules, one pixel each; NULL until drawn */
    SDL_Renderer *texture_renderer; /* the renderer that owns texture */
    unsigned texture_epoch;         /* qrview_release_textures() calls when it was made */
};

/* The largest QR version that still gets min_px pixels per module (quiet zone included) in a
** square of side pixels; 0 when not even version 1 does. */
int qrview_max_version(int side, int min_px);
/* Encode text (at most max_version) into v, replacing what it held. SD_ELIMIT: too long. */
int qrview_set(struct qrview *v, const char *text, int max_version);
/* The same for text people read: one 8-bit segment marked UTF-8 (qrcode_encode_utf8). */
int qrview_set_utf8(struct qrview *v, const char *text, int max_version);
void qrview_clear(struct qrview *v);
/* Forget every qrview's texture: call before SDL_DestroyRenderer (which frees them); the next
** qrview_draw makes them again. */
void qrview_release_textures(void);
/* Pixels per module when v is drawn into r (0: does not fit, or empty). */
int qrview_module_px(const struct qrview *v, SDL_Rect r);
/* Draw v centred in r on white; returns the square used (quiet zone included). */
SDL_Rect qrview_draw(struct ui *ui, SDL_Rect r, struct qrview *v);

#endif
