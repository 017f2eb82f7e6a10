/*  Each validation rule, table-driven: one broken field per row, and the
    code and field the rejection must name.  */
#include "component.h"
#include "problem.h"
#include "submission.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

static void
s_valid (submission_t *s)
{
    submission_init (s);
    s->id_len = SUBMISSION_ID_LEN;
    memset (s->id, 7, SUBMISSION_ID_LEN);
    submission_set_period (s, "2024-Q2", 7);
    submission_set_opd (s, "DINKES", 6);
    submission_add_score (s, 1, 8750, "bukti", 5);
    submission_add_score (s, 5, 9000, "", 0);
}

typedef enum {
    BREAK_NOTHING, BREAK_ID_SHORT, BREAK_ID_LONG, BREAK_PERIOD_FORMAT, BREAK_PERIOD_NUL,
    BREAK_PERIOD_LONG, BREAK_OPD_LOWER, BREAK_OPD_SHORT, BREAK_OPD_LONG, BREAK_OPD_NUL,
    BREAK_NO_SCORES, BREAK_SEVEN_SCORES, BREAK_COMPONENT_ZERO, BREAK_COMPONENT_SEVEN,
    BREAK_DUPLICATE, BREAK_SCORE_NEGATIVE, BREAK_SCORE_HIGH, BREAK_EVIDENCE_CHARS,
    BREAK_EVIDENCE_BYTES, BREAK_EVIDENCE_NUL, BREAK_EVIDENCE_UTF8
} breakage_t;

/*  No pointers in parameters: Criterion workers are new processes.  */
typedef struct { breakage_t breakage; char code[PROBLEM_CODE_MAX]; char field[PROBLEM_FIELD_MAX]; } rule_case_t;

static void
s_break (submission_t *s, breakage_t b)
{
    static char big[EVIDENCE_MAX_BYTES + 10];
    switch (b) {
        case BREAK_NOTHING: break;
        case BREAK_ID_SHORT: s->id_len = 15; break;
        case BREAK_ID_LONG: s->id_len = 17; break;
        case BREAK_PERIOD_FORMAT: submission_set_period (s, "2024-2", 6); break;
        case BREAK_PERIOD_NUL: submission_set_period (s, "2024-Q2\0", 8); break;
        case BREAK_PERIOD_LONG: submission_set_period (s, "2024-Q2-2024-Q2-2024", 20); break;
        case BREAK_OPD_LOWER: submission_set_opd (s, "dinkes", 6); break;
        case BREAK_OPD_SHORT: submission_set_opd (s, "D", 1); break;
        case BREAK_OPD_LONG: submission_set_opd (s, "DINAS_KESEHATAN_KAB", 19); break;
        case BREAK_OPD_NUL: submission_set_opd (s, "DINKES\0X", 8); break;
        case BREAK_NO_SCORES: s->score_count = 0; break;
        case BREAK_SEVEN_SCORES:    /*  six good ones held, a seventh counted  */
            for (uint32_t id = 2; id <= 6; id++)
                if (id != 5)
                    submission_add_score (s, id, 100, "", 0);
            submission_add_score (s, 3, 100, "", 0);
            break;
        case BREAK_COMPONENT_ZERO: s->scores[1].component = 0; break;
        case BREAK_COMPONENT_SEVEN: s->scores[1].component = 7; break;
        case BREAK_DUPLICATE: s->scores[1].component = 1; break;
        case BREAK_SCORE_NEGATIVE: s->scores[1].score_centi = -1; break;
        case BREAK_SCORE_HIGH: s->scores[1].score_centi = 10001; break;
        case BREAK_EVIDENCE_CHARS:
            memset (big, 'a', 1001);
            submission_add_score (s, 2, 100, big, 1001);
            break;
        case BREAK_EVIDENCE_BYTES:
            memset (big, 'a', sizeof big);
            submission_add_score (s, 2, 100, big, sizeof big);
            break;
        case BREAK_EVIDENCE_NUL: submission_add_score (s, 2, 100, "ab\0cd", 5); break;
        case BREAK_EVIDENCE_UTF8: submission_add_score (s, 2, 100, "caf\xE9", 4); break;
    }
}

ParameterizedTestParameters (submission, rules)
{
    static rule_case_t cases[] = {
        { BREAK_NOTHING, "", "" },
        { BREAK_ID_SHORT, PROBLEM_SUBMISSION_ID, "submission_id" },
        { BREAK_ID_LONG, PROBLEM_SUBMISSION_ID, "submission_id" },
        { BREAK_PERIOD_FORMAT, PROBLEM_PERIOD_INVALID, "period" },
        { BREAK_PERIOD_NUL, PROBLEM_PERIOD_INVALID, "period" },
        { BREAK_PERIOD_LONG, PROBLEM_PERIOD_INVALID, "period" },
        { BREAK_OPD_LOWER, PROBLEM_OPD_INVALID, "opd" },
        { BREAK_OPD_SHORT, PROBLEM_OPD_INVALID, "opd" },
        { BREAK_OPD_LONG, PROBLEM_OPD_INVALID, "opd" },
        { BREAK_OPD_NUL, PROBLEM_OPD_INVALID, "opd" },
        { BREAK_NO_SCORES, PROBLEM_SCORES_MISSING, "scores" },
        { BREAK_SEVEN_SCORES, PROBLEM_SCORES_TOO_MANY, "scores" },
        { BREAK_COMPONENT_ZERO, PROBLEM_COMPONENT_UNKNOWN, "scores[1].component" },
        { BREAK_COMPONENT_SEVEN, PROBLEM_COMPONENT_UNKNOWN, "scores[1].component" },
        { BREAK_DUPLICATE, PROBLEM_COMPONENT_DUPLICATE, "scores[1].component" },
        { BREAK_SCORE_NEGATIVE, PROBLEM_SCORE_OUT_OF_RANGE, "scores[1].score_centi" },
        { BREAK_SCORE_HIGH, PROBLEM_SCORE_OUT_OF_RANGE, "scores[1].score_centi" },
        { BREAK_EVIDENCE_CHARS, PROBLEM_EVIDENCE_TOO_LONG, "scores[2].evidence" },
        { BREAK_EVIDENCE_BYTES, PROBLEM_EVIDENCE_TOO_LONG, "scores[2].evidence" },
        { BREAK_EVIDENCE_NUL, PROBLEM_EVIDENCE_INVALID, "scores[2].evidence" },
        { BREAK_EVIDENCE_UTF8, PROBLEM_EVIDENCE_INVALID, "scores[2].evidence" },
    };
    return cr_make_param_array (rule_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (rule_case_t *c, submission, rules)
{
    static submission_t s;
    problems_t problems;
    problems_init (&problems);
    s_valid (&s);
    s_break (&s, c->breakage);
    bool ok = submission_validate (&s, &problems);
    if (!c->code[0]) {
        cr_expect (ok);
        cr_expect_eq (problems.count, 0);
        return;
    }
    cr_assert_not (ok, "breakage %d passed validation", c->breakage);
    cr_assert_eq (problems.count, 1, "breakage %d: %zu problems, first %s", c->breakage,
                  problems.count, problems.items[0].code);
    cr_expect_str_eq (problems.items[0].code, c->code);
    cr_expect_str_eq (problems.items[0].field, c->field);
    cr_expect_gt (strlen (problems.items[0].message), 20, "a sentence for the clerk");
}

Test (submission, evidence_of_1000_multibyte_chars_is_fine)
{
    static submission_t s;
    static char text[3000];
    for (int i = 0; i < 1000; i++)
        memcpy (text + 2 * i, "\xC3\xA9", 2);      /*  1000 x e-acute, 2000 bytes  */
    s_valid (&s);
    submission_add_score (&s, 3, 5000, text, 2000);
    problems_t problems;
    problems_init (&problems);
    cr_expect (submission_validate (&s, &problems));
}

Test (submission, every_problem_is_reported_at_once)
{
    static submission_t s;
    s_valid (&s);
    s.id_len = 0;
    submission_set_period (&s, "x", 1);
    submission_set_opd (&s, "y", 1);
    s.scores[0].score_centi = 20000;
    problems_t problems;
    problems_init (&problems);
    cr_expect_not (submission_validate (&s, &problems));
    cr_expect_eq (problems.count, 4);
}

Test (problem, list_is_bounded)
{
    problems_t problems;
    problems_init (&problems);
    for (int i = 0; i < PROBLEM_MAX + 5; i++)
        problems_add (&problems, "x", "y", "problem %d", i);
    cr_expect_eq (problems.count, PROBLEM_MAX);
    cr_expect_eq (problems.dropped, 5);
}

Test (component, table)
{
    cr_expect_str_eq (component_by_id (1)->code, "pengawasan");
    cr_expect_str_eq (component_by_id (6)->code, "pengadaan");
    cr_expect_null (component_by_id (0));
    cr_expect_null (component_by_id (7));
    cr_expect_eq (component_by_code ("inovasi")->id, 5);
    cr_expect_null (component_by_code ("Inovasi"));
}
