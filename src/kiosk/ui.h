/*
** ui.h - immediate-mode widgets for a touch kiosk (the microui way).
**
** A screen's frame function calls widgets in drawing order; each draws itself and returns what
** happened: `if (ui_button(ui, r, ICON_CHECK, _("Yes"), UI_OK)) ...`. There is no widget tree.
** A tap is a finger (or, in development, a real mouse button) that went down and up on the same
** widget; mouse events SDL synthesises from touch never reach here (app.c drops them).
**
** Every widget also writes a record of what it drew (kind, rectangle, text, colours, whether the
** text fitted) into the frame log. The scripted driver taps widgets by their label from that log,
** and the layout check tests sizes, overflow, overlap and contrast from it.
** Depends on SDL2 and text.h; knows nothing of screens, the store or the pack.
*/
#ifndef SD_UI_H
#define SD_UI_H

#include <SDL.h>
#include <stdint.h>

/* ---------------------------------------------------------------- rectangles */
static inline SDL_Rect ui_rect(int x, int y, int w, int h)
{
    SDL_Rect r = { x, y, w, h };
    return r;
}
/* Cut a strip off one side of *r and return it; *r keeps the rest (RectCut layout). */
SDL_Rect ui_cut_top(SDL_Rect *r, int h);
SDL_Rect ui_cut_bottom(SDL_Rect *r, int h);
SDL_Rect ui_cut_left(SDL_Rect *r, int w);
SDL_Rect ui_cut_right(SDL_Rect *r, int w);
SDL_Rect ui_inset(SDL_Rect r, int d);
/* Cell i of a cols x rows grid laid over r with gap between cells. */
SDL_Rect ui_grid_cell(SDL_Rect r, int cols, int rows, int i, int gap);
/* A w x h rectangle centred in r. */
SDL_Rect ui_center(SDL_Rect r, int w, int h);
int ui_rect_contains(SDL_Rect r, int x, int y);

/* ---------------------------------------------------------------- looks */
enum ui_button_style {
    UI_PRIMARY = 0,   /* the one main action of a screen */
    UI_SECONDARY,     /* other actions */
    UI_OK,            /* yes / confirm / done */
    UI_DANGER,        /* leave, cancel, destructive */
    UI_STYLE_COUNT
};

enum ui_align {
    UI_ALIGN_LEFT = 0,
    UI_ALIGN_CENTER = 1,
    UI_ALIGN_RIGHT = 2,
    UI_ALIGN_TOP = 0,
    UI_ALIGN_MIDDLE = 4,
};

/* Text roles: the size of each is set from the display's millimetres in ui_set_metrics. */
enum ui_text_size { UI_TEXT_SMALL = 0, UI_TEXT_BODY, UI_TEXT_LARGE, UI_TEXT_TITLE, UI_TEXT_HUGE,
                    UI_TEXT_SIZE_COUNT };

/* ---------------------------------------------------------------- the frame log */
enum ui_record_kind { UI_RECORD_TEXT = 0, UI_RECORD_BUTTON, UI_RECORD_ICON, UI_RECORD_IMAGE };

struct ui_record {
    int kind;                 /* enum ui_record_kind */
    char text[192];           /* the words (for a button: its label) */
    SDL_Rect rect;            /* the widget (for a button: the touch target) */
    SDL_Rect text_rect;       /* where its text was drawn */
    SDL_Color fg, bg;         /* text colour and the colour behind it */
    int text_px;              /* glyph size used */
    int overflow;             /* the text did not fit even at the smallest size */
    int enabled;              /* a button that takes taps */
    int pressed_frames;       /* unused by tests; kept for debugging */
};

/* ---------------------------------------------------------------- the context */
struct ui {
    SDL_Renderer *r;
    int w, h;                       /* output size in pixels */
    float px_per_mm;                /* of the display the layout is made for */
    int target;                     /* smallest touch target: 12 mm in pixels */
    int gap;                        /* space between targets */
    int pad;                        /* inner padding of panels */
    int radius;                     /* corner radius */
    int text_px[UI_TEXT_SIZE_COUNT];
    int min_text_px;                /* auto-fit never goes below this */

    /* input for this frame */
    uint32_t now_ms;                /* app time */
    int pointer_down;               /* a pointer went down this frame at (px, py) */
    int pointer_up;                 /* ... went up this frame at (px, py) */
    int pointer_held;               /* is down (since held_since_ms) */
    int px, py;
    uint32_t held_since_ms;
    uint32_t accept_after_ms;       /* taps that began before this are ignored (screen change) */
    int accept_armed;               /* what is on screen changed and is not shown yet: no tap
                                       counts (the app then sets accept_after_ms) */
    int blocked;                    /* a modal overlay is up: widgets below take no input */
    int dry;                        /* draw nothing (a frame only to route input) */

    /* widget state across frames */
    unsigned active;                /* id of the widget the pointer went down on */
    unsigned long long_press_fired; /* the hold that already fired a long press */
    uint32_t wake_ms;               /* the app should run a frame by then (0 = no need) */

    /* the log of this frame */
    struct ui_record *log;
    int log_count, log_cap;
    unsigned serial;                /* widgets drawn this frame, for ids */
};

/* Set sizes from the output size and the display's pixels per millimetre. */
void ui_set_metrics(struct ui *ui, int w, int h, float px_per_mm);
/* Start a frame: clear the log and the background. End it: forget a finished tap. */
void ui_begin(struct ui *ui);
void ui_end(struct ui *ui);
void ui_free(struct ui *ui);

/* ---------------------------------------------------------------- drawing */
void ui_fill(struct ui *ui, SDL_Rect r, SDL_Color c, int radius);
void ui_frame_rect(struct ui *ui, SDL_Rect r, SDL_Color c, int thickness, int radius);
void ui_circle(struct ui *ui, int cx, int cy, int radius, SDL_Color c);
/*
** Words in r, wrapped at spaces, shrunk step by step from size down to min_text_px until they
** fit; if they still do not, they are cut and the record says overflow. bg is what lies behind
** the text (for the contrast check). Returns the height used.
*/
int ui_text(struct ui *ui, SDL_Rect r, const char *s, int size, int bold, SDL_Color fg,
            SDL_Color bg, int align);
/* The same at an exact pixel size, for measured layouts. */
int ui_text_px(struct ui *ui, SDL_Rect r, const char *s, int px, int bold, SDL_Color fg,
               SDL_Color bg, int align);
/* Height of one line of text of size. */
int ui_line_height(struct ui *ui, int size, int bold);
/* The height ui_text would use for s in width w (without drawing). */
int ui_text_height(struct ui *ui, int w, const char *s, int size, int bold);
/* A pictogram fitted into r. */
void ui_icon(struct ui *ui, SDL_Rect r, unsigned icon, SDL_Color fg, SDL_Color bg);
/* A texture (photo, QR) scaled into r keeping its aspect. */
void ui_image(struct ui *ui, SDL_Rect r, SDL_Texture *t, const char *what);

/* Log something drawn by other means (a QR code: what it encodes) so tests can find it. */
void ui_note(struct ui *ui, int kind, SDL_Rect r, const char *text);

/* ---------------------------------------------------------------- widgets that take taps */
/* A button with a pictogram beside (or above, when tall) its word. Returns 1 when tapped. */
int ui_button(struct ui *ui, SDL_Rect r, unsigned icon, const char *label, int style);
/* The same, greyed and not taking taps when enabled is 0. */
int ui_button_enabled(struct ui *ui, SDL_Rect r, unsigned icon, const char *label, int style,
                      int enabled);
/* An invisible target whose look the caller draws (a tile, a row). label names it for tests. */
int ui_area(struct ui *ui, SDL_Rect r, const char *label);
/* Returns 1 once when the pointer has been held on r for hold_ms (the hidden admin entry). */
int ui_long_press(struct ui *ui, SDL_Rect r, const char *label, uint32_t hold_ms);
/* Whether the pointer is down on r right now (to draw a pressed look). */
int ui_pressed(struct ui *ui, SDL_Rect r);
/* Whether the touch going on now began late enough to count (the tap guard, not blocked):
** for a screen that counts touches itself (the self-check's touch test). */
int ui_touch_counts(const struct ui *ui);

/* Colours of a button style: background, text, pressed background. */
void ui_style_colors(int style, SDL_Color *bg, SDL_Color *fg, SDL_Color *down);

/* Contrast ratio of two colours (WCAG 2 relative luminance), e.g. 21.0 for black on white. */
double ui_contrast(SDL_Color a, SDL_Color b);

#endif
