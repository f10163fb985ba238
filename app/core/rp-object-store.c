/* rp-object-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rp-error.h"
#include "rp-object-store.h"
#include "rp-sha256.h"

struct _RpObjectStore
{
  GObject parent_instance;
  char   *directory;
};

G_DEFINE_FINAL_TYPE (RpObjectStore, rp_object_store, G_TYPE_OBJECT)

static void
rp_object_store_finalize (GObject *object)
{
  RpObjectStore *self = RP_OBJECT_STORE (object);

  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (rp_object_store_parent_class)->finalize (object);
}

static void
rp_object_store_class_init (RpObjectStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_object_store_finalize;
}

static void
rp_object_store_init (RpObjectStore *self)
{
}

RpObjectStore *
rp_object_store_new (const char *directory)
{
  RpObjectStore *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (RP_TYPE_OBJECT_STORE, NULL);
  self->directory = g_strdup (directory);
  return self;
}

const char *
rp_object_store_get_directory (RpObjectStore *self)
{
  g_return_val_if_fail (RP_IS_OBJECT_STORE (self), NULL);
  return self->directory;
}

gboolean
rp_sha256_is_valid (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (const char *p = sha256; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

char *
rp_object_store_get_path (RpObjectStore *self,
                          const char    *sha256)
{
  char prefix[3];

  g_return_val_if_fail (RP_IS_OBJECT_STORE (self), NULL);
  g_return_val_if_fail (rp_sha256_is_valid (sha256), NULL);

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = 0;
  return g_build_filename (self->directory, prefix, sha256, NULL);
}

gboolean
rp_object_store_contains (RpObjectStore *self,
                          const char    *sha256)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (RP_IS_OBJECT_STORE (self), FALSE);

  if (!rp_sha256_is_valid (sha256))
    return FALSE;
  path = rp_object_store_get_path (self, sha256);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

gboolean
rp_fsync_directory (const char *path,
                    GError    **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_IO,
                   "Cannot flush directory “%s” to disk: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
set_io_error (GError    **error,
              const char *what,
              const char *path,
              int         saved_errno)
{
  g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s “%s”: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
rp_object_store_import_file (RpObjectStore *self,
                             const char    *source,
                             char         **out_sha256,
                             guint64       *out_size,
                             GError       **error)
{
  g_autoptr(RpSha256) checksum = rp_sha256_new ();
  g_autofree char *tmp_path = NULL;
  g_autofree char *final_path = NULL;
  g_autofree char *final_dir = NULL;
  g_autofree char *sha256 = NULL;
  guint64 size = 0;
  int in_fd = -1;
  int out_fd = -1;
  gboolean ok = FALSE;
  char buf[65536];

  g_return_val_if_fail (RP_IS_OBJECT_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  if (g_mkdir_with_parents (self->directory, 0755) != 0)
    return set_io_error (error, "Cannot create object store", self->directory, errno);

  in_fd = open (source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in_fd < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE,
                   "Cannot read “%s”: %s", source, g_strerror (errno));
      return FALSE;
    }

  tmp_path = g_build_filename (self->directory, ".import-XXXXXX", NULL);
  out_fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (out_fd < 0)
    {
      set_io_error (error, "Cannot create a temporary file in", self->directory, errno);
      goto out;
    }

  for (;;)
    {
      gssize n = read (in_fd, buf, sizeof buf);
      gssize written = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE,
                       "Cannot read “%s”: %s", source, g_strerror (errno));
          goto out;
        }
      if (n == 0)
        break;
      rp_sha256_update (checksum, buf, n);
      size += n;
      while (written < n)
        {
          gssize w = write (out_fd, buf + written, n - written);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_io_error (error, "Cannot write to", tmp_path, errno);
              goto out;
            }
          written += w;
        }
    }

  if (fsync (out_fd) != 0)
    {
      set_io_error (error, "Cannot flush", tmp_path, errno);
      goto out;
    }
  close (out_fd);
  out_fd = -1;

  sha256 = rp_sha256_finish (checksum);
  final_path = rp_object_store_get_path (self, sha256);
  final_dir = g_path_get_dirname (final_path);
  if (g_mkdir_with_parents (final_dir, 0755) != 0)
    {
      set_io_error (error, "Cannot create", final_dir, errno);
      goto out;
    }

  /* An object with this name already holds these exact bytes: keep it. */
  if (g_file_test (final_path, G_FILE_TEST_IS_REGULAR))
    {
      g_unlink (tmp_path);
    }
  else
    {
      if (g_rename (tmp_path, final_path) != 0)
        {
          set_io_error (error, "Cannot move object into place", final_path, errno);
          goto out;
        }
      if (!rp_fsync_directory (final_dir, error))
        goto out;
    }
  g_clear_pointer (&tmp_path, g_free);

  if (out_sha256)
    *out_sha256 = g_steal_pointer (&sha256);
  if (out_size)
    *out_size = size;
  ok = TRUE;

out:
  if (in_fd >= 0)
    close (in_fd);
  if (out_fd >= 0)
    close (out_fd);
  if (!ok && tmp_path != NULL)
    g_unlink (tmp_path);
  return ok;
}

gboolean
rp_object_store_import_bytes (RpObjectStore *self,
                              GBytes        *bytes,
                              char         **out_sha256,
                              GError       **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
  g_autofree char *final_path = rp_object_store_get_path (self, sha256);
  g_autofree char *final_dir = g_path_get_dirname (final_path);
  g_autofree char *tmp_path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RP_IS_OBJECT_STORE (self), FALSE);

  if (!g_file_test (final_path, G_FILE_TEST_IS_REGULAR))
    {
      if (g_mkdir_with_parents (final_dir, 0755) != 0)
        return set_io_error (error, "Cannot create", final_dir, errno);
      tmp_path = g_build_filename (self->directory, ".import-XXXXXX", NULL);
      {
        int fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);

        if (fd < 0)
          return set_io_error (error, "Cannot create a temporary file in", self->directory, errno);
        close (fd);
      }
      if (!g_file_set_contents_full (tmp_path, data, length, G_FILE_SET_CONTENTS_DURABLE, 0644, &local_error))
        {
          g_unlink (tmp_path);
          g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s", local_error->message);
          return FALSE;
        }
      if (g_rename (tmp_path, final_path) != 0)
        {
          int saved = errno;
          g_unlink (tmp_path);
          return set_io_error (error, "Cannot move object into place", final_path, saved);
        }
      if (!rp_fsync_directory (final_dir, error))
        return FALSE;
    }
  if (out_sha256)
    *out_sha256 = g_steal_pointer (&sha256);
  return TRUE;
}

static gboolean
sync_filesystem (int         fd,
                 const char *path,
                 GError    **error)
{
  if (syncfs (fd) != 0)
    return set_io_error (error, "Cannot flush the file system of", path, errno);
  return TRUE;
}

gboolean
rp_object_store_adopt (RpObjectStore     *self,
                       const char *const *paths,
                       const char *const *sha256s,
                       guint              n,
                       GError           **error)
{
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (RP_IS_OBJECT_STORE (self), FALSE);

  if (n == 0)
    return TRUE;
  fd = open (self->directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return set_io_error (error, "Cannot open", self->directory, errno);
  /* The bytes first: their write-out was started as each file was
   * finished, so this mostly waits for what is already going. */
  if (!sync_filesystem (fd, self->directory, error))
    goto out;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *final_path = rp_object_store_get_path (self, sha256s[i]);
      int renamed = g_rename (paths[i], final_path);

      if (renamed != 0 && errno == ENOENT)
        {
          g_autofree char *final_dir = g_path_get_dirname (final_path);
          if (g_mkdir_with_parents (final_dir, 0755) != 0)
            {
              set_io_error (error, "Cannot create", final_dir, errno);
              goto out;
            }
          renamed = g_rename (paths[i], final_path);
        }
      if (renamed != 0)
        {
          set_io_error (error, "Cannot move object into place", final_path, errno);
          goto out;
        }
    }
  /* Then the names, for every directory at once (the partial and object
   * folders are on the one file system, like everything in the data
   * directory). */
  ok = sync_filesystem (fd, self->directory, error);
out:
  close (fd);
  return ok;
}
