/*
** overlay.h - what the app draws over any screen: the idle countdown ("Are you still there?"),
** a short notice ("This was NOT saved"), and the reason the kiosk cannot start.
**
** Drawing only: the app (app.c) decides when each is up and what a tap on it does; while one
** is up, the screen under it takes no taps (ui->blocked). Depends on ui.h.
*/
#ifndef SD_OVERLAY_H
#define SD_OVERLAY_H

#include "ui.h"

/* The countdown panel over the whole screen; returns 1 when "I am still here" was tapped. */
int overlay_idle(struct ui *ui, int seconds_left);
/* A notice at the bottom of the screen; returns 1 when its OK was tapped. */
int overlay_notice(struct ui *ui, const char *msg);
/* A start-up problem in place of the day: a warning sign and the words. */
void overlay_fatal(struct ui *ui, const char *why);

#endif
