/*  rapor-watch never skips a ranking for good. It counts a ranking as
    seen (and writes that to its --state file) only once it holds it; when
    fetching the rankings it missed fails, it tries again at the next
    heartbeat, and it shows every ranking, oldest first.

    The setup, with real rapords on one database: the watcher listens to
    rapord A's broadcasts and asks rapord B. B finalizes a quarter (seq 2,
    broadcast where the watcher does not listen), then stops; A finalizes
    another (seq 3). The watcher hears 3, sees the gap, and cannot fetch 2.
    Before, it showed 3 and saved 3, so 2 never came. Then B returns on
    its port and the watcher must fill the gap.  */
#include "served.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

SERVED_SUITE (watch);

static long
s_ms_since (const struct timespec *start)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/*  Waits until the file contains `text`, up to timeout_ms; checks the
    state file at every look: it must never be past `state_max`.  */
static bool
s_wait_for (const char *out, const char *text, const char *state, long state_max,
            long timeout_ms)
{
    struct timespec start;
    clock_gettime (CLOCK_MONOTONIC, &start);
    while (true) {
        long seen = atol (harness_read_file (state));
        cr_assert_leq (seen, state_max, "the state file says %ld, past a ranking not shown",
                       seen);
        if (strstr (harness_read_file (out), text))
            return true;
        if (s_ms_since (&start) > timeout_ms)
            return false;
        usleep (10000);     /*  polling a file, not waiting out an event  */
    }
}

/*  Waits until the state file says `want`: rapor-watch writes it just
    after it prints the ranking, so the output may show it first.  */
static bool
s_wait_state (const char *state, long want, long timeout_ms)
{
    struct timespec start;
    clock_gettime (CLOCK_MONOTONIC, &start);
    while (atol (harness_read_file (state)) != want) {
        if (s_ms_since (&start) > timeout_ms)
            return false;
        usleep (10000);     /*  polling a file, not waiting out an event  */
    }
    return true;
}

Test (watch, a_failed_catch_up_is_retried_and_nothing_is_skipped)
{
    char out[] = "/tmp/rapor-watch-retry-XXXXXX", state[] = "/tmp/rapor-watch-state-XXXXXX";
    close (mkstemp (out));
    close (mkstemp (state));
    unlink (state);             /*  no state yet: the watcher starts with the snapshot  */

    test_server_t b;
    cr_assert (harness_server_start (&b, db.conninfo, NULL));
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WATCH_PATH, "--server", b.endpoint, "--broadcast",
                           server.pub_endpoint, "--json", "--state", state, "--timeout", "300",
                           "--key", key, "--server-key", harness_server_key (), NULL };
    pid_t watcher = harness_spawn (argv, out);
    cr_assert (s_wait_for (out, "\"seq\":1,", state, 1, 10000),
               "the watcher did not show the fixture's ranking: %s", harness_read_file (out));
    cr_assert (s_wait_state (state, 1, 10000), "state: '%s'", harness_read_file (state));

    /*  Seq 2, broadcast by B only.  */
    test_run_t r;
    harness_admin (&r, &b, "open", "2024-Q4", NULL);
    harness_admin (&r, &b, "close", "2024-Q4", NULL);
    harness_admin (&r, &b, "finalize", "2024-Q4", "--force", "uji", NULL);
    cr_assert_eq (r.status, 0, "%s", r.output);
    char b_endpoint[256], b_pub[256];
    snprintf (b_endpoint, sizeof b_endpoint, "%s", b.endpoint);
    snprintf (b_pub, sizeof b_pub, "%s", b.pub_endpoint);
    cr_assert_eq (harness_server_stop (&b, SIGTERM), 0);

    /*  Seq 3, broadcast by A: the watcher cannot fetch 2 now.  */
    harness_admin (&run, &server, "finalize", "2024-Q1", "--force", "uji", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_assert (s_wait_for (out, "could not fetch the missed rankings", state, 1, 20000),
               "the catch-up did not fail: %s", harness_read_file (out));
    cr_expect_eq (atol (harness_read_file (state)), 1, "the state file moved past ranking 2");
    cr_expect_null (strstr (harness_read_file (out), "\"seq\":3,"), "ranking 3 was shown before 2");

    /*  B returns on its port: the next heartbeats fill the gap.  */
    const char *same_ports[] = { "--endpoint", b_endpoint, "--pub-endpoint", b_pub, NULL };
    cr_assert (harness_server_start (&b, db.conninfo, same_ports));
    cr_expect (s_wait_for (out, "\"seq\":3,", state, 3, 30000),
               "the watcher never showed every ranking: %s", harness_read_file (out));
    const char *text = harness_read_file (out);
    const char *two = strstr (text, "\"seq\":2,"), *three = strstr (text, "\"seq\":3,");
    cr_expect (two && three && two < three, "not 2 then 3: %s", text);
    cr_expect (strstr (text, "\"period\":\"2024-Q4\""), "%s", text);
    cr_expect (s_wait_state (state, 3, 10000), "state: '%s'", harness_read_file (state));

    kill (watcher, SIGTERM);
    cr_expect_eq (harness_wait (watcher, 10000), 0);
    harness_server_stop (&b, SIGTERM);
    unlink (out);
    unlink (state);
}

/*  Waits until the file contains `text`, up to timeout_ms.  */
static bool
s_wait_text (const char *path, const char *text, long timeout_ms)
{
    struct timespec start;
    clock_gettime (CLOCK_MONOTONIC, &start);
    while (!strstr (harness_read_file (path), text)) {
        if (s_ms_since (&start) > timeout_ms)
            return false;
        usleep (10000);     /*  polling a file, not waiting out an event  */
    }
    return true;
}

/*  An endpoint on a loopback port that was free a moment ago, for a
    rapord that must start after its client.  */
static void
s_free_endpoint (char *endpoint, size_t size)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    cr_assert_geq (fd, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    cr_assert_eq (bind (fd, (struct sockaddr *) &a, sizeof a), 0);
    cr_assert_eq (getsockname (fd, (struct sockaddr *) &a, &len), 0);
    snprintf (endpoint, size, "tcp://127.0.0.1:%u", ntohs (a.sin_port));
    close (fd);
}

/*  A rapor-watch started before any rapord: its output file, the two
    endpoints the server will have, and the process.  */
typedef struct {
    char out[40];
    char endpoint[64];
    char pub[64];
    pid_t pid;
} early_watch_t;

/*  Starts rapor-watch with a dashboard key against endpoints where nothing
    listens yet; extra holds the options the test adds (NULL-terminated).  */
static void
s_watch_without_server (early_watch_t *w, const char *const extra[])
{
    snprintf (w->out, sizeof w->out, "/tmp/rapor-watch-early-XXXXXX");
    close (mkstemp (w->out));
    s_free_endpoint (w->endpoint, sizeof w->endpoint);
    s_free_endpoint (w->pub, sizeof w->pub);
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[24] = { RAPOR_WATCH_PATH, "--server", w->endpoint, "--broadcast", w->pub,
                             "--key", key, "--server-key", harness_server_key () };
    size_t n = 9;
    for (size_t i = 0; extra[i] && n + 1 < sizeof argv / sizeof argv[0]; i++)
        argv[n++] = extra[i];
    w->pid = harness_spawn (argv, w->out);
    cr_assert_gt (w->pid, 0);
}

/*  The hall PC boots before the server: rapor-watch waits, says so with
    its back-off, and shows the ranking once rapord is up.  */
Test (watch, a_server_that_starts_later_is_waited_for)
{
    early_watch_t w;
    const char *extra[] = { "--json", "--once", "--timeout", "300", NULL };
    s_watch_without_server (&w, extra);
    /*  Past the first attempts (300, 600, 600 ms): it has said that it waits.  */
    cr_assert (s_wait_text (w.out, "waiting for the server at", 20000),
               "rapor-watch did not say it waits: %s", harness_read_file (w.out));
    cr_assert (s_wait_text (w.out, "asking again in 2 s", 20000),
               "no back-off: %s", harness_read_file (w.out));
    test_server_t later;
    const char *ports[] = { "--endpoint", w.endpoint, "--pub-endpoint", w.pub, NULL };
    cr_assert (harness_server_start (&later, db.conninfo, ports));
    cr_expect_eq (harness_wait (w.pid, 60000), 0, "%s", harness_read_file (w.out));
    cr_expect (strstr (harness_read_file (w.out), "\"seq\":1,"), "the fixture's ranking: %s",
               harness_read_file (w.out));
    harness_server_stop (&later, SIGTERM);
    unlink (w.out);
}

Test (watch, wait_seconds_gives_up)
{
    early_watch_t w;
    const char *extra[] = { "--timeout", "200", "--wait-seconds", "2", NULL };
    s_watch_without_server (&w, extra);
    cr_expect_eq (harness_wait (w.pid, 30000), 3, "%s", harness_read_file (w.out));
    cr_expect (strstr (harness_read_file (w.out), "gave up waiting for the server at"), "%s",
               harness_read_file (w.out));
    const char *bad[] = { RAPOR_WATCH_PATH, "--wait-seconds", "soon", NULL };
    test_run_t t;
    harness_run (&t, bad);
    cr_expect_eq (t.status, 2, "%s", t.output);
    cr_expect (strstr (t.output, "--wait-seconds 'soon'"), "%s", t.output);
    unlink (w.out);
}
