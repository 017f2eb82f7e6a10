/*  submit.c: the submission round trip and its plain-words report.  */
#include "submit.h"
#include "i18n.h"
#include "codec.h"
#include "component.h"
#include "hex.h"
#include "call.h"
#include "human.h"
#include "rpc.h"

#include <sodium.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

void
submit_print_problems (const problems_t *problems, FILE *err)
{
    for (size_t i = 0; i < problems->count; i++) {
        const problem_t *p = &problems->items[i];
        fprintf (err, "  - %s  [%s%s%s]\n", p->message, p->code,
                 p->field[0] ? _(" at ") : "", p->field);
    }
    if (problems->dropped)
        fprintf (err, _("  - ... and %zu more problems\n"), problems->dropped);
}

static void
s_print_receipt (const reply_t *reply, const submission_t *s, bool brief, FILE *out)
{
    char when[HUMAN_MAX], sid[2 * SUBMISSION_ID_LEN + 1], period[HUMAN_MAX];
    human_time (reply->receipt.stored_at_us, true, when, sizeof when);
    human_period (s->period, period, sizeof period);
    hex_encode (reply->receipt.submission_id, SUBMISSION_ID_LEN, sid);
    unsigned n = reply->receipt.score_count;
    if (brief) {
        if (reply->receipt.duplicate)
            fprintf (out, ngettext ("already stored earlier (nothing stored twice): %u score, "
                                    "receipt %s\n",
                                    "already stored earlier (nothing stored twice): %u scores, "
                                    "receipt %s\n", n), n, sid);
        else
            fprintf (out, ngettext ("accepted: %u score, receipt %s\n",
                                    "accepted: %u scores, receipt %s\n", n), n, sid);
        return;
    }
    /*  An assessor's scores are *for* the OPD assessed and sent by the
        assessor; a self-assessment comes *from* the OPD itself, which the
        key names when --opd was left out (s->opd empty).  */
    bool other = s->submitter_len && strcmp (s->submitter, s->opd) != 0;
    char whose[128];
    if (!s->opd_len)
        snprintf (whose, sizeof whose, "%s", _("from this key's OPD"));
    else
    if (other)
        snprintf (whose, sizeof whose, _("for %s, sent by %s,"), s->opd, s->submitter);
    else
        snprintf (whose, sizeof whose, s->kind == SCORE_KIND_VERIFIED ? _("for %s") : _("from %s"),
                  s->opd);
    bool verified = s->kind == SCORE_KIND_VERIFIED;
    if (reply->receipt.duplicate)
        fprintf (out, verified
                 ? ngettext ("Already stored: this %u verified score %s for %s was stored "
                             "earlier, at %s. Nothing was stored twice.\n",
                             "Already stored: these %u verified scores %s for %s were stored "
                             "earlier, at %s. Nothing was stored twice.\n", n)
                 : ngettext ("Already stored: this %u score %s for %s was stored earlier, "
                             "at %s. Nothing was stored twice.\n",
                             "Already stored: these %u scores %s for %s were stored earlier, "
                             "at %s. Nothing was stored twice.\n", n),
                 n, whose, period, when);
    else
        fprintf (out, verified
                 ? ngettext ("Accepted: %u verified score %s for %s was stored at %s.\n",
                             "Accepted: %u verified scores %s for %s were stored at %s.\n", n)
                 : ngettext ("Accepted: %u score %s for %s was stored at %s.\n",
                             "Accepted: %u scores %s for %s were stored at %s.\n", n),
                 n, whose, period, when);
    fprintf (out, _("Receipt: %s\n"), sid);
}

int
submit_exit_code (int status)
{
    return status == CALL_FAILED ? EXIT_USAGE
         : status == CALL_KEY_REFUSED || status == CALL_HANDSHAKE_FAILED ? EXIT_NOT_TRUSTED
         : EXIT_UNREACHABLE;
}

int
submit_send (const submit_options_t *options, const submission_t *submission,
             FILE *out, FILE *err)
{
    request_t *request = calloc (1, sizeof *request);
    reply_t *reply = calloc (1, sizeof *reply);
    int code = EXIT_UNREACHABLE;
    char sid[2 * SUBMISSION_ID_LEN + 1];
    if (!request || !reply)
        goto out;
    request->kind = REQUEST_SUBMIT;
    request->submit = *submission;
    hex_encode (submission->id, SUBMISSION_ID_LEN, sid);

    /*  Every retry sends the same bytes, so the same submission id: the
        server stores it at most once.  */
    call_options_t call = { options->endpoint, options->timeout_ms, options->attempts, err,
                            options->curve };
    call_status_t status = call_request (&call, request, reply);
    if (status == CALL_OK && reply->kind == REPLY_RECEIPT) {
        if (!options->quiet)
            s_print_receipt (reply, submission, options->brief, out);
        code = EXIT_ACCEPTED;
    }
    else
    if (status == CALL_OK && reply->kind == REPLY_REJECTION) {
        fprintf (err, _("Rejected: nothing was stored. The server found %zu problem%s:\n"),
                 reply->problems.count, reply->problems.count == 1 ? "" : "s");
        submit_print_problems (&reply->problems, err);
        code = EXIT_REJECTED;
    }
    else
    if (status == CALL_NO_ANSWER) {
        char waited[HUMAN_MAX];
        human_centi (rpc_patience_ms (options->timeout_ms, options->attempts) / 10, waited,
                     sizeof waited);
        fprintf (err, _("No answer from the Rapor server at %s after %d attempts in %s s.\n"
                 "It is not known whether the scores were stored. Run the same command "
                 "again with\n  --submission-id %s\nand they will be stored at most once.\n"),
                 options->endpoint, options->attempts, waited, sid);
    }
    else
    if (status == CALL_UNAVAILABLE)
        fprintf (err, _("The Rapor server is unavailable (%s). The scores may not have been "
                 "stored.\nTry again later with\n  --submission-id %s\nand they will be stored "
                 "at most once.\n"), reply->reason, sid);
    else {
        call_explain (status == CALL_OK ? CALL_BAD_REPLY : status, &call, reply, err);
        code = submit_exit_code (status == CALL_OK ? CALL_BAD_REPLY : status);
    }
out:
    free (request);
    if (reply)
        codec_reply_clear (reply);
    free (reply);
    return code;
}

void
submit_sheet_id (const submission_t *s, const char *identity, uint8_t *id)
{
    crypto_hash_sha256_state hash;
    crypto_hash_sha256_init (&hash);
    char head[160];
    int len = snprintf (head, sizeof head, "rapor-sheet-submission/1\n%s\n%s\n%d\n%s\n",
                        identity, s->period, (int) s->kind, s->opd);
    crypto_hash_sha256_update (&hash, (const unsigned char *) head, (size_t) len);
    for (size_t i = 0; i < submission_held (s); i++) {
        const component_score_t *c = &s->scores[i];
        len = snprintf (head, sizeof head, "%u %d %zu:", (unsigned) c->component,
                        (int) c->score_centi, c->evidence_len);
        crypto_hash_sha256_update (&hash, (const unsigned char *) head, (size_t) len);
        crypto_hash_sha256_update (&hash, (const unsigned char *) c->evidence,
                                   strlen (c->evidence));
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final (&hash, digest);
    memcpy (id, digest, SUBMISSION_ID_LEN);
}

int
submit_sheet (const submit_options_t *options, const input_sheet_t *sheet, const char *name,
              const submission_t *base, const char *identity, FILE *out)
{
    size_t accepted = 0, refused = 0, unsent = 0;
    int stop = EXIT_ACCEPTED;
    if (!problems_empty (&sheet->problems)) {
        fprintf (out, _("Not sent: %zu problem%s in %s that belong to no OPD:\n"),
                 sheet->problems.count, sheet->problems.count == 1 ? "" : "s", name);
        submit_print_problems (&sheet->problems, out);
    }
    fprintf (out, _("%s: %zu row%s for %zu OPD, %s for %s%s%s:\n"), name, sheet->rows,
             sheet->rows == 1 ? "" : "s", sheet->count,
             base->kind == SCORE_KIND_VERIFIED ? _("verified scores") : _("self-assessments"),
             base->period, base->submitter_len ? _(", sent by ") : "", base->submitter);
    static submission_t s;      /*  large; not on the stack  */
    for (size_t i = 0; i < sheet->count; i++) {
        const input_group_t *g = &sheet->groups[i];
        if (stop != EXIT_ACCEPTED) {
            unsent++;
            continue;
        }
        fprintf (out, "[%zu/%zu] %s (%s %s): ", i + 1, sheet->count, g->opd,
                 strchr (g->lines, ',') ? _("lines") : _("line"), g->lines);
        s = *g->submission;
        submission_set_period (&s, base->period, base->period_len);
        if (base->submitter_len)
            submission_set_submitter (&s, base->submitter, base->submitter_len);
        s.kind = base->kind;
        s.id_len = SUBMISSION_ID_LEN;
        submit_sheet_id (&s, identity, s.id);
        problems_t problems = g->problems;
        problems_t rules;
        problems_init (&rules);
        submission_validate (&s, &rules);
        for (size_t k = 0; k < rules.count; k++)
            if (!(problems.count && strcmp (rules.items[k].code, PROBLEM_SCORES_MISSING) == 0))
                problems_add (&problems, rules.items[k].code, rules.items[k].field, "%s",
                              rules.items[k].message);
        if (!problems_empty (&problems)) {
            fprintf (out, _("not sent: %zu problem%s to fix first:\n"), problems.count,
                     problems.count == 1 ? "" : "s");
            submit_print_problems (&problems, out);
            refused++;
            continue;
        }
        submit_options_t brief = *options;
        brief.brief = true;
        brief.quiet = false;    /*  the line was started above: end it  */
        int code = submit_send (&brief, &s, out, out);
        if (code == EXIT_ACCEPTED)
            accepted++;
        else
        if (code == EXIT_REJECTED)
            refused++;
        else {
            /*  The server is out of reach or does not trust us: the next
                OPDs would fare the same, each after a long wait.  */
            stop = code;
            unsent++;
        }
    }
    fprintf (out, _("%s: %zu OPD: %zu accepted, %zu refused"), name, sheet->count, accepted,
             refused);
    if (!problems_empty (&sheet->problems))
        fprintf (out, _(", and %zu row problem%s outside any OPD"), sheet->problems.count,
                 sheet->problems.count == 1 ? "" : "s");
    if (unsent)
        fprintf (out, _(", %zu not sent.\nRun the same command again: what was stored is "
                 "recognised and not stored twice"), unsent);
    fputs (".\n", out);
    fflush (out);
    if (stop != EXIT_ACCEPTED)
        return stop;
    return refused || !problems_empty (&sheet->problems) ? EXIT_REJECTED : EXIT_ACCEPTED;
}
