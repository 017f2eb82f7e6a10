/*  cardrun.c: see cardrun.h.  */
#include "cardrun.h"
#include "i18n.h"
#include "outfile.h"
#include "period.h"
#include "sheet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void
cardrun_earlier_periods (const char *period, char out[][16])
{
    period_t p = { 2000, 1 };
    period_parse (period, strlen (period), &p);
    for (int i = CARD_HISTORY - 2; i >= 0; i--) {
        if (--p.quarter == 0) {
            p.quarter = 4;
            p.year--;
        }
        period_format (p, out[i], 16);
    }
}

static const ranking_entry_t *
s_find (const ranking_t *r, const char *code)
{
    /*  Linear: three earlier rankings per card; at 3,000 OPDs a lookup is
        a few microseconds, well under the cost of drawing the card.  */
    for (size_t i = 0; r && i < r->count; i++)
        if (strcmp (r->entries[i].code, code) == 0)
            return &r->entries[i];
    return NULL;
}

static void
s_history (const cardrun_t *run, const ranking_entry_t *e, card_point_t *points)
{
    char periods[CARD_HISTORY - 1][16];
    cardrun_earlier_periods (run->page.ranking->period, periods);
    for (int i = 0; i < CARD_HISTORY; i++) {
        const ranking_t *r = i < CARD_HISTORY - 1 ? run->earlier[i] : run->page.ranking;
        const ranking_entry_t *found = i < CARD_HISTORY - 1 ? s_find (r, e->code) : e;
        card_point_t *p = &points[i];
        memset (p, 0, sizeof *p);
        snprintf (p->period, sizeof p->period, "%s",
                  i < CARD_HISTORY - 1 ? periods[i] : run->page.ranking->period);
        p->finalized = r != NULL;
        p->listed = found != NULL;
        if (found) {
            p->total_centi = found->total_centi;
            p->rank = found->rank;
            p->count = (uint32_t) r->count;
        }
    }
}

/*  Opens `path` for a document; NULL after saying why.  */
static pdf_t *
s_open (const cardrun_t *run, const char *path, const char *title, outfile_t **file)
{
    char err[1024];
    *file = outfile_new (path, err, sizeof err);
    pdf_t *pdf = *file ? pdf_new (outfile_stream (*file), run->page.conf->font,
                                  run->page.conf->font_mono, title, err, sizeof err)
                       : NULL;
    if (!pdf) {
        fprintf (stderr, "rapor-card: %s\n", err);
        outfile_destroy (file);
    }
    return pdf;
}

/*  Finishes the document and puts the file in place. 0 or EXIT_OUTPUT.  */
static int
s_close (pdf_t **pdf, outfile_t **file, const char *path)
{
    char err[1024];
    if (!pdf_finish (pdf, err, sizeof err)) {
        fprintf (stderr, _("rapor-card: cannot write %s: %s; it was not written\n"), path, err);
        outfile_destroy (file);
        return EXIT_OUTPUT;
    }
    if (!outfile_commit (file, err, sizeof err)) {
        fprintf (stderr, _("rapor-card: %s; it was not written\n"), err);
        return EXIT_OUTPUT;
    }
    return 0;
}

static void
s_card (const cardrun_t *run, pdf_t *pdf, const ranking_entry_t *e)
{
    card_point_t points[CARD_HISTORY];
    s_history (run, e, points);
    card_draw (pdf, &run->page, e, points);
}

int
cardrun_directory (const cardrun_t *run, const char *dir)
{
    struct stat st;
    if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode)) {
        fprintf (stderr, _("rapor-card: the output directory %s %s; no card was written\n"), dir,
                 stat (dir, &st) != 0 ? strerror (errno) : _("is not a directory"));
        return EXIT_OUTPUT;
    }
    for (size_t i = 0; i < run->card_count; i++) {
        const ranking_entry_t *e = run->cards[i];
        char path[4200], title[RANKING_NAME_MAX_BYTES + 64];
        snprintf (path, sizeof path, "%s/%s.pdf", dir, e->code);
        snprintf (title, sizeof title, "Rapor %s %s", e->code, run->page.ranking->period);
        outfile_t *file = NULL;
        pdf_t *pdf = s_open (run, path, title, &file);
        if (!pdf || (s_card (run, pdf, e), s_close (&pdf, &file, path)) != 0) {
            if (i > 0)
                fprintf (stderr, _("rapor-card: %zu of %zu cards were written to %s before "
                         "this; the rest were not\n"), i, run->card_count, dir);
            return EXIT_OUTPUT;
        }
    }
    return 0;
}

int
cardrun_combined (const cardrun_t *run, const char *path)
{
    char title[64];
    snprintf (title, sizeof title, "Rapor kinerja perangkat daerah %s", run->page.ranking->period);
    outfile_t *file = NULL;
    pdf_t *pdf = s_open (run, path, title, &file);
    if (!pdf)
        return EXIT_OUTPUT;
    for (size_t i = 0; i < run->card_count; i++) {
        if (i > 0)
            pdf_page_break (pdf);
        s_card (run, pdf, run->cards[i]);
    }
    return s_close (&pdf, &file, path);
}

int
cardrun_announcement (const cardrun_t *run, const char *path)
{
    char title[64];
    snprintf (title, sizeof title, "Pengumuman rapor kinerja perangkat daerah %s",
              run->page.ranking->period);
    outfile_t *file = NULL;
    pdf_t *pdf = s_open (run, path, title, &file);
    if (!pdf)
        return EXIT_OUTPUT;
    sheet_draw (pdf, &run->page);
    return s_close (&pdf, &file, path);
}
