/*  config.c: rapord's settings table; common/settings.c parses.  */
#include "config.h"
#include "settings.h"

#include <string.h>

#ifndef RAPOR_SYSCONFDIR
#define RAPOR_SYSCONFDIR "/etc"
#endif

#define STR(field, def, help) SETTING_STR (config_t, field, def, help)
#define INT(field, lo, hi, def, help) SETTING_INT (config_t, field, lo, hi, def, help)

static const setting_t s_settings[] = {
    STR (endpoint, "tcp://*:7700", "ZeroMQ endpoint the request socket binds"),
    STR (database, "", "libpq conninfo (\"host=/run/postgresql dbname=rapor\"); "
                       "empty uses the PG* environment variables"),
    INT (db_timeout_ms, 100, 600000, "5000",
         "longest wait for one database step before answering 'unavailable'"),
    INT (max_message_bytes, 1024, 1048576, "65536",
         "largest request accepted; larger ones get message_too_large"),
    STR (log_level, "info", "error, warn, info or debug"),
    STR (pub_endpoint, "tcp://*:7701", "ZeroMQ endpoint the ranking broadcast (PUB) socket binds"),
    INT (heartbeat_ms, 100, 60000, "2000", "interval between heartbeats on the broadcast socket"),
    STR (curve_secret_file, RAPOR_SYSCONFDIR "/rapor/server.key_secret",
         "the server's CURVE secret certificate (rapor-admin keygen writes one)"),
    INT (insecure_plaintext_dev, 0, 1, "0",
         "1: NO ENCRYPTION, NO KEYS, identities as claimed; for development only"),
    INT (zap, 0, 1, "1", "0 disables the ZAP handler; only to test that rapord then refuses all"),
    INT (key_requests_per_second, 0, 1000000, "200",
         "requests one key may make per second before it is told to slow down (0: no limit)"),
    INT (refusal_summary_seconds, 1, 3600, "60",
         "refused connections and requests are counted and written to the audit log as one "
         "row per source (or key) and reason per this many seconds"),
    STR (endpoint_file, "", "write the bound endpoints (request, then broadcast) to this file"),
    INT (batch_wait_us, 0, 100000, "2000",
         "longest a group commit waits, after its first submission, for the clients busy "
         "submitting (0: never waits)"),
    INT (database_wait_seconds, -1, 86400, "-1",
         "at start, how long to wait for an unreachable database, retrying with a logged "
         "back-off (-1: for ever, 0: exit at once)"),
};

static const settings_t s_table = { s_settings, sizeof s_settings / sizeof s_settings[0] };

void
config_defaults (config_t *self)
{
    memset (self, 0, sizeof *self);
    settings_defaults (&s_table, self);
}

bool
config_set (config_t *self, const char *name, const char *value, char *err, size_t err_size)
{
    return settings_set (&s_table, self, name, value, err, err_size);
}

bool
config_load_file (config_t *self, const char *path, char *err, size_t err_size)
{
    return settings_load_file (&s_table, self, path, err, err_size);
}

void
config_print_help (FILE *out)
{
    settings_print_help (&s_table, out);
}
