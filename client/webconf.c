/*  webconf.c: rapor-web's settings table; common/settings.c parses, as
    for rapord's config.c.  */
#include "webconf.h"
#include "settings.h"

#include <string.h>

#define STR(field, def, help) SETTING_STR (webconf_t, field, def, help)
#define INT(field, lo, hi, def, help) SETTING_INT (webconf_t, field, lo, hi, def, help)

static const setting_t s_settings[] = {
    STR (listen, "127.0.0.1:8080", "HTTP address HOST:PORT the hall screen listens on; anyone "
                                  "who can reach it may step the ceremony (docs/WEB.md)"),
    STR (server, "tcp://127.0.0.1:7700", "rapord's request socket, for snapshots"),
    STR (broadcast, "tcp://127.0.0.1:7701", "rapord's broadcast socket"),
    STR (key, "", "this screen's secret key certificate (a dashboard key; env RAPOR_KEY)"),
    STR (server_key, "", "the server's public key or certificate (env RAPOR_SERVER_KEY)"),
    STR (state, "", "file remembering the last ranking and the ceremony's position"),
    INT (timeout_ms, 100, 600000, "5000", "wait per request attempt to rapord"),
    STR (log_level, "info", "error, warn, info or debug"),
    INT (max_connections, 1, 10000, "256",
         "HTTP connections at once (every open page keeps one for its events)"),
    INT (per_ip_connections, 1, 10000, "64", "HTTP connections at once from one address"),
    INT (connection_timeout_s, 5, 3600, "60", "an idle HTTP connection is closed after this"),
    INT (insecure_plaintext_dev, 0, 1, "0", "1: no keys, no encryption; development only"),
};

static const settings_t s_table = { s_settings, sizeof s_settings / sizeof s_settings[0] };

void
webconf_defaults (webconf_t *self)
{
    memset (self, 0, sizeof *self);
    settings_defaults (&s_table, self);
}

bool
webconf_set (webconf_t *self, const char *name, const char *value, char *err, size_t err_size)
{
    return settings_set (&s_table, self, name, value, err, err_size);
}

bool
webconf_load_file (webconf_t *self, const char *path, char *err, size_t err_size)
{
    return settings_load_file (&s_table, self, path, err, err_size);
}

void
webconf_print_help (FILE *out)
{
    settings_print_help (&s_table, out);
}
