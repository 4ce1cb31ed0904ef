/*
** continuation.c - the table of "What next?" choices and the phases of the Paikka auki model.
**
** Phases follow the model's own description: someone who does not know yet is in the first
** phase (building trust comes before plans); wanting to try another field is exploring options,
** the second; wanting to try this work again or to study the field is a concrete goal, the third.
** Must not depend on SDL or SQLite.
*/
#include "continuation.h"

#include <stddef.h>
#include <string.h>

#include "i18n.h"

static const struct continuation_choice continuation_choices[] = {
    /* id             label                                   phase */
    { "try_again",   N_("I want to try this work again"),    3 },
    { "study_field", N_("I want to study this field"),       3 },
    { "other_field", N_("I want to try another field"),      2 },
    { "dont_know",   N_("I don't know yet"),                 1 },
};

static const char *const continuation_phases[CONTINUATION_PHASES] = {
    N_("Awakening and building trust"),
    N_("Recognising one's skills"),
    N_("Future goals and action"),
};

enum { CONTINUATION_COUNT = sizeof continuation_choices / sizeof continuation_choices[0] };

int continuation_count(void)
{
    return CONTINUATION_COUNT;
}

const struct continuation_choice *continuation_get(int i)
{
    return i >= 0 && i < CONTINUATION_COUNT ? &continuation_choices[i] : NULL;
}

const struct continuation_choice *continuation_find(const char *id)
{
    for (int i = 0; id && i < CONTINUATION_COUNT; i++)
        if (strcmp(continuation_choices[i].id, id) == 0)
            return &continuation_choices[i];
    return NULL;
}

const char *continuation_phase_name(int phase)
{
    return phase >= 1 && phase <= CONTINUATION_PHASES ? continuation_phases[phase - 1] : NULL;
}
