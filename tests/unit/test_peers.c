/*  The count of busy clients that group commit waits for.  */
#include "peers.h"

#include <criterion/criterion.h>
#include <stdio.h>

Test (peers, counts_distinct_clients_within_the_window)
{
    peers_t *p = peers_new ();
    cr_assert_not_null (p);
    cr_expect_eq (peers_busy (p, 1000), 0);
    peers_seen (p, "00a1b2c3d4", 1000);
    peers_seen (p, "00a1b2c3d4", 1010);
    peers_seen (p, "00a1b2c3d5", 1020);
    cr_expect_eq (peers_busy (p, 1020), 2, "the same client twice counts once");
    cr_expect_eq (peers_busy (p, 1010 + PEERS_WINDOW_MS - 1), 2);
    cr_expect_eq (peers_busy (p, 1010 + PEERS_WINDOW_MS), 1, "the first one went quiet");
    cr_expect_eq (peers_busy (p, 1020 + PEERS_WINDOW_MS), 0);
    peers_destroy (&p);
    cr_expect_null (p);
}

Test (peers, many_clients_are_counted_and_a_stale_slot_is_reused)
{
    peers_t *p = peers_new ();
    char id[16];
    for (int i = 0; i < 1000; i++) {
        snprintf (id, sizeof id, "%010x", i * 7919);
        peers_seen (p, id, 5000);
    }
    size_t busy = peers_busy (p, 5000);
    cr_expect (busy >= 990 && busy <= 1000, "an estimate, never more than the truth: %zu", busy);
    for (int i = 0; i < 1000; i++) {
        snprintf (id, sizeof id, "%010x", i * 104729);
        peers_seen (p, id, 5000 + PEERS_WINDOW_MS);
    }
    busy = peers_busy (p, 5000 + PEERS_WINDOW_MS);
    cr_expect (busy >= 990 && busy <= 1000, "the old ones made room: %zu", busy);
    peers_destroy (&p);
}
