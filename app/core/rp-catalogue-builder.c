/* rp-catalogue-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The builder is the only gate between a publisher's catalogue.json and what
 * a terminal shows. It validates everything before it writes anything, so a
 * rejected catalogue leaves no trace, and it names the entry and field at
 * fault, because the person reading the message is a publisher fixing JSON.
 *
 * This file owns the object, reads the file and imports a bundle source
 * folder; the fields are read in rp-catalogue-source.c, the database is
 * written in rp-catalogue-writer.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rp-catalogue-builder-private.h"
#include "rp-error.h"
#include "rp-manifest.h"
#include "rp-object-store.h"

/* Far above any real catalogue and far below what would exhaust a terminal. */
#define MAX_CATALOGUE_BYTES (1024u * 1024u * 1024u)

G_DEFINE_FINAL_TYPE (RpCatalogueBuilder, rp_catalogue_builder, G_TYPE_OBJECT)

static void
rp_catalogue_builder_clear (RpCatalogueBuilder *self)
{
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->title, g_free);
  g_ptr_array_set_size (self->categories, 0);
  g_ptr_array_set_size (self->entries, 0);
}

static void
rp_catalogue_builder_finalize (GObject *object)
{
  RpCatalogueBuilder *self = RP_CATALOGUE_BUILDER (object);

  rp_catalogue_builder_clear (self);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->page_texts, g_hash_table_unref);
  g_clear_pointer (&self->broken, g_hash_table_unref);

  G_OBJECT_CLASS (rp_catalogue_builder_parent_class)->finalize (object);
}

static void
rp_catalogue_builder_class_init (RpCatalogueBuilderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_catalogue_builder_finalize;
}

static void
rp_catalogue_builder_init (RpCatalogueBuilder *self)
{
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_source_category_free);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_source_entry_free);
}

RpCatalogueBuilder *
rp_catalogue_builder_new (void)
{
  return g_object_new (RP_TYPE_CATALOGUE_BUILDER, NULL);
}

void
rp_catalogue_builder_set_broken (RpCatalogueBuilder *self,
                                 GHashTable         *broken)
{
  g_return_if_fail (RP_IS_CATALOGUE_BUILDER (self));

  g_clear_pointer (&self->broken, g_hash_table_unref);
  if (broken != NULL)
    self->broken = g_hash_table_ref (broken);
}

void
rp_catalogue_builder_set_page_texts (RpCatalogueBuilder *self,
                                     GHashTable         *page_texts)
{
  g_return_if_fail (RP_IS_CATALOGUE_BUILDER (self));

  g_clear_pointer (&self->page_texts, g_hash_table_unref);
  if (page_texts != NULL)
    self->page_texts = g_hash_table_ref (page_texts);
}

gboolean
rp_catalogue_builder_load_bytes (RpCatalogueBuilder *self,
                                 GBytes             *json,
                                 GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  rp_catalogue_builder_clear (self);

  data = g_bytes_get_data (json, &size);
  if (size > MAX_CATALOGUE_BYTES)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "catalogue.json is larger than %u MiB", MAX_CATALOGUE_BYTES >> 20);
      return FALSE;
    }
  if (size > 0 && memchr (data, '\0', size) != NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                           "catalogue.json contains a NUL byte: it is not a text file");
      return FALSE;
    }

  /* Bad UTF-8 becomes U+FFFD so that validation can name the entry and
   * field that held it, instead of the parser failing at a byte offset. */
  text = g_utf8_make_valid (size > 0 ? data : "", size);

  if (!json_parser_load_from_data (parser, text, -1, error))
    {
      g_prefix_error (error, "catalogue.json is not valid JSON: ");
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = RP_ERROR;
          (*error)->code = RP_ERROR_INVALID_CATALOGUE;
        }
      return FALSE;
    }

  if (!rp_catalogue_source_load (self, json_parser_get_root (parser), error))
    {
      rp_catalogue_builder_clear (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_catalogue_builder_load_file (RpCatalogueBuilder *self,
                                const char         *path,
                                GError            **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE,
                   "Cannot read “%s”: %s", path, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  return rp_catalogue_builder_load_bytes (self, bytes, error);
}

/* --- the published form: a header and chunks of entries -------------------- */

/* @what's bytes as a JSON node; bad UTF-8 becomes U+FFFD for validation
 * to name (as rp_catalogue_builder_load_bytes does). */
static JsonNode *
parse_json (const char *data,
            gsize       length,
            const char *what,
            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "%s contains a NUL byte", what);
      return NULL;
    }
  text = g_utf8_make_valid (length > 0 ? data : "", length);
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "%s is not valid JSON: %s", what,
                   local_error->message);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static GMappedFile *
map_part (RpObjectStore         *store,
          const RpManifestChunk *part,
          GError               **error)
{
  g_autofree char *path = rp_object_store_get_path (store, part->sha256);
  g_autoptr(GError) local_error = NULL;
  GMappedFile *mapped = g_mapped_file_new (path, FALSE, &local_error);

  if (mapped == NULL)
    g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Cannot read the catalogue's object %s: %s",
                 part->sha256, local_error->message);
  else if (g_mapped_file_get_length (mapped) != part->size)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH, "The catalogue's object %s is not of its size",
                   part->sha256);
      g_clear_pointer (&mapped, g_mapped_file_unref);
    }
  return mapped;
}

/* Checks that @id belongs to chunk @index of @manifest (its range holds
 * it) and sorts after @previous (the chunk's line before, or NULL). An
 * entry outside its chunk's range would outlive its own range's changes in
 * an update that fetches only changed chunks, and would shadow or be
 * shadowed by the entry of the same id in its own range. */
static gboolean
check_in_range (RpManifest *manifest,
                guint       index,
                const char *id,
                const char *previous,
                GError    **error)
{
  const RpManifestChunk *chunk = rp_manifest_get_catalogue_part (manifest, index);
  gboolean last = index + 1 == rp_manifest_get_n_catalogue_parts (manifest);

  if (!rp_manifest_chunk_holds (manifest, index, id))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Entry “%s” is in chunk %u, whose ids run from “%s”%s%s%s; it is outside that range", id, index,
                   chunk->first, last ? " on" : " up to “",
                   last ? "" : rp_manifest_get_catalogue_part (manifest, index + 1)->first, last ? "" : "”");
      return FALSE;
    }
  if (previous != NULL && strcmp (previous, id) >= 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Entry “%s” in chunk %u does not sort after the line before it (“%s”): a chunk's entries are "
                   "sorted by id, each once", id, index, previous);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_chunk (RpCatalogueBuilder *self,
            RpManifest         *manifest,
            guint               index,
            const char         *data,
            gsize               length,
            GError            **error)
{
  const RpManifestChunk *chunk = rp_manifest_get_catalogue_part (manifest, index);
  const char *p = data, *end = data + length;
  const char *previous = NULL;
  guint n = 0;

  while (p < end)
    {
      const char *stop = memchr (p, '\n', end - p);
      gsize line_length = (stop ? stop : end) - p;
      g_autofree char *what = g_strdup_printf ("Line %u of chunk %u", n + 1, index);
      g_autoptr(JsonNode) node = NULL;
      RpSourceEntry *e;

      if (line_length > 0)
        {
          if (n >= chunk->n_entries)
            {
              g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                           "Chunk %u holds more than the %u entries its manifest says", index, chunk->n_entries);
              return FALSE;
            }
          node = parse_json (p, line_length, what, error);
          if (node == NULL || !rp_catalogue_source_load_entry (self, node, error))
            return FALSE;
          e = g_ptr_array_index (self->entries, self->entries->len - 1);
          if (!check_in_range (manifest, index, e->id, previous, error))
            return FALSE;
          previous = e->id;
          n++;
        }
      p = stop ? stop + 1 : end;
    }
  if (n != chunk->n_entries)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "Chunk %u holds %u entries, its manifest says %u",
                   index, n, chunk->n_entries);
      return FALSE;
    }
  return TRUE;
}

/* Newest first, then by id: the order of a catalogue read in chunks,
 * whose entries have no order of their own across chunks. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const RpSourceEntry *x = *(RpSourceEntry **) a;
  const RpSourceEntry *y = *(RpSourceEntry **) b;
  int by_date = g_strcmp0 (y->date, x->date);

  return by_date != 0 ? by_date : strcmp (x->id, y->id);
}

/* A chunked catalogue's header object: channel, title, categories. */
static gboolean
load_header (RpCatalogueBuilder *self,
             RpManifest         *manifest,
             RpObjectStore      *store,
             GError            **error)
{
  g_autoptr(GMappedFile) header = map_part (store, rp_manifest_get_catalogue_part (manifest, 0), error);
  g_autoptr(JsonNode) root = NULL;

  if (header == NULL)
    return FALSE;
  root = parse_json (g_mapped_file_get_contents (header), g_mapped_file_get_length (header), "The catalogue header",
                     error);
  return root != NULL && rp_catalogue_source_load_header (self, root, error);
}

gboolean
rp_catalogue_builder_load_manifest (RpCatalogueBuilder *self,
                                    RpManifest         *manifest,
                                    RpObjectStore      *store,
                                    GError            **error)
{
  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);
  g_return_val_if_fail (RP_IS_MANIFEST (manifest), FALSE);

  rp_catalogue_builder_clear (self);
  if (rp_manifest_get_format (manifest) == 1)
    {
      g_autofree char *path = rp_object_store_get_path (store, rp_manifest_get_catalogue_sha256 (manifest));
      return rp_catalogue_builder_load_file (self, path, error);
    }
  if (!load_header (self, manifest, store, error))
    goto fail;
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    {
      g_autoptr(GMappedFile) mapped = map_part (store, rp_manifest_get_catalogue_part (manifest, i), error);

      if (mapped == NULL ||
          !load_chunk (self, manifest, i, g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                       error))
        goto fail;
    }
  g_ptr_array_sort (self->entries, compare_entries);
  if (!rp_catalogue_source_check (self, TRUE, error))
    goto fail;
  return TRUE;

fail:
  rp_catalogue_builder_clear (self);
  return FALSE;
}

/* The id of a published line, parsed (only lines that changed are). */
static char *
line_id (const char *line,
         gsize       length)
{
  g_autoptr(JsonNode) node = parse_json (line, length, "A line of a chunk", NULL);
  JsonNode *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  id = json_object_get_member (json_node_get_object (node), "id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (id));
}

/* Calls @func for each non-empty line of @data. */
static void
split_lines (const char *data,
             gsize       length,
             void      (*func) (const char *line, gsize length, gpointer user_data),
             gpointer    user_data)
{
  const char *p = data, *end = data + length;

  while (p < end)
    {
      const char *stop = memchr (p, '\n', end - p);
      gsize n = (stop ? stop : end) - p;

      if (n > 0)
        func (p, n, user_data);
      p = stop ? stop + 1 : end;
    }
}

static void
add_line (const char *line,
          gsize       length,
          gpointer    user_data)
{
  g_hash_table_add (user_data, g_strndup (line, length));
}

typedef struct
{
  RpCatalogueBuilder *self;
  RpManifest         *manifest;
  GHashTable         *old_lines;  /* lines of the old chunks that went; those met again are removed */
  GHashTable         *forced;     /* ids whose files changed */
  GPtrArray          *gone;       /* ids to delete */
  guint               index;      /* the chunk's, in the manifest */
  gboolean            changed;    /* a chunk the old version did not have */
  gboolean            check;      /* every line's id is read and checked to be in range */
  char               *previous;   /* the id of the chunk's line before */
  guint               n;
  GError             *error;
} Changes;

static void
new_line (const char *line,
          gsize       length,
          gpointer    user_data)
{
  Changes *c = user_data;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *what = NULL;
  g_autofree char *id = NULL;
  RpSourceEntry *e;

  if (c->error != NULL)
    return;
  c->n++;
  /* A line the old version had (in a chunk that went: the entry moved to
   * another chunk as its range was split or merged) or in a chunk it has
   * still: the entry stays as it is, unless a file it names changed. Its
   * place is checked all the same. */
  if (!c->changed || (text = g_strndup (line, length), g_hash_table_remove (c->old_lines, text)))
    {
      if (c->check)
        {
          id = line_id (line, length);
          if (id == NULL)
            {
              g_set_error (&c->error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "Line %u of chunk %u has no id", c->n,
                           c->index);
              return;
            }
          if (!check_in_range (c->manifest, c->index, id, c->previous, &c->error))
            return;
          g_free (c->previous);
          c->previous = g_strdup (id);
        }
      if (id == NULL || !g_hash_table_contains (c->forced, id))
        return;
    }
  what = g_strdup_printf ("Line %u of chunk %u", c->n, c->index);
  node = parse_json (line, length, what, &c->error);
  if (node == NULL || !rp_catalogue_source_load_entry (c->self, node, &c->error))
    return;
  e = g_ptr_array_index (c->self->entries, c->self->entries->len - 1);
  if (id == NULL)
    {
      if (!check_in_range (c->manifest, c->index, e->id, c->previous, &c->error))
        return;
      g_free (c->previous);
      c->previous = g_strdup (e->id);
    }
  g_ptr_array_add (c->gone, g_strdup (e->id));
}

/* The sha256 of every chunk of @manifest → its index. */
static GHashTable *
chunk_objects (RpManifest *manifest)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    g_hash_table_insert (set, rp_manifest_get_catalogue_part (manifest, i)->sha256, GUINT_TO_POINTER (i));
  return set;
}

/* Whether the range of chunk @index of @manifest holds all the range the
 * same object had as chunk @old_index of @old, so all its entries (checked
 * when @old was installed) without reading it. */
static gboolean
range_holds (RpManifest *manifest,
             guint       index,
             RpManifest *old,
             guint       old_index)
{
  const char *first = rp_manifest_get_catalogue_part (manifest, index)->first;
  const char *old_first = rp_manifest_get_catalogue_part (old, old_index)->first;
  const char *next = index + 1 < rp_manifest_get_n_catalogue_parts (manifest)
                       ? rp_manifest_get_catalogue_part (manifest, index + 1)->first : NULL;
  const char *old_next = old_index + 1 < rp_manifest_get_n_catalogue_parts (old)
                           ? rp_manifest_get_catalogue_part (old, old_index + 1)->first : NULL;

  return strcmp (old_first, first) >= 0 && (next == NULL || (old_next != NULL && strcmp (old_next, next) <= 0));
}

gboolean
rp_catalogue_builder_load_changes (RpCatalogueBuilder *self,
                                   RpManifest         *old,
                                   RpManifest         *manifest,
                                   RpObjectStore      *store,
                                   GHashTable         *forced,
                                   GPtrArray          *gone,
                                   guint              *out_n_chunks,
                                   GError            **error)
{
  g_autoptr(GHashTable) old_objects = chunk_objects (old);
  g_autoptr(GHashTable) new_objects = chunk_objects (manifest);
  g_autoptr(GHashTable) old_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) holding_forced = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;
  guint n_chunks = 0;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);
  g_return_val_if_fail (rp_manifest_get_format (old) == RP_MANIFEST_FORMAT &&
                        rp_manifest_get_format (manifest) == RP_MANIFEST_FORMAT, FALSE);

  rp_catalogue_builder_clear (self);
  if (!load_header (self, manifest, store, error))
    goto fail;
  /* The lines of every old chunk the new version no longer has: whatever
   * of them is not met again in the new chunks went or changed. The
   * grouping is by object, not by range, so ranges split or merged since
   * cost only the chunks they touched. */
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (old); i++)
    {
      const RpManifestChunk *before = rp_manifest_get_catalogue_part (old, i);
      g_autoptr(GMappedFile) old_mapped = NULL;

      if (g_hash_table_contains (new_objects, before->sha256))
        continue;
      old_mapped = map_part (store, before, error);
      if (old_mapped == NULL)
        goto fail;
      split_lines (g_mapped_file_get_contents (old_mapped), g_mapped_file_get_length (old_mapped), add_line,
                   old_lines);
    }
  g_hash_table_iter_init (&iter, forced);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (holding_forced, GUINT_TO_POINTER (rp_manifest_find_chunk (manifest, key)));
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    {
      const RpManifestChunk *chunk = rp_manifest_get_catalogue_part (manifest, i);
      g_autoptr(GMappedFile) mapped = NULL;
      Changes c = { self, manifest, old_lines, forced, gone, i, FALSE, FALSE, NULL, 0, NULL };
      gpointer old_index = NULL;
      gboolean moved;

      c.changed = !g_hash_table_lookup_extended (old_objects, chunk->sha256, NULL, &old_index);
      /* An unchanged chunk whose range shrank is read to check its entries
       * are still in it (the publisher never does that). */
      moved = !c.changed && !range_holds (manifest, i, old, GPOINTER_TO_UINT (old_index));
      c.check = c.changed || moved || g_hash_table_size (forced) > 0;
      if (!c.changed && !moved && !g_hash_table_contains (holding_forced, GUINT_TO_POINTER (i)))
        continue;
      n_chunks++;
      mapped = map_part (store, chunk, error);
      if (mapped == NULL)
        goto fail;
      split_lines (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped), new_line, &c);
      g_free (c.previous);
      if (c.error != NULL)
        {
          g_propagate_error (error, c.error);
          goto fail;
        }
      if (c.n != chunk->n_entries)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "Chunk %u holds %u entries, its manifest says %u",
                       i, c.n, chunk->n_entries);
          goto fail;
        }
    }
  /* Lines of the previous version that are no more: deleted or changed. */
  g_hash_table_iter_init (&iter, old_lines);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char *id = line_id (key, strlen (key));
      if (id != NULL)
        g_ptr_array_add (gone, id);
    }
  g_ptr_array_sort (self->entries, compare_entries);
  if (!rp_catalogue_source_check (self, FALSE, error))
    goto fail;
  if (out_n_chunks != NULL)
    *out_n_chunks = n_chunks;
  return TRUE;

fail:
  rp_catalogue_builder_clear (self);
  return FALSE;
}

GBytes *
rp_catalogue_builder_dup_header (RpCatalogueBuilder *self)
{
  char *text;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), NULL);

  text = rp_catalogue_source_header_to_json (self);
  return g_bytes_new_take (text, strlen (text));
}

gboolean
rp_catalogue_builder_foreach_line (RpCatalogueBuilder *self,
                                   RpEntryLineFunc     func,
                                   gpointer            data,
                                   GError            **error)
{
  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      RpSourceEntry *e = g_ptr_array_index (self->entries, i);
      g_autofree char *line = rp_source_entry_to_line (e);

      if (!func (e->id, line, data, error))
        return FALSE;
    }
  return TRUE;
}

/* What the checks of the whole catalogue need of an entry that has been
 * published: its id, category, files and related entries. */
static void
slim_entry (RpSourceEntry *e)
{
  g_clear_pointer (&e->title, g_free);
  g_clear_pointer (&e->organ, g_free);
  g_clear_pointer (&e->doc_number, g_free);
  g_clear_pointer (&e->date, g_free);
  g_clear_pointer (&e->genre, g_free);
  g_clear_pointer (&e->summary, g_free);
  g_clear_pointer (&e->body, g_free);
  g_clear_pointer (&e->url, g_free);
  g_clear_pointer (&e->validity, g_free);
  g_ptr_array_set_size (e->keywords, 0);
}

gboolean
rp_catalogue_builder_load_jsonl (RpCatalogueBuilder *self,
                                 const char         *header_path,
                                 const char         *jsonl_path,
                                 RpEntryLineFunc     func,
                                 gpointer            data,
                                 GError            **error)
{
  g_autoptr(GMappedFile) header = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  FILE *in = NULL;
  char *buffer = NULL;
  size_t capacity = 0;
  ssize_t length;
  guint line_number = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);

  rp_catalogue_builder_clear (self);
  header = g_mapped_file_new (header_path, FALSE, &local_error);
  if (header == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Cannot read “%s”: %s", header_path, local_error->message);
      return FALSE;
    }
  root = parse_json (g_mapped_file_get_contents (header), g_mapped_file_get_length (header), "catalogue.json", error);
  if (root == NULL || !rp_catalogue_source_load_header (self, root, error))
    goto out;
  if (json_object_has_member (json_node_get_object (root), "entries"))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "catalogue.json has “entries” and there is a catalogue.jsonl beside it: the entries belong in one "
                   "of them only");
      goto out;
    }
  in = fopen (jsonl_path, "re");
  if (in == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Cannot read “%s”: %s", jsonl_path, g_strerror (errno));
      goto out;
    }
  while ((length = getline (&buffer, &capacity, in)) >= 0)
    {
      g_autofree char *what = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;
      RpSourceEntry *e;

      line_number++;
      while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
        length--;
      if (length == 0)
        continue;
      if ((gsize) length > MAX_CATALOGUE_BYTES / 64)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "catalogue.jsonl line %u is longer than %u MiB",
                       line_number, (MAX_CATALOGUE_BYTES / 64) >> 20);
          goto out;
        }
      what = g_strdup_printf ("catalogue.jsonl line %u", line_number);
      node = parse_json (buffer, length, what, error);
      if (node == NULL)
        goto out;
      if (!rp_catalogue_source_load_entry (self, node, error))
        {
          g_prefix_error (error, "catalogue.jsonl line %u: ", line_number);
          goto out;
        }
      e = g_ptr_array_index (self->entries, self->entries->len - 1);
      line = rp_source_entry_to_line (e);
      if (!func (e->id, line, data, error))
        goto out;
      slim_entry (e);
    }
  if (ferror (in))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot read “%s”: %s", jsonl_path, g_strerror (errno));
      goto out;
    }
  ok = rp_catalogue_source_check (self, TRUE, error);

out:
  free (buffer);
  if (in != NULL)
    fclose (in);
  if (!ok)
    rp_catalogue_builder_clear (self);
  return ok;
}

const char *
rp_catalogue_builder_get_channel (RpCatalogueBuilder *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), NULL);
  return self->channel;
}

const char *
rp_catalogue_builder_get_title (RpCatalogueBuilder *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), NULL);
  return self->title;
}

guint
rp_catalogue_builder_get_n_entries (RpCatalogueBuilder *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), 0);
  return self->entries->len;
}

/* --- importing a source directory ---------------------------------------- */

typedef struct
{
  const char    *source_dir;
  RpObjectStore *store;
} SourceResolver;

/* A bundle consists of regular files inside its folder. Symbolic links
 * could point anywhere on the publisher's (or a USB stick's) file system. */
static gboolean
check_source_file (const char *relative_path,
                   gpointer    user_data,
                   GError    **error)
{
  SourceResolver *sr = user_data;
  g_autofree char *path = g_build_filename (sr->source_dir, relative_path, NULL);
  g_autofree char *walk = g_path_get_dirname (relative_path);
  int fd;

  while (!g_str_equal (walk, "."))
    {
      g_autofree char *abs = g_build_filename (sr->source_dir, walk, NULL);
      char *up;

      if (g_file_test (abs, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE,
                       "“%s” lies in a symbolically linked folder", relative_path);
          return FALSE;
        }
      up = g_path_get_dirname (walk);
      g_free (walk);
      walk = up;
    }
  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "“%s” is a symbolic link", relative_path);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "“%s” does not exist", relative_path);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "“%s” is not a regular file", relative_path);
      return FALSE;
    }
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "“%s” cannot be read: %s",
                   relative_path, g_strerror (errno));
      return FALSE;
    }
  close (fd);
  if (rp_catalogue_source_sniff_type (path) == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "“%s” is not a PDF, PNG or JPEG file",
                   relative_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_from_source (const char *relative_path,
                     char      **out_sha256,
                     guint64    *out_size,
                     gpointer    user_data,
                     GError    **error)
{
  SourceResolver *sr = user_data;
  g_autofree char *path = g_build_filename (sr->source_dir, relative_path, NULL);

  /* Checked again: the folder may have changed since the first pass. */
  if (!check_source_file (relative_path, user_data, error))
    return FALSE;
  return rp_object_store_import_file (sr->store, path, out_sha256, out_size, error);
}

gboolean
rp_catalogue_import_source (const char    *source_dir,
                            RpObjectStore *store,
                            const char    *db_path,
                            char         **out_channel,
                            GError       **error)
{
  g_autoptr(RpCatalogueBuilder) builder = rp_catalogue_builder_new ();
  g_autofree char *json_path = g_build_filename (source_dir, "catalogue.json", NULL);
  SourceResolver sr = { source_dir, store };

  /* Every file is checked before any is stored: a rejected source leaves
   * nothing behind, not even objects. */
  if (!rp_catalogue_builder_load_file (builder, json_path, error) ||
      !rp_catalogue_builder_check_files (builder, check_source_file, &sr, error))
    return FALSE;
  if (!rp_catalogue_builder_write (builder, db_path, store, resolve_from_source, &sr, error))
    return FALSE;
  if (out_channel != NULL)
    *out_channel = g_strdup (builder->channel);
  return TRUE;
}
