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

/*  An assessor's sheet as Excel with Indonesian settings saves it (BOM,
    ';', CRLF, decimal commas), one row per OPD for `opds` active OPDs of
    the demo, plus `extra` appended as is. Returns the OPD count.  */
static int
s_write_sheet (char *path, const char *extra)
{
    static char codes[100][64];
    int n = harness_db_column (&db, "SELECT code FROM opds WHERE active ORDER BY code", codes, 100);
    int fd = mkstemp (path);
    cr_assert (fd >= 0);
    FILE *f = fdopen (fd, "w");
    fputs ("\xEF\xBB\xBFopd;komponen;nilai;bukti\r\n", f);
    for (int i = 0; i < n; i++)
        fprintf (f, "%s;inovasi;%d,%d;\"Inovasi %s; tahap %d\"\r\n", codes[i], 40 + i % 60,
                 i % 10, codes[i], i);
    fputs (extra, f);
    fclose (f);
    return n;
}

/*  The receipts of a sheet's run, in order, as one string.  */
static void
s_receipts (const char *output, char *buf, size_t size)
{
    buf[0] = '\0';
    for (const char *p = output; (p = strstr (p, "receipt ")) != NULL; p += 8) {
        size_t used = strlen (buf);
        snprintf (buf + used, size - used, "%.32s ", p + 8);
    }
}

Test (submit, an_assessors_sheet_of_every_opd_is_stored_once_and_retried)
{
    char path[] = "/tmp/rapor-sheet-XXXXXX";
    int n = s_write_sheet (path, "");
    cr_assert_eq (n, 67, "the demo's OPDs (deploy/banyuwangi-opd.sql)");
    harness_submit (&run, &server, "--verified", "--as", "BAPPEDA", "--period", "2024-Q2",
                    "--csv", path, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, ": 67 OPD: 67 accepted, 0 refused."), "%s", run.output);
    cr_expect (strstr (run.output, "67 rows for 67 OPD, verified scores for 2024-Q2, sent by "
                                   "BAPPEDA"), "%s", run.output);
    cr_expect (strstr (run.output, "[1/67] "), "%s", run.output);
    static char first[67 * 40];
    s_receipts (run.output, first, sizeof first);
    cr_expect_eq (strlen (first), 67 * 33, "%s", first);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"
                                          " WHERE kind = 'verified'"), 67);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 67);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM current_scores c JOIN opds o ON o.code = c.opd"
        " WHERE c.component = 'inovasi' AND c.evidence = 'Inovasi ' || o.code || '; tahap '"
        "   || (SELECT count(*) FROM opds p WHERE p.active AND p.code < o.code)"), 67);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions s JOIN opds o"
                                          " ON o.id = s.submitter_opd_id WHERE o.code = 'BAPPEDA'"),
                  67, "BAPPEDA sent them all");

    /*  The retry of the whole file: nothing new, the same receipts.  */
    harness_submit (&run, &server, "--verified", "--as", "BAPPEDA", "--period", "2024-Q2",
                    "--csv", path, NULL);
    unlink (path);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "67 accepted, 0 refused"), "%s", run.output);
    cr_expect (strstr (run.output, "already stored earlier"), "%s", run.output);
    static char again[67 * 40];
    s_receipts (run.output, again, sizeof again);
    cr_expect_str_eq (again, first);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 67);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 67);
}

Test (submit, a_sheet_with_wrong_rows_names_them_sends_the_rest_and_exits_1)
{
    char path[] = "/tmp/rapor-sheet-XXXXXX";
    int fd = mkstemp (path);
    const char *text = "opd,component,score,evidence\r\n"
                       "DINKES,inovasi,\"87,5\",\r\n"
                       "DISHUB,inovasi,80%\r\n"
                       "NOSUCHOPD,inovasi,70\r\n"
                       "DISDIK,perencanaan,90.25,RKPD\r\n";
    cr_assert_eq (write (fd, text, strlen (text)), (ssize_t) strlen (text));
    close (fd);
    harness_submit (&run, &server, "--verified", "--as", "BAPPEDA", "--period", "2024-Q2",
                    "--csv", path, NULL);
    unlink (path);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "4 OPD: 2 accepted, 2 refused."), "%s", run.output);
    cr_expect (strstr (run.output, "line 3, column 3 (score): the score for inovasi is '80%'"),
               "%s", run.output);
    cr_expect (strstr (run.output, "NOSUCHOPD (line 4): Rejected"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), 2);
    cr_expect_eq (harness_db_number (&db, "SELECT sum(score_centi) FROM scores"), 8750 + 9025);
}

Test (submit, what_users_get_wrong_is_named)
{
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "--csv", "/nonexistent/nosuch.csv", NULL);
    cr_expect_eq (run.status, 2, "%s", run.output);
    cr_expect (strstr (run.output, "cannot read /nonexistent/nosuch.csv: No such file or "
                                   "directory"), "%s", run.output);
    const char *argv[] = { RAPOR_SUBMIT_PATH, "--server", "127.0.0.1:37700", "--opd", "DINKES",
                           "--period", "2024-Q2", "--insecure-plaintext-dev", "inovasi=80",
                           NULL };
    harness_run (&run, argv);
    cr_expect_eq (run.status, 2, "%s", run.output);
    cr_expect (strstr (run.output, "write the address as tcp://HOST:PORT"), "%s", run.output);
    /*  The server's secret certificate where its public key belongs.  */
    char secret[600];
    snprintf (secret, sizeof secret, "%s_secret", harness_server_key ());
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "--key", harness_key ("DINKES", "opd"), "--server-key", secret,
                    "inovasi=80", NULL);
    cr_expect_eq (run.status, 2, "%s", run.output);
    cr_expect (strstr (run.output, "SECRET certificate"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 0);
    /*  A period written wrong is a usage error, not an unreachable server.  */
    const char *watch[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--period", "2026q4",
                            "--once", "--insecure-plaintext-dev", NULL };
    harness_run (&run, watch);
    cr_expect_eq (run.status, 2, "%s", run.output);
    cr_expect (strstr (run.output, "like 2026-Q4"), "%s", run.output);
}
