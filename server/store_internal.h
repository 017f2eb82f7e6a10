/*  store_internal.h: what store.c lends to the other modules that talk
    to the same PGconn (quarter.c). Not for anything outside server/.  */
#ifndef RAPOR_STORE_INTERNAL_H
#define RAPOR_STORE_INTERNAL_H

#include "store.h"

#include <libpq-fe.h>
#include <stdbool.h>

/*  Runs one parameterised statement within the store's deadline. Returns
    the result (caller clears it), or NULL after dropping the connection
    on timeout or loss. SQL errors come back as a result to inspect.  */
PGresult *store_exec (store_t *self, const char *sql, int n, const char *const *values,
                      const int *lengths, const int *formats);

/*  Like store_exec, for a statement used again and again: prepared under
    the number `slot` (0 .. STORE_PREPARED_MAX-1) the first time on each
    connection. The same slot must always carry the same SQL.  */
#define STORE_PREPARED_MAX 16
/*  The slots in use, one list so that no two modules share one.  */
#define STORE_SLOT_FACTS 0      /*  intake.c: a group's facts  */
#define STORE_SLOT_INSERT 1     /*  intake.c: a group's submissions and scores  */
#define STORE_SLOT_AUDIT 2      /*  keyring.c: a group's audit rows  */
PGresult *store_exec_prepared (store_t *self, int slot, const char *sql, int n,
                               const char *const *values, const int *lengths, const int *formats);

/*  store_exec or store_exec_prepared, as the statement says.  */
PGresult *store_run (store_t *self, const store_stmt_t *stmt);

/*  Pipeline mode: statements sent back to back and their results read in
    the same order, one round trip for all. begin, add each, send (a Sync
    and a flush, within the deadline), next for each result in order (the
    caller clears it; a failed statement's followers come back
    PGRES_PIPELINE_ABORTED), end (reads what is left and leaves pipeline
    mode). Any of them returns NULL/false after dropping the connection on
    timeout or loss. Nothing else may use the store between begin and end. */
#define STORE_PIPELINE_MAX 192
bool store_pipeline_begin (store_t *self);
bool store_pipeline_add (store_t *self, const store_stmt_t *stmt);
bool store_pipeline_send (store_t *self);
PGresult *store_pipeline_next (store_t *self);
bool store_pipeline_end (store_t *self);

/*  store_exec that also wants a status: on any other (an SQL error) it
    logs the error and returns NULL, like a dead connection does.  */
PGresult *store_query (store_t *self, const char *sql, int n, const char *const *values,
                       ExecStatusType want);

/*  A column of a row, looked up by name.  */
const char *store_value (PGresult *result, int row, const char *name);

/*  COPY ... FROM STDIN with `data` in COPY's text format, within the
    deadline. True if every row went in.  */
bool store_copy (store_t *self, const char *sql, const char *data, size_t len);

/*  Runs a statement that returns no rows; true on success.  */
bool store_command (store_t *self, const char *sql);

/*  Connects again if needed, unless a failed attempt asks to wait (store.h).  */
bool store_ensure (store_t *self);

/*  Rolls back if connected and fills reason; returns STORE_UNAVAILABLE.  */
store_status_t store_unavailable (store_t *self, char *reason, size_t reason_size);

#endif
