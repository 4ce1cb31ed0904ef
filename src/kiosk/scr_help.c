/*
** scr_help.c - Help: who to turn to. The escort (name, role, phone), the coordinator from the
** sending organisation (name, phone), the workplace's address, and "In an emergency call 112".
**
** Pushed over the hub; Back returns to it (gone to, Back goes to the hub). Everything comes from the day pack; a part the pack
** leaves empty is left out rather than shown blank.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "theme.h"

/* One panel: a pictogram, a small heading, a bold main line and a second line. */
static void help_panel(struct ui *ui, SDL_Rect r, unsigned icon, const char *heading,
                       const char *main, const char *second, SDL_Color fg, SDL_Color bg)
{
    ui_fill(ui, r, bg, ui->radius);
    SDL_Rect in = ui_inset(r, ui->pad / 2);
    int is = in.h < ui->target ? in.h : ui->target;
    SDL_Rect pic = ui_cut_left(&in, is);
    ui_icon(ui, ui_rect(pic.x, in.y + (in.h - is) / 2, is, is), icon, fg, bg);
    ui_cut_left(&in, ui->pad / 2);
    int lines = (heading && heading[0]) + (main && main[0]) + (second && second[0]);
    if (lines == 0)
        return;
    int hh = heading && heading[0] ? in.h / (lines + 1) : 0;
    if (hh) {
        ui_text(ui, ui_cut_top(&in, hh), heading, UI_TEXT_BODY, 0, fg, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        lines--;
    }
    if (main && main[0]) {
        SDL_Rect m = lines > 1 ? ui_cut_top(&in, in.h / 2) : in;
        ui_text(ui, m, main, UI_TEXT_LARGE, 1, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    if (second && second[0])
        ui_text(ui, in, second, UI_TEXT_LARGE, 1, fg, bg, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static int help_pushed;      /* over the hub: Back pops back to it */

static void help_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    help_pushed = how == SCREEN_PUSH;
}

static void help_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_HELP, _("Help"));
    const struct pack_workplace *w = &app->pack->workplace;
    const struct pack_host *h = app_escort(app);
    int portrait = ui->h > ui->w;
    char who[300];

    SDL_Rect back = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    if (ui_button(ui, ui_cut_left(&back, portrait ? back.w : back.w / 3), ICON_ARROW_BACK,
                  _("Back"), UI_SECONDARY)) {
        if (help_pushed)
            app_pop(app);
        else
            app_goto(app, &scr_hub);
    }

    int cols = portrait ? 1 : 2, rows = portrait ? 4 : 2, i = 0;
    if (h) {
        const char *role = app_text(app, &h->role);
        if (role[0])
            snprintf(who, sizeof who, "%s (%s)", h->name, role);
        else
            snprintf(who, sizeof who, "%s", h->name);
        help_panel(ui, ui_grid_cell(area, cols, rows, i++, ui->gap), ICON_BADGE, _("Your escort"),
                   who, h->phone, THEME_TEXT, THEME_SURFACE);
    }
    if ((w->contact_name && w->contact_name[0]) || (w->contact_phone && w->contact_phone[0]))
        help_panel(ui, ui_grid_cell(area, cols, rows, i++, ui->gap), ICON_CONTACT_PHONE,
                   _("Coordinator"), w->contact_name, w->contact_phone, THEME_TEXT, THEME_SURFACE);
    if (w->address && w->address[0])
        help_panel(ui, ui_grid_cell(area, cols, rows, i++, ui->gap), ICON_PLACE, _("Address"),
                   app_text(app, &w->name), w->address, THEME_TEXT, THEME_SURFACE);
    help_panel(ui, ui_grid_cell(area, cols, rows, i, ui->gap), ICON_EMERGENCY, NULL,
               _("In an emergency call 112"), NULL, THEME_WHITE, THEME_DANGER);
}

static int help_variant(struct app *app, int n)
{
    return n == 0 && app->pack && app->visit.shadow ? 0 : -1;
}

const struct screen scr_help = {
    .name = "help",
    .enter = help_enter,
    .frame = help_frame,
    .variant = help_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_VISIT,
};
