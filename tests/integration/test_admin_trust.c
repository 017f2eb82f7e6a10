/*  Admin actions are atomic and retry-safe, and their authority is the
    key's role: an action commits with its audit row or not at all; a
    retried request (same key, same request id) gets its first answer and
    changes nothing again; an inspectorate key of any OPD may act; and
    rapor-admin acts as its key's OPD unless told otherwise.  */
#include "served.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

SERVED_SUITE (admin_trust);

static request_t s_request;
static reply_t s_first, s_again;

/*  An admin request with a random, nonzero request id and no actor: the
    server takes the key's OPD.  */
static admin_t *
s_admin (admin_op_t op, const char *period)
{
    memset (&s_request, 0, sizeof s_request);
    s_request.version = PROTOCOL_VERSION;
    s_request.kind = REQUEST_ADMIN;
    while (s_request.request_id == 0)
        cr_assert_eq (getrandom (&s_request.request_id, sizeof s_request.request_id, 0),
                      (ssize_t) sizeof s_request.request_id);
    admin_t *a = &s_request.admin;
    admin_init (a, op);
    if (period) {
        snprintf (a->period, sizeof a->period, "%s", period);
        a->period_len = strlen (period);
    }
    return a;
}

/*  Sends the request in hand twice, as a client whose first reply was
    lost does: the same bytes, the same request id.  */
static void
s_send_twice (void)
{
    cr_assert (harness_request (server.endpoint, &s_request, &s_first), "no first reply");
    cr_assert (harness_request (server.endpoint, &s_request, &s_again), "no second reply");
}

static long
s_count (const char *sql)
{
    return harness_db_number (&db, sql);
}

/*  A new key pair in the shared key directory, registered by the
    inspectorate for `opd` with `role`. Named like the test key set
    (CODE.ROLE), so harness_use_key (s_code, role) sends with it too; the
    secret's path goes to secret.  */
static char s_code[64];

static void
s_new_key (const char *opd, const char *role, char *secret, size_t size)
{
    char path[700];
    snprintf (s_code, sizeof s_code, "admin-trust-%d-%s", (int) getpid (), opd);
    snprintf (path, sizeof path, "%s/%s.%s", harness_keys_dir (), s_code, role);
    const char *gen[] = { RAPOR_ADMIN_PATH, "keygen", path, NULL };
    cr_assert_eq (harness_run (&run, gen), 0, "%s", run.output);
    harness_admin (&run, &server, "key", "add", path, opd, role, NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    snprintf (secret, size, "%s_secret", path);
}

Test (admin_trust, an_action_and_its_audit_row_are_one_transaction)
{
    harness_admin (&run, &server, "open", "2024-Q3", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
    /*  The same transaction wrote both rows: they carry the same xmin.  */
    cr_expect_eq (s_count ("SELECT count(*) FROM audit_log a, period_events e"
                           " JOIN periods p ON p.id = e.period_id"
                           " WHERE p.code = '2024-Q3' AND e.action = 'open'"
                           "   AND a.action = 'period-open' AND a.outcome = 'accepted'"
                           "   AND a.xmin = e.xmin"), 1,
                  "the audit row of the open committed in another transaction");

    /*  The audit row of a close cannot be written: the close must not
        happen either.  */
    cr_assert_eq (harness_db_command (&db,
        "CREATE FUNCTION public.test_no_close_audit() RETURNS trigger LANGUAGE plpgsql"
        " SET search_path = pg_catalog AS $$ BEGIN"
        "   IF NEW.action = 'period-close' AND NEW.outcome = 'accepted' THEN"
        "     RAISE EXCEPTION 'test: this audit row cannot be stored';"
        "   END IF; RETURN NEW; END $$;"
        "CREATE TRIGGER test_no_close_audit BEFORE INSERT ON public.audit_log"
        " FOR EACH ROW EXECUTE FUNCTION public.test_no_close_audit()"), 0);
    harness_admin (&run, &server, "--retries", "1", "close", "2024-Q3", NULL);
    cr_expect_neq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM periods WHERE code = '2024-Q3'"
                           " AND status = 'open'"), 1,
                  "the period was closed although its audit row was lost");
    cr_expect_eq (s_count ("SELECT count(*) FROM period_events WHERE action = 'close'"), 0);
    cr_expect_eq (s_count ("SELECT count(*) FROM audit_log WHERE action = 'period-close'"
                           " AND outcome = 'unavailable'"), 1, "the failure is audited");

    /*  Once the audit log takes rows again, the close goes through.  */
    cr_assert_eq (harness_db_command (&db, "DROP TRIGGER test_no_close_audit ON audit_log"), 0);
    harness_admin (&run, &server, "close", "2024-Q3", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM audit_log WHERE action = 'period-close'"
                           " AND outcome = 'accepted'"), 1);
}

Test (admin_trust, a_retried_open_gets_its_first_answer)
{
    harness_use_key ("INSPEKTORAT", "inspectorate");
    s_admin (ADMIN_PERIOD_OPEN, "2024-Q3");
    s_send_twice ();
    cr_assert_eq (s_first.kind, REPLY_ADMIN_RESULT);
    cr_expect_eq (s_again.kind, REPLY_ADMIN_RESULT, "the retry was refused: %s",
                  s_again.problems.count ? s_again.problems.items[0].message : "");
    cr_expect_str_eq (s_again.summary, s_first.summary);
    cr_expect_eq (s_again.request_id, s_request.request_id);
    cr_expect_eq (s_count ("SELECT count(*) FROM period_events e JOIN periods p"
                           " ON p.id = e.period_id WHERE p.code = '2024-Q3'"), 1,
                  "opened once");
    cr_expect_eq (s_count ("SELECT count(*) FROM audit_log WHERE action = 'period-open'"
                           " AND outcome = 'accepted' AND reason IS NULL"), 1);
    cr_expect_eq (s_count ("SELECT count(*) FROM audit_log WHERE action = 'period-open'"
                           " AND outcome = 'accepted' AND reason = 'retry'"), 1);

    /*  A new request (a new id) to open it again is refused as before.  */
    s_admin (ADMIN_PERIOD_OPEN, "2024-Q3");
    cr_assert (harness_request (server.endpoint, &s_request, &s_first));
    cr_expect_eq (s_first.kind, REPLY_REJECTION);
    harness_use_key ("DINKES", "opd");
}

Test (admin_trust, a_retried_finalize_gets_the_same_ranking)
{
    harness_use_key ("INSPEKTORAT", "inspectorate");
    admin_t *a = s_admin (ADMIN_PERIOD_FINALIZE, "2024-Q1");
    a->force = true;        /*  the fixture's quarter has no scores  */
    a->reason_len = (size_t) snprintf (a->reason, sizeof a->reason, "uji");
    s_send_twice ();
    cr_assert_eq (s_first.kind, REPLY_ADMIN_RESULT);
    cr_assert_eq (s_again.kind, REPLY_ADMIN_RESULT);
    cr_expect_str_eq (s_again.summary, s_first.summary, "not the first answer");
    cr_assert (s_first.ranking && s_again.ranking);
    cr_expect_eq (s_again.ranking->seq, s_first.ranking->seq);
    cr_expect_eq (s_again.ranking->count, s_first.ranking->count);
    cr_expect_eq (s_count ("SELECT count(*) FROM rankings r JOIN periods p"
                           " ON p.id = r.period_id WHERE p.code = '2024-Q1'"), 1);
    cr_expect_eq (s_count ("SELECT count(*) FROM period_events WHERE action = 'finalize'"), 1);
    harness_use_key ("DINKES", "opd");
}

Test (admin_trust, a_retried_key_add_and_opd_add_get_their_first_answers)
{
    char path[700];
    snprintf (path, sizeof path, "%s/admin-trust-retry-%d", harness_keys_dir (), (int) getpid ());
    const char *gen[] = { RAPOR_ADMIN_PATH, "keygen", path, NULL };
    cr_assert_eq (harness_run (&run, gen), 0, "%s", run.output);
    FILE *f = fopen (path, "r");
    cr_assert (f);
    char line[256], key[64] = "";
    while (fgets (line, sizeof line, f))
        if (sscanf (line, " public-key = \"%40[^\"]\"", key) == 1)
            break;
    fclose (f);
    cr_assert_eq (strlen (key), 40);

    harness_use_key ("INSPEKTORAT", "inspectorate");
    admin_t *a = s_admin (ADMIN_KEY_ADD, NULL);
    memcpy (a->public_key, key, 40);
    a->public_key_len = 40;
    memcpy (a->opd, "DINKES", 6);
    a->opd_len = 6;
    memcpy (a->role, "opd", 3);
    a->role_len = 3;
    s_send_twice ();
    cr_expect_eq (s_first.kind, REPLY_ADMIN_RESULT);
    cr_expect_eq (s_again.kind, REPLY_ADMIN_RESULT, "the retried key add was refused");
    cr_expect_str_eq (s_again.summary, s_first.summary);
    char sql[256];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM client_keys WHERE public_key = '%s'", key);
    cr_expect_eq (s_count (sql), 1);

    a = s_admin (ADMIN_OPD_ADD, NULL);
    memcpy (a->opd, "KEC_BARU", 8);
    a->opd_len = 8;
    memcpy (a->name, "Kecamatan Baru", 14);
    a->name_len = 14;
    memcpy (a->opd_kind, "kecamatan", 9);
    a->opd_kind_len = 9;
    s_send_twice ();
    cr_expect_eq (s_first.kind, REPLY_ADMIN_RESULT);
    cr_expect_eq (s_again.kind, REPLY_ADMIN_RESULT, "the retried opd add was refused");
    cr_expect_str_eq (s_again.summary, s_first.summary);
    cr_expect_eq (s_count ("SELECT count(*) FROM opds WHERE code = 'KEC_BARU'"), 1);
    harness_use_key ("DINKES", "opd");
}

Test (admin_trust, a_request_id_reused_for_another_request_is_refused)
{
    harness_use_key ("INSPEKTORAT", "inspectorate");
    s_admin (ADMIN_PERIOD_OPEN, "2024-Q3");
    cr_assert (harness_request (server.endpoint, &s_request, &s_first));
    cr_assert_eq (s_first.kind, REPLY_ADMIN_RESULT);
    /*  Same id, another request: not answered with the open.  */
    uint64_t id = s_request.request_id;
    s_admin (ADMIN_PERIOD_CLOSE, "2024-Q2");
    s_request.request_id = id;
    cr_assert (harness_request (server.endpoint, &s_request, &s_again));
    cr_expect_eq (s_again.kind, REPLY_REJECTION);
    cr_expect_str_eq (s_again.problems.items[0].code, "admin_refused");
    cr_expect_str_eq (s_again.problems.items[0].field, "request_id");
    cr_expect_eq (s_count ("SELECT count(*) FROM periods WHERE code = '2024-Q2'"
                           " AND status = 'open'"), 1, "nothing changed");
    /*  Another key's request with the same id is its own request.  */
    char secret[720];
    s_new_key ("BAPPEDA", "inspectorate", secret, sizeof secret);
    harness_use_key (s_code, "inspectorate");
    cr_assert (harness_request (server.endpoint, &s_request, &s_again));
    cr_expect_eq (s_again.kind, REPLY_ADMIN_RESULT, "%s",
                  s_again.problems.count ? s_again.problems.items[0].message : "");
    cr_expect_eq (s_count ("SELECT count(*) FROM periods WHERE code = '2024-Q2'"
                           " AND status = 'closed'"), 1);
    harness_use_key ("DINKES", "opd");
}

Test (admin_trust, an_inspectorate_key_of_any_opd_may_finalize)
{
    cr_assert_eq (s_count ("SELECT count(*) FROM opds WHERE code = 'BAPPEDA'"
                           " AND kind <> 'inspektorat'"), 1);
    char secret[720];
    s_new_key ("BAPPEDA", "inspectorate", secret, sizeof secret);
    harness_admin (&run, &server, "--key", secret, "--server-key", harness_server_key (),
                   "--as", "BAPPEDA", "finalize", "2024-Q1", "--force", "uji", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM periods WHERE code = '2024-Q1'"
                           " AND status = 'finalized' AND finalized_by = 'BAPPEDA'"), 1);
    harness_admin (&run, &server, "--key", secret, "--server-key", harness_server_key (),
                   "--as", "BAPPEDA", "opd", "deactivate", "KEC_LICIN", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    /*  The role decides: an opd key of the inspectorate's own OPD may not.  */
    harness_admin (&run, &server, "--key", harness_key ("INSPEKTORAT", "opd"), "--server-key",
                   harness_server_key (), "open", "2024-Q4", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "not_permitted"), "%s", run.output);
}

Test (admin_trust, rapor_admin_acts_as_its_keys_opd)
{
    char secret[720];
    s_new_key ("BAPPEDA", "inspectorate", secret, sizeof secret);
    unsetenv ("RAPOR_AS");
    harness_admin (&run, &server, "--key", secret, "--server-key", harness_server_key (),
                   "open", "2024-Q3", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM period_events e JOIN periods p"
                           " ON p.id = e.period_id WHERE p.code = '2024-Q3'"
                           " AND e.action = 'open' AND e.actor = 'BAPPEDA'"), 1,
                  "the actor is not the key's OPD");
    /*  Naming another actor than the key's is refused, and changes nothing.  */
    harness_admin (&run, &server, "--key", secret, "--server-key", harness_server_key (),
                   "--as", "INSPEKTORAT", "close", "2024-Q3", NULL);
    cr_expect_eq (run.status, 1, "%s", run.output);
    cr_expect (strstr (run.output, "submitter_mismatch"), "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM periods WHERE code = '2024-Q3'"
                           " AND status = 'open'"), 1);
}

/*  Without keys (development only) the actor must be named, and requests
    are remembered by actor and request id.  */
Test (admin_trust, without_keys_the_actor_is_named_and_retries_are_safe)
{
    harness_server_stop (&server, SIGTERM);
    const char *plain[] = { "--insecure-plaintext-dev", "1", NULL };
    cr_assert (harness_server_start (&server, db.conninfo, plain));
    unsetenv ("RAPOR_AS");
    harness_admin (&run, &server, "--insecure-plaintext-dev", "open", "2024-Q3", NULL);
    cr_expect_eq (run.status, 2, "%s", run.output);
    cr_expect (strstr (run.output, "--as"), "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM periods WHERE code = '2024-Q3'"), 0);
    harness_admin (&run, &server, "--insecure-plaintext-dev", "--as", "BAPPEDA", "open",
                   "2024-Q3", NULL);
    cr_expect_eq (run.status, 0, "%s", run.output);
    cr_expect_eq (s_count ("SELECT count(*) FROM period_events WHERE action = 'open'"
                           " AND actor = 'BAPPEDA'"), 1);

    harness_use_key (NULL, NULL);
    admin_t *a = s_admin (ADMIN_PERIOD_CLOSE, "2024-Q3");
    memcpy (a->actor, "INSPEKTORAT", 11);
    a->actor_len = 11;
    s_send_twice ();
    cr_expect_eq (s_first.kind, REPLY_ADMIN_RESULT);
    cr_expect_eq (s_again.kind, REPLY_ADMIN_RESULT, "the retried close was refused");
    cr_expect_str_eq (s_again.summary, s_first.summary);
    cr_expect_eq (s_count ("SELECT count(*) FROM period_events WHERE action = 'close'"), 1);
    /*  Another actor with the same id is another request: refused on its
        merits (the period is closed already).  */
    memcpy (a->actor, "BAPPEDA", 7);
    a->actor_len = 7;
    cr_assert (harness_request (server.endpoint, &s_request, &s_again));
    cr_expect_eq (s_again.kind, REPLY_REJECTION);
    harness_use_key ("DINKES", "opd");
}
