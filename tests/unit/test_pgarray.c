/*  Array literals: every element quoted, '"' and '\' escaped, NULL bare.
    (The integration test on evidence checks what PostgreSQL makes of them.)  */
#include "pgarray.h"

#include <criterion/criterion.h>
#include <string.h>

Test (pgarray, empty_array)
{
    pgarray_t *a = pgarray_new ();
    cr_expect_str_eq (pgarray_text (a), "{}");
    pgarray_destroy (&a);
    cr_expect_null (a);
}

Test (pgarray, text_is_quoted_and_escaped)
{
    pgarray_t *a = pgarray_new ();
    pgarray_add_text (a, "plain", 5);
    const char *odd = "a \"b\", {c}\\d";
    pgarray_add_text (a, odd, strlen (odd));
    pgarray_add_text (a, NULL, 0);
    pgarray_add_text (a, "NULL", 4);
    pgarray_add_text (a, "", 0);
    cr_expect_str_eq (pgarray_text (a),
                      "{\"plain\",\"a \\\"b\\\", {c}\\\\d\",NULL,\"NULL\",\"\"}");
    pgarray_destroy (&a);
}

Test (pgarray, bytea_in_hex_and_integers)
{
    pgarray_t *a = pgarray_new ();
    pgarray_add_bytea (a, "\x00\xff\x10", 3);
    pgarray_add_bytea (a, "", 0);
    cr_expect_str_eq (pgarray_text (a), "{\"\\\\x00ff10\",\"\\\\x\"}");
    pgarray_t *n = pgarray_new ();
    pgarray_add_int (n, -7);
    pgarray_add_int (n, 9223372036854775807LL);
    cr_expect_str_eq (pgarray_text (n), "{-7,9223372036854775807}");
    pgarray_destroy (&a);
    pgarray_destroy (&n);
}

Test (pgarray, grows_past_its_first_buffer)
{
    pgarray_t *a = pgarray_new ();
    char big[3000];
    memset (big, '\\', sizeof big);
    for (int i = 0; i < 50; i++)
        pgarray_add_text (a, big, sizeof big);
    const char *text = pgarray_text (a);
    cr_assert_not_null (text);
    cr_expect_eq (strlen (text), 2 + 50 * (2 * sizeof big + 2) + 49);
    pgarray_destroy (&a);
}

Test (pgarray, reset_empties_for_reuse)
{
    pgarray_t *a = pgarray_new ();
    pgarray_add_int (a, 1);
    pgarray_add_text (a, "x", 1);
    pgarray_reset (a);
    cr_expect_str_eq (pgarray_text (a), "{}");
    pgarray_add_int (a, 2);
    cr_expect_str_eq (pgarray_text (a), "{2}");
    pgarray_destroy (&a);
}
