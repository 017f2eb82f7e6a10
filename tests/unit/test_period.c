/*  Period text: what parses, what does not, and the round trip.  */
#include "period.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

/*  Criterion re-executes the binary per worker, so parameters must not
    hold pointers: strings are stored in the struct.  */
typedef struct { char text[24]; int ok; int year; int quarter; } period_case_t;

ParameterizedTestParameters (period, parse)
{
    static period_case_t cases[] = {
        { "2024-Q2", 1, 2024, 2 }, { "2000-Q1", 1, 2000, 1 }, { "2999-Q4", 1, 2999, 4 },
        { "2024-Q0", 0, 0, 0 },    { "2024-Q5", 0, 0, 0 },    { "2024-q2", 0, 0, 0 },
        { "2024Q2", 0, 0, 0 },     { "24-Q2", 0, 0, 0 },      { "1999-Q4", 0, 0, 0 },
        { "2024-Q2 ", 0, 0, 0 },   { " 2024-Q2", 0, 0, 0 },   { "", 0, 0, 0 },
        { "2024-Q22", 0, 0, 0 },   { "abcd-Q2", 0, 0, 0 },    { "2024/Q2", 0, 0, 0 },
    };
    return cr_make_param_array (period_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (period_case_t *c, period, parse)
{
    period_t p = { 0, 0 };
    bool ok = period_parse (c->text, strlen (c->text), &p);
    cr_expect_eq (ok, c->ok, "period_parse(\"%s\")", c->text);
    if (c->ok) {
        cr_expect_eq (p.year, c->year);
        cr_expect_eq (p.quarter, c->quarter);
        char buf[16];
        period_format (p, buf, sizeof buf);
        cr_expect_str_eq (buf, c->text);
    }
}

Test (period, parse_respects_length_not_nul)
{
    /*  The length the wire carried is what counts, not where a NUL is.  */
    period_t p;
    cr_expect_not (period_parse ("2024-Q2\0xx", 10, &p));
    cr_expect (period_parse ("2024-Q2xx", 7, &p));
}
