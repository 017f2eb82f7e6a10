/*  wire.c: the conformance tests' own Rapor client (see wire.h). It
    deliberately does not use common/codec.c: it plays a third party.  */
#include "wire.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <iconv.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <zmq.h>

/*  ---- keys: the operator hands out certificate files (§1.1) ----  */

/*  Reads `name = "VALUE"` (public-key, secret-key) from a certificate
    file into out (41 bytes). True if found.  */
bool
wire_cert_value (const char *path, const char *name, char *out)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return false;
    char line[512];
    bool found = false;
    while (!found && fgets (line, sizeof line, file)) {
        const char *at = strstr (line, name);
        const char *quote = at ? strchr (at, '"') : NULL;
        if (quote && strlen (quote + 1) >= 41 && quote[41] == '"') {
            memcpy (out, quote + 1, 40);
            out[40] = '\0';
            found = true;
        }
    }
    fclose (file);
    return found;
}

/*  ---- one connection: a socket, its context, a monitor ----  */

/*  Opens a socket of `type` with CURVE: its own key from the secret
    certificate `cert` (NULL: plaintext), the server's from `wire_server_key`
    (40 characters of Z85). Connects to endpoint.  */
void
wire_open (wire_conn_t *c, int type, const char *endpoint, const char *cert, const char *peer_key)
{
    char pub[41], sec[41];
    if (cert) {
        cr_assert (wire_cert_value (cert, "public-key", pub), "no public key in %s", cert);
        cr_assert (wire_cert_value (cert, "secret-key", sec), "no secret key in %s", cert);
    }
    wire_open_keys (c, type, endpoint, cert ? pub : NULL, cert ? sec : NULL, peer_key, 0);
}

void
wire_open_keys (wire_conn_t *c, int type, const char *endpoint, const char *public_key,
                const char *secret_key, const char *peer_key, int handshake_ms)
{
    static int monitors;
    c->ctx = zmq_ctx_new ();
    cr_assert_not_null (c->ctx);
    c->socket = zmq_socket (c->ctx, type);
    cr_assert_not_null (c->socket);
    int zero = 0, never = -1;
    zmq_setsockopt (c->socket, ZMQ_LINGER, &zero, sizeof zero);
    if (handshake_ms > 0) {
        cr_assert_eq (zmq_setsockopt (c->socket, ZMQ_RECONNECT_IVL, &never, sizeof never), 0);
        cr_assert_eq (zmq_setsockopt (c->socket, ZMQ_HANDSHAKE_IVL, &handshake_ms,
                                      sizeof handshake_ms), 0);
    }
    if (public_key) {
        cr_assert_eq (zmq_setsockopt (c->socket, ZMQ_CURVE_SERVERKEY, peer_key, 40), 0);
        cr_assert_eq (zmq_setsockopt (c->socket, ZMQ_CURVE_PUBLICKEY, public_key, 40), 0);
        cr_assert_eq (zmq_setsockopt (c->socket, ZMQ_CURVE_SECRETKEY, secret_key, 40), 0);
    }
    char name[64];
    snprintf (name, sizeof name, "inproc://conformance-monitor-%d", monitors++);
    cr_assert_eq (zmq_socket_monitor (c->socket, name, ZMQ_EVENT_ALL), 0);
    c->monitor = zmq_socket (c->ctx, ZMQ_PAIR);
    zmq_setsockopt (c->monitor, ZMQ_LINGER, &zero, sizeof zero);
    cr_assert_eq (zmq_connect (c->monitor, name), 0);
    cr_assert_eq (zmq_connect (c->socket, endpoint), 0);
}

void
wire_close (wire_conn_t *c)
{
    if (c->monitor)
        zmq_close (c->monitor);
    if (c->socket)
        zmq_close (c->socket);
    if (c->ctx)
        zmq_ctx_term (c->ctx);
    memset (c, 0, sizeof *c);
}

long
wire_now_ms (void)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

int64_t
wire_wall_us (void)
{
    struct timespec t;
    clock_gettime (CLOCK_REALTIME, &t);
    return (int64_t) t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/*  Waits up to timeout_ms for a monitor event in `mask`; returns the
    event and its value, or 0 if none came.  */
int
wire_wait_event (wire_conn_t *c, int mask, uint32_t *value, long timeout_ms)
{
    /*  Polls at least once: a timeout of 0 takes the events that have
        already come (the limits test forgets old events so, and the
        faults tests watch many connections at once so).  */
    long deadline = wire_now_ms () + timeout_ms;
    for (long left = timeout_ms;; left = deadline - wire_now_ms ()) {
        zmq_pollitem_t item = { c->monitor, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, left > 0 ? left : 0) <= 0)
            break;
        zmq_msg_t head, address;
        zmq_msg_init (&head);
        zmq_msg_init (&address);
        zmq_msg_recv (&head, c->monitor, 0);
        zmq_msg_recv (&address, c->monitor, 0);
        uint16_t event = 0;
        uint32_t v = 0;
        if (zmq_msg_size (&head) >= 6) {
            memcpy (&event, zmq_msg_data (&head), 2);
            memcpy (&v, (char *) zmq_msg_data (&head) + 2, 4);
        }
        zmq_msg_close (&head);
        zmq_msg_close (&address);
        if (event & mask) {
            if (value)
                *value = v;
            return event;
        }
    }
    return 0;
}

/*  ---- frames ----  */

void
wire_frames_free (wire_frames_t *f)
{
    for (size_t i = 0; i < f->count; i++)
        free (f->data[i]);
    f->count = 0;
}

void
wire_send (wire_conn_t *c, const void *const *data, const size_t *size, size_t count)
{
    for (size_t i = 0; i < count; i++)
        cr_assert_eq (zmq_send (c->socket, data[i], size[i], i + 1 < count ? ZMQ_SNDMORE : 0),
                      (int) size[i]);
}

/*  Receives one whole message within timeout_ms. False if none came.  */
bool
wire_recv (wire_conn_t *c, wire_frames_t *f, long timeout_ms)
{
    f->count = 0;
    zmq_pollitem_t item = { c->socket, 0, ZMQ_POLLIN, 0 };
    if (zmq_poll (&item, 1, timeout_ms) <= 0)
        return false;
    int more = 1;
    while (more) {
        zmq_msg_t msg;
        zmq_msg_init (&msg);
        cr_assert_geq (zmq_msg_recv (&msg, c->socket, 0), 0);
        cr_assert_lt (f->count, 32);
        f->size[f->count] = zmq_msg_size (&msg);
        f->data[f->count] = malloc (f->size[f->count] + 1);
        memcpy (f->data[f->count], zmq_msg_data (&msg), f->size[f->count]);
        f->count++;
        more = zmq_msg_more (&msg);
        zmq_msg_close (&msg);
    }
    return true;
}

/*  ---- requests ----  */

uint64_t
wire_request_id (void)
{
    uint64_t id = 0;
    while (id == 0)
        cr_assert_eq (getrandom (&id, sizeof id, 0), (ssize_t) sizeof id);
    return id;
}

uint8_t *
wire_pack (const Rapor__Request *request, size_t *size)
{
    *size = rapor__request__get_packed_size (request);
    uint8_t *body = malloc (*size ? *size : 1);
    rapor__request__pack (request, body);
    return body;
}

/*  §1: a DEALER sends an empty frame, then the body, and receives an
    empty frame, then the Reply. NULL if no reply came in time.  */
Rapor__Reply *
wire_call_bytes (wire_conn_t *c, const void *body, size_t size)
{
    const void *data[2] = { "", body };
    size_t sizes[2] = { 0, size };
    wire_send (c, data, sizes, 2);
    wire_frames_t f;
    if (!wire_recv (c, &f, WIRE_TIMEOUT_MS))
        return NULL;
    cr_assert_eq (f.count, 2, "a DEALER's reply is an empty frame and the body, got %zu frames",
                  f.count);
    cr_assert_eq (f.size[0], 0);
    Rapor__Reply *reply = rapor__reply__unpack (NULL, f.size[1], f.data[1]);
    wire_frames_free (&f);
    cr_assert_not_null (reply, "the reply does not decode as a Reply");
    cr_assert_eq (reply->version, 1, "§3.1: Reply.version is 1");
    return reply;
}

Rapor__Reply *
wire_call (wire_conn_t *c, const Rapor__Request *request)
{
    size_t size;
    uint8_t *body = wire_pack (request, &size);
    Rapor__Reply *reply = wire_call_bytes (c, body, size);
    free (body);
    cr_assert_not_null (reply, "no reply within %d ms", WIRE_TIMEOUT_MS);
    cr_assert_eq (reply->request_id, request->request_id, "§3.1: the reply echoes request_id");
    return reply;
}

/*  Asserts that the reply is a Rejection whose problem `index` has this
    code and field.  */
void
wire_expect_problem (const Rapor__Reply *reply, size_t index, const char *code, const char *field)
{
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_REJECTION,
                  "expected a rejection with %s, got body %d", code, reply->body_case);
    cr_assert_gt (reply->rejection->n_problems, index, "expected %s as problem %zu", code, index);
    const Rapor__Problem *p = reply->rejection->problems[index];
    cr_expect_str_eq (p->code, code, "problem %zu: code %s, expected %s", index, p->code, code);
    cr_expect_str_eq (p->field, field, "%s: field %s, expected %s", code, p->field, field);
    cr_expect_leq (strlen (p->message), 255, "§3.1: a message is at most 255 bytes");
}

/*  The same, for a rejection with just this one problem.  */
void
wire_expect_only (const Rapor__Reply *reply, const char *code, const char *field)
{
    wire_expect_problem (reply, 0, code, field);
    cr_expect_eq (reply->rejection->n_problems, 1, "%s: %zu problems, expected 1", code,
                  reply->rejection->n_problems);
}

bool
wire_utf8_valid (const char *text)
{
    iconv_t cd = iconv_open ("UTF-8", "UTF-8");
    if (cd == (iconv_t) -1)
        return false;
    char out[1024];
    char *in = (char *) text, *to = out;
    size_t left = strlen (text), room = sizeof out;
    bool ok = true;
    while (ok && left > 0) {
        to = out;
        room = sizeof out;
        /*  E2BIG only means "out is full": go on with the rest.  */
        ok = iconv (cd, &in, &left, &to, &room) != (size_t) -1 || errno == E2BIG;
    }
    iconv_close (cd);
    return ok;
}

/*  ---- the test's server, keys and messages ----  */

test_db_t wire_db;
test_server_t wire_server;
char wire_server_key[41];

void
wire_setup (void)
{
    cr_assert (harness_start (&wire_db, &wire_server));
    cr_assert (wire_cert_value (harness_server_key (), "public-key", wire_server_key));
}

void
wire_teardown (void)
{
    harness_server_stop (&wire_server, SIGTERM);
}

void
wire_open_as (wire_conn_t *c, const char *code, const char *role)
{
    wire_open (c, ZMQ_DEALER, wire_server.endpoint, harness_key (code, role), wire_server_key);
}

ProtobufCBinaryData
wire_text (const char *text)
{
    ProtobufCBinaryData b = { strlen (text), (uint8_t *) text };
    return b;
}

/*  A request of version 1 with a fresh id, for the body `body`.  */
static void
s_request (Rapor__Request *request, Rapor__Request__BodyCase body)
{
    rapor__request__init (request);
    request->version = 1;
    request->request_id = wire_request_id ();
    request->body_case = body;
}

/*  A submission with `count` scores from `scores` (component, centi
    pairs); the caller frees it with s_submit_free.  */
void
wire_submission (wire_submit_t *s, const char *period, const char *opd, Rapor__ScoreKind kind,
              const int (*scores)[2], size_t count)
{
    s_request (&s->request, RAPOR__REQUEST__BODY_SUBMIT);
    rapor__submit__init (&s->submit);
    s->request.submit = &s->submit;
    cr_assert_eq (getrandom (s->id, sizeof s->id, 0), 16);
    s->submit.submission_id.data = s->id;
    s->submit.submission_id.len = 16;
    s->submit.period = wire_text (period);
    s->submit.opd = wire_text (opd);
    s->submit.kind = kind;
    for (size_t i = 0; i < count; i++) {
        rapor__component_score__init (&s->score[i]);
        s->score[i].component = (uint32_t) scores[i][0];
        s->score[i].score_centi = scores[i][1];
        s->scores[i] = &s->score[i];
    }
    s->submit.n_scores = count;
    s->submit.scores = s->scores;
}

const int wire_six[6][2] = {
    { 1, 8750 }, { 2, 9000 }, { 3, 8000 }, { 4, 7000 }, { 5, 9500 }, { 6, 8800 }
};

void
wire_ping (Rapor__Request *request)
{
    static Rapor__Ping ping = RAPOR__PING__INIT;
    s_request (request, RAPOR__REQUEST__BODY_PING);
    request->ping = &ping;
}

void
wire_admin (Rapor__Request *request, Rapor__Admin *admin, Rapor__AdminOp op, const char *period)
{
    s_request (request, RAPOR__REQUEST__BODY_ADMIN);
    rapor__admin__init (admin);
    request->admin = admin;
    admin->op = op;
    if (period)
        admin->period = wire_text (period);
}

void
wire_snapshot (Rapor__Request *request, Rapor__SnapshotRequest *snap, const char *period, uint64_t seq)
{
    s_request (request, RAPOR__REQUEST__BODY_SNAPSHOT);
    rapor__snapshot_request__init (snap);
    request->snapshot = snap;
    if (period)
        snap->period = wire_text (period);
    snap->seq = seq;
}

/*  ---- §3.7: the ranking digest, recomputed from a Ranking ----  */

static void
s_put_text (FILE *out, const char *key, const char *value)
{
    fprintf (out, "%s=", key);
    for (const char *p = value; *p; p++) {
        if (*p == '\\')
            fputs ("\\\\", out);
        else if (*p == '\n')
            fputs ("\\n", out);
        else
            fputc (*p, out);
    }
    fputc ('\n', out);
}

static void
s_put_list (FILE *out, const char *key, const int32_t *values, size_t count)
{
    fprintf (out, "%s=", key);
    for (size_t i = 0; i < count; i++)
        fprintf (out, "%s%d", i ? "," : "", values[i]);
    fputc ('\n', out);
}

void
wire_digest (const Rapor__Ranking *r, char hex[65])
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    fputs ("rapor-ranking-digest/1\n", out);
    s_put_text (out, "period", r->period);
    fprintf (out, "revision=%u\nseq=%llu\nfinalized_at_us=%lld\n", r->revision,
             (unsigned long long) r->seq, (long long) r->finalized_at_us);
    s_put_text (out, "finalized_by", r->finalized_by);
    fputs ("weights=", out);
    for (size_t i = 0; i < r->n_weights; i++)
        fprintf (out, "%s%u", i ? "," : "", r->weights[i]);
    fprintf (out, "\nreward_n=%u\nreward_pct=%u\npunish_pct=%u\n", r->reward_n, r->reward_pct,
             r->punish_pct);
    s_put_text (out, "force_reason", r->force_reason);
    fprintf (out, "entries=%zu\n", r->n_entries);
    for (size_t i = 0; i < r->n_entries; i++) {
        const Rapor__RankingEntry *e = r->entries[i];
        fprintf (out, "entry=%zu\nrank=%u\n", i + 1, e->rank);
        s_put_text (out, "opd", e->opd);
        s_put_text (out, "name", e->name);
        s_put_list (out, "verified", e->verified, e->n_verified);
        s_put_list (out, "self", e->self, e->n_self);
        fprintf (out, "total_centi=%d\ntpp_pct=%d\n", e->total_centi, e->tpp_pct);
        if (e->tpp_rupiah_known)
            fprintf (out, "base_tpp=%lld\ntpp_rupiah=%lld\n", (long long) e->base_tpp,
                     (long long) e->tpp_rupiah);
        else
            fputs ("base_tpp=\ntpp_rupiah=\n", out);
        fprintf (out, "incomplete=%d\nbest=%d\nworst=%d\n", e->incomplete ? 1 : 0,
                 e->best ? 1 : 0, e->worst ? 1 : 0);
    }
    fclose (out);
    uint8_t hash[32];
    crypto_hash_sha256 (hash, (const uint8_t *) text, size);
    free (text);
    for (int i = 0; i < 32; i++)
        snprintf (hex + 2 * i, 3, "%02x", hash[i]);
}

/*  ---- calls that expect an answer ----  */

Rapor__Reply *
wire_admin_call (wire_conn_t *c, Rapor__Request *request)
{
    Rapor__Reply *reply = wire_call (c, request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_ADMIN_RESULT, "admin op %d: body %d (%s)",
                  request->admin->op, reply->body_case,
                  reply->body_case == RAPOR__REPLY__BODY_REJECTION
                      ? reply->rejection->problems[0]->code : "");
    return reply;
}

/*  Sends `request` and expects exactly one problem, `code` on `field`.  */
void
wire_refused (wire_conn_t *c, const Rapor__Request *request, const char *code, const char *field)
{
    Rapor__Reply *reply = wire_call (c, request);
    wire_expect_only (reply, code, field);
    rapor__reply__free_unpacked (reply, NULL);
}

/*  Sends raw bytes and returns the reply (asserted to come).  */
Rapor__Reply *
wire_call_raw (wire_conn_t *c, const uint8_t *bytes, size_t size)
{
    Rapor__Reply *reply = wire_call_bytes (c, bytes, size);
    cr_assert_not_null (reply, "no reply within %d ms", WIRE_TIMEOUT_MS);
    return reply;
}

