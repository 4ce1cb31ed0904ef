/*
** uuid.c - version 4 UUIDs: 122 random bits (libsodium's generator, or BLAKE2b keyed with the
** kiosk's key over the sequence number), version and variant bits set.
** Must not depend on SQLite or SDL.
*/
#include "uuid.h"

#include <sodium.h>
#include <string.h>

#include "err.h"

/* 16 bytes as a version 4 UUID's text (b is changed: the version and variant bits). */
static void uuid_format_v4(unsigned char b[16], char out[UUID_TEXT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4: random */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10: RFC 4122 */
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0f];
    }
    out[o] = '\0';
}

int uuid_make_v4(char out[UUID_TEXT_SIZE])
{
    unsigned char b[16];
    out[0] = '\0';
    if (sodium_init() < 0)
        return SD_ERR;
    randombytes_buf(b, sizeof b);
    uuid_format_v4(b, out);
    sodium_memzero(b, sizeof b);
    return SD_OK;
}

void uuid_make_keyed(const unsigned char key[UUID_KEY_BYTES], int64_t seq, char out[UUID_TEXT_SIZE])
{
    /* The message names its purpose, so the key could never give the same bytes elsewhere. */
    static const char purpose[] = "shadowday record uuid";
    unsigned char msg[sizeof purpose + 8], b[16];
    uint64_t v = (uint64_t)seq;
    memcpy(msg, purpose, sizeof purpose);
    for (int i = 0; i < 8; i++)
        msg[sizeof purpose + (size_t)i] = (unsigned char)(v >> (8 * i));
    crypto_generichash(b, sizeof b, msg, sizeof msg, key, UUID_KEY_BYTES);
    uuid_format_v4(b, out);
}

int uuid_is_well_formed(const char *text)
{
    if (!text || strlen(text) != UUID_TEXT_SIZE - 1)
        return 0;
    for (int i = 0; i < UUID_TEXT_SIZE - 1; i++) {
        char c = text[i];
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return 0;
    }
    return 1;
}
