/*
** header.c - the header bar (see header.h).
**
** Right to left: "On site" (left out on screens flagged SCREEN_NO_ONSITE: the list itself, the
** PIN pads), the clock, then the pictogram and the title. On a narrow (portrait) display the
** clock and the pictogram give the title a little more room; a title that still does not fit at
** the smallest text size moves into a second row, so no title is ever cut.
*/
#include "header.h"

#include <stdio.h>

#include "app.h"
#include "i18n.h"
#include "icons.h"
#include "text.h"
#include "theme.h"
#include "timefmt.h"

/* Whether a title fits w x h at the smallest text size, wrapped at spaces with no word cut. */
static int header_title_fits(const struct ui *ui, const char *title, int w, int h)
{
    char line[256];
    int lines = 0, tw = 0, th = 0;
    const char *p = title;
    while (*p) {
        const char *start = p, *end = NULL, *q = p;
        for (;;) {
            const char *word_end = q;
            while (*word_end && *word_end != ' ')
                word_end++;
            snprintf(line, sizeof line, "%.*s", (int)(word_end - start), start);
            text_measure(TEXT_BOLD, ui->min_text_px, line, &tw, &th);
            if (tw > w && !end)
                return 0;
            if (tw > w)
                break;
            end = word_end;
            if (*word_end != ' ')
                break;
            q = word_end + 1;
        }
        lines++;
        p = end;
        while (*p == ' ')
            p++;
    }
    return lines * text_line_height(TEXT_BOLD, ui->min_text_px) <= h;
}

/* The widths of the parts of the bar, measured once per frame. */
struct header_shape {
    int bar_h;          /* one row */
    int onsite_w;       /* 0: no "On site" button */
    int clock_w;
    int icon_w;         /* 0: no pictogram */
    int row2;           /* height of the title's own row, 0 when it fits beside the clock */
};

static struct header_shape header_measure(struct app *app, struct ui *ui, unsigned icon,
                                          const char *title)
{
    struct header_shape s = { .bar_h = ui->target + ui->pad };
    const struct screen *scr = app_screen(app);
    if (!(scr && (scr->flags & SCREEN_NO_ONSITE))) {
        s.onsite_w = ui->target * 3;
        if (s.onsite_w > (ui->w - ui->pad / 2 * 2) / 3)
            s.onsite_w = (ui->w - ui->pad / 2 * 2) / 3;
    }
    int narrow = ui->h > ui->w;
    int ch = 0;
    text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_LARGE], "00:00", &s.clock_w, &ch);
    s.clock_w += narrow ? ui->pad : ui->pad * 2;
    if (s.clock_w < ui->target * 3 / 2)
        s.clock_w = ui->target * 3 / 2;
    s.icon_w = icon ? (s.bar_h - ui->pad / 2 * 2) * (narrow ? 3 : 4) / 4 : 0;
    if (title && *title) {
        int room = ui->w - ui->pad / 2 * 2 - s.clock_w - ui->gap -
                   (s.onsite_w ? s.onsite_w + ui->gap : 0) - (icon ? s.icon_w + ui->pad / 2 : 0);
        if (!header_title_fits(ui, title, room, s.bar_h - ui->pad / 2 * 2))
            s.row2 = ui_line_height(ui, UI_TEXT_TITLE, 1) + ui->pad / 2;
    }
    return s;
}

/* Right: "On site now" for hosts, then the clock (hold 3 s: admin). */
static void header_right(struct app *app, struct ui *ui, SDL_Rect *inner, const struct header_shape *s)
{
    if (s->onsite_w) {
        SDL_Rect onsite = ui_cut_right(inner, s->onsite_w);
        if (ui_button(ui, onsite, ICON_GROUPS, _("On site"), UI_SECONDARY))
            app_push(app, &scr_onsite);
        ui_cut_right(inner, ui->gap);
    }
    char clock[16];
    timefmt_time(appclock_wall(app), clock, sizeof clock);
    SDL_Rect clock_r = ui_cut_right(inner, s->clock_w);
    ui_text(ui, clock_r, clock, UI_TEXT_LARGE, 1, THEME_HEADER_TEXT, THEME_HEADER_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (ui_long_press(ui, clock_r, "clock", HEADER_ADMIN_HOLD_MS))
        app_goto(app, &scr_admin);
    ui_cut_right(inner, ui->gap);
}

SDL_Rect header_draw(struct app *app, struct ui *ui, unsigned icon, const char *title)
{
    SDL_Rect all = { 0, 0, ui->w, ui->h };
    struct header_shape s = header_measure(app, ui, icon, title);
    SDL_Rect bar = ui_cut_top(&all, s.bar_h + s.row2);
    ui_fill(ui, bar, THEME_HEADER_BG, 0);
    SDL_Rect title_r = bar;
    SDL_Rect inner = ui_inset(ui_cut_top(&title_r, s.bar_h), ui->pad / 2);
    header_right(app, ui, &inner, &s);

    /* Left: the screen's pictogram and title (the title in its own row when it needs one). */
    if (icon) {
        SDL_Rect ir = ui_cut_left(&inner, s.icon_w);
        int isz = inner.h > 0 ? s.icon_w * (inner.h - ui->pad / 3 * 2) / inner.h : 0;
        ui_icon(ui, ui_center(ir, isz, isz), icon, THEME_HEADER_TEXT, THEME_HEADER_BG);
        ui_cut_left(&inner, ui->pad / 2);
    }
    if (s.row2) {
        inner = title_r;
        ui_cut_bottom(&inner, ui->pad / 2);
        ui_cut_left(&inner, ui->pad / 2 + ui->pad / 3);
        ui_cut_right(&inner, ui->pad / 2);
    }
    ui_text(ui, inner, title, UI_TEXT_TITLE, 1, THEME_HEADER_TEXT, THEME_HEADER_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    return ui_inset(all, ui->pad);
}
