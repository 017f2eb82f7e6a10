/*  rapor-watch: the dashboard. Shows every finalized ranking, live.

    The subscription (snapshot, broadcasts, gaps, the state file) is
    feed.c's; this file prints what it hands over.  */
#include "feed.h"
#include "i18n.h"
#include "outfile.h"
#include "period.h"
#include "report.h"
#include "submit.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#define EXIT_OUTPUT 5       /*  stdout could not be written  */

static volatile sig_atomic_t s_stop = 0;

static void
s_on_signal (int sig)
{
    (void) sig;
    s_stop = 1;
}

typedef struct {
    bool json;
    bool color;
    bool broken;            /*  stdout failed: a dashboard showing nothing must stop  */
} watch_t;

/*  Shows a ranking; false if the output could not be written (it is then
    not held, and the watcher stops).  */
static bool
s_show (void *arg, ranking_t **ranking_p, const char *check)
{
    watch_t *w = arg;
    const ranking_t *r = *ranking_p;
    if (w->json)
        report_json_checked (r, check, stdout);
    else {
        if (strcmp (check, "ok") != 0)
            printf (_("!!! DIGEST %s: this ranking is not the one finalized; do not act on it !!!\n"),
                    strcmp (check, "missing") == 0 ? _("MISSING") : _("MISMATCH"));
        report_table (r, stdout, w->color);
    }
    char why[256];
    if (!outfile_check (stdout, why, sizeof why)) {
        fprintf (stderr, _("rapor-watch: cannot write the output: %s\n"), why);
        w->broken = true;
        return false;
    }
    return true;
}

/*  --wait-seconds N: 0 to 31536000 (a year), into milliseconds.  */
static bool
s_seconds (const char *text, long *ms)
{
    char *end = NULL;
    long n = strtol (text, &end, 10);
    if (end == text || *end != '\0' || n < 0 || n > 31536000) {
        fprintf (stderr, _("rapor-watch: --wait-seconds '%s' is not a number of seconds "
                 "from 0 (wait for ever) to 31536000\n"), text);
        return false;
    }
    *ms = n * 1000;
    return true;
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        _("Usage: rapor-watch [options]\n"
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
        "  -t, --timeout MS        first attempt's wait; retries wait twice as long (default 5000)\n"
        "      --wait-seconds N    a server that does not answer at start is waited for,\n"
        "                          asking again after 1, 2, 4 ... 60 s; give up (exit 3)\n"
        "                          after N s (default 0: wait for ever)\n"
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
        "could not be written.\n"));
}

int
main (int argc, char **argv)
{
    i18n_init ();
    static const struct option options[] = {
        { "server", required_argument, NULL, 's' },
        { "broadcast", required_argument, NULL, 'b' },
        { "period", required_argument, NULL, 'p' },
        { "json", no_argument, NULL, 'j' },
        { "once", no_argument, NULL, 'o' },
        { "state", required_argument, NULL, 'S' },
        { "timeout", required_argument, NULL, 't' },
        { "wait-seconds", required_argument, NULL, 'w' },
        { "key", required_argument, NULL, 'k' },
        { "server-key", required_argument, NULL, 'K' },
        { "insecure-plaintext-dev", no_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    watch_t w = { .color = isatty (STDOUT_FILENO) };
    feed_options_t o = {
        .tool = "rapor-watch",
        .call = { getenv ("RAPOR_SERVER") ? getenv ("RAPOR_SERVER") : "tcp://127.0.0.1:7700",
                  5000, 3, stderr, NULL },
        .broadcast = getenv ("RAPOR_BROADCAST") ? getenv ("RAPOR_BROADCAST")
                                                : "tcp://127.0.0.1:7701",
        .keep_trying = true
    };
    const char *key_file = NULL, *server_key = NULL;
    bool insecure = false;
    int c;
    while ((c = getopt_long (argc, argv, "s:b:p:t:k:K:hV", options, NULL)) != -1) {
        switch (c) {
            case 's': o.call.endpoint = optarg; break;
            case 'b': o.broadcast = optarg; break;
            case 'p': o.period = optarg; break;
            case 'j': w.json = true; break;
            case 'o': o.once = true; break;
            case 'S': o.state = optarg; break;
            case 'k': key_file = optarg; break;
            case 'K': server_key = optarg; break;
            case 'P': insecure = true; break;
            case 'w':
                if (!s_seconds (optarg, &o.give_up_ms))
                    return EXIT_USAGE;
                break;
            case 't': o.call.timeout_ms = atoi (optarg) >= 100 ? atoi (optarg) : 5000; break;
            case 'h': s_usage (stdout); return 0;
            case 'V': printf (_("rapor-watch %s\n"), RAPOR_VERSION); return 0;
            default:
                fprintf (stderr, _("Try 'rapor-watch --help'.\n"));
                return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf (stderr, _("rapor-watch: unexpected '%s'; rapor-watch takes options only. "
                 "Try 'rapor-watch --help'.\n"), argv[optind]);
        return EXIT_USAGE;
    }
    /*  Checked here: the server would refuse "2026q4" only after a wait
        that looks like an unreachable server.  */
    period_t parsed;
    if (o.period && !period_parse (o.period, strlen (o.period), &parsed)) {
        fprintf (stderr, _("rapor-watch: --period '%s' is not a quarter; write it as YYYY-Qn, "
                 "like 2026-Q4\n"), o.period);
        return EXIT_USAGE;
    }
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-watch", key_file, server_key, insecure))
        return EXIT_USAGE;
    o.call.curve = &curve;
    struct sigaction action;
    memset (&action, 0, sizeof action);
    action.sa_handler = s_on_signal;
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);

    feed_handler_t handler = { .ranking = s_show, .arg = &w };
    void *ctx = zmq_ctx_new ();
    feed_t *feed = ctx ? feed_new (&o, &handler, ctx) : NULL;
    if (!feed) {
        fprintf (stderr, _("rapor-watch: cannot use broadcast address '%s': %s; write it as "
                 "tcp://HOST:PORT, like tcp://127.0.0.1:7701\n"), o.broadcast,
                 zmq_strerror (zmq_errno ()));
        if (ctx)
            zmq_ctx_term (ctx);
        return EXIT_USAGE;
    }
    int rc = feed_run (feed, &s_stop);
    if (w.broken)
        rc = EXIT_OUTPUT;
    bool altered = feed_altered (feed);
    feed_destroy (&feed);   /*  before zmq_ctx_term, which waits for open sockets  */
    zmq_ctx_term (ctx);
    return rc == 0 && altered ? EXIT_REJECTED : rc;
}
