/*  keys.c: CURVE certificates through CZMQ's zcert, which saves us a
    certificate parser and writes the format pyzmq also reads.  */
#include "keys.h"
#include "i18n.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static bool
s_z85 (const char *text)
{
    uint8_t raw[32];
    return strlen (text) == 40 && zmq_z85_decode (raw, text) != NULL;
}

/*  CZMQ installs its own SIGINT/SIGTERM handlers the first time it is used,
    over the tools' own. Tell it not to, before any zcert call.  */
static void
s_quiet_czmq (void)
{
    zsys_handler_set (NULL);
}

/*  True if the certificate file at `path` holds a "secret-key" line.  */
static bool
s_has_secret_line (const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f)
        return false;
    char line[512];
    bool secret = false;
    while (!secret && fgets (line, sizeof line, f)) {
        const char *p = line + strspn (line, " \t");
        secret = strncmp (p, "secret-key", 10) == 0;
    }
    fclose (f);
    return secret;
}

bool
keys_load (curve_t *curve, const char *key_file, const char *server_key, char *err, size_t err_size)
{
    memset (curve, 0, sizeof *curve);
    s_quiet_czmq ();
    zcert_t *mine = zcert_load (key_file);
    if (!mine) {
        snprintf (err, err_size, _("cannot read the key certificate %s"), key_file);
        return false;
    }
    snprintf (curve->public_key, sizeof curve->public_key, "%s", zcert_public_txt (mine));
    snprintf (curve->secret_key, sizeof curve->secret_key, "%s", zcert_secret_txt (mine));
    zcert_destroy (&mine);
    if (!s_z85 (curve->secret_key)
    ||  strcmp (curve->secret_key, "0000000000000000000000000000000000000000") == 0) {
        snprintf (err, err_size, _("%s has no secret key; give the _secret file"), key_file);
        return false;
    }
    /*  A file wins: a 40-character path is also valid Z85.  */
    if (access (server_key, R_OK) != 0 && s_z85 (server_key))
        snprintf (curve->server_key, sizeof curve->server_key, "%s", server_key);
    else {
        zcert_t *server = zcert_load (server_key);
        if (!server) {
            snprintf (err, err_size, _("the server key must be 40 characters of Z85 or the path "
                      "of the server's public certificate; cannot read '%s'"), server_key);
            return false;
        }
        /*  A secret certificate loads as well as a public one; handed out as
            "the server key", it would give every OPD the server's identity.
            The file itself is read: zcert_load prefers PATH_secret when it
            exists, so its secret key says nothing about PATH.  */
        if (s_has_secret_line (server_key)) {
            zcert_destroy (&server);
            snprintf (err, err_size, _("'%s' is the server's SECRET certificate (it has a "
                      "secret-key line); never give or copy it to anyone. Use the public "
                      "certificate, the same file name without _secret"), server_key);
            return false;
        }
        snprintf (curve->server_key, sizeof curve->server_key, "%s", zcert_public_txt (server));
        zcert_destroy (&server);
    }
    curve->on = true;
    return true;
}

int
keys_apply (void *socket, const curve_t *curve)
{
    if (!curve || !curve->on)
        return 0;
    if (zmq_setsockopt (socket, ZMQ_CURVE_SERVERKEY, curve->server_key, 41) != 0
    ||  zmq_setsockopt (socket, ZMQ_CURVE_PUBLICKEY, curve->public_key, 41) != 0
    ||  zmq_setsockopt (socket, ZMQ_CURVE_SECRETKEY, curve->secret_key, 41) != 0)
        return -1;
    return 0;
}

bool
keys_setup (curve_t *curve, const char *tool, const char *key_file, const char *server_key,
            bool insecure)
{
    memset (curve, 0, sizeof *curve);
    const char *dev = getenv ("RAPOR_INSECURE_PLAINTEXT_DEV");
    if (insecure || (dev && strcmp (dev, "1") == 0))
        return true;
    key_file = key_file ? key_file : getenv ("RAPOR_KEY");
    server_key = server_key ? server_key : getenv ("RAPOR_SERVER_KEY");
    if (!key_file || !server_key) {
        fprintf (stderr, _("%s: give your key and the server's: --key FILE_secret --server-key "
                 "FILE (or RAPOR_KEY and RAPOR_SERVER_KEY); the inspectorate issues both\n"), tool);
        return false;
    }
    char err[512];
    if (!keys_load (curve, key_file, server_key, err, sizeof err)) {
        fprintf (stderr, "%s: %s\n", tool, err);
        return false;
    }
    return true;
}

bool
keys_generate (const char *path, const char *label, char *public_key)
{
    s_quiet_czmq ();
    zcert_t *cert = zcert_new ();
    if (!cert)
        return false;
    /*  Short metadata only: CZMQ's zauth overflows a fixed buffer on long
        values, and other readers of this file may use it.  */
    zcert_set_meta (cert, "created-by", "rapor-admin keygen");
    if (label && *label)
        zcert_set_meta (cert, "label", "%.64s", label);
    bool ok = zcert_save (cert, path) == 0;
    if (ok && public_key)
        snprintf (public_key, 41, "%s", zcert_public_txt (cert));
    zcert_destroy (&cert);
    return ok;
}
