/*  text.c  */
#include "text.h"
#include "utf8.h"

#include <string.h>

#define OPD_CODE_LIMIT 16

void
text_copy (char *dest, size_t cap, size_t *dest_len, const char *text, size_t len)
{
    size_t n = len < cap ? len : cap;
    if (n)
        memcpy (dest, text, n);
    dest[n] = '\0';
    *dest_len = len;
}

bool
text_is_opd_code (const char *code, size_t len)
{
    if (len < 2 || len > OPD_CODE_LIMIT)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

bool
text_is_line (const char *text, size_t len, size_t max_chars)
{
    size_t chars = 0;
    return len > 0 && utf8_check (text, len, &chars) && chars <= max_chars;
}

bool
text_equals (const char *text, size_t len, const char *word)
{
    size_t n = strlen (word);
    return len == n && memcmp (text, word, n) == 0;
}

bool
text_is_clean (const char *text, size_t len, size_t cap)
{
    return len <= cap && utf8_check (text, len, NULL);
}
