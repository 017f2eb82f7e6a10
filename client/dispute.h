/*  dispute.h: the OPD's side of the masa sanggah, and how objections read
    on a terminal. rapor-submit asks what an OPD received and files its
    objections; rapor-admin lists and answers them. Both print objections
    the same way, so a clerk and an assessor see the same lines.  */
#ifndef RAPOR_DISPUTE_H
#define RAPOR_DISPUTE_H

#include "codec.h"
#include "submit.h"

#include <stdio.h>

/*  One line per objection and its reason and answer indented below; the
    number is what `rapor-admin answer` takes.  */
void dispute_print_objections (const objection_t *list, size_t count, FILE *out);

/*  What an OPD received, from a LIST_SUBMISSIONS result about it: per
    component the self-assessment and the verified score that count now
    (the latest of each), who verified it and when.  */
void dispute_print_received (const reply_t *reply, const char *opd, const char *period,
                             FILE *out);

/*  Sends one admin request (an OPD's: LIST_SUBMISSIONS, OBJECTION_FILE or
    OBJECTION_LIST) and prints the server's answer for a clerk. Returns an
    EXIT_* code.  */
int dispute_send (const submit_options_t *options, request_t *request, FILE *out, FILE *err);

#endif
