/*  period.h: a scoring quarter, written "2024-Q2".

    The text form is the only form that crosses the wire or reaches the
    database; the struct exists so code can compare and step quarters.  */
#ifndef RAPOR_PERIOD_H
#define RAPOR_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#define PERIOD_TEXT_LEN 7           /*  "YYYY-Qn"  */
#define PERIOD_YEAR_MIN 2000
#define PERIOD_YEAR_MAX 2999

typedef struct {
    int year;
    int quarter;    /*  1..4  */
} period_t;

/*  Parses exactly `len` bytes. Accepts only "YYYY-Qn" with the year in
    [PERIOD_YEAR_MIN, PERIOD_YEAR_MAX] and n in 1..4; no spaces, no
    lower-case q. Returns false and leaves *out untouched otherwise.  */
bool period_parse (const char *text, size_t len, period_t *out);

/*  Writes "YYYY-Qn" and a NUL into buf (at least PERIOD_TEXT_LEN + 1).  */
void period_format (period_t period, char *buf, size_t size);

#endif
