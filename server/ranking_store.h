/*  ranking_store.h: rankings in the database. Uses the store's one
    connection, inside the caller's transaction.  */
#ifndef RAPOR_RANKING_STORE_H
#define RAPOR_RANKING_STORE_H

#include "ranking.h"
#include "store.h"

#include <stdbool.h>
#include <stdint.h>

/*  Builds the provisional ranking of a period from the latest verified and
    self-assessed scores and base TPP of every active OPD. NULL on database
    failure or out of memory. Caller owns the result.  */
ranking_t *ranking_store_compute (store_t *store, const char *period_code,
                                  const char *period_id, const ranking_rules_t *rules);

/*  Recomputes a stored ranking (from ranking_store_load) from the period's
    stored scores and base TPP, with the stored rules, for exactly the
    stored OPDs (by opds.id; codes and names are copied): an OPD
    deactivated or added after finalization changes nothing. The header
    (seq, finalized_*) is left empty. NULL on failure. Caller owns it.  */
ranking_t *ranking_store_recompute (store_t *store, const char *period_id,
                                    const ranking_t *stored);

/*  Gives a computed ranking the next sequence number and its digest
    (ranking->force_reason must be set already) and writes its header and
    every entry. False on any failure (the caller rolls back).  */
bool ranking_store_save (store_t *store, const char *period_id, ranking_t *ranking,
                         const char *actor);

/*  Loads a stored ranking: by sequence number if seq is not 0, else by
    period code, else ("") the latest, with its stored digest ("" if none)
    and each entry's row_id. Returns 1 with *out (caller owns),
    0 if none, -1 on failure.  */
int ranking_store_load (store_t *store, const char *period_code, uint64_t seq, ranking_t **out);

/*  Parses an int[] column ("{8750,NULL,...}") into six values; missing
    ones become RANKING_NO_SCORE.  */
void ranking_store_parse_array (const char *text, int32_t out[COMPONENT_COUNT]);

#endif
