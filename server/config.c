/*  config.c: the declarative settings table and its parsers.  */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifndef RAPOR_SYSCONFDIR
#define RAPOR_SYSCONFDIR "/etc"
#endif

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
    { #field, KIND_STRING, offsetof (config_t, field), \
      sizeof (((config_t *) 0)->field), 0, 0, def, help }
#define INT(field, lo, hi, def, help) \
    { #field, KIND_INT, offsetof (config_t, field), 0, lo, hi, def, help }

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
config_set (config_t *self, const char *name, const char *value, char *err, size_t err_size)
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
config_defaults (config_t *self)
{
    memset (self, 0, sizeof *self);
    char err[128];
    for (size_t k = 0; k < SETTING_COUNT; k++) {
        bool ok = config_set (self, s_settings[k].name, s_settings[k].fallback, err, sizeof err);
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
config_load_file (config_t *self, const char *path, char *err, size_t err_size)
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
        if (!config_set (self, name, value, why, sizeof why)) {
            snprintf (err, err_size, "%s:%d: %s", path, number, why);
            ok = false;
        }
    }
    fclose (file);
    return ok;
}

void
config_print_help (FILE *out)
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
