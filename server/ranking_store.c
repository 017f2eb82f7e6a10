/*  ranking_store.c: a quarter's ranking and the database: computed from
    the latest scores, saved in batches at finalization, loaded for
    snapshots. The arithmetic is common/ranking.c's.  */
#include "ranking_store.h"
#include "digest.h"
#include "log.h"
#include "store_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  An entry found by the database's opds.id: entries are kept by code,
    so a second index, sorted by id, is searched.  */
typedef struct {
    int64_t row_id;
    size_t entry;
} by_id_t;

static int
s_by_id_order (const void *a, const void *b)
{
    int64_t x = ((const by_id_t *) a)->row_id, y = ((const by_id_t *) b)->row_id;
    return x < y ? -1 : x > y;
}

static ranking_entry_t *
s_entry (ranking_t *ranking, const by_id_t *index, int64_t row_id)
{
    by_id_t key = { .row_id = row_id };
    const by_id_t *found = bsearch (&key, index, ranking->count, sizeof key, s_by_id_order);
    return found ? &ranking->entries[found->entry] : NULL;
}

static int
s_entry_order (const void *a, const void *b)
{
    return strcmp (((const ranking_entry_t *) a)->code, ((const ranking_entry_t *) b)->code);
}

/*  Every score of the period, unsorted; the value that counts for each
    (OPD, kind, component) is the one from the latest submission, picked
    here. Sorting 180,000 rows in the database (DISTINCT ON) took longer
    than reading them all.  */
static bool
s_latest_scores (store_t *store, const char *period_id, ranking_t *ranking,
                 const by_id_t *index)
{
    const char *v[] = { period_id };
    PGresult *r = store_query (store,
        "SELECT s.opd_id, s.kind = 'verified' AS verified, sc.component_id, sc.score_centi, s.id"
        "  FROM scores sc JOIN submissions s ON s.id = sc.submission_id"
        " WHERE s.period_id = $1", 1, v, PGRES_TUPLES_OK);
    if (!r)
        return false;
    /*  latest[e][kind][c]: the submission whose value entry e holds.  */
    int64_t (*latest)[2][COMPONENT_COUNT] = calloc (ranking->count ? ranking->count : 1,
                                                     sizeof *latest);
    if (!latest) {
        PQclear (r);
        return false;
    }
    int col_opd = PQfnumber (r, "opd_id"), col_verified = PQfnumber (r, "verified"),
        col_c = PQfnumber (r, "component_id"), col_score = PQfnumber (r, "score_centi"),
        col_id = PQfnumber (r, "id");
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = s_entry (ranking, index, strtoll (PQgetvalue (r, i, col_opd), NULL, 10));
        int c = atoi (PQgetvalue (r, i, col_c));
        if (!e || c < 1 || c > COMPONENT_COUNT)
            continue;       /*  an OPD deactivated since: not ranked  */
        int kind = PQgetvalue (r, i, col_verified)[0] == 't';
        int64_t id = strtoll (PQgetvalue (r, i, col_id), NULL, 10);
        int64_t *held = &latest[e - ranking->entries][kind][c - 1];
        if (id < *held)
            continue;
        *held = id;
        int32_t value = atoi (PQgetvalue (r, i, col_score));
        if (kind)
            e->verified[c - 1] = value;
        else
            e->self[c - 1] = value;
    }
    free (latest);
    PQclear (r);
    return true;
}

static ranking_t *s_fill (store_t *store, const char *period_id, ranking_t *ranking);

/*  An OPD's name, cut if it must be at a character boundary: it is stored
    with the ranking, and the database takes only whole UTF-8.  */
static void
s_name (char *dst, size_t size, const char *name)
{
    size_t n = strlen (name);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char) name[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy (dst, name, n);
    dst[n] = '\0';
}

ranking_t *
ranking_store_compute (store_t *store, const char *period_code, const char *period_id,
                       const ranking_rules_t *rules)
{
    PGresult *r = store_query (store, "SELECT id, code, name FROM opds WHERE active",
                               0, NULL, PGRES_TUPLES_OK);
    if (!r)
        return NULL;
    ranking_t *ranking = ranking_new ((size_t) PQntuples (r));
    int col_id = PQfnumber (r, "id"), col_code = PQfnumber (r, "code"),
        col_name = PQfnumber (r, "name");
    for (int i = 0; ranking && i < PQntuples (r); i++) {
        ranking_entry_t *e = &ranking->entries[i];
        snprintf (e->code, sizeof e->code, "%s", PQgetvalue (r, i, col_code));
        s_name (e->name, sizeof e->name, PQgetvalue (r, i, col_name));
        e->row_id = strtoll (PQgetvalue (r, i, col_id), NULL, 10);
    }
    PQclear (r);
    if (!ranking)
        return NULL;
    snprintf (ranking->period, sizeof ranking->period, "%s", period_code);
    ranking->rules = *rules;
    ranking->provisional = true;
    return s_fill (store, period_id, ranking);
}

ranking_t *
ranking_store_recompute (store_t *store, const char *period_id, const ranking_t *stored)
{
    ranking_t *ranking = ranking_new (stored->count);
    if (!ranking)
        return NULL;
    for (size_t i = 0; i < stored->count; i++) {
        ranking_entry_t *e = &ranking->entries[i];
        memcpy (e->code, stored->entries[i].code, sizeof e->code);
        memcpy (e->name, stored->entries[i].name, sizeof e->name);
        e->row_id = stored->entries[i].row_id;
    }
    memcpy (ranking->period, stored->period, sizeof ranking->period);
    ranking->rules = stored->rules;
    ranking->provisional = true;
    return s_fill (store, period_id, ranking);
}

/*  Scores, base TPP and the arithmetic for a ranking whose entries name
    their OPDs (code, name, row_id). Takes the ranking; NULL on failure.  */
static ranking_t *
s_fill (store_t *store, const char *period_id, ranking_t *ranking)
{
    PGresult *r;
    /*  By code in byte order, whatever the database's collation.  */
    qsort (ranking->entries, ranking->count, sizeof *ranking->entries, s_entry_order);
    by_id_t *index = malloc ((ranking->count ? ranking->count : 1) * sizeof *index);
    if (!index)
        goto err;
    for (size_t i = 0; i < ranking->count; i++)
        index[i] = (by_id_t) { .row_id = ranking->entries[i].row_id, .entry = i };
    qsort (index, ranking->count, sizeof *index, s_by_id_order);
    if (!s_latest_scores (store, period_id, ranking, index))
        goto err;
    const char *v[] = { period_id };
    r = store_query (store, "SELECT t.opd_id, t.amount FROM opd_base_tpp t WHERE t.period_id = $1",
                     1, v, PGRES_TUPLES_OK);
    if (!r)
        goto err;
    for (int i = 0; i < PQntuples (r); i++) {
        ranking_entry_t *e = s_entry (ranking, index, strtoll (store_value (r, i, "opd_id"), NULL, 10));
        if (e)
            e->base_tpp = strtoll (store_value (r, i, "amount"), NULL, 10);
    }
    PQclear (r);
    free (index);
    ranking_compute (ranking->entries, ranking->count, &ranking->rules);
    return ranking;
err:
    free (index);
    ranking_destroy (&ranking);
    return NULL;
}

/*  Text as a field of COPY's text format: backslash, tab, newline and
    carriage return escaped. Returns the bytes written (at most twice the
    text's length).  */
static size_t
s_copy_field (char *dst, const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        char escaped = *p == '\\' ? '\\' : *p == '\t' ? 't' : *p == '\n' ? 'n'
                     : *p == '\r' ? 'r' : 0;
        if (escaped) {
            dst[n++] = '\\';
            dst[n++] = escaped;
        }
        else
            dst[n++] = *p;
    }
    return n;
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
    /*  Everything the digest covers is final from here on, and is what
        the rows below store (ranking_store_load gives it back unchanged).  */
    if (!digest_compute (ranking, ranking->digest))
        return false;

    char seq[24], weights[96], n[12], p[12], q[12];
    snprintf (seq, sizeof seq, "%llu", (unsigned long long) ranking->seq);
    s_array ((const int32_t *) ranking->rules.weights, weights, sizeof weights, true);
    snprintf (n, sizeof n, "%u", ranking->rules.reward_n);
    snprintf (p, sizeof p, "%u", ranking->rules.reward_pct);
    snprintf (q, sizeof q, "%u", ranking->rules.punish_pct);
    const char *hv[] = { v[0], seq, actor, weights, n, p, q, ranking->digest, ranking->force_reason };
    r = store_query (store,
        "INSERT INTO rankings (period_id, seq, finalized_at, finalized_by, weights,"
        "                      reward_n, reward_pct, punish_pct, digest, force_reason)"
        " VALUES ($1, $2, now(), $3, $4, $5, $6, $7, $8, $9)", 9, hv, PGRES_COMMAND_OK);
    PQclear (r);
    if (!r)
        return false;

    /*  Every entry in one COPY: at 30,000 OPDs, row-by-row INSERTs were
        most of finalization's time. Each entry keeps the OPD's code and
        name as they are now, so nothing done to opds later changes it.  */
    enum { ROW_MAX = 320 + 2 * (OPD_CODE_MAX + RANKING_NAME_MAX_BYTES) };
    size_t cap = ranking->count * ROW_MAX + 1;
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
            "%s\t%lld\t%zu\t%u\t%d\t%s\t%s\t%d\t%s\t%s\t%c\t%c\t%c\t",
            period_id, (long long) e->row_id, i + 1, e->rank, e->total_centi, verified, self,
            e->tpp_pct, base, rupiah, e->incomplete ? 't' : 'f', e->best ? 't' : 'f',
            e->worst ? 't' : 'f');
        used += s_copy_field (data + used, e->code);
        data[used++] = '\t';
        used += s_copy_field (data + used, e->name);
        data[used++] = '\n';
    }
    bool ok = store_copy (store,
        "COPY ranking_entries (period_id, opd_id, position, rank, total_centi, verified, self,"
        " tpp_pct, base_tpp, tpp_rupiah, incomplete, best, worst, opd_code, opd_name)"
        " FROM STDIN", data, used);
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
        "       r.reward_n, r.reward_pct, r.punish_pct, coalesce(r.digest, '') AS digest,"
        "       r.force_reason,"
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
        "SELECT e.opd_id, e.opd_code AS code, e.opd_name AS name, e.rank, e.total_centi,"
        "       e.verified, e.self, e.tpp_pct, e.base_tpp, e.tpp_rupiah, e.incomplete, e.best,"
        "       e.worst"
        "  FROM ranking_entries e"
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
    snprintf (ranking->digest, sizeof ranking->digest, "%s", store_value (h, 0, "digest"));
    snprintf (ranking->force_reason, sizeof ranking->force_reason, "%s",
              store_value (h, 0, "force_reason"));
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
        s_name (e->name, sizeof e->name, store_value (r, i, "name"));
        e->row_id = strtoll (store_value (r, i, "opd_id"), NULL, 10);
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

