/*
** base45.h - Base45 (RFC 9285): bytes as text of the QR code alphanumeric set.
**
** Two bytes become three characters of "0-9A-Z $%*+-./:", so a QR code holds them in its
** alphanumeric mode (5.5 bits a character) instead of byte mode. Used for the export QR codes
** (qrparts.c) and read back by `shadowday collect` from text a phone scanned, so decoding is
** strict: any character outside the set, a length that leaves one character over, or a group
** worth more than its bytes can hold is refused. Must not depend on SQLite or SDL.
*/
#ifndef SD_BASE45_H
#define SD_BASE45_H

#include <stddef.h>

/* Characters base45_encode writes for n bytes (without the NUL). */
size_t base45_encoded_len(size_t n);
/* Bytes a text of len characters decodes to at most (exactly, when it is valid). */
size_t base45_decoded_len(size_t len);

/* Encode n bytes into out, NUL-terminated. SD_ELIMIT when out_size < encoded_len(n) + 1. */
int base45_encode(const unsigned char *in, size_t n, char *out, size_t out_size);

/*
** Decode len characters of in into out; *out_len is the number of bytes. SD_EINVAL for a
** character outside the set, len % 3 == 1, or a group above 65535 (three characters) or 255
** (a final two); SD_ELIMIT when out_size is too small. out is untouched on failure.
*/
int base45_decode(const char *in, size_t len, unsigned char *out, size_t out_size,
                  size_t *out_len);

/* Whether c belongs to the QR code alphanumeric set (which Base45 uses). */
int base45_is_char(int c);

#endif
