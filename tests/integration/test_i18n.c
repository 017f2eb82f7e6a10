/*  A quarter in Indonesian: LANG=id_ID.UTF-8, the locale generated in the
    test's own LOCPATH (localedef needs no root), the catalog from the
    build tree. The tools and rapord speak Indonesian and write 87,50 and
    "Triwulan II Tahun 2024" to people, times in WIB; the OPD's key stands
    for --opd; JSON and CSV are byte for byte what the C locale gives.  */
#include "harness.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static test_db_t db;
static test_server_t server;
static test_run_t run;
static char s_locpath[] = "/tmp/rapor-locale-XXXXXX";

/*  Indonesian for every program started from now on (rapord included).  */
static void
s_indonesian (void)
{
    setenv ("LOCPATH", s_locpath, 1);
    setenv ("LANG", "id_ID.UTF-8", 1);
    unsetenv ("LANGUAGE");
    unsetenv ("LC_ALL");
    unsetenv ("LC_MESSAGES");
    setenv ("RAPOR_LOCALEDIR", RAPOR_BUILD_LOCALEDIR, 1);
    unsetenv ("RAPOR_TZ");
}

static void
s_c_locale (void)
{
    setenv ("LANG", "C", 1);
    unsetenv ("LANGUAGE");
}

static void
s_setup (void)
{
    cr_assert (mkdtemp (s_locpath));
    char target[600];
    snprintf (target, sizeof target, "%s/id_ID.UTF-8", s_locpath);
    const char *argv[] = { "/usr/bin/localedef", "-i", "id_ID", "-f", "UTF-8", target, NULL };
    cr_assert_eq (harness_run (&run, argv), 0, "localedef (Debian: locales): %s", run.output);
    s_indonesian ();
    cr_assert (harness_start (&db, &server));
}

static void
s_teardown (void)
{
    /*  Cleanly, as in served.h: with LOCPATH set, glibc's setlocale used
        to show up as a leak report at rapord's exit (tests/lsan.supp).  */
    if (server.pid > 0)
        cr_expect_eq (harness_server_stop (&server, SIGTERM), 0,
                      "rapord did not exit 0 on SIGTERM; the end of its log is above");
    char cmd[700];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", s_locpath);
    cr_expect_eq (system (cmd), 0);
}

TestSuite (i18n, .init = s_setup, .fini = s_teardown, .timeout = 180);

/*  Runs a tool with the inspectorate's or the dashboard's key and keeps
    only its stdout (the human messages on stderr may differ by locale).  */
static void
s_stdout (const char *tool, const char *const *args)
{
    bool admin = strcmp (tool, RAPOR_ADMIN_PATH) == 0;
    const char *argv[32] = { "/bin/sh", "-c", "exec \"$0\" \"$@\" 2>/dev/null", tool,
                             "--server", server.endpoint, "--key",
                             admin ? harness_key ("INSPEKTORAT", "inspectorate")
                                   : harness_key ("DISKOMINFO", "dashboard"),
                             "--server-key", harness_server_key () };
    int argc = 10;
    for (int i = 0; args[i] && argc < 31; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    harness_run (&run, argv);
}

/*  The stdout of TOOL ARGS in the C locale and in Indonesian: the same bytes.  */
static void
s_both (const char *what, const char *tool, const char *const *args)
{
    static char c_output[sizeof run.output];
    s_c_locale ();
    s_stdout (tool, args);
    cr_assert_eq (run.status, 0, "%s (C): %s", what, run.output);
    snprintf (c_output, sizeof c_output, "%s", run.output);
    s_indonesian ();
    s_stdout (tool, args);
    cr_assert_eq (run.status, 0, "%s (id): %s", what, run.output);
    size_t at = 0;
    while (c_output[at] && c_output[at] == run.output[at])
        at++;
    cr_expect_str_eq (run.output, c_output, "%s differs between the C and id_ID locales at byte "
                      "%zu: C '%.60s', id '%.60s'", what, at, c_output + (at > 20 ? at - 20 : 0),
                      run.output + (at > 20 ? at - 20 : 0));
}

Test (i18n, a_quarter_in_indonesian)
{
    /*  An OPD's key decides the OPD: no --opd.  */
    harness_submit (&run, &server, "--period", "2024-Q2", "pengawasan=87,5", "inovasi=90",
                    NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Diterima: 2 nilai dari OPD pemilik kunci ini untuk "
                                   "Triwulan II Tahun 2024 tersimpan pada "), "%s", run.output);
    cr_expect (strstr (run.output, " WIB.\n"), "times in WIB: %s", run.output);
    cr_expect (strstr (run.output, "Tanda terima: "), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM current_scores"
                                          " WHERE opd = 'DINKES' AND component = 'pengawasan'"
                                          " AND kind = 'self' AND score_centi = 8750"), 1);

    /*  --opd that is not the key's OPD: refused, by rapord, in Indonesian.  */
    harness_submit (&run, &server, "--opd", "DINSOS", "--period", "2024-Q2", "inovasi=80",
                    "--key", harness_key ("DINKES", "opd"), "--server-key",
                    harness_server_key (), NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "Ditolak: tidak ada yang disimpan."), "%s", run.output);
    cr_expect (strstr (run.output, "Kunci ini milik DINKES; kunci ini hanya boleh menilai "
                                   "mandiri DINKES, bukan DINSOS."), "%s", run.output);

    /*  A wrong score is named in Indonesian, before anything travels.  */
    harness_submit (&run, &server, "--period", "2024-Q2", "inovasi=80%", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "nilai inovasi adalah '80%'; tulis tanpa tanda persen"),
               "%s", run.output);

    /*  The assessor's receipt names who sent the scores.  */
    harness_submit (&run, &server, "--verified", "--as", "BAPPEDA", "--opd", "DINKES",
                    "--period", "2024-Q2", "inovasi=91,25", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Diterima: 1 nilai terverifikasi untuk DINKES, dikirim oleh "
                                   "BAPPEDA, untuk Triwulan II Tahun 2024"), "%s", run.output);

    harness_admin (&run, &server, "tpp", "2024-Q2", "DINKES", "15000000", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "TPP dasar DINKES untuk 2024-Q2"), "%s", run.output);
    harness_admin (&run, &server, "close", "2024-Q2", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Periode 2024-Q2 kini ditutup."), "%s", run.output);
    /*  A status is a word of the sentence's language, not the database's.  */
    harness_admin (&run, &server, "close", "2024-Q2", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "Periode 2024-Q2 berstatus ditutup; hanya periode yang dibuka "
                                   "yang dapat ditutup."), "%s", run.output);
    /*  Provisional standings name the period's state in Indonesian too.  */
    harness_admin (&run, &server, "standings", "2024-Q2", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "2024-Q2 (ditutup)") && !strstr (run.output, "(closed)"),
               "%s", run.output);
    /*  The OPD's own scores: every word Indonesian, and each column as
        wide as its Indonesian heading ("terverifikasi" is 13 characters:
        the value ends where the heading does).  */
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "--mine", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "(belum ada)") && strstr (run.output, "tidak ada"), "%s",
               run.output);
    cr_expect (!strstr (run.output, "(not yet)") && !strstr (run.output, "none"), "%s",
               run.output);
    const char *head = strstr (run.output, "\nkomponen ");
    const char *row = strstr (run.output, "\ninovasi ");
    cr_assert (head && row, "%s", run.output);
    const char *head_end = strstr (head, "terverifikasi") + strlen ("terverifikasi");
    const char *row_end = strstr (row, "91,25");
    cr_assert (row_end, "%s", run.output);
    row_end += strlen ("91,25");
    cr_expect_eq (head_end - head, row_end - row, "verified column misaligned: %s", run.output);
    const char *by = strstr (row, "BAPPEDA"), *by_head = strstr (head, "diverifikasi oleh");
    cr_expect (by && by_head && by - row == by_head - head, "verified-by column misaligned: %s",
               run.output);
    /*  An objection: who answers it is said in Indonesian too.  */
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q2", "--object",
                    "inovasi", "Bukti inovasi sudah diunggah", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "menyanggah nilai inovasi-nya (91,25) pada 2024-Q2. BAPPEDA "
                                   "(penilai) atau Inspektorat akan menjawabnya"), "%s", run.output);
    harness_admin (&run, &server, "finalize", "2024-Q2", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "Periode 2024-Q2 tidak dapat difinalisasi: "), "%s",
               run.output);
    harness_admin (&run, &server, "finalize", "2024-Q2", "--force", "uji bahasa", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Periode 2024-Q2 difinalisasi SECARA PAKSA: lengkap: "),
               "%s", run.output);

    harness_admin (&run, &server, "standings", "2024-Q2", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Rapor kinerja OPD Triwulan II Tahun 2024: difinalisasi "),
               "%s", run.output);
    cr_expect (strstr (run.output, " WIB oleh INSPEKTORAT"), "%s", run.output);
    cr_expect (strstr (run.output, "DIFINALISASI WALAU BELUM LENGKAP. Alasan: uji bahasa"),
               "%s", run.output);
    cr_expect (strstr (run.output, " 91,25 "), "DINKES's verified inovasi, 87,50-style: %s",
               run.output);
    cr_expect (strstr (run.output, "\nTerbaik:"), "%s", run.output);

    harness_admin (&run, &server, "submissions", "2024-Q2", "DINKES", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "pengawasan=87,50"), "%s", run.output);
    cr_expect (strstr (run.output, "terverifikasi"), "%s", run.output);

    /*  rapor-watch, as a person reads it.  */
    const char *watch[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                            server.pub_endpoint, "--period", "2024-Q2", "--once", "--key",
                            harness_key ("DISKOMINFO", "dashboard"), "--server-key",
                            harness_server_key (), NULL };
    harness_run (&run, watch);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Rapor kinerja OPD Triwulan II Tahun 2024: difinalisasi "),
               "%s", run.output);

    /*  What machines read does not follow the locale.  */
    s_both ("standings --json", RAPOR_ADMIN_PATH,
            (const char *[]) { "--json", "standings", "2024-Q2", NULL });
    cr_expect (strstr (run.output, "\"total\":\""), "%s", run.output);
    s_both ("export (RFC 4180)", RAPOR_ADMIN_PATH,
            (const char *[]) { "export", "2024-Q2", NULL });
    cr_expect (strstr (run.output, "2024-Q2,"), "%s", run.output);
    s_both ("export --excel", RAPOR_ADMIN_PATH,
            (const char *[]) { "export", "2024-Q2", "--excel", NULL });
    s_both ("rapor-watch --json", RAPOR_WATCH_PATH,
            (const char *[]) { "--broadcast", server.pub_endpoint, "--period", "2024-Q2",
                               "--once", "--json", NULL });
    cr_expect (strstr (run.output, "\"period\":\"2024-Q2\""), "%s", run.output);
}

Test (i18n, english_stays_the_fallback)
{
    s_c_locale ();
    harness_submit (&run, &server, "--period", "2024-Q2", "inovasi=80%", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "the score for inovasi is '80%'; write it with no percent "
                                   "sign"), "%s", run.output);
    harness_submit (&run, &server, "--period", "2024-Q2", "inovasi=80,5", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Accepted: 1 score from this key's OPD for 2024-Q2 was "
                                   "stored at "), "%s", run.output);
}

/*  The label given to keygen is the one `key list` shows, without typing
    it again at `key add` (issue 13: "the label never appears").  */
Test (i18n, the_keygen_label_shows_in_key_list)
{
    char dir[] = "/tmp/rapor-label-XXXXXX";
    cr_assert (mkdtemp (dir));
    char path[600];
    snprintf (path, sizeof path, "%s/dinkes2.key", dir);
    const char *keygen[] = { RAPOR_ADMIN_PATH, "keygen", path, "Dinas Kesehatan, operator SAKIP",
                             NULL };
    harness_run (&run, keygen);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Menulis "), "keygen speaks Indonesian: %s", run.output);
    harness_admin (&run, &server, "key", "add", path, "DINKES", "opd", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "key", "list", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, " Dinas Kesehatan, operator SAKIP\n"), "%s", run.output);
    cr_expect (strstr (run.output, " aktif    Dinas Kesehatan") && !strstr (run.output, "active"),
               "a key's state in Indonesian: %s", run.output);
    harness_admin (&run, &server, "opd", "list", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, " aktif ") && !strstr (run.output, "active"),
               "an OPD's state in Indonesian: %s", run.output);
    char cmd[700];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq (system (cmd), 0);
}
