/*  admin.c: stateless checks for inspectorate operations.  */
#include "admin.h"
#include "i18n.h"
#include "period.h"
#include "score.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

static const char *s_names[ADMIN_OP_COUNT] = {
    "none", "period-open", "period-close", "period-reopen", "period-finalize",
    "weights", "rules", "assessor", "opd-list", "opd-add", "opd-deactivate",
    "tpp", "submissions", "standings", "key-add", "key-revoke", "key-list",
    "missing", "verify", "objection-file", "objection-list", "objection-answer",
    "status", "audit", "opd-import"
};

/*  The same list as the CHECK on opds.kind in sql/001_init.sql.  */
static const char *s_kinds[] = {
    "dinas", "badan", "bagian", "kecamatan", "sekretariat", "inspektorat",
    "satuan", "rumah_sakit", "kantor", NULL
};

void
admin_init (admin_t *self, admin_op_t op)
{
    memset (self, 0, sizeof *self);
    self->op = op;
}

const char *
admin_op_name (uint32_t op)
{
    return op < ADMIN_OP_COUNT ? s_names[op] : "unknown";
}

bool
admin_op_reads_only (uint32_t op)
{
    return op == ADMIN_OPD_LIST || op == ADMIN_LIST_SUBMISSIONS || op == ADMIN_STANDINGS
        || op == ADMIN_KEY_LIST || op == ADMIN_PERIOD_MISSING || op == ADMIN_PERIOD_VERIFY
        || op == ADMIN_OBJECTION_LIST || op == ADMIN_SERVER_STATUS || op == ADMIN_AUDIT_LIST;
}

bool
admin_reads_only (const admin_t *self)
{
    return admin_op_reads_only (self->op)
        || (self->op == ADMIN_PERIOD_FINALIZE && self->preview);
}

bool
admin_audited (const admin_t *self)
{
    return !admin_reads_only (self) || self->op == ADMIN_AUDIT_LIST;
}

bool
admin_opd_kind_known (const char *kind, size_t len)
{
    for (int i = 0; s_kinds[i]; i++)
        if (text_equals (kind, len, s_kinds[i]))
            return true;
    return false;
}

static bool
s_role_known (const char *role, size_t len)
{
    return text_equals (role, len, "opd") || text_equals (role, len, "assessor")
        || text_equals (role, len, "inspectorate") || text_equals (role, len, "dashboard");
}

/*  True if a problem from index `from` on already names this field.  */
static bool
s_reported (const problems_t *problems, size_t from, const char *field)
{
    for (size_t i = from; i < problems->count; i++)
        if (strcmp (problems->items[i].field, field) == 0)
            return true;
    return false;
}

/*  Every text field, whether the op uses it or not, must be UTF-8 without
    NUL and within its buffer: the server passes these bytes on as C
    strings (SQL parameters, logs), where a NUL would silently cut them.
    Fields the op checks itself were reported above; this catches the rest
    (an ignored field, an optional one such as OBJECTION_LIST's opd).  */
static void
s_check_clean (const admin_t *self, problems_t *problems, size_t from)
{
    bool objection = self->op == ADMIN_OBJECTION_FILE || self->op == ADMIN_OBJECTION_ANSWER;
    const struct {
        const char *field, *text, *code;
        size_t len, cap;
    } fields[] = {
        { "actor", self->actor, PROBLEM_ADMIN_INVALID, self->actor_len, OPD_CODE_MAX },
        { "period", self->period, PROBLEM_PERIOD_INVALID, self->period_len, PERIOD_FIELD_MAX },
        { "opd", self->opd, PROBLEM_OPD_INVALID, self->opd_len, OPD_CODE_MAX },
        { "name", self->name, PROBLEM_ADMIN_INVALID, self->name_len, ADMIN_NAME_MAX_BYTES },
        { "opd_kind", self->opd_kind, PROBLEM_ADMIN_INVALID, self->opd_kind_len, ADMIN_KIND_MAX },
        { "reason", self->reason, objection ? PROBLEM_OBJECTION_INVALID : PROBLEM_ADMIN_INVALID,
          self->reason_len, ADMIN_REASON_MAX_BYTES },
        { "public_key", self->public_key, PROBLEM_ADMIN_INVALID, self->public_key_len,
          ADMIN_KEY_LEN },
        { "role", self->role, PROBLEM_ADMIN_INVALID, self->role_len, ADMIN_ROLE_MAX },
        { "action", self->action, PROBLEM_ADMIN_INVALID, self->action_len, ADMIN_ACTION_MAX },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!text_is_clean (fields[i].text, fields[i].len, fields[i].cap)
        &&  !s_reported (problems, from, fields[i].field))
            problems_add (problems, fields[i].code, fields[i].field,
                          _("The %s must be UTF-8 text without NUL bytes, at most %zu bytes; "
                          "leave it empty if this operation does not use it."),
                          fields[i].field, fields[i].cap);
}

/*  True if the text is a Z85 CURVE key: 40 characters of the Z85 alphabet.  */
static bool
s_z85_key (const char *key, size_t len)
{
    static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    if (len != ADMIN_KEY_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!key[i] || !strchr (alphabet, key[i]))
            return false;
    return true;
}

static bool
s_needs_period (uint32_t op)
{
    return op != ADMIN_OPD_LIST && op != ADMIN_OPD_ADD && op != ADMIN_OPD_DEACTIVATE
        && op != ADMIN_KEY_ADD && op != ADMIN_KEY_REVOKE && op != ADMIN_KEY_LIST
        && op != ADMIN_SERVER_STATUS && op != ADMIN_AUDIT_LIST && op != ADMIN_OPD_IMPORT;
}

static bool
s_needs_opd (uint32_t op)
{
    return op == ADMIN_OPD_ADD || op == ADMIN_OPD_DEACTIVATE || op == ADMIN_SET_BASE_TPP
        || op == ADMIN_SET_ASSESSOR || op == ADMIN_KEY_ADD || op == ADMIN_OBJECTION_FILE;
}

/*  OPD_IMPORT's designations: components 1..COMPONENT_COUNT, each
    named by one row at most (a component has one default assessor).  */
static void
s_check_assesses (const admin_t *self, size_t i, problems_t *problems)
{
    const admin_opd_t *row = &self->imports[i];
    char field[PROBLEM_FIELD_MAX];
    snprintf (field, sizeof field, "opds[%zu].assesses", i);
    if (row->assess_carried > COMPONENT_COUNT || row->assess_count != row->assess_carried) {
        problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                      _("An OPD assesses at most the %d components; this row names %zu."),
                      COMPONENT_COUNT, row->assess_carried);
        return;
    }
    for (size_t k = 0; k < row->assess_count; k++) {
        uint32_t c = row->assesses[k];
        if (c < 1 || c > COMPONENT_COUNT) {
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("Component %u does not exist; they are numbered 1 to %d."), c,
                          COMPONENT_COUNT);
            return;
        }
        /*  Earlier in this row, or in an earlier row.  */
        for (size_t j = 0; j <= i; j++) {
            const admin_opd_t *other = &self->imports[j];
            size_t upto = j == i ? k : other->assess_count;
            for (size_t m = 0; m < upto && m < COMPONENT_COUNT; m++)
                if (other->assesses[m] == c) {
                    problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                                  _("%s is assessed by one OPD only; it is named twice (also "
                                  "by OPD %zu of the list)."), component_code (c), j + 1);
                    return;
                }
        }
    }
}

/*  OPD_IMPORT: each row as OPD_ADD checks one, and no code twice. The
    fields are "opds[i].code" and so on, i counting from 0, so a client
    can name the line the row came from.  */
static void
s_check_imports (const admin_t *self, problems_t *problems)
{
    if (self->import_carried == 0 || self->import_carried > ADMIN_IMPORT_MAX
    ||  self->import_count != self->import_carried) {
        problems_add (problems, PROBLEM_ADMIN_INVALID, "import",
                      _("An import holds 1 to %d OPDs; this one holds %zu."), ADMIN_IMPORT_MAX,
                      self->import_carried);
        return;
    }
    for (size_t i = 0; i < self->import_count; i++) {
        const admin_opd_t *row = &self->imports[i];
        char field[PROBLEM_FIELD_MAX];
        snprintf (field, sizeof field, "opds[%zu].code", i);
        if (!text_is_opd_code (row->code, row->code_len))
            problems_add (problems, PROBLEM_OPD_INVALID, field,
                          _("The OPD code must be 2 to %d characters of A-Z, 0-9 or _."),
                          OPD_CODE_MAX);
        else
            for (size_t j = 0; j < i; j++)
                if (text_equals (self->imports[j].code, self->imports[j].code_len, row->code)
                &&  row->code_len == strlen (row->code)) {
                    problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                                  _("%s is listed twice (also as OPD %zu of the list)."),
                                  row->code, j + 1);
                    break;
                }
        snprintf (field, sizeof field, "opds[%zu].name", i);
        if (!text_is_line (row->name, row->name_len, RANKING_NAME_MAX)
        ||  row->name_len > ADMIN_NAME_MAX_BYTES)
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("The OPD name must be 1 to %d characters of UTF-8 text."),
                          RANKING_NAME_MAX);
        snprintf (field, sizeof field, "opds[%zu].kind", i);
        if (!admin_opd_kind_known (row->kind, row->kind_len))
            problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                          _("The kind must be dinas, badan, bagian, kecamatan, sekretariat, "
                          "inspektorat, satuan, rumah_sakit or kantor."));
        s_check_assesses (self, i, problems);
    }
}

bool
admin_validate (const admin_t *self, problems_t *problems)
{
    size_t before = problems->count + problems->dropped;
    size_t first = problems->count;
    uint32_t op = self->op;
    if (op == ADMIN_NONE || op >= ADMIN_OP_COUNT) {
        problems_add (problems, PROBLEM_UNKNOWN_REQUEST, "op",
                      _("Admin operation %u is not known to this server."), op);
        return false;
    }
    if (!text_is_opd_code (self->actor, self->actor_len))
        problems_add (problems, PROBLEM_ADMIN_INVALID, "actor",
                      _("Say who acts: the actor must be an OPD code like INSPEKTORAT."));
    period_t period;
    if (s_needs_period (op) && (self->period_len > PERIOD_FIELD_MAX
        || !period_parse (self->period, self->period_len, &period)))
        problems_add (problems, PROBLEM_PERIOD_INVALID, "period",
                      _("The period must be written like 2024-Q3."));
    if ((s_needs_opd (op) || ((op == ADMIN_LIST_SUBMISSIONS || op == ADMIN_AUDIT_LIST)
                              && self->opd_len))
    && !text_is_opd_code (self->opd, self->opd_len))
        problems_add (problems, PROBLEM_OPD_INVALID, "opd",
                      _("The OPD code must be 2 to %d characters of A-Z, 0-9 or _."), OPD_CODE_MAX);
    switch (op) {
        case ADMIN_PERIOD_FINALIZE:
            if (self->force && (!text_is_line (self->reason, self->reason_len,
                                               ADMIN_REASON_MAX_CHARS)
                                || self->reason_len > ADMIN_REASON_MAX_BYTES))
                problems_add (problems, PROBLEM_ADMIN_INVALID, "reason",
                              _("Finalizing an incomplete quarter needs a reason of 1 to %d "
                              "characters; it is printed on every copy of the result."),
                              ADMIN_REASON_MAX_CHARS);
            break;
        case ADMIN_OBJECTION_FILE:
            if (!component_by_id (self->component))
                problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, "component",
                              _("Component %u does not exist; use 1 to %d."), self->component,
                              COMPONENT_COUNT);
            if (!text_is_line (self->reason, self->reason_len, OBJECTION_REASON_MAX_CHARS)
            ||  self->reason_len > OBJECTION_REASON_MAX_BYTES)
                problems_add (problems, PROBLEM_OBJECTION_INVALID, "reason",
                              _("Say why the score is wrong, in 1 to %d characters."),
                              OBJECTION_REASON_MAX_CHARS);
            break;
        case ADMIN_OBJECTION_ANSWER:
            if (self->objection_id == 0)
                problems_add (problems, PROBLEM_OBJECTION_INVALID, "objection_id",
                              _("Name the objection by its number, as 'objections' lists it."));
            if (self->accept && (self->score_centi < SCORE_MIN
                                 || self->score_centi > SCORE_MAX))
                problems_add (problems, PROBLEM_SCORE_OUT_OF_RANGE, "score_centi",
                              _("Accepting an objection needs the corrected score, 0.00 to 100.00."));
            if ((!self->accept || self->reason_len)
            && (!text_is_line (self->reason, self->reason_len, OBJECTION_REASON_MAX_CHARS)
                || self->reason_len > OBJECTION_REASON_MAX_BYTES))
                problems_add (problems, PROBLEM_OBJECTION_INVALID, "reason",
                              _("Rejecting an objection needs a reason of 1 to %d characters."),
                              OBJECTION_REASON_MAX_CHARS);
            break;
        case ADMIN_PERIOD_REOPEN:
            if (!text_is_line (self->reason, self->reason_len, ADMIN_REASON_MAX_CHARS)
            ||  self->reason_len > ADMIN_REASON_MAX_BYTES)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "reason",
                              _("Reopening needs a reason of 1 to %d characters."),
                              ADMIN_REASON_MAX_CHARS);
            break;
        case ADMIN_SET_WEIGHTS:
            if (self->weight_count != COMPONENT_COUNT)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "weights",
                              _("Give exactly %d weights, one per component, in component order."),
                              COMPONENT_COUNT);
            else
                for (int i = 0; i < COMPONENT_COUNT; i++)
                    if (self->weights[i] < 1 || self->weights[i] > RANKING_WEIGHT_MAX) {
                        char field[PROBLEM_FIELD_MAX];
                        snprintf (field, sizeof field, "weights[%d]", i);
                        problems_add (problems, PROBLEM_ADMIN_INVALID, field,
                                      _("The weight of %s must be a whole number from 1 to %d."),
                                      component_at ((size_t) i)->code, RANKING_WEIGHT_MAX);
                    }
            break;
        case ADMIN_SET_RULES:
            if (self->reward_n > ADMIN_RULE_N_MAX)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "reward_n",
                              _("N must be from 0 to %d."), ADMIN_RULE_N_MAX);
            if (self->reward_pct > ADMIN_PCT_MAX)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "reward_pct",
                              _("The reward must be from 0 to %d percent."), ADMIN_PCT_MAX);
            if (self->punish_pct > ADMIN_PCT_MAX)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "punish_pct",
                              _("The cut must be from 0 to %d percent."), ADMIN_PCT_MAX);
            break;
        case ADMIN_SET_ASSESSOR:
            if (!component_by_id (self->component))
                problems_add (problems, PROBLEM_COMPONENT_UNKNOWN, "component",
                              _("Component %u does not exist; use 1 to %d."), self->component,
                              COMPONENT_COUNT);
            break;
        case ADMIN_OPD_ADD:
            if (!text_is_line (self->name, self->name_len, RANKING_NAME_MAX)
            ||  self->name_len > ADMIN_NAME_MAX_BYTES)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "name",
                              _("The OPD name must be 1 to %d characters of UTF-8 text."),
                              RANKING_NAME_MAX);
            if (!admin_opd_kind_known (self->opd_kind, self->opd_kind_len))
                problems_add (problems, PROBLEM_ADMIN_INVALID, "opd_kind",
                              _("The kind must be dinas, badan, bagian, kecamatan, sekretariat, "
                              "inspektorat, satuan, rumah_sakit or kantor."));
            break;
        case ADMIN_KEY_ADD:
        case ADMIN_KEY_REVOKE:
            if (!s_z85_key (self->public_key, self->public_key_len))
                problems_add (problems, PROBLEM_ADMIN_INVALID, "public_key",
                              _("The public key must be the 40-character Z85 text of a CURVE "
                              "key, as rapor-admin keygen writes it."));
            if (op == ADMIN_KEY_ADD && !s_role_known (self->role, self->role_len))
                problems_add (problems, PROBLEM_ADMIN_INVALID, "role",
                              _("The role must be opd, assessor, inspectorate or dashboard."));
            if (op == ADMIN_KEY_ADD && self->name_len
            && (!text_is_line (self->name, self->name_len, RANKING_NAME_MAX)
                || self->name_len > ADMIN_NAME_MAX_BYTES))
                problems_add (problems, PROBLEM_ADMIN_INVALID, "name",
                              _("The key's label must be 1 to %d characters of UTF-8 text."),
                              RANKING_NAME_MAX);
            break;
        case ADMIN_OPD_IMPORT:
            s_check_imports (self, problems);
            break;
        case ADMIN_AUDIT_LIST:
            if (self->limit > ADMIN_AUDIT_MAX)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "limit",
                              _("Ask for at most %d audit rows (0 means %d)."), ADMIN_AUDIT_MAX,
                              ADMIN_AUDIT_DEFAULT);
            if (self->since_us < 0)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "since_us",
                              _("The start time must be 0 (any) or microseconds since 1970 UTC."));
            break;
        case ADMIN_SET_BASE_TPP:
            if (self->amount < 0 || self->amount > RANKING_BASE_TPP_MAX)
                problems_add (problems, PROBLEM_ADMIN_INVALID, "amount",
                              _("The base TPP must be whole rupiah from 0 to %lld."),
                              (long long) RANKING_BASE_TPP_MAX);
            break;
        default:
            break;
    }
    s_check_clean (self, problems, first);
    return problems->count + problems->dropped == before;
}
