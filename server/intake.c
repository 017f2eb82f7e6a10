/*  intake.c: storing submissions, in groups (store.h: store_submit_batch).

    Each submission costs two statements: one SELECT that gathers every
    fact the rules need (is the id stored already, the period and its
    state, the OPD, the submitter and what it assesses), and one INSERT of
    the submission and its scores together. A batch runs them for every
    submission in one transaction, then writes the audit rows, then one
    COMMIT: one disk flush for the whole group.

    The fast path uses no savepoints. If any statement fails (a constraint,
    or another writer storing the same id at the same moment), the batch is
    rolled back and replayed carefully, each submission under its own
    savepoint, so one failure costs its neighbours nothing.  */
#include "store.h"
#include "store_internal.h"
#include "component.h"
#include "log.h"

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

/*  One SELECT for every fact; false if the statement failed.  */
static bool
s_facts (store_t *store, const submission_t *s, const char *key, size_t key_len, facts_t *f)
{
    memset (f, 0, sizeof *f);
    const char *values[] = { (const char *) s->id, key, s->period, s->opd,
                             submission_submitter (s) };
    int lengths[] = { SUBMISSION_ID_LEN, (int) key_len, 0, 0, 0 };
    int formats[] = { 1, 1, 0, 0, 0 };
    PGresult *r = store_exec_prepared (store, PREPARED_FACTS,
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
        "         FROM submissions x WHERE x.submission_uuid = $1::bytea) AS e ON true",
        5, values, lengths, formats);
    if (!r || PQresultStatus (r) != PGRES_TUPLES_OK) {
        if (r)
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

/*  The submission and all its scores in one statement. Returns 1 stored,
    0 on a unique violation (stored meanwhile by another writer), -1 on
    any other failure.  */
static int
s_insert (store_t *store, const submission_t *s, const facts_t *f, const char *key,
          size_t key_len, uint64_t request_id, receipt_t *receipt)
{
    char request_text[24];
    snprintf (request_text, sizeof request_text, "%lld", (long long) (request_id & INT64_MAX));
    enum { FIXED = 7 };
    const char *values[FIXED + 3 * SUBMISSION_MAX_SCORES] = {
        (const char *) s->id, f->period_id, f->opd_id, key, request_text,
        s->kind == SCORE_KIND_VERIFIED ? "verified" : "self", f->submitter_id
    };
    int lengths[FIXED + 3 * SUBMISSION_MAX_SCORES] = { SUBMISSION_ID_LEN, 0, 0, (int) key_len };
    int formats[FIXED + 3 * SUBMISSION_MAX_SCORES] = { 1, 0, 0, 1 };
    char sql[1400] =
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "                 request_id, kind, submitter_opd_id)"
        "           VALUES ($1::bytea, $2, $3, sha256($4::bytea), $5, $6, $7)"
        "           RETURNING id, stored_at),"
        " sc AS (INSERT INTO scores (submission_id, component_id, score_centi, evidence)"
        "        SELECT s.id, v.c, v.score, v.evidence FROM s, (VALUES ";
    char numbers[SUBMISSION_MAX_SCORES][2][16];
    int n = FIXED;
    size_t held = submission_held (s);
    for (size_t i = 0; i < held; i++) {
        const component_score_t *c = &s->scores[i];
        snprintf (numbers[i][0], 16, "%u", c->component);
        snprintf (numbers[i][1], 16, "%d", c->score_centi);
        values[n] = numbers[i][0];
        values[n + 1] = numbers[i][1];
        values[n + 2] = c->evidence_len ? c->evidence : NULL;
        size_t used = strlen (sql);
        snprintf (sql + used, sizeof sql - used, "%s($%d::smallint, $%d::integer, $%d::text)",
                  i ? ", " : "", n + 1, n + 2, n + 3);
        n += 3;
    }
    size_t used = strlen (sql);
    snprintf (sql + used, sizeof sql - used,
              ") AS v (c, score, evidence) RETURNING 1)"
              " SELECT (extract(epoch FROM s.stored_at) * 1000000)::bigint AS stored_at_us,"
              "        (SELECT count(*) FROM sc) AS score_count FROM s");
    /*  One prepared statement per number of scores: the SQL differs.  */
    PGresult *r = store_exec_prepared (store, PREPARED_INSERT + (int) held - 1, sql, n, values,
                                       lengths, formats);
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
    receipt->stored_at_us = strtoll (store_value (r, 0, "stored_at_us"), NULL, 10);
    receipt->score_count = (uint32_t) atoi (store_value (r, 0, "score_count"));
    memcpy (receipt->submission_id, s->id, SUBMISSION_ID_LEN);
    PQclear (r);
    return 1;
}

/*  One submission inside the open transaction. Returns the item's status;
    *failed when a statement failed (the transaction is then aborted),
    *retry when the failure was a unique violation.  */
static store_status_t
s_one (store_t *store, store_item_t *it, bool *failed, bool *retry)
{
    *failed = *retry = false;
    memset (&it->receipt, 0, sizeof it->receipt);
    problems_init (&it->problems);
    size_t key_len = 0;
    char *key = s_content_key (it->submission, &key_len);
    facts_t f;
    store_status_t status = STORE_UNAVAILABLE;
    if (!key || !s_facts (store, it->submission, key, key_len, &f)) {
        *failed = true;
        goto out;
    }
    if (f.existing) {
        if (f.same_content) {
            memcpy (it->receipt.submission_id, it->submission->id, SUBMISSION_ID_LEN);
            it->receipt.stored_at_us = f.stored_at_us;
            it->receipt.score_count = f.score_count;
            it->receipt.duplicate = true;
            status = STORE_OK;
        }
        else {
            problems_add (&it->problems, PROBLEM_SUBMISSION_REUSED, "submission_id",
                          "This submission id was already used for different scores; "
                          "send new scores with a new submission id.");
            status = STORE_REJECTED;
        }
        goto out;
    }
    s_judge (it->submission, &f, &it->problems);
    if (!problems_empty (&it->problems)) {
        status = STORE_REJECTED;
        goto out;
    }
    int inserted = s_insert (store, it->submission, &f, key, key_len, it->request_id,
                             &it->receipt);
    if (inserted > 0)
        status = STORE_OK;
    else {
        *failed = true;
        *retry = inserted == 0;
    }
out:
    free (key);
    return status;
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

/*  The careful replay: a savepoint per submission.  */
static void
s_careful (store_t *store, store_item_t *items, size_t count)
{
    for (size_t i = 0; i < count && store_connected (store); i++) {
        store_item_t *it = &items[i];
        bool failed = false, retry = false;
        for (int round = 0; round < 2; round++) {
            if (!store_command (store, "SAVEPOINT one")) {
                failed = true;
                break;
            }
            it->status = s_one (store, it, &failed, &retry);
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
}

void
store_submit_batch (store_t *store, store_item_t *items, size_t count,
                    store_before_commit_fn before_commit, void *arg)
{
    for (size_t i = 0; i < count; i++) {
        items[i].status = STORE_UNAVAILABLE;
        items[i].reason[0] = '\0';
    }
    if (!store_ensure (store) || !store_command (store, "BEGIN")) {
        s_all_unavailable (store, items, count, "cannot reach the database");
        return;
    }
    bool failed = false, retry = false;
    for (size_t i = 0; i < count && !failed; i++)
        items[i].status = s_one (store, &items[i], &failed, &retry);
    if (failed && store_connected (store)) {
        /*  Something failed and took the transaction with it: replay the
            batch with a savepoint for each submission.  */
        log_info ("group commit replayed carefully submissions=%zu", count);
        store_command (store, "ROLLBACK");
        if (store_command (store, "BEGIN"))
            s_careful (store, items, count);
    }
    if (!store_connected (store)) {
        s_all_unavailable (store, items, count, "the connection was lost");
        return;
    }
    if (before_commit && !before_commit (arg, items, count)) {
        store_command (store, "ROLLBACK");
        s_all_unavailable (store, items, count, "the audit log could not be written");
        return;
    }
    if (!store_command (store, "COMMIT")) {
        /*  Not committed, or not known to be: no receipt may go out. A retry
            with the same id finds the rows if the commit did happen.  */
        s_all_unavailable (store, items, count, "the commit did not complete");
        if (store_connected (store))
            store_command (store, "ROLLBACK");
    }
}
