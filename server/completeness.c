/*  completeness.c: see completeness.h. The missing list is read off the
    very ranking that finalization would store, so the guard and the
    ranking can never disagree about which scores count as 0.  */
#include "completeness.h"
#include "i18n.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  How many missing scores a refusal names one by one.  */
#define REFUSAL_ITEMS 5

static int
s_by_opd (const void *a, const void *b)
{
    const missing_score_t *x = a, *y = b;
    int order = strcmp (x->opd, y->opd);
    if (order)
        return order;
    return x->component < y->component ? -1 : x->component > y->component;
}

int
completeness_fill (store_t *store, const char *period_id, const ranking_t *ranking,
                   size_t cap, reply_t *reply)
{
    if (cap > COMPLETENESS_LIST_MAX)
        cap = COMPLETENESS_LIST_MAX;
    char assessor[COMPONENT_COUNT][OPD_CODE_MAX + 1] = { { 0 } };
    const char *v[] = { period_id };
    PGresult *r = store_query (store,
        "SELECT pa.component_id, o.code FROM period_assessors pa JOIN opds o ON o.id = pa.opd_id"
        " WHERE pa.period_id = $1", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples (r); i++) {
        int c = atoi (store_value (r, i, "component_id"));
        if (c >= 1 && c <= COMPONENT_COUNT)
            snprintf (assessor[c - 1], sizeof assessor[c - 1], "%s", store_value (r, i, "code"));
    }
    PQclear (r);

    size_t total = 0;
    for (size_t i = 0; i < ranking->count; i++)
        for (int c = 0; c < COMPONENT_COUNT; c++)
            total += ranking->entries[i].verified[c] == RANKING_NO_SCORE;
    missing_score_t *all = calloc (total + 1, sizeof *all);
    if (!all)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < ranking->count; i++)
        for (int c = 0; c < COMPONENT_COUNT; c++)
            if (ranking->entries[i].verified[c] == RANKING_NO_SCORE) {
                missing_score_t *m = &all[n++];
                snprintf (m->opd, sizeof m->opd, "%s", ranking->entries[i].code);
                m->component = (uint32_t) c + 1;
                snprintf (m->assessor, sizeof m->assessor, "%s", assessor[c]);
            }
    qsort (all, n, sizeof *all, s_by_opd);
    free (reply->missing);
    reply->missing = all;
    reply->missing_count = n < cap ? n : cap;
    reply->missing_total = (uint32_t) n;
    return 1;
}

void
completeness_refuse (const char *period, const ranking_t *ranking, reply_t *reply)
{
    problems_add (&reply->problems, PROBLEM_PERIOD_INCOMPLETE, "period",
                  _("Period %s cannot be finalized: %u verified score%s missing "
                  "(complete: %zu of %zu OPDs). See them all with 'rapor-admin missing %s'; "
                  "finalize anyway only with --force and a reason."), period,
                  reply->missing_total, reply->missing_total == 1 ? " is" : "s are",
                  ranking_complete_count (ranking), ranking->count, period);
    for (size_t i = 0; i < reply->missing_count && i < REFUSAL_ITEMS; i++) {
        const missing_score_t *m = &reply->missing[i];
        char field[PROBLEM_FIELD_MAX];
        snprintf (field, sizeof field, "missing[%zu]", i);
        problems_add (&reply->problems, PROBLEM_PERIOD_INCOMPLETE, field,
                      _("%s has no verified %s score (assessor: %s)."), m->opd,
                      component_by_id (m->component)->code,
                      m->assessor[0] ? m->assessor : _("none designated"));
    }
}
