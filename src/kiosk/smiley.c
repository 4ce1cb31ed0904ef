/*
** smiley.c - the 4-face answer scale and the question layout around it.
**
** Four faces and no neutral middle: a middle button gathers the "don't want to think" answers
** (HappyOrNot's finding). Every face has a word under it, because a face alone is read
** differently by different people. A wide area gets one row of faces, left (the least) to right;
** one too narrow for the words gets one column, top (the least) to bottom, so the order reads
** the same way.
*/
#include "smiley.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "icons.h"
#include "theme.h"

/* The faces, their words and colours. Each colour is >= 4.5:1 against the tile's light
** backgrounds (surface, pressed, selected), so the faces stay visible for low vision. */
static const struct {
    unsigned icon;
    const char *word;
    const char *value;
    SDL_Color color;
} smiley_faces[SMILEY_FACES] = {
    { ICON_SMILE_1, N_("Not at all"), "1", THEME_RGB(0x8B1A1A) },
    { ICON_SMILE_2, N_("Not much"), "2", THEME_RGB(0x7A3E00) },
    { ICON_SMILE_3, N_("Quite a lot"), "3", THEME_RGB(0x2F5A0C) },
    { ICON_SMILE_4, N_("Very much"), "4", THEME_RGB(0x0F5132) },
};

const char *smiley_value(int answer)
{
    if (answer >= 1 && answer <= SMILEY_FACES)
        return smiley_faces[answer - 1].value;
    return answer == SMILEY_SKIP ? "skip" : NULL;
}

int smiley_from_value(const char *value)
{
    for (int i = 0; value && i < SMILEY_FACES; i++)
        if (strcmp(value, smiley_faces[i].value) == 0)
            return i + 1;
    return value && strcmp(value, "skip") == 0 ? SMILEY_SKIP : SMILEY_NONE;
}

const char *smiley_word(int face)
{
    return face >= 1 && face <= SMILEY_FACES ? _(smiley_faces[face - 1].word) : "";
}

/* One face tile: the tap target, its look, the face and the word. */
static int smiley_tile(struct ui *ui, SDL_Rect tile, int face, int selected, int in_column,
                       int word_h)
{
    const char *word = smiley_word(face);
    int tapped = ui_area(ui, tile, word);
    SDL_Color bg = selected ? THEME_NOW_BG : THEME_SURFACE;
    if (ui_pressed(ui, tile))
        bg = THEME_SECONDARY;
    ui_fill(ui, tile, bg, ui->radius);
    ui_frame_rect(ui, tile, selected ? THEME_TEXT : THEME_FRAME, selected ? 4 : 2, ui->radius);
    SDL_Rect in = ui_inset(tile, ui->pad / 2 + 2);
    SDL_Color fg = smiley_faces[face - 1].color;
    if (in_column) {
        SDL_Rect icon = ui_cut_left(&in, in.h);
        ui_icon(ui, icon, smiley_faces[face - 1].icon, fg, bg);
        ui_cut_left(&in, ui->pad);
        if (selected) {
            SDL_Rect mark = ui_cut_right(&in, in.h * 2 / 3);
            ui_icon(ui, mark, ICON_CHECK, THEME_TEXT, bg);
        }
        ui_text(ui, in, word, UI_TEXT_LARGE, 1, THEME_TEXT, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    } else {
        SDL_Rect word_r = ui_cut_bottom(&in, word_h);
        ui_cut_bottom(&in, ui->pad / 3);
        ui_icon(ui, in, smiley_faces[face - 1].icon, fg, bg);
        if (selected) {
            int m = ui->target / 2;
            ui_icon(ui, (SDL_Rect){ tile.x + tile.w - m - 4, tile.y + 4, m, m }, ICON_CHECK,
                    THEME_TEXT, bg);
        }
        ui_text(ui, word_r, word, UI_TEXT_BODY, 1, THEME_TEXT, bg, UI_ALIGN_CENTER | UI_ALIGN_TOP);
    }
    return tapped;
}

int smiley_scale(struct ui *ui, SDL_Rect r, int selected)
{
    int tapped = 0;
    int row_w = (r.w - ui->gap * (SMILEY_FACES - 1)) / SMILEY_FACES;
    int in_column = row_w < ui->target * 2 &&
                    r.h >= SMILEY_FACES * ui->target + (SMILEY_FACES - 1) * ui->gap;
    if (in_column) {
        int th = (r.h - ui->gap * (SMILEY_FACES - 1)) / SMILEY_FACES;
        if (th > ui->target * 2)
            th = ui->target * 2;
        SDL_Rect col = ui_center(r, r.w, th * SMILEY_FACES + ui->gap * (SMILEY_FACES - 1));
        for (int f = 1; f <= SMILEY_FACES; f++) {
            SDL_Rect tile = ui_cut_top(&col, th);
            ui_cut_top(&col, ui->gap);
            if (smiley_tile(ui, tile, f, selected == f, 1, 0))
                tapped = f;
        }
        return tapped;
    }
    int tw = row_w > ui->target * 4 ? ui->target * 4 : row_w;
    int th = r.h > tw * 3 / 2 ? tw * 3 / 2 : r.h;
    if (th < ui->target)
        th = ui->target;
    /* One height for the words of all four, so the faces line up. */
    int inner_w = tw - 2 * (ui->pad / 2 + 2);
    int word_h = 0;
    for (int f = 1; f <= SMILEY_FACES; f++) {
        int h = ui_text_height(ui, inner_w, smiley_word(f), UI_TEXT_BODY, 1);
        if (h > word_h)
            word_h = h;
    }
    if (word_h > th / 2)
        word_h = th / 2;
    SDL_Rect row = ui_center(r, tw * SMILEY_FACES + ui->gap * (SMILEY_FACES - 1), th);
    for (int f = 1; f <= SMILEY_FACES; f++) {
        SDL_Rect tile = ui_cut_left(&row, tw);
        ui_cut_left(&row, ui->gap);
        if (smiley_tile(ui, tile, f, selected == f, 0, word_h))
            tapped = f;
    }
    return tapped;
}

int smiley_question(struct ui *ui, SDL_Rect area, const char *question, const char *progress,
                    int selected, int with_back)
{
    int result = SMILEY_NONE;
    SDL_Rect bottom = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    int bw = bottom.w / 4 > ui->target * 3 ? bottom.w / 4 : ui->target * 3;
    if (bw > bottom.w / 2 - ui->gap)
        bw = bottom.w / 2 - ui->gap;
    if (ui_button(ui, ui_cut_right(&bottom, bw), ICON_SKIP, _("Skip"),
                  selected == SMILEY_SKIP ? UI_PRIMARY : UI_SECONDARY))
        result = SMILEY_SKIP;
    if (with_back && ui_button(ui, ui_cut_left(&bottom, bw), ICON_ARROW_BACK, _("Back"),
                               UI_SECONDARY))
        result = SMILEY_BACK;

    if (progress && *progress) {
        SDL_Rect p = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_BODY, 0));
        ui_text(ui, p, progress, UI_TEXT_BODY, 0, THEME_TEXT_MUTED, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
        ui_cut_top(&area, ui->gap / 2);
    }
    int qh = ui_text_height(ui, area.w, question, UI_TEXT_TITLE, 1);
    int most = area.h * 2 / 5;
    if (qh > most)
        qh = most;
    ui_text(ui, ui_cut_top(&area, qh), question, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap);
    int face = smiley_scale(ui, area, selected);
    return face ? face : result;
}
