/*  board.c: see board.h.  */
#include "board.h"
#include "period.h"
#include "view.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVENTS_KEPT 64          /*  a reader further behind reloads  */
#define STATUSES_KEPT 8
#define ALERT_MAX 512

typedef struct {
    char period[PERIOD_FIELD_MAX + 1];
    size_t revealed;
} s_reveal_t;

typedef struct {
    uint64_t number;
    char *text;                 /*  "event: ...\ndata: ...\n\n"  */
} s_event_t;

struct _board_t {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool closed;
    ranking_t *rankings[BOARD_PERIODS];     /*  by period, oldest first  */
    size_t count;
    const ranking_t *latest;                /*  the one announced last (highest seq)  */
    char asked[BOARD_PERIODS * 2][PERIOD_FIELD_MAX + 1];   /*  trend periods asked for  */
    size_t asked_count;
    period_status_t statuses[STATUSES_KEPT];
    size_t status_count;
    s_reveal_t reveals[BOARD_PERIODS];
    size_t reveal_count;
    char alert[ALERT_MAX];
    s_event_t events[EVENTS_KEPT];
    uint64_t last_event;
};

board_t *
board_new (void)
{
    board_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    pthread_mutex_init (&self->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init (&attr);
    pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
    pthread_cond_init (&self->changed, &attr);
    pthread_condattr_destroy (&attr);
    return self;
}

void
board_destroy (board_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    board_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++)
        ranking_destroy (&self->rankings[i]);
    for (size_t i = 0; i < EVENTS_KEPT; i++)
        free (self->events[i].text);
    pthread_cond_destroy (&self->changed);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

void
board_close (board_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->closed = true;
    pthread_cond_broadcast (&self->changed);
    pthread_mutex_unlock (&self->lock);
}

/*  Adds an event; `data` is one line of JSON. Under the lock.  */
static void
s_event (board_t *self, const char *type, const char *data)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    if (!out)
        return;
    self->last_event++;
    fprintf (out, "id: %llu\nevent: %s\ndata: %s\n\n", (unsigned long long) self->last_event,
             type, data);
    if (fclose (out) != 0) {
        free (text);
        text = NULL;
    }
    s_event_t *slot = &self->events[self->last_event % EVENTS_KEPT];
    free (slot->text);
    slot->number = self->last_event;
    slot->text = text;
    pthread_cond_broadcast (&self->changed);
}

/*  The ceremony position of `period`, made if new. Under the lock.  */
static s_reveal_t *
s_reveal (board_t *self, const char *period)
{
    for (size_t i = 0; i < self->reveal_count; i++)
        if (strcmp (self->reveals[i].period, period) == 0)
            return &self->reveals[i];
    if (self->reveal_count == BOARD_PERIODS) {      /*  the oldest goes  */
        memmove (&self->reveals[0], &self->reveals[1], (BOARD_PERIODS - 1) * sizeof self->reveals[0]);
        self->reveal_count--;
    }
    s_reveal_t *r = &self->reveals[self->reveal_count++];
    snprintf (r->period, sizeof r->period, "%s", period);
    r->revealed = 0;
    return r;
}

static ranking_t *
s_find (board_t *self, const char *period)
{
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->rankings[i]->period, period) == 0)
            return self->rankings[i];
    return NULL;
}

/*  Keeps `r` in period order; the oldest goes when full, unless it is
    the latest. Returns what is now held for its period, or NULL if `r`
    was dropped (its period's ranking is held already). Under the lock.  */
static ranking_t *
s_keep (board_t *self, ranking_t **ranking_p)
{
    ranking_t *r = *ranking_p;
    *ranking_p = NULL;
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->rankings[i]->period, r->period) == 0) {
            /*  A finalized ranking never changes; keep the one held.  */
            if (self->rankings[i] == self->latest || self->rankings[i]->seq >= r->seq) {
                ranking_destroy (&r);
                return NULL;
            }
            ranking_destroy (&self->rankings[i]);
            self->rankings[i] = r;
            return r;
        }
    if (self->count == BOARD_PERIODS) {
        size_t drop = self->rankings[0] == self->latest ? 1 : 0;
        ranking_destroy (&self->rankings[drop]);
        memmove (&self->rankings[drop], &self->rankings[drop + 1],
                 (self->count - drop - 1) * sizeof self->rankings[0]);
        self->count--;
    }
    size_t at = self->count;
    while (at > 0 && strcmp (self->rankings[at - 1]->period, r->period) > 0)
        at--;
    memmove (&self->rankings[at + 1], &self->rankings[at],
             (self->count - at) * sizeof self->rankings[0]);
    self->rankings[at] = r;
    self->count++;
    return r;
}

void
board_ranking (board_t *self, ranking_t **ranking_p, const char *check, bool announced)
{
    ranking_t *r = *ranking_p;
    pthread_mutex_lock (&self->lock);
    char data[256];
    if (strcmp (check, "ok") != 0) {
        /*  Never shown: the hall must not act on a ranking nobody finalized.  */
        snprintf (self->alert, sizeof self->alert, "Peringkat %s (urutan %llu) TIDAK cocok "
                  "dengan digest-nya (%s) dan tidak ditampilkan. Minta Inspektorat "
                  "menjalankan: rapor-admin verify %s", r->period, (unsigned long long) r->seq,
                  strcmp (check, "missing") == 0 ? "tidak ada digest" : "berbeda", r->period);
        snprintf (data, sizeof data, "{\"period\":\"%s\",\"seq\":%llu,\"digest_check\":\"%s\"}",
                  r->period, (unsigned long long) r->seq, check);
        s_event (self, "alert", data);
        pthread_mutex_unlock (&self->lock);
        return;
    }
    bool newest = announced && (!self->latest || r->seq > self->latest->seq);
    snprintf (data, sizeof data, "{\"period\":\"%s\",\"seq\":%llu}", r->period,
              (unsigned long long) r->seq);
    ranking_t *kept = s_keep (self, ranking_p);
    if (newest && kept) {
        self->latest = kept;
        s_event (self, "ranking", data);
    }
    pthread_mutex_unlock (&self->lock);
}

void
board_status (board_t *self, const period_status_t *status)
{
    pthread_mutex_lock (&self->lock);
    period_status_t *slot = NULL;
    for (size_t i = 0; i < self->status_count && !slot; i++)
        if (strcmp (self->statuses[i].period, status->period) == 0)
            slot = &self->statuses[i];
    bool same = slot && slot->complete == status->complete && slot->opds == status->opds
             && slot->open_objections == status->open_objections
             && strcmp (slot->status, status->status) == 0;
    if (!slot) {
        if (self->status_count == STATUSES_KEPT) {  /*  the oldest period goes  */
            size_t oldest = 0;
            for (size_t i = 1; i < self->status_count; i++)
                if (strcmp (self->statuses[i].period, self->statuses[oldest].period) < 0)
                    oldest = i;
            self->statuses[oldest] = self->statuses[--self->status_count];
        }
        slot = &self->statuses[self->status_count++];
    }
    *slot = *status;
    if (!same) {
        size_t size = 0;
        char *json = view_status (status, self->latest, self->alert, true, &size);
        if (json)
            s_event (self, "status", json);
        free (json);
    }
    pthread_mutex_unlock (&self->lock);
}

size_t
board_trend_wanted (board_t *self, char (*periods)[8], size_t max)
{
    size_t n = 0;
    pthread_mutex_lock (&self->lock);
    period_t p;
    if (self->latest && period_parse (self->latest->period, strlen (self->latest->period), &p))
        for (int back = 1; back <= BOARD_TREND && n < max; back++) {
            if (--p.quarter == 0) {
                p.quarter = 4;
                p.year--;
            }
            if (p.year < PERIOD_YEAR_MIN)
                break;
            char code[PERIOD_TEXT_LEN + 1];
            period_format (p, code, sizeof code);
            bool asked = s_find (self, code) != NULL;
            for (size_t i = 0; i < self->asked_count && !asked; i++)
                asked = strcmp (self->asked[i], code) == 0;
            if (asked)
                continue;
            if (self->asked_count == sizeof self->asked / sizeof self->asked[0]) {
                memmove (&self->asked[0], &self->asked[1],
                         (self->asked_count - 1) * sizeof self->asked[0]);
                self->asked_count--;
            }
            snprintf (self->asked[self->asked_count++], sizeof self->asked[0], "%s", code);
            snprintf (periods[n++], 8, "%s", code);
        }
    pthread_mutex_unlock (&self->lock);
    return n;
}

void
board_state_write (board_t *self, FILE *file)
{
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->reveal_count; i++)
        fprintf (file, "upacara %s %zu\n", self->reveals[i].period, self->reveals[i].revealed);
    pthread_mutex_unlock (&self->lock);
}

void
board_state_load (board_t *self, const char *path)
{
    FILE *f = path ? fopen (path, "r") : NULL;
    if (!f)
        return;
    char line[128];
    pthread_mutex_lock (&self->lock);
    while (fgets (line, sizeof line, f)) {
        char period[16];
        size_t revealed = 0;
        period_t p;
        if (sscanf (line, "upacara %15s %zu", period, &revealed) == 2
        &&  period_parse (period, strlen (period), &p))
            s_reveal (self, period)->revealed = revealed;
    }
    pthread_mutex_unlock (&self->lock);
    fclose (f);
}

char *
board_ranking_json (board_t *self, const char *period, size_t *size)
{
    char *json = NULL;
    *size = 0;
    pthread_mutex_lock (&self->lock);
    const ranking_t *r = period ? s_find (self, period) : self->latest;
    if (r)
        json = view_ranking (r, "ok", size);
    pthread_mutex_unlock (&self->lock);
    return json;
}

char *
board_status_json (board_t *self, size_t *size)
{
    pthread_mutex_lock (&self->lock);
    /*  The newest period heard of is the one the hall waits for.  */
    const period_status_t *newest = NULL;
    for (size_t i = 0; i < self->status_count; i++)
        if (!newest || strcmp (self->statuses[i].period, newest->period) > 0)
            newest = &self->statuses[i];
    char *json = view_status (newest, self->latest, self->alert, true, size);
    pthread_mutex_unlock (&self->lock);
    return json;
}

char *
board_opd_json (board_t *self, const char *code, size_t *size)
{
    pthread_mutex_lock (&self->lock);
    const ranking_t *list[BOARD_PERIODS];
    size_t n = 0;
    /*  The trend ends with the latest ranking, never with one older.  */
    for (size_t i = 0; i < self->count; i++)
        if (self->latest && strcmp (self->rankings[i]->period, self->latest->period) <= 0)
            list[n++] = self->rankings[i];
    char *json = view_opd (code, list, n, size);
    pthread_mutex_unlock (&self->lock);
    return json;
}

char *
board_upacara_json (board_t *self, int step, size_t *size)
{
    pthread_mutex_lock (&self->lock);
    const ranking_t *r = self->latest;
    size_t revealed = 0;
    if (r) {
        s_reveal_t *pos = s_reveal (self, r->period);
        if (step > 0 && pos->revealed < r->count)
            pos->revealed++;
        if (step < 0 && pos->revealed > 0)
            pos->revealed--;
        if (pos->revealed > r->count)
            pos->revealed = r->count;
        revealed = pos->revealed;
        if (step) {
            /*  Screens showing the ceremony follow; the event names no OPD.  */
            char data[128];
            snprintf (data, sizeof data, "{\"period\":\"%s\",\"revealed\":%zu}", r->period,
                      revealed);
            s_event (self, "upacara", data);
        }
    }
    char *json = view_upacara (r, revealed, size);
    pthread_mutex_unlock (&self->lock);
    return json;
}

uint64_t
board_event_last (board_t *self)
{
    pthread_mutex_lock (&self->lock);
    uint64_t last = self->last_event;
    pthread_mutex_unlock (&self->lock);
    return last;
}

char *
board_events (board_t *self, uint64_t *cursor, int timeout_ms, bool *closed)
{
    struct timespec until;
    clock_gettime (CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long) (timeout_ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock (&self->lock);
    while (!self->closed && self->last_event <= *cursor)
        if (pthread_cond_timedwait (&self->changed, &self->lock, &until) == ETIMEDOUT)
            break;
    *closed = self->closed;
    char *text = NULL;
    if (!self->closed && self->last_event > *cursor) {
        size_t size = 0;
        FILE *out = open_memstream (&text, &size);
        if (out) {
            /*  Too far behind: the page reloads its data instead.  */
            if (self->last_event - *cursor > EVENTS_KEPT)
                fprintf (out, "id: %llu\nevent: reload\ndata: {}\n\n",
                         (unsigned long long) self->last_event);
            else
                for (uint64_t n = *cursor + 1; n <= self->last_event; n++) {
                    const s_event_t *e = &self->events[n % EVENTS_KEPT];
                    if (e->number == n && e->text)
                        fputs (e->text, out);
                }
            if (fclose (out) != 0) {
                free (text);
                text = NULL;
            }
        }
        *cursor = self->last_event;
    }
    pthread_mutex_unlock (&self->lock);
    return text;
}
