/*  The gate: exact per-key budgets, per-address handshake budgets, the
    negative cache, bounded memory, and the refusal tally.  */
#include "gate.h"
#include "hash.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static gate_t *
s_gate (int per_key, int per_source)
{
    gate_config_t config;
    gate_config_defaults (&config);
    config.key_requests_per_second = per_key;
    config.source_handshakes_per_second = per_source;
    gate_t *gate = gate_new (&config);
    cr_assert_not_null (gate);
    return gate;
}

/*  A 40-character key, different for each n.  */
static void
s_key (char key[41], unsigned n)
{
    snprintf (key, 41, "K%039u", n);
}

/*  The old limiter put keys in hash_text (key) % 4096 slots, and two keys
    in one slot reset each other's count, so an OPD could make a second key
    that lets both go unlimited. These two keys share such a slot.  */
static void
s_colliding (char a[41], char b[41])
{
    s_key (a, 0);
    for (unsigned n = 1;; n++) {
        s_key (b, n);
        if (hash_text (a) % 4096 == hash_text (b) % 4096)
            return;
    }
}

Test (gate, colliding_keys_each_keep_their_own_budget)
{
    char a[41], b[41];
    s_colliding (a, b);
    cr_assert_str_neq (a, b);
    gate_t *gate = s_gate (3, 0);
    int allowed_a = 0, allowed_b = 0;
    for (int i = 0; i < 10; i++) {          /*  interleaved, within one second  */
        allowed_a += gate_request (gate, a, 1000 + i);
        allowed_b += gate_request (gate, b, 1000 + i);
    }
    cr_expect_eq (allowed_a, 3, "key a made %d requests in one second; its budget is 3", allowed_a);
    cr_expect_eq (allowed_b, 3, "key b made %d requests in one second; its budget is 3", allowed_b);
    cr_expect (gate_request (gate, a, 2000), "a new second, a new budget");
    gate_destroy (&gate);
    cr_expect_null (gate);
}

Test (gate, budget_per_key_per_second)
{
    gate_t *gate = s_gate (3, 0);
    for (int i = 0; i < 3; i++)
        cr_expect (gate_request (gate, "aaaa", 1000));
    cr_expect_not (gate_request (gate, "aaaa", 1500));
    cr_expect (gate_request (gate, "bbbb", 1600), "another key has its own budget");
    cr_expect (gate_request (gate, "aaaa", 2000), "a new second, a new budget");
    gate_destroy (&gate);
}

Test (gate, zero_means_no_limit)
{
    gate_t *gate = s_gate (0, 0);
    for (int i = 0; i < 10000; i++)
        cr_assert (gate_request (gate, "aaaa", 1000));
    gate_destroy (&gate);
}

/*  Memory is bounded: a table full of keys active this second refuses a
    newcomer instead of forgetting someone's count; once their second is
    over, there is room again.  */
Test (gate, a_full_table_refuses_newcomers_and_forgets_idle_keys)
{
    gate_t *gate = s_gate (2, 0);
    char key[41];
    int refused = 0;
    for (unsigned n = 0; n < 5000; n++) {
        s_key (key, n);
        refused += !gate_request (gate, key, 1000);
    }
    cr_expect_eq (refused, 5000 - 4096, "the table holds 4096 keys");
    s_key (key, 7);
    cr_expect (gate_request (gate, key, 1001), "a key in the table keeps its count");
    cr_expect_not (gate_request (gate, key, 1002), "and its budget");
    s_key (key, 4999);
    cr_expect (gate_request (gate, key, 2500), "idle keys make room");
    gate_destroy (&gate);
}

Test (gate, an_address_has_a_budget_of_unknown_keys)
{
    gate_t *gate = s_gate (0, 2);
    char known[41], other[41];
    s_key (known, 1);
    for (unsigned n = 100; n < 110; n++) {      /*  registered keys spend nothing  */
        s_key (other, n);
        cr_expect_eq (gate_handshake (gate, "10.0.0.1", other, 1000), GATE_LOOKUP);
        gate_learn (gate, "10.0.0.1", other, STORE_OK, 1000);
    }
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", known, 1000), GATE_LOOKUP);
    gate_learn (gate, "10.0.0.1", known, STORE_OK, 1000);
    for (unsigned n = 200; n < 202; n++) {
        s_key (other, n);
        cr_expect_eq (gate_handshake (gate, "10.0.0.1", other, 1000), GATE_LOOKUP);
        gate_learn (gate, "10.0.0.1", other, STORE_REJECTED, 1000);
    }
    s_key (other, 300);
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", other, 1000), GATE_BUSY,
                  "two unknown keys spent the address's budget");
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", known, 1000), GATE_KNOWN,
                  "a key that passed recently still passes, from memory");
    cr_expect_eq (gate_handshake (gate, "10.0.0.2", other, 1000), GATE_LOOKUP,
                  "another address has its own budget");
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", other, 2000), GATE_LOOKUP, "a new second");
    gate_destroy (&gate);
}

Test (gate, an_unknown_key_is_refused_from_memory_until_forgotten)
{
    gate_t *gate = s_gate (0, 0);
    char key[41];
    s_key (key, 3);
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", key, 1000), GATE_LOOKUP);
    gate_learn (gate, "10.0.0.1", key, STORE_REJECTED, 1000);
    cr_expect_eq (gate_handshake (gate, "10.0.0.9", key, 1500), GATE_UNKNOWN);
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", key, 1000 + 10000), GATE_LOOKUP,
                  "not for ever");
    gate_learn (gate, "10.0.0.1", key, STORE_REJECTED, 20000);
    gate_forget (gate);         /*  the key was added  */
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", key, 20001), GATE_LOOKUP);
    gate_learn (gate, "10.0.0.1", key, STORE_OK, 20001);
    cr_expect_eq (gate_handshake (gate, "10.0.0.1", key, 20002), GATE_LOOKUP,
                  "with budget left, a known key is still asked about (revocation)");
    gate_destroy (&gate);
}

Test (gate, refusals_are_grouped_and_bounded)
{
    gate_t *gate = s_gate (0, 0);
    cr_expect (gate_refuse (gate, "connect", "refused", "key_unknown", NULL, "10.0.0.1", 1));
    for (int i = 0; i < 10000; i++)
        cr_expect_not (gate_refuse (gate, "connect", "refused", "key_unknown", NULL, "10.0.0.1",
                                    2 + i));
    cr_expect (gate_refuse (gate, "connect", "refused", "key_unknown", NULL, "10.0.0.2", 3));
    cr_expect (gate_refuse (gate, "request", "refused", "rate_limited", "k", NULL, 3));
    cr_expect_eq (gate_pending (gate), 3);
    char address[32];
    for (int i = 0; i < 1000; i++) {
        snprintf (address, sizeof address, "10.1.%d.%d", i / 256, i % 256);
        gate_refuse (gate, "connect", "refused", "key_unknown", NULL, address, 4);
    }
    cr_expect_eq (gate_pending (gate), 64 + 1, "64 groups, then one for the rest");
    gate_destroy (&gate);
}
