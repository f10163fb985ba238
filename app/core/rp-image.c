/* rp-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "rp-document.h"
#include "rp-error.h"
#include "rp-image.h"

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

/* x * a / 255, rounded, as GDK premultiplies a pixbuf for cairo
 * (gdk_cairo_set_source_pixbuf): the same bytes give the same pixels. */
static inline guchar
premultiply (guint c,
             guint a)
{
  guint t = c * a + 0x80;

  return ((t >> 8) + t) >> 8;
}

/* @pixbuf (8-bit RGB or RGBA) as an ARGB32 surface, pixel for pixel. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guchar *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  guchar *dst;
  int dst_stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    {
      const guchar *p = src + (gsize) y * src_stride;
      guint32 *q = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++, p += n_channels)
        {
          guint a = n_channels == 4 ? p[3] : 0xff;

          q[x] = (a << 24) | ((guint32) premultiply (p[0], a) << 16) | ((guint32) premultiply (p[1], a) << 8) |
                 premultiply (p[2], a);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
rp_image_load_at_width (const char *path,
                        int         max_width,
                        GError    **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;
  int width = 0, height = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_width > 0, NULL);

  if (!rp_image_check_size (path, &width, &height, error) ||
      (pixbuf = gdk_pixbuf_new_from_file_at_scale (path, MIN (width, max_width), -1, TRUE, error)) == NULL)
    return NULL;
  surface = surface_from_pixbuf (pixbuf);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT, "%s", cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

typedef struct
{
  char              *path;
  RpImageDecodeFunc  decode;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Load *load = data;
  GError *error = NULL;
  GObject *image;

  if (!rp_image_check_size (load->path, NULL, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if ((image = load->decode (load->path, &error)) == NULL)
    {
      g_task_return_new_error (task, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "%s", error->message);
      g_error_free (error);
      return;
    }
  g_task_return_pointer (task, image, g_object_unref);
}

void
rp_image_load_async (const char          *path,
                     RpImageDecodeFunc    decode,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (path != NULL);
  g_return_if_fail (decode != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_image_load_async);
  load = g_new0 (Load, 1);
  load->path = g_strdup (path);
  load->decode = decode;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

GObject *
rp_image_load_finish (GAsyncResult *result,
                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_image_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
