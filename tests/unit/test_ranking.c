/*  Ranking rules, table-driven: ties at both boundaries, small quarters,
    missing verified scores, weights, and the rounding of totals and rupiah.  */
#include "ranking.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#define MAXN 16

/*  Each OPD has the same verified score on all six components, so its
    total is that score. Entries are named OPD00, OPD01, ... in input order.
    Expectations are in rank order (ties by code).  */
typedef struct {
    char title[48];
    int n;
    int32_t score[MAXN];
    uint32_t reward_n;
    uint32_t rank[MAXN];
    int32_t pct[MAXN];
    int best, worst;        /*  how many are named best / worst  */
} rank_case_t;

ParameterizedTestParameters (ranking, ranks_and_tpp)
{
    static rank_case_t cases[] = {
        { "tie across the 5th/6th boundary", 12,
          { 9000, 8500, 8000, 7500, 7000, 7000, 6500, 6000, 5500, 5000, 4500, 4000 }, 5,
          { 1, 2, 3, 4, 5, 5, 7, 8, 9, 10, 11, 12 },
          { 15, 15, 15, 15, 15, 15, 0, -15, -15, -15, -15, -15 }, 1, 1 },
        { "tie across the bottom 5th/6th boundary", 12,
          { 9000, 8500, 8000, 7500, 7000, 6500, 5000, 5000, 4000, 3000, 2000, 1000 }, 5,
          { 1, 2, 3, 4, 5, 6, 7, 7, 9, 10, 11, 12 },
          { 15, 15, 15, 15, 15, 0, -15, -15, -15, -15, -15, -15 }, 1, 1 },
        { "tie for last place", 8,
          { 9000, 8000, 7000, 6000, 5000, 4000, 1000, 1000 }, 2,
          { 1, 2, 3, 4, 5, 6, 7, 7 },
          { 15, 15, 0, 0, 0, 0, -15, -15 }, 1, 2 },
        { "all OPDs equal: none named best or worst", 12,
          { 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000 }, 5,
          { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
          { 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15 }, 0, 0 },
        { "empty quarter: every total 0", 4,
          { 0, 0, 0, 0 }, 1,
          { 1, 1, 1, 1 },
          { 15, 15, 15, 15 }, 0, 0 },
        { "fewer than 10: reward wins", 7,
          { 9000, 8000, 7000, 6000, 5000, 4000, 3000 }, 5,
          { 1, 2, 3, 4, 5, 6, 7 },
          { 15, 15, 15, 15, 15, -15, -15 }, 1, 1 },
        { "fewer than 5: all rewarded", 3,
          { 5000, 9000, 7000 }, 5,
          { 1, 2, 3 },
          { 15, 15, 15 }, 1, 1 },
        { "exactly 10", 10,
          { 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000 }, 5,
          { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },
          { 15, 15, 15, 15, 15, -15, -15, -15, -15, -15 }, 1, 1 },
        { "two tied at the top", 6,
          { 9000, 9000, 5000, 4000, 3000, 2000 }, 1,
          { 1, 1, 3, 4, 5, 6 },
          { 15, 15, 0, 0, 0, -15 }, 2, 1 },
        { "N = 0 changes nothing", 4,
          { 9000, 8000, 7000, 6000 }, 0,
          { 1, 2, 3, 4 },
          { 0, 0, 0, 0 }, 1, 1 },
        { "one OPD: neither best nor worst of one", 1, { 4200 }, 5, { 1 }, { 15 }, 0, 0 },
    };
    return cr_make_param_array (rank_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (rank_case_t *c, ranking, ranks_and_tpp)
{
    static ranking_entry_t e[MAXN];
    memset (e, 0, sizeof e);
    for (int i = 0; i < c->n; i++) {
        snprintf (e[i].code, sizeof e[i].code, "OPD%02d", i);
        for (int k = 0; k < COMPONENT_COUNT; k++) {
            e[i].verified[k] = c->score[i];
            e[i].self[k] = RANKING_NO_SCORE;
        }
        e[i].base_tpp = RANKING_NO_TPP;
    }
    ranking_rules_t rules;
    ranking_rules_default (&rules);
    rules.reward_n = c->reward_n;
    ranking_compute (e, (size_t) c->n, &rules);
    int best = 0, worst = 0;
    for (int i = 0; i < c->n; i++) {
        cr_expect_eq (e[i].rank, c->rank[i], "%s: position %d (%s) rank", c->title, i, e[i].code);
        cr_expect_eq (e[i].tpp_pct, c->pct[i], "%s: position %d (%s) tpp", c->title, i, e[i].code);
        cr_expect_not (e[i].incomplete);
        if (i > 0 && e[i].total_centi == e[i - 1].total_centi)
            cr_expect_lt (strcmp (e[i - 1].code, e[i].code), 0, "%s: ties by code", c->title);
        best += e[i].best;
        worst += e[i].worst;
    }
    cr_expect_eq (best, c->best, "%s: best", c->title);
    cr_expect_eq (worst, c->worst, "%s: worst", c->title);
}

typedef struct {
    char title[48];
    int32_t scores[COMPONENT_COUNT];
    uint32_t weights[COMPONENT_COUNT];
    int32_t total;
} total_case_t;

ParameterizedTestParameters (ranking, totals)
{
    static total_case_t cases[] = {
        { "plain average", { 8000, 8000, 8000, 8000, 8000, 8000 }, { 1, 1, 1, 1, 1, 1 }, 8000 },
        { "rounds half up", { 10000, 10000, 10000, 10000, 10000, 1 }, { 1, 1, 1, 1, 1, 1 }, 8334 },
        { "rounds down below half", { 10000, 10000, 10000, 10000, 10000, 0 }, { 1, 1, 1, 1, 1, 1 }, 8333 },
        { "missing counts as 0", { 9000, RANKING_NO_SCORE, 9000, 9000, 9000, 9000 }, { 1, 1, 1, 1, 1, 1 }, 7500 },
        { "weights", { 9000, 6000, 6000, 6000, 6000, 6000 }, { 3, 1, 1, 1, 1, 1 }, 7125 },
        { "weights round", { 8751, 0, 0, 0, 0, 0 }, { 2, 1, 1, 1, 1, 1 }, 2500 },
        { "weights round up", { 8752, 0, 0, 0, 0, 0 }, { 2, 1, 1, 1, 1, 1 }, 2501 },
        { "all 100", { 10000, 10000, 10000, 10000, 10000, 10000 }, { 1000, 1, 7, 1, 1, 1 }, 10000 },
        { "nothing", { RANKING_NO_SCORE, RANKING_NO_SCORE, RANKING_NO_SCORE, RANKING_NO_SCORE,
                       RANKING_NO_SCORE, RANKING_NO_SCORE }, { 1, 1, 1, 1, 1, 1 }, 0 },
    };
    return cr_make_param_array (total_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (total_case_t *c, ranking, totals)
{
    cr_expect_eq (ranking_total (c->scores, c->weights), c->total, "%s", c->title);
}

Test (ranking, rupiah_rounding)
{
    cr_expect_eq (ranking_tpp_rupiah (1000000, 15), 150000);
    cr_expect_eq (ranking_tpp_rupiah (1000003, 15), 150000);      /*  150000.45  */
    cr_expect_eq (ranking_tpp_rupiah (1000010, 15), 150002);      /*  150001.5 up  */
    cr_expect_eq (ranking_tpp_rupiah (1000010, -15), -150002);    /*  away from zero  */
    cr_expect_eq (ranking_tpp_rupiah (1000003, -15), -150000);
    cr_expect_eq (ranking_tpp_rupiah (7500000, 0), 0);
    cr_expect_eq (ranking_tpp_rupiah (RANKING_BASE_TPP_MAX, 100), RANKING_BASE_TPP_MAX);
}

Test (ranking, missing_verified_scores_mark_the_card_incomplete)
{
    static ranking_entry_t e[2];
    memset (e, 0, sizeof e);
    snprintf (e[0].code, sizeof e[0].code, "FULL");
    snprintf (e[1].code, sizeof e[1].code, "GAPS");
    for (int k = 0; k < COMPONENT_COUNT; k++) {
        e[0].verified[k] = 5000;
        e[1].verified[k] = k == 4 ? RANKING_NO_SCORE : 9000;
        e[0].self[k] = e[1].self[k] = 10000;      /*  self-assessment never counts  */
    }
    e[0].base_tpp = 2000000;
    e[1].base_tpp = RANKING_NO_TPP;
    ranking_rules_t rules;
    ranking_rules_default (&rules);
    ranking_compute (e, 2, &rules);
    cr_expect_str_eq (e[0].code, "GAPS");
    cr_expect_eq (e[0].total_centi, 7500);
    cr_expect (e[0].incomplete);
    cr_expect_not (e[1].incomplete);
    cr_expect_eq (e[1].total_centi, 5000);
    cr_expect_eq (e[1].tpp_rupiah, 300000, "rewarded: fewer than 2N, reward wins");
}
