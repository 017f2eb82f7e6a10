/*  Faults under load: rapord killed, PostgreSQL restarted or paused, a
    dashboard killed. Every acknowledged submission must be in the
    database, none twice, and every client must end with its receipts.
    Bounded: each test stops by itself.  */
#include "harness.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CLIENTS 32
#define EACH 8

static test_db_t db;
static test_server_t server;
static char codes[CLIENTS][64];
static pid_t clients[CLIENTS];
static char outs[CLIENTS][800];

static void
s_usleep (long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    nanosleep (&ts, NULL);
}

/*  Starts the load: CLIENTS OPDs, EACH submissions each.  */
static void
s_start_clients (const char *dir)
{
    int n = harness_db_column (&db, "SELECT code FROM opds WHERE active AND code <> 'INSPEKTORAT'"
                                    " ORDER BY code", codes, CLIENTS);
    cr_assert_eq (n, CLIENTS);
    for (int i = 0; i < CLIENTS; i++) {
        snprintf (outs[i], sizeof outs[i], "%.700s/client-%02d", dir, i);
        static char keys[CLIENTS][700], each[8];
        snprintf (keys[i], sizeof keys[i], "%s", harness_key (codes[i], "opd"));
        snprintf (each, sizeof each, "%d", EACH);
        const char *argv[] = { "/bin/sh", harness_source_path ("tests/fault/client.sh"),
                               RAPOR_SUBMIT_PATH, server.endpoint, keys[i], harness_server_key (),
                               codes[i], each, outs[i], NULL };
        char log[820];
        snprintf (log, sizeof log, "%.800s.out", outs[i]);
        clients[i] = harness_spawn (argv, log);
        cr_assert_gt (clients[i], 0);
    }
}

/*  Waits for every client, then checks that each receipt is stored once
    and nothing else was stored.  */
static void
s_check_clients (void)
{
    long receipts = 0;
    for (int i = 0; i < CLIENTS; i++) {
        cr_expect_eq (harness_wait (clients[i], 180000), 0, "client %s did not finish", codes[i]);
        FILE *f = fopen (outs[i], "r");
        cr_assert (f, "client %s has no receipts", codes[i]);
        char line[128];
        int mine = 0;
        while (fgets (line, sizeof line, f)) {
            line[strcspn (line, "\n")] = '\0';
            char sql[256];
            snprintf (sql, sizeof sql, "SELECT count(*) FROM submissions"
                      " WHERE submission_uuid = decode('%.32s', 'hex')", line);
            cr_expect_eq (harness_db_number (&db, sql), 1, "receipt %s not stored once", line);
            mine++;
        }
        fclose (f);
        cr_expect_eq (mine, EACH, "client %s has %d receipts", codes[i], mine);
        receipts += mine;
    }
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), receipts,
                  "stored submissions = receipts held");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM scores"), receipts);
}

static char s_dir[700];

static void
s_workdir (void)
{
    snprintf (s_dir, sizeof s_dir, "%.600s/../fault-XXXXXX", harness_keys_dir ());
    cr_assert (mkdtemp (s_dir));
}

TestSuite (fault, .timeout = 400);

Test (fault, rapord_killed_again_and_again_under_load)
{
    cr_assert (harness_start (&db, &server));
    s_workdir ();
    char endpoint[256], pub[256];
    snprintf (endpoint, sizeof endpoint, "%s", server.endpoint);
    snprintf (pub, sizeof pub, "%s", server.pub_endpoint);
    s_start_clients (s_dir);
    srand ((unsigned) getpid ());
    for (int kill_no = 0; kill_no < 5; kill_no++) {
        s_usleep (300000 + rand () % 700000);
        kill (server.pid, SIGKILL);
        waitpid (server.pid, NULL, 0);
        server.pid = 0;
        const char *same[] = { "--endpoint", endpoint, "--pub-endpoint", pub,
                               "--key-requests-per-second", "0", NULL };
        cr_assert (harness_server_start (&server, db.conninfo, same), "restart %d", kill_no);
    }
    s_check_clients ();
    harness_server_stop (&server, SIGTERM);
}

/*  A private PostgreSQL, because these tests stop it.  */
static char s_cluster[700];

static int
s_pg (const char *command)
{
    return harness_cluster (s_cluster, command);
}

static void
s_pg_signal (int sig)
{
    cr_assert (harness_cluster_signal (s_cluster, sig));
}

static void
s_private_start (void)
{
    cr_assert (harness_cluster_start (&db, s_cluster));
    const char *extra[] = { "--db-timeout-ms", "1000", "--key-requests-per-second", "0", NULL };
    cr_assert (harness_server_start (&server, db.conninfo, extra));
    s_workdir ();
}

static void
s_private_stop (void)
{
    harness_server_stop (&server, SIGTERM);
    s_pg ("stop");
}

Test (fault, postgresql_restarted_under_load)
{
    s_private_start ();
    s_start_clients (s_dir);
    s_usleep (700000);
    cr_assert_eq (s_pg ("stop"), 0);
    s_usleep (1500000);
    cr_assert_eq (s_pg ("start"), 0);
    s_check_clients ();
    cr_expect (harness_server_log_has (&server, "database connection restored"));
    s_private_stop ();
}

Test (fault, postgresql_paused_longer_than_the_client_timeout)
{
    s_private_start ();
    s_start_clients (s_dir);
    s_usleep (700000);
    s_pg_signal (SIGSTOP);
    s_usleep (3000000);         /*  clients wait 700 ms per attempt  */
    s_pg_signal (SIGCONT);
    s_check_clients ();
    s_private_stop ();
}

Test (fault, a_dashboard_killed_while_rankings_are_published_misses_nothing)
{
    cr_assert (harness_start (&db, &server));
    s_workdir ();
    char out[720], state[720], key[700];
    snprintf (out, sizeof out, "%.700s/watch", s_dir);
    snprintf (state, sizeof state, "%.700s/watch.state", s_dir);
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                           server.pub_endpoint, "--json", "--state", state, "--key", key,
                           "--server-key", harness_server_key (), NULL };
    pid_t watcher = harness_spawn (argv, out);
    test_run_t run;
    const char *periods[] = { "2030-Q1", "2030-Q2", "2030-Q3", "2030-Q4", "2031-Q1", "2031-Q2" };
    for (int i = 0; i < 6; i++) {
        if (i == 2)
            kill (watcher, SIGKILL);        /*  gone for two announcements  */
        if (i == 4) {
            waitpid (watcher, NULL, 0);
            watcher = harness_spawn (argv, out);
        }
        harness_admin (&run, &server, "open", periods[i], NULL);
        harness_admin (&run, &server, "close", periods[i], NULL);
        harness_admin (&run, &server, "finalize", periods[i], NULL);
        cr_assert_eq (run.status, 0, "%s", run.output);
        s_usleep (200000);
    }
    /*  Sequence 1 is the fixture's; the six announced here are 2 to 7.  */
    char want[64];
    for (int seq = 2; seq <= 7; seq++) {
        snprintf (want, sizeof want, "\"seq\":%d,", seq);
        bool seen = false;
        for (int tries = 0; tries < 100 && !seen; tries++) {
            FILE *f = fopen (out, "r");
            char line[1 << 16];
            while (f && !seen && fgets (line, sizeof line, f))
                seen = strstr (line, want) != NULL;
            if (f)
                fclose (f);
            if (!seen)
                s_usleep (100000);
        }
        cr_expect (seen, "ranking %d never shown", seq);
    }
    kill (watcher, SIGTERM);
    harness_wait (watcher, 10000);
    harness_server_stop (&server, SIGTERM);
}
