/*
** utf8.c - strict UTF-8 decoding (RFC 3629), validation and safe cutting.
**
** Hostile bytes are the normal case here: every check looks at the bytes available and never
** reads past n. Must not depend on anything but the C library.
*/
#include "utf8.h"

#include <string.h>

/* The shortest encoding of each length starts at these code points (overlong forms are refused). */
static const uint32_t utf8_min_for_length[5] = { 0, 0, 0x80, 0x800, 0x10000 };

int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    int len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2;
        v = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        v = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (n < (size_t)len)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < utf8_min_for_length[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

int utf8_is_valid(const unsigned char *s, size_t n, size_t *bad_at)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        if (s[i] < 0x80) {      /* the common case, without a call */
            i++;
            continue;
        }
        int len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            if (bad_at)
                *bad_at = i;
            return 0;
        }
        i += (size_t)len;
    }
    return 1;
}

size_t utf8_length(const char *s)
{
    size_t count = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            count++;
    return count;
}

size_t utf8_prefix_bytes(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t cut = max;
    /* Step back over continuation bytes to the start of the letter that would be split. */
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return cut;
}

int utf8_is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

int utf8_is_clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left > 0) {
        uint32_t cp;
        int n = utf8_decode(p, left, &cp);
        if (n == 0 || (utf8_is_control(cp) && cp != '\t' && cp != '\n'))
            return 0;
        p += n;
        left -= (size_t)n;
    }
    return 1;
}

int utf8_is_id(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}
