/*  utf8.c: a strict decoder that only counts; see RFC 3629, table 3-7 of
    the Unicode standard for the well-formed byte sequences.  */
#include "utf8.h"

#include <stdint.h>

bool
utf8_check (const char *text, size_t len, size_t *chars)
{
    const uint8_t *s = (const uint8_t *) text;
    size_t i = 0, count = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t extra;
        uint8_t lo = 0x80, hi = 0xBF;   /*  range of the second byte  */
        if (c == 0x00)
            return false;               /*  NUL would cut C strings  */
        else
        if (c < 0x80)
            extra = 0;
        else
        if (c >= 0xC2 && c <= 0xDF)
            extra = 1;
        else
        if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0) lo = 0xA0;   /*  overlong  */
            if (c == 0xED) hi = 0x9F;   /*  surrogates  */
        }
        else
        if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0) lo = 0x90;   /*  overlong  */
            if (c == 0xF4) hi = 0x8F;   /*  above U+10FFFF  */
        }
        else
            return false;
        if (len - i - 1 < extra)
            return false;
        for (size_t k = 1; k <= extra; k++) {
            uint8_t b = s[i + k];
            uint8_t min = k == 1 ? lo : 0x80;
            uint8_t max = k == 1 ? hi : 0xBF;
            if (b < min || b > max)
                return false;
        }
        i += extra + 1;
        count++;
    }
    if (chars)
        *chars = count;
    return true;
}
