/*  submission.h: one OPD's scores for one period, and the rules every
    submission must pass before anyone looks at the database.

    rapor-submit runs submission_validate before sending, and rapord runs
    the same function on what arrived, so a clerk sees the same sentence
    either way. The checks that need the database (does the period exist,
    is it open, is the OPD active) live in the server's store.

    The struct is a plain value with fixed buffers. Text fields keep the
    length the wire carried, separately from the bytes copied, so that a
    too-long or NUL-bearing value is caught here instead of being silently
    cut by a C string.  */
#ifndef RAPOR_SUBMISSION_H
#define RAPOR_SUBMISSION_H

#include "problem.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SUBMISSION_ID_LEN       16
#define SUBMISSION_MAX_SCORES   6
#define OPD_CODE_MAX            16      /*  bytes: [A-Z0-9_], 2..16  */
#define PERIOD_FIELD_MAX        16      /*  buffer; a valid one is 7  */
#define EVIDENCE_MAX_CHARS      1000
#define EVIDENCE_MAX_BYTES      4000    /*  1000 code points of UTF-8  */

typedef struct {
    uint32_t component;
    int32_t score_centi;
    size_t evidence_len;                    /*  as carried  */
    char evidence[EVIDENCE_MAX_BYTES + 1];  /*  valid iff evidence_len <= MAX  */
} component_score_t;

/*  Values match the wire's ScoreKind.  */
typedef enum {
    SCORE_KIND_SELF = 0,        /*  the OPD scores itself; shown, never ranked  */
    SCORE_KIND_VERIFIED = 1     /*  the designated assessor's score  */
} score_kind_t;

typedef struct {
    uint8_t id[SUBMISSION_ID_LEN];
    size_t id_len;
    char period[PERIOD_FIELD_MAX + 1];
    size_t period_len;
    char opd[OPD_CODE_MAX + 1];
    size_t opd_len;
    char submitter[OPD_CODE_MAX + 1];       /*  empty: the OPD itself  */
    size_t submitter_len;
    uint32_t kind;                          /*  score_kind_t, as carried  */
    size_t score_count;                     /*  as carried; may exceed MAX  */
    component_score_t scores[SUBMISSION_MAX_SCORES];
} submission_t;

void submission_init (submission_t *self);

/*  Copies `len` bytes into the text field, recording the true length.
    Bytes beyond the buffer are dropped but the length remembers them.  */
void submission_set_period (submission_t *self, const char *text, size_t len);
void submission_set_opd (submission_t *self, const char *text, size_t len);
void submission_set_submitter (submission_t *self, const char *text, size_t len);

/*  The sending OPD's code: the submitter, or the OPD itself if none.  */
const char *submission_submitter (const submission_t *self);

/*  Appends a score; past SUBMISSION_MAX_SCORES it only counts.  */
void submission_add_score (submission_t *self, uint32_t component, int32_t centi,
                           const char *evidence, size_t evidence_len);

/*  Stateless checks; appends one problem per fault. Returns true if none.  */
bool submission_validate (const submission_t *self, problems_t *problems);

/*  Number of scores actually held (min of score_count and the maximum).  */
size_t submission_held (const submission_t *self);

#endif
