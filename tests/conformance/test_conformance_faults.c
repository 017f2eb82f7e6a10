/*  test_conformance_faults.c: what a client sees when things go wrong on
    the server's side, as docs/PROTOCOL.md promises it, through the third
    party's client (wire.h): rapord without its database (§1.1, §3.1, §5),
    and an address over its budget of handshakes with unknown keys (§1.1,
    §6).

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
#define S_ROUNDS 8          /*  bursts of unknown keys tried, at most  */

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

/*  ---- §1.1, §6: too many unknown keys from one address ----  */

/*  A handshake rapord drops without an answer never ends by itself:
    libzmq sends nothing and keeps the connection until a handshake
    interval runs out (ZMQ_HANDSHAKE_IVL, 30 s by default on both sides).
    The test's connections give up after S_HANDSHAKE_MS; an answer (ZAP
    400, or getting in) comes within milliseconds, far inside it.  */
#define S_HANDSHAKE_MS WIRE_TIMEOUT_MS
#define BURST 30

typedef enum {
    S_WAITING,      /*  no event yet  */
    S_IN,           /*  HANDSHAKE_SUCCEEDED  */
    S_REFUSED,      /*  HANDSHAKE_FAILED_AUTH: rapord answered with a ZAP status  */
    S_DROPPED       /*  the handshake ended without an answer  */
} s_outcome_t;

static const char *
s_outcome_name (s_outcome_t o)
{
    static const char *const names[] = { "no event", "got in", "refused with a ZAP status",
                                         "ended without an answer" };
    return names[o];
}

/*  How the handshake of a connection opened with S_HANDSHAKE_MS ended,
    if it has, within timeout_ms; *status gets the ZAP status of an
    S_REFUSED.  */
static s_outcome_t
s_outcome (wire_conn_t *c, uint32_t *status, long timeout_ms)
{
    uint32_t value = 0;
    int event = wire_wait_event (c, ZMQ_EVENT_HANDSHAKE_SUCCEEDED
                                        | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                                        | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                                        | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                                        | ZMQ_EVENT_DISCONNECTED,
                                 &value, timeout_ms);
    if (status)
        *status = value;
    switch (event) {
    case 0:
        return S_WAITING;
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
        return S_IN;
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
        return S_REFUSED;
    default:
        return S_DROPPED;
    }
}

/*  One burst: BURST connections with new keys nobody registered, opened
    at once, each making one handshake. refused21_ms: when the test saw a
    21st of them answered (0: not yet).  */
typedef struct {
    wire_conn_t conn[BURST];
    s_outcome_t outcome[BURST];
    int refused, dropped;
    long opened_ms, refused21_ms;
} s_burst_t;

static void
s_burst_open (s_burst_t *b)
{
    memset (b, 0, sizeof *b);
    b->opened_ms = wire_now_ms ();
    for (int i = 0; i < BURST; i++) {
        char pub[41], sec[41];
        cr_assert_eq (zmq_curve_keypair (pub, sec), 0);
        wire_open_keys (&b->conn[i], ZMQ_DEALER, wire_server.endpoint, pub, sec,
                        wire_server_key, S_HANDSHAKE_MS);
    }
}

/*  Takes the outcomes that have come, without waiting. True when every
    handshake of the burst has ended.  */
static bool
s_burst_sweep (s_burst_t *b)
{
    for (int i = 0; i < BURST; i++) {
        if (b->outcome[i] != S_WAITING)
            continue;
        uint32_t status = 0;
        b->outcome[i] = s_outcome (&b->conn[i], &status, 0);
        cr_assert_neq (b->outcome[i], S_IN, "§1.1: an unregistered key got in");
        if (b->outcome[i] == S_REFUSED) {
            cr_expect_eq (status, 400, "§1.1: an unknown key: ZAP status %u, expected 400",
                          status);
            if (++b->refused == 21)
                b->refused21_ms = wire_now_ms ();
        }
        b->dropped += b->outcome[i] == S_DROPPED;
    }
    return b->refused + b->dropped == BURST;
}

static void
s_burst_close (s_burst_t *b)
{
    for (int i = 0; i < BURST; i++)
        wire_close (&b->conn[i]);
}

/*  Registered keys this rapord has not seen: one per round, because a
    key that got in is "seen recently" from then on.  */
static const char *const s_unseen[S_ROUNDS] = {
    "BPKAD", "DISHUB", "DISDIK", "DINSOS", "DLH", "BAPENDA", "DISPORA", "DAMKAR"
};

/*  Judged only within this much of opening a burst (a second, less a
    margin for the two sides' millisecond clocks): see below.  */
#define S_SECOND_MS 950

/*  §1.1 "Too many unknown keys from one address" and §6: after 20
    handshakes with unknown keys in one second from an address, only a
    key that passed in the last 10 minutes gets in, any other is
    disconnected without an answer. From the client's side, with counts
    and deadlines only:

    1. a registered key passes: it is now seen recently;
    2. a burst of BURST handshakes with new keys nobody registered: 20
       are answered with ZAP 400 (the test waits for those 20);
    3. right then the recent key connects: it gets in, its ping answered;
    4. then a registered key never used before connects and sends a
       ping: it is not answered, and its handshake never completes;
    5. that key tries again after more than a second (§1.1: "it should
       retry after a second") and gets in.

    No clock decides a failure, only whether a round can be judged. The
    second in which rapord counts begins at its first refusal, after the
    burst was opened; what the test saw within S_SECOND_MS of opening it
    happened within that second. So: a 21st answer seen then breaks the
    budget of 20; the recent key in by then got in over the budget; the
    unseen key in by then got in where it should not have. A round that
    ran slower (the recent key in later, or the unseen key in later) is
    tried again, a second later, with new keys.  */
Test (conformance, unknown_key_budget, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t recent;
    wire_open_as (&recent, "DINKES", "opd");
    Rapor__Reply *reply = s_ping (&recent);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_PONG);
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&recent);

    static s_burst_t b;
    const char *unseen = NULL;
    bool judged = false;
    int round = 0;
    Rapor__Request ping;
    wire_ping (&ping);
    size_t size;
    uint8_t *body = wire_pack (&ping, &size);
    for (; round < S_ROUNDS && !judged; round++) {
        s_burst_open (&b);
        long deadline = wire_now_ms () + S_HANDSHAKE_MS;
        while (b.refused < 20 && !s_burst_sweep (&b) && wire_now_ms () < deadline)
            s_sleep_ms (2);
        cr_assert_geq (b.refused, 20, "§6: 20 unknown keys a second are answered (ZAP 400);"
                       " %d were, %d dropped", b.refused, b.dropped);

        wire_open_as (&recent, "DINKES", "opd");
        s_expect_handshake (&recent, "§1.1: a key seen recently, the address over its budget");
        bool recent_in_time = wire_now_ms () - b.opened_ms < S_SECOND_MS;
        reply = s_ping (&recent);
        cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG, "§1.1: body %d",
                      reply->body_case);
        rapor__reply__free_unpacked (reply, NULL);
        wire_close (&recent);

        wire_conn_t late;
        unseen = s_unseen[round];
        const char *cert = harness_key (unseen, "opd");
        char pub[41], sec[41];
        cr_assert (wire_cert_value (cert, "public-key", pub));
        cr_assert (wire_cert_value (cert, "secret-key", sec));
        wire_open_keys (&late, ZMQ_DEALER, wire_server.endpoint, pub, sec, wire_server_key,
                        S_HANDSHAKE_MS);
        const void *frames[2] = { "", body };
        size_t sizes[2] = { 0, size };
        wire_send (&late, frames, sizes, 2);
        /*  The burst is watched meanwhile, so a 21st answer is seen when
            it comes.  */
        s_outcome_t o = S_WAITING;
        long late_in_ms = 0;
        deadline = wire_now_ms () + S_HANDSHAKE_MS + WIRE_TIMEOUT_MS;
        bool ended = false;
        while ((o == S_WAITING || !ended) && wire_now_ms () < deadline) {
            ended = s_burst_sweep (&b);
            if (o == S_WAITING && (o = s_outcome (&late, NULL, 0)) == S_IN)
                late_in_ms = wire_now_ms ();
            s_sleep_ms (5);
        }
        cr_assert (o == S_IN || o == S_DROPPED, "§1.1: %s, a registered key: %s", unseen,
                   s_outcome_name (o));
        cr_assert (o == S_DROPPED || late_in_ms - b.opened_ms >= S_SECOND_MS,
                   "§1.1: %s, not seen recently, got in while the address was over its budget",
                   unseen);
        wire_frames_t f;
        cr_expect (o == S_IN || !wire_recv (&late, &f, 0),
                   "§1.1: a key not seen recently is disconnected without an answer");
        wire_close (&late);
        cr_assert (ended, "every handshake ends: %d refused, %d dropped", b.refused, b.dropped);
        cr_assert (!b.refused21_ms || b.refused21_ms - b.opened_ms >= S_SECOND_MS,
                   "§6: %d unknown keys were answered within a second (the budget is 20)",
                   b.refused);
        s_burst_close (&b);
        cr_log_info ("round %d: %d refused, %d dropped; DINKES got in %s; %s %s", round, b.refused,
                     b.dropped, recent_in_time ? "within the second" : "after it", unseen,
                     o == S_DROPPED ? "dropped" : "got in");
        judged = recent_in_time && o == S_DROPPED;
        if (!judged)
            s_sleep_ms (1000);      /*  this round's second is over before the next  */
    }
    cr_assert (judged, "%d rounds of %d new keys, none fast enough to judge", round, BURST);

    /*  Step 5: more than a second has passed since the drop was decided
        (the handshake interval), so this is §1.1's retry. The key is
        looked up, and it is registered.  */
    wire_conn_t late;
    wire_open_as (&late, unseen, "opd");
    s_expect_handshake (&late, "§1.1: a registered key retrying after a second");
    reply = wire_call (&late, &ping);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG, "body %d", reply->body_case);
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&late);
    free (body);
}
