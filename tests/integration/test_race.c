/*  No race between storing and finalizing (sql/006_final.sql, intake.c):
    every writer of a period holds its row FOR SHARE until it commits,
    close and finalize hold it FOR UPDATE. So an acknowledged submission
    is, once committed, in the finalized ranking of its period, or it was
    refused; with two rapord instances on one database too.  */
#include "harness.h"
#include "clock.h"
#include "hex.h"

#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.h>

TestSuite (race, .timeout = 240);

static PGconn *
s_connect (const test_db_t *db, const char *user)
{
    const char *keys[] = { "host", "port", "dbname", "user", NULL };
    const char *values[] = { db->host, db->port, db->name, user, NULL };
    PGconn *conn = PQconnectdbParams (keys, values, 0);
    if (PQstatus (conn) != CONNECTION_OK) {
        fprintf (stderr, "test_race: %s", PQerrorMessage (conn));
        PQfinish (conn);
        return NULL;
    }
    return conn;
}

static bool
s_exec (PGconn *conn, const char *sql)
{
    PGresult *r = PQexec (conn, sql);
    bool ok = PQresultStatus (r) == PGRES_COMMAND_OK || PQresultStatus (r) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf (stderr, "test_race: %s: %s", sql, PQresultErrorMessage (r));
    PQclear (r);
    return ok;
}

/*  Waits up to 20 s until some backend of this database waits for a lock
    (rapord's, behind the period row): the event the test needs, never a
    fixed sleep.  */
static bool
s_someone_waits_for_a_lock (const test_db_t *db)
{
    for (long deadline = clock_now_ms () + 20000; clock_now_ms () < deadline; usleep (10000))
        if (harness_db_number (db, "SELECT count(*) FROM pg_stat_activity"
                                   " WHERE datname = current_database()"
                                   "   AND wait_event_type = 'Lock'") > 0)
            return true;
    return false;
}

/*  A close in progress elsewhere (another rapord, holding the period FOR
    UPDATE): a submission that comes meanwhile waits for it, then reads the
    new status and is refused. Without the intake's lock it would be
    stored into a closed period, after the close.  */
Test (race, a_submission_waits_for_a_close_in_progress_and_is_refused)
{
    test_db_t db;
    test_server_t server;
    cr_assert (harness_start (&db, &server));
    long before = harness_db_number (&db, "SELECT count(*) FROM submissions");
    PGconn *other = s_connect (&db, "rapor_app");
    cr_assert (other);
    cr_assert (s_exec (other, "BEGIN"));
    cr_assert (s_exec (other, "SELECT 1 FROM periods WHERE code = '2024-Q2' FOR UPDATE"));

    char out[] = "/tmp/rapor-race-XXXXXX";
    int fd = mkstemp (out);
    cr_assert_geq (fd, 0);
    close (fd);
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DINKES", "opd"));
    const char *argv[] = { RAPOR_SUBMIT_PATH, "--server", server.endpoint, "--key", key,
                           "--server-key", harness_server_key (), "--opd", "DINKES",
                           "--period", "2024-Q2", "--timeout", "30000", "--retries", "1",
                           "inovasi=91", NULL };
    pid_t pid = harness_spawn (argv, out);
    cr_assert_gt (pid, 0);
    bool waited = s_someone_waits_for_a_lock (&db);
    cr_assert (s_exec (other, "UPDATE periods SET status = 'closed' WHERE code = '2024-Q2'"));
    cr_assert (s_exec (other, "COMMIT"));
    int status = harness_wait (pid, 40000);
    char text[4096] = "";
    FILE *f = fopen (out, "r");
    if (f) {
        text[fread (text, 1, sizeof text - 1, f)] = '\0';
        fclose (f);
    }
    unlink (out);
    cr_expect (waited, "the submission did not wait for the period row: %s", text);
    cr_expect_eq (status, 1, "refused, not stored: %s", text);
    cr_expect (strstr (text, "period_not_open"), "%s", text);
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM submissions"), before);
    PQfinish (other);
    harness_server_stop (&server, SIGTERM);
}

/*  Another writer storing into a closed period (a correction, say) holds
    the period: a finalization waits for it and ranks what it stored.
    Without the trigger's lock the ranking would miss it.  */
Test (race, a_finalization_waits_for_a_writer_and_ranks_what_it_stored)
{
    test_db_t db;
    test_server_t server;
    cr_assert (harness_start (&db, &server));
    PGconn *other = s_connect (&db, "rapor_app");
    cr_assert (other);
    cr_assert (s_exec (other, "BEGIN"));
    cr_assert (s_exec (other,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT '\\x0123456789abcdef0123456789abcdef', p.id, o.id, sha256('race'), 1,"
        "         'verified', a.id FROM periods p, opds o, opds a"
        "   WHERE p.code = '2024-Q1' AND o.code = 'DINKES' AND a.code = 'INSPEKTORAT'"
        "  RETURNING id)"
        " INSERT INTO scores (submission_id, component_id, score_centi) SELECT id, 1, 4321 FROM s"));

    char out[] = "/tmp/rapor-race-XXXXXX";
    int fd = mkstemp (out);
    cr_assert_geq (fd, 0);
    close (fd);
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("INSPEKTORAT", "inspectorate"));
    const char *argv[] = { RAPOR_ADMIN_PATH, "--server", server.endpoint, "--key", key,
                           "--server-key", harness_server_key (), "--timeout", "30000",
                           "--retries", "1", "finalize", "2024-Q1", "--force", "uji", NULL };
    pid_t pid = harness_spawn (argv, out);
    cr_assert_gt (pid, 0);
    bool waited = s_someone_waits_for_a_lock (&db);
    cr_assert (s_exec (other, "COMMIT"));
    int status = harness_wait (pid, 40000);
    unlink (out);
    cr_expect (waited, "the finalization did not wait for the writer");
    cr_expect_eq (status, 0);
    cr_expect_eq (harness_db_number (&db,
        "SELECT count(*) FROM ranking_entries e JOIN periods p ON p.id = e.period_id"
        " WHERE p.code = '2024-Q1' AND e.opd_code = 'DINKES' AND e.verified[1] = 4321"), 1,
        "the ranking holds the score committed before it");
    PQfinish (other);
    harness_server_stop (&server, SIGTERM);
}

/*  ---- under load: two rapord, six writers, a close and a finalize ------  */

#define WRITERS 6
#define MAX_OPDS 128

typedef struct {
    const char *submitter;      /*  whose key  */
    bool verified;
    uint32_t components[2];     /*  verified: what it assesses (0 ends)  */
    int server;                 /*  0 or 1  */
} writer_t;

/*  The demo's designated assessors and two OPDs assessing themselves,
    spread over both servers.  */
static const writer_t s_writers[WRITERS] = {
    { "DINKES", false, { 0 }, 0 },          { "INSPEKTORAT", true, { 1, 0 }, 0 },
    { "BAPPEDA", true, { 2, 5 }, 0 },       { "BPKAD", true, { 4, 0 }, 0 },
    { "DISHUB", false, { 0 }, 1 },          { "PBJ", true, { 6, 0 }, 1 },
};

/*  The period the writers send to now: written by the test (renamed
    into place, so never seen half written); "" before the first.  */
static void
s_period_read (const char *path, char *period, size_t size)
{
    period[0] = '\0';
    FILE *f = fopen (path, "r");
    if (!f)
        return;
    if (!fgets (period, (int) size, f))
        period[0] = '\0';
    period[strcspn (period, "\n")] = '\0';
    fclose (f);
}

static void
s_period_write (const char *path, const char *period)
{
    char tmp[128];
    snprintf (tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen (tmp, "w");
    cr_assert (f);
    fprintf (f, "%s\n", period);
    fclose (f);
    cr_assert_eq (rename (tmp, path), 0);
}

/*  One writer, in a child process: submissions to the current period
    until `stop` exists (at most 100 s), DEPTH at a time on one
    connection so that rapord's group commits hold several. Each reply is
    one line of `out`: "A <id>" a receipt, "R <code> <period>" a
    rejection, "U <reason>" unavailable, "X" no reply. Scores vary, so a
    later submission changes what counts.  */
#define DEPTH 16
static void
s_write (const writer_t *w, int index, const char *endpoint, char (*opds)[64], int opd_count,
         const char *period_path, const char *stop, const char *out)
{
    FILE *f = fopen (out, "w");
    if (!f)
        _exit (2);
    setvbuf (f, NULL, _IOLBF, 0);
    harness_use_key (w->submitter, w->verified ? "assessor" : "opd");
    test_conn_t conn = { 0 };
    if (!harness_conn_open (&conn, endpoint))
        _exit (2);
    static request_t request;
    static reply_t reply;
    char ids[DEPTH][2 * SUBMISSION_ID_LEN + 1];
    long deadline = clock_now_ms () + 100000;
    bool lost = false;
    char period[16];
    for (uint32_t n = 0; !lost && access (stop, F_OK) != 0 && clock_now_ms () < deadline;
         n += DEPTH) {
        s_period_read (period_path, period, sizeof period);
        if (!period[0]) {
            usleep (1000);
            continue;
        }
        for (uint32_t k = 0; k < DEPTH; k++) {
            uint32_t m = n + k;
            memset (&request, 0, sizeof request);
            request.version = PROTOCOL_VERSION;
            request.request_id = ((uint64_t) index << 32) | m;
            request.kind = REQUEST_SUBMIT;
            submission_t *s = &request.submit;
            harness_valid_submission (s);       /*  a fresh id  */
            s->score_count = 0;
            submission_set_period (s, period, strlen (period));
            const char *opd = w->verified
                ? opds[(m * 7 + (uint32_t) index) % (uint32_t) opd_count] : w->submitter;
            submission_set_opd (s, opd, strlen (opd));
            submission_set_submitter (s, w->submitter, strlen (w->submitter));
            s->kind = w->verified ? SCORE_KIND_VERIFIED : SCORE_KIND_SELF;
            for (uint32_t c = 1; c <= COMPONENT_COUNT; c++)
                if (!w->verified || c == w->components[0] || c == w->components[1])
                    submission_add_score (s, c, (int32_t) ((m * 37 + c * 1013
                                                            + (uint32_t) index * 7) % 10001), "", 0);
            hex_encode (s->id, SUBMISSION_ID_LEN, ids[k]);
            size_t size = 0;
            uint8_t *bytes = codec_request_encode (&request, &size);
            if (!bytes || zmq_send (conn.socket, "", 0, ZMQ_SNDMORE) != 0
                || zmq_send (conn.socket, bytes, size, 0) != (int) size)
                _exit (2);
            free (bytes);
        }
        for (uint32_t k = 0; k < DEPTH; k++) {
            char delimiter[8];
            zmq_msg_t body;
            zmq_msg_init (&body);
            codec_reply_clear (&reply);
            bool ok = zmq_recv (conn.socket, delimiter, sizeof delimiter, 0) == 0
                   && zmq_msg_recv (&body, conn.socket, 0) >= 0
                   && codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body), &reply);
            zmq_msg_close (&body);
            uint32_t at = (uint32_t) reply.request_id - n;
            if (!ok || at >= DEPTH) {
                fprintf (f, "X\n");
                lost = true;
                break;
            }
            if (reply.kind == REPLY_RECEIPT)
                fprintf (f, "A %s\n", ids[at]);
            else
            if (reply.kind == REPLY_REJECTION)
                fprintf (f, "R %s %s\n", reply.problems.count ? reply.problems.items[0].code : "?",
                         period);
            else
                fprintf (f, "U %s\n", reply.reason);
        }
    }
    harness_conn_close (&conn);
    fclose (f);
    _exit (0);
}

/*  True if the file holds `text`.  */
static bool
s_file_has (const char *path, const char *text)
{
    static char buf[1 << 20];
    FILE *f = fopen (path, "r");
    if (!f)
        return false;
    buf[0] = '\n';
    buf[1 + fread (buf + 1, 1, sizeof buf - 2, f)] = '\0';
    fclose (f);
    return strstr (buf, text) != NULL;
}

/*  An admin request on the inspectorate's connection; true if done.  */
static bool
s_admin (test_conn_t *conn, admin_op_t op, const char *period)
{
    static request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    /*  A new id per request: rapord answers a repeated id with its first
        answer (PROTOCOL.md §5).  */
    static uint64_t next_id = 1000;
    request.request_id = next_id++;
    request.kind = REQUEST_ADMIN;
    admin_init (&request.admin, op);
    if (op == ADMIN_PERIOD_FINALIZE) {
        /*  The writers score a few OPDs only: finalized by force.  */
        request.admin.force = true;
        request.admin.reason_len = (size_t) snprintf (request.admin.reason,
                                                      sizeof request.admin.reason, "race test");
    }
    request.admin.period_len = (size_t) snprintf (request.admin.period, sizeof request.admin.period,
                                                  "%s", period);
    request.admin.actor_len = (size_t) snprintf (request.admin.actor, sizeof request.admin.actor,
                                                 "INSPEKTORAT");
    bool ok = harness_conn_request (conn, &request, &reply) && reply.kind == REPLY_ADMIN_RESULT
           && reply.problems.count == 0;
    if (!ok)
        fprintf (stderr, "test_race: admin op %d: reply %d, %s\n", op, reply.kind,
                 reply.problems.count ? reply.problems.items[0].message : reply.summary);
    return ok;
}

/*  The finalized ranking of `period` against a recomputation from every
    stored submission of it: the latest value of each OPD, kind and
    component (ranking_store.c's rule). A submission committed after the
    ranking was computed would be the latest and differ. Returns the
    number of OPDs that differ.  */
static int
s_ranking_differs (PGconn *conn, const char *period)
{
    const char *v[] = { period };
    PGresult *r = PQexecParams (conn,
        "WITH p AS (SELECT id FROM periods WHERE code = $1),"
        " latest AS (SELECT DISTINCT ON (s.opd_id, s.kind, sc.component_id)"
        "                   s.opd_id, s.kind, sc.component_id, sc.score_centi"
        "              FROM submissions s JOIN scores sc ON sc.submission_id = s.id"
        "             WHERE s.period_id = (SELECT id FROM p)"
        "             ORDER BY s.opd_id, s.kind, sc.component_id, s.id DESC),"
        " want AS (SELECT o.id AS opd_id,"
        "            ARRAY(SELECT l.score_centi FROM generate_series(1, 6) c LEFT JOIN latest l"
        "                    ON l.opd_id = o.id AND l.kind = 'verified' AND l.component_id = c"
        "                  ORDER BY c) AS verified,"
        "            ARRAY(SELECT l.score_centi FROM generate_series(1, 6) c LEFT JOIN latest l"
        "                    ON l.opd_id = o.id AND l.kind = 'self' AND l.component_id = c"
        "                  ORDER BY c) AS self"
        "          FROM opds o WHERE o.active),"
        " got AS (SELECT * FROM ranking_entries WHERE period_id = (SELECT id FROM p))"
        " SELECT coalesce(w.opd_id, g.opd_id), w.verified::text, g.verified::text,"
        "        w.self::text, g.self::text"
        "   FROM want w FULL JOIN got g ON g.opd_id = w.opd_id"
        "  WHERE w.opd_id IS NULL OR g.opd_id IS NULL"
        "     OR w.verified IS DISTINCT FROM g.verified OR w.self IS DISTINCT FROM g.self",
        1, NULL, v, NULL, NULL, 0);
    cr_assert_eq (PQresultStatus (r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage (r));
    int differ = PQntuples (r);
    for (int i = 0; i < differ && i < 3; i++)
        cr_log_error ("%s, OPD id %s: stored verified %s self %s, ranked verified %s self %s",
                      period, PQgetvalue (r, i, 0), PQgetvalue (r, i, 1), PQgetvalue (r, i, 3),
                      PQgetvalue (r, i, 2), PQgetvalue (r, i, 4));
    PQclear (r);
    return differ;
}

/*  Four quarters in a row, each: opened, written to by six writers over
    two rapord instances, then closed and finalized back to back through
    the second one while every writer keeps sending. Then every receipt is
    checked against the database and every ranking against its
    submissions.  */
#define ROUNDS 4
Test (race, two_servers_under_load_and_a_concurrent_close_and_finalize)
{
    test_db_t db;
    test_server_t servers[2];
    cr_assert (harness_db_create (&db));
    /*  No per-key request limit: each writer is one key sending fast.  */
    const char *const unlimited[] = { "--key-requests-per-second", "0", NULL };
    cr_assert (harness_server_start (&servers[0], db.conninfo, unlimited));
    cr_assert (harness_server_start (&servers[1], db.conninfo, unlimited));
    static char opds[MAX_OPDS][64];
    int opd_count = harness_db_column (&db, "SELECT code FROM opds WHERE active ORDER BY code",
                                       opds, MAX_OPDS);
    cr_assert_gt (opd_count, 0);

    char dir[] = "/tmp/rapor-race-XXXXXX";
    cr_assert (mkdtemp (dir));
    char stop[64], period_path[64], out[WRITERS][64];
    snprintf (stop, sizeof stop, "%s/stop", dir);
    snprintf (period_path, sizeof period_path, "%s/period", dir);
    pid_t pids[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        snprintf (out[i], sizeof out[i], "%s/w%d", dir, i);
        pids[i] = fork ();
        cr_assert_geq (pids[i], 0);
        if (pids[i] == 0)
            s_write (&s_writers[i], i, servers[s_writers[i].server].endpoint, opds, opd_count,
                     period_path, stop, out[i]);
    }
    harness_use_key ("INSPEKTORAT", "inspectorate");
    test_conn_t admin = { 0 };
    cr_assert (harness_conn_open (&admin, servers[1].endpoint));
    harness_use_key ("DINKES", "opd");
    static const char *periods[ROUNDS] = { "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4" };
    bool done = true;
    for (int round = 0; round < ROUNDS && done; round++) {
        const char *period = periods[round];
        done = s_admin (&admin, ADMIN_PERIOD_OPEN, period);
        s_period_write (period_path, period);
        /*  Under way from every writer: then close and finalize.  */
        char sql[256];
        snprintf (sql, sizeof sql, "SELECT CASE WHEN count(*) >= 150"
                  " THEN count(DISTINCT s.request_id >> 32) ELSE 0 END FROM submissions s"
                  " JOIN periods p ON p.id = s.period_id WHERE p.code = '%s'", period);
        long writers = 0;
        for (long deadline = clock_now_ms () + 60000;
             writers < WRITERS && clock_now_ms () < deadline; usleep (5000))
            writers = harness_db_number (&db, sql);
        cr_expect_eq (writers, WRITERS, "%s: every writer stored something before the close",
                      period);
        done = done && s_admin (&admin, ADMIN_PERIOD_CLOSE, period)
                    && s_admin (&admin, ADMIN_PERIOD_FINALIZE, period);
        /*  Every writer sent across the close: each is refused once.  */
        char refused[32];
        snprintf (refused, sizeof refused, " %s\n", period);
        for (long deadline = clock_now_ms () + 30000; clock_now_ms () < deadline; usleep (5000)) {
            int seen = 0;
            for (int i = 0; i < WRITERS; i++)
                seen += s_file_has (out[i], refused);
            if (seen == WRITERS)
                break;
        }
    }
    harness_conn_close (&admin);
    FILE *touch = fopen (stop, "w");
    if (touch)
        fclose (touch);
    for (int i = 0; i < WRITERS; i++)
        cr_expect_eq (harness_wait (pids[i], 110000), 0, "writer %d", i);
    cr_assert (done, "a quarter could not be opened, closed or finalized");

    /*  Every reply: a receipt, or a refusal because of the period.  */
    size_t accepted = 0, refused = 0, cap = 1 << 16, used = 0;
    char *ids = malloc (cap);
    cr_assert (ids);
    ids[used++] = '{';
    for (int i = 0; i < WRITERS; i++) {
        FILE *f = fopen (out[i], "r");
        cr_assert (f, "%s", out[i]);
        char line[128];
        while (fgets (line, sizeof line, f)) {
            line[strcspn (line, "\n")] = '\0';
            if (line[0] == 'A') {
                if (used + 40 > cap)
                    cr_assert (ids = realloc (ids, cap *= 2));
                used += (size_t) sprintf (ids + used, "%s%s", accepted ? "," : "", line + 2);
                accepted++;
            }
            else
            if (strncmp (line, "R period_not_open ", 18) == 0
                || strncmp (line, "R period_finalized ", 19) == 0)
                refused++;
            else
                cr_expect_fail ("writer %d: unexpected reply \"%s\"", i, line);
        }
        fclose (f);
        unlink (out[i]);
    }
    ids[used++] = '}';
    ids[used] = '\0';
    cr_expect_gt (accepted, 0);
    cr_expect_gt (refused, 0, "no writer was still sending when a period closed");

    /*  Every acknowledged submission is stored.  */
    PGconn *owner = s_connect (&db, "postgres");
    cr_assert (owner);
    const char *v[] = { ids };
    PGresult *r = PQexecParams (owner,
        "SELECT count(*) FROM unnest($1::text[]) u (id)"
        "  JOIN submissions s ON s.submission_uuid = decode(u.id, 'hex')",
        1, NULL, v, NULL, NULL, 0);
    cr_assert_eq (PQresultStatus (r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage (r));
    cr_expect_eq ((size_t) atol (PQgetvalue (r, 0, 0)), accepted, "acknowledged but not stored");
    PQclear (r);
    free (ids);
    /*  And is in its period's ranking.  */
    for (int round = 0; round < ROUNDS; round++)
        cr_expect_eq (s_ranking_differs (owner, periods[round]), 0,
                      "%s: the finalized ranking is not what its stored submissions say",
                      periods[round]);
    cr_log_info ("race: %d quarters, %zu acknowledged, %zu refused", ROUNDS, accepted, refused);
    PQfinish (owner);
    unlink (period_path);
    unlink (stop);
    rmdir (dir);
    harness_server_stop (&servers[0], SIGTERM);
    harness_server_stop (&servers[1], SIGTERM);
}

/*  A ranking this rapord never sent (another instance finalized the
    period, or a COMMIT's answer was lost and the client retried) goes out
    to this rapord's dashboards when a finalize request meets it.  */
Test (race, a_ranking_finalized_elsewhere_goes_out_on_the_next_finalize_request)
{
    test_db_t db;
    test_server_t a, b;
    static test_run_t run;
    cr_assert (harness_db_create (&db));
    cr_assert (harness_server_start (&a, db.conninfo, NULL));
    cr_assert (harness_server_start (&b, db.conninfo, NULL));
    test_sub_t sub;
    broadcast_t beat;
    cr_assert (harness_sub_open (&sub, b.pub_endpoint));
    cr_assert (harness_sub_next (&sub, BROADCAST_HEARTBEAT, &beat, 10000), "subscribed");
    harness_admin (&run, &a, "open", "2026-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &a, "close", "2026-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    harness_admin (&run, &a, "finalize", "2026-Q1", "--force", "uji dua server", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    long seq = harness_db_number (&db, "SELECT max(seq) FROM rankings");
    cr_assert_gt (seq, 0);
    harness_admin (&run, &b, "finalize", "2026-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect (strstr (run.output, "already finalized"), "%s", run.output);
    broadcast_t got;
    cr_assert (harness_sub_next (&sub, BROADCAST_RANKING, &got, 10000),
               "the second rapord never sent the ranking");
    cr_expect_eq ((long) got.seq, seq);
    cr_expect_str_eq (got.ranking->period, "2026-Q1");
    ranking_destroy (&got.ranking);
    harness_admin (&run, &b, "finalize", "2026-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_not (harness_sub_next (&sub, BROADCAST_RANKING, &got, 1500), "sent twice");
    harness_sub_close (&sub);
    harness_server_stop (&a, SIGTERM);
    harness_server_stop (&b, SIGTERM);
}
