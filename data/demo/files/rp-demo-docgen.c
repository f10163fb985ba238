/* rp-demo-docgen — turn a tiny text markup into the demo bundle's PDFs and PNGs.
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A build-time tool (never installed): the demo bundle in data/demo/ must not
 * carry binary documents in git, so every PDF/PNG is generated from the text
 * sources in data/demo/docs/ with cairo + pangocairo and the Noto CJK fonts.
 *
 * Usage:
 *   rp-demo-docgen [--png] INPUT.txt OUTPUT
 *
 *   default  OUTPUT is an A4 PDF (595x842 pt), body in "Noto Serif CJK SC",
 *            headings in "Noto Sans CJK SC", header rule and a footer
 *            "第 N 页 共 M 页" on every page (the whole document is laid out
 *            before anything is drawn, so M is known).
 *   --png    OUTPUT is a portrait poster 1080 px wide (at least 1920 px high)
 *            for a graphic policy interpretation (图解).
 *
 * Needs the Noto CJK fonts at build time (Debian: fonts-noto-cjk); exits 1 if
 * no installed font covers Chinese.
 *
 * Exit status: 0 on success, 1 on an error (message on stderr), 2 on a usage
 * error.  Output is deterministic (no clock, no randomness; the PDF creation
 * date is taken from SOURCE_DATE_EPOCH or fixed).
 *
 * Source markup (UTF-8, one construct per line):
 *
 *   # 标题               document title (centred, bold sans).  In --png mode:
 *                        the poster title in the coloured header band
 *                        (several "# " lines give a multi-line title).
 *   ## 小标题            sub-heading (bold sans).  In --png mode: starts a
 *                        numbered question block; the paragraphs that follow
 *                        are its answer.
 *   (blank line)         ends a paragraph.  Consecutive text lines are joined
 *                        into one paragraph; paragraphs get a two-character
 *                        first-line indent.
 *   << 文字              a paragraph without first-line indent (salutations
 *                        such as "各街道办事处：").
 *   ^^ 文字              a centred line (e.g. the document number).
 *   >> 文字              a right-aligned line (issuing body, date).  In --png
 *                        mode: a line of the poster footer.
 *   ---                  page break (PDF only).
 *   | a | b | c |        table row; cells separated by "|"; the first row of
 *                        a run of rows is the header.  Rows made only of
 *                        dashes ("|---|---|") are ignored.  PDF only.
 *   [chart 标题 | 标签1=数值1 | 标签2=数值2 ...]
 *                        a bar chart, rendered as a raster image and painted
 *                        into the page (a real image XObject in the PDF).
 *   [seal 机构名称]      a red round seal over the preceding lines (PDF only).
 *   % comment            ignored.
 */

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib.h>
#include <glib/gstdio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"

/* ------------------------------------------------------------------------ */
/* Source model                                                              */

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

static void
block_free (gpointer p)
{
  Block *b = p;
  g_free (b->text);
  if (b->rows)
    g_ptr_array_unref (b->rows);
  if (b->labels)
    g_ptr_array_unref (b->labels);
  if (b->values)
    g_array_unref (b->values);
  g_free (b);
}

static Block *
block_new (GPtrArray *blocks, BlockKind kind, int line, const char *text)
{
  Block *b = g_new0 (Block, 1);
  b->kind = kind;
  b->line = line;
  b->text = g_strdup (text ? text : "");
  g_ptr_array_add (blocks, b);
  return b;
}

static gboolean
is_dash_row (char **cells)
{
  for (int i = 0; cells[i]; i++)
    for (const char *c = cells[i]; *c; c++)
      if (*c != '-' && *c != ':' && *c != ' ')
        return FALSE;
  return TRUE;
}

static char **
split_row (const char *line)
{
  char *s = g_strstrip (g_strdup (line));
  char *start = s;
  size_t len;

  if (*start == '|')
    start++;
  len = strlen (start);
  if (len > 0 && start[len - 1] == '|')
    start[len - 1] = '\0';
  char **cells = g_strsplit (start, "|", -1);
  for (int i = 0; cells[i]; i++)
    g_strstrip (cells[i]);
  g_free (s);
  return cells;
}

static gboolean
parse_chart (Block *b, const char *line, GError **error)
{
  /* line is "[chart TITLE | a=1 | b=2]" */
  size_t len = strlen (line);
  char *inner = g_strndup (line + 6, len - 7);
  char **parts = g_strsplit (inner, "|", -1);
  gboolean ok = TRUE;

  g_free (inner);
  g_free (b->text);
  b->text = g_strstrip (g_strdup (parts[0] ? parts[0] : ""));
  b->labels = g_ptr_array_new_with_free_func (g_free);
  b->values = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 1; parts[0] && parts[i]; i++)
    {
      char *item = g_strstrip (parts[i]);
      char *eq = strrchr (item, '=');
      char *end = NULL;
      double v;

      if (!eq)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %d: chart item \"%s\" is not LABEL=VALUE", b->line, item);
          ok = FALSE;
          break;
        }
      *eq = '\0';
      v = g_ascii_strtod (g_strstrip (eq + 1), &end);
      if (end == eq + 1 || *end != '\0' || !(v >= 0.0) || v > 1e15)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %d: chart value of \"%s\" is not a non-negative number",
                       b->line, g_strstrip (item));
          ok = FALSE;
          break;
        }
      g_ptr_array_add (b->labels, g_strdup (g_strstrip (item)));
      g_array_append_val (b->values, v);
    }
  if (ok && b->values->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "line %d: chart has no LABEL=VALUE items", b->line);
      ok = FALSE;
    }
  g_strfreev (parts);
  return ok;
}

static gboolean
needs_space (const GString *s, const char *next)
{
  /* Join wrapped source lines without a space, except between Latin words. */
  if (s->len == 0 || !*next)
    return FALSE;
  return g_ascii_isalnum (s->str[s->len - 1]) && g_ascii_isalnum (next[0]);
}

static GPtrArray *
parse_source (const char *data, GError **error)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (block_free);
  char **lines = g_strsplit (data, "\n", -1);
  Block *para = NULL;
  GString *para_text = g_string_new (NULL);
  Block *table = NULL;
  gboolean ok = TRUE;

#define FLUSH_PARA()                                   \
  do {                                                 \
    if (para)                                          \
      {                                                \
        g_free (para->text);                           \
        para->text = g_strdup (para_text->str);        \
        para = NULL;                                   \
        g_string_truncate (para_text, 0);              \
      }                                                \
  } while (0)

  for (int i = 0; lines[i] && ok; i++)
    {
      int lineno = i + 1;
      char *line = g_strchomp (lines[i]);   /* also drops '\r' */
      const char *t = line;

      while (*t == ' ' || *t == '\t')
        t++;

      if (table && *t != '|')
        table = NULL;

      if (*t == '\0')
        {
          FLUSH_PARA ();
          continue;
        }
      if (*t == '%')
        continue;

      if (g_str_has_prefix (t, "## "))
        {
          FLUSH_PARA ();
          block_new (blocks, B_H2, lineno, g_strstrip (line + (t - line) + 3));
        }
      else if (g_str_has_prefix (t, "# "))
        {
          FLUSH_PARA ();
          block_new (blocks, B_H1, lineno, g_strstrip (line + (t - line) + 2));
        }
      else if (strcmp (t, "---") == 0)
        {
          FLUSH_PARA ();
          block_new (blocks, B_BREAK, lineno, NULL);
        }
      else if (*t == '|')
        {
          char **cells;
          FLUSH_PARA ();
          cells = split_row (t);
          if (is_dash_row (cells))
            {
              g_strfreev (cells);
              continue;
            }
          if (!table)
            {
              table = block_new (blocks, B_TABLE, lineno, NULL);
              table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
            }
          g_ptr_array_add (table->rows, cells);
        }
      else if (g_str_has_prefix (t, "[chart") && g_str_has_suffix (t, "]"))
        {
          Block *b;
          FLUSH_PARA ();
          b = block_new (blocks, B_CHART, lineno, NULL);
          ok = parse_chart (b, t, error);
        }
      else if (g_str_has_prefix (t, "[seal") && g_str_has_suffix (t, "]"))
        {
          char *txt = g_strndup (t + 5, strlen (t) - 6);
          FLUSH_PARA ();
          block_new (blocks, B_SEAL, lineno, g_strstrip (txt));
          g_free (txt);
        }
      else if (g_str_has_prefix (t, ">>"))
        {
          FLUSH_PARA ();
          block_new (blocks, B_RIGHT, lineno, g_strstrip (line + (t - line) + 2));
        }
      else if (g_str_has_prefix (t, "^^"))
        {
          FLUSH_PARA ();
          block_new (blocks, B_CENTER, lineno, g_strstrip (line + (t - line) + 2));
        }
      else if (g_str_has_prefix (t, "<<"))
        {
          FLUSH_PARA ();
          para = block_new (blocks, B_PARA, lineno, NULL);
          para->indent = FALSE;
          g_string_append (para_text, g_strstrip (line + (t - line) + 2));
        }
      else
        {
          if (!para)
            {
              para = block_new (blocks, B_PARA, lineno, NULL);
              para->indent = TRUE;
            }
          else if (needs_space (para_text, t))
            g_string_append_c (para_text, ' ');
          g_string_append (para_text, t);
        }
    }
  FLUSH_PARA ();
#undef FLUSH_PARA

  g_string_free (para_text, TRUE);
  g_strfreev (lines);
  if (!ok)
    {
      g_ptr_array_unref (blocks);
      return NULL;
    }
  return blocks;
}

/* ------------------------------------------------------------------------ */
/* Shared drawing helpers                                                    */

static void
set_rgb_hex (cairo_t *cr, guint32 rgb, double alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static PangoContext *
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

static PangoLayout *
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

static double
layout_height (PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
format_value (double v, char *buf, size_t len)
{
  long long whole = (long long) (v + 0.5);
  if (v - (double) whole < 1e-9 && (double) whole - v < 1e-9)
    snprintf (buf, len, "%lld", whole);
  else
    {
      char *dot;
      snprintf (buf, len, "%.2f", v);
      /* trim trailing zeros */
      dot = strchr (buf, '.');
      if (dot)
        {
          char *e = buf + strlen (buf) - 1;
          while (e > dot && *e == '0')
            *e-- = '\0';
          if (e == dot)
            *e = '\0';
        }
    }
}

static double
nice_step (double max_value, int target_ticks)
{
  double raw = max_value / target_ticks;
  double mag = 1.0;
  static const double mult[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };

  if (raw <= 0)
    return 1.0;
  while (mag * 10.0 <= raw)
    mag *= 10.0;
  while (mag > raw)
    mag /= 10.0;
  for (size_t i = 0; i < G_N_ELEMENTS (mult); i++)
    if (mult[i] * mag >= raw)
      return mult[i] * mag;
  return 10.0 * mag;
}

/* Render a bar chart into an RGB image surface of (w*scale) x (h*scale) px.
 * All drawing below is in "points" of a w x h box. */
static cairo_surface_t *
chart_render (const Block *b, double w, double h, double scale)
{
  static const guint32 palette[] = { 0x2f6fb0, 0x3f8fcf, 0x1f5a94, 0x5aa0d8 };
  int pw = (int) (w * scale + 0.5), ph = (int) (h * scale + 0.5);
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create (img);
  PangoContext *ctx;
  PangoLayout *l;
  guint n = b->values->len;
  double vmax = 0, step, top, ticks;
  double px0 = 54, px1 = w - 18, py0 = 44, py1 = h - 50;
  double slot, barw;
  char buf[64];

  cairo_scale (cr, scale, scale);
  ctx = make_pango_context (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_line_width (cr, 0.8);
  set_rgb_hex (cr, 0xb8c4d0, 1);
  cairo_rectangle (cr, 0.5, 0.5, w - 1, h - 1);
  cairo_stroke (cr);

  l = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 11, w - 20, PANGO_ALIGN_CENTER, 0, 0, b->text);
  set_rgb_hex (cr, 0x1d2733, 1);
  cairo_move_to (cr, 10, 10);
  pango_cairo_show_layout (cr, l);
  g_object_unref (l);

  for (guint i = 0; i < n; i++)
    if (g_array_index (b->values, double, i) > vmax)
      vmax = g_array_index (b->values, double, i);
  step = nice_step (vmax > 0 ? vmax : 1, 5);
  ticks = 0;
  while (ticks * step < vmax - 1e-9)
    ticks += 1;
  if (ticks < 1)
    ticks = 1;
  top = ticks * step;

  /* grid and y labels */
  for (int k = 0; k <= (int) ticks; k++)
    {
      double v = k * step;
      double y = py1 - (py1 - py0) * v / top;
      set_rgb_hex (cr, k == 0 ? 0x44505c : 0xdfe5eb, 1);
      cairo_set_line_width (cr, k == 0 ? 1.0 : 0.6);
      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
      cairo_stroke (cr);
      format_value (v, buf, sizeof buf);
      l = make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 7.5, 44, PANGO_ALIGN_RIGHT, 0, 0, buf);
      set_rgb_hex (cr, 0x5b6670, 1);
      cairo_move_to (cr, px0 - 48, y - layout_height (l) / 2);
      pango_cairo_show_layout (cr, l);
      g_object_unref (l);
    }

  slot = (px1 - px0) / n;
  barw = slot * 0.58;
  if (barw > 48)
    barw = 48;
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (b->values, double, i);
      double cx = px0 + slot * (i + 0.5);
      double bh = (py1 - py0) * v / top;

      set_rgb_hex (cr, palette[i % G_N_ELEMENTS (palette)], 1);
      cairo_rectangle (cr, cx - barw / 2, py1 - bh, barw, bh);
      cairo_fill (cr);

      format_value (v, buf, sizeof buf);
      l = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 7.5, slot, PANGO_ALIGN_CENTER, 0, 0, buf);
      set_rgb_hex (cr, 0x1d2733, 1);
      cairo_move_to (cr, cx - slot / 2, py1 - bh - layout_height (l) - 1);
      pango_cairo_show_layout (cr, l);
      g_object_unref (l);

      l = make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 7.5, slot - 4, PANGO_ALIGN_CENTER, 0, 0,
                       g_ptr_array_index (b->labels, i));
      pango_layout_set_height (l, -3);
      pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
      set_rgb_hex (cr, 0x2b3540, 1);
      cairo_move_to (cr, cx - (slot - 4) / 2, py1 + 5);
      pango_cairo_show_layout (cr, l);
      g_object_unref (l);
    }

  g_object_unref (ctx);
  cairo_destroy (cr);
  cairo_surface_flush (img);
  return img;
}

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

/* ------------------------------------------------------------------------ */
/* PDF: layout into pages, then draw                                         */

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

static gboolean
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

/* ------------------------------------------------------------------------ */
/* PNG poster                                                                */

#define POSTER_W 1080.0
#define POSTER_MIN_H 1920.0
#define POSTER_M 56.0
#define CARD_PAD 34.0
#define CARD_GAP 30.0
#define POSTER_RED 0xb3261e
#define POSTER_RED_DARK 0x8c1d17

typedef struct {
  PangoLayout *question;
  GPtrArray *answer;      /* PangoLayout* or NULL for charts */
  GPtrArray *charts;      /* cairo_surface_t* aligned with NULL entries in answer */
  double h;
} Card;

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  const double pi = 3.14159265358979323846;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -pi / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, pi / 2);
  cairo_arc (cr, x + r, y + h - r, r, pi / 2, pi);
  cairo_arc (cr, x + r, y + r, r, pi, 3 * pi / 2);
  cairo_close_path (cr);
}

static gboolean
write_png (GPtrArray *blocks, const char *output, GError **error)
{
  const double pi = 3.14159265358979323846;
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 4, 4);
  cairo_t *pcr = cairo_create (probe);
  PangoContext *ctx = make_pango_context (pcr);
  GPtrArray *cards = g_ptr_array_new ();
  GPtrArray *intro = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *footer = g_ptr_array_new_with_free_func (g_object_unref);
  PangoLayout *title = NULL, *tag;
  GString *title_text = g_string_new (NULL);
  Card *card = NULL;
  double inner_w = POSTER_W - 2 * POSTER_M - 2 * CARD_PAD;
  double qx_off = 68 + 22;   /* number disc + gap */
  double band_h, total_h, y;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t st;
  gboolean ok = TRUE;

  for (guint i = 0; i < blocks->len && ok; i++)
    {
      const Block *b = g_ptr_array_index (blocks, i);
      switch (b->kind)
        {
        case B_H1:
          /* several "# " lines make a multi-line title */
          if (title_text->len)
            g_string_append_c (title_text, '\n');
          g_string_append (title_text, b->text);
          break;
        case B_H2:
          card = g_new0 (Card, 1);
          card->question = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 36, inner_w - qx_off,
                                        PANGO_ALIGN_LEFT, 6, 0, b->text);
          card->answer = g_ptr_array_new ();
          card->charts = g_ptr_array_new ();
          g_ptr_array_add (cards, card);
          break;
        case B_PARA:
        case B_CENTER:
          if (card)
            {
              g_ptr_array_add (card->answer,
                               make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 30, inner_w,
                                            b->kind == B_CENTER ? PANGO_ALIGN_CENTER
                                                                : PANGO_ALIGN_LEFT,
                                            10, 0, b->text));
              g_ptr_array_add (card->charts, NULL);
            }
          else
            g_ptr_array_add (intro, make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 32,
                                                 POSTER_W - 2 * POSTER_M - 40,
                                                 PANGO_ALIGN_CENTER, 8, 0, b->text));
          break;
        case B_RIGHT:
          g_ptr_array_add (footer, make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 26,
                                                POSTER_W - 2 * POSTER_M, PANGO_ALIGN_CENTER,
                                                6, 0, b->text));
          break;
        case B_CHART:
          if (!card)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "line %d: in --png mode a chart must follow a ## question", b->line);
              ok = FALSE;
              break;
            }
          g_ptr_array_add (card->answer, NULL);
          g_ptr_array_add (card->charts, chart_render (b, 451, 250, inner_w / 451));
          break;
        case B_TABLE:
        case B_SEAL:
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %d: tables and seals are not supported in --png mode", b->line);
          ok = FALSE;
          break;
        case B_BREAK:
        default:
          break;
        }
    }
  if (title_text->len)
    title = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 60, POSTER_W - 2 * POSTER_M,
                         PANGO_ALIGN_CENTER, 8, 0, title_text->str);
  g_string_free (title_text, TRUE);
  if (ok && !title)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "a poster needs a \"# \" title line");
      ok = FALSE;
    }

  if (ok)
    {
      tag = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 28, -1, PANGO_ALIGN_LEFT, 0, 0,
                         "图 解 · 政 策 解 读");

      /* measure */
      band_h = 70 + layout_height (tag) + 24 + 36 + layout_height (title) + 28;
      for (guint i = 0; i < intro->len; i++)
        band_h += layout_height (g_ptr_array_index (intro, i)) + 12;
      band_h += 70;

      total_h = band_h + 46;
      for (guint i = 0; i < cards->len; i++)
        {
          Card *c = g_ptr_array_index (cards, i);
          double qh = layout_height (c->question);
          c->h = CARD_PAD + (qh > 68 ? qh : 68) + 24;
          for (guint k = 0; k < c->answer->len; k++)
            {
              PangoLayout *a = g_ptr_array_index (c->answer, k);
              cairo_surface_t *img = g_ptr_array_index (c->charts, k);
              c->h += (a ? layout_height (a) : cairo_image_surface_get_height (img)) + 14;
            }
          c->h += CARD_PAD - 14;
          total_h += c->h + CARD_GAP;
        }
      total_h += 20;
      for (guint i = 0; i < footer->len; i++)
        total_h += layout_height (g_ptr_array_index (footer, i)) + 6;
      total_h += 40 + 18;
      if (total_h < POSTER_MIN_H)
        total_h = POSTER_MIN_H;

      /* draw */
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) POSTER_W, (int) total_h);
      cr = cairo_create (surface);
      set_rgb_hex (cr, 0xf7f1e8, 1);
      cairo_paint (cr);

      {
        cairo_pattern_t *grad = cairo_pattern_create_linear (0, 0, 0, band_h);
        cairo_pattern_add_color_stop_rgb (grad, 0, 0xc6 / 255.0, 0x30 / 255.0, 0x25 / 255.0);
        cairo_pattern_add_color_stop_rgb (grad, 1, 0x8c / 255.0, 0x1d / 255.0, 0x17 / 255.0);
        cairo_rectangle (cr, 0, 0, POSTER_W, band_h);
        cairo_set_source (cr, grad);
        cairo_fill (cr);
        cairo_pattern_destroy (grad);
      }
      /* decorative rings */
      cairo_set_line_width (cr, 26);
      set_rgb_hex (cr, 0xffffff, 0.07);
      cairo_arc (cr, POSTER_W - 90, 90, 170, 0, 2 * pi);
      cairo_stroke (cr);
      cairo_arc (cr, 70, band_h - 30, 120, 0, 2 * pi);
      cairo_stroke (cr);
      /* gold rule at the bottom of the band */
      set_rgb_hex (cr, 0xf2c14e, 1);
      cairo_rectangle (cr, 0, band_h - 10, POSTER_W, 10);
      cairo_fill (cr);

      y = 70;
      {
        double tw = layout_width (tag), th = layout_height (tag);
        set_rgb_hex (cr, 0xf2c14e, 1);
        rounded_rect (cr, (POSTER_W - tw) / 2 - 28, y - 6, tw + 56, th + 12, (th + 12) / 2);
        cairo_fill (cr);
        set_rgb_hex (cr, POSTER_RED_DARK, 1);
        cairo_move_to (cr, (POSTER_W - tw) / 2, y);
        pango_cairo_show_layout (cr, tag);
        y += th + 24 + 36;
      }
      set_rgb_hex (cr, 0xffffff, 1);
      cairo_move_to (cr, POSTER_M, y);
      pango_cairo_show_layout (cr, title);
      y += layout_height (title) + 28;
      set_rgb_hex (cr, 0xffe9d6, 1);
      for (guint i = 0; i < intro->len; i++)
        {
          PangoLayout *l = g_ptr_array_index (intro, i);
          cairo_move_to (cr, POSTER_M + 20, y);
          pango_cairo_show_layout (cr, l);
          y += layout_height (l) + 12;
        }

      y = band_h + 46;
      for (guint i = 0; i < cards->len; i++)
        {
          Card *c = g_ptr_array_index (cards, i);
          double cx = POSTER_M, cw = POSTER_W - 2 * POSTER_M;
          double qy = y + CARD_PAD, qh = layout_height (c->question), ay;
          char num[16];
          PangoLayout *nl;

          set_rgb_hex (cr, 0x5a3a1a, 0.10);
          rounded_rect (cr, cx + 4, y + 6, cw, c->h, 22);
          cairo_fill (cr);
          set_rgb_hex (cr, 0xffffff, 1);
          rounded_rect (cr, cx, y, cw, c->h, 22);
          cairo_fill (cr);
          set_rgb_hex (cr, POSTER_RED, 1);
          rounded_rect (cr, cx, y + 24, 8, c->h - 48, 4);
          cairo_fill (cr);

          /* number disc */
          set_rgb_hex (cr, POSTER_RED, 1);
          cairo_arc (cr, cx + CARD_PAD + 34, qy + 34, 34, 0, 2 * pi);
          cairo_fill (cr);
          snprintf (num, sizeof num, "%u", i + 1);
          nl = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 36, 68, PANGO_ALIGN_CENTER, 0, 0, num);
          set_rgb_hex (cr, 0xffffff, 1);
          cairo_move_to (cr, cx + CARD_PAD, qy + 34 - layout_height (nl) / 2);
          pango_cairo_show_layout (cr, nl);
          g_object_unref (nl);

          set_rgb_hex (cr, POSTER_RED_DARK, 1);
          cairo_move_to (cr, cx + CARD_PAD + qx_off, qy + (qh < 68 ? (68 - qh) / 2 : 0));
          pango_cairo_show_layout (cr, c->question);

          ay = qy + (qh > 68 ? qh : 68) + 10;
          set_rgb_hex (cr, 0xe8d9c8, 1);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, cx + CARD_PAD, ay + 2);
          cairo_line_to (cr, cx + cw - CARD_PAD, ay + 2);
          cairo_stroke (cr);
          ay += 14;

          for (guint k = 0; k < c->answer->len; k++)
            {
              PangoLayout *a = g_ptr_array_index (c->answer, k);
              cairo_surface_t *img = g_ptr_array_index (c->charts, k);
              if (a)
                {
                  set_rgb_hex (cr, 0x2e2a26, 1);
                  cairo_move_to (cr, cx + CARD_PAD, ay);
                  pango_cairo_show_layout (cr, a);
                  ay += layout_height (a) + 14;
                }
              else
                {
                  cairo_set_source_surface (cr, img, cx + CARD_PAD, ay);
                  cairo_paint (cr);
                  ay += cairo_image_surface_get_height (img) + 14;
                }
            }
          y += c->h + CARD_GAP;
        }

      y += 20;
      set_rgb_hex (cr, 0x6d5f52, 1);
      for (guint i = 0; i < footer->len; i++)
        {
          PangoLayout *l = g_ptr_array_index (footer, i);
          cairo_move_to (cr, POSTER_M, y);
          pango_cairo_show_layout (cr, l);
          y += layout_height (l) + 6;
        }
      set_rgb_hex (cr, POSTER_RED, 1);
      cairo_rectangle (cr, 0, total_h - 18, POSTER_W, 18);
      cairo_fill (cr);

      cairo_destroy (cr);
      st = cairo_surface_write_to_png (surface, output);
      cairo_surface_destroy (surface);
      if (st != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s: %s", output,
                       cairo_status_to_string (st));
          ok = FALSE;
        }
      g_object_unref (tag);
    }

  for (guint i = 0; i < cards->len; i++)
    {
      Card *c = g_ptr_array_index (cards, i);
      g_object_unref (c->question);
      for (guint k = 0; k < c->answer->len; k++)
        {
          PangoLayout *a = g_ptr_array_index (c->answer, k);
          cairo_surface_t *img = g_ptr_array_index (c->charts, k);
          if (a)
            g_object_unref (a);
          if (img)
            cairo_surface_destroy (img);
        }
      g_ptr_array_unref (c->answer);
      g_ptr_array_unref (c->charts);
      g_free (c);
    }
  g_ptr_array_unref (cards);
  g_ptr_array_unref (intro);
  g_ptr_array_unref (footer);
  if (title)
    g_object_unref (title);
  g_object_unref (ctx);
  cairo_destroy (pcr);
  cairo_surface_destroy (probe);
  return ok;
}

/* ------------------------------------------------------------------------ */

/* The documents are Chinese: without a CJK font they would be all tofu.
 * A substitute family is only worth a warning; no CJK coverage is an error. */
static gboolean
check_fonts (GError **error)
{
  static const char *const families[] = { SERIF, SANS };
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 4, 4);
  cairo_t *cr = cairo_create (probe);
  PangoContext *ctx = make_pango_context (cr);
  gboolean ok = TRUE;

  for (size_t i = 0; i < G_N_ELEMENTS (families) && ok; i++)
    {
      PangoFontDescription *want = pango_font_description_from_string (families[i]);
      PangoFont *font;

      pango_font_description_set_size (want, 12 * PANGO_SCALE);
      font = pango_context_load_font (ctx, want);
      if (!font || !pango_font_has_char (font, 0x653F /* 政 */))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "no CJK font available for \"%s\" (install fonts-noto-cjk)",
                       families[i]);
          ok = FALSE;
        }
      else
        {
          PangoFontDescription *got = pango_font_describe (font);
          const char *family = pango_font_description_get_family (got);
          if (!family || g_ascii_strcasecmp (family, families[i]) != 0)
            fprintf (stderr, "rp-demo-docgen: warning: font \"%s\" not found, using \"%s\"\n",
                     families[i], family ? family : "?");
          pango_font_description_free (got);
        }
      if (font)
        g_object_unref (font);
      pango_font_description_free (want);
    }
  g_object_unref (ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (probe);
  return ok;
}

static void
usage (FILE *out)
{
  fputs ("Usage: rp-demo-docgen [--png] INPUT.txt OUTPUT\n"
         "Render a demo document source (markup described in rp-demo-docgen.c)\n"
         "to an A4 PDF, or with --png to a 1080 px wide poster PNG.\n",
         out);
}

int
main (int argc, char **argv)
{
  gboolean png = FALSE;
  const char *input = NULL, *output = NULL;
  char *data = NULL;
  gsize len = 0;
  GError *error = NULL;
  GPtrArray *blocks;
  gboolean ok;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--png") == 0)
        png = TRUE;
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          usage (stdout);
          return 0;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, "rp-demo-docgen: unknown option %s\n", argv[i]);
          usage (stderr);
          return 2;
        }
      else if (!input)
        input = argv[i];
      else if (!output)
        output = argv[i];
      else
        {
          usage (stderr);
          return 2;
        }
    }
  if (!input || !output)
    {
      usage (stderr);
      return 2;
    }

  if (!g_file_get_contents (input, &data, &len, &error))
    {
      fprintf (stderr, "rp-demo-docgen: %s\n", error->message);
      g_error_free (error);
      return 1;
    }
  if (!g_utf8_validate (data, len, NULL) || memchr (data, '\0', len))
    {
      fprintf (stderr, "rp-demo-docgen: %s: not valid UTF-8 text\n", input);
      g_free (data);
      return 1;
    }

  blocks = parse_source (data, &error);
  g_free (data);
  if (!blocks)
    {
      fprintf (stderr, "rp-demo-docgen: %s: %s\n", input, error->message);
      g_error_free (error);
      return 1;
    }
  if (blocks->len == 0)
    {
      fprintf (stderr, "rp-demo-docgen: %s: empty document\n", input);
      g_ptr_array_unref (blocks);
      return 1;
    }

  if (!check_fonts (&error))
    {
      fprintf (stderr, "rp-demo-docgen: %s\n", error->message);
      g_error_free (error);
      g_ptr_array_unref (blocks);
      return 1;
    }

  ok = png ? write_png (blocks, output, &error) : write_pdf (blocks, output, &error);
  g_ptr_array_unref (blocks);
  if (!ok)
    {
      fprintf (stderr, "rp-demo-docgen: %s\n", error->message);
      g_error_free (error);
      g_unlink (output);
      return 1;
    }
  return 0;
}
