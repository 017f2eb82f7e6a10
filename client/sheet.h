/*  sheet.h: the announcement (pengumuman) of a quarter: the whole ranking
    with the rewarded and the cut OPDs marked, their TPP consequences, how
    complete the quarter was, and the digest; as many A4 pages as the list
    needs, each repeating the table's header.

    The marks are the server's: an entry with tpp_pct > 0 is among the best
    (ties included), < 0 among the worst; nothing is recomputed here.  */
#ifndef RAPOR_SHEET_H
#define RAPOR_SHEET_H

#include "card.h"
#include "pdf.h"

/*  Draws the whole announcement of page->ranking into `pdf`, starting on
    its current (empty) page.  */
void sheet_draw (pdf_t *pdf, const card_page_t *page);

#endif
