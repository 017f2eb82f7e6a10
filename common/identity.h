/*  identity.h: who is asking, as proven by a CURVE key, and what that
    key's role allows. Pure rules, no database: rapord looks the key up,
    then asks identity_authorize; the fuzz target asks the same function.

    The roles:
      opd           self-assessments of its own OPD
      assessor      verified scores, for the components its OPD is the
                    designated assessor of (the designation is the
                    database's to check)
      inspectorate  every admin operation, whatever the kind of its OPD:
                    the role alone decides (quarter.c checks no kind)
      dashboard     snapshots (and subscribing) only
    Every role may ping and fetch snapshots.  */
#ifndef RAPOR_IDENTITY_H
#define RAPOR_IDENTITY_H

#include "codec.h"
#include "problem.h"

#include <stdbool.h>

#define IDENTITY_KEY_LEN 40     /*  Z85 text of a CURVE public key  */

typedef enum {
    ROLE_NONE = 0,
    ROLE_OPD,
    ROLE_ASSESSOR,
    ROLE_INSPECTORATE,
    ROLE_DASHBOARD
} role_t;

typedef struct {
    bool authenticated;                 /*  false only in insecure development mode  */
    char key[IDENTITY_KEY_LEN + 1];
    char opd[OPD_CODE_MAX + 1];
    role_t role;
} identity_t;

/*  "opd", "assessor", "inspectorate", "dashboard"; ROLE_NONE if unknown.  */
role_t role_parse (const char *text);
const char *role_name (role_t role);

/*  Checks that `identity` may make `request`, and binds the request to the
    key: a submission's submitter and an admin actor become the key's OPD.
    A request that claims someone else is refused (submitter_mismatch).
    Without authentication (development mode) the claims stand and
    everything is allowed. Returns true if allowed.  */
bool identity_authorize (const identity_t *identity, request_t *request, problems_t *problems);

/*  An `opd` key speaks for its own OPD: a submission, LIST_SUBMISSIONS or
    OBJECTION_FILE that leaves `opd` empty gets the key's OPD, before any
    other check, so the OPD never has to type what its key already says.
    Not OBJECTION_LIST: there an empty `opd` means "all I may see", which
    an `opd` key is refused (not_own_opd), and rapor-card asks exactly
    that to learn whether its key is an OPD's own. Nothing changes for
    other roles, a filled `opd`, or without keys.  */
void identity_default_opd (const identity_t *identity, request_t *request);

#endif
