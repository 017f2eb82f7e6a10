/*  feed.c: see feed.h. Moved here from rapor-watch, which it was written
    for; the messages keep their words so that operators' greps still work.  */
#include "feed.h"
#include "i18n.h"
#include "clock.h"
#include "digest.h"
#include "log.h"
#include "outfile.h"
#include "submit.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define SUB_HWM 100000
#define DEFAULT_HEARTBEAT_MS 2000

struct _feed_t {
    feed_options_t o;
    feed_handler_t h;
    void *sub;
    uint64_t last_seq;      /*  every ranking up to this number is held (shown or not ours)  */
    int failure;            /*  exit code of the last failed call  */
    bool altered;           /*  a ranking did not match its digest  */
    bool stopped;           /*  the handler could not show a ranking  */
    pthread_mutex_t save;   /*  one writer of the state file at a time  */
    request_t request;      /*  large: kept here, not on the stack  */
    reply_t reply;
};

/*  A message for the operator, as the tool writes its others.  */
static void
s_say (feed_t *self, log_level_t level, const char *format, ...)
{
    char line[512];
    va_list args;
    va_start (args, format);
    /*  The terminal gets the user's language; the log stays English.  */
    vsnprintf (line, sizeof line, self->o.use_log ? format : _(format), args);
    va_end (args);
    if (!self->o.use_log)
        fprintf (stderr, "%s: %s\n", self->o.tool, line);
    else
    if (level == LEVEL_ERROR)
        log_error ("%s", line);
    else
    if (level == LEVEL_WARN)
        log_warn ("%s", line);
    else
        log_info ("%s", line);
}

uint64_t
feed_state_seq (const char *path)
{
    FILE *f = path ? fopen (path, "r") : NULL;
    unsigned long long seq = 0;
    if (f) {
        if (fscanf (f, "%llu", &seq) != 1)
            seq = 0;
        fclose (f);
    }
    return seq;
}

/*  The state file holds the last sequence number held, so a dashboard
    that was down fetches exactly what it missed when it comes back; the
    tool's own lines follow it.  */
void
feed_save (feed_t *self)
{
    if (!self->o.state)
        return;
    pthread_mutex_lock (&self->save);
    char err[512];
    outfile_t *file = outfile_new (self->o.state, err, sizeof err);
    if (file) {
        fprintf (outfile_stream (file), "%llu\n", (unsigned long long) self->last_seq);
        if (self->h.state)
            self->h.state (self->h.arg, outfile_stream (file));
    }
    if (!file || !outfile_commit (&file, err, sizeof err))
        s_say (self, LEVEL_WARN, "the state file is unchanged: %s", err);
    pthread_mutex_unlock (&self->save);
}

uint64_t
feed_last_seq (feed_t *self)
{
    pthread_mutex_lock (&self->save);
    uint64_t seq = self->last_seq;
    pthread_mutex_unlock (&self->save);
    return seq;
}

bool
feed_altered (const feed_t *self)
{
    return self->altered;
}

/*  Every finalized ranking carries the digest of what it says; it is
    recomputed here, so a ranking changed anywhere between finalization
    and this screen is seen. "ok", "mismatch" or "missing".  */
static const char *
s_digest_check (feed_t *self, const ranking_t *r)
{
    const char *check = !r->digest[0] ? "missing" : digest_matches (r) ? "ok" : "mismatch";
    if (strcmp (check, "ok") != 0) {
        char hex[RANKING_DIGEST_HEX + 1] = "";
        digest_compute (r, hex);
        s_say (self, LEVEL_ERROR, "WARNING: the ranking of %s (sequence %llu) does NOT "
               "match its digest: it carries '%s', its contents give %s. Do not act on it; "
               "ask the inspectorate to run: rapor-admin verify %s", r->period,
               (unsigned long long) r->seq, r->digest, hex, r->period);
        self->altered = true;
    }
    return check;
}

/*  The last-seen number moves only once the ranking `seq` is held: shown,
    of another period than the one asked for, or a number never used.
    Moving it before would skip a ranking for good: the next heartbeat's
    number would no longer look like a gap.  */
static void
s_advance (feed_t *self, uint64_t seq)
{
    if (seq > self->last_seq) {
        pthread_mutex_lock (&self->save);
        self->last_seq = seq;
        pthread_mutex_unlock (&self->save);
        feed_save (self);
    }
}

/*  Shows a ranking; false if the handler could not (it is then not held,
    and the feed stops).  */
static bool
s_show (feed_t *self, ranking_t **ranking_p)
{
    const char *check = s_digest_check (self, *ranking_p);
    uint64_t seq = (*ranking_p)->seq;
    if (!self->h.ranking (self->h.arg, ranking_p, check)) {
        self->stopped = true;
        return false;
    }
    s_advance (self, seq);
    return true;
}

/*  Asks for a ranking by sequence number (seq > 0) or by period / latest.
    Returns 1 with self->reply.ranking, 0 none exists, -1 server trouble
    (said, and self->failure set). The caller clears self->reply.  */
static int
s_ask (feed_t *self, uint64_t seq, const char *period)
{
    request_t *request = &self->request;
    reply_t *reply = &self->reply;
    memset (request, 0, sizeof *request);
    request->kind = REQUEST_SNAPSHOT;
    request->snapshot_seq = seq;
    if (period) {
        snprintf (request->snapshot_period, sizeof request->snapshot_period, "%s", period);
        request->snapshot_period_len = strlen (request->snapshot_period);
    }
    call_status_t status = call_request (&self->o.call, request, reply);
    if (status != CALL_OK) {
        char *text = NULL;
        size_t size = 0;
        FILE *out = self->o.use_log ? open_memstream (&text, &size) : stderr;
        if (out) {
            call_explain (status, &self->o.call, reply, out);
            if (out != stderr) {
                fclose (out);
                while (text && size && text[size - 1] == '\n')
                    text[--size] = '\0';
                log_error ("%s", text ? text : "");
                free (text);
            }
        }
        self->failure = submit_exit_code (status);
        return -1;
    }
    if (reply->kind == REPLY_RANKING && reply->ranking)
        return 1;
    if (reply->kind == REPLY_REJECTION && problems_has (&reply->problems, PROBLEM_NOT_FOUND))
        return 0;
    submit_print_problems (&reply->problems, stderr);
    return -1;
}

/*  Fetches a ranking by sequence number (seq > 0) or by period / latest
    and shows it. Returns 1 shown, 0 none exists, -1 server trouble.  */
static int
s_fetch (feed_t *self, uint64_t seq, const char *period)
{
    int result = s_ask (self, seq, period);
    if (result == 1) {
        ranking_t **r = &self->reply.ranking;
        /*  With a period asked for, rankings of other periods only move the counter.  */
        if (!self->o.period || strcmp ((*r)->period, self->o.period) == 0)
            result = s_show (self, r) ? 1 : -1;
        else
            s_advance (self, (*r)->seq);
    }
    codec_reply_clear (&self->reply);
    return result;
}

int
feed_fetch (feed_t *self, const char *period, ranking_t **ranking, const char **check)
{
    *ranking = NULL;
    int result = s_ask (self, 0, period);
    if (result == 1) {
        *check = s_digest_check (self, self->reply.ranking);
        *ranking = self->reply.ranking;
        self->reply.ranking = NULL;
    }
    codec_reply_clear (&self->reply);
    return result;
}

/*  Fills the gap up to `seq`, oldest first. False if the server failed:
    the last-seen number then stays before the first ranking not held, so
    the next heartbeat (whose number is at least `seq`) tries again from
    there.  */
static bool
s_catch_up (feed_t *self, uint64_t seq, volatile sig_atomic_t *stop)
{
    if (seq > self->last_seq)
        s_say (self, LEVEL_WARN, "missed broadcasts %llu to %llu; fetching them",
               (unsigned long long) self->last_seq + 1, (unsigned long long) seq);
    while (self->last_seq < seq && !*stop && !self->stopped) {
        uint64_t next = self->last_seq + 1;
        int got = s_fetch (self, next, NULL);
        if (got == 0)
            s_advance (self, next);     /*  a number never used: nothing to show  */
        if (got < 0 || self->last_seq < next)
            return false;               /*  not held; a server that answers another number too  */
    }
    return self->last_seq >= seq;
}

feed_t *
feed_new (const feed_options_t *options, const feed_handler_t *handler, void *ctx)
{
    feed_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->o = *options;
    self->h = *handler;
    pthread_mutex_init (&self->save, NULL);
    self->sub = zmq_socket (ctx, ZMQ_SUB);
    if (!self->sub || keys_apply (self->sub, self->o.call.curve) != 0)
        goto err;
    int hwm = SUB_HWM, linger = 0;
    zmq_setsockopt (self->sub, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt (self->sub, ZMQ_LINGER, &linger, sizeof linger);
    char topic[64];
    snprintf (topic, sizeof topic, "ranking.%s", self->o.period ? self->o.period : "");
    zmq_setsockopt (self->sub, ZMQ_SUBSCRIBE, topic, strlen (topic));
    zmq_setsockopt (self->sub, ZMQ_SUBSCRIBE, "heartbeat", 9);
    if (self->h.status) {
        snprintf (topic, sizeof topic, "period.%s", self->o.period ? self->o.period : "");
        zmq_setsockopt (self->sub, ZMQ_SUBSCRIBE, topic, strlen (topic));
    }
    if (zmq_connect (self->sub, self->o.broadcast) != 0)
        goto err;
    return self;
err:
    feed_destroy (&self);
    return NULL;
}

void
feed_destroy (feed_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    feed_t *self = *self_p;
    if (self->sub) {
        int saved = zmq_errno ();
        zmq_close (self->sub);      /*  before zmq_ctx_term, which waits for open sockets  */
        errno = saved;
    }
    codec_reply_clear (&self->reply);
    pthread_mutex_destroy (&self->save);
    free (self);
    *self_p = NULL;
}

/*  Reads one broadcast; false if it was not one.  */
static bool
s_receive (void *sub, broadcast_t *b)
{
    zmq_msg_t part;
    zmq_msg_init (&part);
    bool ok = zmq_msg_recv (&part, sub, 0) >= 0 && zmq_msg_more (&part);   /*  topic  */
    zmq_msg_close (&part);
    if (!ok)
        return false;
    zmq_msg_init (&part);
    ok = zmq_msg_recv (&part, sub, 0) >= 0
      && codec_broadcast_decode (zmq_msg_data (&part), zmq_msg_size (&part), b);
    while (zmq_msg_more (&part)) {      /*  drain anything unexpected  */
        zmq_msg_close (&part);
        zmq_msg_init (&part);
        zmq_msg_recv (&part, sub, 0);
    }
    zmq_msg_close (&part);
    return ok;
}

/*  The snapshot at start. 1 shown, 0 none yet, -1 failed (said).  */
static int
s_start (feed_t *self, bool resuming)
{
    if (resuming && !self->o.always_snapshot)
        return 1;
    int got = s_fetch (self, 0, self->o.period);
    if (got == 0)
        s_say (self, LEVEL_INFO, "nothing finalized%s%s yet; waiting for the broadcast",
               !self->o.period ? "" : self->o.use_log ? " for " : _(" for "),
               self->o.period ? self->o.period : "");
    return got;
}

/*  Says that the feed waits for the server and when it asks again;
    returns that time.  */
static int64_t
s_wait_note (feed_t *self, int64_t since, int64_t backoff_ms)
{
    int64_t now = clock_now_ms ();
    s_say (self, LEVEL_WARN, "waiting for the server at %s (%lld s so far); asking again "
           "in %lld s or at its first heartbeat", self->o.call.endpoint,
           (long long) ((now - since) / 1000), (long long) (backoff_ms / 1000));
    return now + backoff_ms;
}

/*  A trust failure never mends by waiting; no answer may.  */
static bool
s_fatal (const feed_t *self)
{
    return !self->o.keep_trying || self->failure == EXIT_NOT_TRUSTED
        || self->failure == EXIT_USAGE;
}

/*  One broadcast received: heartbeat, ranking or status.  */
static void
s_apply (feed_t *self, broadcast_t *b, volatile sig_atomic_t *stop)
{
    if (b->kind == BROADCAST_HEARTBEAT) {
        if (b->seq > self->last_seq && !s_catch_up (self, b->seq, stop))
            s_say (self, LEVEL_WARN, "could not fetch the missed rankings; "
                   "will try at the next heartbeat");
    }
    else
    if (b->kind == BROADCAST_RANKING && b->ranking && b->seq > self->last_seq) {
        /*  Older ones first, so the screen ends on the newest. If they
            cannot be fetched, this one waits too: it is fetched by its
            number with them at the next heartbeat.  */
        if (b->seq > self->last_seq + 1 && !s_catch_up (self, b->seq - 1, stop))
            s_say (self, LEVEL_WARN, "could not fetch the missed rankings; will try again, "
                   "with ranking %llu, at the next heartbeat", (unsigned long long) b->seq);
        else
        if (!self->o.period || strcmp (b->ranking->period, self->o.period) == 0)
            s_show (self, &b->ranking);
        else
            s_advance (self, b->seq);       /*  another period's: held by not being ours  */
    }
    else
    if (b->kind == BROADCAST_PERIOD_STATUS && self->h.status)
        self->h.status (self->h.arg, &b->status);
    /*  Anything else (a ranking not newer than what we hold, a kind this
        client does not know) is skipped, as PROTOCOL.md §3.5 asks.  */
}

int
feed_run (feed_t *self, volatile sig_atomic_t *stop)
{
    /*  Resuming: the next heartbeat's sequence number shows what was
        missed, and s_catch_up fetches exactly that.  */
    int64_t started = clock_now_ms ();
    uint64_t resume = feed_state_seq (self->o.state);
    bool resuming = resume && !self->o.once;
    if (resuming) {
        self->last_seq = resume;
        s_say (self, LEVEL_INFO, "resuming after broadcast %llu", (unsigned long long) resume);
    }
    /*  Subscribed already; now the snapshot, as the Clone pattern asks.  */
    int got = s_start (self, resuming);
    if (got < 0 && (s_fatal (self) || self->stopped))
        return self->failure ? self->failure : EXIT_UNREACHABLE;
    bool need_start = got < 0;
    if (got > 0 && self->o.once)
        return 0;
    uint32_t interval = DEFAULT_HEARTBEAT_MS;
    int64_t last_heard = clock_now_ms ();
    bool silent = false;
    /*  No answer at start: a server that is not up yet (the hall PC boots
        first). Its first heartbeat brings the snapshot at once; meanwhile
        the request socket is asked again after 1, 2, 4 ... 60 s, so a
        broadcast port that is not reachable does not hide a server that
        answers.  */
    int64_t waiting_since = started, backoff_ms = 1000;
    int64_t next_try = need_start ? s_wait_note (self, waiting_since, backoff_ms) : 0;
    while (!*stop && !self->stopped) {
        zmq_pollitem_t item = { self->sub, 0, ZMQ_POLLIN, 0 };
        int rc = zmq_poll (&item, 1, 200);
        if (rc < 0 && errno != EINTR)
            return EXIT_UNREACHABLE;
        if (need_start && self->o.give_up_ms > 0
            && clock_now_ms () - waiting_since >= self->o.give_up_ms) {
            s_say (self, LEVEL_ERROR, "gave up waiting for the server at %s after %ld s",
                   self->o.call.endpoint, self->o.give_up_ms / 1000);
            return self->failure ? self->failure : EXIT_UNREACHABLE;
        }
        if (need_start && rc == 0 && clock_now_ms () >= next_try) {
            got = s_start (self, false);
            if (got < 0 && s_fatal (self))
                return self->failure ? self->failure : EXIT_UNREACHABLE;
            need_start = got < 0;
            if (got > 0 && self->o.once)
                return 0;
            backoff_ms = backoff_ms * 2 > 60000 ? 60000 : backoff_ms * 2;
            if (need_start)
                next_try = s_wait_note (self, waiting_since, backoff_ms);
            continue;
        }
        if (self->h.tick && !need_start)
            self->h.tick (self->h.arg);
        if (rc <= 0) {
            if (!silent && clock_now_ms () - last_heard > 3 * (int64_t) interval) {
                s_say (self, LEVEL_WARN, "no heartbeat from the server for %lld ms; "
                       "still waiting", (long long) (clock_now_ms () - last_heard));
                silent = true;
            }
            continue;
        }
        broadcast_t b;
        if (!s_receive (self->sub, &b))
            continue;
        last_heard = clock_now_ms ();
        if (silent) {
            s_say (self, LEVEL_INFO, "the server is back");
            silent = false;
        }
        if (b.kind == BROADCAST_HEARTBEAT) {
            interval = b.interval_ms ? b.interval_ms : DEFAULT_HEARTBEAT_MS;
            /*  The server answers now: the snapshot that failed at start.  */
            if (need_start) {
                got = s_start (self, false);
                if (got < 0 && s_fatal (self)) {
                    ranking_destroy (&b.ranking);
                    return self->failure ? self->failure : EXIT_UNREACHABLE;
                }
                need_start = got < 0;
                if (got > 0 && self->o.once) {
                    ranking_destroy (&b.ranking);
                    return 0;
                }
            }
        }
        s_apply (self, &b, stop);
        /*  Not newer than what we showed: the snapshot already had it.  */
        bool shown = b.kind == BROADCAST_RANKING && b.seq == self->last_seq;
        ranking_destroy (&b.ranking);
        if (self->o.once && shown)
            return 0;
    }
    return 0;
}
