/*  sodium_cache.c: libsodium's guarded blocks, kept for the next CURVE
    handshake instead of being unmapped after each one.

    libzmq's CURVE takes one sodium_allocarray() per handshake and frees it
    when the handshake ends. libsodium makes each such block its own mapping,
    with a guard page on either side and the pages locked: mmap, mprotect
    four times, madvise twice and mlock, then munlock and munmap on free
    (strace, 1,242 refused handshakes: exactly one of each set per
    handshake). On a virtual machine the TLB flushes of those mprotect and
    munmap calls are the largest part of what a refused handshake costs
    rapord: perf under a wrong-server-key flood put 25% of all rapord's
    samples in flush_tlb_mm_range. A flood of handshakes is the one abuse
    rapord cannot refuse before libzmq has done this work.

    So rapord defines the three functions libzmq calls. Definitions in the
    executable come first in the dynamic linker's lookup, so libzmq's calls
    land here (this file is part of rapord, and of the one test that checks
    it, not of the rapor_server library the other tests link). Every block
    still comes from libsodium's own sodium_malloc, guard pages and lock
    included; a freed block is zeroed, as libsodium zeroes it, and kept for
    the next request of the same size.
    Only blocks beyond SODIUM_CACHE_BLOCKS go back to libsodium. What is
    given up: nothing about the memory's protection; a zeroed block stays
    mapped and locked while it waits.  */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sodium_cache.h"

void *sodium_malloc (const size_t size);
void *sodium_allocarray (size_t count, size_t size);
void sodium_free (void *ptr);
void sodium_memzero (void *const pnt, const size_t len);

/*  A handshake holds one block at a time; more than enough for every
    handshake two I/O threads have in flight.  */
#define SODIUM_CACHE_BLOCKS 64
/*  Our header before the caller's bytes. libsodium puts the caller's last
    byte against the guard page after the block, so asking it for
    HEADER more bytes keeps that: the header takes bytes below them.  */
#define SODIUM_CACHE_HEADER 16
#define SODIUM_CACHE_MAGIC  UINT64_C (0x7261706f72736f64)   /*  "raporsod"  */

typedef struct {
    uint64_t magic;
    uint64_t size;          /*  what the caller asked for  */
} sodium_cache_header_t;

typedef struct {
    void *block;            /*  the caller's pointer: header before it  */
    size_t size;
} sodium_cache_entry_t;

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static void *(*s_real_malloc) (size_t);
static void (*s_real_free) (void *);
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static sodium_cache_entry_t s_cache [SODIUM_CACHE_BLOCKS];
static int s_cached;

static void
s_find_real (void)
{
    s_real_malloc = (void *(*) (size_t)) dlsym (RTLD_NEXT, "sodium_malloc");
    s_real_free = (void (*) (void *)) dlsym (RTLD_NEXT, "sodium_free");
}

static sodium_cache_header_t *
s_header (void *ptr)
{
    return (sodium_cache_header_t *) ((uint8_t *) ptr - SODIUM_CACHE_HEADER);
}

void *
sodium_malloc (const size_t size)
{
    void *block = NULL;
    pthread_mutex_lock (&s_lock);
    for (int i = s_cached - 1; i >= 0; i--)
        if (s_cache [i].size == size) {
            block = s_cache [i].block;
            s_cache [i] = s_cache [--s_cached];
            break;
        }
    pthread_mutex_unlock (&s_lock);
    if (block)
        return block;

    pthread_once (&s_once, s_find_real);
    if (!s_real_malloc || !s_real_free || size > SIZE_MAX - SODIUM_CACHE_HEADER) {
        errno = ENOMEM;
        return NULL;
    }
    uint8_t *raw = s_real_malloc (size + SODIUM_CACHE_HEADER);
    if (!raw)
        return NULL;
    sodium_cache_header_t header = { SODIUM_CACHE_MAGIC, size };
    memcpy (raw, &header, sizeof header);
    return raw + SODIUM_CACHE_HEADER;
}

void *
sodium_allocarray (size_t count, size_t size)
{
    if (count > 0 && size >= SIZE_MAX / count) {
        errno = ENOMEM;
        return NULL;
    }
    return sodium_malloc (count * size);
}

void
sodium_free (void *ptr)
{
    if (!ptr)
        return;
    sodium_cache_header_t header;
    memcpy (&header, s_header (ptr), sizeof header);
    /*  libsodium aborts on a damaged canary; a damaged header is the same
        news.  */
    if (header.magic != SODIUM_CACHE_MAGIC)
        abort ();
    sodium_memzero (ptr, (size_t) header.size);
    pthread_mutex_lock (&s_lock);
    bool kept = s_cached < SODIUM_CACHE_BLOCKS;
    if (kept)
        s_cache [s_cached++] = (sodium_cache_entry_t) { ptr, (size_t) header.size };
    pthread_mutex_unlock (&s_lock);
    if (!kept)
        s_real_free (s_header (ptr));
}

int
sodium_cache_held (void)
{
    pthread_mutex_lock (&s_lock);
    int held = s_cached;
    pthread_mutex_unlock (&s_lock);
    return held;
}
