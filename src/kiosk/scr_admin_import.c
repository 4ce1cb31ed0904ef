/*
** scr_admin_import.c - "Import day pack": the day packs on the USB stick (usb_find_packs), a
** preview of the chosen one (workplace, date, how many shadows, hosts, plan items, safety
** cards, questions, the coordinator key) or the full list of its problems, page by page; then
** a confirmation, and pack_import_dir installs it all or nothing.
**
** Only a pack without errors can be installed; a pack with problems leaves the kiosk's pack as
** it was. Each pack is read and checked once, when the stick is seen (pack_import_preview),
** never in every frame. Reading the stick and installing are work the app runs once "Reading
** the USB stick..." or "Installing the day pack..." is on the screen (app_work), and what came
** of it is drawn the moment it ends. After an install the app parses the stored pack again
** (app_reload_pack). Admin only, except on a kiosk that never had a pack (app_first_pack): it
** has no admin PIN yet, and a stick at Start opens this screen for its first pack.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "crypt.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "step.h"
#include "pack_import.h"
#include "pager.h"
#include "theme.h"
#include "timefmt.h"
#include "usb.h"

enum imp_step { IMP_LIST = 0, IMP_PREVIEW, IMP_PROBLEMS, IMP_CONFIRM, IMP_READING,
                IMP_INSTALLING };
enum { IMP_MAX_PACKS = 6 };

struct imp_pack {
    char path[512];
    const char *name;               /* the folder's name, inside path */
    struct pack *pack;              /* parsed, when it has no errors */
    struct pack_report rep;
};

static struct {
    struct step_state step;         /* enum imp_step */
    char stick[512];                /* the stick the list is (being) made for ("" = none) */
    struct imp_pack packs[IMP_MAX_PACKS];
    int count;
    int chosen;
    int page;                       /* of the problem list */
    char message[400];              /* the last install's outcome, when it did not install */
    int sample;                     /* variant(): no stick is looked at, nothing installed */
} imp;

/* Back to the admin menu, or to Start when the admin PIN was not given (the first pack). */
static void imp_leave(struct app *app)
{
    if (app->admin_unlocked)
        app_goto(app, &scr_admin);
    else
        app_end_visit(app);
}

static void imp_free(void)
{
    for (int i = 0; i < imp.count; i++) {
        pack_free(imp.packs[i].pack);
        pack_report_free(&imp.packs[i].rep);
    }
    memset(imp.packs, 0, sizeof imp.packs);
    imp.count = 0;
    imp.chosen = 0;
}

/* Read and check one folder into the list. */
static void imp_add(const char *path)
{
    struct imp_pack *p = &imp.packs[imp.count++];
    snprintf(p->path, sizeof p->path, "%s", path);
    const char *slash = strrchr(p->path, '/');
    p->name = slash ? slash + 1 : p->path;
    pack_report_init(&p->rep);
    if (pack_import_preview(path, &p->pack, &p->rep) != SD_OK || p->rep.errors > 0) {
        pack_free(p->pack);
        p->pack = NULL;
    }
}

/* The stick came, went or changed: look at its packs again. */
static void imp_scan(const char *stick)
{
    char paths[IMP_MAX_PACKS][512];
    imp_free();
    snprintf(imp.stick, sizeof imp.stick, "%s", stick ? stick : "");
    imp.step.at = IMP_LIST;
    imp.page = 0;
    int n = stick ? usb_find_packs(stick, paths, IMP_MAX_PACKS) : 0;
    for (int i = 0; i < n; i++)
        imp_add(paths[i]);
    if (imp.count == 1) {       /* one pack: straight to what it holds */
        imp.step.at = imp.packs[0].pack ? IMP_PREVIEW : IMP_PROBLEMS;
    }
}

/* The work: read and check the packs on the stick that is in now. */
static void imp_read(struct app *app)
{
    (void)app;
    if (imp.step.at == IMP_READING)
        imp_scan(usb_stick());
}

/* A stick came, went or changed: with none, say so at once; else read it as work. */
static void imp_look(const char *stick)
{
    if (!stick) {
        imp_scan(NULL);
        return;
    }
    imp_free();
    snprintf(imp.stick, sizeof imp.stick, "%s", stick);
    imp.step.at = IMP_READING;
}

static void imp_enter(struct app *app, const struct screen *from, int how)
{
    (void)app;
    (void)from;
    (void)how;
    imp_free();
    memset(&imp, 0, sizeof imp);
    imp_look(usb_stick());
}

/* The work: install the chosen pack, all or nothing. */
static void imp_install(struct app *app)
{
    if (imp.step.at != IMP_INSTALLING || imp.chosen >= imp.count)
        return;
    struct imp_pack *p = &imp.packs[imp.chosen];
    struct pack_report rep;
    char done[400];
    pack_report_init(&rep);
    int rc = pack_import_dir(app->store, p->path, &rep);
    if (rc == SD_OK) {
        app_reload_pack(app);
        snprintf(done, sizeof done, _("The day pack for %s is installed."),
                 app->pack ? app_text(app, &app->pack->workplace.name) : p->name);
        pack_report_free(&rep);
        imp_leave(app);
        app_notice(app, done, 6000);
        return;
    }
    if (rc == SD_EINVAL) {      /* it changed on the stick since the preview */
        pack_report_free(&p->rep);
        p->rep = rep;
        pack_free(p->pack);
        p->pack = NULL;
        imp.page = 0;
        imp.step.at = IMP_PROBLEMS;
        return;
    }
    pack_report_free(&rep);
    snprintf(imp.message, sizeof imp.message, "%s",
             rc == SD_EEXIST ? _("This day pack is installed already. Nothing was changed.")
                             : _("The day pack could not be installed. The kiosk keeps the pack "
                                 "it had. Please try again."));
    imp.step.at = IMP_PREVIEW;
}

/* A row of the preview: what, and how many or which. */
static void imp_fact(struct ui *ui, SDL_Rect r, const char *what, const char *value)
{
    char line[400];
    snprintf(line, sizeof line, "%s %s", what, value);
    ui_text(ui, r, line, UI_TEXT_BODY, 0, THEME_TEXT, THEME_SURFACE,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
}

static void imp_frame_list(struct app *app, struct ui *ui, SDL_Rect area)
{
    char line[400], date[96];
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    const char *say = NULL;
    if (!imp.stick[0])
        say = _("Put in the USB stick with the day pack: a folder named shadowday.");
    else if (imp.count == 0)
        say = _("There is no day pack on this USB stick. A day pack is a folder named shadowday "
                "with workplace.csv in it.");
    if (say) {
        ui_icon(ui, ui_cut_left(&area, ui->target * 2), ICON_USB, THEME_TEXT, THEME_BG);
        ui_cut_left(&area, ui->pad);
        ui_text(ui, area, say, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    } else {
        SDL_Rect head = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_BODY, 1) + ui->pad / 2);
        ui_text(ui, head, _("Day packs on the USB stick. Tap one to see what it holds."),
                UI_TEXT_BODY, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
        int row_h = ui->target;
        for (int i = 0; i < imp.count; i++) {
            if (area.h < row_h)
                break;
            SDL_Rect row = ui_cut_top(&area, row_h);
            ui_cut_top(&area, ui->gap / 2);
            const struct imp_pack *p = &imp.packs[i];
            if (p->pack)
                snprintf(line, sizeof line, "%s: %s, %s", p->name,
                         app_text(app, &p->pack->workplace.name),
                         timefmt_date(p->pack->workplace.date, date, sizeof date));
            else
                snprintf(line, sizeof line,
                         NG_("%s: %d problem", "%s: %d problems", (unsigned long)p->rep.errors),
                         p->name, p->rep.errors);
            if (ui_button(ui, row, p->pack ? ICON_EVENT : ICON_WARNING, line, UI_SECONDARY)) {
                imp.chosen = i;
                imp.page = 0;
                imp.message[0] = '\0';
                imp.step.at = p->pack ? IMP_PREVIEW : IMP_PROBLEMS;
            }
        }
    }
    if (ui_button(ui, ui_cut_left(&nav, nav.w / 3), ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        imp_leave(app);
}

static void imp_frame_preview(struct app *app, struct ui *ui, SDL_Rect area)
{
    char value[200], date[96], fp[CRYPT_FINGERPRINT_SIZE];
    const struct imp_pack *ip = &imp.packs[imp.chosen];
    const struct pack *p = ip->pack;
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    if (imp.message[0]) {
        SDL_Rect m = ui_cut_bottom(&area, ui_line_height(ui, UI_TEXT_BODY, 1) * 2);
        ui_text(ui, m, imp.message, UI_TEXT_BODY, 1, THEME_DANGER, THEME_BG,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }
    ui_fill(ui, area, THEME_SURFACE, ui->radius);
    SDL_Rect in = ui_inset(area, ui->pad / 2);
    /* Workplace and date, then two columns of counts. */
    int rows = 5;
    imp_fact(ui, ui_grid_cell(in, 1, rows, 0, 0), _("Workplace:"),
             app_text(app, &p->workplace.name));
    imp_fact(ui, ui_grid_cell(in, 1, rows, 1, 0), _("Day pack for:"),
             timefmt_date(p->workplace.date, date, sizeof date));
    SDL_Rect counts = in;
    counts.y = ui_grid_cell(in, 1, rows, 2, 0).y;
    counts.h = in.y + in.h - counts.y;
    ui_cut_bottom(&counts, counts.h / 3);
    const struct {
        const char *what;
        int n;
    } facts[] = {
        { N_("Shadows:"), p->shadow_count },   { N_("Hosts:"), p->host_count },
        { N_("Plan items:"), p->plan_count },  { N_("Safety cards:"), p->safety_count },
    };
    for (int i = 0; i < 4; i++) {
        snprintf(value, sizeof value, "%d", facts[i].n);
        imp_fact(ui, ui_grid_cell(counts, 2, 2, i, 0), _(facts[i].what), value);
    }
    if (p->workplace.has_coordinator_key) {
        crypt_fingerprint(p->workplace.coordinator_key, fp);
        snprintf(value, sizeof value, _("exports are encrypted to the key %s"), fp);
    } else {
        snprintf(value, sizeof value, "%s", _("none: exports are not encrypted"));
    }
    imp_fact(ui, ui_grid_cell(in, 1, rows, 4, 0), _("Coordinator key:"), value);

    int bw = nav.w / 3;
    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY)) {
        if (imp.count > 1)
            imp.step.at = IMP_LIST;
        else
            imp_leave(app);
    }
    if (ui_button(ui, ui_cut_right(&nav, bw), ICON_CHECK, _("Install"), UI_PRIMARY))
        imp.step.at = IMP_CONFIRM;
    if (ip->rep.count > 0) {
        ui_cut_left(&nav, ui->gap);
        ui_cut_right(&nav, ui->gap);
        snprintf(value, sizeof value, NG_("%d note", "%d notes", (unsigned long)ip->rep.count),
                 ip->rep.count);
        if (ui_button(ui, nav, ICON_LIST, value, UI_SECONDARY)) {
            imp.page = 0;
            imp.step.at = IMP_PROBLEMS;
        }
    }
}

/* Every problem (or warning) of the chosen pack, a page at a time. */
static void imp_frame_problems(struct app *app, struct ui *ui, SDL_Rect area)
{
    char line[600], head[300], page[100];
    const struct imp_pack *ip = &imp.packs[imp.chosen];
    const struct pack_report *rep = &ip->rep;
    SDL_Rect nav = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    if (ip->pack)
        snprintf(head, sizeof head, "%s", _("Notes on this day pack. It can still be installed."));
    else
        snprintf(head, sizeof head,
                 NG_("This day pack has %d problem, so it cannot be installed. The kiosk keeps "
                     "the pack it has.",
                     "This day pack has %d problems, so it cannot be installed. The kiosk keeps "
                     "the pack it has.", (unsigned long)rep->errors), rep->errors);
    SDL_Rect hr = ui_cut_top(&area, ui_line_height(ui, UI_TEXT_BODY, 1) * 2 + ui->pad / 2);
    ui_text(ui, hr, head, UI_TEXT_BODY, 1, ip->pack ? THEME_TEXT : THEME_DANGER, THEME_BG,
            UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    int row_h = ui_line_height(ui, UI_TEXT_SMALL, 0) * 2 + ui->pad / 3;
    int per_page = area.h / row_h;
    if (per_page < 1)
        per_page = 1;
    int pages = rep->count > 0 ? (rep->count + per_page - 1) / per_page : 1;
    if (imp.page >= pages)
        imp.page = pages - 1;
    for (int i = 0; i < per_page; i++) {
        int idx = imp.page * per_page + i;
        if (idx >= rep->count)
            break;
        const struct pack_problem *pp = &rep->problems[idx];
        SDL_Rect row = ui_cut_top(&area, row_h);
        SDL_Color bg = i % 2 ? THEME_BG : THEME_SURFACE;
        ui_fill(ui, row, bg, 0);
        ui_text(ui, ui_inset(row, ui->pad / 6), pack_problem_format(pp, line, sizeof line),
                UI_TEXT_SMALL, pp->severity == PACK_ERROR, THEME_TEXT, bg,
                UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    }

    int bw = nav.w / 4;
    if (ui_button(ui, ui_cut_left(&nav, bw), ICON_ARROW_BACK, _("Back"), UI_SECONDARY)) {
        if (ip->pack)
            imp.step.at = IMP_PREVIEW;
        else if (imp.count > 1)
            imp.step.at = IMP_LIST;
        else
            imp_leave(app);
    }
    ui_cut_left(&nav, ui->gap);
    if (pages > 1) {
        pager_buttons(ui, &nav, bw, &imp.page, pages);
        snprintf(page, sizeof page, _("Page %d of %d"), imp.page + 1, pages);
        ui_text(ui, nav, page, UI_TEXT_BODY, 1, THEME_TEXT, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    }
}

static void imp_frame_confirm(struct app *app, struct ui *ui, SDL_Rect area)
{
    char q[700], date[96], old_date[96];
    const struct pack *p = imp.packs[imp.chosen].pack;
    SDL_Rect buttons = ui_cut_bottom(&area, ui->target * 2);
    ui_cut_bottom(&area, ui->gap);
    if (app->pack)
        snprintf(q, sizeof q,
                 _("Install the day pack for %s, %s? It replaces the pack for %s, %s. Records "
                   "already saved are kept."),
                 app_text(app, &p->workplace.name),
                 timefmt_date(p->workplace.date, date, sizeof date),
                 app_text(app, &app->pack->workplace.name),
                 timefmt_date(app->pack->workplace.date, old_date, sizeof old_date));
    else
        snprintf(q, sizeof q, _("Install the day pack for %s, %s?"),
                 app_text(app, &p->workplace.name),
                 timefmt_date(p->workplace.date, date, sizeof date));
    ui_text(ui, ui_inset(area, ui->pad), q, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (ui_button(ui, ui_grid_cell(buttons, 2, 1, 0, ui->gap * 2), ICON_CLOSE, _("No"),
                  UI_SECONDARY))
        imp.step.at = IMP_PREVIEW;
    if (ui_button(ui, ui_grid_cell(buttons, 2, 1, 1, ui->gap * 2), ICON_CHECK,
                  _("Yes, install"), UI_OK) && !imp.sample)
        imp.step.at = IMP_INSTALLING;
}

/* "Reading the USB stick..." and "Installing the day pack...": what the kiosk does now. */
static void imp_frame_working(struct app *app, struct ui *ui, SDL_Rect area, const char *what,
                              void (*work)(struct app *app))
{
    ui_icon(ui, ui_cut_left(&area, ui->target * 2), ICON_USB, THEME_TEXT, THEME_BG);
    ui_cut_left(&area, ui->pad);
    ui_text(ui, area, what, UI_TEXT_LARGE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_LEFT | UI_ALIGN_MIDDLE);
    if (!imp.sample)
        app_work(app, work);
}

static void imp_frame_reading(struct app *app, struct ui *ui, SDL_Rect area)
{
    imp_frame_working(app, ui, area, _("Reading the USB stick..."), imp_read);
}

static void imp_frame_installing(struct app *app, struct ui *ui, SDL_Rect area)
{
    imp_frame_working(app, ui, area, _("Installing the day pack..."), imp_install);
}

/* A pack the preview cannot show (it has errors) is shown by its problems. */
static void imp_frame_shown_pack(struct app *app, struct ui *ui, SDL_Rect area)
{
    if (imp.packs[imp.chosen].pack) {
        imp_frame_preview(app, ui, area);
        return;
    }
    imp.step.at = IMP_PROBLEMS;
    imp_frame_problems(app, ui, area);
}

/* "Yes, install" comes where "Install" was: the step helper guards each step. */
static const struct step imp_steps[] = {
    [IMP_LIST] = { imp_frame_list },
    [IMP_PREVIEW] = { imp_frame_shown_pack },
    [IMP_PROBLEMS] = { imp_frame_problems },
    [IMP_CONFIRM] = { imp_frame_confirm },
    [IMP_READING] = { imp_frame_reading },
    [IMP_INSTALLING] = { imp_frame_installing },
};

static void imp_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_USB, _("Import day pack"));
    if (!imp.sample) {
        const char *stick = usb_stick();
        if (strcmp(stick ? stick : "", imp.stick) != 0)
            imp_look(stick);
    }
    int at = imp.step.at;
    if (imp.chosen >= imp.count && at != IMP_LIST && at != IMP_READING && at != IMP_INSTALLING)
        imp.step.at = IMP_LIST;
    step_frame(app, ui, &imp.step, 0, imp_steps, STEP_COUNT(imp_steps), area);
}

static int imp_variant(struct app *app, int n)
{
    enum { V_NO_STICK, V_NO_PACK, V_LIST, V_PREVIEW, V_PROBLEMS, V_PROBLEMS_END, V_CONFIRM,
           V_READING, V_INSTALLING, V_COUNT };
    if (n >= V_COUNT)
        return -1;
    app->admin_unlocked = 1;
    imp_enter(app, NULL, SCREEN_GOTO);
    imp_free();
    imp.sample = 1;
    snprintf(imp.stick, sizeof imp.stick, "%s", n == V_NO_STICK ? "" : "/media/shadowday");
    imp.step.at = n == V_READING ? IMP_READING : n == V_INSTALLING ? IMP_INSTALLING : IMP_LIST;
    if (n == V_NO_STICK || n == V_NO_PACK || n == V_READING || n == V_INSTALLING)
        return 0;
    if (!app->opt.pack_dir)
        return -1;
    imp_add(app->opt.pack_dir);
    if (!imp.packs[0].pack)
        return -1;
    /* A second, broken pack beside the sample, with more problems than a page holds. */
    struct imp_pack *bad = &imp.packs[imp.count++];
    snprintf(bad->path, sizeof bad->path, "%s", "/media/shadowday/shadowday-old");
    bad->name = strrchr(bad->path, '/') + 1;
    pack_report_init(&bad->rep);
    for (int i = 0; i < 14; i++)
        pack_report_add(&bad->rep, PACK_ERROR, "shadows.csv", 3 + i, "%s",
                        _("The escort is not in hosts.csv. Add the host or correct the id."));
    pack_report_add(&bad->rep, PACK_ERROR, "workplace.csv", 0, "%s",
                    _("The date is missing. Write it as 2027-04-15."));
    switch (n) {
    case V_PREVIEW:
        imp.step.at = IMP_PREVIEW;
        break;
    case V_PROBLEMS:
    case V_PROBLEMS_END:
        imp.chosen = 1;
        imp.page = n == V_PROBLEMS ? 0 : 99;
        imp.step.at = IMP_PROBLEMS;
        break;
    case V_CONFIRM:
        imp.step.at = IMP_CONFIRM;
        break;
    default:
        break;
    }
    return 0;
}

const struct screen scr_admin_import = {
    .name = "admin_import",
    .enter = imp_enter,
    .frame = imp_frame,
    .variant = imp_variant,
    .flags = SCREEN_HOST | SCREEN_NO_ONSITE | SCREEN_NEEDS_ADMIN | SCREEN_OR_FIRST_PACK,
};
