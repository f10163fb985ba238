/* rp-docgen-draw.c — drawing helpers shared by the PDF, the poster and the charts
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "rp-docgen.h"

void
set_rgb_hex (cairo_t *cr, guint32 rgb, double alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

PangoContext *
make_pango_context (cairo_t *cr)
{
  PangoContext *ctx = pango_cairo_create_context (cr);
  cairo_font_options_t *fo = cairo_font_options_create ();

  /* Work in cairo user units: a 12 "pt" font is 12 units high. */
  pango_cairo_context_set_resolution (ctx, 72.0);
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_language (ctx, pango_language_from_string ("zh-cn"));
  return ctx;
}

PangoLayout *
make_layout (PangoContext *ctx, const char *family, PangoWeight weight, double size,
             double width, PangoAlignment align, double spacing, double indent,
             const char *text)
{
  PangoLayout *layout = pango_layout_new (ctx);
  PangoFontDescription *fd = pango_font_description_new ();

  pango_font_description_set_family (fd, family);
  pango_font_description_set_weight (fd, weight);
  pango_font_description_set_size (fd, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, fd);
  pango_font_description_free (fd);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_spacing (layout, (int) (spacing * PANGO_SCALE));
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
layout_height (PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

double
layout_width (PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

