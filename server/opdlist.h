/*  opdlist.h: OPD_IMPORT, a whole list of OPDs registered in the admin
    request's transaction (quarter_admin): all of them or none.  */
#ifndef RAPOR_OPDLIST_H
#define RAPOR_OPDLIST_H

#include "admin.h"
#include "codec.h"
#include "store.h"

/*  Registers every row of a->imports not registered yet, then makes each
    row's OPD the default assessor of the components it lists (table
    assessor_defaults; periods opened later copy it). A row whose code
    is registered with the same name and kind is left as it is (importing
    a file twice changes nothing); with another name or kind it is a
    problem (admin_refused, field "opds[i].code"), and the caller rolls
    everything back. 1 done (problems may have been added), -1 the
    database failed or memory ran out.  */
int opdlist_import (store_t *store, const admin_t *a, reply_t *reply);

#endif
