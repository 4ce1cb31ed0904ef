/*
** base45.c - Base45 (RFC 9285) encoding and strict decoding.
**
** A pair of bytes is the number n = a * 256 + b, written as three digits of base 45, least
** significant first; a single last byte is written as two digits. The alphabet is the QR code
** alphanumeric set in its own order. Must not depend on SQLite or SDL.
*/
#include "base45.h"

#include "err.h"

static const char base45_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* The value of a character, or -1 when it is not in the alphabet. */
static int base45_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    for (int i = 36; i < 45; i++)
        if (base45_alphabet[i] == c)
            return i;
    return -1;
}

int base45_is_char(int c)
{
    return base45_value(c) >= 0;
}

size_t base45_encoded_len(size_t n)
{
    return n / 2 * 3 + (n % 2) * 2;
}

size_t base45_decoded_len(size_t len)
{
    return len / 3 * 2 + (len % 3 == 2 ? 1 : 0);
}

int base45_encode(const unsigned char *in, size_t n, char *out, size_t out_size)
{
    size_t need = base45_encoded_len(n);
    if (need < n || out_size < need + 1)
        return SD_ELIMIT;
    char *o = out;
    size_t i = 0;
    for (; i + 1 < n; i += 2) {
        unsigned v = (unsigned)in[i] * 256u + in[i + 1];
        *o++ = base45_alphabet[v % 45];
        *o++ = base45_alphabet[v / 45 % 45];
        *o++ = base45_alphabet[v / (45 * 45)];
    }
    if (i < n) {
        unsigned v = in[i];
        *o++ = base45_alphabet[v % 45];
        *o++ = base45_alphabet[v / 45];
    }
    *o = '\0';
    return SD_OK;
}

int base45_decode(const char *in, size_t len, unsigned char *out, size_t out_size,
                  size_t *out_len)
{
    if (len % 3 == 1)
        return SD_EINVAL;
    /* Check everything before writing, so out is untouched on failure. */
    for (size_t i = 0; i < len; i += 3) {
        size_t group = len - i >= 3 ? 3 : 2;
        unsigned long v = 0, scale = 1;
        for (size_t k = 0; k < group; k++) {
            int d = base45_value((unsigned char)in[i + k]);
            if (d < 0)
                return SD_EINVAL;
            v += (unsigned long)d * scale;
            scale *= 45;
        }
        if (v > (group == 3 ? 65535ul : 255ul))
            return SD_EINVAL;
    }
    size_t need = base45_decoded_len(len);
    if (out_size < need)
        return SD_ELIMIT;
    unsigned char *o = out;
    for (size_t i = 0; i < len; i += 3) {
        size_t group = len - i >= 3 ? 3 : 2;
        unsigned long v = 0, scale = 1;
        for (size_t k = 0; k < group; k++) {
            v += (unsigned long)base45_value((unsigned char)in[i + k]) * scale;
            scale *= 45;
        }
        if (group == 3) {
            *o++ = (unsigned char)(v >> 8);
            *o++ = (unsigned char)(v & 0xff);
        } else {
            *o++ = (unsigned char)v;
        }
    }
    *out_len = need;
    return SD_OK;
}
