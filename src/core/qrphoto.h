/*
** qrphoto.h - the QR codes in a photo or a screenshot (JPEG or PNG), read with libzbar.
**
** `shadowday collect` takes phone photos of the kiosk's codes: any number of codes in one photo,
** taken at an angle, a little blurred, with noise and JPEG artefacts. The image is decoded to
** grey levels (libjpeg, libpng), its size checked before any pixel is allocated, and every QR
** code zbar finds is handed over as text. The photo is recognised by its bytes, not its name.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_QRPHOTO_H
#define SD_QRPHOTO_H

#include <stddef.h>

#define QRPHOTO_MAX_SIDE 20000                  /* pixels on a side */
#define QRPHOTO_MAX_PIXELS (64u << 20)          /* a 64-megapixel photo at most */
#define QRPHOTO_SCAN_PIXELS (16u << 20)         /* larger JPEGs are decoded at half size */

enum qrphoto_kind {
    QRPHOTO_NOT_IMAGE = 0,
    QRPHOTO_PNG,
    QRPHOTO_JPEG,
    QRPHOTO_OTHER,              /* an image format collect does not read (HEIC, GIF, WebP, ...) */
};

/* What data is, by its first bytes; *name says which format (e.g. "HEIC") for QRPHOTO_OTHER. */
int qrphoto_kind(const unsigned char *data, size_t len, const char **name);

/* Called with each code's text (len bytes, NUL after them); a non-zero return stops the scan. */
typedef int qrphoto_code_fn(void *arg, const char *text, size_t len);

/*
** Find every QR code in a JPEG or PNG photo of len bytes and call fn with each (*count of them).
** SD_OK (also with no code found), SD_EINVAL when the image cannot be decoded (err says why,
** translated), SD_ELIMIT when it is larger than the caps, SD_ENOMEM, or fn's non-zero result.
*/
int qrphoto_read(const unsigned char *data, size_t len, qrphoto_code_fn *fn, void *arg,
                 int *count, char *err, size_t err_size);

#endif
