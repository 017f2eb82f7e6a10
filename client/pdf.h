/*  pdf.h: a PDF document drawn with cairo and set with pango.

    The card and the announcement sheet are layout code only; what they
    need from cairo and pango is here: A4 pages, text in the configured
    family (a size, bold or not, wrapped to a width, aligned), table rows
    whose height follows their tallest cell, rules and boxes, a PNG.
    Units are PostScript points (1/72 inch) from the page's top left
    corner; A4 is PDF_PAGE_W x PDF_PAGE_H.

    cairo embeds the subset of every font used, so a printed PDF needs no
    font on the printer's side. Nothing here writes PDF syntax itself.

    The document streams into a FILE the caller owns (an outfile, so a
    document that fails halfway never appears): pdf_finish writes the
    rest and says whether every byte was taken.  */
#ifndef RAPOR_PDF_H
#define RAPOR_PDF_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PDF_PAGE_W 595.0        /*  A4, 210 mm  */
#define PDF_PAGE_H 842.0        /*  A4, 297 mm  */

typedef struct pdf_t pdf_t;

typedef enum { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT } pdf_align_t;

/*  How a piece of text looks. grey 0 is black, 1 white.  */
typedef struct {
    double size;            /*  points  */
    bool bold;
    bool italic;
    bool mono;              /*  the monospace family (digests)  */
    double grey;
} pdf_style_t;

/*  One column of a table: where it starts, how wide, how its cells align,
    and their style (NULL: the row's).  */
typedef struct {
    double x;
    double width;
    pdf_align_t align;
    const pdf_style_t *style;
} pdf_column_t;

/*  Starts a document on `stream` (kept by reference). `family` and
    `mono` are fontconfig family names (pdf_font_check them first).
    `title` goes into the PDF's metadata. NULL on failure, with the reason
    in err.  */
pdf_t *pdf_new (FILE *stream, const char *family, const char *mono, const char *title,
                char *err, size_t err_size);

/*  Ends the current page and writes the rest of the document, then
    destroys *self_p. False, with the reason in err, if cairo failed or the
    stream refused a byte.  */
bool pdf_finish (pdf_t **self_p, char *err, size_t err_size);

/*  Abandons the document. Accepts NULL; nulls the pointer.  */
void pdf_destroy (pdf_t **self_p);

/*  The cairo context, for drawing (charts). Owned by the pdf.  */
cairo_t *pdf_cairo (pdf_t *self);

/*  Ends the page; drawing continues on a new one.  */
void pdf_page_break (pdf_t *self);

/*  Sets `text` (UTF-8, plain: no markup) at (x, y), its top edge at y.
    width > 0 wraps it at word boundaries and aligns it within the width;
    width 0 keeps it on one line, x being its left edge, centre or right
    edge as `align` says. With draw false only measures. Returns the
    height it takes.  */
double pdf_text (pdf_t *self, double x, double y, double width, const pdf_style_t *style,
                 pdf_align_t align, bool draw, const char *text);

/*  The width `text` takes on one line.  */
double pdf_text_width (pdf_t *self, const pdf_style_t *style, const char *text);

/*  One table row at y: cells[i] in columns[i] (NULL or "" for none),
    `pad` points above and below, the row shaded with `fill` grey first
    unless fill < 0. Returns the row's height (measured only, unless draw).  */
double pdf_row (pdf_t *self, double y, const pdf_column_t *columns, size_t count,
                const char *const *cells, const pdf_style_t *style, double pad, double fill,
                bool draw);

/*  A straight line, `width` points wide, in grey.  */
void pdf_line (pdf_t *self, double x1, double y1, double x2, double y2, double width,
               double grey);

/*  A rectangle, filled with `fill` grey (fill < 0: not filled) and
    outlined `stroke` points wide (0: not outlined).  */
void pdf_box (pdf_t *self, double x, double y, double w, double h, double fill, double stroke);

/*  Draws `image` scaled to fit within w x h, keeping its proportions,
    its top left corner at (x, y). Returns the width drawn.  */
double pdf_image (pdf_t *self, cairo_surface_t *image, double x, double y, double w, double h);

/*  Loads a PNG. NULL, with a sentence in err, if it cannot be read.
    Caller releases it with cairo_surface_destroy.  */
cairo_surface_t *pdf_png_load (const char *path, char *err, size_t err_size);

/*  True if fontconfig resolves `family` to a font of that very family;
    false, naming the family it would substitute, if not: a substitute has
    other glyphs and other widths, and the layout was made for this one.  */
bool pdf_font_check (const char *family, char *err, size_t err_size);


#endif
