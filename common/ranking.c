/*  ranking.c: see ranking.h for the rules.  */
#include "ranking.h"

#include <stdlib.h>
#include <string.h>

void
ranking_rules_default (ranking_rules_t *rules)
{
    for (int i = 0; i < COMPONENT_COUNT; i++)
        rules->weights[i] = 1;
    rules->reward_n = 5;
    rules->reward_pct = 15;
    rules->punish_pct = 15;
}

int32_t
ranking_total (const int32_t scores[COMPONENT_COUNT], const uint32_t weights[COMPONENT_COUNT])
{
    int64_t num = 0, den = 0;
    for (int i = 0; i < COMPONENT_COUNT; i++) {
        int64_t s = scores[i] == RANKING_NO_SCORE ? 0 : scores[i];
        num += (int64_t) weights[i] * s;
        den += weights[i];
    }
    if (den == 0)
        return 0;
    /*  Round half up: both terms are non-negative.  */
    return (int32_t) ((2 * num + den) / (2 * den));
}

int64_t
ranking_tpp_rupiah (int64_t base, int32_t pct)
{
    int64_t product = base * (int64_t) pct;         /*  |base| <= 1e13: no overflow  */
    int64_t magnitude = product < 0 ? -product : product;
    int64_t rounded = (magnitude + 50) / 100;       /*  half away from zero  */
    return product < 0 ? -rounded : rounded;
}

static int
s_order (const void *a, const void *b)
{
    const ranking_entry_t *x = a, *y = b;
    if (x->total_centi != y->total_centi)
        return x->total_centi > y->total_centi ? -1 : 1;
    return strcmp (x->code, y->code);
}

void
ranking_compute (ranking_entry_t *entries, size_t count, const ranking_rules_t *rules)
{
    for (size_t i = 0; i < count; i++) {
        ranking_entry_t *e = &entries[i];
        e->total_centi = ranking_total (e->verified, rules->weights);
        e->incomplete = false;
        for (int c = 0; c < COMPONENT_COUNT; c++)
            if (e->verified[c] == RANKING_NO_SCORE)
                e->incomplete = true;
    }
    qsort (entries, count, sizeof *entries, s_order);
    for (size_t i = 0; i < count; i++) {
        bool tied = i > 0 && entries[i].total_centi == entries[i - 1].total_centi;
        entries[i].rank = tied ? entries[i - 1].rank : (uint32_t) i + 1;
    }
    for (size_t k = count; k-- > 0; ) {
        bool tied = k + 1 < count && entries[k].total_centi == entries[k + 1].total_centi;
        entries[k].rank_from_bottom = tied ? entries[k + 1].rank_from_bottom
                                           : (uint32_t) (count - k);
    }
    for (size_t i = 0; i < count; i++) {
        ranking_entry_t *e = &entries[i];
        bool reward = e->rank <= rules->reward_n;
        bool punish = !reward && e->rank_from_bottom <= rules->reward_n;
        e->tpp_pct = reward ? (int32_t) rules->reward_pct
                   : punish ? -(int32_t) rules->punish_pct : 0;
        e->tpp_rupiah = e->base_tpp == RANKING_NO_TPP ? 0
                      : ranking_tpp_rupiah (e->base_tpp, e->tpp_pct);
        /*  First and last at once means every OPD tied (an empty quarter,
            say): nobody is named best or worst.  */
        bool all_tied = e->rank == 1 && e->rank_from_bottom == 1;
        e->best = e->rank == 1 && !all_tied;
        e->worst = e->rank_from_bottom == 1 && !all_tied;
    }
}

ranking_t *
ranking_new (size_t count)
{
    ranking_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->entries = calloc (count ? count : 1, sizeof *self->entries);
    if (!self->entries) {
        free (self);
        return NULL;
    }
    self->count = count;
    self->revision = 1;
    ranking_rules_default (&self->rules);
    for (size_t i = 0; i < count; i++) {
        ranking_entry_t *e = &self->entries[i];
        for (int c = 0; c < COMPONENT_COUNT; c++)
            e->verified[c] = e->self[c] = RANKING_NO_SCORE;
        e->base_tpp = RANKING_NO_TPP;
    }
    return self;
}

size_t
ranking_complete_count (const ranking_t *self)
{
    size_t complete = 0;
    for (size_t i = 0; i < self->count; i++)
        if (!self->entries[i].incomplete)
            complete++;
    return complete;
}

void
ranking_destroy (ranking_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free ((*self_p)->entries);
    free ((*self_p)->objections);
    free (*self_p);
    *self_p = NULL;
}
