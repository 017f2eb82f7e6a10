/*  score.c: decimal text <-> integer hundredths.  */
#include "score.h"

#include <ctype.h>
#include <stdio.h>

score_status_t
score_parse (const char *text, int32_t *centi)
{
    if (!text || !*text)
        return SCORE_SYNTAX;
    const char *p = text;
    int64_t whole = 0;
    int digits = 0;
    while (isdigit ((unsigned char) *p)) {
        if (digits++ >= 6)      /*  far beyond 100; stop before overflow  */
            return SCORE_OUT_OF_RANGE;
        whole = whole * 10 + (*p++ - '0');
    }
    if (digits == 0)
        return SCORE_SYNTAX;
    int64_t frac = 0;
    if (*p == '.') {
        p++;
        int fdigits = 0;
        while (isdigit ((unsigned char) *p)) {
            if (++fdigits > 2)
                return SCORE_TOO_PRECISE;
            frac = frac * 10 + (*p++ - '0');
        }
        if (fdigits == 0)
            return SCORE_SYNTAX;
        if (fdigits == 1)
            frac *= 10;
    }
    if (*p != '\0')
        return SCORE_SYNTAX;
    int64_t value = whole * 100 + frac;
    if (!score_in_range (value))
        return SCORE_OUT_OF_RANGE;
    *centi = (int32_t) value;
    return SCORE_OK;
}

bool
score_in_range (int64_t centi)
{
    return centi >= SCORE_MIN && centi <= SCORE_MAX;
}

void
score_format (int64_t centi, char *buf, size_t size)
{
    const char *sign = centi < 0 ? "-" : "";
    uint64_t magnitude = centi < 0 ? (uint64_t) 0 - (uint64_t) centi : (uint64_t) centi;
    snprintf (buf, size, "%s%llu.%02llu", sign,
              (unsigned long long) (magnitude / 100),
              (unsigned long long) (magnitude % 100));
}
