/*  Group commit: submissions that arrive together are stored together,
    and one that fails inside the batch costs the others nothing.  */
#include "served.h"

#include <stdlib.h>
#include <string.h>
#include <zmq.h>

SERVED_SUITE (batch);

#define N 8

/*  Sends one submission per OPD on its own connection without waiting,
    then collects every reply: rapord finds them all waiting, one batch.  */
static void
s_burst (const char *const *opds, reply_t *replies)
{
    static test_conn_t conns[N];
    static request_t request;
    for (int i = 0; i < N; i++) {
        harness_use_key (opds[i], "opd");
        cr_assert (harness_conn_open (&conns[i], server.endpoint));
    }
    harness_use_key ("DINKES", "opd");
    /*  A ping on each first, so every handshake is done before the burst.  */
    static reply_t pong;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_PING;
    for (int i = 0; i < N; i++)
        cr_assert (harness_conn_request (&conns[i], &request, &pong));
    static uint8_t *bytes[N];
    static size_t sizes[N];
    for (int i = 0; i < N; i++) {
        memset (&request, 0, sizeof request);
        request.version = PROTOCOL_VERSION;
        request.request_id = (uint64_t) i + 1;
        request.kind = REQUEST_SUBMIT;
        harness_valid_submission (&request.submit);
        submission_set_opd (&request.submit, opds[i], strlen (opds[i]));
        bytes[i] = codec_request_encode (&request, &sizes[i]);
    }
    for (int i = 0; i < N; i++) {
        zmq_send (conns[i].socket, "", 0, ZMQ_SNDMORE);
        zmq_send (conns[i].socket, bytes[i], sizes[i], 0);
        free (bytes[i]);
    }
    for (int i = 0; i < N; i++) {
        char empty[8];
        zmq_msg_t body;
        zmq_msg_init (&body);
        cr_assert_eq (zmq_recv (conns[i].socket, empty, sizeof empty, 0), 0);
        cr_assert_geq (zmq_msg_recv (&body, conns[i].socket, 0), 0);
        cr_assert (codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body), &replies[i]));
        zmq_msg_close (&body);
        harness_conn_close (&conns[i]);
    }
}

static const char *s_opds[N] = { "DINKES", "DISHUB", "DISDIK", "DLH", "BPBD", "KEC_SRONO",
                                  "KEC_LICIN", "KEC_GIRI" };

Test (batch, a_burst_is_stored_whole)
{
    static reply_t replies[N];
    s_burst (s_opds, replies);
    for (int i = 0; i < N; i++)
        cr_expect_eq (replies[i].kind, REPLY_RECEIPT, "%s", s_opds[i]);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), N);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log"
                                          " WHERE action = 'submit' AND outcome = 'accepted'"), N);
    cr_expect (harness_server_log_has (&server, "outcome=accepted"));
}

Test (batch, a_failure_inside_the_batch_costs_the_others_nothing)
{
    /*  A constraint the rules above the database do not know: the
        database refuses KEC_SRONO's rows, mid-batch.  */
    const char *setup =
        "CREATE FUNCTION test_refuse () RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.opd_id = (SELECT id FROM opds WHERE code = 'KEC_SRONO') THEN"
        " RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation'; END IF;"
        " RETURN NEW; END $$";
    cr_assert_eq (harness_db_command (&db, setup), 0);
    cr_assert_eq (harness_db_command (&db, "CREATE TRIGGER test_refuse BEFORE INSERT ON submissions"
                                           " FOR EACH ROW EXECUTE FUNCTION test_refuse ()"), 0);
    static reply_t replies[N];
    s_burst (s_opds, replies);
    for (int i = 0; i < N; i++)
        if (strcmp (s_opds[i], "KEC_SRONO") == 0)
            cr_expect_eq (replies[i].kind, REPLY_UNAVAILABLE, "the refused one is not acked");
        else
            cr_expect_eq (replies[i].kind, REPLY_RECEIPT, "%s lost its receipt", s_opds[i]);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), N - 1);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions s JOIN opds o"
                                          " ON o.id = s.opd_id WHERE o.code = 'KEC_SRONO'"), 0);
}
