/* rp-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-error.h"
#include "rp-snapshot.h"

GdkTexture *
rp_widget_render_texture (GtkWidget *widget,
                          GError   **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GdkTexture *texture;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GskRenderer *renderer;
  GtkNative *native;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  native = gtk_widget_get_native (widget);
  if (native == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "The widget is not on screen");
      return NULL;
    }
  renderer = gtk_native_get_renderer (native);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "The widget drew nothing");
      return NULL;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

gboolean
rp_widget_save_png (GtkWidget  *widget,
                    const char *path,
                    GError    **error)
{
  g_autoptr(GdkTexture) texture = rp_widget_render_texture (widget, error);

  if (texture == NULL)
    return FALSE;
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot write “%s”", path);
      return FALSE;
    }
  return TRUE;
}
