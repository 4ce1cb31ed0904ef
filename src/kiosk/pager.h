/*
** pager.h - Previous and Next for a paged list, at the right end of a screen's bottom row
** (the Who tiles, the host tiles, the on-site list, the packs on a stick).
*/
#ifndef SD_PAGER_H
#define SD_PAGER_H
#include "ui.h"

/*
** When there is more than one page: cut Next, then Previous (each bw wide, a gap after each)
** from the right of *row, draw them (greyed at either end) and move *page on a tap. Returns 1
** when the page changed. With one page it draws nothing and leaves *row whole.
*/
int pager_buttons(struct ui *ui, SDL_Rect *row, int bw, int *page, int pages);
#endif
