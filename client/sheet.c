/*  sheet.c: see sheet.h. The rows are laid out twice: once measured,
    to know where the pages break (so each page can say "halaman 2 dari
    3"), then drawn.  */
#include "sheet.h"
#include "idfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEFT 50.0
#define RIGHT (PDF_PAGE_W - 50.0)
#define WIDTH (RIGHT - LEFT)
#define FOOT (PDF_PAGE_H - 40.0)        /*  rows end above this; the footer below  */
#define SUMMARY_NAMES 10                /*  per list; more are in the table anyway  */
#define COLUMNS 7

static const pdf_style_t s_body = { 10, false, false, false, 0 };
static const pdf_style_t s_row = { 8.5, false, false, false, 0 };
static const pdf_style_t s_row_bold = { 8.5, true, false, false, 0 };
static const pdf_style_t s_head = { 7, true, false, false, 0 };
static const pdf_style_t s_note = { 7.5, false, true, false, 0.25 };

/*  Codes in the monospace family: 16 characters fit the column.  */
static const pdf_style_t s_code = { 7.2, false, false, true, 0 };

static const pdf_column_t s_cols[COLUMNS] = {
    { LEFT + 0, 40, PDF_RIGHT, NULL },        /*  rank  */
    { LEFT + 46, 78, PDF_LEFT, &s_code },     /*  code  */
    { LEFT + 128, 140, PDF_LEFT, NULL },      /*  name  */
    { LEFT + 272, 40, PDF_RIGHT, NULL },      /*  total  */
    { LEFT + 316, 32, PDF_RIGHT, NULL },      /*  TPP %  */
    { LEFT + 352, 84, PDF_RIGHT, NULL },      /*  rupiah  */
    { LEFT + 442, 53, PDF_LEFT, NULL },       /*  remark  */
};

/*  The cells of one entry, in buffers of the caller's.  */
typedef struct {
    char rank[IDFMT_MAX], total[IDFMT_MAX], pct[IDFMT_MAX], rupiah[IDFMT_MAX], remark[64];
    const char *cells[COLUMNS];
} row_t;

static void
s_row_fill (row_t *row, const ranking_entry_t *e)
{
    idfmt_int (e->rank, row->rank, sizeof row->rank);
    idfmt_centi (e->total_centi, row->total, sizeof row->total);
    /*  No change is a dash in both columns, whatever the base TPP.  */
    if (e->tpp_pct != 0)
        idfmt_pct (e->tpp_pct, row->pct, sizeof row->pct);
    else
        snprintf (row->pct, sizeof row->pct, "—");
    if (e->tpp_pct == 0)
        snprintf (row->rupiah, sizeof row->rupiah, "—");
    else
    if (e->base_tpp == RANKING_NO_TPP)
        snprintf (row->rupiah, sizeof row->rupiah, "tidak diketahui");
    else
        idfmt_rupiah (e->tpp_rupiah, true, row->rupiah, sizeof row->rupiah);
    snprintf (row->remark, sizeof row->remark, "%s%s%s",
              e->tpp_pct > 0 ? "TERBAIK" : e->tpp_pct < 0 ? "TERENDAH" : "",
              e->tpp_pct != 0 && e->incomplete ? "\n" : "",
              e->incomplete ? "tidak lengkap" : "");
    const char *cells[COLUMNS] = { row->rank, e->code, e->name, row->total, row->pct,
                                   row->rupiah, row->remark };
    memcpy (row->cells, cells, sizeof cells);
}

static double
s_entry (pdf_t *pdf, const ranking_entry_t *e, double y, bool draw)
{
    row_t row;
    s_row_fill (&row, e);
    bool marked = e->tpp_pct != 0;
    double h = pdf_row (pdf, y, s_cols, COLUMNS, row.cells, marked ? &s_row_bold : &s_row, 3,
                        marked ? 0.86 : -1, draw);
    if (draw)
        pdf_line (pdf, LEFT, y + h, RIGHT, y + h, 0.3, 0.6);
    return h;
}

static double
s_table_head (pdf_t *pdf, double y, bool draw)
{
    static const char *titles[COLUMNS] = { "Peringkat", "Kode", "Perangkat daerah",
                                           "Nilai akhir", "TPP", "Perubahan TPP",
                                           "Keterangan" };
    pdf_column_t cols[COLUMNS];
    memcpy (cols, s_cols, sizeof cols);
    cols[1].style = NULL;       /*  the header in the header's style  */
    double h = pdf_row (pdf, y, cols, COLUMNS, titles, &s_head, 4, 0.75, draw);
    if (draw)
        pdf_line (pdf, LEFT, y + h, RIGHT, y + h, 1, 0);
    return h;
}

/*  One of the two lists of the summary: the names and totals of the
    entries whose tpp_pct has `sign`.  */
static double
s_list (pdf_t *pdf, const ranking_t *r, int sign, double x, double y, double w, bool draw)
{
    char title[128], pct[IDFMT_MAX];
    idfmt_pct (sign > 0 ? (int32_t) r->rules.reward_pct : -(int32_t) r->rules.punish_pct, pct,
               sizeof pct);
    snprintf (title, sizeof title, "%s (%s TPP)", sign > 0 ? "Terbaik" : "Terendah", pct);
    const pdf_style_t head = { 9.5, true, false, false, 0 };
    double h = pdf_text (pdf, x, y, w, &head, PDF_LEFT, draw, title) + 2;
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < r->count; i++) {
        const ranking_entry_t *e = &r->entries[i];
        if ((sign > 0 && e->tpp_pct <= 0) || (sign < 0 && e->tpp_pct >= 0))
            continue;
        total++;
        if (shown == SUMMARY_NAMES)
            continue;
        shown++;
        /*  Names and totals only: the codes are in the table, once each.  */
        char line[RANKING_NAME_MAX_BYTES + IDFMT_MAX + 8], score[IDFMT_MAX];
        idfmt_centi (e->total_centi, score, sizeof score);
        snprintf (line, sizeof line, "%s — %s", e->name, score);
        h += 1 + pdf_text (pdf, x + 8, y + h + 1, w - 8, &s_row, PDF_LEFT, draw, line);
    }
    if (total == 0)
        h += pdf_text (pdf, x + 8, y + h, w - 8, &s_note, PDF_LEFT, draw, "tidak ada");
    else
    if (total > shown) {
        char more[64];
        snprintf (more, sizeof more, "dan %zu lainnya (lihat tabel)", total - shown);
        h += pdf_text (pdf, x + 8, y + h, w - 8, &s_note, PDF_LEFT, draw, more);
    }
    return h;
}

/*  Title, completeness, rules, force reason, the two lists. Returns y.  */
static double
s_top (pdf_t *pdf, const card_page_t *page, double y)
{
    const ranking_t *r = page->ranking;
    const pdf_style_t title = { 16, true, false, false, 0 };
    const pdf_style_t subtitle = { 12.5, true, false, false, 0 };
    y += pdf_text (pdf, LEFT, y, WIDTH, &title, PDF_CENTER, true, "PENGUMUMAN");
    y += pdf_text (pdf, LEFT, y, WIDTH, &subtitle, PDF_CENTER, true,
                   "HASIL RAPOR KINERJA PERANGKAT DAERAH");
    char text[2600], a[IDFMT_MAX], b[IDFMT_MAX], c[IDFMT_MAX];
    idfmt_period (r->period, false, text, sizeof text);
    y += 2 + pdf_text (pdf, LEFT, y + 2, WIDTH, &s_body, PDF_CENTER, true, text) + 10;
    idfmt_int ((int64_t) ranking_complete_count (r), a, sizeof a);
    idfmt_int ((int64_t) r->count, b, sizeof b);
    snprintf (text, sizeof text, "Lengkap %s dari %s perangkat daerah (nilai terverifikasi "
              "keenam komponen tersedia). Nilai yang belum ada dihitung 0.", a, b);
    y += pdf_text (pdf, LEFT, y, WIDTH, &s_body, PDF_LEFT, true, text) + 3;
    idfmt_pct ((int32_t) r->rules.reward_pct, a, sizeof a);
    idfmt_pct (-(int32_t) r->rules.punish_pct, b, sizeof b);
    idfmt_int (r->rules.reward_n, c, sizeof c);
    snprintf (text, sizeof text, "Aturan: %s peringkat terbaik mendapat %s TPP dan %s "
              "peringkat terendah %s TPP; peringkat yang sama di batas ikut dihitung. "
              "Perubahan TPP dalam rupiah dihitung dari TPP dasar masing-masing.", c, a, c, b);
    y += pdf_text (pdf, LEFT, y, WIDTH, &s_body, PDF_LEFT, true, text) + 8;
    if (r->force_reason[0]) {
        const pdf_style_t mark = { 9.5, true, false, false, 0 };
        snprintf (text, sizeof text, "DITETAPKAN DENGAN PENGECUALIAN (force): peringkat "
                  "triwulan ini ditetapkan walaupun nilai belum lengkap. Alasan: %s",
                  r->force_reason);
        double h = pdf_text (pdf, LEFT + 10, 0, WIDTH - 20, &mark, PDF_LEFT, false, text);
        pdf_box (pdf, LEFT, y, WIDTH, h + 12, 1, 1.6);
        pdf_text (pdf, LEFT + 10, y + 6, WIDTH - 20, &mark, PDF_LEFT, true, text);
        y += h + 12 + 8;
    }
    double w = (WIDTH - 20) / 2;
    double left = s_list (pdf, r, +1, LEFT, y, w, true);
    double right = s_list (pdf, r, -1, LEFT + w + 20, y, w, true);
    return y + (left > right ? left : right) + 14;
}

static void
s_footer (pdf_t *pdf, const ranking_t *r, int number, int pages)
{
    char text[256], quarter[IDFMT_MAX];
    idfmt_period (r->period, false, quarter, sizeof quarter);
    snprintf (text, sizeof text, "Pengumuman rapor kinerja perangkat daerah, %s · halaman %d "
              "dari %d · sidik %.16s…", quarter, number, pages, r->digest);
    pdf_line (pdf, LEFT, FOOT + 6, RIGHT, FOOT + 6, 0.4, 0.5);
    pdf_text (pdf, LEFT, FOOT + 10, WIDTH, &s_note, PDF_CENTER, true, text);
}

void
sheet_draw (pdf_t *pdf, const card_page_t *page)
{
    const ranking_t *r = page->ranking;
    double head = s_table_head (pdf, 0, false);
    double end = card_digest (pdf, r, LEFT, 0, WIDTH, false) + 16
               + (page->conf->signer_count ? CARD_SIGNATURES_H : 0);
    /*  The first page's header and summary are drawn first: the table
        starts where they end. Later pages start below the header alone.  */
    double top = card_header (pdf, page);
    double first = s_top (pdf, page, top);
    int pages = 1;
    double y = first + head;
    for (size_t i = 0; i < r->count; i++) {
        double h = s_entry (pdf, &r->entries[i], 0, false);
        if (y + h > FOOT) {
            pages++;
            y = top + head;
        }
        y += h;
    }
    if (y + 12 + end > FOOT)
        pages++;
    /*  Now the rows, breaking pages where the count above did.  */
    int number = 1;
    y = first;
    y += s_table_head (pdf, y, true);
    for (size_t i = 0; i < r->count; i++) {
        double h = s_entry (pdf, &r->entries[i], 0, false);
        if (y + h > FOOT) {
            s_footer (pdf, r, number++, pages);
            pdf_page_break (pdf);
            y = card_header (pdf, page);
            y += s_table_head (pdf, y, true);
        }
        y += s_entry (pdf, &r->entries[i], y, true);
    }
    if (r->count == 0)
        y += pdf_text (pdf, LEFT, y + 4, WIDTH, &s_note, PDF_LEFT, true,
                       "Tidak ada perangkat daerah yang dinilai.") + 8;
    if (y + 12 + end > FOOT) {
        s_footer (pdf, r, number++, pages);
        pdf_page_break (pdf);
        y = card_header (pdf, page);
    }
    y += 12;
    y += card_digest (pdf, r, LEFT, y, WIDTH, true) + 16;
    card_signatures (pdf, page, y);
    s_footer (pdf, r, number, pages);
}
