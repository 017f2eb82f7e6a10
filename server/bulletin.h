/*  bulletin.h: where each period stands, for hall screens before
    finalization (PeriodStatus, docs/PROTOCOL.md §3.5): its status, how
    many OPDs are complete, how many objections are open.

    Reading the numbers costs a query, so it is done only when something
    changed, and for submissions at most once per second however many
    arrive: a submission only marks the statuses stale, in memory. The
    statuses read last are kept and repeated every heartbeat interval,
    at no cost, for screens that subscribe late. Uses the store's
    connection between requests (rapord's one thread).  */
#ifndef RAPOR_BULLETIN_H
#define RAPOR_BULLETIN_H

#include "codec.h"
#include "store.h"

#include <stdbool.h>
#include <stdint.h>

#define BULLETIN_PERIODS 16         /*  periods not finalized that are followed  */
#define BULLETIN_SCORES_MS 1000     /*  at most one read per this for submissions  */

typedef struct _bulletin_t bulletin_t;

/*  `publish` sends one status; the bulletin calls it with `arg`. NULL on
    out of memory. The first read happens at the first bulletin_due.  */
typedef void (bulletin_publish_fn) (void *arg, const period_status_t *status);
bulletin_t *bulletin_new (store_t *store, int repeat_ms, bulletin_publish_fn *publish, void *arg);
void bulletin_destroy (bulletin_t **self_p);

/*  A period's state changed (an admin operation): read and publish at
    the next bulletin_due, whatever the time.  */
void bulletin_changed (bulletin_t *self);

/*  Verified scores were stored: read within BULLETIN_SCORES_MS.  */
void bulletin_scores (bulletin_t *self);

/*  Publishes what is due at now_ms (statuses that changed, or the
    repeat). Returns the milliseconds until something may be due next.  */
int64_t bulletin_due (bulletin_t *self, int64_t now_ms);

#endif
