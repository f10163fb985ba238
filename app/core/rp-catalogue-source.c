/* rp-catalogue-source.c — catalogue.json's fields, read and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is validated before anything is written, so a rejected
 * catalogue leaves no trace, and every error names the entry and field at
 * fault, because the person reading the message is a publisher fixing JSON.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "rp-catalogue-builder-private.h"
#include "rp-error.h"

/* Caps are far above any real catalogue and far below what would exhaust a
 * terminal; a field past its cap is a publishing mistake, not content. */
#define MAX_ID_CHARS        64
#define MAX_LINE_CHARS      1000
#define MAX_SUMMARY_CHARS   20000
#define MAX_BODY_CHARS      2000000
#define MAX_URL_CHARS       2048
#define MAX_PATH_CHARS      512
#define MAX_LIST_ITEMS      200
#define MAX_CATEGORY_DEPTH  8

void
rp_source_category_free (RpSourceCategory *c)
{
  g_free (c->id);
  g_free (c->name);
  g_free (c->parent);
  g_free (c);
}

static void
rp_source_file_free (RpSourceFile *f)
{
  g_free (f->path);
  g_free (f->title);
  g_free (f);
}

void
rp_source_entry_free (RpSourceEntry *e)
{
  g_free (e->id);
  g_free (e->title);
  g_free (e->organ);
  g_free (e->doc_number);
  g_free (e->date);
  g_free (e->category);
  g_free (e->genre);
  g_free (e->summary);
  g_free (e->body);
  g_free (e->url);
  g_free (e->validity);
  g_clear_pointer (&e->keywords, g_ptr_array_unref);
  g_clear_pointer (&e->files, g_ptr_array_unref);
  g_clear_pointer (&e->related, g_ptr_array_unref);
  g_free (e);
}

/* --- error reporting ---------------------------------------------------- */

/* Who is at fault: "Entry “QX-1” (#3)", "Category “key”", "Catalogue". */
typedef struct
{
  const char *kind;
  const char *id;
  guint       index;
} Where;

G_GNUC_PRINTF (4, 5)
static gboolean
invalid (GError     **error,
         const Where *where,
         const char  *field,
         const char  *format,
         ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *who = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (where->index == 0)
    who = g_strdup (where->kind);
  else if (where->id != NULL)
    who = g_strdup_printf ("%s “%s” (#%u)", where->kind, where->id, where->index);
  else
    who = g_strdup_printf ("%s #%u", where->kind, where->index);

  g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
               "%s, field “%s”: %s", who, field, reason);
  return FALSE;
}

/* --- field readers ------------------------------------------------------ */

typedef enum
{
  TEXT_LINE,      /* one line: no control characters at all */
  TEXT_PARAGRAPHS /* newlines and tabs allowed */
} TextKind;

/* The input was made valid UTF-8 before parsing by replacing bad bytes with
 * U+FFFD, so a U+FFFD in a value marks where the file had invalid UTF-8. */
static gboolean
check_text (const char  *value,
            TextKind     kind,
            gsize        max_chars,
            const Where *where,
            const char  *field,
            GError     **error)
{
  gsize n_chars = 0;

  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xFFFD)
        return invalid (error, where, field, "contains invalid UTF-8");
      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        {
          if (kind == TEXT_LINE || (c != '\n' && c != '\t' && c != '\r'))
            return invalid (error, where, field, "contains a control character (U+%04X)", c);
        }
      if (++n_chars > max_chars)
        return invalid (error, where, field, "is longer than %" G_GSIZE_FORMAT " characters",
                        max_chars);
    }
  return TRUE;
}

/* @field names @member in errors: the member itself, or its full path
 * where the object is nested ("files[2].title", not the entry's "title"). */
static gboolean
read_field (JsonObject  *object,
            const char  *member,
            const char  *field,
            gboolean     required,
            TextKind     kind,
            gsize        max_chars,
            const Where *where,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return invalid (error, where, field, "is required");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, where, field, "must be a string");

  value = json_node_get_string (node);
  if (!check_text (value, kind, max_chars, where, field, error))
    return FALSE;

  /* Surrounding white space is a typing accident, never meaning. */
  *out = g_strstrip (g_strdup (value));
  if (**out == '\0')
    {
      g_clear_pointer (out, g_free);
      if (required)
        return invalid (error, where, field, "is required but empty");
    }
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     required,
             TextKind     kind,
             gsize        max_chars,
             const Where *where,
             char       **out,
             GError     **error)
{
  return read_field (object, member, member, required, kind, max_chars, where, out, error);
}

static gboolean
read_string_list (JsonObject  *object,
                  const char  *member,
                  gsize        max_chars,
                  const Where *where,
                  GPtrArray  **out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  *out = NULL;
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, where, member, "must be a list of strings");
      array = json_node_get_array (node);
      if (json_array_get_length (array) > MAX_LIST_ITEMS)
        return invalid (error, where, member, "has more than %u items", MAX_LIST_ITEMS);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *field = g_strdup_printf ("%s[%u]", member, i);
          const char *value;

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            return invalid (error, where, field, "must be a string");
          value = json_node_get_string (item);
          if (!check_text (value, TEXT_LINE, max_chars, where, field, error))
            return FALSE;
          if (*value != '\0')
            g_ptr_array_add (list, g_strstrip (g_strdup (value)));
        }
    }
  *out = g_steal_pointer (&list);
  return TRUE;
}

static gboolean
is_valid_channel (const char *s)
{
  if (s == NULL || !g_ascii_isalnum (*s) || strlen (s) > MAX_ID_CHARS)
    return FALSE;
  for (; *s; s++)
    if (!(g_ascii_islower (*s) || g_ascii_isdigit (*s) || *s == '-' || *s == '_' || *s == '.'))
      return FALSE;
  return TRUE;
}

static gboolean
is_valid_category_id (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > MAX_ID_CHARS)
    return FALSE;
  for (; *s; s++)
    if (!(g_ascii_isalnum (*s) || *s == '-' || *s == '_' || *s == '.'))
      return FALSE;
  return TRUE;
}

/* Index numbers are cited by residents and appear in URLs of the admin
 * tools: printable, no white space. */
static gboolean
is_valid_entry_id (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || !g_unichar_isprint (c) || c == '\\')
        return FALSE;
    }
  return *s != '\0';
}

static gboolean
is_valid_date (const char *s)
{
  int y, m, d;
  char tail;

  if (strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  if (sscanf (s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return y >= 1900 && y <= 2999 && g_date_valid_dmy (d, m, y);
}

/* Paths name files inside the bundle; they must never reach outside it. */
static const char *
check_relative_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (*path == '\0')
    return "is empty";
  if (path[0] == '/' || strchr (path, '\\') != NULL || strchr (path, ':') != NULL)
    return "must be a relative path inside the bundle";
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
        return "must be a plain relative path (no empty, “.” or “..” parts)";
      if (parts[i][0] == '.')
        return "must not name hidden files";
    }
  return NULL;
}

static gboolean
is_valid_url (const char *url)
{
  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    return FALSE;
  return g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL);
}

/* --- parsing ------------------------------------------------------------ */

static gboolean
parse_category (JsonNode          *node,
                guint              index,
                RpSourceCategory **out,
                GError           **error)
{
  Where where = { "Category", NULL, index };
  JsonObject *object;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent = NULL;
  RpSourceCategory *c;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, &where, "categories", "must be an object");
  object = json_node_get_object (node);

  if (!read_string (object, "id", TRUE, TEXT_LINE, MAX_ID_CHARS, &where, &id, error))
    return FALSE;
  where.id = id;
  if (!is_valid_category_id (id))
    return invalid (error, &where, "id", "may only hold letters, digits, “-”, “_” and “.”");
  if (!read_string (object, "name", TRUE, TEXT_LINE, MAX_LINE_CHARS, &where, &name, error) ||
      !read_string (object, "parent", FALSE, TEXT_LINE, MAX_ID_CHARS, &where, &parent, error))
    return FALSE;

  c = g_new0 (RpSourceCategory, 1);
  c->id = g_steal_pointer (&id);
  c->name = g_steal_pointer (&name);
  c->parent = g_steal_pointer (&parent);
  *out = c;
  return TRUE;
}

static gboolean
parse_files (JsonObject  *object,
             const Where *where,
             GPtrArray  **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "files");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_source_file_free);
  JsonArray *array;

  *out = NULL;
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, where, "files", "must be a list of {\"path\", \"title\"} objects");
      array = json_node_get_array (node);
      if (json_array_get_length (array) > MAX_LIST_ITEMS)
        return invalid (error, where, "files", "has more than %u items", MAX_LIST_ITEMS);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *field = g_strdup_printf ("files[%u]", i);
          g_autofree char *path_field = g_strdup_printf ("files[%u].path", i);
          g_autofree char *title_field = g_strdup_printf ("files[%u].title", i);
          g_autofree char *path = NULL;
          g_autofree char *title = NULL;
          const char *problem;
          JsonObject *fo;
          RpSourceFile *f;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            return invalid (error, where, field, "must be an object with “path” and “title”");
          fo = json_node_get_object (item);
          if (!read_field (fo, "path", path_field, TRUE, TEXT_LINE, MAX_PATH_CHARS, where, &path, error))
            return FALSE;
          if ((problem = check_relative_path (path)) != NULL)
            return invalid (error, where, path_field, "“%s” %s", path, problem);
          if (!read_field (fo, "title", title_field, FALSE, TEXT_LINE, MAX_LINE_CHARS, where, &title, error))
            return FALSE;
          f = g_new0 (RpSourceFile, 1);
          f->path = g_steal_pointer (&path);
          f->title = g_steal_pointer (&title);
          g_ptr_array_add (files, f);
        }
    }
  *out = g_steal_pointer (&files);
  return TRUE;
}

static gboolean
parse_entry (JsonNode       *node,
             guint           index,
             RpSourceEntry **out,
             GError        **error)
{
  Where where = { "Entry", NULL, index };
  JsonObject *object;
  RpSourceEntry *e;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, &where, "entries", "must be an object");
  object = json_node_get_object (node);

  e = g_new0 (RpSourceEntry, 1);
  e->index = index;

#define STRING(member, required, kind, max, dest)                                      \
  if (!read_string (object, member, required, kind, max, &where, &e->dest, error))      \
    goto fail;

  STRING ("id", TRUE, TEXT_LINE, MAX_ID_CHARS, id);
  where.id = e->id;
  if (!is_valid_entry_id (e->id))
    {
      invalid (error, &where, "id", "must not contain spaces, control characters or “\\”");
      goto fail;
    }
  STRING ("title", TRUE, TEXT_LINE, MAX_LINE_CHARS, title);
  STRING ("organ", TRUE, TEXT_LINE, MAX_LINE_CHARS, organ);
  STRING ("doc_number", FALSE, TEXT_LINE, MAX_LINE_CHARS, doc_number);
  STRING ("date", FALSE, TEXT_LINE, 10, date);
  STRING ("category", TRUE, TEXT_LINE, MAX_ID_CHARS, category);
  STRING ("genre", FALSE, TEXT_LINE, MAX_LINE_CHARS, genre);
  STRING ("summary", FALSE, TEXT_PARAGRAPHS, MAX_SUMMARY_CHARS, summary);
  STRING ("body", FALSE, TEXT_PARAGRAPHS, MAX_BODY_CHARS, body);
  STRING ("url", FALSE, TEXT_LINE, MAX_URL_CHARS, url);
  STRING ("validity", FALSE, TEXT_LINE, MAX_LINE_CHARS, validity);
#undef STRING

  if (e->date != NULL && !is_valid_date (e->date))
    {
      invalid (error, &where, "date", "“%s” is not a date of the form YYYY-MM-DD", e->date);
      goto fail;
    }
  if (e->url != NULL && !is_valid_url (e->url))
    {
      invalid (error, &where, "url", "“%s” is not an http(s) address", e->url);
      goto fail;
    }
  if (!read_string_list (object, "keywords", MAX_LINE_CHARS, &where, &e->keywords, error) ||
      !read_string_list (object, "related", MAX_ID_CHARS, &where, &e->related, error) ||
      !parse_files (object, &where, &e->files, error))
    goto fail;

  *out = e;
  return TRUE;

fail:
  rp_source_entry_free (e);
  return FALSE;
}

static gboolean
check_references (RpCatalogueBuilder *self,
                  gboolean            related_too,
                  GError            **error)
{
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) entries = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->categories->len; i++)
    {
      RpSourceCategory *c = g_ptr_array_index (self->categories, i);
      Where where = { "Category", c->id, i + 1 };

      if (!g_hash_table_add (categories, c->id))
        return invalid (error, &where, "id", "is used by another category too");
    }

  for (guint i = 0; i < self->categories->len; i++)
    {
      RpSourceCategory *c = g_ptr_array_index (self->categories, i);
      Where where = { "Category", c->id, i + 1 };
      const char *parent = c->parent;
      guint depth = 0;

      if (parent != NULL && !g_hash_table_contains (categories, parent))
        return invalid (error, &where, "parent", "unknown category “%s”", parent);

      /* Walk up: a cycle or a tree deeper than a kiosk can show is refused. */
      while (parent != NULL)
        {
          RpSourceCategory *up = NULL;

          if (++depth > MAX_CATEGORY_DEPTH)
            return invalid (error, &where, "parent",
                            "the category tree loops or is deeper than %u levels",
                            MAX_CATEGORY_DEPTH);
          for (guint j = 0; j < self->categories->len && up == NULL; j++)
            {
              RpSourceCategory *candidate = g_ptr_array_index (self->categories, j);
              if (g_str_equal (candidate->id, parent))
                up = candidate;
            }
          if (up == NULL)
            break; /* reported when that category itself is checked */
          parent = up->parent;
        }
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      RpSourceEntry *e = g_ptr_array_index (self->entries, i);
      Where where = { "Entry", e->id, e->index };

      if (!g_hash_table_add (entries, e->id))
        return invalid (error, &where, "id", "is used by another entry too");
      if (!g_hash_table_contains (categories, e->category))
        return invalid (error, &where, "category", "unknown category “%s”", e->category);
    }

  for (guint i = 0; related_too && i < self->entries->len; i++)
    {
      RpSourceEntry *e = g_ptr_array_index (self->entries, i);
      Where where = { "Entry", e->id, e->index };

      for (guint j = 0; j < e->related->len; j++)
        {
          const char *related = g_ptr_array_index (e->related, j);
          g_autofree char *field = g_strdup_printf ("related[%u]", j);

          if (!g_hash_table_contains (entries, related))
            return invalid (error, &where, field, "unknown entry “%s”", related);
        }
    }
  return TRUE;
}

gboolean
rp_catalogue_source_load_header (RpCatalogueBuilder  *self,
                                 JsonNode            *root,
                                 GError             **error)
{
  Where where = { "Catalogue", NULL, 0 };
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, &where, "(top level)", "must be a JSON object");
  object = json_node_get_object (root);

  if (!read_string (object, "channel", TRUE, TEXT_LINE, MAX_ID_CHARS, &where, &self->channel, error) ||
      !read_string (object, "title", TRUE, TEXT_LINE, MAX_LINE_CHARS, &where, &self->title, error))
    return FALSE;
  if (!is_valid_channel (self->channel))
    return invalid (error, &where, "channel",
                    "may only hold lower-case letters, digits, “-”, “_” and “.”");

  node = json_object_get_member (object, "categories");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, &where, "categories", "must be a list of categories");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RpSourceCategory *c = NULL;
      if (!parse_category (json_array_get_element (array, i), i + 1, &c, error))
        return FALSE;
      g_ptr_array_add (self->categories, c);
    }
  return TRUE;
}

gboolean
rp_catalogue_source_load_entry (RpCatalogueBuilder  *self,
                                JsonNode            *node,
                                GError             **error)
{
  RpSourceEntry *e = NULL;

  if (!parse_entry (node, self->entries->len + 1, &e, error))
    return FALSE;
  g_ptr_array_add (self->entries, e);
  return TRUE;
}

gboolean
rp_catalogue_source_check (RpCatalogueBuilder  *self,
                           gboolean             related_too,
                           GError             **error)
{
  return check_references (self, related_too, error);
}

gboolean
rp_catalogue_source_load (RpCatalogueBuilder  *self,
                          JsonNode            *root,
                          GError             **error)
{
  Where where = { "Catalogue", NULL, 0 };
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;

  if (!rp_catalogue_source_load_header (self, root, error))
    return FALSE;
  object = json_node_get_object (root);
  node = json_object_get_member (object, "entries");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, &where, "entries", "must be a list of entries");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!rp_catalogue_source_load_entry (self, json_array_get_element (array, i), error))
      return FALSE;

  return check_references (self, TRUE, error);
}

/* --- the published form ----------------------------------------------------- */

static char *
generate (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_member (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_list (JsonBuilder *b,
          const char  *member,
          GPtrArray   *list)
{
  if (list == NULL || list->len == 0)
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (list, i));
  json_builder_end_array (b);
}

char *
rp_source_entry_to_line (const RpSourceEntry *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  /* Fixed member order, fields as validated (trimmed, empty ones left
   * out): the same entry is the same line whatever its source looked like. */
  json_builder_begin_object (b);
  add_member (b, "id", e->id);
  add_member (b, "title", e->title);
  add_member (b, "organ", e->organ);
  add_member (b, "doc_number", e->doc_number);
  add_member (b, "date", e->date);
  add_member (b, "category", e->category);
  add_member (b, "genre", e->genre);
  add_list (b, "keywords", e->keywords);
  add_member (b, "summary", e->summary);
  add_member (b, "body", e->body);
  if (e->files->len > 0)
    {
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < e->files->len; i++)
        {
          RpSourceFile *f = g_ptr_array_index (e->files, i);

          json_builder_begin_object (b);
          add_member (b, "path", f->path);
          add_member (b, "title", f->title);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  add_member (b, "url", e->url);
  add_member (b, "validity", e->validity);
  add_list (b, "related", e->related);
  json_builder_end_object (b);
  return generate (b);
}

char *
rp_catalogue_source_header_to_json (RpCatalogueBuilder *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_member (b, "channel", self->channel);
  add_member (b, "title", self->title);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->categories->len; i++)
    {
      RpSourceCategory *c = g_ptr_array_index (self->categories, i);

      json_builder_begin_object (b);
      add_member (b, "id", c->id);
      add_member (b, "name", c->name);
      add_member (b, "parent", c->parent);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return generate (b);
}

/* --- the files entries name ----------------------------------------------- */

const char *
rp_catalogue_source_sniff_type (const char *path)
{
  guchar head[8] = { 0 };
  gssize n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return NULL;
  n = read (fd, head, sizeof head);
  close (fd);
  if (n >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return "pdf";
  if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
    return "jpeg";
  return NULL;
}

gboolean
rp_catalogue_source_foreach_file (RpCatalogueBuilder   *self,
                                  RpSourceFileVisitor   visit,
                                  gpointer              data,
                                  GError              **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->entries->len; i++)
    {
      RpSourceEntry *e = g_ptr_array_index (self->entries, i);
      Where where = { "Entry", e->id, e->index };

      for (guint j = 0; j < e->files->len; j++)
        {
          RpSourceFile *f = g_ptr_array_index (e->files, j);
          g_autofree char *field = NULL;
          g_autoptr(GError) local_error = NULL;

          if (!g_hash_table_add (seen, f->path))
            continue;
          if (!visit (self, f->path, data, &local_error))
            {
              field = g_strdup_printf ("files[%u].path", j);
              return invalid (error, &where, field, "%s", local_error->message);
            }
        }
    }
  return TRUE;
}

typedef struct
{
  RpFileCheck check;
  gpointer    data;
} CheckClosure;

static gboolean
visit_check (RpCatalogueBuilder *self,
             const char         *path,
             gpointer            data,
             GError            **error)
{
  CheckClosure *closure = data;
  return closure->check (path, closure->data, error);
}

gboolean
rp_catalogue_builder_check_files (RpCatalogueBuilder *self,
                                  RpFileCheck         check,
                                  gpointer            check_data,
                                  GError            **error)
{
  CheckClosure closure = { check, check_data };

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  return rp_catalogue_source_foreach_file (self, visit_check, &closure, error);
}

