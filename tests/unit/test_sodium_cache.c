/*  rapord's libsodium block cache: a freed block comes back, zeroed, for
    the next request of its size, still with libsodium's guard page after
    it; libzmq's CURVE really calls it (as it does in rapord, this test
    defines the three functions in its executable).  */
#include "sodium_cache.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

void *sodium_malloc (const size_t size);
void *sodium_allocarray (size_t count, size_t size);
void sodium_free (void *ptr);
int sodium_init (void);

/*  The permissions of the mapping that holds address, from /proc/self/maps:
    "---p" for a guard page.  */
static void
s_perms_at (const void *address, char perms[5])
{
    FILE *maps = fopen ("/proc/self/maps", "r");
    cr_assert_not_null (maps);
    uintptr_t at = (uintptr_t) address, start, end;
    char line[512];
    strcpy (perms, "?");
    while (fgets (line, sizeof line, maps))
        if (sscanf (line, "%lx-%lx %4s", &start, &end, perms) == 3 && start <= at && at < end)
            break;
        else
            strcpy (perms, "?");
    fclose (maps);
}

static void
s_init (void)
{
    cr_assert_geq (sodium_init (), 0);
}

TestSuite (sodium_cache, .init = s_init);

Test (sodium_cache, a_freed_block_comes_back_zeroed_for_its_size)
{
    unsigned char *block = sodium_malloc (100);
    cr_assert_not_null (block);
    memset (block, 0xa5, 100);
    sodium_free (block);
    cr_assert_eq (sodium_cache_held (), 1);

    unsigned char *other = sodium_malloc (200);
    cr_assert_neq (other, block, "a block of another size is not handed out");
    unsigned char *again = sodium_malloc (100);
    cr_assert_eq (again, block, "the freed block of the same size comes back");
    cr_assert_eq (sodium_cache_held (), 0);
    for (int i = 0; i < 100; i++)
        cr_assert_eq (again [i], 0, "byte %d of a reused block is not zero", i);
    sodium_free (again);
    sodium_free (other);
}

Test (sodium_cache, a_reused_block_still_ends_at_libsodium_guard_page)
{
    for (size_t size = 1; size <= 8192; size = size * 3 + 1) {
        unsigned char *block = sodium_malloc (size);
        cr_assert_not_null (block);
        sodium_free (block);
        unsigned char *again = sodium_malloc (size);
        cr_assert_eq (again, block);
        memset (again, 1, size);            /*  all of it is writable  */
        char perms[5];
        s_perms_at (again + size, perms);
        cr_expect_str_eq (perms, "---p", "the byte after a %zu-byte block is in a %s mapping",
                          size, perms);
        s_perms_at (again, perms);
        cr_expect_str_eq (perms, "rw-p");
        sodium_free (again);
    }
}

Test (sodium_cache, holds_a_bounded_number_of_blocks)
{
    enum { MANY = 200 };
    void *blocks[MANY];
    for (int i = 0; i < MANY; i++)
        cr_assert_not_null (blocks [i] = sodium_allocarray (4, 8));
    for (int i = 0; i < MANY; i++)
        sodium_free (blocks [i]);
    cr_assert_eq (sodium_cache_held (), 64, "held %d", sodium_cache_held ());
    sodium_free (NULL);
}

Test (sodium_cache, refuses_an_array_too_large_to_count)
{
    errno = 0;
    cr_assert_null (sodium_allocarray (SIZE_MAX / 2, 3));
    cr_assert_eq (errno, ENOMEM);
    cr_assert_null (sodium_malloc (SIZE_MAX - 4));
}

/*  Without the interposition, libzmq's calls would go to libsodium and the
    cache would stay empty.  */
Test (sodium_cache, libzmq_curve_handshakes_use_it)
{
    char server_public[41], server_secret[41], client_public[41], client_secret[41];
    cr_assert_eq (zmq_curve_keypair (server_public, server_secret), 0);
    cr_assert_eq (zmq_curve_keypair (client_public, client_secret), 0);
    void *ctx = zmq_ctx_new ();
    void *server = zmq_socket (ctx, ZMQ_ROUTER);
    int on = 1, linger = 0;
    zmq_setsockopt (server, ZMQ_CURVE_SERVER, &on, sizeof on);
    zmq_setsockopt (server, ZMQ_CURVE_SECRETKEY, server_secret, 40);
    zmq_setsockopt (server, ZMQ_LINGER, &linger, sizeof linger);
    cr_assert_eq (zmq_bind (server, "tcp://127.0.0.1:*"), 0);
    char endpoint[256];
    size_t length = sizeof endpoint;
    zmq_getsockopt (server, ZMQ_LAST_ENDPOINT, endpoint, &length);

    void *client = zmq_socket (ctx, ZMQ_DEALER);
    zmq_setsockopt (client, ZMQ_CURVE_SERVERKEY, server_public, 40);
    zmq_setsockopt (client, ZMQ_CURVE_PUBLICKEY, client_public, 40);
    zmq_setsockopt (client, ZMQ_CURVE_SECRETKEY, client_secret, 40);
    zmq_setsockopt (client, ZMQ_LINGER, &linger, sizeof linger);
    cr_assert_eq (zmq_connect (client, endpoint), 0);
    cr_assert_eq (zmq_send (client, "ping", 4, 0), 4);
    int timeout = 10000;
    zmq_setsockopt (server, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    char frame[16];
    cr_assert_gt (zmq_recv (server, frame, sizeof frame, 0), 0, "routing id");
    cr_assert_eq (zmq_recv (server, frame, sizeof frame, 0), 4, "the message over CURVE");
    cr_expect_gt (sodium_cache_held (), 0, "the handshake's blocks came back to the cache");
    zmq_close (client);
    zmq_close (server);
    zmq_ctx_term (ctx);
}
