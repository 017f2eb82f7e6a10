/*  test_conformance_faults.c: what a client sees when things go wrong on
    the server's side, as docs/PROTOCOL.md promises it, through the third
    party's client (wire.h): rapord without its database (§1.1, §3.1, §5).

    The database is made unreachable for this test's rapord alone: its
    own database (the harness clones one per test) gets CONNECTION LIMIT
    0 and rapord's sessions are ended. rapord connects as rapor_app, not
    a superuser, so it cannot get back in, while the operator's side (the
    harness, as postgres) still can; the shared PostgreSQL and the other
    tests' databases are not touched.  */
#include "wire.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/*  Deadlines: they bound a broken run, they never time a good one.  */
#define S_BACK_MS 30000     /*  rapord serving again after the database is  */

static void
s_sleep_ms (long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep (&ts, NULL);
}

/*  §4: rapord's texts are in its own language, English by default; this
    test reads Unavailable.reason, so its rapord gets an English
    environment whatever the machine's.  */
static void
s_setup_english (void)
{
    setenv ("LC_ALL", "C.UTF-8", 1);
    unsetenv ("LANGUAGE");
    wire_setup ();
}

/*  ---- §1.1, §3.1, §5: the database is down ----  */

/*  Makes the test's database unreachable for rapord, or reachable again.
    pg_terminate_backend with a timeout returns once the session has
    ended; OFFSET 0 keeps the planner from calling it on anyone else's.  */
static void
s_database (bool reachable)
{
    char sql[256];
    snprintf (sql, sizeof sql, "ALTER DATABASE \"%s\" CONNECTION LIMIT %d", wire_db.name,
              reachable ? -1 : 0);
    cr_assert_eq (harness_db_command (&wire_db, sql), 0);
    if (reachable)
        return;
    long ended = harness_db_number (&wire_db,
        "SELECT count(*) FILTER (WHERE pg_terminate_backend (pid, 10000)) FROM"
        " (SELECT pid FROM pg_stat_activity WHERE datname = current_database ()"
        "  AND usename = 'rapor_app' OFFSET 0) AS rapord");
    cr_assert_geq (ended, 1, "rapord had no session to end (%ld)", ended);
}

/*  §3.1 Unavailable: the reason for the user, retry_after_ms 1000, and
    (§3.1 Reply.request_id) the request's own id: rapord decoded it, and
    0 is kept for answers given before decoding.  */
static void
s_expect_unavailable (const Rapor__Reply *reply, const char *what)
{
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_UNAVAILABLE,
                  "§3.1: %s while the database is down: body %d, expected unavailable", what,
                  reply->body_case);
    cr_expect_str_eq (reply->unavailable->reason,
                      "the scoring database cannot be reached right now",
                      "§3.1 Unavailable.reason (%s)", what);
    cr_expect_leq (strlen (reply->unavailable->reason), 127, "§6: reason at most 127 bytes");
    cr_expect_eq (reply->unavailable->retry_after_ms, 1000, "§3.1, §6: retry_after_ms (%s): %u",
                  what, reply->unavailable->retry_after_ms);
}

/*  §5's loop for an Unavailable: wait retry_after_ms and send the same
    bytes again (same request_id, same submission_id), until another
    answer comes or S_BACK_MS have passed. Returns the last reply.  */
static Rapor__Reply *
s_retry_while_unavailable (wire_conn_t *c, const Rapor__Request *request, int *attempts)
{
    long deadline = wire_now_ms () + S_BACK_MS;
    Rapor__Reply *reply = wire_call (c, request);
    *attempts = 1;
    while (reply->body_case == RAPOR__REPLY__BODY_UNAVAILABLE && wire_now_ms () < deadline) {
        s_sleep_ms (reply->unavailable->retry_after_ms);
        rapor__reply__free_unpacked (reply, NULL);
        reply = wire_call (c, request);
        (*attempts)++;
    }
    return reply;
}

/*  A new connection whose handshake should succeed: HANDSHAKE_SUCCEEDED
    on the monitor before any failure.  */
static void
s_expect_handshake (wire_conn_t *c, const char *who)
{
    uint32_t value = 0;
    int event = wire_wait_event (c, ZMQ_EVENT_HANDSHAKE_SUCCEEDED
                                        | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                                        | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                                        | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                                 &value, WIRE_TIMEOUT_MS);
    cr_assert_eq (event, ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                  "%s: handshake event %d (value %u), expected it to succeed", who, event, value);
}

static Rapor__Reply *
s_ping (wire_conn_t *c)
{
    Rapor__Request ping;
    wire_ping (&ping);
    return wire_call (c, &ping);
}

Test (conformance, database_down, .init = s_setup_english, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_open_as (&c, "DINKES", "opd");
    wire_submit_t first;
    wire_submission (&first, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 6);
    Rapor__Reply *reply = wire_call (&c, &first.request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT, "body %d", reply->body_case);
    rapor__reply__free_unpacked (reply, NULL);

    s_database (false);

    /*  §3.1: a submission is answered Unavailable (its possible replies are
        receipt, rejection, unavailable), and its retry too.  */
    wire_submit_t s;
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 3);
    reply = wire_call (&c, &s.request);      /*  asserts the echoed request_id  */
    s_expect_unavailable (reply, "submit");
    rapor__reply__free_unpacked (reply, NULL);
    reply = wire_call (&c, &s.request);
    s_expect_unavailable (reply, "the submit's retry");
    rapor__reply__free_unpacked (reply, NULL);

    /*  §3.1 (ping: "unavailable (rate limit, database down)"), §1.1
        ("while rapord has no connection to the database it trusts no
        remembered check"): a ping on the open connection too.  */
    reply = s_ping (&c);
    s_expect_unavailable (reply, "ping");
    rapor__reply__free_unpacked (reply, NULL);

    /*  §1.1: "If the database is down at handshake time the handshake is
        let through, and each request is then answered Unavailable until
        it is back: nothing is accepted unchecked." A registered key not
        used before, and a key nobody registered.  */
    wire_conn_t fresh, stranger;
    wire_open_as (&fresh, "BAPPEDA", "opd");
    s_expect_handshake (&fresh, "§1.1: a registered key while the database is down");
    reply = s_ping (&fresh);
    s_expect_unavailable (reply, "ping on a connection made while down");
    rapor__reply__free_unpacked (reply, NULL);
    char stranger_cert[720];
    snprintf (stranger_cert, sizeof stranger_cert, "%s/stranger_secret", harness_keys_dir ());
    wire_open (&stranger, ZMQ_DEALER, wire_server.endpoint, stranger_cert, wire_server_key);
    s_expect_handshake (&stranger, "§1.1: an unregistered key while the database is down");
    reply = s_ping (&stranger);
    s_expect_unavailable (reply, "an unregistered key's ping");
    rapor__reply__free_unpacked (reply, NULL);
    Rapor__Request list;
    Rapor__Admin admin;
    wire_admin (&list, &admin, RAPOR__ADMIN_OP__LIST_SUBMISSIONS, "2024-Q2");
    admin.opd = wire_text ("DINKES");
    reply = wire_call (&stranger, &list);
    s_expect_unavailable (reply, "an unregistered key's LIST_SUBMISSIONS");
    rapor__reply__free_unpacked (reply, NULL);

    s_database (true);

    /*  §5: "Unavailable: wait retry_after_ms, send again", the same
        request. The database is back, rapord serves again without a
        restart, and the receipt is not a duplicate: none of the
        attempts while it was down stored anything.  */
    int attempts = 0;
    reply = s_retry_while_unavailable (&c, &s.request, &attempts);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT,
                  "§5: after the database came back, %d attempts: body %d", attempts,
                  reply->body_case);
    cr_expect (reply->receipt->submission_id.len == 16
                   && !memcmp (reply->receipt->submission_id.data, s.id, 16),
               "§3.1 Receipt: the submission's id");
    cr_expect_not (reply->receipt->duplicate,
                   "§5: duplicate would mean an attempt while the database was down stored it");
    cr_expect_eq (reply->receipt->score_count, 3);
    rapor__reply__free_unpacked (reply, NULL);
    cr_log_info ("stored after %d attempts", attempts);

    /*  §3.2: the OPD's own list holds the two acknowledged submissions,
        each once.  */
    wire_admin (&list, &admin, RAPOR__ADMIN_OP__LIST_SUBMISSIONS, "2024-Q2");
    reply = wire_call (&c, &list);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_ADMIN_RESULT, "body %d", reply->body_case);
    cr_expect_eq (reply->admin_result->n_submissions, 2, "stored: %zu submissions",
                  reply->admin_result->n_submissions);
    rapor__reply__free_unpacked (reply, NULL);

    /*  The connections made while it was down: the registered key is now
        served; the unregistered one is checked and refused (§1.1 "checked
        ... again on every request", §4 key_unknown).  */
    reply = s_ping (&fresh);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG, "§1.1: body %d", reply->body_case);
    rapor__reply__free_unpacked (reply, NULL);
    reply = s_ping (&stranger);
    wire_expect_only (reply, "key_unknown", "key");
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&stranger);
    wire_close (&fresh);
    wire_close (&c);
}
