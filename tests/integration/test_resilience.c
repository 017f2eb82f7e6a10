/*  rapord when PostgreSQL is missing, stopped or paused: a clear answer,
    never a hang, and recovery without a restart. These tests run their own
    private PostgreSQL, because they stop it.  */
#include "harness.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char cluster[700];
static test_db_t db;
static test_server_t server;
static test_run_t run;

static int
s_pg (const char *command)
{
    return harness_cluster (cluster, command);
}

static void
s_pg_signal (int sig)
{
    cr_assert (harness_cluster_signal (cluster, sig));
}

static void
setup (void)
{
    cr_assert (harness_cluster_start (&db, cluster), "private PostgreSQL did not start");
}

static void
teardown (void)
{
    if (server.pid > 0)
        harness_server_stop (&server, SIGTERM);
    s_pg_signal (SIGCONT);
    s_pg ("kill");
    char cmd[800];
    snprintf (cmd, sizeof cmd, "rm -rf '%.700s'", cluster);
    if (system (cmd) != 0)
        fprintf (stderr, "could not remove %s\n", cluster);
}

TestSuite (outage, .init = setup, .fini = teardown, .timeout = 180);

Test (outage, stopped_database_gives_unavailable_then_recovers)
{
    cr_assert (harness_server_start (&server, db.conninfo, NULL));
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=70", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);

    cr_assert_eq (s_pg ("stop"), 0);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "--timeout", "3000", "--retries", "2", "inovasi=71", NULL);
    cr_expect_eq (run.status, 3, "exit 3 = unreachable/unavailable: %s", run.output);
    cr_expect (strstr (run.output, "unavailable"), "%s", run.output);
    cr_expect (strstr (run.output, "--submission-id"), "tells how to retry: %s", run.output);
    cr_expect (harness_server_log_has (&server, "outcome=unavailable"));

    cr_assert_eq (s_pg ("start"), 0);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=72", NULL);
    cr_expect_eq (run.status, 0, "rapord reconnected by itself: %s", run.output);
    cr_expect (harness_server_log_has (&server, "database connection restored"));
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 2);
}

Test (outage, paused_database_gives_unavailable_not_a_hang)
{
    const char *extra[] = { "--db-timeout-ms", "1000", NULL };
    cr_assert (harness_server_start (&server, db.conninfo, extra));
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=70", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);

    s_pg_signal (SIGSTOP);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2",
                    "--timeout", "3000", "--retries", "2", "inovasi=71", NULL);
    s_pg_signal (SIGCONT);
    cr_expect_eq (run.status, 3, "%s", run.output);
    cr_expect (strstr (run.output, "unavailable"), "%s", run.output);

    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=72", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    /*  The paused attempt may have committed or not; never twice, and the
        two acknowledged ones are there.  */
    long stored = harness_db_number (&db, "SELECT count(*) FROM submissions");
    cr_expect (stored == 2 || stored == 3, "stored %ld", stored);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM scores WHERE score_centi IN (7000, 7200)"), 2);
}

Test (outage, rapord_without_a_database_refuses_to_start)
{
    char conninfo[800];
    snprintf (conninfo, sizeof conninfo, "host=%.700s/nowhere port=5432 dbname=rapor", cluster);
    cr_expect_not (harness_server_start (&server, conninfo, NULL), "started without a database");
    cr_expect (harness_server_log_has (&server, "cannot connect to the database"));
}

Test (outage, rapord_refuses_an_unmigrated_database)
{
    char cmd[800];
    snprintf (cmd, sizeof cmd, "createdb -h '%.700s' -p 5432 -U postgres empty", cluster);
    cr_assert_eq (system (cmd), 0);
    char conninfo[800];
    snprintf (conninfo, sizeof conninfo, "host=%.700s port=5432 dbname=empty user=postgres",
              cluster);
    cr_expect_not (harness_server_start (&server, conninfo, NULL));
    cr_expect (harness_server_log_has (&server, "run rapor-migrate"));
}

Test (outage, no_server_means_exit_3_with_advice)
{
    test_server_t nobody;
    memset (&nobody, 0, sizeof nobody);
    snprintf (nobody.endpoint, sizeof nobody.endpoint, "tcp://127.0.0.1:9");
    harness_submit (&run, &nobody, "--opd", "DINKES", "--period", "2024-Q2",
                    "--timeout", "300", "--retries", "2", "inovasi=70", NULL);
    cr_expect_eq (run.status, 3, "%s", run.output);
    cr_expect (strstr (run.output, "No answer from the Rapor server"), "%s", run.output);
    cr_expect (strstr (run.output, "after 2 attempts"), "%s", run.output);
}
