/*  admin.h: one inspectorate operation, as carried by the Admin request,
    and the stateless rules it must pass (the database decides the rest).  */
#ifndef RAPOR_ADMIN_H
#define RAPOR_ADMIN_H

#include "component.h"
#include "problem.h"
#include "ranking.h"
#include "submission.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*  Values match the wire's AdminOp.  */
typedef enum {
    ADMIN_NONE = 0,
    ADMIN_PERIOD_OPEN = 1,
    ADMIN_PERIOD_CLOSE = 2,
    ADMIN_PERIOD_REOPEN = 3,
    ADMIN_PERIOD_FINALIZE = 4,
    ADMIN_SET_WEIGHTS = 5,
    ADMIN_SET_RULES = 6,
    ADMIN_SET_ASSESSOR = 7,
    ADMIN_OPD_LIST = 8,
    ADMIN_OPD_ADD = 9,
    ADMIN_OPD_DEACTIVATE = 10,
    ADMIN_SET_BASE_TPP = 11,
    ADMIN_LIST_SUBMISSIONS = 12,
    ADMIN_STANDINGS = 13,
    ADMIN_KEY_ADD = 14,
    ADMIN_KEY_REVOKE = 15,
    ADMIN_KEY_LIST = 16,
    ADMIN_PERIOD_MISSING = 17,
    ADMIN_PERIOD_VERIFY = 18,
    ADMIN_OBJECTION_FILE = 19,
    ADMIN_OBJECTION_LIST = 20,
    ADMIN_OBJECTION_ANSWER = 21,
    ADMIN_SERVER_STATUS = 22,
    ADMIN_AUDIT_LIST = 23,
    ADMIN_OPD_IMPORT = 24,
    ADMIN_OP_COUNT
} admin_op_t;

#define ADMIN_REASON_MAX_CHARS 500
#define ADMIN_REASON_MAX_BYTES 2000
#define ADMIN_KIND_MAX 16
#define ADMIN_NAME_MAX_BYTES 800        /*  200 characters of UTF-8  */
#define ADMIN_RULE_N_MAX 1000
#define ADMIN_PCT_MAX 100
#define ADMIN_KEY_LEN 40                /*  Z85 CURVE public key  */
#define ADMIN_ROLE_MAX 16
#define ADMIN_ACTION_MAX 31             /*  an audit_log action: "objection-answer"  */
#define ADMIN_AUDIT_DEFAULT 100         /*  AUDIT_LIST rows when limit is 0  */
#define ADMIN_AUDIT_MAX 1000            /*  the most AUDIT_LIST returns  */
#define ADMIN_IMPORT_MAX 500            /*  OPDs per OPD_IMPORT  */

/*  One OPD to register (OPD_IMPORT), as carried.  */
typedef struct {
    char code[OPD_CODE_MAX + 1];
    size_t code_len;
    char name[ADMIN_NAME_MAX_BYTES + 1];
    size_t name_len;
    char kind[ADMIN_KIND_MAX + 1];
    size_t kind_len;
    /*  The components (ids 1..COMPONENT_COUNT) this OPD verifies by
        default, copied into every period opened from then on.  */
    uint32_t assesses[COMPONENT_COUNT];
    size_t assess_count;                /*  kept in assesses  */
    size_t assess_carried;              /*  as carried (may exceed COMPONENT_COUNT)  */
} admin_opd_t;

typedef struct {
    uint32_t op;                        /*  admin_op_t, as carried  */
    char actor[OPD_CODE_MAX + 1];
    size_t actor_len;
    char period[PERIOD_FIELD_MAX + 1];
    size_t period_len;
    char opd[OPD_CODE_MAX + 1];
    size_t opd_len;
    char name[ADMIN_NAME_MAX_BYTES + 1];
    size_t name_len;
    char opd_kind[ADMIN_KIND_MAX + 1];
    size_t opd_kind_len;
    char reason[ADMIN_REASON_MAX_BYTES + 1];
    size_t reason_len;
    size_t weight_count;                /*  as carried  */
    uint32_t weights[COMPONENT_COUNT];
    uint32_t reward_n, reward_pct, punish_pct;
    uint32_t component;
    int64_t amount;
    char public_key[ADMIN_KEY_LEN + 1];
    size_t public_key_len;
    char role[ADMIN_ROLE_MAX + 1];
    size_t role_len;
    bool force;                         /*  PERIOD_FINALIZE: although incomplete; reason says why  */
    bool preview;                       /*  PERIOD_FINALIZE: compute, change nothing  */
    int32_t score_centi;                /*  OBJECTION_ANSWER with accept  */
    uint64_t objection_id;              /*  OBJECTION_ANSWER  */
    bool accept;                        /*  OBJECTION_ANSWER  */
    int64_t since_us;                   /*  AUDIT_LIST: 0 = any time  */
    char action[ADMIN_ACTION_MAX + 1];  /*  AUDIT_LIST: "" = any action  */
    size_t action_len;
    uint32_t limit;                     /*  AUDIT_LIST: 0 = ADMIN_AUDIT_DEFAULT  */
    admin_opd_t *imports;               /*  OPD_IMPORT; owned by whoever filled it  */
    size_t import_count;                /*  rows in imports  */
    size_t import_carried;              /*  rows the request carried (may exceed the max)  */
} admin_t;

void admin_init (admin_t *self, admin_op_t op);

/*  The op's name as rapor-admin and the logs write it ("period-open").  */
const char *admin_op_name (uint32_t op);

/*  True if the op changes nothing (lists, standings).  */
bool admin_op_reads_only (uint32_t op);

/*  True if this request changes nothing: a reads-only op, or a
    finalization preview. Such requests are neither audited as changes
    nor remembered for retries.  */
bool admin_reads_only (const admin_t *self);

/*  True if this request is written to the audit log whatever its
    outcome: every change, and reading the audit log itself. Other reads
    are written only when refused.  */
bool admin_audited (const admin_t *self);

/*  Checks the fields this op needs; one problem per fault.  */
bool admin_validate (const admin_t *self, problems_t *problems);

/*  True if the len bytes of `kind` are exactly one of the OPD kinds the
    database accepts (a NUL inside never matches).  */
bool admin_opd_kind_known (const char *kind, size_t len);

#endif
