/* rp-thumbnailer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-attachment.h"
#include "rp-error.h"
#include "rp-image.h"
#include "rp-preview-cache.h"
#include "rp-thumbnailer.h"

struct _RpThumbnailer
{
  GObject     parent_instance;

  GHashTable *timed_out; /* "sha256-size" of files too slow to draw, not retried */
};

G_DEFINE_FINAL_TYPE (RpThumbnailer, rp_thumbnailer, G_TYPE_OBJECT)

static void
rp_thumbnailer_finalize (GObject *object)
{
  g_hash_table_unref (RP_THUMBNAILER (object)->timed_out);

  G_OBJECT_CLASS (rp_thumbnailer_parent_class)->finalize (object);
}

static void
rp_thumbnailer_class_init (RpThumbnailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_thumbnailer_finalize;
}

static void
rp_thumbnailer_init (RpThumbnailer *self)
{
  self->timed_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

RpThumbnailer *
rp_thumbnailer_new (void)
{
  return g_object_new (RP_TYPE_THUMBNAILER, NULL);
}

static char *
attachment_key (RpAttachment *attachment)
{
  return g_strdup_printf ("%s-%" G_GUINT64_FORMAT, rp_attachment_get_sha256 (attachment),
                          rp_attachment_get_size (attachment));
}

/* (transfer full): the cache of the data directory holding @attachment's bytes. */
static char *
cache_dir_of (RpAttachment *attachment)
{
  return rp_preview_cache_dir_for_object (rp_attachment_get_local_path (attachment));
}

RpThumbnailState
rp_thumbnailer_lookup (RpThumbnailer *self,
                       RpAttachment  *attachment,
                       char         **out_cached)
{
  const char *sha256;
  guint64 size;
  g_autofree char *cache_dir = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (RP_IS_THUMBNAILER (self), RP_THUMBNAIL_NONE);
  g_return_val_if_fail (RP_IS_ATTACHMENT (attachment), RP_THUMBNAIL_NONE);
  g_return_val_if_fail (out_cached != NULL, RP_THUMBNAIL_NONE);

  *out_cached = NULL;
  sha256 = rp_attachment_get_sha256 (attachment);
  size = rp_attachment_get_size (attachment);
  if (rp_attachment_get_local_path (attachment) == NULL || sha256 == NULL)
    return RP_THUMBNAIL_NONE;
  /* Marked by the publisher's check: never handed to poppler. */
  if (rp_attachment_get_broken_reason (attachment) != NULL)
    return RP_THUMBNAIL_DAMAGED;
  cache_dir = cache_dir_of (attachment);
  /* A few kB, read by the caller: a second visit shows it at once. */
  *out_cached = rp_preview_cache_lookup (cache_dir, sha256, size, 0, TRUE);
  key = attachment_key (attachment);
  if ((failure = rp_preview_cache_lookup_failure (cache_dir, sha256, size)) != NULL ||
      g_hash_table_contains (self->timed_out, key))
    return RP_THUMBNAIL_DAMAGED;
  return RP_THUMBNAIL_DRAW;
}

/* Worker thread: the image @data (an RpAttachment) at thumbnail size,
 * absurd sizes refused before decoding as the document page does, kept in
 * the preview cache, or why it cannot be. */
static void
image_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  RpAttachment *attachment = data;
  const char *path = rp_attachment_get_local_path (attachment);
  g_autofree char *cache_dir = cache_dir_of (attachment);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keep_error = NULL;
  cairo_surface_t *surface = rp_image_load_at_width (path, RP_PREVIEW_THUMB_WIDTH, &error);

  if (surface != NULL)
    rp_preview_cache_store (cache_dir, rp_attachment_get_sha256 (attachment), rp_attachment_get_size (attachment),
                            0, TRUE, surface, &keep_error);
  /* A missing file (a sync removed the object) is not a damaged one. */
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    rp_preview_cache_store_failure (cache_dir, rp_attachment_get_sha256 (attachment),
                                    rp_attachment_get_size (attachment), error->message, &keep_error);
  if (keep_error != NULL)
    g_warning_once ("Thumbnails are not kept: %s", keep_error->message);

  if (surface != NULL)
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
pdf_drawn_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  RpThumbnailer *self = g_task_get_source_object (task);
  GError *error = NULL;
  cairo_surface_t *surface = rp_preview_cache_draw_thumbnail_finish (result, &error);

  /* The cache does not keep a time-out; the thumbnailer does, so that a
   * file that hangs the renderer is not tried at every visit while the
   * kiosk runs. */
  if (g_error_matches (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT))
    g_hash_table_add (self->timed_out, attachment_key (g_task_get_task_data (task)));
  if (surface != NULL)
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
  else
    g_task_return_error (task, error);
}

void
rp_thumbnailer_draw_async (RpThumbnailer       *self,
                           RpAttachment        *attachment,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *cache_dir = NULL;

  g_return_if_fail (RP_IS_THUMBNAILER (self));
  g_return_if_fail (RP_IS_ATTACHMENT (attachment));
  g_return_if_fail (rp_attachment_get_local_path (attachment) != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_thumbnailer_draw_async);
  g_task_set_task_data (task, g_object_ref (attachment), g_object_unref);
  if (rp_attachment_is_image (attachment))
    {
      g_task_run_in_thread (task, image_thread);
      return;
    }
  cache_dir = cache_dir_of (attachment);
  rp_preview_cache_draw_thumbnail_async (cache_dir, rp_attachment_get_sha256 (attachment),
                                         rp_attachment_get_size (attachment),
                                         rp_attachment_get_local_path (attachment), cancellable, pdf_drawn_cb,
                                         g_object_ref (task));
}

cairo_surface_t *
rp_thumbnailer_draw_finish (RpThumbnailer *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_thumbnailer_draw_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
