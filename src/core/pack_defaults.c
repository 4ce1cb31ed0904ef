/*
** pack_defaults.c - the built-in evaluation questions, for packs without questions.csv.
**
** Five questions for the shadow and three for the host, in plain words that fit a 4-face smiley
** scale. The texts are English msgids translated through the catalogues (assets/po/), so every
** language the kiosk has gets them, and the plain text is in the pack's default language.
** Ids are stable: the collected answers of many workplaces are compared by them.
** Must not depend on SQLite or SDL.
*/
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "pack_internal.h"

static const struct {
    const char *id;
    int audience;
    const char *text;
} pack_default_questions[] = {
    { "liked_work",       AUDIENCE_SHADOW, N_("Did you like the work you saw today?") },
    { "escort_helped",    AUDIENCE_SHADOW, N_("Did your escort help you?") },
    { "felt_safe",        AUDIENCE_SHADOW, N_("Did you feel safe at the workplace?") },
    { "understood",       AUDIENCE_SHADOW, N_("Did you understand what you were told?") },
    { "want_this_work",   AUDIENCE_SHADOW, N_("Would you like to do this kind of work?") },
    { "host_interested",  AUDIENCE_HOST,   N_("Was the shadow interested in the work?") },
    { "host_instructions", AUDIENCE_HOST,  N_("Did the shadow follow the instructions?") },
    { "host_try_again",   AUDIENCE_HOST,   N_("Could the shadow try work like this again, "
                                              "with support if needed?") },
};

enum { PACK_DEFAULT_COUNT = sizeof pack_default_questions / sizeof pack_default_questions[0] };

int pack_defaults_questions(struct pack *p)
{
    const char *dflt = p->workplace.default_language[0] ? p->workplace.default_language : "fi";
    p->questions = calloc(PACK_DEFAULT_COUNT, sizeof *p->questions);
    if (!p->questions)
        return SD_ENOMEM;
    p->question_count = PACK_DEFAULT_COUNT;
    p->questions_are_default = 1;
    for (int i = 0; i < PACK_DEFAULT_COUNT; i++) {
        struct pack_question *q = &p->questions[i];
        strcpy(q->id, pack_default_questions[i].id);
        q->audience = pack_default_questions[i].audience;
        const char *text = pack_default_questions[i].text;
        q->text.base = (char *)pack_strings_keep(p, i18n_gettext_in(dflt, text));
        for (int l = 0; l < i18n_language_count(); l++) {
            const char *lang = i18n_language_code(l);
            if (strcmp(lang, dflt) != 0)
                pack_strings_add_tr(p, &q->text, lang, i18n_gettext_in(lang, text));
        }
    }
    return SD_OK;
}
