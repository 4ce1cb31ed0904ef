/*
** text.c - font loading (SDL_ttf) and the rendered-text texture cache.
**
** Fonts are opened lazily per pixel size and kept; sizes are few because ui.c asks for sizes
** derived from the display's millimetres. The three font files are mapped into memory once and
** every size is opened from the mapping: opened from the file, each size read its tables and
** glyphs again in thousands of small seek+read calls (docs/performance.md). The cache is a fixed array searched linearly by a hash
** first: a screen draws well under a hundred strings, so this costs microseconds and needs no
** allocation after start. Must not be used before SDL_Init and TTF_Init.
*/
#include "text.h"

#include <SDL_ttf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

enum {
    TEXT_MAX_OPEN_FONTS = 48,
    TEXT_CACHE_SIZE = 384,
    TEXT_KEY_MAX = 256,         /* longer strings are rendered uncached */
    TEXT_MEASURE_CACHE = 1024,  /* widths of strings (ui.c wraps by measuring each prefix) */
    TEXT_MEASURE_KEY_MAX = 120
};

/* Where Debian's packages install the three fonts (fonts/README.md). */
static const struct {
    const char *file;
    const char *debian_dir;
} text_font_files[TEXT_STYLE_COUNT] = {
    [TEXT_REGULAR] = { "NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto" },
    [TEXT_BOLD] = { "NotoSans-Bold.ttf", "/usr/share/fonts/truetype/noto" },
    [TEXT_ICON] = { "MaterialIcons-Regular.ttf",
                    "/usr/share/fonts/truetype/material-design-icons-iconfont" },
};

struct text_open_font {
    int style, px;
    TTF_Font *font;
};

/* A measured width: the same string at the same size measures the same every frame, and shaping
** it again (HarfBuzz) was a sixth of a frame's time. Direct-mapped by hash; a clash replaces. */
struct text_measure_entry {
    unsigned hash;
    int style, px, w, h;
    char key[TEXT_MEASURE_KEY_MAX];     /* "" = empty slot */
};

struct text_cache_entry {
    unsigned hash;
    int style, px;
    SDL_Color fg;
    char key[TEXT_KEY_MAX];
    SDL_Texture *texture;
    int w, h;
    unsigned long last_used;
};

struct text_font_file {
    void *data;                 /* the whole file, mapped read-only; NULL: not mapped */
    size_t len;
};

static struct {
    char paths[TEXT_STYLE_COUNT][512];
    struct text_font_file files[TEXT_STYLE_COUNT];
    char error[800];
    struct text_open_font fonts[TEXT_MAX_OPEN_FONTS];
    int font_count;
    struct text_cache_entry cache[TEXT_CACHE_SIZE];
    struct text_measure_entry measured[TEXT_MEASURE_CACHE];
    SDL_Renderer *cache_renderer;
    SDL_Texture *uncached;      /* the last texture of a string too long for the cache */
    unsigned long clock, lookups, misses;
} text;

/* Map a font file; 0 when it is missing, not a regular file or empty. */
static int text_map_file(const char *path, struct text_font_file *f)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    void *data = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= INT32_MAX)
        data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED)
        return 0;
    f->data = data;
    f->len = (size_t)st.st_size;
    return 1;
}

static void text_unmap_files(void)
{
    for (int i = 0; i < TEXT_STYLE_COUNT; i++) {
        if (text.files[i].data)
            munmap(text.files[i].data, text.files[i].len);
        text.files[i].data = NULL;
        text.files[i].len = 0;
    }
}

int text_init(const char *font_dir)
{
    text_unmap_files();
    for (int i = 0; i < TEXT_STYLE_COUNT; i++) {
        const char *dir = font_dir ? font_dir : text_font_files[i].debian_dir;
        snprintf(text.paths[i], sizeof text.paths[i], "%s/%s", dir, text_font_files[i].file);
        if (!text_map_file(text.paths[i], &text.files[i])) {
            text_unmap_files();
            snprintf(text.error, sizeof text.error,
                     "font file %s is missing (Debian packages fonts-noto-core and "
                     "fonts-material-design-icons-iconfont install it)", text.paths[i]);
            return SD_ENOTFOUND;
        }
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(text.error, sizeof text.error, "TTF_Init failed: %s", TTF_GetError());
        return SD_ERR;
    }
    return SD_OK;
}

void text_quit(void)
{
    text_cache_clear();
    for (int i = 0; i < TEXT_MEASURE_CACHE; i++)
        text.measured[i].key[0] = '\0';
    for (int i = 0; i < text.font_count; i++)
        TTF_CloseFont(text.fonts[i].font);
    text.font_count = 0;
    text_unmap_files();
}

const char *text_error(void) { return text.error; }

const char *text_font_path(int style)
{
    return style >= 0 && style < TEXT_STYLE_COUNT ? text.paths[style] : "";
}

static TTF_Font *text_font(int style, int px)
{
    if (px < 4)
        px = 4;
    for (int i = 0; i < text.font_count; i++)
        if (text.fonts[i].style == style && text.fonts[i].px == px)
            return text.fonts[i].font;
    if (text.font_count == TEXT_MAX_OPEN_FONTS) {
        /* Sizes come from a handful of layout rules; running out means a bug, not a user. */
        TTF_CloseFont(text.fonts[0].font);
        memmove(text.fonts, text.fonts + 1, sizeof text.fonts[0] * (TEXT_MAX_OPEN_FONTS - 1));
        text.font_count--;
    }
    const struct text_font_file *file = &text.files[style];
    SDL_RWops *rw = file->data ? SDL_RWFromConstMem(file->data, (int)file->len) : NULL;
    TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!f) {
        snprintf(text.error, sizeof text.error, "cannot open %s: %s", text.paths[style], TTF_GetError());
        return NULL;
    }
    /* No hinting: FreeType's TrueType bytecode interpreter was most of a screen's first frame
    ** (10 ms of Start's 15, docs/performance.md), and at the kiosk's sizes (16 px and up, always
    ** anti-aliased) the unhinted glyphs look the same. */
    TTF_SetFontHinting(f, TTF_HINTING_NONE);
    text.fonts[text.font_count++] = (struct text_open_font){ style, px, f };
    return f;
}

static unsigned text_hash(int style, int px, SDL_Color fg, const char *s);

int text_measure(int style, int px, const char *s, int *w, int *h)
{
    TTF_Font *f = text_font(style, px);
    *w = 0;
    *h = f ? TTF_FontLineSkip(f) : 0;
    if (!f)
        return -1;
    if (!s || !*s)
        return 0;
    struct text_measure_entry *e = NULL;
    unsigned hash = 0;
    if (strlen(s) < TEXT_MEASURE_KEY_MAX) {
        hash = text_hash(style, px, (SDL_Color){ 0, 0, 0, 0 }, s);
        e = &text.measured[hash % TEXT_MEASURE_CACHE];
        if (e->key[0] && e->hash == hash && e->style == style && e->px == px &&
            strcmp(e->key, s) == 0) {
            *w = e->w;
            *h = e->h;
            return 0;
        }
    }
    if (TTF_SizeUTF8(f, s, w, h) != 0)
        return -1;
    if (e) {
        e->hash = hash;
        e->style = style;
        e->px = px;
        e->w = *w;
        e->h = *h;
        snprintf(e->key, sizeof e->key, "%s", s);
    }
    return 0;
}

int text_line_height(int style, int px)
{
    TTF_Font *f = text_font(style, px);
    return f ? TTF_FontLineSkip(f) : px;
}

static unsigned text_hash(int style, int px, SDL_Color fg, const char *s)
{
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    h = (h ^ (unsigned)style) * 16777619u;
    h = (h ^ (unsigned)px) * 16777619u;
    h = (h ^ ((unsigned)fg.r << 16 | (unsigned)fg.g << 8 | fg.b)) * 16777619u;
    return h;
}

static SDL_Texture *text_render(SDL_Renderer *r, int style, int px, SDL_Color fg, const char *s,
                                int *w, int *h)
{
    TTF_Font *f = text_font(style, px);
    if (!f)
        return NULL;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, fg);
    if (!surf)
        return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, surf);
    *w = surf->w;
    *h = surf->h;
    SDL_FreeSurface(surf);
    return t;
}

SDL_Texture *text_texture(SDL_Renderer *r, int style, int px, SDL_Color fg, const char *s,
                          int *w, int *h)
{
    *w = *h = 0;
    if (!s || !*s)
        return NULL;
    if (text.cache_renderer != r) {
        text_cache_clear();
        text.cache_renderer = r;
    }
    text.lookups++;
    text.clock++;
    if (strlen(s) >= TEXT_KEY_MAX) {
        text.misses++;
        if (text.uncached)
            SDL_DestroyTexture(text.uncached);
        text.uncached = text_render(r, style, px, fg, s, w, h);
        return text.uncached;
    }
    unsigned hash = text_hash(style, px, fg, s);
    struct text_cache_entry *victim = &text.cache[0];
    for (int i = 0; i < TEXT_CACHE_SIZE; i++) {
        struct text_cache_entry *e = &text.cache[i];
        if (e->texture && e->hash == hash && e->style == style && e->px == px &&
            e->fg.r == fg.r && e->fg.g == fg.g && e->fg.b == fg.b && e->fg.a == fg.a &&
            strcmp(e->key, s) == 0) {
            e->last_used = text.clock;
            *w = e->w;
            *h = e->h;
            return e->texture;
        }
        if (!e->texture || (victim->texture && e->last_used < victim->last_used))
            victim = e;
    }
    text.misses++;
    if (victim->texture)
        SDL_DestroyTexture(victim->texture);
    memset(victim, 0, sizeof *victim);
    victim->texture = text_render(r, style, px, fg, s, &victim->w, &victim->h);
    if (!victim->texture)
        return NULL;
    victim->hash = hash;
    victim->style = style;
    victim->px = px;
    victim->fg = fg;
    snprintf(victim->key, sizeof victim->key, "%s", s);
    victim->last_used = text.clock;
    *w = victim->w;
    *h = victim->h;
    return victim->texture;
}

void text_cache_clear(void)
{
    for (int i = 0; i < TEXT_CACHE_SIZE; i++) {
        if (text.cache[i].texture)
            SDL_DestroyTexture(text.cache[i].texture);
        text.cache[i].texture = NULL;
    }
    if (text.uncached)
        SDL_DestroyTexture(text.uncached);
    text.uncached = NULL;
    text.cache_renderer = NULL;
}

void text_cache_stats(unsigned long *lookups, unsigned long *misses)
{
    *lookups = text.lookups;
    *misses = text.misses;
}

const char *text_icon_utf8(unsigned cp, char buf[5])
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        buf[1] = 0;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        buf[2] = 0;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        buf[3] = 0;
    } else {
        buf[0] = (char)(0xF0 | (cp >> 18));
        buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (cp & 0x3F));
        buf[4] = 0;
    }
    return buf;
}
