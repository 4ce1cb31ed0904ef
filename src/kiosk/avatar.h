/*
** avatar.h - a shadow's picture wherever they are shown (Who, the hub, the on-site list): their
** photo from the day pack, or the initial of their first name on a colour of their own.
**
** Photos are decoded once (picture.c) and kept as textures in a small cache; textures belong to
** a renderer, so whoever replaces the pack or destroys the renderer calls avatar_forget_all().
** Depends on SDL, ui.h, picture.h and the pack.
*/
#ifndef SD_AVATAR_H
#define SD_AVATAR_H

#include <SDL.h>

#include "pack.h"
#include "ui.h"

/* Draw the shadow's photo, or the initials avatar in a circle, centred in r. */
void avatar_draw(struct ui *ui, const struct pack *p, SDL_Rect r, const struct pack_shadow *s);
/* A texture of the shadow's photo (cached), or NULL when the pack has none for them or it cannot
** be decoded. */
SDL_Texture *avatar_photo(struct ui *ui, const struct pack *p, const struct pack_shadow *s);
/* Forget every cached photo (a new pack, or the renderer is going away). */
void avatar_forget_all(void);

#endif
