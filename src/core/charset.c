/*
** charset.c - BOM stripping, Windows-1252 detection and conversion (iconv), refusal of the rest.
**
** Detection order: a UTF-16/32 BOM or NUL bytes mean a wide or binary file; valid UTF-8 is taken
** as it is; otherwise the bytes must look like Windows-1252 text (no control bytes, no bytes that
** code page leaves undefined, letters not mostly above 127) and convert with iconv. Latin-1 and
** Windows-1252 agree on every letter a Finnish, Swedish or English file has, so one rule covers
** both. Must not depend on SQLite or SDL.
*/
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "utf8.h"

/* A Finnish text has a few ä/ö per line; a file where a third of the bytes are above 127 is not
** text in a Latin code page. */
enum { CHARSET_MAX_HIGH_PERCENT = 33 };

static int charset_has_prefix(const unsigned char *in, size_t len, const char *prefix, size_t n)
{
    return len >= n && memcmp(in, prefix, n) == 0;
}

/* UTF-16 text without a BOM: ASCII letters with a NUL beside each (in the first bytes). */
static int charset_looks_wide(const unsigned char *in, size_t len)
{
    size_t n = len < 256 ? len : 256;
    size_t even_nul = 0, odd_nul = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == 0) {
            if (i % 2 == 0)
                even_nul++;
            else
                odd_nul++;
        }
    }
    /* Most characters of a CSV header are ASCII: half of the bytes are NUL, all on one side. */
    return n >= 4 && (even_nul * 2 >= n / 2 || odd_nul * 2 >= n / 2) && (even_nul == 0 || odd_nul == 0);
}

/* CHARSET_CP1252 when the bytes can be Windows-1252 text, else why not. */
static int charset_judge_cp1252(const unsigned char *in, size_t len)
{
    size_t high = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = in[i];
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F)
            return CHARSET_BINARY;
        if (c >= 0x80)
            high++;
    }
    return high * 100 <= len * CHARSET_MAX_HIGH_PERCENT ? CHARSET_CP1252 : CHARSET_UNKNOWN;
}

int charset_detect(const unsigned char *in, size_t len)
{
    if (charset_has_prefix(in, len, "\xFF\xFE\x00\x00", 4) ||
        charset_has_prefix(in, len, "\x00\x00\xFE\xFF", 4) ||
        charset_has_prefix(in, len, "\xFF\xFE", 2) || charset_has_prefix(in, len, "\xFE\xFF", 2))
        return CHARSET_UTF16;
    /* A spreadsheet saved as .xlsx or .ods (a ZIP) under a .csv name. */
    if (charset_has_prefix(in, len, "PK\x03\x04", 4))
        return CHARSET_BINARY;
    if (memchr(in, 0, len))
        return charset_looks_wide(in, len) ? CHARSET_UTF16 : CHARSET_BINARY;
    if (charset_has_prefix(in, len, CHARSET_UTF8_BOM, 3))
        return utf8_is_valid(in + 3, len - 3, NULL) ? CHARSET_UTF8 : CHARSET_UNKNOWN;
    if (utf8_is_valid(in, len, NULL))
        return CHARSET_UTF8;
    return charset_judge_cp1252(in, len);
}

/* Windows-1252 to UTF-8 with iconv; SD_EINVAL when a byte is undefined in that code page. */
static int charset_from_cp1252(const unsigned char *in, size_t len, unsigned char **out,
                               size_t *out_len)
{
    int rc = SD_OK;
    size_t cap = len * 3 + 1; /* the widest Windows-1252 letter (the euro sign) is 3 bytes */
    unsigned char *buf = malloc(cap);
    if (!buf)
        return SD_ENOMEM;
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1) {
        free(buf);
        return SD_ERR;
    }
    char *ip = (char *)in, *op = (char *)buf;
    size_t ileft = len, oleft = cap - 1;
    if (iconv(cd, &ip, &ileft, &op, &oleft) == (size_t)-1)
        rc = errno == E2BIG ? SD_ERR : SD_EINVAL;
    iconv_close(cd);
    if (rc != SD_OK) {
        free(buf);
        return rc;
    }
    *out_len = (size_t)(op - (char *)buf);
    buf[*out_len] = '\0';
    *out = buf;
    return SD_OK;
}

int charset_to_utf8(const unsigned char *in, size_t len, unsigned char **out, size_t *out_len,
                    int *kind)
{
    *out = NULL;
    *out_len = 0;
    *kind = charset_detect(in, len);
    if (*kind == CHARSET_CP1252) {
        int rc = charset_from_cp1252(in, len, out, out_len);
        if (rc == SD_EINVAL)
            *kind = CHARSET_UNKNOWN;
        return rc;
    }
    if (*kind != CHARSET_UTF8)
        return SD_EINVAL;
    size_t skip = charset_has_prefix(in, len, CHARSET_UTF8_BOM, 3) ? 3 : 0;
    unsigned char *buf = malloc(len - skip + 1);
    if (!buf)
        return SD_ENOMEM;
    if (len > skip)
        memcpy(buf, in + skip, len - skip);
    buf[len - skip] = '\0';
    *out = buf;
    *out_len = len - skip;
    return SD_OK;
}

const char *charset_refusal(int kind)
{
    static const char *const messages[] = {
        [CHARSET_UTF16] = N_("the file is saved as UTF-16 (\"Unicode text\") — save it again as "
                             "\"CSV UTF-8\""),
        [CHARSET_BINARY] = N_("this is not a text file — save the sheet as \"CSV UTF-8\" with "
                              "this name"),
        [CHARSET_UNKNOWN] = N_("the letters of this file are in an unknown encoding — save it "
                               "again as \"CSV UTF-8\""),
    };
    if (kind < CHARSET_UTF16 || kind > CHARSET_UNKNOWN)
        return "";
    return _(messages[kind]);
}
