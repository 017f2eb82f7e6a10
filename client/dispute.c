/*  dispute.c: see dispute.h.  */
#include "dispute.h"
#include "i18n.h"
#include "human.h"
#include "call.h"
#include "component.h"
#include "score.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
s_time (int64_t us, char *buf, size_t size)
{
    human_time (us, false, buf, size);
}

static const char *
s_score (int32_t centi, char *buf, size_t size)
{
    if (centi < 0)
        snprintf (buf, size, "%s", _("none"));
    else
        human_centi (centi, buf, size);
    return buf;
}

void
dispute_print_objections (const objection_t *list, size_t count, FILE *out)
{
    for (size_t i = 0; i < count; i++) {
        const objection_t *o = &list[i];
        char filed[32], answered[32], was[16], now[16];
        s_time (o->filed_at_us, filed, sizeof filed);
        s_score (o->disputed_centi, was, sizeof was);
        /*  TRANSLATORS: the score column also holds the word for "none"
            (s_score): make it as wide as that word.  */
        fprintf (out, _("#%-5llu %-16s %-12s score %-7s filed %s by %s\n"),
                 (unsigned long long) o->id, o->opd, component_code (o->component), was, filed,
                 o->filed_by);
        fprintf (out, _("       objection: %s\n"), o->reason);
        if (strcmp (o->status, "open") == 0) {
            fprintf (out, _("       OPEN: not answered yet\n"));
            continue;
        }
        s_time (o->answered_at_us, answered, sizeof answered);
        if (strcmp (o->status, "accepted") == 0)
            fprintf (out, _("       ACCEPTED by %s at %s: the verified score is now %s\n"),
                     o->answered_by, answered, s_score (o->corrected_centi, now, sizeof now));
        else
            fprintf (out, _("       REJECTED by %s at %s: the score stays %s\n"), o->answered_by,
                     answered, was);
        if (o->answer[0])
            fprintf (out, _("       answer: %s\n"), o->answer);
    }
}

/*  A column as wide as its translated heading, and at least `least`
    (report.c sizes its "self" column the same way).  */
static int
s_wide (const char *heading, int least)
{
    int n = (int) strlen (heading);
    return n > least ? n : least;
}

void
dispute_print_received (const reply_t *reply, const char *opd, const char *period, FILE *out)
{
    /*  The server lists submissions in the order they were stored, so the
        last one carrying a component is the one that counts.  */
    int32_t self[COMPONENT_COUNT], verified[COMPONENT_COUNT];
    const submission_info_t *by[COMPONENT_COUNT] = { NULL };
    for (int c = 0; c < COMPONENT_COUNT; c++)
        self[c] = verified[c] = -1;
    for (size_t i = 0; i < reply->submission_count; i++) {
        const submission_info_t *s = &reply->submissions[i];
        for (size_t k = 0; k < s->score_count; k++) {
            uint32_t c = s->component[k];
            if (c < 1 || c > COMPONENT_COUNT)
                continue;
            if (s->kind == SCORE_KIND_VERIFIED) {
                verified[c - 1] = s->score_centi[k];
                by[c - 1] = s;
            }
            else
                self[c - 1] = s->score_centi[k];
        }
    }
    fprintf (out, _("Scores of %s in %s (the latest of each counts; the verified score is the "
             "one ranked):\n"), opd, period);
    /*  Each column as wide as its heading in the reader's language
        ("terverifikasi" is 13 characters, "verified" 8).  */
    const char *component = _("component"), *self_head = _("self"),
               *verified_head = _("verified"), *by_head = _("verified by");
    int wc = s_wide (component, 12), ws = s_wide (self_head, 9),
        wv = s_wide (verified_head, 9), wb = s_wide (by_head, 16);
    fprintf (out, "%-*s %*s %*s  %-*s %s\n", wc, component, ws, self_head, wv, verified_head,
             wb, by_head, _("at"));
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        char a[16], b[16], when[32];
        const char *code = component_at ((size_t) c)->code;
        s_score (self[c], a, sizeof a);
        s_score (verified[c], b, sizeof b);
        if (by[c]) {
            s_time (by[c]->stored_at_us, when, sizeof when);
            fprintf (out, "%-*s %*s %*s  %-*s %s\n", wc, code, ws, a, wv, b, wb,
                     by[c]->submitter, when);
        }
        else
            fprintf (out, "%-*s %*s %*s  %s\n", wc, code, ws, a, wv, b, _("(not yet)"));
    }
    fprintf (out, _("To object to a verified score while %s is closed:\n"
             "  rapor-submit --opd %s --period %s --object COMPONENT \"REASON\"\n"),
             period, opd, period);
}

int
dispute_send (const submit_options_t *options, request_t *request, FILE *out, FILE *err)
{
    reply_t *reply = calloc (1, sizeof *reply);
    if (!reply)
        return EXIT_UNREACHABLE;
    const admin_t *a = &request->admin;
    call_options_t call = { options->endpoint, options->timeout_ms, options->attempts, err,
                            options->curve };
    call_status_t status = call_request (&call, request, reply);
    int code = EXIT_ACCEPTED;
    if (status != CALL_OK) {
        call_explain (status, &call, reply, err);
        code = submit_exit_code (status);
    }
    else
    if (reply->kind == REPLY_REJECTION) {
        fprintf (err, _("Refused: nothing was changed. The server found %zu problem%s:\n"),
                 reply->problems.count, reply->problems.count == 1 ? "" : "s");
        submit_print_problems (&reply->problems, err);
        code = EXIT_REJECTED;
    }
    else
    if (reply->kind != REPLY_ADMIN_RESULT) {
        call_explain (CALL_BAD_REPLY, &call, reply, err);
        code = EXIT_UNREACHABLE;
    }
    else
    if (a->op == ADMIN_LIST_SUBMISSIONS)
        /*  Without --opd the key chose the OPD; its rows name it.  */
        dispute_print_received (reply, a->opd_len || !reply->submission_count ? a->opd
                                       : reply->submissions[0].opd, a->period, out);
    else {
        if (!options->quiet)
            fprintf (out, "%s\n", reply->summary);
        if (a->op == ADMIN_OBJECTION_LIST)
            dispute_print_objections (reply->objections, reply->objection_count, out);
    }
    codec_reply_clear (reply);
    free (reply);
    return code;
}
