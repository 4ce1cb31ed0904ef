/*
** test_qrphoto.c - the QR codes in photos and screenshots: PNG and JPEG told by their bytes,
** several codes in one image, a transparent screenshot, a photo with no code, formats collect
** does not read named (HEIC), and hostile images (cut short, claiming 30000 x 30000 pixels)
** refused before their pixels are allocated.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testutil.h"
#include "qrimage.h"

#include "err.h"
#include "qrparts.h"
#include "qrphoto.h"

#define MAX_CODES 8

struct found {
    char *text[MAX_CODES];
    int count;
};

static int on_code(void *arg, const char *text, size_t len)
{
    struct found *f = arg;
    assert_true(f->count < MAX_CODES);
    assert_int_equal(strlen(text), len);
    f->text[f->count++] = strdup(text);
    return 0;
}

static void found_free(struct found *f)
{
    for (int i = 0; i < f->count; i++)
        free(f->text[i]);
    f->count = 0;
}

static int found_has(const struct found *f, const char *text)
{
    for (int i = 0; i < f->count; i++)
        if (strcmp(f->text[i], text) == 0)
            return 1;
    return 0;
}

/* The parts of a payload of len bytes, as a kiosk would show them. */
static void make_parts(size_t len, struct qrparts *parts)
{
    unsigned char *p = malloc(len);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 2654435761u >> 13);
    assert_int_equal(qrparts_split_version(p, len, "PH0T0S", 2, parts), SD_OK);
    free(p);
}

static void test_qrphoto_png_and_jpeg(void **state)
{
    (void)state;
    struct qrparts parts;
    struct qi_canvas c;
    struct found f = { { 0 }, 0 };
    char err[300];
    int count;
    size_t len;
    make_parts(1800, &parts);
    assert_int_equal(parts.count, 3);
    /* One code, as a screenshot of the 800x480 screen would hold it. */
    qi_codes(&c, (const char *const *)parts.parts, 1, 1, 4);
    unsigned char *png = qi_png(&c, &len);
    assert_int_equal(qrphoto_kind(png, len, NULL), QRPHOTO_PNG);
    assert_int_equal(qrphoto_read(png, len, on_code, &f, &count, err, sizeof err), SD_OK);
    assert_int_equal(count, 1);
    assert_string_equal(f.text[0], parts.parts[0]);
    found_free(&f);
    free(png);
    qi_canvas_free(&c);
    /* All three in one JPEG of quality 60. */
    qi_codes(&c, (const char *const *)parts.parts, 3, 3, 5);
    unsigned char *jpg = qi_jpeg(&c, 60, &len);
    assert_int_equal(qrphoto_kind(jpg, len, NULL), QRPHOTO_JPEG);
    assert_int_equal(qrphoto_read(jpg, len, on_code, &f, &count, err, sizeof err), SD_OK);
    assert_int_equal(count, 3);
    for (int i = 0; i < 3; i++)
        assert_true(found_has(&f, parts.parts[i]));
    found_free(&f);
    free(jpg);
    qi_canvas_free(&c);
    qrparts_free(&parts);
}

/* A screenshot saved with a transparent background is read as if on white paper. */
static void test_qrphoto_transparent(void **state)
{
    (void)state;
    struct qrparts parts;
    struct qi_canvas c;
    struct found f = { { 0 }, 0 };
    char err[300];
    int count;
    make_parts(500, &parts);
    qi_codes(&c, (const char *const *)parts.parts, 1, 1, 3);
    unsigned char *ga = malloc((size_t)c.w * c.h * 2);
    for (int i = 0; i < c.w * c.h; i++) {
        ga[2 * i] = 0;                          /* black everywhere ... */
        ga[2 * i + 1] = c.px[i] ? 0 : 255;      /* ... seen only on the dark modules */
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)c.w;
    img.height = (png_uint_32)c.h;
    img.format = PNG_FORMAT_GA;
    png_alloc_size_t size = 0;
    assert_true(png_image_write_get_memory_size(img, size, 0, ga, 0, NULL));
    unsigned char *png = malloc(size);
    assert_true(png_image_write_to_memory(&img, png, &size, 0, ga, 0, NULL));
    assert_int_equal(qrphoto_read(png, size, on_code, &f, &count, err, sizeof err), SD_OK);
    assert_int_equal(count, 1);
    assert_string_equal(f.text[0], parts.parts[0]);
    found_free(&f);
    free(png);
    free(ga);
    qi_canvas_free(&c);
    qrparts_free(&parts);
}

/* A photo of no code: read, nothing found. */
static void test_qrphoto_no_code(void **state)
{
    (void)state;
    struct qi_canvas c;
    struct found f = { { 0 }, 0 };
    char err[300];
    int count = -1;
    size_t len;
    qi_canvas_new(&c, 640, 480);
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++)
            c.px[y * c.w + x] = (unsigned char)((x * 7 + y * 3) % 256);
    unsigned char *jpg = qi_jpeg(&c, 80, &len);
    assert_int_equal(qrphoto_read(jpg, len, on_code, &f, &count, err, sizeof err), SD_OK);
    assert_int_equal(count, 0);
    free(jpg);
    qi_canvas_free(&c);
}

/* A PNG header of w x h pixels and the start of its data (cut short there). */
static size_t png_header(unsigned char *out, uint32_t w, uint32_t h)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    unsigned char ihdr[17] = { 'I', 'H', 'D', 'R' };
    for (int i = 0; i < 4; i++) {
        ihdr[4 + i] = (unsigned char)(w >> (24 - 8 * i));
        ihdr[8 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    ihdr[12] = 8;       /* bit depth */
    ihdr[13] = 0;       /* grey */
    memcpy(out, sig, 8);
    out[8] = out[9] = out[10] = 0;
    out[11] = 13;
    memcpy(out + 12, ihdr, 17);
    uint32_t crc = (uint32_t)crc32(0, ihdr, 17);
    for (int i = 0; i < 4; i++)
        out[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
    static const unsigned char idat[] = { 0, 0, 0, 4, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0x60 };
    memcpy(out + 33, idat, sizeof idat);
    crc = (uint32_t)crc32(0, idat + 4, 8);
    for (int i = 0; i < 4; i++)
        out[45 + i] = (unsigned char)(crc >> (24 - 8 * i));
    return 49;
}

static void test_qrphoto_hostile(void **state)
{
    (void)state;
    struct found f = { { 0 }, 0 };
    char err[300];
    int count;
    const char *name;
    /* Not an image at all. */
    assert_int_equal(qrphoto_kind((const unsigned char *)"SD2:AB:1/1", 10, &name), QRPHOTO_NOT_IMAGE);
    assert_int_equal(qrphoto_read((const unsigned char *)"hello", 5, on_code, &f, &count, err,
                                  sizeof err), SD_EINVAL);
    /* A text starting "BM" is not a bitmap; a real BMP header is, and is named. */
    assert_int_equal(qrphoto_kind((const unsigned char *)"BMW notes: SD2...", 17, &name),
                     QRPHOTO_NOT_IMAGE);
    static const unsigned char bmp[14] = { 'B', 'M', 0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0 };
    assert_int_equal(qrphoto_kind(bmp, sizeof bmp, &name), QRPHOTO_OTHER);
    assert_string_equal(name, "BMP");
    /* An iPhone's HEIC photo: named, with what to do. */
    static const unsigned char heic[16] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c' };
    assert_int_equal(qrphoto_kind(heic, sizeof heic, &name), QRPHOTO_OTHER);
    assert_int_equal(qrphoto_read(heic, sizeof heic, on_code, &f, &count, err, sizeof err), SD_EINVAL);
    assert_non_null(strstr(err, "HEIC"));
    assert_non_null(strstr(err, "JPEG or PNG"));
    /* 30000 x 30000 pixels claimed: refused from the header. */
    unsigned char hdr[64];
    size_t n = png_header(hdr, 30000, 30000);
    assert_int_equal(qrphoto_read(hdr, n, on_code, &f, &count, err, sizeof err), SD_ELIMIT);
    assert_non_null(strstr(err, "megapixels"));
    n = png_header(hdr, 64, 64);        /* a sane header and nothing after it */
    assert_int_equal(qrphoto_read(hdr, n, on_code, &f, &count, err, sizeof err), SD_EINVAL);
    /* A JPEG whose frame header says 30000 x 30000, and one cut short. */
    struct qi_canvas c;
    size_t len;
    qi_canvas_new(&c, 64, 64);
    unsigned char *jpg = qi_jpeg(&c, 60, &len);
    for (size_t i = 0; i + 8 < len; i++)
        if (jpg[i] == 0xff && (jpg[i + 1] == 0xc0 || jpg[i + 1] == 0xc2)) {
            jpg[i + 5] = 0x75, jpg[i + 6] = 0x30, jpg[i + 7] = 0x75, jpg[i + 8] = 0x30;
            break;
        }
    assert_int_equal(qrphoto_read(jpg, len, on_code, &f, &count, err, sizeof err), SD_ELIMIT);
    free(jpg);
    jpg = qi_jpeg(&c, 60, &len);
    for (size_t cut = 0; cut < len; cut += 7) {
        int rc = qrphoto_read(jpg, cut, on_code, &f, &count, err, sizeof err);
        assert_true(rc == SD_OK || rc == SD_EINVAL);
        assert_int_equal(f.count, 0);
    }
    free(jpg);
    qi_canvas_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qrphoto_png_and_jpeg),
        cmocka_unit_test(test_qrphoto_transparent),
        cmocka_unit_test(test_qrphoto_no_code),
        cmocka_unit_test(test_qrphoto_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
