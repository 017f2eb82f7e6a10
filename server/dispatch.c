/*  dispatch.c: from a whole message to a handler.

    Cheap refusals come first (STYLE 14): the key's budget and the size
    are checked before a byte is decoded; the sender is looked up only
    for a request that decoded; the handler runs only for a sender the
    database knows.  */
#include "dispatch.h"
#include "i18n.h"
#include "clock.h"
#include "log.h"
#include "operation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _dispatch_t {
    int max_message_bytes;
    bool curve;                 /*  false only in insecure development mode  */
    store_t *store;
    batch_t *batch;
    void *router;
    gate_t *gate;               /*  per-key budget and the refusal tally; borrowed  */
    operation_env_t env;        /*  what an admin request may use  */
};

dispatch_t *
dispatch_new (const config_t *config, bool curve, store_t *store, batch_t *batch,
              broadcaster_t *broadcaster, gate_t *gate, void *router,
              const curve_census_t *census)
{
    dispatch_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->max_message_bytes = config->max_message_bytes;
    self->curve = curve;
    self->store = store;
    self->batch = batch;
    self->router = router;
    self->gate = gate;
    self->env = (operation_env_t) { store, broadcaster, gate, batch, census, clock_now_us () };
    return self;
}

void
dispatch_destroy (dispatch_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free (*self_p);
    *self_p = NULL;
}

/*  A request refused before its sender was known: counted by the gate,
    which writes one summary row per key and reason per interval; only the
    first of each group is logged.  */
static void
s_refused (dispatch_t *self, call_t *call, const char *outcome, const char *reason)
{
    const char *key = call->has_user_id && strlen (call->user_id) == IDENTITY_KEY_LEN
                    ? call->user_id : NULL;
    if (gate_refuse (self->gate, "request", outcome, reason, key, NULL, clock_now_ms ()))
        log_warn ("request peer=%s key=%s outcome=%s reason=%s (more like it are counted, "
                  "not logged)", call->peer, key ? key : "-", outcome, reason);
}

/*  The key's budget, before any decode or database work: that is what the
    budget protects. False (reply filled) if the key is over it.  */
static bool
s_within_budget (dispatch_t *self, call_t *call)
{
    /* gate: per-key budget */
    if (!self->curve || !call->has_user_id
    ||  gate_request (self->gate, call->user_id, clock_now_ms ()))
        return true;
    call_unavailable (call, _("too many requests from this key; slow down and retry"));
    s_refused (self, call, "refused", "rate_limited");
    return false;
}

/*  Who sent this request: the key CURVE proved, as the database knows it
    now. A revoked key is refused on its very next request. False (with
    the reply filled) if the request must go no further.  */
static bool
s_identify (dispatch_t *self, call_t *call)
{
    memset (&call->identity, 0, sizeof call->identity);
    if (!self->curve)
        return true;        /*  development mode: claims stand  */
    if (!call->has_user_id || strlen (call->user_id) != IDENTITY_KEY_LEN) {
        /*  CURVE without a verdict from the ZAP handler: fail closed.  */
        call_reject (call, PROBLEM_NOT_PERMITTED, "key",
                     _("This connection did not prove a registered key; nothing is accepted."));
        s_refused (self, call, "refused", "no_user_id");
        return false;
    }
    store_status_t status = keyring_lookup_cached (self->store, call->user_id, &call->identity,
                                                   clock_now_ms ());
    if (status == STORE_OK)
        return true;
    if (status == STORE_UNAVAILABLE) {
        call_unavailable (call, _("the scoring database cannot be reached right now"));
        log_warn ("request peer=%s key=%s outcome=unavailable reason=database", call->peer,
                  call->user_id);
        return false;
    }
    call_reject (call, PROBLEM_KEY_UNKNOWN, "key",
                 _("This key is not registered for this server or was revoked; ask the "
                 "inspectorate for a registered key."));
    s_refused (self, call, "refused", "key_unknown");
    return false;
}

/*  Size, decode, version. False (reply filled, refusal logged and
    audited) if the bytes are not a request this server takes.  */
static bool
s_decode (dispatch_t *self, call_t *call)
{
    char msg[160];
    size_t size = zmq_msg_size (&call->body);
    if (call->message_bytes > (size_t) self->max_message_bytes) {
        snprintf (msg, sizeof msg, _("The message is %zu bytes; the limit is %d bytes."),
                  call->message_bytes, self->max_message_bytes);
        call_reject (call, PROBLEM_TOO_LARGE, "message", msg);
        log_info ("request peer=%s op=? outcome=rejected reason=%s bytes=%zu", call->peer,
                  PROBLEM_TOO_LARGE, call->message_bytes);
        s_refused (self, call, "rejected", PROBLEM_TOO_LARGE);
        return false;
    }
    if (!codec_request_decode (zmq_msg_data (&call->body), size, &call->request,
                               &call->reply.problems)) {
        call->reply.kind = REPLY_REJECTION;
        log_info ("request peer=%s op=? outcome=rejected reason=%s bytes=%zu", call->peer,
                  PROBLEM_MALFORMED, size);
        s_refused (self, call, "rejected", PROBLEM_MALFORMED);
        return false;
    }
    call->reply.request_id = call->request.request_id;
    if (call->request.version != PROTOCOL_VERSION) {
        snprintf (msg, sizeof msg, _("Protocol version %u is not supported; this server "
                  "speaks version %d. Update the client."), call->request.version,
                  PROTOCOL_VERSION);
        call_reject (call, PROBLEM_BAD_VERSION, "version", msg);
        log_info ("request peer=%s id=%llu op=? outcome=rejected reason=%s version=%u",
                  call->peer, (unsigned long long) call->request.request_id,
                  PROBLEM_BAD_VERSION, call->request.version);
        s_refused (self, call, "rejected", PROBLEM_BAD_VERSION);
        return false;
    }
    return true;
}

/*  Runs the handler of a request that passed every check before it.  */
static void
s_handle (dispatch_t *self, call_t **call_p)
{
    call_t *call = *call_p;
    unsigned long long id = (unsigned long long) call->request.request_id;
    switch (call->request.kind) {
        case REQUEST_SUBMIT:
            batch_submit (self->batch, call_p);
            break;
        case REQUEST_PING:
            call->reply.kind = REPLY_PONG;
            snprintf (call->reply.server_version, sizeof call->reply.server_version,
                      "rapord %s", RAPOR_VERSION);
            log_info ("request peer=%s id=%llu op=ping outcome=pong", call->peer, id);
            break;
        case REQUEST_ADMIN:
            /*  Submissions that arrived before this admin request are
                stored before it runs: a period closed now must not refuse
                them. They are calls of their own: this one is untouched.  */
            batch_flush (self->batch);
            operation_handle (&self->env, call);
            break;
        case REQUEST_SNAPSHOT:
            broadcast_snapshot (self->env.broadcaster, call);
            break;
        case REQUEST_NONE:
            call_reject (call, PROBLEM_UNKNOWN_REQUEST, "body",
                         _("The request type is not known to this server; "
                         "update the server or check the client."));
            log_info ("request peer=%s id=%llu op=? outcome=rejected reason=%s", call->peer, id,
                      PROBLEM_UNKNOWN_REQUEST);
            s_refused (self, call, "rejected", PROBLEM_UNKNOWN_REQUEST);
            break;
    }
}

void
dispatch_call (dispatch_t *self, call_t **call_p)
{
    call_t *call = *call_p;
    /* gate: per-key budget */
    if (s_within_budget (self, call)
    &&  s_decode (self, call)
    &&  s_identify (self, call)) {
        identity_default_opd (&call->identity, &call->request);
        s_handle (self, call_p);
    }
    if (*call_p) {
        call_send (*call_p, self->router);
        call_destroy (call_p);
    }
}
