/* rp-object-sink.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "rp-error.h"
#include "rp-object-sink.h"
#include "rp-object-store.h"
#include "rp-sha256.h"
#include "rp-sync-progress.h"

/* Where an interrupted transfer keeps the server's ETag for If-Range. */
#define VALIDATOR_XATTR "user.readingpoint.validator"
#define MAX_VALIDATOR   256

struct _RpObjectSink
{
  char           *path;
  char           *validator_path;
  char           *sha256;
  guint64         size;
  guint64         offset;
  char           *validator;
  RpSha256       *checksum;
  RpSyncProgress *progress;
  int             fd;
};

static gboolean
io_error (GError    **error,
          const char *what,
          const char *path)
{
  int saved = errno;

  g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s “%s”: %s", what, path, g_strerror (saved));
  return FALSE;
}

/* Re-reads the bytes a previous run left so the hash covers the whole
 * object; a partial file longer than the object is garbage and dropped. */
static gboolean
hash_existing (RpObjectSink *sink,
               GError      **error)
{
  guchar buf[1 << 16];
  gssize n;

  while ((n = read (sink->fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return io_error (error, "Cannot read", sink->path);
      rp_sha256_update (sink->checksum, buf, n);
      sink->offset += n;
    }
  if (sink->offset > sink->size)
    return rp_object_sink_restart (sink, error);
  return TRUE;
}

RpObjectSink *
rp_object_sink_open (const char     *partial_path,
                     const char     *sha256,
                     guint64         size,
                     RpSyncProgress *progress,
                     GError        **error)
{
  g_autoptr(RpObjectSink) sink = g_new0 (RpObjectSink, 1);
  g_autofree char *dir = g_path_get_dirname (partial_path);

  sink->fd = -1;
  sink->path = g_strdup (partial_path);
  sink->validator_path = g_strconcat (partial_path, ".validator", NULL);
  sink->sha256 = g_strdup (sha256);
  sink->size = size;
  sink->checksum = rp_sha256_new ();
  sink->progress = progress ? g_object_ref (progress) : NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      io_error (error, "Cannot create", dir);
      return NULL;
    }
  sink->fd = open (partial_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (sink->fd < 0)
    {
      io_error (error, "Cannot open", partial_path);
      return NULL;
    }
  if (!hash_existing (sink, error))
    return NULL;
  if (sink->offset > 0)
    {
      g_autofree char *validator = NULL;
      char attr[MAX_VALIDATOR];
      gssize n = fgetxattr (sink->fd, VALIDATOR_XATTR, attr, sizeof attr - 1);

      if (n > 0)
        validator = g_strndup (attr, n);
      else if (!g_file_get_contents (sink->validator_path, &validator, NULL, NULL))
        g_clear_pointer (&validator, g_free);
      if (validator != NULL && g_utf8_validate (validator, -1, NULL) && strlen (validator) < MAX_VALIDATOR)
        sink->validator = g_steal_pointer (&validator);
      if (sink->progress)
        rp_sync_progress_add_bytes (sink->progress, sink->offset);
    }
  return g_steal_pointer (&sink);
}

void
rp_object_sink_free (RpObjectSink *sink)
{
  if (sink == NULL)
    return;
  if (sink->fd >= 0)
    close (sink->fd);
  g_free (sink->path);
  g_free (sink->validator_path);
  g_free (sink->sha256);
  g_free (sink->validator);
  rp_sha256_free (sink->checksum);
  g_clear_object (&sink->progress);
  g_free (sink);
}

const char *
rp_object_sink_get_sha256 (RpObjectSink *sink)
{
  return sink->sha256;
}

guint64
rp_object_sink_get_size (RpObjectSink *sink)
{
  return sink->size;
}

guint64
rp_object_sink_get_offset (RpObjectSink *sink)
{
  return sink->offset;
}

const char *
rp_object_sink_get_validator (RpObjectSink *sink)
{
  return sink->validator;
}

void
rp_object_sink_set_validator (RpObjectSink *sink,
                              const char   *validator)
{
  if (g_strcmp0 (sink->validator, validator) == 0)
    return;
  g_free (sink->validator);
  sink->validator = g_strdup (validator);
  /* Kept with the partial file (an extended attribute: no second file to
   * create and delete per object), or beside it where the file system has
   * no user attributes. */
  if (validator != NULL)
    {
      if (fsetxattr (sink->fd, VALIDATOR_XATTR, validator, strlen (validator), 0) != 0)
        g_file_set_contents (sink->validator_path, validator, -1, NULL);
    }
  else
    {
      fremovexattr (sink->fd, VALIDATOR_XATTR);
      g_unlink (sink->validator_path);
    }
}

gboolean
rp_object_sink_write (RpObjectSink *sink,
                      const void   *data,
                      gsize         length,
                      GError      **error)
{
  const char *p = data;
  gsize done = 0;

  if (length > sink->size - sink->offset)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH,
                   "Object %s is longer than the %" G_GUINT64_FORMAT " bytes the manifest declares; "
                   "the transfer was cut off",
                   sink->sha256, sink->size);
      return FALSE;
    }
  while (done < length)
    {
      gssize n = write (sink->fd, p + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return io_error (error, "Cannot write", sink->path);
      done += n;
    }
  rp_sha256_update (sink->checksum, data, length);
  sink->offset += length;
  if (sink->progress)
    rp_sync_progress_add_bytes (sink->progress, length);
  return TRUE;
}

gboolean
rp_object_sink_restart (RpObjectSink *sink,
                        GError      **error)
{
  if (ftruncate (sink->fd, 0) != 0 || lseek (sink->fd, 0, SEEK_SET) != 0)
    return io_error (error, "Cannot truncate", sink->path);
  g_free (rp_sha256_finish (sink->checksum));
  sink->offset = 0;
  rp_object_sink_set_validator (sink, NULL);
  return TRUE;
}

gboolean
rp_object_sink_finish (RpObjectSink *sink,
                       GError      **error)
{
  g_autofree char *got = NULL;

  if (sink->offset != sink->size)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH,
                   "Object %s has %" G_GUINT64_FORMAT " bytes, the manifest declares %" G_GUINT64_FORMAT,
                   sink->sha256, sink->offset, sink->size);
      return FALSE;
    }
  got = rp_sha256_finish (sink->checksum);
  if (!g_str_equal (got, sink->sha256))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH,
                   "Object %s does not match its hash (got %s): the origin serves other bytes "
                   "under this name; it was discarded",
                   sink->sha256, got);
      g_unlink (sink->path);
      g_unlink (sink->validator_path);
      return FALSE;
    }
  /* Start writing it out now; rp_object_store_adopt() waits for it with
   * the rest of its batch. */
  sync_file_range (sink->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  rp_object_sink_set_validator (sink, NULL);
  close (sink->fd);
  sink->fd = -1;
  if (sink->progress)
    rp_sync_progress_add_object (sink->progress);
  return TRUE;
}
