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

void
text_cut (char *dest, size_t size, const char *src, size_t max_bytes)
{
    if (!size)
        return;
    size_t len = strlen (src);
    size_t most = size - 1 < max_bytes ? size - 1 : max_bytes;
    size_t kept = len < most ? len : most;
    memcpy (dest, src, kept);
    dest[kept] = '\0';
    if (kept < len)
        text_end_whole (dest);      /*  the cut may have split a character  */
}

void
text_end_whole (char *text)
{
    size_t len = strlen (text), lead = len;
    while (lead > 0 && ((unsigned char) text[lead - 1] & 0xC0) == 0x80)
        lead--;                 /*  back over continuation bytes  */
    if (lead == 0)
        return;
    unsigned char c = (unsigned char) text[lead - 1];
    size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len - (lead - 1) < need)
        text[lead - 1] = '\0';
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
