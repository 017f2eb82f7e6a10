/*  codec.c: protobuf-c <-> Rapor structs. See codec.h for the contract.  */
#include "codec.h"
#include "i18n.h"
#include "text.h"
#include "period.h"
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
    submission_set_submitter (out, (const char *) in->submitter.data, in->submitter.len);
    out->kind = (uint32_t) in->kind;
    for (size_t i = 0; i < in->n_scores; i++) {
        const Rapor__ComponentScore *s = in->scores[i];
        submission_add_score (out, s->component, s->score_centi,
                              (const char *) s->evidence.data, s->evidence.len);
    }
}

static void
s_copy_admin (const Rapor__Admin *in, admin_t *out)
{
    admin_init (out, (admin_op_t) in->op);
    out->op = (uint32_t) in->op;
    text_copy (out->actor, OPD_CODE_MAX, &out->actor_len, (const char *) in->actor.data, in->actor.len);
    text_copy (out->period, PERIOD_FIELD_MAX, &out->period_len, (const char *) in->period.data, in->period.len);
    text_copy (out->opd, OPD_CODE_MAX, &out->opd_len, (const char *) in->opd.data, in->opd.len);
    text_copy (out->name, ADMIN_NAME_MAX_BYTES, &out->name_len, (const char *) in->name.data, in->name.len);
    text_copy (out->opd_kind, ADMIN_KIND_MAX, &out->opd_kind_len, (const char *) in->opd_kind.data,
               in->opd_kind.len);
    text_copy (out->reason, ADMIN_REASON_MAX_BYTES, &out->reason_len, (const char *) in->reason.data,
               in->reason.len);
    out->weight_count = in->n_weights;
    for (size_t i = 0; i < in->n_weights && i < COMPONENT_COUNT; i++)
        out->weights[i] = in->weights[i];
    out->reward_n = in->reward_n;
    out->reward_pct = in->reward_pct;
    out->punish_pct = in->punish_pct;
    out->component = in->component;
    out->amount = in->amount;
    text_copy (out->public_key, ADMIN_KEY_LEN, &out->public_key_len,
               (const char *) in->public_key.data, in->public_key.len);
    text_copy (out->role, ADMIN_ROLE_MAX, &out->role_len, (const char *) in->role.data, in->role.len);
    out->force = in->force;
    out->preview = in->preview;
    out->score_centi = in->score_centi;
    out->objection_id = in->objection_id;
    out->accept = in->accept;
    out->since_us = in->since_us;
    text_copy (out->action, ADMIN_ACTION_MAX, &out->action_len, (const char *) in->action.data,
               in->action.len);
    out->limit = in->limit;
    /*  At most ADMIN_IMPORT_MAX rows are kept; admin_validate refuses a
        request that carried more. A failed allocation keeps none, which
        admin_validate refuses the same way.  */
    out->import_carried = in->n_opd_rows;
    size_t keep = in->n_opd_rows <= ADMIN_IMPORT_MAX ? in->n_opd_rows : 0;
    out->imports = keep ? calloc (keep, sizeof *out->imports) : NULL;
    out->import_count = out->imports ? keep : 0;
    for (size_t i = 0; i < out->import_count; i++) {
        const Rapor__OpdRow *r = in->opd_rows[i];
        admin_opd_t *o = &out->imports[i];
        text_copy (o->code, OPD_CODE_MAX, &o->code_len, (const char *) r->code.data, r->code.len);
        text_copy (o->name, ADMIN_NAME_MAX_BYTES, &o->name_len, (const char *) r->name.data,
                   r->name.len);
        text_copy (o->kind, ADMIN_KIND_MAX, &o->kind_len, (const char *) r->kind.data,
                   r->kind.len);
        /*  More than there are components is kept out; admin_validate
            refuses it by assess_carried.  */
        o->assess_carried = r->n_assesses;
        o->assess_count = r->n_assesses <= COMPONENT_COUNT ? r->n_assesses : 0;
        for (size_t k = 0; k < o->assess_count; k++)
            o->assesses[k] = r->assesses[k];
    }
}

void
codec_request_clear (request_t *request)
{
    free (request->admin.imports);
    request->admin.imports = NULL;
    request->admin.import_count = 0;
}

bool
codec_request_decode (const uint8_t *data, size_t size, request_t *request,
                      problems_t *problems)
{
    memset (request, 0, sizeof *request);
    Rapor__Request *msg = rapor__request__unpack (NULL, size, data);
    if (!msg) {
        problems_add (problems, PROBLEM_MALFORMED, "message",
                      _("The message is not a valid Rapor request; "
                      "check that the client speaks protocol version %d."),
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
        case RAPOR__REQUEST__BODY_ADMIN:
            request->kind = REQUEST_ADMIN;
            s_copy_admin (msg->admin, &request->admin);
            break;
        case RAPOR__REQUEST__BODY_SNAPSHOT:
            request->kind = REQUEST_SNAPSHOT;
            text_copy (request->snapshot_period, PERIOD_FIELD_MAX, &request->snapshot_period_len,
                       (const char *) msg->snapshot->period.data, msg->snapshot->period.len);
            request->snapshot_seq = msg->snapshot->seq;
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
    Rapor__Admin admin = RAPOR__ADMIN__INIT;
    Rapor__SnapshotRequest snapshot = RAPOR__SNAPSHOT_REQUEST__INIT;
    Rapor__ComponentScore scores[SUBMISSION_MAX_SCORES];
    Rapor__ComponentScore *score_ptrs[SUBMISSION_MAX_SCORES];
    Rapor__OpdRow *rows = NULL, **row_ptrs = NULL;
    uint8_t *packed = NULL;

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
        submit.submitter.data = (uint8_t *) s->submitter;
        submit.submitter.len = s->submitter_len <= OPD_CODE_MAX ? s->submitter_len : OPD_CODE_MAX;
        submit.kind = (Rapor__ScoreKind) s->kind;
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
    else
    if (request->kind == REQUEST_ADMIN) {
        const admin_t *a = &request->admin;
        admin.op = (Rapor__AdminOp) a->op;
#define TEXT(field, cap) \
        admin.field.data = (uint8_t *) a->field; \
        admin.field.len = a->field##_len <= (cap) ? a->field##_len : (cap)
        TEXT (actor, OPD_CODE_MAX);
        TEXT (period, PERIOD_FIELD_MAX);
        TEXT (opd, OPD_CODE_MAX);
        TEXT (name, ADMIN_NAME_MAX_BYTES);
        TEXT (opd_kind, ADMIN_KIND_MAX);
        TEXT (reason, ADMIN_REASON_MAX_BYTES);
        TEXT (public_key, ADMIN_KEY_LEN);
        TEXT (role, ADMIN_ROLE_MAX);
        TEXT (action, ADMIN_ACTION_MAX);
#undef TEXT
        admin.n_weights = a->weight_count <= COMPONENT_COUNT ? a->weight_count : COMPONENT_COUNT;
        admin.weights = (uint32_t *) a->weights;
        admin.reward_n = a->reward_n;
        admin.reward_pct = a->reward_pct;
        admin.punish_pct = a->punish_pct;
        admin.component = a->component;
        admin.amount = a->amount;
        admin.force = a->force;
        admin.preview = a->preview;
        admin.score_centi = a->score_centi;
        admin.objection_id = a->objection_id;
        admin.accept = a->accept;
        admin.since_us = a->since_us;
        admin.limit = a->limit;
        if (a->import_count) {
            rows = calloc (a->import_count, sizeof *rows);
            row_ptrs = calloc (a->import_count, sizeof *row_ptrs);
            if (!rows || !row_ptrs)
                goto out;
            for (size_t i = 0; i < a->import_count; i++) {
                const admin_opd_t *o = &a->imports[i];
                rapor__opd_row__init (&rows[i]);
                rows[i].code.data = (uint8_t *) o->code;
                rows[i].code.len = o->code_len <= OPD_CODE_MAX ? o->code_len : OPD_CODE_MAX;
                rows[i].name.data = (uint8_t *) o->name;
                rows[i].name.len = o->name_len <= ADMIN_NAME_MAX_BYTES ? o->name_len
                                                                         : ADMIN_NAME_MAX_BYTES;
                rows[i].kind.data = (uint8_t *) o->kind;
                rows[i].kind.len = o->kind_len <= ADMIN_KIND_MAX ? o->kind_len : ADMIN_KIND_MAX;
                rows[i].n_assesses = o->assess_count <= COMPONENT_COUNT ? o->assess_count
                                                                         : COMPONENT_COUNT;
                rows[i].assesses = (uint32_t *) o->assesses;
                row_ptrs[i] = &rows[i];
            }
            admin.n_opd_rows = a->import_count;
            admin.opd_rows = row_ptrs;
        }
        msg.body_case = RAPOR__REQUEST__BODY_ADMIN;
        msg.admin = &admin;
    }
    else
    if (request->kind == REQUEST_SNAPSHOT) {
        snapshot.period.data = (uint8_t *) request->snapshot_period;
        snapshot.period.len = request->snapshot_period_len <= PERIOD_FIELD_MAX
                            ? request->snapshot_period_len : PERIOD_FIELD_MAX;
        snapshot.seq = request->snapshot_seq;
        msg.body_case = RAPOR__REQUEST__BODY_SNAPSHOT;
        msg.snapshot = &snapshot;
    }
    packed = s_pack (&msg.base, size);
out:
    free (rows);
    free (row_ptrs);
    return packed;
}

/*  Protobuf views of objections: borrowed strings, one allocated array
    of messages and one of pointers. NULL only if out of memory.  */
static Rapor__Objection **
s_objections_to_pb (const objection_t *list, size_t count, Rapor__Objection **storage)
{
    *storage = calloc (count + 1, sizeof **storage);
    Rapor__Objection **ptrs = calloc (count + 1, sizeof *ptrs);
    if (!*storage || !ptrs) {
        free (*storage);
        free (ptrs);
        *storage = NULL;
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        const objection_t *o = &list[i];
        Rapor__Objection *m = &(*storage)[i];
        rapor__objection__init (m);
        m->id = o->id;
        m->opd = (char *) o->opd;
        m->component = o->component;
        m->disputed_centi = o->disputed_centi;
        m->reason = (char *) o->reason;
        m->filed_by = (char *) o->filed_by;
        m->filed_at_us = o->filed_at_us;
        m->status = (char *) o->status;
        m->answer = (char *) o->answer;
        m->corrected_centi = o->corrected_centi;
        m->answered_by = (char *) o->answered_by;
        m->answered_at_us = o->answered_at_us;
        ptrs[i] = m;
    }
    return ptrs;
}

static void s_copy_string (char *dest, size_t cap, const char *src);

/*  Copies decoded objections into a new array; NULL if out of memory.  */
static objection_t *
s_objections_from_pb (Rapor__Objection *const *in, size_t count)
{
    objection_t *out = calloc (count + 1, sizeof *out);
    for (size_t i = 0; out && i < count; i++) {
        const Rapor__Objection *m = in[i];
        objection_t *o = &out[i];
        o->id = m->id;
        s_copy_string (o->opd, sizeof o->opd, m->opd);
        o->component = m->component;
        o->disputed_centi = m->disputed_centi;
        s_copy_string (o->reason, sizeof o->reason, m->reason);
        s_copy_string (o->filed_by, sizeof o->filed_by, m->filed_by);
        o->filed_at_us = m->filed_at_us;
        s_copy_string (o->status, sizeof o->status, m->status);
        s_copy_string (o->answer, sizeof o->answer, m->answer);
        o->corrected_centi = m->corrected_centi;
        s_copy_string (o->answered_by, sizeof o->answered_by, m->answered_by);
        o->answered_at_us = m->answered_at_us;
    }
    return out;
}

/*  Protobuf views of a ranking_t. They borrow the ranking's memory; only
    the arrays of structs and pointers are allocated here.  */
typedef struct {
    Rapor__Ranking msg;
    Rapor__RankingEntry *entries;
    Rapor__RankingEntry **entry_ptrs;
    char **best;
    char **worst;
    Rapor__Objection *objections;
    Rapor__Objection **objection_ptrs;
} ranking_pb_t;

static void
s_ranking_pb_free (ranking_pb_t *pb)
{
    free (pb->entries);
    free (pb->entry_ptrs);
    free (pb->best);
    free (pb->worst);
    free (pb->objections);
    free (pb->objection_ptrs);
}

static bool
s_ranking_to_pb (const ranking_t *r, ranking_pb_t *pb)
{
    memset (pb, 0, sizeof *pb);
    rapor__ranking__init (&pb->msg);
    size_t n = r->count;
    pb->entries = calloc (n ? n : 1, sizeof *pb->entries);
    pb->entry_ptrs = calloc (n ? n : 1, sizeof *pb->entry_ptrs);
    pb->best = calloc (n ? n : 1, sizeof *pb->best);
    pb->worst = calloc (n ? n : 1, sizeof *pb->worst);
    pb->objection_ptrs = s_objections_to_pb (r->objections, r->objection_count, &pb->objections);
    if (!pb->entries || !pb->entry_ptrs || !pb->best || !pb->worst || !pb->objection_ptrs) {
        s_ranking_pb_free (pb);
        return false;
    }
    Rapor__Ranking *m = &pb->msg;
    m->period = (char *) r->period;
    m->revision = r->revision;
    m->seq = r->seq;
    m->finalized_at_us = r->finalized_at_us;
    m->finalized_by = (char *) r->finalized_by;
    m->n_weights = COMPONENT_COUNT;
    m->weights = (uint32_t *) r->rules.weights;
    m->reward_n = r->rules.reward_n;
    m->reward_pct = r->rules.reward_pct;
    m->punish_pct = r->rules.punish_pct;
    m->provisional = r->provisional;
    m->preview = r->preview;
    m->force_reason = (char *) r->force_reason;
    m->digest = (char *) r->digest;
    m->n_objections = r->objection_count;
    m->objections = pb->objection_ptrs;
    for (size_t i = 0; i < n; i++) {
        const ranking_entry_t *e = &r->entries[i];
        Rapor__RankingEntry *pe = &pb->entries[i];
        rapor__ranking_entry__init (pe);
        pe->rank = e->rank;
        pe->opd = (char *) e->code;
        pe->name = (char *) e->name;
        pe->n_verified = COMPONENT_COUNT;
        pe->verified = (int32_t *) e->verified;
        pe->n_self = COMPONENT_COUNT;
        pe->self = (int32_t *) e->self;
        pe->total_centi = e->total_centi;
        pe->tpp_pct = e->tpp_pct;
        pe->tpp_rupiah_known = e->base_tpp != RANKING_NO_TPP;
        pe->tpp_rupiah = pe->tpp_rupiah_known ? e->tpp_rupiah : 0;
        pe->base_tpp = pe->tpp_rupiah_known ? e->base_tpp : 0;
        pe->incomplete = e->incomplete;
        pe->best = e->best;
        pe->worst = e->worst;
        pb->entry_ptrs[i] = pe;
        if (e->best)
            pb->best[m->n_best++] = (char *) e->code;
        if (e->worst)
            pb->worst[m->n_worst++] = (char *) e->code;
    }
    m->n_entries = n;
    m->entries = pb->entry_ptrs;
    m->best = pb->best;
    m->worst = pb->worst;
    return true;
}

/*  Copies a decoded Ranking; NULL if malformed or out of memory.  */
static ranking_t *
s_ranking_from_pb (const Rapor__Ranking *m)
{
    if (!m || m->n_weights != COMPONENT_COUNT)
        return NULL;
    ranking_t *r = ranking_new (m->n_entries);
    if (!r)
        return NULL;
    snprintf (r->period, sizeof r->period, "%s", m->period);
    r->revision = m->revision;
    r->seq = m->seq;
    r->finalized_at_us = m->finalized_at_us;
    snprintf (r->finalized_by, sizeof r->finalized_by, "%s", m->finalized_by);
    r->provisional = m->provisional;
    r->preview = m->preview;
    s_copy_string (r->force_reason, sizeof r->force_reason, m->force_reason);
    s_copy_string (r->digest, sizeof r->digest, m->digest);
    if (m->n_objections) {
        r->objections = s_objections_from_pb (m->objections, m->n_objections);
        if (!r->objections) {
            ranking_destroy (&r);
            return NULL;
        }
        r->objection_count = m->n_objections;
    }
    for (int c = 0; c < COMPONENT_COUNT; c++)
        r->rules.weights[c] = m->weights[c];
    r->rules.reward_n = m->reward_n;
    r->rules.reward_pct = m->reward_pct;
    r->rules.punish_pct = m->punish_pct;
    for (size_t i = 0; i < m->n_entries; i++) {
        const Rapor__RankingEntry *pe = m->entries[i];
        ranking_entry_t *e = &r->entries[i];
        if (pe->n_verified != COMPONENT_COUNT || pe->n_self != COMPONENT_COUNT) {
            ranking_destroy (&r);
            return NULL;
        }
        e->rank = pe->rank;
        snprintf (e->code, sizeof e->code, "%s", pe->opd);
        snprintf (e->name, sizeof e->name, "%s", pe->name);
        memcpy (e->verified, pe->verified, sizeof e->verified);
        memcpy (e->self, pe->self, sizeof e->self);
        e->total_centi = pe->total_centi;
        e->tpp_pct = pe->tpp_pct;
        e->base_tpp = pe->tpp_rupiah_known ? pe->base_tpp : RANKING_NO_TPP;
        e->tpp_rupiah = pe->tpp_rupiah;
        e->incomplete = pe->incomplete;
        e->best = pe->best;
        e->worst = pe->worst;
    }
    return r;
}

/*  Borrows: the message points into `in`.  */
static void
s_status_to_pb (const server_status_t *in, Rapor__ServerStatus *out)
{
    out->server_version = (char *) in->server_version;
    out->protocol_version = in->protocol_version;
    out->schema_version = in->schema_version;
    out->uptime_s = in->uptime_s;
    out->connections = in->connections;
    out->connections_known = in->connections_known;
    out->last_commit_at_us = in->last_commit_at_us;
    out->last_commit_submissions = in->last_commit_submissions;
    out->last_seq = in->last_seq;
}

static void
s_status_from_pb (const Rapor__ServerStatus *in, server_status_t *out)
{
    snprintf (out->server_version, sizeof out->server_version, "%s",
              in->server_version ? in->server_version : "");
    out->protocol_version = in->protocol_version;
    out->schema_version = in->schema_version;
    out->uptime_s = in->uptime_s;
    out->connections = in->connections;
    out->connections_known = in->connections_known;
    out->last_commit_at_us = in->last_commit_at_us;
    out->last_commit_submissions = in->last_commit_submissions;
    out->last_seq = in->last_seq;
}

/*  Borrows: each row points into `in`.  */
static void
s_audit_to_pb (const audit_entry_t *in, size_t count, Rapor__AuditRow *rows,
               Rapor__AuditRow **ptrs)
{
    for (size_t i = 0; i < count; i++) {
        const audit_entry_t *e = &in[i];
        Rapor__AuditRow *r = &rows[i];
        rapor__audit_row__init (r);
        r->id = e->id;
        r->at_us = e->at_us;
        r->public_key = (char *) e->public_key;
        r->opd = (char *) e->opd;
        r->role = (char *) e->role;
        r->action = (char *) e->action;
        r->outcome = (char *) e->outcome;
        r->reason = (char *) e->reason;
        r->detail = (char *) e->detail;
        r->count = e->count;
        r->first_at_us = e->first_at_us;
        r->last_at_us = e->last_at_us;
        ptrs[i] = r;
    }
}

static void s_copy_string (char *dest, size_t cap, const char *src);

/*  A new array of `count` rows (+1, so never NULL for 0); NULL on out of memory.  */
static audit_entry_t *
s_audit_from_pb (Rapor__AuditRow **in, size_t count)
{
    audit_entry_t *out = calloc (count + 1, sizeof *out);
    for (size_t i = 0; out && i < count; i++) {
        const Rapor__AuditRow *r = in[i];
        audit_entry_t *e = &out[i];
        e->id = r->id;
        e->at_us = r->at_us;
        s_copy_string (e->public_key, sizeof e->public_key, r->public_key);
        s_copy_string (e->opd, sizeof e->opd, r->opd);
        s_copy_string (e->role, sizeof e->role, r->role);
        s_copy_string (e->action, sizeof e->action, r->action);
        s_copy_string (e->outcome, sizeof e->outcome, r->outcome);
        s_copy_string (e->reason, sizeof e->reason, r->reason);
        s_copy_string (e->detail, sizeof e->detail, r->detail);
        e->count = r->count;
        e->first_at_us = r->first_at_us;
        e->last_at_us = r->last_at_us;
    }
    return out;
}

uint8_t *
codec_reply_encode (const reply_t *reply, size_t *size)
{
    Rapor__Reply msg = RAPOR__REPLY__INIT;
    Rapor__Receipt receipt = RAPOR__RECEIPT__INIT;
    Rapor__Rejection rejection = RAPOR__REJECTION__INIT;
    Rapor__Unavailable unavailable = RAPOR__UNAVAILABLE__INIT;
    Rapor__Pong pong = RAPOR__PONG__INIT;
    Rapor__AdminResult result = RAPOR__ADMIN_RESULT__INIT;
    Rapor__Problem problems[PROBLEM_MAX];
    Rapor__Problem *problem_ptrs[PROBLEM_MAX];
    ranking_pb_t ranking_pb;
    bool have_ranking = false;
    Rapor__OpdInfo *opds = NULL, **opd_ptrs = NULL;
    Rapor__SubmissionInfo *subs = NULL, **sub_ptrs = NULL;
    Rapor__KeyInfo *keys = NULL, **key_ptrs = NULL;
    Rapor__ComponentScore *sub_scores = NULL, **sub_score_ptrs = NULL;
    Rapor__MissingScore *missing = NULL, **missing_ptrs = NULL;
    Rapor__Objection *objections = NULL, **objection_ptrs = NULL;
    Rapor__ServerStatus server_status = RAPOR__SERVER_STATUS__INIT;
    Rapor__AuditRow *audit = NULL, **audit_ptrs = NULL;
    uint8_t *packed = NULL;

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
        case REPLY_RANKING:
            if (!reply->ranking || !s_ranking_to_pb (reply->ranking, &ranking_pb))
                goto out;
            have_ranking = true;
            msg.body_case = RAPOR__REPLY__BODY_RANKING;
            msg.ranking = &ranking_pb.msg;
            break;
        case REPLY_ADMIN_RESULT: {
            result.summary = (char *) reply->summary;
            size_t no = reply->opd_count, ns = reply->submission_count;
            opds = calloc (no + 1, sizeof *opds);
            opd_ptrs = calloc (no + 1, sizeof *opd_ptrs);
            subs = calloc (ns + 1, sizeof *subs);
            sub_ptrs = calloc (ns + 1, sizeof *sub_ptrs);
            sub_scores = calloc (ns * COMPONENT_COUNT + 1, sizeof *sub_scores);
            sub_score_ptrs = calloc (ns * COMPONENT_COUNT + 1, sizeof *sub_score_ptrs);
            keys = calloc (reply->key_count + 1, sizeof *keys);
            key_ptrs = calloc (reply->key_count + 1, sizeof *key_ptrs);
            missing = calloc (reply->missing_count + 1, sizeof *missing);
            missing_ptrs = calloc (reply->missing_count + 1, sizeof *missing_ptrs);
            objection_ptrs = s_objections_to_pb (reply->objections, reply->objection_count,
                                                 &objections);
            audit = calloc (reply->audit_count + 1, sizeof *audit);
            audit_ptrs = calloc (reply->audit_count + 1, sizeof *audit_ptrs);
            if (!opds || !opd_ptrs || !subs || !sub_ptrs || !sub_scores || !sub_score_ptrs
            ||  !keys || !key_ptrs || !missing || !missing_ptrs || !objection_ptrs
            ||  !audit || !audit_ptrs)
                goto out;
            s_audit_to_pb (reply->audit, reply->audit_count, audit, audit_ptrs);
            result.n_audit = reply->audit_count;
            result.audit = audit_ptrs;
            if (reply->has_server_status) {
                s_status_to_pb (&reply->server_status, &server_status);
                result.server_status = &server_status;
            }
            for (size_t i = 0; i < reply->missing_count; i++) {
                rapor__missing_score__init (&missing[i]);
                missing[i].opd = (char *) reply->missing[i].opd;
                missing[i].component = reply->missing[i].component;
                missing[i].assessor = (char *) reply->missing[i].assessor;
                missing_ptrs[i] = &missing[i];
            }
            result.n_missing = reply->missing_count;
            result.missing = missing_ptrs;
            result.missing_total = reply->missing_total;
            result.n_objections = reply->objection_count;
            result.objections = objection_ptrs;
            result.open_objections = reply->open_objections;
            for (size_t i = 0; i < reply->key_count; i++) {
                const key_info_t *k = &reply->keys[i];
                rapor__key_info__init (&keys[i]);
                keys[i].public_key = (char *) k->public_key;
                keys[i].opd = (char *) k->opd;
                keys[i].role = (char *) k->role;
                keys[i].label = (char *) k->label;
                keys[i].revoked = k->revoked;
                key_ptrs[i] = &keys[i];
            }
            result.n_keys = reply->key_count;
            result.keys = key_ptrs;
            for (size_t i = 0; i < no; i++) {
                rapor__opd_info__init (&opds[i]);
                opds[i].code = (char *) reply->opds[i].code;
                opds[i].name = (char *) reply->opds[i].name;
                opds[i].kind = (char *) reply->opds[i].kind;
                opds[i].active = reply->opds[i].active;
                opd_ptrs[i] = &opds[i];
            }
            for (size_t i = 0; i < ns; i++) {
                const submission_info_t *si = &reply->submissions[i];
                rapor__submission_info__init (&subs[i]);
                subs[i].submission_id.data = (uint8_t *) si->id;
                subs[i].submission_id.len = SUBMISSION_ID_LEN;
                subs[i].opd = (char *) si->opd;
                subs[i].submitter = (char *) si->submitter;
                subs[i].kind = (Rapor__ScoreKind) si->kind;
                subs[i].stored_at_us = si->stored_at_us;
                size_t held = si->score_count <= COMPONENT_COUNT ? si->score_count : COMPONENT_COUNT;
                for (size_t k = 0; k < held; k++) {
                    Rapor__ComponentScore *cs = &sub_scores[i * COMPONENT_COUNT + k];
                    rapor__component_score__init (cs);
                    cs->component = si->component[k];
                    cs->score_centi = si->score_centi[k];
                    sub_score_ptrs[i * COMPONENT_COUNT + k] = cs;
                }
                subs[i].n_scores = held;
                subs[i].scores = &sub_score_ptrs[i * COMPONENT_COUNT];
                sub_ptrs[i] = &subs[i];
            }
            result.n_opds = no;
            result.opds = opd_ptrs;
            result.n_submissions = ns;
            result.submissions = sub_ptrs;
            if (reply->ranking) {
                if (!s_ranking_to_pb (reply->ranking, &ranking_pb))
                    goto out;
                have_ranking = true;
                result.ranking = &ranking_pb.msg;
            }
            msg.body_case = RAPOR__REPLY__BODY_ADMIN_RESULT;
            msg.admin_result = &result;
            break;
        }
        case REPLY_NONE:
            break;
    }
    packed = s_pack (&msg.base, size);
out:
    if (have_ranking)
        s_ranking_pb_free (&ranking_pb);
    free (opds);
    free (opd_ptrs);
    free (subs);
    free (sub_ptrs);
    free (sub_scores);
    free (sub_score_ptrs);
    free (keys);
    free (key_ptrs);
    free (missing);
    free (missing_ptrs);
    free (objections);
    free (objection_ptrs);
    free (audit);
    free (audit_ptrs);
    return packed;
}

static void
s_copy_string (char *dest, size_t cap, const char *src)
{
    snprintf (dest, cap, "%s", src ? src : "");
}

static bool
s_copy_admin_result (const Rapor__AdminResult *in, reply_t *reply)
{
    s_copy_string (reply->summary, sizeof reply->summary, in->summary);
    reply->opds = calloc (in->n_opds + 1, sizeof *reply->opds);
    reply->submissions = calloc (in->n_submissions + 1, sizeof *reply->submissions);
    if (!reply->opds || !reply->submissions)
        return false;
    reply->opd_count = in->n_opds;
    for (size_t i = 0; i < in->n_opds; i++) {
        opd_info_t *o = &reply->opds[i];
        s_copy_string (o->code, sizeof o->code, in->opds[i]->code);
        s_copy_string (o->name, sizeof o->name, in->opds[i]->name);
        s_copy_string (o->kind, sizeof o->kind, in->opds[i]->kind);
        o->active = in->opds[i]->active;
    }
    reply->submission_count = in->n_submissions;
    for (size_t i = 0; i < in->n_submissions; i++) {
        const Rapor__SubmissionInfo *si = in->submissions[i];
        submission_info_t *o = &reply->submissions[i];
        if (si->submission_id.len == SUBMISSION_ID_LEN)
            memcpy (o->id, si->submission_id.data, SUBMISSION_ID_LEN);
        s_copy_string (o->opd, sizeof o->opd, si->opd);
        s_copy_string (o->submitter, sizeof o->submitter, si->submitter);
        o->kind = (uint32_t) si->kind;
        o->stored_at_us = si->stored_at_us;
        o->score_count = si->n_scores <= COMPONENT_COUNT ? si->n_scores : COMPONENT_COUNT;
        for (size_t k = 0; k < o->score_count; k++) {
            o->component[k] = si->scores[k]->component;
            o->score_centi[k] = si->scores[k]->score_centi;
        }
    }
    reply->keys = calloc (in->n_keys + 1, sizeof *reply->keys);
    if (!reply->keys)
        return false;
    reply->key_count = in->n_keys;
    for (size_t i = 0; i < in->n_keys; i++) {
        key_info_t *k = &reply->keys[i];
        s_copy_string (k->public_key, sizeof k->public_key, in->keys[i]->public_key);
        s_copy_string (k->opd, sizeof k->opd, in->keys[i]->opd);
        s_copy_string (k->role, sizeof k->role, in->keys[i]->role);
        s_copy_string (k->label, sizeof k->label, in->keys[i]->label);
        k->revoked = in->keys[i]->revoked;
    }
    reply->missing = calloc (in->n_missing + 1, sizeof *reply->missing);
    reply->objections = s_objections_from_pb (in->objections, in->n_objections);
    if (!reply->missing || !reply->objections)
        return false;
    reply->missing_count = in->n_missing;
    for (size_t i = 0; i < in->n_missing; i++) {
        missing_score_t *m = &reply->missing[i];
        s_copy_string (m->opd, sizeof m->opd, in->missing[i]->opd);
        m->component = in->missing[i]->component;
        s_copy_string (m->assessor, sizeof m->assessor, in->missing[i]->assessor);
    }
    reply->missing_total = in->missing_total;
    reply->objection_count = in->n_objections;
    reply->open_objections = in->open_objections;
    if (in->server_status) {
        reply->has_server_status = true;
        s_status_from_pb (in->server_status, &reply->server_status);
    }
    reply->audit = s_audit_from_pb (in->audit, in->n_audit);
    if (!reply->audit)
        return false;
    reply->audit_count = in->n_audit;
    if (in->ranking) {
        reply->ranking = s_ranking_from_pb (in->ranking);
        if (!reply->ranking)
            return false;
    }
    return true;
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
        case RAPOR__REPLY__BODY_RANKING:
            reply->kind = REPLY_RANKING;
            reply->ranking = s_ranking_from_pb (msg->ranking);
            ok = reply->ranking != NULL;
            break;
        case RAPOR__REPLY__BODY_ADMIN_RESULT:
            reply->kind = REPLY_ADMIN_RESULT;
            ok = s_copy_admin_result (msg->admin_result, reply);
            break;
        default:
            ok = false;
            break;
    }
    rapor__reply__free_unpacked (msg, NULL);
    if (!ok)
        codec_reply_clear (reply);
    return ok;
}

void
codec_reply_clear (reply_t *reply)
{
    free (reply->opds);
    free (reply->submissions);
    free (reply->keys);
    free (reply->missing);
    free (reply->objections);
    free (reply->audit);
    ranking_destroy (&reply->ranking);
    memset (reply, 0, sizeof *reply);
}

uint8_t *
codec_broadcast_encode (const broadcast_t *broadcast, size_t *size)
{
    Rapor__Broadcast msg = RAPOR__BROADCAST__INIT;
    Rapor__Heartbeat heartbeat = RAPOR__HEARTBEAT__INIT;
    Rapor__PeriodStatus status = RAPOR__PERIOD_STATUS__INIT;
    ranking_pb_t pb;
    bool have_ranking = false;
    msg.seq = broadcast->seq;
    if (broadcast->kind == BROADCAST_RANKING) {
        if (!broadcast->ranking || !s_ranking_to_pb (broadcast->ranking, &pb))
            return NULL;
        have_ranking = true;
        msg.body_case = RAPOR__BROADCAST__BODY_RANKING;
        msg.ranking = &pb.msg;
    }
    else
    if (broadcast->kind == BROADCAST_HEARTBEAT) {
        heartbeat.sent_at_us = broadcast->sent_at_us;
        heartbeat.interval_ms = broadcast->interval_ms;
        msg.body_case = RAPOR__BROADCAST__BODY_HEARTBEAT;
        msg.heartbeat = &heartbeat;
    }
    else
    if (broadcast->kind == BROADCAST_PERIOD_STATUS) {
        /*  protobuf-c only reads these strings; the casts drop a const it lacks.  */
        status.period = (char *) broadcast->status.period;
        status.status = (char *) broadcast->status.status;
        status.complete = broadcast->status.complete;
        status.opds = broadcast->status.opds;
        status.open_objections = broadcast->status.open_objections;
        status.changed_at_us = broadcast->status.changed_at_us;
        msg.body_case = RAPOR__BROADCAST__BODY_PERIOD_STATUS;
        msg.period_status = &status;
    }
    uint8_t *packed = s_pack (&msg.base, size);
    if (have_ranking)
        s_ranking_pb_free (&pb);
    return packed;
}

bool
codec_broadcast_decode (const uint8_t *data, size_t size, broadcast_t *broadcast)
{
    memset (broadcast, 0, sizeof *broadcast);
    Rapor__Broadcast *msg = rapor__broadcast__unpack (NULL, size, data);
    if (!msg)
        return false;
    bool ok = true;
    broadcast->seq = msg->seq;
    if (msg->body_case == RAPOR__BROADCAST__BODY_RANKING) {
        broadcast->kind = BROADCAST_RANKING;
        broadcast->ranking = s_ranking_from_pb (msg->ranking);
        ok = broadcast->ranking != NULL;
    }
    else
    if (msg->body_case == RAPOR__BROADCAST__BODY_HEARTBEAT) {
        broadcast->kind = BROADCAST_HEARTBEAT;
        broadcast->sent_at_us = msg->heartbeat->sent_at_us;
        broadcast->interval_ms = msg->heartbeat->interval_ms;
    }
    else
    if (msg->body_case == RAPOR__BROADCAST__BODY_PERIOD_STATUS) {
        const Rapor__PeriodStatus *st = msg->period_status;
        period_status_t *out = &broadcast->status;
        broadcast->kind = BROADCAST_PERIOD_STATUS;
        /*  Only what fits and is a period code; anything else is not ours.  */
        period_t parsed;
        ok = st->period && st->status && strlen (st->period) <= PERIOD_FIELD_MAX
          && period_parse (st->period, strlen (st->period), &parsed)
          && strlen (st->status) <= PERIOD_STATUS_MAX;
        if (ok) {
            snprintf (out->period, sizeof out->period, "%s", st->period);
            snprintf (out->status, sizeof out->status, "%s", st->status);
            out->complete = st->complete;
            out->opds = st->opds;
            out->open_objections = st->open_objections;
            out->changed_at_us = st->changed_at_us;
        }
    }
    else
        broadcast->kind = BROADCAST_NONE;   /*  a newer kind: skipped, not an error  */
    rapor__broadcast__free_unpacked (msg, NULL);
    return ok;
}
