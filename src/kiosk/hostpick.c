/*
** hostpick.c - the "Tap your name" tiles: pictogram, name and role of each host, the
** coordinator last, Back and paging in a row at the bottom.
**
** Tiles are at least three targets wide and as tall as a name and a role need (never under one
** target), so the page holds as many as the display allows; the rest are on further pages.
*/
#include "hostpick.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "icons.h"
#include "pager.h"
#include "text.h"
#include "theme.h"

void hostpick_reset(struct hostpick *hp)
{
    memset(hp, 0, sizeof *hp);
}

const char *hostpick_name(const struct app *app, const char *subject)
{
    if (strcmp(subject, HOSTPICK_ADMIN) == 0)
        return _("Coordinator");
    const struct pack_host *h = app->pack ? pack_find_host(app->pack, subject) : NULL;
    return h && h->name && h->name[0] ? h->name : subject;
}

/* Width of the pictogram column of a tile, and of the words beside it in a tile cw wide. */
static int hostpick_icon_w(const struct ui *ui)
{
    return ui->target * 3 / 4;
}

static int hostpick_words_w(const struct ui *ui, int cw)
{
    return cw - ui->pad - hostpick_icon_w(ui) - ui->pad / 2;
}

/* The widest name at its size, so the tiles can be made wide enough for every name. */
static int hostpick_name_w(struct app *app, struct ui *ui, int with_admin)
{
    const struct pack *p = app->pack;
    int widest = 0, w = 0, h = 0;
    for (int i = 0; p && i < p->host_count; i++) {
        text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_LARGE], hostpick_name(app, p->hosts[i].id), &w,
                     &h);
        widest = w > widest ? w : widest;
    }
    if (with_admin) {
        text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_LARGE], _("Coordinator"), &w, &h);
        widest = w > widest ? w : widest;
    }
    return widest;
}

/* The tallest role in words_w (wrapped, two lines at most). */
static int hostpick_role_h(struct app *app, struct ui *ui, int words_w, int with_admin)
{
    const struct pack *p = app->pack;
    int tallest = 0, cap = ui_line_height(ui, UI_TEXT_SMALL, 0) * 2;
    for (int i = 0; p && i < p->host_count; i++) {
        int h = ui_text_height(ui, words_w, app_text(app, &p->hosts[i].role), UI_TEXT_SMALL, 0);
        tallest = h > tallest ? h : tallest;
    }
    if (with_admin) {
        int h = ui_text_height(ui, words_w, _("Admin PIN"), UI_TEXT_SMALL, 0);
        tallest = h > tallest ? h : tallest;
    }
    return tallest < cap ? tallest : cap;
}

/* One tile: a pressed look, the pictogram, the name and under it the role. */
static int hostpick_tile(struct ui *ui, SDL_Rect cell, unsigned icon, const char *name,
                         const char *role, int role_h)
{
    int pressed = ui_pressed(ui, cell);
    SDL_Color bg = pressed ? THEME_SECONDARY_DOWN : THEME_SECONDARY;
    ui_fill(ui, cell, bg, ui->radius);
    SDL_Rect in = ui_inset(cell, ui->pad / 2);
    int is = hostpick_icon_w(ui);
    ui_icon(ui, ui_center(ui_cut_left(&in, is), is, is), icon, THEME_SECONDARY_TEXT, bg);
    ui_cut_left(&in, ui->pad / 2);
    if (role && role[0]) {
        /* Name and role as one block in the middle of the tile. */
        int name_h = ui_line_height(ui, UI_TEXT_LARGE, 1);
        if (name_h + role_h < in.h)
            in = ui_center(in, in.w, name_h + role_h);
        ui_text(ui, ui_cut_top(&in, name_h), name, UI_TEXT_LARGE, 1, THEME_SECONDARY_TEXT, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        ui_text(ui, in, role, UI_TEXT_SMALL, 0, THEME_SECONDARY_TEXT, bg,
                UI_ALIGN_LEFT | UI_ALIGN_TOP);
    } else {
        ui_text(ui, in, name, UI_TEXT_LARGE, 1, THEME_SECONDARY_TEXT, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    return ui_area(ui, cell, name);
}

/* How the tiles are laid out on a page. */
struct hostpick_grid {
    int cols, rows, cw, ch;     /* tiles per row and column, and their size */
    int role_h;                 /* room for the role under a name */
};

/* As many tiles as fit area: three targets wide and wide enough for the longest name, a name
** and a role tall; they grow a little into spare room, but stay tiles. */
static struct hostpick_grid hostpick_shape(struct app *app, struct ui *ui, SDL_Rect area,
                                           int with_admin)
{
    struct hostpick_grid g;
    int tile_w = ui->pad + hostpick_icon_w(ui) + ui->pad / 2 + hostpick_name_w(app, ui, with_admin);
    if (tile_w < ui->target * 3)
        tile_w = ui->target * 3;
    g.cols = (area.w + ui->gap) / (tile_w + ui->gap);
    g.cols = g.cols < 1 ? 1 : g.cols > 4 ? 4 : g.cols;
    g.role_h = hostpick_role_h(app, ui,
                               hostpick_words_w(ui, (area.w - ui->gap * (g.cols - 1)) / g.cols),
                               with_admin);
    int tile_h = ui_line_height(ui, UI_TEXT_LARGE, 1) + g.role_h + ui->pad;
    if (tile_h < ui->target)
        tile_h = ui->target;
    g.rows = (area.h + ui->gap) / (tile_h + ui->gap);
    g.rows = g.rows < 1 ? 1 : g.rows;
    g.ch = (area.h - ui->gap * (g.rows - 1)) / g.rows;
    if (g.ch > tile_h * 3 / 2)
        g.ch = tile_h * 3 / 2;
    g.cw = (area.w - ui->gap * (g.cols - 1)) / g.cols;
    return g;
}

/* Back, and Previous and Next when there are pages. Returns 1 when Back was tapped. */
static int hostpick_nav(struct ui *ui, SDL_Rect nav, int *page, int pages)
{
    int bw = nav.w / 4 > ui->target * 3 ? nav.w / 4 : ui->target * 3;
    if (bw * 3 + ui->gap * 2 > nav.w)
        bw = (nav.w - ui->gap * 2) / 3;
    int back_w = bw;
    if (pages == 1) {
        /* Alone in the row: wide enough for the word at body size beside its pictogram. */
        int tw = 0, th = 0, inner = ui->target - (ui->pad / 2 + 1) * 2;
        text_measure(TEXT_BOLD, ui->text_px[UI_TEXT_BODY], _("Back"), &tw, &th);
        int need = (ui->pad / 2 + 1) * 2 + inner * 70 / 100 + ui->pad / 2 + tw + ui->pad / 2;
        back_w = need > nav.w / 2 ? nav.w / 2 : need > bw ? need : bw;
    }
    int back = ui_button(ui, ui_cut_left(&nav, back_w), ICON_ARROW_BACK, _("Back"), UI_SECONDARY);
    pager_buttons(ui, &nav, bw, page, pages);
    return back;
}

int hostpick_frame(struct app *app, struct ui *ui, struct hostpick *hp, SDL_Rect area,
                   const char *prompt, int with_admin, char subject[PACK_ID_MAX])
{
    int result = HOSTPICK_NONE;
    const struct pack *p = app->pack;
    int hosts = p ? p->host_count : 0;
    int count = hosts + (with_admin ? 1 : 0);

    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    int ph = ui_text_height(ui, area.w, prompt, UI_TEXT_LARGE, 1);
    if (ph > area.h / 4)
        ph = area.h / 4;
    ui_text(ui, ui_cut_top(&area, ph), prompt, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap);

    struct hostpick_grid g = hostpick_shape(app, ui, area, with_admin);
    int per_page = g.cols * g.rows;
    int pages = count > 0 ? (count + per_page - 1) / per_page : 1;
    if (hp->page >= pages)
        hp->page = pages - 1;
    if (hp->page < 0)
        hp->page = 0;
    for (int i = 0; i < per_page; i++) {
        int idx = hp->page * per_page + i;
        if (idx >= count)
            break;
        SDL_Rect cell = { area.x + (i % g.cols) * (g.cw + ui->gap),
                          area.y + (i / g.cols) * (g.ch + ui->gap), g.cw, g.ch };
        if (idx < hosts) {
            const struct pack_host *h = &p->hosts[idx];
            if (hostpick_tile(ui, cell, ICON_BADGE, hostpick_name(app, h->id),
                              app_text(app, &h->role), g.role_h)) {
                snprintf(subject, PACK_ID_MAX, "%s", h->id);
                result = HOSTPICK_CHOSEN;
            }
        } else if (hostpick_tile(ui, cell, ICON_ADMIN, _("Coordinator"), _("Admin PIN"),
                                 g.role_h)) {
            snprintf(subject, PACK_ID_MAX, "%s", HOSTPICK_ADMIN);
            result = HOSTPICK_CHOSEN;
        }
    }
    if (count == 0)
        ui_text(ui, area, _("The day pack has no hosts."), UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (hostpick_nav(ui, nav, &hp->page, pages))
        result = HOSTPICK_BACK;
    return result;
}
