/*  feed.h: a dashboard's subscription to rapord's rankings, shared by
    rapor-watch (a terminal) and rapor-web (a hall screen).

    The zguide's Clone pattern (chapter 5): subscribe first, then fetch a
    snapshot over the request socket, then apply only broadcasts newer than
    the snapshot. Every broadcast and heartbeat carries a sequence number
    that only grows (it lives in the database), so a gap, after a restart
    of either side or a slow consumer, is seen and filled by fetching the
    missed rankings by number (docs/PROTOCOL.md §3.5). Every ranking's
    digest is recomputed before the handler sees it.

    One thread runs the feed (feed_run, feed_fetch); feed_save may be
    called from any thread.  */
#ifndef RAPOR_FEED_H
#define RAPOR_FEED_H

#include "call.h"
#include "codec.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct _feed_t feed_t;

/*  What the tool does with what arrives. Called on feed_run's thread.  */
typedef struct {
    /*  A ranking to show, oldest first, with the verdict on its digest:
        "ok", "mismatch" or "missing". Returns false if it could not be
        shown: it is then not held and the feed stops. The handler may
        keep the ranking by taking it (setting *ranking_p to NULL).  */
    bool (*ranking) (void *arg, ranking_t **ranking_p, const char *check);
    /*  A period's status (BROADCAST_PERIOD_STATUS). NULL: the feed does
        not subscribe to them.  */
    void (*status) (void *arg, const period_status_t *status);
    /*  Writes the tool's own lines into the state file, after the line
        with the sequence number. May be NULL.  */
    void (*state) (void *arg, FILE *file);
    /*  Called after every wait for a broadcast (at least five times a
        second): the place for the tool's own requests (feed_fetch). May
        be NULL.  */
    void (*tick) (void *arg);
    void *arg;
} feed_handler_t;

typedef struct {
    const char *tool;           /*  names the messages: "rapor-watch"  */
    call_options_t call;        /*  the request socket, for snapshots  */
    const char *broadcast;      /*  the SUB endpoint  */
    const char *period;         /*  only this period, or NULL for all  */
    const char *state;          /*  file keeping the last sequence number, or NULL  */
    bool once;                  /*  stop after the first ranking shown  */
    bool always_snapshot;       /*  fetch the latest even when resuming (a screen
                                    that forgot everything when it stopped)  */
    bool keep_trying;           /*  no answer at start: wait for the server, not exit  */
    long give_up_ms;            /*  with keep_trying: exit EXIT_UNREACHABLE if the first
                                    snapshot is not had within this; 0 waits for ever  */
    bool use_log;               /*  messages through log.h, not "tool: ..." on stderr  */
} feed_options_t;

/*  Connects the SUB socket in `ctx` (the caller's ZeroMQ context, which
    must outlive the feed). The options' strings are kept by reference.
    NULL if the broadcast address cannot be used (zmq_errno says why).  */
feed_t *feed_new (const feed_options_t *options, const feed_handler_t *handler, void *ctx);

/*  Closes the socket. Accepts NULL; nulls the pointer.  */
void feed_destroy (feed_t **self_p);

/*  Runs until *stop is set (or, with `once`, a ranking was shown).
    Returns 0, or an EXIT_* code of submit.h when the first snapshot
    could not be had (EXIT_NOT_TRUSTED: key refused or wrong server key).  */
int feed_run (feed_t *self, volatile sig_atomic_t *stop);

/*  Fetches the finalized ranking of `period` by the request socket,
    without showing it or moving the sequence number: for a tool that
    looks back (a trend). 1 with *ranking (caller owns) and *check set, 0
    none is finalized, -1 server trouble. On feed_run's thread only.  */
int feed_fetch (feed_t *self, const char *period, ranking_t **ranking, const char **check);

/*  Writes the state file now (the handler's lines changed).  */
void feed_save (feed_t *self);

/*  The last sequence number held.  */
uint64_t feed_last_seq (feed_t *self);

/*  True once a ranking did not match its digest.  */
bool feed_altered (const feed_t *self);

/*  The sequence number a state file starts with (0 if none).  */
uint64_t feed_state_seq (const char *path);

#endif
