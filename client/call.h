/*  call.h: one request to rapord, with the retries every tool needs.

    Lazy Pirate (rpc.c) covers silence; this adds the Unavailable answer:
    wait retry_after_ms and send the same bytes again, within the same
    attempt budget. The request id is drawn here, and a reply that does not
    echo it is refused.  */
#ifndef RAPOR_CALL_H
#define RAPOR_CALL_H

#include "codec.h"
#include "keys.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    const char *endpoint;
    int timeout_ms;         /*  per attempt  */
    int attempts;
    FILE *progress;         /*  "retrying..." lines; NULL for silence  */
    const curve_t *curve;   /*  NULL: plaintext (development only)  */
} call_options_t;

typedef enum {
    CALL_OK = 0,            /*  *reply holds a receipt, rejection, result or ranking  */
    CALL_NO_ANSWER,         /*  every attempt timed out  */
    CALL_UNAVAILABLE,       /*  the server kept answering Unavailable; reason in reply  */
    CALL_BAD_REPLY,         /*  an answer that is not a Rapor reply to this request  */
    CALL_FAILED,            /*  bad endpoint or out of memory  */
    CALL_KEY_REFUSED,       /*  our key is not registered, or revoked  */
    CALL_HANDSHAKE_FAILED   /*  wrong server key, or the server is not CURVE  */
} call_status_t;

/*  Sends `request` (its request_id is set here) and fills *reply, which
    the caller releases with codec_reply_clear.  */
call_status_t call_request (const call_options_t *options, request_t *request, reply_t *reply);

/*  A sentence for the user about a failed call (not CALL_OK).  */
void call_explain (call_status_t status, const call_options_t *options, const reply_t *reply,
                   FILE *err);

#endif
