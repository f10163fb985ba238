/* rp-pdf-view-draw.c — how RpPdfView's pages look on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each visible page is paper with a shadow, then the sharpest render the
 * queue holds (else a scaled one, else the install-time preview), then the
 * find highlights; a page that failed shows why instead. Textures wrap the
 * queue's surfaces without a copy and are dropped once their page is out
 * of view: the render cache, not this widget, decides what stays.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-pdf-view-private.h"
#include "rp-texture.h"

void
rp_pdf_view_tex_free (RpPdfViewTex *tex)
{
  g_clear_object (&tex->texture);
  g_free (tex);
}

static GdkTexture *
texture_for (RpPdfView       *self,
             guint            page,
             cairo_surface_t *surface)
{
  RpPdfViewTex *tex = g_hash_table_lookup (self->textures, GUINT_TO_POINTER (page));

  if (tex != NULL && tex->surface == surface)
    return tex->texture;
  tex = g_new0 (RpPdfViewTex, 1);
  tex->surface = surface;
  tex->texture = rp_texture_new_for_surface (surface);
  g_hash_table_replace (self->textures, GUINT_TO_POINTER (page), tex);
  return tex->texture;
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

void
rp_pdf_view_draw (RpPdfView   *self,
                  GtkSnapshot *snapshot)
{
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
          cairo_surface_t *surface = rp_render_queue_lookup_best (self->queue, p, rp_pdf_view_device_width (self, p));

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
