/*  test_conformance_requests.c: submissions, receipts and retries, error
    codes and their fields, who may do what and the order of the checks,
    as docs/PROTOCOL.md says, through the third party's client (wire.h).  */
#include "wire.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

/*  ---- §3.1, §5: a submission, its receipt and its retries ----  */

Test (conformance, submit_receipt_retry, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_open_as (&c, "DINKES", "opd");
    wire_submit_t s;
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 6);
    s.score[4].evidence = wire_text ("Aplikasi Smart Kampung");
    Rapor__ComponentScore *swap = s.scores[0];   /*  sent as 6, 2, 3, 4, 5, 1  */
    s.scores[0] = s.scores[5];
    s.scores[5] = swap;
    int64_t before = wire_wall_us ();
    Rapor__Reply *reply = wire_call (&c, &s.request);
    int64_t after = wire_wall_us ();
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT, "body %d", reply->body_case);
    const Rapor__Receipt *r = reply->receipt;
    cr_expect (r->submission_id.len == 16 && !memcmp (r->submission_id.data, s.id, 16),
               "§3.1 Receipt: the 16-byte id");
    cr_expect_eq (r->score_count, 6);
    cr_expect_not (r->duplicate);
    /*  Microseconds since 1970 (the database's clock, the same machine):
        within a minute of ours shows the unit and the epoch.  */
    cr_expect (r->stored_at_us > before - 60000000 && r->stored_at_us < after + 60000000,
               "§3.1 stored_at_us %lld is not near %lld", (long long) r->stored_at_us,
               (long long) before);
    int64_t stored = r->stored_at_us;
    rapor__reply__free_unpacked (reply, NULL);

    /*  §3.2: LIST_SUBMISSIONS (an opd key, its empty opd filled in)
        shows it with its scores in component order, without evidence.  */
    Rapor__Request request;
    Rapor__Admin admin;
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__LIST_SUBMISSIONS, "2024-Q2");
    reply = wire_call (&c, &request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_ADMIN_RESULT);
    cr_assert_eq (reply->admin_result->n_submissions, 1);
    const Rapor__SubmissionInfo *info = reply->admin_result->submissions[0];
    cr_expect (info->submission_id.len == 16 && !memcmp (info->submission_id.data, s.id, 16));
    cr_expect (!strcmp (info->opd, "DINKES") && !strcmp (info->submitter, "DINKES")
               && info->kind == RAPOR__SCORE_KIND__SELF_ASSESSMENT && info->stored_at_us == stored);
    cr_assert_eq (info->n_scores, 6);
    for (uint32_t i = 0; i < 6; i++) {
        cr_expect_eq (info->scores[i]->component, i + 1, "§3.2: component order");
        cr_expect_eq (info->scores[i]->score_centi, wire_six[i][1]);
        cr_expect_eq (info->scores[i]->evidence.len, 0, "§3.2: evidence is not included");
    }
    rapor__reply__free_unpacked (reply, NULL);

    /*  §5: a retry with the same id and content, even with the scores in
        another order and a new request_id: the original receipt.  */
    swap = s.scores[0];
    s.scores[0] = s.scores[5];
    s.scores[5] = swap;
    s.request.request_id = wire_request_id ();
    reply = wire_call (&c, &s.request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT);
    cr_expect (reply->receipt->duplicate, "§5: duplicate = true");
    cr_expect_eq (reply->receipt->stored_at_us, stored, "§5: the original stored_at_us");
    cr_expect_eq (reply->receipt->score_count, 6);
    rapor__reply__free_unpacked (reply, NULL);

    /*  The same, with the opd named as the key fills it in (§5: "after it
        was filled in from the key"; submitter likewise).  */
    s.submit.opd = wire_text ("DINKES");
    s.submit.submitter = wire_text ("DINKES");
    reply = wire_call (&c, &s.request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT);
    cr_expect (reply->receipt->duplicate);
    rapor__reply__free_unpacked (reply, NULL);

    /*  Same id, other content: submission_id_reused.  */
    s.score[2].score_centi = 8001;
    s.request.request_id = wire_request_id ();
    wire_refused (&c, &s.request, "submission_id_reused", "submission_id");
    wire_close (&c);
}

/*  ---- §4: error codes and their fields ----  */

Test (conformance, error_codes, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_open_as (&c, "DINKES", "opd");
    wire_submit_t s;
    Rapor__Reply *reply;

    /*  Not a Request at all: malformed_message, request_id 0.  */
    const uint8_t junk[] = { 0xff, 0xff, 0xff, 0xff, 0x0f };
    reply = wire_call_bytes (&c, junk, sizeof junk);
    cr_assert_not_null (reply);
    cr_expect_eq (reply->request_id, 0, "§5: malformed_message has request_id 0");
    wire_expect_only (reply, "malformed_message", "message");
    rapor__reply__free_unpacked (reply, NULL);

    /*  §7: another version: unsupported_version, and rapord's own.  */
    Rapor__Request ping;
    wire_ping (&ping);
    ping.version = 2;
    wire_refused (&c, &ping, "unsupported_version", "version");

    /*  No body: unknown_request on field body; ADMIN_NONE: on op.  */
    Rapor__Request empty = RAPOR__REQUEST__INIT;
    empty.version = 1;
    empty.request_id = wire_request_id ();
    wire_refused (&c, &empty, "unknown_request", "body");
    Rapor__Request request;
    Rapor__Admin admin;
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__ADMIN_NONE, NULL);
    wire_refused (&c, &request, "unknown_request", "op");

    /*  The field stage reports every problem (§4, stage 5).  */
    static const int bad[3][2] = { { 9, 100 }, { 2, 10001 }, { 2, 50 } };
    wire_submission (&s, "2024-Q9", "dinkes", RAPOR__SCORE_KIND__SELF_ASSESSMENT, bad, 3);
    s.submit.submission_id.len = 15;
    s.submit.kind = 7;
    reply = wire_call (&c, &s.request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_REJECTION);
    const char *expected[][2] = {
        { "submission_id_invalid", "submission_id" }, { "period_invalid", "period" },
        { "opd_invalid", "opd" }, { "component_unknown", "scores[0].component" },
        { "score_out_of_range", "scores[1].score_centi" },
        { "component_duplicate", "scores[2].component" }, { "kind_invalid", "kind" },
    };
    size_t n = sizeof expected / sizeof expected[0];
    cr_expect_eq (reply->rejection->n_problems, n, "%zu problems", reply->rejection->n_problems);
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < reply->rejection->n_problems; j++) {
            const Rapor__Problem *p = reply->rejection->problems[j];
            if (!strcmp (p->code, expected[i][0])) {
                seen = true;
                cr_expect_str_eq (p->field, expected[i][1], "%s", p->code);
            }
        }
        cr_expect (seen, "§4: %s is reported with the others", expected[i][0]);
    }
    rapor__reply__free_unpacked (reply, NULL);

    /*  No scores.  */
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 0);
    wire_refused (&c, &s.request, "scores_missing", "scores");

    /*  §1.1: a self-assessment for another OPD: not_own_opd on opd.  */
    wire_submission (&s, "2024-Q2", "BAPPEDA", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 6);
    wire_refused (&c, &s.request, "not_own_opd", "opd");

    /*  A submitter naming another OPD: submitter_mismatch.  */
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 6);
    s.submit.submitter = wire_text ("BAPPEDA");
    wire_refused (&c, &s.request, "submitter_mismatch", "submitter");
    /*  §2: text the server sends is UTF-8, even when it answers a claim of
        bytes that are not.  */
    s.submit.submitter = wire_text ("\xff\xfe" "DINKES\xc3");
    Rapor__Reply *claim = wire_call (&c, &s.request);
    wire_expect_only (claim, "submitter_invalid", "submitter");
    cr_expect (wire_utf8_valid (claim->rejection->problems[0]->message), "not UTF-8: %s",
               claim->rejection->problems[0]->message);
    rapor__reply__free_unpacked (claim, NULL);

    /*  An opd key sending a verified score: not_permitted (field key).  */
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__VERIFIED, wire_six, 1);
    wire_refused (&c, &s.request, "not_permitted", "key");

    /*  The database stage: a period never opened, a closed one.  */
    wire_submission (&s, "2099-Q1", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 6);
    wire_refused (&c, &s.request, "period_unknown", "period");
    wire_submission (&s, "2024-Q1", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 6);
    wire_refused (&c, &s.request, "period_not_open", "period");
    wire_close (&c);

    /*  An assessor for a component it is not designated for.  */
    wire_open_as (&c, "BAPPEDA", "assessor");
    wire_submission (&s, "2024-Q2", "DINKES", RAPOR__SCORE_KIND__VERIFIED, wire_six, 2);
    wire_refused (&c, &s.request, "not_assessor", "scores[0].component");

    /*  Snapshots: not_found on seq or period.  */
    Rapor__SnapshotRequest snap;
    wire_snapshot (&request, &snap, NULL, 999);
    wire_refused (&c, &request, "not_found", "seq");
    wire_snapshot (&request, &snap, "2024-Q2", 0);
    wire_refused (&c, &request, "not_found", "period");
    wire_close (&c);
}

/*  ---- §1.1, §2, §4: who may do what, and the order of the checks ----  */

Test (conformance, checks_and_roles, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_submit_t s;
    Rapor__Request request;
    Rapor__Admin admin;
    Rapor__SnapshotRequest snap;
    Rapor__Reply *reply;
    wire_open_as (&c, "DINKES", "opd");

    /*  §3.1: at most 16 problems are sent.  */
    static const int bad6[6][2] = { { 9, -1 }, { 9, -1 }, { 9, -1 }, { 9, -1 }, { 9, -1 }, { 9, -1 } };
    wire_submission (&s, "20x4-Q2", "x", RAPOR__SCORE_KIND__SELF_ASSESSMENT, bad6, 6);
    for (int i = 0; i < 6; i++)
        s.score[i].evidence = wire_text ("\xff");
    s.submit.submission_id.len = 3;
    s.submit.kind = 9;
    s.submit.submitter = wire_text ("y");
    reply = wire_call (&c, &s.request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_REJECTION);
    cr_expect_eq (reply->rejection->n_problems, 16, "§3.1: 23 problems, 16 sent: %zu",
                  reply->rejection->n_problems);
    rapor__reply__free_unpacked (reply, NULL);

    /*  §4: the fields (stage 5) before the key's permission (stage 6).  */
    static const int oob[1][2] = { { 1, 10001 } };
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__VERIFIED, oob, 1);
    wire_refused (&c, &s.request, "score_out_of_range", "scores[0].score_centi");

    /*  §2: invalid UTF-8 of every kind, in evidence.  */
    const char *utf[] = { "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82" };
    for (int i = 0; i < 4; i++) {
        wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 1);
        s.score[0].evidence = wire_text (utf[i]);
        wire_refused (&c, &s.request, "evidence_invalid", "scores[0].evidence");
    }

    /*  §2: period codes, here in a SnapshotRequest; with seq the period
        is ignored but still checked (§3.3).  */
    const char *periods[] = { "1999-Q1", "3000-Q1", "2024-q2", "2024-Q5", "2024-Q0", "02024-Q1" };
    for (int i = 0; i < 6; i++) {
        wire_snapshot (&request, &snap, periods[i], 0);
        wire_refused (&c, &request, "period_invalid", "period");
    }
    wire_snapshot (&request, &snap, "garbage", 1);
    wire_refused (&c, &request, "period_invalid", "period");

    /*  §2: a text field the operation ignores is checked all the same.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_LIST, NULL);
    admin.name = wire_text ("\xc0\xaf");
    wire_refused (&c, &request, "admin_invalid", "name");

    /*  §1.1: an actor other than the key's OPD; an opd key's admin.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__LIST_SUBMISSIONS, "2024-Q2");
    admin.actor = wire_text ("BAPPEDA");
    wire_refused (&c, &request, "submitter_mismatch", "actor");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SERVER_STATUS, NULL);
    wire_refused (&c, &request, "not_permitted", "key");

    /*  §3.1, §7: raw encodings. A body field this server does not know
        (field 20): unknown_request. An unknown plain field beside a ping
        is ignored. No version: unsupported_version, id echoed.  */
    const uint8_t unknown_body[] = { 0x08, 0x01, 0x10, 0x05, 0xa2, 0x01, 0x00 };
    reply = wire_call_raw (&c, unknown_body, sizeof unknown_body);
    cr_expect_eq (reply->request_id, 5);
    wire_expect_only (reply, "unknown_request", "body");
    rapor__reply__free_unpacked (reply, NULL);
    const uint8_t unknown_field[] = { 0x08, 0x01, 0x10, 0x06, 0x18, 0x07, 0x8a, 0x01, 0x00 };
    reply = wire_call_raw (&c, unknown_field, sizeof unknown_field);
    cr_expect_eq (reply->request_id, 6);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG);
    rapor__reply__free_unpacked (reply, NULL);
    const uint8_t no_version[] = { 0x10, 0x07, 0x8a, 0x01, 0x00 };
    reply = wire_call_raw (&c, no_version, sizeof no_version);
    cr_expect_eq (reply->request_id, 7);
    wire_expect_only (reply, "unsupported_version", "version");
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);

    /*  §3.1: an empty opd is the key's only for an opd key.  */
    wire_open_as (&c, "BAPPEDA", "assessor");
    static const int p2[1][2] = { { 2, 5000 } };
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__VERIFIED, p2, 1);
    wire_refused (&c, &s.request, "opd_invalid", "opd");
    wire_close (&c);

    /*  §4 stage 7: an inactive OPD, an unknown one.  */
    wire_open_as (&c, "INSPEKTORAT", "assessor");
    static const int p1[1][2] = { { 1, 5000 } };
    wire_submission (&s, "2024-Q2", "TEST_INACTIVE", RAPOR__SCORE_KIND__VERIFIED, p1, 1);
    wire_refused (&c, &s.request, "opd_inactive", "opd");
    wire_submission (&s, "2024-Q2", "ZZZZ", RAPOR__SCORE_KIND__VERIFIED, p1, 1);
    wire_refused (&c, &s.request, "opd_unknown", "opd");

    /*  Seven scores: scores_too_many, and only the first 6 are checked
        one by one (scores[5]'s value is reported; scores[6]'s duplicate
        component, value and evidence are not); the other fields are.  */
    static const int seven[6][2] = { { 1, 1 }, { 2, 1 }, { 3, 1 }, { 4, 1 }, { 5, 1 }, { 6, 1 } };
    wire_submission (&s, "bad", "DINKES", RAPOR__SCORE_KIND__VERIFIED, seven, 6);
    Rapor__ComponentScore extra = RAPOR__COMPONENT_SCORE__INIT;
    extra.component = 1;
    extra.score_centi = 20000;
    extra.evidence = wire_text ("\xff");
    Rapor__ComponentScore *scores7[7];
    for (int i = 0; i < 6; i++)
        scores7[i] = s.scores[i];
    scores7[6] = &extra;
    s.submit.scores = scores7;
    s.submit.n_scores = 7;
    s.score[5].score_centi = 10001;
    reply = wire_call (&c, &s.request);
    wire_expect_problem (reply, 0, "period_invalid", "period");
    wire_expect_problem (reply, 1, "scores_too_many", "scores");
    wire_expect_problem (reply, 2, "score_out_of_range", "scores[5].score_centi");
    cr_expect_eq (reply->rejection->n_problems, 3, "§4: only the first 6 scores are checked");
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);

    /*  §1.1: the role alone decides: an opd key of the inspectorate's
        OPD may not run admin operations.  */
    wire_open_as (&c, "INSPEKTORAT", "opd");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SERVER_STATUS, NULL);
    wire_refused (&c, &request, "not_permitted", "key");
    wire_close (&c);

    /*  §1.1: a dashboard key may not submit, nor run admin operations.  */
    wire_open_as (&c, "DISKOMINFO", "dashboard");
    wire_submission (&s, "2024-Q2", "DISKOMINFO", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 1);
    wire_refused (&c, &s.request, "not_permitted", "key");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__STANDINGS, "2024-Q2");
    wire_refused (&c, &request, "not_permitted", "key");
    wire_close (&c);

    /*  §1.1, §3.2: a key registered with KEY_ADD works at once; revoked,
        the next request on the open connection gets key_unknown.  */
    wire_open_as (&c, "INSPEKTORAT", "inspectorate");
    char pub[41], sec[41];
    cr_assert_eq (zmq_curve_keypair (pub, sec), 0);
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_ADD, NULL);
    admin.public_key = wire_text (pub);
    admin.opd = wire_text ("DINKES");
    admin.role = wire_text ("opd");
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);
    wire_conn_t k;
    char cert[] = "/tmp/rapor-conformance-XXXXXX";
    int fd = mkstemp (cert);
    cr_assert_geq (fd, 0);
    dprintf (fd, "curve\n    public-key = \"%s\"\n    secret-key = \"%s\"\n", pub, sec);
    close (fd);
    wire_open (&k, ZMQ_DEALER, wire_server.endpoint, cert, wire_server_key);
    unlink (cert);
    Rapor__Request ping;
    wire_ping (&ping);
    reply = wire_call (&k, &ping);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG, "§1.1: a new key is let in");
    rapor__reply__free_unpacked (reply, NULL);
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_REVOKE, NULL);
    admin.public_key = wire_text (pub);
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);
    wire_ping (&ping);
    wire_refused (&k, &ping, "key_unknown", "key");
    wire_close (&k);
    request.request_id = wire_request_id ();
    wire_refused (&c, &request, "not_found", "public_key");
    wire_close (&c);

    /*  §1.1, §6: over the key's budget (200 a second): Unavailable with
        request_id 0. 600 pings sent in a burst overrun it unless rapord
        takes three seconds to read them; no count of either is asserted
        beyond that, as it depends on when each second ends.  */
    wire_open_as (&c, "DISHUB", "opd");
    wire_ping (&ping);
    size_t size;
    uint8_t *body = wire_pack (&ping, &size);
    const void *two[2] = { "", body };
    size_t two_size[2] = { 0, size };
    for (int i = 0; i < 600; i++)
        wire_send (&c, two, two_size, 2);
    int pongs = 0, unavailable = 0;
    wire_frames_t f;
    for (int i = 0; i < 600 && wire_recv (&c, &f, WIRE_TIMEOUT_MS); i++) {
        reply = rapor__reply__unpack (NULL, f.size[1], f.data[1]);
        cr_assert_not_null (reply);
        if (reply->body_case == RAPOR__REPLY__BODY_PONG) {
            cr_expect_eq (reply->request_id, ping.request_id);
            pongs++;
        } else {
            cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_UNAVAILABLE);
            cr_expect_eq (reply->request_id, 0, "§5: over the budget, request_id 0");
            if (reply->body_case == RAPOR__REPLY__BODY_UNAVAILABLE) {
                cr_expect_eq (reply->unavailable->retry_after_ms, 1000);
                cr_expect_str_eq (reply->unavailable->reason,
                                  "too many requests from this key; slow down and retry");
            }
            unavailable++;
        }
        rapor__reply__free_unpacked (reply, NULL);
        wire_frames_free (&f);
    }
    cr_expect_eq (pongs + unavailable, 600, "every request is answered");
    cr_expect (pongs >= 200 && unavailable >= 1, "%d pongs, %d unavailable", pongs, unavailable);
    free (body);
    wire_close (&c);

    /*  §1.1: deactivating an OPD shuts out its keys: the handshake is
        refused as for an unknown key.  */
    wire_open_as (&c, "INSPEKTORAT", "inspectorate");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_DEACTIVATE, NULL);
    admin.opd = wire_text ("DISPORA");
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);
    wire_close (&c);
    wire_open_as (&c, "DISPORA", "opd");
    uint32_t value = 0;
    int event = wire_wait_event (&c, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                              &value, WIRE_TIMEOUT_MS);
    cr_expect (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH && value == 400,
               "§1.1: a deactivated OPD's key: event %d value %u", event, value);
    wire_close (&c);
}

