/*  The fingerprint a person reads aloud (fingerprint.h). The expected
    values were computed apart from this code, with Python's hashlib and a
    Z85 encoder written from ZeroMQ RFC 32, for the 32 key bytes 0..31.  */
#include "fingerprint.h"

#include <criterion/criterion.h>
#include <string.h>

Test (fingerprint, matches_an_independent_computation)
{
    char out[FINGERPRINT_LEN + 1];
    cr_assert (fingerprint_of_z85 ("009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337x", out));
    cr_expect_str_eq (out, "630D-CD29-66C4-3366-9112");
    cr_expect_eq (strlen (out), FINGERPRINT_LEN);
}

Test (fingerprint, refuses_what_is_not_a_key)
{
    char out[FINGERPRINT_LEN + 1];
    cr_expect_not (fingerprint_of_z85 ("", out));
    cr_expect_not (fingerprint_of_z85 (NULL, out));
    cr_expect_not (fingerprint_of_z85 ("009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337", out));
    cr_expect_not (fingerprint_of_z85 ("009c61o!#m2NH?C3>iWS5d]J*6CRx17-skh9337\"", out));
    cr_expect_str_eq (out, "");
}
