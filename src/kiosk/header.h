/*
** header.h - the bar at the top of every screen: the screen's pictogram and title, the clock
** (holding it for 3 seconds is the hidden admin entry) and "On site", which puts the
** evacuation list over any screen for hosts.
**
** A screen's frame starts with header_draw and lays itself out in the rectangle it returns.
** Depends on app.h and ui.h.
*/
#ifndef SD_HEADER_H
#define SD_HEADER_H

#include "ui.h"

struct app;

#define HEADER_ADMIN_HOLD_MS 3000   /* the hidden admin entry: hold the clock this long */

/* Draw the bar (a title too long for one row beside the clock gets a row of its own) and
** return the rest of the screen below it, inset by the padding. */
SDL_Rect header_draw(struct app *app, struct ui *ui, unsigned icon, const char *title);

#endif
