/* rp-state-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rp-error.h"
#include "rp-state-db.h"

struct _RpStateDb
{
  GObject  parent_instance;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (RpStateDb, rp_state_db, G_TYPE_OBJECT)

/* The "previous hash" of the first audit row. */
#define EMPTY_HEAD "0000000000000000000000000000000000000000000000000000000000000000"

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=FULL;"
  "CREATE TABLE IF NOT EXISTS installed ("
  "  channel TEXT NOT NULL, version INTEGER NOT NULL, bundle TEXT NOT NULL,"
  "  key_id TEXT, origin TEXT, at TEXT NOT NULL, PRIMARY KEY (channel, version));"
  "CREATE TABLE IF NOT EXISTS sync_log ("
  "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, origin TEXT, channel TEXT, version INTEGER,"
  "  outcome TEXT NOT NULL, message TEXT);"
  "CREATE TABLE IF NOT EXISTS audit_log ("
  "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
  "  detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS etags ("
  "  origin TEXT NOT NULL, path TEXT NOT NULL, etag TEXT NOT NULL, PRIMARY KEY (origin, path));"
  "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT);";

static void
rp_state_db_finalize (GObject *object)
{
  RpStateDb *self = RP_STATE_DB (object);

  g_clear_pointer (&self->db, sqlite3_close);

  G_OBJECT_CLASS (rp_state_db_parent_class)->finalize (object);
}

static void
rp_state_db_class_init (RpStateDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_state_db_finalize;
}

static void
rp_state_db_init (RpStateDb *self)
{
}

static gboolean
db_error (RpStateDb  *self,
          const char *what,
          GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "state.db: cannot %s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

RpStateDb *
rp_state_db_open (const char *path,
                  GError    **error)
{
  g_autoptr(RpStateDb) self = g_object_new (RP_TYPE_STATE_DB, NULL);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      db_error (self, "open", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 10000);
  if (sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    {
      db_error (self, "create tables", error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static sqlite3_stmt *
prepare (RpStateDb  *self,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  return stmt;
}

gboolean
rp_state_db_count_start (RpStateDb *self,
                         GError   **error)
{
  g_return_val_if_fail (RP_IS_STATE_DB (self), FALSE);

  if (sqlite3_exec (self->db,
                    "INSERT INTO settings (key, value) VALUES ('gui-starts', '1')"
                    " ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot count a start in state.db: %s",
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_state_db_set_last_verify (RpStateDb  *self,
                             gboolean    ok,
                             const char *message,
                             GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt;
  gboolean done;

  g_return_val_if_fail (RP_IS_STATE_DB (self), FALSE);

  stmt = prepare (self, "INSERT OR REPLACE INTO settings (key, value) VALUES"
                        " ('last-verify-at', ?1), ('last-verify-outcome', ?2), ('last-verify-error', ?3)");
  if (stmt == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot record the verify in state.db: %s",
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ok ? "ok" : "failed", -1, SQLITE_STATIC);
  if (message != NULL)
    sqlite3_bind_text (stmt, 3, message, -1, SQLITE_TRANSIENT);
  done = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!done)
    g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot record the verify in state.db: %s",
                 sqlite3_errmsg (self->db));
  return done;
}

gboolean
rp_state_db_get_last_verify (RpStateDb *self,
                             char     **out_at,
                             gboolean  *out_ok,
                             char     **out_message)
{
  sqlite3_stmt *stmt;
  g_autofree char *at = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (RP_IS_STATE_DB (self), FALSE);

  stmt = prepare (self, "SELECT key, value FROM settings WHERE key LIKE 'last-verify-%'");
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (key, "last-verify-at") == 0)
        {
          g_free (at);
          at = g_strdup (value);
        }
      else if (g_strcmp0 (key, "last-verify-outcome") == 0)
        {
          g_free (outcome);
          outcome = g_strdup (value);
        }
      else if (g_strcmp0 (key, "last-verify-error") == 0)
        {
          g_free (message);
          message = g_strdup (value);
        }
    }
  sqlite3_finalize (stmt);
  if (at == NULL || outcome == NULL)
    return FALSE;
  if (out_ok)
    *out_ok = g_str_equal (outcome, "ok");
  if (out_at)
    *out_at = g_steal_pointer (&at);
  if (out_message)
    *out_message = g_steal_pointer (&message);
  return TRUE;
}

gint64
rp_state_db_get_starts (RpStateDb *self)
{
  sqlite3_stmt *stmt;
  gint64 starts = 0;

  g_return_val_if_fail (RP_IS_STATE_DB (self), 0);

  stmt = prepare (self, "SELECT CAST (value AS INTEGER) FROM settings WHERE key = 'gui-starts'");
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    starts = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return starts;
}

gint64
rp_state_db_get_max_version (RpStateDb  *self,
                             const char *channel)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT MAX(version) FROM installed WHERE channel = ?");
  gint64 version = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, channel, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
rp_state_db_record_install (RpStateDb  *self,
                            const char *channel,
                            gint64      version,
                            const char *bundle,
                            const char *key_id,
                            const char *origin,
                            GError    **error)
{
  g_autofree char *at = now_text ();
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT OR REPLACE INTO installed (channel, version, bundle, key_id, origin, at)"
                                " VALUES (?, ?, ?, ?, ?, ?)");
  int rc;

  if (stmt == NULL)
    return db_error (self, "record the install", error);
  sqlite3_bind_text (stmt, 1, channel, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, bundle, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, key_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, origin, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, at, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : db_error (self, "record the install", error);
}

void
rp_state_db_log_sync (RpStateDb  *self,
                      const char *origin,
                      const char *channel,
                      gint64      version,
                      const char *outcome,
                      const char *message)
{
  g_autofree char *at = now_text ();
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO sync_log (at, origin, channel, version, outcome, message)"
                                " VALUES (?, ?, ?, ?, ?, ?)");

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, origin, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, channel, -1, SQLITE_STATIC);
  if (version > 0)
    sqlite3_bind_int64 (stmt, 4, version);
  sqlite3_bind_text (stmt, 5, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, message, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

char *
rp_state_db_get_last_sync (RpStateDb *self)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT at, outcome, message FROM sync_log ORDER BY id DESC LIMIT 1");
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *message = (const char *) sqlite3_column_text (stmt, 2);
      text = g_strdup_printf ("%s %s%s%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                              message ? ": " : "", message ? message : "");
    }
  sqlite3_finalize (stmt);
  return text;
}

gboolean
rp_state_db_get_last_sync_parts (RpStateDb *self,
                                 char     **out_at,
                                 char     **out_outcome,
                                 char     **out_message)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT at, outcome, message FROM sync_log ORDER BY id DESC LIMIT 1");
  gboolean found = FALSE;

  *out_at = *out_outcome = *out_message = NULL;
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *out_outcome = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *out_message = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

static char *
chain_hash (const char *prev,
            const char *at,
            const char *actor,
            const char *action,
            const char *detail)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { prev, at, actor, action, detail };

  /* NUL separators: no field can shift bytes into its neighbour. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_checksum_update (checksum, (const guchar *) parts[i], strlen (parts[i]) + 1);
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
rp_state_db_audit (RpStateDb  *self,
                   const char *actor,
                   const char *action,
                   const char *detail,
                   GError    **error)
{
  g_autofree char *at = now_text ();
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* BEGIN IMMEDIATE: two processes must not chain onto the same row. */
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return db_error (self, "write the audit log", error);
  stmt = prepare (self, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    prev = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (prev == NULL)
    prev = g_strdup (EMPTY_HEAD);
  hash = chain_hash (prev, at, actor, action, detail ? detail : "");
  stmt = prepare (self, "INSERT INTO audit_log (at, actor, action, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?)");
  if (stmt == NULL)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return db_error (self, "write the audit log", error);
    }
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, detail ? detail : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return db_error (self, "write the audit log", error);
    }
  return TRUE;
}

gboolean
rp_state_db_verify_audit_chain (RpStateDb  *self,
                                gint64      anchor_seq,
                                const char *anchor_hash,
                                gint64     *out_n_rows,
                                GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *prev = g_strdup (EMPTY_HEAD);
  gint64 n = 0;
  gboolean anchor_seen = FALSE;

  g_return_val_if_fail (RP_IS_STATE_DB (self), FALSE);

  stmt = prepare (self, "SELECT id, at, actor, action, detail, prev, hash FROM audit_log ORDER BY id");
  if (stmt == NULL)
    return db_error (self, "read the audit log", error);
  /* An anchor at 0 rows is the empty chain: anything extends it. */
  if (anchor_hash != NULL && anchor_seq == 0)
    anchor_seen = g_ascii_strcasecmp (anchor_hash, EMPTY_HEAD) == 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *row_prev = (const char *) sqlite3_column_text (stmt, 5);
      const char *row_hash = (const char *) sqlite3_column_text (stmt, 6);
      g_autofree char *hash = chain_hash (prev, (const char *) sqlite3_column_text (stmt, 1),
                                          (const char *) sqlite3_column_text (stmt, 2),
                                          (const char *) sqlite3_column_text (stmt, 3),
                                          (const char *) sqlite3_column_text (stmt, 4));

      if (g_strcmp0 (row_prev, prev) != 0 || g_strcmp0 (row_hash, hash) != 0)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_DATABASE,
                       "The audit log was altered at row %" G_GINT64_FORMAT " (its hash chain breaks there)",
                       (gint64) sqlite3_column_int64 (stmt, 0));
          sqlite3_finalize (stmt);
          return FALSE;
        }
      g_free (prev);
      prev = g_strdup (row_hash);
      n++;
      if (anchor_hash != NULL && n == anchor_seq)
        {
          if (g_ascii_strcasecmp (row_hash, anchor_hash) != 0)
            {
              g_set_error (error, RP_ERROR, RP_ERROR_DATABASE,
                           "The audit log does not match the anchor: row %" G_GINT64_FORMAT " has hash %.16s…, "
                           "the anchor says %.16s… (rows up to there were rewritten or replaced)",
                           n, row_hash, anchor_hash);
              sqlite3_finalize (stmt);
              return FALSE;
            }
          anchor_seen = TRUE;
        }
    }
  sqlite3_finalize (stmt);
  if (anchor_hash != NULL && !anchor_seen)
    {
      if (n < anchor_seq)
        g_set_error (error, RP_ERROR, RP_ERROR_DATABASE,
                     "The audit log was truncated: it has %" G_GINT64_FORMAT " rows, the anchor says at least %"
                     G_GINT64_FORMAT, n, anchor_seq);
      else
        g_set_error (error, RP_ERROR, RP_ERROR_DATABASE,
                     "The audit log does not match the anchor at row %" G_GINT64_FORMAT, anchor_seq);
      return FALSE;
    }
  if (out_n_rows)
    *out_n_rows = n;
  return TRUE;
}

gboolean
rp_state_db_check_audit_chain (RpStateDb *self,
                               guint     *out_n_rows,
                               GError   **error)
{
  gint64 n = 0;

  if (!rp_state_db_verify_audit_chain (self, 0, NULL, &n, error))
    return FALSE;
  if (out_n_rows)
    *out_n_rows = (guint) MIN (n, G_MAXUINT);
  return TRUE;
}

gboolean
rp_state_db_get_audit_head (RpStateDb *self,
                            gint64    *out_seq,
                            char     **out_hash,
                            GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  char *hash = NULL;

  g_return_val_if_fail (RP_IS_STATE_DB (self), FALSE);

  /* One read transaction: the count and the newest hash describe the
   * same chain even while the kiosk appends. */
  stmt = prepare (self, "SELECT (SELECT count(*) FROM audit_log),"
                        " (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)");
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return db_error (self, "read the audit log", error);
    }
  seq = sqlite3_column_int64 (stmt, 0);
  hash = g_strdup (sqlite3_column_type (stmt, 1) == SQLITE_NULL ? EMPTY_HEAD
                                                                 : (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  if (out_seq)
    *out_seq = seq;
  if (out_hash)
    *out_hash = hash;
  else
    g_free (hash);
  return TRUE;
}

gboolean
rp_state_db_parse_audit_anchor (const char *text,
                                gint64     *out_seq,
                                char      **out_hash,
                                GError    **error)
{
  const char *colon = text ? strchr (text, ':') : NULL;
  g_autofree char *seq_text = NULL;
  guint64 seq = 0;

  if (colon == NULL || strlen (colon + 1) != 64 ||
      !g_ascii_string_to_unsigned ((seq_text = g_strndup (text, colon - text)), 10, 0, G_MAXINT64, &seq, NULL))
    goto bad;
  for (const char *p = colon + 1; *p; p++)
    if (!g_ascii_isxdigit (*p))
      goto bad;
  if (out_seq)
    *out_seq = (gint64) seq;
  if (out_hash)
    *out_hash = g_ascii_strdown (colon + 1, -1);
  return TRUE;

bad:
  g_set_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY,
               "“%s” is not an audit anchor: expected SEQ:HASH (rows, a colon, 64 hex digits), "
               "as status --json prints in audit_head",
               text ? text : "");
  return FALSE;
}

char *
rp_state_db_get_etag (RpStateDb  *self,
                      const char *origin,
                      const char *path)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT etag FROM etags WHERE origin = ? AND path = ?");
  char *etag = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    etag = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return etag;
}

void
rp_state_db_set_etag (RpStateDb  *self,
                      const char *origin,
                      const char *path,
                      const char *etag)
{
  sqlite3_stmt *stmt;

  if (etag == NULL)
    stmt = prepare (self, "DELETE FROM etags WHERE origin = ?1 AND path = ?2");
  else
    stmt = prepare (self, "INSERT OR REPLACE INTO etags (origin, path, etag) VALUES (?1, ?2, ?3)");
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, origin, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  if (etag != NULL)
    sqlite3_bind_text (stmt, 3, etag, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

GStrv
rp_state_db_list_audit (RpStateDb *self,
                        guint      limit)
{
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RP_IS_STATE_DB (self), NULL);

  stmt = prepare (self, "SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?");
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, limit);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *row = g_strdup_printf ("%s  %s  %s  %s", sqlite3_column_text (stmt, 0),
                                                  sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                                                  sqlite3_column_text (stmt, 3));
          g_strv_builder_add (rows, row);
        }
      sqlite3_finalize (stmt);
    }
  return g_strv_builder_end (rows);
}
