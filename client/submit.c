/*  submit.c: the submission round trip and its plain-words report.  */
#include "submit.h"
#include "codec.h"
#include "component.h"
#include "hex.h"
#include "rpc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <zmq.h>

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
    if (reply->receipt.duplicate)
        fprintf (out, "Already stored: these %u scores from %s for %s were stored earlier, "
                 "at %s. Nothing was stored twice.\n", reply->receipt.score_count,
                 s->opd, s->period, when);
    else
        fprintf (out, "Accepted: %u scores from %s for %s were stored at %s.\n",
                 reply->receipt.score_count, s->opd, s->period, when);
    fprintf (out, "Receipt: %s\n", sid);
}

int
submit_send (const submit_options_t *options, const submission_t *submission,
             FILE *out, FILE *err)
{
    request_t *request = calloc (1, sizeof *request);
    reply_t *reply = calloc (1, sizeof *reply);
    rpc_t *rpc = NULL;
    uint8_t *body = NULL;
    int code = EXIT_UNREACHABLE;
    char sid[2 * SUBMISSION_ID_LEN + 1];
    if (!request || !reply)
        goto out;
    request->version = PROTOCOL_VERSION;
    request->kind = REQUEST_SUBMIT;
    request->submit = *submission;
    if (getrandom (&request->request_id, sizeof request->request_id, 0) < 0)
        request->request_id = (uint64_t) time (NULL);
    hex_encode (submission->id, SUBMISSION_ID_LEN, sid);

    size_t size = 0;
    body = codec_request_encode (request, &size);
    rpc = rpc_new (options->endpoint, options->timeout_ms, options->attempts);
    if (!body || !rpc) {
        fprintf (err, "rapor-submit: cannot use server address '%s': %s\n",
                 options->endpoint, zmq_strerror (zmq_errno ()));
        code = EXIT_USAGE;
        goto out;
    }
    /*  The server may answer "unavailable" (its database is down); that
        also earns a retry, with the same bytes and so the same id.  */
    for (int round = 1; round <= options->attempts; round++) {
        uint8_t *raw = NULL;
        size_t raw_size = 0;
        rpc_status_t status = rpc_call (rpc, body, size, &raw, &raw_size);
        if (status != RPC_OK) {
            fprintf (err, "No answer from the Rapor server at %s after %d attempts of %d ms.\n"
                     "It is not known whether the scores were stored. Run the same command "
                     "again with\n  --submission-id %s\nand they will be stored at most once.\n",
                     options->endpoint, rpc_attempts_used (rpc), options->timeout_ms, sid);
            goto out;
        }
        codec_reply_clear (reply);
        bool ok = codec_reply_decode (raw, raw_size, reply);
        free (raw);
        if (!ok || reply->request_id != request->request_id) {
            fprintf (err, "rapor-submit: the server sent an answer this client cannot read; "
                     "is %s a Rapor server of protocol version %d?\n",
                     options->endpoint, PROTOCOL_VERSION);
            goto out;
        }
        if (reply->kind == REPLY_RECEIPT) {
            if (!options->quiet)
                s_print_receipt (reply, submission, out);
            code = EXIT_ACCEPTED;
            goto out;
        }
        if (reply->kind == REPLY_REJECTION) {
            fprintf (err, "Rejected: nothing was stored. The server found %zu problem%s:\n",
                     reply->problems.count, reply->problems.count == 1 ? "" : "s");
            submit_print_problems (&reply->problems, err);
            code = EXIT_REJECTED;
            goto out;
        }
        if (reply->kind != REPLY_UNAVAILABLE) {
            fprintf (err, "rapor-submit: unexpected answer from the server\n");
            goto out;
        }
        if (round < options->attempts) {
            fprintf (err, "The server is temporarily unavailable (%s); retrying...\n",
                     reply->reason);
            struct timespec pause = { reply->retry_after_ms / 1000,
                                      (long) (reply->retry_after_ms % 1000) * 1000000 };
            nanosleep (&pause, NULL);
        }
    }
    fprintf (err, "The Rapor server is unavailable (%s). The scores may not have been "
             "stored.\nTry again later with\n  --submission-id %s\nand they will be stored "
             "at most once.\n", reply->reason, sid);
out:
    rpc_destroy (&rpc);
    free (body);
    free (request);
    if (reply)
        codec_reply_clear (reply);
    free (reply);
    return code;
}
