/*  broadcast.c: PUB messages, heartbeats and snapshots.  */
#include "broadcast.h"
#include "i18n.h"
#include "bulletin.h"
#include "clock.h"
#include "curve.h"
#include "log.h"
#include "period.h"
#include "quarter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#define PUB_HWM 100000              /*  a burst of rankings is never dropped  */
#define PUB_LINGER_MS 1000          /*  let the last messages leave on shutdown  */

struct _broadcaster_t {
    void *pub;
    store_t *store;
    int heartbeat_ms;
    uint64_t last_seq;          /*  highest sequence number published  */
    int64_t next_heartbeat_ms;
    char bound[256];
    bulletin_t *bulletin;       /*  period statuses  */
};

static void s_publish_status (void *arg, const period_status_t *status);

broadcaster_t *
broadcast_new (void *ctx, const char *secret, const char *endpoint, store_t *store,
               int heartbeat_ms, char *err, size_t err_size)
{
    broadcaster_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, err_size, _("out of memory"));
        return NULL;
    }
    self->store = store;
    self->heartbeat_ms = heartbeat_ms;
    self->bulletin = bulletin_new (store, heartbeat_ms, s_publish_status, self);
    if (!self->bulletin || quarter_last_seq (store, &self->last_seq) != STORE_OK) {
        snprintf (err, err_size, _("cannot read the last broadcast sequence number"));
        goto err;
    }
    self->pub = zmq_socket (ctx, ZMQ_PUB);
    uint64_t second_io = 2;
    int hwm = PUB_HWM, linger = PUB_LINGER_MS;
    if (!self->pub || (secret && curve_server_apply (self->pub, secret) != 0)
    ||  zmq_setsockopt (self->pub, ZMQ_AFFINITY, &second_io, sizeof second_io) != 0
    ||  zmq_setsockopt (self->pub, ZMQ_SNDHWM, &hwm, sizeof hwm) != 0
    ||  zmq_setsockopt (self->pub, ZMQ_LINGER, &linger, sizeof linger) != 0) {
        snprintf (err, err_size, _("ZeroMQ: %s"), zmq_strerror (errno));
        goto err;
    }
    if (zmq_bind (self->pub, endpoint) != 0) {
        snprintf (err, err_size, _("cannot bind %s: %s"), endpoint, zmq_strerror (errno));
        goto err;
    }
    size_t len = sizeof self->bound;
    zmq_getsockopt (self->pub, ZMQ_LAST_ENDPOINT, self->bound, &len);
    return self;
err:
    broadcast_destroy (&self);
    return NULL;
}

void
broadcast_destroy (broadcaster_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    if ((*self_p)->pub)
        zmq_close ((*self_p)->pub);
    bulletin_destroy (&(*self_p)->bulletin);
    free (*self_p);
    *self_p = NULL;
}

const char *
broadcast_endpoint (const broadcaster_t *self)
{
    return self->bound;
}

uint64_t
broadcast_last_seq (const broadcaster_t *self)
{
    return self->last_seq;
}

/*  Sends one broadcast: frame 1 the topic, frame 2 the Broadcast.  */
static void
s_publish (broadcaster_t *self, const char *topic, const broadcast_t *broadcast)
{
    size_t size = 0;
    uint8_t *body = codec_broadcast_encode (broadcast, &size);
    if (!body) {
        log_error ("cannot encode broadcast topic=%s", topic);
        return;
    }
    if (zmq_send (self->pub, topic, strlen (topic), ZMQ_SNDMORE) < 0
    ||  zmq_send (self->pub, body, size, 0) < 0)
        log_error ("broadcast not sent topic=%s: %s", topic, zmq_strerror (errno));
    free (body);
}

void
broadcast_ranking (broadcaster_t *self, ranking_t *ranking)
{
    char topic[64];
    snprintf (topic, sizeof topic, "ranking.%s", ranking->period);
    broadcast_t b = { .seq = ranking->seq, .kind = BROADCAST_RANKING, .ranking = ranking };
    s_publish (self, topic, &b);
    if (ranking->seq > self->last_seq)
        self->last_seq = ranking->seq;
    log_info ("broadcast topic=%s seq=%llu opds=%zu", topic, (unsigned long long) ranking->seq,
              ranking->count);
}

int64_t
broadcast_heartbeat (broadcaster_t *self, int64_t now_ms, bool force)
{
    if (force || now_ms >= self->next_heartbeat_ms) {
        struct timespec wall;
        clock_gettime (CLOCK_REALTIME, &wall);
        broadcast_t b = {
            .seq = self->last_seq, .kind = BROADCAST_HEARTBEAT,
            .sent_at_us = (int64_t) wall.tv_sec * 1000000 + wall.tv_nsec / 1000,
            .interval_ms = (uint32_t) self->heartbeat_ms
        };
        s_publish (self, "heartbeat", &b);
        self->next_heartbeat_ms = now_ms + self->heartbeat_ms;
    }
    int64_t wait = self->next_heartbeat_ms - now_ms;
    int64_t status_wait = bulletin_due (self->bulletin, now_ms);
    return status_wait < wait ? status_wait : wait;
}

/*  Topic "period.2024-Q3"; the sequence number is the latest ranking's,
    as in a heartbeat.  */
static void
s_publish_status (void *arg, const period_status_t *status)
{
    broadcaster_t *self = arg;
    char topic[64];
    snprintf (topic, sizeof topic, "period.%s", status->period);
    broadcast_t b = { .seq = self->last_seq, .kind = BROADCAST_PERIOD_STATUS, .status = *status };
    s_publish (self, topic, &b);
    log_debug ("broadcast topic=%s status=%s complete=%u opds=%u open_objections=%u", topic,
               status->status, status->complete, status->opds, status->open_objections);
}

void
broadcast_period_changed (broadcaster_t *self)
{
    bulletin_changed (self->bulletin);
}

void
broadcast_scores_stored (broadcaster_t *self)
{
    bulletin_scores (self->bulletin);
}

void
broadcast_snapshot (broadcaster_t *self, call_t *call)
{
    reply_t *reply = &call->reply;
    const char *period = call->request.snapshot_period;
    size_t len = call->request.snapshot_period_len;
    period_t parsed;
    store_status_t status = STORE_REJECTED;
    if (len && (len > PERIOD_FIELD_MAX || !period_parse (period, len, &parsed)))
        problems_add (&reply->problems, PROBLEM_PERIOD_INVALID, "period",
                      _("The period must be written like 2024-Q3, or left empty for the latest."));
    else
        status = quarter_snapshot (self->store, len ? period : "", call->request.snapshot_seq,
                                   &reply->ranking, &reply->problems, reply->reason,
                                   sizeof reply->reason);
    char shown[24];
    call_label (shown, sizeof shown, period, len < PERIOD_FIELD_MAX ? len : PERIOD_FIELD_MAX);
    if (status == STORE_OK) {
        reply->kind = REPLY_RANKING;
        log_info ("request peer=%s id=%llu op=snapshot period=%s seq=%llu outcome=ok us=%lld",
                  call->peer, (unsigned long long) call->request.request_id,
                  reply->ranking->period, (unsigned long long) reply->ranking->seq,
                  (long long) (clock_now_us () - call->started));
    }
    else {
        char context[64];
        snprintf (context, sizeof context, "op=snapshot period=%s", shown);
        call_conclude (call, status, context);
    }
}
