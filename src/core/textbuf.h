/*
** textbuf.h - a growing text buffer whose first failure sticks, for the writers that build a
** whole file in memory before it is written durably (CSV, JSON, the HTML report, pack copies).
**
** Callers append without checking each step and look at `error` once at the end, so an
** out-of-memory half way never yields a truncated file. Must not depend on SDL.
*/
#ifndef SD_TEXTBUF_H
#define SD_TEXTBUF_H
#include <stddef.h>

struct textbuf {
    char *data;                 /* NUL-terminated while error is SD_OK */
    size_t len, cap;
    int error;                  /* SD_OK, or the first failure (SD_ENOMEM) */
};

/* Append n bytes; returns b->error. An empty buffer starts at 4 KiB and doubles. */
int textbuf_append(struct textbuf *b, const char *s, size_t n);
int textbuf_append_str(struct textbuf *b, const char *s);
/* printf-style append. */
int textbuf_printf(struct textbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Release the memory and reset the buffer to empty. */
void textbuf_free(struct textbuf *b);
#endif
