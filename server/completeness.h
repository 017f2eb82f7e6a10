/*  completeness.h: which verified scores a period still lacks, so that
    nobody's TPP is cut for a score that never arrived. Uses the store's
    one connection, inside the caller's transaction.  */
#ifndef RAPOR_COMPLETENESS_H
#define RAPOR_COMPLETENESS_H

#include "codec.h"
#include "ranking.h"
#include "store.h"

#include <stddef.h>

/*  At most this many missing scores travel in one reply; missing_total
    always says how many there are.  */
#define COMPLETENESS_LIST_MAX 1000

/*  Fills reply->missing with up to `cap` (at most COMPLETENESS_LIST_MAX)
    verified scores that the computed ranking lacks, in OPD code and
    component order, each with its designated assessor, and
    reply->missing_total with their number. Returns 1, or -1 on database
    failure or out of memory.  */
int completeness_fill (store_t *store, const char *period_id, const ranking_t *ranking,
                       size_t cap, reply_t *reply);

/*  Adds the finalization guard's problems: one saying how many scores
    are missing and how to see them all, then one per missing score for
    the first few. Uses what completeness_fill put in the reply.  */
void completeness_refuse (const char *period, const ranking_t *ranking, reply_t *reply);

#endif
