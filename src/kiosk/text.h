/*
** text.h - fonts and rendered text: Noto Sans for words, Material Icons for pictograms.
**
** Fonts come from Debian's packages (fonts/README.md says which files and where). Rendered
** strings are kept as textures in a small least-recently-used cache, so a screen that is redrawn
** for a clock tick renders no glyphs again. Used only by ui.c and the screens' drawing code.
*/
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <SDL.h>

enum text_style { TEXT_REGULAR = 0, TEXT_BOLD = 1, TEXT_ICON = 2, TEXT_STYLE_COUNT };

/* Find and check the font files (font_dir: a folder holding all three, or NULL for Debian's
** paths). On failure returns a negative SD_E* code and text_error() says which file is missing. */
int text_init(const char *font_dir);
void text_quit(void);
const char *text_error(void);
/* The paths actually used, for the self-check screen. */
const char *text_font_path(int style);

/* Size of s in pixels at px. Returns 0, or -1 when the font cannot be opened. */
int text_measure(int style, int px, const char *s, int *w, int *h);
/* Line height (ascent + descent + gap) at px. */
int text_line_height(int style, int px);

/* A texture of s drawn in fg, from the cache; w/h get its size. NULL for an empty string. The
** texture belongs to the cache: do not destroy it; it stays valid until the next text_ call
** that may evict (so draw it at once). */
SDL_Texture *text_texture(SDL_Renderer *r, int style, int px, SDL_Color fg, const char *s,
                          int *w, int *h);
/* Drop every cached texture (when the renderer is recreated). */
void text_cache_clear(void);
/* Cache statistics for the benchmark: lookups and misses since start. */
void text_cache_stats(unsigned long *lookups, unsigned long *misses);

/* UTF-8 of one Material Icons code point into buf (at least 5 bytes); returns buf. */
const char *text_icon_utf8(unsigned codepoint, char buf[5]);

#endif
