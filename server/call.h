/*  call.h: one request being answered, from its first frame to its reply.

    A call is a value, not a state of the server (STYLE 13): it owns the
    envelope the reply goes back on, the decoded request, who sent it,
    the reply being built and the audit row a group commit writes. Every
    handler takes the call it answers; none reads or writes another's.
    A submission that joins a group commit takes its call with it, so a
    flush can never overwrite the answer to the request in hand.  */
#ifndef RAPOR_CALL_H
#define RAPOR_CALL_H

#include "codec.h"
#include "identity.h"
#include "keyring.h"
#include "store.h"

#include <zmq.h>

#define CALL_FRAMES_MAX 9           /*  routing id + 8 frames a client may send  */
#define CALL_RETRY_AFTER_MS 1000

typedef struct {
    zmq_msg_t envelope[CALL_FRAMES_MAX];    /*  sent back before the reply  */
    int frames;
    zmq_msg_t body;                 /*  the last frame; empty if it was not kept  */
    size_t message_bytes;           /*  every frame the client sent, added up  */
    char user_id[64];               /*  the key CURVE proved, cut at 63; "" if none  */
    bool has_user_id;
    char peer[16];                  /*  the routing id, for log lines  */
    int64_t started;                /*  clock_now_us at the first frame  */
    request_t request;
    identity_t identity;
    reply_t reply;
    /*  A submission's labels for logs and audit, and its group-commit
        item and audit row (batch.c).  */
    char opd[24], period[24], sid[2 * SUBMISSION_ID_LEN + 1];
    store_item_t item;
    audit_row_t audit;
} call_t;

/*  An empty call with a fresh reply. NULL on out of memory.  */
call_t *call_new (void);

/*  Reads one whole multipart message from `socket` (a ROUTER, readable)
    into a new call: the last frame is the body, every frame before it the
    envelope. Keeps at most max_message_bytes of the frames the client
    sent; a message over it gets a call with message_bytes over the limit
    and an empty body (dispatch answers message_too_large). Returns NULL,
    with the message read to its end and logged, if it is not a request
    rapord answers (more than CALL_FRAMES_MAX frames, or one) or memory
    ran out.  */
call_t *call_recv (void *socket, int max_message_bytes);

/*  Closes the frames and frees the reply's lists.  */
void call_destroy (call_t **self_p);

/*  Copies wire text for a log line, replacing anything unusual, so a
    hostile value cannot forge log lines. Never empty ("-").  */
void call_label (char *dest, size_t size, const char *text, size_t len);

/*  The reply becomes a rejection with one more problem.  */
void call_reject (call_t *self, const char *code, const char *field, const char *message);

/*  The reply becomes "unavailable, retry later" with `reason`.  */
void call_unavailable (call_t *self, const char *reason);

/*  The two outcomes every request type shares: unavailable (details for
    the operator's log, a plain sentence for the user) and rejected (every
    problem code and field on the log line). `context` is the request's own
    key=value part of the log line.  */
void call_conclude (call_t *self, store_status_t status, const char *context);

/*  Fills the call's audit row for a submission or an admin action: the
    outcome, the problems or "duplicate" as the reason, and what it was
    about.  */
void call_audit_fill (call_t *self, const char *action, store_status_t status,
                      const problems_t *problems, bool duplicate, const char *what,
                      const char *opd, const char *period, const char *submission);

/*  The same row, written at once in its own statement.  */
void call_audit (call_t *self, store_t *store, const char *action, store_status_t status,
                 const char *what, const char *opd, const char *period, const char *submission);

/*  After validation: may this key do this? Binds the request's claimed
    submitter or actor to the key. False (reply filled, refusal logged and
    audited) if not.  */
bool call_authorize (call_t *self, store_t *store, const char *action);

/*  Sends envelope + encoded reply on `socket`. Failures are only logged:
    the peer may be gone, and that must not stop the server.  */
void call_send (call_t *self, void *socket);

#endif
