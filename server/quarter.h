/*  quarter.h: the inspectorate's operations on periods, OPDs and
    rankings, and the finalized-ranking snapshots dashboards fetch.

    Uses the store's connection (one owner: rapord's only thread). Every
    operation runs in one transaction; a rejection changes nothing.  */
#ifndef RAPOR_QUARTER_H
#define RAPOR_QUARTER_H

#include "admin.h"
#include "codec.h"
#include "keyring.h"
#include "ranking.h"
#include "store.h"

#include <stdbool.h>

/*  Who asks, for what quarter_admin records in the action's transaction:
    the audit row of a change that succeeds (filled by the caller as
    accepted), and the request, so that a retry of it gets the first
    answer again.  */
typedef struct {
    audit_row_t *audit;
    uint64_t request_id;        /*  0: not remembered  */
    const char *fingerprint;    /*  hex of the request as codec_request_encode writes it  */
} quarter_caller_t;

/*  Carries out one validated admin operation. On STORE_OK the reply's
    summary (and lists or ranking) are filled; *published is set when this
    call finalized the period, so its ranking must now be broadcast. A
    change commits together with its audit row and its remembered answer;
    a request this caller made before (same key or, without keys, actor,
    and request id) gets that answer and changes nothing. On
    STORE_REJECTED the reply's problems say why; then, and on
    STORE_UNAVAILABLE, nothing was written and the caller audits.  */
store_status_t quarter_admin (store_t *store, const admin_t *admin,
                              const quarter_caller_t *caller, reply_t *reply,
                              bool *published, char *reason, size_t reason_size);

/*  The finalized ranking with sequence number `seq` if seq > 0; else that
    of `period`, or the latest one if period is "". STORE_REJECTED with
    not_found if there is none. Caller owns *ranking.  */
store_status_t quarter_snapshot (store_t *store, const char *period, uint64_t seq,
                                 ranking_t **ranking, problems_t *problems,
                                 char *reason, size_t reason_size);

/*  The highest broadcast sequence number ever stored (0 if none).  */
store_status_t quarter_last_seq (store_t *store, uint64_t *seq);

#endif
