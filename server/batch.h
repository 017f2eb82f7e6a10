/*  batch.h: the group commit. Submissions that passed every check wait
    here and are stored together in one transaction; each waiting
    submission is a whole call (call.h) that owns its envelope, its reply
    and its audit row, so answering one never touches another.  */
#ifndef RAPOR_BATCH_H
#define RAPOR_BATCH_H

#include "call.h"
#include "store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct _batch_t batch_t;

/*  Replies go out on `router`; the batch does not own it or the store.
    A group waits at most wait_us for busy clients (batch_wait). NULL on
    out of memory.  */
batch_t *batch_new (store_t *store, void *router, int64_t wait_us);

/*  Answers nothing: calls still waiting are dropped (their clients retry).  */
void batch_destroy (batch_t **self_p);

/*  Handles a submission: validates and authorizes it; if it passes, the
    batch takes the call (*call_p becomes NULL) to answer after the
    commit. Otherwise the call's reply is filled and the caller sends it.
    The batch must not be full (batch_count < STORE_BATCH_MAX).  */
void batch_submit (batch_t *self, call_t **call_p);

/*  Submissions waiting for the commit.  */
size_t batch_count (const batch_t *self);

/*  How long the group should still wait for more submissions, in
    microseconds; 0: store it now. Clients busy submitting (peers.h) were
    just answered and their next submission is on its way: without this
    wait they split into two groups that take turns, each waiting for the
    other's commit too. The wait ends when the group holds every busy
    client, or wait_us after its first submission; a lone client never
    waits.  */
int64_t batch_wait (batch_t *self, int64_t now_us);

/*  How many new verified submissions were stored since the last call
    (the hall screens' completeness count may have moved), and resets it.  */
size_t batch_take_verified (batch_t *self);

/*  The last group commit since rapord started: when it ended (wall
    clock, microseconds since 1970 UTC; 0 if none yet) and how many
    submissions it held, stored, duplicate or rejected alike.  */
void batch_last_commit (const batch_t *self, int64_t *at_us, uint32_t *submissions);

/*  Stores every waiting submission in one transaction, with their audit
    rows, then answers each. Receipts leave only after the COMMIT.  */
void batch_flush (batch_t *self);

#endif
