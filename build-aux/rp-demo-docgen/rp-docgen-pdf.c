/* rp-docgen-pdf.c — the A4 PDF: blocks laid out into pages, then drawn
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>

#include "rp-docgen.h"

/* Red round seal centred on (cx, cy). */
static void
draw_seal (cairo_t *cr, PangoContext *ctx, double cx, double cy, double r, const char *text)
{
  const double pi = 3.14159265358979323846;
  glong nchars = g_utf8_strlen (text, -1);

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  set_rgb_hex (cr, 0xd7191c, 0.82);

  cairo_set_line_width (cr, r * 0.06);
  cairo_arc (cr, 0, 0, r - r * 0.04, 0, 2 * pi);
  cairo_stroke (cr);

  /* five-pointed star */
  cairo_save (cr);
  for (int i = 0; i < 10; i++)
    {
      double rr = (i % 2 == 0) ? r * 0.30 : r * 0.12;
      /* point straight up, then rotate by 36 degrees each vertex */
      if (i == 0)
        cairo_move_to (cr, 0, -rr);
      else
        {
          cairo_rotate (cr, pi / 5);
          cairo_line_to (cr, 0, -rr);
        }
    }
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);

  /* organ name along the upper arc */
  if (nchars > 0)
    {
      double span = nchars > 3 ? 4.0 * pi / 3.0 : pi / 2;
      double stepa = nchars > 1 ? span / (nchars - 1) : 0;
      const char *p = text;
      double fsize = r * 0.25;

      cairo_save (cr);
      cairo_rotate (cr, -span / 2);
      for (glong i = 0; i < nchars; i++)
        {
          const char *next = g_utf8_next_char (p);
          char *ch = g_strndup (p, next - p);
          PangoLayout *l = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, fsize, -1,
                                        PANGO_ALIGN_LEFT, 0, 0, ch);
          double lw = layout_width (l);
          cairo_move_to (cr, -lw / 2, -r + r * 0.14);
          pango_cairo_show_layout (cr, l);
          g_object_unref (l);
          g_free (ch);
          p = next;
          cairo_rotate (cr, stepa);
        }
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_L 72.0
#define MARGIN_R 72.0
#define MARGIN_T 82.0
#define MARGIN_B 80.0
#define CONTENT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define BODY_SIZE 12.0
#define BODY_SPACING 6.0
#define TABLE_SIZE 9.5
#define TABLE_PAD 4.5
#define CHART_H 250.0
#define CHART_SCALE 3.0

typedef enum { OP_LINES, OP_RECT, OP_IMAGE, OP_SEAL } OpKind;

typedef struct {
  OpKind kind;
  PangoLayout *layout;     /* OP_LINES */
  int first, count;        /* OP_LINES: line range */
  double x, y, w, h;       /* OP_LINES: x, y of the layout origin */
  guint32 fill;            /* OP_RECT */
  gboolean has_fill;
  double stroke_w;
  cairo_surface_t *image;  /* OP_IMAGE */
  char *text;              /* OP_SEAL */
} Op;

static void
op_free (gpointer p)
{
  Op *op = p;
  if (op->layout)
    g_object_unref (op->layout);
  if (op->image)
    cairo_surface_destroy (op->image);
  g_free (op->text);
  g_free (op);
}

typedef struct {
  PangoContext *ctx;
  GPtrArray *pages;  /* of GPtrArray of Op */
  GPtrArray *cur;
  double y;
} Doc;

static void
doc_new_page (Doc *d)
{
  d->cur = g_ptr_array_new_with_free_func (op_free);
  g_ptr_array_add (d->pages, d->cur);
  d->y = MARGIN_T;
}

static gboolean
doc_at_top (Doc *d)
{
  return d->y <= MARGIN_T + 0.01;
}

static double
doc_room (Doc *d)
{
  return (PAGE_H - MARGIN_B) - d->y;
}

static Op *
doc_add (Doc *d, OpKind kind)
{
  Op *op = g_new0 (Op, 1);
  op->kind = kind;
  g_ptr_array_add (d->cur, op);
  return op;
}

typedef struct {
  double top, bottom;
} LineGeom;

static LineGeom *
layout_geoms (PangoLayout *layout, int *n_out)
{
  int n = pango_layout_get_line_count (layout);
  LineGeom *g = g_new0 (LineGeom, n > 0 ? n : 1);
  PangoLayoutIter *it = pango_layout_get_iter (layout);
  int i = 0;

  do
    {
      int y0, y1;
      pango_layout_iter_get_line_yrange (it, &y0, &y1);
      g[i].top = (double) y0 / PANGO_SCALE;
      g[i].bottom = (double) y1 / PANGO_SCALE;
      i++;
    }
  while (i < n && pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
  *n_out = n;
  return g;
}

static void
add_lines_op (Doc *d, PangoLayout *layout, int first, int count, double x, double y)
{
  Op *op = doc_add (d, OP_LINES);
  op->layout = g_object_ref (layout);
  op->first = first;
  op->count = count;
  op->x = x;
  op->y = y;
}

/* Place a layout at the cursor, splitting it between pages on line
 * boundaries (with simple widow/orphan control). */
static void
place_layout (Doc *d, PangoLayout *layout, double x)
{
  int n, i = 0;
  LineGeom *g = layout_geoms (layout, &n);

  while (i < n)
    {
      double room = doc_room (d);
      int j = i;

      while (j < n && g[j].bottom - g[i].top <= room)
        j++;
      if (j == i)
        {
          if (doc_at_top (d))
            j = i + 1;     /* a line taller than a page: place it anyway */
          else
            {
              doc_new_page (d);
              continue;
            }
        }
      if (j < n)
        {
          if (i == 0 && j == 1 && !doc_at_top (d))
            {
              /* orphan: do not leave a paragraph's first line alone */
              doc_new_page (d);
              continue;
            }
          if (n - j == 1)
            {
              /* widow: carry one more line over, or the whole paragraph
               * when that would leave its first line alone */
              if (j - i >= 3)
                j--;
              else if (i == 0 && !doc_at_top (d))
                {
                  doc_new_page (d);
                  continue;
                }
            }
        }
      add_lines_op (d, layout, i, j - i, x, d->y - g[i].top);
      d->y += g[j - 1].bottom - g[i].top;
      i = j;
      if (i < n)
        doc_new_page (d);
    }
  g_free (g);
}

static gboolean
is_numeric (const char *s)
{
  gboolean digit = FALSE;
  if (*s == '-' || *s == '+')
    s++;
  for (; *s; s++)
    {
      if (g_ascii_isdigit (*s))
        digit = TRUE;
      else if (*s != ',' && *s != '.' && !(*s == '%' && s[1] == '\0'))
        return FALSE;
    }
  return digit;
}

static void
add_rect (Doc *d, double x, double y, double w, double h, gboolean has_fill, guint32 fill,
          double stroke_w)
{
  Op *op = doc_add (d, OP_RECT);
  op->x = x;
  op->y = y;
  op->w = w;
  op->h = h;
  op->has_fill = has_fill;
  op->fill = fill;
  op->stroke_w = stroke_w;
}

static void
compute_col_widths (double *nat, double *out, int ncols, double avail)
{
  double total = 0;
  gboolean *fixed = g_new0 (gboolean, ncols);

  for (int c = 0; c < ncols; c++)
    total += nat[c];
  if (total <= avail)
    {
      for (int c = 0; c < ncols; c++)
        out[c] = nat[c] * avail / total;
      g_free (fixed);
      return;
    }
  /* Columns narrower than a fair share keep their natural width; the rest
   * share what is left in proportion to their natural widths. */
  for (;;)
    {
      double rest_w = avail, rest_nat = 0;
      int rest_n = 0;
      gboolean changed = FALSE;

      for (int c = 0; c < ncols; c++)
        if (fixed[c])
          rest_w -= nat[c];
        else
          {
            rest_n++;
            rest_nat += nat[c];
          }
      for (int c = 0; c < ncols; c++)
        if (!fixed[c] && nat[c] <= rest_w / rest_n)
          {
            fixed[c] = TRUE;
            changed = TRUE;
          }
      if (!changed || rest_n <= 1)
        {
          for (int c = 0; c < ncols; c++)
            out[c] = fixed[c] ? nat[c] : rest_w * nat[c] / rest_nat;
          break;
        }
    }
  g_free (fixed);
}

typedef struct {
  PangoLayout **cells;
  double h;
} TableRow;

static void
place_table_row (Doc *d, TableRow *row, int ncols, const double *colw, gboolean header)
{
  double x = MARGIN_L;
  for (int c = 0; c < ncols; c++)
    {
      add_rect (d, x, d->y, colw[c], row->h, header, 0xe4e9ef, 0.6);
      if (row->cells[c])
        {
          double lh = layout_height (row->cells[c]);
          add_lines_op (d, row->cells[c], 0, pango_layout_get_line_count (row->cells[c]),
                        x + TABLE_PAD, d->y + (row->h - lh) / 2);
        }
      x += colw[c];
    }
  d->y += row->h;
}

static void
place_table (Doc *d, const Block *b)
{
  int nrows = b->rows->len, ncols = 0;
  double *nat, *colw;
  TableRow *rows;
  double seg_top;

  for (int r = 0; r < nrows; r++)
    {
      int n = g_strv_length (g_ptr_array_index (b->rows, r));
      if (n > ncols)
        ncols = n;
    }
  nat = g_new0 (double, ncols);
  colw = g_new0 (double, ncols);
  rows = g_new0 (TableRow, nrows);

  for (int r = 0; r < nrows; r++)
    {
      char **cells = g_ptr_array_index (b->rows, r);
      for (int c = 0; cells[c]; c++)
        {
          PangoLayout *l = make_layout (d->ctx, r == 0 ? SANS : SERIF,
                                        r == 0 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                        TABLE_SIZE, -1, PANGO_ALIGN_LEFT, 2, 0, cells[c]);
          double w = layout_width (l);
          /* a header may wrap onto two lines rather than widen its column */
          if (r == 0 && nrows > 1)
            w = MAX (w * 0.55, MIN (w, 4.2 * TABLE_SIZE));
          w += 2 * TABLE_PAD + 1;
          if (w > nat[c])
            nat[c] = w;
          g_object_unref (l);
        }
    }
  compute_col_widths (nat, colw, ncols, CONTENT_W);

  for (int r = 0; r < nrows; r++)
    {
      char **cells = g_ptr_array_index (b->rows, r);
      int n = g_strv_length (cells);
      rows[r].cells = g_new0 (PangoLayout *, ncols);
      rows[r].h = TABLE_SIZE * 1.5 + 2 * TABLE_PAD;
      for (int c = 0; c < n; c++)
        {
          PangoAlignment al = r == 0 ? PANGO_ALIGN_CENTER
                              : is_numeric (cells[c]) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
          PangoLayout *l = make_layout (d->ctx, r == 0 ? SANS : SERIF,
                                        r == 0 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                        TABLE_SIZE, colw[c] - 2 * TABLE_PAD, al, 2, 0, cells[c]);
          double h = layout_height (l) + 2 * TABLE_PAD;
          rows[r].cells[c] = l;
          if (h > rows[r].h)
            rows[r].h = h;
        }
    }

  if (!doc_at_top (d))
    d->y += 4;
  /* keep the header with at least two body rows */
  if (rows[0].h + (nrows > 1 ? rows[1].h : 0) + (nrows > 2 ? rows[2].h : 0) > doc_room (d)
      && !doc_at_top (d))
    doc_new_page (d);

  seg_top = d->y;
  place_table_row (d, &rows[0], ncols, colw, TRUE);
  for (int r = 1, on_page = 0; r < nrows; r++, on_page++)
    {
      double need = rows[r].h;
      /* do not leave the last row alone on a new page */
      if (r == nrows - 2 && on_page >= 2)
        need += rows[r + 1].h;
      if (need > doc_room (d))
        {
          on_page = 0;
          add_rect (d, MARGIN_L, seg_top, CONTENT_W, d->y - seg_top, FALSE, 0, 1.2);
          doc_new_page (d);
          seg_top = d->y;
          place_table_row (d, &rows[0], ncols, colw, TRUE);   /* repeat header */
        }
      place_table_row (d, &rows[r], ncols, colw, FALSE);
    }
  add_rect (d, MARGIN_L, seg_top, CONTENT_W, d->y - seg_top, FALSE, 0, 1.2);
  d->y += 12;

  for (int r = 0; r < nrows; r++)
    {
      for (int c = 0; c < ncols; c++)
        if (rows[r].cells[c])
          g_object_unref (rows[r].cells[c]);
      g_free (rows[r].cells);
    }
  g_free (rows);
  g_free (nat);
  g_free (colw);
}

static void
layout_pdf (Doc *d, GPtrArray *blocks)
{
  doc_new_page (d);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = g_ptr_array_index (blocks, i);
      const Block *prev = i > 0 ? g_ptr_array_index (blocks, i - 1) : NULL;
      PangoLayout *l = NULL;

      switch (b->kind)
        {
        case B_H1:
          l = make_layout (d->ctx, SANS, PANGO_WEIGHT_BOLD, 19, CONTENT_W, PANGO_ALIGN_CENTER,
                           4, 0, b->text);
          if (!doc_at_top (d))
            d->y += 16;
          if (layout_height (l) + 80 > doc_room (d))
            doc_new_page (d);
          place_layout (d, l, MARGIN_L);
          d->y += 14;
          break;

        case B_H2:
          l = make_layout (d->ctx, SANS, PANGO_WEIGHT_BOLD, 13.5, CONTENT_W, PANGO_ALIGN_LEFT,
                           3, 0, b->text);
          if (!doc_at_top (d))
            d->y += 10;
          /* keep with the next two lines of text */
          if (layout_height (l) + 3 * (BODY_SIZE * 1.45 + BODY_SPACING) > doc_room (d))
            doc_new_page (d);
          place_layout (d, l, MARGIN_L);
          d->y += 6;
          break;

        case B_PARA:
          l = make_layout (d->ctx, SERIF, PANGO_WEIGHT_NORMAL, BODY_SIZE, CONTENT_W,
                           PANGO_ALIGN_LEFT, BODY_SPACING, b->indent ? 2 * BODY_SIZE : 0,
                           b->text);
          pango_layout_set_justify (l, TRUE);
          place_layout (d, l, MARGIN_L);
          d->y += 4;
          break;

        case B_CENTER:
        case B_RIGHT:
          l = make_layout (d->ctx, SERIF, PANGO_WEIGHT_NORMAL, BODY_SIZE, CONTENT_W,
                           b->kind == B_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT,
                           BODY_SPACING, 0, b->text);
          if (b->kind == B_RIGHT && (!prev || prev->kind != B_RIGHT))
            {
              /* keep a signature block (consecutive ">>" lines) together */
              double need = 0;
              for (guint k = i; k < blocks->len; k++)
                {
                  const Block *nb = g_ptr_array_index (blocks, k);
                  if (nb->kind != B_RIGHT)
                    break;
                  need += layout_height (l) + 2;
                }
              if (prev && prev->kind != B_SEAL && !doc_at_top (d))
                {
                  /* normally a blank line above it; less if that is what
                   * keeps it on the page of the text it signs */
                  if (need + 26 <= doc_room (d))
                    d->y += 26;
                  else if (need + 4 <= doc_room (d))
                    d->y += 4;
                  else
                    doc_new_page (d);
                }
            }
          place_layout (d, l, MARGIN_L);
          d->y += 2;
          break;

        case B_TABLE:
          place_table (d, b);
          break;

        case B_CHART:
          {
            Op *op;
            if (!doc_at_top (d))
              d->y += 6;
            if (CHART_H > doc_room (d))
              doc_new_page (d);
            op = doc_add (d, OP_IMAGE);
            op->image = chart_render (b, CONTENT_W, CHART_H, CHART_SCALE);
            op->x = MARGIN_L;
            op->y = d->y;
            op->w = CONTENT_W;
            op->h = CHART_H;
            d->y += CHART_H + 14;
          }
          break;

        case B_SEAL:
          {
            double r = 46, cy = d->y - 30;
            Op *op = doc_add (d, OP_SEAL);
            if (cy - r < MARGIN_T)
              cy = MARGIN_T + r;
            op->x = PAGE_W - MARGIN_R - 62;
            op->y = cy;
            op->w = r;
            op->text = g_strdup (b->text);
            if (d->y < cy + r + 4)
              d->y = cy + r + 4;
          }
          break;

        case B_BREAK:
          if (!doc_at_top (d))
            doc_new_page (d);
          break;

        default:
          break;
        }
      if (l)
        g_object_unref (l);
    }

  /* drop a trailing empty page (e.g. from a final ---) */
  if (d->pages->len > 1 && d->cur->len == 0)
    {
      g_ptr_array_remove_index (d->pages, d->pages->len - 1);
      d->cur = g_ptr_array_index (d->pages, d->pages->len - 1);
    }
}

static void
draw_lines (cairo_t *cr, const Op *op)
{
  PangoLayoutIter *it = pango_layout_get_iter (op->layout);
  int k = 0;

  do
    {
      if (k >= op->first && k < op->first + op->count)
        {
          PangoRectangle logical;
          int baseline = pango_layout_iter_get_baseline (it);
          pango_layout_iter_get_line_extents (it, NULL, &logical);
          cairo_move_to (cr, op->x + (double) logical.x / PANGO_SCALE,
                         op->y + (double) baseline / PANGO_SCALE);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (it));
        }
      k++;
    }
  while (k < op->first + op->count && pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
}

static void
draw_page_frame (cairo_t *cr, PangoContext *ctx, int page, int npages, const char *title)
{
  PangoLayout *l;
  char *footer;

  set_rgb_hex (cr, 0x6b7682, 1);
  l = make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 8, CONTENT_W * 0.5, PANGO_ALIGN_LEFT, 0, 0,
                   "云州市青溪区政府信息公开（演示文档）");
  cairo_move_to (cr, MARGIN_L, 44);
  pango_cairo_show_layout (cr, l);
  g_object_unref (l);

  if (title && *title)
    {
      l = make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 8, CONTENT_W * 0.5, PANGO_ALIGN_RIGHT, 0,
                       0, title);
      pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
      cairo_move_to (cr, MARGIN_L + CONTENT_W * 0.5, 44);
      pango_cairo_show_layout (cr, l);
      g_object_unref (l);
    }

  set_rgb_hex (cr, 0xb3261e, 1);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, MARGIN_L, 60);
  cairo_line_to (cr, PAGE_W - MARGIN_R, 60);
  cairo_stroke (cr);

  footer = g_strdup_printf ("第 %d 页 共 %d 页", page, npages);
  set_rgb_hex (cr, 0x3a444e, 1);
  l = make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 9, CONTENT_W, PANGO_ALIGN_CENTER, 0, 0,
                   footer);
  cairo_move_to (cr, MARGIN_L, PAGE_H - 50);
  pango_cairo_show_layout (cr, l);
  g_object_unref (l);
  g_free (footer);
}

static void
draw_page (cairo_t *cr, PangoContext *ctx, GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const Op *op = g_ptr_array_index (ops, i);
      switch (op->kind)
        {
        case OP_LINES:
          set_rgb_hex (cr, 0x111111, 1);
          draw_lines (cr, op);
          break;
        case OP_RECT:
          cairo_rectangle (cr, op->x, op->y, op->w, op->h);
          if (op->has_fill)
            {
              set_rgb_hex (cr, op->fill, 1);
              cairo_fill_preserve (cr);
            }
          set_rgb_hex (cr, 0x2b2b2b, 1);
          cairo_set_line_width (cr, op->stroke_w);
          cairo_stroke (cr);
          break;
        case OP_IMAGE:
          {
            double sx = op->w / cairo_image_surface_get_width (op->image);
            double sy = op->h / cairo_image_surface_get_height (op->image);
            cairo_save (cr);
            cairo_translate (cr, op->x, op->y);
            cairo_scale (cr, sx, sy);
            cairo_set_source_surface (cr, op->image, 0, 0);
            cairo_paint (cr);
            cairo_restore (cr);
          }
          break;
        case OP_SEAL:
          draw_seal (cr, ctx, op->x, op->y, op->w, op->text);
          break;
        default:
          break;
        }
    }
}

static char *
pdf_date (void)
{
  const char *sde = g_getenv ("SOURCE_DATE_EPOCH");
  gint64 t = 1767225600;   /* 2026-01-01T00:00:00Z: fixed for reproducible output */
  GDateTime *dt;
  char *s;

  if (sde && *sde)
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (sde, &end, 10);
      if (end && *end == '\0' && v >= 0)
        t = v;
    }
  dt = g_date_time_new_from_unix_utc (t);
  s = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  g_date_time_unref (dt);
  return s;
}

gboolean
write_pdf (GPtrArray *blocks, const char *output, GError **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (output, PAGE_W, PAGE_H);
  cairo_t *cr;
  Doc d = { 0 };
  const char *title = NULL;
  cairo_status_t st;
  int npages;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot create %s: %s", output,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = g_ptr_array_index (blocks, i);
      if (b->kind == B_H1)
        {
          title = b->text;
          break;
        }
    }

#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
  {
    char *date = pdf_date ();
    if (title)
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, "云州市青溪区（演示）");
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "rp-demo-docgen");
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free (date);
  }
#endif

  cr = cairo_create (surface);
  d.ctx = make_pango_context (cr);
  d.pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  layout_pdf (&d, blocks);

  npages = d.pages->len;
  for (int p = 0; p < npages; p++)
    {
      draw_page_frame (cr, d.ctx, p + 1, npages, p > 0 ? title : NULL);
      draw_page (cr, d.ctx, g_ptr_array_index (d.pages, p));
      cairo_show_page (cr);
    }

  g_ptr_array_unref (d.pages);
  g_object_unref (d.ctx);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  st = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s: %s", output,
                   cairo_status_to_string (st));
      return FALSE;
    }
  return TRUE;
}
