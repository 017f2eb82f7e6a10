/*  batch.c: group commit, one call per slot.  */
#include "batch.h"
#include "clock.h"
#include "hex.h"
#include "log.h"
#include "peers.h"

#include <assert.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _batch_t {
    store_t *store;
    void *router;
    peers_t *peers;             /*  clients busy submitting: a group waits for them  */
    call_t *calls[STORE_BATCH_MAX];
    size_t count;
    int64_t wait_us;            /*  the longest a group waits for busy clients  */
    int64_t first_us;           /*  when the group's first submission came  */
    size_t busy;                /*  busy clients, counted once per group (-1: not yet)  */
    store_item_t items[STORE_BATCH_MAX];    /*  what the store fills  */
    audit_row_t rows[STORE_BATCH_MAX];      /*  the audit INSERT's rows  */
    size_t verified;            /*  new verified submissions stored, not yet taken  */
    int64_t last_at_us;         /*  wall clock at the end of the last group; 0: none  */
    uint32_t last_count;        /*  submissions the last group held  */
};

batch_t *
batch_new (store_t *store, void *router, int64_t wait_us)
{
    batch_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->store = store;
    self->router = router;
    self->wait_us = wait_us;
    self->busy = SIZE_MAX;
    self->peers = peers_new ();
    if (!self->peers) {
        free (self);
        return NULL;
    }
    return self;
}

void
batch_destroy (batch_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    batch_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++)
        call_destroy (&self->calls[i]);
    peers_destroy (&self->peers);
    free (self);
    *self_p = NULL;
}

size_t
batch_count (const batch_t *self)
{
    return self->count;
}

int64_t
batch_wait (batch_t *self, int64_t now_us)
{
    if (!self->count || self->wait_us <= 0)
        return 0;
    if (self->busy == SIZE_MAX)     /*  counted once, and only if a wait is in question  */
        self->busy = peers_busy (self->peers, now_us / 1000);
    if (self->count >= self->busy)
        return 0;
    int64_t left = self->first_us + self->wait_us - now_us;
    return left > 0 ? left : 0;
}

static const char *
s_what (const call_t *call)
{
    return call->request.submit.kind == SCORE_KIND_VERIFIED ? "verified" : "self";
}

/*  The log line and reply of a submission once its outcome is known.  */
static void
s_finish (call_t *call, store_status_t status)
{
    reply_t *reply = &call->reply;
    if (status == STORE_OK) {
        reply->kind = REPLY_RECEIPT;
        log_info ("request peer=%s id=%llu op=submit opd=%s period=%s scores=%u "
                  "submission=%s outcome=%s us=%lld", call->peer,
                  (unsigned long long) call->request.request_id, call->opd, call->period,
                  reply->receipt.score_count, call->sid,
                  reply->receipt.duplicate ? "duplicate" : "accepted",
                  (long long) (clock_now_us () - call->started));
    }
    else {
        char context[160];
        snprintf (context, sizeof context, "op=submit opd=%s period=%s submission=%s",
                  call->opd, call->period, call->sid);
        call_conclude (call, status, context);
    }
}

void
batch_submit (batch_t *self, call_t **call_p)
{
    assert (self->count < STORE_BATCH_MAX);
    call_t *call = *call_p;
    const submission_t *s = &call->request.submit;
    call_label (call->opd, sizeof call->opd, s->opd,
                s->opd_len < OPD_CODE_MAX ? s->opd_len : OPD_CODE_MAX);
    call_label (call->period, sizeof call->period, s->period,
                s->period_len < PERIOD_FIELD_MAX ? s->period_len : PERIOD_FIELD_MAX);
    snprintf (call->sid, sizeof call->sid, "-");
    if (s->id_len == SUBMISSION_ID_LEN)
        hex_encode (s->id, SUBMISSION_ID_LEN, call->sid);

    if (!submission_validate (s, &call->reply.problems)) {
        call_audit (call, self->store, "submit", STORE_REJECTED, s_what (call), call->opd,
                    call->period, call->sid);
        s_finish (call, STORE_REJECTED);
        return;
    }
    if (!call_authorize (call, self->store, "submit"))
        return;
    peers_seen (self->peers, call->peer, clock_now_ms ());
    memset (&call->item, 0, sizeof call->item);
    call->item.submission = &call->request.submit;
    call->item.request_id = call->request.request_id;
    problems_init (&call->item.problems);
    if (self->count == 0)
        self->first_us = clock_now_us ();
    self->calls[self->count++] = call;
    *call_p = NULL;
}

/*  Inside the batch's transaction: the audit rows commit with the scores,
    in one statement. Each call fills its own row.  */
static bool
s_audit_rows (void *arg, const store_item_t *items, size_t count, store_stmt_t *stmt)
{
    batch_t *self = arg;
    for (size_t i = 0; i < count; i++) {
        call_t *call = self->calls[i];
        const store_item_t *item = &items[i];
        call_audit_fill (call, "submit", item->status, &item->problems,
                         item->receipt.duplicate, s_what (call), call->opd, call->period,
                         call->sid);
        self->rows[i] = call->audit;
    }
    return keyring_audit_statement (self->rows, count, stmt);
}

size_t
batch_take_verified (batch_t *self)
{
    size_t n = self->verified;
    self->verified = 0;
    return n;
}

void
batch_last_commit (const batch_t *self, int64_t *at_us, uint32_t *submissions)
{
    *at_us = self->last_at_us;
    *submissions = self->last_count;
}

void
batch_flush (batch_t *self)
{
    if (self->count == 0)
        return;
    for (size_t i = 0; i < self->count; i++)
        self->items[i] = self->calls[i]->item;
    store_submit_batch (self->store, self->items, self->count, s_audit_rows, self);
    int64_t replies = clock_now_us ();      /*  the database's part: intake.c logs it  */
    for (size_t i = 0; i < self->count; i++) {
        call_t *call = self->calls[i];
        const store_item_t *item = &self->items[i];
        reply_t *reply = &call->reply;
        reply->request_id = call->request.request_id;
        reply->receipt = item->receipt;
        reply->problems = item->problems;
        snprintf (reply->reason, sizeof reply->reason, "%.120s", item->reason);
        s_finish (call, item->status);
        if (item->status == STORE_OK && !item->receipt.duplicate
        &&  call->request.submit.kind == SCORE_KIND_VERIFIED)
            self->verified++;
        call_send (call, self->router);
        call_destroy (&self->calls[i]);
    }
    log_debug ("group commit submissions=%zu busy=%zu waited_us=%lld reply_us=%lld",
               self->count, self->busy == SIZE_MAX ? 0 : self->busy,
               (long long) (replies - self->first_us), (long long) (clock_now_us () - replies));
    struct timespec wall;       /*  for people: when, by the calendar  */
    clock_gettime (CLOCK_REALTIME, &wall);
    self->last_at_us = (int64_t) wall.tv_sec * 1000000 + wall.tv_nsec / 1000;
    self->last_count = (uint32_t) self->count;
    self->count = 0;
    self->busy = SIZE_MAX;
}
