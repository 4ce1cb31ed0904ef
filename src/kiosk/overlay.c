/*
** overlay.c - the idle countdown, the notice and the start-up problem (see overlay.h).
**
** The countdown covers the screen with a plain panel, so the shadow's context (their name,
** plan, answers) is out of sight in its last seconds and someone walking past sees only the
** question and the button.
*/
#include "overlay.h"

#include <stdio.h>

#include "i18n.h"
#include "icons.h"
#include "theme.h"

int overlay_idle(struct ui *ui, int seconds_left)
{
    SDL_Rect panel = ui_center((SDL_Rect){ 0, 0, ui->w, ui->h }, ui->w * 9 / 10, ui->h * 8 / 10);
    ui_fill(ui, (SDL_Rect){ 0, 0, ui->w, ui->h }, THEME_SURFACE, 0);
    ui_fill(ui, panel, THEME_WHITE, ui->radius);
    ui_frame_rect(ui, panel, THEME_FRAME, 2, ui->radius);
    SDL_Rect in = ui_inset(panel, ui->pad * 2);
    SDL_Rect button = ui_cut_bottom(&in, ui->target * 2);
    char msg[160];
    ui_text(ui, ui_cut_top(&in, in.h / 2), _("Are you still there?"), UI_TEXT_TITLE, 1,
            THEME_TEXT, THEME_WHITE, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    snprintf(msg, sizeof msg,
             NG_("Going back to the start in %d second.", "Going back to the start in %d seconds.",
                 seconds_left),
             seconds_left);
    ui_text(ui, in, msg, UI_TEXT_LARGE, 0, THEME_TEXT, THEME_WHITE, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    int bw = button.w * 3 / 4 > ui->target * 8 ? ui->target * 8 : button.w * 3 / 4;
    return ui_button(ui, ui_center(button, bw, button.h), ICON_TOUCH, _("I am still here"),
                     UI_PRIMARY);
}

int overlay_notice(struct ui *ui, const char *msg)
{
    SDL_Rect box = { ui->w / 20, ui->h - ui->h / 3 - ui->pad, ui->w - ui->w / 10, ui->h / 3 };
    ui_fill(ui, box, THEME_NOTICE_BG, ui->radius);
    ui_frame_rect(ui, box, THEME_NOTICE_TEXT, 2, ui->radius);
    SDL_Rect in = ui_inset(box, ui->pad);
    SDL_Rect ok = ui_cut_right(&in, ui->target * 2);
    ui_icon(ui, ui_cut_left(&in, ui->target), ICON_WARNING, THEME_NOTICE_TEXT, THEME_NOTICE_BG);
    ui_text(ui, in, msg, UI_TEXT_BODY, 1, THEME_NOTICE_TEXT, THEME_NOTICE_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    return ui_button(ui, ui_center(ok, ok.w, ui->target), ICON_CHECK, _("OK"), UI_PRIMARY);
}

void overlay_fatal(struct ui *ui, const char *why)
{
    SDL_Rect all = ui_inset((SDL_Rect){ 0, 0, ui->w, ui->h }, ui->pad * 2);
    ui_icon(ui, ui_cut_top(&all, ui->target * 2), ICON_WARNING, THEME_DANGER, THEME_BG);
    ui_text(ui, all, why, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_TOP);
}
