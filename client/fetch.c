/*  fetch.c: see fetch.h.  */
#include "fetch.h"
#include "i18n.h"
#include "digest.h"
#include "submit.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

int
fetch_ranking (const call_options_t *call, const char *period, bool missing_ok, ranking_t **out)
{
    *out = NULL;
    request_t *request = calloc (1, sizeof *request);
    reply_t *reply = calloc (1, sizeof *reply);
    int code = EXIT_UNREACHABLE;
    if (!request || !reply) {
        fprintf (stderr, _("rapor-card: out of memory\n"));
        goto out;
    }
    request->kind = REQUEST_SNAPSHOT;
    text_copy (request->snapshot_period, PERIOD_FIELD_MAX, &request->snapshot_period_len,
               period, strlen (period));
    call_status_t status = call_request (call, request, reply);
    if (status != CALL_OK) {
        call_explain (status, call, reply, stderr);
        code = submit_exit_code (status);
        goto out;
    }
    if (reply->kind == REPLY_REJECTION && problems_has (&reply->problems, PROBLEM_NOT_FOUND)) {
        code = missing_ok ? 0 : EXIT_REJECTED;
        if (!missing_ok)
            fprintf (stderr, _("rapor-card: %s is not finalized: there is no announced ranking "
                     "to print yet. Cards are printed only after 'rapor-admin finalize %s'.\n"),
                     period, period);
        goto out;
    }
    if (reply->kind != REPLY_RANKING || !reply->ranking) {
        fprintf (stderr, _("rapor-card: the server refused the ranking of %s:\n"), period);
        submit_print_problems (&reply->problems, stderr);
        code = EXIT_REJECTED;
        goto out;
    }
    ranking_t *r = reply->ranking;
    if (strcmp (r->period, period) != 0) {
        fprintf (stderr, _("rapor-card: asked for %s, the server sent %s; nothing printed\n"),
                 period, r->period);
        code = EXIT_REJECTED;
        goto out;
    }
    /*  A card is handed over as the record: one whose numbers are not the
        ones finalized must not be printed at all.  */
    if (!r->digest[0] || !digest_matches (r)) {
        char hex[RANKING_DIGEST_HEX + 1] = "";
        digest_compute (r, hex);
        fprintf (stderr, _("rapor-card: the ranking of %s does NOT match its digest (it carries "
                 "'%s', its contents give %s): it is not the ranking that was finalized. "
                 "Nothing was printed. Ask the inspectorate to run: rapor-admin verify %s\n"),
                 period, r->digest, hex, period);
        code = EXIT_REJECTED;
        goto out;
    }
    *out = r;
    reply->ranking = NULL;      /*  the caller's now  */
    code = 0;
out:
    if (reply)
        codec_reply_clear (reply);
    free (reply);
    free (request);
    return code;
}

int
fetch_may_print (const call_options_t *call, const char *period, const char *opd,
                 bool *allowed)
{
    *allowed = false;
    if (!call->curve || !call->curve->on) {
        *allowed = true;        /*  development mode: no key, no role  */
        return 0;
    }
    request_t *request = calloc (1, sizeof *request);
    reply_t *reply = calloc (1, sizeof *reply);
    int code = EXIT_UNREACHABLE;
    if (!request || !reply) {
        fprintf (stderr, _("rapor-card: out of memory\n"));
        goto out;
    }
    request->kind = REQUEST_ADMIN;
    admin_init (&request->admin, ADMIN_OBJECTION_LIST);
    text_copy (request->admin.period, PERIOD_FIELD_MAX, &request->admin.period_len, period,
               strlen (period));
    text_copy (request->admin.opd, OPD_CODE_MAX, &request->admin.opd_len, opd, strlen (opd));
    call_status_t status = call_request (call, request, reply);
    if (status != CALL_OK) {
        call_explain (status, call, reply, stderr);
        code = submit_exit_code (status);
        goto out;
    }
    code = 0;
    if (reply->kind == REPLY_ADMIN_RESULT
    ||  (reply->kind == REPLY_REJECTION && problems_has (&reply->problems, PROBLEM_NOT_PERMITTED)))
        *allowed = true;        /*  not an OPD's own key  */
    else
    if (reply->kind == REPLY_REJECTION && problems_has (&reply->problems, PROBLEM_NOT_OWN_OPD)) {
        const problem_t *p = &reply->problems.items[0];
        if (opd[0])
            fprintf (stderr, _("rapor-card: this is an OPD's own key, and an OPD may print only "
                     "its own card, not the card of %s. (The server says: %s)\n"), opd,
                     p->message);
        else
            fprintf (stderr, _("rapor-card: this is an OPD's own key, and an OPD may print only "
                     "its own card: name it with --opd. (The server says: %s)\n"), p->message);
    }
    else {
        fprintf (stderr, _("rapor-card: the server would not say whether this key may print "
                 "cards:\n"));
        submit_print_problems (&reply->problems, stderr);
        code = EXIT_REJECTED;
    }
out:
    if (reply)
        codec_reply_clear (reply);
    free (reply);
    free (request);
    return code;
}
