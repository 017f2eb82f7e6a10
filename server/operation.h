/*  operation.h: the admin request handler: runs one validated,
    authorized admin operation (quarter.c) for its call, and publishes a
    ranking that operation finalized.  */
#ifndef RAPOR_OPERATION_H
#define RAPOR_OPERATION_H

#include "batch.h"
#include "broadcast.h"
#include "curve.h"
#include "gate.h"
#include "call.h"
#include "store.h"

/*  Fills the call's reply. Waiting submissions must have been stored
    before (a period closed now must not refuse them).  */
/*  What an admin request may use, all borrowed.  */
typedef struct {
    store_t *store;
    broadcaster_t *broadcaster;
    gate_t *gate;
    batch_t *batch;                 /*  SERVER_STATUS: the last group commit  */
    const curve_census_t *census;   /*  SERVER_STATUS: connections; NULL: not counted  */
    int64_t started_us;             /*  clock_now_us when rapord began serving  */
} operation_env_t;

void operation_handle (const operation_env_t *env, call_t *call);

#endif
