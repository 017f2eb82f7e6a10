/*  The ranking digest: the canonical encoding byte for byte, a known
    answer computed independently (python3 hashlib over the same bytes,
    the worked example of docs/PROTOCOL.md), and that changing any field
    of the ranking changes the digest.  */
#define _GNU_SOURCE     /*  memmem  */
#include "digest.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  The worked example: two OPDs, weights 1,1,1,1,1,2, N=1, P=Q=15.  */
static ranking_t *
s_example (void)
{
    ranking_t *r = ranking_new (2);
    cr_assert_not_null (r);
    snprintf (r->period, sizeof r->period, "2024-Q3");
    r->revision = 1;
    r->seq = 7;
    r->finalized_at_us = 1727740800000000LL;     /*  2024-10-01 00:00:00 UTC  */
    snprintf (r->finalized_by, sizeof r->finalized_by, "DINKES");
    snprintf (r->force_reason, sizeof r->force_reason, "Skor perencanaan DISHUB belum masuk");
    ranking_rules_default (&r->rules);
    r->rules.weights[5] = 2;
    r->rules.reward_n = 1;
    r->rules.reward_pct = 15;
    r->rules.punish_pct = 15;
    static const int32_t dinkes[] = { 8750, 9000, 8000, 7000, 9500, 8800 };
    static const int32_t dishub[] = { 7000, RANKING_NO_SCORE, 6000, 6500, 7000, 7500 };
    ranking_entry_t *e = r->entries;
    snprintf (e[0].code, sizeof e[0].code, "DISHUB");
    snprintf (e[0].name, sizeof e[0].name, "Dinas Perhubungan \xe2\x80\x94 Lalu Lintas");
    snprintf (e[1].code, sizeof e[1].code, "DINKES");
    snprintf (e[1].name, sizeof e[1].name, "Dinas Kesehatan");
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        e[0].verified[c] = dishub[c];
        e[1].verified[c] = dinkes[c];
        e[1].self[c] = 9000;
    }
    e[1].base_tpp = 150000000;
    ranking_compute (r->entries, r->count, &r->rules);
    r->provisional = false;
    return r;
}

static const char s_expected[] =
    "rapor-ranking-digest/1\n"
    "period=2024-Q3\n"
    "revision=1\n"
    "seq=7\n"
    "finalized_at_us=1727740800000000\n"
    "finalized_by=DINKES\n"
    "weights=1,1,1,1,1,2\n"
    "reward_n=1\n"
    "reward_pct=15\n"
    "punish_pct=15\n"
    "force_reason=Skor perencanaan DISHUB belum masuk\n"
    "entries=2\n"
    "entry=1\n"
    "rank=1\n"
    "opd=DINKES\n"
    "name=Dinas Kesehatan\n"
    "verified=8750,9000,8000,7000,9500,8800\n"
    "self=9000,9000,9000,9000,9000,9000\n"
    "total_centi=8550\n"
    "tpp_pct=15\n"
    "base_tpp=150000000\n"
    "tpp_rupiah=22500000\n"
    "incomplete=0\n"
    "best=1\n"
    "worst=0\n"
    "entry=2\n"
    "rank=2\n"
    "opd=DISHUB\n"
    "name=Dinas Perhubungan \xe2\x80\x94 Lalu Lintas\n"
    "verified=7000,-1,6000,6500,7000,7500\n"
    "self=-1,-1,-1,-1,-1,-1\n"
    "total_centi=5929\n"
    "tpp_pct=-15\n"
    "base_tpp=\n"
    "tpp_rupiah=\n"
    "incomplete=1\n"
    "best=0\n"
    "worst=1\n";

/*  python3: hashlib.sha256(s_expected.encode()).hexdigest()  */
#define EXAMPLE_DIGEST "8365ff068d169907fa1a434c5f6e0622948a75321ac757885d574f16f17aa838"

Test (digest, the_encoding_is_the_documented_one)
{
    ranking_t *r = s_example ();
    size_t size = 0;
    char *bytes = digest_encode (r, &size);
    cr_assert_not_null (bytes);
    cr_expect_eq (size, strlen (s_expected));
    cr_expect (size == strlen (s_expected) && memcmp (bytes, s_expected, size) == 0,
               "got:\n%.*s", (int) size, bytes);
    free (bytes);
    ranking_destroy (&r);
}

Test (digest, a_known_answer)
{
    ranking_t *r = s_example ();
    char hex[RANKING_DIGEST_HEX + 1];
    cr_assert (digest_compute (r, hex));
    cr_expect_str_eq (hex, EXAMPLE_DIGEST);
    cr_expect (!digest_matches (r), "an empty digest never matches");
    snprintf (r->digest, sizeof r->digest, "%s", EXAMPLE_DIGEST);
    cr_expect (digest_matches (r));
    r->digest[0] = 'X';
    cr_expect (!digest_matches (r));
    ranking_destroy (&r);
}

Test (digest, a_force_reason_is_escaped_and_counted)
{
    ranking_t *r = s_example ();
    snprintf (r->force_reason, sizeof r->force_reason, "Skor PBJ belum masuk \\ lihat\nnota 12");
    size_t size = 0;
    char *bytes = digest_encode (r, &size);
    cr_assert_not_null (bytes);
    const char *line = "force_reason=Skor PBJ belum masuk \\\\ lihat\\nnota 12\nentries=2\n";
    cr_expect (memmem (bytes, size, line, strlen (line)), "%.*s", (int) size, bytes);
    free (bytes);
    char hex[RANKING_DIGEST_HEX + 1];
    cr_assert (digest_compute (r, hex));
    /*  python3, the same escaping: "\\" for a backslash, "\n" for a line feed.  */
    cr_expect_str_eq (hex, "b87af004405858f8ba95a147aa4394469c3b66bf87206716dfef027d71471059");
    ranking_destroy (&r);
}

/*  Changes one field of the example; `which` counts through all of them.
    False when there are no more.  */
static bool
s_mutate (ranking_t *r, int which)
{
    ranking_entry_t *e = &r->entries[1];
    int k = 0;
#define FIELD(stmt) if (which == k++) { stmt; return true; }
    FIELD (r->period[5] = '4')
    FIELD (r->revision = 2)
    FIELD (r->seq = 8)
    FIELD (r->finalized_at_us += 1)
    FIELD (r->finalized_by[0] = 'X')
    FIELD (r->rules.weights[2] = 3)
    FIELD (r->rules.reward_n = 2)
    FIELD (r->rules.reward_pct = 10)
    FIELD (r->rules.punish_pct = 10)
    FIELD (snprintf (r->force_reason, sizeof r->force_reason, "x"))
    FIELD (r->count = 1)
    FIELD (e->rank = 1)
    FIELD (e->code[1] = 'O')
    FIELD (e->name[0] = 'd')
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        FIELD (e->verified[c] += 1)
        FIELD (e->self[c] = 100 * c)
    }
    FIELD (e->total_centi += 1)
    FIELD (e->tpp_pct = 0)
    FIELD (e->base_tpp = 150000000)
    FIELD (e->tpp_rupiah = 1)      /*  ignored while base_tpp is unknown: see below  */
    FIELD (e->incomplete = false)
    FIELD (e->best = true)
    FIELD (e->worst = false)
    FIELD (r->entries[0].tpp_rupiah += 1)
    FIELD (r->entries[0].base_tpp = RANKING_NO_TPP)
    FIELD ({ ranking_entry_t t = r->entries[0]; r->entries[0] = r->entries[1]; r->entries[1] = t; })
#undef FIELD
    return false;
}

Test (digest, any_change_of_any_field_changes_it)
{
    int changed = 0;
    for (int which = 0; ; which++) {
        ranking_t *r = s_example ();
        if (!s_mutate (r, which)) {
            ranking_destroy (&r);
            break;
        }
        char hex[RANKING_DIGEST_HEX + 1];
        cr_assert (digest_compute (r, hex));
        /*  An unknown base TPP has no rupiah: the encoding writes neither,
            so the stale value cannot matter (the protocol sends 0).  */
        bool ignored = r->entries[1].base_tpp == RANKING_NO_TPP && r->entries[1].tpp_rupiah == 1;
        if (ignored)
            cr_expect_str_eq (hex, EXAMPLE_DIGEST, "field %d", which);
        else
            cr_expect_str_neq (hex, EXAMPLE_DIGEST, "field %d left the digest alone", which);
        changed++;
        ranking_destroy (&r);
    }
    cr_expect_geq (changed, 30);
}

Test (digest, text_cannot_forge_a_line)
{
    /*  A name holding a line feed must not read as the next field.  */
    ranking_t *a = s_example (), *b = s_example ();
    snprintf (a->entries[0].name, sizeof a->entries[0].name, "Dinas Kesehatan\nverified=1");
    snprintf (b->entries[0].name, sizeof b->entries[0].name, "Dinas Kesehatan\\nverified=1");
    char ha[RANKING_DIGEST_HEX + 1], hb[RANKING_DIGEST_HEX + 1];
    cr_assert (digest_compute (a, ha) && digest_compute (b, hb));
    cr_expect_str_neq (ha, hb);
    ranking_destroy (&a);
    ranking_destroy (&b);
}
