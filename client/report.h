/*  report.h: a ranking as people and programs read it: a table for the
    terminal, one JSON document per line for other tools, and CSV for the
    payroll office (BPKAD). All three print the same numbers the server
    computed; nothing is recomputed here.  */
#ifndef RAPOR_REPORT_H
#define RAPOR_REPORT_H

#include "ranking.h"

#include <stdbool.h>
#include <stdio.h>

/*  The table. With `color`, rewarded rows are green and punished rows red
    (for a terminal); the +/- TPP column marks them either way.  */
void report_table (const ranking_t *ranking, FILE *out, bool color);

/*  One JSON object on one line, newline-terminated.  */
void report_json (const ranking_t *ranking, FILE *out);

/*  The same, with "digest_check":"<check>" after "digest" (rapor-watch's
    verdict on the digest); NULL leaves it out.  */
void report_json_checked (const ranking_t *ranking, const char *digest_check, FILE *out);

/*  RFC 4180 CSV with a header line: ',' between fields, '.' in scores,
    LF line ends. For programs; unchanged since the first release.  */
void report_csv (const ranking_t *ranking, FILE *out);

/*  The same columns for Excel with Indonesian settings: a UTF-8 BOM,
    ';' between fields, decimal commas in scores ("87,50"), CRLF.  */
void report_csv_excel (const ranking_t *ranking, FILE *out);

#endif
