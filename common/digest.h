/*  digest.h: the tamper-evident fingerprint of a finalized ranking.

    SHA-256 over a canonical encoding of everything a finalized ranking
    announces: period, revision, sequence number, who finalized it and
    when, the rules and weights, the force reason, and every entry with
    every number. docs/PROTOCOL.md specifies the encoding byte for byte so
    a third party can recompute it from a Ranking message or the JSON.

    The encoding, in short: UTF-8 lines "key=value\n" in a fixed order,
    integers in decimal, -1 for a missing score, empty for an unknown TPP,
    0/1 for booleans; in text values a backslash is written "\\" and a
    line feed "\n", so no value can forge a line. Not covered: objections
    (they have their own history), `provisional` and `preview` (a digest
    exists only for a finalized ranking), the best/worst lists (the
    entries' flags say the same).  */
#ifndef RAPOR_DIGEST_H
#define RAPOR_DIGEST_H

#include "ranking.h"

#include <stdbool.h>
#include <stddef.h>

/*  The first line of the encoding; a new encoding gets a new number.  */
#define DIGEST_FORMAT "rapor-ranking-digest/1"

/*  The canonical encoding of `ranking`, in a new buffer of *size bytes
    (not NUL-terminated). NULL if out of memory. Caller frees.  */
char *digest_encode (const ranking_t *ranking, size_t *size);

/*  The SHA-256 of the canonical encoding as 64 lowercase hex digits and a
    NUL, into hex[RANKING_DIGEST_HEX + 1]. Ignores ranking->digest. False
    only if libsodium cannot start.  */
bool digest_compute (const ranking_t *ranking, char *hex);

/*  True if ranking->digest is exactly the digest of the ranking's contents
    (an empty or malformed digest never matches).  */
bool digest_matches (const ranking_t *ranking);

#endif
