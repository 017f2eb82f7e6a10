/*  curve.h: the server side of CURVE (ZeroMQ RFC 26) for rapord's
    request and broadcast sockets.  */
#ifndef RAPOR_CURVE_H
#define RAPOR_CURVE_H

#include "gate.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*  Reads the server's secret certificate at `path` into secret and
    public_key (41 bytes each, Z85). False with a sentence for the
    operator in err.  */
bool curve_server_load (const char *path, char *secret, char *public_key, char *err,
                        size_t err_size);

/*  Makes `socket` a CURVE server with `secret`, in rapord's ZAP domain,
    enforced. 0 on success, -1 with errno set.  */
int curve_server_apply (void *socket, const char *secret);

/*  A PAIR socket that receives the request socket's failed handshakes
    before ZAP (plaintext peers, a wrong server key), which only a monitor
    sees, and its accepted and ended connections (curve_census_t). NULL with errno set on failure. curve_monitor_destroy stops the
    monitor and closes the PAIR; call it before closing `router`.  */
void *curve_monitor_new (void *ctx, void *router);
void curve_monitor_destroy (void **monitor_p, void *router);

/*  TCP connections on the request socket, as its monitor reported them:
    every accepted connection (ZMQ_EVENT_ACCEPTED), and every one whose
    engine ended (ZMQ_EVENT_DISCONNECTED: libzmq sends exactly one per
    accepted connection, whether it failed its handshake, was refused by
    ZAP or closed after serving). accepted - disconnected is what is open
    now, handshakes in progress included.  */
typedef struct {
    uint64_t accepted;
    uint64_t disconnected;
} curve_census_t;

/*  Open connections now; never below 0.  */
uint32_t curve_census_open (const curve_census_t *census);

/*  Reads one event from `monitor` (a PAIR on the request socket's
    monitor). A handshake that failed before ZAP, from a plaintext client
    or one with the wrong server key, is logged and audited with the
    peer's address; an accepted or ended connection is counted in
    `census`.  */
void curve_monitor_event (void *monitor, gate_t *gate, curve_census_t *census);

#endif
