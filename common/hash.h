/*  hash.h: a small string hash for rapord's fixed-size tables (the
    per-key request budget, the key cache). Not for anything secret.  */
#ifndef RAPOR_HASH_H
#define RAPOR_HASH_H

#include <stdint.h>

/*  FNV-1a of a NUL-terminated string.  */
uint32_t hash_text (const char *text);

#endif
