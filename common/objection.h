/*  objection.h: an OPD's objection to one verified score, and a verified
    score that is still missing. Plain values, as carried by AdminResult
    and Ranking (docs/PROTOCOL.md, "Objections" and "Completeness").  */
#ifndef RAPOR_OBJECTION_H
#define RAPOR_OBJECTION_H

#include "submission.h"

#include <stdint.h>

#define OBJECTION_REASON_MAX_CHARS 500
#define OBJECTION_REASON_MAX_BYTES 2000
#define OBJECTION_STATUS_MAX 16
#define OBJECTION_NO_SCORE (-1)

typedef struct {
    uint64_t id;
    char opd[OPD_CODE_MAX + 1];
    uint32_t component;                 /*  1..COMPONENT_COUNT  */
    int32_t disputed_centi;             /*  OBJECTION_NO_SCORE if there was none  */
    char reason[OBJECTION_REASON_MAX_BYTES + 1];
    char filed_by[OPD_CODE_MAX + 1];
    int64_t filed_at_us;
    char status[OBJECTION_STATUS_MAX + 1];  /*  "open", "accepted", "rejected"  */
    char answer[OBJECTION_REASON_MAX_BYTES + 1];
    int32_t corrected_centi;            /*  accepted: the new verified score; else OBJECTION_NO_SCORE  */
    char answered_by[OPD_CODE_MAX + 1];
    int64_t answered_at_us;             /*  0 while open  */
} objection_t;

/*  A verified score that finalization would count as 0.  */
typedef struct {
    char opd[OPD_CODE_MAX + 1];
    uint32_t component;
    char assessor[OPD_CODE_MAX + 1];    /*  "" if no assessor is designated  */
} missing_score_t;

#endif
