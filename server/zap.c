/*  zap.c: see zap.h.  */
#include "zap.h"
#include "clock.h"
#include "keyring.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define ZAP_FRAMES 7        /*  version, id, domain, address, identity, mechanism, key  */

struct _zap_t {
    void *socket;
    store_t *store;
    gate_t *gate;
};

/*  The gate remembers keys the database refused; a key added with SQL
    must be asked about again at once (keyring.h, sql/011).  */
static void
s_key_changed (void *gate, const char *key)
{
    gate_forget_key ((gate_t *) gate, key);
}

zap_t *
zap_new (void *ctx, store_t *store, gate_t *gate)
{
    zap_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->store = store;
    self->gate = gate;
    keyring_listen (s_key_changed, gate);
    self->socket = zmq_socket (ctx, ZMQ_REP);
    int linger = 0;
    if (!self->socket
    ||  zmq_setsockopt (self->socket, ZMQ_LINGER, &linger, sizeof linger) != 0
    ||  zmq_bind (self->socket, "inproc://zeromq.zap.01") != 0)
        zap_destroy (&self);
    return self;
}

void
zap_destroy (zap_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    if ((*self_p)->socket)
        zmq_close ((*self_p)->socket);
    keyring_listen (NULL, NULL);
    free (*self_p);
    *self_p = NULL;
}

void *
zap_socket (zap_t *self)
{
    return self->socket;
}

static void
s_reply (zap_t *self, const zmq_msg_t *request_id, const char *code, const char *text,
         const char *user_id)
{
    zmq_msg_t id;
    zmq_msg_init (&id);
    zmq_msg_copy (&id, (zmq_msg_t *) request_id);
    zmq_send (self->socket, "1.0", 3, ZMQ_SNDMORE);
    zmq_msg_send (&id, self->socket, ZMQ_SNDMORE);
    zmq_send (self->socket, code, strlen (code), ZMQ_SNDMORE);
    zmq_send (self->socket, text, strlen (text), ZMQ_SNDMORE);
    zmq_send (self->socket, user_id, strlen (user_id), ZMQ_SNDMORE);
    zmq_send (self->socket, "", 0, 0);
    zmq_msg_close (&id);
}

/*  Counts a refused handshake, one group per address and reason; only the
    first of a group is logged here, the gate's summary row tells the rest.  */
static void
s_refused (zap_t *self, const char *address, const char *key, const char *reason, int64_t now)
{
    if (gate_refuse (self->gate, "connect", "refused", reason, NULL, address, now))
        log_warn ("connect address=%s key=%s outcome=refused reason=%s (more from this address "
                  "are counted, not logged)", address, key ? key : "-", reason);
}

void
zap_handle (zap_t *self)
{
    zmq_msg_t frames[ZAP_FRAMES];
    int count = 0, more = 1;
    while (more) {
        zmq_msg_t part;
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, self->socket, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&part);
            break;
        }
        more = zmq_msg_more (&part);
        if (count < ZAP_FRAMES)
            frames[count++] = part;
        else
            zmq_msg_close (&part);
    }
    if (count < 6) {        /*  not ZAP; a REP socket must still answer  */
        zmq_send (self->socket, "", 0, 0);
        goto out;
    }
    char address[64] = "", mechanism[16] = "";
    snprintf (address, sizeof address, "%.*s", (int) zmq_msg_size (&frames[3]),
              (const char *) zmq_msg_data (&frames[3]));
    snprintf (mechanism, sizeof mechanism, "%.*s", (int) zmq_msg_size (&frames[5]),
              (const char *) zmq_msg_data (&frames[5]));
    int64_t now = clock_now_ms ();
    if (strcmp (mechanism, "CURVE") != 0 || count != ZAP_FRAMES
    ||  zmq_msg_size (&frames[6]) != 32) {
        s_reply (self, &frames[1], "400", "CURVE required", "");
        s_refused (self, address, NULL, "not_curve", now);
        goto out;
    }
    char key[41];
    zmq_z85_encode (key, zmq_msg_data (&frames[6]), 32);
    /*  A key just added or revoked with SQL must not be judged from the
        gate's memory: take the announcements that have arrived (sql/011),
        without a round trip, so refusing from memory stays cheap.  */
    keyring_sync_arrived (self->store);
    gate_verdict_t verdict = gate_handshake (self->gate, address, key, now);
    store_status_t status = STORE_REJECTED;
    identity_t identity = { .authenticated = false };
    if (verdict == GATE_KNOWN)
        status = STORE_OK;
    else
    if (verdict == GATE_LOOKUP) {
        status = keyring_lookup (self->store, key, &identity);
        gate_learn (self->gate, address, key, status, now);
    }
    if (verdict == GATE_BUSY) {
        /*  300: a temporary refusal (RFC 27); the client may try again.  */
        s_reply (self, &frames[1], "300", "too many handshakes from this address; retry later",
                 "");
        s_refused (self, address, key, "source_budget", now);
    }
    else
    if (status == STORE_OK) {
        s_reply (self, &frames[1], "200", "OK", key);
        if (verdict == GATE_KNOWN)
            log_info ("connect address=%s key=%s outcome=accepted from=memory", address, key);
        else
            log_info ("connect address=%s key=%s opd=%s role=%s outcome=accepted", address, key,
                      identity.opd, role_name (identity.role));
    }
    else
    if (status == STORE_UNAVAILABLE) {
        /*  The database cannot say. Letting the handshake through grants
            nothing: every request is checked against the database again
            (s_identify), and meanwhile gets "unavailable, retry" instead
            of the silence a refused handshake means to a client.  */
        s_reply (self, &frames[1], "200", "OK (unverified: database unavailable)", key);
        log_warn ("connect address=%s key=%s outcome=deferred reason=database_unavailable",
                  address, key);
    }
    else {
        s_reply (self, &frames[1], "400", "key not registered or revoked", "");
        s_refused (self, address, key, "key_unknown", now);
    }
out:
    for (int i = 0; i < count; i++)
        zmq_msg_close (&frames[i]);
}
