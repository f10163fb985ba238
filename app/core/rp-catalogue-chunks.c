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

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const Line *x = a, *y = b;

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

/* A chunk being planned: lines [start, end) of the sorted index, and the
 * lowest id of its range (which may sort before its first line's: a range
 * kept from the published version whose first entries went). */
typedef struct
{
  const char *first;
  guint       start;
  guint       end;
  guint64     size;
} Segment;

static void
segment_measure (RpChunkWriter *self,
                 Segment       *s)
{
  s->size = 0;
  for (guint i = s->start; i < s->end; i++)
    s->size += g_array_index (self->lines, Line, i).length;
}

/* Whether a chunk of @size bytes and @n entries is over what the publisher
 * lets a chunk grow to before it splits it: twice the target size, or half
 * the entries a terminal accepts. */
static gboolean
segment_too_big (guint64 size,
                 guint   n)
{
  return size > 2 * (guint64) RP_MANIFEST_CHUNK_TARGET_SIZE || n > RP_MANIFEST_MAX_CHUNK_ENTRIES / 2;
}

/* Appends @s to @out cut into the fewest pieces of about equal size that
 * are each within the target size and a quarter of the entry cap. */
static void
split_segment (RpChunkWriter *self,
               const Segment *s,
               GArray        *out)
{
  guint n = s->end - s->start;
  guint64 k = MAX ((s->size + RP_MANIFEST_CHUNK_TARGET_SIZE - 1) / RP_MANIFEST_CHUNK_TARGET_SIZE,
                   ((guint64) n + RP_MANIFEST_MAX_CHUNK_ENTRIES / 4 - 1) / (RP_MANIFEST_MAX_CHUNK_ENTRIES / 4));
  Segment piece = { s->first, s->start, s->start, 0 };
  guint64 filled = 0;

  k = CLAMP (k, 1, n);
  for (guint64 j = 1; j <= k; j++)
    {
      /* Piece j ends where the cumulative size reaches j/k of the whole,
       * keeping at least one line for each piece still to come. */
      guint64 goal = s->size * j / k;
      guint last = j == k ? s->end : s->end - (guint) (k - j);

      filled += g_array_index (self->lines, Line, piece.end++).length;
      while (piece.end < last &&
             (j == k || filled + g_array_index (self->lines, Line, piece.end).length <= goal))
        filled += g_array_index (self->lines, Line, piece.end++).length;
      if (piece.start != s->start)
        piece.first = g_array_index (self->lines, Line, piece.start).id;
      segment_measure (self, &piece);
      g_array_append_val (out, piece);
      piece.start = piece.end;
    }
}

/* Whether two neighbouring chunks are merged: one of them has shrunk below
 * a quarter of the target size and together they are within 1¼ of it (so
 * a small chunk always joins a neighbour of the target size, and the
 * merged chunk is far from being split again). */
static gboolean
segments_merge (const Segment *a,
                const Segment *b)
{
  guint64 quarter = RP_MANIFEST_CHUNK_TARGET_SIZE / 4;

  return (a->size < quarter || b->size < quarter) && a->size + b->size <= RP_MANIFEST_CHUNK_TARGET_SIZE + quarter &&
         (b->end - a->start) <= RP_MANIFEST_MAX_CHUNK_ENTRIES / 2;
}

gboolean
rp_chunk_writer_finish (RpChunkWriter *self,
                        RpManifest    *previous,
                        RpChunkFunc    func,
                        gpointer       data,
                        GError       **error)
{
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autoptr(GArray) split = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (Segment));
  guint n_lines;

  g_return_val_if_fail (self != NULL, FALSE);

  g_array_sort (self->lines, compare_lines);
  n_lines = self->lines->len;
  if (n_lines == 0)
    return TRUE;

  /* The published version's ranges, each taking the entries its range
   * holds now (ids below the first range go to the first chunk, ids past
   * the last boundary to the last): a range whose entries did not change
   * makes the same bytes, so the same object, as before. Without them (a
   * first publication, or a previous format without ranges), one range. */
  if (previous != NULL && rp_manifest_get_format (previous) == RP_MANIFEST_FORMAT &&
      rp_manifest_get_n_catalogue_parts (previous) > 1)
    {
      guint n_parts = rp_manifest_get_n_catalogue_parts (previous);
      guint line = 0;

      for (guint p = 1; p < n_parts; p++)
        {
          const char *next = p + 1 < n_parts ? rp_manifest_get_catalogue_part (previous, p + 1)->first : NULL;
          Segment s = { rp_manifest_get_catalogue_part (previous, p)->first, line, line, 0 };

          while (s.end < n_lines && (next == NULL || strcmp (g_array_index (self->lines, Line, s.end).id, next) < 0))
            s.end++;
          line = s.end;
          /* A range left empty goes: its ids fall to the range before. */
          if (s.end == s.start)
            continue;
          if (kept->len == 0 && strcmp (g_array_index (self->lines, Line, s.start).id, s.first) < 0)
            s.first = g_array_index (self->lines, Line, s.start).id;
          segment_measure (self, &s);
          g_array_append_val (kept, s);
        }
      for (guint i = 0; i < kept->len; i++)
        {
          Segment *s = &g_array_index (kept, Segment, i);

          if (segment_too_big (s->size, s->end - s->start))
            split_segment (self, s, split);
          else
            g_array_append_val (split, *s);
        }
    }
  else
    {
      Segment whole = { g_array_index (self->lines, Line, 0).id, 0, n_lines, 0 };

      segment_measure (self, &whole);
      split_segment (self, &whole, split);
    }
  /* Neighbours that shrank far below the target are merged; one pass
   * leaves no pair that would merge, so publishing the same entries again
   * changes nothing. */
  for (guint i = 0; i < split->len; i++)
    {
      Segment *s = &g_array_index (split, Segment, i);
      Segment *last = chunks->len > 0 ? &g_array_index (chunks, Segment, chunks->len - 1) : NULL;

      if (last != NULL && segments_merge (last, s))
        {
          last->end = s->end;
          last->size += s->size;
        }
      else
        g_array_append_val (chunks, *s);
    }

  /* Refused before anything is written: terminals refuse a chunk or a
   * count of chunks over their caps, so such a catalogue would never
   * install. */
  if (chunks->len > RP_MANIFEST_MAX_CHUNKS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "The catalogue would take %u chunks, over the %d a terminal accepts (%" G_GUINT64_FORMAT
                   " bytes of entries published)", chunks->len, RP_MANIFEST_MAX_CHUNKS, self->size);
      return FALSE;
    }
  for (guint c = 0; c < chunks->len; c++)
    {
      Segment *s = &g_array_index (chunks, Segment, c);
      const Line *largest = &g_array_index (self->lines, Line, s->start);

      if (s->size <= RP_MANIFEST_MAX_CHUNK_SIZE)
        continue;
      for (guint j = s->start; j < s->end; j++)
        if (g_array_index (self->lines, Line, j).length > largest->length)
          largest = &g_array_index (self->lines, Line, j);
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Chunk %u of %u (ids from “%s”) would be %" G_GUINT64_FORMAT " bytes, over the %d bytes a "
                   "terminal accepts per chunk (its largest entry, “%s”, is %u bytes published); shorten that "
                   "entry or split it",
                   c + 1, chunks->len, s->first, s->size, RP_MANIFEST_MAX_CHUNK_SIZE, largest->id, largest->length);
      return FALSE;
    }
  for (guint c = 0; c < chunks->len; c++)
    {
      Segment *s = &g_array_index (chunks, Segment, c);
      char *buffer = g_malloc (s->size);
      g_autoptr(GBytes) bytes = NULL;
      gsize filled = 0;

      for (guint i = s->start; i < s->end; i++)
        {
          Line *l = &g_array_index (self->lines, Line, i);

          if (!read_at (self, buffer + filled, l->length, l->offset, error))
            {
              g_free (buffer);
              return FALSE;
            }
          filled += l->length;
        }
      bytes = g_bytes_new_take (buffer, filled);
      if (!func (s->first, bytes, s->end - s->start, data, error))
        return FALSE;
    }
  return TRUE;
}
