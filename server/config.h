/*  config.h: rapord's settings, from defaults, then a file, then flags.

    Every setting is one row of the table in config.c (name, default, help),
    so the sample file deploy/rapord.conf, --help and the parser agree.  */
#ifndef RAPOR_CONFIG_H
#define RAPOR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char endpoint[256];         /*  ROUTER bind address  */
    char database[1024];        /*  libpq conninfo; empty: PG* variables  */
    int db_timeout_ms;          /*  one database step may take this long  */
    int max_message_bytes;      /*  larger requests get message_too_large  */
    char log_level[16];
    char endpoint_file[1024];   /*  if set, the bound endpoints are written here  */
    char pub_endpoint[256];     /*  PUB bind address for ranking broadcasts  */
    int heartbeat_ms;           /*  interval between heartbeats on the PUB socket  */
    char curve_secret_file[1024];   /*  the server's secret certificate  */
    int insecure_plaintext_dev; /*  1: no CURVE, identities as claimed (development only)  */
    int zap;                    /*  0: no ZAP handler (only to test that rapord fails closed)  */
    int key_requests_per_second;    /*  per-key budget; 0 = unlimited  */
    int refusal_summary_seconds;    /*  refusals are written as one row per group per this  */
    int batch_wait_us;          /*  a group commit waits at most this long for busy clients  */
    int database_wait_seconds;  /*  at start: -1 waits for the database for ever, 0 not at all  */
} config_t;

void config_defaults (config_t *self);

/*  Sets one setting by name ("db_timeout_ms" or "db-timeout-ms").
    Returns false and writes a sentence into err if the name or value is bad.  */
bool config_set (config_t *self, const char *name, const char *value,
                 char *err, size_t err_size);

/*  Reads "name = value" lines; '#' starts a comment; values may be quoted.  */
bool config_load_file (config_t *self, const char *path, char *err, size_t err_size);

/*  Prints one line per setting for --help.  */
void config_print_help (FILE *out);

#endif
