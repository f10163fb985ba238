/* rp-pdf-view-layout.c — where RpPdfView's pages are, and which is current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are laid out in one column (continuous) or one at a time, centred,
 * MARGIN from the edges and GAP apart; a fit mode sets the zoom from the
 * widget's size, and the page being read stays in place when it changes.
 */
#include "config.h"

#include <math.h>

#include "rp-pdf-view-private.h"

void
rp_pdf_view_page_size (RpPdfView *self,
                       guint      page,
                       double    *w,
                       double    *h)
{
  *w = 595, *h = 842;
  if (self->queue != NULL)
    rp_render_queue_get_page_size (self->queue, page, w, h);
  else if (self->image != NULL)
    {
      /* An image at 100 % is one CSS pixel per image pixel. */
      *w = gdk_texture_get_width (self->image) / PT_TO_PX;
      *h = gdk_texture_get_height (self->image) / PT_TO_PX;
    }
}

double
rp_pdf_view_get_max_zoom (RpPdfView *self)
{
  double max = RP_PDF_VIEW_MAX_ZOOM;

  if (self->queue != NULL && rp_render_queue_get_n_pages (self->queue) > 0)
    max = MIN (max, rp_render_queue_get_max_scale (self->queue) /
                      (PT_TO_PX * gtk_widget_get_scale_factor (GTK_WIDGET (self))));
  return MAX (max, 1.0);
}

guint
rp_pdf_view_get_n_pages (RpPdfView *self)
{
  g_return_val_if_fail (RP_IS_PDF_VIEW (self), 0);
  if (self->queue != NULL)
    return rp_render_queue_get_n_pages (self->queue);
  return self->image != NULL ? 1 : 0;
}

void
rp_pdf_view_relayout (RpPdfView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint n = rp_pdf_view_get_n_pages (self);
  double y = MARGIN;
  double old_scale = self->scale;
  /* The page being read stays in place when the scale changes (a resize
   * in a fit mode): remember where in it the view is. */
  guint anchor = self->page;
  double anchor_pt = 0;

  if (self->vadj != NULL && anchor < self->tops->len && old_scale > 0)
    anchor_pt = (gtk_adjustment_get_value (self->vadj) - g_array_index (self->tops, double, anchor)) / old_scale;

  self->max_w_pt = 1;
  for (guint i = 0; i < n; i++)
    {
      double w, h;
      rp_pdf_view_page_size (self, i, &w, &h);
      self->max_w_pt = MAX (self->max_w_pt, w);
    }
  if (n > 0 && width > 0 && height > 0 && self->fit != RP_FIT_NONE)
    {
      double w, h, zoom;

      rp_pdf_view_page_size (self, self->page, &w, &h);
      zoom = (width - 2 * MARGIN) / ((self->continuous ? self->max_w_pt : w) * PT_TO_PX);
      if (self->fit == RP_FIT_PAGE)
        zoom = MIN (zoom, (height - 2 * MARGIN) / (h * PT_TO_PX));
      zoom = CLAMP (zoom, RP_PDF_VIEW_MIN_ZOOM, rp_pdf_view_get_max_zoom (self));
      if (zoom != self->zoom)
        {
          self->zoom = zoom;
          g_object_notify (G_OBJECT (self), "zoom");
        }
    }
  self->scale = self->zoom * PT_TO_PX;

  g_array_set_size (self->tops, n);
  self->content_w = 0;
  for (guint i = 0; i < n; i++)
    {
      double w, h;

      rp_pdf_view_page_size (self, i, &w, &h);
      if (!self->continuous && i != self->page)
        {
          g_array_index (self->tops, double, i) = MARGIN;
          continue;
        }
      g_array_index (self->tops, double, i) = y;
      y += h * self->scale + GAP;
      self->content_w = MAX (self->content_w, w * self->scale + 2 * MARGIN);
    }
  self->content_h = n > 0 ? y - GAP + MARGIN : 0;

  if (self->hadj != NULL)
    gtk_adjustment_configure (self->hadj,
                              CLAMP (gtk_adjustment_get_value (self->hadj), 0, MAX (0, self->content_w - width)),
                              0, MAX (self->content_w, width), 40, width * 0.9, width);
  if (self->vadj != NULL)
    {
      double value = gtk_adjustment_get_value (self->vadj);

      if (self->scale != old_scale && anchor < n)
        value = g_array_index (self->tops, double, anchor) + anchor_pt * self->scale;
      gtk_adjustment_configure (self->vadj, CLAMP (value, 0, MAX (0, self->content_h - height)),
                                0, MAX (self->content_h, height), 40, height * 0.9, height);
    }
}

double
rp_pdf_view_page_x (RpPdfView *self,
                    guint      page)
{
  double w, h;
  double width = MAX (self->content_w, gtk_widget_get_width (GTK_WIDGET (self)));

  rp_pdf_view_page_size (self, page, &w, &h);
  return (width - w * self->scale) / 2;
}

void
rp_pdf_view_visible_range (RpPdfView *self,
                           guint     *first,
                           guint     *last)
{
  guint n = rp_pdf_view_get_n_pages (self);
  double top = self->vadj ? gtk_adjustment_get_value (self->vadj) : 0;
  double bottom = top + gtk_widget_get_height (GTK_WIDGET (self));

  *first = *last = MIN (self->page, n ? n - 1 : 0);
  if (!self->continuous || n == 0)
    return;
  *first = n;
  for (guint i = 0; i < n; i++)
    {
      double w, h, y = g_array_index (self->tops, double, i);

      rp_pdf_view_page_size (self, i, &w, &h);
      if (y + h * self->scale < top || y > bottom)
        continue;
      *first = MIN (*first, i);
      *last = i;
    }
  if (*first == n)
    *first = *last = MIN (self->page, n - 1);
}

void
rp_pdf_view_update_page (RpPdfView *self)
{
  guint n = rp_pdf_view_get_n_pages (self);
  double v = self->vadj ? gtk_adjustment_get_value (self->vadj) : 0;
  guint page = self->page;

  /* Issue 19: a new document's pages are counted before they are laid
   * out (set_queue resets the scroll, which lands here, before it lays
   * the pages out): only pages with a place are looked at. Under ASan the
   * soak read past the previous document's tops. */
  n = MIN (n, self->tops->len);
  if (self->continuous && n > 0)
    {
      double probe = v + gtk_widget_get_height (GTK_WIDGET (self)) / 3.0;

      page = 0;
      for (guint i = 0; i < n; i++)
        if (g_array_index (self->tops, double, i) <= probe)
          page = i;
    }
  if (v != self->last_vvalue)
    self->direction = v > self->last_vvalue ? +1 : -1;
  self->last_vvalue = v;
  if (page != self->page)
    {
      self->direction = page > self->page ? +1 : -1;
      self->page = page;
      g_object_notify (G_OBJECT (self), "page");
    }
}

int
rp_pdf_view_device_width (RpPdfView *self,
              guint      page)
{
  return rp_render_queue_width_for_scale (self->queue, page,
                                          self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}
