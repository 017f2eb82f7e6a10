/*  intake.c: storing submissions, in groups (store.h: store_submit_batch).

    A group costs two statements however many submissions it holds, each
    taking the whole group as arrays (one parameter per column):
      facts   one SELECT gathering every fact the rules need, per
              submission (is its id stored already, the period and its
              state, the OPD, the submitter and what it assesses);
      insert  one INSERT of every accepted submission and all its scores.
    On the fast path a group is one transaction and two round trips, over
    libpq's pipeline mode:
      1. BEGIN and the facts; then the rules are judged here;
      2. the insert, the audit rows, COMMIT.
    One disk flush for the whole group, and neither a round trip nor an
    executor start per submission: on this 2-core machine those cost more
    than the rows themselves.

    The fast path uses no savepoints. If any statement fails (a constraint,
    or another writer storing the same id at the same moment), the group
    is rolled back and replayed carefully: the same two statements for one
    submission at a time, each under its own savepoint, so one failure
    costs its neighbours nothing.  */
#include "store.h"
#include "human.h"
#include "i18n.h"
#include "store_internal.h"
#include "component.h"
#include "log.h"
#include "clock.h"
#include "pgarray.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  What the database knows about one submission.  */
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

/*  A group's statement in the making: its array parameters.  */
enum { FACTS_PARAMS = 5, INSERT_PARAMS = 11, MAX_PARAMS = 11 };
typedef struct {
    store_stmt_t stmt;
    pgarray_t *arrays[MAX_PARAMS];
    const char *values[MAX_PARAMS];
} group_stmt_t;

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

/*  The rules that need the facts; one problem per fault.  */
static void
s_judge (const submission_t *s, const facts_t *f, problems_t *problems)
{
    if (!f->period_id[0])
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      _("Period %s has not been opened; check the quarter, or ask the "
                      "inspectorate to open it."), s->period);
    else
    if (strcmp (f->status, "finalized") == 0)
        problems_add (problems, PROBLEM_PERIOD_FINALIZED, "period",
                      _("Period %s is finalized; its report card can no longer change."), s->period);
    else
    if (strcmp (f->status, "open") != 0)
        problems_add (problems, PROBLEM_PERIOD_NOT_OPEN, "period",
                      _("Period %s is %s; submissions are accepted only while it is open."),
                      s->period, human_status (f->status));
    if (!f->opd_id[0])
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd",
                      _("OPD %s is not registered; check the OPD code with the inspectorate."),
                      s->opd);
    else
    if (!f->opd_active)
        problems_add (problems, PROBLEM_OPD_INACTIVE, "opd",
                      _("OPD %s is no longer active and cannot submit scores."), s->opd);
    const char *submitter = submission_submitter (s);
    if (s->kind == SCORE_KIND_SELF && strcmp (submitter, s->opd) != 0) {
        problems_add (problems, PROBLEM_NOT_OWN_OPD, "submitter",
                      _("%s may self-assess only itself, not %s; a verified score must be "
                      "sent as kind 'verified' by the designated assessor."), submitter, s->opd);
        return;
    }
    if (!f->submitter_id[0] || !f->submitter_active) {
        if (strcmp (submitter, s->opd) != 0)
            problems_add (problems, PROBLEM_SUBMITTER_UNKNOWN, "submitter",
                          _("The submitting OPD %s is not registered or not active."), submitter);
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
                          _("%s is not the designated assessor of %s in %s; only the assessor "
                          "may send its verified score."), submitter,
                          component_by_id (c)->code, s->period);
        }
    }
}

static bool
s_group_start (group_stmt_t *g, int n)
{
    memset (g, 0, sizeof *g);
    for (int i = 0; i < n; i++)
        if (!(g->arrays[i] = pgarray_new ()))
            return false;
    return true;
}

/*  Finishes the statement; false if out of memory.  */
static bool
s_group_finish (group_stmt_t *g, int slot, const char *sql, int n)
{
    for (int i = 0; i < n; i++)
        if (!(g->values[i] = pgarray_text (g->arrays[i])))
            return false;
    g->stmt = (store_stmt_t) { .slot = slot, .sql = sql, .n = n, .values = g->values };
    return true;
}

static void
s_group_end (group_stmt_t *g)
{
    for (int i = 0; i < MAX_PARAMS; i++)
        pgarray_destroy (&g->arrays[i]);
}

static void
s_add_string (pgarray_t *a, const char *text)
{
    pgarray_add_text (a, text, strlen (text));
}

/*  The facts of the items listed in `which` (m of them), in that order.
    Each period named is locked FOR SHARE until the group's COMMIT: close
    and finalize lock it FOR UPDATE, so neither can slip in between the
    status read here and the insert. A close waits for the group, or the
    group waits for the close and reads the new status. With two rapord
    instances, or any other writer, an acknowledged submission is thus
    in its period's ranking, or refused (sql/006_final.sql).  */
static bool
s_facts_stmt (group_stmt_t *g, const store_item_t *items, const work_t *work,
              const size_t *which, size_t m)
{
    if (!s_group_start (g, FACTS_PARAMS))
        return false;
    for (size_t k = 0; k < m; k++) {
        const submission_t *s = items[which[k]].submission;
        pgarray_add_bytea (g->arrays[0], s->id, SUBMISSION_ID_LEN);
        pgarray_add_bytea (g->arrays[1], work[which[k]].key, work[which[k]].key_len);
        s_add_string (g->arrays[2], s->period);
        s_add_string (g->arrays[3], s->opd);
        s_add_string (g->arrays[4], submission_submitter (s));
    }
    return s_group_finish (g, STORE_SLOT_FACTS,
        "WITH p AS MATERIALIZED ("
        "       SELECT id, code, status FROM periods WHERE code = ANY ($3::text[])"
        "        ORDER BY id FOR SHARE)"
        "SELECT i.n, p.id AS period_id, p.status, o.id AS opd_id, o.active AS opd_active,"
        "       so.id AS submitter_id, so.active AS submitter_active,"
        "       (SELECT coalesce(bit_or(1 << pa.component_id), 0) FROM period_assessors pa"
        "         WHERE pa.period_id = p.id AND pa.opd_id = so.id) AS assessed,"
        "       e.id IS NOT NULL AS existing, e.same_content, e.stored_at_us, e.score_count"
        "  FROM unnest($1::bytea[], $2::bytea[], $3::text[], $4::text[], $5::text[])"
        "       WITH ORDINALITY AS i (uuid, content, period, opd, submitter, n)"
        "  LEFT JOIN p ON p.code = i.period"
        "  LEFT JOIN opds o ON o.code = i.opd"
        "  LEFT JOIN opds so ON so.code = i.submitter"
        "  LEFT JOIN LATERAL ("
        "       SELECT x.id, x.content_sha256 = sha256(i.content) AS same_content,"
        "              (extract(epoch FROM x.stored_at) * 1000000)::bigint AS stored_at_us,"
        "              (SELECT count(*) FROM scores sc WHERE sc.submission_id = x.id) AS score_count"
        "         FROM submissions x WHERE x.submission_uuid = i.uuid) AS e ON true"
        " ORDER BY i.n", FACTS_PARAMS);
}

static bool
s_true (PGresult *r, int row, const char *column)
{
    return strcmp (store_value (r, row, column), "t") == 0;
}

/*  Reads the facts of the items in `which` from the result (and clears
    it); false if the statement failed.  */
static bool
s_facts_read (PGresult *r, work_t *work, const size_t *which, size_t m)
{
    bool ok = r && PQresultStatus (r) == PGRES_TUPLES_OK && (size_t) PQntuples (r) == m;
    if (!ok && r && PQresultStatus (r) == PGRES_FATAL_ERROR)
        log_error ("submission lookup failed error=\"%s\"",
                   PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
    for (size_t k = 0; ok && k < m; k++) {
        int row = (int) k;
        facts_t *f = &work[which[k]].facts;
        memset (f, 0, sizeof *f);
        f->existing = s_true (r, row, "existing");
        if (f->existing) {
            f->same_content = s_true (r, row, "same_content");
            f->stored_at_us = strtoll (store_value (r, row, "stored_at_us"), NULL, 10);
            f->score_count = (uint32_t) atoi (store_value (r, row, "score_count"));
        }
        snprintf (f->period_id, sizeof f->period_id, "%s", store_value (r, row, "period_id"));
        snprintf (f->status, sizeof f->status, "%s", store_value (r, row, "status"));
        snprintf (f->opd_id, sizeof f->opd_id, "%s", store_value (r, row, "opd_id"));
        f->opd_active = s_true (r, row, "opd_active");
        snprintf (f->submitter_id, sizeof f->submitter_id, "%s",
                  store_value (r, row, "submitter_id"));
        f->submitter_active = s_true (r, row, "submitter_active");
        f->assessed = atoi (store_value (r, row, "assessed"));
    }
    PQclear (r);
    return ok;
}

/*  The insert of the items in `which` and all their scores, in that
    order: ids grow in arrival order, and the latest submission counts.  */
static bool
s_insert_stmt (group_stmt_t *g, const store_item_t *items, const work_t *work,
               const size_t *which, size_t m)
{
    if (!s_group_start (g, INSERT_PARAMS))
        return false;
    for (size_t k = 0; k < m; k++) {
        const store_item_t *it = &items[which[k]];
        const submission_t *s = it->submission;
        const work_t *w = &work[which[k]];
        pgarray_add_bytea (g->arrays[0], s->id, SUBMISSION_ID_LEN);
        s_add_string (g->arrays[1], w->facts.period_id);
        s_add_string (g->arrays[2], w->facts.opd_id);
        pgarray_add_bytea (g->arrays[3], w->key, w->key_len);
        pgarray_add_int (g->arrays[4], (long long) (it->request_id & INT64_MAX));
        s_add_string (g->arrays[5], s->kind == SCORE_KIND_VERIFIED ? "verified" : "self");
        s_add_string (g->arrays[6], w->facts.submitter_id);
        for (size_t i = 0; i < submission_held (s); i++) {
            const component_score_t *c = &s->scores[i];
            pgarray_add_int (g->arrays[7], (long long) k + 1);
            pgarray_add_int (g->arrays[8], c->component);
            pgarray_add_int (g->arrays[9], c->score_centi);
            pgarray_add_text (g->arrays[10], c->evidence_len ? c->evidence : NULL,
                              c->evidence_len);
        }
    }
    return s_group_finish (g, STORE_SLOT_INSERT,
        "WITH i AS (SELECT * FROM unnest($1::bytea[], $2::integer[], $3::integer[], $4::bytea[],"
        "                                $5::bigint[], $6::text[], $7::integer[])"
        "             WITH ORDINALITY AS i (uuid, period_id, opd_id, content, request_id, kind,"
        "                                   submitter_id, n)),"
        " s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "                                request_id, kind, submitter_opd_id)"
        "       SELECT uuid, period_id, opd_id, sha256(content), request_id, kind, submitter_id"
        "         FROM i ORDER BY n"
        "       RETURNING id, submission_uuid, stored_at),"
        " sc AS (INSERT INTO scores (submission_id, component_id, score_centi, evidence)"
        "        SELECT s.id, v.c, v.score, v.evidence"
        "          FROM unnest($8::integer[], $9::smallint[], $10::integer[], $11::text[])"
        "               AS v (n, c, score, evidence)"
        "          JOIN i ON i.n = v.n JOIN s ON s.submission_uuid = i.uuid"
        "        RETURNING submission_id)"
        " SELECT i.n, (extract(epoch FROM s.stored_at) * 1000000)::bigint AS stored_at_us,"
        "        (SELECT count(*) FROM sc WHERE sc.submission_id = s.id) AS score_count"
        "   FROM s JOIN i ON i.uuid = s.submission_uuid ORDER BY i.n", INSERT_PARAMS);
}

/*  Reads the insert's result (and clears it) into the receipts of the
    items in `which`. Returns 1 stored, 0 on a unique violation (stored
    meanwhile by another writer), -1 on any other failure.  */
static int
s_insert_read (PGresult *r, store_item_t *items, const size_t *which, size_t m)
{
    if (!r)
        return -1;
    if (PQresultStatus (r) != PGRES_TUPLES_OK || (size_t) PQntuples (r) != m) {
        const char *state = PQresultErrorField (r, PG_DIAG_SQLSTATE);
        int unique = state && strcmp (state, "23505") == 0;
        if (!unique && PQresultStatus (r) == PGRES_FATAL_ERROR)
            log_error ("insert submission failed error=\"%s\"",
                       PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear (r);
        return unique ? 0 : -1;
    }
    for (size_t k = 0; k < m; k++) {
        receipt_t *receipt = &items[which[k]].receipt;
        receipt->stored_at_us = strtoll (store_value (r, (int) k, "stored_at_us"), NULL, 10);
        receipt->score_count = (uint32_t) atoi (store_value (r, (int) k, "score_count"));
        memcpy (receipt->submission_id, items[which[k]].submission->id, SUBMISSION_ID_LEN);
    }
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
                          _("This submission id was already used for different scores; "
                          "send new scores with a new submission id."));
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

/*  Runs a group statement on its own; NULL if it could not be built.  */
static PGresult *
s_run (store_t *store, group_stmt_t *g, bool built)
{
    PGresult *r = built ? store_run (store, &g->stmt) : NULL;
    s_group_end (g);
    return r;
}

/*  One submission inside the open transaction, statement by statement.
    *failed when a statement failed (the transaction is then aborted),
    *retry when the failure was a unique violation.  */
static void
s_one (store_t *store, store_item_t *items, work_t *work, size_t i, bool *failed, bool *retry)
{
    *failed = *retry = false;
    store_item_t *it = &items[i];
    it->status = STORE_UNAVAILABLE;
    group_stmt_t g;
    size_t which[1] = { i };
    if (!s_facts_read (s_run (store, &g, s_facts_stmt (&g, items, work, which, 1)), work,
                       which, 1)) {
        *failed = true;
        return;
    }
    if (!s_decide (it, &work[i].facts))
        return;
    int inserted = s_insert_read (s_run (store, &g, s_insert_stmt (&g, items, work, which, 1)),
                                  items, which, 1);
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
s_careful (store_t *store, store_item_t *items, work_t *work, size_t count,
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
            s_one (store, items, work, i, &failed, &retry);
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

/*  Round trip 1: BEGIN and the facts of every item, in one pipeline. The
    items are then decided. False if anything failed.  */
static bool
s_fast_facts (store_t *store, store_item_t *items, work_t *work, const size_t *all,
              size_t count)
{
    group_stmt_t g;
    bool sent = s_facts_stmt (&g, items, work, all, count)
             && store_pipeline_begin (store)
             && store_pipeline_add (store, &s_begin)
             && store_pipeline_add (store, &g.stmt)
             && store_pipeline_send (store);
    s_group_end (&g);
    if (!sent)
        return false;
    bool ok = s_ok (store_pipeline_next (store), PGRES_COMMAND_OK);
    ok = s_facts_read (store_pipeline_next (store), work, all, count) && ok;
    if (!store_pipeline_end (store) || !ok)
        return false;
    for (size_t i = 0; i < count; i++)
        work[i].insert = s_decide (&items[i], &work[i].facts);
    return true;
}

/*  Round trip 2: the insert of every accepted item, the audit rows and
    the COMMIT, in one pipeline. True only if the COMMIT succeeded.  */
static bool
s_fast_store (store_t *store, store_item_t *items, work_t *work, size_t count,
              store_before_commit_fn before_commit, void *arg)
{
    size_t which[STORE_BATCH_MAX], m = 0;
    for (size_t i = 0; i < count; i++)
        if (work[i].insert)
            which[m++] = i;
    store_stmt_t audit;
    if (before_commit && !before_commit (arg, items, count, &audit))
        return false;
    group_stmt_t g;
    bool sent = (m == 0 || s_insert_stmt (&g, items, work, which, m))
             && store_pipeline_begin (store)
             && (m == 0 || store_pipeline_add (store, &g.stmt))
             && (!before_commit || store_pipeline_add (store, &audit))
             && store_pipeline_add (store, &s_commit)
             && store_pipeline_send (store);
    if (m)
        s_group_end (&g);
    if (!sent)
        return false;
    bool ok = m == 0 || s_insert_read (store_pipeline_next (store), items, which, m) > 0;
    if (before_commit)
        ok = s_ok (store_pipeline_next (store), PGRES_COMMAND_OK) && ok;
    ok = s_ok (store_pipeline_next (store), PGRES_COMMAND_OK) && ok;
    return store_pipeline_end (store) && ok;
}

void
store_submit_batch (store_t *store, store_item_t *items, size_t count,
                    store_before_commit_fn before_commit, void *arg)
{
    if (count > STORE_BATCH_MAX) {
        /*  More than a group holds: in groups.  */
        for (size_t at = 0; at < count; at += STORE_BATCH_MAX)
            store_submit_batch (store, items + at,
                                count - at < STORE_BATCH_MAX ? count - at : STORE_BATCH_MAX,
                                before_commit, arg);
        return;
    }
    work_t work[STORE_BATCH_MAX];
    size_t all[STORE_BATCH_MAX];
    bool keys = true;
    for (size_t i = 0; i < count; i++) {
        items[i].status = STORE_UNAVAILABLE;
        items[i].reason[0] = '\0';
        memset (&work[i], 0, sizeof work[i]);
        work[i].key = s_content_key (items[i].submission, &work[i].key_len);
        keys = keys && work[i].key;
        all[i] = i;
    }
    bool committed = false;
    if (keys && store_ensure (store)) {
        int64_t started = clock_now_us ();
        committed = s_fast_facts (store, items, work, all, count);
        int64_t facts_done = clock_now_us ();
        committed = committed && s_fast_store (store, items, work, count, before_commit, arg);
        log_debug ("group round trips facts_us=%lld store_us=%lld",
                   (long long) (facts_done - started), (long long) (clock_now_us () - facts_done));
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
