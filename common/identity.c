/*  identity.c: role rules. See identity.h.  */
#include "identity.h"
#include "i18n.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

static const char *s_roles[] = { "none", "opd", "assessor", "inspectorate", "dashboard" };

role_t
role_parse (const char *text)
{
    for (int i = ROLE_OPD; i <= ROLE_DASHBOARD; i++)
        if (strcmp (text, s_roles[i]) == 0)
            return (role_t) i;
    return ROLE_NONE;
}

const char *
role_name (role_t role)
{
    return role <= ROLE_DASHBOARD ? s_roles[role] : "none";
}

/*  A claimed OPD code (possibly empty) against the key's.  */
static bool
s_claim_matches (const char *claim, size_t len, const char *opd)
{
    return len == 0 || (len == strlen (opd) && memcmp (claim, opd, len) == 0);
}

static bool
s_refuse (problems_t *problems, const identity_t *id, const char *what)
{
    problems_add (problems, PROBLEM_NOT_PERMITTED, "key",
                  _("This key (%s, role %s) may not %s."), id->opd, role_name (id->role), _(what));
    return false;
}

static bool
s_submit (const identity_t *id, submission_t *s, problems_t *problems)
{
    if (id->role != ROLE_OPD && id->role != ROLE_ASSESSOR)
        return s_refuse (problems, id, "submit scores");
    if (!s_claim_matches (s->submitter, s->submitter_len, id->opd)) {
        problems_add (problems, PROBLEM_SUBMITTER_MISMATCH, "submitter",
                      _("The submission says it comes from %.16s, but this key belongs to %s."),
                      s->submitter, id->opd);
        return false;
    }
    if (id->role == ROLE_OPD && s->kind != SCORE_KIND_SELF)
        return s_refuse (problems, id, "send verified scores; that needs the assessor's key");
    if (id->role == ROLE_ASSESSOR && s->kind != SCORE_KIND_VERIFIED)
        return s_refuse (problems, id, "send a self-assessment; that needs the OPD's own key");
    if (id->role == ROLE_OPD && !s_claim_matches (s->opd, s->opd_len, id->opd)) {
        problems_add (problems, PROBLEM_NOT_OWN_OPD, "opd",
                      _("This key belongs to %s; it may self-assess only %s, not %.16s."),
                      id->opd, id->opd, s->opd);
        return false;
    }
    submission_set_submitter (s, id->opd, strlen (id->opd));
    return true;
}

/*  The admin operations that keys other than the inspectorate's may
    make: an OPD lists its own submissions (and so the verified scores it
    received, and no other OPD's) and files and lists its own objections;
    an assessor lists and answers the objections about what it assesses
    (objection.c checks the designation, which needs the database). The
    key's role is written into admin->role for the objection operations,
    so the server checks what the key proves, not what the request says.
    Returns 1 allowed, 0 refused (problem added), -1 for any other op.  */
static int
s_admin_opd_side (const identity_t *id, admin_t *a, problems_t *problems)
{
    bool objection = a->op == ADMIN_OBJECTION_FILE || a->op == ADMIN_OBJECTION_LIST
                  || a->op == ADMIN_OBJECTION_ANSWER;
    bool opd = id->role == ROLE_OPD, assessor = id->role == ROLE_ASSESSOR;
    if (!objection && !(a->op == ADMIN_LIST_SUBMISSIONS && opd))
        return -1;
    if (a->op == ADMIN_OBJECTION_FILE && !opd)
        return s_refuse (problems, id, "file objections; that needs the OPD's own key");
    if (a->op == ADMIN_OBJECTION_ANSWER && !assessor && id->role != ROLE_INSPECTORATE)
        return s_refuse (problems, id, "answer objections; that needs the assessor's or the "
                                       "inspectorate's key");
    if (a->op == ADMIN_OBJECTION_LIST && !opd && !assessor && id->role != ROLE_INSPECTORATE)
        return s_refuse (problems, id, "list objections");
    if (opd && (!a->opd_len || !s_claim_matches (a->opd, a->opd_len, id->opd))) {
        problems_add (problems, PROBLEM_NOT_OWN_OPD, "opd",
                      _("This key belongs to %s; it may see and object to only %s's scores, "
                      "so name %s as the OPD."), id->opd, id->opd, id->opd);
        return 0;
    }
    if (!s_claim_matches (a->actor, a->actor_len, id->opd)) {
        problems_add (problems, PROBLEM_SUBMITTER_MISMATCH, "actor",
                      _("The request says %.16s acts, but this key belongs to %s."),
                      a->actor, id->opd);
        return 0;
    }
    text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, id->opd, strlen (id->opd));
    if (objection)
        text_copy (a->role, ADMIN_ROLE_MAX, &a->role_len, role_name (id->role),
                   strlen (role_name (id->role)));
    return 1;
}

void
identity_default_opd (const identity_t *id, request_t *request)
{
    if (!id->authenticated || id->role != ROLE_OPD)
        return;
    size_t len = strlen (id->opd);
    if (request->kind == REQUEST_SUBMIT && request->submit.opd_len == 0)
        text_copy (request->submit.opd, OPD_CODE_MAX, &request->submit.opd_len, id->opd, len);
    if (request->kind == REQUEST_ADMIN && request->admin.opd_len == 0
    &&  (request->admin.op == ADMIN_LIST_SUBMISSIONS || request->admin.op == ADMIN_OBJECTION_FILE))
        text_copy (request->admin.opd, OPD_CODE_MAX, &request->admin.opd_len, id->opd, len);
}

bool
identity_authorize (const identity_t *id, request_t *request, problems_t *problems)
{
    if (!id->authenticated)
        return true;
    switch (request->kind) {
        case REQUEST_PING:
        case REQUEST_SNAPSHOT:
        case REQUEST_NONE:
            return true;
        case REQUEST_SUBMIT:
            return s_submit (id, &request->submit, problems);
        case REQUEST_ADMIN: {
            admin_t *a = &request->admin;
            int opd_side = s_admin_opd_side (id, a, problems);
            if (opd_side >= 0)
                return opd_side == 1;
            if (id->role != ROLE_INSPECTORATE)
                return s_refuse (problems, id, "run admin operations");
            if (!s_claim_matches (a->actor, a->actor_len, id->opd)) {
                problems_add (problems, PROBLEM_SUBMITTER_MISMATCH, "actor",
                              _("The request says %.16s acts, but this key belongs to %s."),
                              a->actor, id->opd);
                return false;
            }
            text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, id->opd, strlen (id->opd));
            return true;
        }
    }
    return false;
}
