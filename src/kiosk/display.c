/*
** display.c - opening the window or surface, and the pixels per millimetre (see display.h).
**
** SDL's hints are set before the video subsystem starts: touch must not also arrive as mouse
** events (a tap would count twice), a full-screen kiosk must not minimise when it loses focus,
** and the last window closing must not quit a kiosk that has no window manager.
*/
#include "display.h"

#include <stdio.h>

#include "err.h"

/* Physical widths of the displays the kiosk is made for, so 12 mm is 12 mm on each. */
static const struct {
    int w, h;
    float mm_w;
    const char *what;
} display_known[] = {
    { 800, 480, 154.08f, "Raspberry Pi Touch Display 7\"" },
    { 480, 800, 85.92f, "Raspberry Pi Touch Display 7\", portrait" },
    { 720, 1280, 87.0f, "Raspberry Pi Touch Display 2 7\"" },
    { 1280, 720, 155.0f, "Raspberry Pi Touch Display 2 7\", landscape" },
    { 1280, 800, 217.0f, "10.1\" touch panel" },
    { 1920, 1080, 344.0f, "15.6\" touch monitor" },
};

static float display_px_per_mm(const struct display *d, int w, int h)
{
    if (d->mm_w > 0)
        return (float)w / d->mm_w;
    for (unsigned i = 0; i < sizeof display_known / sizeof display_known[0]; i++)
        if (display_known[i].w == w && display_known[i].h == h)
            return (float)w / display_known[i].mm_w;
    float hdpi = 0;
    if (d->window && SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(d->window), NULL, &hdpi, NULL) == 0 &&
        hdpi > 50 && hdpi < 600)
        return hdpi / 25.4f;
    return 96.0f / 25.4f;   /* a desktop monitor's usual density */
}

int display_too_small(int w, int h)
{
    int shorter = w < h ? w : h, longer = w < h ? h : w;
    return shorter < 480 || longer < 800;
}

static void display_make(struct display *d, const struct display_options *opt, int w, int h)
{
    if (opt->offscreen) {
        d->target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        d->renderer = d->target ? SDL_CreateSoftwareRenderer(d->target) : NULL;
        return;
    }
    Uint32 flags = SDL_WINDOW_SHOWN;
    if (!opt->windowed)
        flags |= opt->width > 0 ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
    d->window = SDL_CreateWindow("shadowday", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                 flags);
    if (d->window) {
        d->renderer = SDL_CreateRenderer(d->window, -1, 0);
        if (!d->renderer)
            d->renderer = SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!opt->windowed)
        SDL_ShowCursor(SDL_DISABLE);
}

int display_open(struct display *d, const struct display_options *opt, struct ui *ui, char *fatal,
                 size_t fatal_size)
{
    d->mm_w = opt->mm_w;
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (!opt->windowed)
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        snprintf(fatal, fatal_size, "SDL could not open the display: %s", SDL_GetError());
        return SD_ERR;
    }
    display_make(d, opt, opt->width > 0 ? opt->width : 800, opt->height > 0 ? opt->height : 480);
    if (!d->renderer) {
        snprintf(fatal, fatal_size, "no window or renderer could be made: %s", SDL_GetError());
        return SD_ERR;
    }
    SDL_SetRenderDrawBlendMode(d->renderer, SDL_BLENDMODE_BLEND);
    ui->r = d->renderer;
    display_resized(d, ui);
    return SD_OK;
}

void display_resized(struct display *d, struct ui *ui)
{
    int w, h;
    SDL_GetRendererOutputSize(d->renderer, &w, &h);
    ui_set_metrics(ui, w, h, display_px_per_mm(d, w, h));
}

void display_close(struct display *d)
{
    if (d->renderer)
        SDL_DestroyRenderer(d->renderer);
    if (d->window)
        SDL_DestroyWindow(d->window);
    if (d->target)
        SDL_FreeSurface(d->target);
    d->renderer = NULL;
    d->window = NULL;
    d->target = NULL;
}
