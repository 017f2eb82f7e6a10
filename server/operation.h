/*  operation.h: the admin request handler: runs one validated,
    authorized admin operation (quarter.c) for its call, and publishes a
    ranking that operation finalized.  */
#ifndef RAPOR_OPERATION_H
#define RAPOR_OPERATION_H

#include "broadcast.h"
#include "gate.h"
#include "call.h"
#include "store.h"

/*  Fills the call's reply. Waiting submissions must have been stored
    before (a period closed now must not refuse them).  */
void operation_handle (store_t *store, broadcaster_t *broadcaster, gate_t *gate, call_t *call);

#endif
