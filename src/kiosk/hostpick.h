/*
** hostpick.h - "Tap your name": the day pack's hosts (and, where wanted, the coordinator) as
** big name tiles, paged, before a PIN is asked.
**
** The on-site list and the PIN change screen use it. A screen keeps a struct hostpick in its
** state and calls hostpick_frame() in its frame; the result says who was tapped (a host id or
** "admin" for the coordinator) or that the person went back. Draws only; reads the pack.
*/
#ifndef SD_HOSTPICK_H
#define SD_HOSTPICK_H

#include "app.h"

#define HOSTPICK_ADMIN "admin"      /* the subject of the coordinator (the admin PIN) */

enum hostpick_result { HOSTPICK_NONE = 0, HOSTPICK_CHOSEN, HOSTPICK_BACK };

struct hostpick {
    int page;
};

void hostpick_reset(struct hostpick *hp);
/*
** Draw prompt, one tile per host (plus "Coordinator" when with_admin), paging and a Back button
** into area. HOSTPICK_CHOSEN puts the tapped person's subject into subject.
*/
int hostpick_frame(struct app *app, struct ui *ui, struct hostpick *hp, SDL_Rect area,
                   const char *prompt, int with_admin, char subject[PACK_ID_MAX]);
/* The name to show for a subject: the host's name, "Coordinator" for the admin, else the id. */
const char *hostpick_name(const struct app *app, const char *subject);

#endif
