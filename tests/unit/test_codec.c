/*  The codec: round trips, and what happens to bytes that are not ours.  */
#include "codec.h"
#include "pbw.h"
#include "text.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static request_t s_in, s_out;

static void
s_fill (request_t *r)
{
    memset (r, 0, sizeof *r);
    r->version = PROTOCOL_VERSION;
    r->request_id = 0xFEEDFACECAFEBEEFull;
    r->kind = REQUEST_SUBMIT;
    submission_t *s = &r->submit;
    submission_init (s);
    s->id_len = SUBMISSION_ID_LEN;
    for (int i = 0; i < SUBMISSION_ID_LEN; i++)
        s->id[i] = (uint8_t) (i * 17);
    submission_set_period (s, "2024-Q2", 7);
    submission_set_opd (s, "KEC_GLENMORE", 12);
    submission_add_score (s, 1, 0, "", 0);
    submission_add_score (s, 4, 10000, "Laporan BMD \xE2\x9C\x93", 15);
    submission_add_score (s, 6, 8750, "a\0b", 3);     /*  NUL survives as bytes  */
}

Test (codec, request_round_trip)
{
    s_fill (&s_in);
    size_t size = 0;
    uint8_t *bytes = codec_request_encode (&s_in, &size);
    cr_assert_not_null (bytes);
    problems_t problems;
    problems_init (&problems);
    cr_assert (codec_request_decode (bytes, size, &s_out, &problems));
    free (bytes);
    cr_expect_eq (s_out.version, s_in.version);
    cr_expect_eq (s_out.request_id, s_in.request_id);
    cr_expect_eq (s_out.kind, REQUEST_SUBMIT);
    const submission_t *a = &s_in.submit, *b = &s_out.submit;
    cr_expect_eq (b->id_len, SUBMISSION_ID_LEN);
    cr_expect_arr_eq (b->id, a->id, SUBMISSION_ID_LEN);
    cr_expect_str_eq (b->period, "2024-Q2");
    cr_expect_str_eq (b->opd, "KEC_GLENMORE");
    cr_assert_eq (b->score_count, 3);
    for (size_t i = 0; i < 3; i++) {
        cr_expect_eq (b->scores[i].component, a->scores[i].component);
        cr_expect_eq (b->scores[i].score_centi, a->scores[i].score_centi);
        cr_expect_eq (b->scores[i].evidence_len, a->scores[i].evidence_len);
        cr_expect_arr_eq (b->scores[i].evidence, a->scores[i].evidence, a->scores[i].evidence_len);
    }
    problems_init (&problems);
    cr_expect_not (submission_validate (b, &problems), "the NUL must be caught");
    cr_expect_str_eq (problems.items[0].code, PROBLEM_EVIDENCE_INVALID);
}

Test (codec, reply_round_trip)
{
    static reply_t in, out;
    memset (&in, 0, sizeof in);
    in.version = 1;
    in.request_id = 42;
    in.kind = REPLY_REJECTION;
    problems_add (&in.problems, PROBLEM_PERIOD_NOT_OPEN, "period", "Period %s is closed.", "2024-Q1");
    problems_add (&in.problems, PROBLEM_OPD_UNKNOWN, "opd", "Unknown OPD.");
    size_t size;
    uint8_t *bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_expect_eq (out.request_id, 42);
    cr_expect_eq (out.kind, REPLY_REJECTION);
    cr_assert_eq (out.problems.count, 2);
    cr_expect_str_eq (out.problems.items[0].code, PROBLEM_PERIOD_NOT_OPEN);
    cr_expect_str_eq (out.problems.items[0].message, "Period 2024-Q1 is closed.");

    memset (&in, 0, sizeof in);
    in.kind = REPLY_RECEIPT;
    memset (in.receipt.submission_id, 0xAB, SUBMISSION_ID_LEN);
    in.receipt.stored_at_us = 1732780800123456LL;
    in.receipt.score_count = 6;
    in.receipt.duplicate = true;
    bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_expect_eq (out.kind, REPLY_RECEIPT);
    cr_expect_eq (out.receipt.stored_at_us, 1732780800123456LL);
    cr_expect_eq (out.receipt.score_count, 6);
    cr_expect (out.receipt.duplicate);

    memset (&in, 0, sizeof in);
    in.kind = REPLY_UNAVAILABLE;
    snprintf (in.reason, sizeof in.reason, "database down");
    in.retry_after_ms = 1000;
    bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_expect_eq (out.kind, REPLY_UNAVAILABLE);
    cr_expect_str_eq (out.reason, "database down");
    cr_expect_eq (out.retry_after_ms, 1000);
}

Test (codec, malformed_bytes_are_rejected)
{
    static const struct { const char *bytes; size_t len; } cases[] = {
        { "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 11 },   /*  endless varint  */
        { "\x0A\x05" "ab", 4 },                                 /*  length past the end  */
        { "\x82\x01\x10" "short", 8 },                          /*  submit body cut short  */
        { "\x0F", 1 },                                          /*  wire type 7  */
        { "hello, rapord", 13 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        problems_t problems;
        problems_init (&problems);
        cr_expect_not (codec_request_decode ((const uint8_t *) cases[i].bytes, cases[i].len,
                                             &s_out, &problems), "case %zu", i);
        cr_expect (problems_has (&problems, PROBLEM_MALFORMED), "case %zu", i);
    }
}

Test (codec, empty_and_unknown_bodies_decode_as_none)
{
    problems_t problems;
    problems_init (&problems);
    cr_expect (codec_request_decode ((const uint8_t *) "", 0, &s_out, &problems));
    cr_expect_eq (s_out.kind, REQUEST_NONE);

    pbw_t w;
    pbw_init (&w);
    pbw_varint_field (&w, 1, 1);
    pbw_varint_field (&w, 2, 99);
    pbw_bytes_field (&w, 40, "future", 6);     /*  a body type from a newer client  */
    cr_expect (codec_request_decode (w.data, w.len, &s_out, &problems));
    cr_expect_eq (s_out.kind, REQUEST_NONE);
    cr_expect_eq (s_out.request_id, 99);
    pbw_free (&w);
}

Test (codec, too_many_scores_are_counted_not_stored)
{
    pbw_t request;
    pbw_flood_request (&request, 1000);
    problems_t problems;
    problems_init (&problems);
    cr_assert (codec_request_decode (request.data, request.len, &s_out, &problems));
    cr_expect_eq (s_out.submit.score_count, 1000);
    cr_expect_eq (submission_held (&s_out.submit), SUBMISSION_MAX_SCORES);
    cr_expect_not (submission_validate (&s_out.submit, &problems));
    cr_expect (problems_has (&problems, PROBLEM_SCORES_TOO_MANY));
    pbw_free (&request);
}

static ranking_t *
s_sample_ranking (void)
{
    ranking_t *r = ranking_new (3);
    snprintf (r->period, sizeof r->period, "2024-Q3");
    r->seq = 42;
    r->finalized_at_us = 1732780800000000LL;
    snprintf (r->finalized_by, sizeof r->finalized_by, "INSPEKTORAT");
    r->rules.weights[4] = 3;
    const char *codes[] = { "DINKES", "BAPPEDA", "KEC_LICIN" };
    for (int i = 0; i < 3; i++) {
        snprintf (r->entries[i].code, sizeof r->entries[i].code, "%s", codes[i]);
        snprintf (r->entries[i].name, sizeof r->entries[i].name, "Nama, \"%d\"", i);
        for (int c = 0; c < COMPONENT_COUNT; c++) {
            r->entries[i].verified[c] = i == 2 && c == 5 ? RANKING_NO_SCORE : 9000 - i * 1000 + c;
            r->entries[i].self[c] = 9500 - i * 1000;
        }
    }
    r->entries[0].base_tpp = 15000010;
    ranking_compute (r->entries, r->count, &r->rules);
    return r;
}

static void
s_expect_same (const ranking_t *a, const ranking_t *b)
{
    cr_expect_str_eq (b->period, a->period);
    cr_expect_eq (b->seq, a->seq);
    cr_expect_eq (b->finalized_at_us, a->finalized_at_us);
    cr_expect_str_eq (b->finalized_by, a->finalized_by);
    cr_expect_arr_eq (b->rules.weights, a->rules.weights, sizeof a->rules.weights);
    cr_assert_eq (b->count, a->count);
    for (size_t i = 0; i < a->count; i++) {
        const ranking_entry_t *x = &a->entries[i], *y = &b->entries[i];
        cr_expect_str_eq (y->code, x->code);
        cr_expect_str_eq (y->name, x->name);
        cr_expect_arr_eq (y->verified, x->verified, sizeof x->verified);
        cr_expect_arr_eq (y->self, x->self, sizeof x->self);
        cr_expect_eq (y->rank, x->rank);
        cr_expect_eq (y->total_centi, x->total_centi);
        cr_expect_eq (y->tpp_pct, x->tpp_pct);
        cr_expect_eq (y->base_tpp, x->base_tpp);
        cr_expect_eq (y->tpp_rupiah, x->tpp_rupiah);
        cr_expect_eq (y->incomplete, x->incomplete);
        cr_expect_eq (y->best, x->best);
        cr_expect_eq (y->worst, x->worst);
    }
}

Test (codec, ranking_round_trips_in_a_reply_and_a_broadcast)
{
    ranking_t *r = s_sample_ranking ();
    static reply_t in, out;
    memset (&in, 0, sizeof in);
    in.kind = REPLY_RANKING;
    in.ranking = r;
    size_t size;
    uint8_t *bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_assert_eq (out.kind, REPLY_RANKING);
    s_expect_same (r, out.ranking);
    codec_reply_clear (&out);

    broadcast_t b = { .seq = 42, .kind = BROADCAST_RANKING, .ranking = r }, back;
    bytes = codec_broadcast_encode (&b, &size);
    cr_assert (codec_broadcast_decode (bytes, size, &back));
    free (bytes);
    cr_expect_eq (back.seq, 42);
    s_expect_same (r, back.ranking);
    ranking_destroy (&back.ranking);

    broadcast_t hb = { .seq = 7, .kind = BROADCAST_HEARTBEAT, .sent_at_us = 5, .interval_ms = 2000 };
    bytes = codec_broadcast_encode (&hb, &size);
    cr_assert (codec_broadcast_decode (bytes, size, &back));
    free (bytes);
    cr_expect_eq (back.kind, BROADCAST_HEARTBEAT);
    cr_expect_eq (back.seq, 7);
    cr_expect_eq (back.interval_ms, 2000);
    cr_expect_not (codec_broadcast_decode ((const uint8_t *) "\xFF\xFF", 2, &back));
    ranking_destroy (&r);
}

Test (codec, period_status_round_trips_and_unknown_kinds_are_skipped)
{
    broadcast_t st = { .seq = 3, .kind = BROADCAST_PERIOD_STATUS,
                       .status = { "2024-Q3", "closed", 12, 67, 2, 99 } }, back;
    size_t size = 0;
    uint8_t *bytes = codec_broadcast_encode (&st, &size);
    cr_assert (codec_broadcast_decode (bytes, size, &back));
    free (bytes);
    cr_expect_eq (back.kind, BROADCAST_PERIOD_STATUS);
    cr_expect_eq (back.seq, 3);
    cr_expect_str_eq (back.status.period, "2024-Q3");
    cr_expect_str_eq (back.status.status, "closed");
    cr_expect_eq (back.status.complete, 12);
    cr_expect_eq (back.status.opds, 67);
    cr_expect_eq (back.status.open_objections, 2);
    cr_expect_eq (back.status.changed_at_us, 99);

    /*  A period that is not a period code is not a status of ours.  */
    snprintf (st.status.period, sizeof st.status.period, "2024-Q9");
    bytes = codec_broadcast_encode (&st, &size);
    cr_expect_not (codec_broadcast_decode (bytes, size, &back));
    free (bytes);

    /*  A body added after this client was written (field 15 of the
        oneof): skipped as BROADCAST_NONE, not an error (PROTOCOL.md §3.5).  */
    pbw_t w;
    pbw_init (&w);
    pbw_varint_field (&w, 1, 8);
    pbw_bytes_field (&w, 15, "\x08\x01", 2);
    cr_expect (codec_broadcast_decode (w.data, w.len, &back));
    cr_expect_eq (back.kind, BROADCAST_NONE);
    cr_expect_eq (back.seq, 8);
    cr_expect_null (back.ranking);
    pbw_free (&w);
}

Test (codec, admin_request_and_result_round_trip)
{
    memset (&s_in, 0, sizeof s_in);
    s_in.version = 1;
    s_in.kind = REQUEST_ADMIN;
    admin_t *a = &s_in.admin;
    admin_init (a, ADMIN_SET_WEIGHTS);
    text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, "INSPEKTORAT", 11);
    text_copy (a->period, PERIOD_FIELD_MAX, &a->period_len, "2024-Q3", 7);
    text_copy (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, "banjir", 6);
    a->weight_count = 6;
    for (int c = 0; c < 6; c++)
        a->weights[c] = (uint32_t) c + 1;
    a->amount = 123456789012LL;
    size_t size;
    uint8_t *bytes = codec_request_encode (&s_in, &size);
    problems_t problems;
    problems_init (&problems);
    cr_assert (codec_request_decode (bytes, size, &s_out, &problems));
    free (bytes);
    cr_assert_eq (s_out.kind, REQUEST_ADMIN);
    cr_expect_eq (s_out.admin.op, ADMIN_SET_WEIGHTS);
    cr_expect_str_eq (s_out.admin.actor, "INSPEKTORAT");
    cr_expect_str_eq (s_out.admin.reason, "banjir");
    cr_expect_eq (s_out.admin.weight_count, 6);
    cr_expect_eq (s_out.admin.weights[5], 6);
    cr_expect_eq (s_out.admin.amount, 123456789012LL);

    static reply_t in, out;
    memset (&in, 0, sizeof in);
    in.kind = REPLY_ADMIN_RESULT;
    snprintf (in.summary, sizeof in.summary, "2 OPDs.");
    opd_info_t opds[2] = { { "DINKES", "Dinas Kesehatan", "dinas", true },
                           { "OLD", "Kantor lama", "kantor", false } };
    in.opds = opds;
    in.opd_count = 2;
    submission_info_t subs[1] = { { .opd = "DINKES", .submitter = "BAPPEDA",
                                    .kind = SCORE_KIND_VERIFIED, .stored_at_us = 9,
                                    .score_count = 2, .component = { 2, 5 },
                                    .score_centi = { 8000, 9050 } } };
    in.submissions = subs;
    in.submission_count = 1;
    bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_expect_str_eq (out.summary, "2 OPDs.");
    cr_assert_eq (out.opd_count, 2);
    cr_expect_str_eq (out.opds[1].name, "Kantor lama");
    cr_expect_not (out.opds[1].active);
    cr_assert_eq (out.submission_count, 1);
    cr_expect_str_eq (out.submissions[0].submitter, "BAPPEDA");
    cr_expect_eq (out.submissions[0].kind, SCORE_KIND_VERIFIED);
    cr_expect_eq (out.submissions[0].score_centi[1], 9050);
    codec_reply_clear (&out);
}

/*  SERVER_STATUS and AUDIT_LIST: the filters, the status and the rows.  */
Test (codec, status_and_audit_round_trip)
{
    memset (&s_in, 0, sizeof s_in);
    s_in.version = 1;
    s_in.kind = REQUEST_ADMIN;
    admin_t *a = &s_in.admin;
    admin_init (a, ADMIN_AUDIT_LIST);
    a->since_us = 1764580442123456LL;
    a->limit = 250;
    text_copy (a->action, ADMIN_ACTION_MAX, &a->action_len, "period-close", 12);
    text_copy (a->opd, OPD_CODE_MAX, &a->opd_len, "DINKES", 6);
    size_t size;
    uint8_t *bytes = codec_request_encode (&s_in, &size);
    problems_t problems;
    problems_init (&problems);
    cr_assert (codec_request_decode (bytes, size, &s_out, &problems));
    free (bytes);
    cr_expect_eq (s_out.admin.op, ADMIN_AUDIT_LIST);
    cr_expect_eq (s_out.admin.since_us, 1764580442123456LL);
    cr_expect_eq (s_out.admin.limit, 250);
    cr_expect_str_eq (s_out.admin.action, "period-close");
    cr_expect_eq (s_out.admin.action_len, 12);
    cr_expect_str_eq (s_out.admin.opd, "DINKES");

    static reply_t in, out;
    memset (&in, 0, sizeof in);
    in.kind = REPLY_ADMIN_RESULT;
    in.has_server_status = true;
    in.server_status = (server_status_t) { "rapord 0.1.0", 1, 12, 3605, 7, true,
                                           1764580442000001LL, 4, 17 };
    audit_entry_t rows[2] = {
        { .id = 9, .at_us = 5, .public_key = "k", .opd = "DINKES", .role = "opd",
          .action = "submit", .outcome = "accepted", .detail = "self opd=DINKES", .count = 1 },
        { .id = 8, .action = "connect", .outcome = "refused", .reason = "key_unknown",
          .count = 300, .first_at_us = 1, .last_at_us = 2 },
    };
    in.audit = rows;
    in.audit_count = 2;
    bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_assert (out.has_server_status);
    cr_expect_str_eq (out.server_status.server_version, "rapord 0.1.0");
    cr_expect_eq (out.server_status.schema_version, 12);
    cr_expect_eq (out.server_status.uptime_s, 3605);
    cr_expect_eq (out.server_status.connections, 7);
    cr_expect (out.server_status.connections_known);
    cr_expect_eq (out.server_status.last_commit_at_us, 1764580442000001LL);
    cr_expect_eq (out.server_status.last_commit_submissions, 4);
    cr_expect_eq (out.server_status.last_seq, 17);
    cr_assert_eq (out.audit_count, 2);
    cr_expect_str_eq (out.audit[0].detail, "self opd=DINKES");
    cr_expect_eq (out.audit[0].id, 9);
    cr_expect_str_eq (out.audit[1].reason, "key_unknown");
    cr_expect_eq (out.audit[1].count, 300);
    cr_expect_eq (out.audit[1].last_at_us, 2);
    codec_reply_clear (&out);

    /*  Other results carry no status.  */
    memset (&in, 0, sizeof in);
    in.kind = REPLY_ADMIN_RESULT;
    bytes = codec_reply_encode (&in, &size);
    cr_assert (codec_reply_decode (bytes, size, &out));
    free (bytes);
    cr_expect_not (out.has_server_status);
    cr_expect_eq (out.audit_count, 0);
    codec_reply_clear (&out);
}

/*  OPD_IMPORT: every row survives, and codec_request_clear frees them.  */
Test (codec, opd_import_round_trip)
{
    memset (&s_in, 0, sizeof s_in);
    s_in.version = 1;
    s_in.kind = REQUEST_ADMIN;
    admin_t *a = &s_in.admin;
    admin_init (a, ADMIN_OPD_IMPORT);
    text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, "INSPEKTORAT", 11);
    static admin_opd_t rows[3];
    const char *codes[] = { "DINKES", "KEC_LICIN", "X\0Y" };
    const char *names[] = { "Dinas Kesehatan", "Kecamatan Licin", "nul" };
    for (int i = 0; i < 3; i++) {
        text_copy (rows[i].code, OPD_CODE_MAX, &rows[i].code_len, codes[i], i == 2 ? 3 : strlen (codes[i]));
        text_copy (rows[i].name, ADMIN_NAME_MAX_BYTES, &rows[i].name_len, names[i], strlen (names[i]));
        text_copy (rows[i].kind, ADMIN_KIND_MAX, &rows[i].kind_len, "dinas", 5);
    }
    rows[1].assesses[0] = 2;
    rows[1].assesses[1] = 5;
    rows[1].assess_count = rows[1].assess_carried = 2;
    a->imports = rows;
    a->import_count = a->import_carried = 3;
    size_t size;
    uint8_t *bytes = codec_request_encode (&s_in, &size);
    cr_assert_not_null (bytes);
    problems_t problems;
    problems_init (&problems);
    cr_assert (codec_request_decode (bytes, size, &s_out, &problems));
    free (bytes);
    cr_assert_eq (s_out.admin.import_count, 3);
    cr_expect_eq (s_out.admin.import_carried, 3);
    cr_expect_str_eq (s_out.admin.imports[1].code, "KEC_LICIN");
    cr_expect_str_eq (s_out.admin.imports[0].name, "Dinas Kesehatan");
    cr_expect_eq (s_out.admin.imports[2].code_len, 3, "the NUL is seen, not cut");
    cr_expect_eq (s_out.admin.imports[0].assess_count, 0);
    cr_assert_eq (s_out.admin.imports[1].assess_count, 2);
    cr_expect_eq (s_out.admin.imports[1].assess_carried, 2);
    cr_expect_eq (s_out.admin.imports[1].assesses[0], 2);
    cr_expect_eq (s_out.admin.imports[1].assesses[1], 5);
    problems_init (&problems);
    cr_expect_not (admin_validate (&s_out.admin, &problems));
    cr_expect_str_eq (problems.items[0].field, "opds[2].code");
    codec_request_clear (&s_out);
    cr_expect_null (s_out.admin.imports);
    codec_request_clear (&s_out);
}

Test (codec, snapshot_request_round_trip)
{
    memset (&s_in, 0, sizeof s_in);
    s_in.version = 1;
    s_in.kind = REQUEST_SNAPSHOT;
    text_copy (s_in.snapshot_period, PERIOD_FIELD_MAX, &s_in.snapshot_period_len, "2024-Q3", 7);
    s_in.snapshot_seq = 77;
    size_t size;
    uint8_t *bytes = codec_request_encode (&s_in, &size);
    problems_t problems;
    problems_init (&problems);
    cr_assert (codec_request_decode (bytes, size, &s_out, &problems));
    free (bytes);
    cr_expect_eq (s_out.kind, REQUEST_SNAPSHOT);
    cr_expect_str_eq (s_out.snapshot_period, "2024-Q3");
    cr_expect_eq (s_out.snapshot_seq, 77);
}
