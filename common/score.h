/*  score.h: component scores as integer hundredths.

    No floating point anywhere: 87.50 is the integer 8750 on the wire, in
    the database and in every total. Text is parsed digit by digit.  */
#ifndef RAPOR_SCORE_H
#define RAPOR_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCORE_MIN 0         /*    0.00  */
#define SCORE_MAX 10000     /*  100.00  */
#define SCORE_TEXT_MAX 16

typedef enum {
    SCORE_OK = 0,
    SCORE_SYNTAX,           /*  not a plain decimal number  */
    SCORE_TOO_PRECISE,      /*  more than two decimals  */
    SCORE_OUT_OF_RANGE      /*  outside 0.00 .. 100.00  */
} score_status_t;

/*  Parses "87", "87.5", "87.50" into hundredths. Rejects signs, exponents,
    spaces, "87." and ".5", and more than two decimals. A value with
    trailing zeros past two decimals ("87.500") is too precise, too: the
    rule is about what the clerk typed, not about its value.  */
score_status_t score_parse (const char *text, int32_t *centi);

bool score_in_range (int64_t centi);

/*  Formats hundredths as "87.50"; negative values keep their sign.  */
void score_format (int64_t centi, char *buf, size_t size);

#endif
