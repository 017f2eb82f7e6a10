/*  verify.c: see verify.h.  */
#include "verify.h"
#include "human.h"
#include "i18n.h"
#include "digest.h"
#include "ranking_store.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  The first difference between the stored ranking and the recomputed
    one: which OPD, which field, both values as text.  */
typedef struct {
    const char *opd;
    char field[48];
    char stored[32];
    char recomputed[32];
    bool input;             /*  a score or base TPP: names its own table  */
    const char *table;      /*  where the input lives: scores or opd_base_tpp  */
    size_t opds;            /*  how many OPDs differ in all  */
} difference_t;

static void
s_score_text (int32_t v, char *buf, size_t size)
{
    if (v == RANKING_NO_SCORE)
        snprintf (buf, size, "%s", _("none"));
    else
        snprintf (buf, size, "%d", v);
}

static void
s_set (difference_t *d, const char *opd, const char *field, bool input, const char *table)
{
    d->opd = opd;
    snprintf (d->field, sizeof d->field, "%s", field);
    d->input = input;
    d->table = table;
}

/*  Inputs first (verified and self scores, base TPP), then, unless
    `inputs_only`, the outputs computed from them. True if the entry
    differs; the first difference found is kept in *d.  */
static bool
s_entry_differs (const ranking_entry_t *s, const ranking_entry_t *n, bool inputs_only,
                 difference_t *d)
{
    bool first = d->opd == NULL;
    for (int c = 0; c < COMPONENT_COUNT; c++)
        for (int kind = 0; kind < 2; kind++) {
            int32_t a = kind ? s->self[c] : s->verified[c], b = kind ? n->self[c] : n->verified[c];
            if (a == b)
                continue;
            if (first) {
                char field[48];
                snprintf (field, sizeof field, "%s.%s", kind ? "self" : "verified",
                          component_at ((size_t) c)->code);
                s_set (d, s->code, field, true, "scores");
                s_score_text (a, d->stored, sizeof d->stored);
                s_score_text (b, d->recomputed, sizeof d->recomputed);
            }
            return true;
        }
    struct { const char *name; long long a, b; bool input; } f[] = {
        { "base_tpp", s->base_tpp, n->base_tpp, true },
        { "total_centi", s->total_centi, n->total_centi, false },
        { "rank", s->rank, n->rank, false },
        { "tpp_pct", s->tpp_pct, n->tpp_pct, false },
        { "tpp_rupiah", s->base_tpp == RANKING_NO_TPP ? 0 : s->tpp_rupiah,
                        n->base_tpp == RANKING_NO_TPP ? 0 : n->tpp_rupiah, false },
        { "incomplete", s->incomplete, n->incomplete, false },
        { "best", s->best, n->best, false },
        { "worst", s->worst, n->worst, false },
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i].a == f[i].b || (inputs_only && !f[i].input))
            continue;
        if (first) {
            s_set (d, s->code, f[i].name, f[i].input, "opd_base_tpp");
            if (f[i].input && f[i].a == RANKING_NO_TPP)
                snprintf (d->stored, sizeof d->stored, "%s", _("none"));
            else
                snprintf (d->stored, sizeof d->stored, "%lld", f[i].a);
            if (f[i].input && f[i].b == RANKING_NO_TPP)
                snprintf (d->recomputed, sizeof d->recomputed, "%s", _("none"));
            else
                snprintf (d->recomputed, sizeof d->recomputed, "%lld", f[i].b);
        }
        return true;
    }
    return false;
}

static int
s_by_row (const void *a, const void *b)
{
    int64_t x = (*(const ranking_entry_t *const *) a)->row_id;
    int64_t y = (*(const ranking_entry_t *const *) b)->row_id;
    return x < y ? -1 : x > y;
}

/*  Compares OPD by OPD (found by opds.id), then the order. Returns false
    only if out of memory; d->opd stays NULL if nothing differs.  */
static bool
s_compare (const ranking_t *stored, const ranking_t *now, difference_t *d)
{
    const ranking_entry_t **index = malloc ((now->count ? now->count : 1) * sizeof *index);
    if (!index)
        return false;
    for (size_t i = 0; i < now->count; i++)
        index[i] = &now->entries[i];
    qsort (index, now->count, sizeof *index, s_by_row);
    /*  A changed input moves the ranks of others, some of them placed
        higher: name the input (pass 0) before any rank (pass 1).  */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < stored->count; i++) {
            const ranking_entry_t *s = &stored->entries[i], *key = s;
            const ranking_entry_t **found = bsearch (&key, index, now->count, sizeof *index,
                                                     s_by_row);
            if (found && s_entry_differs (s, *found, pass == 0, d) && pass == 1)
                d->opds++;
        }
    free (index);
    /*  Same numbers for every OPD, but another order (a swapped position).  */
    for (size_t i = 0; !d->opd && i < stored->count && i < now->count; i++)
        if (stored->entries[i].row_id != now->entries[i].row_id) {
            char field[48];
            snprintf (field, sizeof field, _("position %zu"), i + 1);
            s_set (d, stored->entries[i].code, field, false, NULL);
            snprintf (d->stored, sizeof d->stored, "%s", stored->entries[i].code);
            snprintf (d->recomputed, sizeof d->recomputed, "%s", now->entries[i].code);
            d->opds = 1;
        }
    return true;
}

/*  The period's own settings, which finalization copied into the ranking.  */
static int
s_settings (store_t *store, const char *period_id, ranking_rules_t *rules)
{
    const char *v[] = { period_id };
    PGresult *r = store_query (store, "SELECT reward_n, reward_pct, punish_pct FROM periods"
                               " WHERE id = $1", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    ranking_rules_default (rules);
    if (PQntuples (r)) {
        rules->reward_n = (uint32_t) atoi (store_value (r, 0, "reward_n"));
        rules->reward_pct = (uint32_t) atoi (store_value (r, 0, "reward_pct"));
        rules->punish_pct = (uint32_t) atoi (store_value (r, 0, "punish_pct"));
    }
    PQclear (r);
    r = store_query (store, "SELECT component_id, weight FROM period_weights WHERE period_id = $1",
                     1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples (r); i++) {
        int c = atoi (store_value (r, i, "component_id"));
        if (c >= 1 && c <= COMPONENT_COUNT)
            rules->weights[c - 1] = (uint32_t) atoi (store_value (r, i, "weight"));
    }
    PQclear (r);
    return 1;
}

static void
s_rules_text (const ranking_rules_t *r, char *buf, size_t size)
{
    snprintf (buf, size, "weights %u,%u,%u,%u,%u,%u N=%u P=%u Q=%u", r->weights[0], r->weights[1],
              r->weights[2], r->weights[3], r->weights[4], r->weights[5], r->reward_n,
              r->reward_pct, r->punish_pct);
}

/*  Checks 2 and 3 of verify.h, and which side the digest takes.  */
static int
s_against_scores (store_t *store, const char *period_id, const ranking_t *stored,
                  bool stored_matches, problems_t *problems)
{
    ranking_rules_t settings;
    if (s_settings (store, period_id, &settings) < 0)
        return -1;
    if (memcmp (&settings, &stored->rules, sizeof settings) != 0) {
        char a[96], b[96];
        s_rules_text (&stored->rules, a, sizeof a);
        s_rules_text (&settings, b, sizeof b);
        problems_add (problems, PROBLEM_RECORD_ALTERED, "rankings",
                      _("rankings rules: stored %s; the period's settings say %s."), a, b);
    }
    ranking_t *now = ranking_store_recompute (store, period_id, stored);
    if (!now)
        return -1;
    /*  The header is not recomputed: give it the stored one, so the digest
        of `now` says whether the scores still give what was finalized.  */
    memcpy (now->period, stored->period, sizeof now->period);
    now->revision = stored->revision;
    now->seq = stored->seq;
    now->finalized_at_us = stored->finalized_at_us;
    memcpy (now->finalized_by, stored->finalized_by, sizeof now->finalized_by);
    memcpy (now->force_reason, stored->force_reason, sizeof now->force_reason);
    memcpy (now->digest, stored->digest, sizeof now->digest);
    now->provisional = false;
    difference_t d = { 0 };
    if (!s_compare (stored, now, &d)) {
        ranking_destroy (&now);
        return -1;
    }
    bool now_matches = digest_matches (now);
    ranking_destroy (&now);
    if (!d.opd)
        return 1;
    char more[48] = "";
    if (d.opds > 1)
        snprintf (more, sizeof more, _(" (%zu OPDs differ)"), d.opds);
    if (stored_matches)
        problems_add (problems, PROBLEM_RECORD_ALTERED, d.input ? d.table : "ranking_entries",
                      _("%s %s %s: now %s; the finalized ranking and its digest say %s%s."),
                      d.input ? d.table : "ranking_entries", d.opd, d.field, d.recomputed,
                      d.stored, more);
    else
    if (now_matches)
        problems_add (problems, PROBLEM_RECORD_ALTERED, "ranking_entries",
                      _("ranking_entries %s %s: stored %s; the digest and the stored scores "
                      "give %s%s."), d.opd, d.field, d.stored, d.recomputed, more);
    else
        problems_add (problems, PROBLEM_RECORD_ALTERED, "ranking_entries",
                      _("%s %s: ranking_entries has %s, the stored scores give %s%s."),
                      d.opd, d.field, d.stored, d.recomputed, more);
    return 1;
}

int
verify_period (store_t *store, const admin_t *a, reply_t *reply)
{
    problems_t *problems = &reply->problems;
    const char *v[] = { a->period };
    PGresult *r = store_query (store,
        "SELECT p.id, p.status, r.period_id IS NOT NULL AS ranked"
        "  FROM periods p LEFT JOIN rankings r ON r.period_id = p.id WHERE p.code = $1",
        1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        problems_add (problems, PROBLEM_PERIOD_UNKNOWN, "period",
                      _("Period %s does not exist."), a->period);
        return 1;
    }
    char period_id[24], status[16];
    snprintf (period_id, sizeof period_id, "%s", store_value (r, 0, "id"));
    snprintf (status, sizeof status, "%s", store_value (r, 0, "status"));
    bool ranked = strcmp (store_value (r, 0, "ranked"), "t") == 0;
    PQclear (r);
    bool final = strcmp (status, "finalized") == 0;
    if (!ranked && !final) {
        problems_add (problems, PROBLEM_NOT_FOUND, "period",
                      _("Period %s is %s, not finalized: there is no record to verify yet."),
                      a->period, human_status (status));
        return 1;
    }
    if (!ranked) {
        problems_add (problems, PROBLEM_RECORD_ALTERED, "rankings",
                      _("rankings %s: none stored, but the period is finalized."), a->period);
        return 1;
    }
    if (!final)
        problems_add (problems, PROBLEM_RECORD_ALTERED, "periods",
                      _("periods %s status: '%s', but the period has a finalized ranking."),
                      a->period, status);

    ranking_t *stored = NULL;
    if (ranking_store_load (store, a->period, 0, &stored) <= 0)
        return -1;
    char hex[RANKING_DIGEST_HEX + 1];
    if (!digest_compute (stored, hex)) {
        ranking_destroy (&stored);
        return -1;
    }
    bool stored_matches = strcmp (hex, stored->digest) == 0;
    /*  The row that differs first, then the digest: the row is what to act on.  */
    int done = s_against_scores (store, period_id, stored, stored_matches, problems);
    if (!stored->digest[0])
        problems_add (problems, PROBLEM_RECORD_ALTERED, "rankings",
                      _("rankings %s digest: none stored (finalized before digests were "
                      "recorded, or removed); the stored rows give %s."), a->period, hex);
    else
    if (!stored_matches)
        problems_add (problems, PROBLEM_RECORD_ALTERED, "rankings",
                      _("rankings %s digest: stored %s, the stored rows give %s."),
                      a->period, stored->digest, hex);
    if (done > 0 && problems_empty (problems))
        snprintf (reply->summary, sizeof reply->summary,
                  _("Period %s verifies: its %zu stored entries give digest %s, the digest "
                  "stored at finalization, and the stored scores give the same ranking."),
                  a->period, stored->count, hex);
    ranking_destroy (&stored);
    return done;
}
