/* rp-usage-migrate.c — usage.db files from before issue 12
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rp-error.h"
#include "rp-usage.h"
#include "rp-usage-private.h"

static gboolean
sql_error (sqlite3    *db,
           const char *what,
           GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s in the usage counters: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3    *db,
      const char *sql,
      const char *what,
      GError    **error)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK ? TRUE : sql_error (db, what, error);
}

static gboolean
query_exists (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
table_exists (sqlite3    *db,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* A batch prepared under the old rules may name terms that reached k by
 * one resident's retyping: its payload is exported again, under the same
 * name (a retry overwrites the same file on the origin), or dropped to be
 * prepared afresh when its site id cannot be read back. */
static gboolean
reexport_pending_uploads (RpUsage *self,
                          GError **error)
{
  sqlite3 *db = rp_usage_get_db (self);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (!table_exists (db, "uploads"))
    return TRUE;
  if (sqlite3_prepare_v2 (db, "SELECT name, first, last, payload FROM uploads WHERE done = 0", -1, &stmt,
                          NULL) != SQLITE_OK)
    return sql_error (db, "read pending uploads", error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *first = (const char *) sqlite3_column_text (stmt, 1);
      const char *last = (const char *) sqlite3_column_text (stmt, 2);
      const char *site_id = NULL;
      JsonNode *root;

      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 3), -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        site_id = json_object_get_string_member_with_default (json_node_get_object (root), "site_id", NULL);
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (payloads, site_id ? rp_usage_export (self, first, last, site_id, RP_USAGE_FORMAT_JSON, NULL)
                                         : NULL);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < names->len; i++)
    {
      const char *payload = g_ptr_array_index (payloads, i);
      gboolean ok;

      if (sqlite3_prepare_v2 (db,
                              payload ? "UPDATE uploads SET payload = ?2 WHERE name = ?1"
                                      : "DELETE FROM uploads WHERE name = ?1",
                              -1, &stmt, NULL) != SQLITE_OK)
        return sql_error (db, "renew a pending upload", error);
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (names, i), -1, SQLITE_STATIC);
      if (payload)
        sqlite3_bind_text (stmt, 2, payload, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_finalize (stmt);
      if (!ok)
        return sql_error (db, "renew a pending upload", error);
    }
  return TRUE;
}

/* Files from before issue 12 kept rare terms as keyed hashes, with the key
 * in the same file, and promoted a term's text on raw counts that one
 * resident could reach alone. Neither can be trusted: every old search
 * counter becomes its day's "other" count (totals stay right), the text
 * table and the key go, and VACUUM rewrites the file so no free page keeps
 * them (secure_delete has zeroed the deleted cells already). */
gboolean
rp_usage_migrate_hashed_terms (RpUsage *self,
                               GError **error)
{
  sqlite3 *db = rp_usage_get_db (self);
  gboolean has_terms = table_exists (db, "terms");
  gboolean has_key = table_exists (db, "meta") && query_exists (db, "SELECT 1 FROM meta WHERE key = 'term-key'");

  if (!has_terms && !has_key)
    return TRUE;
  if (!exec (db, "BEGIN IMMEDIATE", "forget hashed search terms", error))
    return FALSE;
  if (!exec (db,
             "INSERT INTO counters (day, kind, subject, count)"
             "  SELECT day, kind, '" RP_USAGE_OTHER_SUBJECT "', sum(count) FROM counters"
             "  WHERE kind IN ('search', 'search-no-result') AND subject <> '" RP_USAGE_OTHER_SUBJECT "'"
             "  GROUP BY day, kind"
             "  ON CONFLICT (day, kind, subject) DO UPDATE SET count = count + excluded.count;"
             "DELETE FROM counters WHERE kind IN ('search', 'search-no-result')"
             "  AND subject <> '" RP_USAGE_OTHER_SUBJECT "';"
             "DROP TABLE IF EXISTS terms;",
             "forget hashed search terms", error) ||
      (has_key && !exec (db, "DELETE FROM meta WHERE key = 'term-key';", "forget the term key", error)) ||
      !reexport_pending_uploads (self, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!exec (db, "COMMIT", "forget hashed search terms", error))
    return FALSE;
  /* The meta table held nothing but the key. */
  if (has_key && !query_exists (db, "SELECT 1 FROM meta") &&
      !exec (db, "DROP TABLE meta", "forget the term key", error))
    return FALSE;
  /* secure_delete has zeroed what was deleted; VACUUM also gives back the
   * pages. Another process holding the file only delays that. */
  if (sqlite3_exec (db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Usage counters not vacuumed yet: %s", sqlite3_errmsg (db));
  return TRUE;
}
