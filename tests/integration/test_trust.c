/*  Who may do what: one test per row of the trust matrix. Each refusal
    carries its documented error, stores nothing, and is audited. And
    rapord fails closed: without its ZAP handler it accepts nothing.  */
#include "served.h"
#include "pbw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

SERVED_SUITE (trust);

static long
s_stored (void)
{
    return harness_db_number (&db, "SELECT (SELECT count(*) FROM submissions)"
                                   " + (SELECT count(*) FROM scores)");
}

/*  Audit rows with this action, outcome and reason (reason may be NULL).
    Every caller expects at least one, so it waits up to 30 s for the
    first: rapord refuses a handshake before it writes the refusal's audit
    row (zap.c), so a client may have its answer, and this test may ask,
    before the row is committed (seen once in CI's sanitizer stage).  */
static long
s_audited (const char *action, const char *outcome, const char *reason)
{
    char sql[512];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = '%s'"
              " AND outcome = '%s'%s%s%s", action, outcome, reason ? " AND reason LIKE '%" : "",
              reason ? reason : "", reason ? "%'" : "");
    long count = harness_db_number (&db, sql);
    for (int waited = 0; count < 1 && waited < 30000; waited += 20) {
        usleep (20000);
        count = harness_db_number (&db, sql);
    }
    return count;
}

static char s_key[700];

static const char *
s_keyfile (const char *name)
{
    snprintf (s_key, sizeof s_key, "%s/%s", harness_keys_dir (), name);
    return s_key;
}

Test (trust, an_unknown_key_is_refused)
{
    harness_submit (&run, &server, "--key", s_keyfile ("stranger_secret"), "--server-key",
                    harness_server_key (), "--opd", "DINKES", "--period", "2024-Q2",
                    "inovasi=90", NULL);
    cr_expect_eq (run.status, 4, "%s", run.output);
    cr_expect (strstr (run.output, "this key is not registered for this server or was revoked"),
               "%s", run.output);
    cr_expect_eq (s_stored (), 0);
    cr_expect_eq (s_audited ("connect", "refused", "key_unknown"), 1);
}

Test (trust, a_revoked_key_is_refused_on_a_new_connection)
{
    harness_submit (&run, &server, "--opd", "DISHUB", "--period", "2024-Q2", "inovasi=90", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    char pub[700];
    snprintf (pub, sizeof pub, "%s/DISHUB.opd", harness_keys_dir ());
    harness_admin (&run, &server, "key", "revoke", pub, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--opd", "DISHUB", "--period", "2024-Q2", "inovasi=91", NULL);
    cr_expect_eq (run.status, 4, "%s", run.output);
    cr_expect (strstr (run.output, "not registered for this server or was revoked"));
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq (s_audited ("connect", "refused", "key_unknown"), 1);
    cr_expect_eq (s_audited ("key-revoke", "accepted", NULL), 1);
}

Test (trust, a_revoked_key_is_refused_on_its_open_connection)
{
    static request_t request;
    static reply_t reply;
    harness_use_key ("DISDIK", "opd");
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_SUBMIT;
    harness_valid_submission (&request.submit);
    submission_set_opd (&request.submit, "DISDIK", 6);
    cr_assert (harness_conn_request (&conn, &request, &reply));
    cr_assert_eq (reply.kind, REPLY_RECEIPT);

    char pub[700];
    snprintf (pub, sizeof pub, "%s/DISDIK.opd", harness_keys_dir ());
    harness_admin (&run, &server, "key", "revoke", pub, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);

    harness_valid_submission (&request.submit);          /*  a new id  */
    submission_set_opd (&request.submit, "DISDIK", 6);
    cr_assert (harness_conn_request (&conn, &request, &reply), "no answer on the open connection");
    cr_expect_eq (reply.kind, REPLY_REJECTION);
    cr_expect_str_eq (reply.problems.items[0].code, "key_unknown");
    harness_conn_close (&conn);
    harness_use_key ("DINKES", "opd");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq (s_audited ("request", "refused", "key_unknown"), 1);
}

Test (trust, a_wrong_server_key_is_told_apart)
{
    harness_submit (&run, &server, "--key", harness_key ("DINKES", "opd"), "--server-key",
                    s_keyfile ("stranger"), "--opd", "DINKES", "--period", "2024-Q2",
                    "inovasi=90", NULL);
    cr_expect_eq (run.status, 4, "%s", run.output);
    cr_expect (strstr (run.output, "is not this server's"), "%s", run.output);
    cr_expect_eq (s_stored (), 0);
    cr_expect_geq (s_audited ("connect", "refused", "handshake_failed"), 1);
}

Test (trust, a_plaintext_client_gets_nothing)
{
    harness_submit (&run, &server, "--insecure-plaintext-dev", "--opd", "DINKES", "--period",
                    "2024-Q2", "--timeout", "500", "--retries", "1", "inovasi=90", NULL);
    cr_expect_eq (run.status, 3, "%s", run.output);
    cr_expect_eq (s_stored (), 0);
    cr_expect_geq (s_audited ("connect", "refused", "handshake_failed"), 1);
}

Test (trust, an_opd_cannot_self_assess_another)
{
    harness_submit (&run, &server, "--opd", "DISHUB", "--as", "DINKES", "--period", "2024-Q2",
                    "inovasi=99", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_own_opd"), "%s", run.output);
    /*  Claiming to be someone else in the payload does not help either.  */
    static request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_SUBMIT;
    harness_valid_submission (&request.submit);
    submission_set_opd (&request.submit, "DISHUB", 6);
    submission_set_submitter (&request.submit, "DISHUB", 6);
    cr_assert (harness_request (server.endpoint, &request, &reply));
    cr_expect_str_eq (reply.problems.items[0].code, "submitter_mismatch");
    cr_expect_eq (s_stored (), 0);
    cr_expect_eq (s_audited ("submit", "refused", "not_own_opd"), 1);
    cr_expect_eq (s_audited ("submit", "refused", "submitter_mismatch"), 1);
}

Test (trust, only_the_assessor_sends_a_components_verified_score)
{
    harness_submit (&run, &server, "--as", "BAPPEDA", "--verified", "--opd", "DINKES",
                    "--period", "2024-Q2", "pengawasan=99", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_assessor"), "%s", run.output);
    harness_submit (&run, &server, "--opd", "DINKES", "--verified", "--period", "2024-Q2",
                    "--key", harness_key ("DINKES", "opd"), "--server-key", harness_server_key (),
                    "pengawasan=99", NULL);
    cr_expect_eq (run.status, 1, "an opd key cannot send verified scores: %s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    cr_expect_eq (s_stored (), 0);
    cr_expect_eq (s_audited ("submit", "rejected", "not_assessor"), 1);
    cr_expect_eq (s_audited ("submit", "refused", "not_permitted"), 1);
}

Test (trust, only_the_inspectorate_opens_or_finalizes)
{
    harness_admin (&run, &server, "--as", "DINKES", "open", "2024-Q3", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    harness_admin (&run, &server, "--key", harness_key ("BAPPEDA", "assessor"), "--server-key",
                   harness_server_key (), "finalize", "2024-Q1", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM periods WHERE code = '2024-Q3'"), 0);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM periods WHERE code = '2024-Q1' AND status = 'closed'"), 1);
    cr_expect_eq (s_audited ("period-open", "refused", "not_permitted"), 1);
    cr_expect_eq (s_audited ("period-finalize", "refused", "not_permitted"), 1);
}

Test (trust, a_dashboard_key_cannot_submit)
{
    harness_submit (&run, &server, "--key", harness_key ("DISKOMINFO", "dashboard"),
                    "--server-key", harness_server_key (), "--opd", "DISKOMINFO", "--period",
                    "2024-Q2", "inovasi=100", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    cr_expect_eq (s_stored (), 0);
    cr_expect_eq (s_audited ("submit", "refused", "not_permitted"), 1);
}

Test (trust, a_submission_after_finalization_is_refused)
{
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2023-Q4", "inovasi=100", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "period_finalized"), "%s", run.output);
    cr_expect_eq (s_stored (), 0);
    cr_expect_eq (s_audited ("submit", "rejected", "period_finalized"), 1);
}

Test (trust, hostile_bytes_are_refused_and_audited)
{
    static reply_t reply;
    size_t big = 70 * 1024;
    char *blob = calloc (1, big);
    cr_assert (harness_raw_request (server.endpoint, blob, big, &reply, 5000));
    free (blob);
    cr_expect_str_eq (reply.problems.items[0].code, "message_too_large");
    cr_assert (harness_raw_request (server.endpoint, "\x0a\xff\xff\xff\x0f", 5, &reply, 5000));
    cr_expect_str_eq (reply.problems.items[0].code, "malformed_message");

    static request_t request;           /*  a NUL inside a text field  */
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_SUBMIT;
    harness_valid_submission (&request.submit);
    memcpy (request.submit.scores[0].evidence, "LHP\0hidden", 10);
    request.submit.scores[0].evidence_len = 10;
    cr_assert (harness_request (server.endpoint, &request, &reply));
    cr_expect_str_eq (reply.problems.items[0].code, "evidence_invalid");

    cr_expect_eq (s_stored (), 0);
    cr_expect_eq (s_audited ("request", "rejected", "message_too_large"), 1);
    cr_expect_eq (s_audited ("request", "rejected", "malformed_message"), 1);
    cr_expect_eq (s_audited ("submit", "rejected", "evidence_invalid"), 1);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM audit_log WHERE public_key IS NOT NULL AND action = 'request'"), 2,
        "refusals name the key");
}

Test (trust, keys_are_managed_over_the_protocol)
{
    char path[700];
    snprintf (path, sizeof path, "%s/new-%d", harness_keys_dir (), (int) getpid ());
    const char *gen[] = { RAPOR_ADMIN_PATH, "keygen", path, NULL };
    cr_assert_eq (harness_run (&run, gen), 0, "%s", run.output);
    harness_admin (&run, &server, "key", "add", path, "KEC_LICIN", "opd", "camat", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    char secret[720];
    snprintf (secret, sizeof secret, "%s_secret", path);
    harness_submit (&run, &server, "--key", secret, "--server-key", harness_server_key (),
                    "--opd", "KEC_LICIN", "--period", "2024-Q2", "inovasi=77", NULL);
    cr_expect_eq (run.status, 0, "a key registered over the protocol works: %s", run.output);
    harness_admin (&run, &server, "key", "list", NULL);
    cr_expect (strstr (run.output, "camat"), "%s", run.output);
    harness_admin (&run, &server, "--as", "DINKES", "key", "add", path, "DINKES", "inspectorate",
                   NULL);
    cr_expect_eq (run.status, 1, "only the inspectorate adds keys: %s", run.output);
}

/*  Fail closed: without the ZAP handler no key is accepted, not even a
    registered one.  */
Test (trust, without_its_zap_handler_rapord_accepts_nothing)
{
    harness_server_stop (&server, SIGTERM);
    const char *no_zap[] = { "--zap", "0", NULL };
    cr_assert (harness_server_start (&server, db.conninfo, no_zap));
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "--timeout", "800", "--retries", "1", "inovasi=90", NULL);
    cr_expect_neq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_stored (), 0);
}

/*  One key flooding rapord is slowed down; another key is still served.  */
Test (trust, a_flooding_key_is_told_to_slow_down)
{
    harness_server_stop (&server, SIGTERM);
    const char *limit[] = { "--key-requests-per-second", "20", NULL };
    cr_assert (harness_server_start (&server, db.conninfo, limit));
    static request_t ping;
    static reply_t reply;
    memset (&ping, 0, sizeof ping);
    ping.version = PROTOCOL_VERSION;
    ping.kind = REQUEST_PING;
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    int answered = 0, limited = 0;
    for (int i = 0; i < 100; i++) {
        cr_assert (harness_conn_request (&conn, &ping, &reply));
        answered += reply.kind == REPLY_PONG;
        limited += reply.kind == REPLY_UNAVAILABLE && strstr (reply.reason, "too many requests");
    }
    harness_conn_close (&conn);
    cr_expect_gt (limited, 0, "answered %d", answered);
    cr_expect_geq (answered, 20);
    harness_use_key ("BAPPEDA", "opd");
    cr_assert (harness_request (server.endpoint, &ping, &reply));
    harness_use_key ("DINKES", "opd");
    cr_expect_eq (reply.kind, REPLY_PONG, "another key is still served");
    cr_expect_geq (s_audited ("request", "refused", "rate_limited"), 1);
}
