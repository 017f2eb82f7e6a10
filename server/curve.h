/*  curve.h: the server side of CURVE (ZeroMQ RFC 26) for rapord's
    request and broadcast sockets.  */
#ifndef RAPOR_CURVE_H
#define RAPOR_CURVE_H

#include "gate.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>

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
    sees. NULL with errno set on failure. curve_monitor_destroy stops the
    monitor and closes the PAIR; call it before closing `router`.  */
void *curve_monitor_new (void *ctx, void *router);
void curve_monitor_destroy (void **monitor_p, void *router);

/*  Reads one event from `monitor` (a PAIR on the request socket's
    monitor): a handshake that failed before ZAP, from a plaintext client
    or one with the wrong server key. Logged and audited with the peer's
    address.  */
void curve_monitor_event (void *monitor, gate_t *gate);

#endif
