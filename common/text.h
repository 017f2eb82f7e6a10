/*  text.h: text fields that came from the wire, kept with their true length.  */
#ifndef RAPOR_TEXT_H
#define RAPOR_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*  Copies at most `cap` of `len` bytes into dest (which holds cap + 1),
    NUL-terminates, and stores the true length in *dest_len, so that a
    too-long or NUL-bearing value can still be recognised afterwards.  */
void text_copy (char *dest, size_t cap, size_t *dest_len, const char *text, size_t len);

/*  Copies src into dest (size bytes, NUL included), cut if need be to at
    most max_bytes and what dest holds, at a UTF-8 character boundary:
    text rapord sends or stores stays valid UTF-8 however it is cut.  */
void text_cut (char *dest, size_t size, const char *src, size_t max_bytes);

/*  Drops the last character of text if a cut (snprintf's) left it
    incomplete, so what remains is whole characters.  */
void text_end_whole (char *text);

/*  True if the bytes are an OPD code: 2..16 of A-Z, 0-9, _.  */
bool text_is_opd_code (const char *code, size_t len);

/*  True if the bytes are UTF-8 without NUL, of 1..max_chars code points.  */
bool text_is_line (const char *text, size_t len, size_t max_chars);

/*  True if the len bytes are exactly `word`: compared by length, so a NUL
    inside the bytes ("opd\0x") never matches a prefix.  */
bool text_equals (const char *text, size_t len, const char *word);

/*  True if len is at most cap and the bytes are UTF-8 without NUL (empty
    is clean). `text` holds the first min(len, cap) bytes, as text_copy
    leaves them.  */
bool text_is_clean (const char *text, size_t len, size_t cap);

#endif
