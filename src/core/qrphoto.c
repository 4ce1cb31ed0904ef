/*
** qrphoto.c - decoding a photo to grey levels and finding its QR codes with zbar.
**
** libpng's simplified API and libjpeg (its errors caught with setjmp, as libjpeg requires)
** give one byte a pixel, which is all zbar looks at. A big JPEG is decoded at half size by
** libjpeg itself: a phone photo of a code has many pixels to a module, and fewer pixels are
** faster to scan and need less memory. If nothing is found, the photo is scanned once more at
** half size, which smooths sensor noise and JPEG blocks away. Must not depend on SQLite or SDL.
*/
#include "qrphoto.h"

#include <setjmp.h>
#include <stdio.h>      /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"

#if SD_PHOTOS
#include <jpeglib.h>
#include <png.h>
#include <zbar.h>
#endif

struct qrphoto_gray {
    unsigned char *pixels;      /* width * height, row by row */
    unsigned width, height;
};

/* Formats by their first bytes: one or two signatures (at an offset) must match. */
static const struct {
    const char *name;
    int kind;
    struct { size_t at, len; const char *bytes; } sig[2];
} qrphoto_magic[] = {
    { "PNG", QRPHOTO_PNG, { { 0, 8, "\x89PNG\r\n\x1a\n" }, { 0, 0, "" } } },
    { "JPEG", QRPHOTO_JPEG, { { 0, 3, "\xff\xd8\xff" }, { 0, 0, "" } } },
    { "HEIC", QRPHOTO_OTHER, { { 4, 8, "ftypheic" }, { 0, 0, "" } } },
    { "HEIC", QRPHOTO_OTHER, { { 4, 8, "ftypheix" }, { 0, 0, "" } } },
    { "HEIF", QRPHOTO_OTHER, { { 4, 8, "ftypmif1" }, { 0, 0, "" } } },
    { "AVIF", QRPHOTO_OTHER, { { 4, 8, "ftypavif" }, { 0, 0, "" } } },
    { "GIF", QRPHOTO_OTHER, { { 0, 4, "GIF8" }, { 0, 0, "" } } },
    { "WebP", QRPHOTO_OTHER, { { 0, 4, "RIFF" }, { 8, 4, "WEBP" } } },
    { "BMP", QRPHOTO_OTHER, { { 0, 2, "BM" }, { 6, 4, "\0\0\0\0" } } },
    { "TIFF", QRPHOTO_OTHER, { { 0, 4, "II*\0" }, { 0, 0, "" } } },
    { "TIFF", QRPHOTO_OTHER, { { 0, 4, "MM\0*" }, { 0, 0, "" } } },
};

int qrphoto_kind(const unsigned char *data, size_t len, const char **name)
{
    for (size_t i = 0; i < sizeof qrphoto_magic / sizeof qrphoto_magic[0]; i++) {
        int match = 1;
        for (int k = 0; k < 2; k++) {
            size_t at = qrphoto_magic[i].sig[k].at, n = qrphoto_magic[i].sig[k].len;
            if (n && (len < at + n || memcmp(data + at, qrphoto_magic[i].sig[k].bytes, n) != 0))
                match = 0;
        }
        if (match) {
            if (name)
                *name = qrphoto_magic[i].name;
            return qrphoto_magic[i].kind;
        }
    }
    if (name)
        *name = "";
    return QRPHOTO_NOT_IMAGE;
}

static int qrphoto_size_ok(unsigned long w, unsigned long h)
{
    return w > 0 && h > 0 && w <= QRPHOTO_MAX_SIDE && h <= QRPHOTO_MAX_SIDE &&
           (unsigned long long)w * h <= QRPHOTO_MAX_PIXELS;
}

#if SD_PHOTOS
/* ---------------------------------------------------------------- PNG */
static int qrphoto_png(const unsigned char *data, size_t len, struct qrphoto_gray *out)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len))
        return SD_EINVAL;
    if (!qrphoto_size_ok(img.width, img.height)) {
        png_image_free(&img);
        return SD_ELIMIT;
    }
    img.format = PNG_FORMAT_GRAY;
    size_t size = (size_t)img.width * img.height;
    unsigned char *px = malloc(size);
    if (!px) {
        png_image_free(&img);
        return SD_ENOMEM;
    }
    memset(px, 0xff, size);         /* transparent parts are composed onto white paper */
    if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
        free(px);
        png_image_free(&img);
        return SD_EINVAL;
    }
    out->pixels = px;
    out->width = img.width;
    out->height = img.height;
    return SD_OK;
}

/* ---------------------------------------------------------------- JPEG */
struct qrphoto_jpeg_error {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
};

static void qrphoto_jpeg_exit(j_common_ptr cinfo)
{
    longjmp(((struct qrphoto_jpeg_error *)(void *)cinfo->err)->jump, 1);
}

static void qrphoto_jpeg_quiet(j_common_ptr cinfo)
{
    (void)cinfo;    /* warnings about damaged data: what can be decoded is still scanned */
}

static int qrphoto_jpeg(const unsigned char *data, size_t len, struct qrphoto_gray *out)
{
    struct jpeg_decompress_struct cinfo;
    struct qrphoto_jpeg_error jerr;
    unsigned char *volatile px = NULL;
    volatile int rc = SD_EINVAL;
    cinfo.err = jpeg_std_error(&jerr.mgr);
    jerr.mgr.error_exit = qrphoto_jpeg_exit;
    jerr.mgr.output_message = qrphoto_jpeg_quiet;
    if (setjmp(jerr.jump)) {
        free(px);
        jpeg_destroy_decompress(&cinfo);
        return rc;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if (!qrphoto_size_ok(cinfo.image_width, cinfo.image_height)) {
        jpeg_destroy_decompress(&cinfo);
        return SD_ELIMIT;
    }
    cinfo.out_color_space = JCS_GRAYSCALE;
    if ((unsigned long long)cinfo.image_width * cinfo.image_height > QRPHOTO_SCAN_PIXELS) {
        cinfo.scale_num = 1;
        cinfo.scale_denom = 2;
    }
    jpeg_start_decompress(&cinfo);
    size_t w = cinfo.output_width, h = cinfo.output_height;
    if (cinfo.output_components != 1 || !(px = malloc(w * h))) {
        rc = cinfo.output_components != 1 ? SD_EINVAL : SD_ENOMEM;
        qrphoto_jpeg_exit((j_common_ptr)&cinfo);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = px + (size_t)cinfo.output_scanline * w;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    out->pixels = px;
    out->width = (unsigned)w;
    out->height = (unsigned)h;
    return SD_OK;
}

/* ---------------------------------------------------------------- zbar */
/* The image at half size, each pixel the mean of four. */
static int qrphoto_halve(const struct qrphoto_gray *in, struct qrphoto_gray *out)
{
    unsigned w = in->width / 2, h = in->height / 2;
    if (w < 21 || h < 21)
        return SD_ENOTFOUND;
    unsigned char *px = malloc((size_t)w * h);
    if (!px)
        return SD_ENOMEM;
    for (unsigned y = 0; y < h; y++) {
        const unsigned char *a = in->pixels + (size_t)2 * y * in->width, *b = a + in->width;
        for (unsigned x = 0; x < w; x++)
            px[(size_t)y * w + x] = (unsigned char)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4);
    }
    out->pixels = px;
    out->width = w;
    out->height = h;
    return SD_OK;
}

/* Scan the grey image; fn gets each QR code. */
static int qrphoto_scan(const struct qrphoto_gray *g, qrphoto_code_fn *fn, void *arg, int *count)
{
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_t *img = zbar_image_create();
    int rc = SD_OK;
    if (!scanner || !img) {
        rc = SD_ENOMEM;
        goto done;
    }
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, g->width, g->height);
    zbar_image_set_data(img, g->pixels, (unsigned long)g->width * g->height, NULL);
    if (zbar_scan_image(scanner, img) < 0) {
        rc = SD_ERR;
        goto done;
    }
    for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym && rc == SD_OK;
         sym = zbar_symbol_next(sym)) {
        if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
            continue;
        ++*count;
        rc = fn(arg, zbar_symbol_get_data(sym), zbar_symbol_get_data_length(sym));
    }
done:
    if (img)
        zbar_image_destroy(img);
    if (scanner)
        zbar_image_scanner_destroy(scanner);
    return rc;
}

int qrphoto_read(const unsigned char *data, size_t len, qrphoto_code_fn *fn, void *arg,
                 int *count, char *err, size_t err_size)
{
    struct qrphoto_gray g = { 0 }, half = { 0 };
    const char *name;
    int kind = qrphoto_kind(data, len, &name), rc;
    *count = 0;
    if (err_size)
        err[0] = '\0';
    rc = kind == QRPHOTO_PNG ? qrphoto_png(data, len, &g)
       : kind == QRPHOTO_JPEG ? qrphoto_jpeg(data, len, &g) : SD_EINVAL;
    if (rc == SD_EINVAL && kind == QRPHOTO_OTHER)
        snprintf(err, err_size, _("the photo is a %s file, which shadowday does not read: save it "
                                  "as JPEG or PNG (on an iPhone: Settings, Camera, Formats, Most "
                                  "Compatible)"), name);
    else if (rc == SD_EINVAL)
        snprintf(err, err_size, "%s", _("the image is damaged or not complete: copy it from the "
                                        "phone again"));
    else if (rc == SD_ELIMIT)
        snprintf(err, err_size, _("the image is larger than %u megapixels: take the photo with "
                                  "fewer megapixels"), QRPHOTO_MAX_PIXELS >> 20);
    if (rc != SD_OK)
        return rc;
    rc = qrphoto_scan(&g, fn, arg, count);
    if (rc == SD_OK && *count == 0 && (rc = qrphoto_halve(&g, &half)) == SD_OK)
        rc = qrphoto_scan(&half, fn, arg, count);
    free(half.pixels);
    free(g.pixels);
    return rc == SD_ENOTFOUND ? SD_OK : rc;
}

#else   /* a build without libzbar (-DSD_PHOTOS=OFF, e.g. WebAssembly): the page reads the codes */
int qrphoto_read(const unsigned char *data, size_t len, qrphoto_code_fn *fn, void *arg,
                 int *count, char *err, size_t err_size)
{
    (void)data, (void)len, (void)fn, (void)arg;
    *count = 0;
    snprintf(err, err_size, "%s", _("this build of shadowday does not read photos: scan the codes "
                                    "with a phone into a text file"));
    return SD_EINVAL;
}
#endif
