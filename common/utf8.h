/*  utf8.h: strict UTF-8 checking for text that came from outside.  */
#ifndef RAPOR_UTF8_H
#define RAPOR_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*  True if the `len` bytes are well-formed UTF-8 with no NUL, no overlong
    forms, no surrogates and nothing above U+10FFFF. On success *chars (if
    not NULL) receives the number of code points.  */
bool utf8_check (const char *text, size_t len, size_t *chars);

#endif
