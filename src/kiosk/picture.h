/*
** picture.h - the two picture formats the kiosk reads (a pack's JPEG and PNG photos) and the one
** it writes (PNG screenshots), straight through libjpeg and libpng.
**
** SDL2_image did this before, but it also links TIFF, WebP, JBIG and LERC decoders (and the C++
** runtime) that the kiosk never uses and that were loaded at every start (docs/performance.md).
*/
#ifndef SD_PICTURE_H
#define SD_PICTURE_H

#include <stddef.h>

#include <SDL.h>

#define PICTURE_MAX_PIXELS (16 * 1024 * 1024)  /* larger is refused: a 2 MB file must not ask for GBs */

/* Decode a JPEG or PNG held in memory (told apart by its first bytes) into a new surface (the
** caller frees it). NULL when it is neither, is damaged or too large; SDL_GetError() says why. */
SDL_Surface *picture_decode(const void *data, size_t len);
/* Write s as a PNG file at path. SD_OK, or SD_EIO / SD_ENOMEM with SDL_GetError() set. */
int picture_save_png(SDL_Surface *s, const char *path);

#endif
