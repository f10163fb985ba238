/* rp-fleet.c — the office's fleet.db: its schema, enrolment of sites and keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Collecting reports is in rp-fleet-collect.c (reading the origin in
 * rp-fleet-origin.c), status in rp-fleet-status.c, the report in
 * rp-fleet-report.c.
 */
#include "config.h"

#include <string.h>

#include "rp-error.h"
#include "rp-fleet-private.h"
#include "rp-minisign.h"
#include "rp-usage-upload.h"

gboolean
rp_fleet_sql_error (RpFleet    *self,
                    const char *what,
                    GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s in the fleet database: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

void
rp_fleet_free (RpFleet *self)
{
  if (self == NULL)
    return;
  sqlite3_close (self->db);
  g_free (self);
}

static gboolean
roll_ups_missing (RpFleet *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean missing = TRUE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT (NOT EXISTS (SELECT 1 FROM fleet_daily) AND EXISTS (SELECT 1 FROM counters))"
                          " OR (NOT EXISTS (SELECT 1 FROM site_daily_visits)"
                          "  AND EXISTS (SELECT 1 FROM counters WHERE kind = 'visit'))", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    missing = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  return missing;
}

RpFleet *
rp_fleet_open (const char *path,
               GError    **error)
{
  g_autoptr(RpFleet) self = g_new0 (RpFleet, 1);

  /* One thread uses the connection (collect's workers never touch it):
   * SQLite's own locking of it would be a mutex pair per call. */
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "open", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 10000);
  if (sqlite3_exec (self->db,
                    /* WAL with synchronous=NORMAL: a power cut may lose the
                     * last reports ingested, never half of one, and the
                     * files table goes back with them, so the next collect
                     * ingests them again. An fsync per report would cost
                     * more than the rest of collect (tests/bench). */
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;"
                    "CREATE TABLE IF NOT EXISTS sites ("
                    "  site_id TEXT PRIMARY KEY, name TEXT, tier TEXT NOT NULL DEFAULT 'community');"
                    "CREATE TABLE IF NOT EXISTS keys ("
                    "  key_id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites (site_id),"
                    "  public_key TEXT NOT NULL, enrolled TEXT NOT NULL);"
                    /* status counts each site's keys: a scan of keys per
                     * site without it. */
                    "CREATE INDEX IF NOT EXISTS keys_by_site ON keys (site_id);"
                    /* One row per counted report: (key, sequence) is the
                     * identity that makes a second copy a replay. */
                    "CREATE TABLE IF NOT EXISTS reports ("
                    "  key_id TEXT NOT NULL, sequence INTEGER NOT NULL, site_id TEXT NOT NULL,"
                    "  file TEXT NOT NULL, sha256 TEXT NOT NULL, first TEXT, last TEXT,"
                    "  prepared TEXT NOT NULL, status TEXT, ingested TEXT NOT NULL,"
                    "  PRIMARY KEY (key_id, sequence));"
                    /* status: each site's newest report (by time, then
                     * sequence) is the index's last entry for the site,
                     * not a sort of all its reports. Replaces the index
                     * on (site_id, prepared), rebuilt once. */
                    "DROP INDEX IF EXISTS reports_by_site;"
                    "CREATE INDEX IF NOT EXISTS reports_by_site_newest ON reports (site_id, prepared, sequence);"
                    /* "Reading points that reported in the period": a
                     * seek per site here, not a read of every report's
                     * row (with its status text: most of fleet.db's
                     * pages a report would otherwise touch). */
                    "CREATE INDEX IF NOT EXISTS reports_by_site_period ON reports (site_id, last, first);"
                    "CREATE TABLE IF NOT EXISTS counters ("
                    "  key_id TEXT NOT NULL, sequence INTEGER NOT NULL, site_id TEXT NOT NULL,"
                    "  day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, count INTEGER NOT NULL);"
                    /* No index by report: collect sums a batch's roll-ups
                     * in memory and nothing else looks counters up by
                     * report; the index was a quarter of fleet.db and of
                     * collect's writes. */
                    "DROP INDEX IF EXISTS counters_by_report;"
                    /* status lists each site's failed documents: without
                     * this (tiny, partial) index that is a scan of every
                     * counter per site. */
                    "CREATE INDEX IF NOT EXISTS counters_failed_by_site ON counters (site_id, day, subject)"
                    "  WHERE kind = 'document-failed';"
                    /* Roll-ups kept as reports are counted, in the same
                     * savepoint: a year's report reads these, not every
                     * terminal's every row. */
                    "CREATE TABLE IF NOT EXISTS fleet_daily ("
                    "  day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, count INTEGER NOT NULL,"
                    "  PRIMARY KEY (kind, day, subject)) WITHOUT ROWID;"
                    "CREATE TABLE IF NOT EXISTS site_daily_visits ("
                    "  site_id TEXT NOT NULL, day TEXT NOT NULL, count INTEGER NOT NULL,"
                    "  PRIMARY KEY (day, site_id)) WITHOUT ROWID;"
                    /* Every report file judged, by content: the same bytes
                     * are never judged twice, changed bytes are. */
                    "CREATE TABLE IF NOT EXISTS files ("
                    "  file TEXT NOT NULL, sha256 TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT,"
                    "  seen TEXT NOT NULL, stamp TEXT, PRIMARY KEY (file, sha256));"
                    /* A changed folder's stamps, read back from the
                     * index alone: through (file, stamp) each row cost a
                     * read of the table, a year of rows per site folder,
                     * scattered over fleet.db (0.5-1.1 s of a cold daily
                     * collect at 100 days, 0.15 s with this index).
                     * Replaces files_by_stamp, rebuilt once. */
                    "DROP INDEX IF EXISTS files_by_stamp;"
                    "CREATE INDEX IF NOT EXISTS files_by_folder ON files (file, stamp, outcome);"
                    /* A site folder whose every report was judged, by its
                     * listing stamp: unchanged, it holds nothing new. */
                    "CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY, stamp TEXT NOT NULL);"
                    "CREATE TABLE IF NOT EXISTS published ("
                    "  channel TEXT PRIMARY KEY, version INTEGER NOT NULL, issued TEXT, seen TEXT NOT NULL);",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "create the schema", error);
      return NULL;
    }
  /* A fleet.db from before the roll-ups: build them once. Asked first,
   * so an ordinary open neither scans every counter (1.5 s at 100 days)
   * nor waits for a running collect's write lock. */
  if (roll_ups_missing (self) &&
      sqlite3_exec (self->db,
                    "BEGIN IMMEDIATE;"
                    "INSERT INTO fleet_daily (day, kind, subject, count)"
                    " SELECT day, kind, subject, sum (count) FROM counters"
                    " WHERE NOT EXISTS (SELECT 1 FROM fleet_daily) GROUP BY day, kind, subject;"
                    "INSERT INTO site_daily_visits (site_id, day, count)"
                    " SELECT site_id, day, sum (count) FROM counters"
                    " WHERE kind = 'visit' AND NOT EXISTS (SELECT 1 FROM site_daily_visits) GROUP BY site_id, day;"
                    "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "build the roll-ups", error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static gboolean
tier_is_valid (const char *tier)
{
  return g_strcmp0 (tier, "district") == 0 || g_strcmp0 (tier, "street") == 0 ||
         g_strcmp0 (tier, "community") == 0;
}

char *
rp_fleet_now_text (GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

GDateTime *
rp_fleet_parse_time (const char *text)
{
  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

gboolean
rp_fleet_enrol (RpFleet    *self,
                const char *site_id,
                const char *public_key,
                const char *name,
                const char *tier,
                GError    **error)
{
  g_autoptr(RpMinisignKey) key = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *key_id = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *at = rp_fleet_now_text (now);
  g_autofree char *owner = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!rp_usage_site_id_is_valid (site_id))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "“%s” is not a site id (letters, digits, '-', '_', '.'; as the terminal's site-id setting)",
                   site_id ? site_id : "");
      return FALSE;
    }
  if (tier != NULL && !tier_is_valid (tier))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "“%s” is not a tier: use district, street or community", tier);
      return FALSE;
    }
  if (g_file_test (public_key, G_FILE_TEST_IS_REGULAR))
    key = rp_minisign_key_load (public_key, error);
  else
    key = rp_minisign_key_parse (public_key, strlen (public_key), error);
  if (key == NULL)
    return FALSE;
  key_id = rp_minisign_key_get_id (key);
  key_text = rp_minisign_key_to_text (key);

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return rp_fleet_sql_error (self, "enrol", error);
  /* One key belongs to one site: a key enrolled for another site is a
   * mistake (or an attempt to report in another's name). */
  if (sqlite3_prepare_v2 (self->db, "SELECT site_id FROM keys WHERE key_id = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        owner = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  if (owner != NULL && !g_str_equal (owner, site_id))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY, "Key %s is already enrolled for site “%s”", key_id,
                   owner);
      return FALSE;
    }
  ok = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO sites (site_id, name, tier) VALUES (?1, ?2, coalesce (?3, 'community'))"
                           " ON CONFLICT (site_id) DO UPDATE SET name = coalesce (?2, name),"
                           " tier = coalesce (?3, tier)", -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, site_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, tier, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok)
    ok = sqlite3_prepare_v2 (self->db,
                             "INSERT OR IGNORE INTO keys (key_id, site_id, public_key, enrolled) VALUES (?, ?, ?, ?)",
                             -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, site_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, key_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, at, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (!ok || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "enrol", error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
rp_fleet_import_sites (RpFleet    *self,
                       const char *csv_path,
                       guint      *out_n_sites,
                       GError    **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (out_n_sites)
    *out_n_sites = 0;
  if (!g_file_get_contents (csv_path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(GError) local_error = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#' || (i == 0 && g_str_has_prefix (line, "site_id")))
        continue;
      fields = g_strsplit (line, ",", 4);
      if (g_strv_length (fields) != 4)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                       "%s line %u: expected site_id,name,tier,public_key", csv_path, i + 1);
          return FALSE;
        }
      for (guint f = 0; f < 4; f++)
        g_strstrip (fields[f]);
      if (!rp_fleet_enrol (self, fields[0], fields[3], *fields[1] ? fields[1] : NULL,
                           *fields[2] ? fields[2] : NULL, &local_error))
        {
          g_set_error (error, RP_ERROR, local_error->code, "%s line %u: %s", csv_path, i + 1, local_error->message);
          return FALSE;
        }
      n++;
    }
  if (out_n_sites)
    *out_n_sites = n;
  return TRUE;
}
