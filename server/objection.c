/*  objection.c: see objection.h. Parameterised SQL only; sql/009 holds
    the rules the database itself keeps (filed while closed, answered
    once, frozen once finalized), so a bug here cannot break them.  */
#include "objection.h"
#include "human.h"
#include "i18n.h"
#include "log.h"
#include "score.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  The columns of an objection_t, for SELECT and RETURNING alike.  */
#define S_COLUMNS \
    " ob.id, ob.opd_code, ob.component_id, ob.disputed_centi, ob.reason, ob.filed_by," \
    " (extract(epoch FROM ob.filed_at) * 1000000)::bigint AS filed_at_us, ob.status," \
    " coalesce(ob.answer, '') AS answer, coalesce(ob.corrected_centi, -1) AS corrected_centi," \
    " coalesce(ob.answered_by, '') AS answered_by," \
    " coalesce((extract(epoch FROM ob.answered_at) * 1000000)::bigint, 0) AS answered_at_us "

/*  At most this many in one reply: far more than a quarter ever has.  */
#define S_LIST_MAX 20000

static void
s_fill (PGresult *r, int row, objection_t *o)
{
    memset (o, 0, sizeof *o);
    o->id = strtoull (store_value (r, row, "id"), NULL, 10);
    snprintf (o->opd, sizeof o->opd, "%s", store_value (r, row, "opd_code"));
    o->component = (uint32_t) atoi (store_value (r, row, "component_id"));
    o->disputed_centi = atoi (store_value (r, row, "disputed_centi"));
    snprintf (o->reason, sizeof o->reason, "%s", store_value (r, row, "reason"));
    snprintf (o->filed_by, sizeof o->filed_by, "%s", store_value (r, row, "filed_by"));
    o->filed_at_us = strtoll (store_value (r, row, "filed_at_us"), NULL, 10);
    snprintf (o->status, sizeof o->status, "%s", store_value (r, row, "status"));
    snprintf (o->answer, sizeof o->answer, "%s", store_value (r, row, "answer"));
    o->corrected_centi = atoi (store_value (r, row, "corrected_centi"));
    snprintf (o->answered_by, sizeof o->answered_by, "%s", store_value (r, row, "answered_by"));
    o->answered_at_us = strtoll (store_value (r, row, "answered_at_us"), NULL, 10);
}

/*  Every row of r as a new array; NULL only if out of memory.  */
static objection_t *
s_rows (PGresult *r, size_t *count)
{
    size_t n = (size_t) PQntuples (r);
    objection_t *list = calloc (n + 1, sizeof *list);
    for (size_t i = 0; list && i < n; i++)
        s_fill (r, (int) i, &list[i]);
    *count = list ? n : 0;
    return list;
}

/*  The reply's objections: the rows of r. -1 if out of memory.  */
static int
s_reply_rows (PGresult *r, reply_t *reply)
{
    free (reply->objections);
    reply->objections = s_rows (r, &reply->objection_count);
    return reply->objections ? 1 : -1;
}

/*  "62.50", or "no score" for OBJECTION_NO_SCORE.  */
static const char *
s_score (int32_t centi, char *buf, size_t size)
{
    if (centi < 0)
        snprintf (buf, size, "%s", _("no score"));
    else
        human_centi (centi, buf, size);
    return buf;
}

/*  The key's role as identity_authorize bound it; "" without keys.  */
static bool
s_role_is (const admin_t *a, const char *role)
{
    return strcmp (a->role, role) == 0;
}

static bool
s_keyless (const admin_t *a)
{
    return a->role_len == 0;
}

/*  The period, locked against a concurrent finalization (lock) or not.
    Returns 1 found, 0 not found (problem added), -1 on failure.  */
static int
s_period (store_t *store, const admin_t *a, bool lock, char *id, char *status,
          problems_t *problems)
{
    const char *v[] = { a->period };
    PGresult *r = store_query (store, lock
        ? "SELECT id, status FROM periods WHERE code = $1 FOR UPDATE"
        : "SELECT id, status FROM periods WHERE code = $1", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int found = PQntuples (r) > 0;
    if (found) {
        snprintf (id, 24, "%s", store_value (r, 0, "id"));
        snprintf (status, 16, "%s", store_value (r, 0, "status"));
    }
    else
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      _("Period %s does not exist."), a->period);
    PQclear (r);
    return found;
}

/*  The designated assessor of a component in a period, "" if none.
    1, or -1 on failure.  */
static int
s_assessor (store_t *store, const char *period_id, uint32_t component, char *code)
{
    char c[12];
    snprintf (c, sizeof c, "%u", component);
    const char *v[] = { period_id, c };
    PGresult *r = store_query (store,
        "SELECT o.code FROM period_assessors pa JOIN opds o ON o.id = pa.opd_id"
        " WHERE pa.period_id = $1 AND pa.component_id = $2", 2, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    snprintf (code, OPD_CODE_MAX + 1, "%s", PQntuples (r) ? PQgetvalue (r, 0, 0) : "");
    PQclear (r);
    return 1;
}

/*  How many objections of the period are open, of one OPD if opd is not "".  */
static int
s_open_count (store_t *store, const char *period_id, const char *opd, uint32_t *count)
{
    const char *v[] = { period_id, opd };
    PGresult *r = store_query (store,
        "SELECT count(*) FROM objections"
        " WHERE period_id = $1 AND status = 'open' AND ($2 = '' OR opd_code = $2)",
        2, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    *count = (uint32_t) strtoul (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    return 1;
}

/*  ---- filing ----------------------------------------------------------  */

static int
s_file (store_t *store, const admin_t *a, reply_t *reply)
{
    problems_t *problems = &reply->problems;
    char period_id[24], status[16];
    int found = s_period (store, a, true, period_id, status, problems);
    if (found <= 0)
        return found;
    if (!s_keyless (a) && !s_role_is (a, "opd")) {
        problems_add (problems, PROBLEM_NOT_PERMITTED, "key",
                      _("Only an OPD's own key files an objection about its scores."));
        return 1;
    }
    if (strcmp (status, "finalized") == 0) {
        problems_add (problems, PROBLEM_PERIOD_FINALIZED, "period",
                      _("Period %s is finalized; its scores can no longer be objected to."),
                      a->period);
        return 1;
    }
    if (strcmp (status, "closed") != 0) {
        problems_add (problems, PROBLEM_ADMIN_REFUSED, "period",
                      _("Period %s is still open: objections are filed after it is closed and "
                      "before it is finalized."), a->period);
        return 1;
    }
    const char *ov[] = { a->opd };
    PGresult *r = store_query (store, "SELECT id FROM opds WHERE code = $1 AND active", 1, ov,
                               PGRES_TUPLES_OK);
    if (!r)
        return -1;
    char opd_id[24] = "";
    if (PQntuples (r))
        snprintf (opd_id, sizeof opd_id, "%s", PQgetvalue (r, 0, 0));
    PQclear (r);
    if (!*opd_id) {
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd",
                      _("OPD %s is not registered or not active."), a->opd);
        return 1;
    }
    char component[12];
    snprintf (component, sizeof component, "%u", a->component);
    const char *key[] = { period_id, opd_id, component };
    r = store_query (store, "SELECT id FROM objections WHERE period_id = $1 AND opd_id = $2"
                            " AND component_id = $3 AND status = 'open'", 3, key, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    if (PQntuples (r))
        problems_add (problems, PROBLEM_OBJECTION_INVALID, "component",
                      _("Objection %s about %s's %s score is still open; it must be answered "
                      "before another about the same score is filed."), PQgetvalue (r, 0, 0),
                      a->opd, component_code (a->component));
    PQclear (r);
    if (!problems_empty (problems))
        return 1;
    /*  The verified score that counts now: the latest one.  */
    r = store_query (store,
        "SELECT sc.score_centi FROM scores sc JOIN submissions s ON s.id = sc.submission_id"
        " WHERE s.period_id = $1 AND s.opd_id = $2 AND s.kind = 'verified'"
        "   AND sc.component_id = $3 ORDER BY s.id DESC LIMIT 1", 3, key, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    char disputed[16] = "-1";
    if (PQntuples (r))
        snprintf (disputed, sizeof disputed, "%s", PQgetvalue (r, 0, 0));
    PQclear (r);
    const char *iv[] = { period_id, opd_id, a->opd, component, disputed, a->reason, a->actor };
    r = store_query (store,
        "INSERT INTO objections AS ob (period_id, opd_id, opd_code, component_id,"
        "                              disputed_centi, reason, filed_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING" S_COLUMNS, 7, iv, PGRES_TUPLES_OK);
    if (!r || s_reply_rows (r, reply) < 0) {
        PQclear (r);
        return -1;
    }
    PQclear (r);
    char assessor[OPD_CODE_MAX + 1], shown[HUMAN_MAX];
    if (s_assessor (store, period_id, a->component, assessor) < 0
    ||  s_open_count (store, period_id, a->opd, &reply->open_objections) < 0)
        return -1;
    const objection_t *o = &reply->objections[0];
    snprintf (reply->summary, sizeof reply->summary,
              _("Objection %llu filed: %s disputes its %s score (%s) in %s. %s%s will answer "
              "it before the period is finalized."), (unsigned long long) o->id, a->opd,
              component_code (a->component), s_score (o->disputed_centi, shown, sizeof shown),
              a->period, *assessor ? assessor : _("the inspectorate"),
              *assessor ? _(" (the assessor) or the inspectorate") : "");
    log_info ("objection filed id=%llu period=%s opd=%s component=%s disputed=%s",
              (unsigned long long) o->id, a->period, a->opd, component_code (a->component),
              disputed);
    return 1;
}

/*  ---- listing ---------------------------------------------------------  */

static int
s_list (store_t *store, const admin_t *a, reply_t *reply)
{
    char period_id[24], status[16];
    int found = s_period (store, a, false, period_id, status, &reply->problems);
    if (found <= 0)
        return found;
    /*  An OPD key sees its own (identity.c makes it name itself); an
        assessor key those of the components it assesses in this period.  */
    const char *assessor = s_role_is (a, "assessor") ? a->actor : "";
    char limit[12];
    snprintf (limit, sizeof limit, "%d", S_LIST_MAX);
    const char *v[] = { period_id, a->opd, assessor, limit };
    PGresult *r = store_query (store,
        "SELECT" S_COLUMNS "FROM objections ob"
        " WHERE ob.period_id = $1 AND ($2 = '' OR ob.opd_code = $2)"
        "   AND ($3 = '' OR ob.component_id IN ("
        "        SELECT pa.component_id FROM period_assessors pa JOIN opds o ON o.id = pa.opd_id"
        "         WHERE pa.period_id = $1 AND o.code = $3))"
        " ORDER BY ob.id LIMIT $4", 4, v, PGRES_TUPLES_OK);
    if (!r || s_reply_rows (r, reply) < 0) {
        PQclear (r);
        return -1;
    }
    PQclear (r);
    reply->open_objections = 0;
    for (size_t i = 0; i < reply->objection_count; i++)
        if (strcmp (reply->objections[i].status, "open") == 0)
            reply->open_objections++;
    snprintf (reply->summary, sizeof reply->summary,
              _("%zu objection%s in %s (%s)%s%s%s: %u open."), reply->objection_count,
              reply->objection_count == 1 ? "" : "s", a->period, human_status (status),
              a->opd_len ? _(" by ") : "", a->opd,
              *assessor ? _(", of the components you assess") : "",
              reply->open_objections);
    return 1;
}

/*  ---- answering -------------------------------------------------------  */

/*  The corrected score, as a new verified submission about the OPD from
    the answering OPD. Not through the intake: its "period must be open"
    rule is the submitters', and the period stays closed here. The
    database still refuses it if the period were finalized (sql/005).
    Writes the new submission's id into sub_id. 1, 0 (problem), or -1.  */
static int
s_correct (store_t *store, const admin_t *a, const objection_t *o, const char *period_id,
           char *sub_id, problems_t *problems)
{
    char score[16], component[12], id[24], content[200];
    snprintf (score, sizeof score, "%d", a->score_centi);
    snprintf (component, sizeof component, "%u", o->component);
    snprintf (id, sizeof id, "%llu", (unsigned long long) o->id);
    /*  What the submission holds, for content_sha256 (a retry of an intake
        submission is compared by it; nothing retries this one).  */
    snprintf (content, sizeof content, "objection %s accepted: period %s opd %s %s=%s by %s",
              id, a->period, o->opd, component_code (o->component), score, a->actor);
    /*  About the OPD the objection names by id (its code could change).  */
    const char *v[] = { period_id, id, content, a->actor };
    PGresult *r = store_query (store,
        "INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "                         request_id, kind, submitter_opd_id)"
        " SELECT uuid_send(gen_random_uuid()), $1, ob.opd_id, sha256(convert_to($3, 'UTF8')),"
        "        0, 'verified', s.id"
        "   FROM objections ob, opds s WHERE ob.id = $2 AND s.code = $4 AND s.active"
        " RETURNING id", 4, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    int stored = PQntuples (r) == 1;
    if (stored)
        snprintf (sub_id, 24, "%s", PQgetvalue (r, 0, 0));
    else
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "actor",
                      _("%s is not a registered, active OPD; nothing was stored."), a->actor);
    PQclear (r);
    if (!stored)
        return 0;
    char evidence[OBJECTION_REASON_MAX_BYTES + 100];
    snprintf (evidence, sizeof evidence, "Objection %s accepted by %s%s%s", id, a->actor,
              a->reason_len ? ": " : "", a->reason);
    const char *sv[] = { sub_id, component, score, evidence };
    r = store_query (store, "INSERT INTO scores (submission_id, component_id, score_centi, evidence)"
                            " VALUES ($1, $2, $3, $4)", 4, sv, PGRES_COMMAND_OK);
    PQclear (r);
    return r ? 1 : -1;
}

/*  May this key answer an objection about `component`? Problem if not.  */
static int
s_may_answer (store_t *store, const admin_t *a, const char *period_id, const objection_t *o,
              problems_t *problems)
{
    if (s_keyless (a) || s_role_is (a, "inspectorate"))
        return 1;
    char assessor[OPD_CODE_MAX + 1];
    if (s_assessor (store, period_id, o->component, assessor) < 0)
        return -1;
    if (s_role_is (a, "assessor") && strcmp (assessor, a->actor) == 0)
        return 1;
    if (s_role_is (a, "assessor"))
        problems_add (problems, PROBLEM_NOT_PERMITTED, "objection_id",
                      _("Objection %llu is about %s, which %s assesses in %s, not %s; only that "
                      "assessor or the inspectorate may answer it."), (unsigned long long) o->id,
                      component_code (o->component), *assessor ? assessor : _("nobody"), a->period,
                      a->actor);
    else
        problems_add (problems, PROBLEM_NOT_PERMITTED, "key",
                      _("Only the component's assessor or the inspectorate answers objections."));
    return 1;
}

static int
s_answer (store_t *store, const admin_t *a, reply_t *reply)
{
    problems_t *problems = &reply->problems;
    char period_id[24], status[16];
    int found = s_period (store, a, true, period_id, status, problems);
    if (found <= 0)
        return found;
    if (strcmp (status, "finalized") == 0) {
        problems_add (problems, PROBLEM_PERIOD_FINALIZED, "period",
                      _("Period %s is finalized; its objections can no longer change."), a->period);
        return 1;
    }
    char id[24];
    snprintf (id, sizeof id, "%llu", (unsigned long long) a->objection_id);
    const char *v[] = { id, period_id };
    PGresult *r = store_query (store, "SELECT" S_COLUMNS "FROM objections ob"
                               " WHERE ob.id = $1 AND ob.period_id = $2 FOR UPDATE",
                               2, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    objection_t o;
    found = PQntuples (r) > 0;
    if (found)
        s_fill (r, 0, &o);
    PQclear (r);
    if (!found) {
        problems_add (problems, PROBLEM_NOT_FOUND, "objection_id",
                      _("Period %s has no objection %s; 'rapor-admin objections %s' lists them."),
                      a->period, id, a->period);
        return 1;
    }
    if (strcmp (o.status, "open") != 0) {
        problems_add (problems, PROBLEM_OBJECTION_INVALID, "objection_id",
                      _("Objection %s was already %s by %s; an answer is final. The OPD may "
                      "file a new objection."), id, human_objection_status (o.status),
                      o.answered_by);
        return 1;
    }
    int allowed = s_may_answer (store, a, period_id, &o, problems);
    if (allowed <= 0 || !problems_empty (problems))
        return allowed;
    char sub_id[24] = "", corrected[16] = "";
    if (a->accept) {
        int stored = s_correct (store, a, &o, period_id, sub_id, problems);
        if (stored <= 0)
            return stored < 0 ? -1 : 1;
        snprintf (corrected, sizeof corrected, "%d", a->score_centi);
    }
    const char *role = s_keyless (a) ? NULL : a->role;
    const char *uv[] = { id, a->accept ? "accepted" : "rejected", a->reason_len ? a->reason : NULL,
                         a->accept ? corrected : NULL, a->accept ? sub_id : NULL, a->actor,
                         role };
    r = store_query (store,
        "UPDATE objections AS ob SET status = $2, answer = $3, corrected_centi = $4,"
        "       correction_submission_id = $5, answered_by = $6, answered_role = $7,"
        "       answered_at = clock_timestamp()"
        " WHERE ob.id = $1 RETURNING" S_COLUMNS, 7, uv, PGRES_TUPLES_OK);
    if (!r || s_reply_rows (r, reply) < 0) {
        PQclear (r);
        return -1;
    }
    PQclear (r);
    if (s_open_count (store, period_id, "", &reply->open_objections) < 0)
        return -1;
    char was[HUMAN_MAX], now[HUMAN_MAX];
    s_score (o.disputed_centi, was, sizeof was);
    if (a->accept)
        snprintf (reply->summary, sizeof reply->summary,
                  _("Objection %s accepted: %s's %s score is now %s (was %s), a verified score "
                  "from %s. %u objection%s of %s still open."), id, o.opd,
                  component_code (o.component), s_score (a->score_centi, now, sizeof now), was,
                  a->actor, reply->open_objections, reply->open_objections == 1 ? "" : "s",
                  a->period);
    else
        snprintf (reply->summary, sizeof reply->summary,
                  _("Objection %s rejected: %s's %s score stays %s. %u objection%s of %s still "
                  "open."), id, o.opd, component_code (o.component), was, reply->open_objections,
                  reply->open_objections == 1 ? "" : "s", a->period);
    log_info ("objection answered id=%s period=%s opd=%s component=%s outcome=%s by=%s%s%s", id,
              a->period, o.opd, component_code (o.component), a->accept ? "accepted" : "rejected",
              a->actor, a->accept ? " corrected=" : "", corrected);
    return 1;
}

/*  ---- the module's face -----------------------------------------------  */

int
objection_admin (store_t *store, const admin_t *a, reply_t *reply)
{
    switch (a->op) {
        case ADMIN_OBJECTION_FILE:
            return s_file (store, a, reply);
        case ADMIN_OBJECTION_LIST:
            return s_list (store, a, reply);
        case ADMIN_OBJECTION_ANSWER:
            return s_answer (store, a, reply);
        default:
            return -1;
    }
}

int
objection_open_count (store_t *store, const char *period_id, uint32_t *count)
{
    return s_open_count (store, period_id, "", count);
}

int
objection_load (store_t *store, const char *period_id, ranking_t *ranking)
{
    const char *v[] = { period_id };
    PGresult *r = store_query (store, "SELECT" S_COLUMNS "FROM objections ob"
                               " WHERE ob.period_id = $1 ORDER BY ob.id", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    size_t count = 0;
    objection_t *list = s_rows (r, &count);
    PQclear (r);
    if (!list)
        return -1;
    free (ranking->objections);
    ranking->objections = list;
    ranking->objection_count = count;
    return 1;
}
