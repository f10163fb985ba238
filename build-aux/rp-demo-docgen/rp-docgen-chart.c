/* rp-docgen-chart.c — bar charts, drawn as raster images
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "rp-docgen.h"

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
cairo_surface_t *
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

