/*
** acks.c - a shadow's safety acknowledgements of today, card by card.
**
** Records come in sequence order, so for each card the last word wins between "question" and
** not acknowledged, while an "understood" of the current content stays: understanding a card
** and then asking about it again does not make it unread. Hashes are computed per record in the
** record's own language, because the shadow may have read the card in Swedish this morning.
*/
#include "acks.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

struct acks_scan {
    const struct pack *pack;
    struct acks *out;
};

static int acks_on_record(void *arg, const struct record *rec)
{
    struct acks_scan *scan = arg;
    const struct pack *p = scan->pack;
    for (int i = 0; i < p->safety_count; i++) {
        const struct pack_safety_card *c = &p->safety[i];
        if (strcmp(c->id, rec->item) != 0)
            continue;
        unsigned char *st = &scan->out->state[i];
        if (strcmp(rec->value, "understood") == 0) {
            char hash[65];
            pack_safety_hash(c, rec->lang, hash);
            if (strcmp(hash, rec->content_hash) == 0)
                *st = ACK_DONE;
        } else if (strcmp(rec->value, "question") == 0 && *st != ACK_DONE) {
            *st = ACK_QUESTION;
        }
        break;
    }
    return 0;
}

int acks_read(struct store *s, const struct pack *p, const char *shadow_id, struct acks *out)
{
    acks_free(out);
    if (!p || p->safety_count <= 0)
        return SD_OK;
    out->state = calloc((size_t)p->safety_count, 1);
    if (!out->state)
        return SD_ENOMEM;
    out->count = p->safety_count;
    struct acks_scan scan = { p, out };
    int rc = shadow_id ? store_safety_acks_for_shadow(s, NULL, shadow_id, acks_on_record, &scan)
                       : SD_EINVAL;
    if (rc != SD_OK)
        memset(out->state, ACK_NONE, (size_t)out->count);
    out->pending = 0;
    for (int i = 0; i < out->count; i++)
        out->pending += out->state[i] != ACK_DONE;
    return rc;
}

void acks_free(struct acks *a)
{
    free(a->state);
    memset(a, 0, sizeof *a);
}
