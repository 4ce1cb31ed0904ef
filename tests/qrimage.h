/*
** qrimage.h - QR codes as images for the tests (test_qrphoto.c, test_collect.c, export_maker.c):
** the core's qrcode.c matrix drawn black on white with its quiet zone, several codes on one
** canvas, and the canvas as PNG or JPEG bytes (libpng, libjpeg). Header-only (static
** functions); include after cmocka.h. Test helper only.
*/
#ifndef SD_QRIMAGE_H
#define SD_QRIMAGE_H

#include <stdio.h>      /* before jpeglib.h */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "err.h"
#include "qrcode.h"

#define QI_FN __attribute__((unused)) static

struct qi_canvas {
    unsigned char *px;      /* grey levels, row by row */
    int w, h;
};

/* A white canvas of w x h. */
QI_FN void qi_canvas_new(struct qi_canvas *c, int w, int h)
{
    c->w = w;
    c->h = h;
    c->px = malloc((size_t)w * h);
    assert_non_null(c->px);
    memset(c->px, 255, (size_t)w * h);
}

/* The code of text (at most version max_version) at x, y with scale pixels a module, its quiet
** zone included; returns its side in pixels. */
QI_FN int qi_draw_code(struct qi_canvas *c, const char *text, int max_version, int x, int y,
                       int scale)
{
    struct qrcode qr;
    assert_int_equal(qrcode_encode(text, max_version, &qr), SD_OK);
    int side = (qr.width + 2 * QRCODE_QUIET_ZONE) * scale;
    assert_true(x >= 0 && y >= 0 && x + side <= c->w && y + side <= c->h);
    for (int my = 0; my < qr.width; my++)
        for (int mx = 0; mx < qr.width; mx++) {
            if (!qrcode_is_dark(&qr, mx, my))
                continue;
            for (int dy = 0; dy < scale; dy++)
                memset(c->px + (size_t)(y + (QRCODE_QUIET_ZONE + my) * scale + dy) * c->w +
                       x + (QRCODE_QUIET_ZONE + mx) * scale, 0, (size_t)scale);
        }
    qrcode_free(&qr);
    return side;
}

/* A canvas with the codes of n texts side by side (wrapping after per_row). */
QI_FN void qi_codes(struct qi_canvas *c, const char *const *texts, int n, int per_row, int scale)
{
    int cell = (17 + 4 * QRCODE_MAX_VERSION + 2 * QRCODE_QUIET_ZONE) * scale;
    int rows = (n + per_row - 1) / per_row, cols = n < per_row ? n : per_row;
    qi_canvas_new(c, cols * cell, rows * cell);
    for (int i = 0; i < n; i++)
        qi_draw_code(c, texts[i], QRCODE_MAX_VERSION, (i % per_row) * cell, (i / per_row) * cell, scale);
}

QI_FN void qi_canvas_free(struct qi_canvas *c)
{
    free(c->px);
    c->px = NULL;
}

/* The canvas as a PNG file in memory (malloc'd). */
QI_FN unsigned char *qi_png(const struct qi_canvas *c, size_t *len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)c->w;
    img.height = (png_uint_32)c->h;
    img.format = PNG_FORMAT_GRAY;
    png_alloc_size_t size = 0;
    assert_true(png_image_write_get_memory_size(img, size, 0, c->px, 0, NULL));
    unsigned char *buf = malloc(size);
    assert_non_null(buf);
    assert_true(png_image_write_to_memory(&img, buf, &size, 0, c->px, 0, NULL));
    *len = size;
    return buf;
}

/* The canvas as a JPEG file in memory (malloc'd) of quality 1..100. */
QI_FN unsigned char *qi_jpeg(const struct qi_canvas *c, int quality, size_t *len)
{
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    unsigned char *buf = NULL;
    unsigned long size = 0;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buf, &size);
    cinfo.image_width = (JDIMENSION)c->w;
    cinfo.image_height = (JDIMENSION)c->h;
    cinfo.input_components = 1;
    cinfo.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = c->px + (size_t)cinfo.next_scanline * c->w;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *len = size;
    return buf;
}

#endif
