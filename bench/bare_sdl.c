/*
** bare_sdl.c - the yardstick for the kiosk's start-up, memory and idle CPU: a bare SDL2 + SDL2_ttf
** program that opens an 800x480 window, draws one line of text, presents it, and then either
** exits (default) or, with --idle SECONDS, waits for events with SDL_WaitEventTimeout (the plain
** SDL way) until then or until SIGTERM (SDL_QUIT).
** With SD_BENCH_FIRST_FRAME set it prints "first-frame SECONDS" (CLOCK_MONOTONIC) on stdout after
** the first SDL_RenderPresent, as the kiosk does. Built only for bench_kiosk; not the product.
*/
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void bare_print_first_frame(void)
{
    struct timespec ts;
    if (!getenv("SD_BENCH_FIRST_FRAME"))
        return;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("first-frame %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int idle_s = argc > 2 && strcmp(argv[1], "--idle") == 0 ? atoi(argv[2]) : 0;
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *w = SDL_CreateWindow("bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 800,
                                     480, SDL_WINDOW_SHOWN);
    SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, 0) : NULL;
    TTF_Font *font = TTF_OpenFont("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 26);
    if (!r || !font) {
        fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Color black = { 0, 0, 0, 255 };
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, "Kosketa aloittaaksesi", black);
    SDL_Texture *t = s ? SDL_CreateTextureFromSurface(r, s) : NULL;
    if (!t) {
        fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Rect dst = { 20, 20, s->w, s->h };
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    SDL_RenderCopy(r, t, NULL, &dst);
    SDL_RenderPresent(r);
    bare_print_first_frame();
    Uint32 until = SDL_GetTicks() + (Uint32)idle_s * 1000u;
    int quit = 0;
    while (idle_s > 0 && !quit && !SDL_TICKS_PASSED(SDL_GetTicks(), until)) {
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, 1000) && e.type == SDL_QUIT)
            quit = 1;
    }
    SDL_FreeSurface(s);
    SDL_DestroyTexture(t);
    TTF_CloseFont(font);
    TTF_Quit();
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(w);
    SDL_Quit();
    return 0;
}
