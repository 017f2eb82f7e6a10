/*  test_conformance_quarter.c: a quarter finalized, broadcast, fetched
    and its digest recomputed; admin fields and their problems; an
    objection filed and answered; as docs/PROTOCOL.md says, through the
    third party's client (wire.h).  */
#include "wire.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

/*  ---- §3.2–§3.7: a quarter finalized, broadcast and checked ----  */

static void
s_verified (const char *assessor, const int (*scores)[2], size_t count)
{
    wire_conn_t c;
    wire_open_as (&c, assessor, "assessor");
    wire_submit_t s;
    wire_submission (&s, "2024-Q2", "DINKES", RAPOR__SCORE_KIND__VERIFIED, scores, count);
    Rapor__Reply *reply = wire_call (&c, &s.request);
    cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RECEIPT, "%s: body %d", assessor,
                  reply->body_case);
    cr_expect_eq (reply->receipt->score_count, count);
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);
}

/*  The next broadcast on `topic`: its Broadcast, or NULL.  */
static Rapor__Broadcast *
s_next_broadcast (wire_conn_t *sub, const char *topic, long timeout_ms)
{
    long deadline = wire_now_ms () + timeout_ms;
    for (long left = timeout_ms; left > 0; left = deadline - wire_now_ms ()) {
        wire_frames_t f;
        if (!wire_recv (sub, &f, left))
            return NULL;
        cr_assert_eq (f.count, 2, "§3.5: two frames, topic and Broadcast");
        if (f.size[0] == strlen (topic) && !memcmp (f.data[0], topic, f.size[0])) {
            Rapor__Broadcast *b = rapor__broadcast__unpack (NULL, f.size[1], f.data[1]);
            wire_frames_free (&f);
            cr_assert_not_null (b);
            return b;
        }
        wire_frames_free (&f);   /*  §3.5: skip what we did not ask for  */
    }
    return NULL;
}

Test (conformance, quarter_broadcast_digest, .init = wire_setup, .fini = wire_teardown)
{
    /*  §3.5: subscribe first, and see a heartbeat.  */
    wire_conn_t sub;
    wire_open (&sub, ZMQ_SUB, wire_server.pub_endpoint, harness_key ("DISKOMINFO", "dashboard"), wire_server_key);
    zmq_setsockopt (sub.socket, ZMQ_SUBSCRIBE, "ranking.", 8);
    zmq_setsockopt (sub.socket, ZMQ_SUBSCRIBE, "heartbeat", 9);
    zmq_setsockopt (sub.socket, ZMQ_SUBSCRIBE, "period.", 7);
    int64_t before = wire_wall_us ();
    Rapor__Broadcast *b = s_next_broadcast (&sub, "heartbeat", WIRE_TIMEOUT_MS);
    cr_assert_not_null (b, "§3.5: a heartbeat within 5 s");
    cr_assert_eq (b->body_case, RAPOR__BROADCAST__BODY_HEARTBEAT);
    cr_expect_eq (b->heartbeat->interval_ms, 500, "§3.5: interval_ms is heartbeat_ms (500 here)");
    cr_expect (b->heartbeat->sent_at_us > before - 60000000, "§3.5: sent_at_us, wall clock");
    /*  The fixture stored ranking 1 (2023-Q4); this rapord published none.  */
    uint64_t heartbeat_seq = b->seq;
    cr_expect_eq (heartbeat_seq, 1, "§3.5: a heartbeat's seq: %llu",
                  (unsigned long long) heartbeat_seq);
    rapor__broadcast__free_unpacked (b, NULL);

    /*  Verified scores for DINKES: pengawasan (Inspektorat), perencanaan
        and inovasi (Bappeda).  */
    static const int inspektorat[1][2] = { { 1, 8750 } };
    static const int bappeda[2][2] = { { 2, 9000 }, { 5, 9505 } };
    s_verified ("INSPEKTORAT", inspektorat, 1);
    s_verified ("BAPPEDA", bappeda, 2);

    wire_conn_t c;
    wire_open_as (&c, "INSPEKTORAT", "inspectorate");
    Rapor__Request request;
    Rapor__Admin admin;
    Rapor__Reply *reply;

    /*  Base TPP whose 15 % ends in half a rupiah: rounded away from
        zero (§3.4 rule 6), up for DINKES, down for DISHUB.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_BASE_TPP, "2024-Q2");
    admin.opd = wire_text ("DINKES");
    admin.amount = 150000010;
    reply = wire_admin_call (&c, &request);
    cr_expect_gt (strlen (reply->admin_result->summary), 0);
    rapor__reply__free_unpacked (reply, NULL);
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_BASE_TPP, "2024-Q2");
    admin.opd = wire_text ("DISHUB");
    admin.amount = 10;
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);

    /*  N = 1: one rewarded, the rest cut (§3.4 rule 4).  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_RULES, "2024-Q2");
    admin.reward_n = 1, admin.reward_pct = 15, admin.punish_pct = 15;
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);

    /*  An OPD whose name needs §3.7's escapes.  */
    const char *odd = "Kantor \\ Uji\nbaris dua";
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_ADD, NULL);
    admin.opd = wire_text ("ESC_TEST");
    admin.name = wire_text (odd);
    admin.opd_kind = wire_text ("kantor");
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);

    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_CLOSE, "2024-Q2");
    reply = wire_admin_call (&c, &request);
    rapor__reply__free_unpacked (reply, NULL);

    /*  §3.6: the guard; the count on period, then missing[0]...  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_FINALIZE, "2024-Q2");
    reply = wire_call (&c, &request);
    wire_expect_problem (reply, 0, "period_incomplete", "period");
    wire_expect_problem (reply, 1, "period_incomplete", "missing[0]");
    cr_expect_eq (reply->rejection->n_problems, 6, "§3.2: the count and 5 missing scores");
    rapor__reply__free_unpacked (reply, NULL);

    /*  force without a reason: admin_invalid on reason.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_FINALIZE, "2024-Q2");
    admin.force = 1;
    wire_refused (&c, &request, "admin_invalid", "reason");

    /*  force with a reason holding a backslash and a line feed (§3.7's
        escapes); first as a preview (§3.2), which stores nothing.  */
    const char *why = "Skor PBJ belum masuk \\ lihat\nnota 12";
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_FINALIZE, "2024-Q2");
    admin.force = 1;
    admin.preview = 1;
    admin.reason = wire_text (why);
    reply = wire_admin_call (&c, &request);
    const Rapor__Ranking *p = reply->admin_result->ranking;
    cr_assert_not_null (p);
    cr_expect (p->preview && !p->provisional && p->seq == 0 && p->finalized_at_us == 0,
               "§3.3: a preview has seq and finalized_at_us 0");
    cr_expect_str_eq (p->digest, "", "§3.3: a preview has no digest");
    cr_expect_str_eq (p->force_reason, why, "§3.2: the preview shows force_reason");
    cr_expect_str_eq (p->finalized_by, "INSPEKTORAT", "a preview names the actor");
    cr_expect_eq (reply->admin_result->missing_total, 68 * 6 - 3);
    rapor__reply__free_unpacked (reply, NULL);
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_FINALIZE, "2024-Q2");
    admin.force = 1;
    admin.reason = wire_text (why);
    reply = wire_admin_call (&c, &request);
    const Rapor__Ranking *r = reply->admin_result->ranking;
    cr_assert_not_null (r, "§3.2: PERIOD_FINALIZE returns the ranking");
    cr_expect_str_eq (r->period, "2024-Q2");
    cr_expect_eq (r->revision, 1);
    cr_expect_eq (r->seq, 2, "§3.5: seq numbers rankings; the fixture's was 1");
    cr_expect_not (r->provisional);
    cr_expect_not (r->preview);
    cr_expect_str_eq (r->finalized_by, "INSPEKTORAT");
    cr_expect_str_eq (r->force_reason, why);
    cr_expect_eq (r->n_weights, 6);
    cr_expect (r->reward_n == 1 && r->reward_pct == 15 && r->punish_pct == 15,
               "§3.2: the rules as set");
    cr_assert_gt (r->n_entries, 1);
    const Rapor__RankingEntry *top = r->entries[0];
    cr_expect_str_eq (top->opd, "DINKES");
    cr_expect_eq (top->rank, 1);
    /*  §3.4: 27255 / 6 = 4542.5, rounded half up: (2·27255 + 6) div 12.  */
    cr_expect_eq (top->total_centi, 4543, "§3.4: total %d", top->total_centi);
    cr_expect (top->n_verified == 6 && top->verified[0] == 8750 && top->verified[2] == -1,
               "§3.3: verified holds 6 values, -1 for none");
    cr_expect (top->n_self == 6 && top->self[0] == -1, "§3.3: self holds 6 values");
    cr_expect (top->incomplete && top->best && !top->worst);
    cr_expect_eq (top->tpp_pct, 15);
    cr_expect (top->tpp_rupiah_known && top->base_tpp == 150000010
                   && top->tpp_rupiah == 22500002,
               "§3.4: 15 %% of 150,000,010 is 22,500,001.5, rounded away from zero: %lld",
               (long long) top->tpp_rupiah);
    const Rapor__RankingEntry *last = r->entries[r->n_entries - 1];
    cr_expect (!last->tpp_rupiah_known && last->tpp_rupiah == 0 && last->base_tpp == 0);
    /*  Every other OPD ties at 0: rank 2, rank from the bottom 1.  */
    cr_expect (last->worst && last->rank == 2 && last->tpp_pct == -15, "worst %d rank %u tpp %d",
               last->worst, last->rank, last->tpp_pct);
    bool dishub = false, escaped = false;
    for (size_t i = 0; i < r->n_entries; i++) {
        const Rapor__RankingEntry *e = r->entries[i];
        cr_expect (i < 2 || strcmp (r->entries[i - 1]->opd, e->opd) < 0,
                   "§3.3: ties by OPD code");
        if (!strcmp (e->opd, "DISHUB")) {
            dishub = true;
            cr_expect (e->tpp_rupiah_known && e->base_tpp == 10 && e->tpp_rupiah == -2,
                       "§3.4: -15 %% of 10 is -1.5, rounded away from zero: %lld",
                       (long long) e->tpp_rupiah);
        }
        if (!strcmp (e->opd, "ESC_TEST"))
            escaped = !strcmp (e->name, odd);
    }
    cr_expect (dishub && escaped, "DISHUB and ESC_TEST are ranked, the name as given");
    cr_expect_eq (r->n_worst, r->n_entries - 1);
    cr_expect (r->n_best == 1 && !strcmp (r->best[0], "DINKES"));
    cr_expect_eq (strlen (r->digest), 64);
    char hex[65];
    wire_digest (r, hex);
    cr_expect_str_eq (hex, r->digest, "§3.7: the recomputed digest");
    char digest[65];
    snprintf (digest, sizeof digest, "%s", r->digest);
    uint64_t seq = r->seq;
    uint64_t finalize_id = request.request_id;
    rapor__reply__free_unpacked (reply, NULL);

    /*  §3.5: the ranking's broadcast, with the same digest.  */
    b = s_next_broadcast (&sub, "ranking.2024-Q2", WIRE_TIMEOUT_MS);
    cr_assert_not_null (b, "§3.5: the ranking is broadcast on ranking.2024-Q2");
    cr_assert_eq (b->body_case, RAPOR__BROADCAST__BODY_RANKING);
    cr_expect_eq (b->seq, seq);
    wire_digest (b->ranking, hex);
    cr_expect_str_eq (hex, digest, "§3.7: the broadcast ranking's digest");
    cr_expect_str_eq (b->ranking->digest, digest);
    rapor__broadcast__free_unpacked (b, NULL);
    /*  ... then the period's status, finalized (§3.5).  */
    long deadline = wire_now_ms () + WIRE_TIMEOUT_MS;
    bool finalized = false;
    while (!finalized && wire_now_ms () < deadline) {
        b = s_next_broadcast (&sub, "period.2024-Q2", deadline - wire_now_ms ());
        cr_assert_not_null (b, "§3.5: a period status after the finalization");
        cr_assert_eq (b->body_case, RAPOR__BROADCAST__BODY_PERIOD_STATUS);
        finalized = !strcmp (b->period_status->status, "finalized");
        if (finalized)
            cr_expect (b->seq == seq && b->period_status->opds == 68
                           && b->period_status->complete == 0,
                       "§3.5: seq %llu, %u of %u", (unsigned long long) b->seq,
                       b->period_status->complete, b->period_status->opds);
        rapor__broadcast__free_unpacked (b, NULL);
    }

    /*  §5: the same request_id and request: the first answer again.  */
    request.request_id = finalize_id;
    reply = wire_admin_call (&c, &request);
    cr_assert_not_null (reply->admin_result->ranking);
    cr_expect_eq (reply->admin_result->ranking->seq, seq, "§5: the same seq");
    cr_expect_str_eq (reply->admin_result->ranking->digest, digest);
    rapor__reply__free_unpacked (reply, NULL);
    /*  ... and the same request_id with another request: admin_refused.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_CLOSE, "2024-Q2");
    request.request_id = finalize_id;
    wire_refused (&c, &request, "admin_refused", "request_id");

    /*  The next heartbeat carries the new seq, and no second ranking
        broadcast came before it.  */
    for (b = NULL; !b || b->body_case != RAPOR__BROADCAST__BODY_HEARTBEAT;) {
        if (b)
            rapor__broadcast__free_unpacked (b, NULL);
        wire_frames_t f;
        cr_assert (wire_recv (&sub, &f, WIRE_TIMEOUT_MS), "§3.5: heartbeats go on");
        cr_expect_neq (strncmp ((char *) f.data[0], "ranking.", 8), 0,
                       "§5: a retried finalization broadcasts nothing again");
        b = rapor__broadcast__unpack (NULL, f.size[1], f.data[1]);
        wire_frames_free (&f);
        cr_assert_not_null (b);
    }
    cr_expect_eq (b->seq, seq, "§3.5: a heartbeat's seq is the latest ranking's");
    rapor__broadcast__free_unpacked (b, NULL);
    wire_close (&sub);
    wire_close (&c);

    /*  §3.3: snapshots, by seq, by period and the latest; any key.  */
    wire_open_as (&c, "DISKOMINFO", "dashboard");
    Rapor__SnapshotRequest snap;
    const struct { const char *period; uint64_t seq; } asks[] = {
        { NULL, seq }, { "2024-Q2", 0 }, { NULL, 0 }, { "2023-Q4", 0 }, { "2024-Q2", 1 }
    };
    for (size_t i = 0; i < 5; i++) {
        wire_snapshot (&request, &snap, asks[i].period, asks[i].seq);
        reply = wire_call (&c, &request);
        cr_assert_eq (reply->body_case, RAPOR__REPLY__BODY_RANKING, "snapshot %zu: body %d", i,
                      reply->body_case);
        wire_digest (reply->ranking, hex);
        cr_expect_str_eq (hex, reply->ranking->digest, "§3.7: snapshot %zu's digest", i);
        if (i < 3)
            cr_expect_str_eq (reply->ranking->digest, digest, "snapshot %zu", i);
        else   /*  the fixture's 2023-Q4; with seq, period is ignored  */
            cr_expect (reply->ranking->n_entries == 0 && reply->ranking->seq == 1
                           && !strcmp (reply->ranking->period, "2023-Q4"),
                       "snapshot %zu", i);
        rapor__reply__free_unpacked (reply, NULL);
    }
    wire_close (&c);
}


/*  ---- §3.2, §4: admin fields and their problems ----  */

Test (conformance, admin_problems, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    wire_open_as (&c, "INSPEKTORAT", "inspectorate");
    Rapor__Request request;
    Rapor__Admin admin;
    Rapor__Reply *reply;

    uint32_t w5[5] = { 1, 1, 1, 1, 1 }, w6[6] = { 1, 0, 1, 1, 1001, 1 };
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_WEIGHTS, "2024-Q2");
    admin.n_weights = 5, admin.weights = w5;
    wire_refused (&c, &request, "admin_invalid", "weights");
    admin.n_weights = 6, admin.weights = w6;
    request.request_id = wire_request_id ();
    reply = wire_call (&c, &request);
    wire_expect_problem (reply, 0, "admin_invalid", "weights[1]");
    wire_expect_problem (reply, 1, "admin_invalid", "weights[4]");
    rapor__reply__free_unpacked (reply, NULL);

    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_RULES, "2024-Q2");
    admin.reward_n = 1001, admin.reward_pct = 101, admin.punish_pct = 101;
    reply = wire_call (&c, &request);
    wire_expect_problem (reply, 0, "admin_invalid", "reward_n");
    wire_expect_problem (reply, 1, "admin_invalid", "reward_pct");
    wire_expect_problem (reply, 2, "admin_invalid", "punish_pct");
    rapor__reply__free_unpacked (reply, NULL);

    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_BASE_TPP, "2024-Q2");
    admin.opd = wire_text ("DINKES"), admin.amount = 10000000000001LL;
    wire_refused (&c, &request, "admin_invalid", "amount");

    wire_admin (&request, &admin, RAPOR__ADMIN_OP__AUDIT_LIST, NULL);
    admin.limit = 1001, admin.since_us = -1;
    admin.action = wire_text ("0123456789012345678901234567890123");
    reply = wire_call (&c, &request);
    wire_expect_problem (reply, 0, "admin_invalid", "limit");
    wire_expect_problem (reply, 1, "admin_invalid", "since_us");
    wire_expect_problem (reply, 2, "admin_invalid", "action");
    rapor__reply__free_unpacked (reply, NULL);

    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_ADD, NULL);
    admin.opd = wire_text ("DINKES"), admin.name = wire_text ("x"), admin.opd_kind = wire_text ("dinas");
    wire_refused (&c, &request, "admin_refused", "opd");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_ADD, NULL);
    admin.opd = wire_text ("NEWOPD"), admin.name = wire_text ("x"), admin.opd_kind = wire_text ("club");
    wire_refused (&c, &request, "admin_invalid", "opd_kind");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_OPEN, "2024-Q2");
    wire_refused (&c, &request, "admin_refused", "period");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_CLOSE, "2030-Q1");
    wire_refused (&c, &request, "period_unknown", "period");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_REOPEN, "2024-Q1");
    wire_refused (&c, &request, "admin_invalid", "reason");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_FINALIZE, "2024-Q2");
    wire_refused (&c, &request, "admin_refused", "period");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_ASSESSOR, "2024-Q2");
    admin.component = 7, admin.opd = wire_text ("DINKES");
    wire_refused (&c, &request, "component_unknown", "component");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SET_ASSESSOR, "2024-Q2");
    admin.component = 1, admin.opd = wire_text ("NOSUCH");
    wire_refused (&c, &request, "opd_unknown", "opd");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_ANSWER, "2024-Q1");
    admin.objection_id = 999, admin.accept = 1, admin.score_centi = 10001;
    wire_refused (&c, &request, "score_out_of_range", "score_centi");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_ANSWER, "2024-Q1");
    admin.objection_id = 999, admin.reason = wire_text ("no");
    wire_refused (&c, &request, "not_found", "objection_id");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_ADD, NULL);
    admin.opd = wire_text ("DINKES"), admin.role = wire_text ("opd"), admin.public_key = wire_text ("short");
    wire_refused (&c, &request, "admin_invalid", "public_key");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_ADD, NULL);
    admin.opd = wire_text ("TEST_INACTIVE"), admin.role = wire_text ("opd");
    admin.public_key = wire_text ("0000000000000000000000000000000000000000");
    wire_refused (&c, &request, "admin_refused", "public_key");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_FILE, "2024-Q1");
    admin.opd = wire_text ("DINKES"), admin.component = 1, admin.reason = wire_text ("x");
    wire_refused (&c, &request, "not_permitted", "key");
    wire_admin (&request, &admin, 99, NULL);
    wire_refused (&c, &request, "unknown_request", "op");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__ADMIN_NONE, NULL);
    wire_refused (&c, &request, "unknown_request", "op");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_VERIFY, "2024-Q2");
    wire_refused (&c, &request, "not_found", "period");

    /*  OPD_IMPORT: each row checked as OPD_ADD checks one (§3.2).  */
    Rapor__OpdRow r1 = RAPOR__OPD_ROW__INIT, r2 = RAPOR__OPD_ROW__INIT, r3 = RAPOR__OPD_ROW__INIT;
    r1.code = wire_text ("bad"), r1.name = wire_text (""), r1.kind = wire_text ("club");
    uint32_t assesses[1] = { 7 };
    r2.code = wire_text ("DINKES"), r2.name = wire_text ("Other name"), r2.kind = wire_text ("dinas");
    r2.n_assesses = 1, r2.assesses = assesses;
    r3.code = wire_text ("DINKES"), r3.name = wire_text ("Dinas Kesehatan"), r3.kind = wire_text ("dinas");
    Rapor__OpdRow *rows[3] = { &r1, &r2, &r3 };
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_IMPORT, NULL);
    admin.n_opd_rows = 3, admin.opd_rows = rows;
    reply = wire_call (&c, &request);
    wire_expect_problem (reply, 0, "opd_invalid", "opds[0].code");
    wire_expect_problem (reply, 1, "admin_invalid", "opds[0].name");
    wire_expect_problem (reply, 2, "admin_invalid", "opds[0].kind");
    wire_expect_problem (reply, 3, "admin_invalid", "opds[1].assesses");
    wire_expect_problem (reply, 4, "admin_invalid", "opds[2].code");
    rapor__reply__free_unpacked (reply, NULL);
    r2.n_assesses = 0;
    admin.n_opd_rows = 1, admin.opd_rows = &rows[1];
    request.request_id = wire_request_id ();
    wire_refused (&c, &request, "admin_refused", "opds[0].code");
    admin.n_opd_rows = 0;
    request.request_id = wire_request_id ();
    wire_refused (&c, &request, "admin_invalid", "import");

    /*  §2: role and name over their sizes.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__KEY_ADD, NULL);
    admin.opd = wire_text ("DINKES"), admin.role = wire_text ("inspectorateXXXXY");
    admin.public_key = wire_text ("0000000000000000000000000000000000000000");
    wire_refused (&c, &request, "admin_invalid", "role");
    char n201[202];
    memset (n201, 'a', 201);
    n201[201] = '\0';
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OPD_ADD, NULL);
    admin.opd = wire_text ("NEWX"), admin.name = wire_text (n201), admin.opd_kind = wire_text ("dinas");
    wire_refused (&c, &request, "admin_invalid", "name");

    /*  §5: request_id 0 is never remembered: the second close runs anew
        and is refused.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_CLOSE, "2024-Q2");
    request.request_id = 0;
    rapor__reply__free_unpacked (wire_admin_call (&c, &request), NULL);
    wire_refused (&c, &request, "admin_refused", "period");

    /*  §10: reading the audit log is itself audited, after the read.  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__AUDIT_LIST, NULL);
    admin.limit = 1;
    reply = wire_admin_call (&c, &request);
    cr_assert_eq (reply->admin_result->n_audit, 1);
    cr_expect_str_eq (reply->admin_result->audit[0]->action, "period-close");
    cr_expect_str_eq (reply->admin_result->audit[0]->outcome, "rejected");
    cr_expect_str_eq (reply->admin_result->audit[0]->reason, "admin_refused");
    rapor__reply__free_unpacked (reply, NULL);
    request.request_id = wire_request_id ();
    reply = wire_admin_call (&c, &request);
    cr_assert_eq (reply->admin_result->n_audit, 1);
    const Rapor__AuditRow *row = reply->admin_result->audit[0];
    cr_expect (!strcmp (row->action, "audit") && !strcmp (row->outcome, "accepted")
                   && !strcmp (row->opd, "INSPEKTORAT") && !strcmp (row->role, "inspectorate")
                   && row->count == 1 && row->first_at_us == 0,
               "§10: %s %s %s %s", row->action, row->outcome, row->opd, row->role);
    cr_expect_str_eq (row->detail, "admin opd=- since_us=0 action=- limit=1");
    rapor__reply__free_unpacked (reply, NULL);

    /*  §10: an Admin of no known op is written as "none" or "unknown".  */
    const char *unknown_actions[] = { "none", "unknown" };
    for (size_t i = 0; i < 2; i++) {
        wire_admin (&request, &admin, RAPOR__ADMIN_OP__AUDIT_LIST, NULL);
        admin.limit = 1, admin.action = wire_text (unknown_actions [i]);
        reply = wire_admin_call (&c, &request);
        cr_assert_eq (reply->admin_result->n_audit, 1, "no audit row of action %s",
                      unknown_actions [i]);
        row = reply->admin_result->audit[0];
        cr_expect (!strcmp (row->outcome, "rejected") && !strcmp (row->reason, "unknown_request"),
                   "§10: %s: %s %s", unknown_actions [i], row->outcome, row->reason);
        rapor__reply__free_unpacked (reply, NULL);
    }

    /*  SERVER_STATUS (§3.2).  */
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__SERVER_STATUS, NULL);
    reply = wire_admin_call (&c, &request);
    const Rapor__ServerStatus *st = reply->admin_result->server_status;
    cr_assert_not_null (st);
    cr_expect_eq (strncmp (st->server_version, "rapord ", 7), 0);
    cr_expect_eq (st->protocol_version, 1);
    cr_expect_gt (st->schema_version, 0);
    cr_expect (st->connections_known && st->connections >= 1, "§3.2: the asker's own counts");
    cr_expect_eq (st->last_seq, 1, "§3.2: the fixture's stored ranking");
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);
}

/*  ---- §3.8: an objection, filed and answered ----  */

Test (conformance, objection, .init = wire_setup, .fini = wire_teardown)
{
    wire_conn_t c;
    Rapor__Request request;
    Rapor__Admin admin;
    Rapor__Reply *reply;
    wire_open_as (&c, "DINKES", "opd");
    int64_t before = wire_wall_us ();
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_FILE, "2024-Q1");
    admin.component = 1, admin.reason = wire_text ("Nilai belum dihitung");
    reply = wire_admin_call (&c, &request);
    const Rapor__AdminResult *a = reply->admin_result;
    cr_assert_eq (a->n_objections, 1);
    const Rapor__Objection *o = a->objections[0];
    uint64_t id = o->id;
    cr_expect (id != 0 && !strcmp (o->opd, "DINKES") && o->component == 1);
    cr_expect_eq (o->disputed_centi, -1, "§3.8: no score yet");
    cr_expect_str_eq (o->reason, "Nilai belum dihitung");
    cr_expect_str_eq (o->filed_by, "DINKES");
    cr_expect_geq (o->filed_at_us, before - 60000000);
    cr_expect_str_eq (o->status, "open");
    cr_expect (!strcmp (o->answer, "") && o->corrected_centi == -1 && !strcmp (o->answered_by, "")
               && o->answered_at_us == 0);
    cr_expect_eq (a->open_objections, 1);
    rapor__reply__free_unpacked (reply, NULL);
    request.request_id = wire_request_id ();
    wire_refused (&c, &request, "objection_invalid", "component");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_LIST, "2024-Q1");
    wire_refused (&c, &request, "not_own_opd", "opd");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_FILE, "2024-Q2");
    admin.component = 1, admin.reason = wire_text ("x");
    wire_refused (&c, &request, "admin_refused", "period");
    wire_close (&c);

    wire_open_as (&c, "BAPPEDA", "assessor");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_ANSWER, "2024-Q1");
    admin.objection_id = id, admin.accept = 1, admin.score_centi = 8000;
    wire_refused (&c, &request, "not_permitted", "objection_id");
    wire_close (&c);

    /*  §3.6: scores missing and an objection open.  */
    wire_open_as (&c, "INSPEKTORAT", "inspectorate");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_FINALIZE, "2024-Q1");
    reply = wire_call (&c, &request);
    wire_expect_problem (reply, 0, "period_incomplete", "period");
    wire_expect_problem (reply, 5, "period_incomplete", "missing[4]");
    wire_expect_problem (reply, 6, "objections_open", "period");
    cr_expect_eq (reply->rejection->n_problems, 7, "§3.6: both refusals, in one rejection");
    rapor__reply__free_unpacked (reply, NULL);
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__PERIOD_MISSING, "2024-Q1");
    reply = wire_admin_call (&c, &request);
    cr_expect_eq (reply->admin_result->missing_total, 67 * 6);
    cr_expect_eq (reply->admin_result->open_objections, 1);
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);

    wire_open_as (&c, "INSPEKTORAT", "assessor");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__OBJECTION_ANSWER, "2024-Q1");
    admin.objection_id = id, admin.accept = 1, admin.score_centi = 8000;
    reply = wire_admin_call (&c, &request);
    cr_assert_eq (reply->admin_result->n_objections, 1);
    o = reply->admin_result->objections[0];
    cr_expect_str_eq (o->status, "accepted");
    cr_expect_eq (o->corrected_centi, 8000);
    cr_expect_str_eq (o->answered_by, "INSPEKTORAT");
    cr_expect_gt (o->answered_at_us, 0);
    cr_expect_eq (reply->admin_result->open_objections, 0);
    rapor__reply__free_unpacked (reply, NULL);
    request.request_id = wire_request_id ();
    wire_refused (&c, &request, "objection_invalid", "objection_id");
    wire_close (&c);

    /*  §3.8: the corrected score is a verified submission from the
        answering OPD, which the OPD sees (its empty opd filled in).  */
    wire_open_as (&c, "DINKES", "opd");
    wire_admin (&request, &admin, RAPOR__ADMIN_OP__LIST_SUBMISSIONS, "2024-Q1");
    reply = wire_admin_call (&c, &request);
    cr_assert_eq (reply->admin_result->n_submissions, 1);
    const Rapor__SubmissionInfo *si = reply->admin_result->submissions[0];
    cr_expect (!strcmp (si->opd, "DINKES") && !strcmp (si->submitter, "INSPEKTORAT")
               && si->kind == RAPOR__SCORE_KIND__VERIFIED && si->n_scores == 1
               && si->scores[0]->component == 1 && si->scores[0]->score_centi == 8000);
    cr_expect_eq (si->submission_id.len, 16);
    rapor__reply__free_unpacked (reply, NULL);
    wire_close (&c);
}

