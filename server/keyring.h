/*  keyring.h: client keys in the database: who a key is, the key
    operations of rapor-admin, and the audit log. Uses the store's one
    connection.  */
#ifndef RAPOR_KEYRING_H
#define RAPOR_KEYRING_H

#include "admin.h"
#include "codec.h"
#include "identity.h"
#include "store.h"

/*  Finds an active (not revoked) key. STORE_OK fills *identity;
    STORE_REJECTED if the key is unknown or revoked.  */
store_status_t keyring_lookup (store_t *store, const char *key, identity_t *identity);

/*  KEY_ADD, KEY_REVOKE, KEY_LIST inside the caller's transaction.
    Returns 1 done (or problems added), -1 on database failure.  */
int keyring_admin (store_t *store, const admin_t *admin, reply_t *reply);

/*  Like keyring_lookup, but remembers answers for up to a second, so a
    busy client does not cost a query per request. Before each lookup it
    drops the answers the database announced as changed (sql/011: a key
    added, revoked or deleted, an OPD changed; whoever did it, rapord or
    SQL), so a revocation applies to the next request (see keyring_sync). keyring_forget
    drops them all.  */
store_status_t keyring_lookup_cached (store_t *store, const char *key, identity_t *identity,
                                      int64_t now_ms);

/*  Fetches every key change the database announced before now (one round
    trip) and drops those answers. rapord calls it once per pass of its
    loop, before it takes requests: one round trip per pass instead of one
    per request.  */
void keyring_sync (store_t *store);

/*  Like keyring_sync, but takes only what has already arrived: no round
    trip. The ZAP handler calls it before judging a handshake.  */
void keyring_sync_arrived (store_t *store);

void keyring_forget (void);

/*  Someone else who remembers keys (the gate) hears of every announced
    change too: fn (arg, key), key "" meaning every key. One listener.  */
typedef void (keyring_listener_fn) (void *arg, const char *key);
void keyring_listen (keyring_listener_fn *fn, void *arg);

/*  One row of the audit log, for keyring_audit_statement.  */
typedef struct {
    const identity_t *identity;
    const char *action;
    const char *outcome;
    /*  Whole, never cut: "forced: " and a force reason of up to
        ADMIN_REASON_MAX_BYTES (a cut could split a character, and the
        database refuses invalid UTF-8: the finalization with it).  */
    char reason[sizeof "forced: " + ADMIN_REASON_MAX_BYTES];
    char detail[256];
} audit_row_t;

/*  Describes the one INSERT that appends `count` (1 or more) rows, for
    the store to run inside a batch's transaction. The statement lives in
    static memory until the next call; the rows must live until it ran.  */
bool keyring_audit_statement (const audit_row_t *rows, size_t count, store_stmt_t *stmt);

/*  Appends one audit row inside the caller's transaction, so that it
    commits or rolls back with the action it records. False if it could
    not be written: the caller must then roll the action back.  */
bool keyring_audit_in (store_t *store, const audit_row_t *row);

/*  Appends one audit row in its own statement. Never fails the caller:
    if the database cannot take it, the log line is the record.  */
void keyring_audit (store_t *store, const identity_t *identity, const char *action,
                    const char *outcome, const char *reason, const char *detail);

/*  One summary row of refusals counted by the gate (gate.h): `count`
    refusals alike, the first and the last that long ago. key, reason and
    detail may be NULL.  */
typedef struct {
    const char *key, *action, *outcome, *reason, *detail;
    int64_t count;
    int64_t first_age_ms, last_age_ms;
} audit_summary_t;

/*  Appends `count` summary rows in one statement, outside any
    transaction. False if the database did not take them.  */
bool keyring_audit_summary (store_t *store, const audit_summary_t *rows, size_t count);

#endif
