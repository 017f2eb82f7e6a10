/*  tally.h: refusals counted, not written one by one.

    A flood of refused connections or requests must not become a flood of
    audit rows in a table nobody may delete from. The tally groups
    refusals by (action, outcome, reason, key, source) and writes one
    audit row per group per summary interval, with the count and the
    times of the first and the last refusal (PROTOCOL.md §10). Its memory
    is fixed: past TALLY_MAX groups with their own key or source, the rest
    are folded into one "(other)" group per action, outcome and reason.
    Accepted work is not counted here: it is audited row by row, in its
    own transaction.  */
#ifndef RAPOR_TALLY_H
#define RAPOR_TALLY_H

#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _tally_t tally_t;

/*  summary_ms: how long a group counts before its row is written.
    NULL on out of memory.  */
tally_t *tally_new (int64_t summary_ms);

/*  Does not write: call tally_flush_all first.  */
void tally_destroy (tally_t **self_p);

/*  Counts one refusal. key and source may be NULL. True if it opened a
    new group: the caller logs that one, and the summary row the rest.  */
bool tally_count (tally_t *self, const char *action, const char *outcome, const char *reason,
                  const char *key, const char *source, int64_t now_ms);

/*  Writes the groups whose interval has ended, as audit rows, in one
    statement. Cheap when nothing is due. If the database cannot take
    them, they keep counting and are tried again a second later.  */
void tally_flush (tally_t *self, store_t *store, int64_t now_ms);

/*  Writes every group now, due or not: at shutdown.  */
void tally_flush_all (tally_t *self, store_t *store, int64_t now_ms);

/*  Groups counted and not yet written.  */
size_t tally_pending (const tally_t *self);

#endif
