/* rp-fleet-status.c — one row per enrolled site: silent, behind, failing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read from the newest report of each site (its status block), the
 * published versions collect noted and the gaps in each key's sequence.
 */
#include "config.h"

#include "rp-error.h"
#include "rp-fleet-private.h"

static gint64
days_between (GDateTime *earlier,
              GDateTime *later)
{
  return g_date_time_difference (later, earlier) / G_TIME_SPAN_DAY;
}

/* The "starts" a report's status block carries (a count that only grows
 * on the terminal), or -1 when it has none (terminals before it). */
static gint64
status_starts (JsonObject *status)
{
  JsonNode *node = status ? json_object_get_member (status, "starts") : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : -1;
}

/* Restarts between the report @sequence of @key_id and the one before it
 * from the same key: the difference of their start counts. For a key's
 * first report, the starts after the first since install. -1: unknown. */
static gint64
restarts_since_previous (RpFleet    *self,
                         const char *key_id,
                         gint64      sequence,
                         JsonObject *status)
{
  gint64 latest = status_starts (status);
  gint64 previous = -1;
  sqlite3_stmt *stmt = NULL;

  if (latest < 0 || key_id == NULL)
    return -1;
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT status FROM reports WHERE key_id = ? AND sequence < ?"
                          " ORDER BY sequence DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, sequence);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        previous = status_starts (json_node_get_object (json_parser_get_root (parser)));
      sqlite3_finalize (stmt);
      /* A previous report without the count tells nothing. */
      return previous >= 0 ? MAX (0, latest - previous) : -1;
    }
  sqlite3_finalize (stmt);
  return MAX (0, latest - 1);
}

JsonNode *
rp_fleet_status (RpFleet    *self,
                 GDateTime  *now,
                 guint       silent_days,
                 GError    **error)
{
  g_autoptr(GDateTime) clock = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(JsonArray) rows = json_array_new ();
  JsonNode *node;
  sqlite3_stmt *stmt = NULL;

  /* The newest report of each site, whichever key signed it. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT s.site_id, s.name, s.tier,"
                          " (SELECT count (*) FROM keys k WHERE k.site_id = s.site_id),"
                          " r.prepared, r.sequence, r.key_id, r.status,"
                          " (SELECT count (*) FROM reports c WHERE c.site_id = s.site_id)"
                          " FROM sites s LEFT JOIN reports r ON r.rowid ="
                          "  (SELECT rowid FROM reports x WHERE x.site_id = s.site_id"
                          "   ORDER BY x.prepared DESC, x.sequence DESC LIMIT 1)"
                          " ORDER BY s.site_id", -1, &stmt, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "read the status", error);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      const char *prepared_text = (const char *) sqlite3_column_text (stmt, 4);
      g_autoptr(GDateTime) prepared = rp_fleet_parse_time (prepared_text);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *status = NULL;
      JsonObject *installed = NULL;
      JsonObject *sync = NULL;
      gint64 silent = -1;
      gint64 restarts;

      json_object_set_string_member (row, "site_id", (const char *) sqlite3_column_text (stmt, 0));
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        json_object_set_string_member (row, "name", (const char *) sqlite3_column_text (stmt, 1));
      else
        json_object_set_null_member (row, "name");
      json_object_set_string_member (row, "tier", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_int_member (row, "keys", sqlite3_column_int64 (stmt, 3));
      json_object_set_int_member (row, "reports", sqlite3_column_int64 (stmt, 8));
      if (prepared_text != NULL)
        {
          json_object_set_string_member (row, "last_report", prepared_text);
          json_object_set_int_member (row, "last_sequence", sqlite3_column_int64 (stmt, 5));
          json_object_set_string_member (row, "key_id", (const char *) sqlite3_column_text (stmt, 6));
          if (prepared != NULL)
            silent = MAX (0, days_between (prepared, clock));
        }
      else
        json_object_set_null_member (row, "last_report");
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL &&
          json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 7), -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        status = json_node_get_object (json_parser_get_root (parser));
      if (status != NULL)
        {
          installed = json_object_get_member (status, "installed") &&
                              JSON_NODE_HOLDS_OBJECT (json_object_get_member (status, "installed"))
                        ? json_object_get_object_member (status, "installed") : NULL;
          sync = json_object_get_member (status, "last_sync") &&
                         JSON_NODE_HOLDS_OBJECT (json_object_get_member (status, "last_sync"))
                   ? json_object_get_object_member (status, "last_sync") : NULL;
          json_object_set_string_member (row, "app_version",
                                         json_object_get_string_member_with_default (status, "app_version", ""));
        }
      if (installed != NULL)
        {
          const char *channel = json_object_get_string_member_with_default (status, "channel", NULL);
          gint64 version = json_object_get_int_member_with_default (installed, "version", 0);
          sqlite3_stmt *pub = NULL;

          json_object_set_string_member (row, "channel", channel ? channel : "");
          json_object_set_int_member (row, "installed_version", version);
          json_object_set_boolean_member (row, "expired",
                                          json_object_get_boolean_member_with_default (installed, "expired", FALSE));
          if (channel != NULL &&
              sqlite3_prepare_v2 (self->db, "SELECT version, issued FROM published WHERE channel = ?", -1, &pub,
                                  NULL) == SQLITE_OK)
            {
              sqlite3_bind_text (pub, 1, channel, -1, SQLITE_STATIC);
              if (sqlite3_step (pub) == SQLITE_ROW)
                {
                  gint64 latest = sqlite3_column_int64 (pub, 0);
                  g_autoptr(GDateTime) issued = rp_fleet_parse_time ((const char *) sqlite3_column_text (pub, 1));

                  json_object_set_int_member (row, "latest_version", latest);
                  json_object_set_int_member (row, "days_behind",
                                              version >= latest || issued == NULL ? 0
                                                                                  : MAX (0, days_between (issued, clock)));
                }
              sqlite3_finalize (pub);
            }
        }
      else
        json_object_set_null_member (row, "installed_version");
      if (sync != NULL)
        {
          const char *outcome = json_object_get_string_member_with_default (sync, "outcome", NULL);
          const char *err = json_object_get_string_member_with_default (sync, "error", NULL);

          json_object_set_string_member (row, "last_sync", json_object_get_string_member_with_default (sync, "at", ""));
          json_object_set_string_member (row, "last_sync_outcome", outcome ? outcome : "");
          if (err != NULL)
            json_object_set_string_member (row, "last_error", err);
          else
            json_object_set_null_member (row, "last_error");
        }
      /* Attachments the terminal could not show in the last 30 days. */
      {
        sqlite3_stmt *failed = NULL;
        JsonArray *ids = json_array_new ();
        g_autoptr(GDateTime) since = g_date_time_add_days (clock, -30);
        g_autofree char *since_day = g_date_time_format (since, "%Y-%m-%d");

        if (sqlite3_prepare_v2 (self->db,
                                "SELECT DISTINCT subject FROM counters WHERE site_id = ? AND kind = 'document-failed'"
                                " AND day >= ? ORDER BY subject", -1, &failed, NULL) == SQLITE_OK)
          {
            sqlite3_bind_text (failed, 1, (const char *) sqlite3_column_text (stmt, 0), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (failed, 2, since_day, -1, SQLITE_TRANSIENT);
            while (sqlite3_step (failed) == SQLITE_ROW)
              json_array_add_string_element (ids, (const char *) sqlite3_column_text (failed, 0));
          }
        sqlite3_finalize (failed);
        json_object_set_array_member (row, "failed_documents", ids);
      }
      /* The terminal's newest re-hash of its installed bundle. */
      {
        JsonNode *v = status ? json_object_get_member (status, "last_verify") : NULL;

        if (v != NULL && JSON_NODE_HOLDS_OBJECT (v))
          {
            JsonObject *verify = json_node_get_object (v);

            json_object_set_string_member (row, "last_verify",
                                           json_object_get_boolean_member_with_default (verify, "ok", FALSE)
                                             ? "ok" : "failed");
            json_object_set_string_member (row, "last_verify_at",
                                           json_object_get_string_member_with_default (verify, "at", ""));
          }
        else
          json_object_set_null_member (row, "last_verify");
      }
      restarts = status ? restarts_since_previous (self, (const char *) sqlite3_column_text (stmt, 6),
                                                   sqlite3_column_int64 (stmt, 5), status) : -1;
      if (restarts >= 0)
        json_object_set_int_member (row, "restarts", restarts);
      else
        json_object_set_null_member (row, "restarts");
      if (silent >= 0)
        json_object_set_int_member (row, "days_silent", silent);
      else
        json_object_set_null_member (row, "days_silent");
      json_object_set_boolean_member (row, "silent", silent < 0 || silent > (gint64) silent_days);
      json_array_add_object_element (rows, row);
    }
  sqlite3_finalize (stmt);
  /* Gaps, per site. */
  {
    g_autoptr(JsonArray) missing = rp_fleet_list_missing (self);

    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);
        gint64 n = 0;

        for (guint j = 0; j < json_array_get_length (missing); j++)
          if (g_str_equal (json_object_get_string_member (json_array_get_object_element (missing, j), "site_id"),
                           json_object_get_string_member (row, "site_id")))
            n++;
        json_object_set_int_member (row, "missing_reports", n);
      }
  }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, rows);
  return node;
}
