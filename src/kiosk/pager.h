/*
** pager.h - Previous and Next for anything shown a page at a time: the Who tiles, the host
** tiles, the on-site list, the packs on a stick, the day plan, the export's QR codes.
**
** Every paged thing pages through these, so Previous and Next look and behave the same
** everywhere: the same words and pictograms, greyed at either end. A screen that lays out its
** own places for the two (a column beside the day plan) uses pager_pair; a bottom row of buttons
** uses pager_buttons. Neither changes what else is on screen.
*/
#ifndef SD_PAGER_H
#define SD_PAGER_H
#include "ui.h"

enum pager_look {
    PAGER_LIST = 0,     /* a list: both buttons secondary */
    PAGER_CODES,        /* QR codes to scan one after another: Next is the main action */
};

/* Previous in prev and Next in next (greyed at the ends); a tap moves *page. Returns 1 when the
** page changed. */
int pager_pair(struct ui *ui, SDL_Rect prev, SDL_Rect next, int *page, int pages, int look);

/*
** When there is more than one page: cut Next, then Previous (each bw wide, a gap after each)
** from the right of *row, draw them and move *page on a tap. Returns 1 when the page changed.
** With one page it draws nothing and leaves *row whole.
*/
int pager_buttons(struct ui *ui, SDL_Rect *row, int bw, int *page, int pages);
#endif
