/*  opdlist.c: see opdlist.h. One statement for the whole list: the rows
    travel as three array parameters (pgarray.h), so no text is ever
    spliced into SQL and a list of 500 costs one round trip.  */
#include "opdlist.h"
#include "i18n.h"
#include "pgarray.h"
#include "text.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  The designations of the list, after its OPDs are in: each named
    component's default assessor becomes that row's OPD (an OPD that is
    deactivated cannot assess: a problem naming its row). Appends what
    changed to the summary. 1 done, -1 database or memory failure.  */
static int
s_designate (store_t *store, const admin_t *a, reply_t *reply)
{
    pgarray_t *columns[3] = { pgarray_new (), pgarray_new (), pgarray_new () };
    const char *v[3] = { NULL, NULL, NULL };
    bool ok = columns[0] && columns[1] && columns[2];
    size_t pairs = 0;
    for (size_t i = 0; ok && i < a->import_count; i++) {
        const admin_opd_t *row = &a->imports[i];
        for (size_t k = 0; k < row->assess_count; k++) {
            char number[16];
            int n = snprintf (number, sizeof number, "%u", row->assesses[k]);
            pgarray_add_text (columns[0], number, (size_t) n);
            pgarray_add_text (columns[1], row->code, row->code_len);
            n = snprintf (number, sizeof number, "%zu", i);
            pgarray_add_text (columns[2], number, (size_t) n);
            pairs++;
        }
    }
    if (ok && pairs == 0) {
        for (int c = 0; c < 3; c++)
            pgarray_destroy (&columns[c]);
        return 1;
    }
    for (int c = 0; ok && c < 3; c++)
        ok = (v[c] = pgarray_text (columns[c])) != NULL;
    PGresult *r = NULL;
    if (ok)
        /*  One statement: the upsert of the active ones, and every pair
            back with what it found, so a deactivated OPD is named.  */
        r = store_query (store,
            "WITH list AS (SELECT l.component::smallint AS component, l.code, l.row::int AS row,"
            "                     o.id, coalesce(o.active, false) AS active"
            "                FROM unnest($1::text[], $2::text[], $3::text[])"
            "                     AS l (component, code, row)"
            "                LEFT JOIN opds o ON o.code = l.code),"
            "     upserted AS (INSERT INTO assessor_defaults (component_id, opd_id)"
            "             SELECT component, id FROM list WHERE active"
            "             ON CONFLICT (component_id) DO UPDATE SET opd_id = EXCLUDED.opd_id"
            "             RETURNING component_id)"
            " SELECT l.row, l.code, l.active, c.code AS component"
            "   FROM list l JOIN components c ON c.id = l.component"
            "  ORDER BY l.component",
            3, v, PGRES_TUPLES_OK);
    for (int c = 0; c < 3; c++)
        pgarray_destroy (&columns[c]);
    if (!r)
        return -1;
    size_t len = strlen (reply->summary);
    int wrote = snprintf (reply->summary + len, sizeof reply->summary - len,
                          "%s", _(" Default assessors:"));
    for (int i = 0; i < PQntuples (r); i++) {
        if (strcmp (store_value (r, i, "active"), "t") != 0) {
            char field[PROBLEM_FIELD_MAX];
            snprintf (field, sizeof field, "opds[%s].assesses", store_value (r, i, "row"));
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, field,
                          _("%s is deactivated and cannot assess %s."), store_value (r, i, "code"),
                          store_value (r, i, "component"));
            continue;
        }
        len = strlen (reply->summary);
        if (wrote > 0 && len + 1 < sizeof reply->summary)
            wrote = snprintf (reply->summary + len, sizeof reply->summary - len, "%s %s %s",
                              i ? "," : "", store_value (r, i, "component"),
                              store_value (r, i, "code"));
    }
    len = strlen (reply->summary);
    if (len + 1 < sizeof reply->summary)
        snprintf (reply->summary + len, sizeof reply->summary - len, ".");
    PQclear (r);
    return 1;
}

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
            char field[PROBLEM_FIELD_MAX], name[81];
            snprintf (field, sizeof field, "opds[%s].code", store_value (r, i, "row"));
            text_cut (name, sizeof name, store_value (r, i, "old_name"), 80);
            problems_add (&reply->problems, PROBLEM_ADMIN_REFUSED, field,
                          _("%s is already registered as \"%s\" (%s); change it with opd "
                          "add/deactivate, or make this line match."),
                          store_value (r, i, "code"), name, store_value (r, i, "old_kind"));
        }
    }
    snprintf (reply->summary, sizeof reply->summary,
              _("%zu OPD%s imported: %zu added, %zu already registered as listed."),
              added + kept, added + kept == 1 ? "" : "s", added, kept);
    PQclear (r);
    /*  A refused row rolls everything back: nothing more to do.  */
    if (reply->problems.count)
        return 1;
    return s_designate (store, a, reply);
}
