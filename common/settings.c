/*  settings.c: see settings.h.  */
#include "settings.h"
#include "i18n.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const setting_t *
s_find (const settings_t *table, const char *name)
{
    char normal[64];
    size_t i;
    for (i = 0; name[i] && i < sizeof normal - 1; i++)
        normal[i] = name[i] == '-' ? '_' : name[i];
    normal[i] = '\0';
    for (size_t k = 0; k < table->count; k++)
        if (strcmp (table->rows[k].name, normal) == 0)
            return &table->rows[k];
    return NULL;
}

bool
settings_set (const settings_t *table, void *target, const char *name, const char *value,
              char *err, size_t err_size)
{
    const setting_t *s = s_find (table, name);
    if (!s) {
        snprintf (err, err_size, _("unknown setting '%s'"), name);
        return false;
    }
    char *field = (char *) target + s->offset;
    if (s->kind == SETTING_STRING) {
        if (strlen (value) >= s->size) {
            snprintf (err, err_size, _("%s is too long (at most %zu bytes)"), s->name, s->size - 1);
            return false;
        }
        memcpy (field, value, strlen (value) + 1);
        return true;
    }
    char *end = NULL;
    errno = 0;
    long n = strtol (value, &end, 10);
    if (errno || end == value || *end || n < s->min || n > s->max) {
        snprintf (err, err_size, _("%s must be a whole number from %ld to %ld, not '%s'"),
                  s->name, s->min, s->max, value);
        return false;
    }
    *(int *) field = (int) n;
    return true;
}

void
settings_defaults (const settings_t *table, void *target)
{
    char err[128];
    for (size_t k = 0; k < table->count; k++) {
        /*  The table's own defaults are within its bounds.  */
        bool ok = settings_set (table, target, table->rows[k].name, table->rows[k].fallback,
                                err, sizeof err);
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
settings_load_file (const settings_t *table, void *target, const char *path, char *err,
                    size_t err_size)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        snprintf (err, err_size, _("cannot read config file %s: %s"), path, strerror (errno));
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
            snprintf (err, err_size, _("%s:%d: expected 'name = value'"), path, number);
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
        if (!settings_set (table, target, name, value, why, sizeof why)) {
            snprintf (err, err_size, "%s:%d: %s", path, number, why);
            ok = false;
        }
    }
    fclose (file);
    return ok;
}

void
settings_print_help (const settings_t *table, FILE *out)
{
    for (size_t k = 0; k < table->count; k++) {
        char flag[64];
        snprintf (flag, sizeof flag, "--%s", table->rows[k].name);
        for (char *p = flag + 2; *p; p++)
            if (*p == '_')
                *p = '-';
        fprintf (out, "  %-22s %s (default: \"%s\")\n", flag, table->rows[k].help,
                 table->rows[k].fallback);
    }
}

bool
settings_flag (int argc, char **argv, int *i, char *name, size_t name_size, const char **value)
{
    const char *arg = argv[*i];
    const char *eq = strchr (arg, '=');
    if (strncmp (arg, "--", 2) == 0 && eq && (size_t) (eq - arg) < name_size) {
        snprintf (name, name_size, "%.*s", (int) (eq - arg - 2), arg + 2);
        *value = eq + 1;
        return true;
    }
    if (strncmp (arg, "--", 2) == 0 && !eq && *i + 1 < argc) {
        snprintf (name, name_size, "%s", arg + 2);
        *value = argv[++*i];
        return true;
    }
    return false;
}
