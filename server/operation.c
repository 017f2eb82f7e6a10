/*  operation.c: admin requests, audited in the change's transaction.  */
#include "operation.h"
#include "clock.h"
#include "hex.h"
#include "keyring.h"
#include "log.h"
#include "quarter.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  Runs a validated, authorized admin request. Its audit row, as
    accepted, goes in with the change (quarter_admin writes it before the
    COMMIT), and so does what a retry of the request must get: the request
    is filed by its id and a fingerprint, the hex of its bytes as this
    codec writes them, so the same id with another request is told apart.  */
/*  "admin rows=67 assesses=pengawasan:INSPEKTORAT,..." for the audit
    row of an OPD_IMPORT (cut at the detail's size).  */
static void
s_import_detail (const admin_t *a, char *detail, size_t size)
{
    size_t len = (size_t) snprintf (detail, size, "admin rows=%zu assesses=", a->import_count);
    const char *sep = "";
    for (size_t i = 0; i < a->import_count && len < size; i++) {
        const admin_opd_t *row = &a->imports[i];
        char code[OPD_CODE_MAX + 1];
        call_label (code, sizeof code, row->code, row->code_len);
        for (size_t k = 0; k < row->assess_count && len < size; k++) {
            const char *component = component_code (row->assesses[k]);
            len += (size_t) snprintf (detail + len, size - len, "%s%s:%s", sep,
                                      component ? component : "?", code);
            sep = ",";
        }
    }
    if (!*sep && len < size)
        snprintf (detail + len, size - len, "none");
}

static store_status_t
s_run (store_t *store, call_t *call, const char *opd, const char *period, bool *published)
{
    admin_t *a = &call->request.admin;
    reply_t *reply = &call->reply;
    call_audit_fill (call, admin_op_name (a->op), STORE_OK, &reply->problems, false, "admin",
                     opd, period, "");
    /*  Who read the audit log, and what they asked for.  */
    if (a->op == ADMIN_AUDIT_LIST) {
        char action[ADMIN_ACTION_MAX + 1];
        call_label (action, sizeof action, a->action,
                    a->action_len < ADMIN_ACTION_MAX ? a->action_len : ADMIN_ACTION_MAX);
        snprintf (call->audit.detail, sizeof call->audit.detail,
                  "admin opd=%s since_us=%lld action=%s limit=%u", opd, (long long) a->since_us,
                  action, a->limit);
    }
    /*  An import's designations: who assesses what from now on.  */
    if (a->op == ADMIN_OPD_IMPORT)
        s_import_detail (a, call->audit.detail, sizeof call->audit.detail);
    /*  A forced finalization's reason belongs in the audit log too.  */
    if (a->op == ADMIN_PERIOD_FINALIZE && a->force)
        snprintf (call->audit.reason, sizeof call->audit.reason, "forced: %.*s",
                  (int) a->reason_len, a->reason);
    size_t size = 0;
    uint8_t *bytes = codec_request_encode (&call->request, &size);
    char *fingerprint = bytes ? malloc (2 * size + 1) : NULL;
    if (!fingerprint) {
        free (bytes);
        snprintf (reply->reason, sizeof reply->reason, "out of memory");
        return STORE_UNAVAILABLE;
    }
    hex_encode (bytes, size, fingerprint);
    free (bytes);
    quarter_caller_t caller = { &call->audit, call->request.request_id, fingerprint };
    store_status_t status = quarter_admin (store, a, &caller, reply, published,
                                           reply->reason, sizeof reply->reason);
    free (fingerprint);
    return status;
}

/*  What a hall screen's period status shows (PeriodStatus) may change.  */
static bool
s_changes_a_period (const admin_t *a)
{
    switch (a->op) {
        case ADMIN_PERIOD_FINALIZE: return !a->preview;
        case ADMIN_PERIOD_OPEN:
        case ADMIN_PERIOD_CLOSE:
        case ADMIN_PERIOD_REOPEN:
        case ADMIN_OBJECTION_FILE:
        case ADMIN_OBJECTION_ANSWER:
        case ADMIN_OPD_ADD:
        case ADMIN_OPD_IMPORT:
        case ADMIN_OPD_DEACTIVATE:
            return true;
        default:
            return false;
    }
}

/*  SERVER_STATUS: the numbers rapord keeps in memory, after inspect_schema
    (quarter.c) read the schema version in the request's transaction.  */
static void
s_status (const operation_env_t *env, reply_t *reply)
{
    server_status_t *st = &reply->server_status;
    reply->has_server_status = true;
    snprintf (st->server_version, sizeof st->server_version, "rapord %s", RAPOR_VERSION);
    st->protocol_version = PROTOCOL_VERSION;
    int64_t up = clock_now_us () - env->started_us;
    st->uptime_s = up > 0 ? (uint64_t) (up / 1000000) : 0;
    st->connections_known = env->census != NULL;
    st->connections = env->census ? curve_census_open (env->census) : 0;
    batch_last_commit (env->batch, &st->last_commit_at_us, &st->last_commit_submissions);
    st->last_seq = broadcast_last_seq (env->broadcaster);
}

void
operation_handle (const operation_env_t *env, call_t *call)
{
    store_t *store = env->store;
    broadcaster_t *broadcaster = env->broadcaster;
    admin_t *a = &call->request.admin;
    /*  With a key, the key says who acts; the field may be left out.  */
    if (call->identity.authenticated && a->actor_len == 0)
        text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, call->identity.opd,
                   strlen (call->identity.opd));
    reply_t *reply = &call->reply;
    char actor[24], period[24], opd[24];
    call_label (actor, sizeof actor, a->actor,
                a->actor_len < OPD_CODE_MAX ? a->actor_len : OPD_CODE_MAX);
    call_label (period, sizeof period, a->period,
                a->period_len < PERIOD_FIELD_MAX ? a->period_len : PERIOD_FIELD_MAX);
    call_label (opd, sizeof opd, a->opd, a->opd_len < OPD_CODE_MAX ? a->opd_len : OPD_CODE_MAX);
    bool published = false;
    store_status_t status = STORE_REJECTED;
    bool valid = admin_validate (a, &reply->problems);
    if (valid && !call_authorize (call, store, admin_op_name (a->op)))
        return;
    if (valid)
        status = s_run (store, call, opd, period, &published);
    long long us = (long long) (clock_now_us () - call->started);
    /*  A change that went through was audited in the change's transaction.  */
    if (admin_audited (a) && status != STORE_OK)
        call_audit (call, store, admin_op_name (a->op), status, "admin", opd, period, "");
    if (status == STORE_OK) {
        reply->kind = REPLY_ADMIN_RESULT;
        if (a->op == ADMIN_SERVER_STATUS)
            s_status (env, reply);
        log_info ("request peer=%s id=%llu op=admin action=%s actor=%s period=%s opd=%s "
                  "outcome=ok us=%lld", call->peer, (unsigned long long) call->request.request_id,
                  admin_op_name (a->op), actor, period, opd, us);
        /*  A finalization's ranking goes out once, when it commits. If
            this rapord never sent it (the COMMIT's answer was lost, so the
            client retried; or another instance finalized the period), the
            next finalize request that meets it sends it, so no dashboard
            of this rapord misses it and heartbeats name its seq.  */
        bool unsent = a->op == ADMIN_PERIOD_FINALIZE && reply->ranking
                   && !reply->ranking->preview
                   && reply->ranking->seq > broadcast_last_seq (broadcaster);
        if (published || unsent)
            broadcast_ranking (broadcaster, reply->ranking);
        if (s_changes_a_period (a))
            broadcast_period_changed (broadcaster);
        if (a->op == ADMIN_KEY_ADD || a->op == ADMIN_KEY_REVOKE) {
            keyring_forget ();
            gate_forget (env->gate);     /*  a key just added must not stay refused from memory  */
        }
    }
    else {
        char context[160];
        snprintf (context, sizeof context, "op=admin action=%s actor=%s period=%s opd=%s",
                  admin_op_name (a->op), actor, period, opd);
        call_conclude (call, status, context);
    }
}
