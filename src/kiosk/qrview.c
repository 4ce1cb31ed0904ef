/*
** qrview.c - drawing a QR module matrix crisp and fast.
**
** The matrix, quiet zone included, becomes a texture of one pixel per module, made on the first
** draw after qrview_set and kept until the code changes. A frame copies it scaled by a whole
** number of pixels per module with nearest-neighbour sampling, so module edges stay sharp (a
** smoothing scale would blur them and cameras would miss). Drawing the code as one rectangle per
** run of dark modules instead took 3-5 ms a frame at 1920x1080 in SDL's software renderer, which
** fills each rectangle row by row. Nothing is drawn when the ui is dry, but the image record
** (with the encoded text) is always logged.
*/
#include "qrview.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "theme.h"

/* Bumped by qrview_release_textures: a texture made in an older epoch was freed with its
** renderer and must not be touched again. */
static unsigned qrview_epoch;

int qrview_max_version(int side, int min_px)
{
    if (min_px < 1)
        min_px = 1;
    int modules = side / min_px - 2 * QRCODE_QUIET_ZONE;
    int version = (modules - 17) / 4;
    if (modules < 21)
        return 0;
    return version > QRCODE_MAX_VERSION ? QRCODE_MAX_VERSION : version;
}

static void qrview_drop_texture(struct qrview *v)
{
    if (v->texture && v->texture_epoch == qrview_epoch)
        SDL_DestroyTexture(v->texture);
    v->texture = NULL;
    v->texture_renderer = NULL;
}

void qrview_clear(struct qrview *v)
{
    qrview_drop_texture(v);
    qrcode_free(&v->qr);
    free(v->text);
    memset(v, 0, sizeof *v);
}

void qrview_release_textures(void)
{
    qrview_epoch++;
}

typedef int qrview_encode_fn(const char *text, int max_version, struct qrcode *out);

static int qrview_fill(struct qrview *v, const char *text, int max_version, qrview_encode_fn *encode)
{
    qrview_clear(v);
    if (max_version < QRCODE_MIN_VERSION)
        return SD_ELIMIT;
    if (max_version > QRCODE_MAX_VERSION)
        max_version = QRCODE_MAX_VERSION;
    int rc = encode(text, max_version, &v->qr);
    if (rc != SD_OK)
        return rc;
    v->text = strdup(text);
    if (!v->text) {
        qrview_clear(v);
        return SD_ENOMEM;
    }
    return SD_OK;
}

int qrview_set(struct qrview *v, const char *text, int max_version)
{
    return qrview_fill(v, text, max_version, qrcode_encode);
}

int qrview_set_utf8(struct qrview *v, const char *text, int max_version)
{
    return qrview_fill(v, text, max_version, qrcode_encode_utf8);
}

int qrview_module_px(const struct qrview *v, SDL_Rect r)
{
    if (!v->qr.width)
        return 0;
    int side = r.w < r.h ? r.w : r.h;
    return side / (v->qr.width + 2 * QRCODE_QUIET_ZONE);
}

static uint32_t qrview_argb(SDL_Color c)
{
    return 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | (uint32_t)c.b;
}

/* The texture of v for renderer r: the matrix with its quiet zone, one pixel per module. */
static SDL_Texture *qrview_texture(struct qrview *v, SDL_Renderer *r)
{
    if (v->texture && v->texture_renderer == r && v->texture_epoch == qrview_epoch)
        return v->texture;
    qrview_drop_texture(v);
    int w = v->qr.width, side = w + 2 * QRCODE_QUIET_ZONE;
    uint32_t *px = malloc((size_t)side * (size_t)side * sizeof *px);
    SDL_Texture *t = px ? SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                            side, side) : NULL;
    if (!t) {
        LOG_WARN("QR code texture %dx%d: %s", side, side, px ? SDL_GetError() : "out of memory");
        free(px);
        return NULL;
    }
    uint32_t dark = qrview_argb(THEME_BLACK), light = qrview_argb(THEME_WHITE);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++) {
            int mx = x - QRCODE_QUIET_ZONE, my = y - QRCODE_QUIET_ZONE;
            int is_dark = mx >= 0 && my >= 0 && mx < w && my < w && qrcode_is_dark(&v->qr, mx, my);
            px[(size_t)y * (size_t)side + (size_t)x] = is_dark ? dark : light;
        }
    if (SDL_UpdateTexture(t, NULL, px, side * (int)sizeof *px) != 0 ||
        SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest) != 0 ||
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_NONE) != 0) {
        LOG_WARN("QR code texture: %s", SDL_GetError());
        SDL_DestroyTexture(t);
        free(px);
        return NULL;
    }
    free(px);
    v->texture = t;
    v->texture_renderer = r;
    v->texture_epoch = qrview_epoch;
    return t;
}

SDL_Rect qrview_draw(struct ui *ui, SDL_Rect r, struct qrview *v)
{
    int m = qrview_module_px(v, r);
    if (m <= 0) {
        ui_note(ui, UI_RECORD_IMAGE, r, v->text ? v->text : "");
        return (SDL_Rect){ r.x, r.y, 0, 0 };
    }
    int total = (v->qr.width + 2 * QRCODE_QUIET_ZONE) * m;
    SDL_Rect sq = ui_center(r, total, total);
    ui_note(ui, UI_RECORD_IMAGE, sq, v->text);
    if (ui->dry)
        return sq;
    SDL_Texture *t = qrview_texture(v, ui->r);
    if (!t || SDL_RenderCopy(ui->r, t, NULL, &sq) != 0)
        ui_fill(ui, sq, THEME_WHITE, 0);    /* never a half-drawn code a camera could misread */
    return sq;
}
