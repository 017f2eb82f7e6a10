/*  call.c: see call.h.  */
#include "call.h"
#include "human.h"
#include "i18n.h"
#include "rpc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <zmq.h>

call_status_t
call_request (const call_options_t *o, request_t *request, reply_t *reply)
{
    codec_reply_clear (reply);
    request->version = PROTOCOL_VERSION;
    if (getrandom (&request->request_id, sizeof request->request_id, 0) < 0)
        request->request_id = (uint64_t) time (NULL);
    size_t size = 0;
    uint8_t *body = codec_request_encode (request, &size);
    rpc_t *rpc = body ? rpc_new (o->endpoint, o->timeout_ms, o->attempts, o->curve) : NULL;
    call_status_t status = CALL_FAILED;
    if (!rpc)
        goto out;
    for (int round = 1; round <= o->attempts; round++) {
        uint8_t *raw = NULL;
        size_t raw_size = 0;
        rpc_status_t sent = rpc_call (rpc, body, size, &raw, &raw_size);
        if (sent != RPC_OK) {
            status = sent == RPC_KEY_REFUSED ? CALL_KEY_REFUSED
                   : sent == RPC_HANDSHAKE_FAILED ? CALL_HANDSHAKE_FAILED
                   : sent == RPC_FAILED ? CALL_FAILED : CALL_NO_ANSWER;
            goto out;
        }
        codec_reply_clear (reply);
        bool ok = codec_reply_decode (raw, raw_size, reply);
        free (raw);
        if (!ok || reply->request_id != request->request_id) {
            status = CALL_BAD_REPLY;
            goto out;
        }
        if (reply->kind != REPLY_UNAVAILABLE) {
            status = CALL_OK;
            goto out;
        }
        status = CALL_UNAVAILABLE;
        if (round < o->attempts) {
            if (o->progress)
                fprintf (o->progress, _("The server is temporarily unavailable (%s); retrying...\n"),
                         reply->reason);
            struct timespec pause = { reply->retry_after_ms / 1000,
                                      (long) (reply->retry_after_ms % 1000) * 1000000 };
            nanosleep (&pause, NULL);
        }
    }
out:
    rpc_destroy (&rpc);
    free (body);
    return status;
}

void
call_explain (call_status_t status, const call_options_t *o, const reply_t *reply, FILE *err)
{
    switch (status) {
        case CALL_NO_ANSWER: {
            char waited[HUMAN_MAX];
            human_centi (rpc_patience_ms (o->timeout_ms, o->attempts) / 10, waited, sizeof waited);
            fprintf (err, _("No answer from the Rapor server at %s after %d attempts in %s s.\n"),
                     o->endpoint, o->attempts, waited);
            break;
        }
        case CALL_UNAVAILABLE:
            fprintf (err, _("The Rapor server is unavailable (%s).\n"), reply->reason);
            break;
        case CALL_BAD_REPLY:
            fprintf (err, _("The server sent an answer this client cannot read; is %s a Rapor "
                     "server of protocol version %d?\n"), o->endpoint, PROTOCOL_VERSION);
            break;
        case CALL_FAILED:
            /*  libzmq only says "Invalid argument" for "127.0.0.1:7700".  */
            if (!strstr (o->endpoint, "://"))
                fprintf (err, _("Cannot use server address '%s': write the address as "
                         "tcp://HOST:PORT, like tcp://%s\n"), o->endpoint, o->endpoint);
            else
                fprintf (err, _("Cannot use server address '%s': %s; write it as "
                         "tcp://HOST:PORT, like tcp://127.0.0.1:7700\n"), o->endpoint,
                         zmq_strerror (zmq_errno ()));
            break;
        case CALL_KEY_REFUSED:
            fprintf (err, _("The server refused this client's key: this key is not registered for "
                     "this server or was revoked. Ask the inspectorate to register it "
                     "(rapor-admin key add).\n"));
            break;
        case CALL_HANDSHAKE_FAILED:
            /*  The server ends these handshakes without a word, so the
                client cannot tell the causes apart (PROTOCOL.md §1.1).  */
            fprintf (err, _("The secure handshake with %s failed every time: the server closed "
                     "the connection without a reason. Most likely the server key given "
                     "(--server-key) is not this server's, or the server does not use CURVE. "
                     "If the key is right, the server may be refusing new connections from "
                     "this address for a moment (too many in a short time): wait a minute and "
                     "try again.\n"), o->endpoint);
            break;
        case CALL_OK:
            break;
    }
}
