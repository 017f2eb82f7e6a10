/*  rpc.h: a request-reply client with the zguide's Lazy Pirate retries.

    It sends one request and waits up to timeout_ms for the reply. With no
    reply it closes the socket (LINGER 0, so nothing queued is resent
    behind our back), opens a new one and sends the same bytes again, up to
    `attempts` times. The caller makes the retry safe: a submission carries
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

/*  Attempts made by the last rpc_call.  */
int rpc_attempts_used (const rpc_t *self);

#endif
