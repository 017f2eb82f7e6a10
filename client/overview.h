/*  overview.h: how rapor-admin shows what the operator inspects: the
    server's status (SERVER_STATUS) and the audit log (AUDIT_LIST), and
    how it reads a --since time.  */
#ifndef RAPOR_OVERVIEW_H
#define RAPOR_OVERVIEW_H

#include "codec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*  One "name: value" line per number, for a person.  */
void overview_print_status (const server_status_t *status, FILE *out);

/*  The same numbers as one JSON object.  */
void overview_status_json (const server_status_t *status, FILE *out);

/*  One line per row, a header first; every field is one word ("-" when
    empty) except the last two, reason and detail, so lines grep and
    `awk` reads columns 1 to 8.  */
void overview_print_audit (const audit_entry_t *rows, size_t count, FILE *out);

/*  A --since TIME: "2024-10-01", "2024-10-01T08:00[:SS]" or
    "2024-10-01 08:00[:SS]" (local time), or an age: "30m", "12h", "7d".
    Into microseconds since 1970 UTC; false if the text is none of these.  */
bool overview_parse_since (const char *text, int64_t now_s, int64_t *us);

#endif
