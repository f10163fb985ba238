/* rp-fleet.c — enrolment, collection and status of the office's terminals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <libsoup/soup.h>
#include <dirent.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rp-error.h"
#include "rp-fleet-private.h"
#include "rp-minisign.h"
#include "rp-usage-upload.h"

/* Caps on what the origin may hand us: a report is a few kilobytes. */
#define MAX_REPORT_SIZE (16 * 1024 * 1024)
#define MAX_LISTING_SIZE (64 * 1024 * 1024)
/* Report files judged per transaction. */
#define BATCH_SIZE 500

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

RpFleet *
rp_fleet_open (const char *path,
               GError    **error)
{
  g_autoptr(RpFleet) self = g_new0 (RpFleet, 1);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
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
                    /* One row per counted report: (key, sequence) is the
                     * identity that makes a second copy a replay. */
                    "CREATE TABLE IF NOT EXISTS reports ("
                    "  key_id TEXT NOT NULL, sequence INTEGER NOT NULL, site_id TEXT NOT NULL,"
                    "  file TEXT NOT NULL, sha256 TEXT NOT NULL, first TEXT, last TEXT,"
                    "  prepared TEXT NOT NULL, status TEXT, ingested TEXT NOT NULL,"
                    "  PRIMARY KEY (key_id, sequence));"
                    "CREATE INDEX IF NOT EXISTS reports_by_site ON reports (site_id, prepared);"
                    "CREATE TABLE IF NOT EXISTS counters ("
                    "  key_id TEXT NOT NULL, sequence INTEGER NOT NULL, site_id TEXT NOT NULL,"
                    "  day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, count INTEGER NOT NULL);"
                    "CREATE INDEX IF NOT EXISTS counters_by_report ON counters (key_id, sequence);"
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
                    "CREATE INDEX IF NOT EXISTS files_by_stamp ON files (file, stamp);"
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
  /* A fleet.db from before the roll-ups: build them once. */
  if (sqlite3_exec (self->db,
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

static char *
now_text (GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
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
  g_autofree char *at = now_text (now);
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

/* --- reading the origin ------------------------------------------------ */

typedef struct
{
  char        *base;    /* folder path or URL, no trailing slash */
  gboolean     http;
  SoupSession *session;
  gboolean     no_propfind; /* the server refused PROPFIND once: JSON listings */
  const char  *listing;     /* how folders were listed: "folder", "propfind", "json" */
} Origin;

static void
origin_clear (Origin *o)
{
  g_free (o->base);
  g_clear_object (&o->session);
}

static GBytes *
http_get (Origin       *o,
          const char   *url,
          gsize         cap,
          guint        *out_status,
          GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_status = 0;
  if (msg == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "“%s” is not a valid URL", url);
      return NULL;
    }
  body = soup_session_send_and_read (o->session, msg, NULL, &local_error);
  if (body == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot read %s: %s", url, local_error->message);
      return NULL;
    }
  *out_status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (*out_status))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "%s answered HTTP %u", url, *out_status);
      return NULL;
    }
  if (g_bytes_get_size (body) > cap)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "%s is larger than %" G_GSIZE_FORMAT " bytes", url, cap);
      return NULL;
    }
  return g_steal_pointer (&body);
}

/* Reads @rel (relative to the origin). (nullable): NULL with
 * G_IO_ERROR_NOT_FOUND when absent. */
static GBytes *
origin_read (Origin     *o,
             const char *rel,
             gsize       cap,
             GError    **error)
{
  if (o->http)
    {
      g_autofree char *url = g_strconcat (o->base, "/", rel, NULL);
      guint status = 0;
      g_autoptr(GError) local_error = NULL;
      GBytes *bytes = http_get (o, url, cap, &status, &local_error);

      if (bytes == NULL && status == SOUP_STATUS_NOT_FOUND)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: not found", url);
      else if (bytes == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return bytes;
    }
  else
    {
      g_autofree char *path = g_build_filename (o->base, rel, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH, "%s is a symbolic link", path);
          return NULL;
        }
      if (!g_file_get_contents (path, &data, &length, error))
        return NULL;
      if (length > cap)
        {
          g_set_error (error, RP_ERROR, RP_ERROR_IO, "%s is larger than %" G_GSIZE_FORMAT " bytes", path, cap);
          return NULL;
        }
      return g_bytes_new_take (g_steal_pointer (&data), length);
    }
}

static gboolean
name_is_safe (const char *name)
{
  return name != NULL && *name != '\0' && *name != '.' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL && g_utf8_validate (name, -1, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A WebDAV multistatus answer, read with GMarkup: one entry per
 * <response>, its href, whether it is a collection, its size and time.
 * Element names are matched without their namespace prefix. */
typedef struct
{
  GPtrArray *hrefs;      /* char * */
  GArray    *dirs;       /* gboolean */
  GPtrArray *stamps;     /* char * */
  GString   *text;
  char      *href;
  char      *length;
  char      *modified;
  gboolean   collection;
  gboolean   in_response;
} Multistatus;

static void
replace_string (char      **target,
                const char *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

static const char *
local_name (const char *element)
{
  const char *colon = strrchr (element, ':');
  return colon ? colon + 1 : element;
}

static void
ms_start (GMarkupParseContext *context,
          const char          *element,
          const char         **names,
          const char         **values,
          gpointer             user_data,
          GError             **error)
{
  Multistatus *ms = user_data;
  const char *name = local_name (element);

  g_string_truncate (ms->text, 0);
  if (g_str_equal (name, "response"))
    {
      ms->in_response = TRUE;
      ms->collection = FALSE;
      g_clear_pointer (&ms->href, g_free);
      g_clear_pointer (&ms->length, g_free);
      g_clear_pointer (&ms->modified, g_free);
    }
  else if (g_str_equal (name, "collection"))
    ms->collection = TRUE;
}

static void
ms_end (GMarkupParseContext *context,
        const char          *element,
        gpointer             user_data,
        GError             **error)
{
  Multistatus *ms = user_data;
  const char *name = local_name (element);

  if (!ms->in_response)
    return;
  if (g_str_equal (name, "href"))
    replace_string (&ms->href, g_strstrip (ms->text->str));
  else if (g_str_equal (name, "getcontentlength"))
    replace_string (&ms->length, g_strstrip (ms->text->str));
  else if (g_str_equal (name, "getlastmodified"))
    replace_string (&ms->modified, g_strstrip (ms->text->str));
  else if (g_str_equal (name, "response"))
    {
      ms->in_response = FALSE;
      if (ms->href != NULL)
        {
          g_ptr_array_add (ms->hrefs, g_steal_pointer (&ms->href));
          g_array_append_val (ms->dirs, ms->collection);
          g_ptr_array_add (ms->stamps, g_strdup_printf ("%s:%s", ms->length ? ms->length : "-1",
                                                        ms->modified ? ms->modified : ""));
        }
    }
  g_string_truncate (ms->text, 0);
}

static void
ms_text (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  g_string_append_len (((Multistatus *) user_data)->text, text, length);
}

/* The path of @href (a path, or a whole URL), unescaped, without a
 * trailing slash. (transfer full) (nullable) */
static char *
href_path (const char *href)
{
  g_autoptr(GUri) uri = g_uri_parse (href, G_URI_FLAGS_ENCODED, NULL);
  const char *path = uri ? g_uri_get_path (uri) : href;
  char *unescaped = g_uri_unescape_string (path, NULL);

  if (unescaped != NULL)
    while (strlen (unescaped) > 1 && g_str_has_suffix (unescaped, "/"))
      unescaped[strlen (unescaped) - 1] = '\0';
  return unescaped;
}

/* Lists @url with PROPFIND (Depth: 1). Returns NULL with *@out_refused
 * when the server does not do PROPFIND (the caller falls back to a JSON
 * listing), or NULL with @error when the origin cannot be read. */
static GPtrArray *
propfind_list (Origin     *o,
               const char *url,
               gboolean    directories,
               GHashTable *stamps,
               gboolean   *out_refused,
               GError    **error)
{
  static const char body[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/>"
    "</D:prop></D:propfind>";
  g_autoptr(SoupMessage) msg = soup_message_new ("PROPFIND", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GUri) self_uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *self_path = self_uri ? href_path (g_uri_get_path (self_uri)) : NULL;
  static const GMarkupParser parser = { ms_start, ms_end, ms_text, NULL, NULL };
  Multistatus ms = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (gboolean)),
                     g_ptr_array_new_with_free_func (g_free), g_string_new (NULL), NULL, NULL, NULL, FALSE, FALSE };
  gboolean parsed;
  gboolean ok = FALSE;

  *out_refused = FALSE;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Depth", "1");
  soup_message_set_request_body_from_bytes (msg, "application/xml",
                                            g_bytes_new_static (body, sizeof body - 1));
  answer = soup_session_send_and_read (o->session, msg, NULL, &local_error);
  if (answer == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "Cannot list %s: %s", url, local_error->message);
      goto out;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_MULTI_STATUS || g_bytes_get_size (answer) > MAX_LISTING_SIZE)
    {
      *out_refused = TRUE;
      goto out;
    }
  context = g_markup_parse_context_new (&parser, 0, &ms, NULL);
  parsed = g_markup_parse_context_parse (context, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                         &local_error) &&
           g_markup_parse_context_end_parse (context, &local_error);
  if (!parsed)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NETWORK, "%s answered PROPFIND with a broken listing: %s", url,
                   local_error->message);
      goto out;
    }
  for (guint i = 0; i < ms.hrefs->len; i++)
    {
      g_autofree char *path = href_path (ms.hrefs->pdata[i]);
      const char *name = path ? strrchr (path, '/') : NULL;

      /* The folder itself is the first response of a Depth: 1 listing. */
      if (path == NULL || g_strcmp0 (path, self_path) == 0 || name == NULL)
        continue;
      name++;
      if (!name_is_safe (name) || g_array_index (ms.dirs, gboolean, i) != directories)
        continue;
      g_ptr_array_add (names, g_strdup (name));
      if (stamps != NULL)
        g_hash_table_insert (stamps, g_strdup (name), g_strdup (ms.stamps->pdata[i]));
    }
  ok = TRUE;
out:
  g_ptr_array_unref (ms.hrefs);
  g_array_unref (ms.dirs);
  g_ptr_array_unref (ms.stamps);
  g_string_free (ms.text, TRUE);
  g_free (ms.href);
  g_free (ms.length);
  g_free (ms.modified);
  return ok ? g_steal_pointer (&names) : NULL;
}

/* (transfer full): the names in @rel, directories or files as asked,
 * sorted. An http origin is listed with WebDAV PROPFIND; a server that does
 * not answer it must list folders as nginx's `autoindex on;
 * autoindex_format json;` does. */
static GPtrArray *
origin_list (Origin     *o,
             const char *rel,
             gboolean    directories,
             GHashTable *stamps,
             GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (o->http && !o->no_propfind)
    {
      g_autofree char *url = g_strconcat (o->base, "/", rel, "/", NULL);
      gboolean refused = FALSE;
      g_autoptr(GError) local_error = NULL;
      GPtrArray *listed = propfind_list (o, url, directories, stamps, &refused, &local_error);

      if (listed != NULL)
        {
          o->listing = "propfind";
          g_ptr_array_sort (listed, compare_names);
          return listed;
        }
      if (!refused)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      o->no_propfind = TRUE;
    }
  if (o->http)
    {
      g_autofree char *url = g_strconcat (o->base, "/", rel, "/", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) body = NULL;
      JsonNode *root;
      JsonArray *array;
      guint status = 0;

      o->listing = "json";
      body = http_get (o, url, MAX_LISTING_SIZE, &status, error);
      if (body == NULL)
        return NULL;
      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
          !JSON_NODE_HOLDS_ARRAY ((root = json_parser_get_root (parser))))
        {
          g_set_error (error, RP_ERROR, RP_ERROR_NETWORK,
                       "%s is not a JSON folder listing: serve usage/ with nginx “autoindex on; "
                       "autoindex_format json;”, or collect from the origin folder", url);
          return NULL;
        }
      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *e = json_array_get_object_element (array, i);
          const char *name = e ? json_object_get_string_member_with_default (e, "name", NULL) : NULL;
          const char *type = e ? json_object_get_string_member_with_default (e, "type", "") : "";

          if (name_is_safe (name) && g_str_equal (type, directories ? "directory" : "file"))
            {
              g_ptr_array_add (names, g_strdup (name));
              if (stamps != NULL)
                g_hash_table_insert (stamps, g_strdup (name),
                                     g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                                      json_object_get_int_member_with_default (e, "size", -1),
                                                      json_object_get_string_member_with_default (e, "mtime", "")));
            }
        }
    }
  else
    {
      g_autofree char *path = g_build_filename (o->base, rel, NULL);
      DIR *dir = opendir (path);
      struct dirent *entry;

      if (dir == NULL)
        return g_steal_pointer (&names);
      /* One lstat per entry: a daily collect lists a year of reports. */
      while ((entry = readdir (dir)) != NULL)
        {
          const char *name = entry->d_name;
          struct stat st;

          if (!name_is_safe (name) || fstatat (dirfd (dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
          /* Symbolic links are never followed. */
          if (directories ? !S_ISDIR (st.st_mode) : !S_ISREG (st.st_mode))
            continue;
          g_ptr_array_add (names, g_strdup (name));
          if (stamps != NULL)
            g_hash_table_insert (stamps, g_strdup (name),
                                 g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ".%09ld:%" G_GUINT64_FORMAT,
                                                  (gint64) st.st_size, (gint64) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                                                  (guint64) st.st_ino));
        }
      closedir (dir);
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* --- judging one report ------------------------------------------------- */

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
  g_autofree char *at = now_text (c->now);

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

static GDateTime *
parse_time (const char *text)
{
  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
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
  g_autofree char *at = now_text (c->now);
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
  if (ok)
    ok = sqlite3_prepare_v2 (self->db,
                             "INSERT INTO fleet_daily (day, kind, subject, count)"
                             " SELECT day, kind, subject, sum (count) FROM counters"
                             " WHERE key_id = ?1 AND sequence = ?2 GROUP BY day, kind, subject"
                             " ON CONFLICT (kind, day, subject) DO UPDATE SET count = count + excluded.count;",
                             -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, seq);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok)
    ok = sqlite3_prepare_v2 (self->db,
                             "INSERT INTO site_daily_visits (site_id, day, count)"
                             " SELECT site_id, day, sum (count) FROM counters"
                             " WHERE key_id = ?1 AND sequence = ?2 AND kind = 'visit' GROUP BY site_id, day"
                             " ON CONFLICT (day, site_id) DO UPDATE SET count = count + excluded.count;",
                             -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, seq);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
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
judge (Collect    *c,
       Origin     *o,
       const char *folder_site,
       const char *name,
       GError    **error)
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
  body = origin_read (o, file, MAX_REPORT_SIZE, &local_error);
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
  sig_bytes = origin_read (o, sig_file, RP_MINISIGN_MAX_SIGNATURE_SIZE, &local_error);
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

  prepared = parse_time (c_prepared);
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
note_published (Collect *c,
                Origin  *o)
{
  g_autoptr(GPtrArray) channels = origin_list (o, "channels", TRUE, NULL, NULL);
  g_autofree char *at = now_text (c->now);

  for (guint i = 0; channels && i < channels->len; i++)
    {
      g_autofree char *rel = g_strdup_printf ("channels/%s/latest.json", (char *) channels->pdata[i]);
      g_autoptr(GBytes) bytes = origin_read (o, rel, MAX_REPORT_SIZE, NULL);
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
static JsonArray *
list_missing (RpFleet *self)
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
  Origin o = { 0 };
  JsonObject *result;
  JsonNode *node;

  o.http = g_str_has_prefix (origin, "http://") || g_str_has_prefix (origin, "https://");
  o.base = g_strdup (origin);
  while (strlen (o.base) > 1 && g_str_has_suffix (o.base, "/"))
    o.base[strlen (o.base) - 1] = '\0';
  if (o.http)
    o.session = soup_session_new_with_options ("timeout", 60, "user-agent", "readingpoint-fleet", NULL);
  else if (!g_file_test (o.base, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "“%s” is neither a folder nor an http(s) URL", origin);
      goto fail;
    }

  site_stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sites = origin_list (&o, "usage", TRUE, site_stamps, error);
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
      g_autoptr(GPtrArray) files = origin_list (&o, rel, FALSE, stamps, error);

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
  json_object_set_array_member (result, "missing", list_missing (self));
  node = json_node_init_object (json_node_alloc (), result);
  json_object_unref (result);
  origin_clear (&o);
  return node;

fail:
  if (in_batch)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  json_array_unref (c.refused);
  json_array_unref (c.pending);
  origin_clear (&o);
  return NULL;
}

/* --- status ------------------------------------------------------------- */

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
      g_autoptr(GDateTime) prepared = parse_time (prepared_text);
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
                  g_autoptr(GDateTime) issued = parse_time ((const char *) sqlite3_column_text (pub, 1));

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
    g_autoptr(JsonArray) missing = list_missing (self);

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
