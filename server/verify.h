/*  verify.h: PERIOD_VERIFY. Is a finalized ranking still what was
    finalized?

    Three checks, all from the stored rows, inside the caller's
    transaction:
    1. the digest recomputed from rankings + ranking_entries equals the
       digest stored (and broadcast) at finalization;
    2. the ranking recomputed from the stored scores and base TPP, with
       the stored rules, for the OPDs the ranking holds, equals the stored
       ranking entry by entry (this catches a changed score row, which
       leaves the stored ranking and its digest intact);
    3. the stored rules equal the period's settings, and the period is
       finalized exactly when it has a ranking.
    The first difference is named: table, OPD, field, both values. Which
    side was changed follows from which one still matches the digest.  */
#ifndef RAPOR_VERIFY_H
#define RAPOR_VERIFY_H

#include "admin.h"
#include "codec.h"
#include "store.h"

/*  Returns 1 with reply->summary filled if the record verifies, or with
    problems (record_altered, period_unknown, not_found) if not; -1 on
    database failure or out of memory.  */
int verify_period (store_t *store, const admin_t *admin, reply_t *reply);

#endif
