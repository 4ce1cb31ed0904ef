/*
** pack_strings.c - the arena that holds every text of a parsed pack, freed with the pack.
**
** A pack has thousands of small texts (names, titles, translations); one block list instead of
** a malloc each keeps pack_free short and memory bounded. A failed allocation is remembered and
** returns "", so the readers need no check at every call: pack_parse turns it into SD_ENOMEM.
** Must not depend on SQLite or SDL, nor on the pack's other files.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_internal.h"

struct pack_block {
    struct pack_block *next;
    size_t used, cap;
    char data[];
};

struct pack_strings {
    struct pack_block *head;
    int failed;             /* an allocation failed: the parse ends in SD_ENOMEM */
};

enum { PACK_BLOCK_SIZE = 16384 };

struct pack_strings *pack_strings_new(void)
{
    return calloc(1, sizeof(struct pack_strings));
}

void pack_strings_free(struct pack_strings *strings)
{
    if (!strings)
        return;
    struct pack_block *b = strings->head;
    while (b) {
        struct pack_block *next = b->next;
        free(b);
        b = next;
    }
    free(strings);
}

int pack_strings_failed(const struct pack_strings *strings)
{
    return !strings || strings->failed;
}

const char *pack_strings_keep(struct pack *p, const char *s)
{
    if (!s || !*s || !p->strings_)
        return "";
    size_t n = strlen(s) + 1;
    struct pack_block *b = p->strings_->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > PACK_BLOCK_SIZE ? n : PACK_BLOCK_SIZE;
        b = malloc(sizeof *b + cap);
        if (!b) {
            p->strings_->failed = 1;
            return "";
        }
        b->next = p->strings_->head;
        b->used = 0;
        b->cap = cap;
        p->strings_->head = b;
    }
    char *out = b->data + b->used;
    memcpy(out, s, n);
    b->used += n;
    return out;
}

int pack_strings_add_tr(struct pack *p, struct pack_text *t, const char *lang, const char *text)
{
    for (int i = 0; i < t->count; i++) {
        if (strcmp(t->tr[i].lang, lang) == 0) {
            t->tr[i].text = (char *)pack_strings_keep(p, text);
            return 1;
        }
    }
    if (t->count >= PACK_MAX_LANGS)
        return 0;
    snprintf(t->tr[t->count].lang, sizeof t->tr[t->count].lang, "%s", lang);
    t->tr[t->count].text = (char *)pack_strings_keep(p, text);
    t->count++;
    return 1;
}
