/*
** charset.h - turning what spreadsheets save into UTF-8 without a byte order mark.
**
** Excel's "CSV UTF-8" starts with a BOM; its plain "CSV" on Finnish Windows is Windows-1252.
** Both are accepted: the BOM is dropped, Windows-1252 is converted with iconv. Anything else
** (UTF-16 "Unicode text", binary files, other encodings) is refused, and the caller shows the
** plain message charset_refusal() gives for the kind. Used by the day pack reader.
** Must not depend on SQLite or SDL.
*/
#ifndef SD_CHARSET_H
#define SD_CHARSET_H

#include <stddef.h>

enum charset_kind {
    CHARSET_UTF8 = 0,       /* UTF-8, with or without a BOM: accepted */
    CHARSET_CP1252,         /* Windows-1252: accepted, converted */
    CHARSET_UTF16,          /* UTF-16 or UTF-32 (a BOM, or NUL bytes between letters): refused */
    CHARSET_BINARY,         /* NUL or control bytes: not a text file at all: refused */
    CHARSET_UNKNOWN         /* neither UTF-8 nor Windows-1252: refused */
};

#define CHARSET_UTF8_BOM "\xEF\xBB\xBF"

/*
** Convert the len bytes of in to UTF-8 without a BOM. SD_OK: *out is malloc'd with a NUL after
** *out_len bytes, and *kind is CHARSET_UTF8 or CHARSET_CP1252. SD_EINVAL: refused, *out is NULL
** and *kind says why. SD_ENOMEM. The output is valid UTF-8 but may still hold control characters
** (the CSV reader refuses those with a line number).
*/
int charset_to_utf8(const unsigned char *in, size_t len, unsigned char **out, size_t *out_len,
                    int *kind);

/* What kind in is, without converting (the same rules as charset_to_utf8). */
int charset_detect(const unsigned char *in, size_t len);

/* The translated message for a refused kind: what is wrong and how to save the file instead. */
const char *charset_refusal(int kind);

#endif
