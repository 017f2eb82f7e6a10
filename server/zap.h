/*  zap.h: rapord's ZAP handler (ZeroMQ RFC 27): every CURVE handshake on
    rapord's sockets asks it. It asks the gate (gate.h) first, and the
    database only if the gate allows; refusals are counted by the gate, not
    written one by one. It runs in rapord's one thread, polled beside the
    request socket, so the PGconn keeps one owner. CZMQ's zauth is not used: it keeps certificates in memory and
    crashes on long metadata; the database is the one source of truth.  */
#ifndef RAPOR_ZAP_H
#define RAPOR_ZAP_H

#include "gate.h"
#include "store.h"

#define ZAP_DOMAIN "rapor"

typedef struct _zap_t zap_t;

/*  Binds inproc://zeromq.zap.01 in ctx. Must exist before the CURVE
    sockets bind. Uses, does not own, store and gate. NULL on failure.  */
zap_t *zap_new (void *ctx, store_t *store, gate_t *gate);
void zap_destroy (zap_t **self_p);

/*  The socket to poll for ZAP requests.  */
void *zap_socket (zap_t *self);

/*  Answers one waiting ZAP request.  */
void zap_handle (zap_t *self);

#endif
