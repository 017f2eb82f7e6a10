/*  sodium_cache.h: rapord's definitions of libsodium's sodium_malloc,
    sodium_allocarray and sodium_free, which keep libzmq's guarded blocks
    for the next CURVE handshake (see sodium_cache.c). Linked into rapord
    and unit.test_sodium_cache only: the definitions take the place of
    libsodium's for the whole process.  */
#ifndef RAPOR_SODIUM_CACHE_H
#define RAPOR_SODIUM_CACHE_H

/*  How many freed blocks wait for reuse now: for tests.  */
int sodium_cache_held (void);

#endif
