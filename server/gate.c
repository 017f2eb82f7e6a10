/*  gate.c: see gate.h. Four exact tables (open addressing, full names
    compared), and the refusal tally (tally.c). Nothing here allocates
    after gate_new, so a flood costs no memory.  */
#include "gate.h"
#include "tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_MAX_LEN 72         /*  a Z85 key is 40, an IPv6 address at most 45  */
#define WINDOW_MS 1000
#define REBUILD_EVERY_MS 100    /*  a full table is swept at most this often  */

/*  One entry: a key's or an address's window, or how long a key stays
    known or unknown. It is live while now < until_ms.  */
typedef struct {
    char name[NAME_MAX_LEN + 1];
    int64_t until_ms;
    int count;
} entry_t;

typedef struct {
    entry_t *slots;
    entry_t *spare;             /*  for rebuilding without allocating  */
    size_t capacity;            /*  a power of two, twice `max`  */
    size_t max, used;
    int64_t rebuilt_ms;
} table_t;

struct _gate_t {
    gate_config_t config;
    uint32_t seed;              /*  so nobody can choose keys that share a probe run  */
    table_t keys, sources, unknown, known;
    tally_t *tally;             /*  the refusals, counted  */
};

void
gate_config_defaults (gate_config_t *config)
{
    *config = (gate_config_t) {
        .key_requests_per_second = 200,
        .source_handshakes_per_second = 20,
        .unknown_key_ms = 10000,
        .known_key_ms = 600000,
        .summary_ms = 60000,
    };
}

static uint32_t
s_hash (uint32_t seed, const char *text)
{
    uint32_t h = 2166136261u ^ seed;
    for (; *text; text++)
        h = (h ^ (uint8_t) *text) * 16777619u;
    return h;
}

static bool
s_table_init (table_t *t, size_t max)
{
    t->max = max;
    t->capacity = 1;
    while (t->capacity < 2 * max)
        t->capacity <<= 1;
    t->slots = calloc (t->capacity, sizeof *t->slots);
    t->spare = calloc (t->capacity, sizeof *t->spare);
    return t->slots && t->spare;
}

static void
s_table_free (table_t *t)
{
    free (t->slots);
    free (t->spare);
}

/*  The slot holding `name`, or the empty slot where it would go. The
    table is never more than half full, so the probe ends.  */
static entry_t *
s_probe (entry_t *slots, size_t capacity, uint32_t seed, const char *name)
{
    size_t i = s_hash (seed, name) & (capacity - 1);
    while (slots[i].name[0] && strcmp (slots[i].name, name) != 0)
        i = (i + 1) & (capacity - 1);
    return &slots[i];
}

/*  Keeps only live entries: rehashed into the spare array, then swapped.  */
static void
s_table_rebuild (table_t *t, uint32_t seed, int64_t now_ms)
{
    memset (t->spare, 0, t->capacity * sizeof *t->spare);
    size_t used = 0;
    for (size_t i = 0; i < t->capacity; i++)
        if (t->slots[i].name[0] && now_ms < t->slots[i].until_ms) {
            *s_probe (t->spare, t->capacity, seed, t->slots[i].name) = t->slots[i];
            used++;
        }
    entry_t *old = t->slots;
    t->slots = t->spare;
    t->spare = old;
    t->used = used;
    t->rebuilt_ms = now_ms;
}

/*  The live entry for `name`, or NULL.  */
static entry_t *
s_table_find (table_t *t, uint32_t seed, const char *name, int64_t now_ms)
{
    entry_t *e = s_probe (t->slots, t->capacity, seed, name);
    return e->name[0] && now_ms < e->until_ms ? e : NULL;
}

/*  The entry for `name`, made if need be (until_ms 0, count 0: the caller
    sets them). NULL if the name is too long or the table is full of live
    entries.  */
static entry_t *
s_table_take (table_t *t, uint32_t seed, const char *name, int64_t now_ms)
{
    if (strlen (name) > NAME_MAX_LEN || !*name)
        return NULL;
    entry_t *e = s_probe (t->slots, t->capacity, seed, name);
    if (e->name[0])
        return e;
    if (t->used >= t->max) {
        if (now_ms - t->rebuilt_ms < REBUILD_EVERY_MS)
            return NULL;
        s_table_rebuild (t, seed, now_ms);
        if (t->used >= t->max)
            return NULL;
        e = s_probe (t->slots, t->capacity, seed, name);
    }
    memset (e, 0, sizeof *e);
    snprintf (e->name, sizeof e->name, "%s", name);
    t->used++;
    return e;
}

gate_t *
gate_new (const gate_config_t *config)
{
    gate_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->config = *config;
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    self->seed = (uint32_t) ts.tv_nsec ^ (uint32_t) ts.tv_sec ^ (uint32_t) (uintptr_t) self;
    if (!s_table_init (&self->keys, 4096) || !s_table_init (&self->sources, 4096)
    ||  !s_table_init (&self->unknown, 4096) || !s_table_init (&self->known, 1024)
    ||  !(self->tally = tally_new (config->summary_ms)))
        gate_destroy (&self);
    return self;
}

void
gate_destroy (gate_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    gate_t *self = *self_p;
    s_table_free (&self->keys);
    s_table_free (&self->sources);
    s_table_free (&self->unknown);
    s_table_free (&self->known);
    tally_destroy (&self->tally);
    free (self);
    *self_p = NULL;
}

/*  One more event in `name`'s one-second window; false beyond `limit`.
    A name the table has no room for is refused.  */
static bool
s_spend (gate_t *self, table_t *t, const char *name, int limit, int64_t now_ms)
{
    entry_t *e = s_table_take (t, self->seed, name, now_ms);
    if (!e)
        return false;
    if (now_ms >= e->until_ms) {
        e->until_ms = now_ms + WINDOW_MS;
        e->count = 0;
    }
    if (e->count >= limit)
        return false;
    e->count++;
    return true;
}

bool
gate_request (gate_t *self, const char *key, int64_t now_ms)
{
    /*  No key: the handshake proved none, and the request is refused
        after, without the database (dispatch's identify step).  */
    if (self->config.key_requests_per_second <= 0 || !key || !*key)
        return true;
    return s_spend (self, &self->keys, key, self->config.key_requests_per_second, now_ms);
}

/*  True if `address` has made `limit` failed lookups this second.  */
static bool
s_spent (gate_t *self, const char *address, int limit, int64_t now_ms)
{
    entry_t *e = s_table_find (&self->sources, self->seed, address, now_ms);
    return limit > 0 && e && e->count >= limit;
}

gate_verdict_t
gate_handshake (gate_t *self, const char *address, const char *key, int64_t now_ms)
{
    if (s_table_find (&self->unknown, self->seed, key, now_ms))
        return GATE_UNKNOWN;
    if (!s_spent (self, address, self->config.source_handshakes_per_second, now_ms))
        return GATE_LOOKUP;
    return s_table_find (&self->known, self->seed, key, now_ms) ? GATE_KNOWN : GATE_BUSY;
}

void
gate_learn (gate_t *self, const char *address, const char *key, store_status_t status,
            int64_t now_ms)
{
    int limit = self->config.source_handshakes_per_second;
    if (status == STORE_REJECTED && limit > 0)
        s_spend (self, &self->sources, address, limit, now_ms);
    table_t *remember = status == STORE_OK ? &self->known
                      : status == STORE_REJECTED ? &self->unknown : NULL;
    table_t *drop = status == STORE_OK ? &self->unknown : &self->known;
    if (!remember)
        return;
    entry_t *old = s_table_find (drop, self->seed, key, now_ms);
    if (old)
        old->until_ms = 0;      /*  dead: swept at the next rebuild  */
    entry_t *e = s_table_take (remember, self->seed, key, now_ms);
    if (e)      /*  no room: the lookup is simply asked again next time  */
        e->until_ms = now_ms + (status == STORE_OK ? self->config.known_key_ms
                                                   : self->config.unknown_key_ms);
}

void
gate_forget (gate_t *self)
{
    memset (self->unknown.slots, 0, self->unknown.capacity * sizeof (entry_t));
    memset (self->known.slots, 0, self->known.capacity * sizeof (entry_t));
    self->unknown.used = self->known.used = 0;
}

void
gate_forget_key (gate_t *self, const char *key)
{
    if (!key || !*key) {
        gate_forget (self);
        return;
    }
    /*  An entry is dead once its time has passed: swept at the next rebuild.  */
    entry_t *e = s_table_find (&self->unknown, self->seed, key, INT64_MIN);
    if (e)
        e->until_ms = 0;
    e = s_table_find (&self->known, self->seed, key, INT64_MIN);
    if (e)
        e->until_ms = 0;
}

/*  The gate refuses and counts; how refusals are grouped and written is
    tally.c's.  */
bool
gate_refuse (gate_t *self, const char *action, const char *outcome, const char *reason,
             const char *key, const char *source, int64_t now_ms)
{
    return tally_count (self->tally, action, outcome, reason, key, source, now_ms);
}

void
gate_flush (gate_t *self, store_t *store, int64_t now_ms)
{
    tally_flush (self->tally, store, now_ms);
}

void
gate_flush_all (gate_t *self, store_t *store, int64_t now_ms)
{
    tally_flush_all (self->tally, store, now_ms);
}

size_t
gate_pending (const gate_t *self)
{
    return tally_pending (self->tally);
}
