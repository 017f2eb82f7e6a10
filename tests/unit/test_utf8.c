/*  Strict UTF-8: the checks evidence text must pass.  */
#include "utf8.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

/*  No pointers in parameters: Criterion workers are new processes.  */
typedef struct { char bytes[16]; size_t len; int ok; size_t chars; } utf8_case_t;

ParameterizedTestParameters (utf8, check)
{
    static utf8_case_t cases[] = {
        { "", 0, 1, 0 },
        { "bukti", 5, 1, 5 },
        { "Rp 1.000 \xE2\x82\xAC", 12, 1, 10 },       /*  euro sign  */
        { "caf\xC3\xA9", 5, 1, 4 },
        { "\xF0\x9F\x93\x8A", 4, 1, 1 },               /*  U+1F4CA  */
        { "a\0b", 3, 0, 0 },                           /*  NUL  */
        { "\xC3", 1, 0, 0 },                           /*  truncated  */
        { "\xC0\xAF", 2, 0, 0 },                       /*  overlong '/'  */
        { "\xE0\x80\xAF", 3, 0, 0 },                   /*  overlong  */
        { "\xED\xA0\x80", 3, 0, 0 },                   /*  surrogate  */
        { "\xF4\x90\x80\x80", 4, 0, 0 },               /*  > U+10FFFF  */
        { "\xFF", 1, 0, 0 },
        { "\x80", 1, 0, 0 },                           /*  lone continuation  */
        { "\xE2\x82", 2, 0, 0 },
    };
    return cr_make_param_array (utf8_case_t, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest (utf8_case_t *c, utf8, check)
{
    size_t chars = 999;
    bool ok = utf8_check (c->bytes, c->len, &chars);
    cr_expect_eq (ok, c->ok);
    if (c->ok)
        cr_expect_eq (chars, c->chars);
}
