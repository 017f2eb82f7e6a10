/*  store.h: rapord's PostgreSQL connection and the submission transaction.

    The store owns exactly one PGconn, used only by the thread that created
    it. No call blocks longer than the configured timeout: every query runs
    through libpq's asynchronous API with a deadline, so a database that is
    stopped or paused yields STORE_UNAVAILABLE instead of a hung server.
    After a failure the connection is dropped and rebuilt on the next call;
    after a failed attempt, the next waits at least STORE_RECONNECT_MS and
    at least as long as the failed one took.  */
#ifndef RAPOR_STORE_H
#define RAPOR_STORE_H

#include "codec.h"
#include "problem.h"
#include "submission.h"

#include <stddef.h>

#define STORE_SCHEMA_VERSION 13     /*  the newest migration rapord needs  */
#define STORE_RECONNECT_MS 250
#define STORE_BATCH_MAX 64          /*  submissions per group commit  */

typedef struct _store_t store_t;

typedef enum {
    STORE_OK = 0,           /*  committed; receipt filled  */
    STORE_REJECTED,         /*  nothing stored; problems filled  */
    STORE_UNAVAILABLE       /*  nothing known stored; reason filled; retry  */
} store_status_t;

/*  Connects and checks the schema version and the component table.
    Returns NULL, with a sentence for the operator in err, if the database
    is unreachable (then *unreachable is set, if given) or not migrated.  */
store_t *store_new (const char *conninfo, int timeout_ms, bool *unreachable, char *err,
                    size_t err_size);

void store_destroy (store_t **self_p);

/*  One submission of a group commit, and what became of it.  */
typedef struct {
    const submission_t *submission;     /*  validated and authorized  */
    uint64_t request_id;
    store_status_t status;              /*  out  */
    receipt_t receipt;                  /*  out, STORE_OK  */
    problems_t problems;                /*  out, STORE_REJECTED; init before  */
    char reason[300];                   /*  out, STORE_UNAVAILABLE  */
} store_item_t;

/*  One parameterised statement, described for the store to run: prepared
    under `slot` (the same slot always carries the same SQL), or, with slot
    -1, unnamed. The arrays must live until the store has sent it.  */
typedef struct {
    int slot;
    const char *sql;
    int n;
    const char *const *values;
    const int *lengths;         /*  NULL: all text  */
    const int *formats;
} store_stmt_t;

/*  Called once every item of a batch has its status: fills *stmt with the
    statement (the audit rows) that the store runs in the batch's
    transaction, so that it commits with them. Returns false if it cannot;
    then nothing of the batch is committed.  */
typedef bool (store_before_commit_fn) (void *arg, const store_item_t *items, size_t count,
                                       store_stmt_t *stmt);

/*  Group commit (intake.c): stores every item in one transaction, where a
    rejected or failing submission costs the others nothing; then one
    COMMIT (one per STORE_BATCH_MAX items). An item is STORE_OK only if that COMMIT succeeded; if it
    failed, every item is STORE_UNAVAILABLE.  */
void store_submit_batch (store_t *self, store_item_t *items, size_t count,
                         store_before_commit_fn before_commit, void *arg);

/*  Key changes announced by the database (sql/011: NOTIFY on channel
    STORE_KEY_CHANNEL). Every connection LISTENs before its first query.
    Calls fn once per announcement with its payload, a public key or ""
    for "any key", for every transaction that committed before this call:
    one round trip (an empty query) within the deadline. After a new
    connection fn gets "" first, since what was announced while no
    connection listened is lost. Returns true if a connection listens and
    answered, so that nothing committed so far was missed; false if not
    (then no remembered answer about a key may be trusted).  */
#define STORE_KEY_CHANNEL "rapor_keys"
typedef void (store_notify_fn) (void *arg, const char *payload);
bool store_notifications (store_t *self, store_notify_fn *fn, void *arg);

/*  The same without the round trip: only what has already reached the
    socket. False if no connection listens.  */
bool store_notifications_ready (store_t *self, store_notify_fn *fn, void *arg);

/*  True while a connection is believed healthy.  */
bool store_connected (const store_t *self);

#endif
