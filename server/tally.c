/*  tally.c: see tally.h. A fixed array of groups, searched in full: at
    most TALLY_MAX + TALLY_FOLDED of them, fewer than rapord's kinds of
    refusal times the sources of one flood.  */
#include "tally.h"
#include "keyring.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TALLY_MAX 64            /*  groups with their own key or source  */
#define TALLY_FOLDED 16         /*  groups for the rest: "(other)" source  */
#define NAME_MAX_LEN 72         /*  a Z85 key is 40, an IPv6 address at most 45  */
#define RETRY_FLUSH_MS 1000

typedef struct {
    char action[24], outcome[16], reason[40];
    char key[NAME_MAX_LEN + 1], source[NAME_MAX_LEN + 1];
    int64_t count, first_ms, last_ms;
} group_t;

struct _tally_t {
    int64_t summary_ms;
    group_t groups[TALLY_MAX + TALLY_FOLDED];
    size_t group_count;
    int64_t next_flush_ms;
};

tally_t *
tally_new (int64_t summary_ms)
{
    tally_t *self = calloc (1, sizeof *self);
    if (self)
        self->summary_ms = summary_ms;
    return self;
}

void
tally_destroy (tally_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free (*self_p);
    *self_p = NULL;
}

static bool
s_same (const char *a, const char *b)
{
    return strcmp (a, b ? b : "") == 0;
}

bool
tally_count (tally_t *self, const char *action, const char *outcome, const char *reason,
             const char *key, const char *source, int64_t now_ms)
{
    /*  Past TALLY_MAX groups, the key and source are folded into one
        "(other)" group per action, outcome and reason.  */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            key = NULL;
            source = "(other)";
        }
        for (size_t i = 0; i < self->group_count; i++) {
            group_t *g = &self->groups[i];
            if (s_same (g->action, action) && s_same (g->outcome, outcome)
            &&  s_same (g->reason, reason) && s_same (g->key, key) && s_same (g->source, source)) {
                g->count++;
                g->last_ms = now_ms;
                return false;
            }
        }
        size_t room = pass == 0 ? TALLY_MAX : TALLY_MAX + TALLY_FOLDED;
        if (self->group_count < room) {
            group_t *g = &self->groups[self->group_count++];
            memset (g, 0, sizeof *g);
            snprintf (g->action, sizeof g->action, "%s", action);
            snprintf (g->outcome, sizeof g->outcome, "%s", outcome);
            snprintf (g->reason, sizeof g->reason, "%s", reason ? reason : "");
            snprintf (g->key, sizeof g->key, "%s", key ? key : "");
            snprintf (g->source, sizeof g->source, "%s", source ? source : "");
            g->count = 1;
            g->first_ms = g->last_ms = now_ms;
            return true;
        }
    }
    /*  Only if more than TALLY_FOLDED kinds of refusal were pending at once;
        rapord has fewer.  */
    log_warn ("refusal not counted action=%s reason=%s: tally full", action, reason);
    return false;
}

/*  Writes the groups that are due (all of them if `all`) in one statement
    and drops them; on failure keeps them for the next try.  */
static void
s_flush (tally_t *self, store_t *store, int64_t now_ms, bool all)
{
    audit_summary_t rows[TALLY_MAX + TALLY_FOLDED];
    size_t due[TALLY_MAX + TALLY_FOLDED];
    size_t n = 0;
    for (size_t i = 0; i < self->group_count; i++) {
        group_t *g = &self->groups[i];
        if (!all && now_ms - g->first_ms < self->summary_ms)
            continue;
        rows[n] = (audit_summary_t) {
            .key = g->key[0] ? g->key : NULL, .action = g->action, .outcome = g->outcome,
            .reason = g->reason[0] ? g->reason : NULL, .detail = g->source[0] ? g->source : NULL,
            .count = g->count, .first_age_ms = now_ms - g->first_ms,
            .last_age_ms = now_ms - g->last_ms };
        due[n++] = i;
    }
    if (n == 0)
        return;
    if (!keyring_audit_summary (store, rows, n)) {
        log_warn ("refusal summaries not stored yet groups=%zu: retrying in %d ms", n,
                  RETRY_FLUSH_MS);
        self->next_flush_ms = now_ms + RETRY_FLUSH_MS;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        group_t *g = &self->groups[due[k]];
        log_info ("refusals action=%s outcome=%s reason=%s key=%s source=%s count=%lld ms=%lld",
                  g->action, g->outcome, g->reason, g->key[0] ? g->key : "-",
                  g->source[0] ? g->source : "-", (long long) g->count,
                  (long long) (g->last_ms - g->first_ms));
        g->count = 0;
    }
    size_t kept = 0;
    for (size_t i = 0; i < self->group_count; i++)
        if (self->groups[i].count)
            self->groups[kept++] = self->groups[i];
    self->group_count = kept;
}

void
tally_flush (tally_t *self, store_t *store, int64_t now_ms)
{
    if (!self->group_count || now_ms < self->next_flush_ms)
        return;
    /*  Until the oldest group is due, nothing is.  */
    int64_t oldest = self->groups[0].first_ms;
    for (size_t i = 1; i < self->group_count; i++)
        if (self->groups[i].first_ms < oldest)
            oldest = self->groups[i].first_ms;
    if (now_ms - oldest < self->summary_ms) {
        self->next_flush_ms = oldest + self->summary_ms;
        return;
    }
    s_flush (self, store, now_ms, false);
}

void
tally_flush_all (tally_t *self, store_t *store, int64_t now_ms)
{
    s_flush (self, store, now_ms, true);
}

size_t
tally_pending (const tally_t *self)
{
    return self->group_count;
}
