/* rp-catalogue-writer.c — a loaded catalogue written to catalogue.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file an entry names is resolved to a stored object first; only then
 * is the database written, under a temporary name, and moved into place
 * whole (fsync, rename, fsync of the folder).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rp-catalogue-builder-private.h"
#include "rp-catalogue-schema.h"
#include "rp-error.h"
#include "rp-manifest.h"
#include "rp-object-store.h"
#include "rp-search-indexer.h"

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
  type = rp_catalogue_source_sniff_type (object_path);
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

/* The loaded entries as rows with rowids from @first_rowid on; with
 * @header, the metadata and categories too. */
static gboolean
write_rows (RpCatalogueBuilder *self,
            sqlite3            *db,
            GHashTable         *resolved,
            gint64              first_rowid,
            gboolean            header,
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
                          "INSERT INTO attachments (entry, position, path, title, type, sha256, size, broken)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &attachment, NULL) ||
      sqlite3_prepare_v2 (db, "INSERT INTO related (entry, position, related_id) VALUES (?, ?, ?)",
                          -1, &related, NULL))
    {
      rp_sql_fail (db, "prepare the catalogue database", error);
      goto out;
    }

  if (header)
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

  for (guint i = 0; header && i < self->categories->len; i++)
    {
      RpSourceCategory *c = g_ptr_array_index (self->categories, i);

      sqlite3_bind_text (category, 1, c->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (category, 2, c->name, -1, SQLITE_STATIC);
      bind_text_or_null (category, 3, c->parent);
      sqlite3_bind_int (category, 4, i);
      if (!step_done (db, category, "write a category", error))
        goto out;
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      RpSourceEntry *e = g_ptr_array_index (self->entries, i);
      g_autofree char *keywords = NULL;
      gint64 rowid = first_rowid + i;

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
          RpSourceFile *f = g_ptr_array_index (e->files, j);
          Resolved *r = g_hash_table_lookup (resolved, f->path);

          sqlite3_bind_int64 (attachment, 1, rowid);
          sqlite3_bind_int (attachment, 2, j);
          sqlite3_bind_text (attachment, 3, f->path, -1, SQLITE_STATIC);
          bind_text_or_null (attachment, 4, f->title);
          sqlite3_bind_text (attachment, 5, r->type, -1, SQLITE_STATIC);
          sqlite3_bind_text (attachment, 6, r->sha256, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (attachment, 7, (gint64) r->size);
          bind_text_or_null (attachment, 8, self->broken ? g_hash_table_lookup (self->broken, f->path) : NULL);
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
    if (!rp_catalogue_source_foreach_file (self, visit_resolve, &closure, error))
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
  if (!write_rows (self, db, resolved, 1, TRUE, error))
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

/* --- an incremental install (issue 18) ------------------------------------- */

/* After the update, what a full build's validation would have refused:
 * a related id that names no entry (entries of unchanged chunks may name
 * entries of changed ones) and a count of entries other than the
 * manifest's. */
static gboolean
check_whole (sqlite3 *db,
             guint    n_entries,
             GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  if (sqlite3_prepare_v2 (db,
                          "SELECT e.id, r.position, r.related_id FROM related r JOIN entries e ON e.rowid = r.entry"
                          " WHERE r.related_id NOT IN (SELECT id FROM entries) LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return rp_sql_fail (db, "check related entries", error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE, "Entry “%s”, field “related[%d]”: unknown entry “%s”",
                   sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1), sqlite3_column_text (stmt, 2));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  count = rp_sql_query_int (db, "SELECT count(*) FROM entries");
  if (count != n_entries)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "The updated catalogue has %" G_GINT64_FORMAT " entries, its manifest says %u", count, n_entries);
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_catalogue_builder_update (RpCatalogueBuilder *self,
                             const char         *db_path,
                             GPtrArray          *gone,
                             guint               n_entries,
                             guint              *out_n_deleted,
                             RpObjectStore      *store,
                             RpFileResolver      resolver,
                             gpointer            resolver_data,
                             GError            **error)
{
  g_autoptr(GHashTable) resolved = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *dirty = NULL;
  gboolean ok = FALSE;
  gint64 first_rowid;

  g_return_val_if_fail (RP_IS_CATALOGUE_BUILDER (self), FALSE);

  resolved = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) resolved_free);
  {
    ResolveClosure closure = { store, resolver, resolver_data, resolved };
    if (!rp_catalogue_source_foreach_file (self, visit_resolve, &closure, error))
      return FALSE;
  }
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "open the copy of the catalogue database", error);
      goto out;
    }
  /* No journal, as for a full build: the file is private until renamed. */
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;"
                    "CREATE TEMP TABLE gone_ids (id TEXT PRIMARY KEY) WITHOUT ROWID;",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO temp.gone_ids (id) VALUES (?)", -1, &dirty, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "prepare the update", error);
      goto out;
    }
  for (guint i = 0; i < gone->len; i++)
    {
      sqlite3_bind_text (dirty, 1, g_ptr_array_index (gone, i), -1, SQLITE_STATIC);
      if (sqlite3_step (dirty) != SQLITE_DONE)
        {
          rp_sql_fail (db, "list the changed entries", error);
          goto out;
        }
      sqlite3_reset (dirty);
    }
  /* Changed and deleted entries go; changed and added ones come in. */
  if (sqlite3_exec (db, "CREATE TEMP TABLE gone AS SELECT rowid AS entry FROM entries"
                    " WHERE id IN (SELECT id FROM temp.gone_ids)", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "find the changed entries", error);
      goto out;
    }
  *out_n_deleted = rp_sql_query_int (db, "SELECT count(*) FROM temp.gone");
  if (!rp_search_index_delete_entries (db, error))
    goto out;
  first_rowid = rp_sql_query_int (db, "SELECT coalesce (max (rowid), 0) + 1 FROM entries");
  if (first_rowid < 1 || !write_rows (self, db, resolved, first_rowid, FALSE, error) ||
      !rp_search_index_add_entries (db, store, self->page_texts, first_rowid, error) ||
      !check_whole (db, n_entries, error))
    goto out;
  if (sqlite3_exec (db, "DROP TABLE temp.gone; DROP TABLE temp.gone_ids; COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "finish the update", error);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_finalize (dirty);
  if (db != NULL && sqlite3_close (db) != SQLITE_OK && ok)
    ok = rp_sql_fail (db, "close the catalogue database", error);
  return ok && fsync_path (db_path, error);
}
