/*  pdf.c: see pdf.h.  */
#include "pdf.h"
#include "i18n.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct pdf_t {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoLayout *layout;            /*  one, reused: a layout per string is the slow part  */
    PangoFontDescription *font;
    char *family;
    char *mono;
};

static cairo_status_t
s_write (void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite (data, 1, length, (FILE *) closure) == length ? CAIRO_STATUS_SUCCESS
                                                                : CAIRO_STATUS_WRITE_ERROR;
}

pdf_t *
pdf_new (FILE *stream, const char *family, const char *mono, const char *title, char *err,
         size_t err_size)
{
    pdf_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, err_size, _("out of memory"));
        return NULL;
    }
    self->surface = cairo_pdf_surface_create_for_stream (s_write, stream, PDF_PAGE_W, PDF_PAGE_H);
    self->cr = cairo_create (self->surface);
    self->family = strdup (family);
    self->mono = strdup (mono);
    self->font = pango_font_description_new ();
    if (cairo_status (self->cr) != CAIRO_STATUS_SUCCESS || !self->family || !self->mono) {
        snprintf (err, err_size, _("cannot start a PDF: %s"),
                  cairo_status_to_string (cairo_status (self->cr)));
        pdf_destroy (&self);
        return NULL;
    }
    cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_CREATOR, "rapor-card");
    self->layout = pango_cairo_create_layout (self->cr);
    /*  Hinting snaps glyphs to a screen's pixels; on paper it only
        distorts the widths the layout measured.  */
    cairo_font_options_t *options = cairo_font_options_create ();
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options (pango_layout_get_context (self->layout), options);
    cairo_font_options_destroy (options);
    pango_layout_context_changed (self->layout);
    /*  A code or an amount broken with a hyphen reads as another one.  */
    PangoAttrList *attrs = pango_attr_list_new ();
    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (self->layout, attrs);
    pango_attr_list_unref (attrs);
    return self;
}

void
pdf_destroy (pdf_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    pdf_t *self = *self_p;
    if (self->layout)
        g_object_unref (self->layout);
    if (self->font)
        pango_font_description_free (self->font);
    if (self->cr)
        cairo_destroy (self->cr);
    if (self->surface)
        cairo_surface_destroy (self->surface);
    free (self->family);
    free (self->mono);
    free (self);
    *self_p = NULL;
}

bool
pdf_finish (pdf_t **self_p, char *err, size_t err_size)
{
    pdf_t *self = *self_p;
    cairo_show_page (self->cr);
    cairo_surface_finish (self->surface);
    cairo_status_t status = cairo_surface_status (self->surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_status (self->cr);
    if (status != CAIRO_STATUS_SUCCESS)
        snprintf (err, err_size, "%s", cairo_status_to_string (status));
    pdf_destroy (self_p);
    return status == CAIRO_STATUS_SUCCESS;
}

cairo_t *
pdf_cairo (pdf_t *self)
{
    return self->cr;
}

void
pdf_page_break (pdf_t *self)
{
    cairo_show_page (self->cr);
}

/*  Prepares the shared layout for `text` in `style`.  */
static void
s_layout (pdf_t *self, const pdf_style_t *style, double width, pdf_align_t align,
          const char *text)
{
    pango_font_description_set_family (self->font, style->mono ? self->mono : self->family);
    pango_font_description_set_weight (self->font,
                                       style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style (self->font,
                                      style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    /*  Absolute: in user units, which are points here; a plain size would
        be scaled by the context's 96 dpi.  */
    pango_font_description_set_absolute_size (self->font, style->size * PANGO_SCALE);
    pango_layout_set_font_description (self->layout, self->font);
    pango_layout_set_width (self->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
    pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment (self->layout, align == PDF_CENTER ? PANGO_ALIGN_CENTER
                                            : align == PDF_RIGHT ? PANGO_ALIGN_RIGHT
                                            : PANGO_ALIGN_LEFT);
    pango_layout_set_text (self->layout, text, -1);
}

double
pdf_text (pdf_t *self, double x, double y, double width, const pdf_style_t *style,
          pdf_align_t align, bool draw, const char *text)
{
    if (!text || !*text)
        return 0;
    s_layout (self, style, width, align, text);
    int w = 0, h = 0;
    pango_layout_get_size (self->layout, &w, &h);
    if (draw) {
        double left = x;
        if (width <= 0 && align == PDF_CENTER)
            left = x - (double) w / PANGO_SCALE / 2;
        else
        if (width <= 0 && align == PDF_RIGHT)
            left = x - (double) w / PANGO_SCALE;
        cairo_set_source_rgb (self->cr, style->grey, style->grey, style->grey);
        cairo_move_to (self->cr, left, y);
        pango_cairo_show_layout (self->cr, self->layout);
        cairo_new_path (self->cr);
    }
    return (double) h / PANGO_SCALE;
}

double
pdf_text_width (pdf_t *self, const pdf_style_t *style, const char *text)
{
    s_layout (self, style, 0, PDF_LEFT, text);
    int w = 0, h = 0;
    pango_layout_get_size (self->layout, &w, &h);
    return (double) w / PANGO_SCALE;
}

double
pdf_row (pdf_t *self, double y, const pdf_column_t *columns, size_t count,
         const char *const *cells, const pdf_style_t *style, double pad, double fill, bool draw)
{
    double tallest = 0;
    for (size_t i = 0; i < count; i++) {
        double h = pdf_text (self, 0, 0, columns[i].width,
                             columns[i].style ? columns[i].style : style, columns[i].align,
                             false, cells[i]);
        if (h > tallest)
            tallest = h;
    }
    double height = tallest + 2 * pad;
    if (!draw)
        return height;
    if (fill >= 0 && count > 0)
        pdf_box (self, columns[0].x - 4, y, columns[count - 1].x + columns[count - 1].width
                 - columns[0].x + 8, height, fill, 0);
    for (size_t i = 0; i < count; i++)
        pdf_text (self, columns[i].x, y + pad, columns[i].width,
                  columns[i].style ? columns[i].style : style, columns[i].align, true, cells[i]);
    return height;
}

void
pdf_line (pdf_t *self, double x1, double y1, double x2, double y2, double width, double grey)
{
    cairo_set_source_rgb (self->cr, grey, grey, grey);
    cairo_set_line_width (self->cr, width);
    cairo_move_to (self->cr, x1, y1);
    cairo_line_to (self->cr, x2, y2);
    cairo_stroke (self->cr);
}

void
pdf_box (pdf_t *self, double x, double y, double w, double h, double fill, double stroke)
{
    cairo_rectangle (self->cr, x, y, w, h);
    if (fill >= 0) {
        cairo_set_source_rgb (self->cr, fill, fill, fill);
        if (stroke > 0)
            cairo_fill_preserve (self->cr);
        else
            cairo_fill (self->cr);
    }
    if (stroke > 0) {
        cairo_set_source_rgb (self->cr, 0, 0, 0);
        cairo_set_line_width (self->cr, stroke);
        cairo_stroke (self->cr);
    }
    cairo_new_path (self->cr);
}

double
pdf_image (pdf_t *self, cairo_surface_t *image, double x, double y, double w, double h)
{
    double iw = cairo_image_surface_get_width (image), ih = cairo_image_surface_get_height (image);
    if (iw <= 0 || ih <= 0)
        return 0;
    double scale = w / iw < h / ih ? w / iw : h / ih;
    cairo_save (self->cr);
    cairo_translate (self->cr, x, y);
    cairo_scale (self->cr, scale, scale);
    cairo_set_source_surface (self->cr, image, 0, 0);
    cairo_paint (self->cr);
    cairo_restore (self->cr);
    return iw * scale;
}

cairo_surface_t *
pdf_png_load (const char *path, char *err, size_t err_size)
{
    cairo_surface_t *image = cairo_image_surface_create_from_png (path);
    cairo_status_t status = cairo_surface_status (image);
    if (status == CAIRO_STATUS_SUCCESS)
        return image;
    snprintf (err, err_size, _("the logo %s cannot be used: %s"), path,
              status == CAIRO_STATUS_FILE_NOT_FOUND ? _("no such file")
              : status == CAIRO_STATUS_READ_ERROR ? _("it is not a PNG image, or cannot be read")
              : cairo_status_to_string (status));
    cairo_surface_destroy (image);
    return NULL;
}

bool
pdf_font_check (const char *family, char *err, size_t err_size)
{
    FcPattern *pattern = FcPatternCreate ();
    FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
    FcConfigSubstitute (NULL, pattern, FcMatchPattern);
    FcDefaultSubstitute (pattern);
    FcResult result = FcResultNoMatch;
    FcPattern *match = FcFontMatch (NULL, pattern, &result);
    FcPatternDestroy (pattern);
    bool found = false;
    FcChar8 *name = NULL, *first = NULL;
    for (int i = 0; match && FcPatternGetString (match, FC_FAMILY, i, &name) == FcResultMatch;
         i++) {
        if (i == 0)
            first = name;
        if (strcasecmp ((const char *) name, family) == 0)
            found = true;
    }
    if (!found)
        snprintf (err, err_size, _("the font '%s' is not installed (fontconfig would use '%s' "
                  "instead); install it (Debian: fonts-dejavu-core has 'DejaVu Sans' and "
                  "'DejaVu Sans Mono') or name an installed family in the configuration "
                  "(fc-list : family)"), family, first ? (const char *) first : _("nothing"));
    if (match)
        FcPatternDestroy (match);
    return found;
}
