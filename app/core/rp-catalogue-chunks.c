/* rp-catalogue-chunks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rp-catalogue-builder.h"
#include "rp-catalogue-chunks.h"
#include "rp-error.h"
#include "rp-manifest.h"

typedef struct
{
  char   *id;
  guint32 hash;   /* rp_manifest_group_for_id (id, RP_MANIFEST_MAX_CHUNKS): any N's group is hash % N */
  guint32 length; /* with its newline */
  guint64 offset;
} Line;

struct _RpChunkWriter
{
  char       *path;
  int         fd;
  guint64     size;
  GArray     *lines; /* Line */
  GStringChunk *ids;
};

RpChunkWriter *
rp_chunk_writer_new (const char *tmp_dir,
                     GError    **error)
{
  RpChunkWriter *self = g_new0 (RpChunkWriter, 1);
  g_autofree char *template = g_build_filename (tmp_dir ? tmp_dir : g_get_tmp_dir (), ".rp-chunks-XXXXXX", NULL);

  self->fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create a spool file in “%s”: %s",
                   tmp_dir ? tmp_dir : g_get_tmp_dir (), g_strerror (errno));
      g_free (self);
      return NULL;
    }
  self->path = g_steal_pointer (&template);
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  self->ids = g_string_chunk_new (64 * 1024);
  return self;
}

void
rp_chunk_writer_free (RpChunkWriter *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_unlink (self->path);
  g_free (self->path);
  g_array_unref (self->lines);
  g_string_chunk_free (self->ids);
  g_free (self);
}

static gboolean
write_all (RpChunkWriter *self,
           const char    *data,
           gsize          length,
           GError       **error)
{
  while (length > 0)
    {
      gssize n = write (self->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot write the spool file “%s”: %s", self->path,
                       g_strerror (errno));
          return FALSE;
        }
      data += n;
      length -= n;
      self->size += n;
    }
  return TRUE;
}

gboolean
rp_chunk_writer_add (RpChunkWriter *self,
                     const char    *id,
                     const char    *line,
                     GError       **error)
{
  Line l;
  gsize length = strlen (line);

  g_return_val_if_fail (self != NULL, FALSE);

  if (length >= G_MAXUINT32)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "Entry “%s” is too large to publish", id);
      return FALSE;
    }
  l.id = g_string_chunk_insert (self->ids, id);
  l.hash = rp_manifest_group_for_id (id, RP_MANIFEST_MAX_CHUNKS);
  l.length = length + 1;
  l.offset = self->size;
  if (!write_all (self, line, length, error) || !write_all (self, "\n", 1, error))
    return FALSE;
  g_array_append_val (self->lines, l);
  return TRUE;
}

guint
rp_chunk_writer_get_n_entries (RpChunkWriter *self)
{
  return self->lines->len;
}

static guint sort_groups;

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const Line *x = a, *y = b;
  guint gx = x->hash % sort_groups, gy = y->hash % sort_groups;

  if (gx != gy)
    return gx < gy ? -1 : 1;
  return strcmp (x->id, y->id);
}

static gboolean
read_at (RpChunkWriter *self,
         char          *buffer,
         gsize          length,
         guint64        offset,
         GError       **error)
{
  while (length > 0)
    {
      gssize n = pread (self->fd, buffer, length, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot read the spool file “%s”: %s", self->path,
                       n < 0 ? g_strerror (errno) : "it is shorter than written");
          return FALSE;
        }
      buffer += n;
      length -= n;
      offset += n;
    }
  return TRUE;
}

gboolean
rp_chunk_writer_finish (RpChunkWriter *self,
                        guint          min_groups,
                        guint         *out_n_groups,
                        RpChunkFunc    func,
                        gpointer       data,
                        GError       **error)
{
  guint n_groups = rp_catalogue_builder_choose_groups (self->size, min_groups);
  g_autofree guint64 *sizes = g_new0 (guint64, n_groups);
  guint start = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  /* qsort has no closure; the writer is used by one thread at a time. */
  sort_groups = n_groups;
  g_array_sort (self->lines, compare_lines);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *l = &g_array_index (self->lines, Line, i);
      sizes[l->hash % n_groups] += l->length;
    }
  /* Refused before anything is written: terminals refuse a chunk over
   * their cap, so such a catalogue would never install. */
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *l = &g_array_index (self->lines, Line, i);
      guint g = l->hash % n_groups;
      const Line *largest = l;

      if (sizes[g] <= RP_MANIFEST_MAX_CHUNK_SIZE)
        continue;
      for (guint j = i; j < self->lines->len && g_array_index (self->lines, Line, j).hash % n_groups == g; j++)
        if (g_array_index (self->lines, Line, j).length > largest->length)
          largest = &g_array_index (self->lines, Line, j);
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Chunk %u of %u would be %" G_GUINT64_FORMAT " bytes, over the %d bytes a terminal accepts "
                   "per chunk (its largest entry, “%s”, is %u bytes published); shorten that entry or split it",
                   g, n_groups, sizes[g], RP_MANIFEST_MAX_CHUNK_SIZE, largest->id, largest->length);
      return FALSE;
    }
  while (start < self->lines->len)
    {
      guint g = g_array_index (self->lines, Line, start).hash % n_groups;
      char *buffer = g_malloc (sizes[g]);
      g_autoptr(GBytes) bytes = NULL;
      gsize filled = 0;
      guint end = start;

      for (; end < self->lines->len && g_array_index (self->lines, Line, end).hash % n_groups == g; end++)
        {
          Line *l = &g_array_index (self->lines, Line, end);

          if (!read_at (self, buffer + filled, l->length, l->offset, error))
            {
              g_free (buffer);
              return FALSE;
            }
          filled += l->length;
        }
      bytes = g_bytes_new_take (buffer, filled);
      if (!func (g, bytes, end - start, data, error))
        return FALSE;
      start = end;
    }
  *out_n_groups = n_groups;
  return TRUE;
}
