/*  intake.c: storing submissions, in groups (store.h: store_submit_batch).

    Each submission costs two statements: one SELECT that gathers every
    fact the rules need (is the id stored already, the period and its
    state, the OPD, the submitter and what it assesses), and one INSERT of
    the submission and its scores together. A batch is one transaction
    and, on the fast path, two round trips over libpq's pipeline mode:
      1. BEGIN and every submission's SELECT; then the rules are judged;
      2. every accepted submission's INSERT, the audit rows, COMMIT.
    One disk flush for the whole group, and no waiting on the database
    between statements: on this 2-core machine a round trip costs more
    than the statement it carries.

    The fast path uses no savepoints. If any statement fails (a constraint,
    or another writer storing the same id at the same moment), the batch is
    rolled back and replayed carefully, statement by statement, each
    submission under its own savepoint, so one failure costs its
    neighbours nothing.  */
#include "store.h"
#include "store_internal.h"
#include "component.h"
#include "log.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  Prepared statement slots (store_exec_prepared).  */
#define PREPARED_FACTS 0
#define PREPARED_INSERT 1       /*  1 .. 6: by number of scores  */

/*  What the database knows about one submission, in one round trip.  */
typedef struct {
    bool existing, same_content;
    int64_t stored_at_us;
    uint32_t score_count;
    char period_id[24], status[16];
    char opd_id[24];
    bool opd_active;
    char submitter_id[24];
    bool submitter_active;
    int assessed;           /*  bit c: the submitter assesses component c  */
} facts_t;

/*  Working state of one item of a batch.  */
typedef struct {
    char *key;              /*  the content key (s_content_key)  */
    size_t key_len;
    facts_t facts;
    bool insert;            /*  judged acceptable: to be inserted  */
} work_t;

/*  The bytes whose SHA-256 identifies a submission's content: period, OPD,
    kind, submitter, then each score in component order. Evidence is
    length-prefixed so no two different submissions share an encoding.
    Caller frees.  */
static char *
s_content_key (const submission_t *s, size_t *len)
{
    size_t cap = 96 + SUBMISSION_MAX_SCORES * (32 + EVIDENCE_MAX_BYTES);
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

static bool
s_true (PGresult *r, const char *column)
{
    return strcmp (store_value (r, 0, column), "t") == 0;
}

/*  The facts statement for one submission; it holds its own parameters.  */
typedef struct {
    store_stmt_t stmt;
    const char *values[5];
    int lengths[5], formats[5];
} facts_stmt_t;

static void
s_facts_stmt (facts_stmt_t *a, const submission_t *s, const char *key, size_t key_len)
{
    *a = (facts_stmt_t) {
        .values = { (const char *) s->id, key, s->period, s->opd, submission_submitter (s) },
        .lengths = { SUBMISSION_ID_LEN, (int) key_len, 0, 0, 0 },
        .formats = { 1, 1, 0, 0, 0 }
    };
    a->stmt = (store_stmt_t) { .slot = PREPARED_FACTS, .n = 5, .values = a->values,
                               .lengths = a->lengths, .formats = a->formats, .sql =
        "SELECT p.id AS period_id, p.status, o.id AS opd_id, o.active AS opd_active,"
        "       so.id AS submitter_id, so.active AS submitter_active,"
        "       (SELECT coalesce(bit_or(1 << pa.component_id), 0) FROM period_assessors pa"
        "         WHERE pa.period_id = p.id AND pa.opd_id = so.id) AS assessed,"
        "       e.id IS NOT NULL AS existing, e.same_content, e.stored_at_us, e.score_count"
        "  FROM (SELECT 1) AS one"
        "  LEFT JOIN periods p ON p.code = $3"
        "  LEFT JOIN opds o ON o.code = $4"
        "  LEFT JOIN opds so ON so.code = $5"
        "  LEFT JOIN LATERAL ("
        "       SELECT x.id, x.content_sha256 = sha256($2::bytea) AS same_content,"
        "              (extract(epoch FROM x.stored_at) * 1000000)::bigint AS stored_at_us,"
        "              (SELECT count(*) FROM scores sc WHERE sc.submission_id = x.id) AS score_count"
        "         FROM submissions x WHERE x.submission_uuid = $1::bytea) AS e ON true" };
}

/*  Reads the facts from the statement's result (and clears it); false
    if the statement failed.  */
static bool
s_facts_read (PGresult *r, facts_t *f)
{
    memset (f, 0, sizeof *f);
    if (!r || PQresultStatus (r) != PGRES_TUPLES_OK) {
        if (r && PQresultStatus (r) == PGRES_FATAL_ERROR)
            log_error ("submission lookup failed error=\"%s\"",
                       PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear (r);
        return false;
    }
    f->existing = s_true (r, "existing");
    if (f->existing) {
        f->same_content = s_true (r, "same_content");
        f->stored_at_us = strtoll (store_value (r, 0, "stored_at_us"), NULL, 10);
        f->score_count = (uint32_t) atoi (store_value (r, 0, "score_count"));
    }
    snprintf (f->period_id, sizeof f->period_id, "%s", store_value (r, 0, "period_id"));
    snprintf (f->status, sizeof f->status, "%s", store_value (r, 0, "status"));
    snprintf (f->opd_id, sizeof f->opd_id, "%s", store_value (r, 0, "opd_id"));
    f->opd_active = s_true (r, "opd_active");
    snprintf (f->submitter_id, sizeof f->submitter_id, "%s", store_value (r, 0, "submitter_id"));
    f->submitter_active = s_true (r, "submitter_active");
    f->assessed = atoi (store_value (r, 0, "assessed"));
    PQclear (r);
    return true;
}

/*  The rules that need the facts; one problem per fault.  */
static void
s_judge (const submission_t *s, const facts_t *f, problems_t *problems)
{
    if (!f->period_id[0])
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      "Period %s has not been opened; check the quarter, or ask the "
                      "inspectorate to open it.", s->period);
    else
    if (strcmp (f->status, "finalized") == 0)
        problems_add (problems, PROBLEM_PERIOD_FINALIZED, "period",
                      "Period %s is finalized; its report card can no longer change.", s->period);
    else
    if (strcmp (f->status, "open") != 0)
        problems_add (problems, PROBLEM_PERIOD_NOT_OPEN, "period",
                      "Period %s is %s; submissions are accepted only while it is open.",
                      s->period, f->status);
    if (!f->opd_id[0])
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd",
                      "OPD %s is not registered; check the OPD code with the inspectorate.",
                      s->opd);
    else
    if (!f->opd_active)
        problems_add (problems, PROBLEM_OPD_INACTIVE, "opd",
                      "OPD %s is no longer active and cannot submit scores.", s->opd);
    const char *submitter = submission_submitter (s);
    if (s->kind == SCORE_KIND_SELF && strcmp (submitter, s->opd) != 0) {
        problems_add (problems, PROBLEM_NOT_OWN_OPD, "submitter",
                      "%s may self-assess only itself, not %s; a verified score must be "
                      "sent as kind 'verified' by the designated assessor.", submitter, s->opd);
        return;
    }
    if (!f->submitter_id[0] || !f->submitter_active) {
        if (strcmp (submitter, s->opd) != 0)
            problems_add (problems, PROBLEM_SUBMITTER_UNKNOWN, "submitter",
                          "The submitting OPD %s is not registered or not active.", submitter);
        return;
    }
    if (s->kind != SCORE_KIND_VERIFIED || !f->period_id[0])
        return;
    for (size_t i = 0; i < submission_held (s); i++) {
        uint32_t c = s->scores[i].component;
        if (!(f->assessed & (1 << c))) {
            char field[PROBLEM_FIELD_MAX];
            snprintf (field, sizeof field, "scores[%zu].component", i);
            problems_add (problems, PROBLEM_NOT_ASSESSOR, field,
                          "%s is not the designated assessor of %s in %s; only the assessor "
                          "may send its verified score.", submitter,
                          component_by_id (c)->code, s->period);
        }
    }
}

/*  The statement that inserts the submission and all its scores; it
    holds its own parameters and SQL.  */
enum { INSERT_FIXED = 7, INSERT_PARAMS = INSERT_FIXED + 3 * SUBMISSION_MAX_SCORES };
typedef struct {
    store_stmt_t stmt;
    const char *values[INSERT_PARAMS];
    int lengths[INSERT_PARAMS], formats[INSERT_PARAMS];
    char numbers[SUBMISSION_MAX_SCORES][2][16];
    char request_text[24];
    char sql[1400];
} insert_stmt_t;

static void
s_insert_stmt (insert_stmt_t *a, const submission_t *s, const facts_t *f, const char *key,
               size_t key_len, uint64_t request_id)
{
    memset (a, 0, offsetof (insert_stmt_t, numbers));
    snprintf (a->request_text, sizeof a->request_text, "%lld",
              (long long) (request_id & INT64_MAX));
    const char *fixed[INSERT_FIXED] = {
        (const char *) s->id, f->period_id, f->opd_id, key, a->request_text,
        s->kind == SCORE_KIND_VERIFIED ? "verified" : "self", f->submitter_id
    };
    memcpy (a->values, fixed, sizeof fixed);
    a->lengths[0] = SUBMISSION_ID_LEN;
    a->formats[0] = 1;
    a->lengths[3] = (int) key_len;
    a->formats[3] = 1;
    size_t used = (size_t) snprintf (a->sql, sizeof a->sql,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "                 request_id, kind, submitter_opd_id)"
        "           VALUES ($1::bytea, $2, $3, sha256($4::bytea), $5, $6, $7)"
        "           RETURNING id, stored_at),"
        " sc AS (INSERT INTO scores (submission_id, component_id, score_centi, evidence)"
        "        SELECT s.id, v.c, v.score, v.evidence FROM s, (VALUES ");
    int n = INSERT_FIXED;
    size_t held = submission_held (s);
    for (size_t i = 0; i < held; i++) {
        const component_score_t *c = &s->scores[i];
        snprintf (a->numbers[i][0], 16, "%u", c->component);
        snprintf (a->numbers[i][1], 16, "%d", c->score_centi);
        a->values[n] = a->numbers[i][0];
        a->values[n + 1] = a->numbers[i][1];
        a->values[n + 2] = c->evidence_len ? c->evidence : NULL;
        used += (size_t) snprintf (a->sql + used, sizeof a->sql - used,
                                   "%s($%d::smallint, $%d::integer, $%d::text)",
                                   i ? ", " : "", n + 1, n + 2, n + 3);
        n += 3;
    }
    snprintf (a->sql + used, sizeof a->sql - used,
              ") AS v (c, score, evidence) RETURNING 1)"
              " SELECT (extract(epoch FROM s.stored_at) * 1000000)::bigint AS stored_at_us,"
              "        (SELECT count(*) FROM sc) AS score_count FROM s");
    /*  One prepared statement per number of scores: the SQL differs.  */
    a->stmt = (store_stmt_t) { .slot = PREPARED_INSERT + (int) held - 1, .sql = a->sql, .n = n,
                               .values = a->values, .lengths = a->lengths,
                               .formats = a->formats };
}

/*  Reads the insert's result (and clears it) into the receipt. Returns 1
    stored, 0 on a unique violation (stored meanwhile by another writer),
    -1 on any other failure.  */
static int
s_insert_read (PGresult *r, const submission_t *s, receipt_t *receipt)
{
    if (!r)
        return -1;
    if (PQresultStatus (r) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField (r, PG_DIAG_SQLSTATE);
        int unique = state && strcmp (state, "23505") == 0;
        if (!unique && PQresultStatus (r) == PGRES_FATAL_ERROR)
            log_error ("insert submission failed error=\"%s\"",
                       PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear (r);
        return unique ? 0 : -1;
    }
    receipt->stored_at_us = strtoll (store_value (r, 0, "stored_at_us"), NULL, 10);
    receipt->score_count = (uint32_t) atoi (store_value (r, 0, "score_count"));
    memcpy (receipt->submission_id, s->id, SUBMISSION_ID_LEN);
    PQclear (r);
    return 1;
}

/*  What the facts say of one item: a duplicate's old receipt, a
    rejection, or (true) that it is to be inserted.  */
static bool
s_decide (store_item_t *it, const facts_t *f)
{
    memset (&it->receipt, 0, sizeof it->receipt);
    problems_init (&it->problems);
    if (f->existing) {
        if (f->same_content) {
            memcpy (it->receipt.submission_id, it->submission->id, SUBMISSION_ID_LEN);
            it->receipt.stored_at_us = f->stored_at_us;
            it->receipt.score_count = f->score_count;
            it->receipt.duplicate = true;
            it->status = STORE_OK;
        }
        else {
            problems_add (&it->problems, PROBLEM_SUBMISSION_REUSED, "submission_id",
                          "This submission id was already used for different scores; "
                          "send new scores with a new submission id.");
            it->status = STORE_REJECTED;
        }
        return false;
    }
    s_judge (it->submission, f, &it->problems);
    if (!problems_empty (&it->problems)) {
        it->status = STORE_REJECTED;
        return false;
    }
    it->status = STORE_OK;      /*  once the insert and the COMMIT succeed  */
    return true;
}

/*  One submission inside the open transaction, statement by statement.
    *failed when a statement failed (the transaction is then aborted),
    *retry when the failure was a unique violation.  */
static void
s_one (store_t *store, store_item_t *it, const work_t *w, bool *failed, bool *retry)
{
    *failed = *retry = false;
    it->status = STORE_UNAVAILABLE;
    facts_stmt_t fa;
    s_facts_stmt (&fa, it->submission, w->key, w->key_len);
    facts_t f;
    if (!s_facts_read (store_run (store, &fa.stmt), &f)) {
        *failed = true;
        return;
    }
    if (!s_decide (it, &f))
        return;
    static insert_stmt_t ins;
    s_insert_stmt (&ins, it->submission, &f, w->key, w->key_len, it->request_id);
    int inserted = s_insert_read (store_run (store, &ins.stmt), it->submission, &it->receipt);
    if (inserted <= 0) {
        it->status = STORE_UNAVAILABLE;
        *failed = true;
        *retry = inserted == 0;
    }
}

static void
s_all_unavailable (store_t *store, store_item_t *items, size_t count, const char *why)
{
    for (size_t i = 0; i < count; i++) {
        items[i].status = STORE_UNAVAILABLE;
        snprintf (items[i].reason, sizeof items[i].reason, "database unavailable: %s", why);
    }
    (void) store;
}


/*  The careful replay: a savepoint per submission, one statement at a
    time, then the audit statement and the COMMIT. Returns false if the
    batch could not be committed.  */
static bool
s_careful (store_t *store, store_item_t *items, const work_t *work, size_t count,
           store_before_commit_fn before_commit, void *arg)
{
    if (!store_command (store, "BEGIN"))
        return false;
    for (size_t i = 0; i < count && store_connected (store); i++) {
        store_item_t *it = &items[i];
        bool failed = false, retry = false;
        for (int round = 0; round < 2; round++) {
            if (!store_command (store, "SAVEPOINT one")) {
                failed = true;
                break;
            }
            s_one (store, it, &work[i], &failed, &retry);
            if (!failed) {
                store_command (store, "RELEASE SAVEPOINT one");
                break;
            }
            store_command (store, "ROLLBACK TO SAVEPOINT one");
            if (!retry)
                break;
        }
        if (failed) {
            it->status = STORE_UNAVAILABLE;
            snprintf (it->reason, sizeof it->reason, "database error storing this submission");
        }
    }
    if (!store_connected (store))
        return false;
    store_stmt_t audit;
    if (before_commit && !before_commit (arg, items, count, &audit))
        return false;
    if (before_commit) {
        PGresult *r = store_run (store, &audit);
        bool ok = r && PQresultStatus (r) == PGRES_COMMAND_OK;
        if (r && !ok)
            log_error ("audit rows failed error=\"%s\"",
                       PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear (r);
        if (!ok)
            return false;
    }
    return store_command (store, "COMMIT");
}

/*  True if the result is a success of the wanted kind; clears it.  */
static bool
s_ok (PGresult *r, ExecStatusType want)
{
    bool ok = r && PQresultStatus (r) == want;
    if (r && PQresultStatus (r) == PGRES_FATAL_ERROR)
        log_warn ("group commit statement failed error=\"%s\"",
                  PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
    PQclear (r);
    return ok;
}

static const store_stmt_t s_begin = { .slot = -1, .sql = "BEGIN" };
static const store_stmt_t s_commit = { .slot = -1, .sql = "COMMIT" };

/*  Round trip 1: BEGIN and every submission's facts, in one pipeline.
    The items are then decided. False if any statement failed.  */
static bool
s_fast_facts (store_t *store, store_item_t *items, work_t *work, size_t count)
{
    if (!store_pipeline_begin (store) || !store_pipeline_add (store, &s_begin))
        return false;
    for (size_t i = 0; i < count; i++) {
        facts_stmt_t fa;
        s_facts_stmt (&fa, items[i].submission, work[i].key, work[i].key_len);
        if (!store_pipeline_add (store, &fa.stmt))
            return false;
    }
    if (!store_pipeline_send (store))
        return false;
    bool ok = s_ok (store_pipeline_next (store), PGRES_COMMAND_OK);
    for (size_t i = 0; i < count && store_connected (store); i++)
        ok = s_facts_read (store_pipeline_next (store), &work[i].facts) && ok;
    if (!store_pipeline_end (store) || !ok)
        return false;
    for (size_t i = 0; i < count; i++)
        work[i].insert = s_decide (&items[i], &work[i].facts);
    return true;
}

/*  Round trip 2: every insert, the audit rows and the COMMIT, in one
    pipeline. True only if the COMMIT succeeded.  */
static bool
s_fast_store (store_t *store, store_item_t *items, work_t *work, size_t count,
              store_before_commit_fn before_commit, void *arg)
{
    store_stmt_t audit;
    if (before_commit && !before_commit (arg, items, count, &audit))
        return false;
    if (!store_pipeline_begin (store))
        return false;
    static insert_stmt_t ins;
    for (size_t i = 0; i < count; i++) {
        if (!work[i].insert)
            continue;
        s_insert_stmt (&ins, items[i].submission, &work[i].facts, work[i].key,
                       work[i].key_len, items[i].request_id);
        if (!store_pipeline_add (store, &ins.stmt))
            return false;
    }
    if ((before_commit && !store_pipeline_add (store, &audit))
     || !store_pipeline_add (store, &s_commit) || !store_pipeline_send (store))
        return false;
    bool ok = true;
    for (size_t i = 0; i < count && store_connected (store); i++)
        if (work[i].insert)
            ok = s_insert_read (store_pipeline_next (store), items[i].submission,
                                &items[i].receipt) > 0 && ok;
    if (before_commit && store_connected (store))
        ok = s_ok (store_pipeline_next (store), PGRES_COMMAND_OK) && ok;
    if (store_connected (store))
        ok = s_ok (store_pipeline_next (store), PGRES_COMMAND_OK) && ok;
    return store_pipeline_end (store) && ok;
}

void
store_submit_batch (store_t *store, store_item_t *items, size_t count,
                    store_before_commit_fn before_commit, void *arg)
{
    if (count > STORE_BATCH_MAX) {
        /*  More than a pipeline holds: in groups.  */
        for (size_t at = 0; at < count; at += STORE_BATCH_MAX)
            store_submit_batch (store, items + at,
                                count - at < STORE_BATCH_MAX ? count - at : STORE_BATCH_MAX,
                                before_commit, arg);
        return;
    }
    static work_t work[STORE_BATCH_MAX];
    bool keys = true;
    for (size_t i = 0; i < count; i++) {
        items[i].status = STORE_UNAVAILABLE;
        items[i].reason[0] = '\0';
        memset (&work[i], 0, sizeof work[i]);
        work[i].key = s_content_key (items[i].submission, &work[i].key_len);
        keys = keys && work[i].key;
    }
    bool committed = false;
    if (keys && store_ensure (store)) {
        committed = s_fast_facts (store, items, work, count)
                 && s_fast_store (store, items, work, count, before_commit, arg);
        if (!committed && store_connected (store)) {
            /*  A statement failed and took the transaction with it: replay
                the batch carefully, so that it costs the others nothing.  */
            log_info ("group commit replayed carefully submissions=%zu", count);
            store_command (store, "ROLLBACK");
            for (size_t i = 0; i < count; i++) {
                items[i].status = STORE_UNAVAILABLE;
                items[i].reason[0] = '\0';
            }
            committed = s_careful (store, items, work, count, before_commit, arg);
        }
    }
    if (!committed) {
        /*  Not committed, or not known to be: no receipt may go out. A retry
            with the same id finds the rows if the commit did happen.  */
        const char *why = !keys ? "out of memory"
                        : !store_connected (store) ? "the connection was lost"
                        : "the batch could not be committed";
        s_all_unavailable (store, items, count, why);
        if (store_connected (store))
            store_command (store, "ROLLBACK");
    }
    for (size_t i = 0; i < count; i++)
        free (work[i].key);
}
