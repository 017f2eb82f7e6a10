/*  input.h: turns what a clerk typed into a submission.

    Two forms, which may be mixed:
      * arguments "pengawasan=87.50 inovasi=90" (or "pengawasan=87,5");
      * a CSV file with lines "component,score[,evidence]".
    An assessor's whole component is a third form, the sheet: one CSV file
    with lines "opd,component,score[,evidence]", one submission per OPD.

    The CSV is what a spreadsheet writes, in English or Indonesian settings:
      * a UTF-8 byte-order mark before the first line is skipped;
      * the separator is ',' or ';', whichever comes first outside quotes in
        the first line that is not blank or a comment (Excel with Indonesian
        settings writes ';');
      * CRLF or LF line ends;
      * a first line of column names is a header, in English or Indonesian:
        opd, component|komponen, score|nilai, evidence|bukti, in any order;
        without one the columns are in the order above;
      * blank lines and lines starting with '#' are skipped; fields may be
        "quoted" RFC 4180 style (on one line).
    A score has a decimal comma or dot ("87,5" = "87.5" = 87.50), at most two
    decimals, from 0 to 100; spaces around it are ignored.
    Mistakes become problems with the same codes the server uses, naming the
    argument or the line and column they came from and the real cause.  */
#ifndef RAPOR_INPUT_H
#define RAPOR_INPUT_H

#include "problem.h"
#include "submission.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define INPUT_SHA256_LEN 32

/*  Parses one score as typed. Returns NULL and sets *centi, or the problem
    code (PROBLEM_SCORE_INVALID or PROBLEM_SCORE_OUT_OF_RANGE) with the
    cause in `why`, a sentence about "the score for <component>".  */
const char *input_parse_score (const char *text, const char *component, int32_t *centi,
                               char *why, size_t why_size);

/*  Adds one "component=score" argument. False if it is not of that form
    (the caller treats it as a usage error); problems for bad values.  */
bool input_add_argument (submission_t *submission, const char *argument, problems_t *problems);

/*  Sets the evidence of an already-added component from "component=text".  */
bool input_add_evidence (submission_t *submission, const char *argument, problems_t *problems);

/*  Reads every score line of a CSV stream; `name` labels the problems.
    A file with an opd column is refused here (it is a sheet).
    False only if the stream cannot be read.  */
bool input_read_csv (submission_t *submission, FILE *file, const char *name, problems_t *problems);

/*  One OPD's rows of a sheet: its scores (opd set, nothing else) and the
    problems of its rows, each naming its line.  */
typedef struct {
    char opd[OPD_CODE_MAX + 1];
    char lines[96];             /*  "3, 9, 12": where its rows are  */
    submission_t *submission;   /*  owned by the sheet  */
    problems_t problems;
} input_group_t;

/*  An assessor's sheet: the rows grouped by OPD in the order they first
    appear, problems that belong to no OPD (the header, a row without an
    OPD), and the SHA-256 of the file's bytes as read.  */
typedef struct {
    input_group_t *groups;
    size_t count;
    size_t capacity;
    size_t rows;
    problems_t problems;
    uint8_t sha256[INPUT_SHA256_LEN];
} input_sheet_t;

/*  NULL if out of memory. Caller destroys.  */
input_sheet_t *input_sheet_new (void);
void input_sheet_destroy (input_sheet_t **self_p);

/*  Reads a sheet; `name` labels the problems. False only if the stream
    cannot be read or memory runs out.  */
bool input_sheet_read (input_sheet_t *self, FILE *file, const char *name);

/*  True if the sheet has any problem, in any group or outside them.  */
bool input_sheet_has_problems (const input_sheet_t *self);

#endif
