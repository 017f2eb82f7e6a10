/*  The submission path end to end: real rapor-submit, real rapord, real
    PostgreSQL, over ZeroMQ on an ephemeral loopback port.  */
#include "served.h"
#include "hex.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

SERVED_SUITE (submit);

Test (submit, accepted_submission_lands_in_the_database)
{
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "pengawasan=87.50", "perencanaan=90", "pelaporan=75.25",
                    "anggaran=88.8", "inovasi=100", "pengadaan=0.05",
                    "--evidence", "inovasi=Aplikasi \xE2\x80\x9CSmart Kampung\xE2\x80\x9D", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Accepted: 6 scores from DINKES for 2024-Q2"), "%s", run.output);
    cr_expect (strstr (run.output, "Receipt: "));
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 6);
    cr_expect_eq (harness_db_number (&db, "SELECT sum(score_centi) FROM scores"),
                  8750 + 9000 + 7525 + 8880 + 10000 + 5);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM current_scores WHERE opd = 'DINKES' AND component = 'inovasi'"
        " AND evidence = 'Aplikasi \xE2\x80\x9CSmart Kampung\xE2\x80\x9D'"), 1);
    cr_expect (harness_server_log_has (&server, "op=submit opd=DINKES period=2024-Q2 scores=6"));
    cr_expect (harness_server_log_has (&server, "outcome=accepted"));
}

/*  Evidence travels to PostgreSQL inside array literals: every character
    that means something there must arrive as itself, and a retry must be
    recognised by the same content hash.  */
Test (submit, evidence_with_quotes_braces_and_backslashes_is_stored_exactly)
{
    const char *sid = "0000000000000000000000000000e71d";
    for (int round = 0; round < 2; round++) {
        harness_submit (&run, &server, "--opd", "DINSOS", "--period", "2024-Q2",
                        "--submission-id", sid, "pengawasan=70", "inovasi=71",
                        "--evidence", "pengawasan=LHP \"No. 7\" {2024}, C:\\arsip\\ NULL 'x'",
                        "--evidence", "inovasi=NULL", NULL);
        cr_assert_eq (run.status, 0, "%s", run.output);
    }
    cr_expect (strstr (run.output, "Already stored"), "the retry: %s", run.output);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM current_scores WHERE opd = 'DINSOS' AND component = 'pengawasan'"
        " AND evidence = 'LHP \"No. 7\" {2024}, C:\\arsip\\ NULL ''x'''"), 1);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM current_scores WHERE opd = 'DINSOS' AND component = 'inovasi'"
        " AND evidence = 'NULL'"), 1, "the word NULL is text, not a null");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
}

Test (submit, scores_from_a_csv_file)
{
    char path[] = "/tmp/rapor-csv-XXXXXX";
    int fd = mkstemp (path);
    const char *csv = "component,score,evidence\n"
                      "pengawasan,80.10,\"LHP, semester 1\"\n"
                      "pengadaan,66\n";
    cr_assert_eq (write (fd, csv, strlen (csv)), (ssize_t) strlen (csv));
    close (fd);
    harness_submit (&run, &server, "--opd", "KEC_GLENMORE", "--period", "2024-Q2",
                    "--csv", path, NULL);
    unlink (path);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM current_scores WHERE opd = 'KEC_GLENMORE'"
        " AND ((component = 'pengawasan' AND score_centi = 8010 AND evidence = 'LHP, semester 1')"
        "   OR (component = 'pengadaan' AND score_centi = 6600 AND evidence IS NULL))"), 2);
}

Test (submit, retry_with_the_same_id_is_stored_once_with_the_same_receipt)
{
    const char *sid = "5f1d0c2a9e8b7a6f5e4d3c2b1a098765";
    harness_submit (&run, &server, "--opd", "BAPPEDA", "--period", "2024-Q2",
                    "--submission-id", sid, "pengawasan=70", "inovasi=71", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    char first[sizeof run.output];
    memcpy (first, run.output, sizeof first);
    harness_submit (&run, &server, "--opd", "BAPPEDA", "--period", "2024-Q2",
                    "--submission-id", sid, "pengawasan=70", "inovasi=71", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Already stored"), "%s", run.output);
    cr_expect (strstr (first, "Receipt: 5f1d0c2a9e8b7a6f5e4d3c2b1a098765"));
    cr_expect (strstr (run.output, "Receipt: 5f1d0c2a9e8b7a6f5e4d3c2b1a098765"));
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 2);

    /*  On the wire: the second receipt repeats the first one's time.  */
    static request_t request;
    static reply_t a, b;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.request_id = 7;
    request.kind = REQUEST_SUBMIT;
    harness_valid_submission (&request.submit);
    cr_assert (harness_request (server.endpoint, &request, &a));
    request.request_id = 8;
    cr_assert (harness_request (server.endpoint, &request, &b));
    cr_assert_eq (a.kind, REPLY_RECEIPT);
    cr_assert_eq (b.kind, REPLY_RECEIPT);
    cr_expect_eq (b.request_id, 8, "the reply echoes the request id");
    cr_expect_not (a.receipt.duplicate);
    cr_expect (b.receipt.duplicate);
    cr_expect_eq (a.receipt.stored_at_us, b.receipt.stored_at_us);
    cr_expect_eq (b.receipt.score_count, 6);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 2);
}

Test (submit, lost_reply_is_retried_and_stored_once)
{
    /*  rapord is frozen while the first attempt is in flight; the client
        times out, reopens its socket and resends the same submission. The
        retry budget (20 attempts of 400 ms) is far above the 900 ms freeze, so a
        waker delayed by a busy machine still wakes rapord in time.  */
    kill (server.pid, SIGSTOP);
    pid_t waker = fork ();
    if (waker == 0) {
        usleep (900 * 1000);
        kill (server.pid, SIGCONT);
        _exit (0);
    }
    harness_submit (&run, &server, "--opd", "DISHUB", "--period", "2024-Q2",
                    "--timeout", "400", "--retries", "20", "pengawasan=55.55", NULL);
    waitpid (waker, NULL, 0);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 1);
}

Test (submit, restart_of_rapord_between_submissions)
{
    harness_submit (&run, &server, "--opd", "DISDIK", "--period", "2024-Q2", "inovasi=60", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_server_stop (&server, SIGTERM), 0, "SIGTERM exits 0");
    cr_expect (harness_server_log_has (&server, "rapord stopped"));
    cr_assert (harness_server_start (&server, db.conninfo, NULL));
    harness_submit (&run, &server, "--opd", "DISDIK", "--period", "2024-Q2", "inovasi=65", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 2);
    cr_expect_eq (harness_db_number (&db,
        "SELECT score_centi FROM current_scores WHERE opd = 'DISDIK' AND component = 'inovasi'"),
        6500, "the latest value counts");
}

Test (submit, scores_are_append_only)
{
    harness_submit (&run, &server, "--opd", "DLH", "--period", "2024-Q2", "anggaran=50", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--opd", "DLH", "--period", "2024-Q2", "anggaran=60", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 2, "both kept");
    cr_expect_eq (harness_db_number (&db,
        "SELECT score_centi FROM current_scores WHERE opd = 'DLH'"), 6000);
    cr_expect_eq (harness_db_number (&db,
        "WITH x AS (UPDATE scores SET score_centi = 100 RETURNING 1) SELECT count(*) FROM x"), -1,
        "UPDATE is refused by the trigger");
    cr_expect_eq (harness_db_number (&db,
        "WITH x AS (DELETE FROM submissions RETURNING 1) SELECT count(*) FROM x"), -1);
    cr_expect_eq (harness_db_number (&db, "SELECT min(score_centi) FROM scores"), 5000);
}

Test (submit, ping_answers_with_the_server_version)
{
    static request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.request_id = 99;
    request.kind = REQUEST_PING;
    cr_assert (harness_request (server.endpoint, &request, &reply));
    cr_expect_eq (reply.kind, REPLY_PONG);
    cr_expect_eq (reply.request_id, 99);
    cr_expect (strstr (reply.server_version, "rapord"));
}

/*  The database itself refuses submissions and scores that name nothing,
    and keeps what they name (005's statement checks, not foreign keys).  */
Test (submit, the_database_refuses_what_names_nothing)
{
    harness_submit (&run, &server, "--opd", "BKPSDM", "--period", "2024-Q2", "inovasi=60", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    const char *submission = "INSERT INTO submissions (submission_uuid, period_id, opd_id,"
        " content_sha256, request_id, submitter_opd_id)"
        " SELECT '\\x00112233445566778899aabbccddee%s'::bytea, %s, %s, sha256('x'::bytea), 1, %s";
    const char *period = "(SELECT id FROM periods WHERE code = '2024-Q2')";
    const char *opd = "(SELECT id FROM opds WHERE code = 'BKPSDM')";
    char sql[700];
    snprintf (sql, sizeof sql, submission, "01", "999999", opd, opd);
    cr_expect_eq (harness_db_command (&db, sql), -1, "a period that does not exist");
    snprintf (sql, sizeof sql, submission, "02", period, "999999", opd);
    cr_expect_eq (harness_db_command (&db, sql), -1, "an OPD that does not exist");
    snprintf (sql, sizeof sql, submission, "03", period, opd, "999999");
    cr_expect_eq (harness_db_command (&db, sql), -1, "a submitter that does not exist");
    cr_expect_eq (harness_db_command (&db, "INSERT INTO scores (submission_id, component_id,"
                                           " score_centi) VALUES (999999, 1, 5000)"), -1,
                  "a score of a submission that does not exist");
    cr_expect_eq (harness_db_command (&db, "INSERT INTO scores (submission_id, component_id,"
                                           " score_centi) SELECT max(id), 9, 5000 FROM submissions"),
                  -1, "a component that does not exist");
    snprintf (sql, sizeof sql, submission, "04", period, opd, opd);
    cr_expect_eq (harness_db_command (&db, sql), 0, "what names real rows goes in");
    cr_expect_eq (harness_db_command (&db, "DELETE FROM opds WHERE code = 'BKPSDM'"), -1,
                  "an OPD with submissions is kept");
    cr_expect_eq (harness_db_command (&db, "UPDATE periods SET id = id + 1000"
                                           " WHERE code = '2024-Q2'"), -1);
    cr_expect_eq (harness_db_command (&db, "DELETE FROM components WHERE id = 6"), -1);
    cr_expect_eq (harness_db_command (&db, "UPDATE components SET id = 7 WHERE id = 6"), -1);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 2);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 1);
}
