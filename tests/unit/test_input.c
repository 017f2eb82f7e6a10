/*  What a clerk types: arguments and CSV into a submission.  */
#include "input.h"

#include <criterion/criterion.h>
#include <string.h>

static submission_t s_sub;

static FILE *
s_file (const char *text)
{
    return fmemopen ((void *) text, strlen (text), "r");
}

Test (input, arguments)
{
    problems_t problems;
    problems_init (&problems);
    submission_init (&s_sub);
    cr_expect (input_add_argument (&s_sub, "pengawasan=87.50", &problems));
    cr_expect (input_add_argument (&s_sub, "inovasi=90", &problems));
    cr_expect_not (input_add_argument (&s_sub, "inovasi", &problems), "not C=S: usage error");
    cr_expect_not (input_add_argument (&s_sub, "=90", &problems));
    cr_expect_eq (problems.count, 0);
    cr_assert_eq (s_sub.score_count, 2);
    cr_expect_eq (s_sub.scores[0].component, 1);
    cr_expect_eq (s_sub.scores[0].score_centi, 8750);
    cr_expect_eq (s_sub.scores[1].component, 5);
    cr_expect_eq (s_sub.scores[1].score_centi, 9000);
    cr_expect (input_add_evidence (&s_sub, "inovasi=Aplikasi Smart Kampung", &problems));
    cr_expect_str_eq (s_sub.scores[1].evidence, "Aplikasi Smart Kampung");
    cr_expect_eq (problems.count, 0);
}

Test (input, argument_problems_name_the_argument)
{
    problems_t problems;
    problems_init (&problems);
    submission_init (&s_sub);
    input_add_argument (&s_sub, "inovasi=87,5", &problems);
    input_add_argument (&s_sub, "keuangan=80", &problems);
    input_add_argument (&s_sub, "pelaporan=100.5", &problems);
    input_add_argument (&s_sub, "pelaporan=99.999", &problems);
    cr_assert_eq (problems.count, 4);
    cr_expect_str_eq (problems.items[0].code, PROBLEM_SCORE_INVALID);
    cr_expect (strstr (problems.items[0].message, "inovasi=87,5"));
    cr_expect_str_eq (problems.items[1].code, PROBLEM_COMPONENT_UNKNOWN);
    cr_expect_str_eq (problems.items[2].code, PROBLEM_SCORE_OUT_OF_RANGE);
    cr_expect_str_eq (problems.items[3].code, PROBLEM_SCORE_INVALID);
    cr_expect_eq (s_sub.score_count, 0);
}

Test (input, csv)
{
    const char *text =
        "component,score,evidence\r\n"
        "# komentar\n"
        "pengawasan,87.50,\"LHP Inspektorat, semester 1\"\n"
        "\n"
        "perencanaan, 90 ,\n"
        "pelaporan,75.25,\"kata \"\"LKjIP\"\" tepat waktu\"\n";
    FILE *f = s_file (text);
    problems_t problems;
    problems_init (&problems);
    submission_init (&s_sub);
    cr_assert (input_read_csv (&s_sub, f, "scores.csv", &problems));
    fclose (f);
    cr_expect_eq (problems.count, 0, "%s", problems.items[0].message);
    cr_assert_eq (s_sub.score_count, 3);
    cr_expect_str_eq (s_sub.scores[0].evidence, "LHP Inspektorat, semester 1");
    cr_expect_eq (s_sub.scores[1].score_centi, 9000);
    cr_expect_eq (s_sub.scores[1].evidence_len, 0);
    cr_expect_str_eq (s_sub.scores[2].evidence, "kata \"LKjIP\" tepat waktu");
}

Test (input, csv_problems_name_the_line)
{
    const char *text = "pengawasan,87.50\ninovasi\npengadaan,\"open\nanggaran,200\n";
    FILE *f = s_file (text);
    problems_t problems;
    problems_init (&problems);
    submission_init (&s_sub);
    cr_assert (input_read_csv (&s_sub, f, "x.csv", &problems));
    fclose (f);
    cr_assert_eq (problems.count, 3);
    cr_expect (strstr (problems.items[0].message, "x.csv line 2"));
    cr_expect (strstr (problems.items[1].message, "line 3"));
    cr_expect (strstr (problems.items[2].message, "line 4"));
    cr_expect_eq (s_sub.score_count, 1);
}
