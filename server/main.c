/*  rapord: the Rapor scoring server. Loads settings, runs the server,
    and stops cleanly on SIGTERM or SIGINT.  */
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "server.h"

#include "service.h"
#include "settings.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef RAPOR_SYSCONFDIR
#define RAPOR_SYSCONFDIR "/etc"
#endif
/*  Read when no --config is given, if it exists: where the Debian package
    and the systemd unit keep it.  */
#define DEFAULT_CONFIG RAPOR_SYSCONFDIR "/rapor/rapord.conf"
#define WAIT_MAX_S 30           /*  the back-off's longest pause  */

static volatile sig_atomic_t s_stopping = 0;

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rapord [--config FILE] [--SETTING VALUE]...\n"
        "\n"
        "The Rapor scoring server: receives OPD score submissions over ZeroMQ,\n"
        "validates them and stores them in PostgreSQL.\n"
        "\n"
        "  --config FILE          read settings from FILE first (see deploy/rapord.conf);\n"
        "                         without it, " DEFAULT_CONFIG " is read if it exists\n"
        "  --no-config            read no config file at all\n"
        "  -h, --help             show this help\n"
        "  -V, --version          show the version\n"
        "\n"
        "Settings (flags override the file):\n");
    config_print_help (out);
    fprintf (out,
        _("\n"
        "The database may also be chosen with PGHOST, PGPORT, PGDATABASE, PGUSER.\n"
        "Exit status: 0 after a clean stop, 1 if it cannot start, 2 on usage errors.\n"));
}

static void
s_on_signal (int sig)
{
    (void) sig;
    s_stopping = 1;
    server_stop ();
}

/*  server_new, retried while the database cannot be reached (it may start
    after rapord, at boot), with a back-off of 1, 2, 4 ... 30 s, each
    attempt logged, for up to database_wait_seconds (-1: for ever). NULL
    after any other failure, a SIGTERM, or the wait's end.  */
static server_t *
s_start (const config_t *config, char *err, size_t err_size)
{
    time_t give_up = time (NULL) + config->database_wait_seconds;
    unsigned pause = 1;
    for (int attempt = 1;; attempt++) {
        bool unreachable = false;
        server_t *server = server_new (config, &unreachable, err, err_size);
        if (server || !unreachable || s_stopping || config->database_wait_seconds == 0)
            return server;
        if (config->database_wait_seconds > 0 && time (NULL) + (time_t) pause > give_up) {
            log_error ("gave up waiting for the database after %d s", config->database_wait_seconds);
            return NULL;
        }
        log_warn ("waiting for the database attempt=%d retry_in_s=%u: %s", attempt, pause, err);
        char status[600];
        snprintf (status, sizeof status, "waiting for the database (attempt %d): %s", attempt,
                  err);
        service_status (status);
        sleep (pause);          /*  a SIGTERM ends it early (no SA_RESTART)  */
        if (s_stopping)
            return NULL;
        pause = pause * 2 > WAIT_MAX_S ? WAIT_MAX_S : pause * 2;
    }
}

int
main (int argc, char **argv)
{
    i18n_init ();
    config_t config;
    config_defaults (&config);
    char err[512];

    /*  The config file is read first wherever --config appears, so that
        flags always win over it.  */
    bool explicit = false;
    for (int i = 1; i < argc; i++) {
        const char *path = NULL;
        if (strcmp (argv[i], "--config") == 0 && i + 1 < argc)
            path = argv[i + 1];
        else
        if (strncmp (argv[i], "--config=", 9) == 0)
            path = argv[i] + 9;
        explicit = explicit || path || strcmp (argv[i], "--no-config") == 0;
        if (path && !config_load_file (&config, path, err, sizeof err)) {
            fprintf (stderr, "rapord: %s\n", err);
            return 2;
        }
    }
    const char *config_file = NULL;
    bool asks_help = false;
    for (int i = 1; i < argc; i++)
        asks_help = asks_help || strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0
                 || strcmp (argv[i], "-V") == 0 || strcmp (argv[i], "--version") == 0;
    if (!explicit && !asks_help && access (DEFAULT_CONFIG, F_OK) == 0) {
        config_file = DEFAULT_CONFIG;
        if (!config_load_file (&config, DEFAULT_CONFIG, err, sizeof err)) {
            fprintf (stderr, "rapord: %s\n", err);
            return 2;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0) {
            s_usage (stdout);
            return 0;
        }
        if (strcmp (arg, "-V") == 0 || strcmp (arg, "--version") == 0) {
            printf ("rapord %s\n", RAPOR_VERSION);
            return 0;
        }
        if (strcmp (arg, "--no-config") == 0)
            continue;
        /*  Both "--name value" and "--name=value".  */
        char name[64];
        const char *value = NULL;
        if (!settings_flag (argc, argv, &i, name, sizeof name, &value)) {
            fprintf (stderr, _("rapord: unexpected argument '%s'; see rapord --help\n"), arg);
            return 2;
        }
        if (strcmp (name, "config") == 0)
            continue;
        if (!config_set (&config, name, value, err, sizeof err)) {
            fprintf (stderr, _("rapord: %s; see rapord --help\n"), err);
            return 2;
        }
    }
    log_level_t level;
    if (!log_level_parse (config.log_level, &level)) {
        fprintf (stderr, _("rapord: log_level must be error, warn, info or debug\n"));
        return 2;
    }
    log_set_level (level);

    struct sigaction action;
    memset (&action, 0, sizeof action);
    action.sa_handler = s_on_signal;    /*  no SA_RESTART: zmq_poll must wake  */
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    signal (SIGPIPE, SIG_IGN);

    if (config_file)
        log_info ("settings read from %s", config_file);
    server_t *server = s_start (&config, err, sizeof err);
    if (!server && s_stopping)
        return 0;
    if (!server) {
        log_error ("rapord cannot start: %s", err);
        return 1;
    }
    int rc = server_run (server);
    server_destroy (&server);
    log_info ("rapord stopped");
    return rc == 0 ? 0 : 1;
}
