/*  Final means final, in the database too (sql/006_final.sql): once a
    period is finalized, no row of it can be inserted, updated or deleted
    with ordinary DML, by rapord's role or by the owner; a TEMP table
    cannot stand in for public.periods; and what happens to opds later
    never changes a finalized ranking as rapord serves it.  */
#include "served.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

SERVED_SUITE (final);

#define PERIOD "2024-Q2"

static PGconn *
s_connect (const char *user, const char *dbname)
{
    const char *keys[] = { "host", "port", "dbname", "user", NULL };
    const char *values[] = { db.host, db.port, dbname ? dbname : db.name, user, NULL };
    PGconn *conn = PQconnectdbParams (keys, values, 0);
    if (PQstatus (conn) != CONNECTION_OK) {
        fprintf (stderr, "test_final: %s", PQerrorMessage (conn));
        PQfinish (conn);
        return NULL;
    }
    PQclear (PQexec (conn, "SET client_min_messages = warning"));
    return conn;
}

static bool
s_exec (PGconn *conn, const char *sql)
{
    PGresult *r = PQexec (conn, sql);
    bool ok = PQresultStatus (r) == PGRES_COMMAND_OK || PQresultStatus (r) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf (stderr, "test_final: %s: %s", sql, PQresultErrorMessage (r));
    PQclear (r);
    return ok;
}

/*  Runs `sql` inside a transaction that is rolled back whatever happens.
    Returns the SQLSTATE it failed with, or "" if it succeeded.  */
static const char *
s_try (PGconn *conn, const char *sql)
{
    static char state[8];
    state[0] = '\0';
    s_exec (conn, "BEGIN");
    PGresult *r = PQexec (conn, sql);
    if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK) {
        const char *s = PQresultErrorField (r, PG_DIAG_SQLSTATE);
        snprintf (state, sizeof state, "%s", s ? s : "?");
    }
    PQclear (r);
    s_exec (conn, "ROLLBACK");
    return state;
}

static long
s_number (PGconn *conn, const char *sql)
{
    PGresult *r = PQexec (conn, sql);
    long value = PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) ? atol (PQgetvalue (r, 0, 0))
                                                                         : -1;
    PQclear (r);
    return value;
}

/*  A finalized quarter with something in every table of it: DINKES ranked
    above DISHUB by their verified oversight scores, a self-assessment of
    DINKES without pengawasan, weights, a base TPP, the default assessors.  */
static void
s_finalized_quarter (void)
{
    harness_submit (&run, &server, "--opd", "DINKES", "--period", PERIOD, "inovasi=80", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--as", "INSPEKTORAT", "--verified", "--opd", "DINKES",
                    "--period", PERIOD, "pengawasan=90", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_submit (&run, &server, "--as", "INSPEKTORAT", "--verified", "--opd", "DISHUB",
                    "--period", PERIOD, "pengawasan=70", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "weights", PERIOD, "inovasi=2", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "tpp", PERIOD, "DINKES", "1000000", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "close", PERIOD, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "finalize", PERIOD, "--force", "only a few OPDs are scored", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
}

/*  Statements that would change a finalized period, and the SQLSTATE
    rapor_app gets: restrict_violation (23001) from the triggers, or
    insufficient_privilege (42501) where rapor_app lacks the privilege
    anyway. The owner must get 23001 for every one.  */
#define P "(SELECT id FROM public.periods WHERE code = '" PERIOD "')"
#define SUB "(SELECT s.id FROM public.submissions s JOIN public.opds o ON o.id = s.opd_id" \
            " WHERE s.period_id = " P " AND o.code = 'DINKES' AND s.kind = 'self')"
static const struct {
    const char *sql, *app_state;
} s_writes[] = {
    /*  A score for the component DINKES's self-assessment lacked.  */
    { "INSERT INTO public.scores (submission_id, component_id, score_centi)"
      " SELECT " SUB ", 1, 10000", "23001" },
    { "UPDATE public.scores SET score_centi = 10000 WHERE submission_id = " SUB, "42501" },
    { "DELETE FROM public.scores WHERE submission_id = " SUB, "42501" },
    { "INSERT INTO public.submissions (submission_uuid, period_id, opd_id, content_sha256,"
      " request_id, kind, submitter_opd_id) SELECT '\\x00112233445566778899aabbccddeeff', "
      P ", o.id, sha256('x'), 1, 'self', o.id FROM public.opds o WHERE o.code = 'DINKES'", "23001" },
    { "UPDATE public.submissions SET request_id = 7 WHERE id = " SUB, "42501" },
    { "DELETE FROM public.submissions WHERE id = " SUB, "42501" },
    /*  A new OPD at rank 1 with +15%.  */
    { "INSERT INTO public.ranking_entries (period_id, opd_id, position, rank, total_centi,"
      " verified, self, tpp_pct, incomplete, best, worst, opd_code, opd_name)"
      " SELECT " P ", o.id, 9999, 1, 10000, '{10000,10000,10000,10000,10000,10000}',"
      " '{10000,10000,10000,10000,10000,10000}', 15, false, true, false, o.code, o.name"
      " FROM public.opds o WHERE o.code = 'TEST_INACTIVE'", "23001" },
    { "UPDATE public.ranking_entries SET tpp_pct = 15 WHERE period_id = " P, "42501" },
    { "DELETE FROM public.ranking_entries WHERE period_id = " P, "42501" },
    { "UPDATE public.rankings SET reward_n = 70 WHERE period_id = " P, "42501" },
    { "DELETE FROM public.rankings WHERE period_id = " P, "42501" },
    { "INSERT INTO public.period_weights VALUES (" P ", 1, 5)", "23001" },
    { "UPDATE public.period_weights SET weight = 9 WHERE period_id = " P, "23001" },
    { "DELETE FROM public.period_weights WHERE period_id = " P, "42501" },
    { "INSERT INTO public.opd_base_tpp SELECT " P ", id, 5 FROM public.opds WHERE code = 'DISHUB'",
      "23001" },
    { "UPDATE public.opd_base_tpp SET amount = 9 WHERE period_id = " P, "23001" },
    { "DELETE FROM public.opd_base_tpp WHERE period_id = " P, "42501" },
    { "UPDATE public.period_assessors SET opd_id = (SELECT id FROM public.opds"
      " WHERE code = 'DINKES') WHERE period_id = " P, "23001" },
    { "DELETE FROM public.period_assessors WHERE period_id = " P, "42501" },
    { "UPDATE public.periods SET reward_n = 1 WHERE id = " P, "23001" },
    { "UPDATE public.periods SET status = 'open' WHERE id = " P, "23001" },
    { "DELETE FROM public.periods WHERE id = " P, "42501" },
    { "UPDATE public.period_events SET actor = 'X' WHERE period_id = " P, "42501" },
    { "DELETE FROM public.period_events WHERE period_id = " P, "42501" },
    /*  A forged lifecycle step after the fact.  */
    { "INSERT INTO public.period_events (period_id, action, actor, reason)"
      " VALUES (" P ", 'reopen', 'INSPEKTORAT', 'forged')", "23001" },
    /*  A period born finalized has no ranking but the one a writer makes.  */
    { "INSERT INTO public.periods (code, status) VALUES ('2031-Q1', 'finalized')", "23001" },
};

/*  TRUNCATE is the owner's alone; it is refused too.  */
static const char *s_truncates[] = {
    "TRUNCATE public.period_weights", "TRUNCATE public.opd_base_tpp",
    "TRUNCATE public.period_assessors", "TRUNCATE public.period_events CASCADE",
    "TRUNCATE public.periods CASCADE", "TRUNCATE public.scores",
};

/*  Everything in the finalized period, as one number that any change of
    a row moves.  */
static long
s_fingerprint (PGconn *conn)
{
    return s_number (conn,
        "SELECT hashtext(string_agg(t, '|' ORDER BY t)) FROM ("
        " SELECT 's' || s.id || s.submission_uuid::text || s.request_id || s.opd_id AS t"
        "   FROM public.submissions s WHERE s.period_id = " P
        " UNION ALL SELECT 'c' || sc.submission_id || ':' || sc.component_id || ':' || sc.score_centi"
        "   FROM public.scores sc JOIN public.submissions s ON s.id = sc.submission_id"
        "  WHERE s.period_id = " P
        " UNION ALL SELECT 'e' || e::text FROM public.ranking_entries e WHERE e.period_id = " P
        " UNION ALL SELECT 'r' || r::text FROM public.rankings r WHERE r.period_id = " P
        " UNION ALL SELECT 'w' || w::text FROM public.period_weights w WHERE w.period_id = " P
        " UNION ALL SELECT 'a' || a::text FROM public.period_assessors a WHERE a.period_id = " P
        " UNION ALL SELECT 't' || b::text FROM public.opd_base_tpp b WHERE b.period_id = " P
        " UNION ALL SELECT 'v' || v::text FROM public.period_events v WHERE v.period_id = " P
        " UNION ALL SELECT 'p' || p::text FROM public.periods p) x");
}

/*  The longest force reason the protocol allows, in characters of four
    bytes: 500 of them, 2,000 bytes. The audit row kept only its first 503
    bytes, which split a character, so the database refused the row and
    with it the finalization, on every retry.  */
Test (final, the_longest_force_reason_is_kept_whole)
{
    char reason[2001] = "";
    for (int i = 0; i < 500; i++)
        strcat (reason, "\xF0\x9F\x93\x8A");      /*  U+1F4CA, 4 bytes  */
    harness_admin (&run, &server, "close", PERIOD, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &server, "finalize", PERIOD, "--force", reason, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action ="
        " 'period-finalize' AND outcome = 'accepted'"
        " AND reason = 'forced: ' || repeat(chr(128202), 500)"), 1, "the whole reason, audited");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM period_events WHERE action ="
        " 'finalize' AND reason = repeat(chr(128202), 500)"), 1);
}

/*  --force on a period finalized already changes nothing and stores no
    reason, and the audit row says no more than that.  */
Test (final, a_force_that_changes_nothing_is_not_audited_as_forced)
{
    s_finalized_quarter ();
    harness_admin (&run, &server, "finalize", PERIOD, "--force", "sekali lagi", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "already finalized"), "%s", run.output);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action ="
        " 'period-finalize' AND reason LIKE 'forced:%'"), 1, "only the first was forced");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM audit_log WHERE action ="
        " 'period-finalize' AND outcome = 'accepted'"), 2);
}

Test (final, no_row_of_a_finalized_period_can_be_written_by_app_or_owner)
{
    s_finalized_quarter ();
    PGconn *app = s_connect ("rapor_app", NULL), *owner = s_connect ("postgres", NULL);
    cr_assert (app && owner);
    long before = s_fingerprint (owner);
    cr_assert_neq (before, -1);
    for (size_t i = 0; i < sizeof s_writes / sizeof s_writes[0]; i++) {
        cr_expect_str_eq (s_try (app, s_writes[i].sql), s_writes[i].app_state,
                          "as rapor_app: %s", s_writes[i].sql);
        cr_expect_str_eq (s_try (owner, s_writes[i].sql), "23001", "as the owner: %s",
                          s_writes[i].sql);
    }
    for (size_t i = 0; i < sizeof s_truncates / sizeof s_truncates[0]; i++)
        cr_expect_str_eq (s_try (owner, s_truncates[i]), "23001", "as the owner: %s",
                          s_truncates[i]);
    /*  Committed, not rolled back: still refused, and nothing changed.  */
    PGresult *r = PQexec (owner, s_writes[0].sql);
    cr_expect_neq (PQresultStatus (r), PGRES_COMMAND_OK);
    PQclear (r);
    cr_expect_eq (s_fingerprint (owner), before);
    /*  An open period's settings still change (the guard is the period's
        state, not the table).  */
    cr_expect_str_eq (s_try (app, "INSERT INTO public.period_weights SELECT id, 1, 5"
                                  " FROM public.periods WHERE code = '2024-Q1'"), "");
    PQfinish (app);
    PQfinish (owner);
}

/*  The TEMP attack of the issue: a TEMP table "periods" that says every
    period is open, then writes into a finalized one.  */
static const char *s_shadowed[] = {
    "INSERT INTO public.submissions (submission_uuid, period_id, opd_id, content_sha256,"
    " request_id, kind, submitter_opd_id) SELECT '\\x00112233445566778899aabbccddee00', "
    P ", o.id, sha256('x'), 1, 'self', o.id FROM public.opds o WHERE o.code = 'DINKES'",
    "INSERT INTO public.scores (submission_id, component_id, score_centi) SELECT " SUB ", 2, 10000",
    "UPDATE public.period_weights SET weight = 9 WHERE period_id = " P,
    "UPDATE public.opd_base_tpp SET amount = 9 WHERE period_id = " P,
    "INSERT INTO public.ranking_entries (period_id, opd_id, position, rank, total_centi,"
    " verified, self, tpp_pct, incomplete, best, worst, opd_code, opd_name)"
    " SELECT " P ", o.id, 9999, 1, 10000, '{1,1,1,1,1,1}', '{1,1,1,1,1,1}', 15, false, true,"
    " false, o.code, o.name FROM public.opds o WHERE o.code = 'TEST_INACTIVE'",
};

static void
s_shadow_and_try (PGconn *conn, const char *who)
{
    /*  The TEMP table first, then `periods` unqualified finds it.  */
    cr_assert (s_exec (conn, "SET search_path = pg_temp, public"));
    cr_assert (s_exec (conn, "CREATE TEMP TABLE periods AS SELECT id, code, 'open'::text AS status,"
                             " 5 AS reward_n FROM public.periods"));
    cr_assert_eq (s_number (conn, "SELECT count(*) FROM periods WHERE status = 'finalized'"), 0);
    for (size_t i = 0; i < sizeof s_shadowed / sizeof s_shadowed[0]; i++)
        cr_expect_str_eq (s_try (conn, s_shadowed[i]), "23001", "%s, shadowed: %s", who,
                          s_shadowed[i]);
    cr_assert (s_exec (conn, "DROP TABLE pg_temp.periods"));
}

Test (final, a_temp_table_cannot_stand_in_for_periods)
{
    s_finalized_quarter ();
    PGconn *owner = s_connect ("postgres", NULL);
    cr_assert (owner);
    /*  The migration took TEMP away from PUBLIC and rapor_app; that is a
        privilege of the database itself, which a clone made with
        CREATE DATABASE ... TEMPLATE (as this test's was) does not copy:
        on the migrated template it holds.  */
    cr_expect_eq (s_number (owner, "SELECT count(*) FROM pg_database WHERE datname = 'rapor_template'"
                                   " AND has_database_privilege('rapor_app', oid, 'TEMPORARY')"),
                  0, "rapor_app has TEMP on the migrated database");
    /*  Even with TEMP, as this clone still grants it, the triggers refuse:
        they name public.periods and search pg_temp last.  */
    PGconn *app = s_connect ("rapor_app", NULL);
    cr_assert (app);
    s_shadow_and_try (app, "rapor_app");
    s_shadow_and_try (owner, "the owner");
    /*  And once the privilege is taken away here too, rapor_app cannot
        make the TEMP table at all.  */
    char sql[256];
    snprintf (sql, sizeof sql, "REVOKE TEMPORARY ON DATABASE \"%s\" FROM PUBLIC", db.name);
    cr_assert (s_exec (owner, sql));
    PQfinish (app);
    app = s_connect ("rapor_app", NULL);
    cr_assert (app);
    cr_expect_str_eq (s_try (app, "CREATE TEMP TABLE periods AS SELECT id, code, 'open'::text"
                                  " AS status FROM public.periods"), "42501");
    PQfinish (app);
    PQfinish (owner);
}

Test (final, every_function_names_its_schema_and_pins_search_path)
{
    PGconn *owner = s_connect ("postgres", NULL);
    cr_assert (owner);
    PGresult *r = PQexec (owner,
        "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace"
        "   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)");
    cr_assert_eq (PQresultStatus (r), PGRES_TUPLES_OK);
    for (int i = 0; i < PQntuples (r); i++)
        cr_expect_fail ("%s does not pin search_path = pg_catalog, pg_temp", PQgetvalue (r, i, 0));
    PQclear (r);
    /*  With search_path pinned, an unqualified table would be looked up in
        pg_temp: a table name right after FROM, JOIN, INTO, UPDATE or TABLE
        must carry its schema.  */
    r = PQexec (owner,
        "SELECT p.proname, t.relname FROM pg_proc p CROSS JOIN pg_class t"
        " WHERE p.pronamespace = 'public'::regnamespace"
        "   AND t.relnamespace = 'public'::regnamespace AND t.relkind IN ('r', 'v')"
        "   AND p.prosrc ~* ('(from|join|into|update|table|,)\\s+' || t.relname || '\\M')");
    cr_assert_eq (PQresultStatus (r), PGRES_TUPLES_OK);
    for (int i = 0; i < PQntuples (r); i++)
        cr_expect_fail ("%s names %s without its schema", PQgetvalue (r, i, 0),
                        PQgetvalue (r, i, 1));
    PQclear (r);
    PQfinish (owner);
}

/*  The ranking as rapord serves it: the CSV export and the standings.  */
static void
s_served (char *csv, char *table, size_t size)
{
    harness_admin (&run, &server, "export", PERIOD, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    snprintf (csv, size, "%s", run.output);
    harness_admin (&run, &server, "standings", PERIOD, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    snprintf (table, size, "%s", run.output);
}

Test (final, what_happens_to_opds_later_never_changes_a_finalized_ranking)
{
    /*  A name COPY must escape, kept byte for byte.  */
    cr_assert_eq (harness_db_command (&db, "UPDATE opds SET name = E'Dinas\\tPerhubungan \\\\ uji'"
                                           " WHERE code = 'DISHUB'"), 0);
    /*  A name of 200 characters, 394 bytes of UTF-8: kept whole too.  */
    cr_assert_eq (harness_db_command (&db, "UPDATE opds SET name = 'Dinas ' || repeat('é', 194)"
                                           " WHERE code = 'BAPPEDA'"), 0);
    s_finalized_quarter ();
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM ranking_entries e"
                                          " JOIN opds o ON o.id = e.opd_id WHERE o.code = 'BAPPEDA'"
                                          " AND e.opd_name = o.name AND octet_length(e.opd_name) = 394"),
                  1, "the long name was cut in the finalized ranking");
    static char csv[16384], table[16384], csv_after[16384], table_after[16384];
    s_served (csv, table, sizeof csv);
    char *dinkes = strstr (csv, ",DINKES,"), *dishub = strstr (csv, ",DISHUB,");
    cr_assert (dinkes && dishub && dinkes < dishub, "%s", csv);

    /*  As rapor_app, which may rename OPDs: swap the two codes, and rename.  */
    PGconn *app = s_connect ("rapor_app", NULL);
    cr_assert (app);
    cr_assert (s_exec (app, "BEGIN"));
    cr_assert (s_exec (app, "UPDATE public.opds SET code = 'SWAP_TMP' WHERE code = 'DINKES'"));
    cr_assert (s_exec (app, "UPDATE public.opds SET code = 'DINKES' WHERE code = 'DISHUB'"));
    cr_assert (s_exec (app, "UPDATE public.opds SET code = 'DISHUB' WHERE code = 'SWAP_TMP'"));
    cr_assert (s_exec (app, "UPDATE public.opds SET name = 'Nama baru' WHERE code = 'DINKES'"));
    cr_assert (s_exec (app, "COMMIT"));
    PQfinish (app);

    s_served (csv_after, table_after, sizeof csv_after);
    cr_expect_str_eq (csv_after, csv);
    cr_expect_str_eq (table_after, table);
    cr_expect_null (strstr (csv_after, "Nama baru"), "%s", csv_after);
    /*  And the broadcast's source, a snapshot request, agrees.  */
    request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.kind = REQUEST_SNAPSHOT;
    request.snapshot_period_len = (size_t) snprintf (request.snapshot_period,
                                                     sizeof request.snapshot_period, "%s", PERIOD);
    harness_use_key ("DISKOMINFO", "dashboard");
    cr_assert (harness_request (server.endpoint, &request, &reply));
    harness_use_key ("DINKES", "opd");
    cr_assert_not_null (reply.ranking);
    cr_assert_eq (reply.kind, REPLY_RANKING);
    cr_assert_geq (reply.ranking->count, 2);
    cr_expect_str_eq (reply.ranking->entries[0].code, "DINKES");
    cr_expect_str_eq (reply.ranking->entries[1].code, "DISHUB");
    cr_expect_str_eq (reply.ranking->entries[0].name, "Dinas Kesehatan");
    cr_expect_str_eq (reply.ranking->entries[1].name, "Dinas\tPerhubungan \\ uji");
}

/*  A database with rankings finalized before 006: the migration fills in
    every entry's OPD code and name, the append-only trigger on again.  */
Test (final, the_migration_keeps_the_opd_of_rankings_finalized_before_it)
{
    PGconn *owner = s_connect ("postgres", "postgres");
    cr_assert (owner);
    char name[80], sql[256], dir[] = "/tmp/rapor-sql-XXXXXX";
    snprintf (name, sizeof name, "%.60s_old", db.name);
    snprintf (sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    cr_assert (s_exec (owner, sql));
    cr_assert (mkdtemp (dir));
    /*  harness_source_path returns one static buffer: copy each.  */
    char sql_dir[1024], migrate[1024], cmd[4096];
    snprintf (sql_dir, sizeof sql_dir, "%s", harness_source_path ("sql"));
    snprintf (migrate, sizeof migrate, "%s", harness_source_path ("deploy/rapor-migrate"));
    snprintf (cmd, sizeof cmd,
        "set -e; for f in '%s'/00[1-5]_*.sql; do ln -s \"$f\" '%s'/; done;"
        " export PGHOST='%s' PGPORT='%s' PGUSER=postgres RAPOR_DATABASE='dbname=%s';"
        " '%s' '%s' >/dev/null",
        sql_dir, dir, db.host, db.port, name, migrate, dir);
    cr_assert_eq (system (cmd), 0, "%s", cmd);
    PGconn *old = s_connect ("postgres", name);
    cr_assert (old);
    cr_assert (s_exec (old,
        "INSERT INTO opds (code, name, kind) VALUES ('DINKES', 'Dinas Kesehatan', 'dinas');"
        "INSERT INTO periods (code, status) VALUES ('2023-Q1', 'closed');"
        "INSERT INTO rankings (period_id, seq, finalized_at, finalized_by, weights, reward_n,"
        "  reward_pct, punish_pct) SELECT id, 1, now(), 'INSPEKTORAT', '{1,1,1,1,1,1}', 5, 15, 15"
        "  FROM periods;"
        "INSERT INTO ranking_entries (period_id, opd_id, position, rank, total_centi, verified,"
        "  self, tpp_pct, incomplete, best, worst) SELECT p.id, o.id, 1, 1, 0,"
        "  '{NULL,NULL,NULL,NULL,NULL,NULL}', '{NULL,NULL,NULL,NULL,NULL,NULL}', 0, true,"
        "  false, false FROM periods p, opds o;"
        "UPDATE periods SET status = 'finalized'"));
    snprintf (cmd, sizeof cmd,
        "export PGHOST='%s' PGPORT='%s' PGUSER=postgres RAPOR_DATABASE='dbname=%s';"
        " '%s' '%s' >/dev/null", db.host, db.port, name, migrate, sql_dir);
    cr_assert_eq (system (cmd), 0);
    cr_expect_eq (s_number (old, "SELECT count(*) FROM ranking_entries"
                                 " WHERE opd_code = 'DINKES' AND opd_name = 'Dinas Kesehatan'"), 1);
    cr_expect_str_eq (s_try (old, "UPDATE ranking_entries SET opd_code = 'X'"), "23001");
    /*  A database migrated from nothing gives rapor_app no TEMP.  */
    PQfinish (old);
    old = s_connect ("rapor_app", name);
    cr_assert (old);
    cr_expect_str_eq (s_try (old, "CREATE TEMP TABLE periods (id integer)"), "42501");
    PQfinish (old);
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq (system (cmd), 0);
    snprintf (sql, sizeof sql, "DROP DATABASE \"%s\"", name);
    s_exec (owner, sql);
    PQfinish (owner);
}
