/*  objection.h: objections (masa sanggah) in the database: an OPD objects
    to one verified score of its own while the period is closed; the
    component's designated assessor or the inspectorate answers it once.
    An accepted objection stores the corrected score as a new verified
    submission in the same transaction; the period stays closed.

    Every function runs inside the caller's transaction (quarter_admin's)
    on the store's one connection, and returns 1 when done or when it
    added problems (then the caller rolls back), -1 on database failure.

    Who may ask is decided in two steps. The key's role is identity.c's
    (pure rules): only an OPD key files, and only for its own OPD; only an
    assessor or inspectorate key answers. identity_authorize writes that
    role into admin->role, so what is checked here is what the key proves.
    The designation (is this assessor the one for this component in this
    period?) needs the database and is checked here. With no role (the
    insecure plaintext development mode) the claims stand.  */
#ifndef RAPOR_SERVER_OBJECTION_H
#define RAPOR_SERVER_OBJECTION_H

#include "admin.h"
#include "codec.h"
#include "ranking.h"
#include "store.h"

#include <stdint.h>

/*  OBJECTION_FILE, OBJECTION_LIST or OBJECTION_ANSWER.  */
int objection_admin (store_t *store, const admin_t *admin, reply_t *reply);

/*  How many objections of the period (periods.id, as text) are still
    unanswered. The finalization guard's question; call it with the period
    row locked, so that none can be filed in between.  */
int objection_open_count (store_t *store, const char *period_id, uint32_t *count);

/*  Every objection of the period (periods.id, as text), oldest first,
    into ranking->objections (replacing what was there) and
    ranking->objection_count: the history a finalized ranking keeps.  */
int objection_load (store_t *store, const char *period_id, ranking_t *ranking);

#endif
