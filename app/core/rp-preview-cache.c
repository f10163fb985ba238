/* rp-preview-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rp-attachment.h"
#include "rp-catalogue.h"
#include "rp-data-dir.h"
#include "rp-document.h"
#include "rp-entry.h"
#include "rp-error.h"
#include "rp-object-store.h"
#include "rp-preview-cache.h"
#include "rp-render-child.h"
#include "rp-render-queue.h"

/* The one page a thumbnail's render queue draws, with room to spare. */
#define THUMBNAIL_QUEUE_BUDGET ((guint64) 4 * 1024 * 1024)

char *
rp_preview_cache_dir_for_data_dir (const char *data_dir)
{
  return rp_data_dir_build_previews_path (data_dir);
}

char *
rp_preview_cache_dir_for_object (const char *object_path)
{
  g_autofree char *aa = g_path_get_dirname (object_path);
  g_autofree char *objects = g_path_get_dirname (aa);
  g_autofree char *data_dir = g_path_get_dirname (objects);

  return rp_preview_cache_dir_for_data_dir (data_dir);
}

static char *
entry_dir (const char *cache_dir,
           const char *sha256,
           guint64     size)
{
  g_autofree char *aa = g_strndup (sha256, 2);
  g_autofree char *name = g_strdup_printf ("%s-%" G_GUINT64_FORMAT, sha256, size);

  return g_build_filename (cache_dir, aa, name, NULL);
}

static char *
file_name (guint    page,
           gboolean thumbnail)
{
  return thumbnail ? g_strdup_printf ("thumb-%u.png", page + 1) : g_strdup ("page-1.png");
}

/* Whether a fill has nothing left to do for the entry in @dir: its first
 * page was drawn, or it failed. The GUI's thumbnails alone do not count. */
static gboolean
entry_is_filled (const char *dir)
{
  g_autofree char *first = g_build_filename (dir, "page-1.png", NULL);
  g_autofree char *failed = g_build_filename (dir, "failed", NULL);

  return g_file_test (first, G_FILE_TEST_IS_REGULAR) || g_file_test (failed, G_FILE_TEST_IS_REGULAR);
}

char *
rp_preview_cache_lookup (const char *cache_dir,
                         const char *sha256,
                         guint64     size,
                         guint       page,
                         gboolean    thumbnail)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  char *path;

  g_return_val_if_fail (cache_dir != NULL && sha256 != NULL, NULL);

  if (!rp_sha256_is_valid (sha256) || (!thumbnail && page != 0))
    return NULL;
  dir = entry_dir (cache_dir, sha256, size);
  name = file_name (page, thumbnail);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

char *
rp_preview_cache_lookup_failure (const char *cache_dir,
                                 const char *sha256,
                                 guint64     size)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  char *reason = NULL;

  g_return_val_if_fail (cache_dir != NULL && sha256 != NULL, NULL);

  if (!rp_sha256_is_valid (sha256))
    return NULL;
  dir = entry_dir (cache_dir, sha256, size);
  path = g_build_filename (dir, "failed", NULL);
  if (!g_file_get_contents (path, &reason, NULL, NULL))
    return NULL;
  return reason;
}

static cairo_status_t
append_png (void                *data,
            const unsigned char *bytes,
            unsigned int         length)
{
  g_byte_array_append (data, bytes, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Writes @contents as @name in the entry's folder: aside, then renamed, so
 * a reader finds the whole file or none. */
static gboolean
store_file (const char  *cache_dir,
            const char  *sha256,
            guint64      size,
            const char  *name,
            const char  *contents,
            gsize        length,
            GError     **error)
{
  g_autofree char *dir = entry_dir (cache_dir, sha256, size);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!g_file_set_contents (path, contents, length, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_preview_cache_store (const char      *cache_dir,
                        const char      *sha256,
                        guint64          size,
                        guint            page,
                        gboolean         thumbnail,
                        cairo_surface_t *surface,
                        GError         **error)
{
  g_autoptr(GByteArray) png = NULL;
  g_autofree char *name = NULL;
  cairo_status_t status;

  g_return_val_if_fail (cache_dir != NULL, FALSE);
  g_return_val_if_fail (rp_sha256_is_valid (sha256), FALSE);
  g_return_val_if_fail (thumbnail || page == 0, FALSE);
  g_return_val_if_fail (surface != NULL, FALSE);

  /* A surface poppler left in an error state draws as nothing. */
  if ((status = cairo_surface_status (surface)) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The page did not draw: %s",
                   cairo_status_to_string (status));
      return FALSE;
    }
  png = g_byte_array_new ();
  if ((status = cairo_surface_write_to_png_stream (surface, append_png, png)) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot encode the preview: %s", cairo_status_to_string (status));
      return FALSE;
    }
  name = file_name (page, thumbnail);
  return store_file (cache_dir, sha256, size, name, (const char *) png->data, png->len, error);
}

gboolean
rp_preview_cache_store_failure (const char *cache_dir,
                                const char *sha256,
                                guint64     size,
                                const char *reason,
                                GError    **error)
{
  g_return_val_if_fail (cache_dir != NULL, FALSE);
  g_return_val_if_fail (rp_sha256_is_valid (sha256), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  return store_file (cache_dir, sha256, size, "failed", reason, strlen (reason), error);
}

/* What the GUI learnt about one file: its thumbnail, or why it has none. */
typedef struct
{
  char            *cache_dir;
  char            *sha256;
  guint64          size;
  char            *path;
  RpRenderQueue   *queue;        /* (nullable) while drawing */
  gulong           cancelled_id;
  cairo_surface_t *surface;      /* (nullable) */
  char            *reason;       /* (nullable) */
} Draw;

static void
draw_free (Draw *draw)
{
  g_assert (draw->queue == NULL);

  g_free (draw->cache_dir);
  g_free (draw->sha256);
  g_free (draw->path);
  g_clear_pointer (&draw->surface, cairo_surface_destroy);
  g_free (draw->reason);
  g_free (draw);
}

static void
keep_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Draw *draw = data;
  g_autoptr(GError) error = NULL;

  if (draw->surface != NULL)
    rp_preview_cache_store (draw->cache_dir, draw->sha256, draw->size, 0, TRUE, draw->surface, &error);
  /* A missing file (a sync removed the object) is not a damaged one: the
   * same bytes may come back. */
  else if (g_file_test (draw->path, G_FILE_TEST_IS_REGULAR))
    rp_preview_cache_store_failure (draw->cache_dir, draw->sha256, draw->size, draw->reason, &error);
  /* A preview is an optimisation: said once, never a reason to fail. */
  if (error != NULL)
    g_warning_once ("Thumbnails are not kept: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static gboolean
unref_later (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Ends the drawing of @task, once: keeps what was learnt (on a thread, and
 * whether or not anyone still waits for it), then returns @surface or
 * @error (transfer full). */
static void
draw_return (GTask           *task,
             cairo_surface_t *surface,
             GError          *error)
{
  Draw *draw = g_task_get_task_data (task);

  if (draw->queue == NULL)
    {
      g_clear_error (&error);
      return;
    }
  g_signal_handlers_disconnect_by_data (draw->queue, task);
  /* Possibly from inside one of the queue's own signals: not dropped here. */
  g_idle_add (unref_later, g_steal_pointer (&draw->queue));
  if (draw->cancelled_id != 0)
    g_clear_signal_handler (&draw->cancelled_id, g_task_get_cancellable (task));

  /* A time-out may be the machine's load rather than the file's fault:
   * not remembered, so a busy moment never marks a good file for good. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT))
    {
      Draw *keep = g_new0 (Draw, 1);
      g_autoptr(GTask) keeper = g_task_new (NULL, NULL, NULL, NULL);

      keep->cache_dir = g_strdup (draw->cache_dir);
      keep->sha256 = g_strdup (draw->sha256);
      keep->size = draw->size;
      keep->path = g_strdup (draw->path);
      keep->surface = surface ? cairo_surface_reference (surface) : NULL;
      keep->reason = error ? g_strdup (error->message) : NULL;
      g_task_set_task_data (keeper, keep, (GDestroyNotify) draw_free);
      g_task_run_in_thread (keeper, keep_thread);
    }
  if (surface != NULL)
    g_task_return_pointer (task, cairo_surface_reference (surface), (GDestroyNotify) cairo_surface_destroy);
  else
    g_task_return_error (task, error);
  /* The reference the drawing held. */
  g_object_unref (task);
}

static void
draw_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  draw_return (task, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Drawing was cancelled"));
}

static void
draw_page_ready_cb (RpRenderQueue *queue,
                    guint          page,
                    int            width,
                    GTask         *task)
{
  cairo_surface_t *surface;

  if (page == 0 && (surface = rp_render_queue_lookup (queue, page, width)) != NULL)
    draw_return (task, surface, NULL);
}

static void
draw_page_failed_cb (RpRenderQueue *queue,
                     guint          page,
                     const GError  *error,
                     GTask         *task)
{
  if (page == 0)
    draw_return (task, NULL, g_error_copy (error));
}

static void
draw_document_failed_cb (RpRenderQueue *queue,
                         const GError  *error,
                         GTask         *task)
{
  draw_return (task, NULL, g_error_copy (error));
}

static void
draw_opened_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  RpRenderQueue *queue = RP_RENDER_QUEUE (source);
  g_autoptr(GTask) task = data;
  Draw *draw = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean opened = rp_render_queue_open_finish (queue, result, &error);

  if (draw->queue != queue)
    return;
  if (!opened)
    draw_return (task, NULL, g_steal_pointer (&error));
  else if (rp_render_queue_get_n_pages (queue) == 0)
    draw_return (task, NULL, g_error_new_literal (RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The document has no pages"));
  else
    rp_render_queue_request (queue, 0, RP_PREVIEW_THUMB_WIDTH, RP_RENDER_PRIORITY_VISIBLE);
}

void
rp_preview_cache_draw_thumbnail_async (const char          *cache_dir,
                                       const char          *sha256,
                                       guint64              size,
                                       const char          *pdf_path,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  Draw *draw;

  g_return_if_fail (cache_dir != NULL && pdf_path != NULL);
  g_return_if_fail (rp_sha256_is_valid (sha256));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_preview_cache_draw_thumbnail_async);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  draw = g_new0 (Draw, 1);
  draw->cache_dir = g_strdup (cache_dir);
  draw->sha256 = g_strdup (sha256);
  draw->size = size;
  draw->path = g_strdup (pdf_path);
  g_task_set_task_data (task, draw, (GDestroyNotify) draw_free);

  /* The task's own reference is the drawing's, until draw_return(). */
  draw->queue = rp_render_queue_new (THUMBNAIL_QUEUE_BUDGET);
  g_signal_connect (draw->queue, "page-ready", G_CALLBACK (draw_page_ready_cb), task);
  g_signal_connect (draw->queue, "page-failed", G_CALLBACK (draw_page_failed_cb), task);
  g_signal_connect (draw->queue, "document-failed", G_CALLBACK (draw_document_failed_cb), task);
  if (cancellable != NULL)
    draw->cancelled_id = g_signal_connect (cancellable, "cancelled", G_CALLBACK (draw_cancelled_cb), task);
  rp_render_queue_open_async (draw->queue, pdf_path, NULL, draw_opened_cb, g_object_ref (task));
}

cairo_surface_t *
rp_preview_cache_draw_thumbnail_finish (GAsyncResult *result,
                                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_preview_cache_draw_thumbnail_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Moves every file of @tmp into @dir, which the GUI may have started with
 * a thumbnail; the same bytes drew the same pictures, so either copy is
 * as good. Removes @tmp. */
static gboolean
move_into (const char *tmp,
           const char *dir,
           GError    **error)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (g_rename (tmp, dir) == 0)
    return TRUE;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || (d = g_dir_open (tmp, 0, NULL)) == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move the preview into place: %s", g_strerror (errno));
      rp_remove_tree (tmp, NULL);
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = g_build_filename (tmp, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);

      if (g_rename (from, to) != 0)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move the preview into place: %s",
                       g_strerror (errno));
          rp_remove_tree (tmp, NULL);
          return FALSE;
        }
    }
  return rp_remove_tree (tmp, error);
}

static gboolean
write_png (cairo_surface_t *surface,
           const char      *dir,
           const char      *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return cairo_surface_write_to_png (surface, path) == CAIRO_STATUS_SUCCESS;
}

/* Draws @pdf's previews into @out_dir in a render helper under @limits;
 * NULL, or why the first page could not be drawn (then there are none).
 * A thumbnail that fails is left out, and the ones after it too when the
 * helper had to be stopped. (transfer full) */
static char *
draw_previews (const char          *pdf,
               const char          *out_dir,
               const RpChildLimits *limits)
{
  RpRenderHelper *helper = rp_render_helper_new_limited (pdf, limits);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = rp_render_helper_open (helper, &error);
  cairo_surface_t *surface = NULL;
  char *reason = NULL;
  guint n = 0;

  if (sizes != NULL)
    surface = rp_render_helper_render_page (helper, 0, RP_PREVIEW_WIDTH, NULL, &error);
  if (surface == NULL)
    reason = rp_helper_describe_failure (sizes != NULL ? "Drawing the preview" : NULL, error, limits);
  else if (!write_png (surface, out_dir, "page-1.png"))
    reason = g_strdup ("Cannot write the preview");
  else
    n = MIN (sizes->len / 2, RP_PREVIEW_N_THUMBS);
  g_clear_pointer (&surface, cairo_surface_destroy);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("thumb-%u.png", i + 1);

      g_clear_error (&error);
      surface = rp_render_helper_render_page (helper, i, RP_PREVIEW_THUMB_WIDTH, NULL, &error);
      if (surface == NULL && g_error_matches (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT))
        break;
      if (surface != NULL)
        {
          write_png (surface, out_dir, name);
          cairo_surface_destroy (surface);
        }
    }
  rp_render_helper_free (helper);
  return reason;
}

gboolean
rp_preview_cache_fill_one (const char *cache_dir,
                           const char *sha256,
                           guint64     size,
                           const char *pdf_path,
                           GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *tmpl = NULL;
  RpChildLimits limits = { RP_CHILD_DEFAULT_STEP_MS, RP_CHILD_DEFAULT_MEMORY };
  char *tmp;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (rp_sha256_is_valid (sha256), FALSE);

  dir = entry_dir (cache_dir, sha256, size);
  if (entry_is_filled (dir))
    {
      failed = g_build_filename (dir, "failed", NULL);
      if (g_file_test (failed, G_FILE_TEST_EXISTS))
        {
          g_autofree char *text = NULL;
          g_file_get_contents (failed, &text, NULL, NULL);
          g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "%s", text ? text : "the document failed before");
          return FALSE;
        }
      return TRUE;
    }
  parent = g_path_get_dirname (dir);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", parent, g_strerror (errno));
      return FALSE;
    }
  tmpl = g_build_filename (parent, ".tmp-XXXXXX", NULL);
  if ((tmp = g_mkdtemp (tmpl)) == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create a folder in “%s”: %s", parent,
                   g_strerror (errno));
      return FALSE;
    }

  reason = draw_previews (pdf_path, tmp, &limits);
  if (reason != NULL)
    {
      /* Remember the failure: the next install does not retry it. */
      g_autofree char *marker = g_build_filename (tmp, "failed", NULL);

      rp_remove_tree (tmp, NULL);
      g_mkdir (tmp, 0755);
      g_file_set_contents (marker, reason, -1, NULL);
    }
  if (!move_into (tmp, dir, error))
    return FALSE;
  if (reason != NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "%s", reason);
      return FALSE;
    }
  return TRUE;
}

static guint64
tree_size (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  if (dir == NULL)
    {
      GStatBuf st;
      return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      total += tree_size (child);
    }
  return total;
}

guint64
rp_preview_cache_get_size (const char *cache_dir)
{
  return tree_size (cache_dir);
}

/* Calls @func with each PDF attachment of @catalogue that has a local copy
 * and no broken mark, newest entry first, and its cache entry's folder, until @func returns
 * FALSE. */
typedef gboolean (*PdfFunc) (RpAttachment *attachment,
                             const char   *dir,
                             gpointer      data);

static void
for_each_pdf (const char  *cache_dir,
              RpCatalogue *catalogue,
              PdfFunc      func,
              gpointer     data)
{
  g_autoptr(GListModel) entries = rp_catalogue_list_entries (catalogue, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (entries, i);
      GListModel *files = rp_entry_get_attachments (entry);

      for (guint j = 0; j < g_list_model_get_n_items (files); j++)
        {
          g_autoptr(RpAttachment) attachment = g_list_model_get_item (files, j);
          g_autofree char *dir = NULL;

          /* A file marked broken by the publisher is never drawn. */
          if (rp_attachment_get_kind (attachment) != RP_ATTACHMENT_PDF ||
              rp_attachment_get_local_path (attachment) == NULL ||
              rp_attachment_get_broken_reason (attachment) != NULL)
            continue;
          dir = entry_dir (cache_dir, rp_attachment_get_sha256 (attachment), rp_attachment_get_size (attachment));
          if (!func (attachment, dir, data))
            return;
        }
    }
}

typedef struct
{
  const char   *cache_dir;
  guint64       used;
  guint64       max_bytes;
  GCancellable *cancellable;
  GError       *error;
} FillData;

static gboolean
fill_pdf (RpAttachment *attachment,
          const char   *dir,
          gpointer      data)
{
  FillData *fill = data;
  g_autoptr(GError) local_error = NULL;

  if (g_cancellable_set_error_if_cancelled (fill->cancellable, &fill->error))
    return FALSE;
  /* Bounded: past the cap, documents simply open without a preview. */
  if (fill->used >= fill->max_bytes)
    return FALSE;
  if (entry_is_filled (dir))
    return TRUE;
  if (!rp_preview_cache_fill_one (fill->cache_dir, rp_attachment_get_sha256 (attachment),
                                  rp_attachment_get_size (attachment),
                                  rp_attachment_get_local_path (attachment), &local_error))
    {
      if (!g_error_matches (local_error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT))
        {
          fill->error = g_steal_pointer (&local_error);
          return FALSE;
        }
      g_warning ("No preview for “%s”: %s", rp_attachment_get_path (attachment), local_error->message);
    }
  fill->used += tree_size (dir);
  return TRUE;
}

gboolean
rp_preview_cache_fill (const char   *cache_dir,
                       RpCatalogue  *catalogue,
                       guint64       max_bytes,
                       GCancellable *cancellable,
                       GError      **error)
{
  FillData fill = { cache_dir, 0, max_bytes ? max_bytes : RP_PREVIEW_DEFAULT_MAX, cancellable, NULL };

  g_return_val_if_fail (cache_dir != NULL, FALSE);
  g_return_val_if_fail (RP_IS_CATALOGUE (catalogue), FALSE);

  fill.used = rp_preview_cache_get_size (cache_dir);
  for_each_pdf (cache_dir, catalogue, fill_pdf, &fill);
  if (fill.error != NULL)
    {
      g_propagate_error (error, fill.error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_pdf (RpAttachment *attachment,
           const char   *dir,
           gpointer      data)
{
  guint *counts = data;

  counts[0] += entry_is_filled (dir);
  counts[1]++;
  return TRUE;
}

void
rp_preview_cache_count (const char  *cache_dir,
                        RpCatalogue *catalogue,
                        guint       *out_done,
                        guint       *out_total)
{
  guint counts[2] = { 0, 0 };

  g_return_if_fail (cache_dir != NULL);
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));

  for_each_pdf (cache_dir, catalogue, count_pdf, counts);
  if (out_done != NULL)
    *out_done = counts[0];
  if (out_total != NULL)
    *out_total = counts[1];
}

guint
rp_preview_cache_gc (const char    *cache_dir,
                     RpObjectStore *store,
                     GError       **error)
{
  g_autoptr(GDir) top = g_dir_open (cache_dir, 0, NULL);
  const char *aa;
  guint removed = 0;

  if (top == NULL)
    return 0;
  while ((aa = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub_path = g_build_filename (cache_dir, aa, NULL);
      g_autoptr(GDir) sub = g_dir_open (sub_path, 0, NULL);
      const char *name;

      if (sub == NULL)
        continue;
      while ((name = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *path = g_build_filename (sub_path, name, NULL);
          g_autofree char *sha = g_strndup (name, 64);
          const char *dash = strchr (name, '-');
          gboolean keep = FALSE;

          if (name[0] != '.' && dash != NULL && rp_sha256_is_valid (sha) &&
              rp_object_store_contains (store, sha))
            {
              g_autofree char *object = rp_object_store_get_path (store, sha);
              GStatBuf st;

              keep = g_stat (object, &st) == 0 &&
                     (guint64) st.st_size == g_ascii_strtoull (dash + 1, NULL, 10);
            }
          if (keep)
            continue;
          if (!rp_remove_tree (path, error))
            return removed;
          removed++;
        }
    }
  return removed;
}

static void
gc_thread (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  guint removed = rp_preview_cache_gc (data, RP_OBJECT_STORE (source), &error);

  if (error != NULL)
    g_warning ("Cannot collect the preview cache: %s", error->message);
  else if (removed > 0)
    g_debug ("Removed %u previews of files no bundle holds any more", removed);
  g_task_return_boolean (task, TRUE);
}

void
rp_preview_cache_gc_in_thread (RpDataDir *data_dir)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RP_IS_DATA_DIR (data_dir));

  task = g_task_new (rp_data_dir_get_object_store (data_dir), NULL, NULL, NULL);
  g_task_set_source_tag (task, rp_preview_cache_gc_in_thread);
  g_task_set_task_data (task, rp_preview_cache_dir_for_data_dir (rp_data_dir_get_path (data_dir)), g_free);
  g_task_run_in_thread (task, gc_thread);
}

char *
rp_preview_cache_lookup_attachment (RpAttachment *attachment)
{
  const char *path;
  g_autofree char *cache_dir = NULL;

  g_return_val_if_fail (RP_IS_ATTACHMENT (attachment), NULL);

  path = rp_attachment_get_local_path (attachment);
  if (path == NULL || rp_attachment_get_sha256 (attachment) == NULL)
    return NULL;
  cache_dir = rp_preview_cache_dir_for_object (path);
  return rp_preview_cache_lookup (cache_dir, rp_attachment_get_sha256 (attachment),
                                  rp_attachment_get_size (attachment), 0, FALSE);
}
