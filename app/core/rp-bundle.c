/* rp-bundle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rp-bundle.h"
#include "rp-error.h"
#include "rp-minisign.h"
#include "rp-sha256.h"
#include "rp-object-store.h"

struct _RpBundle
{
  GObject              parent_instance;
  char                *path;
  char                *name;
  GBytes              *manifest_bytes;
  RpManifest          *manifest;
  RpMinisignSignature *signature;
};

G_DEFINE_FINAL_TYPE (RpBundle, rp_bundle, G_TYPE_OBJECT)

static void
rp_bundle_finalize (GObject *object)
{
  RpBundle *self = RP_BUNDLE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->manifest_bytes, g_bytes_unref);
  g_clear_object (&self->manifest);
  g_clear_pointer (&self->signature, rp_minisign_signature_free);

  G_OBJECT_CLASS (rp_bundle_parent_class)->finalize (object);
}

static void
rp_bundle_class_init (RpBundleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_bundle_finalize;
}

static void
rp_bundle_init (RpBundle *self)
{
}

char *
rp_bundle_name_for (const char *channel,
                    gint64      version)
{
  return g_strdup_printf ("%s-%" G_GINT64_FORMAT, channel, version);
}

static GBytes *
read_member (const char *dir,
             const char *name,
             GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;
  char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, "The bundle in “%s” has no signed manifest: %s",
                   dir, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

RpBundle *
rp_bundle_open (const char *path,
                GError    **error)
{
  g_autoptr(RpBundle) self = g_object_new (RP_TYPE_BUNDLE, NULL);
  g_autoptr(GBytes) sig = NULL;
  gsize length = 0;
  const char *data;

  self->path = g_strdup (path);
  self->name = g_path_get_basename (path);
  self->manifest_bytes = read_member (path, RP_BUNDLE_MANIFEST, error);
  if (self->manifest_bytes == NULL)
    return NULL;
  sig = read_member (path, RP_BUNDLE_SIGNATURE, error);
  if (sig == NULL)
    return NULL;
  data = g_bytes_get_data (sig, &length);
  self->signature = rp_minisign_signature_parse (data, length, error);
  if (self->signature == NULL)
    return NULL;
  self->manifest = rp_manifest_parse (self->manifest_bytes, error);
  if (self->manifest == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
rp_bundle_get_name (RpBundle *self)
{
  g_return_val_if_fail (RP_IS_BUNDLE (self), NULL);
  return self->name;
}

RpManifest *
rp_bundle_get_manifest (RpBundle *self)
{
  g_return_val_if_fail (RP_IS_BUNDLE (self), NULL);
  return self->manifest;
}

char *
rp_bundle_get_key_id (RpBundle *self)
{
  g_return_val_if_fail (RP_IS_BUNDLE (self), NULL);
  return rp_minisign_signature_get_key_id (self->signature);
}

static gboolean
hash_object (RpObjectStore *store,
             const char    *sha256,
             guint64        size,
             GError       **error)
{
  g_autofree char *path = rp_object_store_get_path (store, sha256);
  g_autoptr(RpSha256) checksum = rp_sha256_new ();
  g_autofree char *got = NULL;
  g_autofree guchar *buf = g_malloc (1 << 20);
  guint64 total = 0;
  gssize n;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Object %s is missing from the store: %s", sha256,
                   g_strerror (errno));
      return FALSE;
    }
  while ((n = read (fd, buf, 1 << 20)) > 0)
    {
      rp_sha256_update (checksum, buf, n);
      total += n;
    }
  close (fd);
  got = rp_sha256_finish (checksum);
  if (n < 0 || total != size || !g_str_equal (got, sha256))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH,
                   "Object %s in the store is damaged (size or hash differs); sync again to repair it", sha256);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_database (const char *path,
                GError    **error)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (!ok)
    g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "The catalogue database “%s” is damaged", path);
  return ok;
}

gboolean
rp_bundle_verify (RpBundle      *self,
                  RpKeyring     *keyring,
                  gboolean       demo_allowed,
                  RpObjectStore *store,
                  guint         *out_n_objects,
                  guint64       *out_n_bytes,
                  GError       **error)
{
  g_autofree char *db_path = g_build_filename (self->path, RP_BUNDLE_DATABASE, NULL);
  const RpMinisignKey *key;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (self->manifest_bytes, &length);
  guint n_objects = 1;
  guint64 n_bytes;

  g_return_val_if_fail (RP_IS_BUNDLE (self), FALSE);
  g_return_val_if_fail (RP_IS_KEYRING (keyring), FALSE);

  /* Never trusted.pub: whoever can write the bundle could swap key and
   * signature together. */
  key = rp_keyring_lookup (keyring, self->signature, rp_manifest_get_channel (self->manifest), demo_allowed, error);
  if (key == NULL || !rp_minisign_verify (key, self->signature, data, length, error))
    return FALSE;
  n_objects = 0;
  n_bytes = 0;
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (self->manifest); i++)
    {
      const RpManifestChunk *c = rp_manifest_get_catalogue_part (self->manifest, i);

      if (!g_hash_table_add (seen, c->sha256))
        continue;
      if (!hash_object (store, c->sha256, c->size, error))
        return FALSE;
      n_objects++;
      n_bytes += c->size;
    }
  for (guint i = 0; i < rp_manifest_get_n_objects (self->manifest); i++)
    {
      const RpManifestObject *o = rp_manifest_get_object (self->manifest, i);

      if (!g_hash_table_add (seen, o->sha256))
        continue;
      if (!hash_object (store, o->sha256, o->size, error))
        return FALSE;
      n_objects++;
      n_bytes += o->size;
    }
  if (!check_database (db_path, error))
    return FALSE;
  if (out_n_objects)
    *out_n_objects = n_objects;
  if (out_n_bytes)
    *out_n_bytes = n_bytes;
  return TRUE;
}
