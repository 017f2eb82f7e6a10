/*  rapor-web: the hall screen. Subscribes to the ranking broadcasts as
    rapor-watch does (feed.c) and serves what it holds over HTTP (hall.c):
    the latest finalized ranking, the ceremony, each OPD's card, and the
    period's status before finalization. docs/WEB.md says what it serves.  */
#include "board.h"
#include "i18n.h"
#include "feed.h"
#include "hall.h"
#include "log.h"
#include "submit.h"
#include "settings.h"
#include "webconf.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define EXIT_CANNOT_START 1

static volatile sig_atomic_t s_stop = 0;

static void
s_on_signal (int sig)
{
    (void) sig;
    s_stop = 1;
}

typedef struct {
    board_t *board;
    feed_t *feed;
} web_t;

static bool
s_on_ranking (void *arg, ranking_t **ranking_p, const char *check)
{
    web_t *w = arg;
    board_ranking (w->board, ranking_p, check, true);
    return true;
}

static void
s_on_status (void *arg, const period_status_t *status)
{
    web_t *w = arg;
    board_status (w->board, status);
}

static void
s_on_state (void *arg, FILE *file)
{
    web_t *w = arg;
    board_state_write (w->board, file);
}

/*  The earlier quarters an OPD's trend needs, two requests at a time so
    that broadcasts never wait long behind them.  */
static void
s_on_tick (void *arg)
{
    web_t *w = arg;
    char periods[2][8];
    size_t n = board_trend_wanted (w->board, periods, 2);
    for (size_t i = 0; i < n; i++) {
        ranking_t *r = NULL;
        const char *check = "missing";
        if (feed_fetch (w->feed, periods[i], &r, &check) == 1)
            board_ranking (w->board, &r, check, false);
        ranking_destroy (&r);
    }
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        _("Usage: rapor-web [--config FILE] [--SETTING VALUE]...\n"
        "\n"
        "The hall screen: shows the latest finalized rapor kinerja OPD ranking in a web\n"
        "browser (http://127.0.0.1:8080/ by default), live as rapord announces it, with a\n"
        "ceremony mode (/upacara), one page per OPD (/opd/CODE) and the period's status\n"
        "before finalization. Read-only; see docs/WEB.md.\n"
        "\n"
        "  --config FILE          read settings from FILE first (see deploy/rapor-web.conf)\n"
        "  -h, --help             show this help\n"
        "  -V, --version          show the version\n"
        "\n"
        "Settings (flags override the file):\n"));
    webconf_print_help (out);
    fprintf (out,
        _("\n"
        "Exit status: 0 after a clean stop (SIGTERM, Ctrl-C), 1 if it cannot start (the\n"
        "port is taken, say), 2 on usage errors, 4 if the server refused this screen's key\n"
        "or the server key is wrong.\n"));
}

/*  Settings: defaults, then --config FILE wherever it appears, then flags.
    Returns -1 to go on, or an exit status.  */
static int
s_settings (webconf_t *conf, int argc, char **argv)
{
    char err[512];
    webconf_defaults (conf);
    for (int i = 1; i < argc; i++) {
        const char *path = NULL;
        if (strcmp (argv[i], "--config") == 0 && i + 1 < argc)
            path = argv[i + 1];
        else
        if (strncmp (argv[i], "--config=", 9) == 0)
            path = argv[i] + 9;
        if (path && !webconf_load_file (conf, path, err, sizeof err)) {
            fprintf (stderr, "rapor-web: %s\n", err);
            return EXIT_USAGE;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0) {
            s_usage (stdout);
            return 0;
        }
        if (strcmp (arg, "-V") == 0 || strcmp (arg, "--version") == 0) {
            printf ("rapor-web %s\n", RAPOR_VERSION);
            return 0;
        }
        char name[64];
        const char *value = NULL;
        if (strcmp (arg, "--insecure-plaintext-dev") == 0) {
            snprintf (name, sizeof name, "insecure_plaintext_dev");
            value = "1";
        }
        else
        if (!settings_flag (argc, argv, &i, name, sizeof name, &value)) {
            fprintf (stderr, _("rapor-web: unexpected argument '%s'; see rapor-web --help\n"), arg);
            return EXIT_USAGE;
        }
        if (strcmp (name, "config") == 0)
            continue;
        if (!webconf_set (conf, name, value, err, sizeof err)) {
            fprintf (stderr, _("rapor-web: %s; see rapor-web --help\n"), err);
            return EXIT_USAGE;
        }
    }
    log_level_t level;
    if (!log_level_parse (conf->log_level, &level)) {
        fprintf (stderr, _("rapor-web: log_level must be error, warn, info or debug\n"));
        return EXIT_USAGE;
    }
    log_set_level (level);
    return -1;
}

int
main (int argc, char **argv)
{
    i18n_init ();
    static webconf_t conf;
    int done = s_settings (&conf, argc, argv);
    if (done >= 0)
        return done;
    static curve_t curve;
    if (!keys_setup (&curve, "rapor-web", conf.key[0] ? conf.key : NULL,
                     conf.server_key[0] ? conf.server_key : NULL, conf.insecure_plaintext_dev))
        return EXIT_USAGE;

    struct sigaction action;
    memset (&action, 0, sizeof action);
    action.sa_handler = s_on_signal;
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    signal (SIGPIPE, SIG_IGN);

    web_t w = { board_new (), NULL };
    if (!w.board)
        return EXIT_CANNOT_START;
    const char *state = conf.state[0] ? conf.state : NULL;
    board_state_load (w.board, state);
    feed_options_t o = {
        .tool = "rapor-web",
        .call = { conf.server, conf.timeout_ms, 3, NULL, &curve },
        .broadcast = conf.broadcast,
        .state = state,
        .always_snapshot = true,
        .keep_trying = true,
        .use_log = true
    };
    feed_handler_t handler = { s_on_ranking, s_on_status, s_on_state, s_on_tick, &w };
    void *ctx = zmq_ctx_new ();
    w.feed = ctx ? feed_new (&o, &handler, ctx) : NULL;
    if (!w.feed) {
        log_error ("rapor-web cannot use broadcast address '%s': %s", conf.broadcast,
                   zmq_strerror (zmq_errno ()));
        if (ctx)
            zmq_ctx_term (ctx);
        board_destroy (&w.board);
        return EXIT_USAGE;
    }
    hall_options_t ho = { conf.listen, (unsigned) conf.max_connections,
                          (unsigned) conf.per_ip_connections,
                          (unsigned) conf.connection_timeout_s };
    char err[512];
    hall_t *hall = hall_new (&ho, w.board, w.feed, err, sizeof err);
    int rc = EXIT_CANNOT_START;
    if (!hall)
        log_error ("rapor-web cannot start: %s", err);
    else {
        log_info ("rapor-web %s listening url=%s server=%s broadcast=%s", RAPOR_VERSION,
                  hall_url (hall), conf.server, conf.broadcast);
        rc = feed_run (w.feed, &s_stop);
        if (rc == EXIT_NOT_TRUSTED)
            log_error ("rapor-web stops: the server at %s refused this screen's key, or the "
                       "server key given is not that server's. Ask the inspectorate to "
                       "register a dashboard key (rapor-admin key add)", conf.server);
        else
        if (rc != 0)
            log_error ("rapor-web stops: the first snapshot failed (exit status %d)", rc);
    }
    board_close (w.board);      /*  /events readers return, so the HTTP threads can end  */
    hall_destroy (&hall);
    feed_destroy (&w.feed);
    zmq_ctx_term (ctx);
    board_destroy (&w.board);
    log_info ("rapor-web stopped");
    return rc;
}
