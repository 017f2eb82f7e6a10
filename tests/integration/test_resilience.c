/*  rapord when PostgreSQL is missing, stopped or paused: a clear answer,
    never a hang, and recovery without a restart. These tests run their own
    private PostgreSQL, because they stop it.  */
#include "clock.h"
#include "harness.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
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
    /*  300 ms, then twice that for the retry (rpc.h): the patience it reports.  */
    cr_expect (strstr (run.output, "after 2 attempts in 0.90 s"), "%s", run.output);
}

/*  systemd's side of sd_notify(3): a unix datagram socket whose path is
    NOTIFY_SOCKET in rapord's environment.  */
typedef struct {
    int fd;
    char path[108];
    char seen[8192];            /*  every datagram so far, one per line  */
} notify_t;

static void
s_notify_open (notify_t *n)
{
    memset (n, 0, sizeof *n);
    snprintf (n->path, sizeof n->path, "/tmp/rapor-notify-%d", (int) getpid ());
    unlink (n->path);
    n->fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    cr_assert_geq (n->fd, 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf (addr.sun_path, sizeof addr.sun_path, "%s", n->path);
    cr_assert_eq (bind (n->fd, (struct sockaddr *) &addr, sizeof addr), 0);
    setenv ("NOTIFY_SOCKET", n->path, 1);
}

/*  Reads datagrams until one contains `text` or timeout_ms passed.  */
static bool
s_notify_wait (notify_t *n, const char *text, long timeout_ms)
{
    long deadline = clock_now_ms () + timeout_ms;
    while (!strstr (n->seen, text)) {
        long left = deadline - clock_now_ms ();
        struct pollfd pfd = { .fd = n->fd, .events = POLLIN };
        if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
            return strstr (n->seen, text) != NULL;
        char message[1024];
        ssize_t got = recv (n->fd, message, sizeof message - 1, 0);
        if (got > 0 && strlen (n->seen) + (size_t) got + 2 < sizeof n->seen) {
            message[got] = 0;
            strcat (n->seen, message);
            strcat (n->seen, "\n");
        }
    }
    return true;
}

static void
s_notify_close (notify_t *n)
{
    unsetenv ("NOTIFY_SOCKET");
    close (n->fd);
    unlink (n->path);
}

/*  At boot rapord may start before PostgreSQL: it waits, logs each retry,
    and tells systemd READY=1 only once it can serve; it pings the
    watchdog from its loop and says STOPPING=1 on SIGTERM.  */
Test (outage, rapord_waits_for_the_database_and_is_ready_only_then)
{
    cr_assert_eq (s_pg ("stop"), 0);
    notify_t n;
    s_notify_open (&n);
    setenv ("WATCHDOG_USEC", "400000", 1);
    const char *wait[] = { "--database-wait-seconds", "-1", NULL };
    cr_assert (harness_server_spawn (&server, db.conninfo, wait));
    cr_assert (harness_server_log_wait (&server, NULL, "waiting for the database attempt=2", 1,
                                        30000), "rapord did not retry the database");
    cr_expect (server.pid > 0 && kill (server.pid, 0) == 0, "rapord exited without a database");
    cr_expect (s_notify_wait (&n, "STATUS=waiting for the database", 1000));
    cr_expect_not (strstr (n.seen, "READY=1"), "READY before the database was up: %s", n.seen);
    cr_assert_eq (s_pg ("start"), 0);
    cr_assert (s_notify_wait (&n, "READY=1", 60000), "no READY=1 after the database came: %s",
               n.seen);
    cr_assert (harness_server_wait_bound (&server, 5000));
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=70", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    /*  Half of WATCHDOG_USEC apart: two pings within 5 s, loaded or not.  */
    n.seen[0] = 0;
    cr_expect (s_notify_wait (&n, "WATCHDOG=1\nWATCHDOG=1", 5000), "watchdog pings: %s", n.seen);
    cr_expect_eq (harness_server_stop (&server, SIGTERM), 0);
    cr_expect (s_notify_wait (&n, "STOPPING=1", 2000), "no STOPPING=1: %s", n.seen);
    unsetenv ("WATCHDOG_USEC");
    s_notify_close (&n);
}
