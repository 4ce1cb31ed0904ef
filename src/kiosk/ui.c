/*
** ui.c - immediate-mode widgets: drawing, tap detection, auto-fitting text, the frame log.
**
** Tap rule: a widget becomes active when the pointer goes down inside it (the last widget drawn
** there wins, so overlays beat what is under them) and fires when the pointer comes up inside
** it, allowing a little slop for a finger that rolls. Pointers that went down while
** accept_armed (what is on screen changed and is not shown yet) or before accept_after_ms (set
** when the change was shown) fire nothing: a double tap on "Yes" must not also press whatever
** the next screen has in the same place.
** Depends on SDL2 and text.h only.
*/
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "theme.h"

enum {
    UI_WRAP_MAX_LINES = 24,
    UI_SLOP_MM = 3,         /* a finger may roll this far off a button and still press it */
};

/* ---------------------------------------------------------------- rectangles */

SDL_Rect ui_cut_top(SDL_Rect *r, int h)
{
    if (h > r->h)
        h = r->h;
    SDL_Rect out = { r->x, r->y, r->w, h };
    r->y += h;
    r->h -= h;
    return out;
}

SDL_Rect ui_cut_bottom(SDL_Rect *r, int h)
{
    if (h > r->h)
        h = r->h;
    SDL_Rect out = { r->x, r->y + r->h - h, r->w, h };
    r->h -= h;
    return out;
}

SDL_Rect ui_cut_left(SDL_Rect *r, int w)
{
    if (w > r->w)
        w = r->w;
    SDL_Rect out = { r->x, r->y, w, r->h };
    r->x += w;
    r->w -= w;
    return out;
}

SDL_Rect ui_cut_right(SDL_Rect *r, int w)
{
    if (w > r->w)
        w = r->w;
    SDL_Rect out = { r->x + r->w - w, r->y, w, r->h };
    r->w -= w;
    return out;
}

SDL_Rect ui_inset(SDL_Rect r, int d)
{
    SDL_Rect out = { r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d };
    if (out.w < 0)
        out.w = 0;
    if (out.h < 0)
        out.h = 0;
    return out;
}

SDL_Rect ui_grid_cell(SDL_Rect r, int cols, int rows, int i, int gap)
{
    if (cols < 1)
        cols = 1;
    if (rows < 1)
        rows = 1;
    int cw = (r.w - gap * (cols - 1)) / cols;
    int ch = (r.h - gap * (rows - 1)) / rows;
    int c = i % cols, row = i / cols;
    SDL_Rect out = { r.x + c * (cw + gap), r.y + row * (ch + gap), cw, ch };
    return out;
}

SDL_Rect ui_center(SDL_Rect r, int w, int h)
{
    SDL_Rect out = { r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h };
    return out;
}

int ui_rect_contains(SDL_Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* ---------------------------------------------------------------- metrics and frames */

void ui_set_metrics(struct ui *ui, int w, int h, float px_per_mm)
{
    /* Glyph sizes in millimetres of the em square: body text is about 3.3 mm cap height. */
    static const float size_mm[UI_TEXT_SIZE_COUNT] = { 3.8f, 4.6f, 5.8f, 7.0f, 9.5f };
    ui->w = w;
    ui->h = h;
    ui->px_per_mm = px_per_mm;
    ui->target = (int)ceilf(THEME_TARGET_MM * px_per_mm);
    ui->gap = (int)ceilf(THEME_GAP_MM * px_per_mm);
    ui->pad = (int)ceilf(3.0f * px_per_mm);
    ui->radius = (int)ceilf(1.6f * px_per_mm);
    for (int i = 0; i < UI_TEXT_SIZE_COUNT; i++)
        ui->text_px[i] = (int)lroundf(size_mm[i] * px_per_mm);
    ui->min_text_px = (int)lroundf(THEME_MIN_TEXT_MM * px_per_mm);
    if (ui->min_text_px < THEME_MIN_TEXT_PX)
        ui->min_text_px = THEME_MIN_TEXT_PX;
}

void ui_begin(struct ui *ui)
{
    ui->log_count = 0;
    ui->serial = 0;
    ui->wake_ms = 0;
    if (!ui->dry) {
        SDL_SetRenderDrawColor(ui->r, THEME_BG.r, THEME_BG.g, THEME_BG.b, 255);
        SDL_RenderClear(ui->r);
    }
}

void ui_end(struct ui *ui)
{
    if (ui->pointer_up)
        ui->active = 0;
    ui->pointer_down = ui->pointer_up = 0;
}

void ui_free(struct ui *ui)
{
    free(ui->log);
    ui->log = NULL;
    ui->log_count = ui->log_cap = 0;
}

static struct ui_record *ui_log(struct ui *ui, int kind, SDL_Rect r, const char *text)
{
    if (ui->log_count == ui->log_cap) {
        int cap = ui->log_cap ? ui->log_cap * 2 : 128;
        struct ui_record *n = realloc(ui->log, sizeof *n * (size_t)cap);
        if (!n)
            return NULL;    /* the log is for tests; drawing goes on without it */
        ui->log = n;
        ui->log_cap = cap;
    }
    struct ui_record *rec = &ui->log[ui->log_count++];
    memset(rec, 0, sizeof *rec);
    rec->kind = kind;
    rec->rect = r;
    if (text)
        snprintf(rec->text, sizeof rec->text, "%s", text);
    return rec;
}

/* ---------------------------------------------------------------- shapes */

static void ui_set_color(struct ui *ui, SDL_Color c)
{
    /* Opaque colours are drawn without blending (same pixels): the software renderer then fills
       at memset speed instead of blending each pixel, which cost milliseconds a frame. */
    SDL_SetRenderDrawBlendMode(ui->r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ui->r, c.r, c.g, c.b, c.a);
}

/* Rounded shapes are drawn as rows of rectangles, batched into SDL_RenderFillRects calls: the
** software renderer fills a rectangle at memset speed, but SDL_RenderGeometry tests every pixel of
** each triangle's bounding box, and fans of triangles over large panels made a 1920x1080 frame take
** 10-30 ms (docs/performance.md). Rows never overlap, so translucent colours blend once. */
struct ui_spans {
    SDL_Rect r[64];
    int n;
};

static void ui_spans_add(struct ui *ui, struct ui_spans *s, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0)
        return;
    if (s->n == (int)(sizeof s->r / sizeof s->r[0])) {
        SDL_RenderFillRects(ui->r, s->r, s->n);
        s->n = 0;
    }
    s->r[s->n++] = (SDL_Rect){ x, y, w, h };
}

static void ui_spans_flush(struct ui *ui, struct ui_spans *s)
{
    if (s->n > 0)
        SDL_RenderFillRects(ui->r, s->r, s->n);
    s->n = 0;
}

/* How far row i (0 = the outermost) of a rounding of radius is indented. */
static int ui_round_inset(int radius, int i)
{
    float dy = (float)radius - (float)i - 0.5f;
    return radius - (int)lroundf(sqrtf((float)radius * (float)radius - dy * dy));
}

void ui_fill(struct ui *ui, SDL_Rect r, SDL_Color c, int radius)
{
    if (ui->dry || r.w <= 0 || r.h <= 0)
        return;
    if (radius * 2 > r.w)
        radius = r.w / 2;
    if (radius * 2 > r.h)
        radius = r.h / 2;
    ui_set_color(ui, c);
    if (radius <= 1) {
        SDL_RenderFillRect(ui->r, &r);
        return;
    }
    struct ui_spans s = { .n = 0 };
    for (int i = 0; i < radius; i++) {
        int dx = ui_round_inset(radius, i);
        ui_spans_add(ui, &s, r.x + dx, r.y + i, r.w - 2 * dx, 1);
        ui_spans_add(ui, &s, r.x + dx, r.y + r.h - 1 - i, r.w - 2 * dx, 1);
    }
    ui_spans_add(ui, &s, r.x, r.y + radius, r.w, r.h - 2 * radius);
    ui_spans_flush(ui, &s);
}

void ui_frame_rect(struct ui *ui, SDL_Rect r, SDL_Color c, int thickness, int radius)
{
    (void)radius;
    if (ui->dry)
        return;
    ui_set_color(ui, c);
    for (int i = 0; i < thickness; i++) {
        SDL_Rect e = { r.x + i, r.y + i, r.w - 2 * i, r.h - 2 * i };
        SDL_RenderDrawRect(ui->r, &e);
    }
}

void ui_circle(struct ui *ui, int cx, int cy, int radius, SDL_Color c)
{
    if (ui->dry || radius <= 0)
        return;
    ui_set_color(ui, c);
    struct ui_spans s = { .n = 0 };
    for (int i = 0; i < radius; i++) {
        int half = radius - ui_round_inset(radius, i);
        ui_spans_add(ui, &s, cx - half, cy - radius + i, 2 * half, 1);
        ui_spans_add(ui, &s, cx - half, cy + radius - 1 - i, 2 * half, 1);
    }
    ui_spans_flush(ui, &s);
}

/* ---------------------------------------------------------------- text */

struct ui_line {
    const char *start;
    int len;
    int w;
};

/* Width of s[0..len) at px. */
static int ui_span_width(int bold, int px, const char *s, int len)
{
    char buf[1024];
    int w = 0, h = 0;
    if (len >= (int)sizeof buf)
        len = (int)sizeof buf - 1;
    memcpy(buf, s, (size_t)len);
    buf[len] = '\0';
    text_measure(bold ? TEXT_BOLD : TEXT_REGULAR, px, buf, &w, &h);
    return w;
}

/*
** Break s into lines no wider than width at px, at spaces and newlines. Returns the number of
** lines; *fits is 0 when a single word is wider than width or there are too many lines.
*/
static int ui_wrap(const char *s, int width, int px, int bold, struct ui_line *lines, int max,
                   int *fits)
{
    int n = 0;
    *fits = 1;
    const char *p = s;
    while (*p) {
        const char *line_start = p;
        const char *best_end = NULL;     /* end of the longest prefix that fits */
        int best_w = 0;
        const char *q = p;
        for (;;) {
            const char *word_end = q;
            while (*word_end && *word_end != ' ' && *word_end != '\n')
                word_end++;
            int w = ui_span_width(bold, px, line_start, (int)(word_end - line_start));
            if (w <= width || !best_end) {
                if (w > width)
                    *fits = 0;   /* one word alone is too wide */
                best_end = word_end;
                best_w = w;
            } else {
                break;
            }
            if (*word_end != ' ')
                break;
            q = word_end + 1;
            if (w > width)
                break;
        }
        if (n == max) {
            *fits = 0;
            return n;
        }
        lines[n].start = line_start;
        lines[n].len = (int)(best_end - line_start);
        lines[n].w = best_w;
        n++;
        p = best_end;
        while (*p == ' ')
            p++;
        if (*p == '\n')
            p++;
    }
    return n;
}

static int ui_text_fit(struct ui *ui, SDL_Rect r, const char *s, int start_px, int min_px,
                       int bold, int draw, SDL_Color fg, SDL_Color bg, int align,
                       struct ui_record *rec)
{
    struct ui_line lines[UI_WRAP_MAX_LINES];
    int style = bold ? TEXT_BOLD : TEXT_REGULAR;
    int px = start_px, n = 0, fits = 0, lh = 0;
    if (min_px > start_px)
        min_px = start_px;
    for (;;) {
        n = ui_wrap(s, r.w, px, bold, lines, UI_WRAP_MAX_LINES, &fits);
        lh = text_line_height(style, px);
        if (fits && n * lh <= r.h)
            break;
        if (px <= min_px) {
            fits = 0;
            break;
        }
        px = px * 9 / 10 < min_px ? min_px : px * 9 / 10;
    }
    int shown = n;
    if (!fits && lh > 0 && shown * lh > r.h)
        shown = r.h / lh > 0 ? r.h / lh : 1;
    int total_h = shown * lh;
    int y = r.y;
    if (align & UI_ALIGN_MIDDLE)
        y = r.y + (r.h - total_h) / 2;
    SDL_Rect box = { r.x + r.w, y, 0, total_h };
    for (int i = 0; i < shown; i++) {
        int x = r.x;
        if ((align & 3) == UI_ALIGN_CENTER)
            x = r.x + (r.w - lines[i].w) / 2;
        else if ((align & 3) == UI_ALIGN_RIGHT)
            x = r.x + r.w - lines[i].w;
        if (x < box.x)
            box.x = x;
        if (x + lines[i].w > box.x + box.w)
            box.w = x + lines[i].w - box.x;
        if (draw && !ui->dry) {
            char buf[1024];
            int len = lines[i].len < (int)sizeof buf - 1 ? lines[i].len : (int)sizeof buf - 1;
            memcpy(buf, lines[i].start, (size_t)len);
            buf[len] = '\0';
            int tw, th;
            SDL_Texture *t = text_texture(ui->r, style, px, fg, buf, &tw, &th);
            if (t) {
                SDL_Rect dst = { x, y + i * lh, tw, th };
                SDL_Rect clip = r;
                SDL_RenderSetClipRect(ui->r, &clip);
                SDL_RenderCopy(ui->r, t, NULL, &dst);
                SDL_RenderSetClipRect(ui->r, NULL);
            }
        }
    }
    if (box.w < 0)
        box.w = 0;
    if (rec) {
        rec->text_rect = box;
        rec->fg = fg;
        rec->bg = bg;
        rec->text_px = px;
        rec->overflow = !fits;
    }
    (void)bg;
    return total_h;
}

int ui_text(struct ui *ui, SDL_Rect r, const char *s, int size, int bold, SDL_Color fg,
            SDL_Color bg, int align)
{
    if (!s || !*s)
        return 0;
    struct ui_record *rec = ui_log(ui, UI_RECORD_TEXT, r, s);
    return ui_text_fit(ui, r, s, ui->text_px[size], ui->min_text_px, bold, 1, fg, bg, align, rec);
}

int ui_text_px(struct ui *ui, SDL_Rect r, const char *s, int px, int bold, SDL_Color fg,
               SDL_Color bg, int align)
{
    if (!s || !*s)
        return 0;
    struct ui_record *rec = ui_log(ui, UI_RECORD_TEXT, r, s);
    return ui_text_fit(ui, r, s, px, px, bold, 1, fg, bg, align, rec);
}

int ui_line_height(struct ui *ui, int size, int bold)
{
    return text_line_height(bold ? TEXT_BOLD : TEXT_REGULAR, ui->text_px[size]);
}

int ui_text_height(struct ui *ui, int w, const char *s, int size, int bold)
{
    struct ui_line lines[UI_WRAP_MAX_LINES];
    int fits;
    if (!s || !*s)
        return 0;
    int n = ui_wrap(s, w, ui->text_px[size], bold, lines, UI_WRAP_MAX_LINES, &fits);
    return n * text_line_height(bold ? TEXT_BOLD : TEXT_REGULAR, ui->text_px[size]);
}

void ui_icon(struct ui *ui, SDL_Rect r, unsigned icon, SDL_Color fg, SDL_Color bg)
{
    char utf8[5];
    int px = r.w < r.h ? r.w : r.h;
    struct ui_record *rec = ui_log(ui, UI_RECORD_ICON, r, NULL);
    if (rec) {
        rec->fg = fg;
        rec->bg = bg;
        rec->text_px = px;
        rec->text_rect = r;
    }
    if (ui->dry || px <= 0 || icon == 0)
        return;
    int tw, th;
    SDL_Texture *t = text_texture(ui->r, TEXT_ICON, px, fg, text_icon_utf8(icon, utf8), &tw, &th);
    if (t) {
        SDL_Rect dst = ui_center(r, tw, th);
        SDL_RenderCopy(ui->r, t, NULL, &dst);
    }
}

void ui_image(struct ui *ui, SDL_Rect r, SDL_Texture *t, const char *what)
{
    struct ui_record *rec = ui_log(ui, UI_RECORD_IMAGE, r, what);
    int w = 0, h = 0;
    if (!t || SDL_QueryTexture(t, NULL, NULL, &w, &h) != 0 || w <= 0 || h <= 0)
        return;
    double scale = fmin((double)r.w / w, (double)r.h / h);
    SDL_Rect dst = ui_center(r, (int)(w * scale), (int)(h * scale));
    if (rec)
        rec->text_rect = dst;
    if (!ui->dry)
        SDL_RenderCopy(ui->r, t, NULL, &dst);
}

void ui_note(struct ui *ui, int kind, SDL_Rect r, const char *text)
{
    struct ui_record *rec = ui_log(ui, kind, r, text);
    if (rec)
        rec->text_rect = r;
}

/* ---------------------------------------------------------------- taps */

static unsigned ui_widget_id(const char *label, SDL_Rect r)
{
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)(label ? label : ""); *p; p++)
        h = (h ^ *p) * 16777619u;
    h = (h ^ (unsigned)r.x) * 16777619u;
    h = (h ^ (unsigned)r.y) * 16777619u;
    h = (h ^ (unsigned)r.w) * 16777619u;
    h = (h ^ (unsigned)r.h) * 16777619u;
    return h ? h : 1;
}

int ui_touch_counts(const struct ui *ui)
{
    return !ui->blocked && !ui->accept_armed &&
           (int32_t)(ui->held_since_ms - ui->accept_after_ms) >= 0;
}

/* The tap logic every widget shares; returns 1 on a completed tap. */
static int ui_interact(struct ui *ui, SDL_Rect r, unsigned id, int enabled)
{
    ui->serial++;
    if (!enabled || ui->blocked)
        return 0;
    if (ui->pointer_down && ui_rect_contains(r, ui->px, ui->py) && ui_touch_counts(ui))
        ui->active = id;
    if (ui->pointer_up && ui->active == id) {
        int slop = (int)(UI_SLOP_MM * ui->px_per_mm);
        SDL_Rect wide = { r.x - slop, r.y - slop, r.w + 2 * slop, r.h + 2 * slop };
        return ui_rect_contains(wide, ui->px, ui->py);
    }
    return 0;
}

int ui_pressed(struct ui *ui, SDL_Rect r)
{
    return ui->pointer_held && ui_rect_contains(r, ui->px, ui->py) && ui_touch_counts(ui);
}

void ui_style_colors(int style, SDL_Color *bg, SDL_Color *fg, SDL_Color *down)
{
    static const struct { SDL_Color bg, fg, down; } styles[UI_STYLE_COUNT] = {
        [UI_PRIMARY] = { THEME_PRIMARY, THEME_PRIMARY_TEXT, THEME_PRIMARY_DOWN },
        [UI_SECONDARY] = { THEME_SECONDARY, THEME_SECONDARY_TEXT, THEME_SECONDARY_DOWN },
        [UI_OK] = { THEME_OK, THEME_WHITE, THEME_OK_DOWN },
        [UI_DANGER] = { THEME_DANGER, THEME_WHITE, THEME_DANGER_DOWN },
    };
    if (style < 0 || style >= UI_STYLE_COUNT)
        style = UI_SECONDARY;
    *bg = styles[style].bg;
    *fg = styles[style].fg;
    *down = styles[style].down;
}

/* Whether a narrow button's word will not fit beside the pictogram even at the smallest
** readable size, while there is height for both one above the other. */
static int ui_button_stacks(struct ui *ui, SDL_Rect inner, const char *label, int size,
                            SDL_Color fg, SDL_Color bg)
{
    int is = inner.h * 70 / 100;
    if (is > ui->text_px[UI_TEXT_TITLE] * 3 / 2)
        is = ui->text_px[UI_TEXT_TITLE] * 3 / 2;
    SDL_Rect beside = inner;
    ui_cut_left(&beside, is + ui->pad / 2);
    struct ui_record probe;
    memset(&probe, 0, sizeof probe);
    ui_text_fit(ui, beside, label, ui->text_px[size], ui->min_text_px, 1, 0, fg, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE, &probe);
    return probe.overflow && inner.h >= text_line_height(TEXT_BOLD, ui->min_text_px) * 2;
}

/*
** A button's pictogram and word inside r: tall and narrow, the pictogram above the word;
** otherwise beside it, the pair centred. The word's fit goes into the button's log record
** (rec_i, -1 for none).
*/
static void ui_button_face(struct ui *ui, SDL_Rect r, unsigned icon, const char *label,
                           SDL_Color fg, SDL_Color bg, int rec_i)
{
    SDL_Rect inner = ui_inset(r, ui->pad / 2 + 1);
    SDL_Rect text_r = inner;
    int size = r.h >= ui->target * 2 ? UI_TEXT_LARGE : UI_TEXT_BODY;
    int align = UI_ALIGN_CENTER | UI_ALIGN_MIDDLE;
    int stacked = icon && r.h >= ui->target * 2 && r.w < r.h * 3;
    if (icon && !stacked && label && *label)
        stacked = ui_button_stacks(ui, inner, label, size, fg, bg);
    if (icon && stacked) {
        int icon_h = inner.h * 45 / 100;
        int line = text_line_height(TEXT_BOLD, ui->min_text_px);
        if (inner.h - icon_h < line)
            icon_h = inner.h - line;
        ui_icon(ui, ui_cut_top(&text_r, icon_h), icon, fg, bg);
    } else if (icon) {
        int is = inner.h * 70 / 100;
        if (is > ui->text_px[UI_TEXT_TITLE] * 3 / 2)
            is = ui->text_px[UI_TEXT_TITLE] * 3 / 2;
        SDL_Rect icon_r = ui_cut_left(&text_r, is + ui->pad / 2);
        struct ui_record probe;
        memset(&probe, 0, sizeof probe);
        if (label && *label)
            ui_text_fit(ui, text_r, label, ui->text_px[size], ui->min_text_px, 1, 0, fg, bg,
                        UI_ALIGN_LEFT | UI_ALIGN_MIDDLE, &probe);
        int spare = text_r.w - probe.text_rect.w;
        if (spare > 0) {
            icon_r.x += spare / 2;
            text_r.x += spare / 2;
            text_r.w -= spare / 2;
        }
        ui_icon(ui, ui_center(icon_r, is, is), icon, fg, bg);
        align = UI_ALIGN_LEFT | UI_ALIGN_MIDDLE;
    }
    if (!label || !*label)
        return;
    struct ui_record fit;
    memset(&fit, 0, sizeof fit);
    ui_text_fit(ui, text_r, label, ui->text_px[size], ui->min_text_px, 1, 1, fg, bg, align, &fit);
    if (rec_i >= 0) {
        struct ui_record *rec = &ui->log[rec_i];
        rec->text_rect = fit.text_rect;
        rec->fg = fit.fg;
        rec->bg = fit.bg;
        rec->text_px = fit.text_px;
        rec->overflow = fit.overflow;
    }
}

int ui_button_enabled(struct ui *ui, SDL_Rect r, unsigned icon, const char *label, int style,
                      int enabled)
{
    SDL_Color bg, fg, down;
    unsigned id = ui_widget_id(label, r);
    int tapped = ui_interact(ui, r, id, enabled);
    /* Remember the record by index: logging the icon may move the log in memory. */
    int rec_i = ui->log_count;
    if (ui_log(ui, UI_RECORD_BUTTON, r, label))
        ui->log[rec_i].enabled = enabled;
    else
        rec_i = -1;

    ui_style_colors(style, &bg, &fg, &down);
    if (!enabled) {
        bg = THEME_SURFACE;
        fg = THEME_TEXT_MUTED;
    } else if (ui->active == id && ui_pressed(ui, r)) {
        bg = down;
    }
    ui_fill(ui, r, bg, ui->radius);
    ui_button_face(ui, r, icon, label, fg, bg, rec_i);
    return tapped;
}

int ui_button(struct ui *ui, SDL_Rect r, unsigned icon, const char *label, int style)
{
    return ui_button_enabled(ui, r, icon, label, style, 1);
}

int ui_area(struct ui *ui, SDL_Rect r, const char *label)
{
    unsigned id = ui_widget_id(label, r);
    int tapped = ui_interact(ui, r, id, 1);
    struct ui_record *rec = ui_log(ui, UI_RECORD_BUTTON, r, label);
    if (rec) {
        rec->enabled = 1;
        rec->text_rect = r;
        rec->fg = THEME_TEXT;
        rec->bg = THEME_BG;
        rec->text_px = -1;  /* the caller draws and logs its own text */
    }
    return tapped;
}

int ui_long_press(struct ui *ui, SDL_Rect r, const char *label, uint32_t hold_ms)
{
    unsigned id = ui_widget_id(label, r);
    ui_interact(ui, r, id, 1);
    struct ui_record *rec = ui_log(ui, UI_RECORD_BUTTON, r, label);
    if (rec) {
        rec->enabled = 1;
        rec->text_rect = r;
        rec->text_px = -1;
    }
    if (ui->blocked || ui->active != id || !ui->pointer_held ||
        !ui_rect_contains(r, ui->px, ui->py))
        return 0;
    if (ui->long_press_fired == (unsigned long)ui->held_since_ms + 1)
        return 0;
    if ((int32_t)(ui->now_ms - ui->held_since_ms) >= (int32_t)hold_ms) {
        ui->long_press_fired = (unsigned long)ui->held_since_ms + 1;
        ui->active = 0;
        return 1;
    }
    uint32_t due = ui->held_since_ms + hold_ms;
    if (!ui->wake_ms || (int32_t)(due - ui->wake_ms) < 0)
        ui->wake_ms = due;
    return 0;
}

/* ---------------------------------------------------------------- contrast */

static double ui_channel_luminance(Uint8 c)
{
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double ui_contrast(SDL_Color a, SDL_Color b)
{
    double la = 0.2126 * ui_channel_luminance(a.r) + 0.7152 * ui_channel_luminance(a.g) +
                0.0722 * ui_channel_luminance(a.b);
    double lb = 0.2126 * ui_channel_luminance(b.r) + 0.7152 * ui_channel_luminance(b.g) +
                0.0722 * ui_channel_luminance(b.b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}
