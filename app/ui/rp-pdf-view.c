/* rp-pdf-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coordinates and the parts of the widget: rp-pdf-view-private.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-pdf-view-private.h"

typedef struct
{
  cairo_surface_t *surface; /* identity only: the texture holds the reference */
  GdkTexture      *texture;
} Tex;

enum
{
  LINK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (RpPdfView, rp_pdf_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static void
tex_free (Tex *tex)
{
  g_clear_object (&tex->texture);
  g_free (tex);
}

guint
rp_pdf_view_get_n_pages (RpPdfView *self)
{
  g_return_val_if_fail (RP_IS_PDF_VIEW (self), 0);
  if (self->queue != NULL)
    return rp_render_queue_get_n_pages (self->queue);
  return self->image != NULL ? 1 : 0;
}

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

static GdkTexture *
texture_for (RpPdfView       *self,
             guint            page,
             cairo_surface_t *surface)
{
  Tex *tex = g_hash_table_lookup (self->textures, GUINT_TO_POINTER (page));

  if (tex != NULL && tex->surface == surface)
    return tex->texture;
  tex = g_new0 (Tex, 1);
  tex->surface = surface;
  tex->texture = rp_texture_new_for_surface (surface);
  g_hash_table_replace (self->textures, GUINT_TO_POINTER (page), tex);
  return tex->texture;
}

static int
device_width (RpPdfView *self,
              guint      page)
{
  return rp_render_queue_width_for_scale (self->queue, page,
                                          self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

static void
draw_message (RpPdfView             *self,
              GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              const char            *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  GdkRGBA ink = { 0.2, 0.2, 0.2, 1 };
  int lw, lh;

  pango_layout_set_width (layout, (int) (MAX (rect->size.width - 40, 40) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect->origin.x + 20,
                                                          rect->origin.y + MIN (rect->size.height / 2, 200) - lh / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &ink);
  gtk_snapshot_restore (snapshot);
}

static void
rp_pdf_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  RpPdfView *self = RP_PDF_VIEW (widget);
  double hv = gtk_adjustment_get_value (self->hadj);
  double vv = gtk_adjustment_get_value (self->vadj);
  GdkRGBA paper = { 1, 1, 1, 1 };
  GdkRGBA shadow = { 0, 0, 0, 0.25 };
  GdkRGBA failed = { 0.88, 0.88, 0.88, 1 };
  GdkRGBA hit = { 1.0, 0.85, 0.0, 0.40 };
  GdkRGBA current = { 1.0, 0.45, 0.0, 0.55 };
  guint first, last;

  if (rp_pdf_view_get_n_pages (self) == 0)
    return;
  rp_pdf_view_visible_range (self, &first, &last);
  for (guint p = first; p <= last; p++)
    {
      double w, h;
      graphene_rect_t rect;
      GdkTexture *texture = NULL;
      const GError *error = self->queue ? rp_render_queue_get_page_error (self->queue, p) : NULL;
      GArray *rects;

      rp_pdf_view_page_size (self, p, &w, &h);
      rect = GRAPHENE_RECT_INIT (rp_pdf_view_page_x (self, p) - hv, g_array_index (self->tops, double, p) - vv,
                                 w * self->scale, h * self->scale);
      gtk_snapshot_append_color (snapshot, &shadow,
                                 &GRAPHENE_RECT_INIT (rect.origin.x + 2, rect.origin.y + 3,
                                                      rect.size.width, rect.size.height));
      if (error != NULL)
        {
          gtk_snapshot_append_color (snapshot, &failed, &rect);
          draw_message (self, snapshot, &rect, error->code == RP_ERROR_RENDER_TIMEOUT
                                                 ? _("This page takes too long to display and was stopped.")
                                                 : _("This page cannot be displayed."));
          continue;
        }
      gtk_snapshot_append_color (snapshot, &paper, &rect);

      if (self->image != NULL)
        texture = self->image;
      else if (self->queue != NULL)
        {
          /* The sharp render, else the nearest one scaled, else the
           * preview: the page is blank only before anything was drawn. */
          cairo_surface_t *surface = rp_render_queue_lookup_best (self->queue, p, device_width (self, p));

          if (surface != NULL)
            texture = texture_for (self, p, surface);
          else if (p == 0 && self->preview != NULL)
            texture = self->preview;
        }
      if (texture != NULL)
        gtk_snapshot_append_texture (snapshot, texture, &rect);

      rects = self->highlights ? g_hash_table_lookup (self->highlights, GUINT_TO_POINTER (p)) : NULL;
      for (guint i = 0; rects && i < rects->len; i++)
        {
          RpPageRect *r = &g_array_index (rects, RpPageRect, i);
          graphene_rect_t area = GRAPHENE_RECT_INIT (rect.origin.x + (r->x1 - 1) * self->scale,
                                                     rect.origin.y + (r->y1 - 1) * self->scale,
                                                     (r->x2 - r->x1 + 2) * self->scale,
                                                     (r->y2 - r->y1 + 2) * self->scale);

          gtk_snapshot_append_color (snapshot, p == self->hl_page && (int) i == self->hl_current ? &current : &hit,
                                     &area);
        }
    }

  /* Textures of pages far from view go: the cache, not this widget,
   * decides what stays in memory. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->textures);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (GPOINTER_TO_UINT (key) + 1 < first || GPOINTER_TO_UINT (key) > last + 1)
        g_hash_table_iter_remove (&iter);
  }
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
  self->textures = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) tex_free);
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

  rp_pdf_view_add_gestures (self);
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
        rp_render_queue_lookup (self->queue, p, device_width (self, p)) == NULL)
      return FALSE;
  return TRUE;
}

void
rp_pdf_view_notify (RpPdfView     *self,
                    RpPdfViewProp  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}
