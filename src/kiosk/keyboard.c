/*
** keyboard.c - the comment keyboard: layout, keys, the text box showing the end of the text.
**
** Layout: the letters a-z, å, ä, ö in reading order in as many columns as 12 mm keys allow (at
** most 10, so rows stay short enough to scan), then the function keys (capitals, space, delete,
** done) in one row where they fit with their words, else in two. Keys are anchored at the bottom
** of the area; the text box takes what is left above them. A tap on a letter when the comment is
** full does nothing: the letter keys are greyed out then and a line says so.
*/
#include "keyboard.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "icons.h"
#include "text.h"
#include "theme.h"

static const struct {
    const char *lower, *upper;
} keyboard_letters[] = {
    { "a", "A" }, { "b", "B" }, { "c", "C" }, { "d", "D" }, { "e", "E" }, { "f", "F" },
    { "g", "G" }, { "h", "H" }, { "i", "I" }, { "j", "J" }, { "k", "K" }, { "l", "L" },
    { "m", "M" }, { "n", "N" }, { "o", "O" }, { "p", "P" }, { "q", "Q" }, { "r", "R" },
    { "s", "S" }, { "t", "T" }, { "u", "U" }, { "v", "V" }, { "w", "W" }, { "x", "X" },
    { "y", "Y" }, { "z", "Z" }, { "\xc3\xa5", "\xc3\x85" }, { "\xc3\xa4", "\xc3\x84" },
    { "\xc3\xb6", "\xc3\x96" },
};

enum {
    KEYBOARD_LETTERS = sizeof keyboard_letters / sizeof keyboard_letters[0],
    KEYBOARD_MAX_COLS = 10,
    KEYBOARD_WARN_LEFT = 50,    /* from this many letters left, say how many */
};

enum keyboard_fn { KEY_CAPITALS = 0, KEY_SPACE, KEY_DELETE, KEY_DONE, KEY_FN_COUNT };

/* The function keys: pictogram, word, share of a one-row layout. */
static const struct {
    unsigned icon;
    const char *label;
    int weight;
} keyboard_fn_keys[KEY_FN_COUNT] = {
    [KEY_CAPITALS] = { ICON_CAPSLOCK, N_("Capitals"), 3 },
    [KEY_SPACE] = { ICON_SPACE_BAR, N_("Space"), 3 },
    [KEY_DELETE] = { ICON_BACKSPACE, N_("Delete"), 2 },
    [KEY_DONE] = { ICON_CHECK, N_("Done"), 2 },
};

struct keyboard_layout {
    SDL_Rect box;                       /* the typed text */
    SDL_Rect letters[KEYBOARD_LETTERS];
    SDL_Rect fn[KEY_FN_COUNT];
};

/* ---------------------------------------------------------------- text */

static int keyboard_char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

void keyboard_reset(struct keyboard *kb)
{
    memset(kb, 0, sizeof *kb);
    kb->cache_len = -1;
}

int keyboard_type(struct keyboard *kb, const char *key)
{
    size_t n = strlen(key);
    if (kb->chars >= KEYBOARD_MAX_CHARS || kb->len + n >= sizeof kb->text)
        return -1;
    memcpy(kb->text + kb->len, key, n + 1);
    kb->len += (int)n;
    kb->chars++;
    return 0;
}

static void keyboard_delete(struct keyboard *kb)
{
    if (kb->len == 0)
        return;
    int i = kb->len - 1;
    while (i > 0 && ((unsigned char)kb->text[i] & 0xC0) == 0x80)
        i--;    /* back to the first byte of the last character */
    kb->len = i;
    kb->text[i] = '\0';
    kb->chars--;
}

/* Whether s, wrapped at spaces, fits w x h at size with no word wider than w. */
static int keyboard_fits(struct ui *ui, const char *s, int w, int h, int size)
{
    char word[KEYBOARD_MAX_BYTES + 8];
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        size_t n = (size_t)(e - p);
        if (n > 0) {
            int tw = 0, th = 0;
            if (n >= sizeof word)
                n = sizeof word - 1;
            memcpy(word, p, n);
            word[n] = '\0';
            if (text_measure(TEXT_REGULAR, ui->text_px[size], word, &tw, &th) != 0 || tw > w)
                return 0;
        }
        p = e;
    }
    return ui_text_height(ui, w, s, size, 0) <= h;
}

/* What the box shows: the text with a caret, or its end after "…" when all of it does not fit. */
static void keyboard_shown(struct ui *ui, struct keyboard *kb, SDL_Rect in, int size, char *out,
                           size_t out_size)
{
    if (kb->cache_len != kb->len || kb->cache_w != in.w || kb->cache_h != in.h) {
        kb->shown_from = 0;
        snprintf(out, out_size, "%s|", kb->text);
        while (kb->shown_from < kb->len && !keyboard_fits(ui, out, in.w, in.h, size)) {
            kb->shown_from += keyboard_char_len((unsigned char)kb->text[kb->shown_from]);
            snprintf(out, out_size, "\xe2\x80\xa6%s|", kb->text + kb->shown_from);
        }
        kb->cache_len = kb->len;
        kb->cache_w = in.w;
        kb->cache_h = in.h;
    }
    snprintf(out, out_size, "%s%s|", kb->shown_from ? "\xe2\x80\xa6" : "",
             kb->text + kb->shown_from);
}

/* ---------------------------------------------------------------- layout */

static void keyboard_layout(struct ui *ui, SDL_Rect area, struct keyboard_layout *lo)
{
    int kgap = ui->gap / 2 > 4 ? ui->gap / 2 : 4;
    int cols = (area.w + kgap) / (ui->target + kgap);
    if (cols > KEYBOARD_MAX_COLS)
        cols = KEYBOARD_MAX_COLS;
    if (cols < 1)
        cols = 1;
    int rows = (KEYBOARD_LETTERS + cols - 1) / cols;
    int fn_rows = area.w >= ui->target * 10 ? 1 : 2;
    int all_rows = rows + fn_rows;

    /* The box would like three lines of big letters, but not more than a third of the area. */
    int box_want = ui_line_height(ui, UI_TEXT_TITLE, 0) * 3 + ui->pad;
    if (box_want > area.h * 3 / 10)
        box_want = area.h * 3 / 10;
    int kh = (area.h - box_want - ui->gap - (all_rows - 1) * kgap) / all_rows;
    if (kh > ui->target * 3 / 2)
        kh = ui->target * 3 / 2;
    if (kh < ui->target)
        kh = ui->target;
    int kw = (area.w - (cols - 1) * kgap) / cols;
    if (kw > kh * 8 / 5)
        kw = kh * 8 / 5;
    if (kw < ui->target)
        kw = ui->target;

    int grid_w = cols * kw + (cols - 1) * kgap;
    int keys_h = all_rows * kh + (all_rows - 1) * kgap;
    SDL_Rect keys = ui_cut_bottom(&area, keys_h);
    ui_cut_bottom(&area, ui->gap);
    lo->box = area;
    keys = ui_center(keys, grid_w, keys_h);

    for (int i = 0; i < KEYBOARD_LETTERS; i++) {
        int r = i / cols, c = i % cols;
        lo->letters[i] = ui_rect(keys.x + c * (kw + kgap), keys.y + r * (kh + kgap), kw, kh);
    }
    SDL_Rect fn = { keys.x, keys.y + rows * (kh + kgap), grid_w, keys_h - rows * (kh + kgap) };
    if (fn_rows == 1) {
        int total = 0;
        for (int k = 0; k < KEY_FN_COUNT; k++)
            total += keyboard_fn_keys[k].weight;
        int unit = (fn.w - (KEY_FN_COUNT - 1) * kgap) / total;
        for (int k = 0; k < KEY_FN_COUNT; k++) {
            int w = k == KEY_FN_COUNT - 1 ? fn.w : unit * keyboard_fn_keys[k].weight;
            lo->fn[k] = ui_cut_left(&fn, w);
            ui_cut_left(&fn, kgap);
        }
    } else {
        /* Capitals and delete above; space and done below, done last where a hand ends up. */
        static const int order[KEY_FN_COUNT] = { KEY_CAPITALS, KEY_DELETE, KEY_SPACE, KEY_DONE };
        for (int i = 0; i < KEY_FN_COUNT; i++)
            lo->fn[order[i]] = ui_grid_cell(fn, 2, 2, i, kgap);
    }
}

/* ---------------------------------------------------------------- drawing */

static void keyboard_draw_box(struct ui *ui, struct keyboard *kb, SDL_Rect box)
{
    char shown[KEYBOARD_MAX_BYTES + 8];
    ui_fill(ui, box, THEME_SURFACE, ui->radius);
    ui_frame_rect(ui, box, THEME_FRAME, 2, ui->radius);
    SDL_Rect in = ui_inset(box, ui->pad / 2);
    int left = KEYBOARD_MAX_CHARS - kb->chars;
    if (left <= KEYBOARD_WARN_LEFT) {
        char msg[120];
        if (left > 0)
            snprintf(msg, sizeof msg, NG_("%d letter left", "%d letters left", left), left);
        else
            snprintf(msg, sizeof msg, "%s", _("The comment is full."));
        SDL_Rect r = ui_cut_right(&in, ui->target * 2);
        ui_cut_right(&in, ui->pad / 2);
        ui_text(ui, r, msg, UI_TEXT_SMALL, 1, THEME_TEXT, THEME_SURFACE,
                UI_ALIGN_RIGHT | UI_ALIGN_MIDDLE);
    }
    if (kb->len == 0) {
        ui_text(ui, in, _("Tap the letters below."), UI_TEXT_LARGE, 0, THEME_TEXT_MUTED,
                THEME_SURFACE, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        return;
    }
    /* Two lines of big letters where the box has room, else one of slightly smaller ones. */
    int size = in.h >= ui_line_height(ui, UI_TEXT_TITLE, 0) ? UI_TEXT_TITLE : UI_TEXT_LARGE;
    keyboard_shown(ui, kb, in, size, shown, sizeof shown);
    ui_text(ui, in, shown, size, 0, THEME_TEXT, THEME_SURFACE, UI_ALIGN_LEFT | UI_ALIGN_TOP);
}

int keyboard_frame(struct ui *ui, struct keyboard *kb, SDL_Rect area)
{
    struct keyboard_layout lo;
    int result = KEYBOARD_NONE;
    keyboard_layout(ui, area, &lo);
    keyboard_draw_box(ui, kb, lo.box);

    int room = kb->chars < KEYBOARD_MAX_CHARS;
    for (int i = 0; i < KEYBOARD_LETTERS; i++) {
        const char *key = kb->capitals ? keyboard_letters[i].upper : keyboard_letters[i].lower;
        if (ui_button_enabled(ui, lo.letters[i], ICON_NONE, key, UI_SECONDARY, room))
            keyboard_type(kb, key);
    }
    for (int k = 0; k < KEY_FN_COUNT; k++) {
        int style = k == KEY_DONE ? UI_OK : k == KEY_CAPITALS && kb->capitals ? UI_PRIMARY
                                                                            : UI_SECONDARY;
        int enabled = k == KEY_SPACE ? room : k == KEY_DELETE ? kb->len > 0 : 1;
        if (!ui_button_enabled(ui, lo.fn[k], keyboard_fn_keys[k].icon,
                               _(keyboard_fn_keys[k].label), style, enabled))
            continue;
        switch (k) {
        case KEY_CAPITALS:
            kb->capitals = !kb->capitals;
            break;
        case KEY_SPACE:
            keyboard_type(kb, " ");
            break;
        case KEY_DELETE:
            keyboard_delete(kb);
            break;
        default:
            result = KEYBOARD_DONE;
            break;
        }
    }
    return result;
}
