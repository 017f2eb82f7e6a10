/*  What a clerk types: arguments and CSV into a submission.  */
#include "input.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
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
    input_add_argument (&s_sub, "inovasi=87,5x", &problems);
    input_add_argument (&s_sub, "keuangan=80", &problems);
    input_add_argument (&s_sub, "pelaporan=100.5", &problems);
    input_add_argument (&s_sub, "pelaporan=99.999", &problems);
    cr_assert_eq (problems.count, 4);
    cr_expect_str_eq (problems.items[0].code, PROBLEM_SCORE_INVALID);
    cr_expect (strstr (problems.items[0].message, "inovasi=87,5x"));
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

Test (input, a_decimal_comma_is_a_decimal_mark)
{
    problems_t problems;
    problems_init (&problems);
    submission_init (&s_sub);
    cr_expect (input_add_argument (&s_sub, "pengawasan=87,5", &problems));
    cr_expect (input_add_argument (&s_sub, "inovasi=0,05", &problems));
    cr_expect_eq (problems.count, 0, "%s", problems.items[0].message);
    cr_assert_eq (s_sub.score_count, 2);
    cr_expect_eq (s_sub.scores[0].score_centi, 8750);
    cr_expect_eq (s_sub.scores[1].score_centi, 5);
}

/*  Each wrong score gets its own cause, not one hint for all. Arrays,
    not pointers: Criterion runs each case in a new process.  */
typedef struct {
    char typed[16];
    char code[32];
    char says[32];
} wrong_t;

ParameterizedTestParameters (input, each_wrong_score_says_why)
{
    static wrong_t cases[] = {
        { "-1", PROBLEM_SCORE_OUT_OF_RANGE, "between 0 and 100" },
        { "100,01", PROBLEM_SCORE_OUT_OF_RANGE, "between 0 and 100" },
        { "", PROBLEM_SCORE_INVALID, "is empty" },
        { "   ", PROBLEM_SCORE_INVALID, "is empty" },
        { "80%", PROBLEM_SCORE_INVALID, "no percent sign" },
        { "87.555", PROBLEM_SCORE_INVALID, "at most two decimals" },
        { "87,555", PROBLEM_SCORE_INVALID, "at most two decimals" },
        { "delapan", PROBLEM_SCORE_INVALID, "has letters" },
        { "87a", PROBLEM_SCORE_INVALID, "has letters" },
        { "1.234,5", PROBLEM_SCORE_INVALID, "one decimal mark" },
        { "87 5", PROBLEM_SCORE_INVALID, "space inside" },
        { "87,", PROBLEM_SCORE_INVALID, "both sides" },
        { ",5", PROBLEM_SCORE_INVALID, "both sides" },
        { "+5", PROBLEM_SCORE_INVALID, "not a number" },
    };
    return cr_make_param_array (wrong_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (wrong_t *w, input, each_wrong_score_says_why)
{
    int32_t centi = -7;
    char why[200] = "";
    const char *code = input_parse_score (w->typed, "inovasi", &centi, why, sizeof why);
    cr_assert (code, "'%s' was accepted as %d", w->typed, centi);
    cr_expect_str_eq (code, w->code, "'%s': %s", w->typed, why);
    cr_expect (strstr (why, w->says), "'%s': %s", w->typed, why);
    cr_expect (strstr (why, "inovasi"), "names the component: %s", why);
    cr_expect_not (strstr (why, "not a comma"), "the old, wrong hint: %s", why);
    cr_expect_eq (centi, -7, "nothing stored");
}

Test (input, spaces_around_a_score_are_dropped)
{
    int32_t centi = 0;
    char why[200] = "";
    cr_expect_null (input_parse_score (" 87.5", "inovasi", &centi, why, sizeof why), "%s", why);
    cr_expect_eq (centi, 8750);
    cr_expect_null (input_parse_score ("\t87,5  ", "inovasi", &centi, why, sizeof why), "%s",
                    why);
    cr_expect_eq (centi, 8750);
    cr_expect_null (input_parse_score ("100", "inovasi", &centi, why, sizeof why));
    cr_expect_eq (centi, 10000);
}

static void
s_read_csv (const char *text, problems_t *problems)
{
    FILE *f = s_file (text);
    problems_init (problems);
    submission_init (&s_sub);
    cr_assert (input_read_csv (&s_sub, f, "nilai.csv", problems));
    fclose (f);
}

/*  What Excel with Indonesian settings saves as "CSV UTF-8": a BOM, ';',
    CRLF, decimal commas, Indonesian column names.  */
Test (input, an_indonesian_excel_file)
{
    problems_t problems;
    s_read_csv ("\xEF\xBB\xBFkomponen;nilai;bukti\r\n"
                "pengawasan;87,5;LHP Inspektorat, semester 1\r\n"
                "inovasi;90;\"Aplikasi \"\"Smart Kampung\"\"; tahap 2\"\r\n"
                "pelaporan;75,25;\r\n"
                ";;\r\n", &problems);
    cr_expect_eq (problems.count, 1, "%s", problems.items[0].message);
    cr_assert_eq (s_sub.score_count, 3);
    cr_expect_eq (s_sub.scores[0].score_centi, 8750);
    cr_expect_str_eq (s_sub.scores[0].evidence, "LHP Inspektorat, semester 1");
    cr_expect_eq (s_sub.scores[1].score_centi, 9000);
    cr_expect_str_eq (s_sub.scores[1].evidence, "Aplikasi \"Smart Kampung\"; tahap 2");
    cr_expect_eq (s_sub.scores[2].score_centi, 7525);
    cr_expect_eq (s_sub.scores[2].evidence_len, 0);
    /*  The empty row: its line and column, and no BOM anywhere.  */
    cr_expect (strstr (problems.items[0].message, "nilai.csv line 5, column 1 (komponen)"),
               "%s", problems.items[0].message);
}

Test (input, a_bom_never_reaches_a_message)
{
    problems_t problems;
    s_read_csv ("\xEF\xBB\xBF" "komponan,nilai\n", &problems);
    cr_assert_eq (problems.count, 1);
    cr_expect (strstr (problems.items[0].message, "'komponan' is not a column"), "%s",
               problems.items[0].message);
    s_read_csv ("\xEF\xBB\xBF" "keuangan;80\r\n", &problems);
    cr_assert_eq (problems.count, 1);
    cr_expect (strstr (problems.items[0].message, "'keuangan' is not a component"), "%s",
               problems.items[0].message);
    cr_expect_not (strstr (problems.items[0].message, "\xEF\xBB\xBF"));
}

Test (input, english_header_in_any_order_and_a_semicolon_without_header)
{
    problems_t problems;
    s_read_csv ("score,component\n87.50,pengawasan\n", &problems);
    cr_expect_eq (problems.count, 0, "%s", problems.items[0].message);
    cr_assert_eq (s_sub.score_count, 1);
    cr_expect_eq (s_sub.scores[0].score_centi, 8750);
    s_read_csv ("pengawasan;87,5\r\ninovasi;\"90,25\"\r\n", &problems);
    cr_expect_eq (problems.count, 0, "%s", problems.items[0].message);
    cr_assert_eq (s_sub.score_count, 2);
    cr_expect_eq (s_sub.scores[1].score_centi, 9025);
    /*  A quoted decimal comma in a ','-separated file.  */
    s_read_csv ("component,score\npengawasan,\"87,5\"\n", &problems);
    cr_expect_eq (problems.count, 0, "%s", problems.items[0].message);
    cr_expect_eq (s_sub.scores[0].score_centi, 8750);
}

Test (input, csv_refusals_name_line_column_and_cause)
{
    problems_t problems;
    s_read_csv ("komponen;nilai\r\n"
                "pengawasan;-1\r\n"
                "perencanaan;\r\n"
                "pelaporan;80%\r\n"
                "anggaran;87.555\r\n"
                "inovasi;baik\r\n"
                "pengadaan; 87,5\r\n", &problems);
    cr_assert_eq (problems.count, 5);
    const char *expect[][2] = {
        { "line 2, column 2 (nilai)", "between 0 and 100" },
        { "line 3, column 2 (nilai)", "is empty" },
        { "line 4, column 2 (nilai)", "no percent sign" },
        { "line 5, column 2 (nilai)", "at most two decimals" },
        { "line 6, column 2 (nilai)", "has letters" },
    };
    for (int i = 0; i < 5; i++) {
        cr_expect (strstr (problems.items[i].message, expect[i][0]), "%s",
                   problems.items[i].message);
        cr_expect (strstr (problems.items[i].message, expect[i][1]), "%s",
                   problems.items[i].message);
    }
    cr_assert_eq (s_sub.score_count, 1, "the leading space is dropped, not refused");
    cr_expect_eq (s_sub.scores[0].score_centi, 8750);
}

Test (input, a_decimal_comma_in_a_comma_file_is_not_split_silently)
{
    problems_t problems;
    s_read_csv ("pengawasan,87,5\n", &problems);
    cr_assert_eq (problems.count, 1);
    cr_expect (strstr (problems.items[0].message, "decimal comma"), "%s",
               problems.items[0].message);
    cr_expect_eq (s_sub.score_count, 0, "not 87 with evidence '5'");
    s_read_csv ("komponen,nilai,bukti\npengawasan,87,5\n", &problems);
    cr_expect_eq (problems.count, 1);
    cr_expect_eq (s_sub.score_count, 0);
}

Test (input, a_semicolon_file_with_wrong_fields_says_semicolon)
{
    problems_t problems;
    s_read_csv ("komponen;nilai\r\npengawasan\r\n", &problems);
    cr_assert_eq (problems.count, 1);
    cr_expect (strstr (problems.items[0].message, "separated by ';'"), "%s",
               problems.items[0].message);
    cr_expect (strstr (problems.items[0].message, "komponen;nilai"), "%s",
               problems.items[0].message);
}

Test (input, a_sheet_file_given_with_opd_is_refused)
{
    problems_t problems;
    s_read_csv ("opd;komponen;nilai\r\nDINKES;inovasi;80\r\n", &problems);
    cr_assert_eq (problems.count, 1);
    cr_expect (strstr (problems.items[0].message, "leave out --opd"), "%s",
               problems.items[0].message);
    cr_expect_eq (s_sub.score_count, 0);
}

Test (input, a_sheet_groups_rows_by_opd)
{
    const char *text = "\xEF\xBB\xBFopd;komponen;nilai;bukti\r\n"
                       "DINKES;inovasi;87,5;Aplikasi\r\n"
                       "DISHUB;inovasi;70\r\n"
                       "DINKES;pengadaan;60,25;\r\n"
                       "DISDIK;inovasi;80%\r\n"
                       ";inovasi;50\r\n";
    FILE *f = s_file (text);
    input_sheet_t *sheet = input_sheet_new ();
    cr_assert (sheet);
    cr_assert (input_sheet_read (sheet, f, "penilaian.csv"));
    fclose (f);
    cr_expect_eq (sheet->rows, 5);
    cr_assert_eq (sheet->count, 3);
    const input_group_t *dinkes = &sheet->groups[0];
    cr_expect_str_eq (dinkes->opd, "DINKES");
    cr_expect_str_eq (dinkes->lines, "2, 4");
    cr_assert_eq (dinkes->submission->score_count, 2);
    cr_expect_eq (dinkes->submission->scores[0].score_centi, 8750);
    cr_expect_str_eq (dinkes->submission->scores[0].evidence, "Aplikasi");
    cr_expect_eq (dinkes->submission->scores[1].score_centi, 6025);
    cr_expect_str_eq (dinkes->submission->opd, "DINKES");
    cr_expect_str_eq (sheet->groups[1].opd, "DISHUB");
    cr_expect (problems_empty (&sheet->groups[1].problems));
    cr_assert_eq (sheet->groups[2].problems.count, 1);
    cr_expect (strstr (sheet->groups[2].problems.items[0].message,
                       "penilaian.csv line 5, column 3 (nilai)"), "%s",
               sheet->groups[2].problems.items[0].message);
    cr_assert_eq (sheet->problems.count, 1, "the row without an OPD");
    cr_expect (strstr (sheet->problems.items[0].message, "line 6, column 1 (opd)"), "%s",
               sheet->problems.items[0].message);
    cr_expect (input_sheet_has_problems (sheet));
    /*  The same bytes, the same digest: what the retry's ids rest on.  */
    uint8_t first[INPUT_SHA256_LEN];
    memcpy (first, sheet->sha256, sizeof first);
    input_sheet_destroy (&sheet);
    cr_expect_null (sheet);
    f = s_file (text);
    sheet = input_sheet_new ();
    cr_assert (input_sheet_read (sheet, f, "penilaian.csv"));
    fclose (f);
    cr_expect_arr_eq (sheet->sha256, first, sizeof first);
    input_sheet_destroy (&sheet);
}

Test (input, a_sheet_without_opd_column_is_refused)
{
    FILE *f = s_file ("komponen;nilai\r\ninovasi;80\r\n");
    input_sheet_t *sheet = input_sheet_new ();
    cr_assert (input_sheet_read (sheet, f, "x.csv"));
    fclose (f);
    cr_expect_eq (sheet->count, 0);
    cr_assert_eq (sheet->problems.count, 1);
    cr_expect (strstr (sheet->problems.items[0].message, "no opd column"), "%s",
               sheet->problems.items[0].message);
    input_sheet_destroy (&sheet);
}

/*  The samples the README shows, as Excel with Indonesian settings saved
    them: they must read without a problem.  */
Test (input, the_readme_samples_read_cleanly)
{
    FILE *f = fopen (RAPOR_SOURCE_DIR "/docs/contoh-nilai.csv", "r");
    cr_assert (f);
    problems_t problems;
    problems_init (&problems);
    submission_init (&s_sub);
    cr_assert (input_read_csv (&s_sub, f, "contoh-nilai.csv", &problems));
    fclose (f);
    cr_expect_eq (problems.count, 0, "%s", problems.items[0].message);
    cr_expect_eq (s_sub.score_count, 3);
    f = fopen (RAPOR_SOURCE_DIR "/docs/contoh-penilaian.csv", "r");
    cr_assert (f);
    input_sheet_t *sheet = input_sheet_new ();
    cr_assert (input_sheet_read (sheet, f, "contoh-penilaian.csv"));
    fclose (f);
    cr_expect_not (input_sheet_has_problems (sheet));
    cr_expect_eq (sheet->count, 3);
    cr_expect_eq (sheet->rows, 4);
    input_sheet_destroy (&sheet);
}
