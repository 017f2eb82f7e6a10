/*  rapor-admin's reading of an OPD list (opdfile) and of --since (overview).  */
#define _POSIX_C_SOURCE 200809L  /*  fmemopen  */
#include "overview.h"
#include "opdfile.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static admin_t s_admin;
static unsigned *s_lines;

static bool
s_read (const char *text, problems_t *problems)
{
    FILE *f = fmemopen ((void *) text, strlen (text), "r");
    cr_assert (f);
    free (s_admin.imports);
    free (s_lines);
    admin_init (&s_admin, ADMIN_OPD_IMPORT);
    s_lines = NULL;
    problems_init (problems);
    bool ok = opdfile_read (f, "opd.csv", &s_admin, &s_lines, problems);
    fclose (f);
    return ok;
}

Test (opdfile, quotes_header_comments_bom_and_crlf)
{
    problems_t problems;
    cr_assert (s_read ("\xEF\xBB\xBF# list\r\ncode,name,kind\r\n\r\n"
                       "DINKES, Dinas Kesehatan ,dinas\r\n"
                       "DINSOS,\"Dinas Sosial, \"\"PPKB\"\"\",dinas\n"
                       "KEC_LICIN,Kecamatan Licin,kecamatan", &problems));
    cr_expect_eq (problems.count, 0, "%s", problems.count ? problems.items[0].message : "");
    cr_assert_eq (s_admin.import_count, 3);
    cr_expect_str_eq (s_admin.imports[0].name, "Dinas Kesehatan");
    cr_expect_str_eq (s_admin.imports[1].name, "Dinas Sosial, \"PPKB\"");
    cr_expect_str_eq (s_admin.imports[2].code, "KEC_LICIN");
    cr_expect_eq (s_lines[0], 4);
    cr_expect_eq (s_lines[2], 6);
}

Test (opdfile, bad_lines_are_named_and_mapped)
{
    problems_t problems;
    cr_assert (s_read ("DINKES,Dinas,dinas\nDISHUB,\"Dinas Perhubungan,dinas\n"
                       "A,B\nX,Y,Z,W,V\nBAPPEDA,Bappeda,badan\n", &problems));
    cr_assert_eq (problems.count, 3);
    cr_expect_str_eq (problems.items[0].field, "line 2");
    cr_expect (strstr (problems.items[0].message, "unclosed quote"));
    cr_expect_str_eq (problems.items[1].field, "line 3");
    cr_expect_str_eq (problems.items[2].field, "line 4");
    cr_assert_eq (s_admin.import_count, 2);
    problems_t from_server;
    problems_init (&from_server);
    problems_add (&from_server, PROBLEM_ADMIN_REFUSED, "opds[1].code", "clash");
    opdfile_name_lines (&from_server, s_lines, s_admin.import_count);
    cr_expect_str_eq (from_server.items[0].field, "line 5 (code)");
}

Test (opdfile, the_assesses_column_takes_codes_and_numbers)
{
    problems_t problems;
    cr_assert (s_read ("code,name,kind,assesses\n"
                       "BAPPEDA,Bappeda,badan,Perencanaan  inovasi\n"
                       "PBJ,Bagian PBJ,bagian,6\n"
                       "DINKES,Dinas Kesehatan,dinas,\n"
                       "BPKAD,BPKAD,badan,anggaran;pajak\n", &problems));
    cr_assert_eq (problems.count, 1);
    cr_expect_str_eq (problems.items[0].field, "line 5 (assesses)");
    cr_expect (strstr (problems.items[0].message, "'pajak' is not a component"), "%s",
               problems.items[0].message);
    cr_assert_eq (s_admin.import_count, 3);
    cr_assert_eq (s_admin.imports[0].assess_count, 2);
    cr_expect_eq (s_admin.imports[0].assesses[0], 2);
    cr_expect_eq (s_admin.imports[0].assesses[1], 5);
    cr_expect_eq (s_admin.imports[1].assess_count, 1);
    cr_expect_eq (s_admin.imports[1].assesses[0], 6);
    cr_expect_eq (s_admin.imports[2].assess_count, 0);
    problems_t from_server;
    problems_init (&from_server);
    problems_add (&from_server, PROBLEM_ADMIN_REFUSED, "opds[1].assesses", "deactivated");
    opdfile_name_lines (&from_server, s_lines, s_admin.import_count);
    cr_expect_str_eq (from_server.items[0].field, "line 3 (assesses)");
}

Test (opdfile, an_empty_file_is_a_problem)
{
    problems_t problems;
    cr_assert (s_read ("# nothing\ncode,name,kind\n", &problems));
    cr_expect_eq (problems.count, 1);
    cr_expect_eq (s_admin.import_count, 0);
}

Test (overview, since_takes_dates_and_ages)
{
    int64_t us = 0;
    cr_expect (overview_parse_since ("2h", 1000000, &us));
    cr_expect_eq (us, (1000000LL - 7200) * 1000000);
    cr_expect (overview_parse_since ("7d", 1000000, &us));
    cr_expect_eq (us, (1000000LL - 7 * 86400) * 1000000);
    cr_expect (overview_parse_since ("30m", 1000000, &us));
    cr_expect_eq (us, (1000000LL - 1800) * 1000000);
    cr_expect (overview_parse_since ("2024-10-01", 0, &us));
    cr_expect (overview_parse_since ("2024-10-01T08:00", 0, &us));
    cr_expect (overview_parse_since ("2024-10-01 08:00:30", 0, &us));
    cr_expect_not (overview_parse_since ("yesterday", 0, &us));
    cr_expect_not (overview_parse_since ("2h30", 0, &us));
    cr_expect_not (overview_parse_since ("2024-13-01x", 0, &us));
    cr_expect_not (overview_parse_since ("", 0, &us));
}
