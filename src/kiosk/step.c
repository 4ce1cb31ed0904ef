/*
** step.c - running a screen's steps with the tap guard (see step.h).
*/
#include "step.h"

#include "app.h"

void step_frame(struct app *app, struct ui *ui, struct step_state *st, int item,
                const struct step *steps, int count, SDL_Rect area)
{
    if (st->at < 0 || st->at >= count || !steps[st->at].frame)
        st->at = 0;
    if (st->at != st->shown_at || item != st->shown_item) {
        st->shown_at = st->at;
        st->shown_item = item;
        app_guard_taps(app);
    }
    steps[st->at].frame(app, ui, area);
}
