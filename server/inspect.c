/*  inspect.c: see inspect.h.  */
#include "inspect.h"
#include "i18n.h"
#include "store_internal.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
inspect_schema (store_t *store, reply_t *reply)
{
    PGresult *r = store_query (store, "SELECT coalesce(max(version), 0) AS version"
                                      "  FROM schema_version", 0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    reply->server_status.schema_version = (uint32_t) strtoul (store_value (r, 0, "version"),
                                                              NULL, 10);
    snprintf (reply->summary, sizeof reply->summary, _("rapord is serving."));
    PQclear (r);
    return 1;
}

/*  Microseconds since 1970 UTC, as SQL gives them; 0 for NULL.  */
#define S_US(column) \
    "coalesce((extract(epoch FROM " column ") * 1000000)::bigint, 0)"

int
inspect_audit (store_t *store, const admin_t *a, reply_t *reply)
{
    char since[24], limit[16];
    snprintf (since, sizeof since, "%lld", (long long) a->since_us);
    snprintf (limit, sizeof limit, "%u", a->limit ? a->limit : ADMIN_AUDIT_DEFAULT);
    const char *v[] = { since, a->opd, a->action, limit };
    /*  --opd matches the acting key's OPD, or an OPD the row is about
        (detail "... opd=CODE ..."). position(), not LIKE: '_' in a code
        would be a wildcard.  */
    PGresult *r = store_query (store,
        "SELECT id, " S_US ("at") " AS at_us, coalesce(public_key, '') AS public_key,"
        "       coalesce(opd, '') AS opd, coalesce(role, '') AS role, action, outcome,"
        "       coalesce(reason, '') AS reason, coalesce(detail, '') AS detail, count,"
        "       " S_US ("first_at") " AS first_us, " S_US ("last_at") " AS last_us"
        "  FROM audit_log"
        " WHERE ($1::bigint = 0 OR at >= timestamptz 'epoch' + $1::bigint * interval '1 microsecond')"
        "   AND ($2 = '' OR opd = $2"
        "        OR position(' opd=' || $2 || ' ' IN ' ' || coalesce(detail, '') || ' ') > 0)"
        "   AND ($3 = '' OR action = $3)"
        " ORDER BY id DESC LIMIT $4::int",
        4, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    size_t n = (size_t) PQntuples (r);
    reply->audit = calloc (n + 1, sizeof *reply->audit);
    for (size_t i = 0; reply->audit && i < n; i++) {
        audit_entry_t *e = &reply->audit[i];
        int row = (int) i;
        e->id = strtoull (store_value (r, row, "id"), NULL, 10);
        e->at_us = strtoll (store_value (r, row, "at_us"), NULL, 10);
        /*  Cut to what the reply holds, at a character boundary, so its
            string fields stay valid UTF-8.  */
#define S_CUT(column) text_cut (e->column, sizeof e->column, store_value (r, row, #column), SIZE_MAX)
        S_CUT (public_key);
        S_CUT (opd);
        S_CUT (role);
        S_CUT (action);
        S_CUT (outcome);
        S_CUT (reason);
        S_CUT (detail);
#undef S_CUT
        long long count = strtoll (store_value (r, row, "count"), NULL, 10);
        e->count = count > UINT32_MAX ? UINT32_MAX : (uint32_t) count;
        e->first_at_us = strtoll (store_value (r, row, "first_us"), NULL, 10);
        e->last_at_us = strtoll (store_value (r, row, "last_us"), NULL, 10);
    }
    reply->audit_count = reply->audit ? n : 0;
    snprintf (reply->summary, sizeof reply->summary, _("%zu audit row%s, newest first."), n,
              n == 1 ? "" : "s");
    PQclear (r);
    return reply->audit ? 1 : -1;
}
