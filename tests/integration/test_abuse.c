/*  The gate in front of rapord's work (server/gate.h), against the real
    rapord, PostgreSQL and ZeroMQ: a flood of unknown keys adds a few
    summary rows to the audit log, not one per attempt, and a registered
    OPD still submits; a key beyond its budget is told "unavailable"
    before its bodies are decoded, and its refusals are summed up.  */
#include "harness.h"
#include "clock.h"
#include "keys.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static test_db_t db;
static test_server_t server;
static test_run_t run;

/*  A rapord with this per-key budget, writing refusal summaries every so
    many seconds (and when it stops).  */
static void
s_start (const char *per_key, const char *summary_seconds)
{
    cr_assert (harness_db_create (&db));
    const char *extra[] = { "--refusal-summary-seconds", summary_seconds,
                            "--key-requests-per-second", per_key, NULL };
    cr_assert (harness_server_start (&server, db.conninfo, extra), "rapord did not start");
}

/*  Stops rapord (it writes what it counted on the way out).  */
static void
s_stop (void)
{
    cr_assert_eq (harness_server_stop (&server, SIGTERM), 0);
}

static void
s_teardown (void)
{
    if (server.pid > 0)
        harness_server_stop (&server, SIGKILL);
}

TestSuite (abuse, .fini = s_teardown, .timeout = 180);

/*  Opens `count` connections, each with a new key the server has never
    seen, each trying its handshake once (no reconnecting). The caller
    closes them with s_close.  */
static void **
s_unknown_handshakes (void *ctx, int count)
{
    curve_t curve;
    char err[256];
    cr_assert (keys_load (&curve, harness_key ("DINKES", "opd"), harness_server_key (), err,
                          sizeof err), "%s", err);
    void **sockets = calloc ((size_t) count, sizeof *sockets);
    cr_assert_not_null (sockets);
    for (int i = 0; i < count; i++) {
        cr_assert_eq (zmq_curve_keypair (curve.public_key, curve.secret_key), 0);
        sockets[i] = zmq_socket (ctx, ZMQ_DEALER);
        int linger = 0, never = -1;
        zmq_setsockopt (sockets[i], ZMQ_LINGER, &linger, sizeof linger);
        zmq_setsockopt (sockets[i], ZMQ_RECONNECT_IVL, &never, sizeof never);
        keys_apply (sockets[i], &curve);
        cr_assert_eq (zmq_connect (sockets[i], server.endpoint), 0);
    }
    return sockets;
}

static void
s_close (void **sockets, int count)
{
    for (int i = 0; i < count; i++)
        zmq_close (sockets[i]);
    free (sockets);
}

/*  Refused handshakes the audit log has counted so far.  */
static long
s_refused_handshakes (void)
{
    return harness_db_number (&db, "SELECT coalesce(sum(count), 0) FROM audit_log"
                                   " WHERE action = 'connect' AND outcome = 'refused'");
}

/*  500 handshakes with unknown keys from one address, at once. Summary
    rows are written every second here (the harness's setting), so the
    test can wait for them; the log grows with those seconds, not with
    the 500 attempts.  */
Test (abuse, a_flood_of_unknown_keys_adds_a_few_summary_rows)
{
    s_start ("200", "1");
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=80", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    long before = harness_db_number (&db, "SELECT count(*) FROM audit_log");

    enum { FLOOD = 500 };
    int64_t started = clock_now_ms ();
    void *ctx = zmq_ctx_new ();
    void **sockets = s_unknown_handshakes (ctx, FLOOD);
    long counted = s_refused_handshakes ();
    while (counted < FLOOD && clock_now_ms () - started < 60000) {
        usleep (100000);
        counted = s_refused_handshakes ();
    }
    long seconds = (long) ((clock_now_ms () - started) / 1000) + 1;
    cr_expect_eq (counted, FLOOD, "refused handshakes counted in the audit log: %ld", counted);

    /*  The registered OPD, from the same flooded address, still gets in.  */
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=81", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    s_close (sockets, FLOOD);
    zmq_ctx_term (ctx);
    s_stop ();

    /*  At most one row per reason (key_unknown, source_budget) per second
        of flood, and one for the submission.  */
    long added = harness_db_number (&db, "SELECT count(*) FROM audit_log") - before;
    cr_expect_leq (added, 2 * (seconds + 1) + 1,
                   "%ld audit rows for %d refused handshakes in about %ld s", added, FLOOD,
                   seconds);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'connect'"
                                          " AND (first_at IS NULL OR last_at IS NULL"
                                          "      OR first_at > last_at OR detail <> '127.0.0.1')"),
                  0, "each summary row says from where, and from when to when");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 2);
}

/*  A registered key sends bodies that do not decode, far beyond its
    budget, on one connection, without waiting for replies.  */
Test (abuse, a_key_beyond_its_budget_is_refused_before_decode)
{
    s_start ("20", "60");
    harness_use_key ("DINKES", "opd");
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    static const uint8_t junk[] = { 0x82, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00 };
    enum { SENT = 300 };
    for (int i = 0; i < SENT; i++) {
        cr_assert_eq (zmq_send (conn.socket, "", 0, ZMQ_SNDMORE), 0);
        cr_assert_eq (zmq_send (conn.socket, junk, sizeof junk, 0), (int) sizeof junk);
    }
    int unavailable = 0, malformed = 0, other = 0;
    static reply_t reply;
    for (int i = 0; i < SENT; i++) {
        char delimiter[8];
        cr_assert_eq (zmq_recv (conn.socket, delimiter, sizeof delimiter, 0), 0, "reply %d", i);
        zmq_msg_t body;
        zmq_msg_init (&body);
        cr_assert (zmq_msg_recv (&body, conn.socket, 0) >= 0);
        codec_reply_clear (&reply);
        cr_assert (codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body), &reply));
        zmq_msg_close (&body);
        if (reply.kind == REPLY_UNAVAILABLE)
            unavailable++;
        else
        if (reply.kind == REPLY_REJECTION && reply.problems.count
        &&  strcmp (reply.problems.items[0].code, "malformed_message") == 0)
            malformed++;
        else
            other++;
    }
    harness_conn_close (&conn);
    cr_expect_eq (other, 0);
    cr_expect_leq (malformed, 60, "%d bodies were decoded; the budget is 20 a second",
                   malformed);
    cr_expect_geq (unavailable, SENT - 60, "only %d were told to slow down", unavailable);

    /*  Once its second is over, the key is served again: a client that
        waits retry_after_ms, as PROTOCOL.md tells it to, gets through.  */
    static request_t ping;
    memset (&ping, 0, sizeof ping);
    ping.version = PROTOCOL_VERSION;
    ping.kind = REQUEST_PING;
    ping.request_id = 7;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    int tries = 0;
    do {
        if (tries++)
            usleep ((useconds_t) reply.retry_after_ms * 1000);
        cr_assert (harness_conn_request (&conn, &ping, &reply));
    } while (reply.kind == REPLY_UNAVAILABLE && tries < 5);
    harness_conn_close (&conn);
    cr_expect_eq (reply.kind, REPLY_PONG, "after %d tries", tries);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "inovasi=82", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    s_stop ();
    cr_expect_leq (harness_db_number (&db, "SELECT count(*) FROM audit_log"
                                           " WHERE action = 'request'"), 6,
                   "refused requests are summed up, not written one by one");
    cr_expect_geq (harness_db_number (&db, "SELECT coalesce(sum(count), 0) FROM audit_log"
                                           " WHERE action = 'request'"), SENT,
                   "every refusal is counted");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'request'"
                                          " AND public_key IS NULL"), 0, "each names the key");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 1);
}
