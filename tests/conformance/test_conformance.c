/*  test_conformance.c: a client written from docs/PROTOCOL.md alone
    (wire.h; it does not use common/codec.c, as a third party would not)
    against a real rapord: framing, CURVE, the digest's worked example,
    and the limits on text and message size. Each check names the section
    of the document it holds rapord to.  */
#include "wire.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

/*  §3.7's worked example, built as a Ranking message: the digest code
    above must give the document's two digests before it judges rapord.  */
Test (conformance, digest_worked_example)
{
    uint32_t weights[6] = { 1, 1, 1, 1, 1, 2 };
    int32_t v1[6] = { 8750, 9000, 8000, 7000, 9500, 8800 }, s1[6] = { 9000, 9000, 9000, 9000, 9000, 9000 };
    int32_t v2[6] = { 7000, -1, 6000, 6500, 7000, 7500 }, s2[6] = { -1, -1, -1, -1, -1, -1 };
    Rapor__RankingEntry e1 = RAPOR__RANKING_ENTRY__INIT, e2 = RAPOR__RANKING_ENTRY__INIT;
    e1.rank = 1, e1.opd = "DINKES", e1.name = "Dinas Kesehatan";
    e1.n_verified = 6, e1.verified = v1, e1.n_self = 6, e1.self = s1;
    e1.total_centi = 8550, e1.tpp_pct = 15, e1.base_tpp = 150000000, e1.tpp_rupiah = 22500000;
    e1.tpp_rupiah_known = 1, e1.best = 1;
    e2.rank = 2, e2.opd = "DISHUB", e2.name = "Dinas Perhubungan — Lalu Lintas";
    e2.n_verified = 6, e2.verified = v2, e2.n_self = 6, e2.self = s2;
    e2.total_centi = 5929, e2.tpp_pct = -15, e2.incomplete = 1, e2.worst = 1;
    Rapor__RankingEntry *entries[2] = { &e1, &e2 };
    Rapor__Ranking r = RAPOR__RANKING__INIT;
    r.period = "2024-Q3", r.revision = 1, r.seq = 7, r.finalized_at_us = 1727740800000000;
    r.finalized_by = "DINKES", r.n_weights = 6, r.weights = weights;
    r.reward_n = 1, r.reward_pct = 15, r.punish_pct = 15;
    r.force_reason = "Skor perencanaan DISHUB belum masuk";
    r.n_entries = 2, r.entries = entries;
    char hex[65];
    wire_digest (&r, hex);
    cr_assert_str_eq (hex, "8365ff068d169907fa1a434c5f6e0622948a75321ac757885d574f16f17aa838");
    r.force_reason = "Skor PBJ belum masuk \\ lihat\nnota 12";
    wire_digest (&r, hex);
    cr_assert_str_eq (hex, "b87af004405858f8ba95a147aa4394469c3b66bf87206716dfef027d71471059");
}

/*  ---- §1: framing ----  */

Test (conformance, framing, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_open_as (&c, "DINKES", "opd");
    Rapor__Request ping;
    wire_ping (&ping);

    /*  A DEALER with the empty delimiter: Pong, version and id echoed.  */
    Rapor__Reply *reply = wire_call (&c, &ping);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_PONG);
    cr_expect_eq (strncmp (reply->pong->server_version, "rapord ", 7), 0, "§3.1 Pong: %s",
                  reply->pong->server_version);
    rapor__reply__free_unpacked (reply, NULL);

    size_t size;
    uint8_t *body = wire_pack (&ping, &size);

    /*  The body alone: accepted, answered with the body alone (no
        envelope came, none goes back).  */
    const void *alone[1] = { body };
    wire_send (&c, alone, &size, 1);
    wire_frames_t f;
    cr_assert (wire_recv (&c, &f, WIRE_TIMEOUT_MS), "§1: a DEALER sending the body alone is answered");
    cr_expect_eq (f.count, 1, "§1: the envelope sent back is empty: %zu frames", f.count);
    wire_frames_free (&f);

    /*  8 frames (7 before the body) are answered, the 7 sent back.  */
    const void *eight[8] = { "a", "bb", "ccc", "", "e", "f", "", body };
    size_t eight_size[8] = { 1, 2, 3, 0, 1, 1, 0, size };
    wire_send (&c, eight, eight_size, 8);
    cr_assert (wire_recv (&c, &f, WIRE_TIMEOUT_MS), "§1: 8 frames are answered");
    cr_assert_eq (f.count, 8, "§1: the 7 envelope frames come back before the reply");
    for (int i = 0; i < 7; i++)
        cr_expect (f.size[i] == eight_size[i] && !memcmp (f.data[i], eight[i], f.size[i]),
                   "§1: envelope frame %d comes back as sent", i);
    wire_frames_free (&f);

    /*  9 frames: no reply. rapord answers in arrival order (§1), so the
        first reply after a ping sent behind them is the ping's.  */
    const void *nine[9] = { "a", "b", "c", "d", "e", "f", "g", "", body };
    size_t nine_size[9] = { 1, 1, 1, 1, 1, 1, 1, 0, size };
    wire_send (&c, nine, nine_size, 9);
    Rapor__Request second;
    wire_ping (&second);
    reply = wire_call (&c, &second);   /*  asserts request_id == second's  */
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG);
    rapor__reply__free_unpacked (reply, NULL);
    cr_expect (harness_server_log_wait (&wire_server, NULL, "reason=bad_framing frames=10", 1, WIRE_TIMEOUT_MS),
               "§1: logged with N counting the routing-id frame");
    free (body);
    wire_close (&c);

    /*  A REQ socket sends the body as one frame and gets the Reply.  */
    wire_open (&c, ZMQ_REQ, wire_server.endpoint, harness_key ("DINKES", "opd"), wire_server_key);
    body = wire_pack (&ping, &size);
    const void *req[1] = { body };
    wire_send (&c, req, &size, 1);
    cr_assert (wire_recv (&c, &f, WIRE_TIMEOUT_MS), "§1: a REQ client is answered");
    cr_assert_eq (f.count, 1);
    reply = rapor__reply__unpack (NULL, f.size[0], f.data[0]);
    cr_assert_not_null (reply);
    cr_expect_eq (reply->request_id, ping.request_id);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG);
    rapor__reply__free_unpacked (reply, NULL);
    wire_frames_free (&f);
    free (body);
    wire_close (&c);
}

/*  §1.1: an unknown key and a wrong server key.  */
Test (conformance, curve_refusals, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    char stranger[720];
    snprintf (stranger, sizeof stranger, "%s/stranger_secret", harness_keys_dir ());
    wire_open (&c, ZMQ_DEALER, wire_server.endpoint, stranger, wire_server_key);
    uint32_t value = 0;
    int event = wire_wait_event (&c, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                              &value, WIRE_TIMEOUT_MS);
    cr_expect_eq (event, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, "§1.1: unknown key: event %d", event);
    cr_expect_eq (value, 400, "§1.1: ZAP status 400, got %u", value);
    wire_close (&c);

    /*  §1.1: rapord remembers the refusal for 10 seconds, but KEY_ADD ends
        that at once: the next connection with the key is served.  */
    char stranger_key[41];
    cr_assert (wire_cert_value (stranger, "public-key", stranger_key));
    wire_open_as (&c, "INSPEKTORAT", "inspectorate");
    Rapor__Request request;
    Rapor__Admin admin;
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_ADD, NULL);
    admin.public_key = wire_text (stranger_key);
    admin.opd = wire_text ("DINKES");
    admin.role = wire_text ("opd");
    Rapor__Reply *reply = wire_call (&c, &request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_ADMIN_RESULT);
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);
    wire_open (&c, ZMQ_DEALER, wire_server.endpoint, stranger, wire_server_key);
    Rapor__Request hello;
    wire_ping (&hello);
    reply = wire_call (&c, &hello);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_PONG, "§1.1: added, the key is let in");
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);

    /*  Our own public key as the server's: the handshake fails.  */
    char wrong[41];
    cr_assert (wire_cert_value (harness_key ("DINKES", "opd"), "public-key", wrong));
    wire_open (&c, ZMQ_DEALER, wire_server.endpoint, harness_key ("DINKES", "opd"), wrong);
    event = wire_wait_event (&c, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                                  | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                                  | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                                  | ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED,
                          &value, WIRE_TIMEOUT_MS);
    cr_expect (event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                   || event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
               "§1.1: wrong server key: event %d value %u", event, value);
    wire_close (&c);

    /*  A plaintext client: the handshake fails, no reply comes.  */
    wire_open (&c, ZMQ_DEALER, wire_server.endpoint, NULL, NULL);
    Rapor__Request ping;
    wire_ping (&ping);
    size_t size;
    uint8_t *body = wire_pack (&ping, &size);
    const void *two[2] = { "", body };
    size_t two_size[2] = { 0, size };
    wire_send (&c, two, two_size, 2);
    event = wire_wait_event (&c, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                                  | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                                  | ZMQ_EVENT_HANDSHAKE_SUCCEEDED,
                          &value, WIRE_TIMEOUT_MS);
    cr_expect (event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                   || event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
               "§1.1: plaintext: event %d value %u", event, value);
    wire_frames_t f;
    cr_expect_not (wire_recv (&c, &f, 0), "§1.1: no reply ever comes");
    free (body);
    wire_close (&c);
}

/*  ---- §2, §6: text limits and the whole-message limit ----  */

/*  A submission whose encoded Request is exactly `size` bytes, padded
    with evidence of 'x'.  */
static uint8_t *
s_sized (wire_submit_t *s, size_t target, char **evidence)
{
    wire_submission (s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 1);
    *evidence = malloc (target);
    memset (*evidence, 'x', target);
    size_t len = target / 2;
    for (int tries = 0; tries < 8; tries++) {
        s->score[0].evidence.data = (uint8_t *) *evidence;
        s->score[0].evidence.len = len;
        size_t size = rapor__request__get_packed_size (&s->request);
        if (size == target)
            break;
        len = len + target - size;
    }
    size_t size;
    uint8_t *body = wire_pack (&s->request, &size);
    cr_assert_eq (size, target);
    return body;
}

/*  The reply to a message over the limit: message_too_large, in `frames`
    frames (the body last).  */
static void
s_expect_too_large (wire_conn_t *c, size_t frames, const char *why)
{
    wire_frames_t f;
    cr_assert (wire_recv (c, &f, WIRE_TIMEOUT_MS), "§1: a message over the limit is answered");
    cr_expect_eq (f.count, frames, "%s: got %zu frames", why, f.count);
    Rapor__Reply *reply = rapor__reply__unpack (NULL, f.size[f.count - 1], f.data[f.count - 1]);
    cr_assert_not_null (reply);
    wire_expect_only (reply, "message_too_large", "message");
    rapor__reply__free_unpacked (reply, NULL);
    wire_frames_free (&f);
}

Test (conformance, limits, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_open_as (&c, "DINKES", "opd");
    wire_submit_t s;
    Rapor__Reply *reply;

    /*  Evidence: 1000 characters of 2 bytes pass, 1001 do not.  */
    char evidence[4200] = "";
    for (int i = 0; i < 1001; i++)
        strcat (evidence, "é");
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 1);
    s.score[0].evidence.data = (uint8_t *) evidence;
    s.score[0].evidence.len = 2000;
    reply = wire_call (&c, &s.request);
    cr_expect_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT, "1000 characters are taken");
    rapor__reply__free_unpacked (reply, NULL);
    wire_submission (&s, "2024-Q2", "", RAPOR__SCORE_KIND__SELF_ASSESSMENT, wire_six, 1);
    s.score[0].evidence.data = (uint8_t *) evidence;
    s.score[0].evidence.len = 2002;
    wire_refused (&c, &s.request, "evidence_too_long", "scores[0].evidence");

    /*  Bad UTF-8 (a lone continuation byte), a NUL.  */
    s.score[0].evidence = wire_text ("ok \x80 not");
    wire_refused (&c, &s.request, "evidence_invalid", "scores[0].evidence");
    s.score[0].evidence.data = (uint8_t *) "ok\0no";
    s.score[0].evidence.len = 5;
    wire_refused (&c, &s.request, "evidence_invalid", "scores[0].evidence");
    s.score[0].evidence.len = 0;

    /*  A NUL in the period, an OPD code of 17 bytes, in a snapshot too.  */
    s.submit.period.data = (uint8_t *) "2024-Q2\0";
    s.submit.period.len = 8;
    wire_refused (&c, &s.request, "period_invalid", "period");
    s.submit.period = wire_text ("2024-Q2");
    s.submit.opd = wire_text ("DINKES_DINKES_DIN");
    wire_refused (&c, &s.request, "opd_invalid", "opd");
    Rapor__Request request;
    Rapor__SnapshotRequest snap;
    wire_snapshot (&request, &snap, NULL, 0);
    snap.period.data = (uint8_t *) "2024-Q\xff";
    snap.period.len = 7;
    wire_refused (&c, &request, "period_invalid", "period");

    /*  §2: role "opd\0inspectorate" is refused, not taken as opd, and an
        ignored field (name of a KEY_REVOKE) is checked too.  */
    Rapor__Admin admin;
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_ADD, NULL);
    admin.opd = wire_text ("DINKES");
    admin.public_key = wire_text ("0000000000000000000000000000000000000000");
    admin.role.data = (uint8_t *) "opd\0inspectorate";
    admin.role.len = 16;
    wire_refused (&c, &request, "admin_invalid", "role");
    wire_close (&c);

    /*  §1, §6: the whole-message limit (65,536 by default). A body of
        exactly the limit is decoded (its evidence is then too long); one
        byte more is message_too_large with request_id 0.  */
    wire_open_as (&c, "DINKES", "opd");
    char *pad;
    size_t size = 65536;
    uint8_t *body = s_sized (&s, size, &pad);
    reply = wire_call_bytes (&c, body, size);
    cr_assert_not_null (reply);
    cr_expect_eq (reply->request_id, s.request.request_id, "§6: a body of the limit is decoded");
    wire_expect_only (reply, "evidence_too_long", "scores[0].evidence");
    rapor__reply__free_unpacked (reply, NULL);
    free (body);
    free (pad);
    size = 65537;
    body = s_sized (&s, size, &pad);
    reply = wire_call_bytes (&c, body, size);
    cr_assert_not_null (reply);
    cr_expect_eq (reply->request_id, 0, "§5: message_too_large has request_id 0");
    wire_expect_only (reply, "message_too_large", "message");
    rapor__reply__free_unpacked (reply, NULL);
    free (body);
    free (pad);

    /*  A DEALER that sends an oversized body alone gets the reply alone:
        there was no empty delimiter to send back.  */
    body = s_sized (&s, 70000, &pad);
    size = 70000;
    const void *alone[1] = { body };
    wire_send (&c, alone, &size, 1);
    s_expect_too_large (&c, 1, "§1: no delimiter sent, none comes back");
    free (body);
    free (pad);

    /*  Frames add up: a 40,000-byte envelope frame and a 30,000-byte
        body. The reply comes on the empty delimiter only, without the
        big frame.  */
    body = s_sized (&s, 30000, &pad);
    char *big = calloc (1, 40000);
    const void *three[3] = { "", big, body };
    size_t three_size[3] = { 0, 40000, 30000 };
    wire_send (&c, three, three_size, 3);
    s_expect_too_large (&c, 2, "§1: answered on the empty delimiter only");
    free (big);
    free (body);
    free (pad);

    /*  The frame limit: a body of 131,072 bytes (131,105 on the wire with
        CURVE) is answered message_too_large; one byte more ends the
        connection with no reply.  */
    size = 131072;
    body = s_sized (&s, size, &pad);
    reply = wire_call_bytes (&c, body, size);
    cr_assert_not_null (reply, "§1: a frame of max_message_bytes + 65,536 is answered");
    wire_expect_only (reply, "message_too_large", "message");
    rapor__reply__free_unpacked (reply, NULL);
    free (body);
    free (pad);
    while (wire_wait_event (&c, ~0, NULL, 0))
        ;   /*  forget the events so far  */
    size = 131073;
    body = s_sized (&s, size, &pad);
    const void *two[2] = { "", body };
    size_t two_size[2] = { 0, size };
    wire_send (&c, two, two_size, 2);
    int event = wire_wait_event (&c, ZMQ_EVENT_DISCONNECTED, NULL, WIRE_TIMEOUT_MS);
    cr_expect_eq (event, ZMQ_EVENT_DISCONNECTED, "§1: a larger frame ends the connection");
    wire_frames_t f;
    cr_expect_not (wire_recv (&c, &f, 0), "§1: ... with no reply");
    free (body);
    free (pad);
    wire_close (&c);
}

