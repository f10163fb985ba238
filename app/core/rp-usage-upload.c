/* rp-usage-upload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <sys/random.h>

#include "rp-bundle.h"
#include "rp-data-dir.h"
#include "rp-error.h"
#include "rp-identity.h"
#include "rp-manifest.h"
#include "rp-minisign.h"
#include "rp-state-db.h"
#include "rp-usage-private.h"
#include "rp-usage-upload.h"

#define DEFAULT_ATTEMPTS  5
#define DEFAULT_DELAY_MS  2000
#define MAX_DELAY_MS      60000
#define DEFAULT_TIMEOUT_S 30

void
rp_usage_batch_free (RpUsageBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->name);
  g_free (batch->first);
  g_free (batch->last);
  g_free (batch);
}

gboolean
rp_usage_site_id_is_valid (const char *site_id)
{
  gsize len;

  if (site_id == NULL || (len = strlen (site_id)) == 0 || len > 64 || site_id[0] == '.')
    return FALSE;
  for (const char *p = site_id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

char *
rp_usage_upload_url (const char *origin,
                     const char *site_id,
                     const char *name)
{
  g_autofree char *base = g_strdup (origin);
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';
  return g_strdup_printf ("%s/usage/%s/%s", base, site_id, name);
}

static gboolean
sql_error (RpUsage    *usage,
           const char *what,
           GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s in the usage counters: %s", what,
               sqlite3_errmsg (rp_usage_get_db (usage)));
  return FALSE;
}

static char *
query_string (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static char *
shift_day (const char *day,
           int         days)
{
  g_autoptr(GDateTime) d = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  int y, m, dd;

  if (sscanf (day, "%d-%d-%d", &y, &m, &dd) != 3)
    return NULL;
  d = g_date_time_new_utc (y, m, dd, 12, 0, 0);
  if (d == NULL)
    return NULL;
  shifted = g_date_time_add_days (d, days);
  return g_date_time_format (shifted, "%Y-%m-%d");
}

static char *
data_dir_of (sqlite3 *db)
{
  const char *usage_path = sqlite3_db_filename (db, "main");

  return usage_path && *usage_path ? g_path_get_dirname (usage_path) : NULL;
}

/* Issue 12, finding 9: each report carries the head of the terminal's
 * audit chain (state.db beside usage.db), so the office holds an anchor
 * the kiosk user cannot take back; `readingpoint-admin audit verify
 * --anchor` then detects deleted newest rows. Best effort: no state.db (a
 * desktop without admin use) leaves the report without one. */
static void
add_audit_head (RpStateDb  *state,
                JsonObject *report)
{
  g_autofree char *hash = NULL;
  JsonObject *head;
  gint64 seq = 0;

  if (state == NULL || !rp_state_db_get_audit_head (state, &seq, &hash, NULL))
    return;
  head = json_object_new ();
  json_object_set_int_member (head, "seq", seq);
  json_object_set_string_member (head, "hash", hash);
  json_object_set_object_member (report, "audit_head", head);
}

static char *
format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = time ? g_date_time_to_utc (time) : NULL;

  return utc ? g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* Issue 15: what the office needs to know about the terminal, and nothing
 * about its users or its place: versions, the last sync's outcome, free
 * disk. Each part is best effort; a missing part is null, never a guess.
 * Restarts and documents that failed to render are not recorded anywhere
 * on a terminal yet, so the block does not carry them. */
static JsonObject *
build_status (const char *data_dir,
              RpStateDb  *state,
              GDateTime  *now)
{
  JsonObject *status = json_object_new ();
  g_autoptr(RpDataDir) dd = data_dir ? rp_data_dir_new (data_dir) : NULL;
  g_autoptr(RpBundle) bundle = dd ? rp_data_dir_open_current (dd, NULL) : NULL;
  g_autofree char *at = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *message = NULL;

  json_object_set_string_member (status, "app_version", PACKAGE_VERSION);
  if (bundle != NULL)
    {
      RpManifest *manifest = rp_bundle_get_manifest (bundle);
      JsonObject *installed = json_object_new ();
      g_autofree char *issued = format_utc (rp_manifest_get_issued (manifest));
      g_autofree char *expires = format_utc (rp_manifest_get_expires (manifest));

      json_object_set_string_member (status, "channel", rp_manifest_get_channel (manifest));
      json_object_set_int_member (installed, "version", rp_manifest_get_version (manifest));
      set_string_or_null (installed, "issued", issued);
      set_string_or_null (installed, "expires", expires);
      json_object_set_boolean_member (installed, "expired", rp_manifest_is_expired (manifest, now));
      json_object_set_object_member (status, "installed", installed);
    }
  else
    {
      json_object_set_null_member (status, "channel");
      json_object_set_null_member (status, "installed");
    }

  if (state != NULL && rp_state_db_get_last_sync_parts (state, &at, &outcome, &message))
    {
      JsonObject *sync = json_object_new ();

      set_string_or_null (sync, "at", at);
      set_string_or_null (sync, "outcome", outcome);
      set_string_or_null (sync, "error", message);
      json_object_set_object_member (status, "last_sync", sync);
    }
  else
    json_object_set_null_member (status, "last_sync");
  /* Starts of the reading program, ever: the office subtracts the
   * previous report's figure to count restarts (crashes, watchdog kills,
   * power cuts) in between. */
  if (state != NULL)
    json_object_set_int_member (status, "starts", rp_state_db_get_starts (state));
  {
    g_autofree char *verify_at = NULL;
    g_autofree char *verify_error = NULL;
    gboolean verify_ok = FALSE;

    if (state != NULL && rp_state_db_get_last_verify (state, &verify_at, &verify_ok, &verify_error))
      {
        JsonObject *verify = json_object_new ();

        set_string_or_null (verify, "at", verify_at);
        json_object_set_boolean_member (verify, "ok", verify_ok);
        set_string_or_null (verify, "error", verify_error);
        json_object_set_object_member (status, "last_verify", verify);
      }
    else
      json_object_set_null_member (status, "last_verify");
  }

  if (data_dir != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (data_dir);
      g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

      if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
        json_object_set_int_member (status, "free_disk_bytes",
                                    (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));
    }
  return status;
}

/* The report's sequence and the signatures of prepared reports; in
 * usage.db so that a report and its number are recorded together. */
static gboolean
ensure_report_tables (RpUsage *usage,
                      GError **error)
{
  if (sqlite3_exec (rp_usage_get_db (usage),
                    "CREATE TABLE IF NOT EXISTS report_state ("
                    "  key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                    "CREATE TABLE IF NOT EXISTS report_signatures ("
                    "  name TEXT PRIMARY KEY, signature TEXT NOT NULL) WITHOUT ROWID;",
                    NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (usage, "create the report tables", error);
  return TRUE;
}

static gboolean
set_state (sqlite3    *db,
           const char *key,
           const char *value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO report_state (key, value) VALUES (?, ?)", -1, &stmt, NULL) !=
      SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok;
}

/* Turns an export (or NULL: a status-only report) into a signed report and
 * records it as the pending batch, with the next sequence number, in one
 * transaction: a number is used only by a recorded report, and never
 * twice. */
static gboolean
record_signed_report (RpUsage    *usage,
                      const char *site_id,
                      const char *export_json,
                      const char *first,
                      const char *last,
                      GDateTime  *now,
                      GError    **error)
{
  sqlite3 *db = rp_usage_get_db (usage);
  g_autofree char *data_dir = data_dir_of (db);
  g_autofree char *state_path = data_dir ? rp_data_dir_build_state_path (data_dir) : NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(RpMinisignSecretKey) key = NULL;
  g_autoptr(RpMinisignKey) public_key = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *seq_text = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *prepared = format_utc (now);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *key_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *period = NULL;
  g_autofree char *next_text = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *report;
  gint64 sequence;
  guint8 random[8];
  char hex[2 * sizeof random + 1];
  gboolean ok;

  if (data_dir == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Usage reports are signed with the terminal key; an in-memory usage "
                   "database has no data directory to keep one");
      return FALSE;
    }
  key = rp_identity_load_or_create (data_dir, error);
  if (key == NULL)
    return FALSE;
  public_key = rp_minisign_secret_key_get_public (key);
  key_id = rp_minisign_key_get_id (public_key);
  if (state_path != NULL && g_file_test (state_path, G_FILE_TEST_IS_REGULAR))
    state = rp_state_db_open (state_path, NULL);

  if (export_json != NULL)
    {
      if (!json_parser_load_from_data (parser, export_json, -1, error))
        return FALSE;
      root = json_node_copy (json_parser_get_root (parser));
    }
  else
    {
      /* Nothing new counted: the daily status report. */
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "format", 1);
      json_object_set_string_member (o, "site_id", site_id);
      json_object_set_null_member (o, "period");
      json_object_set_array_member (o, "counters", json_array_new ());
      root = json_node_init_object (json_node_alloc (), o);
      json_object_unref (o);
    }
  report = json_node_get_object (root);
  add_audit_head (state, report);
  json_object_set_object_member (report, "status", build_status (data_dir, state, now));

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (usage, "prepare a report", error);
  seq_text = query_string (db, "SELECT value FROM report_state WHERE key = 'sequence'");
  sequence = (seq_text ? g_ascii_strtoll (seq_text, NULL, 10) : 0) + 1;
  json_object_set_int_member (report, "sequence", sequence);
  json_object_set_string_member (report, "key_id", key_id);
  json_object_set_string_member (report, "prepared", prepared);

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  payload = json_generator_to_data (generator, NULL);

  period = first ? g_strdup_printf ("%s_%s", first, last) : g_strdup ("status");
  comment = g_strdup_printf ("site:%s\tsequence:%" G_GINT64_FORMAT "\tperiod:%s\tprepared:%s", site_id, sequence,
                             period, prepared);
  signature = rp_minisign_sign (key, (const guint8 *) payload, strlen (payload), comment);

  /* A fresh random name per batch: nothing in it is about the terminal. */
  if (getrandom (random, sizeof random, 0) != sizeof random)
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot get random bytes: %s", g_strerror (errno));
      return FALSE;
    }
  for (guint i = 0; i < sizeof random; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", random[i]);
  if (first == NULL)
    name = g_strdup_printf ("status-%s-%s.json", today, hex);
  else if (g_str_equal (first, last))
    name = g_strdup_printf ("%s-%s.json", first, hex);
  else
    name = g_strdup_printf ("%s_%s-%s.json", first, last, hex);

  ok = sqlite3_prepare_v2 (db, "INSERT INTO uploads (name, first, last, payload, done) VALUES (?, ?, ?, ?, 0)", -1,
                           &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, first ? first : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, last ? last : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok)
    ok = sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO report_signatures (name, signature) VALUES (?, ?)", -1,
                             &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, signature, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  next_text = g_strdup_printf ("%" G_GINT64_FORMAT, sequence);
  ok = ok && set_state (db, "sequence", next_text) && set_state (db, "last_report_day", today);
  if (!ok || sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_error (usage, "record a report", error);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_pending (sqlite3 *db)
{
  g_autofree char *n = query_string (db, "SELECT count(*) FROM uploads WHERE done = 0");
  return n != NULL && g_strcmp0 (n, "0") != 0;
}

gboolean
rp_usage_upload_prepare (RpUsage    *usage,
                         const char *site_id,
                         GDateTime  *today,
                         GError    **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GDateTime) now = today ? g_date_time_ref (today) : g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday_time = g_date_time_add_days (now, -1);
  g_autofree char *yesterday = g_date_time_format (yesterday_time, "%Y-%m-%d");
  g_autofree char *reported = NULL;
  g_autofree char *first = NULL;
  g_autofree char *payload = NULL;
  gboolean ok;

  g_return_val_if_fail (RP_IS_USAGE (usage), FALSE);

  if (!rp_usage_site_id_is_valid (site_id))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "The site id “%s” is not usable: set site-id to letters, digits, '-', '_' or '.'",
                   site_id ? site_id : "");
      return FALSE;
    }
  db = rp_usage_get_db (usage);
  if (!ensure_report_tables (usage, error))
    return FALSE;
  /* One batch in flight at a time: its period must not change between
   * retries, and the next period starts where it ends. */
  if (has_pending (db))
    return TRUE;

  reported = query_string (db, "SELECT max(last) FROM uploads WHERE last <> ''");
  if (reported != NULL)
    first = shift_day (reported, 1);
  else
    first = query_string (db, "SELECT min(day) FROM counters");
  if (first != NULL && strcmp (first, yesterday) <= 0)
    {
      if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM counters WHERE day BETWEEN ? AND ?", -1, &stmt, NULL) !=
          SQLITE_OK)
        return sql_error (usage, "prepare an upload", error);
      sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, yesterday, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
      sqlite3_finalize (stmt);
      if (ok)
        {
          payload = rp_usage_export_as_of (usage, first, yesterday, site_id, RP_USAGE_FORMAT_JSON, now, error);
          if (payload == NULL)
            return FALSE;
          return record_signed_report (usage, site_id, payload, first, yesterday, now, error);
        }
    }

  /* Nothing new counted: still a status report once a day, so the office
   * tells a quiet terminal from a dead one. */
  {
    g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *last_day = query_string (db, "SELECT value FROM report_state WHERE key = 'last_report_day'");

    if (last_day != NULL && strcmp (last_day, today_text) >= 0)
      return TRUE;
  }
  return record_signed_report (usage, site_id, NULL, NULL, NULL, now, error);
}

GPtrArray *
rp_usage_upload_list (RpUsage *usage,
                      GError **error)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_usage_batch_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (RP_IS_USAGE (usage), NULL);

  if (sqlite3_prepare_v2 (rp_usage_get_db (usage), "SELECT name, first, last, done FROM uploads ORDER BY first",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (usage, "list uploads", error);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RpUsageBatch *b = g_new0 (RpUsageBatch, 1);

      b->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      b->first = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      b->last = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      b->done = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (batches, b);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&batches);
}

static gboolean
sleep_cancellable (guint         ms,
                   GCancellable *cancellable)
{
  for (guint waited = 0; waited < ms; waited += 50)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (50 * 1000);
    }
  return !g_cancellable_is_cancelled (cancellable);
}

static gboolean
put_once (SoupSession  *session,
          const char   *url,
          GBytes       *body,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_PUT, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status;

  if (msg == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "“%s” is not a valid URL", url);
      return FALSE;
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot send the usage report to %s: %s", url,
                   local_error->message);
      return FALSE;
    }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "The origin refused the usage report %s: HTTP %u %s", url,
                   status, soup_message_get_reason_phrase (msg));
      return FALSE;
    }
  return TRUE;
}

static gboolean
mark_done (RpUsage    *usage,
           const char *name,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  /* The payload is not needed once acknowledged; the row stays so the
   * period is never exported again. */
  if (sqlite3_prepare_v2 (rp_usage_get_db (usage), "UPDATE uploads SET done = 1, payload = '' WHERE name = ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    return sql_error (usage, "mark an upload done", error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (ok)
    {
      if (sqlite3_prepare_v2 (rp_usage_get_db (usage), "DELETE FROM report_signatures WHERE name = ?", -1, &stmt,
                              NULL) != SQLITE_OK)
        return sql_error (usage, "mark an upload done", error);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_finalize (stmt);
    }
  return ok ? TRUE : sql_error (usage, "mark an upload done", error);
}

gboolean
rp_usage_upload_run (RpUsage                    *usage,
                     const char                 *origin,
                     const char                 *site_id,
                     const RpUsageUploadOptions *options,
                     guint                      *out_sent,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  g_autoptr(SoupSession) session = NULL;
  guint max_attempts = options && options->max_attempts ? options->max_attempts : DEFAULT_ATTEMPTS;
  guint first_delay = options && options->first_delay_ms ? options->first_delay_ms : DEFAULT_DELAY_MS;
  guint timeout = options && options->timeout_seconds ? options->timeout_seconds : DEFAULT_TIMEOUT_S;
  guint hold_ack_ms = options ? options->hold_ack_ms : 0;
  guint sent = 0;

  g_return_val_if_fail (RP_IS_USAGE (usage), FALSE);

  if (out_sent)
    *out_sent = 0;
  if (origin == NULL || !(g_str_has_prefix (origin, "http://") || g_str_has_prefix (origin, "https://")))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK,
                   "Usage reports are uploaded to an http(s) origin; “%s” is not one (set origin-url or pass --origin)",
                   origin ? origin : "");
      return FALSE;
    }
  if (!rp_usage_upload_prepare (usage, site_id, NULL, error))
    return FALSE;

  /* No user agent: nothing about the terminal beyond the site id. */
  session = soup_session_new_with_options ("timeout", timeout, "user-agent", "ReadingPoint", NULL);

  for (;;)
    {
      sqlite3 *db = rp_usage_get_db (usage);
      sqlite3_stmt *stmt = NULL;
      g_autofree char *name = NULL;
      g_autofree char *url = NULL;
      g_autofree char *signature_url = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GBytes) signature = NULL;
      g_autoptr(GError) last_error = NULL;
      guint delay = first_delay;
      gboolean acknowledged = FALSE;

      if (sqlite3_prepare_v2 (db,
                              "SELECT u.name, u.payload, s.signature FROM uploads u"
                              " LEFT JOIN report_signatures s ON s.name = u.name"
                              " WHERE u.done = 0 ORDER BY u.first LIMIT 1", -1,
                              &stmt, NULL) != SQLITE_OK)
        return sql_error (usage, "read pending uploads", error);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          body = g_bytes_new (sqlite3_column_text (stmt, 1), sqlite3_column_bytes (stmt, 1));
          if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
            signature = g_bytes_new (sqlite3_column_text (stmt, 2), sqlite3_column_bytes (stmt, 2));
        }
      sqlite3_finalize (stmt);
      if (name == NULL)
        break;

      url = rp_usage_upload_url (origin, site_id, name);
      signature_url = g_strconcat (url, ".minisig", NULL);
      /* The signature goes first, the report last: a report on the origin
       * always has its signature beside it, so `readingpoint-fleet collect`
       * can treat a report without one as forged rather than as still
       * arriving. Both are re-sent, same name and bytes, until the report
       * is acknowledged. (A batch left pending by a version before signed
       * reports has no signature and goes as it was.) */
      for (guint attempt = 1; attempt <= max_attempts && !acknowledged; attempt++)
        {
          g_clear_error (&last_error);
          acknowledged = (signature == NULL ||
                          put_once (session, signature_url, signature, cancellable, &last_error)) &&
                         put_once (session, url, body, cancellable, &last_error);
          if (!acknowledged && attempt < max_attempts)
            {
              if (!sleep_cancellable (delay, cancellable))
                break;
              delay = MIN (delay * 2, MAX_DELAY_MS);
            }
        }
      if (!acknowledged)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          g_propagate_error (error, g_steal_pointer (&last_error));
          return FALSE;
        }
      if (hold_ack_ms > 0)
        g_usleep ((gulong) hold_ack_ms * 1000);
      if (!mark_done (usage, name, error))
        return FALSE;
      sent++;
      if (out_sent)
        *out_sent = sent;
      /* The next period may have become due meanwhile (a batch left
       * pending by an earlier run was older than yesterday). */
      if (!rp_usage_upload_prepare (usage, site_id, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rp_usage_upload_after_sync (const char   *usage_db_path,
                            const char   *origin,
                            const char   *site_id,
                            guint         k,
                            guint         retention_days,
                            guint        *out_sent,
                            GCancellable *cancellable,
                            GError      **error)
{
  RpUsageUploadOptions options = { .max_attempts = 3, .first_delay_ms = 1000, .timeout_seconds = 20 };
  g_autoptr(RpUsage) usage = NULL;

  if (out_sent)
    *out_sent = 0;
  if (site_id == NULL || *site_id == '\0' || origin == NULL ||
      !(g_str_has_prefix (origin, "http://") || g_str_has_prefix (origin, "https://")))
    return TRUE;
  usage = rp_usage_open (usage_db_path, error);
  if (usage == NULL)
    return FALSE;
  rp_usage_set_k (usage, k);
  if (retention_days > 0 && !rp_usage_purge (usage, retention_days, NULL, error))
    return FALSE;
  return rp_usage_upload_run (usage, origin, site_id, &options, out_sent, cancellable, error);
}
