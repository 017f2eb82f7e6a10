/*  submit.c: the submission round trip and its plain-words report.  */
#include "submit.h"
#include "codec.h"
#include "component.h"
#include "hex.h"
#include "call.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void
submit_print_problems (const problems_t *problems, FILE *err)
{
    for (size_t i = 0; i < problems->count; i++) {
        const problem_t *p = &problems->items[i];
        fprintf (err, "  - %s  [%s%s%s]\n", p->message, p->code,
                 p->field[0] ? " at " : "", p->field);
    }
    if (problems->dropped)
        fprintf (err, "  - ... and %zu more problems\n", problems->dropped);
}

static void
s_format_time (int64_t us, char *buf, size_t size)
{
    time_t secs = (time_t) (us / 1000000);
    struct tm tm;
    localtime_r (&secs, &tm);
    strftime (buf, size, "%Y-%m-%d %H:%M:%S %Z", &tm);
}

static void
s_print_receipt (const reply_t *reply, const submission_t *s, FILE *out)
{
    char when[64], sid[2 * SUBMISSION_ID_LEN + 1];
    s_format_time (reply->receipt.stored_at_us, when, sizeof when);
    hex_encode (reply->receipt.submission_id, SUBMISSION_ID_LEN, sid);
    const char *what = s->kind == SCORE_KIND_VERIFIED ? "verified scores" : "scores";
    char by[64] = "";
    if (s->submitter_len && strcmp (s->submitter, s->opd) != 0)
        snprintf (by, sizeof by, " (sent by %s)", s->submitter);
    if (reply->receipt.duplicate)
        fprintf (out, "Already stored: these %u %s for %s%s for %s were stored earlier, "
                 "at %s. Nothing was stored twice.\n", reply->receipt.score_count, what,
                 s->opd, by, s->period, when);
    else
        fprintf (out, "Accepted: %u %s from %s%s for %s were stored at %s.\n",
                 reply->receipt.score_count, what, s->opd, by, s->period, when);
    fprintf (out, "Receipt: %s\n", sid);
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
            s_print_receipt (reply, submission, out);
        code = EXIT_ACCEPTED;
    }
    else
    if (status == CALL_OK && reply->kind == REPLY_REJECTION) {
        fprintf (err, "Rejected: nothing was stored. The server found %zu problem%s:\n",
                 reply->problems.count, reply->problems.count == 1 ? "" : "s");
        submit_print_problems (&reply->problems, err);
        code = EXIT_REJECTED;
    }
    else
    if (status == CALL_NO_ANSWER)
        fprintf (err, "No answer from the Rapor server at %s after %d attempts of %d ms.\n"
                 "It is not known whether the scores were stored. Run the same command "
                 "again with\n  --submission-id %s\nand they will be stored at most once.\n",
                 options->endpoint, options->attempts, options->timeout_ms, sid);
    else
    if (status == CALL_UNAVAILABLE)
        fprintf (err, "The Rapor server is unavailable (%s). The scores may not have been "
                 "stored.\nTry again later with\n  --submission-id %s\nand they will be stored "
                 "at most once.\n", reply->reason, sid);
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
