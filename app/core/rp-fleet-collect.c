/* rp-fleet-collect.c — judging and counting the reports found at an origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report counts only if it is signed by the key enrolled for the site
 * whose folder holds it, every claim agrees with its signature, it is not
 * from the future and its (key, sequence) was not counted before. Every
 * file judged is remembered by content, so a collect is idempotent.
 */
#include "config.h"

#include <string.h>

#include "rp-error.h"
#include "rp-fleet-origin.h"
#include "rp-fleet-private.h"
#include "rp-minisign.h"

/* A report is a few kilobytes; the origin may hand us anything. */
#define MAX_REPORT_SIZE (16 * 1024 * 1024)
/* Report files judged per transaction. */
#define BATCH_SIZE 500

typedef struct
{
  RpFleet    *fleet;
  GDateTime  *now;
  JsonArray  *refused;
  JsonArray  *pending;
  guint       accepted;
  guint       unchanged;
  const char *stamp;    /* the listing's size and time of the file judged, or NULL */
  GHashTable *seen_stamps; /* file → stamp when judged, for the folder being read */
  guint       open;     /* files listed but not judged for good (judged again next time) */
  guint       folders_unchanged;
} Collect;

static void
list_issue (JsonArray  *array,
            const char *file,
            const char *reason)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "file", file);
  json_object_set_string_member (o, "reason", reason);
  json_array_add_object_element (array, o);
}

/* Whether @sql (a SELECT with two text parameters) finds a row. */
static gboolean
row_exists (RpFleet    *self,
            const char *sql,
            const char *first,
            const char *second)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, second, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
file_seen (RpFleet    *self,
           const char *file,
           const char *sha256)
{
  return row_exists (self, "SELECT 1 FROM files WHERE file = ? AND sha256 = ?", file, sha256);
}

static gboolean
folder_unchanged (RpFleet    *self,
                  const char *path,
                  const char *stamp)
{
  return row_exists (self, "SELECT 1 FROM folders WHERE path = ? AND stamp = ?", path, stamp);
}

static gboolean
record_folder (RpFleet    *self,
               const char *path,
               const char *stamp)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO folders (path, stamp) VALUES (?, ?)", -1, &stmt, NULL) !=
      SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok;
}

/* (transfer full): file → stamp of every file judged under @prefix. */
static GHashTable *
load_stamps (RpFleet    *self,
             const char *prefix)
{
  GHashTable *stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *upper = g_strdup (prefix);
  sqlite3_stmt *stmt = NULL;

  /* prefix ends in '/'; '0' follows it: a range the primary key serves. */
  upper[strlen (upper) - 1] = '0';
  if (sqlite3_prepare_v2 (self->db, "SELECT file, stamp FROM files WHERE file >= ? AND file < ? AND stamp NOT NULL",
                          -1, &stmt, NULL) != SQLITE_OK)
    return stamps;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (stamps, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return stamps;
}

static gboolean
record_file (RpFleet    *self,
             const char *file,
             const char *sha256,
             const char *outcome,
             const char *reason,
             const char *at,
             const char *stamp)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT OR REPLACE INTO files (file, sha256, outcome, reason, seen, stamp)"
                          " VALUES (?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok;
}

/* A refusal that stays refused for these exact bytes. */
static gboolean
refuse (Collect    *c,
        const char *file,
        const char *sha256,
        const char *reason,
        GError    **error)
{
  g_autofree char *at = rp_fleet_now_text (c->now);

  list_issue (c->refused, file, reason);
  if (!record_file (c->fleet, file, sha256, "refused", reason, at, c->stamp))
    return rp_fleet_sql_error (c->fleet, "record a refused report", error);
  return TRUE;
}

static char *
lookup_key (RpFleet    *self,
            const char *key_id,
            char      **out_site)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  *out_site = NULL;
  if (sqlite3_prepare_v2 (self->db, "SELECT public_key, site_id FROM keys WHERE key_id = ?", -1, &stmt, NULL) ==
      SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          *out_site = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  sqlite3_finalize (stmt);
  return text;
}

/* (nullable): the file of the report already counted as (@key_id, @seq). */
static char *
counted_as (RpFleet    *self,
            const char *key_id,
            gint64      seq)
{
  sqlite3_stmt *stmt = NULL;
  char *file = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT file FROM reports WHERE key_id = ? AND sequence = ?", -1, &stmt, NULL) ==
      SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, seq);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        file = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return file;
}
/* Adds the counters of report (@key_id, @seq) to a roll-up table: @sql
 * names them as ?1 and ?2. */
static gboolean
roll_up (RpFleet    *self,
         const char *sql,
         const char *key_id,
         gint64      seq)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK;

  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, seq);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
ingest (Collect    *c,
        const char *file,
        const char *sha256,
        const char *key_id,
        const char *site_id,
        gint64      seq,
        JsonObject *report,
        GError    **error)
{
  RpFleet *self = c->fleet;
  JsonNode *period = json_object_get_member (report, "period");
  JsonArray *counters = json_object_get_array_member (report, "counters");
  JsonObject *status = json_object_get_object_member (report, "status");
  const char *first = NULL, *last = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *at = rp_fleet_now_text (c->now);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (period != NULL && JSON_NODE_HOLDS_OBJECT (period))
    {
      first = json_object_get_string_member_with_default (json_node_get_object (period), "first", NULL);
      last = json_object_get_string_member_with_default (json_node_get_object (period), "last", NULL);
    }
  if (status != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), status);
      status_text = json_to_string (node, FALSE);
    }

  /* A savepoint inside collect's batch transaction: a report is in
   * whole or not at all. */
  if (sqlite3_exec (self->db, "SAVEPOINT report", NULL, NULL, NULL) != SQLITE_OK)
    return rp_fleet_sql_error (self, "ingest a report", error);
  ok = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO reports (key_id, sequence, site_id, file, sha256, first, last, prepared,"
                           " status, ingested) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, seq);
      sqlite3_bind_text (stmt, 3, site_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, file, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, json_object_get_string_member (report, "prepared"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, status_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, at, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok && counters != NULL)
    {
      ok = sqlite3_prepare_v2 (self->db,
                               "INSERT INTO counters (key_id, sequence, site_id, day, kind, subject, count)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL) == SQLITE_OK;
      for (guint i = 0; ok && i < json_array_get_length (counters); i++)
        {
          JsonObject *row = json_array_get_object_element (counters, i);
          const char *day, *kind, *subject;
          gint64 count;

          if (row == NULL)
            continue;
          /* An export folds rare searches into a row without a day. */
          day = json_object_get_string_member_with_default (row, "day", last ? last : "");
          kind = json_object_get_string_member_with_default (row, "kind", "");
          subject = json_object_get_string_member_with_default (row, "subject", NULL);
          count = json_object_get_int_member_with_default (row, "count", 0);
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, seq);
          sqlite3_bind_text (stmt, 3, site_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, day, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, subject ? subject : "", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 7, count);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
        }
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  ok = ok && roll_up (self,
                      "INSERT INTO fleet_daily (day, kind, subject, count)"
                      " SELECT day, kind, subject, sum (count) FROM counters"
                      " WHERE key_id = ?1 AND sequence = ?2 GROUP BY day, kind, subject"
                      " ON CONFLICT (kind, day, subject) DO UPDATE SET count = count + excluded.count;",
                      key_id, seq);
  ok = ok && roll_up (self,
                      "INSERT INTO site_daily_visits (site_id, day, count)"
                      " SELECT site_id, day, sum (count) FROM counters"
                      " WHERE key_id = ?1 AND sequence = ?2 AND kind = 'visit' GROUP BY site_id, day"
                      " ON CONFLICT (day, site_id) DO UPDATE SET count = count + excluded.count;",
                      key_id, seq);
  ok = ok && record_file (self, file, sha256, "accepted", NULL, at, c->stamp);
  if (!ok || sqlite3_exec (self->db, "RELEASE report", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "ingest a report", error);
      sqlite3_exec (self->db, "ROLLBACK TO report; RELEASE report", NULL, NULL, NULL);
      return FALSE;
    }
  c->accepted++;
  return TRUE;
}

static gboolean
judge (Collect        *c,
       RpFleetOrigin  *o,
       const char     *folder_site,
       const char     *name,
       GError        **error)
{
  RpFleet *self = c->fleet;
  g_autofree char *file = g_strdup_printf ("usage/%s/%s", folder_site, name);
  g_autofree char *sig_file = g_strconcat (file, ".minisig", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) sig_bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autoptr(RpMinisignKey) key = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sha256 = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *key_site = NULL;
  g_autofree char *c_site = NULL;
  g_autofree char *c_seq = NULL;
  g_autofree char *c_prepared = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *earlier = NULL;
  g_autoptr(GDateTime) prepared = NULL;
  g_autoptr(GDateTime) limit = NULL;
  g_autofree char *today = NULL;
  JsonObject *report;
  JsonNode *root;
  JsonNode *period;
  gint64 seq;
  /* Unchanged since judged (same size, time and inode in the listing):
   * not read again, so a daily collect costs one stat per old report.
   * Bytes changed behind an identical stamp are not judged; whatever
   * they say, the first judgement stands and nothing is counted twice. */
  if (c->stamp != NULL && c->seen_stamps != NULL &&
      g_strcmp0 (g_hash_table_lookup (c->seen_stamps, file), c->stamp) == 0)
    {
      c->unchanged++;
      return TRUE;
    }
  body = rp_fleet_origin_read (o, file, MAX_REPORT_SIZE, &local_error);
  if (body == NULL)
    {
      /* Gone between listing and reading: judged next time, if back. */
      list_issue (c->pending, file, local_error->message);
      c->open++;
      return TRUE;
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  if (file_seen (self, file, sha256))
    {
      c->unchanged++;
      return TRUE;
    }
  sig_bytes = rp_fleet_origin_read (o, sig_file, RP_MINISIGN_MAX_SIGNATURE_SIZE, &local_error);
  if (sig_bytes == NULL)
    {
      /* Terminals PUT the signature before the report, so a report
       * without one was not written by a terminal: refused, but judged
       * again if a signature appears (a copy made out of order). */
      list_issue (c->refused, file, "no signature beside the report");
      c->open++;
      return TRUE;
    }
  signature = rp_minisign_signature_parse (g_bytes_get_data (sig_bytes, NULL), g_bytes_get_size (sig_bytes),
                                           &local_error);
  if (signature == NULL)
    {
      reason = g_strdup_printf ("bad signature: %s", local_error->message);
      return refuse (c, file, sha256, reason, error);
    }
  key_id = rp_minisign_signature_get_key_id (signature);
  key_text = lookup_key (self, key_id, &key_site);
  if (key_text == NULL)
    {
      /* Judged again each time: enrolling the key (a re-provisioned
       * terminal) makes its waiting reports count. */
      reason = g_strdup_printf ("unknown key %s: not enrolled (readingpoint-fleet enrol SITE_ID PUBKEY)", key_id);
      list_issue (c->refused, file, reason);
      c->open++;
      return TRUE;
    }
  key = rp_minisign_key_parse (key_text, strlen (key_text), error);
  if (key == NULL)
    return FALSE;
  if (!rp_minisign_verify (key, signature, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &local_error))
    {
      reason = g_strdup_printf ("bad signature (key %s): %s", key_id, local_error->message);
      return refuse (c, file, sha256, reason, error);
    }

  /* Signed by an enrolled key: now every claim must agree. */
  c_site = rp_minisign_signature_get_field (signature, "site");
  c_seq = rp_minisign_signature_get_field (signature, "sequence");
  c_prepared = rp_minisign_signature_get_field (signature, "prepared");
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    return refuse (c, file, sha256, "signed, but not a JSON report", error);
  report = json_node_get_object (root);
  seq = json_object_get_int_member_with_default (report, "sequence", -1);
  if (c_site == NULL || c_seq == NULL || c_prepared == NULL ||
      g_strcmp0 (c_site, key_site) != 0 || g_strcmp0 (c_site, folder_site) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (report, "site_id", ""), key_site) != 0 ||
      g_ascii_strtoll (c_seq, NULL, 10) != seq || seq < 1 ||
      g_strcmp0 (json_object_get_string_member_with_default (report, "prepared", ""), c_prepared) != 0)
    {
      reason = g_strdup_printf ("report does not match its signature or its folder (key %s is enrolled for “%s”)",
                                key_id, key_site);
      return refuse (c, file, sha256, reason, error);
    }

  prepared = rp_fleet_parse_time (c_prepared);
  limit = g_date_time_add_hours (c->now, RP_FLEET_FUTURE_SLACK_HOURS);
  today = g_date_time_format (c->now, "%Y-%m-%d");
  period = json_object_get_member (report, "period");
  if (prepared == NULL || g_date_time_compare (prepared, limit) > 0 ||
      (period != NULL && JSON_NODE_HOLDS_OBJECT (period) &&
       g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (period), "last", ""), today) >= 0))
    {
      reason = g_strdup_printf ("dated in the future (prepared %s; the terminal's clock is wrong)", c_prepared);
      return refuse (c, file, sha256, reason, error);
    }

  earlier = counted_as (self, key_id, seq);
  if (earlier != NULL)
    {
      reason = g_strdup_printf ("replay: sequence %" G_GINT64_FORMAT " of key %s was already counted from %s", seq,
                                key_id, earlier);
      return refuse (c, file, sha256, reason, error);
    }
  return ingest (c, file, sha256, key_id, key_site, seq, report, error);
}

static void
note_published (Collect       *c,
                RpFleetOrigin *o)
{
  g_autoptr(GPtrArray) channels = rp_fleet_origin_list (o, "channels", TRUE, NULL, NULL);
  g_autofree char *at = rp_fleet_now_text (c->now);

  for (guint i = 0; channels && i < channels->len; i++)
    {
      g_autofree char *rel = g_strdup_printf ("channels/%s/latest.json", (char *) channels->pdata[i]);
      g_autoptr(GBytes) bytes = rp_fleet_origin_read (o, rel, MAX_REPORT_SIZE, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      sqlite3_stmt *stmt = NULL;
      JsonObject *m;

      /* Informative only (status: days behind); terminals verify the
       * signature, the office only compares version numbers. */
      if (bytes == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      m = json_node_get_object (json_parser_get_root (parser));
      if (sqlite3_prepare_v2 (c->fleet->db,
                              "INSERT OR REPLACE INTO published (channel, version, issued, seen) VALUES (?, ?, ?, ?)",
                              -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_text (stmt, 1, channels->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, json_object_get_int_member_with_default (m, "version", 0));
      sqlite3_bind_text (stmt, 3, json_object_get_string_member_with_default (m, "issued", NULL), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, at, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
}

/* Gaps in each key's sequence between its lowest and highest counted
 * report: reports the terminal made that never arrived (or were removed). */
JsonArray *
rp_fleet_list_missing (RpFleet *self)
{
  JsonArray *missing = json_array_new ();
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT r.site_id, r.key_id, r.sequence, (SELECT min (n.sequence) FROM reports n"
                          "  WHERE n.key_id = r.key_id AND n.sequence > r.sequence)"
                          " FROM reports r WHERE NOT EXISTS (SELECT 1 FROM reports x"
                          "  WHERE x.key_id = r.key_id AND x.sequence = r.sequence + 1)"
                          " ORDER BY r.site_id, r.key_id, r.sequence", -1, &stmt, NULL) != SQLITE_OK)
    return missing;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 next;

      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        continue;
      next = sqlite3_column_int64 (stmt, 3);
      for (gint64 s = sqlite3_column_int64 (stmt, 2) + 1; s < next; s++)
        {
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "site_id", (const char *) sqlite3_column_text (stmt, 0));
          json_object_set_string_member (o, "key_id", (const char *) sqlite3_column_text (stmt, 1));
          json_object_set_int_member (o, "sequence", s);
          json_array_add_object_element (missing, o);
        }
    }
  sqlite3_finalize (stmt);
  return missing;
}

void
rp_fleet_set_collect_pacing (RpFleet *self,
                             guint    batch_size,
                             guint    report_delay_ms)
{
  g_return_if_fail (self != NULL);
  self->batch_size = batch_size;
  self->report_delay_ms = report_delay_ms;
}

JsonNode *
rp_fleet_collect (RpFleet    *self,
                  const char *origin,
                  GDateTime  *now,
                  GError    **error)
{
  g_autoptr(GDateTime) clock = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GHashTable) site_stamps = NULL;
  Collect c = { self, clock, json_array_new (), json_array_new (), 0, 0, NULL, NULL, 0, 0 };
  gboolean in_batch = FALSE;
  guint n_judged = 0;
  guint batch_size = self->batch_size ? self->batch_size : BATCH_SIZE;
  RpFleetOrigin o = { 0 };
  JsonObject *result;
  JsonNode *node;

  if (!rp_fleet_origin_open (&o, origin, error))
    goto fail;

  site_stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sites = rp_fleet_origin_list (&o, "usage", TRUE, site_stamps, error);
  if (sites == NULL)
    goto fail;
  /* Reports are judged in batches, one transaction each: whatever stops
   * a collect (a kill, a power cut) loses whole reports of the batch, with
   * their files rows, and the next collect judges them again. One
   * transaction per report would spend most of collect in commits. */
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "start collecting", error);
      goto fail;
    }
  in_batch = TRUE;
  for (guint i = 0; i < sites->len; i++)
    {
      const char *site = sites->pdata[i];
      g_autofree char *rel = g_strdup_printf ("usage/%s", site);
      g_autoptr(GHashTable) stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autofree char *prefix = g_strdup_printf ("usage/%s/", site);
      g_autoptr(GHashTable) seen_stamps = NULL;
      const char *folder_stamp = g_hash_table_lookup (site_stamps, site);
      guint open_before = c.open;
      gboolean all_judged = TRUE;

      /* A new report is a new file, which changes its folder's time (to
       * the nanosecond in a folder origin; an HTTP listing says only the
       * second, so over HTTP every folder is listed). */
      if (o.http)
        folder_stamp = NULL;
      if (folder_stamp != NULL && folder_unchanged (self, rel, folder_stamp))
        {
          c.folders_unchanged++;
          continue;
        }
      seen_stamps = load_stamps (self, prefix);
      g_autoptr(GPtrArray) files = rp_fleet_origin_list (&o, rel, FALSE, stamps, error);

      if (files == NULL)
        goto fail;
      for (guint j = 0; j < files->len; j++)
        {
          const char *name = files->pdata[j];

          if (!g_str_has_suffix (name, ".json"))
            continue;
          c.stamp = g_hash_table_lookup (stamps, name);
          c.seen_stamps = seen_stamps;
          if (!judge (&c, &o, site, name, error))
            goto fail;
          c.seen_stamps = NULL;
          if (c.stamp == NULL)
            all_judged = FALSE;
          if (++n_judged % batch_size == 0 &&
              (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
               sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK))
            {
              rp_fleet_sql_error (self, "commit reports", error);
              goto fail;
            }
          if (self->report_delay_ms > 0)
            g_usleep ((gulong) self->report_delay_ms * 1000);
        }
      /* Everything in it judged for good: skip it until it changes. */
      if (folder_stamp != NULL && all_judged && c.open == open_before && !record_folder (self, rel, folder_stamp))
        {
          rp_fleet_sql_error (self, "record a folder", error);
          goto fail;
        }
    }
  note_published (&c, &o);
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "commit reports", error);
      goto fail;
    }
  in_batch = FALSE;

  result = json_object_new ();
  json_object_set_string_member (result, "listing", o.http ? (o.listing ? o.listing : "json") : "folder");
  json_object_set_int_member (result, "accepted", c.accepted);
  json_object_set_int_member (result, "unchanged", c.unchanged);
  json_object_set_int_member (result, "folders_unchanged", c.folders_unchanged);
  json_object_set_array_member (result, "refused", c.refused);
  json_object_set_array_member (result, "pending", c.pending);
  json_object_set_array_member (result, "missing", rp_fleet_list_missing (self));
  node = json_node_init_object (json_node_alloc (), result);
  json_object_unref (result);
  rp_fleet_origin_clear (&o);
  return node;

fail:
  if (in_batch)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  json_array_unref (c.refused);
  json_array_unref (c.pending);
  rp_fleet_origin_clear (&o);
  return NULL;
}
