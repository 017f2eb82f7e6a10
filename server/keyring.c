/*  keyring.c: see keyring.h. Parameterised SQL only.  */
#include "keyring.h"
#include "i18n.h"
#include "pgarray.h"
#include "hash.h"
#include "log.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

store_status_t
keyring_lookup (store_t *store, const char *key, identity_t *identity)
{
    memset (identity, 0, sizeof *identity);
    if (!store_ensure (store))
        return STORE_UNAVAILABLE;
    const char *v[] = { key };
    PGresult *r = store_query (store,
        "SELECT o.code, k.role FROM client_keys k JOIN opds o ON o.id = k.opd_id"
        " WHERE k.public_key = $1 AND k.revoked_at IS NULL AND o.active", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return STORE_UNAVAILABLE;
    store_status_t status = STORE_REJECTED;
    if (PQntuples (r) == 1) {
        identity->authenticated = true;
        snprintf (identity->key, sizeof identity->key, "%s", key);
        snprintf (identity->opd, sizeof identity->opd, "%s", store_value (r, 0, "code"));
        identity->role = role_parse (store_value (r, 0, "role"));
        status = identity->role == ROLE_NONE ? STORE_REJECTED : STORE_OK;
    }
    PQclear (r);
    return status;
}

#define CACHE_SLOTS 4096
#define CACHE_MS 1000

typedef struct {
    char key[IDENTITY_KEY_LEN + 1];
    int64_t at_ms;
    identity_t identity;
} cached_t;

static cached_t s_cache[CACHE_SLOTS];   /*  rapord's one thread only  */

/*  One announcement from the database (store_notifications): that key's
    answer, or all of them, can no longer be trusted.  */
static keyring_listener_fn *s_listener;
static void *s_listener_arg;

void
keyring_listen (keyring_listener_fn *fn, void *arg)
{
    s_listener = fn;
    s_listener_arg = arg;
}

static void
s_drop_announced (void *arg, const char *payload)
{
    (void) arg;
    if (s_listener)
        s_listener (s_listener_arg, payload);
    if (!*payload) {
        keyring_forget ();
        return;
    }
    cached_t *slot = &s_cache[hash_text (payload) % CACHE_SLOTS];
    if (strcmp (slot->key, payload) == 0)
        memset (slot, 0, sizeof *slot);
}

/*  True after a keyring_sync that found a listening connection.  */
static bool s_listening = false;

void
keyring_sync (store_t *store)
{
    s_listening = store_notifications (store, s_drop_announced, NULL);
}

void
keyring_sync_arrived (store_t *store)
{
    /*  Not a proof of listening (keyring_sync alone sets s_listening),
        but what has arrived is true all the same.  */
    store_notifications_ready (store, s_drop_announced, NULL);
}

store_status_t
keyring_lookup_cached (store_t *store, const char *key, identity_t *identity, int64_t now_ms)
{
    /*  Whoever revoked a key or deactivated an OPD, in rapord or with SQL,
        the database announced it at COMMIT: drop those answers before this
        request is judged. keyring_sync fetched every announcement committed
        before this pass of rapord's loop; what has arrived since is taken
        in here without waiting. Without a listening connection an
        announcement may have been missed, so nothing cached is used.  */
    bool listening = s_listening && store_notifications_ready (store, s_drop_announced, NULL);
    cached_t *slot = &s_cache[hash_text (key) % CACHE_SLOTS];
    if (listening && strcmp (slot->key, key) == 0 && now_ms - slot->at_ms < CACHE_MS) {
        *identity = slot->identity;
        return STORE_OK;
    }
    store_status_t status = keyring_lookup (store, key, identity);
    if (status == STORE_OK) {       /*  refusals are never cached  */
        snprintf (slot->key, sizeof slot->key, "%s", key);
        slot->at_ms = now_ms;
        slot->identity = *identity;
    }
    return status;
}

void
keyring_forget (void)
{
    memset (s_cache, 0, sizeof s_cache);
}

/*  An audit row's seven columns, as statement parameters: who (key, OPD
    and role, as far as known), what, the outcome, why, and about what.  */
static void
s_audit_values (const identity_t *id, const char *action, const char *outcome,
                const char *reason, const char *detail, const char *v[7])
{
    v[0] = id && id->key[0] ? id->key : NULL;
    v[1] = id && id->opd[0] ? id->opd : NULL;
    v[2] = id && id->authenticated ? role_name (id->role) : NULL;
    v[3] = action;
    v[4] = outcome;
    v[5] = reason && *reason ? reason : NULL;
    v[6] = detail && *detail ? detail : NULL;
}

bool
keyring_audit_statement (const audit_row_t *rows, size_t count, store_stmt_t *stmt)
{
    /*  One column per array parameter; kept for the next group, because
        rapord has one thread and a group's statement is sent before the
        next one is made.  */
    enum { COLS = 7 };
    static pgarray_t *columns[COLS];
    static const char *values[COLS];
    if (count == 0)
        return false;
    for (int c = 0; c < COLS; c++) {
        if (!columns[c] && !(columns[c] = pgarray_new ()))
            return false;
        pgarray_reset (columns[c]);
    }
    for (size_t i = 0; i < count; i++) {
        const audit_row_t *row = &rows[i];
        const char *v[COLS];
        s_audit_values (row->identity, row->action, row->outcome, row->reason, row->detail, v);
        for (int c = 0; c < COLS; c++)
            pgarray_add_text (columns[c], v[c], v[c] ? strlen (v[c]) : 0);
    }
    for (int c = 0; c < COLS; c++)
        if (!(values[c] = pgarray_text (columns[c])))
            return false;
    *stmt = (store_stmt_t) { .slot = STORE_SLOT_AUDIT, .n = COLS, .values = values, .sql =
        "INSERT INTO audit_log (public_key, opd, role, action, outcome, reason, detail)"
        " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
        "                      $6::text[], $7::text[])" };
    return true;
}

int
keyring_admin (store_t *store, const admin_t *a, reply_t *reply)
{
    PGresult *r;
    if (a->op == ADMIN_KEY_ADD) {
        const char *v[] = { a->public_key, a->opd, a->role, a->name_len ? a->name : NULL };
        r = store_query (store,
            "INSERT INTO client_keys (public_key, opd_id, role, label)"
            " SELECT $1, id, $3, $4 FROM opds WHERE code = $2 AND active"
            " ON CONFLICT (public_key) DO NOTHING RETURNING id", 4, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        if (PQntuples (r) == 0)
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "public_key",
                          _("Not added: the key is already registered, or %s is not an active OPD."),
                          a->opd);
        snprintf (reply->summary, sizeof reply->summary, _("Key %s registered for %s as %s."),
                  a->public_key, a->opd, a->role);
        PQclear (r);
        return 1;
    }
    if (a->op == ADMIN_KEY_REVOKE) {
        const char *v[] = { a->public_key };
        r = store_query (store, "UPDATE client_keys SET revoked_at = now()"
                                " WHERE public_key = $1 AND revoked_at IS NULL RETURNING id",
                         1, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        if (PQntuples (r) == 0)
            problems_add (&reply->problems, PROBLEM_NOT_FOUND, "public_key",
                          _("No active key %s is registered."), a->public_key);
        snprintf (reply->summary, sizeof reply->summary,
                  _("Key %s is revoked: new connections are refused now, and so is the next "
                  "request on an open one."), a->public_key);
        PQclear (r);
        return 1;
    }
    r = store_query (store,
        "SELECT k.public_key, o.code, k.role, coalesce(k.label, '') AS label,"
        "       k.revoked_at IS NOT NULL AS revoked"
        "  FROM client_keys k JOIN opds o ON o.id = k.opd_id ORDER BY o.code, k.role, k.id",
        0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    size_t n = (size_t) PQntuples (r);
    reply->keys = calloc (n + 1, sizeof *reply->keys);
    for (size_t i = 0; reply->keys && i < n; i++) {
        key_info_t *k = &reply->keys[i];
        int row = (int) i;
        snprintf (k->public_key, sizeof k->public_key, "%s", store_value (r, row, "public_key"));
        snprintf (k->opd, sizeof k->opd, "%s", store_value (r, row, "code"));
        snprintf (k->role, sizeof k->role, "%s", store_value (r, row, "role"));
        snprintf (k->label, sizeof k->label, "%s", store_value (r, row, "label"));
        k->revoked = strcmp (store_value (r, row, "revoked"), "t") == 0;
    }
    reply->key_count = reply->keys ? n : 0;
    snprintf (reply->summary, sizeof reply->summary, _("%zu keys."), n);
    PQclear (r);
    return reply->keys ? 1 : -1;
}

/*  One audit row, in whatever transaction the connection is in.  */
static bool
s_audit_insert (store_t *store, const char *v[7])
{
    PGresult *r = store_query (store,
        "INSERT INTO audit_log (public_key, opd, role, action, outcome, reason, detail)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7)", 7, v, PGRES_COMMAND_OK);
    PQclear (r);
    return r != NULL;
}

bool
keyring_audit_in (store_t *store, const audit_row_t *row)
{
    const char *v[7];
    s_audit_values (row->identity, row->action, row->outcome, row->reason, row->detail, v);
    return s_audit_insert (store, v);
}

void
keyring_audit (store_t *store, const identity_t *id, const char *action, const char *outcome,
               const char *reason, const char *detail)
{
    if (!store_ensure (store)) {
        log_warn ("audit not stored: database unavailable action=%s outcome=%s", action, outcome);
        return;
    }
    const char *v[7];
    s_audit_values (id, action, outcome, reason, detail, v);
    if (!s_audit_insert (store, v))
        log_warn ("audit not stored action=%s outcome=%s", action, outcome);
}

bool
keyring_audit_summary (store_t *store, const audit_summary_t *rows, size_t count)
{
    enum { COLS = 8 };
    pgarray_t *columns[COLS] = { NULL };
    const char *values[COLS];
    bool ok = count > 0 && store_ensure (store);
    for (int c = 0; ok && c < COLS; c++)
        ok = (columns[c] = pgarray_new ()) != NULL;
    for (size_t i = 0; ok && i < count; i++) {
        const audit_summary_t *row = &rows[i];
        const char *text[5] = { row->key, row->action, row->outcome, row->reason, row->detail };
        for (int c = 0; c < 5; c++)
            pgarray_add_text (columns[c], text[c], text[c] ? strlen (text[c]) : 0);
        pgarray_add_int (columns[5], (long long) row->count);
        pgarray_add_int (columns[6], (long long) row->first_age_ms);
        pgarray_add_int (columns[7], (long long) row->last_age_ms);
    }
    for (int c = 0; ok && c < COLS; c++)
        ok = (values[c] = pgarray_text (columns[c])) != NULL;
    if (ok) {
        /*  The times are ages on rapord's monotonic clock, turned into
            timestamps here, so a wall clock step cannot reorder them.  */
        PGresult *r = store_query (store,
            "INSERT INTO audit_log (public_key, action, outcome, reason, detail, count,"
            "                       first_at, last_at)"
            " SELECT k, a, o, r, d, n, clock_timestamp() - f * interval '1 millisecond',"
            "        clock_timestamp() - l * interval '1 millisecond'"
            "   FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
            "               $6::bigint[], $7::bigint[], $8::bigint[]) AS t (k, a, o, r, d, n, f, l)",
            COLS, values, PGRES_COMMAND_OK);
        ok = r != NULL;
        PQclear (r);
    }
    for (int c = 0; c < COLS; c++)
        pgarray_destroy (&columns[c]);
    return ok;
}
