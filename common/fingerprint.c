/*  fingerprint.c: see fingerprint.h.  */
#include "fingerprint.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

bool
fingerprint_of_z85 (const char *z85, char *out)
{
    uint8_t key[32], hash[crypto_hash_sha256_BYTES];
    out[0] = 0;
    if (!z85 || strlen (z85) != 40 || !zmq_z85_decode (key, z85) || sodium_init () < 0)
        return false;
    crypto_hash_sha256 (hash, key, sizeof key);
    char *p = out;
    for (int i = 0; i < 10; i++) {
        p += sprintf (p, "%02X", hash[i]);
        if (i % 2 == 1 && i < 9)
            *p++ = '-';
    }
    *p = 0;
    return true;
}
