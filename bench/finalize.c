/*  rapor-bench-finalize: how long finalizing a quarter takes, and how long
    until a subscriber holds the broadcast ranking. Reports; never judges.

    usage: rapor-bench-finalize ENDPOINT BROADCAST_ENDPOINT PERIOD  */
#include "call.h"
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

/*  Waits for the next message on the topic prefix; returns its body size.  */
static long
s_wait_for (void *sub, const char *prefix, int timeout_ms, broadcast_t *b)
{
    int64_t deadline = clock_now_ms () + timeout_ms;
    while (clock_now_ms () < deadline) {
        zmq_pollitem_t item = { sub, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 100) <= 0)
            continue;
        char topic[64] = "";
        int n = zmq_recv (sub, topic, sizeof topic - 1, 0);
        topic[n > 0 ? (n < 63 ? n : 63) : 0] = '\0';
        zmq_msg_t body;
        zmq_msg_init (&body);
        zmq_msg_recv (&body, sub, 0);
        long size = (long) zmq_msg_size (&body);
        bool match = strncmp (topic, prefix, strlen (prefix)) == 0;
        if (match && b)
            match = codec_broadcast_decode (zmq_msg_data (&body), zmq_msg_size (&body), b);
        zmq_msg_close (&body);
        if (match)
            return size;
    }
    return -1;
}

int
main (int argc, char **argv)
{
    if (argc != 4) {
        fprintf (stderr, "usage: rapor-bench-finalize ENDPOINT BROADCAST_ENDPOINT PERIOD\n");
        return 2;
    }
    static curve_t curve;       /*  RAPOR_KEY, RAPOR_SERVER_KEY, or the development switch  */
    if (!keys_setup (&curve, "rapor-bench-finalize", NULL, NULL, false))
        return 2;
    void *ctx = zmq_ctx_new ();
    void *sub = zmq_socket (ctx, ZMQ_SUB);
    keys_apply (sub, &curve);
    int hwm = 100000, linger = 0;
    zmq_setsockopt (sub, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt (sub, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0);
    zmq_connect (sub, argv[2]);
    if (s_wait_for (sub, "heartbeat", 10000, NULL) < 0) {
        fprintf (stderr, "no heartbeat from %s\n", argv[2]);
        return 1;
    }
    static request_t request;
    static reply_t reply;
    request.kind = REQUEST_ADMIN;
    admin_init (&request.admin, ADMIN_PERIOD_FINALIZE);
    snprintf (request.admin.actor, sizeof request.admin.actor, "INSPEKTORAT");
    request.admin.actor_len = strlen (request.admin.actor);
    snprintf (request.admin.period, sizeof request.admin.period, "%s", argv[3]);
    request.admin.period_len = strlen (request.admin.period);
    /*  The benchmark's quarter need not be complete; the guard is not
        what is measured here.  */
    request.admin.force = true;
    snprintf (request.admin.reason, sizeof request.admin.reason, "benchmark");
    request.admin.reason_len = strlen (request.admin.reason);
    call_options_t call = { argv[1], 120000, 1, stderr, &curve };

    int64_t start = clock_now_us ();
    call_status_t status = call_request (&call, &request, &reply);
    int64_t replied = clock_now_us ();
    if (status != CALL_OK || reply.kind != REPLY_ADMIN_RESULT) {
        call_explain (status == CALL_OK ? CALL_BAD_REPLY : status, &call, &reply, stderr);
        for (size_t i = 0; i < reply.problems.count; i++)
            fprintf (stderr, "  %s\n", reply.problems.items[i].message);
        return 1;
    }
    broadcast_t b;
    long size = s_wait_for (sub, "ranking.", 120000, &b);
    int64_t heard = clock_now_us ();
    if (size < 0) {
        fprintf (stderr, "the broadcast never arrived\n");
        return 1;
    }
    printf ("finalize %s: %zu OPDs; reply after %lld ms; broadcast received after %lld ms "
            "(%ld bytes, seq %llu)\n", argv[3], b.ranking->count,
            (long long) (replied - start) / 1000, (long long) (heard - start) / 1000, size,
            (unsigned long long) b.seq);
    ranking_destroy (&b.ranking);
    codec_reply_clear (&reply);
    zmq_close (sub);
    zmq_ctx_term (ctx);
    return 0;
}
