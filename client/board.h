/*  board.h: what rapor-web's screens show, shared between the feed's
    thread (which fills it) and libmicrohttpd's threads (which read it,
    and move the ceremony on). One mutex guards it all; every reader gets
    a rendered copy (view.h), never a pointer into the board.

    Only rankings whose digest verifies are kept; one that does not is
    refused and an alert says so on every screen. Each change is also an
    event (for /events, Server-Sent Events), numbered from 1.  */
#ifndef RAPOR_BOARD_H
#define RAPOR_BOARD_H

#include "codec.h"
#include "ranking.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BOARD_PERIODS 12        /*  rankings kept: the latest and its trend  */
#define BOARD_TREND 8           /*  earlier quarters fetched for /opd/CODE  */

typedef struct _board_t board_t;

board_t *board_new (void);
void board_destroy (board_t **self_p);

/*  Shutting down: every reader waiting for an event returns.  */
void board_close (board_t *self);

/*  --- the feed's side -------------------------------------------------  */

/*  A finalized ranking and the verdict on its digest. If it verifies the
    board takes it (*ranking_p becomes NULL); `announced` says it is news
    (a broadcast or the snapshot), not an earlier quarter fetched for a
    trend. If not, it is refused and the alert set.  */
void board_ranking (board_t *self, ranking_t **ranking_p, const char *check, bool announced);

/*  A period's status, as broadcast.  */
void board_status (board_t *self, const period_status_t *status);

/*  Earlier quarters of the latest ranking that were never asked for,
    newest first, up to `max`, written into periods[i] (PERIOD_TEXT_LEN
    + 1 bytes each); they count as asked for from now on.  */
size_t board_trend_wanted (board_t *self, char (*periods)[8], size_t max);

/*  The ceremony positions, "upacara PERIOD N" lines, for the state file;
    and reading them back from the file.  */
void board_state_write (board_t *self, FILE *file);
void board_state_load (board_t *self, const char *path);

/*  --- the HTTP side: new buffers the caller frees; NULL if there is
    nothing (or out of memory), *size then 0 ---------------------------  */

/*  The latest ranking (period NULL) or that of `period`, as view_ranking.  */
char *board_ranking_json (board_t *self, const char *period, size_t *size);
char *board_status_json (board_t *self, size_t *size);
char *board_opd_json (board_t *self, const char *code, size_t *size);

/*  The ceremony of the latest ranking: what is revealed. With `step`
    (+1 or -1) it moves first, within 0..the number of OPDs, and the
    caller must then save the state.  */
char *board_upacara_json (board_t *self, int step, size_t *size);

/*  Waits up to timeout_ms for events after *cursor (0 at first: only
    events from now on). Returns them as Server-Sent Events text (a new
    buffer) and moves *cursor; NULL on timeout, with *closed set when the
    board is closed.  */
char *board_events (board_t *self, uint64_t *cursor, int timeout_ms, bool *closed);

/*  The number of the last event (a new reader's starting *cursor).  */
uint64_t board_event_last (board_t *self);

#endif
