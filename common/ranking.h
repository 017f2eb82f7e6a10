/*  ranking.h: a quarter's totals, ranks and TPP consequences.

    Pure arithmetic on integers, so it is tested table by table and used
    unchanged by rapord (finalization, provisional standings) and by the
    tools. The rules, stated once (docs/PROTOCOL.md repeats them):

    1. total = sum(w_i * s_i) / sum(w_i), s_i in hundredths, a missing
       verified score counting as 0; the quotient is rounded half up to
       whole hundredths.
    2. Order by total descending, then OPD code ascending (byte order).
       Competition ranking: rank = 1 + the number of OPDs with a strictly
       higher total (1, 2, 2, 4). rank_from_bottom likewise from below.
    3. rank <= N: +P% TPP. rank_from_bottom <= N: -Q% TPP, unless the OPD
       is also rewarded (with fewer than 2N OPDs the reward wins).
    4. best: rank 1; worst: rank_from_bottom 1 (ties name several). When
       every OPD ties (an empty quarter), none is named best or worst.
    5. TPP rupiah = base * pct / 100, rounded half away from zero.  */
#ifndef RAPOR_RANKING_H
#define RAPOR_RANKING_H

#include "component.h"
#include "objection.h"
#include "submission.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RANKING_NO_SCORE   (-1)
#define RANKING_NAME_MAX   200        /*  characters  */
#define RANKING_NAME_MAX_BYTES 800    /*  200 characters of UTF-8, as OPD_ADD takes them  */
#define RANKING_WEIGHT_MAX 1000
#define RANKING_BASE_TPP_MAX 10000000000000LL   /*  10 trillion rupiah  */
#define RANKING_NO_TPP     (-1)
#define RANKING_FORCE_REASON_MAX_BYTES 2000   /*  500 characters of UTF-8  */
#define RANKING_DIGEST_HEX 64                 /*  SHA-256, lowercase hex  */

typedef struct {
    uint32_t weights[COMPONENT_COUNT];  /*  1..RANKING_WEIGHT_MAX  */
    uint32_t reward_n;                  /*  N  */
    uint32_t reward_pct;                /*  P  */
    uint32_t punish_pct;                /*  Q  */
} ranking_rules_t;

typedef struct {
    /*  Inputs.  */
    char code[OPD_CODE_MAX + 1];
    char name[RANKING_NAME_MAX_BYTES + 1];
    int32_t verified[COMPONENT_COUNT];  /*  hundredths, or RANKING_NO_SCORE  */
    int32_t self[COMPONENT_COUNT];      /*  shown beside; never counted  */
    int64_t base_tpp;                   /*  rupiah, or RANKING_NO_TPP  */
    /*  Outputs of ranking_compute.  */
    int32_t total_centi;
    uint32_t rank;
    uint32_t rank_from_bottom;
    int32_t tpp_pct;                    /*  +P, -Q or 0  */
    int64_t tpp_rupiah;                 /*  valid if base_tpp != RANKING_NO_TPP  */
    bool incomplete;                    /*  some verified score missing  */
    bool best;
    bool worst;
    int64_t row_id;                     /*  the database's opds.id in rapord; else 0  */
} ranking_entry_t;

/*  A whole ranking, as stored, broadcast and exported.  */
typedef struct {
    char period[PERIOD_FIELD_MAX + 1];
    uint32_t revision;
    uint64_t seq;                       /*  broadcast sequence number  */
    int64_t finalized_at_us;            /*  0 while provisional  */
    char finalized_by[OPD_CODE_MAX + 1];
    bool provisional;
    bool preview;                       /*  what finalizing would announce; nothing stored  */
    ranking_rules_t rules;
    char force_reason[RANKING_FORCE_REASON_MAX_BYTES + 1];  /*  "" unless forced  */
    char digest[RANKING_DIGEST_HEX + 1];                    /*  "" while provisional  */
    size_t count;
    ranking_entry_t *entries;           /*  owned; in rank order  */
    size_t objection_count;
    objection_t *objections;            /*  owned; the period's objections  */
} ranking_t;

void ranking_rules_default (ranking_rules_t *rules);

/*  Weighted total in hundredths, rounded half up. Missing scores are 0.  */
int32_t ranking_total (const int32_t scores[COMPONENT_COUNT],
                       const uint32_t weights[COMPONENT_COUNT]);

/*  base * pct / 100 rupiah, rounded half away from zero.  */
int64_t ranking_tpp_rupiah (int64_t base, int32_t pct);

/*  Fills every output field and sorts the entries into rank order.  */
void ranking_compute (ranking_entry_t *entries, size_t count, const ranking_rules_t *rules);

/*  Allocates `count` zeroed entries with no scores. NULL if out of memory.
    Caller owns the result; free with ranking_destroy.  */
ranking_t *ranking_new (size_t count);

/*  How many entries have every verified score ("complete: 12 of 67").  */
size_t ranking_complete_count (const ranking_t *self);
void ranking_destroy (ranking_t **self_p);

#endif
