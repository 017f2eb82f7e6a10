/*  cardrun.h: writing rapor-card's files: one card per OPD into a
    directory, all cards into one file, the announcement.

    Every file appears whole or not at all (outfile.h): a card that fails
    halfway, for a full disk or a directory that cannot be written, leaves
    no file behind, and the run stops at the first failure.  */
#ifndef RAPOR_CARDRUN_H
#define RAPOR_CARDRUN_H

#include "card.h"

#include <stddef.h>

typedef struct {
    card_page_t page;                               /*  config, logo, the ranking  */
    const ranking_t *earlier[CARD_HISTORY - 1];     /*  [0] oldest; NULL: not finalized  */
    const ranking_entry_t **cards;                  /*  the OPDs to print, in rank order  */
    size_t card_count;
} cardrun_t;

/*  The quarters before `period`, oldest first, into out[CARD_HISTORY - 1]
    (each at least 8 bytes).  */
void cardrun_earlier_periods (const char *period, char out[][16]);

/*  DIR/CODE.pdf for every card. Returns 0 or EXIT_OUTPUT after saying why.  */
int cardrun_directory (const cardrun_t *run, const char *dir);

/*  Every card, one page each, in one PDF.  */
int cardrun_combined (const cardrun_t *run, const char *path);

/*  The announcement of the whole ranking.  */
int cardrun_announcement (const cardrun_t *run, const char *path);

#define EXIT_OUTPUT 5       /*  a file could not be written; nothing partial is left  */

#endif
