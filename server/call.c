/*  call.c: one request's own context, and the outcomes every request
    type shares (rejected, unavailable, audited, authorized, sent).  */
#include "call.h"
#include "i18n.h"
#include "clock.h"
#include "hex.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

call_t *
call_new (void)
{
    call_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    zmq_msg_init (&self->body);
    problems_init (&self->reply.problems);
    self->reply.version = PROTOCOL_VERSION;
    snprintf (self->peer, sizeof self->peer, "-");
    self->started = clock_now_us ();
    return self;
}

/*  Bad framing is dropped before any budget, so its log line is limited:
    the first in each second, and with it how many went unlogged since the
    line before. One client must not drown rapord's other lines (journald
    drops a service's lines beyond its rate limit).  */
static void
s_log_bad_framing (const char *peer, int frames, size_t bytes)
{
    static int64_t logged_ms = INT64_MIN / 2;
    static unsigned long unlogged = 0;
    int64_t now = clock_now_ms ();
    if (now - logged_ms < 1000) {
        unlogged++;
        return;
    }
    log_warn ("request peer=%s outcome=dropped reason=bad_framing frames=%d bytes=%zu "
              "unlogged=%lu", peer, frames, bytes, unlogged);
    logged_ms = now;
    unlogged = 0;
}

call_t *
call_recv (void *socket, int max_message_bytes)
{
    /*  libzmq hands over a multipart message only once all of it arrived,
        but rapord takes it frame by frame: it keeps at most
        CALL_FRAMES_MAX frames and max_message_bytes of what the client
        sent, and lets every later frame go as soon as it is read.  */
    zmq_msg_t frames[CALL_FRAMES_MAX];
    int count = 0, kept = 0;
    size_t total = 0;               /*  the client's frames, not the routing id  */
    bool too_large = false;
    char user_id[64] = "";
    bool has_user_id = false;
    int more = 1;
    while (more) {
        zmq_msg_t part;
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, socket, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&part);
            break;
        }
        more = zmq_msg_more (&part);
        if (count++ > 0)
            total += zmq_msg_size (&part);
        if (!more) {
            /*  The key CURVE proved; on a ROUTER only the body frame has it.  */
            const char *key = zmq_msg_gets (&part, "User-Id");
            if (key) {
                snprintf (user_id, sizeof user_id, "%s", key);
                has_user_id = true;
            }
        }
        if (total > (size_t) max_message_bytes)
            too_large = true;
        if (kept < CALL_FRAMES_MAX && !too_large)
            frames[kept++] = part;
        else
            zmq_msg_close (&part);
    }
    char peer[16] = "-";
    if (kept > 0) {
        size_t rid = zmq_msg_size (&frames[0]);
        const uint8_t *bytes = zmq_msg_data (&frames[0]);
        /*  libzmq's generated routing ids are 5 bytes: 0 then a counter.  */
        hex_encode (bytes + (rid > 5 ? rid - 5 : 0), rid > 5 ? 5 : rid, peer);
    }
    call_t *self = NULL;
    if (count > CALL_FRAMES_MAX || count < 2)
        s_log_bad_framing (peer, count, total);
    else {
        self = call_new ();
        if (!self)
            log_error ("request peer=%s outcome=dropped reason=out_of_memory", peer);
    }
    if (!self) {
        for (int i = 0; i < kept; i++)
            zmq_msg_close (&frames[i]);
        return NULL;
    }
    snprintf (self->peer, sizeof self->peer, "%s", peer);
    /*  Every frame but the last is the envelope. A message over the
        limit is answered on its routing id and the empty delimiters
        after it: the frames a REQ or DEALER client expects back.  */
    self->frames = count - 1;
    if (too_large) {
        self->frames = 1;
        while (self->frames < kept && self->frames < count - 1
           &&  zmq_msg_size (&frames[self->frames]) == 0)
            self->frames++;
    }
    for (int i = 0; i < self->frames; i++) {
        zmq_msg_init (&self->envelope[i]);
        zmq_msg_move (&self->envelope[i], &frames[i]);
        zmq_msg_close (&frames[i]);
    }
    for (int i = self->frames; i < kept; i++)
        if (i == count - 1)
            zmq_msg_move (&self->body, &frames[i]);     /*  within the limit  */
    for (int i = self->frames; i < kept; i++)
        zmq_msg_close (&frames[i]);
    self->message_bytes = total;
    snprintf (self->user_id, sizeof self->user_id, "%s", user_id);
    self->has_user_id = has_user_id;
    return self;
}

void
call_destroy (call_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    call_t *self = *self_p;
    for (int i = 0; i < self->frames; i++)
        zmq_msg_close (&self->envelope[i]);
    zmq_msg_close (&self->body);
    codec_reply_clear (&self->reply);
    codec_request_clear (&self->request);
    free (self);
    *self_p = NULL;
}

void
call_label (char *dest, size_t size, const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < size; i++) {
        char c = text[i];
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                 || (c >= '0' && c <= '9') || c == '-' || c == '_';
        dest[n++] = plain ? c : '?';
    }
    dest[n] = '\0';
    if (n == 0 && size > 1)
        snprintf (dest, size, "-");
}

void
call_reject (call_t *self, const char *code, const char *field, const char *message)
{
    self->reply.kind = REPLY_REJECTION;
    problems_add (&self->reply.problems, code, field, "%s", message);
}

void
call_unavailable (call_t *self, const char *reason)
{
    self->reply.kind = REPLY_UNAVAILABLE;
    self->reply.retry_after_ms = CALL_RETRY_AFTER_MS;
    snprintf (self->reply.reason, sizeof self->reply.reason, "%s", reason);
}

/*  Joins the problem codes and fields for the log line.  */
static void
s_problem_summary (const problems_t *p, char *codes, size_t csize, char *fields, size_t fsize)
{
    codes[0] = fields[0] = '\0';
    for (size_t i = 0; i < p->count; i++) {
        size_t cl = strlen (codes), fl = strlen (fields);
        snprintf (codes + cl, csize - cl, "%s%s", i ? "," : "", p->items[i].code);
        snprintf (fields + fl, fsize - fl, "%s%s", i ? "," : "", p->items[i].field);
    }
}

void
call_conclude (call_t *self, store_status_t status, const char *context)
{
    reply_t *reply = &self->reply;
    unsigned long long id = (unsigned long long) self->request.request_id;
    long long us = (long long) (clock_now_us () - self->started);
    if (status == STORE_UNAVAILABLE) {
        log_warn ("request peer=%s id=%llu %s outcome=unavailable reason=\"%s\" us=%lld",
                  self->peer, id, context, reply->reason, us);
        call_unavailable (self, _("the scoring database cannot be reached right now"));
        return;
    }
    reply->kind = REPLY_REJECTION;
    char codes[512], fields[512];
    s_problem_summary (&reply->problems, codes, sizeof codes, fields, sizeof fields);
    log_info ("request peer=%s id=%llu %s outcome=rejected reason=%s field=%s us=%lld",
              self->peer, id, context, codes, fields, us);
}

void
call_audit_fill (call_t *self, const char *action, store_status_t status,
                 const problems_t *problems, bool duplicate, const char *what,
                 const char *opd, const char *period, const char *submission)
{
    audit_row_t *row = &self->audit;
    row->identity = &self->identity;
    row->action = action;
    row->outcome = status == STORE_OK ? "accepted"
                 : status == STORE_UNAVAILABLE ? "unavailable" : "rejected";
    row->reason[0] = '\0';
    char fields[512];
    if (status == STORE_REJECTED)
        s_problem_summary (problems, row->reason, sizeof row->reason, fields, sizeof fields);
    if (status == STORE_OK && duplicate)
        snprintf (row->reason, sizeof row->reason, "duplicate");
    snprintf (row->detail, sizeof row->detail, "%s opd=%s period=%s%s%s", what, opd, period,
              submission[0] ? " submission=" : "", submission);
}

void
call_audit (call_t *self, store_t *store, const char *action, store_status_t status,
            const char *what, const char *opd, const char *period, const char *submission)
{
    call_audit_fill (self, action, status, &self->reply.problems,
                     self->reply.receipt.duplicate, what, opd, period, submission);
    keyring_audit (store, &self->identity, action, self->audit.outcome, self->audit.reason,
                   self->audit.detail);
}

bool
call_authorize (call_t *self, store_t *store, const char *action)
{
    reply_t *reply = &self->reply;
    if (identity_authorize (&self->identity, &self->request, &reply->problems))
        return true;
    reply->kind = REPLY_REJECTION;
    const problem_t *p = &reply->problems.items[0];
    log_info ("request peer=%s id=%llu key=%s opd=%s role=%s op=%s outcome=refused reason=%s "
              "field=%s", self->peer, (unsigned long long) self->request.request_id,
              self->identity.key, self->identity.opd, role_name (self->identity.role), action,
              p->code, p->field);
    keyring_audit (store, &self->identity, action, "refused", p->code, p->message);
    return false;
}

void
call_send (call_t *self, void *socket)
{
    size_t size = 0;
    uint8_t *body = codec_reply_encode (&self->reply, &size);
    if (!body) {
        log_error ("cannot encode reply: out of memory");
        return;
    }
    for (int i = 0; i < self->frames; i++)
        if (zmq_msg_send (&self->envelope[i], socket, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
            log_warn ("reply not sent: %s", zmq_strerror (errno));
    if (zmq_send (socket, body, size, ZMQ_DONTWAIT) < 0)
        log_warn ("reply not sent: %s", zmq_strerror (errno));
    free (body);
}
