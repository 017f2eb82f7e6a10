/*  fetch.h: what rapor-card asks the server: finalized rankings, each
    checked against its digest, and whether its key may print a card.

    Which OPD a key belongs to is the server's knowledge: no reply tells a
    client its own key's OPD or role. The one question whose answer
    depends on exactly that, and that changes nothing, is OBJECTION_LIST
    for an OPD: an `opd` key is answered only for its own OPD (any other,
    or none, gets not_own_opd); `assessor` and `inspectorate` keys are
    answered; a `dashboard` key is refused with not_permitted. rapor-card
    asks it before printing cards and prints only what the answer allows.
    The check is the client's courtesy, not a secret kept: finalized
    rankings are public, and any key may fetch them whole. A refusal is
    written to the server's audit log (so is a dashboard's not_permitted).  */
#ifndef RAPOR_FETCH_H
#define RAPOR_FETCH_H

#include "call.h"
#include "ranking.h"

#include <stdbool.h>

/*  Fetches the finalized ranking of `period` and checks its digest.
    Returns 0 with *out (caller destroys it); or an exit code (submit.h)
    after printing why to stderr: not finalized (EXIT_REJECTED; with
    `missing_ok` it returns 0 with *out NULL instead), digest missing or
    not matching (EXIT_REJECTED), server trouble.  */
int fetch_ranking (const call_options_t *call, const char *period, bool missing_ok,
                   ranking_t **out);

/*  May this key print the card of `opd` ("" for "every OPD")? Returns 0
    with *allowed set, or an exit code after printing why. When the key is
    an OPD's own key and the answer is no, the server's sentence (it names
    the key's OPD) goes to stderr.  */
int fetch_may_print (const call_options_t *call, const char *period, const char *opd,
                     bool *allowed);

#endif
