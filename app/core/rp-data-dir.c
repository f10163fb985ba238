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
#include <fcntl.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "rp-bundle.h"
#include "rp-catalogue-builder.h"
#include "rp-catalogue.h"
#include "rp-state-db.h"
#include "rp-data-dir.h"
#include "rp-error.h"
#include "rp-object-store.h"

/* The one place the data directory's file names are spelled (DESIGN.md,
 * "Terminal data directory"); everything else asks for a path below. */
#define STATE_DB          "state.db"
#define USAGE_DB          "usage.db"
#define IDENTITY_KEY      "identity.key"
#define IDENTITY_PUB      "identity.pub"
#define PREVIEWS_DIR      "previews"
#define SYNC_LOCK         "sync.lock"
#define OBJECTS_DIR       "objects"
#define BUNDLES_DIR       "bundles"
#define STAGING_DIR       "staging"
#define CURRENT_LINK      "current"
#define CURRENT_LINK_TMP  "current.tmp"

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
  objects = g_build_filename (self->path, OBJECTS_DIR, NULL);
  self->store = rp_object_store_new (objects);
  return self;
}

/* @name inside the data directory at @data_dir_path. */
static char *
build_in (const char *data_dir_path,
          const char *name)
{
  g_return_val_if_fail (data_dir_path != NULL, NULL);
  return g_build_filename (data_dir_path, name, NULL);
}

char *
rp_data_dir_build_state_path (const char *data_dir_path)
{
  return build_in (data_dir_path, STATE_DB);
}

char *
rp_data_dir_build_usage_path (const char *data_dir_path)
{
  return build_in (data_dir_path, USAGE_DB);
}

char *
rp_data_dir_build_identity_key_path (const char *data_dir_path)
{
  return build_in (data_dir_path, IDENTITY_KEY);
}

char *
rp_data_dir_build_identity_public_key_path (const char *data_dir_path)
{
  return build_in (data_dir_path, IDENTITY_PUB);
}

char *
rp_data_dir_build_previews_path (const char *data_dir_path)
{
  return build_in (data_dir_path, PREVIEWS_DIR);
}

char *
rp_data_dir_build_bundle_path (RpDataDir  *self,
                               const char *bundle)
{
  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);
  return g_build_filename (self->path, BUNDLES_DIR, bundle, NULL);
}

char *
rp_data_dir_build_staging_path (RpDataDir  *self,
                                const char *name)
{
  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);
  return g_build_filename (self->path, STAGING_DIR, name, NULL);
}

RpStateDb *
rp_data_dir_open_state (RpDataDir *self,
                        GError   **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);
  path = rp_data_dir_build_state_path (self->path);
  return rp_state_db_open (path, error);
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
  g_autofree char *staging = NULL;
  g_autofree char *bundles = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), FALSE);

  staging = rp_data_dir_build_staging_path (self, NULL);
  bundles = rp_data_dir_build_bundle_path (self, NULL);

  if (!make_dir (self->path, error) ||
      !make_dir (bundles, error) ||
      !make_dir (rp_object_store_get_directory (self->store), error))
    return FALSE;
  /* A sync running in another process owns staging/ right now; what is
   * there is not the remains of a crash. */
  {
    int lock = rp_data_dir_lock (self, FALSE, NULL);
    gboolean ok;

    if (lock < 0)
      return TRUE;
    ok = rp_remove_tree (staging, error) && make_dir (staging, error);
    rp_data_dir_unlock (lock);
    return ok;
  }
}

int
rp_data_dir_lock (RpDataDir *self,
                  gboolean   wait,
                  GError   **error)
{
  g_autofree char *path = g_build_filename (self->path, SYNC_LOCK, NULL);
  int fd;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), -1);

  if (!make_dir (self->path, error))
    return -1;
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot open “%s”: %s", path, g_strerror (errno));
      return -1;
    }
  while (flock (fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0)
    {
      int saved = errno;

      if (saved == EINTR)
        continue;
      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, RP_ERROR, RP_ERROR_BUSY, "Another sync is running on “%s”; try again later", self->path);
      else
        g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot lock “%s”: %s", path, g_strerror (saved));
      return -1;
    }
  return fd;
}

void
rp_data_dir_unlock (int fd)
{
  if (fd >= 0)
    close (fd);
}

char *
rp_data_dir_get_current_bundle (RpDataDir *self)
{
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;
  g_autofree char *bundle_db = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);

  link = g_build_filename (self->path, CURRENT_LINK, NULL);
  target = g_file_read_link (link, NULL);
  if (target == NULL || !g_str_has_prefix (target, BUNDLES_DIR "/"))
    return NULL;
  bundle_db = g_build_filename (self->path, target, RP_BUNDLE_DATABASE, NULL);
  if (!g_file_test (bundle_db, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_strdup (target + strlen (BUNDLES_DIR "/"));
}

gboolean
rp_data_dir_set_current (RpDataDir  *self,
                         const char *bundle,
                         GError    **error)
{
  g_autofree char *target = g_build_filename (BUNDLES_DIR, bundle, NULL);
  g_autofree char *link = g_build_filename (self->path, CURRENT_LINK, NULL);
  g_autofree char *tmp_link = g_build_filename (self->path, CURRENT_LINK_TMP, NULL);

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
  g_autofree char *bundles = NULL;
  char *staging;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), FALSE);
  g_return_val_if_fail (source_dir != NULL, FALSE);

  bundles = rp_data_dir_build_bundle_path (self, NULL);

  if (!rp_data_dir_prepare (self, error))
    return FALSE;

  staging_tmpl = rp_data_dir_build_staging_path (self, "source-XXXXXX");
  staging = g_mkdtemp (staging_tmpl);
  if (staging == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create a staging folder: %s",
                   g_strerror (errno));
      return FALSE;
    }

  db_path = g_build_filename (staging, RP_BUNDLE_DATABASE, NULL);
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
  return rp_data_dir_set_current (self, bundle, error);

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
  db_path = g_build_filename (self->path, BUNDLES_DIR, bundle, RP_BUNDLE_DATABASE, NULL);
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

RpBundle *
rp_data_dir_open_current (RpDataDir *self,
                          GError   **error)
{
  g_autofree char *bundle = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), NULL);

  bundle = rp_data_dir_get_current_bundle (self);
  if (bundle == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, "No catalogue is installed in “%s”", self->path);
      return NULL;
    }
  path = rp_data_dir_build_bundle_path (self, bundle);
  return rp_bundle_open (path, error);
}

/* Adds the objects @bundle references to @referenced; FALSE when the bundle
 * has no manifest (built from an unsigned source), whose objects are then
 * unknown. */
static gboolean
collect_references (RpDataDir  *self,
                    const char *bundle,
                    GHashTable *referenced)
{
  g_autofree char *path = rp_data_dir_build_bundle_path (self, bundle);
  g_autoptr(RpBundle) b = rp_bundle_open (path, NULL);
  RpManifest *manifest;

  if (b == NULL)
    return FALSE;
  manifest = rp_bundle_get_manifest (b);
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    g_hash_table_add (referenced, g_strdup (rp_manifest_get_catalogue_part (manifest, i)->sha256));
  for (guint i = 0; i < rp_manifest_get_n_objects (manifest); i++)
    g_hash_table_add (referenced, g_strdup (rp_manifest_get_object (manifest, i)->sha256));
  return TRUE;
}

/* What a collection could not remove: it goes on past each failure (a
 * bundle left by another user, a busy mount point) and reports them all at
 * the end, so one stuck path never stops the disk from being reclaimed. */
typedef struct
{
  guint    n_failed;
  GString *first;   /* the first few reasons, for the administrator */
} Leftovers;

static void
leftover (Leftovers  *left,
          const char *reason)
{
  if (left->n_failed++ < 3)
    g_string_append_printf (left->first, "%s%s", left->first->len ? "; " : "", reason);
}

static void
remove_unreferenced (const char *dir,
                     GHashTable *referenced,
                     gboolean    partial,
                     Leftovers  *left)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sha = partial && g_str_has_suffix (name, ".validator")
                               ? g_strndup (name, strlen (name) - strlen (".validator"))
                               : g_strdup (name);

      if (rp_sha256_is_valid (sha) && !g_hash_table_contains (referenced, sha) && g_unlink (path) != 0 &&
          errno != ENOENT)
        {
          g_autofree char *reason = g_strdup_printf ("Cannot remove “%s”: %s", path, g_strerror (errno));
          leftover (left, reason);
        }
    }
}

gboolean
rp_data_dir_collect_garbage (RpDataDir          *self,
                             const char * const *keep,
                             GError            **error)
{
  g_autofree char *bundles = rp_data_dir_build_bundle_path (self, NULL);
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) stuck = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GString) first = g_string_new (NULL);
  Leftovers left = { 0, first };
  const char *objects = rp_object_store_get_directory (self->store);
  gboolean objects_known = TRUE;
  const char *name;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), FALSE);

  d = g_dir_open (bundles, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_strv_contains (keep, name))
        continue;
      path = g_build_filename (bundles, name, NULL);
      if (!rp_remove_tree (path, &local_error))
        {
          leftover (&left, local_error->message);
          g_ptr_array_add (stuck, g_strdup (name));
        }
    }
  for (guint i = 0; keep[i] != NULL; i++)
    objects_known &= collect_references (self, keep[i], referenced);
  /* A bundle that could not be removed keeps what it still names, so every
   * bundle left on disk stays whole (rollback may look at it). */
  for (guint i = 0; i < stuck->len; i++)
    collect_references (self, g_ptr_array_index (stuck, i), referenced);

  if (objects_known)
    {
      g_clear_pointer (&d, g_dir_close);
      d = g_dir_open (objects, 0, NULL);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *sub = g_build_filename (objects, name, NULL);

          if (g_str_equal (name, ".partial"))
            remove_unreferenced (sub, referenced, TRUE, &left);
          else if (strlen (name) == 2 && g_ascii_isxdigit (name[0]) && g_ascii_isxdigit (name[1]))
            remove_unreferenced (sub, referenced, FALSE, &left);
        }
    }
  if (!rp_fsync_directory (bundles, error))
    return FALSE;
  if (left.n_failed > 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO,
                   "Old bundles and objects were collected, but %u path%s could not be removed and still take "
                   "disk space (%s); give them to the user the kiosk runs as, or remove them",
                   left.n_failed, left.n_failed == 1 ? "" : "s", first->str);
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_data_dir_rollback (RpDataDir *self,
                      char     **out_bundle,
                      GError   **error)
{
  g_autofree char *bundles = rp_data_dir_build_bundle_path (self, NULL);
  g_autoptr(RpBundle) current = NULL;
  g_autoptr(GDir) d = NULL;
  g_autofree char *best = NULL;
  gint64 best_version = 0;
  RpManifest *manifest;
  const char *name;

  g_return_val_if_fail (RP_IS_DATA_DIR (self), FALSE);

  current = rp_data_dir_open_current (self, error);
  if (current == NULL)
    return FALSE;
  manifest = rp_bundle_get_manifest (current);
  d = g_dir_open (bundles, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (bundles, name, NULL);
      g_autofree char *db = g_build_filename (path, RP_BUNDLE_DATABASE, NULL);
      g_autoptr(RpBundle) other = NULL;
      gint64 version;

      if (g_str_equal (name, rp_bundle_get_name (current)) || !g_file_test (db, G_FILE_TEST_IS_REGULAR))
        continue;
      other = rp_bundle_open (path, NULL);
      if (other == NULL ||
          !g_str_equal (rp_manifest_get_channel (rp_bundle_get_manifest (other)), rp_manifest_get_channel (manifest)))
        continue;
      version = rp_manifest_get_version (rp_bundle_get_manifest (other));
      if (version < rp_manifest_get_version (manifest) && version > best_version)
        {
          best_version = version;
          g_free (best);
          best = g_strdup (name);
        }
    }
  if (best == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NOT_FOUND,
                   "No previous bundle of channel “%s” is kept; there is nothing to roll back to",
                   rp_manifest_get_channel (manifest));
      return FALSE;
    }
  if (!rp_data_dir_set_current (self, best, error))
    return FALSE;
  if (out_bundle)
    *out_bundle = g_steal_pointer (&best);
  return TRUE;
}
