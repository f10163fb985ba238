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
#include <linux/fs.h>
#include <sys/ioctl.h>
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
#include "rp-search-indexer.h"

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

/* PRAGMA user_version of the SQLite file at @path; -1 when it cannot be read. */
static gint64 schema_version (const char *path);

/* @to as a copy of @from: a copy-on-write clone where the file system has
 * them (FICLONE: btrfs, XFS), so versions share the pages that did not
 * change; else copy_file_range, else read and write. */
static gboolean
clone_file (const char *from,
            const char *to,
            GError    **error)
{
  int in = open (from, O_RDONLY | O_CLOEXEC);
  int out = in < 0 ? -1 : open (to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  gboolean ok = FALSE;
  char buffer[65536];

  if (in < 0 || out < 0)
    goto out;
  if (ioctl (out, FICLONE, in) == 0)
    {
      ok = TRUE;
      goto out;
    }
  for (;;)
    {
      gssize n = copy_file_range (in, NULL, out, NULL, 1 << 30, 0);

      if (n == 0)
        {
          ok = TRUE;
          goto out;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
    }
  /* No copy_file_range here (or across these file systems): by hand,
   * from where it stopped. */
  if (errno != ENOSYS && errno != EXDEV && errno != EOPNOTSUPP && errno != EINVAL)
    goto out;
  for (;;)
    {
      gssize n = read (in, buffer, sizeof buffer);
      gssize done = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto out;
      if (n == 0)
        break;
      while (done < n)
        {
          gssize w = write (out, buffer + done, n - done);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            goto out;
          done += w;
        }
    }
  ok = TRUE;

out:
  if (!ok)
    g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot copy “%s” to “%s”: %s", from, to, g_strerror (errno));
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  return ok;
}

/* Whether the file published at @path is another for a terminal in @b than
 * in @a: its bytes, its broken mark. */
static gboolean
object_differs (const RpManifestObject *a,
                const RpManifestObject *b)
{
  return a == NULL || b == NULL || !g_str_equal (a->sha256, b->sha256) || g_strcmp0 (a->broken, b->broken) != 0;
}

/* The entries whose chunk line is the same in @old and @manifest but that
 * may read differently: a file (or its page text) that they name changed,
 * which the old catalogue.db at @old_db tells; their ids go to @forced. */
static gboolean
forced_entries (RpManifest *old,
                RpManifest *manifest,
                const char *old_db,
                GHashTable *forced,
                GError    **error)
{
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", old_db);
  GHashTableIter iter;
  gpointer key;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  for (int side = 0; side < 2; side++)
    {
      RpManifest *m = side ? manifest : old, *other = side ? old : manifest;

      for (guint i = 0; i < rp_manifest_get_n_objects (m); i++)
        {
          const RpManifestObject *o = rp_manifest_get_object (m, i);

          if (!object_differs (o, rp_manifest_lookup_path (other, o->path)))
            continue;
          g_hash_table_add (paths, g_str_has_prefix (o->path, RP_MANIFEST_PAGES_PREFIX)
                                     ? o->path + strlen (RP_MANIFEST_PAGES_PREFIX) : o->path);
        }
    }
  if (g_hash_table_size (paths) == 0)
    return TRUE;
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT DISTINCT e.id FROM attachments a JOIN entries e ON e.rowid = a.entry"
                          " WHERE a.path = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "read the previous catalogue", error);
      goto out;
    }
  g_hash_table_iter_init (&iter, paths);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int rc;

      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);

          g_hash_table_add (forced, g_strdup (id));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          rp_sql_fail (db, "read the previous catalogue", error);
          goto out;
        }
    }
  ok = TRUE;
out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* The catalogue.db at @db_path made from the previous bundle's at
 * @previous_dir, applying only what changed (issue 18). FALSE without an
 * error when the two versions cannot be compared that way (another format,
 * channel, header or schema): then the caller builds in full. */
static gboolean
update_catalogue (RpObjectStore *store,
                  RpManifest    *manifest,
                  const char    *previous_dir,
                  const char    *db_path,
                  char         **out_how,
                  GError       **error)
{
  g_autoptr(RpBundle) previous = rp_bundle_open (previous_dir, NULL);
  g_autofree char *old_db = g_build_filename (previous_dir, RP_BUNDLE_DATABASE, NULL);
  g_autofree char *tmp_path = g_strconcat (db_path, ".tmp", NULL);
  g_autoptr(GHashTable) forced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RpCatalogueBuilder) builder = rp_catalogue_builder_new ();
  g_autoptr(GHashTable) page_texts = NULL;
  g_autoptr(GHashTable) broken = NULL;
  g_autofree char *dir = g_path_get_dirname (db_path);
  RpManifest *old;
  guint n_deleted = 0, n_chunks = 0;

  if (previous == NULL)
    return FALSE;
  old = rp_bundle_get_manifest (previous);
  if (rp_manifest_get_format (old) != RP_MANIFEST_FORMAT || rp_manifest_get_format (manifest) != RP_MANIFEST_FORMAT ||
      !g_str_equal (rp_manifest_get_channel (old), rp_manifest_get_channel (manifest)) ||
      !g_str_equal (rp_manifest_get_catalogue_sha256 (old), rp_manifest_get_catalogue_sha256 (manifest)) ||
      schema_version (old_db) != RP_CATALOGUE_SCHEMA_VERSION)
    return FALSE;
  if (!forced_entries (old, manifest, old_db, forced, error))
    return FALSE;
  if (!rp_catalogue_builder_load_changes (builder, old, manifest, store, forced, gone, &n_chunks, error))
    return FALSE;
  page_texts = rp_manifest_get_page_texts (manifest);
  rp_catalogue_builder_set_page_texts (builder, page_texts);
  broken = rp_manifest_get_broken (manifest);
  rp_catalogue_builder_set_broken (builder, broken);
  g_unlink (tmp_path);
  if (!rp_catalogue_builder_check_files (builder, check_in_manifest, manifest, error) ||
      !clone_file (old_db, tmp_path, error) ||
      !rp_catalogue_builder_update (builder, tmp_path, gone, rp_manifest_get_n_entries (manifest), &n_deleted, store,
                                    resolve_from_manifest, manifest, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, db_path) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move “%s” into place: %s", db_path, g_strerror (errno));
      g_unlink (tmp_path);
      return FALSE;
    }
  *out_how = g_strdup_printf ("catalogue updated from %s: %u of %u chunks applied, %u entries out, %u in",
                              rp_bundle_get_name (previous), n_chunks,
                              rp_manifest_get_n_catalogue_parts (manifest) - 1, n_deleted,
                              rp_catalogue_builder_get_n_entries (builder));
  return rp_fsync_directory (dir, error);
}

gboolean
rp_bundle_build (RpObjectStore *store,
                 RpManifest    *manifest,
                 GBytes        *manifest_bytes,
                 GBytes        *signature_bytes,
                 const char    *key_text,
                 const char    *staging,
                 const char    *previous_dir,
                 char         **out_how,
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
  if (previous_dir != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *how = NULL;

      if (update_catalogue (store, manifest, previous_dir, db_path, &how, &local_error))
        {
          if (out_how)
            *out_how = g_steal_pointer (&how);
          return rp_fsync_directory (staging, error);
        }
      /* What the update refuses, the full build refuses too, with the
       * reasons a publisher knows; anything else it may well build. */
      if (local_error != NULL)
        g_message ("The catalogue is built in full: the update from %s failed: %s", previous_dir,
                   local_error->message);
    }
  if (out_how)
    *out_how = g_strdup ("catalogue built in full");
  return build_catalogue (store, manifest, db_path, error) && rp_fsync_directory (staging, error);
}

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
