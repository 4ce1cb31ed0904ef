/*
** acks.h - which safety cards a shadow has acknowledged today, as the rule of SPEC §4 says:
** a card counts when an "understood" record exists for the shadow on the pack's day whose
** content hash equals the hash of the card's current content in that record's language. So a
** card changed since (a new pack) must be acknowledged again; a "question" marks it until then.
** Used by the escort, safety and hub screens. Depends on the store and the pack, not on SDL.
*/
#ifndef SD_ACKS_H
#define SD_ACKS_H

#include "pack.h"
#include "store.h"

enum ack_state {
    ACK_NONE = 0,       /* not acknowledged */
    ACK_QUESTION,       /* the shadow said "I have a question" and has not understood it since */
    ACK_DONE            /* understood, with the card's current content */
};

struct acks {
    unsigned char *state;   /* one enum ack_state per card of the pack, in the pack's order */
    int count;              /* cards */
    int pending;            /* cards not ACK_DONE */
};

/* Read the states of every card of p for shadow_id; *out is replaced (free with acks_free).
** On an error every card counts as not acknowledged. */
int acks_read(struct store *s, const struct pack *p, const char *shadow_id, struct acks *out);
void acks_free(struct acks *a);

#endif
