/*  fingerprint.h: a CURVE public key as people compare it by phone.

    A Z85 key (40 characters of upper and lower case letters, digits and
    punctuation) cannot be read aloud. Its fingerprint is the first 10
    bytes of SHA-256 over the key's 32 raw bytes, written as five groups
    of four upper-case hex digits: "3F2A-91C0-5B7E-D214-88AF". Digits and
    the letters A to F are read the same way in Bahasa Indonesia and in
    English. 80 bits: making another key with the same fingerprint takes
    about 2^80 tries. docs/PROTOCOL.md §1.1 specifies it for third parties.  */
#ifndef RAPOR_FINGERPRINT_H
#define RAPOR_FINGERPRINT_H

#include <stdbool.h>

#define FINGERPRINT_LEN 24      /*  5 x 4 hex digits and 4 dashes  */

/*  Fills out[FINGERPRINT_LEN + 1]. False if `z85` is not a 40-character
    Z85 key.  */
bool fingerprint_of_z85 (const char *z85, char *out);

#endif
