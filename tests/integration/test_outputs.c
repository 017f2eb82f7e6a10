/*  Honest outputs: rapor-admin's payroll CSV appears whole or not at all,
    --json puts only JSON on stdout, output that cannot be written is a
    failure, and an option after the command is honoured or refused.

    The tools run as real processes against a real rapord and PostgreSQL.
    stdout and stderr are kept apart here (harness_run joins them), and a
    run may get a file size limit: with SIGXFSZ ignored, a write past the
    limit fails with EFBIG, as a write to a full disk fails with ENOSPC.  */
#include "served.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define JQ "/usr/bin/jq"

typedef struct {
    int status;
    char out[1 << 20];      /*  a ranking of 170 OPDs in JSON is some 70 KB  */
    char err[8192];
} split_run_t;

static split_run_t sr;

/*  Runs rapor-admin with the inspectorate's key and `args` (NULL-ended);
    stdout goes to `out_path` (NULL: a temporary file, read into sr.out).
    fsize_limit > 0 caps the size of every file it writes.  */
static int
s_admin (const char *out_path, long fsize_limit, const char *const *args)
{
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("INSPEKTORAT", "inspectorate"));
    const char *argv[64] = { RAPOR_ADMIN_PATH, "--server", server.endpoint, "--key", key,
                             "--server-key", harness_server_key () };
    int argc = 7;
    for (int i = 0; args[i] && argc < 63; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;

    sr.status = harness_exec (argv, out_path, fsize_limit, sr.out, sizeof sr.out, sr.err,
                              sizeof sr.err);
    return sr.status;
}

#define ADMIN(out, limit, ...) s_admin (out, limit, (const char *const[]) { __VA_ARGS__, NULL })

/*  True if `text` is exactly one JSON object whose `provisional` is as
    given, by a real JSON parser.  */
static bool
s_one_json_object (const char *text, bool provisional)
{
    cr_assert (access (JQ, X_OK) == 0, "jq is needed (deploy/install-deps installs it)");
    char path[] = "/tmp/rapor-json-XXXXXX";
    int fd = mkstemp (path);
    cr_assert (fd >= 0);
    cr_assert_eq (write (fd, text, strlen (text)), (ssize_t) strlen (text));
    close (fd);
    char filter[160];
    snprintf (filter, sizeof filter, "length == 1 and (.[0] | type == \"object\")"
              " and .[0].provisional == %s and (.[0].entries | length) > 0",
              provisional ? "true" : "false");
    test_run_t jq;
    const char *argv[] = { JQ, "-e", "-s", filter, path, NULL };
    harness_run (&jq, argv);
    unlink (path);
    if (jq.status != 0)
        cr_log_error ("jq: %s", jq.output);
    return jq.status == 0;
}

/*  Finalizes 2024-Q1 with a hundred more OPDs, so the CSV is some pages
    long. A guard that refuses an incomplete quarter is answered with
    --force; these tests are about the outputs, not the guard.  */
static void
s_finalize (const char *const *extra)
{
    cr_assert_eq (harness_db_command (&db,
        "INSERT INTO opds (code, name, kind) SELECT 'UJI_' || n, 'Kantor Uji Keluaran Nomor '"
        " || n || ', Jalan Yang Panjang Sekali', 'kantor' FROM generate_series(100, 199) n"), 0);
    const char *args[8] = { "finalize", "2024-Q1" };
    int n = 2;
    for (int i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    if (s_admin (NULL, 0, args) == 1) {
        args[n++] = "--force";
        args[n++] = "uji keluaran";
        args[n] = NULL;
        s_admin (NULL, 0, args);
    }
    cr_assert_eq (sr.status, 0, "%s%s", sr.out, sr.err);
}

/*  The names in a directory, space-separated, into buf.  */
static void
s_listing (const char *dir, char *buf, size_t size)
{
    buf[0] = '\0';
    DIR *d = opendir (dir);
    cr_assert (d);
    struct dirent *e;
    while ((e = readdir (d)))
        if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
            snprintf (buf + strlen (buf), size - strlen (buf), "%s ", e->d_name);
    closedir (d);
}

static void
s_write_file (const char *path, const char *text)
{
    FILE *f = fopen (path, "w");
    cr_assert (f);
    fputs (text, f);
    cr_assert_eq (fclose (f), 0);
}

SERVED_SUITE (outputs);

Test (outputs, json_puts_only_json_on_stdout)
{
    ADMIN (NULL, 0, "--json", "standings", "2024-Q2");
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    cr_expect (s_one_json_object (sr.out, true), "provisional standings: %s", sr.out);
    cr_expect (strstr (sr.err, "Provisional standings"), "the summary goes to stderr: %s", sr.err);

    s_finalize ((const char *const[]) { "--json", NULL });
    cr_expect (s_one_json_object (sr.out, false), "finalize --json: %s", sr.out);
    cr_expect (strstr (sr.err, "is finalized"), "%s", sr.err);

    ADMIN (NULL, 0, "--json", "standings", "2024-Q1");
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    cr_expect (s_one_json_object (sr.out, false), "final standings: %s", sr.out);
    cr_expect (strstr (sr.err, "final standings"), "%s", sr.err);

    /*  Without --json, the same run is the table, with its summary.  */
    ADMIN (NULL, 0, "standings", "2024-Q1");
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    cr_expect (strstr (sr.out, "final standings") && strstr (sr.out, "Rapor kinerja OPD"),
               "%s", sr.out);
}

Test (outputs, options_after_the_command_are_honoured)
{
    ADMIN (NULL, 0, "standings", "2024-Q2", "--json");
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    cr_expect (s_one_json_object (sr.out, true), "--json after the command: %s", sr.out);

    /*  A value option after the command: the run really goes elsewhere.  */
    ADMIN (NULL, 0, "standings", "2024-Q2", "--server", "tcp://127.0.0.1:1", "--timeout",
           "200", "-r", "1");
    cr_expect_eq (sr.status, 3, "the later --server wins: %s%s", sr.out, sr.err);
    cr_expect (strstr (sr.err, "tcp://127.0.0.1:1"), "%s", sr.err);

    /*  Words after -- are words, even with a dash.  */
    ADMIN (NULL, 0, "reopen", "2024-Q1", "--", "-x", "--json", "salah", "hitung");
    cr_expect_eq (sr.status, 0, "%s%s", sr.out, sr.err);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM period_events WHERE action ="
                                          " 'reopen' AND reason = '-x --json salah hitung'"), 1);
}

Test (outputs, options_and_words_nobody_expects_are_refused)
{
    static const struct { const char *args[6]; const char *named; } cases[] = {
        { { "standings", "2024-Q2", "--frobnicate" }, "--frobnicate" },
        { { "standings", "2024-Q2", "-x" }, "'x'" },
        { { "standings", "2024-Q2", "extra" }, "'extra'" },
        { { "standings", "2024-Q2", "-jx" }, "'-jx'" },
        { { "export", "2024-Q1", "a.csv", "b.csv" }, "'b.csv'" },
        { { "open", "2024-Q3", "--json" }, "--json" },
        { { "close", "2024-Q2", "--timeout" }, "--timeout" },
        { { "tpp", "2024-Q2", "DINKES", "100", "200" }, "'200'" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s_admin (NULL, 0, cases[i].args);
        cr_expect_eq (sr.status, 2, "%s: %s%s", cases[i].named, sr.out, sr.err);
        cr_expect (strstr (sr.err, cases[i].named), "names %s: %s", cases[i].named, sr.err);
        cr_expect_eq (sr.out[0], '\0', "%s", sr.out);
    }
    /*  Refused before anything was sent.  */
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM periods WHERE code = '2024-Q3'"
                                          " OR (code = '2024-Q2' AND status <> 'open')"), 0);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opd_base_tpp"), 0);
}

Test (outputs, an_export_that_cannot_be_written_leaves_no_file)
{
    s_finalize (NULL);
    char dir[] = "/tmp/rapor-export-dir-XXXXXX";
    cr_assert (mkdtemp (dir));
    char path[256], listing[1024];
    snprintf (path, sizeof path, "%s/bpkad.csv", dir);

    ADMIN (NULL, 0, "export", "2024-Q1", path);
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    struct stat st;
    cr_assert_eq (stat (path, &st), 0);
    cr_assert_gt (st.st_size, 12000, "the CSV must be larger than the limits below");
    s_listing (dir, listing, sizeof listing);
    cr_expect_str_eq (listing, "bpkad.csv ", "no temporary file is left");

    /*  Over an existing file: the old one stays, whole.  */
    s_write_file (path, "the export of last week\n");
    ADMIN (NULL, 8192, "export", "2024-Q1", path);
    cr_expect_eq (sr.status, 5, "%s%s", sr.out, sr.err);
    cr_expect (strstr (sr.err, path) && strstr (sr.err, strerror (EFBIG)), "%s", sr.err);
    cr_expect_not (strstr (sr.err, "Wrote"), "%s", sr.err);
    char old[256];
    harness_slurp (path, old, sizeof old);
    cr_expect_str_eq (old, "the export of last week\n");
    s_listing (dir, listing, sizeof listing);
    cr_expect_str_eq (listing, "bpkad.csv ", "the partial temporary file is removed");

    /*  A new file: none appears.  */
    unlink (path);
    ADMIN (NULL, 5000, "export", "2024-Q1", path);
    cr_expect_eq (sr.status, 5, "%s%s", sr.out, sr.err);
    s_listing (dir, listing, sizeof listing);
    cr_expect_str_eq (listing, "", "nothing is left in the directory");

    /*  A directory that does not exist.  */
    char missing[300];
    snprintf (missing, sizeof missing, "%s/no/such/dir.csv", dir);
    ADMIN (NULL, 0, "export", "2024-Q1", missing);
    cr_expect_eq (sr.status, 5, "%s%s", sr.out, sr.err);
    cr_expect (strstr (sr.err, missing), "%s", sr.err);
    rmdir (dir);
}

/*  A real full disk: an 8 KiB tmpfs in a private mount namespace. Needs
    unshare and mount rights (root, or user namespaces); skipped without.  */
Test (outputs, an_export_to_a_full_disk_leaves_no_file)
{
    char dir[] = "/tmp/rapor-full-XXXXXX";
    cr_assert (mkdtemp (dir));
    char probe[512];
    snprintf (probe, sizeof probe, "mount -t tmpfs -o size=8k none %s", dir);
    test_run_t t;
    const char *probe_argv[] = { "/usr/bin/unshare", "-rm", "sh", "-c", probe, NULL };
    if (access (probe_argv[0], X_OK) != 0 || harness_run (&t, probe_argv) != 0) {
        rmdir (dir);
        cr_skip_test ("cannot mount a tmpfs in a private namespace here");
    }
    s_finalize (NULL);
    static char key[700], script[4096];
    snprintf (key, sizeof key, "%s", harness_key ("INSPEKTORAT", "inspectorate"));
    snprintf (script, sizeof script,
              "mount -t tmpfs -o size=8k none %s || exit 100\n"
              "'%s' --server '%s' --key '%s' --server-key '%s' export 2024-Q1 %s/bpkad.csv\n"
              "echo \"status=$?\"\necho \"left=[$(ls -A %s)]\"\n"
              "head -c 16384 /dev/zero > %s/fill 2>/dev/null\n"
              "'%s' keygen %s/kunci\necho \"keygen=$?\"\nrm %s/fill\n"
              "echo \"keys=[$(ls -A %s)]\"\n",
              dir, RAPOR_ADMIN_PATH, server.endpoint, key, harness_server_key (), dir, dir,
              dir, RAPOR_ADMIN_PATH, dir, dir, dir);
    const char *argv[] = { "/usr/bin/unshare", "-rm", "sh", "-c", script, NULL };
    harness_run (&t, argv);
    rmdir (dir);
    cr_assert_eq (t.status, 0, "%s", t.output);
    cr_expect (strstr (t.output, "status=5"), "%s", t.output);
    cr_expect (strstr (t.output, strerror (ENOSPC)), "%s", t.output);
    cr_expect (strstr (t.output, "left=[]"), "no partial file: %s", t.output);
    /*  keygen on the full disk: no empty key files said to be written.  */
    cr_expect (strstr (t.output, "keygen=5"), "%s", t.output);
    cr_expect (strstr (t.output, "keys=[]"), "no empty key files: %s", t.output);
    cr_expect_not (strstr (t.output, "Wrote"), "%s", t.output);
}

Test (outputs, stdout_that_cannot_be_written_is_a_failure)
{
    s_finalize (NULL);
    static const char *const cases[][4] = {
        { "standings", "2024-Q2" }, { "--json", "standings", "2024-Q2" },
        { "export", "2024-Q1" }, { "opd", "list" }, { "--help" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s_admin ("/dev/full", 0, cases[i]);
        cr_expect_eq (sr.status, 5, "%s: %s", cases[i][0], sr.err);
        cr_expect (strstr (sr.err, strerror (ENOSPC)), "%s: %s", cases[i][0], sr.err);
    }
}

Test (outputs, rapor_watch_refuses_stray_words_and_fails_on_a_dead_stdout)
{
    static char key[700], script[2048];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    test_run_t t;
    const char *stray[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                            server.pub_endpoint, "--key", key, "--server-key",
                            harness_server_key (), "--once", "2023-Q4", NULL };
    harness_run (&t, stray);
    cr_expect_eq (t.status, 2, "%s", t.output);
    cr_expect (strstr (t.output, "'2023-Q4'"), "%s", t.output);

    snprintf (script, sizeof script, "exec '%s' --server '%s' --broadcast '%s' --key '%s'"
              " --server-key '%s' --once --json > /dev/full", RAPOR_WATCH_PATH, server.endpoint,
              server.pub_endpoint, key, harness_server_key ());
    const char *full[] = { "/bin/sh", "-c", script, NULL };
    harness_run (&t, full);
    cr_expect_eq (t.status, 5, "%s", t.output);
    cr_expect (strstr (t.output, strerror (ENOSPC)), "%s", t.output);
}

/*  --excel: what Excel with Indonesian settings opens as a table (BOM,
    ';', decimal commas, CRLF); the default stays RFC 4180.  */
Test (outputs, export_for_excel_and_for_programs)
{
    cr_assert_eq (harness_db_command (&db,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT '\\xe1cee1cee1cee1cee1cee1cee1cee1ce'::bytea, p.id, o.id, sha256('x'::bytea), 0,"
        "         'verified', o.id FROM opds o, periods p"
        "   WHERE p.code = '2024-Q1' AND o.code = 'DINKES' RETURNING id)"
        " INSERT INTO scores (submission_id, component_id, score_centi)"
        "  SELECT s.id, c.id, 8750 FROM s, components c"), 0);
    s_finalize (NULL);

    ADMIN (NULL, 0, "export", "2024-Q1");
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    cr_expect_eq (strncmp (sr.out, "period,seq,rank,opd,name,pengawasan,", 36), 0, "%.80s", sr.out);
    cr_expect (strstr (sr.out, ",DINKES,Dinas Kesehatan,87.50,87.50,87.50,87.50,87.50,87.50,"
                               "87.50,"), "%.400s", sr.out);
    cr_expect (strstr (sr.out, ",\"Kantor Uji Keluaran Nomor 100, Jalan Yang Panjang Sekali\","));
    cr_expect_null (strchr (sr.out, '\r'), "LF only");
    cr_expect_null (strchr (sr.out, ';'));

    ADMIN (NULL, 0, "export", "2024-Q1", "--excel");
    cr_assert_eq (sr.status, 0, "%s", sr.err);
    cr_expect_eq (strncmp (sr.out, "\xEF\xBB\xBFperiod;seq;rank;opd;name;pengawasan;", 39), 0,
                  "%.80s", sr.out);
    cr_expect (strstr (sr.out, ";DINKES;Dinas Kesehatan;87,50;87,50;87,50;87,50;87,50;87,50;"
                               "87,50;"), "%.400s", sr.out);
    cr_expect (strstr (sr.out, ";Kantor Uji Keluaran Nomor 100, Jalan Yang Panjang Sekali;"),
               "a comma needs no quotes when ';' separates");
    cr_expect_null (strstr (sr.out, "87.50"));
    size_t lf = 0, crlf = 0;
    for (const char *p = sr.out; *p; p++) {
        lf += *p == '\n';
        crlf += *p == '\n' && p > sr.out && p[-1] == '\r';
    }
    cr_expect_gt (lf, 100);
    cr_expect_eq (lf, crlf, "every line ends in CRLF");
    cr_expect_eq (sr.out[strlen (sr.out) - 1], '\n');

    ADMIN (NULL, 0, "standings", "2024-Q1", "--excel");
    cr_expect_eq (sr.status, 2, "--excel is for export: %s", sr.err);
}
