/* rp-manifest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser sees bytes that passed signature verification, but it is
 * still written (and fuzzed) as if they were hostile: a trusted key can
 * be misused, and the same code reads manifests from USB sticks.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-error.h"
#include "rp-manifest.h"
#include "rp-object-store.h"

struct _RpManifest
{
  GObject     parent_instance;
  char       *channel;
  gint64      version;
  GDateTime  *issued;
  GDateTime  *expires;
  guint       format;
  guint       n_entries;
  GPtrArray  *parts;    /* RpManifestChunk: the catalogue, or the header and the chunks */
  GPtrArray  *objects;  /* RpManifestObject */
  GHashTable *by_path;  /* path → RpManifestObject, borrowed */
};

G_DEFINE_FINAL_TYPE (RpManifest, rp_manifest, G_TYPE_OBJECT)

static void
object_free (RpManifestObject *o)
{
  g_free (o->sha256);
  g_free (o->path);
  g_free (o->type);
  g_free (o->broken);
  g_free (o);
}

static void
chunk_free (RpManifestChunk *c)
{
  g_free (c->sha256);
  g_free (c->first);
  g_free (c);
}

static void
add_part (RpManifest *self,
          const char *sha256,
          guint64     size,
          const char *first,
          guint       n_entries)
{
  RpManifestChunk *c = g_new0 (RpManifestChunk, 1);

  c->sha256 = g_strdup (sha256);
  c->size = size;
  c->first = g_strdup (first);
  c->n_entries = n_entries;
  g_ptr_array_add (self->parts, c);
}

static void
rp_manifest_finalize (GObject *object)
{
  RpManifest *self = RP_MANIFEST (object);

  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->issued, g_date_time_unref);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->by_path, g_hash_table_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_manifest_parent_class)->finalize (object);
}

static void
rp_manifest_class_init (RpManifestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_manifest_finalize;
}

static void
rp_manifest_init (RpManifest *self)
{
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) object_free);
  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  self->format = 1;
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
}

gboolean
rp_channel_name_is_valid (const char *channel)
{
  gsize len;

  if (channel == NULL || (len = strlen (channel)) == 0 || len > 64)
    return FALSE;
  if (!g_ascii_islower (channel[0]) && !g_ascii_isdigit (channel[0]))
    return FALSE;
  for (const char *p = channel; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
rp_manifest_path_is_safe (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0' || strlen (path) > RP_MANIFEST_MAX_PATH ||
      !g_utf8_validate (path, -1, NULL) || path[0] == '/')
    return FALSE;
  for (const char *p = path; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || *p == '\\' || *p == ':')
      return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST, "Invalid manifest: %s", message);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static GDateTime *
get_time (JsonObject *object,
          const char *member)
{
  const char *text = get_string (object, member);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL || strlen (text) > 64)
    return NULL;
  return g_date_time_new_from_iso8601 (text, utc);
}

static gboolean
parse_object (RpManifest *self,
              JsonNode   *node,
              guint       index,
              GError    **error)
{
  JsonObject *object;
  const char *sha256, *path, *type, *broken;
  gint64 size;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "objects[%u] is not an object", index);
  object = json_node_get_object (node);
  sha256 = get_string (object, "sha256");
  path = get_string (object, "path");
  type = get_string (object, "type");
  if (!rp_sha256_is_valid (sha256))
    return invalid (error, "objects[%u].sha256 is not a lower-case SHA-256", index);
  if (!get_int (object, "size", &size) || size < 0 || (guint64) size > RP_MANIFEST_MAX_OBJECT_SIZE)
    return invalid (error, "objects[%u].size is missing or out of range", index);
  if (!rp_manifest_path_is_safe (path))
    return invalid (error, "objects[%u].path is not a safe relative path", index);
  if (type == NULL || strlen (type) > 64)
    return invalid (error, "objects[%u].type is missing", index);
  if (g_hash_table_contains (self->by_path, path))
    return invalid (error, "objects[%u].path “%s” appears twice", index, path);
  broken = get_string (object, "broken");
  if (json_object_has_member (object, "broken") &&
      (broken == NULL || *broken == '\0' || strlen (broken) > RP_MANIFEST_MAX_BROKEN))
    return invalid (error, "objects[%u].broken is not a reason of 1 to %d bytes", index, RP_MANIFEST_MAX_BROKEN);
  rp_manifest_add_object (self, sha256, size, path, type);
  if (broken != NULL)
    rp_manifest_mark_broken (self, path, broken);
  return TRUE;
}

/* Format 3's "catalogue": {"header": {"sha256", "size"},
 * "chunks": [{"first", "sha256", "size", "entries"}, …]}, the chunks in
 * strictly increasing order of "first" (byte order): chunk i holds the ids
 * from its "first" up to, not including, the next chunk's (the last one:
 * every id from its "first" on), so the ranges are sorted and never
 * overlap. */
static gboolean
parse_chunked_catalogue (RpManifest *self,
                         JsonObject *catalogue,
                         GError    **error)
{
  JsonNode *node = json_object_get_member (catalogue, "header");
  JsonObject *header;
  JsonArray *chunks;
  const char *sha256, *previous = NULL;
  gint64 size;
  guint64 total = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "“catalogue.header” is missing");
  header = json_node_get_object (node);
  sha256 = get_string (header, "sha256");
  if (!rp_sha256_is_valid (sha256) || !get_int (header, "size", &size) || size <= 0 ||
      size > RP_MANIFEST_MAX_HEADER_SIZE)
    return invalid (error, "“catalogue.header” needs a SHA-256 and a size up to %d bytes", RP_MANIFEST_MAX_HEADER_SIZE);
  add_part (self, sha256, size, NULL, 0);
  node = json_object_get_member (catalogue, "chunks");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“catalogue.chunks” is not a list");
  chunks = json_node_get_array (node);
  if (json_array_get_length (chunks) > RP_MANIFEST_MAX_CHUNKS)
    return invalid (error, "%u chunks is over the cap of %d", json_array_get_length (chunks), RP_MANIFEST_MAX_CHUNKS);
  for (guint i = 0; i < json_array_get_length (chunks); i++)
    {
      JsonNode *element = json_array_get_element (chunks, i);
      JsonObject *chunk;
      const char *first;
      gint64 entries;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, "catalogue.chunks[%u] is not an object", i);
      chunk = json_node_get_object (element);
      sha256 = get_string (chunk, "sha256");
      if (!rp_sha256_is_valid (sha256))
        return invalid (error, "catalogue.chunks[%u].sha256 is not a lower-case SHA-256", i);
      if (!get_int (chunk, "size", &size) || size <= 0 || size > RP_MANIFEST_MAX_CHUNK_SIZE)
        return invalid (error, "catalogue.chunks[%u].size must be 1 to %d bytes", i, RP_MANIFEST_MAX_CHUNK_SIZE);
      first = get_string (chunk, "first");
      if (first == NULL || *first == '\0' || strlen (first) > RP_MANIFEST_MAX_CHUNK_FIRST)
        return invalid (error, "catalogue.chunks[%u].first is not an id of 1 to %d bytes", i,
                        RP_MANIFEST_MAX_CHUNK_FIRST);
      /* Sorted and not overlapping: each range starts after the previous
       * one's start, which is where that one ends. */
      if (previous != NULL && strcmp (first, previous) <= 0)
        return invalid (error, "catalogue.chunks[%u].first “%s” does not sort after the previous chunk's “%s” "
                        "(the chunks' id ranges must be sorted and must not overlap)", i, first, previous);
      if (!get_int (chunk, "entries", &entries) || entries < 1 || entries > RP_MANIFEST_MAX_CHUNK_ENTRIES)
        return invalid (error, "catalogue.chunks[%u].entries must be 1 to %d", i, RP_MANIFEST_MAX_CHUNK_ENTRIES);
      total += entries;
      if (total > RP_MANIFEST_MAX_ENTRIES)
        return invalid (error, "the chunks hold more than %d entries", RP_MANIFEST_MAX_ENTRIES);
      previous = first;
      add_part (self, sha256, size, first, entries);
    }
  self->n_entries = total;
  return TRUE;
}

RpManifest *
rp_manifest_parse (GBytes  *bytes,
                   GError **error)
{
  g_autoptr(RpManifest) self = g_object_new (RP_TYPE_MANIFEST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root, *catalogue;
  JsonArray *objects;
  JsonNode *node;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  gint64 format = 0;
  const char *channel, *sha256;
  gint64 size;

  if (length > RP_MANIFEST_MAX_SIZE)
    {
      invalid (error, "%" G_GSIZE_FORMAT " bytes is over the cap of %d bytes", length, RP_MANIFEST_MAX_SIZE);
      return NULL;
    }
  if (length == 0 || memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    {
      invalid (error, "not UTF-8 text");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      invalid (error, "not JSON (%s)", local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "the top level is not an object");
      return NULL;
    }
  root = json_node_get_object (node);
  if (get_int (root, "format", &format) && format == 2)
    {
      /* Format 2 grouped entries by a hash of their id; it lived one day
       * on development origins and was never released. */
      invalid (error, "format 2 (catalogue chunks grouped by a hash of the id) is no longer read; "
                      "publish the channel again with this version of readingpoint-publish (format 3)");
      return NULL;
    }
  if (!get_int (root, "format", &format) || (format != 1 && format != RP_MANIFEST_FORMAT))
    {
      invalid (error, "unknown format (formats 1 and 3 are understood)");
      return NULL;
    }
  channel = get_string (root, "channel");
  if (!rp_channel_name_is_valid (channel))
    {
      invalid (error, "“channel” is missing or not a valid channel name");
      return NULL;
    }
  self->channel = g_strdup (channel);
  if (!get_int (root, "version", &self->version) || self->version < 1)
    {
      invalid (error, "“version” must be a positive integer");
      return NULL;
    }
  self->issued = get_time (root, "issued");
  self->expires = get_time (root, "expires");
  if (self->issued == NULL || self->expires == NULL)
    {
      invalid (error, "“issued” and “expires” must be ISO 8601 times");
      return NULL;
    }
  node = json_object_get_member (root, "catalogue");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "“catalogue” is missing");
      return NULL;
    }
  catalogue = json_node_get_object (node);
  self->format = format;
  if (format == 1)
    {
      sha256 = get_string (catalogue, "sha256");
      if (!rp_sha256_is_valid (sha256) || !get_int (catalogue, "size", &size) || size <= 0 ||
          size > RP_MANIFEST_MAX_SIZE)
        {
          invalid (error, "“catalogue” needs a SHA-256 and a size up to %d bytes", RP_MANIFEST_MAX_SIZE);
          return NULL;
        }
      add_part (self, sha256, size, NULL, 0);
    }
  else if (!parse_chunked_catalogue (self, catalogue, error))
    return NULL;

  node = json_object_get_member (root, "objects");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, "“objects” is not a list");
      return NULL;
    }
  objects = json_node_get_array (node);
  if (json_array_get_length (objects) > RP_MANIFEST_MAX_OBJECTS)
    {
      invalid (error, "%u objects is over the cap of %d", json_array_get_length (objects),
               RP_MANIFEST_MAX_OBJECTS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (objects); i++)
    if (!parse_object (self, json_array_get_element (objects, i), i, error))
      return NULL;
  return g_steal_pointer (&self);
}

RpManifest *
rp_manifest_new (const char *channel,
                 gint64      version,
                 GDateTime  *issued,
                 GDateTime  *expires,
                 const char *catalogue_sha256,
                 guint64     catalogue_size)
{
  RpManifest *self;

  g_return_val_if_fail (rp_channel_name_is_valid (channel), NULL);
  g_return_val_if_fail (rp_sha256_is_valid (catalogue_sha256), NULL);

  self = g_object_new (RP_TYPE_MANIFEST, NULL);
  self->channel = g_strdup (channel);
  self->version = version;
  self->issued = g_date_time_to_utc (issued);
  self->expires = g_date_time_to_utc (expires);
  add_part (self, catalogue_sha256, catalogue_size, NULL, 0);
  return self;
}

RpManifest *
rp_manifest_new_chunked (const char *channel,
                         gint64      version,
                         GDateTime  *issued,
                         GDateTime  *expires,
                         const char *header_sha256,
                         guint64     header_size)
{
  RpManifest *self = rp_manifest_new (channel, version, issued, expires, header_sha256, header_size);

  self->format = RP_MANIFEST_FORMAT;
  return self;
}

void
rp_manifest_add_chunk (RpManifest *self,
                       const char *first,
                       const char *sha256,
                       guint64     size,
                       guint       n_entries)
{
  g_return_if_fail (RP_IS_MANIFEST (self));
  g_return_if_fail (self->format == RP_MANIFEST_FORMAT && first != NULL);
  g_return_if_fail (rp_sha256_is_valid (sha256));

  add_part (self, sha256, size, first, n_entries);
  self->n_entries += n_entries;
}

gboolean
rp_manifest_chunk_holds (RpManifest *self,
                         guint       index,
                         const char *id)
{
  const RpManifestChunk *c, *next;

  g_return_val_if_fail (RP_IS_MANIFEST (self), FALSE);
  g_return_val_if_fail (index >= 1 && index < self->parts->len && id != NULL, FALSE);

  c = g_ptr_array_index (self->parts, index);
  next = index + 1 < self->parts->len ? g_ptr_array_index (self->parts, index + 1) : NULL;
  return strcmp (id, c->first) >= 0 && (next == NULL || strcmp (id, next->first) < 0);
}

guint
rp_manifest_find_chunk (RpManifest *self,
                        const char *id)
{
  guint low = 1, high;

  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  g_return_val_if_fail (id != NULL, 0);

  if (self->format == 1)
    return 0;
  /* The last chunk whose first id is at most @id. */
  high = self->parts->len;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      const RpManifestChunk *c = g_ptr_array_index (self->parts, mid);

      if (strcmp (c->first, id) <= 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low - 1;
}

void
rp_manifest_add_object (RpManifest *self,
                        const char *sha256,
                        guint64     size,
                        const char *path,
                        const char *type)
{
  RpManifestObject *o;

  g_return_if_fail (RP_IS_MANIFEST (self));
  g_return_if_fail (rp_manifest_path_is_safe (path));

  o = g_new0 (RpManifestObject, 1);
  o->sha256 = g_strdup (sha256);
  o->size = size;
  o->path = g_strdup (path);
  o->type = g_strdup (type);
  g_ptr_array_add (self->objects, o);
  g_hash_table_insert (self->by_path, o->path, o);
}

void
rp_manifest_mark_broken (RpManifest *self,
                         const char *path,
                         const char *reason)
{
  RpManifestObject *o;

  g_return_if_fail (RP_IS_MANIFEST (self));
  g_return_if_fail (reason != NULL && *reason != '\0');

  o = g_hash_table_lookup (self->by_path, path);
  g_return_if_fail (o != NULL);
  g_free (o->broken);
  /* Cut at a character boundary within the cap. */
  o->broken = g_utf8_make_valid (reason, MIN (strlen (reason), RP_MANIFEST_MAX_BROKEN - 4));
}

static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

GBytes *
rp_manifest_to_bytes (RpManifest *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *issued = format_time (self->issued);
  g_autofree char *expires = format_time (self->expires);
  gsize length = 0;
  char *text;

  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, self->format);
  json_builder_set_member_name (b, "channel");
  json_builder_add_string_value (b, self->channel);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, self->version);
  json_builder_set_member_name (b, "issued");
  json_builder_add_string_value (b, issued);
  json_builder_set_member_name (b, "expires");
  json_builder_add_string_value (b, expires);
  json_builder_set_member_name (b, "catalogue");
  json_builder_begin_object (b);
  if (self->format == 1)
    {
      RpManifestChunk *c = g_ptr_array_index (self->parts, 0);

      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, c->sha256);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, c->size);
    }
  else
    {
      RpManifestChunk *header = g_ptr_array_index (self->parts, 0);

      json_builder_set_member_name (b, "header");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, header->sha256);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, header->size);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "chunks");
      json_builder_begin_array (b);
      /* One line each: 4,096 chunks stay a few hundred kilobytes. */
      for (guint i = 1; i < self->parts->len; i++)
        {
          RpManifestChunk *c = g_ptr_array_index (self->parts, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "first");
          json_builder_add_string_value (b, c->first);
          json_builder_set_member_name (b, "sha256");
          json_builder_add_string_value (b, c->sha256);
          json_builder_set_member_name (b, "size");
          json_builder_add_int_value (b, c->size);
          json_builder_set_member_name (b, "entries");
          json_builder_add_int_value (b, c->n_entries);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "objects");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->objects->len; i++)
    {
      RpManifestObject *o = g_ptr_array_index (self->objects, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, o->sha256);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, o->size);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, o->path);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, o->type);
      if (o->broken != NULL)
        {
          json_builder_set_member_name (b, "broken");
          json_builder_add_string_value (b, o->broken);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

const char *
rp_manifest_get_channel (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  return self->channel;
}

gint64
rp_manifest_get_version (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  return self->version;
}

GDateTime *
rp_manifest_get_issued (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  return self->issued;
}

GDateTime *
rp_manifest_get_expires (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  return self->expires;
}

gboolean
rp_manifest_is_expired (RpManifest *self,
                        GDateTime  *now)
{
  g_autoptr(GDateTime) sane = g_date_time_new_from_iso8601 (RP_CLOCK_SANE_AFTER, NULL);

  g_return_val_if_fail (RP_IS_MANIFEST (self), FALSE);
  return g_date_time_compare (now, sane) > 0 && g_date_time_compare (now, rp_manifest_get_expires (self)) > 0;
}

const char *
rp_manifest_get_catalogue_sha256 (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  return ((RpManifestChunk *) g_ptr_array_index (self->parts, 0))->sha256;
}

guint64
rp_manifest_get_catalogue_size (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  return ((RpManifestChunk *) g_ptr_array_index (self->parts, 0))->size;
}

guint
rp_manifest_get_format (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  return self->format;
}

guint
rp_manifest_get_n_entries (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  return self->n_entries;
}

guint
rp_manifest_get_n_catalogue_parts (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  return self->parts->len;
}

const RpManifestChunk *
rp_manifest_get_catalogue_part (RpManifest *self,
                                guint       index)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->parts->len, NULL);
  return g_ptr_array_index (self->parts, index);
}

guint
rp_manifest_get_n_objects (RpManifest *self)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), 0);
  return self->objects->len;
}

const RpManifestObject *
rp_manifest_get_object (RpManifest *self,
                        guint       index)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->objects->len, NULL);
  return g_ptr_array_index (self->objects, index);
}

const RpManifestObject *
rp_manifest_lookup_path (RpManifest *self,
                         const char *path)
{
  g_return_val_if_fail (RP_IS_MANIFEST (self), NULL);
  return g_hash_table_lookup (self->by_path, path);
}

guint64
rp_manifest_get_total_size (RpManifest *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 total = 0;

  for (guint i = 0; i < self->parts->len; i++)
    {
      RpManifestChunk *c = g_ptr_array_index (self->parts, i);
      if (g_hash_table_add (seen, c->sha256))
        total += c->size;
    }
  for (guint i = 0; i < self->objects->len; i++)
    {
      RpManifestObject *o = g_ptr_array_index (self->objects, i);
      if (g_hash_table_add (seen, o->sha256))
        total += o->size;
    }
  return total;
}

GHashTable *
rp_manifest_get_page_texts (RpManifest *self)
{
  GHashTable *page_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (RP_IS_MANIFEST (self), page_texts);

  for (guint i = 0; i < self->objects->len; i++)
    {
      RpManifestObject *o = g_ptr_array_index (self->objects, i);
      const RpManifestObject *pdf;

      if (!g_str_equal (o->type, RP_MANIFEST_PAGES_TYPE) || !g_str_has_prefix (o->path, RP_MANIFEST_PAGES_PREFIX))
        continue;
      pdf = g_hash_table_lookup (self->by_path, o->path + strlen (RP_MANIFEST_PAGES_PREFIX));
      if (pdf != NULL && g_str_equal (pdf->type, RP_MANIFEST_PDF_TYPE))
        g_hash_table_insert (page_texts, g_strdup (pdf->sha256), g_strdup (o->sha256));
    }
  return page_texts;
}

GHashTable *
rp_manifest_get_broken (RpManifest *self)
{
  GHashTable *broken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (RP_IS_MANIFEST (self), broken);

  for (guint i = 0; i < self->objects->len; i++)
    {
      RpManifestObject *o = g_ptr_array_index (self->objects, i);

      if (o->broken != NULL)
        g_hash_table_replace (broken, g_strdup (o->path), g_strdup (o->broken));
    }
  return broken;
}
