/*
** qrcode.h - text into a QR code module matrix (libqrencode, error correction level M).
**
** Returns plain data, no pixels: the kiosk draws the matrix with its own renderer (a quiet zone
** of 4 modules and a whole number of pixels per module), tests read it directly. The text is
** case-sensitive; libqrencode picks the modes itself, so text of the alphanumeric set only
** (Base45, qrparts.c) is stored in alphanumeric mode. Must not depend on SQLite or SDL.
*/
#ifndef SD_QRCODE_H
#define SD_QRCODE_H

#define QRCODE_MIN_VERSION 1
#define QRCODE_MAX_VERSION 40
#define QRCODE_QUIET_ZONE 4     /* light modules a reader needs around the symbol */

struct qrcode {
    int version;                /* 1..40, the smallest that holds the text */
    int width;                  /* modules per side: 17 + 4 * version */
    unsigned char *modules;     /* width * width, row by row; 1 = dark, 0 = light */
};

/*
** Encode text (UTF-8, NUL-terminated, not empty) at level M into *out, using the smallest
** version that holds it. SD_ELIMIT when it needs more than max_version (1..40), SD_EINVAL for
** an empty text or a bad max_version, SD_ENOMEM. On failure *out is zeroed.
*/
int qrcode_encode(const char *text, int max_version, struct qrcode *out);
/* The same for text people read (plan, calendar, contact): one 8-bit segment marked UTF-8 (ECI
** 26) when it is not plain ASCII, so phone readers do not guess another character set. */
int qrcode_encode_utf8(const char *text, int max_version, struct qrcode *out);
void qrcode_free(struct qrcode *qr);

/* Whether the module at column x, row y is dark; outside the symbol (the quiet zone) is light. */
int qrcode_is_dark(const struct qrcode *qr, int x, int y);

#endif
