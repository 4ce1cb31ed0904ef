/*
** pack_ready.h - is each shadow ready for the day? The sending organisation's checklist
** (seeds/job-shadow-day-checklist.fi.txt), point by point, read from a valid pack.
**
** One row per shadow with a cell for each point the pack can answer: the agreement signed
** (point 9), an escort named with a phone (point 10), whether lunch is offered (point 7), the
** safety cards in the shadow's language (point 7), and an arrival item with a place in their
** plan (the journey, point 4). `shadowday pack check` prints the rows as a table; the two
** points that put the day itself at risk (no agreement, no way to reach the escort) are also
** warnings naming the shadow. The texts are translated. Must not depend on SQLite or SDL.
*/
#ifndef SD_PACK_READY_H
#define SD_PACK_READY_H

#include "pack.h"

enum pack_ready_point {
    READY_AGREEMENT,            /* point 9: the three-party agreement is signed */
    READY_ESCORT,               /* point 10: an escort, and a phone to reach them */
    READY_LUNCH,                /* point 7: whether the shadow is offered food */
    READY_SAFETY,               /* point 7: the safety cards, in the shadow's language */
    READY_ARRIVAL,              /* point 4: when and where to arrive (the journey) */
    READY_POINT_COUNT
};

struct pack_ready_cell {
    int ok;                     /* 1: done; 0: still to do before the day */
    char text[64];              /* what the cell says, short: "signed", "Jari: NO PHONE" */
};

struct pack_ready_row {
    const struct pack_shadow *shadow;
    struct pack_ready_cell cell[READY_POINT_COUNT];
    int ready;                  /* every cell is ok */
};

/* The column's heading ("agreement") and the number of its point in the checklist (9). */
const char *pack_ready_heading(int point);
int pack_ready_checklist_point(int point);

/* A row for each shadow of p into rows (room for p->shadow_count); returns how many are ready. */
int pack_ready_rows(const struct pack *p, struct pack_ready_row *rows);

/* Add a warning to rep for each unsigned agreement and each escort without a phone, on the
** shadow's line of shadows.csv and naming them. SD_OK or SD_ENOMEM. */
int pack_ready_warn(const struct pack *p, struct pack_report *rep);

#endif
