/*  peers.c: an open-addressing table of routing ids and when each was
    last seen. Stale entries are free for reuse; a full neighbourhood
    forgets the newcomer, which only makes a group commit wait less.  */
#include "peers.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 4096
#define PROBES 8

typedef struct {
    char id[16];
    int64_t seen_ms;
} slot_t;

struct _peers_t {
    slot_t slots[SLOTS];
};

peers_t *
peers_new (void)
{
    return calloc (1, sizeof (peers_t));
}

void
peers_destroy (peers_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}

static int
s_live (const slot_t *slot, int64_t now_ms)
{
    return slot->id[0] && now_ms - slot->seen_ms < PEERS_WINDOW_MS;
}

void
peers_seen (peers_t *self, const char *id, int64_t now_ms)
{
    if (!self || !id || !*id)
        return;
    uint32_t at = hash_text (id);
    slot_t *free_slot = NULL;
    for (uint32_t i = 0; i < PROBES; i++) {
        slot_t *slot = &self->slots[(at + i) % SLOTS];
        if (strncmp (slot->id, id, sizeof slot->id) == 0) {
            slot->seen_ms = now_ms;
            return;
        }
        if (!free_slot && !s_live (slot, now_ms))
            free_slot = slot;
    }
    if (free_slot) {
        strncpy (free_slot->id, id, sizeof free_slot->id - 1);
        free_slot->id[sizeof free_slot->id - 1] = '\0';
        free_slot->seen_ms = now_ms;
    }
}

size_t
peers_busy (const peers_t *self, int64_t now_ms)
{
    size_t busy = 0;
    for (size_t i = 0; self && i < SLOTS; i++)
        busy += (size_t) s_live (&self->slots[i], now_ms);
    return busy;
}
