/*  period.c: parse and format "2024-Q2".  */
#include "period.h"

#include <ctype.h>
#include <stdio.h>

bool
period_parse (const char *text, size_t len, period_t *out)
{
    if (!text || len != PERIOD_TEXT_LEN)
        return false;
    int year = 0;
    for (int i = 0; i < 4; i++) {
        if (!isdigit ((unsigned char) text[i]))
            return false;
        year = year * 10 + (text[i] - '0');
    }
    if (text[4] != '-' || text[5] != 'Q')
        return false;
    if (text[6] < '1' || text[6] > '4')
        return false;
    if (year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX)
        return false;
    out->year = year;
    out->quarter = text[6] - '0';
    return true;
}

void
period_format (period_t period, char *buf, size_t size)
{
    snprintf (buf, size, "%04d-Q%d", period.year, period.quarter);
}
