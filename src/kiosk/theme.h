/*
** theme.h - colours and proportions of every screen, as data (dwm's config.def.h).
**
** Every text colour is chosen against the background it is drawn on for a contrast of at least
** 7:1 (WCAG AAA); the layout check measures each pair from what was drawn, so a change here that
** breaks the rule fails the tests. Sizes are in units of the minimum target (12 mm at the
** display's DPI), so a screen looks the same on a 7" 800x480 and a 1080p panel.
*/
#ifndef SD_THEME_H
#define SD_THEME_H

#include <SDL.h>

/* ---------------------------------------------------------------- colours */
#define THEME_RGB(hex) { (Uint8)((hex) >> 16), (Uint8)((hex) >> 8), (Uint8)(hex), 255 }

static const SDL_Color THEME_BG = THEME_RGB(0xFFFFFF);        /* screen background */
static const SDL_Color THEME_TEXT = THEME_RGB(0x111827);      /* body text: 17.7:1 on white */
static const SDL_Color THEME_TEXT_MUTED = THEME_RGB(0x374151);/* secondary text: 10.3:1 on white */
static const SDL_Color THEME_SURFACE = THEME_RGB(0xEEF2F6);   /* cards and panels */
static const SDL_Color THEME_HEADER_BG = THEME_RGB(0x0B3A66); /* title bar */
static const SDL_Color THEME_HEADER_TEXT = THEME_RGB(0xFFFFFF);
static const SDL_Color THEME_PRIMARY = THEME_RGB(0x0B4F8A);   /* main action: white text 8.4:1 */
static const SDL_Color THEME_PRIMARY_TEXT = THEME_RGB(0xFFFFFF);
static const SDL_Color THEME_PRIMARY_DOWN = THEME_RGB(0x073763);
static const SDL_Color THEME_SECONDARY = THEME_RGB(0xDCE4EE); /* other actions: dark text */
static const SDL_Color THEME_SECONDARY_TEXT = THEME_RGB(0x0B1F33);
static const SDL_Color THEME_SECONDARY_DOWN = THEME_RGB(0xB9C7D8);
static const SDL_Color THEME_OK = THEME_RGB(0x0F5132);        /* yes / done: white text 9.4:1 */
static const SDL_Color THEME_OK_DOWN = THEME_RGB(0x0A3622);
static const SDL_Color THEME_DANGER = THEME_RGB(0x8B1A1A);    /* warnings, errors: white text */
static const SDL_Color THEME_DANGER_DOWN = THEME_RGB(0x5E1010);
static const SDL_Color THEME_NOTICE_BG = THEME_RGB(0xFFF3C4); /* a notice box */
static const SDL_Color THEME_NOTICE_TEXT = THEME_RGB(0x3A2A00);
static const SDL_Color THEME_NOW_BG = THEME_RGB(0xD9F2E3);    /* the current plan item */
static const SDL_Color THEME_FRAME = THEME_RGB(0x4B5563);     /* outlines (not text) */
static const SDL_Color THEME_WHITE = THEME_RGB(0xFFFFFF);
static const SDL_Color THEME_BLACK = THEME_RGB(0x000000);

/* ---------------------------------------------------------------- proportions */
#define THEME_TARGET_MM 12.0f       /* smallest touch target, SPEC §6 */
#define THEME_GAP_MM 3.0f           /* space between targets */
#define THEME_MIN_TEXT_MM 2.6f      /* smallest glyph height we let auto-fit shrink to */
#define THEME_MIN_TEXT_PX 16        /* ... and never below this many pixels */

#endif
