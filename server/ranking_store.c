/*  ranking_store.c: a quarter's ranking and the database: computed from
    the latest scores, saved in batches at finalization, loaded for
    snapshots. The arithmetic is common/ranking.c's.  */
#include "ranking_store.h"
#include "log.h"
#include "store_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



static int
s_entry_by_code (const void *key, const void *item)
{
    return strcmp (key, ((const ranking_entry_t *) item)->code);
}

static int
s_entry_order (const void *a, const void *b)
{
    return strcmp (((const ranking_entry_t *) a)->code, ((const ranking_entry_t *) b)->code);
}

ranking_t *
ranking_store_compute (store_t *store, const char *period_code, const char *period_id,
                       const ranking_rules_t *rules)
{
    PGresult *r = store_query (store, "SELECT id, code, name FROM opds WHERE active ORDER BY code",
                         0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return NULL;
    ranking_t *ranking = ranking_new ((size_t) PQntuples (r));
    for (int i = 0; ranking && i < PQntuples (r); i++) {
        snprintf (ranking->entries[i].code, sizeof ranking->entries[i].code, "%s", store_value (r, i, "code"));
        snprintf (ranking->entries[i].name, sizeof ranking->entries[i].name, "%s", store_value (r, i, "name"));
        ranking->entries[i].row_id = strtoll (store_value (r, i, "id"), NULL, 10);
    }
    PQclear (r);
    if (!ranking)
        return NULL;
    snprintf (ranking->period, sizeof ranking->period, "%s", period_code);
    ranking->rules = *rules;
    ranking->provisional = true;

    /*  The opds query sorted by code in the database's collation; bsearch
        needs byte order, so sort again here.  */
    qsort (ranking->entries, ranking->count, sizeof *ranking->entries, s_entry_order);
    const char *v[] = { period_id };
    r = store_query (store,
        "SELECT DISTINCT ON (s.opd_id, s.kind, sc.component_id)"
        "       o.code AS opd, s.kind, sc.component_id, sc.score_centi"
        "  FROM scores sc JOIN submissions s ON s.id = sc.submission_id"
        "  JOIN opds o ON o.id = s.opd_id"
        " WHERE s.period_id = $1"
        " ORDER BY s.opd_id, s.kind, sc.component_id, s.id DESC", 1, v, PGRES_TUPLES_OK);
    if (!r)
        goto err;
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = bsearch (store_value (r, i, "opd"), ranking->entries, ranking->count,
                                      sizeof *e, s_entry_by_code);
        int c = atoi (store_value (r, i, "component_id"));
        if (!e || c < 1 || c > COMPONENT_COUNT)
            continue;       /*  an OPD deactivated since: not ranked  */
        int32_t value = atoi (store_value (r, i, "score_centi"));
        if (strcmp (store_value (r, i, "kind"), "verified") == 0)
            e->verified[c - 1] = value;
        else
            e->self[c - 1] = value;
    }
    PQclear (r);
    r = store_query (store, "SELECT o.code, t.amount FROM opd_base_tpp t JOIN opds o ON o.id = t.opd_id"
                      " WHERE t.period_id = $1", 1, v, PGRES_TUPLES_OK);
    if (!r)
        goto err;
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = bsearch (store_value (r, i, "code"), ranking->entries, ranking->count,
                                      sizeof *e, s_entry_by_code);
        if (e)
            e->base_tpp = strtoll (store_value (r, i, "amount"), NULL, 10);
    }
    PQclear (r);
    ranking_compute (ranking->entries, ranking->count, &ranking->rules);
    return ranking;
err:
    ranking_destroy (&ranking);
    return NULL;
}

/*  "{8750,NULL,...}" for an int[] parameter.  */
static void
s_array (const int32_t values[COMPONENT_COUNT], char *buf, size_t size, bool unsigned_weights)
{
    size_t n = (size_t) snprintf (buf, size, "{");
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        int32_t v = values[c];
        if (!unsigned_weights && v == RANKING_NO_SCORE)
            n += (size_t) snprintf (buf + n, size - n, "%sNULL", c ? "," : "");
        else
            n += (size_t) snprintf (buf + n, size - n, "%s%d", c ? "," : "", v);
    }
    snprintf (buf + n, size - n, "}");
}

void
ranking_store_parse_array (const char *text, int32_t out[COMPONENT_COUNT])
{
    const char *p = text + (*text == '{');
    for (int c = 0; c < COMPONENT_COUNT; c++) {
        out[c] = strncmp (p, "NULL", 4) == 0 ? RANKING_NO_SCORE : (int32_t) strtol (p, NULL, 10);
        p = strchr (p, ',');
        if (!p)
            break;
        p++;
    }
}

bool
ranking_store_save (store_t *store, const char *period_id, ranking_t *ranking, const char *actor)
{
    const char *v[] = { period_id };
    PGresult *r = store_query (store,
        "SELECT coalesce(max(seq), 0) + 1 AS seq,"
        "       (extract(epoch FROM now()) * 1000000)::bigint AS now_us FROM rankings",
        0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return false;
    ranking->seq = strtoull (store_value (r, 0, "seq"), NULL, 10);
    ranking->finalized_at_us = strtoll (store_value (r, 0, "now_us"), NULL, 10);
    PQclear (r);
    ranking->provisional = false;
    ranking->revision = 1;
    snprintf (ranking->finalized_by, sizeof ranking->finalized_by, "%s", actor);

    char seq[24], weights[96], n[12], p[12], q[12];
    snprintf (seq, sizeof seq, "%llu", (unsigned long long) ranking->seq);
    s_array ((const int32_t *) ranking->rules.weights, weights, sizeof weights, true);
    snprintf (n, sizeof n, "%u", ranking->rules.reward_n);
    snprintf (p, sizeof p, "%u", ranking->rules.reward_pct);
    snprintf (q, sizeof q, "%u", ranking->rules.punish_pct);
    const char *hv[] = { v[0], seq, actor, weights, n, p, q };
    r = store_query (store,
        "INSERT INTO rankings (period_id, seq, finalized_at, finalized_by, weights,"
        "                      reward_n, reward_pct, punish_pct)"
        " VALUES ($1, $2, now(), $3, $4, $5, $6, $7)", 7, hv, PGRES_COMMAND_OK);
    PQclear (r);
    if (!r)
        return false;

    /*  Every entry in one COPY: at 30,000 OPDs, row-by-row INSERTs were
        most of finalization's time.  */
    size_t cap = ranking->count * 320 + 1;   /*  a row is under 200 bytes  */
    char *data = malloc (cap);
    if (!data)
        return false;
    size_t used = 0;
    for (size_t i = 0; i < ranking->count; i++) {
        const ranking_entry_t *e = &ranking->entries[i];
        char verified[96], self[96], base[24] = "\\N", rupiah[24] = "\\N";
        s_array (e->verified, verified, sizeof verified, false);
        s_array (e->self, self, sizeof self, false);
        if (e->base_tpp != RANKING_NO_TPP) {
            snprintf (base, sizeof base, "%lld", (long long) e->base_tpp);
            snprintf (rupiah, sizeof rupiah, "%lld", (long long) e->tpp_rupiah);
        }
        used += (size_t) snprintf (data + used, cap - used,
            "%s\t%lld\t%zu\t%u\t%d\t%s\t%s\t%d\t%s\t%s\t%c\t%c\t%c\n",
            period_id, (long long) e->row_id, i + 1, e->rank, e->total_centi, verified, self,
            e->tpp_pct, base, rupiah, e->incomplete ? 't' : 'f', e->best ? 't' : 'f',
            e->worst ? 't' : 'f');
    }
    bool ok = store_copy (store,
        "COPY ranking_entries (period_id, opd_id, position, rank, total_centi, verified, self,"
        " tpp_pct, base_tpp, tpp_rupiah, incomplete, best, worst) FROM STDIN", data, used);
    free (data);
    return ok;
}

int
ranking_store_load (store_t *store, const char *period_code, uint64_t seq, ranking_t **out)
{
    char seq_text[24];
    snprintf (seq_text, sizeof seq_text, "%llu", (unsigned long long) seq);
    const char *v[] = { period_code, seq_text };
    PGresult *h = store_query (store,
        "SELECT r.period_id, p.code, r.seq, r.revision, r.finalized_by, r.weights,"
        "       r.reward_n, r.reward_pct, r.punish_pct,"
        "       (extract(epoch FROM r.finalized_at) * 1000000)::bigint AS finalized_at_us"
        "  FROM rankings r JOIN periods p ON p.id = r.period_id"
        " WHERE CASE WHEN $2::bigint > 0 THEN r.seq = $2::bigint"
        "            ELSE $1 = '' OR p.code = $1 END"
        " ORDER BY r.seq DESC LIMIT 1", 2, v, PGRES_TUPLES_OK);
    if (!h)
        return -1;
    if (PQntuples (h) == 0) {
        PQclear (h);
        return 0;
    }
    const char *id[] = { store_value (h, 0, "period_id") };
    PGresult *r = store_query (store,
        "SELECT o.code, o.name, e.rank, e.total_centi, e.verified, e.self, e.tpp_pct,"
        "       e.base_tpp, e.tpp_rupiah, e.incomplete, e.best, e.worst"
        "  FROM ranking_entries e JOIN opds o ON o.id = e.opd_id"
        " WHERE e.period_id = $1 ORDER BY e.position", 1, id, PGRES_TUPLES_OK);
    ranking_t *ranking = r ? ranking_new ((size_t) PQntuples (r)) : NULL;
    if (!ranking) {
        PQclear (h);
        PQclear (r);
        return -1;
    }
    snprintf (ranking->period, sizeof ranking->period, "%s", store_value (h, 0, "code"));
    ranking->seq = strtoull (store_value (h, 0, "seq"), NULL, 10);
    ranking->revision = (uint32_t) atoi (store_value (h, 0, "revision"));
    ranking->finalized_at_us = strtoll (store_value (h, 0, "finalized_at_us"), NULL, 10);
    snprintf (ranking->finalized_by, sizeof ranking->finalized_by, "%s", store_value (h, 0, "finalized_by"));
    int32_t weights[COMPONENT_COUNT];
    ranking_store_parse_array (store_value (h, 0, "weights"), weights);
    for (int c = 0; c < COMPONENT_COUNT; c++)
        ranking->rules.weights[c] = (uint32_t) weights[c];
    ranking->rules.reward_n = (uint32_t) atoi (store_value (h, 0, "reward_n"));
    ranking->rules.reward_pct = (uint32_t) atoi (store_value (h, 0, "reward_pct"));
    ranking->rules.punish_pct = (uint32_t) atoi (store_value (h, 0, "punish_pct"));
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = &ranking->entries[i];
        snprintf (e->code, sizeof e->code, "%s", store_value (r, i, "code"));
        snprintf (e->name, sizeof e->name, "%s", store_value (r, i, "name"));
        e->rank = (uint32_t) atoi (store_value (r, i, "rank"));
        e->total_centi = atoi (store_value (r, i, "total_centi"));
        ranking_store_parse_array (store_value (r, i, "verified"), e->verified);
        ranking_store_parse_array (store_value (r, i, "self"), e->self);
        e->tpp_pct = atoi (store_value (r, i, "tpp_pct"));
        bool tpp = !PQgetisnull (r, i, PQfnumber (r, "base_tpp"));
        e->base_tpp = tpp ? strtoll (store_value (r, i, "base_tpp"), NULL, 10) : RANKING_NO_TPP;
        e->tpp_rupiah = tpp ? strtoll (store_value (r, i, "tpp_rupiah"), NULL, 10) : 0;
        e->incomplete = strcmp (store_value (r, i, "incomplete"), "t") == 0;
        e->best = strcmp (store_value (r, i, "best"), "t") == 0;
        e->worst = strcmp (store_value (r, i, "worst"), "t") == 0;
    }
    PQclear (h);
    PQclear (r);
    *out = ranking;
    return 1;
}

