/*  Every kind of rejection: refused with its documented code and field,
    nothing stored, and the server goes on serving.  */
#include "served.h"
#include "pbw.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SERVED_SUITE (reject);

static long
s_stored (void)
{
    return harness_db_number (&db, "SELECT (SELECT count(*) FROM submissions)"
                                   " + (SELECT count(*) FROM scores)");
}

/*  Rejections that only the database can decide, through the real client.  */
Test (reject, database_state_through_rapor_submit)
{
    /*  A key binds its OPD, so unknown and inactive OPDs are named by the
        assessor, who scores every OPD.  */
    static const struct { const char *opd, *period, *code; } cases[] = {
        { "DINKES", "2025-Q1", "period_unknown" },
        { "DINKES", "2024-Q1", "period_not_open" },     /*  closed  */
        { "DINKES", "2023-Q4", "period_finalized" },
        { "DINKEZ", "2024-Q2", "opd_unknown" },
        { "TEST_INACTIVE", "2024-Q2", "opd_inactive" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        harness_submit (&run, &server, "--as", "INSPEKTORAT", "--verified", "--opd", cases[i].opd,
                        "--period", cases[i].period, "pengawasan=80", NULL);
        cr_expect_eq (run.status, 1, "case %zu: %s", i, run.output);
        cr_expect (strstr (run.output, "Rejected: nothing was stored"), "case %zu", i);
        cr_expect (strstr (run.output, cases[i].code), "case %zu: %s", i, run.output);
        cr_expect_eq (s_stored (), 0, "case %zu stored something", i);
        char grep[64];
        snprintf (grep, sizeof grep, "outcome=rejected reason=%s", cases[i].code);
        cr_expect (harness_server_log_has (&server, grep), "case %zu not logged", i);
    }
    /*  Both database problems come back together.  */
    harness_submit (&run, &server, "--as", "BAPPEDA", "--verified", "--opd", "NOBODY",
                    "--period", "2024-Q1", "inovasi=1", NULL);
    cr_expect (strstr (run.output, "period_not_open") && strstr (run.output, "opd_unknown"),
               "%s", run.output);
}

Test (reject, reused_submission_id_with_other_scores)
{
    const char *sid = "00000000000000000000000000000abc";
    harness_submit (&run, &server, "--opd", "BPBD", "--period", "2024-Q2",
                    "--submission-id", sid, "pengawasan=80", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--opd", "BPBD", "--period", "2024-Q2",
                    "--submission-id", sid, "pengawasan=81", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "submission_id_reused"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT max(score_centi) FROM scores"), 8000);
}

Test (reject, local_checks_stop_bad_scores_before_sending)
{
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "pengawasan=100.01", "inovasi=87.505", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "Not sent"), "%s", run.output);
    cr_expect (strstr (run.output, "score_out_of_range"));
    cr_expect (strstr (run.output, "score_invalid"));
    cr_expect_not (harness_server_log_has (&server, "op=submit"), "nothing reached the server");
    harness_submit (&run, &server, "--opd", "DINKES", NULL);
    cr_expect_eq (run.status, 2, "usage error: %s", run.output);
}

typedef enum {
    BAD_SCORE_HIGH, BAD_SCORE_NEGATIVE, BAD_COMPONENT, BAD_DUPLICATE, BAD_NO_SCORES,
    BAD_EVIDENCE_LONG, BAD_EVIDENCE_NUL, BAD_EVIDENCE_UTF8, BAD_ID, BAD_PERIOD, BAD_OPD,
    BAD_VERSION, BAD_COUNT
} bad_t;

static void
s_break (request_t *r, bad_t bad)
{
    submission_t *s = &r->submit;
    static char text[3000];
    switch (bad) {
        case BAD_SCORE_HIGH: s->scores[0].score_centi = 10001; break;
        case BAD_SCORE_NEGATIVE: s->scores[0].score_centi = -50; break;
        case BAD_COMPONENT: s->scores[0].component = 9; break;
        case BAD_DUPLICATE: s->scores[1].component = s->scores[0].component; break;
        case BAD_NO_SCORES: s->score_count = 0; break;
        case BAD_EVIDENCE_LONG:
            for (int i = 0; i < 1001; i++)
                memcpy (text + 2 * i, "\xC3\xA9", 2);
            memcpy (s->scores[0].evidence, text, 2002);
            s->scores[0].evidence_len = 2002;
            break;
        case BAD_EVIDENCE_NUL: memcpy (s->scores[0].evidence, "ok\0hidden", 9);
                               s->scores[0].evidence_len = 9; break;
        case BAD_EVIDENCE_UTF8: memcpy (s->scores[0].evidence, "\xC0\xAF", 2);
                                s->scores[0].evidence_len = 2; break;
        case BAD_ID: s->id_len = 8; break;
        case BAD_PERIOD: submission_set_period (s, "2024-Q2\0", 8); break;
        case BAD_OPD: submission_set_opd (s, "DINKES\n", 7); break;
        case BAD_VERSION: r->version = 2; break;
        case BAD_COUNT: break;
    }
}

/*  Rejections a foreign client could provoke: the real codec, no local
    checks. Each names its code and field, stores nothing, and the server
    still answers afterwards.  */
Test (reject, server_validates_every_field)
{
    static const struct { bad_t bad; const char *code; const char *field; } cases[] = {
        { BAD_SCORE_HIGH, "score_out_of_range", "scores[0].score_centi" },
        { BAD_SCORE_NEGATIVE, "score_out_of_range", "scores[0].score_centi" },
        { BAD_COMPONENT, "component_unknown", "scores[0].component" },
        { BAD_DUPLICATE, "component_duplicate", "scores[1].component" },
        { BAD_NO_SCORES, "scores_missing", "scores" },
        { BAD_EVIDENCE_LONG, "evidence_too_long", "scores[0].evidence" },
        { BAD_EVIDENCE_NUL, "evidence_invalid", "scores[0].evidence" },
        { BAD_EVIDENCE_UTF8, "evidence_invalid", "scores[0].evidence" },
        { BAD_ID, "submission_id_invalid", "submission_id" },
        { BAD_PERIOD, "period_invalid", "period" },
        { BAD_OPD, "opd_invalid", "opd" },
        { BAD_VERSION, "unsupported_version", "version" },
    };
    static request_t request;
    static reply_t reply;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset (&request, 0, sizeof request);
        request.version = PROTOCOL_VERSION;
        request.request_id = 1000 + i;
        request.kind = REQUEST_SUBMIT;
        harness_valid_submission (&request.submit);
        s_break (&request, cases[i].bad);
        cr_assert (harness_request (server.endpoint, &request, &reply), "case %zu: no reply", i);
        cr_expect_eq (reply.kind, REPLY_REJECTION, "case %zu", i);
        cr_expect_eq (reply.request_id, 1000 + i, "case %zu: request id echoed", i);
        cr_assert_geq (reply.problems.count, 1, "case %zu", i);
        cr_expect_str_eq (reply.problems.items[0].code, cases[i].code, "case %zu", i);
        cr_expect_str_eq (reply.problems.items[0].field, cases[i].field, "case %zu", i);
        cr_expect_gt (strlen (reply.problems.items[0].message), 20, "case %zu", i);
        cr_expect_eq (s_stored (), 0, "case %zu stored something", i);
    }
    cr_expect (harness_server_log_has (&server, "opd=DINKES? "), "log lines cannot be forged");
}

/*  Bytes that are not a valid request at all.  */
Test (reject, hostile_bytes)
{
    static reply_t reply;
    pbw_t w;

    cr_assert (harness_raw_request (server.endpoint, "\xFF\xFF\xFF garbage", 11, &reply, 5000));
    cr_expect_eq (reply.kind, REPLY_REJECTION);
    cr_expect_str_eq (reply.problems.items[0].code, "malformed_message");
    cr_expect_str_eq (reply.problems.items[0].field, "message");

    pbw_init (&w);                          /*  a body type from the future  */
    pbw_varint_field (&w, 1, 1);
    pbw_varint_field (&w, 2, 5);
    pbw_bytes_field (&w, 30, "x", 1);
    cr_assert (harness_raw_request (server.endpoint, w.data, w.len, &reply, 5000));
    cr_expect_str_eq (reply.problems.items[0].code, "unknown_request");
    cr_expect_eq (reply.request_id, 5);
    pbw_free (&w);

    size_t big = 70 * 1024;                 /*  over the 64 KiB default  */
    char *blob = calloc (1, big);
    cr_assert (harness_raw_request (server.endpoint, blob, big, &reply, 5000));
    free (blob);
    cr_expect_str_eq (reply.problems.items[0].code, "message_too_large");

    pbw_flood_request (&w, 1000);           /*  1000 scores where 6 may be  */
    cr_assert (harness_raw_request (server.endpoint, w.data, w.len, &reply, 5000));
    cr_expect_str_eq (reply.problems.items[0].code, "scores_too_many");
    pbw_free (&w);

    cr_expect_eq (s_stored (), 0);
    cr_expect (harness_server_log_has (&server, "reason=malformed_message"));
    cr_expect (harness_server_log_has (&server, "reason=message_too_large"));

    /*  And it still serves.  */
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=90", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
}
