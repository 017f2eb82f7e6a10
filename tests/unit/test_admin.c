/*  The stateless rules of admin operations, table-driven.  */
#include "admin.h"
#include "text.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

typedef enum {
    A_OK_OPEN, A_OK_WEIGHTS, A_OK_RULES, A_OK_ADD, A_OK_TPP, A_OK_LIST, A_OK_REOPEN,
    A_NO_ACTOR, A_BAD_PERIOD, A_REOPEN_NO_REASON, A_WEIGHTS_FIVE, A_WEIGHT_ZERO,
    A_WEIGHT_HUGE, A_RULES_PCT, A_ASSESSOR_COMPONENT, A_ADD_KIND, A_ADD_NAME, A_TPP_NEGATIVE,
    A_UNKNOWN_OP, A_TPP_NO_OPD
} admin_case_t;

typedef struct { admin_case_t which; char code[PROBLEM_CODE_MAX]; char field[PROBLEM_FIELD_MAX]; } case_t;

static void
s_build (admin_t *a, admin_case_t which)
{
    admin_op_t op = which == A_OK_WEIGHTS || which == A_WEIGHTS_FIVE || which == A_WEIGHT_ZERO
                 || which == A_WEIGHT_HUGE ? ADMIN_SET_WEIGHTS
                  : which == A_OK_RULES || which == A_RULES_PCT ? ADMIN_SET_RULES
                  : which == A_OK_ADD || which == A_ADD_KIND || which == A_ADD_NAME ? ADMIN_OPD_ADD
                  : which == A_OK_TPP || which == A_TPP_NEGATIVE || which == A_TPP_NO_OPD ? ADMIN_SET_BASE_TPP
                  : which == A_OK_LIST ? ADMIN_OPD_LIST
                  : which == A_OK_REOPEN || which == A_REOPEN_NO_REASON ? ADMIN_PERIOD_REOPEN
                  : which == A_ASSESSOR_COMPONENT ? ADMIN_SET_ASSESSOR
                  : ADMIN_PERIOD_OPEN;
    admin_init (a, op);
    if (which == A_UNKNOWN_OP)
        a->op = 99;
    if (which != A_NO_ACTOR)
        text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, "INSPEKTORAT", 11);
    text_copy (a->period, PERIOD_FIELD_MAX, &a->period_len,
               which == A_BAD_PERIOD ? "2024Q3" : "2024-Q3", which == A_BAD_PERIOD ? 6 : 7);
    if (which != A_TPP_NO_OPD)
        text_copy (a->opd, OPD_CODE_MAX, &a->opd_len, "DINKES", 6);
    a->weight_count = which == A_WEIGHTS_FIVE ? 5 : 6;
    for (int c = 0; c < 6; c++)
        a->weights[c] = 1;
    if (which == A_WEIGHT_ZERO)
        a->weights[2] = 0;
    if (which == A_WEIGHT_HUGE)
        a->weights[2] = 1001;
    a->reward_n = 5;
    a->reward_pct = 15;
    a->punish_pct = which == A_RULES_PCT ? 101 : 15;
    a->component = which == A_ASSESSOR_COMPONENT ? 7 : 1;
    text_copy (a->opd_kind, ADMIN_KIND_MAX, &a->opd_kind_len, which == A_ADD_KIND ? "dept" : "dinas",
               which == A_ADD_KIND ? 4 : 5);
    if (which != A_ADD_NAME)
        text_copy (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, "Dinas Baru", 10);
    if (which != A_REOPEN_NO_REASON)
        text_copy (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, "banjir", 6);
    a->amount = which == A_TPP_NEGATIVE ? -1 : 1000;
}

ParameterizedTestParameters (admin, validate)
{
    static case_t cases[] = {
        { A_OK_OPEN, "", "" }, { A_OK_WEIGHTS, "", "" }, { A_OK_RULES, "", "" },
        { A_OK_ADD, "", "" }, { A_OK_TPP, "", "" }, { A_OK_LIST, "", "" }, { A_OK_REOPEN, "", "" },
        { A_NO_ACTOR, PROBLEM_ADMIN_INVALID, "actor" },
        { A_BAD_PERIOD, PROBLEM_PERIOD_INVALID, "period" },
        { A_REOPEN_NO_REASON, PROBLEM_ADMIN_INVALID, "reason" },
        { A_WEIGHTS_FIVE, PROBLEM_ADMIN_INVALID, "weights" },
        { A_WEIGHT_ZERO, PROBLEM_ADMIN_INVALID, "weights[2]" },
        { A_WEIGHT_HUGE, PROBLEM_ADMIN_INVALID, "weights[2]" },
        { A_RULES_PCT, PROBLEM_ADMIN_INVALID, "punish_pct" },
        { A_ASSESSOR_COMPONENT, PROBLEM_COMPONENT_UNKNOWN, "component" },
        { A_ADD_KIND, PROBLEM_ADMIN_INVALID, "opd_kind" },
        { A_ADD_NAME, PROBLEM_ADMIN_INVALID, "name" },
        { A_TPP_NEGATIVE, PROBLEM_ADMIN_INVALID, "amount" },
        { A_UNKNOWN_OP, PROBLEM_UNKNOWN_REQUEST, "op" },
        { A_TPP_NO_OPD, PROBLEM_OPD_INVALID, "opd" },
    };
    return cr_make_param_array (case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (case_t *c, admin, validate)
{
    static admin_t a;
    s_build (&a, c->which);
    problems_t problems;
    problems_init (&problems);
    bool ok = admin_validate (&a, &problems);
    if (!c->code[0]) {
        cr_expect (ok, "case %d: %s", c->which, problems.items[0].message);
        return;
    }
    cr_assert_not (ok, "case %d passed", c->which);
    cr_assert_eq (problems.count, 1, "case %d: %zu problems (%s)", c->which, problems.count,
                  problems.items[0].field);
    cr_expect_str_eq (problems.items[0].code, c->code);
    cr_expect_str_eq (problems.items[0].field, c->field);
}

/*  Every admin text field, with a NUL inside, a trailing NUL and invalid
    UTF-8: each is refused with the field's documented code, whether the op
    uses the field or ignores it. Before, role and opd_kind were compared
    with strcmp on the copied buffer, so "opd\0inspectorate" passed as opd.  */
typedef struct {
    admin_op_t op;
    char field[16];
    char bytes[48];
    size_t len;
    char code[PROBLEM_CODE_MAX];
} dirty_t;

#define KEY40 "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"

static void
s_set (admin_t *a, const char *field, const char *bytes, size_t len)
{
    if (strcmp (field, "actor") == 0)
        text_copy (a->actor, OPD_CODE_MAX, &a->actor_len, bytes, len);
    else if (strcmp (field, "period") == 0)
        text_copy (a->period, PERIOD_FIELD_MAX, &a->period_len, bytes, len);
    else if (strcmp (field, "opd") == 0)
        text_copy (a->opd, OPD_CODE_MAX, &a->opd_len, bytes, len);
    else if (strcmp (field, "name") == 0)
        text_copy (a->name, ADMIN_NAME_MAX_BYTES, &a->name_len, bytes, len);
    else if (strcmp (field, "opd_kind") == 0)
        text_copy (a->opd_kind, ADMIN_KIND_MAX, &a->opd_kind_len, bytes, len);
    else if (strcmp (field, "reason") == 0)
        text_copy (a->reason, ADMIN_REASON_MAX_BYTES, &a->reason_len, bytes, len);
    else if (strcmp (field, "public_key") == 0)
        text_copy (a->public_key, ADMIN_KEY_LEN, &a->public_key_len, bytes, len);
    else if (strcmp (field, "role") == 0)
        text_copy (a->role, ADMIN_ROLE_MAX, &a->role_len, bytes, len);
    else if (strcmp (field, "action") == 0)
        text_copy (a->action, ADMIN_ACTION_MAX, &a->action_len, bytes, len);
    else
        cr_assert_fail ("no field %s", field);
}

/*  A request of `op` that passes: every text field set to a clean value.  */
static void
s_clean (admin_t *a, admin_op_t op)
{
    admin_init (a, op);
    s_set (a, "actor", "INSPEKTORAT", 11);
    s_set (a, "period", "2024-Q3", 7);
    s_set (a, "opd", "DINKES", 6);
    s_set (a, "name", "Dinas Baru", 10);
    s_set (a, "opd_kind", "dinas", 5);
    s_set (a, "reason", "banjir", 6);
    s_set (a, "public_key", KEY40, 40);
    s_set (a, "role", "opd", 3);
    s_set (a, "action", "submit", 6);
    a->component = 1;
}

#define D(op, field, text, code) { op, field, text, sizeof text - 1, code }

ParameterizedTestParameters (admin, dirty_text)
{
    static dirty_t cases[] = {
        /*  KEY_ADD: role, public_key, name (the key's label), opd, actor  */
        D (ADMIN_KEY_ADD, "role", "opd\0inspectorate", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "role", "dashboard\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "role", "opd\xff", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "public_key", "rq:rM>}U?@Lns47E1%kR\0o@n%FcmmsL/@{H8]yf7",
           PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "public_key", KEY40 "\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "public_key", "rq:rM>}U?@Lns47E1%kR\xc3o@n%FcmmsL/@{H8]yf7",
           PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "name", "Kunci\0Dua", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "name", "Kunci\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "name", "Kunci \xc3\x28", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_ADD, "opd", "DINKES\0X", PROBLEM_OPD_INVALID),
        D (ADMIN_KEY_ADD, "opd", "DINKES\0", PROBLEM_OPD_INVALID),
        D (ADMIN_KEY_ADD, "opd", "DIN\xe2\x82KES", PROBLEM_OPD_INVALID),
        /*  OPD_ADD: opd_kind, name  */
        D (ADMIN_OPD_ADD, "opd_kind", "dinas\0x", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OPD_ADD, "opd_kind", "dinas\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OPD_ADD, "opd_kind", "dinas\xed\xa0\x80", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OPD_ADD, "name", "Dinas\0Baru", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OPD_ADD, "name", "Dinas Baru\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OPD_ADD, "name", "Dinas \xc0\xaf", PROBLEM_ADMIN_INVALID),
        /*  actor, period on a period operation  */
        D (ADMIN_PERIOD_OPEN, "actor", "INSPEK\0TORAT", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_OPEN, "actor", "INSPEKTORAT\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_OPEN, "actor", "INSPEKTORA\xff", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_OPEN, "period", "2024\0Q3", PROBLEM_PERIOD_INVALID),
        D (ADMIN_PERIOD_OPEN, "period", "2024-Q3\0", PROBLEM_PERIOD_INVALID),
        D (ADMIN_PERIOD_OPEN, "period", "2024-Q\xb3", PROBLEM_PERIOD_INVALID),
        /*  reasons: admin_invalid, or objection_invalid for objections  */
        D (ADMIN_PERIOD_REOPEN, "reason", "banjir\0besar", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_REOPEN, "reason", "banjir\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_REOPEN, "reason", "banjir \xf5\x80\x80\x80", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OBJECTION_FILE, "reason", "salah\0hitung", PROBLEM_OBJECTION_INVALID),
        D (ADMIN_OBJECTION_FILE, "reason", "salah\0", PROBLEM_OBJECTION_INVALID),
        D (ADMIN_OBJECTION_FILE, "reason", "salah \x80", PROBLEM_OBJECTION_INVALID),
        /*  fields the op ignores are still refused, not cut and passed on  */
        D (ADMIN_OPD_LIST, "period", "2024-Q3\0", PROBLEM_PERIOD_INVALID),
        D (ADMIN_KEY_REVOKE, "role", "opd\0inspectorate", PROBLEM_ADMIN_INVALID),
        D (ADMIN_KEY_REVOKE, "opd_kind", "dinas\xff", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_OPEN, "name", "x\0", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_CLOSE, "reason", "a\0b", PROBLEM_ADMIN_INVALID),
        D (ADMIN_PERIOD_CLOSE, "public_key", "\xff", PROBLEM_ADMIN_INVALID),
        D (ADMIN_OBJECTION_LIST, "opd", "DINKES\0X", PROBLEM_OPD_INVALID),
        D (ADMIN_OBJECTION_LIST, "opd", "DINK\xc3", PROBLEM_OPD_INVALID),
        D (ADMIN_LIST_SUBMISSIONS, "opd", "DINKES\0", PROBLEM_OPD_INVALID),
        /*  AUDIT_LIST: its filters  */
        D (ADMIN_AUDIT_LIST, "action", "submit\0x", PROBLEM_ADMIN_INVALID),
        D (ADMIN_AUDIT_LIST, "action", "submit\xff", PROBLEM_ADMIN_INVALID),
        D (ADMIN_AUDIT_LIST, "action", "an-action-name-longer-than-31-bytes", PROBLEM_ADMIN_INVALID),
        D (ADMIN_AUDIT_LIST, "opd", "DINKES\0", PROBLEM_OPD_INVALID),
        D (ADMIN_SERVER_STATUS, "period", "2024-Q3\0", PROBLEM_PERIOD_INVALID),
    };
    return cr_make_param_array (dirty_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (dirty_t *c, admin, dirty_text)
{
    static admin_t a;
    s_clean (&a, c->op);
    problems_t problems;
    problems_init (&problems);
    cr_assert (admin_validate (&a, &problems), "%s clean: %s %s", admin_op_name (c->op),
               problems.items[0].field, problems.items[0].message);
    s_clean (&a, c->op);
    s_set (&a, c->field, c->bytes, c->len);
    problems_init (&problems);
    cr_assert_not (admin_validate (&a, &problems), "%s %s (%zu bytes) passed",
                   admin_op_name (c->op), c->field, c->len);
    cr_assert_eq (problems.count, 1, "%s %s: %zu problems", admin_op_name (c->op), c->field,
                  problems.count);
    cr_expect_str_eq (problems.items[0].code, c->code);
    cr_expect_str_eq (problems.items[0].field, c->field);
}

Test (admin, words_compare_by_length)
{
    cr_expect (admin_opd_kind_known ("dinas", 5));
    cr_expect_not (admin_opd_kind_known ("dinas\0x", 7));
    cr_expect_not (admin_opd_kind_known ("dina", 4));
    cr_expect (text_equals ("opd", 3, "opd"));
    cr_expect_not (text_equals ("opd\0inspectorate", 16, "opd"));
    cr_expect_not (text_equals ("op", 2, "opd"));
    cr_expect (text_is_clean ("", 0, 4));
    cr_expect_not (text_is_clean ("ab\0", 3, 4));
    cr_expect_not (text_is_clean ("abcde", 5, 4));
}

Test (admin, audit_list_limit_and_since_are_bounded)
{
    static admin_t a;
    s_clean (&a, ADMIN_AUDIT_LIST);
    problems_t problems;
    problems_init (&problems);
    a.limit = ADMIN_AUDIT_MAX;
    cr_expect (admin_validate (&a, &problems));
    a.limit = ADMIN_AUDIT_MAX + 1;
    cr_expect_not (admin_validate (&a, &problems));
    cr_expect_str_eq (problems.items[0].field, "limit");
    problems_init (&problems);
    a.limit = 0;
    a.since_us = -1;
    cr_expect_not (admin_validate (&a, &problems));
    cr_expect_str_eq (problems.items[0].field, "since_us");
    cr_expect (admin_audited (&a), "reading the audit log is audited");
    s_clean (&a, ADMIN_SERVER_STATUS);
    cr_expect (admin_op_reads_only (ADMIN_SERVER_STATUS));
    cr_expect_not (admin_audited (&a));
    cr_expect_str_eq (admin_op_name (ADMIN_SERVER_STATUS), "status");
    cr_expect_str_eq (admin_op_name (ADMIN_AUDIT_LIST), "audit");
}

Test (admin, opd_import_rows_are_checked_one_by_one)
{
    static admin_t a;
    static admin_opd_t rows[3];
    s_clean (&a, ADMIN_OPD_IMPORT);
    problems_t problems;
    problems_init (&problems);
    cr_expect_not (admin_validate (&a, &problems), "an empty import");
    cr_expect_str_eq (problems.items[0].field, "import");
    const char *codes[] = { "DINKES", "DINKES", "KEC_X" };
    const char *kinds[] = { "dinas", "dinas", "kecamatann" };
    for (int i = 0; i < 3; i++) {
        text_copy (rows[i].code, OPD_CODE_MAX, &rows[i].code_len, codes[i], strlen (codes[i]));
        text_copy (rows[i].name, ADMIN_NAME_MAX_BYTES, &rows[i].name_len, "Nama", 4);
        text_copy (rows[i].kind, ADMIN_KIND_MAX, &rows[i].kind_len, kinds[i], strlen (kinds[i]));
    }
    a.imports = rows;
    a.import_count = a.import_carried = 1;
    problems_init (&problems);
    cr_expect (admin_validate (&a, &problems));
    a.import_count = a.import_carried = 3;
    problems_init (&problems);
    cr_expect_not (admin_validate (&a, &problems));
    cr_assert_eq (problems.count, 2);
    cr_expect_str_eq (problems.items[0].field, "opds[1].code", "the second DINKES");
    cr_expect_str_eq (problems.items[1].field, "opds[2].kind");
    a.import_carried = ADMIN_IMPORT_MAX + 1;
    problems_init (&problems);
    cr_expect_not (admin_validate (&a, &problems));
    cr_expect_str_eq (problems.items[0].field, "import");
}

Test (admin, opd_import_designations_are_checked)
{
    static admin_t a;
    static admin_opd_t rows[2];
    s_clean (&a, ADMIN_OPD_IMPORT);
    const char *codes[] = { "BAPPEDA", "PBJ" };
    for (int i = 0; i < 2; i++) {
        text_copy (rows[i].code, OPD_CODE_MAX, &rows[i].code_len, codes[i], strlen (codes[i]));
        text_copy (rows[i].name, ADMIN_NAME_MAX_BYTES, &rows[i].name_len, "Nama", 4);
        text_copy (rows[i].kind, ADMIN_KIND_MAX, &rows[i].kind_len, "badan", 5);
    }
    a.imports = rows;
    a.import_count = a.import_carried = 2;
    rows[0].assesses[0] = 2;
    rows[0].assesses[1] = 5;
    rows[0].assess_count = rows[0].assess_carried = 2;
    rows[1].assesses[0] = 6;
    rows[1].assess_count = rows[1].assess_carried = 1;
    problems_t problems;
    problems_init (&problems);
    cr_expect (admin_validate (&a, &problems));
    /*  Component 7 does not exist; 5 is BAPPEDA's already; 6 twice in a row.  */
    const uint32_t wrong[][2] = { { 7, 0 }, { 5, 0 }, { 6, 6 } };
    for (int w = 0; w < 3; w++) {
        rows[1].assesses[0] = wrong[w][0];
        rows[1].assesses[1] = wrong[w][1];
        rows[1].assess_count = rows[1].assess_carried = wrong[w][1] ? 2 : 1;
        problems_init (&problems);
        cr_expect_not (admin_validate (&a, &problems), "case %d", w);
        cr_expect_str_eq (problems.items[0].field, "opds[1].assesses", "case %d", w);
    }
    rows[1].assess_count = 0;
    rows[1].assess_carried = COMPONENT_COUNT + 1;       /*  carried more than kept  */
    problems_init (&problems);
    cr_expect_not (admin_validate (&a, &problems));
    cr_expect_str_eq (problems.items[0].field, "opds[1].assesses");
}
