/* rp-sync-folder-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rp-error.h"
#include "rp-manifest.h"
#include "rp-sync-folder-source.h"

struct _RpSyncFolderSource
{
  GObject parent_instance;
  char   *path;
};

static void source_iface_init (RpSyncSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpSyncFolderSource, rp_sync_folder_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RP_TYPE_SYNC_SOURCE, source_iface_init))

static void
rp_sync_folder_source_finalize (GObject *object)
{
  RpSyncFolderSource *self = RP_SYNC_FOLDER_SOURCE (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rp_sync_folder_source_parent_class)->finalize (object);
}

static void
rp_sync_folder_source_class_init (RpSyncFolderSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_sync_folder_source_finalize;
}

static void
rp_sync_folder_source_init (RpSyncFolderSource *self)
{
}

RpSyncFolderSource *
rp_sync_folder_source_new (const char *path)
{
  RpSyncFolderSource *self = g_object_new (RP_TYPE_SYNC_FOLDER_SOURCE, NULL);

  self->path = g_strdup (path);
  return self;
}

/* Opens @relative below the folder, refusing links and escapes at every
 * step; returns a file descriptor of a regular file.
 *
 * A folder origin is a USB stick anyone may have prepared: a FIFO or a
 * device node where a file should be would block open(2) forever (and hold
 * the sync lock), so the last step is looked at before it is opened, opened
 * non-blocking, and checked again on the descriptor (the same inode, a
 * regular file) before it is made blocking for reading. */
int
rp_open_beneath (const char *root,
                 const char *relative,
                 GError    **error)
{
  g_auto(GStrv) parts = NULL;
  int dir_fd;
  struct stat before = { 0 }, st;
  gboolean looked = FALSE;

  if (!rp_manifest_path_is_safe (relative))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH, "“%s” is not a safe relative path", relative);
      return -1;
    }
  dir_fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot open the folder “%s”: %s",
                   root, g_strerror (errno));
      return -1;
    }
  parts = g_strsplit (relative, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean last = parts[i + 1] == NULL;
      int fd = -1;
      int saved;

      if (last && fstatat (dir_fd, parts[i], &before, AT_SYMLINK_NOFOLLOW) == 0)
        looked = TRUE;
      if (looked && !S_ISREG (before.st_mode) && !S_ISLNK (before.st_mode))
        {
          close (dir_fd);
          g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH, "“%s” in “%s” is not a regular file; refused",
                       relative, root);
          return -1;
        }
      fd = openat (dir_fd, parts[i], O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (last ? O_NONBLOCK : O_DIRECTORY));
      saved = errno;
      close (dir_fd);
      if (fd < 0)
        {
          if (saved == ELOOP)
            g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH,
                         "“%s” in “%s” goes through a symbolic link; refused", relative, root);
          else if (saved == ENOTDIR)
            g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH,
                         "“%s” in “%s” goes through a symbolic link or something else that is not a folder; refused",
                         relative, root);
          else if (saved == ENOENT)
            g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE,
                         "“%s” is missing from “%s”", relative, root);
          else
            g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot open “%s” in “%s”: %s", relative,
                         root, g_strerror (saved));
          return -1;
        }
      dir_fd = fd;
    }
  /* Swapped between the look and the open: refuse rather than guess. */
  if (!looked || fstat (dir_fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_dev != before.st_dev ||
      st.st_ino != before.st_ino || fcntl (dir_fd, F_SETFL, fcntl (dir_fd, F_GETFL) & ~O_NONBLOCK) != 0)
    {
      close (dir_fd);
      g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH, "“%s” in “%s” is not a regular file; refused",
                   relative, root);
      return -1;
    }
  return dir_fd;
}

static gssize
read_some (int     fd,
           void   *buf,
           gsize   length)
{
  gssize n;

  do
    n = read (fd, buf, length);
  while (n < 0 && errno == EINTR);
  return n;
}

static GBytes *
folder_fetch_file (RpSyncSource *source,
                   const char   *relative_path,
                   gsize         max_size,
                   const char   *etag,
                   char        **out_etag,
                   gboolean     *out_not_modified,
                   GCancellable *cancellable,
                   GError      **error)
{
  RpSyncFolderSource *self = RP_SYNC_FOLDER_SOURCE (source);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guchar buf[65536];
  gssize n;
  int fd = rp_open_beneath (self->path, relative_path, error);

  if (fd < 0)
    return NULL;
  while ((n = read_some (fd, buf, sizeof buf)) > 0)
    {
      if (data->len + (gsize) n > max_size)
        {
          close (fd);
          g_set_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST,
                       "“%s” is larger than the cap of %" G_GSIZE_FORMAT " bytes", relative_path, max_size);
          return NULL;
        }
      g_byte_array_append (data, buf, n);
    }
  close (fd);
  if (n < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot read “%s”: %s", relative_path, g_strerror (errno));
      return NULL;
    }
  if (out_etag)
    *out_etag = NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static gboolean
folder_fetch_object (RpSyncSource *source,
                     RpObjectSink *sink,
                     GCancellable *cancellable,
                     GError      **error)
{
  RpSyncFolderSource *self = RP_SYNC_FOLDER_SOURCE (source);
  g_autofree char *relative = rp_sync_object_path (rp_object_sink_get_sha256 (sink));
  g_autofree guchar *buf = g_malloc (1 << 20);
  guint64 offset = rp_object_sink_get_offset (sink);
  gboolean ok = TRUE;
  gssize n;
  int fd = rp_open_beneath (self->path, relative, error);

  if (fd < 0)
    return FALSE;
  /* Objects are immutable and hash-checked at the end, so a resumed copy
   * may simply start at the offset. */
  if (offset > 0 && lseek (fd, offset, SEEK_SET) != (off_t) offset)
    {
      close (fd);
      return rp_object_sink_restart (sink, error) && folder_fetch_object (source, sink, cancellable, error);
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  while ((n = read_some (fd, buf, 1 << 20)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !rp_object_sink_write (sink, buf, n, error))
        {
          ok = FALSE;
          break;
        }
    }
  if (ok && n < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot read “%s”: %s", relative, g_strerror (errno));
      ok = FALSE;
    }
  close (fd);
  return ok;
}

static char *
folder_describe (RpSyncSource *source)
{
  return g_strdup (RP_SYNC_FOLDER_SOURCE (source)->path);
}

static void
source_iface_init (RpSyncSourceInterface *iface)
{
  iface->fetch_file = folder_fetch_file;
  iface->fetch_object = folder_fetch_object;
  iface->describe = folder_describe;
}
