/*
** scr_thanks.c - Thanks: "Thank you, Matti! Have a good evening." with a big pictogram, then
** back to Start by itself after a few seconds, or at once with OK.
**
** Either way goes through app_end_visit, which forgets the shadow (their name leaves the
** screen). The timer is the ui's wake time, so the sleeping loop wakes for it without input.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "pack.h"
#include "theme.h"

enum {
    THANKS_SHOW_MS = 10000,         /* then back to Start */
    THANKS_EVENING_FROM = 14 * 60,  /* "good evening" from 14.00, "good day" before */
};

static struct {
    char name[128];                 /* the shadow's first name, kept past the visit */
    int evening;
    uint32_t until_ms;
} thanks;

static void thanks_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    memset(&thanks, 0, sizeof thanks);
    if (app->visit.shadow && app->visit.shadow->first_name)
        snprintf(thanks.name, sizeof thanks.name, "%s", app->visit.shadow->first_name);
    thanks.evening = appclock_minutes_now(app) >= THANKS_EVENING_FROM;
    thanks.until_ms = appclock_ticks(app) + THANKS_SHOW_MS;
}

static void thanks_frame(struct app *app, struct ui *ui)
{
    char title[200];
    SDL_Rect area = header_draw(app, ui, ICON_WAVING_HAND, _("Goodbye"));
    if ((int32_t)(appclock_ticks(app) - thanks.until_ms) >= 0) {
        app_end_visit(app);
        return;
    }
    if (!ui->wake_ms || (int32_t)(thanks.until_ms - ui->wake_ms) < 0)
        ui->wake_ms = thanks.until_ms;

    int portrait = area.h > area.w;
    SDL_Rect ok_row = ui_cut_bottom(&area, ui->target * 3 / 2);
    ui_cut_bottom(&area, ui->gap);
    int bw = portrait ? ok_row.w : ok_row.w / 3;
    if (bw < ui->target * 3)
        bw = ok_row.w < ui->target * 3 ? ok_row.w : ui->target * 3;

    if (thanks.name[0])
        snprintf(title, sizeof title, _("Thank you, %s!"), thanks.name);
    else
        snprintf(title, sizeof title, "%s", _("Thank you!"));
    const char *wish = thanks.evening ? _("Have a good evening.") : _("Have a good day.");
    int th = ui_text_height(ui, area.w, title, UI_TEXT_HUGE, 1);
    int wh = ui_text_height(ui, area.w, wish, UI_TEXT_TITLE, 0);
    int ih = area.h - th - wh - ui->gap * 2;
    if (ih > ui->target * 4)
        ih = ui->target * 4;
    if (ih < 0)
        ih = 0;
    SDL_Rect box = ui_center(area, area.w, ih + th + wh + ui->gap * 2 < area.h
                                               ? ih + th + wh + ui->gap * 2 : area.h);
    if (ih > 0)
        ui_icon(ui, ui_cut_top(&box, ih), ICON_WAVING_HAND, THEME_PRIMARY, THEME_BG);
    ui_cut_top(&box, ui->gap);
    ui_text(ui, ui_cut_top(&box, th < box.h ? th : box.h), title, UI_TEXT_HUGE, 1, THEME_TEXT,
            THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&box, ui->gap);
    ui_text(ui, box, wish, UI_TEXT_TITLE, 0, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_TOP);

    if (ui_button(ui, ui_center(ok_row, bw, ok_row.h), ICON_CHECK, _("OK"), UI_PRIMARY))
        app_end_visit(app);
}

static int thanks_variant(struct app *app, int n)
{
    if (n > 1)
        return -1;
    thanks_enter(app, NULL, SCREEN_GOTO);
    thanks.evening = n == 1;
    return 0;
}

const struct screen scr_thanks = {
    .name = "thanks",
    .enter = thanks_enter,
    .frame = thanks_frame,
    .variant = thanks_variant,
    .flags = SCREEN_VISIT,
};
