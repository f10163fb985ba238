/* rp-catalogue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rp-attachment.h"
#include "rp-catalogue-private.h"
#include "rp-catalogue-schema.h"
#include "rp-category.h"
#include "rp-entry-list.h"
#include "rp-entry-private.h"
#include "rp-error.h"
#include "rp-object-store.h"
#include "rp-search-indexer.h"

struct _RpCatalogue
{
  GObject        parent_instance;
  sqlite3       *db;
  RpObjectStore *store;
  char          *title;
  char          *channel;
  char          *path;
  guint          n_entries;
  sqlite3_stmt  *entry_by_id;
  sqlite3_stmt  *entry_by_rowid;
  sqlite3_stmt  *attachments;
  sqlite3_stmt  *related;
};

G_DEFINE_FINAL_TYPE (RpCatalogue, rp_catalogue, G_TYPE_OBJECT)

#define ENTRY_COLUMNS \
  "rowid, id, title, organ, doc_number, date, category, genre, keywords, summary, body, url, validity"

static void
rp_catalogue_finalize (GObject *object)
{
  RpCatalogue *self = RP_CATALOGUE (object);

  g_clear_pointer (&self->entry_by_id, sqlite3_finalize);
  g_clear_pointer (&self->entry_by_rowid, sqlite3_finalize);
  g_clear_pointer (&self->attachments, sqlite3_finalize);
  g_clear_pointer (&self->related, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->store);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rp_catalogue_parent_class)->finalize (object);
}

static void
rp_catalogue_class_init (RpCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_catalogue_finalize;
}

static void
rp_catalogue_init (RpCatalogue *self)
{
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static char *
query_meta (sqlite3    *db,
            const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = dup_column (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return value;
}

RpCatalogue *
rp_catalogue_open (const char    *db_path,
                   RpObjectStore *store,
                   GError       **error)
{
  g_autoptr(RpCatalogue) self = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *uri_imm = NULL;
  gint64 version;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (RP_IS_OBJECT_STORE (store), NULL);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, "No catalogue at “%s”", db_path);
      return NULL;
    }

  self = g_object_new (RP_TYPE_CATALOGUE, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (db_path);

  /* immutable=1: a bundle's database never changes once built, so SQLite
   * may skip locking and change detection entirely. */
  uri = g_filename_to_uri (db_path, NULL, error);
  if (uri == NULL)
    return NULL;
  uri_imm = g_strconcat (uri, "?immutable=1", NULL);
  if (sqlite3_open_v2 (uri_imm, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot open the catalogue “%s”: %s",
                   db_path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }

  version = rp_sql_query_int (self->db, "PRAGMA user_version");
  if (version != RP_CATALOGUE_SCHEMA_VERSION)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE,
                   "The catalogue “%s” has schema version %" G_GINT64_FORMAT ", this program reads "
                   "version %d: rebuild it",
                   db_path, version, RP_CATALOGUE_SCHEMA_VERSION);
      return NULL;
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT " ENTRY_COLUMNS " FROM entries WHERE id = ?", -1,
                          &self->entry_by_id, NULL) ||
      sqlite3_prepare_v2 (self->db, "SELECT " ENTRY_COLUMNS " FROM entries WHERE rowid = ?", -1,
                          &self->entry_by_rowid, NULL) ||
      sqlite3_prepare_v2 (self->db,
                          "SELECT path, title, type, sha256, size, broken FROM attachments"
                          " WHERE entry = ? ORDER BY position",
                          -1, &self->attachments, NULL) ||
      sqlite3_prepare_v2 (self->db, "SELECT related_id FROM related WHERE entry = ? ORDER BY position",
                          -1, &self->related, NULL))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "The catalogue “%s” is damaged: %s",
                   db_path, sqlite3_errmsg (self->db));
      return NULL;
    }

  self->title = query_meta (self->db, "title");
  self->channel = query_meta (self->db, "channel");
  self->n_entries = (guint) MAX (0, rp_sql_query_int (self->db, "SELECT count(*) FROM entries"));

  return g_steal_pointer (&self);
}

const char *
rp_catalogue_get_title (RpCatalogue *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  return self->title;
}

const char *
rp_catalogue_get_path (RpCatalogue *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  return self->path;
}

const char *
rp_catalogue_get_channel (RpCatalogue *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  return self->channel;
}

guint
rp_catalogue_get_n_entries (RpCatalogue *self)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), 0);
  return self->n_entries;
}

#define CATEGORY_COLUMNS \
  "c.id, c.name, c.parent, c.total_count, (SELECT count(*) FROM categories k WHERE k.parent = c.id)"

static RpCategory *
category_from_row (sqlite3_stmt *stmt)
{
  return rp_category_new ((const char *) sqlite3_column_text (stmt, 0),
                          (const char *) sqlite3_column_text (stmt, 1),
                          (const char *) sqlite3_column_text (stmt, 2),
                          (guint) sqlite3_column_int64 (stmt, 3),
                          (guint) sqlite3_column_int64 (stmt, 4));
}

GListModel *
rp_catalogue_list_categories (RpCatalogue *self,
                              const char  *parent)
{
  GListStore *store;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);

  store = g_list_store_new (RP_TYPE_CATEGORY);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT " CATEGORY_COLUMNS " FROM categories c"
                          " WHERE c.parent IS ? ORDER BY c.position",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      if (parent != NULL)
        sqlite3_bind_text (stmt, 1, parent, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr(RpCategory) category = category_from_row (stmt);
          g_list_store_append (store, category);
        }
    }
  sqlite3_finalize (stmt);
  return G_LIST_MODEL (store);
}

RpCategory *
rp_catalogue_get_category (RpCatalogue *self,
                           const char  *id)
{
  sqlite3_stmt *stmt = NULL;
  RpCategory *category = NULL;

  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT " CATEGORY_COLUMNS " FROM categories c WHERE c.id = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        category = category_from_row (stmt);
    }
  sqlite3_finalize (stmt);
  return category;
}

/* @limit: -1 for every entry (SQLite's LIMIT -1). */
static GListModel *
list_entries (RpCatalogue *self,
              const char  *category,
              gint64       limit)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (category == NULL)
    rc = sqlite3_prepare_v2 (self->db,
                             "SELECT rowid FROM entries ORDER BY date DESC NULLS LAST, id LIMIT ?2",
                             -1, &stmt, NULL);
  else
    rc = sqlite3_prepare_v2 (self->db,
                             "WITH RECURSIVE sub(id) AS (VALUES (?1)"
                             "  UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent = sub.id)"
                             " SELECT rowid FROM entries WHERE category IN (SELECT id FROM sub)"
                             " ORDER BY date DESC NULLS LAST, id LIMIT ?2",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      if (category != NULL)
        sqlite3_bind_text (stmt, 1, category, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, limit);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (rowids, rowid);
        }
    }
  sqlite3_finalize (stmt);
  return G_LIST_MODEL (rp_entry_list_new (self, rowids));
}

GListModel *
rp_catalogue_list_entries (RpCatalogue *self,
                           const char  *category)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  return list_entries (self, category, -1);
}

GListModel *
rp_catalogue_list_newest_entries (RpCatalogue *self,
                                  const char  *category,
                                  guint        n)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  return list_entries (self, category, n);
}

static char **
split_lines (const char *text)
{
  return text != NULL ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);
}

static void
load_attachments (RpCatalogue *self,
                  RpEntry     *entry,
                  gint64       rowid)
{
  sqlite3_stmt *stmt = self->attachments;

  sqlite3_bind_int64 (stmt, 1, rowid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *sha256 = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *local_path = NULL;
      g_autoptr(RpAttachment) attachment = NULL;
      RpAttachmentType type;

      /* A row the reader cannot use is skipped rather than shown broken;
       * the builder never writes one. */
      if (!rp_sha256_is_valid (sha256) ||
          !rp_attachment_type_from_string ((const char *) sqlite3_column_text (stmt, 2), &type))
        continue;
      local_path = rp_object_store_get_path (self->store, sha256);
      attachment = rp_attachment_new ((const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1),
                                      type, sha256,
                                      (guint64) sqlite3_column_int64 (stmt, 4),
                                      local_path);
      if (sqlite3_column_type (stmt, 5) == SQLITE_TEXT)
        rp_attachment_set_broken_reason (attachment, (const char *) sqlite3_column_text (stmt, 5));
      g_list_store_append (entry->attachments, attachment);
    }
  sqlite3_reset (stmt);
}

static char **
load_related (RpCatalogue *self,
              gint64       rowid)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  sqlite3_stmt *stmt = self->related;

  sqlite3_bind_int64 (stmt, 1, rowid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, dup_column (stmt, 0));
  sqlite3_reset (stmt);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

static RpEntry *
entry_from_statement (RpCatalogue  *self,
                      sqlite3_stmt *stmt)
{
  RpEntry *entry = NULL;
  gint64 rowid;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      entry = rp_entry_new ();
      rowid = sqlite3_column_int64 (stmt, 0);
      entry->id = dup_column (stmt, 1);
      entry->title = dup_column (stmt, 2);
      entry->organ = dup_column (stmt, 3);
      entry->doc_number = dup_column (stmt, 4);
      entry->date = dup_column (stmt, 5);
      entry->category = dup_column (stmt, 6);
      entry->genre = dup_column (stmt, 7);
      entry->keywords = split_lines ((const char *) sqlite3_column_text (stmt, 8));
      entry->summary = dup_column (stmt, 9);
      entry->body = dup_column (stmt, 10);
      entry->url = dup_column (stmt, 11);
      entry->validity = dup_column (stmt, 12);
      sqlite3_reset (stmt);
      load_attachments (self, entry, rowid);
      entry->related = load_related (self, rowid);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return entry;
}

RpEntry *
rp_catalogue_get_entry (RpCatalogue *self,
                        const char  *id,
                        GError     **error)
{
  RpEntry *entry;

  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  sqlite3_bind_text (self->entry_by_id, 1, id, -1, SQLITE_TRANSIENT);
  entry = entry_from_statement (self, self->entry_by_id);
  if (entry == NULL)
    g_set_error (error, RP_ERROR, RP_ERROR_NOT_FOUND, "No entry with index number “%s”", id);
  return entry;
}

char *
rp_catalogue_dup_page_text (RpCatalogue *self,
                            const char  *id,
                            guint        attachment,
                            guint        page)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  /* Read once per page turned: not worth a statement kept open. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT p.text FROM search_pages p JOIN entries e ON e.rowid = p.entry"
                          " WHERE e.id = ?1 AND p.attachment = ?2 AND p.page = ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) attachment);
  sqlite3_bind_int (stmt, 3, (int) page + 1);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

RpEntry *
rp_catalogue_get_entry_by_rowid (RpCatalogue *self,
                                 gint64       rowid)
{
  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);

  sqlite3_bind_int64 (self->entry_by_rowid, 1, rowid);
  return entry_from_statement (self, self->entry_by_rowid);
}

/* What's new (issue 16) */

/* Everything a reader sees of an entry, with its files by content: an
 * entry whose fingerprint differs between two catalogues was changed by
 * the publisher (its text, its date or any attachment's bytes). */
#define FINGERPRINT_SQL                                                                              \
  "SELECT e.id, e.title, e.organ, e.doc_number, e.date, e.category, e.genre, e.keywords, e.summary," \
  " e.body, e.url, e.validity,"                                                                      \
  " (SELECT group_concat(a.sha256 || ':' || ifnull(a.title, ''), ',') FROM"                          \
  "   (SELECT sha256, title FROM attachments WHERE entry = e.rowid ORDER BY position) a)"            \
  " FROM entries e ORDER BY e.date DESC, e.id"

static sqlite3_stmt *
prepare_fingerprints (RpCatalogue *self,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, FINGERPRINT_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot compare catalogues: %s", sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* (transfer full): a digest of the row's columns 1…, each with its length
 * so that no two rows run together into the same text. */
static char *
fingerprint_row (sqlite3_stmt *stmt)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (int i = 1; i < sqlite3_column_count (stmt); i++)
    {
      const guchar *text = sqlite3_column_text (stmt, i);
      int length = sqlite3_column_bytes (stmt, i);
      char head[24];

      g_snprintf (head, sizeof head, "%d:%d:", i, text != NULL ? length : -1);
      g_checksum_update (checksum, (const guchar *) head, -1);
      if (text != NULL)
        g_checksum_update (checksum, text, length);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

GListModel *
rp_catalogue_list_changes (RpCatalogue *self,
                           RpCatalogue *since,
                           guint        max,
                           guint       *out_n_changed,
                           GError     **error)
{
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GListStore) changes = g_list_store_new (RP_TYPE_ENTRY);
  sqlite3_stmt *stmt;
  guint n_changed = 0;
  int rc;

  g_return_val_if_fail (RP_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (since == NULL || RP_IS_CATALOGUE (since), NULL);

  if (since != NULL)
    {
      if ((stmt = prepare_fingerprints (since, error)) == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_hash_table_insert (before, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), fingerprint_row (stmt));
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot read the previous catalogue: %s",
                       sqlite3_errmsg (since->db));
          return NULL;
        }
    }
  if ((stmt = prepare_fingerprints (self, error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *old = g_hash_table_lookup (before, id);
      g_autofree char *now = fingerprint_row (stmt);
      g_autoptr(RpEntry) entry = NULL;

      if (old != NULL && g_str_equal (old, now))
        continue;
      n_changed++;
      if (g_list_model_get_n_items (G_LIST_MODEL (changes)) < max &&
          (entry = rp_catalogue_get_entry (self, id, NULL)) != NULL)
        g_list_store_append (changes, entry);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot read the new catalogue: %s", sqlite3_errmsg (self->db));
      return NULL;
    }
  if (out_n_changed != NULL)
    *out_n_changed = n_changed;
  return G_LIST_MODEL (g_steal_pointer (&changes));
}

typedef struct
{
  char          *path;
  RpObjectStore *store;
  char          *since_path;   /* nullable */
  RpObjectStore *since_store;  /* nullable */
  guint          max;
  guint          n_changed;
} ChangesData;

static void
changes_data_free (ChangesData *data)
{
  g_free (data->path);
  g_clear_object (&data->store);
  g_free (data->since_path);
  g_clear_object (&data->since_store);
  g_free (data);
}

/* The worker opens its own connections: the caller's catalogues keep
 * serving the window on the main thread meanwhile. */
static void
list_changes_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ChangesData *data = task_data;
  g_autoptr(RpCatalogue) self = NULL;
  g_autoptr(RpCatalogue) since = NULL;
  GListModel *changes;
  GError *error = NULL;

  self = rp_catalogue_open (data->path, data->store, &error);
  if (self != NULL && data->since_path != NULL)
    since = rp_catalogue_open (data->since_path, data->since_store, &error);
  if (self == NULL || (data->since_path != NULL && since == NULL))
    {
      g_task_return_error (task, error);
      return;
    }
  changes = rp_catalogue_list_changes (self, since, data->max, &data->n_changed, &error);
  if (changes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, changes, g_object_unref);
}

void
rp_catalogue_list_changes_async (RpCatalogue        *self,
                                 RpCatalogue        *since,
                                 guint               max,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ChangesData *data;

  g_return_if_fail (RP_IS_CATALOGUE (self));
  g_return_if_fail (since == NULL || RP_IS_CATALOGUE (since));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_catalogue_list_changes_async);
  data = g_new0 (ChangesData, 1);
  data->path = g_strdup (self->path);
  data->store = g_object_ref (self->store);
  if (since != NULL)
    {
      data->since_path = g_strdup (since->path);
      data->since_store = g_object_ref (since->store);
    }
  data->max = max;
  g_task_set_task_data (task, data, (GDestroyNotify) changes_data_free);
  g_task_run_in_thread (task, list_changes_thread);
}

GListModel *
rp_catalogue_list_changes_finish (RpCatalogue  *self,
                                  GAsyncResult *result,
                                  guint        *out_n_changed,
                                  GError      **error)
{
  GListModel *changes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  changes = g_task_propagate_pointer (G_TASK (result), error);
  if (changes != NULL && out_n_changed != NULL)
    *out_n_changed = ((ChangesData *) g_task_get_task_data (G_TASK (result)))->n_changed;
  return changes;
}
