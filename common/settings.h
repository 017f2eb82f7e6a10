/*  settings.h: a program's settings as one declarative table (Redis's
    config table): name, kind, where the value lives in the program's own
    struct, bounds, default and help. From the table come the defaults,
    "name = value" files, --name flags and --help, so they always agree.
    rapord (server/config.c) and rapor-web (client/webconf.c) each own a
    table and a struct; this module is the engine they share.  */
#ifndef RAPOR_SETTINGS_H
#define RAPOR_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { SETTING_STRING, SETTING_INT } setting_kind_t;

typedef struct {
    const char *name;           /*  with underscores; flags may use dashes  */
    setting_kind_t kind;
    size_t offset;              /*  of the field in the program's struct  */
    size_t size;                /*  strings: the field's buffer size  */
    long min, max;              /*  ints: bounds  */
    const char *fallback;       /*  the default, as text  */
    const char *help;
} setting_t;

/*  Table rows for a char[] field and an int field of struct TYPE.  */
#define SETTING_STR(type, field, def, help) \
    { #field, SETTING_STRING, offsetof (type, field), \
      sizeof (((type *) 0)->field), 0, 0, def, help }
#define SETTING_INT(type, field, lo, hi, def, help) \
    { #field, SETTING_INT, offsetof (type, field), 0, lo, hi, def, help }

/*  A table and the struct it fills.  */
typedef struct {
    const setting_t *rows;
    size_t count;
} settings_t;

/*  Every setting to its default.  */
void settings_defaults (const settings_t *table, void *target);

/*  Sets one setting by name ("db_timeout_ms" or "db-timeout-ms"). False
    with a sentence in err if the name or the value is bad.  */
bool settings_set (const settings_t *table, void *target, const char *name, const char *value,
                   char *err, size_t err_size);

/*  Reads "name = value" lines; '#' starts a comment (not inside a quoted
    value); a value may be "quoted". False with "path:line: why" in err.  */
bool settings_load_file (const settings_t *table, void *target, const char *path, char *err,
                         size_t err_size);

/*  One line per setting, for --help.  */
void settings_print_help (const settings_t *table, FILE *out);

/*  Reads the flag at argv[*i], as "--name=value" or "--name value" (then
    *i moves past the value), into name and *value. False if argv[*i] is
    not such a flag.  */
bool settings_flag (int argc, char **argv, int *i, char *name, size_t name_size,
                    const char **value);

#endif
