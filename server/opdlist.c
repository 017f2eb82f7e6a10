/*  opdlist.c: see opdlist.h. One statement for the whole list: the rows
    travel as three array parameters (pgarray.h), so no text is ever
    spliced into SQL and a list of 500 costs one round trip.  */
#include "opdlist.h"
#include "i18n.h"
#include "pgarray.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
opdlist_import (store_t *store, const admin_t *a, reply_t *reply)
{
    pgarray_t *columns[3] = { pgarray_new (), pgarray_new (), pgarray_new () };
    const char *v[3] = { NULL, NULL, NULL };
    bool ok = columns[0] && columns[1] && columns[2];
    for (size_t i = 0; ok && i < a->import_count; i++) {
        const admin_opd_t *row = &a->imports[i];
        pgarray_add_text (columns[0], row->code, row->code_len);
        pgarray_add_text (columns[1], row->name, row->name_len);
        pgarray_add_text (columns[2], row->kind, row->kind_len);
    }
    for (int c = 0; ok && c < 3; c++)
        ok = (v[c] = pgarray_text (columns[c])) != NULL;
    PGresult *r = NULL;
    if (ok)
        /*  The outer SELECT reads opds as they were before this statement
            (one snapshot): a row it finds was registered already.  */
        r = store_query (store,
            "WITH list AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[])"
            "                  WITH ORDINALITY AS t (code, name, kind, i)),"
            "     added AS (INSERT INTO opds (code, name, kind)"
            "               SELECT code, name, kind FROM list ORDER BY i"
            "               ON CONFLICT (code) DO NOTHING RETURNING code)"
            " SELECT l.i - 1 AS row, l.code, a.code IS NOT NULL AS added,"
            "        coalesce(o.name, '') AS old_name, coalesce(o.kind, '') AS old_kind,"
            "        coalesce(o.name = l.name AND o.kind = l.kind, false) AS same"
            "   FROM list l LEFT JOIN added a ON a.code = l.code"
            "   LEFT JOIN opds o ON o.code = l.code"
            "  ORDER BY l.i",
            3, v, PGRES_TUPLES_OK);
    for (int c = 0; c < 3; c++)
        pgarray_destroy (&columns[c]);
    if (!r)
        return -1;
    size_t added = 0, kept = 0;
    for (int i = 0; i < PQntuples (r); i++) {
        if (strcmp (store_value (r, i, "added"), "t") == 0)
            added++;
        else
        if (strcmp (store_value (r, i, "same"), "t") == 0)
            kept++;
        else {
            char field[PROBLEM_FIELD_MAX];
            snprintf (field, sizeof field, "opds[%s].code", store_value (r, i, "row"));
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, field,
                          _("%s is already registered as \"%.80s\" (%s); change it with opd "
                          "add/deactivate, or make this line match."),
                          store_value (r, i, "code"), store_value (r, i, "old_name"),
                          store_value (r, i, "old_kind"));
        }
    }
    snprintf (reply->summary, sizeof reply->summary,
              _("%zu OPD%s imported: %zu added, %zu already registered as listed."),
              added + kept, added + kept == 1 ? "" : "s", added, kept);
    PQclear (r);
    return 1;
}
