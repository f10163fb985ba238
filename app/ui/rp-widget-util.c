/* rp-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-document.h"
#include "rp-error.h"
#include "rp-widget-util.h"

void
rp_widget_remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

gboolean
rp_image_check_size (const char *path,
                     int        *out_width,
                     int        *out_height,
                     GError    **error)
{
  int width = 0, height = 0;

  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "Not a PNG or JPEG image");
      return FALSE;
    }
  if (width <= 0 || height <= 0 || width > RP_DOCUMENT_MAX_EDGE_PX || height > RP_DOCUMENT_MAX_EDGE_PX ||
      (gint64) width * height > RP_DOCUMENT_MAX_PIXELS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT, "The image is %d × %d pixels", width, height);
      return FALSE;
    }
  if (out_width)
    *out_width = width;
  if (out_height)
    *out_height = height;
  return TRUE;
}
