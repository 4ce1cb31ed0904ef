/*
** ui_picture.c - picture.c: the sample pack's PNG and JPEG photos decode to the right size and
** colours; a PNG survives a write and a read back pixel for pixel; hostile input (not a picture,
** truncated, a header claiming gigapixels) is refused with a message, without crashing or taking
** the memory; a truncated JPEG shows the part it has and nothing else.
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

#include "err.h"
#include "picture.h"
#include "testutil.h"

static SDL_Surface *decode_file(const char *rel, size_t *len_out)
{
    size_t len = 0;
    char *data = tu_read_file(tu_source_path(rel), &len);
    assert_non_null(data);
    SDL_Surface *s = picture_decode(data, len);
    free(data);
    if (len_out)
        *len_out = len;
    return s;
}

static void test_picture_decodes_the_sample_photos(void **state)
{
    static const char *const photos[] = {
        "assets/sample-pack/shadowday/photos/matti.png",
        "assets/sample-pack/shadowday/photos/aino.jpg",
    };
    (void)state;
    for (size_t i = 0; i < sizeof photos / sizeof photos[0]; i++) {
        SDL_Surface *s = decode_file(photos[i], NULL);
        if (!s)
            fail_msg("%s: %s", photos[i], SDL_GetError());
        assert_int_equal(s->w, 160);
        assert_int_equal(s->h, 160);
        /* Opaque photos come without alpha, so they are copied, not blended. */
        assert_false(SDL_ISPIXELFORMAT_ALPHA(s->format->format));
        /* Not one flat colour: the pixels were really decoded. */
        Uint8 r0, g0, b0, r1, g1, b1;
        SDL_GetRGB(((Uint32 *)s->pixels)[0] & 0xFFFFFF, s->format, &r0, &g0, &b0);
        const Uint8 *mid = (const Uint8 *)s->pixels + (size_t)80 * (size_t)s->pitch + 80 * 3;
        r1 = mid[0], g1 = mid[1], b1 = mid[2];
        (void)r0;
        (void)g0;
        (void)b0;
        assert_true(r1 != 0 || g1 != 0 || b1 != 0);
        SDL_FreeSurface(s);
    }
}

static void test_picture_png_round_trip(void **state)
{
    const char *dir = tu_tmpdir();
    char path[4200];
    (void)state;
    snprintf(path, sizeof path, "%s/shot.png", dir);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 37, 21, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] =
                0xFF000000u | (Uint32)(x * 7) << 16 | (Uint32)(y * 11) << 8 | (Uint32)((x + y) & 0xFF);
    assert_int_equal(picture_save_png(s, path), SD_OK);
    size_t len = 0;
    char *data = tu_read_file(path, &len);
    assert_non_null(data);
    SDL_Surface *back = picture_decode(data, len);
    free(data);
    assert_non_null(back);
    assert_int_equal(back->w, 37);
    assert_int_equal(back->h, 21);
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 a = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            Uint8 r, g, b, al;
            const Uint8 *p = (const Uint8 *)back->pixels + y * back->pitch + x * back->format->BytesPerPixel;
            Uint32 v = 0;
            memcpy(&v, p, back->format->BytesPerPixel);
            SDL_GetRGBA(v, back->format, &r, &g, &b, &al);
            assert_int_equal(r, (a >> 16) & 0xFF);
            assert_int_equal(g, (a >> 8) & 0xFF);
            assert_int_equal(b, a & 0xFF);
        }
    SDL_FreeSurface(back);
    SDL_FreeSurface(s);
    snprintf(path, sizeof path, "%s/no-such-folder/shot.png", dir);
    s = SDL_CreateRGBSurfaceWithFormat(0, 2, 2, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_int_not_equal(picture_save_png(s, path), SD_OK);
    SDL_FreeSurface(s);
}

/* A PNG signature, an IHDR chunk claiming w x h pixels and an empty IDAT chunk (CRCs right). */
static size_t png_header(unsigned char *out, uint32_t w, uint32_t h)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    unsigned char ihdr[17] = { 'I', 'H', 'D', 'R' };
    for (int i = 0; i < 4; i++) {
        ihdr[4 + i] = (unsigned char)(w >> (24 - 8 * i));
        ihdr[8 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    ihdr[12] = 8;   /* bit depth */
    ihdr[13] = 2;   /* RGB */
    memcpy(out, sig, 8);
    out[8] = 0, out[9] = 0, out[10] = 0, out[11] = 13;
    memcpy(out + 12, ihdr, 17);
    uint32_t crc = (uint32_t)crc32(0, ihdr, 17);
    for (int i = 0; i < 4; i++)
        out[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
    static const unsigned char idat[4] = { 'I', 'D', 'A', 'T' };
    memset(out + 33, 0, 4);
    memcpy(out + 37, idat, 4);
    crc = (uint32_t)crc32(0, idat, 4);
    for (int i = 0; i < 4; i++)
        out[41 + i] = (unsigned char)(crc >> (24 - 8 * i));
    return 45;
}

/* How many rows from the top two RGB24 pictures of the same size have alike. */
static int rows_alike(const SDL_Surface *a, const SDL_Surface *b)
{
    int y = 0;
    while (y < a->h && memcmp((const Uint8 *)a->pixels + (size_t)y * (size_t)a->pitch,
                              (const Uint8 *)b->pixels + (size_t)y * (size_t)b->pitch,
                              (size_t)a->w * 3) == 0)
        y++;
    return y;
}

/*
** A photo cut short at many lengths. A PNG without its end is refused, with a message that says
** so. A JPEG is refused while its header or tables are cut; after that it shows what it has:
** a picture of the whole size whose rows down from the top are the real photo's, more of them
** the more of the file there is (the rest is filled in by libjpeg). Never a crash, a wrong size
** or a silent NULL.
*/
static void cut_short(const char *name, const char *data, size_t len, int jpeg)
{
    SDL_Surface *whole = picture_decode(data, len);
    assert_non_null(whole);
    int refused = 0, partial = 0, alike_before = 0;
    for (size_t cut = 0; cut < len; cut += len / 23 + 1) {
        SDL_ClearError();
        SDL_Surface *s = picture_decode(data, cut);
        if (!s) {
            const char *why = SDL_GetError();
            if (strncmp(why, jpeg ? "JPEG: " : "PNG: ", jpeg ? 6 : 5) != 0 &&
                strcmp(why, "neither a JPEG nor a PNG") != 0)
                fail_msg("%s cut at %zu: refused with the message \"%s\"", name, cut, why);
            /* Once a cut JPEG showed a picture, a longer cut must show one too. */
            assert_int_equal(partial, 0);
            refused++;
            continue;
        }
        if (!jpeg)
            fail_msg("%s cut at %zu of %zu bytes: a picture came back", name, cut, len);
        assert_int_equal(s->w, whole->w);
        assert_int_equal(s->h, whole->h);
        int alike = rows_alike(s, whole);
        if (alike < alike_before)
            fail_msg("%s cut at %zu: %d rows of the photo, fewer than a shorter cut's %d", name,
                     cut, alike, alike_before);
        alike_before = alike;
        partial++;
        SDL_FreeSurface(s);
    }
    assert_true(refused > 0);
    if (jpeg) {
        assert_true(partial > 0);
        /* The last cut lacks about a twentieth of the file: most of the photo is there. */
        assert_true(alike_before >= whole->h / 2);
    }
    SDL_FreeSurface(whole);
}

static void test_picture_refuses_hostile_input(void **state)
{
    unsigned char buf[64];
    (void)state;
    assert_null(picture_decode(NULL, 10));
    assert_null(picture_decode("hello, world", 12));
    assert_null(picture_decode("\xFF\xD8", 2));
    /* 60000 x 60000 pixels: refused from the header, before any pixel memory. */
    size_t n = png_header(buf, 60000, 60000);
    assert_null(picture_decode(buf, n));
    assert_non_null(strstr(SDL_GetError(), "too large"));
    /* A sane header and no image data. */
    n = png_header(buf, 16, 16);
    assert_null(picture_decode(buf, n));

    /* The sample photos cut short, at many lengths (see cut_short). */
    static const char *const photos[] = {
        "assets/sample-pack/shadowday/photos/matti.png",
        "assets/sample-pack/shadowday/photos/aino.jpg",
    };
    for (size_t i = 0; i < sizeof photos / sizeof photos[0]; i++) {
        size_t len = 0;
        char *data = tu_read_file(tu_source_path(photos[i]), &len);
        assert_non_null(data);
        cut_short(photos[i], data, len, i == 1);
        /* A JPEG whose header claims 65000 x 65000 (the SOF0 size bytes). */
        if (i == 1) {
            for (size_t k = 0; k + 9 < len; k++)
                if ((unsigned char)data[k] == 0xFF && (unsigned char)data[k + 1] == 0xC0) {
                    data[k + 5] = (char)0xFD, data[k + 6] = (char)0xE8;
                    data[k + 7] = (char)0xFD, data[k + 8] = (char)0xE8;
                    break;
                }
            assert_null(picture_decode(data, len));
            assert_non_null(strstr(SDL_GetError(), "too large"));
        }
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_picture_decodes_the_sample_photos),
        cmocka_unit_test(test_picture_png_round_trip),
        cmocka_unit_test(test_picture_refuses_hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
