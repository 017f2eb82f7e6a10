/*  limiter.h: a per-key request budget, so one misbehaving client cannot
    starve the others. rapord answers one request at a time and its ROUTER
    socket takes requests from connections in turn, so a single connection
    cannot crowd out others; but one key may open many connections. Each
    key gets at most `limit` requests per second; beyond that, requests are
    answered "unavailable, retry later" without touching the database.  */
#ifndef RAPOR_LIMITER_H
#define RAPOR_LIMITER_H

#include <stdbool.h>
#include <stdint.h>

typedef struct _limiter_t limiter_t;

/*  limit = 0 disables the limiter. NULL on out of memory.  */
limiter_t *limiter_new (int limit);
void limiter_destroy (limiter_t **self_p);

/*  True if the key may make one more request now. *first_refusal is set
    on the first refusal of a window, so callers log and audit once.  */
bool limiter_allow (limiter_t *self, const char *key, int64_t now_ms, bool *first_refusal);

#endif
