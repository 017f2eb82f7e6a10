/*  inspect.h: what the operator reads about rapord's own record: the
    audit log (AUDIT_LIST) and the database's schema version (part of
    SERVER_STATUS). Parameterised SQL only; both run inside the admin
    request's transaction (quarter_admin).  */
#ifndef RAPOR_INSPECT_H
#define RAPOR_INSPECT_H

#include "admin.h"
#include "codec.h"
#include "store.h"

/*  The newest migration recorded in schema_version, into
    reply->server_status. 1 done, -1 the database failed.  */
int inspect_schema (store_t *store, reply_t *reply);

/*  Audit rows, newest first, at most a->limit (0: ADMIN_AUDIT_DEFAULT),
    filtered by a->since_us, a->opd and a->action when given, into
    reply->audit (owned by the reply). 1 done, -1 the database failed or
    memory ran out.  */
int inspect_audit (store_t *store, const admin_t *a, reply_t *reply);

#endif
