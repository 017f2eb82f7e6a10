/*  Score text <-> hundredths: the no-floating-point rule in practice.  */
#include "score.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

/*  No pointers in parameters: Criterion workers are new processes.  */
typedef struct { char text[16]; score_status_t status; int32_t centi; } score_case_t;

ParameterizedTestParameters (score, parse)
{
    static score_case_t cases[] = {
        { "87.50", SCORE_OK, 8750 },   { "87.5", SCORE_OK, 8750 },  { "90", SCORE_OK, 9000 },
        { "0", SCORE_OK, 0 },          { "0.00", SCORE_OK, 0 },     { "100", SCORE_OK, 10000 },
        { "100.00", SCORE_OK, 10000 }, { "0.01", SCORE_OK, 1 },     { "99.99", SCORE_OK, 9999 },
        { "007.05", SCORE_OK, 705 },
        { "100.01", SCORE_OUT_OF_RANGE, 0 }, { "101", SCORE_OUT_OF_RANGE, 0 },
        { "99999999", SCORE_OUT_OF_RANGE, 0 },
        { "87.505", SCORE_TOO_PRECISE, 0 },  { "87.500", SCORE_TOO_PRECISE, 0 },
        { "-1", SCORE_SYNTAX, 0 },     { "+1", SCORE_SYNTAX, 0 },   { "87,50", SCORE_SYNTAX, 0 },
        { "87.", SCORE_SYNTAX, 0 },    { ".5", SCORE_SYNTAX, 0 },   { "", SCORE_SYNTAX, 0 },
        { "1e2", SCORE_SYNTAX, 0 },    { " 87", SCORE_SYNTAX, 0 },  { "87 ", SCORE_SYNTAX, 0 },
        { "nan", SCORE_SYNTAX, 0 },
    };
    return cr_make_param_array (score_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (score_case_t *c, score, parse)
{
    int32_t centi = -12345;
    cr_expect_eq (score_parse (c->text, &centi), c->status, "score_parse(\"%s\")", c->text);
    if (c->status == SCORE_OK)
        cr_expect_eq (centi, c->centi, "score_parse(\"%s\")", c->text);
}

Test (score, format)
{
    char buf[SCORE_TEXT_MAX];
    score_format (8750, buf, sizeof buf);
    cr_expect_str_eq (buf, "87.50");
    score_format (5, buf, sizeof buf);
    cr_expect_str_eq (buf, "0.05");
    score_format (10000, buf, sizeof buf);
    cr_expect_str_eq (buf, "100.00");
    score_format (-1, buf, sizeof buf);
    cr_expect_str_eq (buf, "-0.01");
    score_format (INT32_MIN, buf, sizeof buf);
    cr_expect_str_eq (buf, "-21474836.48");
}

Test (score, range)
{
    cr_expect (score_in_range (0));
    cr_expect (score_in_range (10000));
    cr_expect_not (score_in_range (-1));
    cr_expect_not (score_in_range (10001));
}
