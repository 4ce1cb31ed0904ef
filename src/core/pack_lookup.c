/*
** pack_lookup.c - finding things in a parsed pack: a shadow or a host by id, a text in a
** language (falling back to the pack's default), whether a shadow may check out alone, and
** which languages the pack's texts are in. Used by the kiosk, the exports and `pack check`.
** Must not depend on SQLite or SDL.
*/
#include "pack.h"

#include <stdio.h>
#include <string.h>

const struct pack_shadow *pack_find_shadow(const struct pack *p, const char *id)
{
    for (int i = 0; p && id && i < p->shadow_count; i++)
        if (strcmp(p->shadows[i].id, id) == 0)
            return &p->shadows[i];
    return NULL;
}

const struct pack_host *pack_find_host(const struct pack *p, const char *id)
{
    for (int i = 0; p && id && i < p->host_count; i++)
        if (strcmp(p->hosts[i].id, id) == 0)
            return &p->hosts[i];
    return NULL;
}

const char *pack_text_get(const struct pack_text *t, const char *lang)
{
    if (!t)
        return "";
    for (int i = 0; lang && i < t->count && i < PACK_MAX_LANGS; i++)
        if (strcmp(t->tr[i].lang, lang) == 0 && t->tr[i].text && t->tr[i].text[0])
            return t->tr[i].text;
    return t->base ? t->base : "";
}

int pack_shadow_self_checkout(const struct pack *p, const struct pack_shadow *s)
{
    if (s && s->self_checkout >= 0)
        return s->self_checkout;
    return p ? p->workplace.self_checkout : 0;
}

struct lang_tally {
    char (*langs)[8];
    int *counts;
    int n, max, texts;
};

static void lang_tally_add(struct lang_tally *t, const char *lang)
{
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->langs[i], lang) == 0) {
            if (t->counts)
                t->counts[i]++;
            return;
        }
    }
    if (t->n >= t->max)
        return;
    snprintf(t->langs[t->n], 8, "%s", lang);
    if (t->counts)
        t->counts[t->n] = 1;
    t->n++;
}

static void lang_tally_text(struct lang_tally *t, const struct pack_text *x, const char *dflt)
{
    if (!x->base || !x->base[0])
        return;
    t->texts++;
    lang_tally_add(t, dflt);
    for (int i = 0; i < x->count && i < PACK_MAX_LANGS; i++)
        lang_tally_add(t, x->tr[i].lang);
}

int pack_languages(const struct pack *p, char langs[][8], int *counts, int max, int *texts)
{
    struct lang_tally t = { langs, counts, 0, max, 0 };
    const char *dflt = p->workplace.default_language[0] ? p->workplace.default_language : "fi";
    if (max > 0) {
        snprintf(langs[0], 8, "%s", dflt);
        if (counts)
            counts[0] = 0;
        t.n = 1;
    }
    lang_tally_text(&t, &p->workplace.name, dflt);
    lang_tally_text(&t, &p->workplace.lunch_note, dflt);
    for (int i = 0; i < p->host_count; i++)
        lang_tally_text(&t, &p->hosts[i].role, dflt);
    for (int i = 0; i < p->plan_count; i++) {
        lang_tally_text(&t, &p->plan[i].title, dflt);
        lang_tally_text(&t, &p->plan[i].place, dflt);
    }
    for (int i = 0; i < p->safety_count; i++) {
        lang_tally_text(&t, &p->safety[i].title, dflt);
        lang_tally_text(&t, &p->safety[i].text, dflt);
    }
    for (int i = 0; !p->questions_are_default && i < p->question_count; i++)
        lang_tally_text(&t, &p->questions[i].text, dflt);
    if (texts)
        *texts = t.texts;
    return t.n;
}

