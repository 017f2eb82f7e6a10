/*  bulletin.c: see bulletin.h.  */
#include "bulletin.h"
#include "log.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*  One statement for every followed period: those not finalized, and
    those the bulletin still holds (so that a finalization is told once).
    "complete" counts active OPDs with a verified score for each of the
    six components, as ranking_complete_count does for a ranking.  */
static const char *s_sql =
    "SELECT p.code, p.status,"
    " (SELECT count(*) FROM public.opds WHERE active) AS opds,"
    " (SELECT count(*) FROM (SELECT s.opd_id FROM public.submissions s"
    "    JOIN public.scores sc ON sc.submission_id = s.id"
    "    JOIN public.opds o ON o.id = s.opd_id AND o.active"
    "   WHERE s.period_id = p.id AND s.kind = 'verified'"
    "   GROUP BY s.opd_id HAVING count(DISTINCT sc.component_id) = 6) x) AS complete,"
    " (SELECT count(*) FROM public.objections j"
    "   WHERE j.period_id = p.id AND j.status = 'open') AS open_objections"
    " FROM public.periods p WHERE p.status <> 'finalized' OR p.code = ANY ($1::text[])"
    " ORDER BY p.code DESC LIMIT 16";

struct _bulletin_t {
    store_t *store;
    int repeat_ms;
    bulletin_publish_fn *publish;
    void *arg;
    period_status_t held[BULLETIN_PERIODS];
    size_t count;
    bool changed;               /*  read at the next bulletin_due  */
    bool scores;                /*  read once BULLETIN_SCORES_MS have passed since the last  */
    int64_t last_read_ms;
    int64_t next_repeat_ms;
    bool failing;               /*  the last read failed: said once, retried  */
};

bulletin_t *
bulletin_new (store_t *store, int repeat_ms, bulletin_publish_fn *publish, void *arg)
{
    bulletin_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->store = store;
    self->repeat_ms = repeat_ms;
    self->publish = publish;
    self->arg = arg;
    self->changed = true;       /*  the first read: at start-up  */
    return self;
}

void
bulletin_destroy (bulletin_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free (*self_p);
    *self_p = NULL;
}

void
bulletin_changed (bulletin_t *self)
{
    self->changed = true;
}

void
bulletin_scores (bulletin_t *self)
{
    self->scores = true;
}

static int64_t
s_wall_us (void)
{
    struct timespec wall;
    clock_gettime (CLOCK_REALTIME, &wall);
    return (int64_t) wall.tv_sec * 1000000 + wall.tv_nsec / 1000;
}

/*  The held codes as a PostgreSQL array literal: {"2024-Q3","2024-Q4"}.
    Period codes are digits, '-' and 'Q' only, so nothing needs quoting.  */
static void
s_held_codes (const bulletin_t *self, char *buf, size_t size)
{
    size_t used = (size_t) snprintf (buf, size, "{");
    for (size_t i = 0; i < self->count && used < size; i++)
        used += (size_t) snprintf (buf + used, size - used, "%s\"%s\"", i ? "," : "",
                                   self->held[i].period);
    if (used < size)
        snprintf (buf + used, size - used, "}");
}

static bool
s_same (const period_status_t *a, const period_status_t *b)
{
    return strcmp (a->status, b->status) == 0 && a->complete == b->complete
        && a->opds == b->opds && a->open_objections == b->open_objections;
}

/*  Reads every followed period; publishes those that changed. False if
    the database failed (nothing held changes).  */
static bool
s_read (bulletin_t *self)
{
    if (!store_ensure (self->store))
        return false;
    char codes[BULLETIN_PERIODS * 12 + 4];
    s_held_codes (self, codes, sizeof codes);
    const char *v[] = { codes };
    PGresult *r = store_query (self->store, s_sql, 1, v, PGRES_TUPLES_OK);
    if (!r)
        return false;
    period_status_t fresh[BULLETIN_PERIODS];
    size_t n = 0;
    int64_t now = s_wall_us ();
    for (int i = 0; i < PQntuples (r) && n < BULLETIN_PERIODS; i++) {
        period_status_t *s = &fresh[n++];
        memset (s, 0, sizeof *s);
        snprintf (s->period, sizeof s->period, "%s", store_value (r, i, "code"));
        snprintf (s->status, sizeof s->status, "%s", store_value (r, i, "status"));
        s->opds = (uint32_t) strtoul (store_value (r, i, "opds"), NULL, 10);
        s->complete = (uint32_t) strtoul (store_value (r, i, "complete"), NULL, 10);
        s->open_objections = (uint32_t) strtoul (store_value (r, i, "open_objections"), NULL, 10);
        s->changed_at_us = now;
    }
    PQclear (r);
    /*  Publish what differs from what was held; then hold what is not
        finalized (a finalization is told once, then let go).  */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const period_status_t *before = NULL;
        for (size_t k = 0; k < self->count && !before; k++)
            if (strcmp (self->held[k].period, fresh[i].period) == 0)
                before = &self->held[k];
        if (!before || !s_same (before, &fresh[i]))
            self->publish (self->arg, &fresh[i]);
        if (strcmp (fresh[i].status, "finalized") != 0)
            fresh[kept++] = fresh[i];
    }
    memcpy (self->held, fresh, kept * sizeof fresh[0]);
    self->count = kept;
    return true;
}

int64_t
bulletin_due (bulletin_t *self, int64_t now_ms)
{
    bool scores_due = self->scores && now_ms - self->last_read_ms >= BULLETIN_SCORES_MS;
    if (self->changed || scores_due) {
        /*  Cleared first: what arrives while reading is read next time.  */
        self->changed = self->scores = false;
        self->last_read_ms = now_ms;
        if (s_read (self))
            self->failing = false;
        else {
            if (!self->failing)
                log_warn ("period status not read; will retry in %d ms", BULLETIN_SCORES_MS);
            self->failing = true;
            self->scores = true;        /*  again after BULLETIN_SCORES_MS  */
        }
    }
    else
    if (now_ms >= self->next_repeat_ms) {
        for (size_t i = 0; i < self->count; i++)
            self->publish (self->arg, &self->held[i]);
        self->next_repeat_ms = now_ms + self->repeat_ms;
    }
    int64_t wait = self->next_repeat_ms - now_ms;
    if (self->scores) {
        int64_t scores_wait = self->last_read_ms + BULLETIN_SCORES_MS - now_ms;
        if (scores_wait < wait)
            wait = scores_wait;
    }
    return wait > 0 ? wait : 0;
}
