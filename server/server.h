/*  server.h: rapord's request loop: one ROUTER socket, one store.

    Single-threaded on purpose: the ROUTER socket and the PGconn have one
    owner, and a request is answered only after its transaction ended.  */
#ifndef RAPOR_SERVER_H
#define RAPOR_SERVER_H

#include "config.h"

#include <stdbool.h>

typedef struct _server_t server_t;

/*  Connects to the database and binds the socket. Returns NULL with a
    sentence for the operator in err on failure; *db_unreachable (if
    given) tells a database that could not be reached, which may come up
    later, from everything else.  */
server_t *server_new (const config_t *config, bool *db_unreachable, char *err, size_t err_size);

void server_destroy (server_t **self_p);

/*  Serves until server_stop() is called; then finishes the request in hand
    and returns 0. Returns -1 on an unrecoverable socket error.  */
int server_run (server_t *self);

/*  Async-signal-safe: only sets a flag that server_run checks.  */
void server_stop (void);

#endif
