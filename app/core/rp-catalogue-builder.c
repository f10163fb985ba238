/* rp-catalogue-builder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The builder is the only gate between a publisher's catalogue.json and what
 * a terminal shows. It validates everything before it writes anything, so a
 * rejected catalogue leaves no trace, and it names the entry and field at
 * fault, because the person reading the message is a publisher fixing JSON.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rp-catalogue-builder.h"
#include "rp-catalogue-schema.h"
#include "rp-error.h"
#include "rp-object-store.h"
#include "rp-search-indexer.h"

/* Caps are far above any real catalogue and far below what would exhaust a
 * terminal; a field past its cap is a publishing mistake, not content. */
#define MAX_CATALOGUE_BYTES (1024u * 1024u * 1024u)
#define MAX_ID_CHARS        64
#define MAX_LINE_CHARS      1000
#define MAX_SUMMARY_CHARS   20000
#define MAX_BODY_CHARS      2000000
#define MAX_URL_CHARS       2048
#define MAX_PATH_CHARS      512
#define MAX_LIST_ITEMS      200
#define MAX_CATEGORY_DEPTH  8

typedef struct
{
  char *id;
  char *name;
  char *parent;
} Category;

typedef struct
{
  char *path;
  char *title;
} File;

typedef struct
{
  guint      index;
  char      *id;
  char      *title;
  char      *organ;
  char      *doc_number;
  char      *date;
  char      *category;
  char      *genre;
  char      *summary;
  char      *body;
  char      *url;
  char      *validity;
  GPtrArray *keywords;
  GPtrArray *files;
  GPtrArray *related;
} Entry;

struct _RpCatalogueBuilder
{
  GObject    parent_instance;
  char      *channel;
  char      *title;
  GPtrArray *categories;
  GPtrArray *entries;
  GHashTable *page_texts;
};

G_DEFINE_FINAL_TYPE (RpCatalogueBuilder, rp_catalogue_builder, G_TYPE_OBJECT)

static void
category_free (Category *c)
{
  g_free (c->id);
  g_free (c->name);
  g_free (c->parent);
  g_free (c);
}

static void
file_free (File *f)
{
  g_free (f->path);
  g_free (f->title);
  g_free (f);
}

static void
entry_free (Entry *e)
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
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

RpCatalogueBuilder *
rp_catalogue_builder_new (void)
{
  return g_object_new (RP_TYPE_CATALOGUE_BUILDER, NULL);
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
parse_category (JsonNode  *node,
                guint      index,
                Category **out,
                GError   **error)
{
  Where where = { "Category", NULL, index };
  JsonObject *object;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parent = NULL;
  Category *c;

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

  c = g_new0 (Category, 1);
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
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) file_free);
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
          File *f;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            return invalid (error, where, field, "must be an object with “path” and “title”");
          fo = json_node_get_object (item);
          if (!read_field (fo, "path", path_field, TRUE, TEXT_LINE, MAX_PATH_CHARS, where, &path, error))
            return FALSE;
          if ((problem = check_relative_path (path)) != NULL)
            return invalid (error, where, path_field, "“%s” %s", path, problem);
          if (!read_field (fo, "title", title_field, FALSE, TEXT_LINE, MAX_LINE_CHARS, where, &title, error))
            return FALSE;
          f = g_new0 (File, 1);
          f->path = g_steal_pointer (&path);
          f->title = g_steal_pointer (&title);
          g_ptr_array_add (files, f);
        }
    }
  *out = g_steal_pointer (&files);
  return TRUE;
}

static gboolean
parse_entry (JsonNode *node,
             guint     index,
             Entry   **out,
             GError  **error)
{
  Where where = { "Entry", NULL, index };
  JsonObject *object;
  Entry *e;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, &where, "entries", "must be an object");
  object = json_node_get_object (node);

  e = g_new0 (Entry, 1);
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
  entry_free (e);
  return FALSE;
}

static gboolean
check_references (RpCatalogueBuilder *self,
                  GError            **error)
{
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) entries = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->categories->len; i++)
    {
      Category *c = g_ptr_array_index (self->categories, i);
      Where where = { "Category", c->id, i + 1 };

      if (!g_hash_table_add (categories, c->id))
        return invalid (error, &where, "id", "is used by another category too");
    }

  for (guint i = 0; i < self->categories->len; i++)
    {
      Category *c = g_ptr_array_index (self->categories, i);
      Where where = { "Category", c->id, i + 1 };
      const char *parent = c->parent;
      guint depth = 0;

      if (parent != NULL && !g_hash_table_contains (categories, parent))
        return invalid (error, &where, "parent", "unknown category “%s”", parent);

      /* Walk up: a cycle or a tree deeper than a kiosk can show is refused. */
      while (parent != NULL)
        {
          Category *up = NULL;

          if (++depth > MAX_CATEGORY_DEPTH)
            return invalid (error, &where, "parent",
                            "the category tree loops or is deeper than %u levels",
                            MAX_CATEGORY_DEPTH);
          for (guint j = 0; j < self->categories->len && up == NULL; j++)
            {
              Category *candidate = g_ptr_array_index (self->categories, j);
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
      Entry *e = g_ptr_array_index (self->entries, i);
      Where where = { "Entry", e->id, e->index };

      if (!g_hash_table_add (entries, e->id))
        return invalid (error, &where, "id", "is used by another entry too");
      if (!g_hash_table_contains (categories, e->category))
        return invalid (error, &where, "category", "unknown category “%s”", e->category);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);
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

static gboolean
load_document (RpCatalogueBuilder *self,
               JsonNode           *root,
               GError            **error)
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
      Category *c = NULL;
      if (!parse_category (json_array_get_element (array, i), i + 1, &c, error))
        return FALSE;
      g_ptr_array_add (self->categories, c);
    }

  node = json_object_get_member (object, "entries");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, &where, "entries", "must be a list of entries");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Entry *e = NULL;
      if (!parse_entry (json_array_get_element (array, i), i + 1, &e, error))
        return FALSE;
      g_ptr_array_add (self->entries, e);
    }

  return check_references (self, error);
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

  if (!load_document (self, json_parser_get_root (parser), error))
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

/* --- writing ------------------------------------------------------------ */

typedef struct
{
  char   *sha256;
  guint64 size;
  char   *type;
} Resolved;

static void
resolved_free (Resolved *r)
{
  g_free (r->sha256);
  g_free (r->type);
  g_free (r);
}

/* The type comes from the bytes, never from the name a publisher gave. */
static const char *
sniff_type (const char *path)
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

/* Visits every distinct file path once, in catalogue order, so that the
 * first problem reported is the first a publisher would meet reading the
 * file. @visit's error is wrapped to name the entry and field. */
typedef gboolean (*FileVisitor) (RpCatalogueBuilder *self,
                                 const char         *path,
                                 gpointer            data,
                                 GError            **error);

static gboolean
foreach_file (RpCatalogueBuilder *self,
              FileVisitor         visit,
              gpointer            data,
              GError            **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);
      Where where = { "Entry", e->id, e->index };

      for (guint j = 0; j < e->files->len; j++)
        {
          File *f = g_ptr_array_index (e->files, j);
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

  return foreach_file (self, visit_check, &closure, error);
}

typedef struct
{
  RpObjectStore *store;
  RpFileResolver resolver;
  gpointer       resolver_data;
  GHashTable    *resolved;
} ResolveClosure;

static gboolean
visit_resolve (RpCatalogueBuilder *self,
               const char         *path,
               gpointer            data,
               GError            **error)
{
  ResolveClosure *closure = data;
  g_autofree char *object_path = NULL;
  Resolved *r = g_new0 (Resolved, 1);
  const char *type;

  if (!closure->resolver (path, &r->sha256, &r->size, closure->resolver_data, error))
    {
      resolved_free (r);
      return FALSE;
    }
  object_path = rp_object_store_get_path (closure->store, r->sha256);
  type = sniff_type (object_path);
  if (type == NULL)
    {
      resolved_free (r);
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "“%s” is not a PDF, PNG or JPEG file", path);
      return FALSE;
    }
  r->type = g_strdup (type);
  g_hash_table_insert (closure->resolved, (gpointer) path, r);
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, column, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
step_done (sqlite3      *db,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    rp_sql_fail (db, what, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

static gboolean
write_rows (RpCatalogueBuilder *self,
            sqlite3            *db,
            GHashTable         *resolved,
            GError            **error)
{
  sqlite3_stmt *meta = NULL, *category = NULL, *entry = NULL, *attachment = NULL, *related = NULL;
  g_autofree char *schema = g_strdup_printf ("%d", RP_CATALOGUE_SCHEMA_VERSION);
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db, "INSERT INTO meta (key, value) VALUES (?, ?)", -1, &meta, NULL) ||
      sqlite3_prepare_v2 (db, "INSERT INTO categories (id, name, parent, position) VALUES (?, ?, ?, ?)",
                          -1, &category, NULL) ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO entries (rowid, id, title, organ, doc_number, date, category,"
                          " genre, keywords, summary, body, url, validity)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &entry, NULL) ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO attachments (entry, position, path, title, type, sha256, size)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)",
                          -1, &attachment, NULL) ||
      sqlite3_prepare_v2 (db, "INSERT INTO related (entry, position, related_id) VALUES (?, ?, ?)",
                          -1, &related, NULL))
    {
      rp_sql_fail (db, "prepare the catalogue database", error);
      goto out;
    }

  {
    const char *pairs[][2] = {
      { "schema", schema },
      { "channel", self->channel },
      { "title", self->title },
    };
    for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
      {
        sqlite3_bind_text (meta, 1, pairs[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text (meta, 2, pairs[i][1], -1, SQLITE_STATIC);
        if (!step_done (db, meta, "write catalogue metadata", error))
          goto out;
      }
  }

  for (guint i = 0; i < self->categories->len; i++)
    {
      Category *c = g_ptr_array_index (self->categories, i);

      sqlite3_bind_text (category, 1, c->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (category, 2, c->name, -1, SQLITE_STATIC);
      bind_text_or_null (category, 3, c->parent);
      sqlite3_bind_int (category, 4, i);
      if (!step_done (db, category, "write a category", error))
        goto out;
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);
      g_autofree char *keywords = NULL;
      gint64 rowid = i + 1;

      if (e->keywords->len > 0)
        {
          g_ptr_array_add (e->keywords, NULL);
          keywords = g_strjoinv ("\n", (char **) e->keywords->pdata);
          g_ptr_array_remove_index (e->keywords, e->keywords->len - 1);
        }

      sqlite3_bind_int64 (entry, 1, rowid);
      sqlite3_bind_text (entry, 2, e->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 3, e->title, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 4, e->organ, -1, SQLITE_STATIC);
      bind_text_or_null (entry, 5, e->doc_number);
      bind_text_or_null (entry, 6, e->date);
      sqlite3_bind_text (entry, 7, e->category, -1, SQLITE_STATIC);
      bind_text_or_null (entry, 8, e->genre);
      bind_text_or_null (entry, 9, keywords);
      bind_text_or_null (entry, 10, e->summary);
      bind_text_or_null (entry, 11, e->body);
      bind_text_or_null (entry, 12, e->url);
      bind_text_or_null (entry, 13, e->validity);
      if (!step_done (db, entry, "write an entry", error))
        goto out;

      for (guint j = 0; j < e->files->len; j++)
        {
          File *f = g_ptr_array_index (e->files, j);
          Resolved *r = g_hash_table_lookup (resolved, f->path);

          sqlite3_bind_int64 (attachment, 1, rowid);
          sqlite3_bind_int (attachment, 2, j);
          sqlite3_bind_text (attachment, 3, f->path, -1, SQLITE_STATIC);
          bind_text_or_null (attachment, 4, f->title);
          sqlite3_bind_text (attachment, 5, r->type, -1, SQLITE_STATIC);
          sqlite3_bind_text (attachment, 6, r->sha256, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (attachment, 7, (gint64) r->size);
          if (!step_done (db, attachment, "write an attachment", error))
            goto out;
        }

      for (guint j = 0; j < e->related->len; j++)
        {
          sqlite3_bind_int64 (related, 1, rowid);
          sqlite3_bind_int (related, 2, j);
          sqlite3_bind_text (related, 3, g_ptr_array_index (e->related, j), -1, SQLITE_STATIC);
          if (!step_done (db, related, "write a related entry", error))
            goto out;
        }
    }

  /* Counts are fixed for the life of the bundle: computing them once here
   * keeps the home screen instant on a 200,000-entry catalogue. */
  if (sqlite3_exec (db,
                    "UPDATE categories SET direct_count ="
                    " (SELECT count(*) FROM entries WHERE entries.category = categories.id);"
                    "UPDATE categories SET total_count = ("
                    " WITH RECURSIVE sub(id) AS (SELECT categories.id"
                    "   UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent = sub.id)"
                    " SELECT sum(c.direct_count) FROM categories c JOIN sub ON c.id = sub.id);",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "count entries per category", error);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (meta);
  sqlite3_finalize (category);
  sqlite3_finalize (entry);
  sqlite3_finalize (attachment);
  sqlite3_finalize (related);
  return ok;
}

static gboolean
fsync_path (const char *path,
            GError    **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot flush “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
rp_catalogue_builder_write (RpCatalogueBuilder *self,
                            const char         *db_path,
                            RpObjectStore      *store,
                            RpFileResolver      resolver,
                            gpointer            resolver_data,
                            GError            **error)
{
  g_autoptr(GHashTable) resolved = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *dir = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (RP_IS_OBJECT_STORE (store), FALSE);
  g_return_val_if_fail (resolver != NULL, FALSE);

  if (self->channel == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "No catalogue was loaded");
      return FALSE;
    }

  resolved = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) resolved_free);
  {
    ResolveClosure closure = { store, resolver, resolver_data, resolved };
    if (!foreach_file (self, visit_resolve, &closure, error))
      return FALSE;
  }

  dir = g_path_get_dirname (db_path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", dir, g_strerror (errno));
      return FALSE;
    }
  tmp_path = g_strconcat (db_path, ".tmp", NULL);
  g_unlink (tmp_path);

  if (sqlite3_open_v2 (tmp_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "create the catalogue database", error);
      goto out;
    }

  /* No journal: the file is private until the rename below, and a crash
   * before it leaves only a .tmp that the next build overwrites. */
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                    "PRAGMA foreign_keys = ON; BEGIN;" RP_CATALOGUE_SCHEMA_SQL,
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "create the catalogue schema", error);
      goto out;
    }
  if (!write_rows (self, db, resolved, error))
    goto out;
  /* The search index is part of the bundle's database, built once here. */
  if (!rp_search_index_build (db, store, self->page_texts, error))
    goto out;
  if (sqlite3_exec (db, RP_CATALOGUE_INDEX_SQL "PRAGMA user_version = "
                    G_STRINGIFY (RP_CATALOGUE_SCHEMA_VERSION) "; COMMIT;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "finish the catalogue database", error);
      goto out;
    }
  if (sqlite3_close (db) != SQLITE_OK)
    {
      rp_sql_fail (db, "close the catalogue database", error);
      goto out;
    }
  db = NULL;

  if (!fsync_path (tmp_path, error))
    goto out;
  if (g_rename (tmp_path, db_path) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot move “%s” into place: %s",
                   db_path, g_strerror (errno));
      goto out;
    }
  ok = rp_fsync_directory (dir, error);

out:
  if (db != NULL)
    sqlite3_close (db);
  if (!ok)
    g_unlink (tmp_path);
  return ok;
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
  if (sniff_type (path) == NULL)
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
