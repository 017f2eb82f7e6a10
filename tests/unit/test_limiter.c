/*  The per-key request budget.  */
#include "limiter.h"

#include <criterion/criterion.h>

Test (limiter, budget_per_key_per_second)
{
    limiter_t *l = limiter_new (3);
    bool first;
    for (int i = 0; i < 3; i++)
        cr_expect (limiter_allow (l, "aaaa", 1000, &first));
    cr_expect_not (limiter_allow (l, "aaaa", 1500, &first));
    cr_expect (first, "the first refusal is flagged");
    cr_expect_not (limiter_allow (l, "aaaa", 1600, &first));
    cr_expect_not (first);
    cr_expect (limiter_allow (l, "bbbb", 1600, &first), "another key has its own budget");
    cr_expect (limiter_allow (l, "aaaa", 2000, &first), "a new second, a new budget");
    limiter_destroy (&l);
    cr_expect_null (l);
}

Test (limiter, zero_means_no_limit)
{
    limiter_t *l = limiter_new (0);
    bool first;
    for (int i = 0; i < 10000; i++)
        cr_assert (limiter_allow (l, "aaaa", 1000, &first));
    limiter_destroy (&l);
}
