/*
** utf8.h - strict UTF-8 validation and decoding for text that comes from outside (USB sticks).
**
** Strict means what RFC 3629 allows and nothing more: no overlong forms, no surrogates, nothing
** above U+10FFFF. Used by the charset detection, the CSV reader and the day pack's checks.
** Must not depend on anything but the C library.
*/
#ifndef SD_UTF8_H
#define SD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
** Decode one character from s (n bytes available) into *cp. Returns its length in bytes (1-4),
** or 0 when the bytes there are not a well-formed UTF-8 character (or n is 0).
*/
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Whether the n bytes of s are well-formed UTF-8. When not and bad_at is set, *bad_at is the
** offset of the first byte that is not. */
int utf8_is_valid(const unsigned char *s, size_t n, size_t *bad_at);

/* Characters (code points) in the NUL-terminated, well-formed string s. */
size_t utf8_length(const char *s);

/*
** The longest prefix of s that has at most max bytes and ends on a character boundary:
** returns its length in bytes. For cutting text into fixed buffers without splitting a letter.
*/
size_t utf8_prefix_bytes(const char *s, size_t len, size_t max);

/* Whether cp is a control character: C0 (below U+0020), DEL or C1 (U+0080-U+009F). */
int utf8_is_control(uint32_t cp);

/* Whether the NUL-terminated s is well-formed UTF-8 with no control character but tab and
** newline: what a record's free text or an export's field may hold. */
int utf8_is_clean_text(const char *s);

/* Whether s is an id as day packs write them and records carry them: ASCII letters, digits,
** '-', '_' and '.' (the empty string passes; callers that need one check for it). */
int utf8_is_id(const char *s);

#endif
