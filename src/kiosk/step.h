/*
** step.h - a screen that asks one thing at a time (a card, then "ask your escort"; a list of
** names, then a PIN pad) keeps its steps in a table and runs them through step_frame, which
** carries the one tap guard every step change needs.
**
** The guard: when the step on screen (or the item it shows: which card, which question) is not
** the one the last frame showed, the app is told (app_guard_taps) and no tap counts until the
** new step has been drawn and shown for APP_MIN_SHOWN_MS. So the second tap of a double tap
** never answers what the next step shows in the same place, and a card is acknowledged only by
** a finger that went down after the card could be seen. A screen changes step by setting
** `st.at` (and its own item); it never guards by hand.
**
**     static const struct step escort_steps[] = {
**         [ESCORT_INTRO] = { escort_frame_intro },
**         [ESCORT_PIN] = { escort_frame_pin }, ...
**     };
**     step_frame(app, ui, &escort.step, 0, escort_steps, STEP_COUNT(escort_steps), area);
**
** Depends on app.h and ui.h.
*/
#ifndef SD_STEP_H
#define SD_STEP_H

#include "ui.h"

struct app;

/* One step of a screen: its frame, drawn into the area the screen leaves for it. */
struct step {
    void (*frame)(struct app *app, struct ui *ui, SDL_Rect area);
};

/* Where a screen is in its steps. All zero is the first step, as shown. */
struct step_state {
    int at;                     /* the step on screen, an index into the screen's table */
    int shown_at, shown_item;   /* what the last frame showed */
};

#define STEP_COUNT(table) ((int)(sizeof(table) / sizeof((table)[0])))

/* Run the step st->at (the first when out of range) in area. item says which card, question or
** person of that step is shown, where that matters to what a tap commits; 0 otherwise. */
void step_frame(struct app *app, struct ui *ui, struct step_state *st, int item,
                const struct step *steps, int count, SDL_Rect area);

#endif
