/*
** scr_evaluate.c - Evaluate: the shadow's private end-of-day answers, one thing per screen.
**
** Intro (private, the escort may step aside, any question can be skipped) -> each shadow
** question of the pack on the 4-face scale -> "What next?" (the continuation path choices of
** continuation.h) -> "Do you want to write something?" -> the keyboard -> thanks. Every answer
** is a RECORD_ANSWER saved the moment it is given, so walking away leaves a partial evaluation
** (no "done" record); coming back goes on at the first thing not yet answered. The answers
** already given are read from the store once, when the screen is entered.
*/
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "continuation.h"
#include "err.h"
#include "header.h"
#include "i18n.h"
#include "icons.h"
#include "keyboard.h"
#include "smiley.h"
#include "step.h"
#include "theme.h"

enum eval_step {
    EVAL_INTRO = 0,     /* private; resumed: "we go on where you stopped" */
    EVAL_QUESTION,      /* eval.q on the scale */
    EVAL_NEXT,          /* What next? */
    EVAL_COMMENT_ASK,   /* Do you want to write something? */
    EVAL_KEYBOARD,      /* typing the comment */
    EVAL_DONE,          /* Thank you for your answers! */
    EVAL_ALREADY,       /* came back after finishing */
};

enum { EVAL_MAX_QUESTIONS = 16 };

#define EVAL_ITEM_COMMENT "comment"
#define EVAL_ITEM_DONE "done"

static struct {
    struct step_state step;             /* enum eval_step */
    const struct pack_question *questions[EVAL_MAX_QUESTIONS]; /* the shadow questions */
    int count;
    int q;                              /* the question on screen */
    int answer[EVAL_MAX_QUESTIONS];     /* SMILEY_NONE, 1..4 or SMILEY_SKIP */
    char next[PACK_ID_MAX];             /* the continuation id chosen, "" not yet */
    int comment_saved;                  /* the comment on the keyboard is on disk */
    int resumed;                        /* some answers were there when the screen opened */
    struct keyboard kb;
} eval;

/* Icons of the continuation choices (the core table has no pictures). */
static const struct {
    const char *id;
    unsigned icon;
} eval_next_icons[] = {
    { "try_again", ICON_WORK },
    { "study_field", ICON_SCHOOL },
    { "other_field", ICON_EXPLORE },
    { "dont_know", ICON_QUESTION },
};

static unsigned eval_next_icon(const char *id)
{
    for (size_t i = 0; i < sizeof eval_next_icons / sizeof eval_next_icons[0]; i++)
        if (strcmp(eval_next_icons[i].id, id) == 0)
            return eval_next_icons[i].icon;
    return ICON_ARROW_FORWARD;
}

/* ---------------------------------------------------------------- state */

static int eval_answered_count(void)
{
    int n = 0;
    for (int i = 0; i < eval.count; i++)
        n += eval.answer[i] != SMILEY_NONE;
    return n;
}

/* One stored answer of this visit, in seq order: a later answer replaces an earlier one. */
static int eval_collect(void *arg, const struct record *rec)
{
    (void)arg;
    for (int i = 0; i < eval.count; i++)
        if (strcmp(eval.questions[i]->id, rec->item) == 0)
            eval.answer[i] = smiley_from_value(rec->value);
    if (strcmp(rec->item, CONTINUATION_ITEM) == 0)
        snprintf(eval.next, sizeof eval.next, "%.*s", (int)sizeof eval.next - 1, rec->value);
    return 0;
}

static void eval_forget_answers(void)
{
    memset(eval.answer, 0, sizeof eval.answer);
    eval.next[0] = '\0';
    eval.q = 0;
}

/* The first thing not yet answered. */
static void eval_go_first_open(void)
{
    for (int i = 0; i < eval.count; i++)
        if (eval.answer[i] == SMILEY_NONE) {
            eval.q = i;
            eval.step.at = EVAL_QUESTION;
            return;
        }
    eval.step.at = !eval.next[0] ? EVAL_NEXT : EVAL_COMMENT_ASK;
}

static void eval_enter(struct app *app, const struct screen *from, int how)
{
    (void)from;
    (void)how;
    memset(&eval, 0, sizeof eval);
    keyboard_reset(&eval.kb);
    const struct pack *p = app->pack;
    for (int i = 0; p && i < p->question_count && eval.count < EVAL_MAX_QUESTIONS; i++)
        if (p->questions[i].audience == AUDIENCE_SHADOW)
            eval.questions[eval.count++] = &p->questions[i];
    app_reload_visit(app);
    const struct visit *v = &app->visit.state;
    if (!v->uuid[0])
        return;
    if (v->evaluation_done) {
        eval.step.at = EVAL_ALREADY;
        return;
    }
    /* A failed read only means starting from the first question again. */
    store_answers_for_visit(app->store, v->uuid, eval_collect, NULL);
    eval.resumed = eval_answered_count() > 0 || eval.next[0];
    eval.step.at = EVAL_INTRO;
}

/* Save one answer of this visit; SD_OK only when it is on disk. */
static int eval_save(struct app *app, const char *item, const char *value)
{
    struct record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = RECORD_ANSWER;
    snprintf(rec.visit, sizeof rec.visit, "%s", app->visit.state.uuid);
    snprintf(rec.shadow_id, sizeof rec.shadow_id, "%s", app->visit.shadow->id);
    snprintf(rec.item, sizeof rec.item, "%s", item);
    snprintf(rec.value, sizeof rec.value, "%s", value);
    snprintf(rec.lang, sizeof rec.lang, "%s", app->lang);
    return app_save(app, &rec);
}

/* The last step: the comment (when one was typed), then "done". */
static void eval_finish(struct app *app, const char *comment)
{
    if (comment && comment[0] && !eval.comment_saved) {
        if (eval_save(app, EVAL_ITEM_COMMENT, comment) != SD_OK)
            return;
        eval.comment_saved = 1;     /* a retry after "done" failed does not save it twice */
    }
    if (eval_save(app, EVAL_ITEM_DONE, "complete") != SD_OK)
        return;
    eval.step.at = EVAL_DONE;
}

/* ---------------------------------------------------------------- drawing helpers */

/* A big pictogram, a title and a few lines of text filling area, centred. */
static void eval_message(struct ui *ui, SDL_Rect area, unsigned icon, SDL_Color icon_color,
                         const char *title, const char *text)
{
    int th = ui_text_height(ui, area.w, title, UI_TEXT_TITLE, 1);
    int bh = text ? ui_text_height(ui, area.w, text, UI_TEXT_LARGE, 0) : 0;
    int ih = area.h - th - bh - ui->gap * 2;
    if (ih > ui->target * 2)
        ih = ui->target * 2;
    if (ih < ui->target / 2)
        ih = 0;
    int total = ih + (ih ? ui->gap : 0) + th + (bh ? ui->gap + bh : 0);
    SDL_Rect box = area;
    if (total < area.h)
        box = ui_center(area, area.w, total);
    if (ih) {
        ui_icon(ui, ui_cut_top(&box, ih), icon, icon_color, THEME_BG);
        ui_cut_top(&box, ui->gap);
    }
    SDL_Rect title_r = ui_cut_top(&box, th < box.h ? th : box.h);
    ui_text(ui, title_r, title, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG,
            UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    if (text) {
        ui_cut_top(&box, ui->gap);
        ui_text(ui, box, text, UI_TEXT_LARGE, 0, THEME_TEXT, THEME_BG,
                UI_ALIGN_CENTER | UI_ALIGN_TOP);
    }
}

/* The bottom row: Back on the left (when back_label), the main action on the right. */
static void eval_bottom(struct ui *ui, SDL_Rect *area, SDL_Rect *back, SDL_Rect *go)
{
    SDL_Rect row = ui_cut_bottom(area, ui->target * 3 / 2);
    ui_cut_bottom(area, ui->gap);
    int bw = row.w / 3 > ui->target * 3 ? row.w / 3 : ui->target * 3;
    if (bw > (row.w - ui->gap) / 2)
        bw = (row.w - ui->gap) / 2;
    *back = ui_cut_left(&row, bw);
    ui_cut_left(&row, ui->gap);
    *go = ui_cut_right(&row, row.w > bw * 3 / 2 ? bw * 3 / 2 : row.w);
}

/* ---------------------------------------------------------------- steps */

static void eval_frame_intro(struct app *app, struct ui *ui, SDL_Rect area)
{
    char text[400];
    SDL_Rect back, go;
    eval_bottom(ui, &area, &back, &go);
    if (eval.resumed) {
        snprintf(text, sizeof text, "%s %s", _("You have answered some questions already."),
                 _("You go on where you stopped."));
    } else {
        snprintf(text, sizeof text, "%s %s", _("Your escort can step aside while you answer."),
                 _("You can skip any question."));
    }
    eval_message(ui, area, ICON_LOCK, THEME_TEXT, _("Your answers are private."), text);
    if (ui_button(ui, back, ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        app_goto(app, &scr_hub);
    if (ui_button(ui, go, ICON_ARROW_FORWARD, eval.resumed ? _("Continue") : _("Start"),
                  UI_PRIMARY))
        eval_go_first_open();
}

static void eval_frame_question(struct app *app, struct ui *ui, SDL_Rect area)
{
    char progress[80];
    if (eval.q < 0 || eval.q >= eval.count) {
        eval_go_first_open();
        return;
    }
    const struct pack_question *q = eval.questions[eval.q];
    snprintf(progress, sizeof progress, _("Question %d of %d"), eval.q + 1, eval.count);
    int a = smiley_question(ui, area, app_text(app, &q->text), progress, eval.answer[eval.q], 1);
    if (a == SMILEY_BACK) {
        if (eval.q > 0)
            eval.q--;
        else
            eval.step.at = EVAL_INTRO;
    } else if (a != SMILEY_NONE) {
        if (eval_save(app, q->id, smiley_value(a)) != SD_OK)
            return;
        eval.answer[eval.q] = a;
        if (++eval.q >= eval.count)
            eval.step.at = EVAL_NEXT;
    }
}

static void eval_back_to_questions(void)
{
    if (eval.count > 0) {
        eval.q = eval.count - 1;
        eval.step.at = EVAL_QUESTION;
    } else {
        eval.step.at = EVAL_INTRO;
    }
}

static void eval_frame_next(struct app *app, struct ui *ui, SDL_Rect area)
{
    SDL_Rect bottom = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    int bw = bottom.w / 4 > ui->target * 3 ? bottom.w / 4 : ui->target * 3;
    if (bw > bottom.w / 2 - ui->gap)
        bw = bottom.w / 2 - ui->gap;
    SDL_Rect skip = ui_cut_right(&bottom, bw);
    SDL_Rect back = ui_cut_left(&bottom, bw);

    const char *title = _("What next?");
    SDL_Rect t = ui_cut_top(&area, ui_text_height(ui, area.w, title, UI_TEXT_TITLE, 1));
    ui_text(ui, t, title, UI_TEXT_TITLE, 1, THEME_TEXT, THEME_BG, UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
    ui_cut_top(&area, ui->gap);

    int n = continuation_count();
    int portrait = area.h > area.w;
    int cols = portrait ? 1 : 2, rows = (n + cols - 1) / cols;
    int ch = (area.h - ui->gap * (rows - 1)) / rows;
    if (ch > ui->target * 3)
        ch = ui->target * 3;
    SDL_Rect grid = ui_center(area, area.w, ch * rows + ui->gap * (rows - 1));
    const char *chosen = NULL;
    for (int i = 0; i < n; i++) {
        const struct continuation_choice *c = continuation_get(i);
        int was = strcmp(eval.next, c->id) == 0;
        if (ui_button(ui, ui_grid_cell(grid, cols, rows, i, ui->gap), eval_next_icon(c->id),
                      _(c->label), was ? UI_PRIMARY : UI_SECONDARY))
            chosen = c->id;
    }
    if (ui_button(ui, skip, ICON_SKIP, _("Skip"),
                  strcmp(eval.next, "skip") == 0 ? UI_PRIMARY : UI_SECONDARY))
        chosen = "skip";
    if (ui_button(ui, back, ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        eval_back_to_questions();
    if (chosen) {
        if (eval_save(app, CONTINUATION_ITEM, chosen) != SD_OK)
            return;
        snprintf(eval.next, sizeof eval.next, "%s", chosen);
        eval.step.at = EVAL_COMMENT_ASK;
    }
}

static void eval_frame_comment_ask(struct app *app, struct ui *ui, SDL_Rect area)
{
    int portrait = area.h > area.w;
    SDL_Rect back_row = ui_cut_bottom(&area, ui->target);
    ui_cut_bottom(&area, ui->gap);
    int bw = back_row.w / 4 > ui->target * 3 ? back_row.w / 4 : ui->target * 3;
    if (bw > back_row.w)
        bw = back_row.w;
    SDL_Rect back = ui_cut_left(&back_row, bw);

    SDL_Rect buttons = ui_cut_bottom(&area, portrait ? ui->target * 4 + ui->gap : ui->target * 2);
    ui_cut_bottom(&area, ui->gap);
    eval_message(ui, area, ICON_EDIT, THEME_TEXT, _("Do you want to write something?"),
                 _("For example, what was the best part of your day."));
    SDL_Rect no = ui_grid_cell(buttons, portrait ? 1 : 2, portrait ? 2 : 1, 0, ui->gap * 2);
    SDL_Rect yes = ui_grid_cell(buttons, portrait ? 1 : 2, portrait ? 2 : 1, 1, ui->gap * 2);
    if (ui_button(ui, no, ICON_CLOSE, _("No, thank you"), UI_SECONDARY))
        eval_finish(app, NULL);
    if (ui_button(ui, yes, ICON_EDIT, _("Write a comment"), UI_PRIMARY)) {
        keyboard_reset(&eval.kb);
        eval.comment_saved = 0;
        eval.step.at = EVAL_KEYBOARD;
    }
    if (ui_button(ui, back, ICON_ARROW_BACK, _("Back"), UI_SECONDARY))
        eval.step.at = EVAL_NEXT;
}

static void eval_frame_keyboard(struct app *app, struct ui *ui, SDL_Rect area)
{
    if (keyboard_frame(ui, &eval.kb, area) == KEYBOARD_DONE)
        eval_finish(app, eval.kb.text);
}

static void eval_frame_end(struct app *app, struct ui *ui, SDL_Rect area, int already)
{
    SDL_Rect back, go;
    eval_bottom(ui, &area, &back, &go);
    eval_message(ui, area, ICON_CHECK_CIRCLE, THEME_OK,
                 already ? _("You have already answered the questions.")
                         : _("Thank you for your answers!"),
                 already ? _("Thank you! You can answer again if you want to.") : NULL);
    if (already && ui_button(ui, back, ICON_EDIT, _("Answer again"), UI_SECONDARY)) {
        eval_forget_answers();
        eval.step.at = EVAL_QUESTION;
        if (eval.count == 0)
            eval.step.at = EVAL_NEXT;
    }
    if (ui_button(ui, go, ICON_HOME, _("Back to the menu"), UI_PRIMARY))
        app_goto(app, &scr_hub);
}

static void eval_frame_done(struct app *app, struct ui *ui, SDL_Rect area)
{
    eval_frame_end(app, ui, area, 0);
}

static void eval_frame_already(struct app *app, struct ui *ui, SDL_Rect area)
{
    eval_frame_end(app, ui, area, 1);
}

/* Every question has its faces in the same places: the step helper, told which question is
** shown, keeps a double tap from answering two. */
static const struct step eval_steps[] = {
    [EVAL_INTRO] = { eval_frame_intro },
    [EVAL_QUESTION] = { eval_frame_question },
    [EVAL_NEXT] = { eval_frame_next },
    [EVAL_COMMENT_ASK] = { eval_frame_comment_ask },
    [EVAL_KEYBOARD] = { eval_frame_keyboard },
    [EVAL_DONE] = { eval_frame_done },
    [EVAL_ALREADY] = { eval_frame_already },
};

static void eval_frame(struct app *app, struct ui *ui)
{
    SDL_Rect area = header_draw(app, ui, ICON_FACT_CHECK, _("Evaluate"));
    int item = eval.step.at == EVAL_QUESTION ? eval.q : 0;
    step_frame(app, ui, &eval.step, item, eval_steps, STEP_COUNT(eval_steps), area);
}

/* ---------------------------------------------------------------- layout check */

static int eval_variant(struct app *app, int n)
{
    static const char sample[] =
        "Päivä oli tosi kiva. Kahvinkeitto oli hauskaa ja Liisa neuvoi hyvin. Haluan tulla "
        "uudelleen ja kokeilla myös leipomista. Työkaverit olivat ystävällisiä ja ruoka oli "
        "hyvää. Kiitos tästä päivästä, opin paljon uusia asioita ja sain uusia ystäviä. "
        "Mietin nyt, voisinko opiskella tätä alaa. Äiti ja isä ovat ylpeitä minusta. Öisin";
    static const int steps[] = { EVAL_INTRO, EVAL_INTRO, EVAL_QUESTION, EVAL_QUESTION,
                                 EVAL_NEXT, EVAL_COMMENT_ASK, EVAL_KEYBOARD, EVAL_KEYBOARD,
                                 EVAL_KEYBOARD, EVAL_DONE, EVAL_ALREADY };
    if (n < 0 || n >= (int)(sizeof steps / sizeof steps[0]))
        return -1;
    eval_enter(app, NULL, SCREEN_GOTO);
    eval_forget_answers();
    eval.step.at = steps[n];
    switch (n) {
    case 1: /* resumed after a walk-away */
        eval.resumed = 1;
        eval.answer[0] = 3;
        break;
    case 3: /* the last question, answered before (came back to it) */
        eval.q = eval.count > 0 ? eval.count - 1 : 0;
        eval.answer[eval.q] = 2;
        break;
    case 4:
        snprintf(eval.next, sizeof eval.next, "%s", "study_field");
        break;
    case 7: /* a long comment, near the limit, in capitals */
        eval.kb.capitals = 1;
        for (const char *p = sample; *p && eval.kb.chars < KEYBOARD_MAX_CHARS - 10;) {
            char key[4] = { 0 };
            int len = (unsigned char)*p < 0x80 ? 1 : 2;
            memcpy(key, p, (size_t)len);
            keyboard_type(&eval.kb, key);
            p += len;
        }
        break;
    case 8: /* a short one */
        for (const char *p = "Hyvä päivä"; *p;) {
            char key[4] = { 0 };
            int len = (unsigned char)*p < 0x80 ? 1 : 2;
            memcpy(key, p, (size_t)len);
            keyboard_type(&eval.kb, key);
            p += len;
        }
        break;
    default:
        break;
    }
    return 0;
}

const struct screen scr_evaluate = {
    .name = "evaluate",
    .enter = eval_enter,
    .frame = eval_frame,
    .variant = eval_variant,
    .flags = SCREEN_VISIT | SCREEN_NEEDS_CHECKIN,
};
