/*  broadcast.h: what rapord tells dashboards: finalized rankings,
    heartbeats and period statuses on the PUB socket, their sequence numbers, and the snapshot
    service a dashboard catches up with. (The type is broadcaster_t
    because codec.h's broadcast_t is one message on the wire.)  */
#ifndef RAPOR_BROADCAST_H
#define RAPOR_BROADCAST_H

#include "call.h"
#include "store.h"

#include <stdint.h>

typedef struct _broadcaster_t broadcaster_t;

/*  Opens and binds its own PUB socket at `endpoint` in `ctx`, a CURVE
    server with `secret` (NULL: plaintext, development only), on the
    context's second I/O thread so that heartbeats do not wait behind the
    request socket's work. Reads the last sequence number from the store.
    NULL with a sentence for the operator in err on failure.  */
broadcaster_t *broadcast_new (void *ctx, const char *secret, const char *endpoint,
                              store_t *store, int heartbeat_ms, char *err, size_t err_size);

/*  Closes the PUB socket (its linger lets the last messages leave).  */
void broadcast_destroy (broadcaster_t **self_p);

/*  Where the PUB socket is bound, e.g. "tcp://127.0.0.1:40123".  */
const char *broadcast_endpoint (const broadcaster_t *self);

/*  The highest sequence number published or stored.  */
uint64_t broadcast_last_seq (const broadcaster_t *self);

/*  Sends a heartbeat if one is due at now_ms (or `force`), and the
    period statuses that are due (bulletin.h). Returns the milliseconds
    until the next of either is due.  */
int64_t broadcast_heartbeat (broadcaster_t *self, int64_t now_ms, bool force);

/*  Publishes a ranking just finalized; the caller keeps it.  */
void broadcast_ranking (broadcaster_t *self, ranking_t *ranking);

/*  A period's state changed (opened, closed, reopened, finalized, an
    objection filed or answered, an OPD added or deactivated): its status
    goes out at the next broadcast_heartbeat.  */
void broadcast_period_changed (broadcaster_t *self);

/*  Verified scores were stored: the statuses are read again within a
    second, however many arrive meanwhile.  */
void broadcast_scores_stored (broadcaster_t *self);

/*  Answers a snapshot request: the call's reply gets the ranking, or why
    not.  */
void broadcast_snapshot (broadcaster_t *self, call_t *call);

#endif
