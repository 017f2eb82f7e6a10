/*  rpc.c: Lazy Pirate over a DEALER socket. See rpc.h.

    DEALER rather than REQ, with an empty delimiter frame first so the
    server sees what a REQ would send. Unlike REQ, a DEALER never gets stuck
    in the wrong send/recv state, so a late reply to an earlier attempt can
    simply be skipped: it cannot arrive anyway, because each retry uses a
    fresh socket.  */
#include "rpc.h"
#include "clock.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

struct _rpc_t {
    void *ctx;
    void *socket;
    void *monitor;          /*  PAIR receiving the socket's handshake events  */
    int monitors;           /*  a fresh inproc name for each socket  */
    curve_t curve;
    char *endpoint;
    int timeout_ms;
    int attempts;
    int used;
};

static void
s_close (rpc_t *self)
{
    if (self->monitor) {
        zmq_socket_monitor (self->socket, NULL, 0);
        zmq_close (self->monitor);
        self->monitor = NULL;
    }
    if (self->socket) {
        int linger = 0;
        zmq_setsockopt (self->socket, ZMQ_LINGER, &linger, sizeof linger);
        zmq_close (self->socket);
        self->socket = NULL;
    }
}

static int
s_open (rpc_t *self)
{
    self->socket = zmq_socket (self->ctx, ZMQ_DEALER);
    if (!self->socket)
        return -1;
    int linger = 0;
    zmq_setsockopt (self->socket, ZMQ_LINGER, &linger, sizeof linger);
    if (keys_apply (self->socket, &self->curve) != 0) {
        s_close (self);
        return -1;
    }
    if (self->curve.on) {
        char name[64];
        snprintf (name, sizeof name, "inproc://rpc-monitor-%d", ++self->monitors);
        int events = ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                   | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL;
        self->monitor = zmq_socket (self->ctx, ZMQ_PAIR);
        if (!self->monitor || zmq_socket_monitor (self->socket, name, events) != 0
        ||  zmq_connect (self->monitor, name) != 0) {
            s_close (self);
            return -1;
        }
    }
    if (zmq_connect (self->socket, self->endpoint) != 0) {
        s_close (self);
        return -1;
    }
    return 0;
}

/*  Reads one monitor event: RPC_KEY_REFUSED, RPC_HANDSHAKE_FAILED, or
    RPC_OK for anything else.  */
static rpc_status_t
s_monitor_event (rpc_t *self)
{
    zmq_msg_t event, address;
    zmq_msg_init (&event);
    zmq_msg_init (&address);
    rpc_status_t status = RPC_OK;
    if (zmq_msg_recv (&event, self->monitor, 0) >= 0 && zmq_msg_size (&event) >= 2) {
        uint16_t code;
        memcpy (&code, zmq_msg_data (&event), 2);
        status = code == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH ? RPC_KEY_REFUSED : RPC_HANDSHAKE_FAILED;
    }
    if (zmq_msg_more (&event))
        zmq_msg_recv (&address, self->monitor, 0);
    zmq_msg_close (&event);
    zmq_msg_close (&address);
    return status;
}

rpc_t *
rpc_new (const char *endpoint, int timeout_ms, int attempts, const curve_t *curve)
{
    rpc_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    if (curve)
        self->curve = *curve;
    self->timeout_ms = timeout_ms;
    self->attempts = attempts < 1 ? 1 : attempts;
    self->endpoint = strdup (endpoint);
    self->ctx = zmq_ctx_new ();
    if (!self->endpoint || !self->ctx || s_open (self) != 0)
        rpc_destroy (&self);
    return self;
}

void
rpc_destroy (rpc_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    rpc_t *self = *self_p;
    s_close (self);     /*  before zmq_ctx_term, which waits for open sockets  */
    if (self->ctx)
        zmq_ctx_term (self->ctx);
    free (self->endpoint);
    free (self);
    *self_p = NULL;
}

/*  Receives one reply body, skipping the empty delimiter. Returns 1 with a
    reply, 0 on timeout, or a negative rpc_status_t when the handshake
    failed.  */
static int
s_receive (rpc_t *self, int64_t deadline, uint8_t **reply, size_t *reply_size)
{
    while (true) {
        int64_t left = deadline - clock_now_ms ();
        if (left <= 0)
            return 0;
        zmq_pollitem_t items[2] = { { self->socket, 0, ZMQ_POLLIN, 0 },
                                    { self->monitor, 0, ZMQ_POLLIN, 0 } };
        int rc = zmq_poll (items, self->monitor ? 2 : 1, (long) left);
        if (rc < 0 && errno == EINTR)
            return 0;
        if (rc <= 0)
            continue;
        if (self->monitor && (items[1].revents & ZMQ_POLLIN)) {
            rpc_status_t failed = s_monitor_event (self);
            if (failed != RPC_OK)
                return -(int) failed;
        }
        if (!(items[0].revents & ZMQ_POLLIN))
            continue;
        zmq_msg_t part, last;
        zmq_msg_init (&last);
        int more = 1;
        while (more) {
            zmq_msg_init (&part);
            if (zmq_msg_recv (&part, self->socket, 0) < 0) {
                zmq_msg_close (&part);
                break;
            }
            more = zmq_msg_more (&part);
            zmq_msg_move (&last, &part);    /*  releases the previous frame  */
            zmq_msg_close (&part);
        }
        size_t size = zmq_msg_size (&last);
        if (size == 0) {            /*  only a delimiter: not a reply  */
            zmq_msg_close (&last);
            continue;
        }
        *reply = malloc (size);
        if (*reply) {
            memcpy (*reply, zmq_msg_data (&last), size);
            *reply_size = size;
        }
        zmq_msg_close (&last);
        return *reply ? 1 : 0;
    }
}

int
rpc_attempt_ms (int timeout_ms, int attempt)
{
    return attempt <= 1 || timeout_ms > INT_MAX / 2 ? timeout_ms : 2 * timeout_ms;
}

int64_t
rpc_patience_ms (int timeout_ms, int attempts)
{
    int64_t total = 0;
    for (int attempt = 1; attempt <= attempts; attempt++)
        total += rpc_attempt_ms (timeout_ms, attempt);
    return total;
}

rpc_status_t
rpc_call (rpc_t *self, const uint8_t *request, size_t size, uint8_t **reply, size_t *reply_size)
{
    *reply = NULL;
    *reply_size = 0;
    int handshake_failures = 0;
    for (self->used = 1; self->used <= self->attempts; self->used++) {
        if (!self->socket && s_open (self) != 0)
            return RPC_FAILED;
        if (zmq_send (self->socket, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0
        ||  zmq_send (self->socket, request, size, ZMQ_DONTWAIT) < 0) {
            /*  Not connected yet: DEALER refuses with EAGAIN. The socket
                is replaced below, and the attempt still counts.  */
            int64_t until = clock_now_ms () + rpc_attempt_ms (self->timeout_ms, self->used);
            while (clock_now_ms () < until)
                zmq_poll (NULL, 0, 50);
        }
        else {
            int got = s_receive (self, clock_now_ms () + rpc_attempt_ms (self->timeout_ms, self->used),
                                 reply, reply_size);
            if (got > 0)
                return RPC_OK;
            if (got == -(int) RPC_KEY_REFUSED) {
                s_close (self);
                return RPC_KEY_REFUSED;         /*  the server said no: retrying cannot help  */
            }
            /*  A failed handshake is a wrong server key, or a server that
                died in the middle of it; only repetition tells them apart.  */
            if (got < 0)
                handshake_failures++;
        }
        s_close (self);     /*  Lazy Pirate: a fresh socket for each retry  */
    }
    self->used = self->attempts;
    return handshake_failures == self->attempts ? RPC_HANDSHAKE_FAILED : RPC_NO_ANSWER;
}

int
rpc_attempts_used (const rpc_t *self)
{
    return self->used;
}
