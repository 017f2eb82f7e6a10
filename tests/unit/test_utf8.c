/*  Strict UTF-8: the checks evidence text must pass.  */
#include "text.h"
#include "utf8.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdint.h>
#include <string.h>

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

/*  text_cut: what rapord sends or stores stays valid UTF-8 however it is
    cut (a cut inside a character made the database refuse a forced
    finalization's audit row, and a reply undecodable).  */
Test (utf8, a_cut_never_splits_a_character)
{
    char out[8];
    text_cut (out, sizeof out, "caf\xC3\xA9s", 4);          /*  would end inside é  */
    cr_expect_str_eq (out, "caf");
    text_cut (out, sizeof out, "caf\xC3\xA9s", 5);
    cr_expect_str_eq (out, "caf\xC3\xA9");
    text_cut (out, sizeof out, "ab\xF0\x9F\x93\x8A" "cd", SIZE_MAX);   /*  held: 7 bytes  */
    cr_expect_str_eq (out, "ab\xF0\x9F\x93\x8A" "c");
    text_cut (out, 5, "ab\xF0\x9F\x93\x8A", SIZE_MAX);      /*  4 bytes held: not the emoji  */
    cr_expect_str_eq (out, "ab");
    text_cut (out, sizeof out, "kurz", 100);
    cr_expect_str_eq (out, "kurz");
    for (size_t max = 0; max < 12; max++) {
        char cut[16];
        text_cut (cut, sizeof cut, "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC", max);
        size_t chars;
        cr_expect (utf8_check (cut, strlen (cut), &chars), "cut at %zu is not UTF-8", max);
        cr_expect_eq (chars, max / 3, "cut at %zu", max);
    }
}

/*  text_end_whole: a message snprintf cut inside a character ends before it.  */
Test (utf8, a_cut_message_ends_with_whole_characters)
{
    char a[] = "ab\xE2\x82", b[] = "ab\xE2\x82\xAC", c[] = "ab\xF0\x9F\x93", d[] = "abc",
         e[] = "\xC3";
    text_end_whole (a);
    text_end_whole (b);
    text_end_whole (c);
    text_end_whole (d);
    text_end_whole (e);
    cr_expect_str_eq (a, "ab");
    cr_expect_str_eq (b, "ab\xE2\x82\xAC");
    cr_expect_str_eq (c, "ab");
    cr_expect_str_eq (d, "abc");
    cr_expect_str_eq (e, "");
}
