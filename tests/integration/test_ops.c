/*  The operator's commands against a real rapord: `rapor-admin status`
    (what rapord reports about itself, connections counted by the request
    socket's monitor) and `rapor-admin audit` (the audit log, filtered,
    newest first, and its own reading audited). Both need an inspectorate
    key.  */
#include "served.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

SERVED_SUITE (ops);

/*  A number after `"name":` in the JSON rapor-admin status --json printed;
    -1 if it is not there.  */
static long long
s_json_number (const char *json, const char *name)
{
    char key[64];
    snprintf (key, sizeof key, "\"%s\":", name);
    const char *at = strstr (json, key);
    return at ? strtoll (at + strlen (key), NULL, 10) : -1;
}

/*  `rapor-admin status --json`; returns the open connections it reports
    (the asking rapor-admin's own included).  */
static long long
s_connections (void)
{
    harness_admin (&run, &server, "status", "--json", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    return s_json_number (run.output, "connections");
}

/*  Asks until status reports `want` connections, for up to 10 s: the
    monitor's events of a connection that just ended reach rapord's loop
    a moment after the client has gone.  */
static bool
s_connections_become (long long want, long long *seen)
{
    for (int i = 0; i < 100; i++) {
        *seen = s_connections ();
        if (*seen == want)
            return true;
        struct timespec pause = { 0, 100 * 1000000L };
        nanosleep (&pause, NULL);
    }
    return false;
}

/*  Lines of the last run's output that contain `text`.  */
static int
s_lines_with (const char *text)
{
    int n = 0;
    for (const char *line = run.output; line && *line;) {
        const char *end = strchr (line, '\n');
        size_t len = end ? (size_t) (end - line) : strlen (line);
        char copy[2048];
        snprintf (copy, sizeof copy, "%.*s", (int) (len < sizeof copy ? len : sizeof copy - 1),
                  line);
        n += strstr (copy, text) != NULL;
        line = end ? end + 1 : NULL;
    }
    return n;
}

Test (ops, status_reports_version_schema_commit_and_seq)
{
    harness_admin (&run, &server, "status", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "server:              rapord "), "%s", run.output);
    char schema[64];
    snprintf (schema, sizeof schema, "schema version:      %ld",
              harness_db_number (&db, "SELECT max(version) FROM schema_version"));
    cr_expect (strstr (run.output, schema), "want '%s' in:\n%s", schema, run.output);
    cr_expect (strstr (run.output, "protocol version:    1\n"), "%s", run.output);
    cr_expect (strstr (run.output, "last group commit:   none since the server started"), "%s",
               run.output);
    char seq[64];
    snprintf (seq, sizeof seq, "last broadcast seq:  %ld\n",
              harness_db_number (&db, "SELECT coalesce(max(seq), 0) FROM rankings"));
    cr_expect (strstr (run.output, seq), "want '%s' in:\n%s", seq, run.output);

    harness_admin (&run, &server, "open", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--opd", "DINKES", "--period", "2024-Q3", "inovasi=80", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "status", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, ", 1 submission\n"), "%s", run.output);
    harness_admin (&run, &server, "status", "--json", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_json_number (run.output, "last_commit_submissions"), 1, "%s", run.output);
    cr_expect_gt (s_json_number (run.output, "last_commit_at_us"),
                  (long long) (time (NULL) - 600) * 1000000, "%s", run.output);
    cr_expect_eq (s_json_number (run.output, "last_seq"),
                  harness_db_number (&db, "SELECT coalesce(max(seq), 0) FROM rankings"), "%s",
                  run.output);
    cr_expect_geq (s_json_number (run.output, "uptime_s"), 0, "%s", run.output);
    /*  Reading the status changes nothing and is not written down.  */
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'status'"),
                  0);
}

Test (ops, status_counts_open_connections)
{
    long long seen = -1;
    /*  Only the asking rapor-admin: earlier ones have gone.  */
    cr_assert (s_connections_become (1, &seen), "alone, status reports %lld connections", seen);
    test_conn_t conns[3];
    request_t ping;
    memset (&ping, 0, sizeof ping);
    ping.version = PROTOCOL_VERSION;
    ping.kind = REQUEST_PING;
    harness_use_key ("DINKES", "opd");
    for (int i = 0; i < 3; i++) {
        reply_t reply;
        memset (&reply, 0, sizeof reply);
        cr_assert (harness_conn_open (&conns[i], server.endpoint));
        cr_assert (harness_conn_request (&conns[i], &ping, &reply), "no pong");
        codec_reply_clear (&reply);
    }
    cr_expect (s_connections_become (4, &seen), "3 open connections and the asking one: "
               "status reports %lld", seen);
    for (int i = 0; i < 3; i++)
        harness_conn_close (&conns[i]);
    cr_expect (s_connections_become (1, &seen), "after they closed, status reports %lld", seen);
}

Test (ops, status_and_audit_need_an_inspectorate_key)
{
    harness_admin (&run, &server, "--as", "DINKES", "status", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    harness_admin (&run, &server, "--as", "DINKES", "audit", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'audit'"
                                          " AND outcome = 'refused' AND opd = 'DINKES'"), 1);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'status'"
                                          " AND outcome = 'refused' AND opd = 'DINKES'"), 1);
}

Test (ops, audit_lists_newest_first_filtered_and_is_itself_audited)
{
    harness_admin (&run, &server, "open", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "close", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);

    harness_admin (&run, &server, "audit", "--limit", "1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "1 audit row, newest first."), "%s", run.output);
    cr_expect_eq (s_lines_with (" period-close "), 1, "the newest row first:\n%s", run.output);
    cr_expect_eq (s_lines_with (" period-open "), 0, "%s", run.output);

    harness_admin (&run, &server, "audit", "--action", "period-open", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_lines_with (" period-open "), 1, "%s", run.output);
    cr_expect_eq (s_lines_with (" period-close "), 0, "%s", run.output);

    /*  Newest first: close's line comes before open's.  */
    harness_admin (&run, &server, "audit", "--opd", "INSPEKTORAT", "--since", "1h", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    const char *close_at = strstr (run.output, " period-close ");
    const char *open_at = strstr (run.output, " period-open ");
    cr_expect (close_at && open_at && close_at < open_at, "%s", run.output);
    /*  The two earlier reads are in it too: reading is audited.  */
    cr_expect_eq (s_lines_with (" audit  "), 2, "%s", run.output);

    harness_admin (&run, &server, "audit", "--since", "2999-01-01", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "0 audit rows"), "%s", run.output);

    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'audit'"
                                          " AND outcome = 'accepted' AND opd = 'INSPEKTORAT'"), 4);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action = 'audit'"
                                          " AND detail LIKE '%action=period-open%'"), 1);

    harness_admin (&run, &server, "audit", "--limit", "1001", NULL);
    cr_expect_eq (run.status, 2, "%s", run.output);
    /*  The server holds the bound too, whatever a client sends.  */
    request_t request;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_ADMIN;
    admin_init (&request.admin, ADMIN_AUDIT_LIST);
    request.admin.limit = 5000;
    harness_use_key ("INSPEKTORAT", "inspectorate");
    reply_t reply;
    memset (&reply, 0, sizeof reply);
    cr_assert (harness_request (server.endpoint, &request, &reply));
    cr_expect_eq (reply.kind, REPLY_REJECTION);
    cr_expect (problems_has (&reply.problems, PROBLEM_ADMIN_INVALID));
    codec_reply_clear (&reply);
}

/*  Runs `sh -c CMD` with the test cluster's owner and RAPOR_DATABASE set
    to database `name`; its exit status, output in run.output.  */
static int
s_owner_sh (const char *name, const char *cmd)
{
    char line[4096];
    snprintf (line, sizeof line, "export PGHOST='%s' PGPORT='%s' PGUSER=postgres "
              "RAPOR_DATABASE='dbname=%s'; %s", db.host, db.port, name, cmd);
    const char *argv[] = { "/bin/sh", "-c", line, NULL };
    return harness_run (&run, argv);
}

/*  From nothing: a migrated, empty database gets its inspectorate and
    first key from rapor-init, and that key then runs rapor-admin against
    a rapord on that database. A second rapor-init is refused.  */
Test (ops, rapor_init_opens_an_empty_database_once)
{
    char name[80], cmd[3000], key[700], sql_dir[1024], init[1024], migrate[1024];
    snprintf (name, sizeof name, "%.60s_empty", db.name);
    snprintf (sql_dir, sizeof sql_dir, "%s", harness_source_path ("sql"));
    snprintf (migrate, sizeof migrate, "%s", harness_source_path ("deploy/rapor-migrate"));
    snprintf (init, sizeof init, "%s", harness_source_path ("deploy/rapor-init"));
    snprintf (cmd, sizeof cmd, "createdb \"$(echo $RAPOR_DATABASE | cut -d= -f2)\" && '%s' '%s'",
              migrate, sql_dir);
    cr_assert_eq (s_owner_sh (name, cmd), 0, "%s", run.output);

    snprintf (key, sizeof key, "%s/ops-init-%d.inspectorate", harness_keys_dir (), (int) getpid ());
    const char *gen[] = { RAPOR_ADMIN_PATH, "keygen", key, NULL };
    cr_assert_eq (harness_run (&run, gen), 0, "%s", run.output);

    /*  The database the fixture made already has a way in: refused.  */
    snprintf (cmd, sizeof cmd, "'%s' '%s' INSP_BARU 'Inspektorat Baru'", init, key);
    cr_expect_eq (s_owner_sh (db.name, cmd), 1, "%s", run.output);
    cr_expect (strstr (run.output, "already registered"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds WHERE code = 'INSP_BARU'"),
                  0, "a refused rapor-init changed something");

    /*  The empty one: created, registered, audited.  */
    snprintf (cmd, sizeof cmd, "'%s' '%s' INSPEKTORAT 'Inspektorat' 'first key'", init, key);
    cr_assert_eq (s_owner_sh (name, cmd), 0, "%s", run.output);
    cr_expect (strstr (run.output, "created INSPEKTORAT"), "%s", run.output);
    snprintf (cmd, sizeof cmd, "'%s' '%s' INSPEKTORAT 'Inspektorat'", init, key);
    cr_expect_eq (s_owner_sh (name, cmd), 1, "a second rapor-init: %s", run.output);

    /*  The new key works against a rapord on that database.  */
    char conninfo[800];
    snprintf (conninfo, sizeof conninfo, "host=%s port=%s dbname=%s user=rapor_app", db.host,
              db.port, name);
    test_server_t fresh;
    cr_assert (harness_server_start (&fresh, conninfo, NULL), "rapord on the new database");
    char secret[720];
    snprintf (secret, sizeof secret, "%s_secret", key);
    const char *add[] = { RAPOR_ADMIN_PATH, "--server", fresh.endpoint, "--key", secret,
                          "--server-key", harness_server_key (), "opd", "add", "DINKES", "dinas",
                          "Dinas", "Kesehatan", NULL };
    int added = harness_run (&run, add);
    /*  Then the regency's list: the example file imports cleanly.  */
    char csv[1024];
    snprintf (csv, sizeof csv, "%s", harness_source_path ("deploy/banyuwangi-opd.csv"));
    const char *import[] = { RAPOR_ADMIN_PATH, "--server", fresh.endpoint, "--key", secret,
                             "--server-key", harness_server_key (), "opd", "import", csv, NULL };
    int imported = harness_run (&run, import);
    static char import_output[sizeof run.output];
    snprintf (import_output, sizeof import_output, "%s", run.output);
    const char *audit[] = { RAPOR_ADMIN_PATH, "--server", fresh.endpoint, "--key", secret,
                            "--server-key", harness_server_key (), "audit", NULL };
    int audited = harness_run (&run, audit);
    harness_server_stop (&fresh, SIGTERM);
    cr_expect_eq (added, 0, "the first key cannot add an OPD");
    cr_expect_eq (imported, 0, "%s", import_output);
    cr_expect (strstr (import_output, "67 OPDs imported: 65 added, 2 already registered as listed."),
               "%s", import_output);
    /*  ...with Banyuwangi's designations, as deploy/banyuwangi-opd.sql has them.  */
    cr_expect (strstr (import_output, "Default assessors: pengawasan INSPEKTORAT, perencanaan"
                       " BAPPEDA, pelaporan ORGANISASI, anggaran BPKAD, inovasi BAPPEDA, pengadaan"
                       " PBJ."), "%s", import_output);
    cr_expect_eq (audited, 0, "%s", run.output);
    cr_expect (strstr (run.output, " init "), "rapor-init's audit row:\n%s", run.output);
    cr_expect (strstr (run.output, " opd-add "), "%s", run.output);
    cr_expect (strstr (run.output, " opd-import "), "%s", run.output);
    snprintf (cmd, sizeof cmd, "dropdb \"$(echo $RAPOR_DATABASE | cut -d= -f2)\"");
    s_owner_sh (name, cmd);
}

/*  Writes `text` to a new file in the key directory; its path in path.  */
static void
s_file (char *path, size_t size, const char *tag, const char *text)
{
    snprintf (path, size, "%s/ops-%d-%s.csv", harness_keys_dir (), (int) getpid (), tag);
    FILE *f = fopen (path, "w");
    cr_assert (f);
    fputs (text, f);
    fclose (f);
}

Test (ops, opd_import_stores_a_list_whole_or_not_at_all)
{
    char path[800];
    long before = harness_db_number (&db, "SELECT count(*) FROM opds");
    /*  The example list is what the fixture holds already: nothing changes.  */
    harness_admin (&run, &server, "opd", "import",
                   harness_source_path ("deploy/banyuwangi-opd.csv"), NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "67 OPDs imported: 0 added, 67 already registered"), "%s",
               run.output);

    /*  A bad line: named, and nothing is sent.  */
    s_file (path, sizeof path, "bad",
            "code,name,kind\n"
            "KEC_BARU,Kecamatan Baru,kecamatan\n"
            "\n"
            "DINAS_X,Dinas X,dinass\n"
            "lower,\"Dinas, Kecil\",dinas\n");
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "line 4 (kind)"), "%s", run.output);
    cr_expect (strstr (run.output, "line 5 (code)"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds"), before);

    /*  A code registered under another name: the server refuses the whole
        list, naming the line; the new OPD before it is not stored either.  */
    s_file (path, sizeof path, "clash",
            "KEC_BARU,Kecamatan Baru,kecamatan\n"
            "DINKES,Dinas Kesehatan Hewan,dinas\n");
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "line 2 (code)"), "%s", run.output);
    cr_expect (strstr (run.output, "admin_refused"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds"), before);

    /*  A good list: stored together, audited once, and not for an OPD key.  */
    s_file (path, sizeof path, "good",
            "\xEF\xBB\xBF# new kecamatan\r\n"
            "KEC_BARU,Kecamatan Baru,kecamatan\r\n"
            "KANTOR_X,\"Kantor \"\"X\"\", Pusat\",kantor\r\n");
    harness_admin (&run, &server, "--as", "DINKES", "opd", "import", path, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "2 OPDs imported: 2 added, 0 already registered"), "%s",
               run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds"), before + 2);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds WHERE code = 'KANTOR_X'"
                                          " AND name = 'Kantor \"X\", Pusat' AND kind = 'kantor'"),
                  1);
    /*  Two imports went through (the example list changed nothing, but it
        was a request that could have): each has its audit row.  */
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log"
                                          " WHERE action = 'opd-import' AND outcome = 'accepted'"),
                  2);
}

/*  The fourth column: who assesses which component by default. A period
    opened after the import starts with those assessors; bad designations
    are named by line and column, and nothing is stored.  */
Test (ops, opd_import_sets_the_default_assessors)
{
    char path[800];
    long opds = harness_db_number (&db, "SELECT count(*) FROM opds");
    s_file (path, sizeof path, "typo",
            "code,name,kind,assesses\n"
            "KEC_BARU,Kecamatan Baru,kecamatan,pengawasn\n");
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "line 2 (assesses)"), "%s", run.output);
    cr_expect (strstr (run.output, "'pengawasn' is not a component"), "%s", run.output);

    s_file (path, sizeof path, "twice",
            "KEC_BARU,Kecamatan Baru,kecamatan,pengawasan\n"
            "# a comment line\n"
            "KANTOR_Y,Kantor Y,kantor,inovasi 1\n");
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "line 3 (assesses)"), "%s", run.output);
    cr_expect (strstr (run.output, "pengawasan is assessed by one OPD only"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds"), opds);

    /*  A deactivated OPD cannot assess: the server names its line.  */
    s_file (path, sizeof path, "inactive",
            "KEC_BARU,Kecamatan Baru,kecamatan\n"
            "TEST_INACTIVE,Kantor yang sudah dibubarkan,kantor,anggaran\n");
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "line 2 (assesses)"), "%s", run.output);
    cr_expect (strstr (run.output, "TEST_INACTIVE is deactivated and cannot assess anggaran"),
               "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds"), opds);

    s_file (path, sizeof path, "good",
            "code,name,kind,assesses\n"
            "KEC_BARU,Kecamatan Baru,kecamatan,Pengawasan; 5\n"
            "KANTOR_Y,Kantor Y,kantor,\n");
    harness_admin (&run, &server, "opd", "import", path, NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "Default assessors: pengawasan KEC_BARU, inovasi KEC_BARU."),
               "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action ="
                                          " 'opd-import' AND outcome = 'accepted' AND detail ="
                                          " 'admin rows=2 assesses=pengawasan:KEC_BARU,"
                                          "inovasi:KEC_BARU'"), 1);

    /*  The period opened now has them; the others keep the demo's.  */
    harness_admin (&run, &server, "open", "2025-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    char rows[6][64];
    cr_assert_eq (harness_db_column (&db, "SELECT c.code || '=' || o.code FROM period_assessors pa"
                                          " JOIN periods p ON p.id = pa.period_id"
                                          " JOIN components c ON c.id = pa.component_id"
                                          " JOIN opds o ON o.id = pa.opd_id"
                                          " WHERE p.code = '2025-Q3' ORDER BY c.id", rows, 6), 6);
    cr_expect_str_eq (rows[0], "pengawasan=KEC_BARU");
    cr_expect_str_eq (rows[1], "perencanaan=BAPPEDA");
    cr_expect_str_eq (rows[4], "inovasi=KEC_BARU");
    cr_expect_str_eq (rows[5], "pengadaan=PBJ");
    /*  A period opened before keeps its own.  */
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM period_assessors pa JOIN periods p"
                                          " ON p.id = pa.period_id JOIN opds o ON o.id = pa.opd_id"
                                          " WHERE p.code = '2024-Q2' AND o.code = 'KEC_BARU'"), 0);
}
