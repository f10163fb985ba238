/* rp-docgen.h — what the parts of rp-demo-docgen share
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>
#include <glib.h>

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"

/* The source model (rp-docgen-markup.c): one Block per construct. */
typedef enum {
  B_H1,
  B_H2,
  B_PARA,
  B_CENTER,
  B_RIGHT,
  B_TABLE,
  B_CHART,
  B_BREAK,
  B_SEAL,
} BlockKind;

typedef struct {
  BlockKind kind;
  int line;            /* source line, for messages */
  char *text;          /* headings, paragraphs, seal text, chart title */
  gboolean indent;     /* B_PARA: first-line indent */
  GPtrArray *rows;     /* B_TABLE: GPtrArray of GStrv */
  GPtrArray *labels;   /* B_CHART: char* */
  GArray *values;      /* B_CHART: double */
} Block;

/* (transfer full) (nullable): the blocks of @data (UTF-8), in order;
 * NULL with @error naming the line of a malformed construct. */
GPtrArray *parse_source (const char *data, GError **error);

/* Shared drawing helpers (rp-docgen-draw.c). */
void          set_rgb_hex        (cairo_t *cr, guint32 rgb, double alpha);
PangoContext *make_pango_context (cairo_t *cr);
PangoLayout  *make_layout        (PangoContext *ctx, const char *family, PangoWeight weight, double size,
                                  double width, PangoAlignment align, double spacing, double indent,
                                  const char *text);
double        layout_height      (PangoLayout *layout);
double        layout_width       (PangoLayout *layout);

/* rp-docgen-chart.c: a bar chart as an RGB image of (w*scale) x (h*scale) px. */
cairo_surface_t *chart_render (const Block *b, double w, double h, double scale);

/* The two outputs: an A4 PDF (rp-docgen-pdf.c), a poster PNG (rp-docgen-poster.c). */
gboolean write_pdf (GPtrArray *blocks, const char *output, GError **error);
gboolean write_png (GPtrArray *blocks, const char *output, GError **error);
