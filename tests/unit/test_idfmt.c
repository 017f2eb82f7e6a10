/*  Indonesian number formats: decimal comma, thousands dots, Rp, the
    minus sign, quarters in Roman numerals, dates in WIB.  */
#include "idfmt.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#define M IDFMT_MINUS

typedef struct { long long value; char text[40]; } num_case_t;

ParameterizedTestParameters (idfmt, centi)
{
    static num_case_t cases[] = {
        { 8750, "87,50" }, { 10000, "100,00" }, { 0, "0,00" }, { 5, "0,05" },
        { 123456, "1.234,56" }, { -5, M "0,05" }, { -1500, M "15,00" },
        { 100000000, "1.000.000,00" },
    };
    return cr_make_param_array (num_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (num_case_t *c, idfmt, centi)
{
    char buf[IDFMT_MAX];
    idfmt_centi (c->value, buf, sizeof buf);
    cr_expect_str_eq (buf, c->text, "idfmt_centi(%lld)", c->value);
}

ParameterizedTestParameters (idfmt, rupiah)
{
    static num_case_t cases[] = {
        { 1234567, "Rp 1.234.567" }, { 0, "Rp 0" }, { 999, "Rp 999" }, { 1000, "Rp 1.000" },
        { -22500000, M "Rp 22.500.000" }, { 150000000, "Rp 150.000.000" },
        { 10000000000000LL, "Rp 10.000.000.000.000" },
        { INT64_MIN, M "Rp 9.223.372.036.854.775.808" },
    };
    return cr_make_param_array (num_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (num_case_t *c, idfmt, rupiah)
{
    char buf[IDFMT_MAX];
    idfmt_rupiah (c->value, false, buf, sizeof buf);
    cr_expect_str_eq (buf, c->text, "idfmt_rupiah(%lld)", c->value);
}

Test (idfmt, signed_amounts_and_percentages)
{
    char buf[IDFMT_MAX];
    idfmt_rupiah (22500000, true, buf, sizeof buf);
    cr_expect_str_eq (buf, "+Rp 22.500.000");
    idfmt_rupiah (0, true, buf, sizeof buf);
    cr_expect_str_eq (buf, "Rp 0", "zero is no change: no sign");
    idfmt_pct (15, buf, sizeof buf);
    cr_expect_str_eq (buf, "+15%");
    idfmt_pct (-15, buf, sizeof buf);
    cr_expect_str_eq (buf, M "15%");
    idfmt_pct (0, buf, sizeof buf);
    cr_expect_str_eq (buf, "0%");
    idfmt_int (3000, buf, sizeof buf);
    cr_expect_str_eq (buf, "3.000");
    idfmt_int (67, buf, sizeof buf);
    cr_expect_str_eq (buf, "67");
}

Test (idfmt, never_past_the_buffer)
{
    char buf[8];
    memset (buf, 'x', sizeof buf);
    idfmt_rupiah (1234567, false, buf, 6);
    cr_expect_eq (strlen (buf), 5);
    cr_expect_eq (buf[7], 'x');
    idfmt_centi (123456, buf, 4);
    cr_expect_str_eq (buf, "1.2");
}

Test (idfmt, periods)
{
    char buf[IDFMT_MAX];
    cr_expect (idfmt_period ("2024-Q3", false, buf, sizeof buf));
    cr_expect_str_eq (buf, "Triwulan III Tahun 2024");
    cr_expect (idfmt_period ("2025-Q4", false, buf, sizeof buf));
    cr_expect_str_eq (buf, "Triwulan IV Tahun 2025");
    cr_expect (idfmt_period ("2024-Q1", true, buf, sizeof buf));
    cr_expect_str_eq (buf, "TW I 2024");
    cr_expect (idfmt_period ("2024-Q2", true, buf, sizeof buf));
    cr_expect_str_eq (buf, "TW II 2024");
    cr_expect_not (idfmt_period ("2024-Q5", false, buf, sizeof buf));
    cr_expect_str_eq (buf, "");
    cr_expect_not (idfmt_period (NULL, false, buf, sizeof buf));
}

Test (idfmt, dates_in_wib)
{
    char buf[IDFMT_MAX];
    /*  2024-09-30 17:00:00 UTC is midnight of 1 October in Banyuwangi.  */
    idfmt_date (1727715600LL * 1000000, buf, sizeof buf);
    cr_expect_str_eq (buf, "1 Oktober 2024");
    idfmt_date (1727715599LL * 1000000, buf, sizeof buf);
    cr_expect_str_eq (buf, "30 September 2024");
    idfmt_date (0, buf, sizeof buf);
    cr_expect_str_eq (buf, "");
}
