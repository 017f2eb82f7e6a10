/*  card.c: see card.h. The page, top to bottom: the regency's header;
    the title and the quarter; the OPD; what is unusual about this card
    (incomplete, forced); the six components; rank, total and the TPP
    consequence; the chart of the last four quarters; the digest; the
    signatures. Made for black-and-white printers: greys only for shading
    behind black text, and the chart's meaning in its shapes, not colours.  */
#include "card.h"
#include "component.h"
#include "idfmt.h"
#include "period.h"

#include <stdio.h>
#include <string.h>

#define LEFT 50.0
#define RIGHT (PDF_PAGE_W - 50.0)
#define WIDTH (RIGHT - LEFT)
#define BOTTOM (PDF_PAGE_H - 30.0)
#define FORCE_SHOWN_BYTES 220       /*  two lines; the sheet prints the reason whole  */
#define LOGO 56.0
#define CHART_MAX 112.0
#define CHART_MIN 72.0
#define CHART_FRAME 38.0            /*  the chart's title and note around its panels  */    

static const pdf_style_t s_body = { 10, false, false, false, 0 };
static const pdf_style_t s_small = { 8.5, false, false, false, 0 };
static const pdf_style_t s_note = { 8, false, true, false, 0.25 };
static const pdf_style_t s_bold = { 10, true, false, false, 0 };

double
card_header (pdf_t *pdf, const card_page_t *page)
{
    const cardconf_t *conf = page->conf;
    double y = 36, logo_w = 0;
    if (page->logo)
        logo_w = pdf_image (pdf, page->logo, LEFT, y, LOGO, LOGO);
    /*  The text is centred on the page, as a letterhead is, unless the
        logo would run into it: then on the space beside the logo.  */
    double text_left = logo_w > 0 ? LEFT + logo_w + 10 : LEFT;
    double text_w = logo_w > 0 ? RIGHT - text_left - logo_w - 10 : WIDTH;
    char upper[CARDCONF_TEXT];
    size_t i = 0;
    for (; conf->regency[i] && i + 1 < sizeof upper; i++)
        upper[i] = conf->regency[i] >= 'a' && conf->regency[i] <= 'z' ? conf->regency[i] - 32
                                                                      : conf->regency[i];
    upper[i] = '\0';
    const pdf_style_t name = { 15, true, false, false, 0 };
    double h = pdf_text (pdf, text_left, 0, text_w, &name, PDF_CENTER, false, upper);
    double unit_h = conf->unit[0] ? pdf_text (pdf, text_left, 0, text_w, &s_body, PDF_CENTER,
                                              false, conf->unit) + 2 : 0;
    double block = logo_w > 0 ? LOGO : h + unit_h;
    double top = y + (block - h - unit_h) / 2;
    pdf_text (pdf, text_left, top, text_w, &name, PDF_CENTER, true, upper);
    if (conf->unit[0])
        pdf_text (pdf, text_left, top + h + 2, text_w, &s_body, PDF_CENTER, true, conf->unit);
    y += block + 8;
    pdf_line (pdf, LEFT, y, RIGHT, y, 2.2, 0);
    pdf_line (pdf, LEFT, y + 3, RIGHT, y + 3, 0.6, 0);
    return y + 14;
}

double
card_digest (pdf_t *pdf, const ranking_t *r, double x, double y, double width, bool draw)
{
    char line[256], date[IDFMT_MAX], seq[IDFMT_MAX];
    idfmt_date (r->finalized_at_us, date, sizeof date);
    idfmt_int ((int64_t) r->seq, seq, sizeof seq);
    snprintf (line, sizeof line, "Sidik digital peringkat ini (SHA-256), ditetapkan oleh %s "
              "pada %s, siaran nomor %s:", r->finalized_by, date, seq);
    double h = pdf_text (pdf, x, y, width, &s_small, PDF_LEFT, draw, line);
    const pdf_style_t mono = { 8.5, true, false, true, 0 };
    h += 2 + pdf_text (pdf, x, y + h + 2, width, &mono, PDF_LEFT, draw, r->digest);
    snprintf (line, sizeof line, "Keasliannya dapat diperiksa dengan perintah: rapor-admin "
              "verify %s (harus menyebut sidik yang sama).", r->period);
    h += 2 + pdf_text (pdf, x, y + h + 2, width, &s_small, PDF_LEFT, draw, line);
    return h;
}

/*  Cuts UTF-8 text to at most `bytes` bytes on a character boundary and
    marks the cut.  */
static void
s_clip (const char *text, size_t bytes, char *buf, size_t size)
{
    size_t len = strlen (text);
    if (len <= bytes || bytes + 4 > size) {
        snprintf (buf, size, "%s", text);
        return;
    }
    while (bytes > 0 && ((unsigned char) text[bytes] & 0xC0) == 0x80)
        bytes--;
    snprintf (buf, size, "%.*s… (selengkapnya di lembar pengumuman)", (int) bytes, text);
}

/*  The title, the quarter and the OPD. Returns the y below.  */
static double
s_title (pdf_t *pdf, const card_page_t *page, const ranking_entry_t *e, double y)
{
    const pdf_style_t title = { 16, true, false, false, 0 };
    const pdf_style_t quarter = { 12.5, false, false, false, 0 };
    y += pdf_text (pdf, LEFT, y, WIDTH, &title, PDF_CENTER, true, "RAPOR KINERJA PERANGKAT DAERAH");
    char text[CARDCONF_TEXT];
    idfmt_period (page->ranking->period, false, text, sizeof text);
    y += 2 + pdf_text (pdf, LEFT, y + 2, WIDTH, &quarter, PDF_CENTER, true, text);
    y += 12;
    const pdf_style_t name = { 13.5, true, false, false, 0 };
    double name_h = pdf_text (pdf, LEFT + 10, 0, WIDTH - 20, &name, PDF_LEFT, false, e->name);
    char code[64];
    snprintf (code, sizeof code, "Kode perangkat daerah: %s", e->code);
    double code_h = pdf_text (pdf, LEFT + 10, 0, WIDTH - 20, &s_body, PDF_LEFT, false, code);
    double box = 8 + name_h + 2 + code_h + 8;
    pdf_box (pdf, LEFT, y, WIDTH, box, 0.92, 0);
    pdf_line (pdf, LEFT, y, LEFT, y + box, 3, 0);
    pdf_text (pdf, LEFT + 10, y + 8, WIDTH - 20, &name, PDF_LEFT, true, e->name);
    pdf_text (pdf, LEFT + 10, y + 8 + name_h + 2, WIDTH - 20, &s_body, PDF_LEFT, true, code);
    return y + box + 10;
}

/*  Incomplete, forced: said in a framed box before the numbers, so
    nobody reads the numbers without it. Returns the y below.  */
static double
s_marks (pdf_t *pdf, const ranking_t *r, const ranking_entry_t *e, double y)
{
    char text[1024] = "";
    if (e->incomplete) {
        char missing[256] = "";
        for (size_t i = 0; i < COMPONENT_COUNT; i++)
            if (e->verified[i] == RANKING_NO_SCORE)
                snprintf (missing + strlen (missing), sizeof missing - strlen (missing), "%s%s",
                          missing[0] ? ", " : "", component_at (i)->name_id);
        snprintf (text, sizeof text, "TIDAK LENGKAP: nilai terverifikasi %s belum ada dan "
                  "dihitung 0 dalam nilai akhir.", missing);
    }
    if (r->force_reason[0]) {
        char reason[FORCE_SHOWN_BYTES + 64];
        s_clip (r->force_reason, FORCE_SHOWN_BYTES, reason, sizeof reason);
        snprintf (text + strlen (text), sizeof text - strlen (text), "%sDITETAPKAN DENGAN "
                  "PENGECUALIAN (force): peringkat triwulan ini ditetapkan walaupun nilai "
                  "belum lengkap. Alasan: %s", text[0] ? "\n" : "", reason);
    }
    if (!text[0])
        return y;
    const pdf_style_t mark = { 9.5, true, false, false, 0 };
    double h = pdf_text (pdf, LEFT + 10, 0, WIDTH - 20, &mark, PDF_LEFT, false, text);
    pdf_box (pdf, LEFT, y, WIDTH, h + 12, 1, 1.6);
    pdf_text (pdf, LEFT + 10, y + 6, WIDTH - 20, &mark, PDF_LEFT, true, text);
    return y + h + 12 + 10;
}

/*  The six components. Returns the y below.  */
static double
s_table (pdf_t *pdf, const ranking_t *r, const ranking_entry_t *e, double y)
{
    const pdf_column_t cols[] = {
        { LEFT + 4, 18, PDF_RIGHT, NULL }, { LEFT + 30, 236, PDF_LEFT, NULL },
        { LEFT + 272, 44, PDF_CENTER, NULL }, { LEFT + 322, 82, PDF_RIGHT, NULL },
        { LEFT + 410, 81, PDF_RIGHT, NULL },
    };
    const pdf_style_t head = { 8.5, true, false, false, 0 };
    const char *titles[] = { "No", "Komponen", "Bobot", "Nilai terverifikasi",
                             "Penilaian mandiri" };
    y += pdf_row (pdf, y, cols, 5, titles, &head, 5, 0.82, true);
    for (size_t i = 0; i < COMPONENT_COUNT; i++) {
        char no[8], weight[IDFMT_MAX], verified[IDFMT_MAX], self[IDFMT_MAX];
        snprintf (no, sizeof no, "%zu", i + 1);
        idfmt_int (r->rules.weights[i], weight, sizeof weight);
        if (e->verified[i] == RANKING_NO_SCORE)
            snprintf (verified, sizeof verified, "belum ada (0)");
        else
            idfmt_centi (e->verified[i], verified, sizeof verified);
        if (e->self[i] == RANKING_NO_SCORE)
            snprintf (self, sizeof self, "—");
        else
            idfmt_centi (e->self[i], self, sizeof self);
        const char *cells[] = { no, component_at (i)->name_id, weight, verified, self };
        y += pdf_row (pdf, y, cols, 5, cells, &s_body, 4, i % 2 ? 0.95 : -1, true);
    }
    pdf_line (pdf, LEFT, y, RIGHT, y, 1, 0);
    char total[IDFMT_MAX];
    idfmt_centi (e->total_centi, total, sizeof total);
    const pdf_column_t last[] = { { LEFT + 30, 286, PDF_LEFT, NULL },
                                  { LEFT + 322, 82, PDF_RIGHT, NULL } };
    const char *cells[] = { "Nilai akhir (rata-rata tertimbang nilai terverifikasi)", total };
    y += pdf_row (pdf, y, last, 2, cells, &s_bold, 6, -1, true);
    pdf_line (pdf, LEFT, y, RIGHT, y, 1, 0);
    return y + 12;
}

/*  Rank, total, TPP: the rank and total on the left, the consequence on
    the right, what it means below; every height measured, so a long
    value wraps instead of running into the next line. Returns the y below.  */
static double
s_result (pdf_t *pdf, const ranking_t *r, const ranking_entry_t *e, double y)
{
    char rank[160], count[IDFMT_MAX], number[IDFMT_MAX], total[IDFMT_MAX + 16];
    char pct[IDFMT_MAX], amount[IDFMT_MAX], base[IDFMT_MAX], tpp[IDFMT_MAX + 8], why[320];
    idfmt_int (e->rank, number, sizeof number);
    idfmt_int ((int64_t) r->count, count, sizeof count);
    snprintf (rank, sizeof rank, "Peringkat %s dari %s", number, count);
    idfmt_centi (e->total_centi, number, sizeof number);
    snprintf (total, sizeof total, "Nilai akhir %s", number);
    idfmt_pct (e->tpp_pct, pct, sizeof pct);
    if (e->tpp_pct != 0)
        snprintf (tpp, sizeof tpp, "%s TPP", pct);
    else
        snprintf (tpp, sizeof tpp, "tidak ada perubahan TPP");
    if (e->base_tpp == RANKING_NO_TPP)
        snprintf (why, sizeof why, "TPP dasar triwulan ini belum dicatat, sehingga nominal "
                  "rupiahnya tidak dapat ditulis.");
    else {
        idfmt_rupiah (e->tpp_rupiah, true, amount, sizeof amount);
        idfmt_rupiah (e->base_tpp, false, base, sizeof base);
        /*  A line each, so no amount is broken after its "Rp".  */
        snprintf (why, sizeof why, "Perubahan TPP %s\ndari TPP dasar %s.", amount, base);
    }
    char standing[160];
    if (e->tpp_pct > 0)
        snprintf (standing, sizeof standing, "Termasuk %u peringkat terbaik%s.",
                  r->rules.reward_n, e->best ? ", dan tertinggi triwulan ini" : "");
    else
    if (e->tpp_pct < 0)
        snprintf (standing, sizeof standing, "Termasuk %u peringkat terendah%s.",
                  r->rules.reward_n, e->worst ? ", dan terbawah triwulan ini" : "");
    else
        snprintf (standing, sizeof standing, "Di luar %u terbaik dan %u terendah.",
                  r->rules.reward_n, r->rules.reward_n);

    const pdf_style_t big = { 16, true, false, false, 0 };
    const pdf_style_t mid = { 12, true, false, false, 0 };
    const pdf_style_t label = { 8, false, false, false, 0.25 };
    const double pad = 9, split = LEFT + WIDTH * 0.5;
    double lx = LEFT + 12, lw = split - lx - 12, rx = split + 12, rw = RIGHT - rx - 12;
    double left = 0, right = 0;
    for (int draw = 0; draw < 2; draw++) {
        double top = y + pad;
        if (draw) {
            pdf_box (pdf, LEFT, y, WIDTH, pad + (left > right ? left : right) + pad, -1, 1.2);
            pdf_line (pdf, split, y + 8, split, y + pad + (left > right ? left : right), 0.5,
                      0.5);
        }
        left = pdf_text (pdf, lx, top, lw, &label, PDF_LEFT, draw, "PERINGKAT DAN NILAI");
        left += pdf_text (pdf, lx, top + left, lw, &big, PDF_LEFT, draw, rank);
        left += 2 + pdf_text (pdf, lx, top + left + 2, lw, &mid, PDF_LEFT, draw, total);
        left += 3 + pdf_text (pdf, lx, top + left + 3, lw, &s_small, PDF_LEFT, draw, standing);
        right = pdf_text (pdf, rx, top, rw, &label, PDF_LEFT, draw, "KONSEKUENSI TPP");
        pdf_style_t value = big;
        if (pdf_text_width (pdf, &big, tpp) > rw)
            value.size = 12.5;      /*  "tidak ada perubahan TPP" on one line  */
        right += pdf_text (pdf, rx, top + right, rw, &value, PDF_LEFT, draw, tpp);
        right += 3 + pdf_text (pdf, rx, top + right + 3, rw, &s_small, PDF_LEFT, draw, why);
    }
    return y + pad + (left > right ? left : right) + pad + 10;
}

/*  One panel of the chart: the quarters on x, `values` on y (value[i]
    valid where have[i]), y from `low` at the bottom to `high` at the top
    (for ranks low > high: rank 1 on top). Drawn with lines and marks.  */
static void
s_panel (pdf_t *pdf, double x, double y, double w, double h, const char *title,
         const card_point_t *points, const double *values, const bool *have,
         const char labels[][IDFMT_MAX], double low, double high, const char *low_text,
         const char *high_text, bool squares)
{
    cairo_t *cr = pdf_cairo (pdf);
    pdf_text (pdf, x, y, w, &s_bold, PDF_LEFT, true, title);
    double top = y + 18, bottom = y + h - 13, left = x + 34, right = x + w - 8;
    /*  Axes and a light grid, dashed so it cannot be taken for the data.  */
    pdf_line (pdf, left, top, left, bottom, 0.7, 0);
    pdf_line (pdf, left, bottom, right, bottom, 0.7, 0);
    double dash[] = { 2, 2 };
    cairo_set_dash (cr, dash, 2, 0);
    pdf_line (pdf, left, top, right, top, 0.4, 0.6);
    pdf_line (pdf, left, (top + bottom) / 2, right, (top + bottom) / 2, 0.4, 0.6);
    cairo_set_dash (cr, NULL, 0, 0);
    pdf_text (pdf, left - 4, top - 5, 0, &s_note, PDF_RIGHT, true, high_text);
    pdf_text (pdf, left - 4, bottom - 6, 0, &s_note, PDF_RIGHT, true, low_text);
    double step = (right - left) / CARD_HISTORY;
    double px[CARD_HISTORY], py[CARD_HISTORY];
    for (int i = 0; i < CARD_HISTORY; i++) {
        px[i] = left + step * (i + 0.5);
        double f = high == low ? 0.5 : (values[i] - low) / (high - low);
        py[i] = bottom - f * (bottom - top);
        char quarter[IDFMT_MAX];
        idfmt_period (points[i].period, true, quarter, sizeof quarter);
        pdf_text (pdf, px[i], bottom + 3, 0, &s_note, PDF_CENTER, true, quarter);
    }
    /*  The line joins neighbouring quarters only: a gap stays a gap.  */
    cairo_set_source_rgb (cr, 0, 0, 0);
    cairo_set_line_width (cr, 1.6);
    for (int i = 1; i < CARD_HISTORY; i++)
        if (have[i - 1] && have[i]) {
            cairo_move_to (cr, px[i - 1], py[i - 1]);
            cairo_line_to (cr, px[i], py[i]);
            cairo_stroke (cr);
        }
    const pdf_style_t value = { 8, true, false, false, 0 };
    for (int i = 0; i < CARD_HISTORY; i++) {
        if (!have[i]) {
            pdf_text (pdf, px[i], bottom - 14, 0, &s_note, PDF_CENTER, true, "–");
            continue;
        }
        if (squares)
            cairo_rectangle (cr, px[i] - 3.2, py[i] - 3.2, 6.4, 6.4);
        else
            cairo_arc (cr, px[i], py[i], 3.4, 0, 2 * 3.14159265358979);
        cairo_set_source_rgb (cr, 0, 0, 0);
        cairo_fill (cr);
        double ly = py[i] - 14 < top - 6 ? py[i] + 5 : py[i] - 14;
        pdf_text (pdf, px[i], ly, 0, &value, PDF_CENTER, true, labels[i]);
    }
}

/*  What the chart cannot show by itself: quarters without a point.  */
static void
s_chart_note (const card_point_t history[CARD_HISTORY], char *note, size_t size)
{
    note[0] = '\0';
    int earlier = 0;
    for (int i = 0; i < CARD_HISTORY - 1; i++)
        earlier += history[i].finalized && history[i].listed;
    if (earlier == 0) {
        snprintf (note, size, "Belum ada triwulan sebelumnya yang sudah ditetapkan untuk "
                  "perangkat daerah ini.");
        return;
    }
    for (int i = 0; i < CARD_HISTORY - 1; i++)
        if (!history[i].finalized || !history[i].listed) {
            char quarter[IDFMT_MAX];
            size_t used = strlen (note);
            idfmt_period (history[i].period, false, quarter, sizeof quarter);
            snprintf (note + used, size - used, "%s%s: %s", used ? "; " : "Tanpa titik: ",
                      quarter, history[i].finalized ? "perangkat daerah ini tidak dinilai"
                                                    : "belum ditetapkan");
        }
}

/*  The chart's title, and its note if any, around panels `h` high; with
    draw false only measures. Returns the y below.  */
static double
s_chart (pdf_t *pdf, const card_point_t history[CARD_HISTORY], double y, double h, bool draw)
{
    const pdf_style_t title = { 10.5, true, false, false, 0 };
    y += pdf_text (pdf, LEFT, y, WIDTH, &title, PDF_LEFT, draw,
                   "Perkembangan empat triwulan terakhir") + 4;
    char note[512];
    s_chart_note (history, note, sizeof note);
    if (draw) {
        double totals[CARD_HISTORY], ranks[CARD_HISTORY];
        bool have[CARD_HISTORY];
        char total_labels[CARD_HISTORY][IDFMT_MAX], rank_labels[CARD_HISTORY][IDFMT_MAX];
        uint32_t most = 1;
        for (int i = 0; i < CARD_HISTORY; i++) {
            have[i] = history[i].finalized && history[i].listed;
            totals[i] = have[i] ? history[i].total_centi / 100.0 : 0;
            ranks[i] = have[i] ? history[i].rank : 0;
            if (have[i] && history[i].count > most)
                most = history[i].count;
            idfmt_centi (history[i].total_centi, total_labels[i], IDFMT_MAX);
            snprintf (rank_labels[i], IDFMT_MAX, "%u", history[i].rank);
        }
        char most_text[IDFMT_MAX];
        snprintf (most_text, sizeof most_text, "%u", most);
        double w = (WIDTH - 20) / 2;
        /*  The totals' axis starts at a round ten below the lowest, not
            at 0: a change of five points must be visible, not a flat line.  */
        double low = 100;
        for (int i = 0; i < CARD_HISTORY; i++)
            if (have[i] && totals[i] < low)
                low = totals[i];
        low = low > 10 ? (double) ((int) (low - 5) / 10 * 10) : 0;
        char low_text[16];
        snprintf (low_text, sizeof low_text, "%d", (int) low);
        s_panel (pdf, LEFT, y, w, h, "Nilai akhir", history, totals, have, total_labels, low,
                 100, low_text, "100", false);
        s_panel (pdf, LEFT + w + 20, y, w, h, "Peringkat (1 = terbaik)", history, ranks, have,
                 rank_labels, most, 1, most_text, "1", true);
    }
    y += h;
    if (note[0])
        y += 2 + pdf_text (pdf, LEFT, y + 2, WIDTH, &s_note, PDF_LEFT, draw, note);
    return y + 8;
}

double
card_signatures (pdf_t *pdf, const card_page_t *page, double y)
{
    const cardconf_t *conf = page->conf;
    if (conf->signer_count == 0)
        return 0;
    double col = WIDTH / (double) conf->signer_count;
    char date[IDFMT_MAX], place[CARDCONF_TEXT + IDFMT_MAX + 8];
    idfmt_date (page->ranking->finalized_at_us, date, sizeof date);
    snprintf (place, sizeof place, "%s%s%s", conf->place, conf->place[0] ? ", " : "", date);
    pdf_text (pdf, LEFT + (conf->signer_count - 1) * col, y, col, &s_body, PDF_CENTER, true,
              place);
    y += 14;
    for (size_t i = 0; i < conf->signer_count; i++) {
        const cardconf_signer_t *s = &conf->signers[i];
        double x = LEFT + i * col + 6, w = col - 12;
        pdf_text (pdf, x, y, w, &s_body, PDF_CENTER, true, s->title);
        double name_y = y + 58;
        pdf_text (pdf, x, name_y, w, &s_bold, PDF_CENTER, true, s->name);
        double nw = pdf_text_width (pdf, &s_bold, s->name);
        if (nw > w)
            nw = w;
        pdf_line (pdf, x + (w - nw) / 2, name_y + 13, x + (w + nw) / 2, name_y + 13, 0.7, 0);
        if (s->id[0]) {
            char nip[CARDCONF_TEXT + 8];
            snprintf (nip, sizeof nip, "NIP %s", s->id);
            pdf_text (pdf, x, name_y + 15, w, &s_small, PDF_CENTER, true, nip);
        }
    }
    return CARD_SIGNATURES_H;
}

void
card_draw (pdf_t *pdf, const card_page_t *page, const ranking_entry_t *e,
           const card_point_t history[CARD_HISTORY])
{
    const ranking_t *r = page->ranking;
    double y = card_header (pdf, page);
    y = s_title (pdf, page, e, y);
    y = s_marks (pdf, r, e, y);
    y = s_table (pdf, r, e, y);
    y = s_result (pdf, r, e, y);
    /*  The chart takes what the marks above left of the page, within
        bounds: the signatures keep their place at the foot.  */
    double signatures = page->conf->signer_count ? CARD_SIGNATURES_H : 0;
    double digest = card_digest (pdf, r, LEFT, 0, WIDTH, false) + 10;
    double frame = s_chart (pdf, history, 0, 0, false);
    double chart = BOTTOM - signatures - digest - y - frame;
    y = s_chart (pdf, history, y, chart > CHART_MAX ? CHART_MAX : chart < CHART_MIN ? CHART_MIN
                                                                                   : chart,
                 true);
    y += card_digest (pdf, r, LEFT, y, WIDTH, true) + 10;
    if (y < BOTTOM - signatures)
        y = BOTTOM - signatures;    /*  at the foot, where a signature goes  */
    card_signatures (pdf, page, y);
}
