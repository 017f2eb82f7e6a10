/*  quarter.c: lifecycle, settings, standings, finalization and snapshots.
    See quarter.h. All SQL is parameterised; ranking arithmetic is
    common/ranking.c's, so standings, finalization and the tools agree.  */
#include "quarter.h"
#include "human.h"
#include "i18n.h"
#include "completeness.h"
#include "inspect.h"
#include "keyring.h"
#include "objection.h"
#include "opdlist.h"
#include "ranking_store.h"
#include "verify.h"
#include "clock.h"
#include "hex.h"
#include "log.h"
#include "store_internal.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  A period as the admin operations see it.  */
typedef struct {
    char id[24];
    char status[16];
    ranking_rules_t rules;
} period_row_t;


/*  Reads and locks a period: FOR UPDATE for what changes it or must see
    every writer finished (close, finalize, settings), FOR SHARE for what
    only reads (standings, missing, a preview), which then neither waits
    for nor blocks the intake's writers, who hold it FOR SHARE too.
    Returns 1 found, 0 not found (problem added), -1 on database failure.  */
static int
s_period (store_t *store, const char *code, bool exclusive, period_row_t *out,
          problems_t *problems)
{
    const char *v[] = { code };
    PGresult *r = store_query (store, exclusive
        ? "SELECT id, status, reward_n, reward_pct, punish_pct FROM periods WHERE code = $1 FOR UPDATE"
        : "SELECT id, status, reward_n, reward_pct, punish_pct FROM periods WHERE code = $1 FOR SHARE",
        1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int found = PQntuples (r) > 0;
    if (found) {
        snprintf (out->id, sizeof out->id, "%s", store_value (r, 0, "id"));
        snprintf (out->status, sizeof out->status, "%s", store_value (r, 0, "status"));
        ranking_rules_default (&out->rules);
        out->rules.reward_n = (uint32_t) atoi (store_value (r, 0, "reward_n"));
        out->rules.reward_pct = (uint32_t) atoi (store_value (r, 0, "reward_pct"));
        out->rules.punish_pct = (uint32_t) atoi (store_value (r, 0, "punish_pct"));
    }
    else
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      _("Period %s does not exist; open it first."), code);
    PQclear (r);
    if (!found)
        return found;
    /*  Weights: a missing row means 1.  */
    const char *w[] = { out->id };
    r = store_query (store, "SELECT component_id, weight FROM period_weights WHERE period_id = $1",
               1, w, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples (r); i++) {
        int c = atoi (store_value (r, i, "component_id"));
        if (c >= 1 && c <= COMPONENT_COUNT)
            out->rules.weights[c - 1] = (uint32_t) atoi (store_value (r, i, "weight"));
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
                  _("Period %s is finalized; nothing about it can change."), code);
    return false;
}

static bool
s_event (store_t *store, const char *period_id, const char *action, const char *actor,
         const char *reason)
{
    const char *v[] = { period_id, action, actor, reason };
    PGresult *r = store_query (store, "INSERT INTO period_events (period_id, action, actor, reason)"
                                " VALUES ($1, $2, $3, $4)", 4, v, PGRES_COMMAND_OK);
    PQclear (r);
    return r != NULL;
}

/*  A stored ranking with the objection history of its period: what a
    finalized ranking is, wherever it is served. As ranking_store_load.  */
static int
s_load (store_t *store, const char *period_code, uint64_t seq, ranking_t **out)
{
    int found = ranking_store_load (store, period_code, seq, out);
    if (found <= 0)
        return found;
    const char *v[] = { (*out)->period };
    PGresult *r = store_query (store, "SELECT id FROM periods WHERE code = $1", 1, v,
                               PGRES_TUPLES_OK);
    bool ok = r && PQntuples (r) == 1
           && objection_load (store, PQgetvalue (r, 0, 0), *out) >= 0;
    PQclear (r);
    if (!ok) {
        ranking_destroy (out);
        return -1;
    }
    return 1;
}

/*  ---- the operations -------------------------------------------------  */

/*  What a period's completeness means for finalizing it, in one line.  */
static void
s_completeness_line (const ranking_t *ranking, const reply_t *reply, char *buf, size_t size)
{
    snprintf (buf, size, _("complete: %zu of %zu OPDs, verified scores missing: %u, "
              "objections unanswered: %u"), ranking_complete_count (ranking), ranking->count,
              reply->missing_total, reply->open_objections);
}

/*  Finalizing, or (preview) showing exactly what finalizing would
    announce and changing nothing. The guard refuses while a verified
    score is missing or an objection is unanswered, unless forced with a
    reason; the reason then travels with the ranking for good.  */
static int
s_finalize (store_t *store, const admin_t *a, reply_t *reply, bool *published)
{
    period_row_t p;
    int found = s_period (store, a->period, !a->preview, &p, &reply->problems);
    if (found <= 0)
        return found;
    if (strcmp (p.status, "finalized") == 0) {
        /*  Finalizing twice (or previewing afterwards) returns the stored result.  */
        int loaded = s_load (store, a->period, 0, &reply->ranking);
        snprintf (reply->summary, sizeof reply->summary,
                  _("Period %s was already finalized; this is its stored ranking."), a->period);
        return loaded;
    }
    if (strcmp (p.status, "closed") != 0 && !a->preview) {
        problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "period",
                      _("Period %s is still open; close it before finalizing."), a->period);
        return 1;
    }
    int64_t t0 = clock_now_ms ();
    ranking_t *ranking = ranking_store_compute (store, a->period, p.id, &p.rules);
    if (!ranking)
        return -1;
    reply->ranking = ranking;
    if (completeness_fill (store, p.id, ranking, a->preview ? COMPLETENESS_LIST_MAX : 5, reply) < 0
    ||  objection_open_count (store, p.id, &reply->open_objections) < 0
    ||  objection_load (store, p.id, ranking) < 0)
        return -1;
    bool incomplete = reply->missing_total > 0 || reply->open_objections > 0;
    char line[160];
    s_completeness_line (ranking, reply, line, sizeof line);
    if (incomplete && a->force)
        snprintf (ranking->force_reason, sizeof ranking->force_reason, "%s", a->reason);
    snprintf (ranking->finalized_by, sizeof ranking->finalized_by, "%s", a->actor);
    if (a->preview) {
        ranking->provisional = false;
        ranking->preview = true;
        snprintf (reply->summary, sizeof reply->summary,
                  _("PREVIEW of %s, nothing was changed (%s): %s%s"), a->period,
                  human_status (p.status), line,
                  strcmp (p.status, "closed") != 0 ? _("; close the period before finalizing")
                  : !incomplete ? _("; finalizing would announce this ranking")
                  : a->force ? _("; finalizing with --force would announce this ranking")
                  : _("; finalizing would be refused"));
        return 1;
    }
    if (incomplete && !a->force) {
        if (reply->missing_total)
            completeness_refuse (a->period, ranking, reply);
        if (reply->open_objections)
            problems_add (&reply->problems, PROBLEM_OBJECTIONS_OPEN, "period",
                          _("Period %s has %u unanswered objections; answer them first "
                          "(rapor-admin objections %s)."), a->period, reply->open_objections,
                          a->period);
        return 1;
    }
    int64_t t1 = clock_now_ms ();
    const char *v[] = { p.id, a->actor };
    bool ok = ranking_store_save (store, p.id, ranking, a->actor);
    log_info ("finalize period=%s opds=%zu complete=%zu missing=%u forced=%s compute_ms=%lld "
              "save_ms=%lld", a->period, ranking->count, ranking_complete_count (ranking),
              reply->missing_total, ranking->force_reason[0] ? "yes" : "no",
              (long long) (t1 - t0), (long long) (clock_now_ms () - t1));
    /*  The event first: once the period is finalized, nothing of it can be
        inserted, its events included (sql/010).  */
    ok = ok && s_event (store, p.id, "finalize", a->actor,
                        ranking->force_reason[0] ? ranking->force_reason : NULL);
    PGresult *r = ok ? store_query (store, "UPDATE periods SET status = 'finalized', finalized_at = now(),"
                                     " finalized_by = $2 WHERE id = $1", 2, v, PGRES_COMMAND_OK)
                     : NULL;
    ok = r != NULL;
    PQclear (r);
    if (!ok)
        return -1;
    *published = true;
    snprintf (reply->summary, sizeof reply->summary,
              _("Period %s is finalized%s: %s; broadcast sequence %llu."), a->period,
              ranking->force_reason[0] ? _(" BY FORCE") : "", line,
              (unsigned long long) ranking->seq);
    return 1;
}

/*  PERIOD_MISSING: every verified score finalization would count as 0.  */
static int
s_missing (store_t *store, const admin_t *a, reply_t *reply)
{
    period_row_t p;
    int found = s_period (store, a->period, false, &p, &reply->problems);
    if (found <= 0)
        return found;
    if (strcmp (p.status, "finalized") == 0) {
        problems_add (&reply->problems, PROBLEM_PERIOD_FINALIZED, "period",
                      _("Period %s is finalized; its ranking shows which OPDs were incomplete."),
                      a->period);
        return 1;
    }
    reply->ranking = ranking_store_compute (store, a->period, p.id, &p.rules);
    if (!reply->ranking || completeness_fill (store, p.id, reply->ranking, COMPLETENESS_LIST_MAX,
                                              reply) < 0
    ||  objection_open_count (store, p.id, &reply->open_objections) < 0)
        return -1;
    char line[160];
    s_completeness_line (reply->ranking, reply, line, sizeof line);
    snprintf (reply->summary, sizeof reply->summary, _("Period %s (%s): %s%s."), a->period,
              human_status (p.status), line, reply->missing_count < reply->missing_total
              ? _("; only the first ones are listed") : "");
    /*  The list is the answer; the standings are standings' business.  */
    ranking_destroy (&reply->ranking);
    return 1;
}

static int
s_lifecycle (store_t *store, const admin_t *a, reply_t *reply)
{
    period_row_t p;
    if (a->op == ADMIN_PERIOD_OPEN) {
        const char *v[] = { a->period };
        PGresult *r = store_query (store, "INSERT INTO periods (code) VALUES ($1)"
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
                          _("Period %s already exists; use reopen for a closed period."), a->period);
            return 1;
        }
        const char *iv[] = { id };
        r = store_query (store, "INSERT INTO period_assessors (period_id, component_id, opd_id)"
                          " SELECT $1, component_id, opd_id FROM assessor_defaults",
                   1, iv, PGRES_COMMAND_OK);
        PQclear (r);
        if (!r || !s_event (store, id, "open", a->actor, NULL))
            return -1;
        snprintf (reply->summary, sizeof reply->summary,
                  _("Period %s is open; OPDs and assessors may submit."), a->period);
        return 1;
    }
    int found = s_period (store, a->period, true, &p, &reply->problems);
    if (found <= 0)
        return found;
    const char *from = a->op == ADMIN_PERIOD_CLOSE ? "open" : "closed";
    const char *to = a->op == ADMIN_PERIOD_CLOSE ? "closed" : "open";
    if (strcmp (p.status, from) != 0) {
        problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "period",
                      a->op == ADMIN_PERIOD_CLOSE
                      ? _("Period %s is %s; only an open period can be closed.")
                      : _("Period %s is %s; only a closed period can be reopened."),
                      a->period, human_status (p.status));
        return 1;
    }
    const char *v[] = { p.id, to };
    PGresult *r = store_query (store, "UPDATE periods SET status = $2 WHERE id = $1", 2, v, PGRES_COMMAND_OK);
    PQclear (r);
    if (!r || !s_event (store, p.id, a->op == ADMIN_PERIOD_CLOSE ? "close" : "reopen", a->actor,
                        a->op == ADMIN_PERIOD_REOPEN ? a->reason : NULL))
        return -1;
    snprintf (reply->summary, sizeof reply->summary,
              a->op == ADMIN_PERIOD_CLOSE ? _("Period %s is closed.") : _("Period %s is open again."),
              a->period);
    return 1;
}

/*  Looks up an active OPD's id; 0 and a problem if there is none.  */
static int
s_opd_id (store_t *store, const char *code, char *id, problems_t *problems)
{
    const char *v[] = { code };
    PGresult *r = store_query (store, "SELECT id FROM opds WHERE code = $1 AND active", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int found = PQntuples (r) > 0;
    if (found)
        snprintf (id, 24, "%s", PQgetvalue (r, 0, 0));
    else
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd",
                      _("OPD %s is not registered or not active."), code);
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
            r = store_query (store, "INSERT INTO period_weights (period_id, component_id, weight)"
                              " VALUES ($1, $2, $3) ON CONFLICT (period_id, component_id)"
                              " DO UPDATE SET weight = EXCLUDED.weight", 3, v, PGRES_COMMAND_OK);
            PQclear (r);
            if (!r)
                return -1;
        }
        snprintf (reply->summary, sizeof reply->summary,
                  _("Weights for %s: %u %u %u %u %u %u."), a->period, a->weights[0], a->weights[1],
                  a->weights[2], a->weights[3], a->weights[4], a->weights[5]);
        return 1;
    }
    if (a->op == ADMIN_SET_RULES) {
        char n[12], pr[12], q[12];
        snprintf (n, sizeof n, "%u", a->reward_n);
        snprintf (pr, sizeof pr, "%u", a->reward_pct);
        snprintf (q, sizeof q, "%u", a->punish_pct);
        const char *v[] = { p.id, n, pr, q };
        r = store_query (store, "UPDATE periods SET reward_n = $2, reward_pct = $3, punish_pct = $4"
                          " WHERE id = $1", 4, v, PGRES_COMMAND_OK);
        PQclear (r);
        snprintf (reply->summary, sizeof reply->summary,
                  _("Rules for %s: the best %u get +%u%% TPP, the worst %u get -%u%%."), a->period,
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
        r = store_query (store, "INSERT INTO period_assessors (period_id, component_id, opd_id)"
                          " VALUES ($1, $2, $3) ON CONFLICT (period_id, component_id)"
                          " DO UPDATE SET opd_id = EXCLUDED.opd_id", 3, v, PGRES_COMMAND_OK);
        snprintf (reply->summary, sizeof reply->summary, _("%s assesses %s in %s."), a->opd,
                  component_by_id (a->component)->code, a->period);
    }
    else {
        char amount[24];
        snprintf (amount, sizeof amount, "%lld", (long long) a->amount);
        const char *v[] = { p.id, opd_id, amount };
        r = store_query (store, "INSERT INTO opd_base_tpp (period_id, opd_id, amount) VALUES ($1, $2, $3)"
                          " ON CONFLICT (period_id, opd_id) DO UPDATE SET amount = EXCLUDED.amount",
                   3, v, PGRES_COMMAND_OK);
        snprintf (reply->summary, sizeof reply->summary, _("Base TPP of %s for %s: Rp %lld."),
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
        r = store_query (store, "INSERT INTO opds (code, name, kind) VALUES ($1, $2, $3)"
                          " ON CONFLICT (code) DO NOTHING RETURNING id", 3, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        if (PQntuples (r) == 0)
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "opd",
                          _("OPD %s already exists."), a->opd);
        char name[81];          /*  a name cut for the summary, at a character boundary  */
        text_cut (name, sizeof name, a->name, 80);
        snprintf (reply->summary, sizeof reply->summary, _("OPD %s (%s) added."), a->opd, name);
        PQclear (r);
        return 1;
    }
    if (a->op == ADMIN_OPD_DEACTIVATE) {
        const char *v[] = { a->opd };
        r = store_query (store, "UPDATE opds SET active = false WHERE code = $1 RETURNING id",
                   1, v, PGRES_TUPLES_OK);
        if (!r)
            return -1;
        if (PQntuples (r) == 0)
            problems_add (&reply->problems, PROBLEM_OPD_UNKNOWN, "opd", _("OPD %s does not exist."), a->opd);
        snprintf (reply->summary, sizeof reply->summary,
                  _("OPD %s is deactivated: it can no longer submit and is not ranked."), a->opd);
        PQclear (r);
        return 1;
    }
    r = store_query (store, "SELECT code, name, kind, active FROM opds ORDER BY code", 0, NULL,
               PGRES_TUPLES_OK);
    if (!r)
        return -1;
    size_t n = (size_t) PQntuples (r);
    reply->opds = calloc (n + 1, sizeof *reply->opds);
    for (size_t i = 0; reply->opds && i < n; i++) {
        opd_info_t *o = &reply->opds[i];
        snprintf (o->code, sizeof o->code, "%s", store_value (r, (int) i, "code"));
        snprintf (o->name, sizeof o->name, "%s", store_value (r, (int) i, "name"));
        snprintf (o->kind, sizeof o->kind, "%s", store_value (r, (int) i, "kind"));
        o->active = strcmp (store_value (r, (int) i, "active"), "t") == 0;
    }
    reply->opd_count = reply->opds ? n : 0;
    snprintf (reply->summary, sizeof reply->summary, _("%zu OPDs."), n);
    PQclear (r);
    return reply->opds ? 1 : -1;
}

static int
s_submissions (store_t *store, const admin_t *a, reply_t *reply)
{
    const char *v[] = { a->period, a->opd };
    PGresult *r = store_query (store,
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
        unsigned char *id = PQunescapeBytea ((const unsigned char *) store_value (r, row, "submission_uuid"), &len);
        if (id && len == SUBMISSION_ID_LEN)
            memcpy (si->id, id, SUBMISSION_ID_LEN);
        PQfreemem (id);
        snprintf (si->opd, sizeof si->opd, "%s", store_value (r, row, "opd"));
        snprintf (si->submitter, sizeof si->submitter, "%s", store_value (r, row, "submitter"));
        si->kind = strcmp (store_value (r, row, "kind"), "verified") == 0 ? SCORE_KIND_VERIFIED : SCORE_KIND_SELF;
        si->stored_at_us = strtoll (store_value (r, row, "stored_at_us"), NULL, 10);
        int32_t comps[COMPONENT_COUNT], scores[COMPONENT_COUNT];
        for (int c = 0; c < COMPONENT_COUNT; c++)
            comps[c] = scores[c] = RANKING_NO_SCORE;
        ranking_store_parse_array (store_value (r, row, "components"), comps);
        ranking_store_parse_array (store_value (r, row, "scores"), scores);
        for (int c = 0; c < COMPONENT_COUNT && comps[c] != RANKING_NO_SCORE; c++) {
            si->component[c] = (uint32_t) comps[c];
            si->score_centi[c] = scores[c];
            si->score_count++;
        }
    }
    reply->submission_count = reply->submissions ? n : 0;
    snprintf (reply->summary, sizeof reply->summary, _("%zu submissions in %s."), n, a->period);
    PQclear (r);
    return reply->submissions ? 1 : -1;
}

static int
s_standings (store_t *store, const admin_t *a, reply_t *reply)
{
    period_row_t p;
    int found = s_period (store, a->period, false, &p, &reply->problems);
    if (found <= 0)
        return found;
    if (strcmp (p.status, "finalized") == 0) {
        snprintf (reply->summary, sizeof reply->summary,
                  _("Period %s is finalized; these are its final standings."), a->period);
        return s_load (store, a->period, 0, &reply->ranking);
    }
    reply->ranking = ranking_store_compute (store, a->period, p.id, &p.rules);
    if (!reply->ranking)
        return -1;
    snprintf (reply->summary, sizeof reply->summary,
              _("Provisional standings for %s (%s), complete: %zu of %zu OPDs; not final until "
              "the period is finalized."), a->period, human_status (p.status),
              ranking_complete_count (reply->ranking), reply->ranking->count);
    return 1;
}

/*  The actor must be a registered, active OPD: it is recorded with every
    change. What it may do is decided before this, by the key's role alone
    (identity_authorize: an inspectorate key, whatever its OPD's kind, may
    run every operation; PROTOCOL.md §1.1). In insecure plaintext
    development mode there is no key and so no role: the claimed actor
    stands, as a claimed submitter does, and may do everything. A check of
    the OPD's kind there would only pretend to protect what anyone could
    claim; that mode must never carry real scores.  */
static int
s_check_actor (store_t *store, const admin_t *a, problems_t *problems)
{
    const char *v[] = { a->actor };
    PGresult *r = store_query (store, "SELECT 1 FROM opds WHERE code = $1 AND active", 1, v,
                         PGRES_TUPLES_OK);
    if (!r)
        return -1;
    if (PQntuples (r) == 0)
        problems_add (problems, PROBLEM_ADMIN_REFUSED, "actor",
                      _("%s is not a registered, active OPD."), a->actor);
    PQclear (r);
    return 1;
}

/*  ---- retries: one answer per request -------------------------------

    A client resends a request, with the same request_id, when its reply
    was lost. The answer of every change that succeeded is kept in
    admin_requests (sql/007), in the change's own transaction, under the
    key that asked (without keys: the actor) and the request id; a retry
    gets that answer again and changes nothing. Reads and rejections
    changed nothing, so they simply run again. Request id 0 means the
    client chose none: nothing can be matched, so nothing is kept.  */

#define REQUESTS_KEPT "7 days"     /*  far beyond any client's retries  */

static bool
s_remembers (const admin_t *a, const quarter_caller_t *caller)
{
    return caller->request_id != 0 && caller->fingerprint && !admin_reads_only (a);
}

/*  The key a request is filed under: '' without keys.  */
static const char *
s_caller_key (const quarter_caller_t *caller)
{
    const identity_t *id = caller->audit->identity;
    return id && id->authenticated ? id->key : "";
}

/*  The answer to a request this caller made before, into the reply.
    Returns 1 if there was one (or the id was used for another request: a
    problem added), 0 if not, -1 on database failure.  */
static int
s_recall (store_t *store, const admin_t *a, const quarter_caller_t *caller, reply_t *reply)
{
    if (!s_remembers (a, caller))
        return 0;
    char id[24];
    snprintf (id, sizeof id, "%llu", (unsigned long long) caller->request_id);
    const char *v[] = { s_caller_key (caller), a->actor, id, caller->fingerprint };
    /*  Two rapord instances on one database may both get the same retry:
        the second waits here until the first commits, then finds its
        answer (a statement of its own, so that the look-up below sees
        what committed while it waited).  */
    PGresult *r = store_query (store,
        "SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3, 7))",
        3, v, PGRES_TUPLES_OK);
    PQclear (r);
    if (!r)
        return -1;
    r = store_query (store,
        "SELECT fingerprint = sha256(decode($4, 'hex')) AS same, op,"
        "       encode(summary, 'hex') AS summary, coalesce(ranking_seq, 0) AS ranking_seq"
        "  FROM admin_requests WHERE public_key = $1 AND actor = $2 AND request_id = $3",
        4, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int found = PQntuples (r) > 0;
    if (found && strcmp (store_value (r, 0, "same"), "t") != 0)
        problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, "request_id",
                      _("Request id %s was already used for another request (%s); nothing "
                      "was changed. Send every new request with a new id."), id,
                      store_value (r, 0, "op"));
    else
    if (found) {
        const char *hex = store_value (r, 0, "summary");
        size_t len = strlen (hex) / 2;
        if (len >= sizeof reply->summary
        ||  !hex_decode (hex, (uint8_t *) reply->summary, len))
            found = -1;
        else
            reply->summary[len] = '\0';
        uint64_t seq = strtoull (store_value (r, 0, "ranking_seq"), NULL, 10);
        if (found > 0 && seq && s_load (store, a->period, seq, &reply->ranking) <= 0)
            found = -1;
    }
    PQclear (r);
    return found;
}

/*  Keeps the answer of a change, in its transaction, and lets go of
    answers old enough that no client still retries them.  */
static bool
s_remember (store_t *store, const admin_t *a, const quarter_caller_t *caller,
            const reply_t *reply)
{
    PGresult *r = store_query (store, "DELETE FROM admin_requests"
                               " WHERE at < now() - interval '" REQUESTS_KEPT "'",
                               0, NULL, PGRES_COMMAND_OK);
    PQclear (r);
    if (!r)
        return false;
    char id[24], seq[24], summary[2 * sizeof reply->summary + 1];
    snprintf (id, sizeof id, "%llu", (unsigned long long) caller->request_id);
    if (reply->ranking)
        snprintf (seq, sizeof seq, "%llu", (unsigned long long) reply->ranking->seq);
    hex_encode ((const uint8_t *) reply->summary, strnlen (reply->summary, sizeof reply->summary),
                summary);
    const char *v[] = { s_caller_key (caller), a->actor, id, caller->fingerprint,
                        admin_op_name (a->op), summary, reply->ranking ? seq : NULL };
    r = store_query (store,
        "INSERT INTO admin_requests (public_key, actor, request_id, fingerprint, op, summary,"
        "                            ranking_seq)"
        " VALUES ($1, $2, $3, sha256(decode($4, 'hex')), $5, decode($6, 'hex'), $7)",
        7, v, PGRES_COMMAND_OK);
    PQclear (r);
    return r != NULL;
}

/*  Ends the transaction: a change commits with its audit row and its
    remembered answer, or not at all. `again`: the answer was a
    remembered one, audited as a retry.  */
static store_status_t
s_end (store_t *store, const admin_t *a, const quarter_caller_t *caller, reply_t *reply,
       bool *published, int done, bool again, char *reason, size_t reason_size)
{
    if (done > 0 && problems_empty (&reply->problems) && admin_audited (a)) {
        if (again)
            snprintf (caller->audit->reason, sizeof caller->audit->reason, "retry");
        if ((!again && s_remembers (a, caller) && !s_remember (store, a, caller, reply))
        ||  !keyring_audit_in (store, caller->audit))
            done = -1;
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
quarter_admin (store_t *store, const admin_t *a, const quarter_caller_t *caller,
               reply_t *reply, bool *published, char *reason, size_t reason_size)
{
    *published = false;
    if (!store_ensure (store) || !store_command (store, "BEGIN"))
        return store_unavailable (store, reason, reason_size);
    int done = s_recall (store, a, caller, reply);
    if (done != 0)
        return s_end (store, a, caller, reply, published, done, true, reason, reason_size);
    done = s_check_actor (store, a, &reply->problems);
    if (done > 0 && problems_empty (&reply->problems))
        switch (a->op) {
            case ADMIN_PERIOD_FINALIZE:
                done = s_finalize (store, a, reply, published);
                /*  "forced: REASON" only where the force was used: a
                    complete period, or one finalized already, stores no
                    reason (PROTOCOL.md §3.2), and the audit row must not
                    say otherwise.  */
                if (!*published || !reply->ranking || !reply->ranking->force_reason[0])
                    caller->audit->reason[0] = '\0';
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
            case ADMIN_PERIOD_MISSING:
                done = s_missing (store, a, reply);
                break;
            case ADMIN_PERIOD_VERIFY: done = verify_period (store, a, reply); break;
            case ADMIN_SERVER_STATUS: done = inspect_schema (store, reply); break;
            case ADMIN_AUDIT_LIST: done = inspect_audit (store, a, reply); break;
            case ADMIN_OPD_IMPORT: done = opdlist_import (store, a, reply); break;
            case ADMIN_KEY_ADD:
            case ADMIN_KEY_REVOKE:
            case ADMIN_KEY_LIST:
                done = keyring_admin (store, a, reply);
                break;
            case ADMIN_OBJECTION_FILE:
            case ADMIN_OBJECTION_LIST:
            case ADMIN_OBJECTION_ANSWER:
                done = objection_admin (store, a, reply);
                break;
            default:
                done = -1;
                break;
        }
    return s_end (store, a, caller, reply, published, done, false, reason, reason_size);
}

store_status_t
quarter_snapshot (store_t *store, const char *period, uint64_t seq, ranking_t **ranking,
                  problems_t *problems, char *reason, size_t reason_size)
{
    *ranking = NULL;
    if (!store_ensure (store))
        return store_unavailable (store, reason, reason_size);
    int found = s_load (store, period, seq, ranking);
    if (found < 0)
        return store_unavailable (store, reason, reason_size);
    if (found == 0) {
        if (seq)
            problems_add (problems, PROBLEM_NOT_FOUND, "seq",
                          _("No ranking was broadcast with sequence number %llu."),
                          (unsigned long long) seq);
        else
        if (*period)
            problems_add (problems, PROBLEM_NOT_FOUND, "period",
                          _("Period %s has no finalized ranking yet."), period);
        else
            problems_add (problems, PROBLEM_NOT_FOUND, "period",
                          _("No period has been finalized yet."));
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
    PGresult *r = store_query (store, "SELECT coalesce(max(seq), 0) FROM rankings", 0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return STORE_UNAVAILABLE;
    *seq = strtoull (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    return STORE_OK;
}
