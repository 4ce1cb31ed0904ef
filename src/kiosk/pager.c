/*
** pager.c - Previous and Next for a paged list (see pager.h). One place for the pair so every
** list pages the same way: same order, same pictograms, greyed at the ends.
*/
#include "pager.h"

#include "i18n.h"
#include "icons.h"

static const struct {
    unsigned prev_icon, next_icon;
    int next_style;
} pager_looks[] = {
    [PAGER_LIST] = { ICON_CHEVRON_LEFT, ICON_ARROW_FORWARD, UI_SECONDARY },
    [PAGER_CODES] = { ICON_CHEVRON_LEFT, ICON_CHEVRON_RIGHT, UI_PRIMARY },
};

int pager_pair(struct ui *ui, SDL_Rect prev, SDL_Rect next, int *page, int pages, int look)
{
    if (look < 0 || look >= (int)(sizeof pager_looks / sizeof pager_looks[0]))
        look = PAGER_LIST;
    int was = *page;
    int back = ui_button_enabled(ui, prev, pager_looks[look].prev_icon, _("Previous"),
                                 UI_SECONDARY, was > 0);
    int on = ui_button_enabled(ui, next, pager_looks[look].next_icon, _("Next"),
                               pager_looks[look].next_style, was + 1 < pages);
    if (back)
        *page = was - 1;
    else if (on)
        *page = was + 1;
    return *page != was;
}

int pager_buttons(struct ui *ui, SDL_Rect *row, int bw, int *page, int pages)
{
    if (pages <= 1)
        return 0;
    SDL_Rect next = ui_cut_right(row, bw);
    ui_cut_right(row, ui->gap);
    SDL_Rect prev = ui_cut_right(row, bw);
    ui_cut_right(row, ui->gap);
    return pager_pair(ui, prev, next, page, pages, PAGER_LIST);
}
