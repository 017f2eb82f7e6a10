/*  rapord: the Rapor scoring server. Loads settings, runs the server,
    and stops cleanly on SIGTERM or SIGINT.  */
#include "config.h"
#include "log.h"
#include "server.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: rapord [--config FILE] [--SETTING VALUE]...\n"
        "\n"
        "The Rapor scoring server: receives OPD score submissions over ZeroMQ,\n"
        "validates them and stores them in PostgreSQL.\n"
        "\n"
        "  --config FILE          read settings from FILE first (see deploy/rapord.conf)\n"
        "  -h, --help             show this help\n"
        "  -V, --version          show the version\n"
        "\n"
        "Settings (flags override the file):\n");
    config_print_help (out);
    fprintf (out,
        "\n"
        "The database may also be chosen with PGHOST, PGPORT, PGDATABASE, PGUSER.\n"
        "Exit status: 0 after a clean stop, 1 if it cannot start, 2 on usage errors.\n");
}

static void
s_on_signal (int sig)
{
    (void) sig;
    server_stop ();
}

int
main (int argc, char **argv)
{
    config_t config;
    config_defaults (&config);
    char err[512];

    /*  The config file is read first wherever --config appears, so that
        flags always win over it.  */
    for (int i = 1; i < argc; i++) {
        const char *path = NULL;
        if (strcmp (argv[i], "--config") == 0 && i + 1 < argc)
            path = argv[i + 1];
        else
        if (strncmp (argv[i], "--config=", 9) == 0)
            path = argv[i] + 9;
        if (path && !config_load_file (&config, path, err, sizeof err)) {
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
        /*  Both "--name value" and "--name=value".  */
        char name[64];
        const char *value = NULL;
        const char *eq = strchr (arg, '=');
        if (strncmp (arg, "--", 2) == 0 && eq && eq - arg < (long) sizeof name) {
            snprintf (name, sizeof name, "%.*s", (int) (eq - arg - 2), arg + 2);
            value = eq + 1;
        }
        else
        if (strncmp (arg, "--", 2) == 0 && i + 1 < argc) {
            snprintf (name, sizeof name, "%s", arg + 2);
            value = argv[++i];
        }
        else {
            fprintf (stderr, "rapord: unexpected argument '%s'; see rapord --help\n", arg);
            return 2;
        }
        if (strcmp (name, "config") == 0)
            continue;
        if (!config_set (&config, name, value, err, sizeof err)) {
            fprintf (stderr, "rapord: %s; see rapord --help\n", err);
            return 2;
        }
    }
    log_level_t level;
    if (!log_level_parse (config.log_level, &level)) {
        fprintf (stderr, "rapord: log_level must be error, warn, info or debug\n");
        return 2;
    }
    log_set_level (level);

    struct sigaction action;
    memset (&action, 0, sizeof action);
    action.sa_handler = s_on_signal;    /*  no SA_RESTART: zmq_poll must wake  */
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    signal (SIGPIPE, SIG_IGN);

    server_t *server = server_new (&config, err, sizeof err);
    if (!server) {
        log_error ("rapord cannot start: %s", err);
        return 1;
    }
    int rc = server_run (server);
    server_destroy (&server);
    log_info ("rapord stopped");
    return rc == 0 ? 0 : 1;
}
