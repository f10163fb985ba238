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

char *
rp_preview_cache_dir_for_data_dir (const char *data_dir)
{
  return g_build_filename (data_dir, "previews", NULL);
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
  name = thumbnail ? g_strdup_printf ("thumb-%u.png", page + 1) : g_strdup ("page-1.png");
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

typedef struct
{
  const char *pdf;
  const char *out_dir;
} PreviewData;

static gboolean
write_png (cairo_surface_t *surface,
           const char      *dir,
           const char      *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return cairo_surface_write_to_png (surface, path) == CAIRO_STATUS_SUCCESS;
}

/* Child: draws the previews into out_dir. */
static int
preview_child (gpointer data,
               int      fd)
{
  PreviewData *preview = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (preview->pdf, &error);
  cairo_surface_t *surface;
  guint n;

  if (document == NULL)
    {
      rp_child_say (fd, "error %s", error->message);
      return 1;
    }
  n = MIN (rp_document_get_n_pages (document), RP_PREVIEW_N_THUMBS);
  surface = rp_document_render_page (document, 0, RP_PREVIEW_WIDTH, &error);
  if (surface == NULL || !write_png (surface, preview->out_dir, "page-1.png"))
    {
      rp_child_say (fd, "error %s", error ? error->message : "cannot write the preview");
      g_clear_pointer (&surface, cairo_surface_destroy);
      return 1;
    }
  cairo_surface_destroy (surface);
  rp_child_say (fd, "ok first");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("thumb-%u.png", i + 1);

      g_clear_error (&error);
      surface = rp_document_render_page (document, i, RP_PREVIEW_THUMB_WIDTH, &error);
      if (surface != NULL)
        {
          write_png (surface, preview->out_dir, name);
          cairo_surface_destroy (surface);
        }
      rp_child_say (fd, "ok %u", i);
    }
  return 0;
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
  RpChildOutcome outcome;
  PreviewData data;
  char *tmp;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (rp_sha256_is_valid (sha256), FALSE);

  dir = entry_dir (cache_dir, sha256, size);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
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

  data.pdf = pdf_path;
  data.out_dir = tmp;
  if (!rp_child_run (preview_child, &data, &limits, &outcome, error))
    {
      rp_remove_tree (tmp, NULL);
      return FALSE;
    }
  if (!(outcome.exited && outcome.exit_status == 0))
    {
      for (guint i = 0; i < outcome.lines->len && reason == NULL; i++)
        if (g_str_has_prefix (g_ptr_array_index (outcome.lines, i), "error "))
          reason = g_strdup ((char *) g_ptr_array_index (outcome.lines, i) + 6);
      if (reason == NULL)
        reason = rp_child_describe_failure (&outcome, &limits, "Drawing the preview");
      /* Remember the failure: the next install does not retry it. */
      rp_remove_tree (tmp, NULL);
      g_mkdir (tmp, 0755);
      {
        g_autofree char *marker = g_build_filename (tmp, "failed", NULL);
        g_file_set_contents (marker, reason, -1, NULL);
      }
    }
  rp_child_outcome_clear (&outcome);
  if (g_rename (tmp, dir) != 0)
    {
      /* Another process filled it meanwhile: theirs is as good as ours. */
      rp_remove_tree (tmp, NULL);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move the preview into place: %s",
                       g_strerror (errno));
          return FALSE;
        }
    }
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

gboolean
rp_preview_cache_fill (const char   *cache_dir,
                       RpCatalogue  *catalogue,
                       guint64       max_bytes,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr(GListModel) entries = NULL;
  guint64 used;

  g_return_val_if_fail (cache_dir != NULL, FALSE);

  if (max_bytes == 0)
    max_bytes = RP_PREVIEW_DEFAULT_MAX;
  used = rp_preview_cache_get_size (cache_dir);
  entries = rp_catalogue_list_entries (catalogue, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (entries, i);
      GListModel *files = rp_entry_get_attachments (entry);

      for (guint j = 0; j < g_list_model_get_n_items (files); j++)
        {
          g_autoptr(RpAttachment) attachment = g_list_model_get_item (files, j);
          g_autoptr(GError) local_error = NULL;
          g_autofree char *dir = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (rp_attachment_get_kind (attachment) != RP_ATTACHMENT_PDF)
            continue;
          /* Bounded: past the cap, documents simply open without a preview. */
          if (used >= max_bytes)
            return TRUE;
          dir = entry_dir (cache_dir, rp_attachment_get_sha256 (attachment), rp_attachment_get_size (attachment));
          if (g_file_test (dir, G_FILE_TEST_IS_DIR))
            continue;
          if (!rp_preview_cache_fill_one (cache_dir, rp_attachment_get_sha256 (attachment),
                                          rp_attachment_get_size (attachment),
                                          rp_attachment_get_local_path (attachment), &local_error))
            {
              if (!g_error_matches (local_error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              g_warning ("No preview for “%s”: %s", rp_attachment_get_path (attachment), local_error->message);
            }
          used += tree_size (dir);
        }
    }
  return TRUE;
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
