/*
** uuid.c - version 4 UUIDs: 122 random bits from libsodium, version and variant bits set.
** Must not depend on SQLite or SDL.
*/
#include "uuid.h"

#include <sodium.h>
#include <string.h>

#include "err.h"

int uuid_make_v4(char out[UUID_TEXT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    size_t o = 0;
    out[0] = '\0';
    if (sodium_init() < 0)
        return SD_ERR;
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4: random */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10: RFC 4122 */
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0f];
    }
    out[o] = '\0';
    sodium_memzero(b, sizeof b);
    return SD_OK;
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
