/*  hall.h: rapor-web's HTTP side, on libmicrohttpd: the pages, their
    embedded assets, the JSON API and the Server-Sent Events stream
    (docs/WEB.md). Everything is read-only except the ceremony's step,
    a POST that only moves the reveal position (see hall.c on who may).  */
#ifndef RAPOR_HALL_H
#define RAPOR_HALL_H

#include "board.h"
#include "feed.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct _hall_t hall_t;

typedef struct {
    const char *listen;             /*  "127.0.0.1:8080", "[::1]:8080"  */
    unsigned max_connections;       /*  in all (each open page holds one for /events)  */
    unsigned per_ip_connections;
    unsigned timeout_s;             /*  an idle connection is closed after this  */
} hall_options_t;

/*  Binds and starts serving `board`; steps of the ceremony save the
    state through `feed` (which may be NULL). NULL with a sentence in err
    if the address is taken, malformed or not ours.  */
hall_t *hall_new (const hall_options_t *options, board_t *board, feed_t *feed,
                  char *err, size_t err_size);

/*  Where it listens, as "http://127.0.0.1:8080/".  */
const char *hall_url (const hall_t *self);

/*  Stops serving; the board must be closed first so that /events
    readers return. Accepts NULL; nulls the pointer.  */
void hall_destroy (hall_t **self_p);

#endif
