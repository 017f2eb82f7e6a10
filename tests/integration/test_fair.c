/*  A fair loop: however busy the request socket is, every pass of
    rapord's loop also sends the heartbeat that is due. K clients keep
    one request each in flight for a while; a subscriber meanwhile
    measures the time between heartbeats.

    The target (twice the setting) is a speed figure, and tests never fail
    on timing: on a loaded 2-core machine, and more so under the
    sanitizers, rapord can be descheduled or wait on PostgreSQL for longer
    than that (CI once saw 4 of 40 gaps over 400 ms, one of 520 ms, with
    the loop as fair as ever). So each run prints its wall-clock figures
    (the "fair:" line), and the assertions use what rapord's own thread
    did between two heartbeats: its CPU time, read from /proc when each
    heartbeat arrives. Time spent descheduled or waiting on the database
    is not work the loop chose to do before the heartbeat, so it does not
    count. An unfair loop, one that takes requests while any are waiting,
    spends its CPU answering them and sends no heartbeat: the old loop
    left gaps of 1,090 and 4,167 ms at a 200 ms setting, and with the
    per-pass bound taken out, today's loop left one of 6.9 s, 3.4 s of it
    rapord's CPU time. A
    fair loop uses at most the setting and one pass. The CPU time is read
    when a heartbeat arrives, and the listener may be descheduled between
    the two, so the bound has room: no gap, the time after the last
    heartbeat included, may hold more than five times the setting of
    rapord's CPU time.  */
#include "harness.h"
#include "clock.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#define K 32
#define HEARTBEAT_MS 200

TestSuite (fair, .timeout = 120);

typedef struct {
    long max_cpu_gap_ms;        /*  most CPU rapord's loop used between two heartbeats  */
    bool cpu_unreadable;
    long max_gap_ms;            /*  longest time between two heartbeats  */
    long max_sent_gap_ms;       /*  the same by their sent_at_us: rapord's part  */
    long late;                  /*  gaps over twice the setting  */
    long heartbeats;
    long answered;              /*  replies the K clients got  */
    long receipts;
} fair_t;

/*  The subscriber: its own thread, so that a heartbeat is timed when it
    arrives, not when the busy client loop gets to it.  */
typedef struct {
    test_sub_t sub;
    pid_t server;               /*  whose main thread runs the loop  */
    volatile int stop;
    fair_t *out;
} listener_t;

/*  CPU time, user and system, that rapord's main thread (the loop; not
    libzmq's I/O threads) has used so far, in ms; -1 if unreadable. It
    runs on the listener's thread, where Criterion cannot assert.  */
static long
s_loop_cpu_ms (pid_t pid)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/%d/task/%d/stat", (int) pid, (int) pid);
    FILE *file = fopen (path, "r");
    if (!file)
        return -1;
    char line[1024];
    char *read = fgets (line, sizeof line, file);
    fclose (file);
    /*  Fields 14 and 15; the name in field 2 may hold spaces, so count
        from its closing parenthesis.  */
    const char *p = read ? strrchr (line, ')') : NULL;
    unsigned long utime = 0, stime = 0;
    if (!p || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                      &utime, &stime) != 2)
        return -1;
    return (long) ((utime + stime) * 1000 / (unsigned long) sysconf (_SC_CLK_TCK));
}

static void
s_note_cpu_gap (fair_t *out, long cpu_ms, long last_cpu_ms)
{
    if (cpu_ms < 0 || last_cpu_ms < 0)
        out->cpu_unreadable = true;
    else
    if (cpu_ms - last_cpu_ms > out->max_cpu_gap_ms)
        out->max_cpu_gap_ms = cpu_ms - last_cpu_ms;
}

static void *
s_listen (void *arg)
{
    listener_t *self = arg;
    int64_t last = clock_now_ms ();
    long last_cpu = s_loop_cpu_ms (self->server);
    int64_t last_sent_us = 0;
    while (!self->stop) {
        zmq_pollitem_t item = { self->sub.socket, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 20) <= 0)
            continue;
        char topic[64];
        zmq_msg_t body;
        zmq_msg_init (&body);
        broadcast_t b;
        memset (&b, 0, sizeof b);
        int64_t now = clock_now_ms ();
        long cpu = s_loop_cpu_ms (self->server);
        bool ok = zmq_recv (self->sub.socket, topic, sizeof topic, 0) >= 0
               && zmq_msg_recv (&body, self->sub.socket, 0) >= 0
               && codec_broadcast_decode (zmq_msg_data (&body), zmq_msg_size (&body), &b);
        zmq_msg_close (&body);
        if (ok && b.kind == BROADCAST_HEARTBEAT) {
            fair_t *out = self->out;
            if (now - last > out->max_gap_ms)
                out->max_gap_ms = (long) (now - last);
            if (now - last > 2 * HEARTBEAT_MS)
                out->late++;
            last = now;
            s_note_cpu_gap (out, cpu, last_cpu);
            last_cpu = cpu;
            if (last_sent_us && (b.sent_at_us - last_sent_us) / 1000 > out->max_sent_gap_ms)
                out->max_sent_gap_ms = (long) ((b.sent_at_us - last_sent_us) / 1000);
            last_sent_us = b.sent_at_us;
            out->heartbeats++;
        }
        if (ok)
            ranking_destroy (&b.ranking);
    }
    /*  The time since the last heartbeat counts too: a loop that never
        sends one again must fail here.  */
    if (clock_now_ms () - last > self->out->max_gap_ms)
        self->out->max_gap_ms = (long) (clock_now_ms () - last);
    s_note_cpu_gap (self->out, s_loop_cpu_ms (self->server), last_cpu);
    return NULL;
}

/*  Sends the next request of `kind` on one client connection.  */
static void
s_send (void *socket, request_kind_t kind, uint64_t id)
{
    static request_t request;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.request_id = id;
    request.kind = kind;
    if (kind == REQUEST_SUBMIT)
        harness_valid_submission (&request.submit);
    size_t size = 0;
    uint8_t *bytes = codec_request_encode (&request, &size);
    cr_assert (bytes);
    cr_assert_eq (zmq_send (socket, "", 0, ZMQ_SNDMORE), 0);
    cr_assert_eq (zmq_send (socket, bytes, size, 0), (int) size);
    free (bytes);
}

/*  Sends up to `n` requests of `kind` without waiting; stops early when
    the socket's queue is full.  */
static void
s_flood (void *socket, request_kind_t kind, int n)
{
    static uint8_t *bytes;
    static size_t size;
    if (!bytes) {
        static request_t request;
        request.version = PROTOCOL_VERSION;
        request.request_id = 7;
        request.kind = kind;
        bytes = codec_request_encode (&request, &size);
        cr_assert (bytes);
    }
    for (int i = 0; i < n; i++)
        if (zmq_send (socket, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT) != 0
        ||  zmq_send (socket, bytes, size, ZMQ_DONTWAIT) != (int) size)
            break;
}

/*  Runs K clients sending `kind` for `seconds`, each keeping `depth`
    requests in flight (0: as many as it can send, replies read but
    not waited for), against a fresh rapord with a HEARTBEAT_MS
    heartbeat and no per-key budget, and measures.  */
static void
s_measure (request_kind_t kind, int depth, int seconds, fair_t *out)
{
    memset (out, 0, sizeof *out);
    test_db_t db;
    test_server_t server;
    char heartbeat[16];
    snprintf (heartbeat, sizeof heartbeat, "%d", HEARTBEAT_MS);
    const char *const extra[] = { "--heartbeat-ms", heartbeat, "--key-requests-per-second", "0",
                                  "--log-level", "warn", NULL };
    cr_assert (harness_db_create (&db));
    cr_assert (harness_server_start (&server, db.conninfo, extra));
    static listener_t listener;
    memset (&listener, 0, sizeof listener);
    listener.out = out;
    listener.server = server.pid;
    cr_assert (harness_sub_open (&listener.sub, server.pub_endpoint));
    pthread_t thread;
    cr_assert_eq (pthread_create (&thread, NULL, s_listen, &listener), 0);
    static test_conn_t conns[K];
    for (int i = 0; i < K; i++)
        cr_assert (harness_conn_open (&conns[i], server.endpoint));
    uint64_t id = 1;
    for (int i = 0; i < K; i++)
        for (int d = 0; d < depth; d++)
            s_send (conns[i].socket, kind, id++);
    int per_pass = depth ? depth : 64;
    int64_t end = clock_now_ms () + seconds * 1000L;
    zmq_pollitem_t items[K];
    while (clock_now_ms () < end) {
        for (int i = 0; i < K; i++)
            items[i] = (zmq_pollitem_t) { conns[i].socket, 0, ZMQ_POLLIN, 0 };
        if (!depth)
            for (int i = 0; i < K; i++)
                s_flood (conns[i].socket, kind, per_pass);
        if (zmq_poll (items, K, depth ? 50 : 1) <= 0)
            continue;
        for (int i = 0; i < K; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            /*  The replies waiting on this connection (at most `depth`, so
                the subscriber is read often), each followed by the next
                request, so `depth` stay in flight.  */
            for (int n = 0; n < per_pass; n++) {
                int events = 0;
                size_t size = sizeof events;
                zmq_getsockopt (conns[i].socket, ZMQ_EVENTS, &events, &size);
                if (!(events & ZMQ_POLLIN))
                    break;
                char delimiter[8];
                zmq_msg_t body;
                zmq_msg_init (&body);
                static reply_t reply;
                cr_assert_eq (zmq_recv (conns[i].socket, delimiter, sizeof delimiter, 0), 0);
                cr_assert_geq (zmq_msg_recv (&body, conns[i].socket, 0), 0);
                cr_assert (codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body),
                                               &reply));
                zmq_msg_close (&body);
                out->answered++;
                out->receipts += reply.kind == REPLY_RECEIPT;
                codec_reply_clear (&reply);
                if (depth)
                    s_send (conns[i].socket, kind, id++);
            }
        }
    }
    listener.stop = 1;
    pthread_join (thread, NULL);
    for (int i = 0; i < K; i++)
        harness_conn_close (&conns[i]);
    harness_sub_close (&listener.sub);
    cr_expect_eq (harness_server_stop (&server, SIGTERM), 0);
    fprintf (stderr, "fair: kind=%d K=%d depth=%d seconds=%d answered=%ld receipts=%ld "
             "heartbeats=%ld late=%ld max_gap_ms=%ld max_sent_gap_ms=%ld max_cpu_gap_ms=%ld "
             "(heartbeat_ms=%d)\n", (int) kind, K, depth, seconds, out->answered,
             out->receipts, out->heartbeats, out->late, out->max_gap_ms, out->max_sent_gap_ms,
             out->max_cpu_gap_ms, HEARTBEAT_MS);
}

/*  What an unfair loop cannot pass; see the top of the file. The wall
    clock's figures are printed, not asserted.  */
static void
s_expect_fair (const fair_t *f)
{
    cr_expect_gt (f->heartbeats, 0, "no heartbeat at all");
    cr_expect_not (f->cpu_unreadable, "could not read rapord's CPU time from /proc");
    cr_expect_leq (f->max_cpu_gap_ms, 5 * HEARTBEAT_MS, "rapord's loop used %ld ms of CPU "
                   "between two heartbeats (setting %d ms): it kept answering requests while "
                   "a heartbeat was due", f->max_cpu_gap_ms, HEARTBEAT_MS);
}

Test (fair, the_heartbeat_keeps_time_under_submissions, .timeout = 90)
{
    fair_t f;
    s_measure (REQUEST_SUBMIT, 1, 20, &f);
    cr_expect_gt (f.receipts, 1000, "the load was real: %ld receipts", f.receipts);
    s_expect_fair (&f);
}

Test (fair, the_heartbeat_keeps_time_under_a_flood_answered_at_once, .timeout = 60)
{
    /*  Pings are answered without a group commit, and each client sends
        them as fast as it can: a loop that takes requests while any are
        waiting never gets back to its poll.  */
    fair_t f;
    s_measure (REQUEST_PING, 0, 10, &f);
    cr_expect_gt (f.answered, 1000, "the load was real: %ld answers", f.answered);
    s_expect_fair (&f);
}
