/*  limiter.c: fixed one-second windows in a small open-addressing table.
    Keys beyond the table's size share slots, which can only make the
    limit stricter for them, never looser.  */
#include "limiter.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 4096      /*  about 60 times the regency's OPD count  */
#define WINDOW_MS 1000

typedef struct {
    char key[41];
    int64_t window;     /*  start of the current window, ms  */
    int count;
} slot_t;

struct _limiter_t {
    int limit;
    slot_t slots[SLOTS];
};

limiter_t *
limiter_new (int limit)
{
    limiter_t *self = calloc (1, sizeof *self);
    if (self)
        self->limit = limit;
    return self;
}

void
limiter_destroy (limiter_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}

bool
limiter_allow (limiter_t *self, const char *key, int64_t now_ms, bool *first_refusal)
{
    *first_refusal = false;
    if (!self || self->limit <= 0 || !key || !*key)
        return true;
    slot_t *slot = &self->slots[hash_text (key) % SLOTS];
    if (strncmp (slot->key, key, sizeof slot->key) != 0 || now_ms - slot->window >= WINDOW_MS) {
        strncpy (slot->key, key, sizeof slot->key - 1);
        slot->window = now_ms;
        slot->count = 0;
    }
    slot->count++;
    if (slot->count <= self->limit)
        return true;
    *first_refusal = slot->count == self->limit + 1;
    return false;
}
