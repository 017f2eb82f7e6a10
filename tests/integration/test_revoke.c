/*  Who may act is what the database says now, and what a request says is
    taken by its exact bytes:

    - a key revoked, or its OPD deactivated, with SQL by the database's
      owner (not through rapord) is refused on the very next request of a
      connection that is already open, although rapord had just checked
      and remembered it (sql/011: NOTIFY rapor_keys; rapord LISTENs);
    - admin text with a NUL inside is refused with the field's code and
      stores nothing, instead of being compared or stored cut at the NUL.  */
#include "served.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

SERVED_SUITE (revoke);

static request_t s_request;
static reply_t s_reply;

static void
s_new_request (request_kind_t kind)
{
    memset (&s_request, 0, sizeof s_request);
    s_request.version = PROTOCOL_VERSION;
    s_request.kind = kind;
    while (s_request.request_id == 0)
        cr_assert_eq (getrandom (&s_request.request_id, sizeof s_request.request_id, 0),
                      (ssize_t) sizeof s_request.request_id);
}

static const char *
s_code (void)
{
    return s_reply.problems.count ? s_reply.problems.items[0].code : "";
}

/*  A ping on the open connection: true if it was answered with a pong.  */
static bool
s_ping (test_conn_t *conn)
{
    s_new_request (REQUEST_PING);
    cr_assert (harness_conn_request (conn, &s_request, &s_reply), "no reply to a ping");
    return s_reply.kind == REPLY_PONG;
}

#define DINKES_OPD_KEY "UPDATE client_keys SET revoked_at = now() WHERE role = 'opd'" \
                       " AND opd_id = (SELECT id FROM opds WHERE code = 'DINKES')"

Test (revoke, a_key_revoked_with_sql_is_refused_on_the_next_request)
{
    harness_use_key ("DINKES", "opd");
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    /*  Checked once, then answered from what rapord remembers.  */
    cr_assert (s_ping (&conn), "a registered key was not answered: %s", s_code ());
    cr_assert (s_ping (&conn), "a registered key was not answered: %s", s_code ());
    cr_assert_eq (harness_db_command (&db, DINKES_OPD_KEY), 0);
    /*  No wait: the revocation committed before this request was sent.  */
    cr_expect_not (s_ping (&conn), "a key revoked with SQL was still answered");
    cr_expect_eq (s_reply.kind, REPLY_REJECTION);
    cr_expect_str_eq (s_code (), PROBLEM_KEY_UNKNOWN);
    cr_expect_not (s_ping (&conn), "a revoked key was answered later");
    harness_conn_close (&conn);
    /*  Other keys are served as before.  */
    harness_use_key ("INSPEKTORAT", "inspectorate");
    cr_assert (harness_conn_open (&conn, server.endpoint));
    cr_expect (s_ping (&conn), "%s", s_code ());
    harness_conn_close (&conn);
    harness_use_key ("DINKES", "opd");
}

/*  Deactivating an OPD shuts out its keys (§1.1); with SQL too, and at
    once. Repeated, since the answer must never come from what rapord
    remembered a moment ago.  */
Test (revoke, an_opd_deactivated_with_sql_is_refused_on_the_next_request)
{
    harness_use_key ("DINKES", "opd");
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    for (int round = 0; round < 20; round++) {
        cr_assert (s_ping (&conn), "round %d: an active OPD's key was refused: %s", round,
                   s_code ());
        cr_assert (s_ping (&conn), "round %d: %s", round, s_code ());
        cr_assert_eq (harness_db_command (&db,
                          "UPDATE opds SET active = false WHERE code = 'DINKES'"), 0);
        cr_assert_not (s_ping (&conn), "round %d: the key of an OPD deactivated with SQL "
                       "was still answered", round);
        cr_expect_str_eq (s_code (), PROBLEM_KEY_UNKNOWN);
        cr_assert_eq (harness_db_command (&db,
                          "UPDATE opds SET active = true WHERE code = 'DINKES'"), 0);
    }
    harness_conn_close (&conn);
}

/*  Through rapord, OPD_DEACTIVATE applies to the very next request too
    (rapord used to forget its answers only after key operations).  */
Test (revoke, an_opd_deactivated_through_rapord_is_refused_on_the_next_request)
{
    harness_use_key ("DINKES", "opd");
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    cr_assert (s_ping (&conn), "%s", s_code ());
    cr_assert (s_ping (&conn), "%s", s_code ());
    harness_admin (&run, &server, "opd", "deactivate", "DINKES", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    cr_expect_not (s_ping (&conn), "the key of a deactivated OPD was still answered");
    cr_expect_str_eq (s_code (), PROBLEM_KEY_UNKNOWN);
    harness_conn_close (&conn);
}

/*  After rapord's connection to the database was lost and rebuilt, it
    listens again: a revocation is still seen at once.  */
Test (revoke, rapord_listens_again_after_a_reconnect)
{
    harness_use_key ("DINKES", "opd");
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    cr_assert (s_ping (&conn), "%s", s_code ());
    cr_assert_eq (harness_db_number (&db,
                      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      " WHERE application_name = 'rapord' AND datname = current_database()"), 1);
    /*  The next requests notice the loss and reconnect; reconnects are
        spaced STORE_RECONNECT_MS apart, so ask until answered (10 s at
        most).  */
    struct timespec start, now;
    clock_gettime (CLOCK_MONOTONIC, &start);
    bool back = false;
    do {
        back = s_ping (&conn);
        clock_gettime (CLOCK_MONOTONIC, &now);
    } while (!back && now.tv_sec - start.tv_sec < 10);
    cr_assert (back, "rapord did not reconnect: %s", s_code ());
    cr_assert (s_ping (&conn), "%s", s_code ());
    cr_assert_eq (harness_db_command (&db, DINKES_OPD_KEY), 0);
    cr_expect_not (s_ping (&conn), "after a reconnect, a key revoked with SQL was answered");
    cr_expect_str_eq (s_code (), PROBLEM_KEY_UNKNOWN);
    harness_conn_close (&conn);
}

/*  The trigger functions follow the schema's rules (006): pinned
    search_path, schema-qualified; test_final checks every function.  */
Test (revoke, the_notify_triggers_exist)
{
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM pg_trigger WHERE tgname IN"
                                          " ('client_keys_notify', 'opds_notify_keys',"
                                          "  'client_keys_notify_truncate')"), 3);
}

static admin_t *
s_admin (admin_op_t op)
{
    s_new_request (REQUEST_ADMIN);
    admin_init (&s_request.admin, op);
    return &s_request.admin;
}

Test (revoke, a_key_add_with_a_nul_in_the_role_is_refused_and_stores_nothing)
{
    static const struct { const char *bytes; size_t len; } roles[] = {
        { "opd\0inspectorate", 16 }, { "dashboard\0", 10 }, { "opd\xff", 4 },
    };
    harness_use_key ("INSPEKTORAT", "inspectorate");
    long keys = harness_db_number (&db, "SELECT count(*) FROM client_keys");
    cr_assert_gt (keys, 0);
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        admin_t *a = s_admin (ADMIN_KEY_ADD);
        memcpy (a->public_key, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", 40);
        a->public_key_len = 40;
        memcpy (a->opd, "DINKES", 6);
        a->opd_len = 6;
        memcpy (a->role, roles[i].bytes, roles[i].len);
        a->role_len = roles[i].len;
        cr_assert (harness_request (server.endpoint, &s_request, &s_reply), "no reply");
        cr_expect_eq (s_reply.kind, REPLY_REJECTION, "role %zu was accepted", i);
        cr_expect_str_eq (s_code (), PROBLEM_ADMIN_INVALID);
        cr_expect_str_eq (s_reply.problems.items[0].field, "role");
        cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM client_keys"), keys,
                      "role %zu: a key was stored", i);
    }
    /*  An OPD kind cut at a NUL is refused the same way.  */
    admin_t *a = s_admin (ADMIN_OPD_ADD);
    memcpy (a->opd, "KEC_NUL", 7);
    a->opd_len = 7;
    memcpy (a->name, "Kecamatan Nul", 13);
    a->name_len = 13;
    memcpy (a->opd_kind, "dinas\0x", 7);
    a->opd_kind_len = 7;
    cr_assert (harness_request (server.endpoint, &s_request, &s_reply), "no reply");
    cr_expect_eq (s_reply.kind, REPLY_REJECTION);
    cr_expect_str_eq (s_code (), PROBLEM_ADMIN_INVALID);
    cr_expect_str_eq (s_reply.problems.items[0].field, "opd_kind");
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM opds WHERE code = 'KEC_NUL'"),
                  0);
    /*  The server keeps serving: the same key with a clean role is stored.  */
    a = s_admin (ADMIN_KEY_ADD);
    memcpy (a->public_key, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", 40);
    a->public_key_len = 40;
    memcpy (a->opd, "DINKES", 6);
    a->opd_len = 6;
    memcpy (a->role, "opd", 3);
    a->role_len = 3;
    cr_assert (harness_request (server.endpoint, &s_request, &s_reply), "no reply");
    cr_expect_eq (s_reply.kind, REPLY_ADMIN_RESULT, "%s", s_code ());
    cr_expect_eq (harness_db_number (&db, "SELECT count(*) FROM client_keys WHERE role = 'opd'"
                                          " AND public_key = 'rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL"
                                          "/@{H8]yf7'"), 1);
    harness_use_key ("DINKES", "opd");
}

/*  The other direction: a key the database refused is then refused from
    rapord's memory for a while (the gate's negative cache), so a flood of
    unknown keys costs no lookups. A key registered with SQL meanwhile
    must not stay refused: the database announces it (sql/011) and the
    next handshake asks again.  */
Test (revoke, a_key_added_with_sql_after_a_refusal_is_accepted_at_once)
{
    char path[700], line[256], key[64] = "";
    snprintf (path, sizeof path, "%s/stranger", harness_keys_dir ());
    FILE *cert = fopen (path, "r");
    cr_assert (cert, "cannot read %s", path);
    while (!*key && fgets (line, sizeof line, cert))
        if (sscanf (line, " public-key = \"%40[^\"]\"", key) != 1)
            key[0] = 0;
    fclose (cert);
    cr_assert_eq (strlen (key), 40, "no public key in %s", path);
    snprintf (path, sizeof path, "%s/stranger_secret", harness_keys_dir ());
    harness_submit (&run, &server, "--key", path, "--server-key", harness_server_key (),
                    "--opd", "DINKES", "--period", "2024-Q2", "inovasi=90", NULL);
    cr_assert_eq (run.status, 4, "an unknown key was not refused: %s", run.output);
    char sql[512];
    snprintf (sql, sizeof sql, "INSERT INTO client_keys (public_key, opd_id, role) SELECT '%s', "
              "id, 'opd' FROM opds WHERE code = 'DINKES'", key);
    cr_assert_eq (harness_db_command (&db, sql), 0);
    /*  The announcement reaches rapord a moment after COMMIT; the gate
        would refuse from memory for 10 s, so 3 s of retries still fail
        without it.  */
    struct timespec pause = { 0, 100 * 1000 * 1000 };
    for (int tries = 0; tries < 30; tries++) {
        harness_submit (&run, &server, "--key", path, "--server-key", harness_server_key (),
                        "--opd", "DINKES", "--period", "2024-Q2", "inovasi=90", NULL);
        if (run.status != 4)
            break;
        nanosleep (&pause, NULL);
    }
    cr_expect_eq (run.status, 0, "a key added with SQL was still refused: %s", run.output);
}
