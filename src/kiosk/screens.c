/*
** screens.c - the list of every screen, in the order of the day, for look-ups by name
** (the scripted driver) and for the layout check, which renders each one.
*/
#include <string.h>

#include "screen.h"

static const struct screen *const screen_all[] = {
    &scr_start, &scr_who, &scr_escort, &scr_safety, &scr_day, &scr_take_away, &scr_hub,
    &scr_help, &scr_evaluate, &scr_checkout, &scr_thanks, &scr_onsite, &scr_admin,
    &scr_admin_clock, &scr_admin_pins, &scr_selfcheck, &scr_admin_import, &scr_admin_export,
    &scr_admin_qr, &scr_admin_receipt, NULL,
};

const struct screen *const *screen_list(void)
{
    return screen_all;
}

const struct screen *screen_find(const char *name)
{
    for (int i = 0; screen_all[i]; i++)
        if (strcmp(screen_all[i]->name, name) == 0)
            return screen_all[i];
    return NULL;
}
