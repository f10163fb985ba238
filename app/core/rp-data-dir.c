/* rp-data-dir.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariant: `current` is either absent or a symbolic link to a complete
 * bundle directory. It only ever changes by rename(2) of a new link over
 * the old one, which is atomic, so a crash at any instant leaves either
 * the old or the new bundle visible.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rp-catalogue-builder.h"
#include "rp-catalogue.h"
#include "rp-data-dir.h"
#include "rp-error.h"
#include "rp-object-store.h"

struct _RpDataDir
{
  GObject        parent_instance;
  char          *path;
  RpObjectStore *store;
};

G_DEFINE_FINAL_TYPE (RpDataDir, rp_data_dir, G_TYPE_OBJECT)

static void
rp_data_dir_finalize (GObject *object)
{
  RpDataDir *self = RP_DATA_DIR (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rp_data_dir_parent_class)->finalize (object);
}

static void
rp_data_dir_class_init (RpDataDirClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_data_dir_finalize;
}

static void
rp_data_dir_init (RpDataDir *self)
{
}

char *
rp_data_dir_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "readingpoint", NULL);
}

RpDataDir *
rp_data_dir_new (const char *path)
{
  RpDataDir *self;
  g_autofree char *objects = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RP_TYPE_DATA_DIR, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  objects = g_build_filename (self->path, "objects", NULL);
  self->store = rp_object_store_new (objects);
  return self;
}

const char *
rp_data_dir_get_path (RpDataDir *self)
{
  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);
  return self->path;
}

RpObjectStore *
rp_data_dir_get_object_store (RpDataDir *self)
{
  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);
  return self->store;
}

static int
remove_one (const char        *path,
            const struct stat *sb,
            int                typeflag,
            struct FTW        *ftwbuf)
{
  return remove (path) == 0 || errno == ENOENT ? 0 : -1;
}

gboolean
rp_remove_tree (const char *path,
                GError    **error)
{
  /* FTW_PHYS: never follow a link out of the tree being removed. */
  if (nftw (path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot remove “%s”: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_dir (const char *path,
          GError    **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_data_dir_prepare (RpDataDir *self,
                     GError   **error)
{
  g_autofree char *staging = g_build_filename (self->path, "staging", NULL);
  g_autofree char *bundles = g_build_filename (self->path, "bundles", NULL);

  g_return_val_if_fail (RP_IS_DATA_DIR (self), FALSE);

  if (!make_dir (self->path, error) ||
      !make_dir (bundles, error) ||
      !make_dir (rp_object_store_get_directory (self->store), error))
    return FALSE;
  if (!rp_remove_tree (staging, error))
    return FALSE;
  return make_dir (staging, error);
}

char *
rp_data_dir_get_current_bundle (RpDataDir *self)
{
  g_autofree char *link = g_build_filename (self->path, "current", NULL);
  g_autofree char *target = NULL;
  g_autofree char *bundle_db = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);

  target = g_file_read_link (link, NULL);
  if (target == NULL || !g_str_has_prefix (target, "bundles/"))
    return NULL;
  bundle_db = g_build_filename (self->path, target, "catalogue.db", NULL);
  if (!g_file_test (bundle_db, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_strdup (target + strlen ("bundles/"));
}

static gboolean
swap_current (RpDataDir  *self,
              const char *bundle,
              GError    **error)
{
  g_autofree char *target = g_build_filename ("bundles", bundle, NULL);
  g_autofree char *link = g_build_filename (self->path, "current", NULL);
  g_autofree char *tmp_link = g_build_filename (self->path, "current.tmp", NULL);

  g_unlink (tmp_link);
  if (symlink (target, tmp_link) != 0 || g_rename (tmp_link, link) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot switch to bundle “%s”: %s",
                   bundle, g_strerror (errno));
      g_unlink (tmp_link);
      return FALSE;
    }
  return rp_fsync_directory (self->path, error);
}

gboolean
rp_data_dir_install_source (RpDataDir  *self,
                            const char *source_dir,
                            GError    **error)
{
  g_autofree char *staging_tmpl = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *bundles = g_build_filename (self->path, "bundles", NULL);
  char *staging;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), FALSE);
  g_return_val_if_fail (source_dir != NULL, FALSE);

  if (!rp_data_dir_prepare (self, error))
    return FALSE;

  staging_tmpl = g_build_filename (self->path, "staging", "source-XXXXXX", NULL);
  staging = g_mkdtemp (staging_tmpl);
  if (staging == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create a staging folder: %s",
                   g_strerror (errno));
      return FALSE;
    }

  db_path = g_build_filename (staging, "catalogue.db", NULL);
  if (!rp_catalogue_import_source (source_dir, self->store, db_path, &channel, error))
    goto fail;
  if (!rp_fsync_directory (staging, error))
    goto fail;

  /* A bundle built from a source has no published version: 0 sorts below
   * every signed bundle, so the first real sync always replaces it. */
  bundle = g_strdup_printf ("%s-0", channel);
  bundle_path = g_build_filename (bundles, bundle, NULL);
  {
    g_autofree char *current = rp_data_dir_get_current_bundle (self);
    if (g_strcmp0 (current, bundle) == 0)
      {
        g_set_error (error, RP_ERROR, RP_ERROR_IO,
                     "Bundle “%s” is installed and in use; it is not replaced in place", bundle);
        goto fail;
      }
  }
  if (!rp_remove_tree (bundle_path, error))
    goto fail;
  if (g_rename (staging, bundle_path) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move the new bundle into place: %s",
                   g_strerror (errno));
      goto fail;
    }
  if (!rp_fsync_directory (bundles, error))
    return FALSE;
  return swap_current (self, bundle, error);

fail:
  rp_remove_tree (staging, NULL);
  return FALSE;
}

RpCatalogue *
rp_data_dir_open_catalogue (RpDataDir *self,
                            GError   **error)
{
  g_autofree char *bundle = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);

  bundle = rp_data_dir_get_current_bundle (self);
  if (bundle == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE,
                   "No catalogue is installed in “%s”", self->path);
      return NULL;
    }
  /* Open through the resolved bundle name, not through `current`, so a
   * later swap cannot change what this reader sees. */
  db_path = g_build_filename (self->path, "bundles", bundle, "catalogue.db", NULL);
  return rp_catalogue_open (db_path, self->store, error);
}

RpCatalogue *
rp_data_dir_ensure_catalogue (RpDataDir  *self,
                              const char *fallback_source,
                              GError    **error)
{
  g_autofree char *bundle = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);

  if (!rp_data_dir_prepare (self, error))
    return NULL;
  bundle = rp_data_dir_get_current_bundle (self);
  if (bundle == NULL && fallback_source != NULL &&
      !rp_data_dir_install_source (self, fallback_source, error))
    return NULL;
  return rp_data_dir_open_catalogue (self, error);
}
