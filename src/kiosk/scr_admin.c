/*
** scr_admin.c - the admin menu: the coordinator's screen behind the admin PIN, entered by
** holding the header clock for 3 seconds (app.c).
**
** The admin PIN sets app->admin_unlocked, so the admin screens reached from here do not ask
** again; app_end_visit (Close, the idle countdown) clears it. The menu is built from the table
** admin_entries[]: a new function (USB import, export, QR codes, purge) is one row there.
** Above the menu: the workplace, the pack's date, the kiosk id and whether the clock is trusted.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "pinpad.h"
#include "step.h"
#include "theme.h"
#include "timefmt.h"
#include "usb.h"

struct admin_entry {
    const char *label;              /* N_(): translated where drawn */
    unsigned icon;
    const struct screen *target;    /* the screen it opens, or NULL when action does the work */
    int push;                       /* 1: over the menu (the on-site list comes back here) */
    void (*action)(struct app *app);
    int style;
};

static void admin_close(struct app *app)
{
    app_end_visit(app);
}

/* The menu, in the order it is shown. */
static const struct admin_entry admin_entries[] = {
    /* label                      icon              target            push action style */
    { N_("On site now"),          ICON_GROUPS,      &scr_onsite,      1, NULL, UI_PRIMARY },
    { N_("Import day pack"),      ICON_USB,         &scr_admin_import, 0, NULL, UI_PRIMARY },
    { N_("Export to USB stick"),  ICON_USB,         &scr_admin_export, 0, NULL, UI_PRIMARY },
    { N_("Export as QR codes"),   ICON_QR,          &scr_admin_qr,    0, NULL, UI_PRIMARY },
    { N_("Receipt and delete"),   ICON_VERIFIED,    &scr_admin_receipt, 0, NULL, UI_PRIMARY },
    { N_("Set date and time"),    ICON_SCHEDULE,    &scr_admin_clock, 0, NULL, UI_PRIMARY },
    { N_("Change PINs"),          ICON_KEY,         &scr_admin_pins,  0, NULL, UI_PRIMARY },
    { N_("Self-check"),           ICON_FACT_CHECK,  &scr_selfcheck,   0, NULL, UI_PRIMARY },
    { N_("Close"),                ICON_CLOSE,       NULL,             0, admin_close, UI_SECONDARY },
};
enum { ADMIN_ENTRY_COUNT = sizeof admin_entries / sizeof admin_entries[0] };

enum admin_step { ADMIN_PIN = 0, ADMIN_MENU };

static struct {
    struct step_state step;         /* enum admin_step: the menu once the admin PIN was given */
    struct pinpad pad;
} admin;

static void admin_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    pinpad_reset(&admin.pad, "admin");
}

static void admin_open(struct app *app, const struct admin_entry *e)
{
    if (e->action)
        e->action(app);
    else if (e->push)
        app_push(app, e->target);
    else
        app_goto(app, e->target);
}

/* One "what: value" fact of the kiosk in a cell of the panel at the top. */
static void admin_fact(struct ui *ui, SDL_Rect cell, const char *what, const char *value,
                       int warn)
{
    char line[400];
    snprintf(line, sizeof line, "%s %s", what, value);
    SDL_Color bg = warn ? THEME_NOTICE_BG : THEME_SURFACE;
    SDL_Color fg = warn ? THEME_NOTICE_TEXT : THEME_TEXT;
    if (warn)
        ui_fill(ui, cell, bg, ui->radius);
    ui_text(ui, ui_inset(cell, ui->pad / 4), line, UI_TEXT_SMALL, warn, fg, bg,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static void admin_frame_menu(struct app *app, struct ui *ui, SDL_Rect area)
{
    char date[96];
    const struct pack *p = app->pack;
    int portrait = ui->h > ui->w;
    struct store_time now;
    store_time_now(app->store, &now);

    /* The facts: 2 x 2 in landscape, one column when portrait. */
    int cols = portrait ? 1 : 2, rows = portrait ? 4 : 2;
    int fact_h = ui_line_height(ui, UI_TEXT_SMALL, 1) * 2 + ui->pad / 2;
    SDL_Rect panel = ui_cut_top(&area, fact_h * rows + ui->pad / 2);
    ui_cut_top(&area, ui->gap);
    ui_fill(ui, panel, THEME_SURFACE, ui->radius);
    SDL_Rect facts = ui_inset(panel, ui->pad / 4);
    admin_fact(ui, ui_grid_cell(facts, cols, rows, 0, ui->pad / 4), _("Workplace:"),
               p ? app_text(app, &p->workplace.name) : _("no day pack"), p == NULL);
    admin_fact(ui, ui_grid_cell(facts, cols, rows, 1, ui->pad / 4), _("Day pack for:"),
               p ? timefmt_date(p->workplace.date, date, sizeof date) : "-", 0);
    admin_fact(ui, ui_grid_cell(facts, cols, rows, 2, ui->pad / 4), _("Kiosk:"),
               store_kiosk_id(app->store), 0);
    admin_fact(ui, ui_grid_cell(facts, cols, rows, 3, ui->pad / 4), _("Clock:"),
               now.suspect ? _("may be wrong, please set it") : _("ok"), now.suspect);

    /* The menu: big buttons, three (portrait two) to a row. */
    /* As few columns as let every row keep a whole target's height. */
    int mcols = portrait ? 2 : 3;
    int mrows = (ADMIN_ENTRY_COUNT + mcols - 1) / mcols;
    while (mcols < 5 && mrows * ui->target + (mrows - 1) * ui->gap > area.h) {
        mcols++;
        mrows = (ADMIN_ENTRY_COUNT + mcols - 1) / mcols;
    }
    int max_h = ui->target * 5 / 2;
    int h = mrows * max_h + (mrows - 1) * ui->gap;
    SDL_Rect menu = h < area.h ? ui_cut_top(&area, h) : area;
    for (int i = 0; i < ADMIN_ENTRY_COUNT; i++) {
        const struct admin_entry *e = &admin_entries[i];
        if (ui_button(ui, ui_grid_cell(menu, mcols, mrows, i, ui->gap), e->icon, _(e->label),
                      e->style))
            admin_open(app, e);
    }
}

static void admin_frame_pin(struct app *app, struct ui *ui, SDL_Rect area)
{
    const char *prompt = usb_stick() ? _("A USB stick is in. Coordinator: type the admin PIN to "
                                         "import or export.")
                                     : _("Coordinator: type the admin PIN.");
    switch (pinpad_frame(app, ui, &admin.pad, area, prompt)) {
    case PINPAD_OK:
        app->admin_unlocked = 1;
        break;
    case PINPAD_CANCEL:
        app_end_visit(app);
        break;
    default:
        break;
    }
}

/* The menu comes where the PIN pad's keys were: the step helper keeps a double tap on OK from
** opening what lies under it. */
static const struct step admin_steps[] = {
    [ADMIN_PIN] = { admin_frame_pin },
    [ADMIN_MENU] = { admin_frame_menu },
};

static void admin_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_ADMIN, _("Admin"));
    admin.step.at = app->admin_unlocked ? ADMIN_MENU : ADMIN_PIN;
    step_frame(app, ui, &admin.step, 0, admin_steps, STEP_COUNT(admin_steps), area);
}

static int admin_variant(struct app *app, int n)
{
    switch (n) {
    case 0:     /* the PIN */
        app->admin_unlocked = 0;
        admin_enter(app, NULL, SCREEN_GOTO);
        return 0;
    case 1:     /* a wrong PIN */
        app->admin_unlocked = 0;
        admin_enter(app, NULL, SCREEN_GOTO);
        snprintf(admin.pad.message, sizeof admin.pad.message, "%s",
                 _("Wrong PIN. Please try again."));
        return 0;
    case 2:     /* the menu */
        app->admin_unlocked = 1;
        return 0;
    default:
        return -1;
    }
}

const struct screen scr_admin = {
    .name = "admin",
    .enter = admin_enter,
    .frame = admin_frame,
    .variant = admin_variant,
    .flags = SCREEN_HOST | SCREEN_NO_ONSITE,
};
