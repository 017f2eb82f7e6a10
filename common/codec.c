/*  codec.c: protobuf-c <-> Rapor structs. See codec.h for the contract.  */
#include "codec.h"
#include "rapor.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
s_copy_submit (const Rapor__Submit *in, submission_t *out)
{
    submission_init (out);
    size_t id_len = in->submission_id.len;
    if (id_len == SUBMISSION_ID_LEN)
        memcpy (out->id, in->submission_id.data, SUBMISSION_ID_LEN);
    out->id_len = id_len;
    submission_set_period (out, (const char *) in->period.data, in->period.len);
    submission_set_opd (out, (const char *) in->opd.data, in->opd.len);
    for (size_t i = 0; i < in->n_scores; i++) {
        const Rapor__ComponentScore *s = in->scores[i];
        submission_add_score (out, s->component, s->score_centi,
                              (const char *) s->evidence.data, s->evidence.len);
    }
}

bool
codec_request_decode (const uint8_t *data, size_t size, request_t *request,
                      problems_t *problems)
{
    memset (request, 0, sizeof *request);
    Rapor__Request *msg = rapor__request__unpack (NULL, size, data);
    if (!msg) {
        problems_add (problems, PROBLEM_MALFORMED, "message",
                      "The message is not a valid Rapor request; "
                      "check that the client speaks protocol version %d.",
                      PROTOCOL_VERSION);
        return false;
    }
    request->version = msg->version;
    request->request_id = msg->request_id;
    switch (msg->body_case) {
        case RAPOR__REQUEST__BODY_SUBMIT:
            request->kind = REQUEST_SUBMIT;
            s_copy_submit (msg->submit, &request->submit);
            break;
        case RAPOR__REQUEST__BODY_PING:
            request->kind = REQUEST_PING;
            break;
        default:
            request->kind = REQUEST_NONE;
            break;
    }
    rapor__request__free_unpacked (msg, NULL);
    return true;
}

/*  Packs any protobuf-c message into a fresh malloc'd buffer.  */
static uint8_t *
s_pack (const ProtobufCMessage *msg, size_t *size)
{
    size_t need = protobuf_c_message_get_packed_size (msg);
    uint8_t *buf = malloc (need ? need : 1);
    if (!buf)
        return NULL;
    *size = protobuf_c_message_pack (msg, buf);
    return buf;
}

uint8_t *
codec_request_encode (const request_t *request, size_t *size)
{
    Rapor__Request msg = RAPOR__REQUEST__INIT;
    Rapor__Submit submit = RAPOR__SUBMIT__INIT;
    Rapor__Ping ping = RAPOR__PING__INIT;
    Rapor__ComponentScore scores[SUBMISSION_MAX_SCORES];
    Rapor__ComponentScore *score_ptrs[SUBMISSION_MAX_SCORES];

    msg.version = request->version;
    msg.request_id = request->request_id;
    if (request->kind == REQUEST_SUBMIT) {
        const submission_t *s = &request->submit;
        submit.submission_id.data = (uint8_t *) s->id;
        submit.submission_id.len = s->id_len <= SUBMISSION_ID_LEN ? s->id_len : SUBMISSION_ID_LEN;
        submit.period.data = (uint8_t *) s->period;
        submit.period.len = s->period_len <= PERIOD_FIELD_MAX ? s->period_len : PERIOD_FIELD_MAX;
        submit.opd.data = (uint8_t *) s->opd;
        submit.opd.len = s->opd_len <= OPD_CODE_MAX ? s->opd_len : OPD_CODE_MAX;
        size_t held = submission_held (s);
        for (size_t i = 0; i < held; i++) {
            rapor__component_score__init (&scores[i]);
            scores[i].component = s->scores[i].component;
            scores[i].score_centi = s->scores[i].score_centi;
            size_t elen = s->scores[i].evidence_len;
            scores[i].evidence.data = (uint8_t *) s->scores[i].evidence;
            scores[i].evidence.len = elen <= EVIDENCE_MAX_BYTES ? elen : EVIDENCE_MAX_BYTES;
            score_ptrs[i] = &scores[i];
        }
        submit.n_scores = held;
        submit.scores = score_ptrs;
        msg.body_case = RAPOR__REQUEST__BODY_SUBMIT;
        msg.submit = &submit;
    }
    else
    if (request->kind == REQUEST_PING) {
        msg.body_case = RAPOR__REQUEST__BODY_PING;
        msg.ping = &ping;
    }
    return s_pack (&msg.base, size);
}

uint8_t *
codec_reply_encode (const reply_t *reply, size_t *size)
{
    Rapor__Reply msg = RAPOR__REPLY__INIT;
    Rapor__Receipt receipt = RAPOR__RECEIPT__INIT;
    Rapor__Rejection rejection = RAPOR__REJECTION__INIT;
    Rapor__Unavailable unavailable = RAPOR__UNAVAILABLE__INIT;
    Rapor__Pong pong = RAPOR__PONG__INIT;
    Rapor__Problem problems[PROBLEM_MAX];
    Rapor__Problem *problem_ptrs[PROBLEM_MAX];

    msg.version = reply->version;
    msg.request_id = reply->request_id;
    switch (reply->kind) {
        case REPLY_RECEIPT:
            receipt.submission_id.data = (uint8_t *) reply->receipt.submission_id;
            receipt.submission_id.len = SUBMISSION_ID_LEN;
            receipt.stored_at_us = reply->receipt.stored_at_us;
            receipt.score_count = reply->receipt.score_count;
            receipt.duplicate = reply->receipt.duplicate;
            msg.body_case = RAPOR__REPLY__BODY_RECEIPT;
            msg.receipt = &receipt;
            break;
        case REPLY_REJECTION:
            for (size_t i = 0; i < reply->problems.count; i++) {
                rapor__problem__init (&problems[i]);
                problems[i].code = (char *) reply->problems.items[i].code;
                problems[i].field = (char *) reply->problems.items[i].field;
                problems[i].message = (char *) reply->problems.items[i].message;
                problem_ptrs[i] = &problems[i];
            }
            rejection.n_problems = reply->problems.count;
            rejection.problems = problem_ptrs;
            msg.body_case = RAPOR__REPLY__BODY_REJECTION;
            msg.rejection = &rejection;
            break;
        case REPLY_UNAVAILABLE:
            unavailable.reason = (char *) reply->reason;
            unavailable.retry_after_ms = reply->retry_after_ms;
            msg.body_case = RAPOR__REPLY__BODY_UNAVAILABLE;
            msg.unavailable = &unavailable;
            break;
        case REPLY_PONG:
            pong.server_version = (char *) reply->server_version;
            msg.body_case = RAPOR__REPLY__BODY_PONG;
            msg.pong = &pong;
            break;
        case REPLY_NONE:
            break;
    }
    return s_pack (&msg.base, size);
}

static void
s_copy_string (char *dest, size_t cap, const char *src)
{
    snprintf (dest, cap, "%s", src ? src : "");
}

bool
codec_reply_decode (const uint8_t *data, size_t size, reply_t *reply)
{
    memset (reply, 0, sizeof *reply);
    Rapor__Reply *msg = rapor__reply__unpack (NULL, size, data);
    if (!msg)
        return false;
    bool ok = true;
    reply->version = msg->version;
    reply->request_id = msg->request_id;
    switch (msg->body_case) {
        case RAPOR__REPLY__BODY_RECEIPT:
            reply->kind = REPLY_RECEIPT;
            if (msg->receipt->submission_id.len == SUBMISSION_ID_LEN)
                memcpy (reply->receipt.submission_id, msg->receipt->submission_id.data,
                        SUBMISSION_ID_LEN);
            else
                ok = false;
            reply->receipt.stored_at_us = msg->receipt->stored_at_us;
            reply->receipt.score_count = msg->receipt->score_count;
            reply->receipt.duplicate = msg->receipt->duplicate;
            break;
        case RAPOR__REPLY__BODY_REJECTION:
            reply->kind = REPLY_REJECTION;
            problems_init (&reply->problems);
            for (size_t i = 0; i < msg->rejection->n_problems; i++) {
                const Rapor__Problem *p = msg->rejection->problems[i];
                problems_add (&reply->problems, p->code, p->field, "%s", p->message);
            }
            break;
        case RAPOR__REPLY__BODY_UNAVAILABLE:
            reply->kind = REPLY_UNAVAILABLE;
            s_copy_string (reply->reason, sizeof reply->reason, msg->unavailable->reason);
            reply->retry_after_ms = msg->unavailable->retry_after_ms;
            break;
        case RAPOR__REPLY__BODY_PONG:
            reply->kind = REPLY_PONG;
            s_copy_string (reply->server_version, sizeof reply->server_version,
                           msg->pong->server_version);
            break;
        default:
            ok = false;
            break;
    }
    rapor__reply__free_unpacked (msg, NULL);
    return ok;
}
