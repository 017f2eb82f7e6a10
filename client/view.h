/*  view.h: what rapor-web's JSON API says (docs/WEB.md), rendered from
    the values the feed handed over. Pure functions: nothing here locks,
    fetches or recomputes; best, worst and the TPP consequence are read
    off the entries as rapord computed them.

    Every function returns a new NUL-terminated buffer (caller frees) and
    its length in *size, or NULL if out of memory. Text from the database
    is escaped for JSON, and '<', '>' and '&' as \u003c, \u003e, \u0026
    too, so that no reply can ever be read as markup.  */
#ifndef RAPOR_VIEW_H
#define RAPOR_VIEW_H

#include "codec.h"
#include "ranking.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*  A ranking as docs/PROTOCOL.md §9.2 writes it, with "digest_check".  */
char *view_ranking (const ranking_t *ranking, const char *check, size_t *size);

/*  The screen's state: the latest period's status (NULL: none heard),
    the latest ranking shown (NULL: none), an alert for the hall ("" if
    none) and whether the server is heard.  */
char *view_status (const period_status_t *status, const ranking_t *latest, const char *alert,
                   bool connected, size_t *size);

/*  One OPD across the rankings held, oldest period first (`count` of
    them): its six components in the newest one and its trend. NULL with
    *size 0 if the OPD is in none of them.  */
char *view_opd (const char *code, const ranking_t *const *rankings, size_t count, size_t *size);

/*  Ceremony mode: only the `revealed` entries, nothing of the others.  */
char *view_upacara (const ranking_t *ranking, size_t revealed, size_t *size);

/*  The six components: code and Indonesian name.  */
char *view_components (size_t *size);

/*  The index (in rank order) of the entry the ceremony's step `step`
    (0-based) reveals: from the last rank up to the first, so the five
    worst come first and the best last.  */
size_t view_reveal_index (size_t count, size_t step);

/*  A JSON string with the quotes, escaped as above.  */
void view_json_string (const char *text, FILE *out);

/*  Writes `text` escaped for HTML text and attribute values.  */
void view_html_escape (const char *text, FILE *out);

#endif
