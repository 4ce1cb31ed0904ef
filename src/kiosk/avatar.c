/*
** avatar.c - photos and initials avatars (see avatar.h).
**
** The cache holds AVATAR_CACHE photos, enough for a page of Who tiles and the on-site list;
** when it is full the first slot is replaced. Initials use dark colours only, so the white
** letter keeps a contrast above 7:1 on each; the colour follows from the shadow's id, so a
** shadow keeps theirs all day.
*/
#include "avatar.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "picture.h"
#include "theme.h"

enum { AVATAR_CACHE = 16 };

static struct {
    char id[PACK_ID_MAX];
    SDL_Texture *texture;
    SDL_Renderer *renderer;
} avatar_cache[AVATAR_CACHE];

SDL_Texture *avatar_photo(struct ui *ui, const struct pack *p, const struct pack_shadow *s)
{
    if (!p || !s || !s->photo[0])
        return NULL;
    int free_slot = -1;
    for (int i = 0; i < AVATAR_CACHE; i++) {
        if (avatar_cache[i].texture && avatar_cache[i].renderer == ui->r &&
            strcmp(avatar_cache[i].id, s->id) == 0)
            return avatar_cache[i].texture;
        if (!avatar_cache[i].texture && free_slot < 0)
            free_slot = i;
    }
    const struct pack_file *f = pack_source_find(&p->files, s->photo);
    if (!f)
        return NULL;
    SDL_Surface *surf = picture_decode(f->data, f->len);
    if (!surf) {
        LOG_WARN("photo %s of %s cannot be shown: %s", s->photo, s->id, SDL_GetError());
        return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(ui->r, surf);
    SDL_FreeSurface(surf);
    if (free_slot < 0) {
        free_slot = 0;
        SDL_DestroyTexture(avatar_cache[0].texture);
    }
    snprintf(avatar_cache[free_slot].id, sizeof avatar_cache[free_slot].id, "%s", s->id);
    avatar_cache[free_slot].texture = t;
    avatar_cache[free_slot].renderer = ui->r;
    return t;
}

void avatar_forget_all(void)
{
    for (int i = 0; i < AVATAR_CACHE; i++) {
        if (avatar_cache[i].texture)
            SDL_DestroyTexture(avatar_cache[i].texture);
        avatar_cache[i].texture = NULL;
    }
}

void avatar_draw(struct ui *ui, const struct pack *p, SDL_Rect r, const struct pack_shadow *s)
{
    static const SDL_Color palette[] = {
        THEME_RGB(0x0B4F8A), THEME_RGB(0x7A1F5C), THEME_RGB(0x0F5132), THEME_RGB(0x5B2C83),
        THEME_RGB(0x8B1A1A), THEME_RGB(0x1F4E5F), THEME_RGB(0x6B3A00), THEME_RGB(0x2E3A87),
    };
    int d = r.w < r.h ? r.w : r.h;
    SDL_Rect sq = ui_center(r, d, d);
    SDL_Texture *photo = avatar_photo(ui, p, s);
    if (photo) {
        ui_image(ui, sq, photo, s->first_name);
        return;
    }
    unsigned h = 0;
    for (const char *c = s->id; *c; c++)
        h = h * 31 + (unsigned char)*c;
    SDL_Color bg = palette[h % (sizeof palette / sizeof palette[0])];
    ui_circle(ui, sq.x + d / 2, sq.y + d / 2, d / 2, bg);
    /* The first letter (a whole UTF-8 sequence: Ä, Å, Ö are letters too). */
    char initial[8] = { 0 };
    const unsigned char *n = (const unsigned char *)s->first_name;
    int len = n[0] < 0x80 ? 1 : n[0] < 0xE0 ? 2 : n[0] < 0xF0 ? 3 : 4;
    for (int i = 0; i < len && n[i]; i++)
        initial[i] = (char)n[i];
    ui_text_px(ui, ui_center(sq, d * 7 / 10, d * 7 / 10), initial, d * 45 / 100, 1, THEME_WHITE, bg,
               UI_ALIGN_CENTER | UI_ALIGN_MIDDLE);
}
