/*  quarter.c: lifecycle, settings, standings, finalization and snapshots.
    See quarter.h. All SQL is parameterised; ranking arithmetic is
    common/ranking.c's, so standings, finalization and the tools agree.  */
#include "quarter.h"
#include "log.h"
#include "store_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  A period as the admin operations see it.  */
typedef struct {
    char id[24];
    char status[16];
    ranking_rules_t rules;
} period_row_t;

#define INSERT_BATCH 400    /*  ranking rows per INSERT: 13 params each, under 65535  */

/*  Runs a statement; on SQL failure logs it and returns NULL. A NULL from
    a dead connection is logged by the store.  */
static PGresult *
s_run (store_t *store, const char *sql, int n, const char *const *values, ExecStatusType want)
{
    PGresult *r = store_exec (store, sql, n, values, NULL, NULL);
    if (r && PQresultStatus (r) != want) {
        log_error ("quarter sql failed error=\"%s\" sql=\"%.60s\"",
                   PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY), sql);
        PQclear (r);
        return NULL;
    }
    return r;
}

static const char *
s_col (PGresult *r, int row, const char *name)
{
    return PQgetvalue (r, row, PQfnumber (r, name));
}

/*  Reads and locks a period. Returns 1 found, 0 not found (problem
    added), -1 on database failure.  */
static int
s_period (store_t *store, const char *code, bool lock, period_row_t *out, problems_t *problems)
{
    const char *v[] = { code };
    PGresult *r = s_run (store, lock
        ? "SELECT id, status, reward_n, reward_pct, punish_pct FROM periods WHERE code = $1 FOR UPDATE"
        : "SELECT id, status, reward_n, reward_pct, punish_pct FROM periods WHERE code = $1",
        1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int found = PQntuples (r) > 0;
    if (found) {
        snprintf (out->id, sizeof out->id, "%s", s_col (r, 0, "id"));
        snprintf (out->status, sizeof out->status, "%s", s_col (r, 0, "status"));
        ranking_rules_default (&out->rules);
        out->rules.reward_n = (uint32_t) atoi (s_col (r, 0, "reward_n"));
        out->rules.reward_pct = (uint32_t) atoi (s_col (r, 0, "reward_pct"));
        out->rules.punish_pct = (uint32_t) atoi (s_col (r, 0, "punish_pct"));
    }
    else
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      "Period %s does not exist; open it first.", code);
    PQclear (r);
    if (!found || !lock)
        return found;
    /*  Weights: a missing row means 1.  */
    const char *w[] = { out->id };
    r = s_run (store, "SELECT component_id, weight FROM period_weights WHERE period_id = $1",
               1, w, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples (r); i++) {
        int c = atoi (s_col (r, i, "component_id"));
        if (c >= 1 && c <= COMPONENT_COUNT)
            out->rules.weights[c - 1] = (uint32_t) atoi (s_col (r, i, "weight"));
    }
    PQclear (r);
    return 1;
}

/*  Settings may change until the period is finalized.  */
static bool
s_not_final (const period_row_t *p, const char *code, problems_t *problems)
{
    if (strcmp (p->status, "finalized") != 0)
        return true;
    problems_add (problems, PROBLEM_PERIOD_FINALIZED, "period",
                  "Period %s is finalized; nothing about it can change.", code);
    return false;
}

static bool
s_event (store_t *store, const char *period_id, const char *action, const char *actor,
         const char *reason)
{
    const char *v[] = { period_id, action, actor, reason };
    PGresult *r = s_run (store, "INSERT INTO period_events (period_id, action, actor, reason)"
                                " VALUES ($1, $2, $3, $4)", 4, v, PGRES_COMMAND_OK);
    PQclear (r);
    return r != NULL;
}

/*  ---- ranking: compute from the current scores, store, load ---------  */

static int
s_entry_by_code (const void *key, const void *item)
{
    return strcmp (key, ((const ranking_entry_t *) item)->code);
}

static int
s_entry_order (const void *a, const void *b)
{
    return strcmp (((const ranking_entry_t *) a)->code, ((const ranking_entry_t *) b)->code);
}

/*  Builds the provisional ranking of a period from the latest verified
    and self-assessed scores of every active OPD. NULL on database failure
    or out of memory.  */
static ranking_t *
s_compute (store_t *store, const char *period_code, const period_row_t *p)
{
    PGresult *r = s_run (store, "SELECT code, name FROM opds WHERE active ORDER BY code",
                         0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return NULL;
    ranking_t *ranking = ranking_new ((size_t) PQntuples (r));
    for (int i = 0; ranking && i < PQntuples (r); i++) {
        snprintf (ranking->entries[i].code, sizeof ranking->entries[i].code, "%s", s_col (r, i, "code"));
        snprintf (ranking->entries[i].name, sizeof ranking->entries[i].name, "%s", s_col (r, i, "name"));
    }
    PQclear (r);
    if (!ranking)
        return NULL;
    snprintf (ranking->period, sizeof ranking->period, "%s", period_code);
    ranking->rules = p->rules;
    ranking->provisional = true;

    /*  The opds query sorted by code in the database's collation; bsearch
        needs byte order, so sort again here.  */
    qsort (ranking->entries, ranking->count, sizeof *ranking->entries, s_entry_order);
    const char *v[] = { p->id };
    r = s_run (store,
        "SELECT DISTINCT ON (s.opd_id, s.kind, sc.component_id)"
        "       o.code AS opd, s.kind, sc.component_id, sc.score_centi"
        "  FROM scores sc JOIN submissions s ON s.id = sc.submission_id"
        "  JOIN opds o ON o.id = s.opd_id"
        " WHERE s.period_id = $1"
        " ORDER BY s.opd_id, s.kind, sc.component_id, s.id DESC", 1, v, PGRES_TUPLES_OK);
    if (!r)
        goto err;
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = bsearch (s_col (r, i, "opd"), ranking->entries, ranking->count,
                                      sizeof *e, s_entry_by_code);
        int c = atoi (s_col (r, i, "component_id"));
        if (!e || c < 1 || c > COMPONENT_COUNT)
            continue;       /*  an OPD deactivated since: not ranked  */
        int32_t value = atoi (s_col (r, i, "score_centi"));
        if (strcmp (s_col (r, i, "kind"), "verified") == 0)
            e->verified[c - 1] = value;
        else
            e->self[c - 1] = value;
    }
    PQclear (r);
    r = s_run (store, "SELECT o.code, t.amount FROM opd_base_tpp t JOIN opds o ON o.id = t.opd_id"
                      " WHERE t.period_id = $1", 1, v, PGRES_TUPLES_OK);
    if (!r)
        goto err;
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = bsearch (s_col (r, i, "code"), ranking->entries, ranking->count,
                                      sizeof *e, s_entry_by_code);
        if (e)
            e->base_tpp = strtoll (s_col (r, i, "amount"), NULL, 10);
    }
    PQclear (r);
    ranking_compute (ranking->entries, ranking->count, &ranking->rules);
    return ranking;
err:
    ranking_destroy (&ranking);
    return NULL;
}

/*  "{8750,NULL,...}" for an int[] parameter.  */
static void
s_array (const int32_t values[COMPONENT_COUNT], char *buf, size_t size, bool unsigned_weights)
{
    size_t n = (size_t) snprintf (buf, size, "{");
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        int32_t v = values[c];
        if (!unsigned_weights && v == RANKING_NO_SCORE)
            n += (size_t) snprintf (buf + n, size - n, "%sNULL", c ? "," : "");
        else
            n += (size_t) snprintf (buf + n, size - n, "%s%d", c ? "," : "", v);
    }
    snprintf (buf + n, size - n, "}");
}

/*  Parses "{8750,NULL,...}" back; missing values become RANKING_NO_SCORE.  */
static void
s_parse_array (const char *text, int32_t out[COMPONENT_COUNT])
{
    const char *p = text + (*text == '{');
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        out[c] = strncmp (p, "NULL", 4) == 0 ? RANKING_NO_SCORE : (int32_t) strtol (p, NULL, 10);
        p = strchr (p, ',');
        if (!p)
            break;
        p++;
    }
}

/*  Writes the header and every entry of a freshly computed ranking.  */
static bool
s_store_ranking (store_t *store, const char *period_id, ranking_t *ranking, const char *actor)
{
    const char *v[] = { period_id };
    PGresult *r = s_run (store,
        "SELECT coalesce(max(seq), 0) + 1 AS seq,"
        "       (extract(epoch FROM now()) * 1000000)::bigint AS now_us FROM rankings",
        0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return false;
    ranking->seq = strtoull (s_col (r, 0, "seq"), NULL, 10);
    ranking->finalized_at_us = strtoll (s_col (r, 0, "now_us"), NULL, 10);
    PQclear (r);
    ranking->provisional = false;
    ranking->revision = 1;
    snprintf (ranking->finalized_by, sizeof ranking->finalized_by, "%s", actor);

    char seq[24], weights[96], n[12], p[12], q[12];
    snprintf (seq, sizeof seq, "%llu", (unsigned long long) ranking->seq);
    s_array ((const int32_t *) ranking->rules.weights, weights, sizeof weights, true);
    snprintf (n, sizeof n, "%u", ranking->rules.reward_n);
    snprintf (p, sizeof p, "%u", ranking->rules.reward_pct);
    snprintf (q, sizeof q, "%u", ranking->rules.punish_pct);
    const char *hv[] = { v[0], seq, actor, weights, n, p, q };
    r = s_run (store,
        "INSERT INTO rankings (period_id, seq, finalized_at, finalized_by, weights,"
        "                      reward_n, reward_pct, punish_pct)"
        " VALUES ($1, $2, now(), $3, $4, $5, $6, $7)", 7, hv, PGRES_COMMAND_OK);
    PQclear (r);
    if (!r)
        return false;

    /*  Entries in batches: one statement per INSERT_BATCH rows.  */
    enum { COLS = 12 };
    static char text[INSERT_BATCH][COLS][96];
    static const char *params[1 + INSERT_BATCH * COLS];   /*  $1 + COLS per row  */
    static char sql[INSERT_BATCH * 200 + 1024];    /*  ~140 bytes of placeholders a row  */
    for (size_t start = 0; start < ranking->count; start += INSERT_BATCH) {
        size_t rows = ranking->count - start < INSERT_BATCH ? ranking->count - start : INSERT_BATCH;
        int used = snprintf (sql, sizeof sql,
            "INSERT INTO ranking_entries (period_id, opd_id, position, rank, total_centi,"
            " verified, self, tpp_pct, base_tpp, tpp_rupiah, incomplete, best, worst)"
            " SELECT $1::integer, o.id, x.position, x.rank, x.total, x.verified, x.self, x.pct,"
            "        x.base, x.rupiah, x.incomplete, x.best, x.worst"
            "   FROM (VALUES ");
        params[0] = period_id;
        int k = 2;      /*  $1 is the period; row i uses $k .. $k+11, params[k-1] ..  */
        for (size_t i = 0; i < rows; i++) {
            const ranking_entry_t *e = &ranking->entries[start + i];
            bool tpp = e->base_tpp != RANKING_NO_TPP;
            snprintf (text[i][0], 96, "%s", e->code);
            snprintf (text[i][1], 96, "%zu", start + i + 1);
            snprintf (text[i][2], 96, "%u", e->rank);
            snprintf (text[i][3], 96, "%d", e->total_centi);
            s_array (e->verified, text[i][4], 96, false);
            s_array (e->self, text[i][5], 96, false);
            snprintf (text[i][6], 96, "%d", e->tpp_pct);
            snprintf (text[i][7], 96, "%lld", (long long) e->base_tpp);
            snprintf (text[i][8], 96, "%lld", (long long) e->tpp_rupiah);
            snprintf (text[i][9], 96, "%s", e->incomplete ? "t" : "f");
            snprintf (text[i][10], 96, "%s", e->best ? "t" : "f");
            snprintf (text[i][11], 96, "%s", e->worst ? "t" : "f");
            for (int c = 0; c < COLS; c++)
                params[k - 1 + c] = (c == 7 || c == 8) && !tpp ? NULL : text[i][c];
            assert ((size_t) used + 200 < sizeof sql);
            used += snprintf (sql + used, sizeof sql - (size_t) used,
                "%s($%d::text, $%d::int, $%d::int, $%d::int, $%d::int[], $%d::int[], $%d::int,"
                " $%d::bigint, $%d::bigint, $%d::bool, $%d::bool, $%d::bool)",
                i ? ", " : "", k, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7, k + 8,
                k + 9, k + 10, k + 11);
            k += COLS;
        }
        snprintf (sql + used, sizeof sql - (size_t) used,
            ") AS x (code, position, rank, total, verified, self, pct, base, rupiah,"
            "        incomplete, best, worst) JOIN opds o ON o.code = x.code");
        r = s_run (store, sql, k - 1, params, PGRES_COMMAND_OK);
        bool ok = r && strtoul (PQcmdTuples (r), NULL, 10) == rows;
        PQclear (r);
        if (!ok)
            return false;
    }
    return true;
}

/*  Loads a stored ranking: by sequence number if seq is not 0, else by
    period code, else ("") the latest. Returns 1 with *out, 0 if none,
    -1 on failure.  */
static int
s_load_ranking (store_t *store, const char *period_code, uint64_t seq, ranking_t **out)
{
    char seq_text[24];
    snprintf (seq_text, sizeof seq_text, "%llu", (unsigned long long) seq);
    const char *v[] = { period_code, seq_text };
    PGresult *h = s_run (store,
        "SELECT r.period_id, p.code, r.seq, r.revision, r.finalized_by, r.weights,"
        "       r.reward_n, r.reward_pct, r.punish_pct,"
        "       (extract(epoch FROM r.finalized_at) * 1000000)::bigint AS finalized_at_us"
        "  FROM rankings r JOIN periods p ON p.id = r.period_id"
        " WHERE CASE WHEN $2::bigint > 0 THEN r.seq = $2::bigint"
        "            ELSE $1 = '' OR p.code = $1 END"
        " ORDER BY r.seq DESC LIMIT 1", 2, v, PGRES_TUPLES_OK);
    if (!h)
        return -1;
    if (PQntuples (h) == 0) {
        PQclear (h);
        return 0;
    }
    const char *id[] = { s_col (h, 0, "period_id") };
    PGresult *r = s_run (store,
        "SELECT o.code, o.name, e.rank, e.total_centi, e.verified, e.self, e.tpp_pct,"
        "       e.base_tpp, e.tpp_rupiah, e.incomplete, e.best, e.worst"
        "  FROM ranking_entries e JOIN opds o ON o.id = e.opd_id"
        " WHERE e.period_id = $1 ORDER BY e.position", 1, id, PGRES_TUPLES_OK);
    ranking_t *ranking = r ? ranking_new ((size_t) PQntuples (r)) : NULL;
    if (!ranking) {
        PQclear (h);
        PQclear (r);
        return -1;
    }
    snprintf (ranking->period, sizeof ranking->period, "%s", s_col (h, 0, "code"));
    ranking->seq = strtoull (s_col (h, 0, "seq"), NULL, 10);
    ranking->revision = (uint32_t) atoi (s_col (h, 0, "revision"));
    ranking->finalized_at_us = strtoll (s_col (h, 0, "finalized_at_us"), NULL, 10);
    snprintf (ranking->finalized_by, sizeof ranking->finalized_by, "%s", s_col (h, 0, "finalized_by"));
    int32_t weights[COMPONENT_COUNT];
    s_parse_array (s_col (h, 0, "weights"), weights);
    for (int c = 0; c < COMPONENT_COUNT; c++)
        ranking->rules.weights[c] = (uint32_t) weights[c];
    ranking->rules.reward_n = (uint32_t) atoi (s_col (h, 0, "reward_n"));
    ranking->rules.reward_pct = (uint32_t) atoi (s_col (h, 0, "reward_pct"));
    ranking->rules.punish_pct = (uint32_t) atoi (s_col (h, 0, "punish_pct"));
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = &ranking->entries[i];
        snprintf (e->code, sizeof e->code, "%s", s_col (r, i, "code"));
        snprintf (e->name, sizeof e->name, "%s", s_col (r, i, "name"));
        e->rank = (uint32_t) atoi (s_col (r, i, "rank"));
        e->total_centi = atoi (s_col (r, i, "total_centi"));
        s_parse_array (s_col (r, i, "verified"), e->verified);
        s_parse_array (s_col (r, i, "self"), e->self);
        e->tpp_pct = atoi (s_col (r, i, "tpp_pct"));
        bool tpp = !PQgetisnull (r, i, PQfnumber (r, "base_tpp"));
        e->base_tpp = tpp ? strtoll (s_col (r, i, "base_tpp"), NULL, 10) : RANKING_NO_TPP;
        e->tpp_rupiah = tpp ? strtoll (s_col (r, i, "tpp_rupiah"), NULL, 10) : 0;
        e->incomplete = strcmp (s_col (r, i, "incomplete"), "t") == 0;
        e->best = strcmp (s_col (r, i, "best"), "t") == 0;
        e->worst = strcmp (s_col (r, i, "worst"), "t") == 0;
    }
    PQclear (h);
    PQclear (r);
    *out = ranking;
    return 1;
}

/*  ---- the operations -------------------------------------------------  */

static int
s_finalize (store_t *store, const admin_t *a, reply_t *reply, bool *published)
{
    period_row_t p;
    int found = s_period (store, a->period, true, &p, &reply->problems);
    if (found <= 0)
        return found;
    if (strcmp (p.status, "finalized") == 0) {
        /*  Finalizing twice returns the stored result.  */
        int loaded = s_load_ranking (store, a->period, 0, &reply->ranking);
        snprintf (reply->summary, sizeof reply->summary,
                  "Period %s was already finalized; this is its stored ranking.", a->period);
        return loaded;
    }
    if (strcmp (p.status, "closed") != 0) {
        problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "period",
                      "Period %s is still open; close it before finalizing.", a->period);
        return 1;
    }
    ranking_t *ranking = s_compute (store, a->period, &p);
    if (!ranking)
        return -1;
    const char *v[] = { p.id, a->actor };
    bool ok = s_store_ranking (store, p.id, ranking, a->actor);
    PGresult *r = ok ? s_run (store, "UPDATE periods SET status = 'finalized', finalized_at = now(),"
                                     " finalized_by = $2 WHERE id = $1", 2, v, PGRES_COMMAND_OK)
                     : NULL;
    ok = r && s_event (store, p.id, "finalize", a->actor, NULL);
    PQclear (r);
    if (!ok) {
        ranking_destroy (&ranking);
        return -1;
    }
    reply->ranking = ranking;
    *published = true;
    snprintf (reply->summary, sizeof reply->summary,
              "Period %s is finalized: %zu OPDs ranked, broadcast sequence %llu.", a->period,
              ranking->count, (unsigned long long) ranking->seq);
    return 1;
}

static int
s_lifecycle (store_t *store, const admin_t *a, reply_t *reply)
{
    period_row_t p;
    if (a->op == ADMIN_PERIOD_OPEN) {
        const char *v[] = { a->period };
        PGresult *r = s_run (store, "INSERT INTO periods (code) VALUES ($1)"
                                    " ON CONFLICT (code) DO NOTHING RETURNING id", 1, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        bool created = PQntuples (r) == 1;
        char id[24] = "";
        if (created)
            snprintf (id, sizeof id, "%s", PQgetvalue (r, 0, 0));
        PQclear (r);
        if (!created) {
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "period",
                          "Period %s already exists; use reopen for a closed period.", a->period);
            return 1;
        }
        const char *iv[] = { id };
        r = s_run (store, "INSERT INTO period_assessors (period_id, component_id, opd_id)"
                          " SELECT $1, component_id, opd_id FROM assessor_defaults",
                   1, iv, PGRES_COMMAND_OK);
        PQclear (r);
        if (!r || !s_event (store, id, "open", a->actor, NULL))
            return -1;
        snprintf (reply->summary, sizeof reply->summary,
                  "Period %s is open; OPDs and assessors may submit.", a->period);
        return 1;
    }
    int found = s_period (store, a->period, true, &p, &reply->problems);
    if (found <= 0)
        return found;
    const char *from = a->op == ADMIN_PERIOD_CLOSE ? "open" : "closed";
    const char *to = a->op == ADMIN_PERIOD_CLOSE ? "closed" : "open";
    if (strcmp (p.status, from) != 0) {
        problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "period",
                      "Period %s is %s; only %s periods can be %s.", a->period, p.status, from,
                      a->op == ADMIN_PERIOD_CLOSE ? "closed" : "reopened");
        return 1;
    }
    const char *v[] = { p.id, to };
    PGresult *r = s_run (store, "UPDATE periods SET status = $2 WHERE id = $1", 2, v, PGRES_COMMAND_OK);
    PQclear (r);
    if (!r || !s_event (store, p.id, a->op == ADMIN_PERIOD_CLOSE ? "close" : "reopen", a->actor,
                        a->op == ADMIN_PERIOD_REOPEN ? a->reason : NULL))
        return -1;
    snprintf (reply->summary, sizeof reply->summary, "Period %s is %s.", a->period, to);
    return 1;
}

/*  Looks up an active OPD's id; 0 and a problem if there is none.  */
static int
s_opd_id (store_t *store, const char *code, char *id, problems_t *problems)
{
    const char *v[] = { code };
    PGresult *r = s_run (store, "SELECT id FROM opds WHERE code = $1 AND active", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int found = PQntuples (r) > 0;
    if (found)
        snprintf (id, 24, "%s", PQgetvalue (r, 0, 0));
    else
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd",
                      "OPD %s is not registered or not active.", code);
    PQclear (r);
    return found;
}

static int
s_settings (store_t *store, const admin_t *a, reply_t *reply)
{
    period_row_t p;
    int found = s_period (store, a->period, true, &p, &reply->problems);
    if (found <= 0)
        return found;
    if (!s_not_final (&p, a->period, &reply->problems))
        return 1;
    PGresult *r = NULL;
    char opd_id[24];
    if (a->op == ADMIN_SET_WEIGHTS) {
        for (int c = 0; c < COMPONENT_COUNT; c++) {
            char component[8], weight[16];
            snprintf (component, sizeof component, "%d", c + 1);
            snprintf (weight, sizeof weight, "%u", a->weights[c]);
            const char *v[] = { p.id, component, weight };
            r = s_run (store, "INSERT INTO period_weights (period_id, component_id, weight)"
                              " VALUES ($1, $2, $3) ON CONFLICT (period_id, component_id)"
                              " DO UPDATE SET weight = EXCLUDED.weight", 3, v, PGRES_COMMAND_OK);
            PQclear (r);
            if (!r)
                return -1;
        }
        snprintf (reply->summary, sizeof reply->summary,
                  "Weights for %s: %u %u %u %u %u %u.", a->period, a->weights[0], a->weights[1],
                  a->weights[2], a->weights[3], a->weights[4], a->weights[5]);
        return 1;
    }
    if (a->op == ADMIN_SET_RULES) {
        char n[12], pr[12], q[12];
        snprintf (n, sizeof n, "%u", a->reward_n);
        snprintf (pr, sizeof pr, "%u", a->reward_pct);
        snprintf (q, sizeof q, "%u", a->punish_pct);
        const char *v[] = { p.id, n, pr, q };
        r = s_run (store, "UPDATE periods SET reward_n = $2, reward_pct = $3, punish_pct = $4"
                          " WHERE id = $1", 4, v, PGRES_COMMAND_OK);
        PQclear (r);
        snprintf (reply->summary, sizeof reply->summary,
                  "Rules for %s: the best %u get +%u%% TPP, the worst %u get -%u%%.", a->period,
                  a->reward_n, a->reward_pct, a->reward_n, a->punish_pct);
        return r ? 1 : -1;
    }
    found = s_opd_id (store, a->opd, opd_id, &reply->problems);
    if (found <= 0)
        return found;
    if (a->op == ADMIN_SET_ASSESSOR) {
        char component[8];
        snprintf (component, sizeof component, "%u", a->component);
        const char *v[] = { p.id, component, opd_id };
        r = s_run (store, "INSERT INTO period_assessors (period_id, component_id, opd_id)"
                          " VALUES ($1, $2, $3) ON CONFLICT (period_id, component_id)"
                          " DO UPDATE SET opd_id = EXCLUDED.opd_id", 3, v, PGRES_COMMAND_OK);
        snprintf (reply->summary, sizeof reply->summary, "%s assesses %s in %s.", a->opd,
                  component_by_id (a->component)->code, a->period);
    }
    else {
        char amount[24];
        snprintf (amount, sizeof amount, "%lld", (long long) a->amount);
        const char *v[] = { p.id, opd_id, amount };
        r = s_run (store, "INSERT INTO opd_base_tpp (period_id, opd_id, amount) VALUES ($1, $2, $3)"
                          " ON CONFLICT (period_id, opd_id) DO UPDATE SET amount = EXCLUDED.amount",
                   3, v, PGRES_COMMAND_OK);
        snprintf (reply->summary, sizeof reply->summary, "Base TPP of %s for %s: Rp %lld.",
                  a->opd, a->period, (long long) a->amount);
    }
    PQclear (r);
    return r ? 1 : -1;
}

static int
s_opds (store_t *store, const admin_t *a, reply_t *reply)
{
    PGresult *r;
    if (a->op == ADMIN_OPD_ADD) {
        const char *v[] = { a->opd, a->name, a->opd_kind };
        r = s_run (store, "INSERT INTO opds (code, name, kind) VALUES ($1, $2, $3)"
                          " ON CONFLICT (code) DO NOTHING RETURNING id", 3, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        if (PQntuples (r) == 0)
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "opd",
                          "OPD %s already exists.", a->opd);
        snprintf (reply->summary, sizeof reply->summary, "OPD %s (%.80s) added.", a->opd, a->name);
        PQclear (r);
        return 1;
    }
    if (a->op == ADMIN_OPD_DEACTIVATE) {
        const char *v[] = { a->opd };
        r = s_run (store, "UPDATE opds SET active = false WHERE code = $1 RETURNING id",
                   1, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        if (PQntuples (r) == 0)
            problems_add (&reply->problems, PROBLEM_OPD_UNKNOWN, "opd", "OPD %s does not exist.", a->opd);
        snprintf (reply->summary, sizeof reply->summary,
                  "OPD %s is deactivated: it can no longer submit and is not ranked.", a->opd);
        PQclear (r);
        return 1;
    }
    r = s_run (store, "SELECT code, name, kind, active FROM opds ORDER BY code", 0, NULL,
               PGRES_TUPLES_OK);
    if (!r)
        return -1;
    size_t n = (size_t) PQntuples (r);
    reply->opds = calloc (n + 1, sizeof *reply->opds);
    for (size_t i = 0; reply->opds && i < n; i++) {
        opd_info_t *o = &reply->opds[i];
        snprintf (o->code, sizeof o->code, "%s", s_col (r, (int) i, "code"));
        snprintf (o->name, sizeof o->name, "%s", s_col (r, (int) i, "name"));
        snprintf (o->kind, sizeof o->kind, "%s", s_col (r, (int) i, "kind"));
        o->active = strcmp (s_col (r, (int) i, "active"), "t") == 0;
    }
    reply->opd_count = reply->opds ? n : 0;
    snprintf (reply->summary, sizeof reply->summary, "%zu OPDs.", n);
    PQclear (r);
    return reply->opds ? 1 : -1;
}

static int
s_submissions (store_t *store, const admin_t *a, reply_t *reply)
{
    const char *v[] = { a->period, a->opd };
    PGresult *r = s_run (store,
        "SELECT s.submission_uuid, o.code AS opd, so.code AS submitter, s.kind,"
        "       (extract(epoch FROM s.stored_at) * 1000000)::bigint AS stored_at_us,"
        "       array_agg(sc.component_id ORDER BY sc.component_id) AS components,"
        "       array_agg(sc.score_centi ORDER BY sc.component_id) AS scores"
        "  FROM submissions s JOIN periods p ON p.id = s.period_id"
        "  JOIN opds o ON o.id = s.opd_id LEFT JOIN opds so ON so.id = s.submitter_opd_id"
        "  JOIN scores sc ON sc.submission_id = s.id"
        " WHERE p.code = $1 AND ($2 = '' OR o.code = $2)"
        " GROUP BY s.id, o.code, so.code ORDER BY s.id LIMIT 20000", 2, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    size_t n = (size_t) PQntuples (r);
    reply->submissions = calloc (n + 1, sizeof *reply->submissions);
    for (size_t i = 0; reply->submissions && i < n; i++) {
        submission_info_t *si = &reply->submissions[i];
        int row = (int) i;
        size_t len = 0;
        unsigned char *id = PQunescapeBytea ((const unsigned char *) s_col (r, row, "submission_uuid"), &len);
        if (id && len == SUBMISSION_ID_LEN)
            memcpy (si->id, id, SUBMISSION_ID_LEN);
        PQfreemem (id);
        snprintf (si->opd, sizeof si->opd, "%s", s_col (r, row, "opd"));
        snprintf (si->submitter, sizeof si->submitter, "%s", s_col (r, row, "submitter"));
        si->kind = strcmp (s_col (r, row, "kind"), "verified") == 0 ? SCORE_KIND_VERIFIED : SCORE_KIND_SELF;
        si->stored_at_us = strtoll (s_col (r, row, "stored_at_us"), NULL, 10);
        int32_t comps[COMPONENT_COUNT], scores[COMPONENT_COUNT];
        for (int c = 0; c < COMPONENT_COUNT; c++)
            comps[c] = scores[c] = RANKING_NO_SCORE;
        s_parse_array (s_col (r, row, "components"), comps);
        s_parse_array (s_col (r, row, "scores"), scores);
        for (int c = 0; c < COMPONENT_COUNT && comps[c] != RANKING_NO_SCORE; c++) {
            si->component[c] = (uint32_t) comps[c];
            si->score_centi[c] = scores[c];
            si->score_count++;
        }
    }
    reply->submission_count = reply->submissions ? n : 0;
    snprintf (reply->summary, sizeof reply->summary, "%zu submissions in %s.", n, a->period);
    PQclear (r);
    return reply->submissions ? 1 : -1;
}

static int
s_standings (store_t *store, const admin_t *a, reply_t *reply)
{
    period_row_t p;
    int found = s_period (store, a->period, true, &p, &reply->problems);
    if (found <= 0)
        return found;
    if (strcmp (p.status, "finalized") == 0) {
        snprintf (reply->summary, sizeof reply->summary,
                  "Period %s is finalized; these are its final standings.", a->period);
        return s_load_ranking (store, a->period, 0, &reply->ranking);
    }
    reply->ranking = s_compute (store, a->period, &p);
    snprintf (reply->summary, sizeof reply->summary,
              "Provisional standings for %s (%s): not final until the period is finalized.",
              a->period, p.status);
    return reply->ranking ? 1 : -1;
}

/*  Mutating operations need the inspectorate. Until key-based identity
    (the trust issue) this checks the actor the request names.  */
static int
s_check_actor (store_t *store, const admin_t *a, problems_t *problems)
{
    const char *v[] = { a->actor };
    PGresult *r = s_run (store, "SELECT kind FROM opds WHERE code = $1 AND active", 1, v,
                         PGRES_TUPLES_OK);
    if (!r)
        return -1;
    const char *kind = PQntuples (r) ? PQgetvalue (r, 0, 0) : NULL;
    if (!kind)
        problems_add (problems, PROBLEM_ADMIN_REFUSED, "actor",
                      "%s is not a registered, active OPD.", a->actor);
    else
    if (!admin_op_reads_only (a->op) && strcmp (kind, "inspektorat") != 0)
        problems_add (problems, PROBLEM_ADMIN_REFUSED, "actor",
                      "Only the inspectorate may %s; %s may not.", admin_op_name (a->op), a->actor);
    PQclear (r);
    return 1;
}

store_status_t
quarter_admin (store_t *store, const admin_t *a, reply_t *reply, bool *published,
               char *reason, size_t reason_size)
{
    *published = false;
    if (!store_ensure (store) || !store_command (store, "BEGIN"))
        return store_unavailable (store, reason, reason_size);
    int done = s_check_actor (store, a, &reply->problems);
    if (done > 0 && problems_empty (&reply->problems))
        switch (a->op) {
            case ADMIN_PERIOD_FINALIZE:
                done = s_finalize (store, a, reply, published);
                break;
            case ADMIN_PERIOD_OPEN:
            case ADMIN_PERIOD_CLOSE:
            case ADMIN_PERIOD_REOPEN:
                done = s_lifecycle (store, a, reply);
                break;
            case ADMIN_SET_WEIGHTS:
            case ADMIN_SET_RULES:
            case ADMIN_SET_ASSESSOR:
            case ADMIN_SET_BASE_TPP:
                done = s_settings (store, a, reply);
                break;
            case ADMIN_OPD_LIST:
            case ADMIN_OPD_ADD:
            case ADMIN_OPD_DEACTIVATE:
                done = s_opds (store, a, reply);
                break;
            case ADMIN_LIST_SUBMISSIONS:
                done = s_submissions (store, a, reply);
                break;
            case ADMIN_STANDINGS:
                done = s_standings (store, a, reply);
                break;
            default:
                done = -1;
                break;
        }
    if (done < 0) {
        ranking_destroy (&reply->ranking);
        *published = false;
        return store_unavailable (store, reason, reason_size);
    }
    if (!problems_empty (&reply->problems)) {
        store_command (store, "ROLLBACK");
        ranking_destroy (&reply->ranking);
        *published = false;
        return STORE_REJECTED;
    }
    if (!store_command (store, "COMMIT")) {
        ranking_destroy (&reply->ranking);
        *published = false;
        return store_unavailable (store, reason, reason_size);
    }
    return STORE_OK;
}

store_status_t
quarter_snapshot (store_t *store, const char *period, uint64_t seq, ranking_t **ranking,
                  problems_t *problems, char *reason, size_t reason_size)
{
    *ranking = NULL;
    if (!store_ensure (store))
        return store_unavailable (store, reason, reason_size);
    int found = s_load_ranking (store, period, seq, ranking);
    if (found < 0)
        return store_unavailable (store, reason, reason_size);
    if (found == 0) {
        if (seq)
            problems_add (problems, PROBLEM_NOT_FOUND, "seq",
                          "No ranking was broadcast with sequence number %llu.",
                          (unsigned long long) seq);
        else
        if (*period)
            problems_add (problems, PROBLEM_NOT_FOUND, "period",
                          "Period %s has no finalized ranking yet.", period);
        else
            problems_add (problems, PROBLEM_NOT_FOUND, "period",
                          "No period has been finalized yet.");
        return STORE_REJECTED;
    }
    return STORE_OK;
}

store_status_t
quarter_last_seq (store_t *store, uint64_t *seq)
{
    *seq = 0;
    if (!store_ensure (store))
        return STORE_UNAVAILABLE;
    PGresult *r = s_run (store, "SELECT coalesce(max(seq), 0) FROM rankings", 0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return STORE_UNAVAILABLE;
    *seq = strtoull (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    return STORE_OK;
}
