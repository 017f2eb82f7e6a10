/*  gate.h: cheap refusals, before any work. rapord has one thread and one
    database connection, so whatever the world sends for free must be
    refused from memory, and counted, not written down one by one.

    The gate keeps, in bounded memory:
    - an exact per-key request budget: at most key_requests_per_second
      requests per CURVE key per one-second window. Keys are compared in
      full, so no key can spend or reset another key's budget;
    - a per-source-address budget of handshakes whose key the database
      did not know: beyond it, that address's handshakes are answered from
      memory for the rest of the second (a key that passed recently is let
      through, any other is refused for now). Registered keys do not spend
      it, so many honest clients behind one address are not shut out by
      their own numbers;
    - a negative cache: a key the database called unknown or revoked is
      refused from memory for unknown_key_ms;
    - the refusal tally (tally.h): refusals grouped by (action, outcome,
      reason, key, source), written as one audit row per group per
      summary_ms, with the count and the times of the first and last
      refusal.

    The gate runs before decode, lookup and audit, and touches the database
    only in gate_flush. Memory is bounded: each table holds a fixed number
    of entries; an entry whose window or time has passed is dropped when
    room is needed; when a table is full of live entries, the newcomer is
    refused (fail closed), never let in by forgetting someone else.  */
#ifndef RAPOR_GATE_H
#define RAPOR_GATE_H

#include "store.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int key_requests_per_second;        /*  0: no per-key budget  */
    int source_handshakes_per_second;   /*  unknown-key lookups per address; 0: no limit  */
    int unknown_key_ms;                 /*  how long an unknown key is refused from memory  */
    int known_key_ms;                   /*  how long a key that passed may pass from memory  */
    int summary_ms;                     /*  one summary row per group per this interval  */
} gate_config_t;

/*  What rapord uses unless told otherwise.  */
void gate_config_defaults (gate_config_t *config);

typedef struct _gate_t gate_t;

/*  Allocates all its memory now (a few MB). NULL on out of memory.  */
gate_t *gate_new (const gate_config_t *config);

/*  Does not flush: call gate_flush_all first.  */
void gate_destroy (gate_t **self_p);

/*  May this key make one more request now? Counts it if so. False means
    "unavailable, retry later", before the request is even decoded; the
    caller counts the refusal with gate_refuse.  */
bool gate_request (gate_t *self, const char *key, int64_t now_ms);

typedef enum {
    GATE_LOOKUP,    /*  ask the database, then tell gate_learn the answer  */
    GATE_KNOWN,     /*  address over its budget, but the key passed recently: let it in  */
    GATE_UNKNOWN,   /*  the database said unknown or revoked not long ago: refuse  */
    GATE_BUSY       /*  over the address's budget, key not known: refuse for now  */
} gate_verdict_t;

/*  What to do with a CURVE handshake of `key` from `address`.  */
gate_verdict_t gate_handshake (gate_t *self, const char *address, const char *key,
                               int64_t now_ms);

/*  The database's answer for a key after GATE_LOOKUP: STORE_OK remembers
    it as known; STORE_REJECTED remembers it as unknown and spends one of
    the address's budget; STORE_UNAVAILABLE nothing.  */
void gate_learn (gate_t *self, const char *address, const char *key, store_status_t status,
                 int64_t now_ms);

/*  Forgets every key it knows or refuses: call after a key is added or
    revoked, so the next handshake asks the database again.  */
void gate_forget (gate_t *self);

/*  Forgets one key ("" or NULL: every key), known or refused. rapord calls
    it for each key change the database announces (sql/011), so a key
    added with SQL is not refused from memory.  */
void gate_forget_key (gate_t *self, const char *key);

/*  Counts one refusal. key and source may be NULL; requests are grouped
    by key, connections by source address. True if this refusal opened a
    new group: the caller logs that one, and the summary row the rest.  */
bool gate_refuse (gate_t *self, const char *action, const char *outcome, const char *reason,
                  const char *key, const char *source, int64_t now_ms);

/*  Writes the groups whose interval has ended, as audit rows, in one
    statement. Cheap when nothing is due: call it on every pass of the
    loop. If the database cannot take them, the groups keep counting and
    are tried again a second later.  */
void gate_flush (gate_t *self, store_t *store, int64_t now_ms);

/*  Writes every group now, due or not: at shutdown.  */
void gate_flush_all (gate_t *self, store_t *store, int64_t now_ms);

/*  Groups counted and not yet written.  */
size_t gate_pending (const gate_t *self);

#endif
