/*  codec.h: the only door between protobuf bytes and Rapor's own structs.

    Nothing outside codec.c includes rapor.pb-c.h. Decoding copies every
    field into plain structs and frees the unpacked message on every path,
    so callers never hold protobuf-c memory. Decoding checks only what the
    wire can get wrong (bytes that are not protobuf, no body, sizes);
    the business rules are submission_validate's.  */
#ifndef RAPOR_CODEC_H
#define RAPOR_CODEC_H

#include "admin.h"
#include "problem.h"
#include "ranking.h"
#include "submission.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTOCOL_VERSION 1

typedef enum {
    REQUEST_NONE = 0,       /*  body missing or of a type we do not know  */
    REQUEST_SUBMIT,
    REQUEST_PING,
    REQUEST_ADMIN,
    REQUEST_SNAPSHOT
} request_kind_t;

typedef struct {
    uint32_t version;
    uint64_t request_id;
    request_kind_t kind;
    submission_t submit;    /*  REQUEST_SUBMIT  */
    admin_t admin;          /*  REQUEST_ADMIN  */
    char snapshot_period[PERIOD_FIELD_MAX + 1];   /*  REQUEST_SNAPSHOT; "" = latest  */
    size_t snapshot_period_len;
    uint64_t snapshot_seq;  /*  REQUEST_SNAPSHOT; 0 = by period  */
} request_t;

typedef struct {
    char code[OPD_CODE_MAX + 1];
    char name[ADMIN_NAME_MAX_BYTES + 1];
    char kind[ADMIN_KIND_MAX + 1];
    bool active;
} opd_info_t;

typedef struct {
    char public_key[ADMIN_KEY_LEN + 1];
    char opd[OPD_CODE_MAX + 1];
    char role[ADMIN_ROLE_MAX + 1];
    char label[ADMIN_NAME_MAX_BYTES + 1];
    bool revoked;
} key_info_t;

typedef struct {
    uint8_t id[SUBMISSION_ID_LEN];
    char opd[OPD_CODE_MAX + 1];
    char submitter[OPD_CODE_MAX + 1];
    uint32_t kind;
    int64_t stored_at_us;
    size_t score_count;
    uint32_t component[COMPONENT_COUNT];
    int32_t score_centi[COMPONENT_COUNT];
} submission_info_t;

/*  What rapord says about itself (SERVER_STATUS).  */
typedef struct {
    char server_version[32];
    uint32_t protocol_version;
    uint32_t schema_version;
    uint64_t uptime_s;
    uint32_t connections;
    bool connections_known;         /*  false: this rapord does not count them  */
    int64_t last_commit_at_us;      /*  0: no group commit since start  */
    uint32_t last_commit_submissions;
    uint64_t last_seq;
} server_status_t;

#define AUDIT_TEXT_MAX 255          /*  reason, detail: longer text is cut  */

/*  One audit_log row (AUDIT_LIST).  */
typedef struct {
    uint64_t id;
    int64_t at_us;
    char public_key[ADMIN_KEY_LEN + 1];
    char opd[OPD_CODE_MAX + 1];
    char role[ADMIN_ROLE_MAX + 1];
    char action[ADMIN_ACTION_MAX + 1];
    char outcome[16];
    char reason[AUDIT_TEXT_MAX + 1];
    char detail[AUDIT_TEXT_MAX + 1];
    uint32_t count;
    int64_t first_at_us, last_at_us;    /*  summary rows; else 0  */
} audit_entry_t;

typedef enum {
    REPLY_NONE = 0,
    REPLY_RECEIPT,
    REPLY_REJECTION,
    REPLY_UNAVAILABLE,
    REPLY_PONG,
    REPLY_ADMIN_RESULT,
    REPLY_RANKING            /*  answer to a snapshot request  */
} reply_kind_t;

typedef struct {
    uint8_t submission_id[SUBMISSION_ID_LEN];
    int64_t stored_at_us;
    uint32_t score_count;
    bool duplicate;
} receipt_t;

typedef struct {
    uint32_t version;
    uint64_t request_id;
    reply_kind_t kind;
    receipt_t receipt;              /*  REPLY_RECEIPT  */
    problems_t problems;            /*  REPLY_REJECTION  */
    char reason[128];               /*  REPLY_UNAVAILABLE  */
    uint32_t retry_after_ms;        /*  REPLY_UNAVAILABLE  */
    char server_version[32];        /*  REPLY_PONG  */
    char summary[512];              /*  REPLY_ADMIN_RESULT  */
    opd_info_t *opds;               /*  REPLY_ADMIN_RESULT, owned  */
    size_t opd_count;
    submission_info_t *submissions; /*  REPLY_ADMIN_RESULT, owned  */
    size_t submission_count;
    ranking_t *ranking;             /*  REPLY_ADMIN_RESULT or REPLY_RANKING, owned  */
    key_info_t *keys;               /*  REPLY_ADMIN_RESULT, owned  */
    size_t key_count;
    missing_score_t *missing;       /*  REPLY_ADMIN_RESULT, owned; the first few  */
    size_t missing_count;
    uint32_t missing_total;         /*  how many are missing in all  */
    objection_t *objections;        /*  REPLY_ADMIN_RESULT, owned  */
    size_t objection_count;
    uint32_t open_objections;       /*  unanswered objections of the period  */
    bool has_server_status;         /*  REPLY_ADMIN_RESULT: SERVER_STATUS  */
    server_status_t server_status;
    audit_entry_t *audit;           /*  REPLY_ADMIN_RESULT, owned: AUDIT_LIST  */
    size_t audit_count;
} reply_t;

typedef enum {
    BROADCAST_NONE = 0,             /*  a body this codec does not know: ignore it  */
    BROADCAST_RANKING,
    BROADCAST_HEARTBEAT,
    BROADCAST_PERIOD_STATUS
} broadcast_kind_t;

#define PERIOD_STATUS_MAX 15        /*  "open", "closed", "finalized"  */

/*  Where a period stands (BROADCAST_PERIOD_STATUS).  */
typedef struct {
    char period[PERIOD_FIELD_MAX + 1];
    char status[PERIOD_STATUS_MAX + 1];
    uint32_t complete;              /*  active OPDs with every verified score  */
    uint32_t opds;                  /*  active OPDs  */
    uint32_t open_objections;
    int64_t changed_at_us;
} period_status_t;

/*  One message on the PUB socket.  */
typedef struct {
    uint64_t seq;
    broadcast_kind_t kind;
    ranking_t *ranking;             /*  BROADCAST_RANKING; owned after decode  */
    int64_t sent_at_us;             /*  BROADCAST_HEARTBEAT  */
    uint32_t interval_ms;
    period_status_t status;         /*  BROADCAST_PERIOD_STATUS  */
} broadcast_t;

/*  Decodes one request. Returns true with *request filled; or false with
    a PROBLEM_MALFORMED problem added, when the bytes are not a Request.
    request_id is still recovered when possible (0 otherwise).  */
bool codec_request_decode (const uint8_t *data, size_t size,
                           request_t *request, problems_t *problems);

/*  Frees what a decoded request owns (an OPD_IMPORT's rows). Safe on a
    zeroed request and twice.  */
void codec_request_clear (request_t *request);

/*  Encodes into a new buffer. Caller owns the return value (free()).
    Returns NULL on out-of-memory.  */
uint8_t *codec_request_encode (const request_t *request, size_t *size);
uint8_t *codec_reply_encode (const reply_t *reply, size_t *size);

/*  Decodes one reply; false if the bytes are not a Reply. The reply must
    be empty or released with codec_reply_clear first; afterwards it owns
    its lists and ranking.  */
bool codec_reply_decode (const uint8_t *data, size_t size, reply_t *reply);

/*  Frees what a reply owns and zeroes it. Safe on a zeroed reply.  */
void codec_reply_clear (reply_t *reply);

/*  Broadcasts. Encoding borrows; decoding gives *broadcast a ranking that
    the caller frees with ranking_destroy. A body of a kind this codec
    does not know decodes as BROADCAST_NONE (true): newer servers may
    send kinds older clients skip.  */
uint8_t *codec_broadcast_encode (const broadcast_t *broadcast, size_t *size);
bool codec_broadcast_decode (const uint8_t *data, size_t size, broadcast_t *broadcast);

#endif
