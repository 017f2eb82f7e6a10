/*  server.c: receive, decode, validate, store, reply, log.

    Framing: a request is a multipart message; the last frame is the
    protobuf body and every frame before it is the envelope (the ROUTER's
    routing id, then an empty delimiter for REQ and for DEALER clients that
    send one). The reply repeats the envelope, so REQ and DEALER both work.  */
#define _GNU_SOURCE             /*  ppoll: a group commit waits in microseconds  */
#include "server.h"
#include "clock.h"
#include "codec.h"
#include "hex.h"
#include "identity.h"
#include "text.h"
#include "keyring.h"
#include "gate.h"
#include "peers.h"
#include "log.h"
#include "period.h"
#include "quarter.h"
#include "store.h"
#include "zap.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <czmq.h>
#include <zmq.h>

#define ENVELOPE_MAX 8              /*  frames; more is not a real client  */
#define TRANSPORT_MAX_BYTES (1 << 20)   /*  libzmq drops the peer above this  */
#define RETRY_AFTER_MS 1000
#define PUB_HWM 100000              /*  a burst of rankings is never dropped  */

/*  A submission waiting for the group commit, with what its reply needs.  */
typedef struct {
    zmq_msg_t envelope[ENVELOPE_MAX];
    int frames;
    submission_t submission;
    identity_t identity;
    uint64_t request_id;
    int64_t started;
    char peer[16], opd[24], period[24], sid[2 * SUBMISSION_ID_LEN + 1];
    store_item_t item;
} slot_t;

static volatile sig_atomic_t s_stop = 0;

struct _server_t {
    void *ctx;
    void *router;
    void *pub;              /*  ranking broadcasts and heartbeats  */
    store_t *store;
    config_t config;
    char bound[256];
    char pub_bound[256];
    uint64_t last_seq;      /*  highest sequence number published  */
    bool curve;             /*  false only in insecure development mode  */
    zap_t *zap;             /*  the handshake check; NULL only if disabled  */
    void *monitor;          /*  handshake failures on the request socket  */
    identity_t identity;    /*  of the request in hand  */
    gate_t *gate;           /*  cheap refusals, before any work  */
    slot_t *batch;          /*  STORE_BATCH_MAX slots  */
    size_t batched;
    peers_t *peers;         /*  clients busy submitting: a group waits for them  */
    int router_fd;          /*  ZMQ_FD of the request socket: wakes a wait  */
    bool deferred;          /*  the request in hand joined the batch  */
    int64_t next_heartbeat_ms;
    request_t request;      /*  big; kept here, not on the stack  */
    reply_t reply;
};

void
server_stop (void)
{
    s_stop = 1;
}

/*  Copies wire text for a log line, replacing anything unusual, so a
    hostile value cannot forge log lines.  */
static void
s_log_text (char *dest, size_t size, const char *text, size_t len)
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

/*  libzmq 4.3 keeps this option in its draft API; the number is stable.  */
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

/*  CURVE server options. A domain is set and enforced: with neither, libzmq
    accepts any key when no ZAP handler answers (it fails open). rapord does
    not rely on this alone: every request must also carry a User-Id that
    the database knows (s_identify).  */
static int
s_curve_server (void *socket, const char *secret)
{
    int on = 1;
    if (zmq_setsockopt (socket, ZMQ_CURVE_SERVER, &on, sizeof on) != 0
    ||  zmq_setsockopt (socket, ZMQ_CURVE_SECRETKEY, secret, 41) != 0
    ||  zmq_setsockopt (socket, ZMQ_ZAP_DOMAIN, ZAP_DOMAIN, strlen (ZAP_DOMAIN)) != 0)
        return -1;
    if (zmq_setsockopt (socket, ZMQ_ZAP_ENFORCE_DOMAIN, &on, sizeof on) != 0)
        log_warn ("this libzmq has no ZMQ_ZAP_ENFORCE_DOMAIN; relying on the ZAP handler and "
                  "the per-request key check");
    return 0;
}

/*  Reads the server's secret certificate into secret (41 bytes, Z85).  */
static bool
s_load_server_key (const char *path, char *secret, char *public_key, char *err, size_t err_size)
{
    zsys_handler_set (NULL);    /*  keep rapord's SIGTERM handling, not CZMQ's  */
    zcert_t *cert = zcert_load (path);
    if (!cert) {
        snprintf (err, err_size, "cannot read the server's secret certificate %s; make one with "
                  "'rapor-admin keygen %.*s', or run with --insecure-plaintext-dev 1 for "
                  "development", path, (int) (strlen (path) > 7 ? strlen (path) - 7 : strlen (path)),
                  path);
        return false;
    }
    snprintf (secret, 41, "%s", zcert_secret_txt (cert));
    snprintf (public_key, 41, "%s", zcert_public_txt (cert));
    bool ok = strlen (secret) == 40 && strcmp (secret, "0000000000000000000000000000000000000000") != 0;
    zcert_destroy (&cert);
    if (!ok)
        snprintf (err, err_size, "%s holds no secret key; use the _secret file", path);
    return ok;
}

server_t *
server_new (const config_t *config, char *err, size_t err_size)
{
    server_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, err_size, "out of memory");
        return NULL;
    }
    self->config = *config;
    gate_config_t gate_config;
    gate_config_defaults (&gate_config);
    gate_config.key_requests_per_second = config->key_requests_per_second;
    gate_config.summary_ms = config->refusal_summary_seconds * 1000;
    self->gate = gate_new (&gate_config);
    self->batch = calloc (STORE_BATCH_MAX, sizeof *self->batch);
    self->peers = peers_new ();
    if (!self->gate || !self->batch || !self->peers) {
        gate_destroy (&self->gate);
        peers_destroy (&self->peers);
        free (self->batch);
        snprintf (err, err_size, "out of memory");
        free (self);
        return NULL;
    }
    self->store = store_new (config->database, config->db_timeout_ms, err, err_size);
    if (!self->store)
        goto err;
    self->curve = !config->insecure_plaintext_dev;
    char secret[41] = "", public_key[41] = "";
    if (self->curve && !s_load_server_key (config->curve_secret_file, secret, public_key,
                                           err, err_size))
        goto err;
    self->ctx = zmq_ctx_new ();
    if (!self->ctx)
        goto zmq_err;
    if (self->curve && config->zap) {
        self->zap = zap_new (self->ctx, self->store, self->gate);
        if (!self->zap)
            goto zmq_err;
    }
    self->router = zmq_socket (self->ctx, ZMQ_ROUTER);
    if (!self->router || (self->curve && s_curve_server (self->router, secret) != 0))
        goto zmq_err;
    /*  Handshakes that fail before ZAP (plaintext peers, a wrong server
        key) are seen only here; they are logged and audited.  */
    if (self->curve) {
        int events = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL;
        if (zmq_socket_monitor (self->router, "inproc://rapord.monitor", events) != 0)
            goto zmq_err;
        self->monitor = zmq_socket (self->ctx, ZMQ_PAIR);
        if (!self->monitor || zmq_connect (self->monitor, "inproc://rapord.monitor") != 0)
            goto zmq_err;
        log_info ("CURVE on: server public key %s", public_key);
    }
    else
        log_warn ("INSECURE PLAINTEXT DEVELOPMENT MODE: no encryption, no keys; any client may "
                  "claim to be any OPD. Never use this with real scores.");
    int64_t max = TRANSPORT_MAX_BYTES;
    int linger = 1000;          /*  let the last replies leave on shutdown  */
    zmq_setsockopt (self->router, ZMQ_MAXMSGSIZE, &max, sizeof max);
    zmq_setsockopt (self->router, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind (self->router, config->endpoint) != 0) {
        snprintf (err, err_size, "cannot bind %s: %s", config->endpoint, zmq_strerror (errno));
        goto err;
    }
    size_t len = sizeof self->bound;
    zmq_getsockopt (self->router, ZMQ_LAST_ENDPOINT, self->bound, &len);
    len = sizeof self->router_fd;
    if (zmq_getsockopt (self->router, ZMQ_FD, &self->router_fd, &len) != 0)
        self->router_fd = -1;   /*  a group's wait then just sleeps  */

    if (quarter_last_seq (self->store, &self->last_seq) != STORE_OK) {
        snprintf (err, err_size, "cannot read the last broadcast sequence number");
        goto err;
    }
    self->pub = zmq_socket (self->ctx, ZMQ_PUB);
    if (!self->pub || (self->curve && s_curve_server (self->pub, secret) != 0))
        goto zmq_err;
    int hwm = PUB_HWM;
    zmq_setsockopt (self->pub, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt (self->pub, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind (self->pub, config->pub_endpoint) != 0) {
        snprintf (err, err_size, "cannot bind %s: %s", config->pub_endpoint, zmq_strerror (errno));
        goto err;
    }
    len = sizeof self->pub_bound;
    zmq_getsockopt (self->pub, ZMQ_LAST_ENDPOINT, self->pub_bound, &len);
    if (config->endpoint_file[0]) {
        /*  Written then renamed, so a reader never sees half an endpoint.  */
        char tmp[1100];
        snprintf (tmp, sizeof tmp, "%s.tmp", config->endpoint_file);
        FILE *f = fopen (tmp, "w");
        if (!f || fprintf (f, "%s\n%s\n", self->bound, self->pub_bound) < 0 || fclose (f) != 0
        || rename (tmp, config->endpoint_file) != 0) {
            snprintf (err, err_size, "cannot write endpoint file %s: %s",
                      config->endpoint_file, strerror (errno));
            goto err;
        }
    }
    return self;
zmq_err:
    snprintf (err, err_size, "ZeroMQ: %s", zmq_strerror (errno));
err:
    server_destroy (&self);
    return NULL;
}

void
server_destroy (server_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    server_t *self = *self_p;
    if (self->monitor) {
        zmq_socket_monitor (self->router, NULL, 0);
        zmq_close (self->monitor);
    }
    if (self->router)
        zmq_close (self->router);
    if (self->pub)
        zmq_close (self->pub);
    zap_destroy (&self->zap);
    if (self->ctx)
        zmq_ctx_term (self->ctx);
    if (self->gate && self->store)
        gate_flush_all (self->gate, self->store, clock_now_ms ());
    store_destroy (&self->store);
    gate_destroy (&self->gate);
    peers_destroy (&self->peers);
    free (self->batch);
    codec_reply_clear (&self->reply);
    free (self);
    *self_p = NULL;
}

/*  Sends envelope + body. Failures only get logged: the peer may be gone,
    and that must not stop the server.  */
static void
s_send_reply (server_t *self, zmq_msg_t *envelope, int frames)
{
    size_t size = 0;
    uint8_t *body = codec_reply_encode (&self->reply, &size);
    if (!body) {
        log_error ("cannot encode reply: out of memory");
        return;
    }
    for (int i = 0; i < frames; i++)
        if (zmq_msg_send (&envelope[i], self->router, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
            log_warn ("reply not sent: %s", zmq_strerror (errno));
    if (zmq_send (self->router, body, size, ZMQ_DONTWAIT) < 0)
        log_warn ("reply not sent: %s", zmq_strerror (errno));
    free (body);
}

static void
s_reject_one (server_t *self, const char *code, const char *field, const char *message)
{
    self->reply.kind = REPLY_REJECTION;
    problems_add (&self->reply.problems, code, field, "%s", message);
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

/*  The two outcomes every request type shares: unavailable (details for
    the operator's log, a plain sentence for the user) and rejected (every
    problem code and field on the log line). `context` is the request's own
    key=value part of the log line.  */
static void
s_conclude (server_t *self, store_status_t status, const char *peer, const char *context,
            long long us)
{
    reply_t *reply = &self->reply;
    unsigned long long id = (unsigned long long) self->request.request_id;
    if (status == STORE_UNAVAILABLE) {
        reply->kind = REPLY_UNAVAILABLE;
        reply->retry_after_ms = RETRY_AFTER_MS;
        log_warn ("request peer=%s id=%llu %s outcome=unavailable reason=\"%s\" us=%lld",
                  peer, id, context, reply->reason, us);
        snprintf (reply->reason, sizeof reply->reason,
                  "the scoring database cannot be reached right now");
        return;
    }
    reply->kind = REPLY_REJECTION;
    char codes[512], fields[512];
    s_problem_summary (&reply->problems, codes, sizeof codes, fields, sizeof fields);
    log_info ("request peer=%s id=%llu %s outcome=rejected reason=%s field=%s us=%lld",
              peer, id, context, codes, fields, us);
}

/*  Fills the audit row of a submission or an admin action: the outcome,
    the problems or "duplicate" as the reason, and what it was about.  */
static void
s_audit_row (audit_row_t *row, const identity_t *identity, const char *action,
             store_status_t status, const problems_t *problems, bool duplicate,
             const char *what, const char *opd, const char *period, const char *submission)
{
    row->identity = identity;
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

/*  One audit row for a submission or an admin action, in its own statement.  */
static void
s_audit_as (server_t *self, const identity_t *identity, const char *action,
            store_status_t status, const problems_t *problems, bool duplicate,
            const char *what, const char *opd, const char *period, const char *submission)
{
    audit_row_t row;
    s_audit_row (&row, identity, action, status, problems, duplicate, what, opd, period,
                 submission);
    keyring_audit (self->store, identity, action, row.outcome, row.reason, row.detail);
}

static void
s_audit (server_t *self, const char *action, store_status_t status, const char *what,
         const char *opd, const char *period, const char *submission)
{
    s_audit_as (self, &self->identity, action, status, &self->reply.problems,
                self->reply.receipt.duplicate, what, opd, period, submission);
}

/*  After validation: may this key do this? Binds the request's claimed
    submitter or actor to the key. False (reply filled, refusal logged and
    audited) if not.  */
static bool
s_authorize (server_t *self, const char *peer, const char *action)
{
    reply_t *reply = &self->reply;
    if (identity_authorize (&self->identity, &self->request, &reply->problems))
        return true;
    reply->kind = REPLY_REJECTION;
    const problem_t *p = &reply->problems.items[0];
    log_info ("request peer=%s id=%llu key=%s opd=%s role=%s op=%s outcome=refused reason=%s "
              "field=%s", peer, (unsigned long long) self->request.request_id,
              self->identity.key, self->identity.opd, role_name (self->identity.role), action,
              p->code, p->field);
    keyring_audit (self->store, &self->identity, action, "refused", p->code, p->message);
    return false;
}

/*  The log line and reply of a submission once its outcome is known.  */
static void
s_finish_submit (server_t *self, store_status_t status, const char *peer, const char *opd,
                 const char *period, const char *sid, int64_t started)
{
    reply_t *reply = &self->reply;
    long long us = (long long) (clock_now_us () - started);
    if (status == STORE_OK) {
        reply->kind = REPLY_RECEIPT;
        log_info ("request peer=%s id=%llu op=submit opd=%s period=%s scores=%u "
                  "submission=%s outcome=%s us=%lld", peer,
                  (unsigned long long) self->request.request_id, opd, period,
                  reply->receipt.score_count, sid,
                  reply->receipt.duplicate ? "duplicate" : "accepted", us);
    }
    else {
        char context[160];
        snprintf (context, sizeof context, "op=submit opd=%s period=%s submission=%s",
                  opd, period, sid);
        s_conclude (self, status, peer, context, us);
    }
}

/*  Validates and authorizes; a submission that passes joins the batch
    (self->deferred), to be stored with the others in one transaction.  */
static void
s_handle_submit (server_t *self, const char *peer, int64_t started)
{
    const submission_t *s = &self->request.submit;
    reply_t *reply = &self->reply;
    char opd[24], period[24], sid[2 * SUBMISSION_ID_LEN + 1] = "-";
    s_log_text (opd, sizeof opd, s->opd, s->opd_len < OPD_CODE_MAX ? s->opd_len : OPD_CODE_MAX);
    s_log_text (period, sizeof period, s->period,
                s->period_len < PERIOD_FIELD_MAX ? s->period_len : PERIOD_FIELD_MAX);
    if (s->id_len == SUBMISSION_ID_LEN)
        hex_encode (s->id, SUBMISSION_ID_LEN, sid);

    if (!submission_validate (s, &reply->problems)) {
        s_audit (self, "submit", STORE_REJECTED, s->kind == SCORE_KIND_VERIFIED ? "verified" : "self",
                 opd, period, sid);
        s_finish_submit (self, STORE_REJECTED, peer, opd, period, sid, started);
        return;
    }
    if (!s_authorize (self, peer, "submit"))
        return;
    slot_t *slot = &self->batch[self->batched];
    slot->submission = *s;
    slot->identity = self->identity;
    slot->request_id = self->request.request_id;
    slot->started = started;
    peers_seen (self->peers, peer, clock_now_ms ());
    snprintf (slot->peer, sizeof slot->peer, "%s", peer);
    snprintf (slot->opd, sizeof slot->opd, "%s", opd);
    snprintf (slot->period, sizeof slot->period, "%s", period);
    snprintf (slot->sid, sizeof slot->sid, "%s", sid);
    memset (&slot->item, 0, sizeof slot->item);
    slot->item.submission = &slot->submission;
    slot->item.request_id = slot->request_id;
    problems_init (&slot->item.problems);
    self->deferred = true;
}

/*  Inside the batch's transaction: the audit rows commit with the scores,
    in one statement.  */
static bool
s_batch_audit (void *arg, const store_item_t *items, size_t count, store_stmt_t *stmt)
{
    server_t *self = arg;
    static audit_row_t rows[STORE_BATCH_MAX];
    for (size_t i = 0; i < count; i++) {
        const slot_t *slot = &self->batch[i];
        const store_item_t *item = &items[i];
        s_audit_row (&rows[i], &slot->identity, "submit", item->status, &item->problems,
                     item->receipt.duplicate,
                     slot->submission.kind == SCORE_KIND_VERIFIED ? "verified" : "self",
                     slot->opd, slot->period, slot->sid);
    }
    return keyring_audit_statement (rows, count, stmt);
}

/*  Group commit: stores every waiting submission in one transaction, then
    answers each. Receipts leave only after the COMMIT.  */
static void
s_flush_batch (server_t *self)
{
    if (self->batched == 0)
        return;
    static store_item_t items[STORE_BATCH_MAX];
    for (size_t i = 0; i < self->batched; i++)
        items[i] = self->batch[i].item;
    store_submit_batch (self->store, items, self->batched, s_batch_audit, self);
    int64_t replies = clock_now_us ();      /*  the database's part: intake.c logs it  */
    for (size_t i = 0; i < self->batched; i++) {
        slot_t *slot = &self->batch[i];
        slot->item = items[i];
        reply_t *reply = &self->reply;
        codec_reply_clear (reply);
        problems_init (&reply->problems);
        reply->version = PROTOCOL_VERSION;
        reply->request_id = slot->request_id;
        self->request.request_id = slot->request_id;
        reply->receipt = slot->item.receipt;
        reply->problems = slot->item.problems;
        snprintf (reply->reason, sizeof reply->reason, "%.120s", slot->item.reason);
        s_finish_submit (self, slot->item.status, slot->peer, slot->opd, slot->period,
                         slot->sid, slot->started);
        s_send_reply (self, slot->envelope, slot->frames);
        for (int f = 0; f < slot->frames; f++)
            zmq_msg_close (&slot->envelope[f]);
    }
    log_debug ("group commit submissions=%zu reply_us=%lld", self->batched,
               (long long) (clock_now_us () - replies));
    self->batched = 0;
}

/*  Sends one broadcast: frame 1 the topic, frame 2 the Broadcast.  */
static void
s_publish (server_t *self, const char *topic, const broadcast_t *broadcast)
{
    size_t size = 0;
    uint8_t *body = codec_broadcast_encode (broadcast, &size);
    if (!body) {
        log_error ("cannot encode broadcast topic=%s", topic);
        return;
    }
    if (zmq_send (self->pub, topic, strlen (topic), ZMQ_SNDMORE) < 0
    ||  zmq_send (self->pub, body, size, 0) < 0)
        log_error ("broadcast not sent topic=%s: %s", topic, zmq_strerror (errno));
    free (body);
}

static void
s_publish_ranking (server_t *self, ranking_t *ranking)
{
    char topic[64];
    snprintf (topic, sizeof topic, "ranking.%s", ranking->period);
    broadcast_t b = { .seq = ranking->seq, .kind = BROADCAST_RANKING, .ranking = ranking };
    s_publish (self, topic, &b);
    if (ranking->seq > self->last_seq)
        self->last_seq = ranking->seq;
    log_info ("broadcast topic=%s seq=%llu opds=%zu", topic, (unsigned long long) ranking->seq,
              ranking->count);
}

static void
s_heartbeat (server_t *self)
{
    struct timespec wall;
    clock_gettime (CLOCK_REALTIME, &wall);
    broadcast_t b = {
        .seq = self->last_seq, .kind = BROADCAST_HEARTBEAT,
        .sent_at_us = (int64_t) wall.tv_sec * 1000000 + wall.tv_nsec / 1000,
        .interval_ms = (uint32_t) self->config.heartbeat_ms
    };
    s_publish (self, "heartbeat", &b);
    self->next_heartbeat_ms = clock_now_ms () + self->config.heartbeat_ms;
}

/*  Runs a validated, authorized admin request. Its audit row, as
    accepted, goes in with the change (quarter_admin writes it before the
    COMMIT), and so does what a retry of the request must get: the request
    is filed by its id and a fingerprint, the hex of its bytes as this
    codec writes them, so the same id with another request is told apart.  */
static store_status_t
s_admin_run (server_t *self, const char *opd, const char *period, bool *published)
{
    admin_t *a = &self->request.admin;
    reply_t *reply = &self->reply;
    audit_row_t audit;
    s_audit_row (&audit, &self->identity, admin_op_name (a->op), STORE_OK, &reply->problems,
                 false, "admin", opd, period, "");
    /*  A forced finalization's reason belongs in the audit log too.  */
    if (a->op == ADMIN_PERIOD_FINALIZE && a->force)
        snprintf (audit.reason, sizeof audit.reason, "forced: %.*s", (int) a->reason_len,
                  a->reason);
    size_t size = 0;
    uint8_t *bytes = codec_request_encode (&self->request, &size);
    char *fingerprint = bytes ? malloc (2 * size + 1) : NULL;
    if (!fingerprint) {
        free (bytes);
        snprintf (reply->reason, sizeof reply->reason, "out of memory");
        return STORE_UNAVAILABLE;
    }
    hex_encode (bytes, size, fingerprint);
    free (bytes);
    quarter_caller_t caller = { &audit, self->request.request_id, fingerprint };
    store_status_t status = quarter_admin (self->store, a, &caller, reply, published,
                                           reply->reason, sizeof reply->reason);
    free (fingerprint);
    return status;
}

static void
s_handle_admin (server_t *self, const char *peer, int64_t started)
{
    admin_t *a = &self->request.admin;
    /*  With a key, the key says who acts; the field may be left out.  */
    if (self->identity.authenticated && a->actor_len == 0)
        text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, self->identity.opd,
                   strlen (self->identity.opd));
    reply_t *reply = &self->reply;
    char actor[24], period[24], opd[24];
    s_log_text (actor, sizeof actor, a->actor, a->actor_len < OPD_CODE_MAX ? a->actor_len : OPD_CODE_MAX);
    s_log_text (period, sizeof period, a->period,
                a->period_len < PERIOD_FIELD_MAX ? a->period_len : PERIOD_FIELD_MAX);
    s_log_text (opd, sizeof opd, a->opd, a->opd_len < OPD_CODE_MAX ? a->opd_len : OPD_CODE_MAX);
    bool published = false;
    store_status_t status = STORE_REJECTED;
    bool valid = admin_validate (a, &reply->problems);
    if (valid && !s_authorize (self, peer, admin_op_name (a->op)))
        return;
    if (valid)
        status = s_admin_run (self, opd, period, &published);
    long long us = (long long) (clock_now_us () - started);
    unsigned long long id = (unsigned long long) self->request.request_id;
    /*  A change that went through was audited in the change's transaction.  */
    if (!admin_reads_only (a) && status != STORE_OK)
        s_audit (self, admin_op_name (a->op), status, "admin", opd, period, "");
    if (status == STORE_OK) {
        reply->kind = REPLY_ADMIN_RESULT;
        log_info ("request peer=%s id=%llu op=admin action=%s actor=%s period=%s opd=%s "
                  "outcome=ok us=%lld", peer, id, admin_op_name (a->op), actor, period, opd, us);
        if (published)
            s_publish_ranking (self, reply->ranking);
        if (a->op == ADMIN_KEY_ADD || a->op == ADMIN_KEY_REVOKE) {
            keyring_forget ();
            gate_forget (self->gate);
        }
    }
    else {
        char context[160];
        snprintf (context, sizeof context, "op=admin action=%s actor=%s period=%s opd=%s",
                  admin_op_name (a->op), actor, period, opd);
        s_conclude (self, status, peer, context, us);
    }
}

static void
s_handle_snapshot (server_t *self, const char *peer, int64_t started)
{
    reply_t *reply = &self->reply;
    const char *period = self->request.snapshot_period;
    size_t len = self->request.snapshot_period_len;
    period_t parsed;
    store_status_t status = STORE_REJECTED;
    if (len && (len > PERIOD_FIELD_MAX || !period_parse (period, len, &parsed)))
        problems_add (&reply->problems, PROBLEM_PERIOD_INVALID, "period",
                      "The period must be written like 2024-Q3, or left empty for the latest.");
    else
        status = quarter_snapshot (self->store, len ? period : "", self->request.snapshot_seq,
                                   &reply->ranking,
                                   &reply->problems, reply->reason, sizeof reply->reason);
    char shown[24];
    s_log_text (shown, sizeof shown, period, len < PERIOD_FIELD_MAX ? len : PERIOD_FIELD_MAX);
    long long us = (long long) (clock_now_us () - started);
    unsigned long long id = (unsigned long long) self->request.request_id;
    if (status == STORE_OK) {
        reply->kind = REPLY_RANKING;
        log_info ("request peer=%s id=%llu op=snapshot period=%s seq=%llu outcome=ok us=%lld",
                  peer, id, reply->ranking->period, (unsigned long long) reply->ranking->seq, us);
    }
    else {
        char context[64];
        snprintf (context, sizeof context, "op=snapshot period=%s", shown);
        s_conclude (self, status, peer, context, us);
    }
}

/*  Counts a request refused before its sender was known; logs the first
    of each group (the gate.h tally).  */
static void
s_refused (server_t *self, const char *outcome, const char *reason, const char *user_id,
           const char *peer)
{
    const char *key = user_id && strlen (user_id) == IDENTITY_KEY_LEN ? user_id : NULL;
    if (gate_refuse (self->gate, "request", outcome, reason, key, NULL, clock_now_ms ()))
        log_warn ("request peer=%s key=%s outcome=%s reason=%s (more like it are counted, "
                  "not logged)", peer, key ? key : "-", outcome, reason);
}

/*  Who sent this request: the key CURVE proved, as the database knows it
    now. A revoked key is refused on its very next request. False (with
    the reply filled) if the request must go no further.  */
static bool
s_identify (server_t *self, const char *user_id, const char *peer)
{
    identity_t *id = &self->identity;
    memset (id, 0, sizeof *id);
    if (!self->curve)
        return true;        /*  development mode: claims stand  */
    reply_t *reply = &self->reply;
    if (!user_id || strlen (user_id) != IDENTITY_KEY_LEN) {
        /*  CURVE without a verdict from the ZAP handler: fail closed.  */
        s_reject_one (self, PROBLEM_NOT_PERMITTED, "key",
                      "This connection did not prove a registered key; nothing is accepted.");
        s_refused (self, "refused", "no_user_id", user_id, peer);
        return false;
    }
    store_status_t status = keyring_lookup_cached (self->store, user_id, id, clock_now_ms ());
    if (status == STORE_OK)
        return true;
    if (status == STORE_UNAVAILABLE) {
        reply->kind = REPLY_UNAVAILABLE;
        reply->retry_after_ms = RETRY_AFTER_MS;
        snprintf (reply->reason, sizeof reply->reason,
                  "the scoring database cannot be reached right now");
        log_warn ("request peer=%s key=%s outcome=unavailable reason=database", peer, user_id);
        return false;
    }
    s_reject_one (self, PROBLEM_KEY_UNKNOWN, "key",
                  "This key is not registered for this server or was revoked; ask the "
                  "inspectorate for a registered key.");
    s_refused (self, "refused", PROBLEM_KEY_UNKNOWN, user_id, peer);
    return false;
}

/*  A request refused before its sender was looked up (too large, not
    protobuf, wrong version, unknown key): counted by the gate under the
    key the handshake proved, and summed up in one audit row per key and
    reason per interval. Logged once per such group.  */
static void
s_audit_early (server_t *self, const char *user_id, const char *reason, const char *peer)
{
    s_refused (self, "rejected", reason, user_id, peer);
}

static void
s_handle_body (server_t *self, const uint8_t *data, size_t size, const char *peer,
               const char *user_id)
{
    int64_t started = clock_now_us ();
    reply_t *reply = &self->reply;
    codec_reply_clear (reply);      /*  frees the previous reply's lists  */
    problems_init (&reply->problems);
    reply->version = PROTOCOL_VERSION;
    char msg[160];

    if (size > (size_t) self->config.max_message_bytes) {
        snprintf (msg, sizeof msg, "The message is %zu bytes; the limit is %d bytes.",
                  size, self->config.max_message_bytes);
        s_reject_one (self, PROBLEM_TOO_LARGE, "message", msg);
        log_info ("request peer=%s op=? outcome=rejected reason=%s bytes=%zu", peer,
                  PROBLEM_TOO_LARGE, size);
        s_audit_early (self, user_id, PROBLEM_TOO_LARGE, peer);
        return;
    }
    if (!codec_request_decode (data, size, &self->request, &reply->problems)) {
        reply->kind = REPLY_REJECTION;
        log_info ("request peer=%s op=? outcome=rejected reason=%s bytes=%zu", peer,
                  PROBLEM_MALFORMED, size);
        s_audit_early (self, user_id, PROBLEM_MALFORMED, peer);
        return;
    }
    reply->request_id = self->request.request_id;
    unsigned long long id = (unsigned long long) self->request.request_id;
    if (self->request.version != PROTOCOL_VERSION) {
        snprintf (msg, sizeof msg, "Protocol version %u is not supported; this server "
                  "speaks version %d. Update the client.", self->request.version,
                  PROTOCOL_VERSION);
        s_reject_one (self, PROBLEM_BAD_VERSION, "version", msg);
        log_info ("request peer=%s id=%llu op=? outcome=rejected reason=%s version=%u",
                  peer, id, PROBLEM_BAD_VERSION, self->request.version);
        s_audit_early (self, user_id, PROBLEM_BAD_VERSION, peer);
        return;
    }
    /*  Decoded first so that even a refusal echoes the request id; the
        bytes are bounded above, and the peer passed the CURVE handshake.  */
    if (!s_identify (self, user_id, peer))
        return;

    if (self->request.kind == REQUEST_ADMIN && self->batched > 0) {
        /*  Submissions that arrived before this admin request are stored
            before it runs: a period closed now must not refuse them.  */
        uint64_t request_id = self->request.request_id;
        s_flush_batch (self);
        codec_reply_clear (reply);
        problems_init (&reply->problems);
        reply->version = PROTOCOL_VERSION;
        reply->request_id = self->request.request_id = request_id;
    }
    switch (self->request.kind) {
        case REQUEST_SUBMIT:
            s_handle_submit (self, peer, started);
            break;
        case REQUEST_PING:
            reply->kind = REPLY_PONG;
            snprintf (reply->server_version, sizeof reply->server_version, "rapord %s",
                      RAPOR_VERSION);
            log_info ("request peer=%s id=%llu op=ping outcome=pong", peer, id);
            break;
        case REQUEST_ADMIN:
            s_handle_admin (self, peer, started);
            break;
        case REQUEST_SNAPSHOT:
            s_handle_snapshot (self, peer, started);
            break;
        case REQUEST_NONE:
            s_reject_one (self, PROBLEM_UNKNOWN_REQUEST, "body",
                          "The request type is not known to this server; "
                          "update the server or check the client.");
            log_info ("request peer=%s id=%llu op=? outcome=rejected reason=%s", peer, id,
                      PROBLEM_UNKNOWN_REQUEST);
            s_audit_early (self, user_id, PROBLEM_UNKNOWN_REQUEST, peer);
            break;
    }
}

/*  A key beyond its request budget: "unavailable, retry later", without
    decoding the body, asking the database or writing an audit row. The
    request id is not known, so the reply carries 0.  */
static void
s_over_budget (server_t *self, const char *peer, const char *user_id)
{
    reply_t *reply = &self->reply;
    codec_reply_clear (reply);
    problems_init (&reply->problems);
    reply->version = PROTOCOL_VERSION;
    reply->kind = REPLY_UNAVAILABLE;
    reply->retry_after_ms = RETRY_AFTER_MS;
    snprintf (reply->reason, sizeof reply->reason,
              "too many requests from this key; slow down and retry");
    s_refused (self, "refused", "rate_limited", user_id, peer);
}

/*  Reads one whole multipart message and answers it.  */
static void
s_handle_message (server_t *self)
{
    zmq_msg_t frames[ENVELOPE_MAX + 1];
    int count = 0;
    int more = 1;
    bool overflow = false;
    while (more) {
        zmq_msg_t part;
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, self->router, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&part);
            break;
        }
        more = zmq_msg_more (&part);
        if (count < ENVELOPE_MAX + 1)
            frames[count++] = part;
        else {
            overflow = true;
            zmq_msg_close (&part);
        }
    }
    char peer[16] = "-";
    if (count > 0) {
        size_t rid = zmq_msg_size (&frames[0]);
        const uint8_t *bytes = zmq_msg_data (&frames[0]);
        /*  libzmq's generated routing ids are 5 bytes: 0 then a counter.  */
        hex_encode (bytes + (rid > 5 ? rid - 5 : 0), rid > 5 ? 5 : rid, peer);
    }
    if (overflow || count < 2)
        log_warn ("request peer=%s outcome=dropped reason=bad_framing frames=%d", peer, count);
    else {
        zmq_msg_t *body = &frames[count - 1];
        /*  The key CURVE proved; on a ROUTER only the body frame has it.  */
        const char *user_id = zmq_msg_gets (body, "User-Id");
        if (self->curve && !gate_request (self->gate, user_id, clock_now_ms ()))
            s_over_budget (self, peer, user_id);     /*  before decode: that is what it protects  */
        else
            s_handle_body (self, zmq_msg_data (body), zmq_msg_size (body), peer, user_id);
        if (self->deferred) {
            /*  The envelope waits with the submission for the group commit.  */
            slot_t *slot = &self->batch[self->batched++];
            slot->frames = count - 1;
            for (int i = 0; i < count - 1; i++) {
                zmq_msg_init (&slot->envelope[i]);
                zmq_msg_move (&slot->envelope[i], &frames[i]);
            }
            self->deferred = false;
        }
        else
            s_send_reply (self, frames, count - 1);
    }
    for (int i = 0; i < count; i++)
        zmq_msg_close (&frames[i]);
}

/*  A handshake failed before ZAP: a plaintext client, or one that holds
    the wrong server key. Logged and audited with the peer's address.  */
static void
s_monitor_event (server_t *self)
{
    zmq_msg_t event, address;
    zmq_msg_init (&event);
    zmq_msg_init (&address);
    if (zmq_msg_recv (&event, self->monitor, 0) >= 0 && zmq_msg_more (&event)
    &&  zmq_msg_recv (&address, self->monitor, 0) >= 0 && zmq_msg_size (&event) >= 6) {
        uint16_t code;
        uint32_t value;
        memcpy (&code, zmq_msg_data (&event), 2);
        memcpy (&value, (uint8_t *) zmq_msg_data (&event) + 2, 4);
        char where[128];
        snprintf (where, sizeof where, "%.*s", (int) zmq_msg_size (&address),
                  (const char *) zmq_msg_data (&address));
        const char *reason = code == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                           ? "handshake_failed_protocol" : "handshake_failed";
        if (gate_refuse (self->gate, "connect", "refused", reason, NULL, where, clock_now_ms ()))
            log_warn ("connect address=%s outcome=refused reason=%s detail=%u (a plaintext "
                      "client, or one with the wrong server key; more are counted, not logged)",
                      where, reason, value);
    }
    zmq_msg_close (&event);
    zmq_msg_close (&address);
}

/*  Waits until the request socket may have changed, or `us` passed.
    ZMQ_FD only says "look again": the caller checks ZMQ_EVENTS.  */
static void
s_wait_router (server_t *self, int64_t us)
{
    struct pollfd pfd = { .fd = self->router_fd, .events = POLLIN };
    struct timespec wait = { .tv_sec = us / 1000000, .tv_nsec = (long) (us % 1000000) * 1000 };
    ppoll (&pfd, 1, &wait, NULL);
}

/*  Takes every request already waiting, up to a group. Submissions wait
    in the group for its commit; anything else is answered at once.

    Then, if clients are busy submitting (peers.h), the group waits for
    the busy ones not in it yet: they were just answered and their next
    submission is on its way. Without this wait busy clients split into
    two groups that take turns, each waiting for the other's commit too.
    The wait ends when the group holds every busy client, or batch_wait_us
    after the group's first submission.  */
static void
s_take_requests (server_t *self)
{
    size_t busy = 0;
    bool counted = false;       /*  busy is counted once, and only if a wait is in question  */
    int64_t first = 0;
    while (self->batched < STORE_BATCH_MAX && !s_stop) {
        int events = 0;
        size_t size = sizeof events;
        if (zmq_getsockopt (self->router, ZMQ_EVENTS, &events, &size) != 0)
            break;
        if (events & ZMQ_POLLIN) {
            s_handle_message (self);
            if (!self->batched)
                first = 0;      /*  an admin request stored the group  */
            else
            if (!first)
                first = clock_now_us ();
            continue;
        }
        if (!self->batched || self->config.batch_wait_us == 0)
            break;
        if (!counted) {
            busy = peers_busy (self->peers, clock_now_ms ());
            counted = true;
        }
        if (self->batched >= busy)
            break;
        int64_t left = first + self->config.batch_wait_us - clock_now_us ();
        if (left <= 0)
            break;
        s_wait_router (self, left);
    }
    if (self->batched)
        log_debug ("took submissions=%zu busy=%zu us=%lld", self->batched, busy,
                   (long long) (first ? clock_now_us () - first : 0));
}

int
server_run (server_t *self)
{
    log_info ("rapord %s listening endpoint=%s broadcast=%s seq=%llu protocol=%d", RAPOR_VERSION,
              self->bound, self->pub_bound, (unsigned long long) self->last_seq, PROTOCOL_VERSION);
    int rc = 0;
    s_heartbeat (self);
    while (!s_stop) {
        zmq_pollitem_t items[3] = {
            { self->router, 0, ZMQ_POLLIN, 0 },
            { self->zap ? zap_socket (self->zap) : NULL, 0, ZMQ_POLLIN, 0 },
            { self->monitor, 0, ZMQ_POLLIN, 0 },
        };
        int count = self->monitor ? 3 : 1;
        if (self->monitor && !self->zap) {      /*  zap disabled: skip its slot  */
            items[1] = items[2];
            count = 2;
        }
        int64_t wait = self->next_heartbeat_ms - clock_now_ms ();
        int ready = zmq_poll (items, count, wait > 0 ? (long) wait : 0);
        zmq_pollitem_t item = items[0];
        if (clock_now_ms () >= self->next_heartbeat_ms)
            s_heartbeat (self);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            log_error ("poll failed: %s", zmq_strerror (errno));
            rc = -1;
            break;
        }
        /*  Handshakes first: a client's request waits on its handshake.  */
        for (int i = 1; i < count; i++)
            if (items[i].revents & ZMQ_POLLIN) {
                if (self->zap && items[i].socket == zap_socket (self->zap))
                    zap_handle (self->zap);
                else
                    s_monitor_event (self);
            }
        if (item.revents & ZMQ_POLLIN) {
            s_take_requests (self);
            s_flush_batch (self);
        }
        gate_flush (self->gate, self->store, clock_now_ms ());
    }
    log_info ("rapord stopping: no new requests taken, sockets closing");
    return rc;
}
