/*  submit.h: send one submission and tell the clerk what happened.

    The exit codes are part of rapor-submit's documented interface.  */
#ifndef RAPOR_SUBMIT_H
#define RAPOR_SUBMIT_H

#include "input.h"
#include "keys.h"
#include "submission.h"

#include <stdbool.h>
#include <stdio.h>

#define EXIT_ACCEPTED     0     /*  stored (or already stored by an earlier try)  */
#define EXIT_REJECTED     1     /*  refused by the server or by the local check  */
#define EXIT_USAGE        2     /*  bad command line or unreadable input file  */
#define EXIT_UNREACHABLE  3     /*  no answer, or the server stayed unavailable  */
#define EXIT_NOT_TRUSTED  4     /*  our key was refused, or the server's key is wrong  */

typedef struct {
    const char *endpoint;
    int timeout_ms;     /*  per attempt  */
    int attempts;       /*  Lazy Pirate tries, and tries while "unavailable"  */
    bool quiet;         /*  only errors  */
    bool brief;         /*  a receipt on one line: "accepted, receipt HEX"  */
    const curve_t *curve;   /*  NULL: plaintext, development only  */
} submit_options_t;

/*  Sends the (already locally validated) submission, retrying with the
    same submission id; prints the outcome to `out`/`err`. Returns an
    EXIT_* code.  */
int submit_send (const submit_options_t *options, const submission_t *submission,
                 FILE *out, FILE *err);

/*  The exit code for a failed call.  */
int submit_exit_code (int call_status);

/*  Prints local validation problems the way server rejections look.  */
void submit_print_problems (const problems_t *problems, FILE *err);

/*  The submission id of one OPD's rows of a sheet: the first 16 bytes of
    SHA-256 over `identity` (the sender's public key, or its code without
    a key), the period, the kind, the OPD and its scores with their
    evidence, so sending the same rows again is recognised as a retry.  */
void submit_sheet_id (const submission_t *submission, const char *identity, uint8_t *id);

/*  Sends each OPD's rows of a sheet as its own submission; `base` gives
    the period, kind and submitter. Prints one result per OPD and a
    summary to `out`. EXIT_ACCEPTED if every row was stored; EXIT_REJECTED
    if any row was refused; EXIT_UNREACHABLE or EXIT_NOT_TRUSTED if the
    sending stopped there.  */
int submit_sheet (const submit_options_t *options, const input_sheet_t *sheet, const char *name,
                  const submission_t *base, const char *identity, FILE *out);

#endif
