/*  The stateless rules of admin operations, table-driven.  */
#include "admin.h"
#include "text.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

typedef enum {
    A_OK_OPEN, A_OK_WEIGHTS, A_OK_RULES, A_OK_ADD, A_OK_TPP, A_OK_LIST, A_OK_REOPEN,
    A_NO_ACTOR, A_BAD_PERIOD, A_REOPEN_NO_REASON, A_WEIGHTS_FIVE, A_WEIGHT_ZERO,
    A_WEIGHT_HUGE, A_RULES_PCT, A_ASSESSOR_COMPONENT, A_ADD_KIND, A_ADD_NAME, A_TPP_NEGATIVE,
    A_UNKNOWN_OP, A_TPP_NO_OPD
} admin_case_t;

typedef struct { admin_case_t which; char code[PROBLEM_CODE_MAX]; char field[PROBLEM_FIELD_MAX]; } case_t;

static void
s_build (admin_t *a, admin_case_t which)
{
    admin_op_t op = which == A_OK_WEIGHTS || which == A_WEIGHTS_FIVE || which == A_WEIGHT_ZERO
                 || which == A_WEIGHT_HUGE ? ADMIN_SET_WEIGHTS
                  : which == A_OK_RULES || which == A_RULES_PCT ? ADMIN_SET_RULES
                  : which == A_OK_ADD || which == A_ADD_KIND || which == A_ADD_NAME ? ADMIN_OPD_ADD
                  : which == A_OK_TPP || which == A_TPP_NEGATIVE || which == A_TPP_NO_OPD ? ADMIN_SET_BASE_TPP
                  : which == A_OK_LIST ? ADMIN_OPD_LIST
                  : which == A_OK_REOPEN || which == A_REOPEN_NO_REASON ? ADMIN_PERIOD_REOPEN
                  : which == A_ASSESSOR_COMPONENT ? ADMIN_SET_ASSESSOR
                  : ADMIN_PERIOD_OPEN;
    admin_init (a, op);
    if (which == A_UNKNOWN_OP)
        a->op = 99;
    if (which != A_NO_ACTOR)
        text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, "INSPEKTORAT", 11);
    text_copy (a->period, PERIOD_FIELD_MAX, &a->period_len,
               which == A_BAD_PERIOD ? "2024Q3" : "2024-Q3", which == A_BAD_PERIOD ? 6 : 7);
    if (which != A_TPP_NO_OPD)
        text_copy (a->opd, OPD_CODE_MAX, &a->opd_len, "DINKES", 6);
    a->weight_count = which == A_WEIGHTS_FIVE ? 5 : 6;
    for (int c = 0; c < 6; c++)
        a->weights[c] = 1;
    if (which == A_WEIGHT_ZERO)
        a->weights[2] = 0;
    if (which == A_WEIGHT_HUGE)
        a->weights[2] = 1001;
    a->reward_n = 5;
    a->reward_pct = 15;
    a->punish_pct = which == A_RULES_PCT ? 101 : 15;
    a->component = which == A_ASSESSOR_COMPONENT ? 7 : 1;
    text_copy (a->opd_kind, ADMIN_KIND_MAX, &a->opd_kind_len, which == A_ADD_KIND ? "dept" : "dinas",
               which == A_ADD_KIND ? 4 : 5);
    if (which != A_ADD_NAME)
        text_copy (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, "Dinas Baru", 10);
    if (which != A_REOPEN_NO_REASON)
        text_copy (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, "banjir", 6);
    a->amount = which == A_TPP_NEGATIVE ? -1 : 1000;
}

ParameterizedTestParameters (admin, validate)
{
    static case_t cases[] = {
        { A_OK_OPEN, "", "" }, { A_OK_WEIGHTS, "", "" }, { A_OK_RULES, "", "" },
        { A_OK_ADD, "", "" }, { A_OK_TPP, "", "" }, { A_OK_LIST, "", "" }, { A_OK_REOPEN, "", "" },
        { A_NO_ACTOR, PROBLEM_ADMIN_INVALID, "actor" },
        { A_BAD_PERIOD, PROBLEM_PERIOD_INVALID, "period" },
        { A_REOPEN_NO_REASON, PROBLEM_ADMIN_INVALID, "reason" },
        { A_WEIGHTS_FIVE, PROBLEM_ADMIN_INVALID, "weights" },
        { A_WEIGHT_ZERO, PROBLEM_ADMIN_INVALID, "weights[2]" },
        { A_WEIGHT_HUGE, PROBLEM_ADMIN_INVALID, "weights[2]" },
        { A_RULES_PCT, PROBLEM_ADMIN_INVALID, "punish_pct" },
        { A_ASSESSOR_COMPONENT, PROBLEM_COMPONENT_UNKNOWN, "component" },
        { A_ADD_KIND, PROBLEM_ADMIN_INVALID, "opd_kind" },
        { A_ADD_NAME, PROBLEM_ADMIN_INVALID, "name" },
        { A_TPP_NEGATIVE, PROBLEM_ADMIN_INVALID, "amount" },
        { A_UNKNOWN_OP, PROBLEM_UNKNOWN_REQUEST, "op" },
        { A_TPP_NO_OPD, PROBLEM_OPD_INVALID, "opd" },
    };
    return cr_make_param_array (case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (case_t *c, admin, validate)
{
    static admin_t a;
    s_build (&a, c->which);
    problems_t problems;
    problems_init (&problems);
    bool ok = admin_validate (&a, &problems);
    if (!c->code[0]) {
        cr_expect (ok, "case %d: %s", c->which, problems.items[0].message);
        return;
    }
    cr_assert_not (ok, "case %d passed", c->which);
    cr_assert_eq (problems.count, 1, "case %d: %zu problems (%s)", c->which, problems.count,
                  problems.items[0].field);
    cr_expect_str_eq (problems.items[0].code, c->code);
    cr_expect_str_eq (problems.items[0].field, c->field);
}
