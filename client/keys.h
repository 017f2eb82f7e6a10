/*  keys.h: a tool's CURVE identity: its own key pair, from a secret
    certificate that `rapor-admin keygen` wrote (CZMQ's format, which
    pyzmq reads too), and the server's public key, to be sure it talks to
    the right server.  */
#ifndef RAPOR_KEYS_H
#define RAPOR_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool on;                    /*  false: insecure development mode  */
    char public_key[41];
    char secret_key[41];
    char server_key[41];
} curve_t;

/*  Loads the client's secret certificate and the server's key, given as
    40 characters of Z85 or as the path of its public certificate. False
    with a sentence in err if either is missing or malformed.  */
bool keys_load (curve_t *curve, const char *key_file, const char *server_key,
                char *err, size_t err_size);

/*  Sets the CURVE client options on a socket (nothing if curve->on is
    false). Returns 0, or -1 with errno set.  */
int keys_apply (void *socket, const curve_t *curve);

/*  Fills *curve from --key/--server-key values or, when NULL, from the
    RAPOR_KEY and RAPOR_SERVER_KEY variables. With `insecure` (or
    RAPOR_INSECURE_PLAINTEXT_DEV=1) CURVE stays off. Prints a usage
    sentence for `tool` and returns false on failure.  */
bool keys_setup (curve_t *curve, const char *tool, const char *key_file,
                 const char *server_key, bool insecure);

/*  Writes a new key pair: `path` (public) and `path`_secret. False on error.  */
bool keys_generate (const char *path, const char *label, char *public_key);

#endif
