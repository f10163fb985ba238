/* rp-usage-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-usage-chart.h"

struct _RpUsageChart
{
  GtkDrawingArea parent_instance;
  char          *title;
  gboolean       horizontal;
  GPtrArray     *labels;
  GArray        *values;   /* gint64 */
};

G_DEFINE_FINAL_TYPE (RpUsageChart, rp_usage_chart, GTK_TYPE_DRAWING_AREA)

static PangoLayout *
layout_text (GtkWidget  *widget,
             const char *text,
             double      scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_size (font, (int) (pango_font_description_get_size (font) * scale));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  RpUsageChart *self = RP_USAGE_CHART (area);
  GtkWidget *widget = GTK_WIDGET (area);
  g_autoptr(PangoLayout) title = layout_text (widget, self->title, 1.1);
  GdkRGBA fg;
  gint64 max = 1;
  int title_h, top, n = self->values->len;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gdk_cairo_set_source_rgba (cr, &fg);
  pango_layout_get_pixel_size (title, NULL, &title_h);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);
  top = title_h + 8;

  if (n == 0)
    {
      g_autoptr(PangoLayout) empty = layout_text (widget, _("Nothing counted yet"), 0.9);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, 0, top + 8);
      pango_cairo_show_layout (cr, empty);
      return;
    }
  for (int i = 0; i < n; i++)
    max = MAX (max, g_array_index (self->values, gint64, i));

  if (self->horizontal)
    {
      double row = MIN (32.0, (double) (height - top) / n);
      int label_w = width * 2 / 5;

      for (int i = 0; i < n; i++)
        {
          gint64 v = g_array_index (self->values, gint64, i);
          g_autoptr(PangoLayout) label = layout_text (widget, g_ptr_array_index (self->labels, i), 0.85);
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, v);
          g_autoptr(PangoLayout) value = layout_text (widget, count, 0.85);
          double y = top + i * row;
          double bar = (double) (width - label_w - 48) * v / max;
          int lh;

          pango_layout_set_width (label, (label_w - 8) * PANGO_SCALE);
          pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
          pango_layout_get_pixel_size (label, NULL, &lh);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_move_to (cr, 0, y + (row - lh) / 2);
          pango_cairo_show_layout (cr, label);
          cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
          cairo_rectangle (cr, label_w, y + row * 0.15, MAX (bar, 1), row * 0.7);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_move_to (cr, label_w + bar + 6, y + (row - lh) / 2);
          pango_cairo_show_layout (cr, value);
        }
    }
  else
    {
      int label_h = 20;
      double col = (double) width / n;
      double plot = height - top - label_h - 16;
      int every = MAX (1, (int) (n * 40 / MAX (width, 1)) + 1);

      for (int i = 0; i < n; i++)
        {
          gint64 v = g_array_index (self->values, gint64, i);
          double bar = plot * v / max;
          double x = i * col;

          cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
          cairo_rectangle (cr, x + col * 0.15, top + 16 + plot - bar, col * 0.7, MAX (bar, 1));
          cairo_fill (cr);
          if (i % every == 0)
            {
              g_autoptr(PangoLayout) label = layout_text (widget, g_ptr_array_index (self->labels, i), 0.75);
              g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, v);
              g_autoptr(PangoLayout) value = layout_text (widget, count, 0.75);
              int lw, vw;

              pango_layout_get_pixel_size (label, &lw, NULL);
              pango_layout_get_pixel_size (value, &vw, NULL);
              gdk_cairo_set_source_rgba (cr, &fg);
              cairo_move_to (cr, x + (col - lw) / 2, height - label_h);
              pango_cairo_show_layout (cr, label);
              cairo_move_to (cr, x + (col - vw) / 2, top + plot - bar);
              pango_cairo_show_layout (cr, value);
            }
        }
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.4);
      cairo_rectangle (cr, 0, top + 16 + plot, width, 1);
      cairo_fill (cr);
    }
}

static void
rp_usage_chart_finalize (GObject *object)
{
  RpUsageChart *self = RP_USAGE_CHART (object);

  g_free (self->title);
  g_ptr_array_unref (self->labels);
  g_array_unref (self->values);
  G_OBJECT_CLASS (rp_usage_chart_parent_class)->finalize (object);
}

static void
rp_usage_chart_class_init (RpUsageChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_usage_chart_finalize;
}

static void
rp_usage_chart_init (RpUsageChart *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_chart, NULL, NULL);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 220);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
rp_usage_chart_new (const char *title,
                    gboolean    horizontal)
{
  RpUsageChart *self = g_object_new (RP_TYPE_USAGE_CHART, NULL);

  self->title = g_strdup (title);
  self->horizontal = horizontal;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return GTK_WIDGET (self);
}

void
rp_usage_chart_set_data (RpUsageChart *self,
                         GPtrArray    *totals)
{
  g_return_if_fail (RP_IS_USAGE_CHART (self));

  g_ptr_array_set_size (self->labels, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; totals != NULL && i < totals->len; i++)
    {
      RpUsageTotal *t = g_ptr_array_index (totals, i);

      g_ptr_array_add (self->labels, g_strdup (t->subject));
      g_array_append_val (self->values, t->count);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
rp_usage_chart_get_n_bars (RpUsageChart *self)
{
  g_return_val_if_fail (RP_IS_USAGE_CHART (self), 0);
  return self->values->len;
}
