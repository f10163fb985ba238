/* rp-pdf-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coordinates and the parts of the widget: rp-pdf-view-private.h.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rp-pdf-view-private.h"

enum
{
  LINK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (RpPdfView, rp_pdf_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static gboolean
request_pages (gpointer data)
{
  RpPdfView *self = data;
  guint first, last;
  int factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  self->request_id = 0;
  if (self->queue == NULL || self->pinching || rp_render_queue_get_n_pages (self->queue) == 0)
    return G_SOURCE_REMOVE;
  rp_pdf_view_visible_range (self, &first, &last);
  rp_render_queue_set_window (self->queue, first, last, self->scale * factor, self->direction, N_AHEAD);
  /* Low-resolution copies: what an evicted page shows while it comes back. */
  for (gint64 p = (gint64) first - 2; p <= (gint64) last + 2; p++)
    if (p >= 0 && p < rp_render_queue_get_n_pages (self->queue))
      rp_render_queue_request (self->queue, p, RP_PDF_VIEW_LOW_RES_WIDTH, RP_RENDER_PRIORITY_THUMBNAIL);
  return G_SOURCE_REMOVE;
}

void
rp_pdf_view_queue_requests (RpPdfView *self)
{
  if (self->request_id == 0 && self->queue != NULL)
    self->request_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, request_pages, self, NULL);
}

static void
adjustment_changed (GtkAdjustment *adjustment,
                    RpPdfView     *self)
{
  rp_pdf_view_update_page (self);
  rp_pdf_view_queue_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (RpPdfView      *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_changed, self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (adjustment_changed), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
rp_pdf_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  rp_pdf_view_draw (RP_PDF_VIEW (widget), snapshot);
}

static void
rp_pdf_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  RpPdfView *self = RP_PDF_VIEW (widget);

  rp_pdf_view_relayout (self);
  rp_pdf_view_update_page (self);
  rp_pdf_view_queue_requests (self);
}

static void
rp_pdf_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = 1;
  *natural = 400;
}

static void
page_ready_cb (RpRenderQueue *queue,
               guint          page,
               int            width,
               RpPdfView     *self)
{
  guint first, last;

  rp_pdf_view_visible_range (self, &first, &last);
  if (page + 1 >= first && page <= last + 1)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
page_failed_cb (RpRenderQueue *queue,
                guint          page,
                const GError  *error,
                RpPdfView     *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
rp_pdf_view_zoom_at (RpPdfView *self,
                     double     zoom,
                     double     ax,
                     double     ay)
{
  double hv = gtk_adjustment_get_value (self->hadj);
  double vv = gtk_adjustment_get_value (self->vadj);
  double old_scale = self->scale;
  guint n = rp_pdf_view_get_n_pages (self);
  guint page = self->page;
  double x_pt, y_pt;

  zoom = CLAMP (zoom, RP_PDF_VIEW_MIN_ZOOM, rp_pdf_view_get_max_zoom (self));
  if (n == 0 || fabs (zoom - self->zoom) < 1e-6)
    return;
  if (self->continuous)
    for (guint i = 0; i < n; i++)
      if (g_array_index (self->tops, double, i) <= vv + ay)
        page = i;
  x_pt = (hv + ax - rp_pdf_view_page_x (self, page)) / old_scale;
  y_pt = (vv + ay - g_array_index (self->tops, double, page)) / old_scale;

  self->zoom = zoom;
  if (self->fit != RP_FIT_NONE)
    {
      self->fit = RP_FIT_NONE;
      rp_pdf_view_notify (self, PROP_FIT);
    }
  rp_pdf_view_relayout (self);
  gtk_adjustment_set_value (self->hadj, rp_pdf_view_page_x (self, page) + x_pt * self->scale - ax);
  gtk_adjustment_set_value (self->vadj, g_array_index (self->tops, double, page) + y_pt * self->scale - ay);
  rp_pdf_view_notify (self, PROP_ZOOM);
  rp_pdf_view_queue_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Gestures. * SPDX-License-Identifier: GPL-3.0-or-later * Pinch and
 * Ctrl+wheel zoom about the fingers or the pointer; a mouse drag pans
 * (touch pans through the scrolled window, kinetically); a sideways swipe
 * turns a page that fits the view; a tap that did not move follows the
 * link under it. */

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

static void
add_gestures (RpPdfView *self)
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

static void
rp_pdf_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RpPdfView *self = RP_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM: g_value_set_double (value, self->zoom); break;
    case PROP_PAGE: g_value_set_uint (value, self->page); break;
    case PROP_FIT: g_value_set_int (value, self->fit); break;
    case PROP_CONTINUOUS: g_value_set_boolean (value, self->continuous); break;
    case PROP_HADJUSTMENT: g_value_set_object (value, self->hadj); break;
    case PROP_VADJUSTMENT: g_value_set_object (value, self->vadj); break;
    case PROP_HSCROLL_POLICY: g_value_set_enum (value, self->hscroll_policy); break;
    case PROP_VSCROLL_POLICY: g_value_set_enum (value, self->vscroll_policy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_pdf_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RpPdfView *self = RP_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM: rp_pdf_view_set_zoom (self, g_value_get_double (value)); break;
    case PROP_PAGE: rp_pdf_view_go_to_page (self, g_value_get_uint (value), 0); break;
    case PROP_FIT: rp_pdf_view_set_fit (self, g_value_get_int (value)); break;
    case PROP_CONTINUOUS: rp_pdf_view_set_continuous (self, g_value_get_boolean (value)); break;
    case PROP_HADJUSTMENT: set_adjustment (self, &self->hadj, g_value_get_object (value)); break;
    case PROP_VADJUSTMENT: set_adjustment (self, &self->vadj, g_value_get_object (value)); break;
    case PROP_HSCROLL_POLICY: self->hscroll_policy = g_value_get_enum (value); break;
    case PROP_VSCROLL_POLICY: self->vscroll_policy = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_pdf_view_dispose (GObject *object)
{
  RpPdfView *self = RP_PDF_VIEW (object);

  rp_pdf_view_clear (self);
  if (self->hadj)
    g_signal_handlers_disconnect_by_func (self->hadj, adjustment_changed, self);
  if (self->vadj)
    g_signal_handlers_disconnect_by_func (self->vadj, adjustment_changed, self);
  g_clear_object (&self->hadj);
  g_clear_object (&self->vadj);

  G_OBJECT_CLASS (rp_pdf_view_parent_class)->dispose (object);
}

static void
rp_pdf_view_finalize (GObject *object)
{
  RpPdfView *self = RP_PDF_VIEW (object);

  g_hash_table_unref (self->textures);
  g_array_unref (self->tops);

  G_OBJECT_CLASS (rp_pdf_view_parent_class)->finalize (object);
}

static void
rp_pdf_view_class_init (RpPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rp_pdf_view_get_property;
  object_class->set_property = rp_pdf_view_set_property;
  object_class->dispose = rp_pdf_view_dispose;
  object_class->finalize = rp_pdf_view_finalize;
  widget_class->snapshot = rp_pdf_view_snapshot;
  widget_class->size_allocate = rp_pdf_view_size_allocate;
  widget_class->measure = rp_pdf_view_measure;

  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, RP_PDF_VIEW_MIN_ZOOM, RP_PDF_VIEW_MAX_ZOOM, 1.0,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] = g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIT] = g_param_spec_int ("fit", NULL, NULL, RP_FIT_NONE, RP_FIT_PAGE, RP_FIT_WIDTH,
                                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTINUOUS] = g_param_spec_boolean ("continuous", NULL, NULL, TRUE,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                        G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* (RpLink *): a link was touched; the page decides what following means. */
  signals[LINK_ACTIVATED] = g_signal_new ("link-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_css_name (widget_class, "rp-pdf-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rp_pdf_view_init (RpPdfView *self)
{
  self->textures = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) rp_pdf_view_tex_free);
  self->tops = g_array_new (FALSE, TRUE, sizeof (double));
  self->continuous = TRUE;
  self->fit = RP_FIT_WIDTH;
  self->zoom = 1.0;
  self->scale = PT_TO_PX;
  self->direction = +1;
  self->hl_current = -1;
  set_adjustment (self, &self->hadj, NULL);
  set_adjustment (self, &self->vadj, NULL);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  add_gestures (self);
}

GtkWidget *
rp_pdf_view_new (void)
{
  return g_object_new (RP_TYPE_PDF_VIEW, NULL);
}

void
rp_pdf_view_clear (RpPdfView *self)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));

  g_clear_handle_id (&self->request_id, g_source_remove);
  if (self->queue != NULL)
    {
      g_clear_signal_handler (&self->ready_id, self->queue);
      g_clear_signal_handler (&self->failed_id, self->queue);
      g_clear_object (&self->queue);
    }
  g_clear_object (&self->image);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->highlights, g_hash_table_unref);
  g_hash_table_remove_all (self->textures);
  self->page = 0;
  self->last_vvalue = 0;
  self->direction = +1;
  /* Nothing here may queue a resize: a page being left is snapshot by the
   * stack's transition right after it is cleared. The next document lays
   * itself out (set_queue, set_image). */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
rp_pdf_view_set_queue (RpPdfView     *self,
                       RpRenderQueue *queue)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));
  g_return_if_fail (RP_IS_RENDER_QUEUE (queue));

  rp_pdf_view_clear (self);
  self->queue = g_object_ref (queue);
  self->ready_id = g_signal_connect (queue, "page-ready", G_CALLBACK (page_ready_cb), self);
  self->failed_id = g_signal_connect (queue, "page-failed", G_CALLBACK (page_failed_cb), self);
  gtk_adjustment_set_value (self->vadj, 0);
  gtk_adjustment_set_value (self->hadj, 0);
  rp_pdf_view_relayout (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  rp_pdf_view_queue_requests (self);
}

void
rp_pdf_view_set_image (RpPdfView  *self,
                       GdkTexture *texture)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));

  rp_pdf_view_clear (self);
  self->image = g_object_ref (texture);
  gtk_adjustment_set_value (self->vadj, 0);
  gtk_adjustment_set_value (self->hadj, 0);
  rp_pdf_view_relayout (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

void
rp_pdf_view_set_preview (RpPdfView  *self,
                         GdkTexture *texture)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));

  g_set_object (&self->preview, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
rp_pdf_view_get_page (RpPdfView *self)
{
  g_return_val_if_fail (RP_IS_PDF_VIEW (self), 0);
  return self->page;
}

void
rp_pdf_view_go_to_page (RpPdfView *self,
                        guint      page,
                        double     top_pt)
{
  guint n;

  g_return_if_fail (RP_IS_PDF_VIEW (self));

  n = rp_pdf_view_get_n_pages (self);
  if (n == 0)
    return;
  page = MIN (page, n - 1);
  if (page != self->page)
    {
      self->direction = page > self->page ? +1 : -1;
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  rp_pdf_view_relayout (self);
  gtk_adjustment_set_value (self->vadj, g_array_index (self->tops, double, page) - MARGIN +
                                          MAX (0, top_pt) * self->scale);
  if (!self->continuous)
    self->last_vvalue = gtk_adjustment_get_value (self->vadj);
  rp_pdf_view_update_page (self);
  /* A jump lands on this page even where the probe would pick the next. */
  if (self->page != page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  rp_pdf_view_queue_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
rp_pdf_view_set_continuous (RpPdfView *self,
                            gboolean   continuous)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));

  continuous = !!continuous;
  if (self->continuous == continuous)
    return;
  self->continuous = continuous;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTINUOUS]);
  rp_pdf_view_go_to_page (self, self->page, 0);
}

gboolean
rp_pdf_view_get_continuous (RpPdfView *self)
{
  g_return_val_if_fail (RP_IS_PDF_VIEW (self), TRUE);
  return self->continuous;
}

void
rp_pdf_view_set_fit (RpPdfView *self,
                     RpFitMode  fit)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));

  if (self->fit == fit)
    return;
  self->fit = fit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
  rp_pdf_view_go_to_page (self, self->page, 0);
}

RpFitMode
rp_pdf_view_get_fit (RpPdfView *self)
{
  g_return_val_if_fail (RP_IS_PDF_VIEW (self), RP_FIT_WIDTH);
  return self->fit;
}

void
rp_pdf_view_set_zoom (RpPdfView *self,
                      double     zoom)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));
  rp_pdf_view_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

double
rp_pdf_view_get_zoom (RpPdfView *self)
{
  g_return_val_if_fail (RP_IS_PDF_VIEW (self), 1.0);
  return self->zoom;
}

void
rp_pdf_view_set_highlights (RpPdfView  *self,
                            GHashTable *page_to_rects,
                            guint       current_page,
                            int         current)
{
  g_return_if_fail (RP_IS_PDF_VIEW (self));

  if (page_to_rects != self->highlights)
    {
      g_clear_pointer (&self->highlights, g_hash_table_unref);
      self->highlights = page_to_rects ? g_hash_table_ref (page_to_rects) : NULL;
    }
  self->hl_page = current_page;
  self->hl_current = current;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
rp_pdf_view_is_sharp (RpPdfView *self)
{
  guint first, last;

  g_return_val_if_fail (RP_IS_PDF_VIEW (self), FALSE);

  if (self->image != NULL)
    return TRUE;
  if (self->queue == NULL || rp_pdf_view_get_n_pages (self) == 0)
    return FALSE;
  rp_pdf_view_visible_range (self, &first, &last);
  for (guint p = first; p <= last; p++)
    if (rp_render_queue_get_page_error (self->queue, p) == NULL &&
        rp_render_queue_lookup (self->queue, p, rp_pdf_view_device_width (self, p)) == NULL)
      return FALSE;
  return TRUE;
}

void
rp_pdf_view_notify (RpPdfView     *self,
                    RpPdfViewProp  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}
