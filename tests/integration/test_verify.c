/*  The tamper-evident record: a real quarter is finalized, `rapor-admin
    verify` passes and prints the digest; then the database owner switches
    the triggers off, changes one stored row, switches them on again, and
    verify names that row and exits non-zero. rapor-watch recomputes the
    digest of what it receives and says so when it does not match.  */
#include "served.h"
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*  Every active OPD gets its six verified scores in 2024-Q1 (closed in the
    fixture), DINKES a self-assessment and a base TPP; then finalize.  */
static void
s_finalize_q1 (void)
{
    cr_assert_geq (harness_db_number (&db,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT substring(sha256(('v' || o.id)::bytea) FROM 1 FOR 16), p.id, o.id,"
        "         sha256(('v' || o.id)::bytea), 0, 'verified', o.id"
        "    FROM opds o, periods p WHERE p.code = '2024-Q1' AND o.active RETURNING id, opd_id),"
        " sc AS (INSERT INTO scores (submission_id, component_id, score_centi)"
        "  SELECT s.id, c.id, 4000 + (s.opd_id * 37 + c.id * 101) % 6001"
        "    FROM s, components c RETURNING 1)"
        " SELECT count(*) FROM sc"), 60);
    cr_assert_eq (harness_db_command (&db,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT '\\x5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f'::bytea, p.id, o.id, sha256('self'::bytea),"
        "         0, 'self', o.id FROM opds o, periods p"
        "   WHERE p.code = '2024-Q1' AND o.code = 'DINKES' RETURNING id)"
        " INSERT INTO scores (submission_id, component_id, score_centi)"
        "  SELECT s.id, c.id, 9000 FROM s, components c"), 0);
    harness_admin (&run, &server, "tpp", "2024-Q1", "DINKES", "150000000", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "finalize", "2024-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
}

/*  As the owner, behind the triggers' back: the attack verify must see.  */
static void
s_tamper (const char *table, const char *update)
{
    char sql[1024];
    snprintf (sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER USER; %s;"
              " ALTER TABLE %s ENABLE TRIGGER USER", table, update, table);
    cr_assert_eq (harness_db_command (&db, sql), 0, "%s", sql);
}

static void
s_stored_digest (char *hex)
{
    /*  In two halves: harness_db_column keeps 63 characters.  */
    char a[1][64], b[1][64];
    cr_assert_eq (harness_db_column (&db, "SELECT substr(digest, 1, 32) FROM rankings r JOIN"
                                          " periods p ON p.id = r.period_id WHERE p.code = '2024-Q1'",
                                     a, 1), 1);
    cr_assert_eq (harness_db_column (&db, "SELECT substr(digest, 33) FROM rankings r JOIN"
                                          " periods p ON p.id = r.period_id WHERE p.code = '2024-Q1'",
                                     b, 1), 1);
    snprintf (hex, RANKING_DIGEST_HEX + 1, "%.32s%.32s", a[0], b[0]);
}

SERVED_SUITE (verify);

Test (verify, an_intact_record_verifies_and_prints_its_digest)
{
    s_finalize_q1 ();
    char hex[RANKING_DIGEST_HEX + 1];
    s_stored_digest (hex);
    cr_expect_eq (strspn (hex, "0123456789abcdef"), RANKING_DIGEST_HEX, "%s", hex);
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, hex), "the digest is printed: %s", run.output);
    /*  Every output of the finalized ranking carries it.  */
    harness_admin (&run, &server, "standings", "2024-Q1", NULL);
    cr_expect (strstr (run.output, hex), "table: %s", run.output);
    harness_admin (&run, &server, "--json", "standings", "2024-Q1", NULL);
    char field[96];
    snprintf (field, sizeof field, "\"digest\":\"%s\"", hex);
    cr_expect (strstr (run.output, field), "JSON: %s", run.output);
    harness_admin (&run, &server, "export", "2024-Q1", NULL);
    snprintf (field, sizeof field, ",%s,\n", hex);
    cr_expect (strstr (run.output, field), "CSV: %s", run.output);
    /*  The fixture's ranking, whose digest the fixture computed in SQL.  */
    harness_admin (&run, &server, "verify", "2023-Q4", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    /*  Nothing finalized, nothing to verify.  */
    harness_admin (&run, &server, "verify", "2024-Q2", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_found"), "%s", run.output);
}

Test (verify, a_changed_ranking_entry_is_named)
{
    s_finalize_q1 ();
    long before = harness_db_number (&db, "SELECT total_centi FROM ranking_entries e"
                                          " JOIN opds o ON o.id = e.opd_id WHERE o.code = 'DINKES'");
    cr_assert_gt (before, 0);
    s_tamper ("ranking_entries", "UPDATE ranking_entries SET total_centi = total_centi - 1"
              " WHERE opd_id = (SELECT id FROM opds WHERE code = 'DINKES')");
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    char expected[160];
    snprintf (expected, sizeof expected, "ranking_entries DINKES total_centi: stored %ld; the digest"
              " and the stored scores give %ld", before - 1, before);
    cr_expect (strstr (run.output, expected), "wanted '%s' in: %s", expected, run.output);
    cr_expect (strstr (run.output, "record_altered"), "%s", run.output);
    cr_expect (strstr (run.output, "ALTERED"), "%s", run.output);

    /*  The payroll file is not written from an altered ranking.  */
    char csv[] = "/tmp/rapor-altered-XXXXXX";
    close (mkstemp (csv));
    unlink (csv);
    harness_admin (&run, &server, "export", "2024-Q1", csv, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "does not match its digest; nothing was written"), "%s",
               run.output);
    cr_expect_neq (access (csv, F_OK), 0, "an altered ranking's CSV was written");
}

Test (verify, a_changed_score_is_named)
{
    s_finalize_q1 ();
    long before = harness_db_number (&db,
        "SELECT sc.score_centi FROM scores sc JOIN submissions s ON s.id = sc.submission_id"
        " JOIN opds o ON o.id = s.opd_id WHERE o.code = 'DINKES' AND s.kind = 'verified'"
        " AND sc.component_id = 5");
    cr_assert (before > 0 && before != 10000);
    s_tamper ("scores", "UPDATE scores SET score_centi = 10000 WHERE component_id = 5"
              " AND submission_id IN (SELECT s.id FROM submissions s JOIN opds o"
              " ON o.id = s.opd_id WHERE o.code = 'DINKES' AND s.kind = 'verified')");
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    char expected[160];
    snprintf (expected, sizeof expected, "scores DINKES verified.inovasi: now 10000; the finalized"
              " ranking and its digest say %ld", before);
    cr_expect (strstr (run.output, expected), "wanted '%s' in: %s", expected, run.output);
}

Test (verify, a_changed_digest_is_named)
{
    s_finalize_q1 ();
    char hex[RANKING_DIGEST_HEX + 1];
    s_stored_digest (hex);
    s_tamper ("rankings", "UPDATE rankings SET digest = repeat('0', 64)");
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    char expected[200];
    snprintf (expected, sizeof expected, "rankings 2024-Q1 digest: stored %064d, the stored rows"
              " give %s", 0, hex);
    cr_expect (strstr (run.output, expected), "wanted '%s' in: %s", expected, run.output);

    /*  A dashboard fetching it recomputes the digest and refuses to trust it.  */
    char out[] = "/tmp/rapor-watch-XXXXXX";
    close (mkstemp (out));
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                           server.pub_endpoint, "--period", "2024-Q1", "--once", "--json",
                           "--key", key, "--server-key", harness_server_key (), NULL };
    pid_t pid = harness_spawn (argv, out);
    cr_assert_gt (pid, 0);
    cr_expect_eq (harness_wait (pid, 20000), 1, "rapor-watch exits 1 on a mismatch");
    FILE *f = fopen (out, "r");
    cr_assert (f);
    static char text[1 << 16];
    text[fread (text, 1, sizeof text - 1, f)] = '\0';
    fclose (f);
    unlink (out);
    cr_expect (strstr (text, "\"digest_check\":\"mismatch\""), "%s", text);
    cr_expect (strstr (text, "does NOT match its digest"), "%s", text);
}

Test (verify, an_opd_deactivated_or_added_after_finalization_changes_nothing)
{
    s_finalize_q1 ();
    cr_assert_eq (harness_db_command (&db, "UPDATE opds SET active = false WHERE code = 'DISHUB'"), 0);
    cr_assert_eq (harness_db_command (&db, "INSERT INTO opds (code, name, kind)"
                                           " VALUES ('BARU', 'Kantor baru', 'kantor')"), 0);
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
}

Test (verify, the_force_reason_is_part_of_the_record)
{
    harness_admin (&run, &server, "finalize", "2024-Q1", "--force", "Skor belum lengkap; izin Sekda",
                   NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Skor belum lengkap; izin Sekda"), "%s", run.output);
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    s_tamper ("rankings", "UPDATE rankings SET force_reason = 'Skor lengkap'");
    harness_admin (&run, &server, "verify", "2024-Q1", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "rankings 2024-Q1 digest: stored "), "%s", run.output);
}
