/* rp-bundle-build.c — making a bundle directory from a verified manifest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file is written and flushed before the caller renames the
 * directory (or, for a rebuilt catalogue, the file) into place: a crash
 * leaves the old complete state or the new one (rp-sync-engine.c says why
 * that is enough).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rp-bundle-build.h"
#include "rp-bundle.h"
#include "rp-catalogue-builder.h"
#include "rp-catalogue-schema.h"
#include "rp-data-dir.h"
#include "rp-error.h"
#include "rp-object-store.h"

static gboolean
write_synced (const char *dir,
              const char *name,
              const void *data,
              gsize       length,
              GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char *p = data;
  gsize done = 0;
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);

  if (fd < 0)
    goto fail;
  while (done < length)
    {
      gssize n = write (fd, p + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += n;
    }
  if (fsync (fd) != 0)
    goto fail;
  close (fd);
  return TRUE;

fail:
  {
    int saved = errno;
    if (fd >= 0)
      close (fd);
    g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot write “%s”: %s", path, g_strerror (saved));
    return FALSE;
  }
}

static gboolean
check_in_manifest (const char *relative_path,
                   gpointer    user_data,
                   GError    **error)
{
  if (rp_manifest_lookup_path (user_data, relative_path) == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST,
                   "The catalogue names “%s”, which the signed manifest does not list", relative_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_from_manifest (const char *relative_path,
                       char      **out_sha256,
                       guint64    *out_size,
                       gpointer    user_data,
                       GError    **error)
{
  const RpManifestObject *o = rp_manifest_lookup_path (user_data, relative_path);

  if (o == NULL)
    return check_in_manifest (relative_path, user_data, error);
  *out_sha256 = g_strdup (o->sha256);
  *out_size = o->size;
  return TRUE;
}

/* The catalogue.db at @db_path, built from the objects @manifest names. */
static gboolean
build_catalogue (RpObjectStore *store,
                 RpManifest    *manifest,
                 const char    *db_path,
                 GError       **error)
{
  g_autoptr(RpCatalogueBuilder) builder = rp_catalogue_builder_new ();
  g_autoptr(GHashTable) page_texts = NULL;
  g_autoptr(GHashTable) broken = NULL;

  if (!rp_catalogue_builder_load_manifest (builder, manifest, store, error))
    return FALSE;
  if (!g_str_equal (rp_catalogue_builder_get_channel (builder), rp_manifest_get_channel (manifest)))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_WRONG_CHANNEL,
                   "The catalogue is for channel “%s”, its manifest for “%s”",
                   rp_catalogue_builder_get_channel (builder), rp_manifest_get_channel (manifest));
      return FALSE;
    }
  page_texts = rp_manifest_get_page_texts (manifest);
  rp_catalogue_builder_set_page_texts (builder, page_texts);
  broken = rp_manifest_get_broken (manifest);
  rp_catalogue_builder_set_broken (builder, broken);
  return rp_catalogue_builder_check_files (builder, check_in_manifest, manifest, error) &&
         rp_catalogue_builder_write (builder, db_path, store, resolve_from_manifest, manifest, error);
}

gboolean
rp_bundle_build (RpObjectStore *store,
                 RpManifest    *manifest,
                 GBytes        *manifest_bytes,
                 GBytes        *signature_bytes,
                 const char    *key_text,
                 const char    *staging,
                 GError       **error)
{
  g_autofree char *db_path = g_build_filename (staging, RP_BUNDLE_DATABASE, NULL);
  gsize length = 0;
  const void *data;

  g_return_val_if_fail (RP_IS_MANIFEST (manifest), FALSE);

  if (!rp_remove_tree (staging, error))
    return FALSE;
  if (g_mkdir_with_parents (staging, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", staging, g_strerror (errno));
      return FALSE;
    }
  data = g_bytes_get_data (manifest_bytes, &length);
  if (!write_synced (staging, RP_BUNDLE_MANIFEST, data, length, error))
    return FALSE;
  data = g_bytes_get_data (signature_bytes, &length);
  if (!write_synced (staging, RP_BUNDLE_SIGNATURE, data, length, error) ||
      !write_synced (staging, RP_BUNDLE_KEY, key_text, strlen (key_text), error))
    return FALSE;
  return build_catalogue (store, manifest, db_path, error) && rp_fsync_directory (staging, error);
}

/* PRAGMA user_version of the SQLite file at @path; -1 when it cannot be read. */
static gint64
schema_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

gboolean
rp_bundle_rebuild_stale_catalogue (RpDataDir *data_dir,
                                   gboolean  *out_rebuilt,
                                   GError   **error)
{
  g_autofree char *name = rp_data_dir_get_current_bundle (data_dir);
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr(RpBundle) bundle = NULL;
  gint64 version;

  g_return_val_if_fail (RP_IS_DATA_DIR (data_dir), FALSE);

  *out_rebuilt = FALSE;
  if (name == NULL)
    return TRUE;
  dir = rp_data_dir_build_bundle_path (data_dir, name);
  db_path = g_build_filename (dir, RP_BUNDLE_DATABASE, NULL);
  version = schema_version (db_path);
  /* Current, or unreadable: that is verify's to report, not an upgrade. */
  if (version == RP_CATALOGUE_SCHEMA_VERSION || version < 0)
    return TRUE;
  /* A bundle built from a source folder (development) has no manifest to
   * rebuild from; it is installed again from its source. */
  bundle = rp_bundle_open (dir, NULL);
  if (bundle == NULL)
    return TRUE;
  fresh = g_strconcat (db_path, ".rebuilt", NULL);
  g_unlink (fresh);
  if (!build_catalogue (rp_data_dir_get_object_store (data_dir), rp_bundle_get_manifest (bundle), fresh, error))
    {
      g_unlink (fresh);
      g_prefix_error (error, "The catalogue of “%s” (schema %" G_GINT64_FORMAT ", this program reads %d) "
                      "cannot be rebuilt: ", name, version, RP_CATALOGUE_SCHEMA_VERSION);
      return FALSE;
    }
  if (g_rename (fresh, db_path) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot put the rebuilt catalogue in place: %s", g_strerror (errno));
      g_unlink (fresh);
      return FALSE;
    }
  *out_rebuilt = TRUE;
  return rp_fsync_directory (dir, error);
}
