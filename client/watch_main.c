/*  rapor-watch: the dashboard. Shows every finalized ranking, live.

    The zguide's Clone pattern (chapter 5): subscribe first, then fetch a
    snapshot over the request socket, then apply only broadcasts newer than
    the snapshot. Every broadcast and heartbeat carries a sequence number
    that only grows (it lives in the database), so a gap, after a restart
    of either side or a slow consumer, is seen and filled by fetching the
    missed rankings by number.  */
#include "call.h"
#include "clock.h"
#include "digest.h"
#include "outfile.h"
#include "report.h"
#include "submit.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#define SUB_HWM 100000
#define DEFAULT_HEARTBEAT_MS 2000
#define EXIT_OUTPUT 5       /*  stdout could not be written  */

static volatile sig_atomic_t s_stop = 0;

static void
s_on_signal (int sig)
{
    (void) sig;
    s_stop = 1;
}

typedef struct {
    call_options_t call;
    const char *period;     /*  only this period, or NULL for all  */
    bool json;
    bool once;
    bool color;
    uint64_t last_seq;      /*  every ranking up to this number is held (shown or not ours)  */
    int failure;            /*  exit code of the last failed call  */
    bool broken;            /*  stdout failed: a dashboard showing nothing must stop  */
    const char *state;      /*  file keeping last_seq across restarts, or NULL  */
    bool altered;           /*  a ranking did not match its digest  */
} watch_t;

/*  The state file holds the last sequence number shown, so a dashboard
    that was down fetches exactly what it missed when it comes back.  */
static uint64_t
s_state_read (const char *path)
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

static void
s_state_write (const char *path, uint64_t seq)
{
    if (!path)
        return;
    char err[512];
    outfile_t *file = outfile_new (path, err, sizeof err);
    if (file)
        fprintf (outfile_stream (file), "%llu\n", (unsigned long long) seq);
    if (!file || !outfile_commit (&file, err, sizeof err))
        fprintf (stderr, "rapor-watch: the state file is unchanged: %s\n", err);
}

/*  Every finalized ranking carries the digest of what it says; it is
    recomputed here, so a ranking changed anywhere between finalization
    and this screen is seen. "ok", "mismatch" or "missing".  */
static const char *
s_digest_check (watch_t *w, const ranking_t *r)
{
    const char *check = !r->digest[0] ? "missing" : digest_matches (r) ? "ok" : "mismatch";
    if (strcmp (check, "ok") != 0) {
        char hex[RANKING_DIGEST_HEX + 1] = "";
        digest_compute (r, hex);
        fprintf (stderr, "rapor-watch: WARNING: the ranking of %s (sequence %llu) does NOT "
                 "match its digest: it carries '%s', its contents give %s. Do not act on it; "
                 "ask the inspectorate to run: rapor-admin verify %s\n", r->period,
                 (unsigned long long) r->seq, r->digest, hex, r->period);
        w->altered = true;
    }
    return check;
}

/*  The last-seen number moves only once the ranking `seq` is held: shown,
    of another period than --period, or a number never used. Moving it
    before would skip a ranking for good: the next heartbeat's number
    would no longer look like a gap.  */
static void
s_advance (watch_t *w, uint64_t seq)
{
    if (seq > w->last_seq) {
        w->last_seq = seq;
        s_state_write (w->state, w->last_seq);
    }
}

/*  Shows a ranking; false if the output could not be written (it is then
    not held, and the watcher stops).  */
static bool
s_show (watch_t *w, const ranking_t *r)
{
    const char *check = s_digest_check (w, r);
    if (w->json)
        report_json_checked (r, check, stdout);
    else {
        if (strcmp (check, "ok") != 0)
            printf ("!!! DIGEST %s: this ranking is not the one finalized; do not act on it !!!\n",
                    strcmp (check, "missing") == 0 ? "MISSING" : "MISMATCH");
        report_table (r, stdout, w->color);
    }
    char why[256];
    if (!outfile_check (stdout, why, sizeof why)) {
        fprintf (stderr, "rapor-watch: cannot write the output: %s\n", why);
        w->broken = true;
        s_stop = 1;
        return false;
    }
    s_advance (w, r->seq);
    return true;
}

/*  Fetches a ranking by sequence number (seq > 0) or by period / latest.
    Returns 1 shown, 0 none exists, -1 server trouble.  */
static int
s_fetch (watch_t *w, uint64_t seq, const char *period)
{
    static request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.kind = REQUEST_SNAPSHOT;
    request.snapshot_seq = seq;
    if (period) {
        snprintf (request.snapshot_period, sizeof request.snapshot_period, "%s", period);
        request.snapshot_period_len = strlen (request.snapshot_period);
    }
    call_status_t status = call_request (&w->call, &request, &reply);
    int result = -1;
    if (status != CALL_OK) {
        call_explain (status, &w->call, &reply, stderr);
        w->failure = submit_exit_code (status);
    }
    else
    if (reply.kind == REPLY_RANKING) {
        /*  With --period, rankings of other periods only move the counter.  */
        if (!w->period || strcmp (reply.ranking->period, w->period) == 0)
            result = s_show (w, reply.ranking) ? 1 : -1;
        else {
            s_advance (w, reply.ranking->seq);
            result = 1;
        }
    }
    else
    if (reply.kind == REPLY_REJECTION && problems_has (&reply.problems, PROBLEM_NOT_FOUND))
        result = 0;
    else
        submit_print_problems (&reply.problems, stderr);
    codec_reply_clear (&reply);
    return result;
}

/*  Fills the gap up to `seq`, oldest first. False if the server failed:
    the last-seen number then stays before the first ranking not held, so
    the next heartbeat (whose number is at least `seq`) tries again from
    there.  */
static bool
s_catch_up (watch_t *w, uint64_t seq)
{
    if (seq > w->last_seq)
        fprintf (stderr, "rapor-watch: missed broadcasts %llu to %llu; fetching them\n",
                 (unsigned long long) w->last_seq + 1, (unsigned long long) seq);
    while (w->last_seq < seq && !s_stop) {
        uint64_t next = w->last_seq + 1;
        int got = s_fetch (w, next, NULL);
        if (got == 0)
            s_advance (w, next);    /*  a number never used: nothing to show  */
        if (got < 0 || w->last_seq < next)
            return false;           /*  not held; a server that answers another number too  */
    }
    return w->last_seq >= seq;
}

static void *
s_subscribe (void *ctx, const char *endpoint, const char *period, const curve_t *curve)
{
    void *sub = zmq_socket (ctx, ZMQ_SUB);
    if (!sub)
        return NULL;
    if (keys_apply (sub, curve) != 0) {
        zmq_close (sub);
        return NULL;
    }
    int hwm = SUB_HWM, linger = 0;
    zmq_setsockopt (sub, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt (sub, ZMQ_LINGER, &linger, sizeof linger);
    char topic[64];
    snprintf (topic, sizeof topic, "ranking.%s", period ? period : "");
    zmq_setsockopt (sub, ZMQ_SUBSCRIBE, topic, strlen (topic));
    zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "heartbeat", 9);
    if (zmq_connect (sub, endpoint) != 0) {
        zmq_close (sub);
        return NULL;
    }
    return sub;
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

static int
s_watch (watch_t *w, void *sub)
{
    /*  Resuming: the next heartbeat's sequence number shows what was
        missed, and s_catch_up fetches exactly that.  */
    uint64_t resume = s_state_read (w->state);
    if (resume && !w->once) {
        w->last_seq = resume;
        fprintf (stderr, "rapor-watch: resuming after broadcast %llu\n", (unsigned long long) resume);
    }
    /*  Subscribed already; now the snapshot, as the Clone pattern asks.  */
    int got = resume && !w->once ? 1 : s_fetch (w, 0, w->period);
    if (got < 0)
        return w->failure ? w->failure : EXIT_UNREACHABLE;
    if (got > 0 && w->once)
        return 0;
    if (got == 0)
        fprintf (stderr, "rapor-watch: nothing finalized%s%s yet; waiting for the broadcast\n",
                 w->period ? " for " : "", w->period ? w->period : "");
    uint32_t interval = DEFAULT_HEARTBEAT_MS;
    int64_t last_heard = clock_now_ms ();
    bool silent = false;
    while (!s_stop) {
        zmq_pollitem_t item = { sub, 0, ZMQ_POLLIN, 0 };
        int rc = zmq_poll (&item, 1, 200);
        if (rc < 0 && errno != EINTR)
            return EXIT_UNREACHABLE;
        if (rc <= 0) {
            if (!silent && clock_now_ms () - last_heard > 3 * (int64_t) interval) {
                fprintf (stderr, "rapor-watch: no heartbeat from the server for %lld ms; "
                         "still waiting\n", (long long) (clock_now_ms () - last_heard));
                silent = true;
            }
            continue;
        }
        broadcast_t b;
        if (!s_receive (sub, &b))
            continue;
        last_heard = clock_now_ms ();
        if (silent) {
            fprintf (stderr, "rapor-watch: the server is back\n");
            silent = false;
        }
        if (b.kind == BROADCAST_HEARTBEAT) {
            interval = b.interval_ms ? b.interval_ms : DEFAULT_HEARTBEAT_MS;
            if (b.seq > w->last_seq && !s_catch_up (w, b.seq))
                fprintf (stderr, "rapor-watch: could not fetch the missed rankings; "
                         "will try at the next heartbeat\n");
        }
        else
        if (b.seq > w->last_seq) {
            /*  Older ones first, so the screen ends on the newest. If they
                cannot be fetched, this one waits too: it is fetched by its
                number with them at the next heartbeat.  */
            if (b.seq > w->last_seq + 1 && !s_catch_up (w, b.seq - 1))
                fprintf (stderr, "rapor-watch: could not fetch the missed rankings; "
                         "will try again, with ranking %llu, at the next heartbeat\n",
                         (unsigned long long) b.seq);
            else
                s_show (w, b.ranking);
        }
        /*  Not newer than what we showed: the snapshot already had it.  */
        bool shown = b.kind == BROADCAST_RANKING && b.seq == w->last_seq;
        ranking_destroy (&b.ranking);
        if (w->once && shown)
            return 0;
    }
    return 0;
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rapor-watch [options]\n"
        "\n"
        "Shows each finalized rapor kinerja OPD ranking as the server announces it,\n"
        "starting with the latest one. Survives server restarts and fills any gap.\n"
        "\n"
        "  -s, --server ENDPOINT   request socket (env RAPOR_SERVER, default tcp://127.0.0.1:7700)\n"
        "  -b, --broadcast ENDPOINT  broadcast socket (env RAPOR_BROADCAST,\n"
        "                          default tcp://127.0.0.1:7701)\n"
        "  -p, --period PERIOD     only this quarter\n"
        "      --json              one JSON document per ranking, one per line\n"
        "      --once              exit after showing the latest finalized ranking\n"
        "      --state FILE        remember the last ranking shown; after a restart, show\n"
        "                          every ranking announced meanwhile\n"
        "  -t, --timeout MS        wait per request attempt (default 5000)\n"
        "  -k, --key FILE          this dashboard's secret key certificate (env RAPOR_KEY)\n"
        "  -K, --server-key KEY    the server's public key or certificate (env RAPOR_SERVER_KEY)\n"
        "      --insecure-plaintext-dev  no keys, no encryption: development only\n"
        "  -h, --help, -V, --version\n"
        "\n"
        "In the table, the OPDs that gain TPP are green and those that lose it red\n"
        "when the output is a terminal.\n"
        "Every ranking's digest is recomputed; one that does not match is announced on\n"
        "stderr (and \"digest_check\" in --json) and makes the exit status 1.\n"
        "Exit status: 0 done (or stopped with Ctrl-C), 1 a ranking did not match its digest,\n"
        "2 usage error, 3 server unreachable, 4 key refused or wrong server key, 5 the output\n"
        "could not be written.\n");
}

int
main (int argc, char **argv)
{
    static const struct option options[] = {
        { "server", required_argument, NULL, 's' },
        { "broadcast", required_argument, NULL, 'b' },
        { "period", required_argument, NULL, 'p' },
        { "json", no_argument, NULL, 'j' },
        { "once", no_argument, NULL, 'o' },
        { "state", required_argument, NULL, 'S' },
        { "timeout", required_argument, NULL, 't' },
        { "key", required_argument, NULL, 'k' },
        { "server-key", required_argument, NULL, 'K' },
        { "insecure-plaintext-dev", no_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    watch_t w = {
        .call = { getenv ("RAPOR_SERVER") ? getenv ("RAPOR_SERVER") : "tcp://127.0.0.1:7700",
                  5000, 3, stderr, NULL },
        .color = isatty (STDOUT_FILENO)
    };
    const char *broadcast = getenv ("RAPOR_BROADCAST") ? getenv ("RAPOR_BROADCAST")
                                                       : "tcp://127.0.0.1:7701";
    const char *key_file = NULL, *server_key = NULL;
    bool insecure = false;
    int c;
    while ((c = getopt_long (argc, argv, "s:b:p:t:k:K:hV", options, NULL)) != -1) {
        switch (c) {
            case 's': w.call.endpoint = optarg; break;
            case 'b': broadcast = optarg; break;
            case 'p': w.period = optarg; break;
            case 'j': w.json = true; break;
            case 'o': w.once = true; break;
            case 'S': w.state = optarg; break;
            case 'k': key_file = optarg; break;
            case 'K': server_key = optarg; break;
            case 'P': insecure = true; break;
            case 't': w.call.timeout_ms = atoi (optarg) >= 100 ? atoi (optarg) : 5000; break;
            case 'h': s_usage (stdout); return 0;
            case 'V': printf ("rapor-watch %s\n", RAPOR_VERSION); return 0;
            default:
                fprintf (stderr, "Try 'rapor-watch --help'.\n");
                return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf (stderr, "rapor-watch: unexpected '%s'; rapor-watch takes options only. "
                 "Try 'rapor-watch --help'.\n", argv[optind]);
        return EXIT_USAGE;
    }
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-watch", key_file, server_key, insecure))
        return EXIT_USAGE;
    w.call.curve = &curve;
    struct sigaction action;
    memset (&action, 0, sizeof action);
    action.sa_handler = s_on_signal;
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);

    void *ctx = zmq_ctx_new ();
    void *sub = ctx ? s_subscribe (ctx, broadcast, w.period, &curve) : NULL;
    if (!sub) {
        fprintf (stderr, "rapor-watch: cannot use broadcast address '%s': %s\n", broadcast,
                 zmq_strerror (zmq_errno ()));
        if (ctx)
            zmq_ctx_term (ctx);
        return EXIT_USAGE;
    }
    int rc = s_watch (&w, sub);
    if (w.broken)
        rc = EXIT_OUTPUT;
    zmq_close (sub);        /*  before zmq_ctx_term, which waits for open sockets  */
    zmq_ctx_term (ctx);
    return rc == 0 && w.altered ? EXIT_REJECTED : rc;
}
