/*
** qrcode.c - QR code module matrices from libqrencode.
**
** libqrencode's own symbol keeps other bits beside "dark" in each byte (function patterns,
** ...); only bit 0 is copied out, so callers never see the library's types. QRcode_encodeString
** with version 0 picks the smallest version; larger than max_version is refused afterwards.
** Must not depend on SQLite or SDL.
*/
#include "qrcode.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static int qrcode_take(QRcode *code, int max_version, struct qrcode *out);

int qrcode_encode(const char *text, int max_version, struct qrcode *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text || max_version < QRCODE_MIN_VERSION || max_version > QRCODE_MAX_VERSION)
        return SD_EINVAL;
    errno = 0;
    return qrcode_take(QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1), max_version, out);
}

/*
** Readers guess the character set of each 8-bit segment on its own, and a short one such as
** the "ä" between two runs of letters is often taken for Shift JIS. So text for people is one
** 8-bit segment, after an ECI designator 26 (UTF-8) when it has any byte above ASCII.
*/
int qrcode_encode_utf8(const char *text, int max_version, struct qrcode *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text || max_version < QRCODE_MIN_VERSION || max_version > QRCODE_MAX_VERSION)
        return SD_EINVAL;
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        ascii &= *p < 0x80;
    errno = 0;
    QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
    if (!in)
        return SD_ENOMEM;
    QRcode *code = NULL;
    if ((ascii || QRinput_appendECIheader(in, 26) == 0) &&
        QRinput_append(in, QR_MODE_8, (int)strlen(text), (const unsigned char *)text) == 0)
        code = QRcode_encodeInput(in);
    QRinput_free(in);
    return qrcode_take(code, max_version, out);
}

/* Copy libqrencode's symbol (NULL: it failed, errno says why) into out and free it. */
static int qrcode_take(QRcode *code, int max_version, struct qrcode *out)
{
    if (!code)
        return errno == ENOMEM ? SD_ENOMEM : errno == ERANGE ? SD_ELIMIT : SD_EINVAL;
    int rc = SD_OK;
    if (code->version > max_version) {
        rc = SD_ELIMIT;
        goto done;
    }
    size_t n = (size_t)code->width * (size_t)code->width;
    out->modules = malloc(n);
    if (!out->modules) {
        rc = SD_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        out->modules[i] = code->data[i] & 1u;
    out->version = code->version;
    out->width = code->width;
done:
    QRcode_free(code);
    return rc;
}

void qrcode_free(struct qrcode *qr)
{
    if (!qr)
        return;
    free(qr->modules);
    memset(qr, 0, sizeof *qr);
}

int qrcode_is_dark(const struct qrcode *qr, int x, int y)
{
    if (!qr->modules || x < 0 || y < 0 || x >= qr->width || y >= qr->width)
        return 0;
    return qr->modules[(size_t)y * (size_t)qr->width + (size_t)x];
}
