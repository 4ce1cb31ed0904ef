/*
** picture.c - JPEG and PNG decoding and PNG writing with libjpeg and libpng.
**
** Input is a pack's photo (hostile: at most 2 MB, checked by its first bytes when the pack was
** read): the size is checked from the header before any pixel memory is taken, and libjpeg's
** fatal errors come back through longjmp instead of exiting the program.
*/
#include "picture.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "err.h"

static int picture_size_ok(unsigned long w, unsigned long h)
{
    return w > 0 && h > 0 && w <= PICTURE_MAX_PIXELS / h;
}

static SDL_Surface *picture_decode_png(const void *data, size_t len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len)) {
        SDL_SetError("PNG: %s", img.message);
        return NULL;
    }
    if (!picture_size_ok(img.width, img.height)) {
        SDL_SetError("PNG: %ux%u pixels is too large", (unsigned)img.width, (unsigned)img.height);
        png_image_free(&img);
        return NULL;
    }
    /* An opaque photo stays without alpha, so its texture is copied, not blended, each frame. */
    int alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    img.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;     /* bytes R, G, B (, A) */
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, (int)img.width, (int)img.height,
                                                    alpha ? 32 : 24,
                                                    alpha ? SDL_PIXELFORMAT_RGBA32
                                                          : SDL_PIXELFORMAT_RGB24);
    if (!s) {
        png_image_free(&img);
        return NULL;
    }
    if (!png_image_finish_read(&img, NULL, s->pixels, s->pitch, NULL)) {
        SDL_SetError("PNG: %s", img.message);
        png_image_free(&img);
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

struct picture_jpeg_error {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void picture_jpeg_fail(j_common_ptr c)
{
    struct picture_jpeg_error *e = (struct picture_jpeg_error *)c->err;
    (*c->err->format_message)(c, e->message);
    longjmp(e->jump, 1);
}

/* libjpeg's warnings (a truncated file still shows what it has) go nowhere, not to stderr. */
static void picture_jpeg_quiet(j_common_ptr c, int level)
{
    (void)c;
    (void)level;
}

static SDL_Surface *picture_decode_jpeg(const void *data, size_t len)
{
    struct jpeg_decompress_struct cinfo;
    struct picture_jpeg_error err;
    SDL_Surface *volatile s = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = picture_jpeg_fail;
    err.mgr.emit_message = picture_jpeg_quiet;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        SDL_FreeSurface(s);
        SDL_SetError("JPEG: %s", err.message);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (const unsigned char *)data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if (!picture_size_ok(cinfo.image_width, cinfo.image_height)) {
        snprintf(err.message, sizeof err.message, "%ux%u pixels is too large",
                 (unsigned)cinfo.image_width, (unsigned)cinfo.image_height);
        longjmp(err.jump, 1);
    }
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    s = SDL_CreateRGBSurfaceWithFormat(0, (int)cinfo.output_width, (int)cinfo.output_height, 24,
                                       SDL_PIXELFORMAT_RGB24);
    if (!s) {
        snprintf(err.message, sizeof err.message, "%s", SDL_GetError());
        longjmp(err.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = (JSAMPROW)s->pixels + (size_t)cinfo.output_scanline * (size_t)s->pitch;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return s;
}

/* The formats by their first bytes, as pack_photo_magic_ok checks them. */
static const struct {
    unsigned char magic[8];
    size_t magic_len;
    SDL_Surface *(*decode)(const void *data, size_t len);
} picture_formats[] = {
    { { 0xFF, 0xD8, 0xFF }, 3, picture_decode_jpeg },
    { { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }, 8, picture_decode_png },
};

SDL_Surface *picture_decode(const void *data, size_t len)
{
    for (size_t i = 0; data && i < sizeof picture_formats / sizeof picture_formats[0]; i++)
        if (len >= picture_formats[i].magic_len &&
            memcmp(data, picture_formats[i].magic, picture_formats[i].magic_len) == 0)
            return picture_formats[i].decode(data, len);
    SDL_SetError("neither a JPEG nor a PNG");
    return NULL;
}

int picture_save_png(SDL_Surface *s, const char *path)
{
    SDL_Surface *rgba = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
    if (!rgba)
        return SD_ENOMEM;
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)rgba->w;
    img.height = (png_uint_32)rgba->h;
    img.format = PNG_FORMAT_RGBA;
    int ok = png_image_write_to_file(&img, path, 0, rgba->pixels, rgba->pitch, NULL);
    if (!ok)
        SDL_SetError("PNG %s: %s", path, img.message);
    png_image_free(&img);
    SDL_FreeSurface(rgba);
    return ok ? SD_OK : SD_EIO;
}
