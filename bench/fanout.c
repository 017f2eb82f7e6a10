/*  rapor-bench-fanout: N dashboards subscribed over CURVE and N request
    clients connected; the time from a finalize request until every
    subscriber holds the ranking, and how many never got it. rapord's
    memory with all of them connected is read by the calling script.

    usage: rapor-bench-fanout ENDPOINT BROADCAST SERVER_CERT DASHBOARD_KEY
                              INSPECTORATE_KEY PERIOD N  */
#include "call.h"
#include "clock.h"
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

int
main (int argc, char **argv)
{
    if (argc != 8) {
        fprintf (stderr, "usage: rapor-bench-fanout ENDPOINT BROADCAST SERVER_CERT DASHBOARD_KEY "
                         "INSPECTORATE_KEY PERIOD N\n");
        return 2;
    }
    int n = atoi (argv[7]);
    static curve_t dash, insp;
    char err[256];
    if (!keys_load (&dash, argv[4], argv[3], err, sizeof err)
    ||  !keys_load (&insp, argv[5], argv[3], err, sizeof err)) {
        fprintf (stderr, "rapor-bench-fanout: %s\n", err);
        return 2;
    }
    void *ctx = zmq_ctx_new ();
    zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 2 * n + 64);
    void **subs = calloc ((size_t) n, sizeof *subs);
    void **dealers = calloc ((size_t) n, sizeof *dealers);
    int64_t *heard = calloc ((size_t) n, sizeof *heard);
    zmq_pollitem_t *items = calloc ((size_t) n, sizeof *items);
    int hwm = 100000, linger = 0;
    /*  First the request clients alone, each through its handshake (a
        ping), so rapord's memory with N clients can be read on its own.  */
    for (int i = 0; i < n; i++) {
        dealers[i] = zmq_socket (ctx, ZMQ_DEALER);
        zmq_setsockopt (dealers[i], ZMQ_LINGER, &linger, sizeof linger);
        keys_apply (dealers[i], &dash);
        zmq_connect (dealers[i], argv[1]);
    }
    static request_t ping;
    ping.version = PROTOCOL_VERSION;
    ping.kind = REQUEST_PING;
    size_t ping_size = 0;
    uint8_t *ping_bytes = codec_request_encode (&ping, &ping_size);
    int timeout = 10000, pinged = 0;
    for (int i = 0; i < n; i++) {
        zmq_setsockopt (dealers[i], ZMQ_RCVTIMEO, &timeout, sizeof timeout);
        zmq_send (dealers[i], "", 0, ZMQ_SNDMORE);
        zmq_send (dealers[i], ping_bytes, ping_size, 0);
    }
    for (int i = 0; i < n; i++) {
        char buf[256];
        if (zmq_recv (dealers[i], buf, sizeof buf, 0) == 0 && zmq_recv (dealers[i], buf, sizeof buf, 0) > 0)
            pinged++;
    }
    free (ping_bytes);
    printf ("fanout: %d of %d request clients connected and answered\n", pinged, n);
    fflush (stdout);
    fprintf (stderr, "CLIENTS\n");
    struct timespec settle = { 1, 500000000 };
    nanosleep (&settle, NULL);

    for (int i = 0; i < n; i++) {
        subs[i] = zmq_socket (ctx, ZMQ_SUB);
        zmq_setsockopt (subs[i], ZMQ_RCVHWM, &hwm, sizeof hwm);
        zmq_setsockopt (subs[i], ZMQ_LINGER, &linger, sizeof linger);
        keys_apply (subs[i], &dash);
        zmq_setsockopt (subs[i], ZMQ_SUBSCRIBE, "", 0);
        zmq_connect (subs[i], argv[2]);
        items[i] = (zmq_pollitem_t) { subs[i], 0, ZMQ_POLLIN, 0 };
    }
    /*  Everyone is in once each subscriber has had a heartbeat.  */
    int ready = 0;
    int64_t deadline = clock_now_ms () + 60000;
    while (ready < n && clock_now_ms () < deadline) {
        if (zmq_poll (items, n, 200) <= 0)
            continue;
        for (int i = 0; i < n; i++)
            if (items[i].revents & ZMQ_POLLIN) {
                zmq_msg_t m;
                zmq_msg_init (&m);
                zmq_msg_recv (&m, subs[i], 0);
                while (zmq_msg_more (&m)) {
                    zmq_msg_close (&m);
                    zmq_msg_init (&m);
                    zmq_msg_recv (&m, subs[i], 0);
                }
                zmq_msg_close (&m);
                if (!heard[i]) {
                    heard[i] = 1;
                    ready++;
                }
            }
    }
    printf ("fanout: %d of %d subscribers connected (the %d request clients still are)\n",
            ready, n, n);
    fflush (stdout);
    /*  The calling script reads rapord's memory now.  */
    fprintf (stderr, "READY\n");
    struct timespec pause = { 1, 0 };
    nanosleep (&pause, NULL);
    memset (heard, 0, (size_t) n * sizeof *heard);

    static request_t request;
    static reply_t reply;
    request.kind = REQUEST_ADMIN;
    admin_init (&request.admin, ADMIN_PERIOD_FINALIZE);
    snprintf (request.admin.period, sizeof request.admin.period, "%s", argv[6]);
    request.admin.period_len = strlen (argv[6]);
    /*  The benchmark's quarter need not be complete; the guard is not
        what is measured here.  */
    request.admin.force = true;
    snprintf (request.admin.reason, sizeof request.admin.reason, "benchmark");
    request.admin.reason_len = strlen (request.admin.reason);
    call_options_t call = { argv[1], 60000, 1, stderr, &insp };
    int64_t start = clock_now_us ();
    call_status_t status = call_request (&call, &request, &reply);
    if (status != CALL_OK || reply.kind != REPLY_ADMIN_RESULT) {
        call_explain (status == CALL_OK ? CALL_BAD_REPLY : status, &call, &reply, stderr);
        return 1;
    }
    int got = 0;
    int64_t last = 0;
    deadline = clock_now_ms () + 30000;
    while (got < n && clock_now_ms () < deadline) {
        if (zmq_poll (items, n, 200) <= 0)
            continue;
        for (int i = 0; i < n; i++)
            if (items[i].revents & ZMQ_POLLIN) {
                char topic[64] = "";
                int len = zmq_recv (subs[i], topic, sizeof topic - 1, 0);
                topic[len > 0 && len < 63 ? len : 0] = '\0';
                zmq_msg_t m;
                zmq_msg_init (&m);
                zmq_msg_recv (&m, subs[i], 0);
                zmq_msg_close (&m);
                if (strncmp (topic, "ranking.", 8) == 0 && !heard[i]) {
                    heard[i] = clock_now_us () - start;
                    last = heard[i];
                    got++;
                }
            }
    }
    printf ("fanout: %d subscribers: all but %d received the ranking; the last %.1f ms after "
            "the finalize request\n", n, n - got, (double) last / 1000);
    for (int i = 0; i < n; i++) {
        zmq_close (subs[i]);
        zmq_close (dealers[i]);
    }
    codec_reply_clear (&reply);
    zmq_ctx_term (ctx);
    return 0;
}
