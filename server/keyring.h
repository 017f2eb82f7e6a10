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

/*  Appends one audit row in its own statement. Never fails the caller:
    if the database cannot take it, the log line is the record.  */
void keyring_audit (store_t *store, const identity_t *identity, const char *action,
                    const char *outcome, const char *reason, const char *detail);

#endif
