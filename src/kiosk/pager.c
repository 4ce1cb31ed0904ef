/*
** pager.c - Previous and Next for a paged list (see pager.h). One place for the pair so every
** list pages the same way: same order, same pictograms, greyed at the ends.
*/
#include "pager.h"

#include "i18n.h"
#include "icons.h"

int pager_buttons(struct ui *ui, SDL_Rect *row, int bw, int *page, int pages)
{
    if (pages <= 1)
        return 0;
    SDL_Rect next = ui_cut_right(row, bw);
    ui_cut_right(row, ui->gap);
    SDL_Rect prev = ui_cut_right(row, bw);
    ui_cut_right(row, ui->gap);
    int was = *page;
    if (ui_button_enabled(ui, next, ICON_ARROW_FORWARD, _("Next"), UI_SECONDARY, *page + 1 < pages))
        (*page)++;
    if (ui_button_enabled(ui, prev, ICON_CHEVRON_LEFT, _("Previous"), UI_SECONDARY, *page > 0))
        (*page)--;
    return *page != was;
}
