/*  curve.c: the server side of CURVE: its secret key, socket options
    and failed handshakes.  */
#include "curve.h"
#include "i18n.h"
#include "keyring.h"
#include "clock.h"
#include "log.h"
#include "zap.h"

#include <stdio.h>
#include <string.h>
#include <czmq.h>
#include <zmq.h>

/*  libzmq 4.3 keeps this option in its draft API; the number is stable.  */
#define CURVE_EVENTS_PER_PASS 1000     /*  then requests get their turn  */

#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

/*  CURVE server options. A domain is set and enforced: with neither, libzmq
    accepts any key when no ZAP handler answers (it fails open). rapord does
    not rely on this alone: every request must also carry a User-Id that
    the database knows (dispatch.c).  */
int
curve_server_apply (void *socket, const char *secret)
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
bool
curve_server_load (const char *path, char *secret, char *public_key, char *err, size_t err_size)
{
    zsys_handler_set (NULL);    /*  keep rapord's SIGTERM handling, not CZMQ's  */
    zcert_t *cert = zcert_load (path);
    if (!cert) {
        /*  keygen NAME writes NAME and NAME_secret: the hint names NAME.  */
        size_t len = strlen (path);
        bool secret_name = len > 7 && strcmp (path + len - 7, "_secret") == 0;
        snprintf (err, err_size, _("cannot read the server's secret certificate %s; make one with "
                  "'rapor-admin keygen %.*s'%s, or run with --insecure-plaintext-dev 1 for "
                  "development"), path, (int) (secret_name ? len - 7 : len), path,
                  secret_name ? "" : " and give the _secret file it writes");
        return false;
    }
    snprintf (secret, 41, "%s", zcert_secret_txt (cert));
    snprintf (public_key, 41, "%s", zcert_public_txt (cert));
    bool ok = strlen (secret) == 40 && strcmp (secret, "0000000000000000000000000000000000000000") != 0;
    zcert_destroy (&cert);
    if (!ok)
        snprintf (err, err_size, _("%s holds no secret key; use the _secret file"), path);
    return ok;
}

void *
curve_monitor_new (void *ctx, void *router)
{
    int events = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
               | ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED;
    if (zmq_socket_monitor (router, "inproc://rapord.monitor", events) != 0)
        return NULL;
    void *monitor = zmq_socket (ctx, ZMQ_PAIR);
    if (monitor && zmq_connect (monitor, "inproc://rapord.monitor") != 0) {
        zmq_close (monitor);
        monitor = NULL;
    }
    if (!monitor)
        zmq_socket_monitor (router, NULL, 0);
    return monitor;
}

void
curve_monitor_destroy (void **monitor_p, void *router)
{
    if (!monitor_p || !*monitor_p)
        return;
    zmq_socket_monitor (router, NULL, 0);
    zmq_close (*monitor_p);
    *monitor_p = NULL;
}

uint32_t
curve_census_open (const curve_census_t *census)
{
    uint64_t open = census->accepted > census->disconnected
                  ? census->accepted - census->disconnected : 0;
    return open > UINT32_MAX ? UINT32_MAX : (uint32_t) open;
}

/*  A connection accepted or ended: counted. A handshake failed before
    ZAP: a plaintext client, or one that holds the wrong server key.
    Logged and audited with the peer's address.  */
static bool
s_monitor_one (void *monitor, gate_t *gate, curve_census_t *census)
{
    zmq_msg_t event, address;
    zmq_msg_init (&event);
    zmq_msg_init (&address);
    bool got = zmq_msg_recv (&event, monitor, ZMQ_DONTWAIT) >= 0;
    if (got && zmq_msg_more (&event)
    &&  zmq_msg_recv (&address, monitor, 0) >= 0 && zmq_msg_size (&event) >= 6) {
        uint16_t code;
        uint32_t value;
        memcpy (&code, zmq_msg_data (&event), 2);
        memcpy (&value, (uint8_t *) zmq_msg_data (&event) + 2, 4);
        if (code == ZMQ_EVENT_ACCEPTED || code == ZMQ_EVENT_DISCONNECTED) {
            /*  Not refusals: the gate's count of failures is left alone.  */
            if (code == ZMQ_EVENT_ACCEPTED)
                census->accepted++;
            else
                census->disconnected++;
            zmq_msg_close (&event);
            zmq_msg_close (&address);
            return true;
        }
        char where[128];
        snprintf (where, sizeof where, "%.*s", (int) zmq_msg_size (&address),
                  (const char *) zmq_msg_data (&address));
        const char *reason = code == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                           ? "handshake_failed_protocol" : "handshake_failed";
        /*  Counted, not written one by one: a client with the wrong server
            key reconnects for as long as it runs.  */
        if (gate_refuse (gate, "connect", "refused", reason, NULL, where, clock_now_ms ()))
            log_warn ("connect address=%s outcome=refused reason=%s detail=%u (a plaintext "
                      "client, or one with the wrong server key; more like it are counted, "
                      "not logged)", where, reason, value);
    }
    zmq_msg_close (&event);
    zmq_msg_close (&address);
    return got;
}

/*  Every event waiting, up to a bound: a status request that arrives in
    this pass then sees the connections opened before it.  */
void
curve_monitor_event (void *monitor, gate_t *gate, curve_census_t *census)
{
    for (int i = 0; i < CURVE_EVENTS_PER_PASS && s_monitor_one (monitor, gate, census); i++)
        ;
}
