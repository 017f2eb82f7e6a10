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
    NULL on out of memory.  */
batch_t *batch_new (store_t *store, void *router);

/*  Answers nothing: calls still waiting are dropped (their clients retry).  */
void batch_destroy (batch_t **self_p);

/*  Handles a submission: validates and authorizes it; if it passes, the
    batch takes the call (*call_p becomes NULL) to answer after the
    commit. Otherwise the call's reply is filled and the caller sends it.
    The batch must not be full (batch_count < STORE_BATCH_MAX).  */
void batch_submit (batch_t *self, call_t **call_p);

/*  Submissions waiting for the commit.  */
size_t batch_count (const batch_t *self);

/*  How many distinct clients submitted lately (peers.h): a group waits
    for them.  */
size_t batch_busy (const batch_t *self, int64_t now_ms);

/*  How many new verified submissions were stored since the last call
    (the hall screens' completeness count may have moved), and resets it.  */
size_t batch_take_verified (batch_t *self);

/*  Stores every waiting submission in one transaction, with their audit
    rows, then answers each. Receipts leave only after the COMMIT.  */
void batch_flush (batch_t *self);

#endif
