/*  digest.c: see digest.h. One writer produces the encoding, either into
    SHA-256 directly (rapord at 30,000 OPDs hashes some 6 MB: no copy) or
    into a buffer (tests and anyone who wants to see the bytes).  */
#include "digest.h"
#include "hex.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    crypto_hash_sha256_state *hash;     /*  either this ...  */
    char *buf;                          /*  ... or this, grown as needed  */
    size_t len, cap;
    bool failed;                        /*  out of memory  */
} writer_t;

static void
s_write (writer_t *w, const char *data, size_t len)
{
    if (w->hash) {
        crypto_hash_sha256_update (w->hash, (const unsigned char *) data, len);
        return;
    }
    if (w->failed)
        return;
    if (w->len + len > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->len + len)
            cap *= 2;
        char *grown = realloc (w->buf, cap);
        if (!grown) {
            w->failed = true;
            return;
        }
        w->buf = grown;
        w->cap = cap;
    }
    memcpy (w->buf + w->len, data, len);
    w->len += len;
}

/*  "key=value\n" with a value formatted by the caller (numbers: short).  */
static void
s_line (writer_t *w, const char *key, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

static void
s_line (writer_t *w, const char *key, const char *format, ...)
{
    char line[160];
    int n = snprintf (line, sizeof line, "%s=", key);
    va_list args;
    va_start (args, format);
    n += vsnprintf (line + n, sizeof line - (size_t) n, format, args);
    va_end (args);
    s_write (w, line, (size_t) n);
    s_write (w, "\n", 1);
}

/*  "key=text\n" with backslash and line feed escaped, so the text cannot
    end its line early or imitate the next one.  */
static void
s_text (writer_t *w, const char *key, const char *text)
{
    s_write (w, key, strlen (key));
    s_write (w, "=", 1);
    const char *run = text;
    for (const char *p = text; *p; p++) {
        if (*p != '\\' && *p != '\n')
            continue;
        s_write (w, run, (size_t) (p - run));
        s_write (w, *p == '\\' ? "\\\\" : "\\n", 2);
        run = p + 1;
    }
    s_write (w, run, strlen (run));
    s_write (w, "\n", 1);
}

static void
s_scores (writer_t *w, const char *key, const int32_t *values)
{
    char text[COMPONENT_COUNT * 12];
    size_t n = 0;
    for (int c = 0; c < COMPONENT_COUNT; c++)
        n += (size_t) snprintf (text + n, sizeof text - n, "%s%d", c ? "," : "",
                                values[c] == RANKING_NO_SCORE ? -1 : values[c]);
    s_line (w, key, "%s", text);
}

static void
s_encode (writer_t *w, const ranking_t *r)
{
    s_write (w, DIGEST_FORMAT "\n", strlen (DIGEST_FORMAT) + 1);
    s_text (w, "period", r->period);
    s_line (w, "revision", "%u", r->revision);
    s_line (w, "seq", "%llu", (unsigned long long) r->seq);
    s_line (w, "finalized_at_us", "%lld", (long long) r->finalized_at_us);
    s_text (w, "finalized_by", r->finalized_by);
    s_scores (w, "weights", (const int32_t *) r->rules.weights);
    s_line (w, "reward_n", "%u", r->rules.reward_n);
    s_line (w, "reward_pct", "%u", r->rules.reward_pct);
    s_line (w, "punish_pct", "%u", r->rules.punish_pct);
    s_text (w, "force_reason", r->force_reason);
    s_line (w, "entries", "%zu", r->count);
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        bool tpp = e->base_tpp != RANKING_NO_TPP;
        s_line (w, "entry", "%zu", i + 1);
        s_line (w, "rank", "%u", e->rank);
        s_text (w, "opd", e->code);
        s_text (w, "name", e->name);
        s_scores (w, "verified", e->verified);
        s_scores (w, "self", e->self);
        s_line (w, "total_centi", "%d", e->total_centi);
        s_line (w, "tpp_pct", "%d", e->tpp_pct);
        if (tpp) {
            s_line (w, "base_tpp", "%lld", (long long) e->base_tpp);
            s_line (w, "tpp_rupiah", "%lld", (long long) e->tpp_rupiah);
        }
        else {
            s_line (w, "base_tpp", "%s", "");
            s_line (w, "tpp_rupiah", "%s", "");
        }
        s_line (w, "incomplete", "%d", e->incomplete);
        s_line (w, "best", "%d", e->best);
        s_line (w, "worst", "%d", e->worst);
    }
}

char *
digest_encode (const ranking_t *ranking, size_t *size)
{
    writer_t w = { 0 };
    s_encode (&w, ranking);
    if (w.failed || !w.buf) {
        free (w.buf);
        return NULL;
    }
    *size = w.len;
    return w.buf;
}

bool
digest_compute (const ranking_t *ranking, char *hex)
{
    if (sodium_init () < 0)
        return false;
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init (&state);
    writer_t w = { .hash = &state };
    s_encode (&w, ranking);
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final (&state, sum);
    hex_encode (sum, sizeof sum, hex);
    return true;
}

bool
digest_matches (const ranking_t *ranking)
{
    char hex[RANKING_DIGEST_HEX + 1];
    return strlen (ranking->digest) == RANKING_DIGEST_HEX && digest_compute (ranking, hex)
        && strcmp (hex, ranking->digest) == 0;
}
