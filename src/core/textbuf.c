/*
** textbuf.c - a growing text buffer whose first failure sticks (see textbuf.h).
** Must not depend on SDL.
*/
#include "textbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

int textbuf_append(struct textbuf *b, const char *s, size_t n)
{
    if (b->error)
        return b->error;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) {
            if (cap > SIZE_MAX / 2) {
                b->error = SD_ENOMEM;
                return b->error;
            }
            cap *= 2;
        }
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->error = SD_ENOMEM;
            return b->error;
        }
        b->data = grown;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SD_OK;
}

int textbuf_append_str(struct textbuf *b, const char *s)
{
    return textbuf_append(b, s, strlen(s));
}

int textbuf_printf(struct textbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (!b->error)
            b->error = SD_EINVAL;
        return b->error;
    }
    if ((size_t)n < sizeof small)
        return textbuf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        if (!b->error)
            b->error = SD_ENOMEM;
        return b->error;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    textbuf_append(b, big, (size_t)n);
    free(big);
    return b->error;
}

void textbuf_free(struct textbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
