/*  problem.h: the list of things wrong with one request.

    A rejection is a list, not a single error, so a clerk can fix every
    mistake in one go. Each problem carries a stable machine-readable code
    (documented in docs/PROTOCOL.md), the field it concerns, and a sentence
    meant for a person. The codes are the contract; the sentences may change.
*/
#ifndef RAPOR_PROBLEM_H
#define RAPOR_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>

/*  Every code the server may send. Keep in sync with docs/PROTOCOL.md.  */
#define PROBLEM_MALFORMED            "malformed_message"
#define PROBLEM_TOO_LARGE            "message_too_large"
#define PROBLEM_BAD_VERSION          "unsupported_version"
#define PROBLEM_UNKNOWN_REQUEST      "unknown_request"
#define PROBLEM_SUBMISSION_ID        "submission_id_invalid"
#define PROBLEM_SUBMISSION_REUSED    "submission_id_reused"
#define PROBLEM_PERIOD_INVALID       "period_invalid"
#define PROBLEM_PERIOD_UNKNOWN       "period_unknown"
#define PROBLEM_PERIOD_NOT_OPEN      "period_not_open"
#define PROBLEM_OPD_INVALID          "opd_invalid"
#define PROBLEM_OPD_UNKNOWN          "opd_unknown"
#define PROBLEM_OPD_INACTIVE         "opd_inactive"
#define PROBLEM_SCORES_MISSING       "scores_missing"
#define PROBLEM_SCORES_TOO_MANY      "scores_too_many"
#define PROBLEM_COMPONENT_UNKNOWN    "component_unknown"
#define PROBLEM_COMPONENT_DUPLICATE  "component_duplicate"
#define PROBLEM_SCORE_OUT_OF_RANGE   "score_out_of_range"
#define PROBLEM_SCORE_INVALID        "score_invalid"
#define PROBLEM_EVIDENCE_TOO_LONG    "evidence_too_long"
#define PROBLEM_EVIDENCE_INVALID     "evidence_invalid"
#define PROBLEM_SUBMITTER_INVALID    "submitter_invalid"
#define PROBLEM_KIND_INVALID         "kind_invalid"
#define PROBLEM_SUBMITTER_UNKNOWN    "submitter_unknown"
#define PROBLEM_NOT_OWN_OPD          "not_own_opd"
#define PROBLEM_NOT_ASSESSOR         "not_assessor"
#define PROBLEM_PERIOD_FINALIZED     "period_finalized"
#define PROBLEM_ADMIN_INVALID        "admin_invalid"
#define PROBLEM_ADMIN_REFUSED        "admin_refused"
#define PROBLEM_NOT_FOUND            "not_found"
#define PROBLEM_NOT_PERMITTED        "not_permitted"
#define PROBLEM_SUBMITTER_MISMATCH   "submitter_mismatch"
#define PROBLEM_KEY_UNKNOWN          "key_unknown"
#define PROBLEM_PERIOD_INCOMPLETE    "period_incomplete"
#define PROBLEM_OBJECTIONS_OPEN      "objections_open"
#define PROBLEM_RECORD_ALTERED       "record_altered"
#define PROBLEM_OBJECTION_INVALID    "objection_invalid"

#define PROBLEM_MAX         16
#define PROBLEM_CODE_MAX    32
#define PROBLEM_FIELD_MAX   48
#define PROBLEM_MESSAGE_MAX 256

typedef struct {
    char code[PROBLEM_CODE_MAX];
    char field[PROBLEM_FIELD_MAX];
    char message[PROBLEM_MESSAGE_MAX];
} problem_t;

/*  A bounded list. Problems past PROBLEM_MAX are counted in `dropped`
    rather than stored, so a hostile request cannot grow the reply.  */
typedef struct {
    size_t count;
    size_t dropped;
    problem_t items[PROBLEM_MAX];
} problems_t;

void problems_init (problems_t *self);

/*  Appends one problem; the message is printf-formatted and cut to fit.  */
void problems_add (problems_t *self, const char *code, const char *field,
                   const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

bool problems_empty (const problems_t *self);

/*  True if any stored problem has this code.  */
bool problems_has (const problems_t *self, const char *code);

#endif
