/*  rpc.h: a request-reply client with the zguide's Lazy Pirate retries.

    It sends one request and waits up to timeout_ms for the reply. With no
    reply it closes the socket (LINGER 0, so nothing queued is resent
    behind our back), opens a new one and sends the same bytes again, up to
    `attempts` times. Every retry waits twice as long as the first attempt:
    a server swamped by a burst (every client reconnecting after a restart)
    then gets the time to answer, instead of one more handshake to do for a
    client that gave up too soon. (Twice, not more: a clerk whose server is
    down waits 12.5 s for rapor-submit's verdict, not longer.) The caller makes the retry safe: a submission carries
    the same submission id every time, so the server stores it once.

    A server that refuses our key says nothing: sends succeed and the reply
    never comes. So each socket has a monitor, and a failed handshake ends
    the call at once with its own status instead of a timeout.

    The rpc owns its ZeroMQ context and its one DEALER socket. Create it
    in the process that uses it: a context does not survive fork().  */
#ifndef RAPOR_RPC_H
#define RAPOR_RPC_H

#include "keys.h"

#include <stddef.h>
#include <stdint.h>

typedef struct _rpc_t rpc_t;

typedef enum {
    RPC_OK = 0,         /*  a reply arrived; *reply is caller-owned  */
    RPC_NO_ANSWER,      /*  every attempt timed out  */
    RPC_FAILED,         /*  the endpoint is invalid, or out of memory  */
    RPC_KEY_REFUSED,    /*  the server's ZAP handler refused our key  */
    RPC_HANDSHAKE_FAILED    /*  wrong server key, or the server is not CURVE  */
} rpc_status_t;

/*  Returns NULL if the endpoint cannot be used. `curve` may be NULL for
    plaintext; it is copied.  */
rpc_t *rpc_new (const char *endpoint, int timeout_ms, int attempts, const curve_t *curve);

void rpc_destroy (rpc_t **self_p);

/*  Sends `request` and waits for the reply. Caller frees *reply.  */
rpc_status_t rpc_call (rpc_t *self, const uint8_t *request, size_t size,
                       uint8_t **reply, size_t *reply_size);

/*  How long attempt `attempt` (1, 2, ...) waits for its reply.  */
int rpc_attempt_ms (int timeout_ms, int attempt);

/*  How long `attempts` attempts wait in all: what a user is told when
    none was answered.  */
int64_t rpc_patience_ms (int timeout_ms, int attempts);

/*  Attempts made by the last rpc_call.  */
int rpc_attempts_used (const rpc_t *self);

#endif
