/*  store.c: PostgreSQL access for rapord. See store.h for the contract.

    SQL here is parameterised only. The submission transaction is:
      1. look for the submission id        -> duplicate: old receipt
      2. lock the period and the OPD rows  -> state problems: rejection
      3. insert the submission and its scores
      4. COMMIT                            -> only now a receipt
    Any failure on the way rolls back, or loses the connection, which
    PostgreSQL rolls back for us.  */
#include "store.h"
#include "store_internal.h"
#include "clock.h"
#include "component.h"
#include "log.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct _store_t {
    PGconn *conn;
    char *conninfo;
    int timeout_ms;
    int64_t last_attempt_ms;    /*  of the last (re)connect  */
    char last_error[256];
};

/*  Waits until the socket is ready for `events` or the deadline passes.  */
static bool
s_wait (PGconn *conn, short events, int64_t deadline)
{
    struct pollfd pfd = { .fd = PQsocket (conn), .events = events };
    if (pfd.fd < 0)
        return false;
    while (true) {
        int64_t left = deadline - clock_now_ms ();
        if (left <= 0)
            return false;
        int rc = poll (&pfd, 1, (int) left);
        if (rc > 0)
            return true;
        if (rc < 0 && errno != EINTR)
            return false;
    }
}

/*  Keeps the first line of a libpq message; `why` may point into the
    connection's memory, so it is copied before the connection is freed.  */
static void
s_set_error (store_t *self, const char *why)
{
    snprintf (self->last_error, sizeof self->last_error, "%s", why && *why ? why : "unknown error");
    char *nl = strchr (self->last_error, '\n');
    if (nl)
        *nl = '\0';
}

static void
s_drop (store_t *self, const char *why)
{
    s_set_error (self, why);
    if (self->conn) {
        log_warn ("database connection lost reason=\"%s\"", self->last_error);
        PQfinish (self->conn);
        self->conn = NULL;
    }
}

/*  Connects with PQconnectStart/PQconnectPoll so a paused server cannot
    hold us past the deadline (libpq's own connect_timeout is 2 s minimum).  */
static bool
s_connect (store_t *self)
{
    int64_t deadline = clock_now_ms () + self->timeout_ms;
    self->last_attempt_ms = clock_now_ms ();
    const char *keys[] = { "application_name", "client_encoding", "dbname", NULL };
    const char *values[] = { "rapord", "UTF8", self->conninfo, NULL };
    PGconn *conn = PQconnectStartParams (keys, values, 1);
    if (!conn) {
        snprintf (self->last_error, sizeof self->last_error, "out of memory");
        return false;
    }
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    while (PQstatus (conn) != CONNECTION_BAD
        && state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED) {
        short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (!s_wait (conn, events, deadline)) {
            snprintf (self->last_error, sizeof self->last_error,
                      "no answer from the database within %d ms", self->timeout_ms);
            PQfinish (conn);
            return false;
        }
        state = PQconnectPoll (conn);
    }
    if (PQstatus (conn) != CONNECTION_OK) {
        s_set_error (self, PQerrorMessage (conn));
        PQfinish (conn);
        return false;
    }
    PQsetnonblocking (conn, 1);
    self->conn = conn;
    return true;
}

/*  Runs one parameterised statement with the deadline. Returns the result
    (caller clears it), or NULL after dropping the connection on timeout
    or connection loss. SQL errors come back as a result to inspect.  */
PGresult *
store_exec (store_t *self, const char *sql, int n, const char *const *values,
        const int *lengths, const int *formats)
{
    if (!self->conn)
        return NULL;
    int64_t deadline = clock_now_ms () + self->timeout_ms;
    PGconn *conn = self->conn;
    if (!PQsendQueryParams (conn, sql, n, NULL, values, lengths, formats, 0)) {
        s_drop (self, PQerrorMessage (conn));
        return NULL;
    }
    int flushed;
    while ((flushed = PQflush (conn)) == 1)
        if (!s_wait (conn, POLLOUT | POLLIN, deadline)) {
            s_drop (self, "timed out sending to the database");
            return NULL;
        }
    if (flushed < 0) {
        s_drop (self, PQerrorMessage (conn));
        return NULL;
    }
    while (PQisBusy (conn)) {
        if (!s_wait (conn, POLLIN, deadline)) {
            s_drop (self, "timed out waiting for the database");
            return NULL;
        }
        if (!PQconsumeInput (conn)) {
            s_drop (self, PQerrorMessage (conn));
            return NULL;
        }
    }
    PGresult *result = PQgetResult (conn);
    PGresult *extra;
    while ((extra = PQgetResult (conn)) != NULL)
        PQclear (extra);
    if (!result || PQstatus (conn) == CONNECTION_BAD) {
        PQclear (result);
        s_drop (self, PQerrorMessage (conn));
        return NULL;
    }
    return result;
}

/*  Runs a statement that returns no rows; true on success.  */
bool
store_command (store_t *self, const char *sql)
{
    PGresult *r = store_exec (self, sql, 0, NULL, NULL, NULL);
    bool ok = r && PQresultStatus (r) == PGRES_COMMAND_OK;
    if (r && !ok)
        log_warn ("database command failed sql=\"%s\" error=\"%s\"", sql,
                  PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
    PQclear (r);
    return ok;
}

static bool
s_check_schema (store_t *self, char *err, size_t err_size)
{
    PGresult *r = store_exec (self,
        "SELECT (SELECT max(version) FROM schema_version) AS version", 0, NULL, NULL, NULL);
    if (!r || PQresultStatus (r) != PGRES_TUPLES_OK) {
        snprintf (err, err_size, "the database has no Rapor schema (%s); run rapor-migrate",
                  r ? PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY) : self->last_error);
        PQclear (r);
        return false;
    }
    int version = atoi (PQgetvalue (r, 0, PQfnumber (r, "version")));
    PQclear (r);
    if (version < STORE_SCHEMA_VERSION) {
        snprintf (err, err_size, "the database schema is at version %d, rapord needs %d; "
                  "run rapor-migrate", version, STORE_SCHEMA_VERSION);
        return false;
    }
    r = store_exec (self, "SELECT id, code FROM components ORDER BY id", 0, NULL, NULL, NULL);
    bool ok = r && PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) == COMPONENT_COUNT;
    for (int i = 0; ok && i < COMPONENT_COUNT; i++) {
        const component_t *c = component_at ((size_t) i);
        ok = (uint32_t) atoi (PQgetvalue (r, i, PQfnumber (r, "id"))) == c->id
          && strcmp (PQgetvalue (r, i, PQfnumber (r, "code")), c->code) == 0;
    }
    PQclear (r);
    if (!ok)
        snprintf (err, err_size, "the components table does not match this rapord's six "
                  "components; the database belongs to another version");
    return ok;
}

store_t *
store_new (const char *conninfo, int timeout_ms, char *err, size_t err_size)
{
    store_t *self = calloc (1, sizeof *self);
    if (!self)
        goto err;
    self->timeout_ms = timeout_ms;
    self->conninfo = strdup (conninfo ? conninfo : "");
    if (!self->conninfo)
        goto err;
    if (!s_connect (self)) {
        snprintf (err, err_size, "cannot connect to the database: %s", self->last_error);
        goto err;
    }
    if (!s_check_schema (self, err, err_size))
        goto err;
    return self;
err:
    store_destroy (&self);
    return NULL;
}

void
store_destroy (store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    store_t *self = *self_p;
    if (self->conn)
        PQfinish (self->conn);
    free (self->conninfo);
    free (self);
    *self_p = NULL;
}

bool
store_connected (const store_t *self)
{
    return self->conn && PQstatus (self->conn) == CONNECTION_OK;
}

bool
store_ensure (store_t *self)
{
    if (self->conn && PQstatus (self->conn) == CONNECTION_OK)
        return true;
    if (self->conn)
        s_drop (self, "connection in bad state");
    if (clock_now_ms () - self->last_attempt_ms < STORE_RECONNECT_MS)
        return false;
    if (!s_connect (self))
        return false;
    log_info ("database connection restored");
    return true;
}

/*  The bytes whose SHA-256 identifies a submission's content: period, OPD,
    kind, submitter, then each score in component order. Evidence is length-prefixed so no
    two different submissions share an encoding. Caller frees.  */
static char *
s_content_key (const submission_t *s, size_t *len)
{
    size_t cap = 64 + SUBMISSION_MAX_SCORES * (32 + EVIDENCE_MAX_BYTES);
    char *buf = malloc (cap);
    if (!buf)
        return NULL;
    size_t n = (size_t) snprintf (buf, cap, "%s|%s|%u|%s", s->period, s->opd, s->kind,
                                  submission_submitter (s));
    for (uint32_t id = 1; id <= COMPONENT_COUNT; id++)
        for (size_t i = 0; i < submission_held (s); i++) {
            const component_score_t *c = &s->scores[i];
            if (c->component != id)
                continue;
            n += (size_t) snprintf (buf + n, cap - n, "|%u:%d:%zu:", id,
                                    c->score_centi, c->evidence_len);
            memcpy (buf + n, c->evidence, c->evidence_len);
            n += c->evidence_len;
        }
    *len = n;
    return buf;
}

/*  Step 1. Returns 1 if the id exists (receipt or problem filled),
    0 if not, -1 if the database failed.  */
static int
s_find_existing (store_t *self, const submission_t *s, const char *key, size_t key_len,
                 receipt_t *receipt, problems_t *problems)
{
    const char *values[] = { (const char *) s->id, key };
    int lengths[] = { SUBMISSION_ID_LEN, (int) key_len };
    int formats[] = { 1, 1 };
    PGresult *r = store_exec (self,
        "SELECT (extract(epoch FROM s.stored_at) * 1000000)::bigint AS stored_at_us,"
        "       s.content_sha256 = sha256($2::bytea) AS same_content,"
        "       (SELECT count(*) FROM scores sc WHERE sc.submission_id = s.id) AS score_count"
        "  FROM submissions s WHERE s.submission_uuid = $1::bytea",
        2, values, lengths, formats);
    if (!r || PQresultStatus (r) != PGRES_TUPLES_OK) {
        PQclear (r);
        return -1;
    }
    int found = PQntuples (r) > 0;
    if (found) {
        if (strcmp (PQgetvalue (r, 0, PQfnumber (r, "same_content")), "t") == 0) {
            memcpy (receipt->submission_id, s->id, SUBMISSION_ID_LEN);
            receipt->stored_at_us = strtoll (PQgetvalue (r, 0, PQfnumber (r, "stored_at_us")), NULL, 10);
            receipt->score_count = (uint32_t) atoi (PQgetvalue (r, 0, PQfnumber (r, "score_count")));
            receipt->duplicate = true;
        }
        else
            problems_add (problems, PROBLEM_SUBMISSION_REUSED, "submission_id",
                          "This submission id was already used for different scores; "
                          "send new scores with a new submission id.");
    }
    PQclear (r);
    return found;
}

/*  Runs a one-parameter lookup; NULL (after logging) if the database failed.  */
static PGresult *
s_lookup (store_t *self, const char *sql, const char *param)
{
    const char *values[] = { param };
    PGresult *r = store_exec (self, sql, 1, values, NULL, NULL);
    if (r && PQresultStatus (r) != PGRES_TUPLES_OK) {
        log_error ("lookup failed error=\"%s\"", PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear (r);
        r = NULL;
    }
    return r;
}

/*  Which components `submitter` is the designated assessor of in the
    period, as a bit set (bit c for component c); -1 if the database failed.  */
static int
s_assessed_components (store_t *self, const char *period_id, const char *submitter)
{
    const char *values[] = { period_id, submitter };
    PGresult *r = store_exec (self,
        "SELECT pa.component_id FROM period_assessors pa JOIN opds o ON o.id = pa.opd_id"
        " WHERE pa.period_id = $1 AND o.code = $2", 2, values, NULL, NULL);
    if (!r || PQresultStatus (r) != PGRES_TUPLES_OK) {
        PQclear (r);
        return -1;
    }
    int set = 0;
    for (int i = 0; i < PQntuples (r); i++)
        set |= 1 << atoi (PQgetvalue (r, i, 0));
    PQclear (r);
    return set;
}

/*  Who may submit what: an OPD its own self-assessment; the designated
    assessor of a component its verified score, for any OPD.  */
static bool
s_check_submitter (store_t *self, const submission_t *s, const char *period_id,
                   char *submitter_id, problems_t *problems)
{
    const char *submitter = submission_submitter (s);
    if (s->kind == SCORE_KIND_SELF && strcmp (submitter, s->opd) != 0) {
        problems_add (problems, PROBLEM_NOT_OWN_OPD, "submitter",
                      "%s may self-assess only itself, not %s; a verified score must be "
                      "sent as kind 'verified' by the designated assessor.", submitter, s->opd);
        return true;
    }
    PGresult *r = s_lookup (self, "SELECT id, active FROM opds WHERE code = $1", submitter);
    if (!r)
        return false;
    bool known = PQntuples (r) > 0 && strcmp (PQgetvalue (r, 0, 1), "t") == 0;
    if (known)
        snprintf (submitter_id, 24, "%s", PQgetvalue (r, 0, 0));
    PQclear (r);
    if (!known) {
        if (strcmp (submitter, s->opd) != 0)
            problems_add (problems, PROBLEM_SUBMITTER_UNKNOWN, "submitter",
                          "The submitting OPD %s is not registered or not active.", submitter);
        return true;
    }
    if (s->kind != SCORE_KIND_VERIFIED || !period_id[0])
        return true;
    int assessed = s_assessed_components (self, period_id, submitter);
    if (assessed < 0)
        return false;
    for (size_t i = 0; i < submission_held (s); i++) {
        uint32_t c = s->scores[i].component;
        if (!(assessed & (1 << c))) {
            char field[PROBLEM_FIELD_MAX];
            snprintf (field, sizeof field, "scores[%zu].component", i);
            problems_add (problems, PROBLEM_NOT_ASSESSOR, field,
                          "%s is not the designated assessor of %s in %s; only the assessor "
                          "may send its verified score.", submitter,
                          component_by_id (c)->code, s->period);
        }
    }
    return true;
}

/*  Step 2. Locks and checks the period, the OPD and the submitter. Returns
    false only if the database failed; problems tell whether it may go on.  */
static bool
s_check_state (store_t *self, const submission_t *s, char *period_id, char *opd_id,
               char *submitter_id, problems_t *problems)
{
    PGresult *r = s_lookup (self, "SELECT id, status FROM periods WHERE code = $1 FOR SHARE",
                            s->period);
    if (!r)
        return false;
    if (PQntuples (r) == 0)
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      "Period %s has not been opened; check the quarter, or ask the "
                      "inspectorate to open it.", s->period);
    else {
        const char *status = PQgetvalue (r, 0, PQfnumber (r, "status"));
        if (strcmp (status, "finalized") == 0)
            problems_add (problems, PROBLEM_PERIOD_FINALIZED, "period",
                          "Period %s is finalized; its report card can no longer change.",
                          s->period);
        else
        if (strcmp (status, "open") != 0)
            problems_add (problems, PROBLEM_PERIOD_NOT_OPEN, "period",
                          "Period %s is %s; submissions are accepted only while it is open.",
                          s->period, status);
        snprintf (period_id, 24, "%s", PQgetvalue (r, 0, PQfnumber (r, "id")));
    }
    PQclear (r);

    r = s_lookup (self, "SELECT id, active FROM opds WHERE code = $1 FOR SHARE", s->opd);
    if (!r)
        return false;
    if (PQntuples (r) == 0)
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd",
                      "OPD %s is not registered; check the OPD code with the inspectorate.",
                      s->opd);
    else {
        if (strcmp (PQgetvalue (r, 0, PQfnumber (r, "active")), "t") != 0)
            problems_add (problems, PROBLEM_OPD_INACTIVE, "opd",
                          "OPD %s is no longer active and cannot submit scores.", s->opd);
        snprintf (opd_id, 24, "%s", PQgetvalue (r, 0, PQfnumber (r, "id")));
    }
    PQclear (r);
    return s_check_submitter (self, s, period_id, submitter_id, problems);
}

/*  Step 3: the submission row, then all its scores in one multi-row INSERT.
    Returns 1 on success, 0 if the id was stored meanwhile by someone else
    (unique violation), -1 on failure.  */
static int
s_insert (store_t *self, const submission_t *s, const char *period_id, const char *opd_id,
          const char *submitter_id, const char *key, size_t key_len, uint64_t request_id,
          receipt_t *receipt)
{
    char request_text[24];
    snprintf (request_text, sizeof request_text, "%lld", (long long) (request_id & INT64_MAX));
    const char *kind = s->kind == SCORE_KIND_VERIFIED ? "verified" : "self";
    const char *values[] = { (const char *) s->id, period_id, opd_id, key, request_text,
                             kind, submitter_id };
    int lengths[] = { SUBMISSION_ID_LEN, 0, 0, (int) key_len, 0, 0, 0 };
    int formats[] = { 1, 0, 0, 1, 0, 0, 0 };
    PGresult *r = store_exec (self,
        "INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256, request_id,"
        "                         kind, submitter_opd_id)"
        " VALUES ($1::bytea, $2, $3, sha256($4::bytea), $5, $6, $7)"
        " RETURNING id, (extract(epoch FROM stored_at) * 1000000)::bigint AS stored_at_us",
        7, values, lengths, formats);
    if (!r)
        return -1;
    if (PQresultStatus (r) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField (r, PG_DIAG_SQLSTATE);
        int unique = state && strcmp (state, "23505") == 0;
        if (!unique)
            log_error ("insert submission failed error=\"%s\"",
                       PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear (r);
        return unique ? 0 : -1;
    }
    char submission_row[24];
    snprintf (submission_row, sizeof submission_row, "%s", PQgetvalue (r, 0, PQfnumber (r, "id")));
    receipt->stored_at_us = strtoll (PQgetvalue (r, 0, PQfnumber (r, "stored_at_us")), NULL, 10);
    PQclear (r);

    /*  $1 is the submission row; each score adds three parameters.  */
    size_t held = submission_held (s);
    char sql[512] = "INSERT INTO scores (submission_id, component_id, score_centi, evidence) VALUES ";
    const char *sv[1 + 3 * SUBMISSION_MAX_SCORES] = { submission_row };
    char numbers[SUBMISSION_MAX_SCORES][2][16];
    int n = 1;
    for (size_t i = 0; i < held; i++) {
        const component_score_t *c = &s->scores[i];
        snprintf (numbers[i][0], 16, "%u", c->component);
        snprintf (numbers[i][1], 16, "%d", c->score_centi);
        sv[n] = numbers[i][0];
        sv[n + 1] = numbers[i][1];
        sv[n + 2] = c->evidence_len ? c->evidence : NULL;
        size_t used = strlen (sql);
        snprintf (sql + used, sizeof sql - used, "%s($1, $%d, $%d, $%d)",
                  i ? ", " : "", n + 1, n + 2, n + 3);
        n += 3;
    }
    r = store_exec (self, sql, n, sv, NULL, NULL);
    int ok = r && PQresultStatus (r) == PGRES_COMMAND_OK;
    if (r && !ok)
        log_error ("insert scores failed error=\"%s\"",
                   PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
    PQclear (r);
    receipt->score_count = (uint32_t) held;
    return ok ? 1 : -1;
}

store_status_t
store_unavailable (store_t *self, char *reason, size_t reason_size)
{
    snprintf (reason, reason_size, "database unavailable: %s",
              self->last_error[0] ? self->last_error : "unknown error");
    if (self->conn)
        store_command (self, "ROLLBACK");
    return STORE_UNAVAILABLE;
}

/*  One submission inside the open transaction, under a savepoint the
    caller set. STORE_OK (stored, or found stored: receipt filled),
    STORE_REJECTED (problems filled), or STORE_UNAVAILABLE when a statement
    failed; *retry asks for one more round after a unique violation, when
    another writer stored the same id between our lookup and our insert.  */
static store_status_t
s_submit_in_tx (store_t *self, const submission_t *s, const char *key, size_t key_len,
                uint64_t request_id, receipt_t *receipt, problems_t *problems, bool *retry)
{
    *retry = false;
    int found = s_find_existing (self, s, key, key_len, receipt, problems);
    if (found < 0)
        return STORE_UNAVAILABLE;
    if (found)
        return problems_empty (problems) ? STORE_OK : STORE_REJECTED;
    char period_id[24] = "", opd_id[24] = "", submitter_id[24] = "";
    if (!s_check_state (self, s, period_id, opd_id, submitter_id, problems))
        return STORE_UNAVAILABLE;
    if (!problems_empty (problems))
        return STORE_REJECTED;
    int inserted = s_insert (self, s, period_id, opd_id, submitter_id, key, key_len,
                             request_id, receipt);
    if (inserted == 0)
        *retry = true;
    if (inserted <= 0)
        return STORE_UNAVAILABLE;
    memcpy (receipt->submission_id, s->id, SUBMISSION_ID_LEN);
    return STORE_OK;
}

/*  Marks every item unavailable with the store's last error.  */
static void
s_batch_unavailable (store_t *self, store_item_t *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        items[i].status = STORE_UNAVAILABLE;
        snprintf (items[i].reason, sizeof items[i].reason, "database unavailable: %s",
                  self->last_error[0] ? self->last_error : "the transaction failed");
    }
}

void
store_submit_batch (store_t *self, store_item_t *items, size_t count,
                    store_after_fn after, void *arg)
{
    for (size_t i = 0; i < count; i++) {
        memset (&items[i].receipt, 0, sizeof items[i].receipt);
        items[i].status = STORE_UNAVAILABLE;
        items[i].reason[0] = '\0';
    }
    self->last_error[0] = '\0';
    if (!store_ensure (self) || !store_command (self, "BEGIN")) {
        s_batch_unavailable (self, items, count);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        store_item_t *it = &items[i];
        size_t key_len = 0;
        char *key = s_content_key (it->submission, &key_len);
        bool retry = false;
        store_status_t status = STORE_UNAVAILABLE;
        /*  A savepoint per submission: one that fails leaves its
            neighbours' work, and their receipts, alone.  */
        for (int round = 0; key && round < 2; round++) {
            if (!store_command (self, "SAVEPOINT one"))
                break;
            status = s_submit_in_tx (self, it->submission, key, key_len, it->request_id,
                                     &it->receipt, &it->problems, &retry);
            if (status == STORE_OK) {
                store_command (self, "RELEASE SAVEPOINT one");
                break;
            }
            if (self->conn)
                store_command (self, "ROLLBACK TO SAVEPOINT one");
            if (!retry)
                break;
        }
        free (key);
        if (!self->conn) {          /*  the connection died: nothing of this batch stands  */
            s_batch_unavailable (self, items, count);
            return;
        }
        it->status = status;
        if (status == STORE_UNAVAILABLE)
            snprintf (it->reason, sizeof it->reason, "database error: %s",
                      self->last_error[0] ? self->last_error : "statement failed");
        if (after)
            after (arg, i);
    }
    if (!store_command (self, "COMMIT")) {
        /*  Not committed, or not known to be: no receipt may go out. A retry
            with the same id finds the rows if the commit did happen.  */
        s_batch_unavailable (self, items, count);
        if (self->conn)
            store_command (self, "ROLLBACK");
    }
}

store_status_t
store_submit (store_t *self, const submission_t *s, uint64_t request_id,
              receipt_t *receipt, problems_t *problems, char *reason, size_t reason_size)
{
    store_item_t item = { .submission = s, .request_id = request_id };
    problems_init (&item.problems);
    store_submit_batch (self, &item, 1, NULL, NULL);
    *receipt = item.receipt;
    for (size_t i = 0; i < item.problems.count; i++)
        problems_add (problems, item.problems.items[i].code, item.problems.items[i].field,
                      "%s", item.problems.items[i].message);
    snprintf (reason, reason_size, "%s", item.reason);
    return item.status;
}

PGresult *
store_query (store_t *store, const char *sql, int n, const char *const *values, ExecStatusType want)
{
    PGresult *r = store_exec (store, sql, n, values, NULL, NULL);
    if (r && PQresultStatus (r) != want) {
        log_error ("sql failed error=\"%s\" sql=\"%.60s\"",
                   PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY), sql);
        PQclear (r);
        return NULL;
    }
    return r;
}

const char *
store_value (PGresult *r, int row, const char *name)
{
    return PQgetvalue (r, row, PQfnumber (r, name));
}
