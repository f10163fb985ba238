/* rp-pdf-view-gestures.c — what touch, mouse and wheel do to RpPdfView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pinch and Ctrl+wheel zoom about the fingers or the pointer; a mouse drag
 * pans (touch pans through the scrolled window, kinetically); a sideways
 * swipe turns a page that fits the view; a tap that did not move follows
 * the link under it.
 */
#include "config.h"

#include <math.h>

#include "rp-pdf-view-private.h"

static void
pinch_begin (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             RpPdfView        *self)
{
  self->pinching = TRUE;
  self->pinch_zoom = self->zoom;
}

static void
pinch_changed (GtkGestureZoom *gesture,
               double          scale,
               RpPdfView      *self)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  /* Drawn from the textures at hand, scaled; sharp pages follow the end. */
  rp_pdf_view_zoom_at (self, self->pinch_zoom * scale, x, y);
}

static void
pinch_end (GtkGesture       *gesture,
           GdkEventSequence *sequence,
           RpPdfView        *self)
{
  self->pinching = FALSE;
  rp_pdf_view_queue_requests (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           RpPdfView                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;
  if (event != NULL)
    {
      double ex, ey;

      if (gdk_event_get_position (event, &ex, &ey))
        {
          graphene_point_t p;
          GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
          double nx, ny;

          gtk_native_get_surface_transform (native, &nx, &ny);
          if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                        &GRAPHENE_POINT_INIT (ex - nx, ey - ny), &p))
            x = p.x, y = p.y;
        }
    }
  rp_pdf_view_zoom_at (self, self->zoom * pow (1.1, -dy), x, y);
  return TRUE;
}

static void
drag_begin (GtkGestureDrag *gesture,
            double          x,
            double          y,
            RpPdfView      *self)
{
  GdkDevice *device = gtk_gesture_get_device (GTK_GESTURE (gesture));

  /* Touch pans through the scrolled window, kinetically. */
  if (device != NULL && gdk_device_get_source (device) == GDK_SOURCE_TOUCHSCREEN)
    {
      self->dragging = FALSE;
      self->moved = FALSE;
      return;
    }
  self->dragging = TRUE;
  self->moved = FALSE;
  self->drag_h = gtk_adjustment_get_value (self->hadj);
  self->drag_v = gtk_adjustment_get_value (self->vadj);
}

static void
drag_update (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             RpPdfView      *self)
{
  if (fabs (dx) + fabs (dy) > 8)
    self->moved = TRUE;
  if (!self->dragging)
    return;
  gtk_adjustment_set_value (self->hadj, self->drag_h - dx);
  gtk_adjustment_set_value (self->vadj, self->drag_v - dy);
}

static void
swipe_cb (GtkGestureSwipe *gesture,
          double           vx,
          double           vy,
          RpPdfView       *self)
{
  guint n = rp_pdf_view_get_n_pages (self);

  /* One page at a time, the page no wider than the view: a sideways swipe
   * turns it (a wider page pans instead). */
  if (self->continuous || fabs (vx) < SWIPE_SPEED || fabs (vx) < 2 * fabs (vy) ||
      self->content_w > gtk_widget_get_width (GTK_WIDGET (self)) + 1)
    return;
  if (vx < 0 && self->page + 1 < n)
    rp_pdf_view_go_to_page (self, self->page + 1, 0);
  else if (vx > 0 && self->page > 0)
    rp_pdf_view_go_to_page (self, self->page - 1, 0);
}

static void
click_released (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                RpPdfView       *self)
{
  double hv = gtk_adjustment_get_value (self->hadj);
  double vv = gtk_adjustment_get_value (self->vadj);
  guint first, last;

  if (self->moved || self->queue == NULL)
    return;
  rp_pdf_view_visible_range (self, &first, &last);
  for (guint p = first; p <= last; p++)
    {
      GPtrArray *links = rp_render_queue_get_links (self->queue, p);
      double x_pt = (x + hv - rp_pdf_view_page_x (self, p)) / self->scale;
      double y_pt = (y + vv - g_array_index (self->tops, double, p)) / self->scale;

      for (guint i = 0; links && i < links->len; i++)
        {
          RpLink *link = g_ptr_array_index (links, i);

          if (x_pt >= link->area.x1 && x_pt <= link->area.x2 && y_pt >= link->area.y1 && y_pt <= link->area.y2)
            {
              g_signal_emit_by_name (self, "link-activated", link);
              return;
            }
        }
    }
}

void
rp_pdf_view_add_gestures (RpPdfView *self)
{
  GtkGesture *gesture;
  GtkEventController *controller;

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_changed), self);
  g_signal_connect (gesture, "end", G_CALLBACK (pinch_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_swipe_new ();
  g_signal_connect (gesture, "swipe", G_CALLBACK (swipe_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
