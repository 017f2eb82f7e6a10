/*  The quarter, end to end: self-assessments and verified scores from the
    designated assessors, finalization, the broadcast to two dashboards,
    the CSV for BPKAD, immutability, and sequence numbers across restarts.  */
#include "served.h"
#include "component.h"
#include "digest.h"
#include "score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_OPDS 128

/*  Who verifies which components (the demo defaults).  */
static const struct { const char *opd; uint32_t components[2]; } s_assessors[] = {
    { "INSPEKTORAT", { 1, 0 } }, { "BAPPEDA", { 2, 5 } }, { "ORGANISASI", { 3, 0 } },
    { "BPKAD", { 4, 0 } }, { "PBJ", { 6, 0 } },
};

static int32_t
s_score (int opd_index, uint32_t component, bool verified)
{
    return 4000 + (opd_index * 37 + (int) component * 101 + (verified ? 0 : 777)) % 6001;
}

/*  Sends one submission straight over the protocol (no local checks).  */
static int
s_send (const char *opd, const char *submitter, bool verified, const uint32_t *components,
        size_t count, int opd_index)
{
    static request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_SUBMIT;
    submission_t *s = &request.submit;
    harness_valid_submission (s);       /*  fresh id, 2024-Q3 set below  */
    s->score_count = 0;
    submission_set_period (s, "2024-Q3", 7);
    submission_set_opd (s, opd, strlen (opd));
    submission_set_submitter (s, submitter, strlen (submitter));
    s->kind = verified ? SCORE_KIND_VERIFIED : SCORE_KIND_SELF;
    harness_use_key (submitter, verified ? "assessor" : "opd");
    for (size_t i = 0; i < count; i++)
        submission_add_score (s, components[i], s_score (opd_index, components[i], verified), "", 0);
    bool ok = harness_request (server.endpoint, &request, &reply);
    harness_use_key ("DINKES", "opd");
    return ok ? (int) reply.kind : -1;
}

static int
s_opds (char (*codes)[64])
{
    return harness_db_column (&db, "SELECT code FROM opds WHERE active ORDER BY code", codes, MAX_OPDS);
}

/*  Waits until a file contains `text`; false after 10 s.  */
static bool
s_file_has (const char *path, const char *text)
{
    for (int i = 0; i < 1000; i++) {
        FILE *f = fopen (path, "r");
        if (f) {
            char buf[1 << 16];
            size_t n = fread (buf, 1, sizeof buf - 1, f);
            buf[n] = '\0';
            fclose (f);
            if (strstr (buf, text))
                return true;
        }
        usleep (10000);
    }
    return false;
}

/*  The first line starting with '{' in a file, into a malloc'd string.  */
static char *
s_json_line (const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f)
        return NULL;
    char *line = NULL, *found = NULL;
    size_t cap = 0;
    while (!found && getline (&line, &cap, f) > 0)
        if (line[0] == '{')
            found = strdup (line);
    free (line);
    fclose (f);
    return found;
}

static pid_t
s_watch (const char *out)
{
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                           server.pub_endpoint, "--period", "2024-Q3", "--once", "--json",
                           "--key", key, "--server-key", harness_server_key (), NULL };
    return harness_spawn (argv, out);
}

/*  Splits a CSV line in place (quotes honoured); returns the field count.  */
static int
s_csv (char *line, char **fields, int max)
{
    int n = 0;
    char *r = line, *w = line;
    while (n < max) {
        fields[n++] = w;
        bool quoted = *r == '"';
        if (quoted)
            r++;
        while (*r && (quoted || (*r != ',' && *r != '\n'))) {
            if (quoted && *r == '"') {
                if (r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                    continue;
                }
                quoted = false;
                r++;
                continue;
            }
            *w++ = *r++;
        }
        bool more = *r == ',';
        *w++ = '\0';
        if (!more)
            break;
        r++;
    }
    return n;
}

SERVED_SUITE (quarter);

Test (quarter, a_whole_quarter_reaches_two_dashboards_and_the_payroll_csv)
{
    harness_admin (&run, &server, "open", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "tpp", "2024-Q3", "DINKES", "15000010", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);

    static char codes[MAX_OPDS][64];
    int n = s_opds (codes);
    cr_assert_gt (n, 60);
    const uint32_t all[] = { 1, 2, 3, 4, 5, 6 };
    for (int i = 0; i < n; i++) {
        cr_assert_eq (s_send (codes[i], codes[i], false, all, 6, i), REPLY_RECEIPT, "%s self", codes[i]);
        for (size_t a = 0; a < sizeof s_assessors / sizeof s_assessors[0]; a++) {
            size_t count = s_assessors[a].components[1] ? 2 : 1;
            if (strcmp (codes[i], "KEC_LICIN") == 0 && strcmp (s_assessors[a].opd, "PBJ") == 0)
                continue;       /*  one card left incomplete on purpose  */
            cr_assert_eq (s_send (codes[i], s_assessors[a].opd, true, s_assessors[a].components,
                                  count, i), REPLY_RECEIPT, "%s by %s", codes[i], s_assessors[a].opd);
        }
    }

    /*  Dashboard A is waiting before finalization; our own subscriber too.  */
    char out_a[] = "/tmp/rapor-watch-a-XXXXXX", out_b[] = "/tmp/rapor-watch-b-XXXXXX";
    close (mkstemp (out_a));
    close (mkstemp (out_b));
    pid_t a = s_watch (out_a);
    cr_assert (s_file_has (out_a, "waiting for the broadcast"), "watcher A did not start");
    test_sub_t sub;
    cr_assert (harness_sub_open (&sub, server.pub_endpoint));

    harness_admin (&run, &server, "finalize", "2024-Q3", NULL);
    cr_expect_eq (run.status, 1, "finalizing an open period is refused: %s", run.output);
    harness_admin (&run, &server, "close", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);

    /*  The guard: one verified score is missing, so finalizing is refused
        and says which; the preview and the missing list say the same.  */
    long rankings = harness_db_number (&db, "SELECT count(*) FROM rankings");
    harness_admin (&run, &server, "finalize", "2024-Q3", NULL);
    cr_expect_eq (run.status, 1, "an incomplete quarter is not finalized: %s", run.output);
    cr_expect (strstr (run.output, "period_incomplete"), "%s", run.output);
    cr_expect (strstr (run.output, "1 verified score is missing"), "%s", run.output);
    cr_expect (strstr (run.output, "KEC_LICIN has no verified pengadaan score (assessor: PBJ)"),
               "%s", run.output);
    harness_admin (&run, &server, "missing", "2024-Q3", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "missing KEC_LICIN"), "%s", run.output);
    cr_expect (strstr (run.output, "complete: 66 of 67 OPDs"), "%s", run.output);
    harness_admin (&run, &server, "finalize", "2024-Q3", "--preview", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "PREVIEW"), "%s", run.output);
    cr_expect (strstr (run.output, "finalizing would be refused"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM rankings"), rankings,
                  "neither the refusal nor the preview stored a ranking");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM periods WHERE code = '2024-Q3'"
                                          " AND status = 'closed'"), 1);

    harness_admin (&run, &server, "finalize", "2024-Q3", "--force",
                   "PBJ tidak menilai Kecamatan Licin; disetujui Sekda", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "is finalized BY FORCE"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM period_events WHERE action = 'finalize'"
        " AND reason = 'PBJ tidak menilai Kecamatan Licin; disetujui Sekda'"), 1,
        "the force reason is in the audit trail");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action ="
        " 'period-finalize' AND outcome = 'accepted'"), 1, "a preview is not audited as a change");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action ="
        " 'period-finalize' AND outcome = 'accepted'"
        " AND reason = 'forced: PBJ tidak menilai Kecamatan Licin; disetujui Sekda'"), 1,
        "the audit log says it was forced, and why");

    broadcast_t b;
    cr_assert (harness_sub_next (&sub, BROADCAST_RANKING, &b, 10000), "no broadcast");
    harness_sub_close (&sub);
    cr_assert_eq (harness_wait (a, 20000), 0, "watcher A did not finish");
    pid_t bpid = s_watch (out_b);               /*  dashboard B joins late  */
    cr_assert_eq (harness_wait (bpid, 20000), 0, "watcher B did not finish");
    char *ja = s_json_line (out_a), *jb = s_json_line (out_b);
    cr_assert (ja && jb, "no JSON from the watchers");
    cr_expect_str_eq (ja, jb, "both dashboards show the same ranking");
    cr_expect (strstr (ja, "\"period\":\"2024-Q3\""));
    cr_expect (strstr (ja, "\"complete\":66,\"opds\":67,"), "dashboards say how complete: %s", ja);
    cr_expect (strstr (ja, "\"force_reason\":\"PBJ tidak menilai Kecamatan Licin; disetujui Sekda\""),
               "dashboards show the force reason: %s", ja);
    harness_admin (&run, &server, "standings", "2024-Q3", NULL);
    cr_expect (strstr (run.output, "Complete: 66 of 67 OPDs (1 incomplete"), "%s", run.output);
    cr_expect (strstr (run.output, "FINALIZED ALTHOUGH INCOMPLETE. Reason given: PBJ tidak"),
               "%s", run.output);

    ranking_t *r = b.ranking;
    cr_assert_eq (r->count, (size_t) n);
    cr_expect_eq (r->seq, 2, "fixture holds sequence 1");
    cr_expect_str_eq (r->finalized_by, "INSPEKTORAT");
    cr_expect (digest_matches (r), "the broadcast carries its digest: '%s'", r->digest);
    cr_expect (strstr (ja, "\"digest_check\":\"ok\""), "%s", ja);
    int rewarded = 0, punished = 0;
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        if (i > 0)
            cr_expect_geq (e->rank, r->entries[i - 1].rank);
        rewarded += e->tpp_pct > 0;
        punished += e->tpp_pct < 0;
        cr_expect_eq (e->incomplete, strcmp (e->code, "KEC_LICIN") == 0, "%s", e->code);
        int index = -1;
        for (int k = 0; k < n; k++)
            if (strcmp (codes[k], e->code) == 0)
                index = k;
        int64_t sum = 0;
        for (uint32_t c = 1; c <= 6; c++) {
            bool missing = strcmp (e->code, "KEC_LICIN") == 0 && c == 6;
            cr_expect_eq (e->verified[c - 1], missing ? RANKING_NO_SCORE : s_score (index, c, true));
            cr_expect_eq (e->self[c - 1], s_score (index, c, false), "self-assessment shown");
            sum += missing ? 0 : s_score (index, c, true);
        }
        cr_expect_eq (e->total_centi, (int32_t) ((2 * sum + 6) / 12), "%s total", e->code);
        if (strcmp (e->code, "DINKES") == 0)
            cr_expect_eq (e->tpp_rupiah, ranking_tpp_rupiah (15000010, e->tpp_pct));
    }
    cr_expect_geq (rewarded, 5);
    cr_expect_geq (punished, 5);

    /*  The payroll CSV says what the broadcast said, row for row.  */
    char csv[] = "/tmp/rapor-export-XXXXXX";
    close (mkstemp (csv));
    harness_admin (&run, &server, "export", "2024-Q3", csv, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "(complete: 66 of 67 OPDs; finalized by force)"), "%s",
               run.output);
    FILE *f = fopen (csv, "r");
    char line[2048];
    cr_assert (fgets (line, sizeof line, f));           /*  header  */
    size_t rows = 0;
    while (fgets (line, sizeof line, f)) {
        char *fields[24];
        int nf = s_csv (line, fields, 24);
        cr_assert_eq (nf, 20, "fields in: %s", line);
        cr_assert_lt (rows, r->count);
        const ranking_entry_t *e = &r->entries[rows++];
        char total[16];
        score_format (e->total_centi, total, sizeof total);
        cr_expect_str_eq (fields[0], "2024-Q3");
        cr_expect_eq ((uint32_t) atoi (fields[2]), e->rank);
        cr_expect_str_eq (fields[3], e->code);
        cr_expect_str_eq (fields[4], e->name);
        cr_expect_str_eq (fields[11], total);
        cr_expect_eq (atoi (fields[12]), e->tpp_pct);
        if (e->base_tpp != RANKING_NO_TPP)
            cr_expect_eq (atoll (fields[14]), e->tpp_rupiah);
        cr_expect_str_eq (fields[18], r->digest);
        cr_expect_str_eq (fields[19], r->force_reason);
    }
    fclose (f);
    cr_expect_eq (rows, r->count);
    ranking_destroy (&b.ranking);
    free (ja);
    free (jb);
    unlink (out_a);
    unlink (out_b);
    unlink (csv);
}

Test (quarter, a_finalized_period_never_changes)
{
    /*  An OPD with no scores, no key and no history but its ranking entry.  */
    cr_assert_eq (harness_db_command (&db, "INSERT INTO opds (code, name, kind)"
                                           " VALUES ('UJI_PERINGKAT', 'OPD uji', 'kantor')"), 0);
    harness_admin (&run, &server, "finalize", "2024-Q1", "--force", "uji", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    long entries = harness_db_number (&db, "SELECT count(*) FROM ranking_entries");
    long stored = harness_db_number (&db, "SELECT count(*) FROM submissions");

    harness_admin (&run, &server, "finalize", "2024-Q1", NULL);
    cr_expect_eq (run.status, 0, "finalizing twice returns the stored result: %s", run.output);
    cr_expect (strstr (run.output, "already finalized"), "%s", run.output);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q1", "inovasi=99", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "period_finalized"), "%s", run.output);
    harness_admin (&run, &server, "weights", "2024-Q1", "inovasi=3", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    harness_admin (&run, &server, "reopen", "2024-Q1", "salah hitung", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);

    /*  And the database itself refuses, whoever writes.  */
    cr_expect_eq (harness_db_number (&db,
        "WITH x AS (UPDATE ranking_entries SET total_centi = 10000 RETURNING 1)"
        " SELECT count(*) FROM x"), -1);
    cr_expect_eq (harness_db_number (&db,
        "WITH x AS (UPDATE periods SET status = 'open' WHERE code = '2024-Q1' RETURNING 1)"
        " SELECT count(*) FROM x"), -1);
    cr_expect_eq (harness_db_number (&db,
        "WITH x AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "  request_id) SELECT '\\x00112233445566778899aabbccddeeff'::bytea, p.id, o.id,"
        "  sha256('x'::bytea), 1 FROM periods p, opds o WHERE p.code = '2024-Q1'"
        "  AND o.code = 'DINKES' RETURNING 1) SELECT count(*) FROM x"), -1);
    cr_expect_eq (harness_db_number (&db,
        "WITH x AS (INSERT INTO period_weights SELECT id, 1, 5 FROM periods"
        "  WHERE code = '2024-Q1' RETURNING 1) SELECT count(*) FROM x"), -1);
    /*  Entries name a real OPD and a real ranking (004's statement check),
        and an OPD in a ranking is kept.  */
    const char *entry = "INSERT INTO ranking_entries (period_id, opd_id, position, rank,"
        " total_centi, verified, self, tpp_pct, incomplete, best, worst)"
        " SELECT %s, %s, 9999, 9999, 0, '{1,1,1,1,1,1}', '{1,1,1,1,1,1}', 0, true, false, false"
        " FROM rankings r JOIN periods p ON p.id = r.period_id WHERE p.code = '2024-Q1'";
    char sql[512];
    snprintf (sql, sizeof sql, entry, "r.period_id", "999999");
    cr_expect_eq (harness_db_command (&db, sql), -1, "an OPD that does not exist");
    snprintf (sql, sizeof sql, entry, "999999",
              "(SELECT id FROM opds WHERE code = 'UJI_PERINGKAT')");
    cr_expect_eq (harness_db_command (&db, sql), -1, "a ranking that does not exist");
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM ranking_entries e JOIN opds o ON o.id = e.opd_id"
        " WHERE o.code = 'UJI_PERINGKAT'"), 1);
    cr_expect_eq (harness_db_command (&db, "DELETE FROM opds WHERE code = 'UJI_PERINGKAT'"), -1);
    cr_expect_eq (harness_db_command (&db,
        "UPDATE opds SET id = id + 100000 WHERE code = 'UJI_PERINGKAT'"), -1);
    cr_expect_eq (harness_db_command (&db,
        "UPDATE opds SET name = 'OPD uji (ganti nama)' WHERE code = 'UJI_PERINGKAT'"), 0,
        "other changes are allowed");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM ranking_entries"), entries);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), stored);
}

Test (quarter, only_the_designated_assessor_sends_verified_scores)
{
    harness_submit (&run, &server, "--as", "DINKES", "--verified", "--opd", "DINKES",
                    "--period", "2024-Q2", "pengawasan=99", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_assessor"), "%s", run.output);
    harness_submit (&run, &server, "--as", "BAPPEDA", "--verified", "--opd", "DINKES",
                    "--period", "2024-Q2", "pengawasan=99", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not the designated assessor of pengawasan"), "%s", run.output);
    harness_submit (&run, &server, "--as", "BAPPEDA", "--opd", "DINKES",
                    "--period", "2024-Q2", "inovasi=99", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_own_opd"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), 0);

    harness_submit (&run, &server, "--as", "BAPPEDA", "--verified", "--opd", "DINKES",
                    "--period", "2024-Q2", "inovasi=88", "perencanaan=77", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "assessor", "2024-Q2", "pengawasan", "BAPPEDA", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--as", "BAPPEDA", "--verified", "--opd", "DINKES",
                    "--period", "2024-Q2", "pengawasan=66", NULL);
    cr_expect_eq (run.status, 0, "designation changed for this period: %s", run.output);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM current_scores WHERE kind = 'verified' AND submitter = 'BAPPEDA'"), 3);
}

Test (quarter, lifecycle_and_who_may_drive_it)
{
    harness_admin (&run, &server, "--as", "DINKES", "open", "2024-Q3", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "may not run admin operations"), "%s", run.output);
    harness_admin (&run, &server, "open", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "close", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q3", "inovasi=70", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "period_not_open"));
    harness_admin (&run, &server, "reopen", "2024-Q3", NULL);
    cr_expect_eq (run.status, 2, "a reason is required: %s", run.output);
    harness_admin (&run, &server, "reopen", "2024-Q3", "Dinkes", "terlambat", "karena", "banjir", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q3", "inovasi=70", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM period_events WHERE action = 'reopen'"
        " AND reason = 'Dinkes terlambat karena banjir' AND actor = 'INSPEKTORAT'"), 1);
    harness_admin (&run, &server, "standings", "2024-Q3", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "PROVISIONAL"), "%s", run.output);
}

Test (quarter, sequence_numbers_survive_restarts_and_dashboards_fill_gaps)
{
    char out[] = "/tmp/rapor-watch-live-XXXXXX";
    close (mkstemp (out));
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WATCH_PATH, "--server", server.endpoint, "--broadcast",
                           server.pub_endpoint, "--json", "--key", key, "--server-key",
                           harness_server_key (), NULL };
    pid_t watcher = harness_spawn (argv, out);
    cr_assert (s_file_has (out, "\"seq\":1,"), "the watcher shows the latest ranking first");
    usleep (300000);        /*  let its subscription reach rapord  */
    harness_admin (&run, &server, "finalize", "2024-Q1", "--force", "uji", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (s_file_has (out, "\"seq\":2,"), "live broadcast not shown");

    /*  rapord goes away; meanwhile another rapord on other ports finalizes
        a quarter the watcher never hears about. Then rapord returns on the
        watcher's ports; its heartbeat reveals the gap.  */
    char endpoint[256], pub[256];
    snprintf (endpoint, sizeof endpoint, "%s", server.endpoint);
    snprintf (pub, sizeof pub, "%s", server.pub_endpoint);
    cr_assert_eq (harness_server_stop (&server, SIGTERM), 0);
    test_server_t other;
    cr_assert (harness_server_start (&other, db.conninfo, NULL));
    test_run_t r2;
    harness_admin (&r2, &other, "open", "2024-Q4", NULL);
    harness_admin (&r2, &other, "close", "2024-Q4", NULL);
    harness_admin (&r2, &other, "finalize", "2024-Q4", "--force", "uji", NULL);
    cr_assert_eq (r2.status, 0, "%s", r2.output);
    harness_server_stop (&other, SIGTERM);

    const char *same_ports[] = { "--endpoint", endpoint, "--pub-endpoint", pub, NULL };
    cr_assert (harness_server_start (&server, db.conninfo, same_ports));
    test_sub_t sub;
    cr_assert (harness_sub_open (&sub, server.pub_endpoint));
    broadcast_t b;
    cr_assert (harness_sub_next (&sub, BROADCAST_HEARTBEAT, &b, 5000));
    cr_expect_eq (b.seq, 3, "the heartbeat carries the stored sequence number after a restart");
    harness_sub_close (&sub);

    cr_expect (s_file_has (out, "\"period\":\"2024-Q4\""), "the gap was not filled");
    cr_expect (s_file_has (out, "missed broadcasts 3 to 3"));
    kill (watcher, SIGTERM);
    cr_expect_eq (harness_wait (watcher, 10000), 0);
    unlink (out);
}

/*  Finalization writes its rows in batches; a quarter far larger than one
    batch must come out whole.  */
Test (quarter, a_quarter_of_two_thousand_opds_finalizes_whole)
{
    cr_assert_eq (harness_db_number (&db,
        "WITH x AS (INSERT INTO opds (code, name, kind)"
        "  SELECT 'X' || lpad(g::text, 5, '0'), 'OPD uji ' || g, 'kantor'"
        "  FROM generate_series(1, 2000) g RETURNING 1) SELECT count(*) FROM x"), 2000);
    cr_assert_eq (harness_db_number (&db,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT substring(sha256(('t' || o.id)::bytea) FROM 1 FOR 16), p.id, o.id,"
        "         sha256(('t' || o.id)::bytea), 0, 'verified', o.id"
        "    FROM opds o, periods p WHERE p.code = '2024-Q1' AND o.code LIKE 'X%' RETURNING id),"
        " sc AS (INSERT INTO scores (submission_id, component_id, score_centi)"
        "  SELECT s.id, c.id, (s.id * 7 + c.id * 13) % 10001 FROM s, components c RETURNING 1)"
        " SELECT count(*) FROM sc"), 12000);
    harness_admin (&run, &server, "finalize", "2024-Q1", "--force", "the fixture's OPDs have no scores", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    long active = harness_db_number (&db, "SELECT count(*) FROM opds WHERE active");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM ranking_entries e"
                                          " JOIN periods p ON p.id = e.period_id"
                                          " WHERE p.code = '2024-Q1'"), active);
    cr_expect_eq (harness_db_number (&db, "SELECT max(position) FROM ranking_entries"), active);
}
