/*
** scr_who.c - Who are you? Today's shadows as tiles (photo or initials, first name), paged;
** then "Are you Matti?" Yes / No.
**
** Yes makes the check-in record (the visit) unless the shadow already has one today: then it
** goes on where they were (waiting for the escort, or the hub). A shadow who checked out today
** is asked whether to check in again.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "avatar.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "pager.h"
#include "step.h"
#include "theme.h"
#include "timefmt.h"

enum who_step { WHO_GRID = 0, WHO_CONFIRM, WHO_AGAIN };

static struct {
    struct step_state step;     /* enum who_step */
    int page;
    const struct pack_shadow *chosen;
} who;

static void who_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    memset(&who, 0, sizeof who);
}

/*
** Columns and rows of tiles that fit area with tiles at least 2 targets wide. When everyone fits
** on one page, the tiles grow: the shape that gives the biggest pictures is taken.
*/
static void who_grid_shape(const struct ui *ui, SDL_Rect area, int count, int *cols, int *rows)
{
    int tile = ui->target * 2 + ui->gap;
    int name_h = ui->text_px[UI_TEXT_BODY];
    *cols = (area.w + ui->gap) / (tile + ui->gap);
    *rows = (area.h + ui->gap) / (tile + name_h + ui->gap);
    if (*cols < 1)
        *cols = 1;
    if (*rows < 1)
        *rows = 1;
    if (count < 1 || count > *cols * *rows)
        return;
    int best = 0;
    for (int c = 1; c <= count; c++) {
        int r = (count + c - 1) / c;
        int cw = (area.w - ui->gap * (c - 1)) / c;
        int ch = (area.h - ui->gap * (r - 1)) / r - name_h;
        int size = cw < ch ? cw : ch;
        if (size > best) {
            best = size;
            *cols = c;
            *rows = r;
        }
    }
}

static void who_check_in(struct app *app)
{
    const struct pack_shadow *s = who.chosen;
    app_begin_visit(app, s);
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_CHECKIN;
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", s->id);
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    if (app_save(app, &rec) != SD_OK)
        return;     /* stays on the question; the notice says it was not saved */
    app_goto(app, &scr_escort);
}

static void who_yes(struct app *app)
{
    app_begin_visit(app, who.chosen);
    const struct visit *v = &app->visit.state;
    if (!v->uuid[0]) {
        who_check_in(app);
    } else if (v->state == VISIT_WAITING_ESCORT) {
        app_goto(app, &scr_escort);
    } else if (v->state == VISIT_ON_SITE) {
        app_goto(app, &scr_hub);
    } else {
        who.step.at = WHO_AGAIN;
    }
}

static void who_frame_grid(struct app *app, struct ui *ui, SDL_Rect area)
{
    const struct pack *p = app->pack;
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    /* Back, Previous and Next take a third of the row each at most; "Page 1 of 2" goes above
       them when what is left of the row is too narrow for it. */
    int bw = nav.w / 4 > ui->target * 3 ? nav.w / 4 : ui->target * 3;
    if (bw * 3 + ui->gap * 2 > nav.w)
        bw = (nav.w - ui->gap * 2) / 3;
    int count = p ? p->shadow_count : 0;
    int cols, rows;
    who_grid_shape(ui, area, count, &cols, &rows);
    SDL_Rect page_r = nav;
    if (count > cols * rows && nav.w - bw * 3 - ui->gap * 3 < ui->target * 2) {
        page_r = ui_cut_bottom(&area, ui_line_height(ui, UI_TEXT_BODY, 0));
        ui_cut_bottom(&area, ui->gap / 2);
        who_grid_shape(ui, area, count, &cols, &rows);
    }
    int per_page = cols * rows;
    int pages = count > 0 ? (count + per_page - 1) / per_page : 1;
    if (who.page >= pages)
        who.page = pages - 1;

    for (int i = 0; i < per_page; i++) {
        int idx = who.page * per_page + i;
        if (idx >= count)
            break;
        const struct pack_shadow *s = &p->shadows[idx];
        SDL_Rect cell = ui_grid_cell(area, cols, rows, i, ui->gap);
        int pressed = ui_pressed(ui, cell);
        ui_fill(ui, cell, pressed ? THEME_SECONDARY_DOWN : THEME_SURFACE, ui->radius);
        SDL_Rect in = ui_inset(cell, ui->pad / 2);
        int name_size = cell.h >= ui->target * 4 ? UI_TEXT_LARGE : UI_TEXT_BODY;  /* big tiles */
        SDL_Rect name = ui_cut_bottom(&in, ui_line_height(ui, name_size, 1));
        avatar_draw(ui, app->pack, in, s);
        ui_text(ui, name, s->first_name, name_size, 1, THEME_TEXT,
                pressed ? THEME_SECONDARY_DOWN : THEME_SURFACE, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
        if (ui_area(ui, cell, s->first_name)) {
            who.chosen = s;
            who.step.at = WHO_CONFIRM;
        }
    }

    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_start);
    ui_cut_left(&nav, ui->gap);
    if (pages > 1) {
        char label[64];
        pager_buttons(ui, &nav, bw, &who.page, pages);
        snprintf(label, sizeof label, _("Page %d of %d"), who.page + 1, pages);
        ui_text(ui, page_r.y == nav.y ? nav : page_r, label, UI_TEXT_BODY, 0, THEME_TEXT, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    }
}

static void who_frame_question(struct app *app, struct ui *ui, SDL_Rect area, const char *question,
                               unsigned yes_icon, const char *yes, const char *no)
{
    int portrait = ui->h > ui->w;
    SDL_Rect buttons = ui_cut_bottom(&area, ui->target * 2);
    ui_cut_bottom(&area, ui->gap);
    SDL_Rect photo = portrait ? ui_cut_top(&area, area.h / 2) : ui_cut_left(&area, area.h);
    avatar_draw(ui, app->pack, ui_inset(photo, ui->pad), who.chosen);
    ui_text(ui, ui_inset(area, ui->pad), question, UI_TEXT_HUGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    SDL_Rect no_r = ui_grid_cell(buttons, 2, 1, 0, ui->gap * 2);
    SDL_Rect yes_r = ui_grid_cell(buttons, 2, 1, 1, ui->gap * 2);
    if (ui_button(ui, no_r, ICON_CLOSE, no, UI_SECONDARY)) {
        who.step.at = WHO_GRID;
        who.chosen = NULL;
        app->visit.shadow = NULL;
    }
    if (ui_button(ui, yes_r, yes_icon, yes, UI_OK)) {
        if (who.step.at == WHO_CONFIRM)
            who_yes(app);
        else
            who_check_in(app);
    }
}

static void who_frame_confirm(struct app *app, struct ui *ui, SDL_Rect area)
{
    char q[256];
    snprintf(q, sizeof q, _("Are you %s?"), who.chosen->first_name);
    who_frame_question(app, ui, area, q, ICON_CHECK, _("Yes, that is me"), _("No"));
}

static void who_frame_again(struct app *app, struct ui *ui, SDL_Rect area)
{
    char q[256], t[16];
    snprintf(q, sizeof q, _("%s, you checked out today at %s. Do you want to check in again?"),
             who.chosen->first_name, timefmt_time(app->visit.state.checkout_time, t, sizeof t));
    who_frame_question(app, ui, area, q, ICON_LOGIN, _("Check in again"), _("No"));
}

/* "No" sits where a tile was: the step helper keeps a double tap on a tile from answering. */
static const struct step who_steps[] = {
    [WHO_GRID] = { who_frame_grid },
    [WHO_CONFIRM] = { who_frame_confirm },
    [WHO_AGAIN] = { who_frame_again },
};

static void who_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_PERSON, _("Who are you?"));
    if (!who.chosen)
        who.step.at = WHO_GRID;
    step_frame(app, ui, &who.step, 0, who_steps, STEP_COUNT(who_steps), area);
}

static int who_variant(struct app *app, int n)
{
    if (!app->pack || app->pack->shadow_count == 0 || n > 2)
        return -1;
    memset(&who, 0, sizeof who);
    who.step.at = n;
    who.chosen = &app->pack->shadows[0];
    app->visit.state.checkout_time = appclock_wall(app);
    return 0;
}

const struct screen scr_who = {
    .name = "who",
    .enter = who_enter,
    .frame = who_frame,
    .variant = who_variant,
    .flags = SCREEN_VISIT,
};
