/*  webconf.h: rapor-web's settings, from defaults, then a file, then
    flags, in the same "name = value" format as rapord.conf. Each setting
    is one row of the table in webconf.c (name, default, help), so the
    sample file deploy/rapor-web.conf, --help and the parser agree.  */
#ifndef RAPOR_WEBCONF_H
#define RAPOR_WEBCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char listen[128];           /*  HTTP address, HOST:PORT  */
    char server[256];           /*  rapord's request socket  */
    char broadcast[256];        /*  rapord's broadcast socket  */
    char key[1024];             /*  this screen's secret key certificate  */
    char server_key[1024];      /*  the server's public key or certificate  */
    char state[1024];           /*  state file; empty: none  */
    int timeout_ms;             /*  per request attempt  */
    char log_level[16];
    int max_connections;
    int per_ip_connections;
    int connection_timeout_s;
    int insecure_plaintext_dev;
} webconf_t;

void webconf_defaults (webconf_t *self);

/*  Sets one setting by name ("per_ip_connections" or "per-ip-connections").
    False with a sentence in err if the name or value is bad.  */
bool webconf_set (webconf_t *self, const char *name, const char *value, char *err,
                  size_t err_size);

/*  Reads "name = value" lines; '#' starts a comment; values may be quoted.  */
bool webconf_load_file (webconf_t *self, const char *path, char *err, size_t err_size);

/*  One line per setting, for --help.  */
void webconf_print_help (FILE *out);

#endif
