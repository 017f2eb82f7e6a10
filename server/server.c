/*  server.c: rapord's sockets and its poll loop.

    Framing: a request is a multipart message; the last frame is the
    protobuf body and every frame before it is the envelope (the ROUTER's
    routing id, then an empty delimiter for REQ and for DEALER clients that
    send one). The reply repeats the envelope, so REQ and DEALER both work.
    What a request becomes is dispatch.c's; the group commit is batch.c's;
    the PUB socket's messages are broadcast.c's.  */
#define _GNU_SOURCE             /*  ppoll: a group commit waits in microseconds  */
#include "server.h"
#include "i18n.h"
#include "keyring.h"
#include "batch.h"
#include "broadcast.h"
#include "call.h"
#include "clock.h"
#include "curve.h"
#include "dispatch.h"
#include "fingerprint.h"
#include "log.h"
#include "store.h"
#include "gate.h"
#include "service.h"
#include "zap.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/*  The largest frame libzmq lets through is max_message_bytes plus this;
    above it, libzmq closes the connection as soon as it reads the frame's
    length, before it holds the frame, and rapord never sees the message.
    64 KiB so that a body a little over the limit is answered
    message_too_large instead of dropped, plus the 33 bytes CURVE adds to
    every frame (libzmq checks the size on the wire, before decryption).
    libzmq holds every frame of a multipart message before rapord reads
    the first, and nothing bounds their number; this bound per frame is
    what keeps a message of many large frames from growing rapord.  */
#define FRAME_SLACK_BYTES ((64 << 10) + 33)
#define REQUESTS_PER_PASS STORE_BATCH_MAX   /*  then handshakes and the heartbeat  */

static volatile sig_atomic_t s_stop = 0;

struct _server_t {
    void *ctx;
    void *router;
    void *monitor;          /*  handshake failures and connections on the request socket  */
    curve_census_t census;  /*  what the monitor counted  */
    int router_fd;          /*  ZMQ_FD of the request socket: wakes a wait  */
    zap_t *zap;             /*  the handshake check; NULL only if disabled  */
    gate_t *gate;           /*  cheap refusals, before any work  */
    store_t *store;
    batch_t *batch;
    broadcaster_t *broadcaster;
    dispatch_t *dispatch;
    config_t config;
    bool curve;             /*  false only in insecure development mode  */
    char bound[256];
};

void
server_stop (void)
{
    s_stop = 1;
}

/*  Written then renamed, so a reader never sees half an endpoint.  */
static bool
s_write_endpoints (server_t *self, char *err, size_t err_size)
{
    const char *path = self->config.endpoint_file;
    char tmp[1100];
    snprintf (tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen (tmp, "w");
    if (!f || fprintf (f, "%s\n%s\n", self->bound, broadcast_endpoint (self->broadcaster)) < 0 || fclose (f) != 0
    ||  rename (tmp, path) != 0) {
        snprintf (err, err_size, _("cannot write endpoint file %s: %s"), path, strerror (errno));
        return false;
    }
    return true;
}

server_t *
server_new (const config_t *config, bool *db_unreachable, char *err, size_t err_size)
{
    server_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, err_size, _("out of memory"));
        return NULL;
    }
    self->config = *config;
    self->store = store_new (config->database, config->db_timeout_ms, db_unreachable, err,
                             err_size);
    if (!self->store)
        goto err;
    self->curve = !config->insecure_plaintext_dev;
    char secret[41] = "", public_key[41] = "";
    if (self->curve && !curve_server_load (config->curve_secret_file, secret, public_key,
                                           err, err_size))
        goto err;
    self->ctx = zmq_ctx_new ();
    if (!self->ctx)
        goto zmq_err;
    /*  Two I/O threads: the request socket's (CURVE work for every
        request) and the broadcast socket's, so a flood of requests does
        not hold up heartbeats on their way out (ZMQ_AFFINITY below).  */
    zmq_ctx_set (self->ctx, ZMQ_IO_THREADS, 2);
    gate_config_t gate_config;
    gate_config_defaults (&gate_config);
    gate_config.key_requests_per_second = config->key_requests_per_second;
    gate_config.summary_ms = config->refusal_summary_seconds * 1000;
    self->gate = gate_new (&gate_config);
    if (!self->gate) {
        snprintf (err, err_size, _("out of memory"));
        goto err;
    }
    if (self->curve && config->zap) {
        self->zap = zap_new (self->ctx, self->store, self->gate);
        if (!self->zap)
            goto zmq_err;
    }
    self->router = zmq_socket (self->ctx, ZMQ_ROUTER);
    if (!self->router || (self->curve && curve_server_apply (self->router, secret) != 0))
        goto zmq_err;
    /*  Handshakes that fail before ZAP (plaintext peers, a wrong server
        key) are seen only here, logged and audited; so are connections
        opened and ended, counted for SERVER_STATUS.  */
    self->monitor = curve_monitor_new (self->ctx, self->router);
    if (!self->monitor)
        goto zmq_err;
    if (self->curve) {
        char fingerprint[FINGERPRINT_LEN + 1];
        fingerprint_of_z85 (public_key, fingerprint);
        log_info ("CURVE on: server public key %s fingerprint %s", public_key, fingerprint);
    }
    else
        log_warn ("INSECURE PLAINTEXT DEVELOPMENT MODE: no encryption, no keys; any client may "
                  "claim to be any OPD. Never use this with real scores.");
    uint64_t first_io = 1;
    zmq_setsockopt (self->router, ZMQ_AFFINITY, &first_io, sizeof first_io);
    int64_t max = (int64_t) config->max_message_bytes + FRAME_SLACK_BYTES;
    int linger = 1000;          /*  let the last replies leave on shutdown  */
    zmq_setsockopt (self->router, ZMQ_MAXMSGSIZE, &max, sizeof max);
    zmq_setsockopt (self->router, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind (self->router, config->endpoint) != 0) {
        snprintf (err, err_size, _("cannot bind %s: %s"), config->endpoint, zmq_strerror (errno));
        goto err;
    }
    size_t len = sizeof self->bound;
    zmq_getsockopt (self->router, ZMQ_LAST_ENDPOINT, self->bound, &len);
    len = sizeof self->router_fd;
    if (zmq_getsockopt (self->router, ZMQ_FD, &self->router_fd, &len) != 0)
        self->router_fd = -1;   /*  a group's wait then just sleeps  */

    self->broadcaster = broadcast_new (self->ctx, self->curve ? secret : NULL,
                                       config->pub_endpoint, self->store,
                                       config->heartbeat_ms, err, err_size);
    if (!self->broadcaster)
        goto err;
    self->batch = batch_new (self->store, self->router, config->batch_wait_us);
    self->dispatch = self->batch ? dispatch_new (config, self->curve, self->store, self->batch,
                                                 self->broadcaster, self->gate, self->router,
                                                 &self->census) : NULL;
    if (!self->dispatch) {
        snprintf (err, err_size, _("out of memory"));
        goto err;
    }
    if (config->endpoint_file[0] && !s_write_endpoints (self, err, err_size))
        goto err;
    return self;
zmq_err:
    snprintf (err, err_size, _("ZeroMQ: %s"), zmq_strerror (errno));
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
    dispatch_destroy (&self->dispatch);
    batch_destroy (&self->batch);
    broadcast_destroy (&self->broadcaster);
    curve_monitor_destroy (&self->monitor, self->router);
    if (self->router)
        zmq_close (self->router);
    zap_destroy (&self->zap);
    if (self->ctx)
        zmq_ctx_term (self->ctx);
    /*  Counted refusals not yet written go in now, before the database goes.  */
    if (self->gate && self->store)
        gate_flush_all (self->gate, self->store, clock_now_ms ());
    gate_destroy (&self->gate);
    store_destroy (&self->store);
    free (self);
    *self_p = NULL;
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

/*  Reads one message and hands it to dispatch.  */
static void
s_take_one (server_t *self)
{
    call_t *call = call_recv (self->router, self->config.max_message_bytes);
    if (call)
        dispatch_call (self->dispatch, &call);
}

/*  Takes the requests already waiting, up to a group and at most
    REQUESTS_PER_PASS in all. Submissions wait in the group for its
    commit; anything else is answered at once. The bound keeps the loop
    fair: requests answered at once (pings, refusals) never fill a group,
    and without it a steady stream of them would keep the loop here while
    handshakes and the heartbeat wait. Then the group may wait a moment
    for busy clients (batch_wait).  */
static void
s_take_requests (server_t *self)
{
    int taken = 0;
    while (batch_count (self->batch) < STORE_BATCH_MAX && taken < REQUESTS_PER_PASS && !s_stop) {
        int events = 0;
        size_t size = sizeof events;
        if (zmq_getsockopt (self->router, ZMQ_EVENTS, &events, &size) != 0)
            break;
        if (events & ZMQ_POLLIN) {
            s_take_one (self);
            taken++;
            continue;
        }
        int64_t left = batch_wait (self->batch, clock_now_us ());
        if (left <= 0)
            break;
        s_wait_router (self, left);
        keyring_sync (self->store);     /*  what arrives now is judged afresh too  */
    }
}

int
server_run (server_t *self)
{
    log_info ("rapord %s listening endpoint=%s broadcast=%s seq=%llu protocol=%d", RAPOR_VERSION,
              self->bound, broadcast_endpoint (self->broadcaster),
              (unsigned long long) broadcast_last_seq (self->broadcaster), PROTOCOL_VERSION);
    service_ready ("serving requests on %s, broadcasts on %s", self->bound,
                   broadcast_endpoint (self->broadcaster));
    int rc = 0;
    broadcast_heartbeat (self->broadcaster, clock_now_ms (), true);
    while (!s_stop) {
        int64_t wait = broadcast_heartbeat (self->broadcaster, clock_now_ms (), false);
        int64_t dog = service_watchdog (clock_now_ms ());     /*  systemd's, if it set one  */
        wait = dog < wait ? dog : wait;
        zmq_pollitem_t items[3] = {
            { self->router, 0, ZMQ_POLLIN, 0 },
            { self->monitor, 0, ZMQ_POLLIN, 0 },
            { self->zap ? zap_socket (self->zap) : NULL, 0, ZMQ_POLLIN, 0 },
        };
        int count = self->zap ? 3 : 2;          /*  zap disabled: no third slot  */
        int ready = zmq_poll (items, count, wait > 0 ? (long) wait : 0);
        /*  errno is read here: the heartbeat and the bulletin below may
            set it (EAGAIN), which made a SIGTERM's EINTR "poll failed"
            and rapord exit 1. A stop asked for is never a failure.  */
        int poll_errno = errno;
        zmq_pollitem_t item = items[0];
        broadcast_heartbeat (self->broadcaster, clock_now_ms (), false);
        if (ready < 0) {
            if (poll_errno == EINTR || s_stop)
                continue;
            log_error ("poll failed: %s", zmq_strerror (poll_errno));
            rc = -1;
            break;
        }
        /*  Every pass serves all of them, in this order: the heartbeat (above),
            handshakes (a client's request waits on its handshake), then at
            most REQUESTS_PER_PASS requests, snapshots among them.  */
        for (int i = 1; i < count; i++)
            if (items[i].revents & ZMQ_POLLIN) {
                if (self->zap && items[i].socket == zap_socket (self->zap))
                    zap_handle (self->zap);
                else
                    curve_monitor_event (self->monitor, self->gate, &self->census);
            }
        if (item.revents & ZMQ_POLLIN) {
            /*  Key changes committed before these requests arrived apply to
                them (sql/011), at one round trip per pass.  */
            keyring_sync (self->store);
            s_take_requests (self);
            batch_flush (self->batch);
        }
        /*  Stored by this pass or by an admin request's flush (dispatch.c).  */
        if (batch_take_verified (self->batch))
            broadcast_scores_stored (self->broadcaster);
        gate_flush (self->gate, self->store, clock_now_ms ());     /*  cheap when nothing is due  */
    }
    service_stopping ();
    log_info ("rapord stopping: no new requests taken, sockets closing");
    return rc;
}
