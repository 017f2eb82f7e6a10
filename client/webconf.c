/*  webconf.c: the declarative settings table and its parsers, as
    rapord's config.c (which the server side owns).  */
#include "webconf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { KIND_STRING, KIND_INT } kind_t;

typedef struct {
    const char *name;
    kind_t kind;
    size_t offset;
    size_t size;            /*  strings: buffer size  */
    long min, max;          /*  ints: bounds  */
    const char *fallback;
    const char *help;
} setting_t;

#define STR(field, def, help) \
    { #field, KIND_STRING, offsetof (webconf_t, field), \
      sizeof (((webconf_t *) 0)->field), 0, 0, def, help }
#define INT(field, lo, hi, def, help) \
    { #field, KIND_INT, offsetof (webconf_t, field), 0, lo, hi, def, help }

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
#define SETTING_COUNT (sizeof s_settings / sizeof s_settings[0])

static const setting_t *
s_find (const char *name)
{
    char normal[64];
    size_t i;
    for (i = 0; name[i] && i < sizeof normal - 1; i++)
        normal[i] = name[i] == '-' ? '_' : name[i];
    normal[i] = '\0';
    for (size_t k = 0; k < SETTING_COUNT; k++)
        if (strcmp (s_settings[k].name, normal) == 0)
            return &s_settings[k];
    return NULL;
}

bool
webconf_set (webconf_t *self, const char *name, const char *value, char *err, size_t err_size)
{
    const setting_t *s = s_find (name);
    if (!s) {
        snprintf (err, err_size, "unknown setting '%s'", name);
        return false;
    }
    char *field = (char *) self + s->offset;
    if (s->kind == KIND_STRING) {
        if (strlen (value) >= s->size) {
            snprintf (err, err_size, "%s is too long (at most %zu bytes)", s->name, s->size - 1);
            return false;
        }
        memcpy (field, value, strlen (value) + 1);
        return true;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol (value, &end, 10);
    if (errno || end == value || *end || n < s->min || n > s->max) {
        snprintf (err, err_size, "%s must be a whole number from %ld to %ld, not '%s'",
                  s->name, s->min, s->max, value);
        return false;
    }
    *(int *) field = (int) n;
    return true;
}

void
webconf_defaults (webconf_t *self)
{
    memset (self, 0, sizeof *self);
    char err[128];
    for (size_t k = 0; k < SETTING_COUNT; k++) {
        bool ok = webconf_set (self, s_settings[k].name, s_settings[k].fallback, err, sizeof err);
        (void) ok;
    }
}

static char *
s_trim (char *s)
{
    while (isspace ((unsigned char) *s))
        s++;
    char *end = s + strlen (s);
    while (end > s && isspace ((unsigned char) end[-1]))
        *--end = '\0';
    return s;
}

bool
webconf_load_file (webconf_t *self, const char *path, char *err, size_t err_size)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        snprintf (err, err_size, "cannot read config file %s: %s", path, strerror (errno));
        return false;
    }
    char line[2048];
    int number = 0;
    bool ok = true;
    while (ok && fgets (line, sizeof line, file)) {
        number++;
        char *hash = strchr (line, '#');
        /*  A '#' inside a quoted value (a password, say) is not a comment.  */
        char *quote = strchr (line, '"');
        if (hash && !(quote && quote < hash))
            *hash = '\0';
        char *text = s_trim (line);
        if (!*text)
            continue;
        char *eq = strchr (text, '=');
        if (!eq) {
            snprintf (err, err_size, "%s:%d: expected 'name = value'", path, number);
            ok = false;
            break;
        }
        *eq = '\0';
        char *name = s_trim (text);
        char *value = s_trim (eq + 1);
        size_t len = strlen (value);
        if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
            value[len - 1] = '\0';
            value++;
        }
        char why[256];
        if (!webconf_set (self, name, value, why, sizeof why)) {
            snprintf (err, err_size, "%s:%d: %s", path, number, why);
            ok = false;
        }
    }
    fclose (file);
    return ok;
}

void
webconf_print_help (FILE *out)
{
    for (size_t k = 0; k < SETTING_COUNT; k++) {
        char flag[64];
        snprintf (flag, sizeof flag, "--%s", s_settings[k].name);
        for (char *p = flag + 2; *p; p++)
            if (*p == '_')
                *p = '-';
        fprintf (out, "  %-22s %s (default: \"%s\")\n", flag, s_settings[k].help,
                 s_settings[k].fallback);
    }
}
