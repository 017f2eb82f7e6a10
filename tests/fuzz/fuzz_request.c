/*  fuzz_request: libFuzzer over rapord's request path, without sockets or
    a database: decode, then validate, then authorize, then the checks the
    database would make, against a fixed in-memory view; then encode the
    reply. Any crash, leak or undefined behaviour is a finding.

    The first input byte picks the caller's role; the rest is the request.  */
#include "admin.h"
#include "codec.h"
#include "identity.h"
#include "period.h"
#include "submission.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*  The fixed view of the database: one open period, a few OPDs, and the
    default assessors.  */
static const char *s_opds[] = { "DINKES", "BAPPEDA", "INSPEKTORAT", "BPKAD", "PBJ", "ORGANISASI" };
static const char *s_assessor[COMPONENT_COUNT + 1] = {
    NULL, "INSPEKTORAT", "BAPPEDA", "ORGANISASI", "BPKAD", "BAPPEDA", "PBJ"
};

static void
s_view_checks (const submission_t *s, problems_t *problems)
{
    if (strcmp (s->period, "2024-Q2") != 0)
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period", "unknown period");
    bool known = false;
    for (size_t i = 0; i < sizeof s_opds / sizeof s_opds[0]; i++)
        known |= strcmp (s->opd, s_opds[i]) == 0;
    if (!known)
        problems_add (problems, PROBLEM_OPD_UNKNOWN, "opd", "unknown OPD");
    if (s->kind == SCORE_KIND_VERIFIED)
        for (size_t i = 0; i < submission_held (s); i++) {
            uint32_t c = s->scores[i].component;
            if (c >= 1 && c <= COMPONENT_COUNT && strcmp (s_assessor[c], submission_submitter (s)))
                problems_add (problems, PROBLEM_NOT_ASSESSOR, "scores", "not the assessor");
        }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static request_t request;
    static reply_t reply;
    if (size < 1)
        return 0;
    identity_t id = { .authenticated = true, .role = (role_t) (data[0] % 5) };
    strcpy (id.opd, s_opds[data[0] / 5 % (sizeof s_opds / sizeof s_opds[0])]);
    memset (id.key, 'k', IDENTITY_KEY_LEN);

    problems_t problems;
    problems_init (&problems);
    memset (&reply, 0, sizeof reply);
    if (codec_request_decode (data + 1, size - 1, &request, &problems)) {
        if (request.kind == REQUEST_SUBMIT && submission_validate (&request.submit, &problems)
        &&  identity_authorize (&id, &request, &problems))
            s_view_checks (&request.submit, &problems);
        if (request.kind == REQUEST_ADMIN && admin_validate (&request.admin, &problems))
            identity_authorize (&id, &request, &problems);
        if (request.kind == REQUEST_SNAPSHOT && request.snapshot_period_len) {
            period_t p;
            period_parse (request.snapshot_period, request.snapshot_period_len, &p);
        }
        /*  What the server would send back, and the round trip of the request.  */
        size_t n = 0;
        uint8_t *again = codec_request_encode (&request, &n);
        free (again);
    }
    codec_request_clear (&request);     /*  an OPD_IMPORT's rows  */
    reply.kind = problems_empty (&problems) ? REPLY_PONG : REPLY_REJECTION;
    reply.problems = problems;
    size_t n = 0;
    uint8_t *bytes = codec_reply_encode (&reply, &n);
    if (bytes) {
        static reply_t back;
        codec_reply_decode (bytes, n, &back);
        codec_reply_clear (&back);
        free (bytes);
    }
    return 0;
}
