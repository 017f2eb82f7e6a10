/*  input.h: turns what a clerk typed into a submission.

    Two forms, which may be mixed:
      * arguments "pengawasan=87.50 inovasi=90"
      * a CSV file with lines "component,score[,evidence]"; a first line
        starting with "component" is a header; blank lines and lines
        starting with '#' are skipped; fields may be "quoted" RFC 4180 style.
    Mistakes become problems with the same codes the server uses, plus the
    argument or line they came from, so the clerk knows what to fix.  */
#ifndef RAPOR_INPUT_H
#define RAPOR_INPUT_H

#include "problem.h"
#include "submission.h"

#include <stdbool.h>
#include <stdio.h>

/*  Adds one "component=score" argument. False if it is not of that form
    (the caller treats it as a usage error); problems for bad values.  */
bool input_add_argument (submission_t *submission, const char *argument, problems_t *problems);

/*  Sets the evidence of an already-added component from "component=text".  */
bool input_add_evidence (submission_t *submission, const char *argument, problems_t *problems);

/*  Reads every score line of a CSV stream; `name` labels the problems.
    False only if the stream cannot be read.  */
bool input_read_csv (submission_t *submission, FILE *file, const char *name, problems_t *problems);

#endif
