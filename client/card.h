/*  card.h: one OPD's rapor, one A4 page.

    Everything printed comes from the finalized ranking as the server sent
    it (scores, total, rank, TPP consequence and rupiah, digest) or from
    the configuration (header, signers); nothing is recomputed. The
    history is what earlier finalized rankings say about the same OPD.  */
#ifndef RAPOR_CARD_H
#define RAPOR_CARD_H

#include "cardconf.h"
#include "pdf.h"
#include "ranking.h"

#include <stdbool.h>

#define CARD_HISTORY 4      /*  quarters in the chart, this one included  */

/*  One quarter of the chart.  */
typedef struct {
    char period[24];        /*  "2024-Q2"; PERIOD_FIELD_MAX fits  */
    bool finalized;         /*  a finalized ranking of that quarter exists  */
    bool listed;            /*  and this OPD is in it  */
    int32_t total_centi;
    uint32_t rank;
    uint32_t count;         /*  OPDs ranked that quarter  */
} card_point_t;

/*  What every card of a run shares.  */
typedef struct {
    const cardconf_t *conf;
    cairo_surface_t *logo;          /*  NULL: no logo  */
    const ranking_t *ranking;       /*  the quarter printed; its digest checked  */
} card_page_t;

/*  Draws the card of `entry` (one of page->ranking's entries) on the
    current page of `pdf`; history[0] is the oldest quarter,
    history[CARD_HISTORY - 1] the printed one. The caller breaks pages.  */
void card_draw (pdf_t *pdf, const card_page_t *page, const ranking_entry_t *entry,
                const card_point_t history[CARD_HISTORY]);

/*  The header every page of rapor-card starts with (regency, logo, double
    rule); returns the y below it.  */
double card_header (pdf_t *pdf, const card_page_t *page);

/*  The digest block: the digest and how to check it. Returns its height.  */
double card_digest (pdf_t *pdf, const ranking_t *ranking, double x, double y, double width,
                    bool draw);

/*  The signature block (place and date, then each configured signer) at
    y; CARD_SIGNATURES_H tall, or nothing and 0 without signers.  */
#define CARD_SIGNATURES_H 98.0
double card_signatures (pdf_t *pdf, const card_page_t *page, double y);

#endif
