/*  dispatch.h: one request's way through rapord: gate → size → decode →
    identify → authorize → handler. Each step works on the request's own
    call (call.h); the first one that says no fills the reply, and nothing
    after it runs.  */
#ifndef RAPOR_DISPATCH_H
#define RAPOR_DISPATCH_H

#include "batch.h"
#include "broadcast.h"
#include "call.h"
#include "config.h"
#include "curve.h"
#include "gate.h"
#include "store.h"

typedef struct _dispatch_t dispatch_t;

/*  Borrows everything it is given; answers on `router`. `census` (the
    request socket's connections, for SERVER_STATUS) may be NULL: not
    counted. Uptime counts from this call. NULL on out of memory.  */
dispatch_t *dispatch_new (const config_t *config, bool curve, store_t *store, batch_t *batch,
                          broadcaster_t *broadcaster, gate_t *gate, void *router,
                          const curve_census_t *census);
void dispatch_destroy (dispatch_t **self_p);

/*  Answers the call, or hands a submission to the batch. Takes the call
    (*call_p becomes NULL). The batch must have room for one more.  */
void dispatch_call (dispatch_t *self, call_t **call_p);

#endif
