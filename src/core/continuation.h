/*
** continuation.h - the "What next?" choices a shadow gives at the end of the evaluation, tied to
** the three phases of the Paikka auki continuation-path model (jatkopolku): 1 awakening and
** building trust, 2 recognising one's skills, 3 future goals and action.
**
** One table, used by the kiosk's evaluation (scr_evaluate.c), the export and the report, so the
** ids stored in RECORD_ANSWER item "next" and the words shown for them never drift apart.
** Labels are English msgids marked with N_(): translate them with _() where they are shown.
** Must not depend on SDL or SQLite.
*/
#ifndef SD_CONTINUATION_H
#define SD_CONTINUATION_H

#define CONTINUATION_ITEM "next"      /* the RECORD_ANSWER item the choice is saved under */
#define CONTINUATION_PHASES 3

struct continuation_choice {
    const char *id;       /* the stored value: "try_again", "study_field", ... */
    const char *label;    /* English, N_()-marked: "I want to try this work again" */
    int phase;            /* 1..3 of the Paikka auki model */
};

/* How many choices there are, and the i-th in the order they are shown (NULL out of range). */
int continuation_count(void);
const struct continuation_choice *continuation_get(int i);
/* The choice stored as id, or NULL. */
const struct continuation_choice *continuation_find(const char *id);
/* The English (N_()-marked) name of phase 1..3, NULL out of range. */
const char *continuation_phase_name(int phase);

#endif
