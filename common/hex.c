/*  hex.c  */
#include "hex.h"

#include <string.h>

void
hex_encode (const uint8_t *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0F];
    }
    out[2 * len] = '\0';
}

static int
s_nibble (char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool
hex_decode (const char *text, uint8_t *out, size_t len)
{
    if (!text || strlen (text) != 2 * len)
        return false;
    for (size_t i = 0; i < len; i++) {
        int hi = s_nibble (text[2 * i]);
        int lo = s_nibble (text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t) (hi << 4 | lo);
    }
    return true;
}
