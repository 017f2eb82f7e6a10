/*  The codec: round trips, and what happens to bytes that are not ours.  */
#include "codec.h"
#include "pbw.h"

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
