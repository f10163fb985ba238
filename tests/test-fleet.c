/* test-fleet.c — the district office's side (issue 15): real terminals
 * (data directories with their own keys) upload signed reports with the
 * real `readingpoint-admin usage upload` to a real nginx with DAV; the
 * real `readingpoint-fleet` collects, refuses what it must, and reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests run in order and share the origin and fleet.db: each adds
 * one kind of trouble and checks that the totals stay exact.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

#define N_TERMINALS 20

static char *root;       /* nginx root */
static char *dav;        /* root/dav: the origin folder terminals PUT into */
static char *origin_url; /* http://127.0.0.1:PORT/dav */
static char *json_origin_url; /* the same folder, listed as JSON only */
#define DAV_EXT_MODULE_PATH "/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"
static char *fleet_db;
static char *first_day;
static char *last_day;
/* What must be in the totals: "DIR\tFROM\tTO" per terminal (and span). */
static GPtrArray *counted_dirs;

static void
count_span (const char *dir,
            const char *from,
            const char *to)
{
  g_ptr_array_add (counted_dirs, g_strdup_printf ("%s\t%s\t%s", dir, from, to));
}

static const char *
admin (void)
{
  return g_getenv ("RP_ADMIN");
}

static const char *
fleet (void)
{
  return g_getenv ("RP_FLEET");
}

static GDateTime *
days_ago (int n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_add_days (now, -n);
}

static char *
day_ago (int n)
{
  g_autoptr(GDateTime) d = days_ago (n);
  return g_date_time_format (d, "%Y-%m-%d");
}

static char *
site_of (guint i)
{
  return g_strdup_printf ("rp-%02u", i);
}

static const char *
tier_of (guint i)
{
  static const char *tiers[] = { "district", "street", "community" };
  return tiers[i % 3];
}

/* Counters over days 1..3 ago: a few visits, hours, categories, entries,
 * languages, text sizes, and committed searches (one term reaches k on
 * every terminal, one found nothing). Different per terminal. */
static void
seed (const char *dir,
      guint       i)
{
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);

  g_assert_no_error (error);
  for (int day = 1; day <= 3; day++)
    {
      g_autoptr(GDateTime) when = days_ago (day);
      guint visits = 3 + (i * 7 + day) % 9;

      for (guint v = 0; v < visits; v++)
        {
          g_autofree char *hour = g_strdup_printf ("%02u", 8 + (i + v) % 10);

          g_assert_true (rp_usage_count (usage, RP_USAGE_VISIT, rp_usage_duration_bucket (60 + 30 * v), when, &error));
          g_assert_true (rp_usage_count (usage, RP_USAGE_HOUR, hour, when, &error));
          g_assert_true (rp_usage_count_catalogue_id (usage, RP_USAGE_CATEGORY, v % 2 ? "fagui" : "caizheng", when,
                                                      &error));
          g_assert_true (rp_usage_count_catalogue_id (usage, RP_USAGE_ENTRY, v % 3 ? "QX-2026-00005" : "QX-2025-00117",
                                                      when, &error));
          g_assert_true (rp_usage_count (usage, RP_USAGE_LANGUAGE, v % 4 ? "zh_CN" : "en", when, &error));
          g_assert_true (rp_usage_count (usage, RP_USAGE_TEXT_SIZE, v % 3 ? "100" : "150", when, &error));
        }
      for (guint v = 0; v < 6; v++)
        {
          rp_usage_begin_visit (usage);
          g_assert_true (rp_usage_count_search (usage, "保障性住房", 4, when, &error));
          g_assert_true (rp_usage_count_search (usage, "养老补贴申请", 0, when, &error));
          g_assert_true (rp_usage_end_visit (usage, &error));
        }
    }
}

static void
upload (const char *dir,
        const char *site)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = rp_test_run (&out, &err, admin (), "--data-dir", dir, "usage", "upload", "--origin", origin_url,
                            "--site-id", site, NULL);

  if (status != 0)
    g_test_message ("upload %s: %s", site, err);
  g_assert_cmpint (status, ==, 0);
}

static char *
public_key_of (const char *dir)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rp_test_run (&out, NULL, admin (), "--data-dir", dir, "identity", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "public_key"));
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* `collect --json` into @db from @origin. */
static JsonNode *
collect (const char *db,
         const char *origin)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = rp_test_run (&out, &err, fleet (), "--db", db, "collect", origin, "--json", NULL);

  if (status != 0)
    g_test_message ("collect: %s", err);
  g_assert_cmpint (status, ==, 0);
  return parse (out);
}

static gboolean
listed (JsonNode   *result,
        const char *member,
        const char *file_part,
        const char *reason_part)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (result), member);

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);

      if (strstr (json_object_get_string_member (o, "file"), file_part) != NULL &&
          strstr (json_object_get_string_member (o, "reason"), reason_part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Sum per kind of the terminals' own `usage export` over the period. */
static GHashTable *
expected_totals (void)
{
  GHashTable *totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint t = 0; t < counted_dirs->len; t++)
    {
      g_auto(GStrv) span = g_strsplit (counted_dirs->pdata[t], "\t", 3);
      g_autofree char *out = NULL;
      g_autoptr(JsonNode) root_node = NULL;
      JsonArray *counters;

      g_assert_cmpint (rp_test_run (&out, NULL, admin (), "--data-dir", span[0], "usage", "export",
                                    "--site-id", "x", "--from", span[1], "--to", span[2], NULL), ==, 0);
      root_node = parse (out);
      counters = json_object_get_array_member (json_node_get_object (root_node), "counters");
      for (guint i = 0; i < json_array_get_length (counters); i++)
        {
          JsonObject *c = json_array_get_object_element (counters, i);
          const char *kind = json_object_get_string_member (c, "kind");
          gint64 n = GPOINTER_TO_SIZE (g_hash_table_lookup (totals, kind));

          g_hash_table_insert (totals, g_strdup (kind),
                               GSIZE_TO_POINTER (n + json_object_get_int_member (c, "count")));
        }
    }
  return totals;
}

static JsonNode *
report_json (const char *db)
{
  g_autofree char *path = g_build_filename (root, "report.json", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", db, "report", "--from", first_day, "--to", last_day,
                                "--format", "json", "-o", path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return parse (text);
}

/* The report's totals equal the sum of the terminals' own exports. */
static void
assert_totals_exact (const char *db)
{
  g_autoptr(GHashTable) expected = expected_totals ();
  g_autoptr(JsonNode) report = report_json (db);
  JsonObject *totals = json_object_get_object_member (json_node_get_object (report), "totals");
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (json_object_get_size (totals), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("%s: report %" G_GINT64_FORMAT ", exports %" G_GSIZE_FORMAT, (char *) key,
                      json_object_get_int_member (totals, key), GPOINTER_TO_SIZE (value));
      g_assert_cmpint (json_object_get_int_member (totals, key), ==, (gint64) GPOINTER_TO_SIZE (value));
    }
}

static gint64
count_rows (const char *db,
            const char *sql)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (db, &h, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (h);
  return n;
}

static char *
terminal_dir (const char *name)
{
  return g_build_filename (root, "terminals", name, NULL);
}

/* 20 terminals, each a real data directory with its own key, upload
 * through the real command; the office enrols them (half by command,
 * half from a CSV) and collects: every report counted, totals exact. */
/* Deletes one file of the terminal's object store. */
static void
remove_an_object (const char *dir)
{
  g_autofree char *objects = g_build_filename (dir, "objects", NULL);
  g_autoptr(GDir) top = g_dir_open (objects, 0, NULL);
  const char *prefix;

  g_assert_nonnull (top);
  while ((prefix = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub = g_build_filename (objects, prefix, NULL);
      g_autoptr(GDir) d = g_file_test (sub, G_FILE_TEST_IS_DIR) && strlen (prefix) == 2 ? g_dir_open (sub, 0, NULL)
                                                                                      : NULL;
      const char *name = d ? g_dir_read_name (d) : NULL;

      if (name != NULL)
        {
          g_autofree char *path = g_build_filename (sub, name, NULL);
          g_assert_cmpint (g_unlink (path), ==, 0);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_twenty_terminals_collected_exactly (void)
{
  g_autofree char *csv_path = g_build_filename (root, "sites.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("site_id,name,tier,public_key\n");
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) over_http = NULL;
  g_autofree char *http_db = g_build_filename (root, "fleet-http.db", NULL);
  g_autofree char *published = g_build_filename (dav, "channels", NULL);
  const char *demo_origin = g_getenv ("READINGPOINT_DEMO_ORIGIN");
  const char *demo_key = g_getenv ("READINGPOINT_DEMO_KEY");

  for (guint i = 1; i <= N_TERMINALS; i++)
    {
      g_autofree char *site = site_of (i);
      g_autofree char *dir = terminal_dir (site);
      g_autofree char *pub = NULL;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      /* Some terminals have a bundle installed, one a failed sync. */
      if (i <= 3)
        g_assert_cmpint (rp_test_run (NULL, NULL, admin (), "--data-dir", dir, "sync", "--origin", demo_origin,
                                      "--public-key", demo_key, NULL), ==, 0);
      /* rp-01 verifies its bundle; rp-02's has lost an object. */
      if (i == 2)
        remove_an_object (dir);
      if (i <= 2)
        g_assert_cmpint (rp_test_run (NULL, NULL, admin (), "--data-dir", dir, "verify", "--public-key", demo_key,
                                      NULL), ==, i == 1 ? 0 : 1);
      if (i == 10)
        {
          g_autofree char *state_path = g_build_filename (dir, "state.db", NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(RpStateDb) state = rp_state_db_open (state_path, &error);

          g_assert_no_error (error);
          rp_state_db_log_sync (state, "https://origin.example.gov.cn", "demo", 0, "refused",
                                "Cannot reach the origin: connection timed out");
          /* Started four times before its first report: three restarts. */
          for (guint n = 0; n < 4; n++)
            g_assert_true (rp_state_db_count_start (state, &error));
        }
      seed (dir, i);
      /* rp-03 could not show an attachment two days ago. */
      if (i == 3)
        {
          g_autofree char *usage_path = g_build_filename (dir, "usage.db", NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(RpUsage) usage = rp_usage_open (usage_path, &error);
          g_autoptr(GDateTime) when = days_ago (2);

          g_assert_no_error (error);
          g_assert_true (rp_usage_count_catalogue_id (usage, RP_USAGE_DOCUMENT_FAILED, "QX-2026-00017/0", when,
                                                      &error));
        }
      upload (dir, site);
      pub = public_key_of (dir);
      if (i % 2)
        {
          g_autofree char *name = g_strdup_printf ("Reading point %u", i);
          g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "enrol", site, pub, "--name", name,
                                        "--tier", tier_of (i), NULL), ==, 0);
        }
      else
        g_string_append_printf (csv, "%s,Reading point %u,%s,%s\n", site, i, tier_of (i), pub);
      count_span (dir, first_day, last_day);
    }
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, NULL));
  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "import-sites", csv_path, NULL), ==, 0);
  /* The origin publishes the demo channel: status compares versions. */
  {
    g_autofree char *channels = g_build_filename (demo_origin, "channels", NULL);
    g_assert_cmpint (rp_test_run (NULL, NULL, "cp", "-r", channels, published, NULL), ==, 0);
  }

  result = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "accepted"), ==, N_TERMINALS);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (result), "refused")),
                    ==, 0);
  assert_totals_exact (fleet_db);

  /* Idempotent: nothing new, nothing counted again. */
  again = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "accepted"), ==, 0);
  /* Each folder unchanged since every report in it was judged: not read. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "folders_unchanged"), ==, N_TERMINALS);
  assert_totals_exact (fleet_db);

  /* Over HTTP, listed with WebDAV PROPFIND (where nginx has the dav-ext
   * module) and, from a server without it, as nginx's JSON folder listing:
   * the same reports either way. */
  {
    const char *origins[] = { origin_url, json_origin_url };
    const char *expected[] = { g_file_test (DAV_EXT_MODULE_PATH, G_FILE_TEST_EXISTS) ? "propfind" : "json", "json" };

    for (guint k = 0; k < G_N_ELEMENTS (origins); k++)
      {
        g_autofree char *db = g_strdup_printf ("%s-%u", http_db, k);

        g_clear_pointer (&over_http, json_node_unref);
        g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", db, "import-sites", csv_path, NULL), ==, 0);
        over_http = collect (db, origins[k]);
        g_test_message ("collect %s: listed by %s", origins[k],
                        json_object_get_string_member (json_node_get_object (over_http), "listing"));
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (over_http), "listing"), ==,
                         expected[k]);
        g_assert_cmpint (json_object_get_int_member (json_node_get_object (over_http), "accepted"), ==,
                         N_TERMINALS / 2);
        g_assert_true (listed (over_http, "refused", "rp-01", "unknown key"));
        g_assert_cmpint (count_rows (db, "SELECT sum (count) FROM counters WHERE kind = 'visit'"), ==,
                         count_rows (fleet_db, "SELECT sum (count) FROM counters WHERE kind = 'visit'"
                                               " AND CAST (substr (site_id, 4) AS INTEGER) % 2 = 0"));
      }
  }
}

/* Writes a report and its signature onto the origin as a terminal would. */
static void
put_report (const char *site,
            const char *name,
            const char *body,
            gsize       length,
            const char *signature)
{
  g_autofree char *dir = g_build_filename (dav, "usage", site, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *sig_path = g_strconcat (path, ".minisig", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  if (signature != NULL)
    g_assert_true (g_file_set_contents (sig_path, signature, -1, NULL));
  g_assert_true (g_file_set_contents (path, body, length, NULL));
}

/* (transfer full): the name of one report @site uploaded. */
static char *
a_report_of (const char *site)
{
  g_autofree char *dir = g_build_filename (dav, "usage", site, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      return g_strdup (name);
  g_assert_not_reached ();
}

static char *
read_origin (const char *site,
             const char *name,
             gsize      *length)
{
  g_autofree char *path = g_build_filename (dav, "usage", site, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, length, NULL));
  return text;
}

/* A report signed by a key nobody enrolled, one with no signature, one
 * with altered bytes, and a replayed copy: each refused and listed,
 * nothing counted. */
static void
test_forged_tampered_replayed_refused (void)
{
  g_autoptr(RpMinisignSecretKey) intruder = rp_minisign_secret_key_generate ();
  g_autofree char *real = a_report_of ("rp-02");
  g_autofree char *sig_name = g_strconcat (real, ".minisig", NULL);
  g_autofree char *replay_name = a_report_of ("rp-03");
  g_autofree char *replay_sig_name = g_strconcat (replay_name, ".minisig", NULL);
  gsize length, sig_length, replay_length;
  g_autofree char *body = read_origin ("rp-02", real, &length);
  g_autofree char *sig = read_origin ("rp-02", sig_name, &sig_length);
  g_autofree char *replay = read_origin ("rp-03", replay_name, &replay_length);
  g_autofree char *replay_sig = read_origin ("rp-03", replay_sig_name, NULL);
  g_autofree char *forged_sig = NULL;
  g_autofree char *inflated = NULL;
  g_autoptr(JsonNode) result = NULL;
  char *p;

  /* Forged: the intruder's own key, a well-formed report for rp-01. */
  inflated = g_strdup (body);
  forged_sig = rp_minisign_sign (intruder, (const guint8 *) inflated, length,
                                 "site:rp-01\tsequence:2\tperiod:x\tprepared:2026-01-01T00:00:00Z");
  put_report ("rp-01", "forged-by-intruder.json", inflated, length, forged_sig);
  put_report ("rp-01", "unsigned.json", inflated, length, NULL);
  /* Tampered: rp-02's report with one count changed, its real signature. */
  p = strstr (body, "\"count\" : ");
  g_assert_nonnull (p);
  p[10] = p[10] == '9' ? '8' : p[10] + 1;
  put_report ("rp-02", "tampered.json", body, length, sig);
  /* Replayed: rp-03's counted report again under a fresh name. */
  put_report ("rp-03", "replayed.json", replay, replay_length, replay_sig);

  result = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "accepted"), ==, 0);
  g_assert_true (listed (result, "refused", "forged-by-intruder.json", "unknown key"));
  g_assert_true (listed (result, "refused", "unsigned.json", "no signature"));
  g_assert_true (listed (result, "refused", "tampered.json", "bad signature"));
  g_assert_true (listed (result, "refused", "replayed.json", "replay"));
  assert_totals_exact (fleet_db);
}

/* Moves a terminal's pending report onto the origin by hand (as its
 * upload would) and marks it sent: builds a history of several reports. */
static void
deliver_pending (const char *dir,
                 const char *site,
                 gboolean    keep)
{
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (h,
                                       "SELECT u.name, u.payload, s.signature FROM uploads u JOIN report_signatures s"
                                       " USING (name) WHERE u.done = 0", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (keep)
    put_report (site, (const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                sqlite3_column_bytes (stmt, 1), (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (h, "UPDATE uploads SET done = 1 WHERE done = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);
}

/* What the reader does at each start (rp-application.c), @n times. */
static void
count_starts (const char *dir,
              guint       n)
{
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_assert_true (rp_state_db_count_start (state, &error));
  g_assert_no_error (error);
}

static void
prepare_as_of (const char *dir,
               const char *site,
               GDateTime  *today)
{
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (rp_usage_upload_prepare (usage, site, today, &error));
  g_assert_no_error (error);
}

/* A terminal whose second report never arrived: listed as missing, the
 * reports after it still count. A terminal with its clock a year ahead:
 * refused as from the future, not counted. */
static void
test_gap_listed_and_future_refused (void)
{
  g_autofree char *gap_dir = terminal_dir ("rp-gap");
  g_autofree char *future_dir = terminal_dir ("rp-future");
  g_autoptr(GDateTime) d6 = days_ago (6);
  g_autoptr(GDateTime) d4 = days_ago (4);
  g_autoptr(GDateTime) next_year = days_ago (-366);
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *pub = NULL;

  /* rp-gap: reports as of 6 days ago (seq 1), 4 days ago (seq 2, lost),
   * then today through the real command (seq 3). */
  g_assert_cmpint (g_mkdir_with_parents (gap_dir, 0755), ==, 0);
  {
    g_autofree char *path = g_build_filename (gap_dir, "usage.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(RpUsage) usage = rp_usage_open (path, &error);

    for (int day = 1; day <= 8; day++)
      {
        g_autoptr(GDateTime) when = days_ago (day);
        g_assert_true (rp_usage_count (usage, RP_USAGE_VISIT, "1-5min", when, &error));
      }
  }
  /* Started twice before its first report, three more times by its
   * third: status says 3 restarts since the last report received. */
  count_starts (gap_dir, 2);
  prepare_as_of (gap_dir, "rp-gap", d6);
  deliver_pending (gap_dir, "rp-gap", TRUE);
  count_starts (gap_dir, 1);
  prepare_as_of (gap_dir, "rp-gap", d4);
  deliver_pending (gap_dir, "rp-gap", FALSE);
  count_starts (gap_dir, 2);
  upload (gap_dir, "rp-gap");
  pub = public_key_of (gap_dir);
  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "enrol", "rp-gap", pub, NULL), ==, 0);

  /* rp-future: its clock says next year. */
  g_assert_cmpint (g_mkdir_with_parents (future_dir, 0755), ==, 0);
  seed (future_dir, 21);
  prepare_as_of (future_dir, "rp-future", next_year);
  deliver_pending (future_dir, "rp-future", TRUE);
  g_clear_pointer (&pub, g_free);
  pub = public_key_of (future_dir);
  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "enrol", "rp-future", pub, NULL), ==, 0);

  result = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "accepted"), ==, 2);
  g_assert_true (listed (result, "refused", "rp-future", "future"));
  {
    JsonArray *missing = json_object_get_array_member (json_node_get_object (result), "missing");
    g_assert_cmpuint (json_array_get_length (missing), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "site_id"), ==,
                     "rp-gap");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (missing, 0), "sequence"), ==, 2);
  }
  /* rp-gap's two reports count (days 8..7 and 4..1); the lost one (days
   * 6..5) cannot. */
  g_assert_cmpint (count_rows (fleet_db, "SELECT sum (count) FROM counters WHERE site_id = 'rp-gap'"), ==, 6);
  {
    g_autofree char *d8 = day_ago (8);
    g_autofree char *d7 = day_ago (7);
    g_autofree char *d4s = day_ago (4);
    g_autofree char *d1 = day_ago (1);

    count_span (gap_dir, d8, d7);
    count_span (gap_dir, d4s, d1);
  }
  assert_totals_exact (fleet_db);
}

/* A truncated upload is refused, and counted once complete; a terminal
 * re-provisioned with a new key is refused until enrolled again, then its
 * reports count beside the old key's. */
static void
test_truncated_then_complete_and_reenrolled (void)
{
  g_autofree char *trunc_dir = terminal_dir ("rp-trunc");
  g_autofree char *new_dir = terminal_dir ("rp-07-new-disk");
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autofree char *pub = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (trunc_dir, 0755), ==, 0);
  seed (trunc_dir, 22);
  upload (trunc_dir, "rp-trunc");
  pub = public_key_of (trunc_dir);
  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "enrol", "rp-trunc", pub, "--tier", "street",
                                NULL), ==, 0);
  name = a_report_of ("rp-trunc");
  body = read_origin ("rp-trunc", name, &length);
  {
    g_autofree char *path = g_build_filename (dav, "usage", "rp-trunc", name, NULL);
    g_assert_true (g_file_set_contents (path, body, length / 2, NULL));
  }

  g_assert_cmpint (g_mkdir_with_parents (new_dir, 0755), ==, 0);
  seed (new_dir, 7);
  upload (new_dir, "rp-07");

  first = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "accepted"), ==, 0);
  g_assert_true (listed (first, "refused", "rp-trunc", "bad signature"));
  g_assert_true (listed (first, "refused", "rp-07/", "unknown key"));
  assert_totals_exact (fleet_db);

  /* The retry re-sends the whole report; the office enrols the new key. */
  put_report ("rp-trunc", name, body, length, NULL);
  g_clear_pointer (&pub, g_free);
  pub = public_key_of (new_dir);
  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "enrol", "rp-07", pub, NULL), ==, 0);
  second = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second), "accepted"), ==, 2);
  count_span (trunc_dir, first_day, last_day);
  count_span (new_dir, first_day, last_day);
  assert_totals_exact (fleet_db);
  g_assert_cmpint (count_rows (fleet_db, "SELECT count (*) FROM keys WHERE site_id = 'rp-07'"), ==, 2);

  third = collect (fleet_db, dav);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (third), "accepted"), ==, 0);
  assert_totals_exact (fleet_db);
}

/* `collect` killed at random moments, 20 times, into a fresh fleet.db:
 * never a report counted twice, never part of one; then complete. */
static void
test_collect_killed_never_double_counts (void)
{
  g_autofree char *db = g_build_filename (root, "fleet-kill.db", NULL);
  gint64 expected_reports = count_rows (fleet_db, "SELECT count (*) FROM reports");
  gint64 expected_visits = count_rows (fleet_db, "SELECT sum (count) FROM counters WHERE kind = 'visit'");
  g_autoptr(JsonNode) last = NULL;
  guint killed_midway = 0;

  /* The same enrolments as the main fleet.db. */
  {
    sqlite3 *h = NULL;
    g_autofree char *sql = g_strdup_printf ("ATTACH '%s' AS src;"
                                            "INSERT INTO sites SELECT * FROM src.sites;"
                                            "INSERT INTO keys SELECT * FROM src.keys;", fleet_db);
    g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", db, "status", NULL), ==, 0);
    g_assert_cmpint (sqlite3_open (db, &h), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (h, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (h);
  }
  for (guint round = 0; round < 20; round++)
    {
      /* Small batches, slowed down: a kill lands inside a run. */
      const char *argv[] = { fleet (), "--db", db, "collect", dav, "--batch-size", "4", "--report-delay-ms", "10", NULL };
      g_autoptr(GError) error = NULL;
      GPid pid;
      int status = 0;
      gint64 reports, visits;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                    | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      /* Any moment in the run: before it opens the database, between
       * reports, inside one's transaction. */
      g_usleep (g_random_int_range (0, 150) * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      if (WIFSIGNALED (status))
        killed_midway++;

      reports = count_rows (db, "SELECT count (*) FROM reports");
      visits = count_rows (db, "SELECT coalesce (sum (count), 0) FROM counters WHERE kind = 'visit'");
      g_assert_cmpint (reports, <=, expected_reports);
      /* Every report counted is counted whole: its counters match the
       * main database's for the same reports. */
      g_assert_cmpint (count_rows (db, "SELECT count (*) FROM (SELECT key_id, sequence FROM reports"
                                       " GROUP BY key_id, sequence HAVING count (*) > 1)"), ==, 0);
      {
        g_autofree char *sql = g_strdup_printf ("SELECT coalesce (sum (count), 0) FROM counters c WHERE kind = 'visit'"
                                                " AND EXISTS (SELECT 1 FROM k.reports r WHERE r.key_id = c.key_id"
                                                " AND r.sequence = c.sequence)");
        sqlite3 *h = NULL;
        sqlite3_stmt *stmt = NULL;
        g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS k", db);

        g_assert_cmpint (sqlite3_open_v2 (fleet_db, &h, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_exec (h, attach, NULL, NULL, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, visits);
        sqlite3_finalize (stmt);
        sqlite3_close (h);
      }
      g_test_message ("round %u: %s, %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " reports, %" G_GINT64_FORMAT
                      " visits", round, WIFSIGNALED (status) ? "killed" : "finished", reports, expected_reports,
                      visits);
    }
  g_test_message ("killed before finishing in %u of 20 rounds", killed_midway);
  g_assert_cmpuint (killed_midway, >, 0);
  last = collect (db, dav);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM reports"), ==, expected_reports);
  g_assert_cmpint (count_rows (db, "SELECT sum (count) FROM counters WHERE kind = 'visit'"), ==, expected_visits);
  assert_totals_exact (db);
}

/* status: one row per enrolled terminal, with what its reports said. */
static void
test_status_per_terminal (void)
{
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *a;
  guint seen = 0;

  g_assert_cmpint (rp_test_run (&text, NULL, fleet (), "--db", fleet_db, "status", NULL), ==, 0);
  g_test_message ("readingpoint-fleet status:\n%s", text);
  g_assert_cmpint (rp_test_run (&out, NULL, fleet (), "--db", fleet_db, "status", "--json", NULL), ==, 0);
  rows = parse (out);
  a = json_node_get_array (rows);
  /* The 20, and rp-gap, rp-future, rp-trunc. */
  g_assert_cmpuint (json_array_get_length (a), ==, N_TERMINALS + 3);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      const char *site = json_object_get_string_member (o, "site_id");

      if (g_str_equal (site, "rp-01"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "installed_version"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (o, "latest_version"), ==, 1);
          g_assert_false (json_object_get_boolean_member (o, "expired"));
          g_assert_cmpstr (json_object_get_string_member (o, "tier"), ==, "street");
          g_assert_cmpint (json_object_get_int_member (o, "days_silent"), ==, 0);
          g_assert_cmpint (json_object_get_int_member (o, "restarts"), ==, 0);
          g_assert_cmpstr (json_object_get_string_member (o, "last_verify"), ==, "ok");
          seen++;
        }
      else if (g_str_equal (site, "rp-03"))
        {
          JsonArray *failed = json_object_get_array_member (o, "failed_documents");

          g_assert_cmpuint (json_array_get_length (failed), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (failed, 0), ==, "QX-2026-00017/0");
          seen++;
        }
      else if (g_str_equal (site, "rp-02"))
        {
          g_assert_cmpstr (json_object_get_string_member (o, "last_verify"), ==, "failed");
          seen++;
        }
      else if (g_str_equal (site, "rp-10"))
        {
          g_assert_cmpstr (json_object_get_string_member (o, "last_sync_outcome"), ==, "refused");
          g_assert_nonnull (strstr (json_object_get_string_member (o, "last_error"), "timed out"));
          g_assert_cmpint (json_object_get_int_member (o, "restarts"), ==, 3);
          seen++;
        }
      else if (g_str_equal (site, "rp-future"))
        {
          /* Enrolled, nothing counted: silent. */
          g_assert_true (json_object_get_boolean_member (o, "silent"));
          seen++;
        }
      else if (g_str_equal (site, "rp-gap"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "missing_reports"), ==, 1);
          /* Starts 5 in its newest report, 2 in the one before it. */
          g_assert_cmpint (json_object_get_int_member (o, "restarts"), ==, 3);
          seen++;
        }
      else if (g_str_equal (site, "rp-07"))
        {
          g_assert_cmpint (json_object_get_int_member (o, "keys"), ==, 2);
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 7);
}

/* The HTML report is one file with nothing fetched and nothing run; CSV
 * and JSON carry the same numbers; small cells are suppressed. */
static void
test_report_formats_self_contained (void)
{
  g_autofree char *html_path = g_build_filename (root, "report.html", NULL);
  g_autofree char *csv_path = g_build_filename (root, "report.csv", NULL);
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) json = report_json (fleet_db);
  JsonObject *o = json_node_get_object (json);
  JsonArray *sites;
  gint64 visits = json_object_get_int_member (json_object_get_object_member (o, "figures"), "visits");
  g_autofree char *visits_line = g_strdup_printf ("figures,visits,%" G_GINT64_FORMAT ",0\n", visits);
  gboolean any_suppressed = FALSE;

  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "report", "--from", first_day, "--to",
                                last_day, "-o", html_path, NULL), ==, 0);
  g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "report", "--from", first_day, "--to",
                                last_day, "--format", "csv", "-o", csv_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_test_message ("HTML report: %s (%zu bytes)", html_path, strlen (html));
  /* For looking at it (a screenshot in headless Chromium): a copy. */
  if (g_getenv ("RP_TEST_FLEET_KEEP") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("RP_TEST_FLEET_KEEP"), "report.html", NULL);
      g_assert_true (g_file_set_contents (copy, html, -1, NULL));
    }

  g_assert_nonnull (strstr (html, "<svg"));
  g_assert_nonnull (strstr (html, "@media print"));
  g_assert_nonnull (strstr (html, "养老补贴申请"));
  /* The attachment rp-03 could not show, under its own heading. */
  g_assert_nonnull (strstr (html, "Attachments that could not be shown"));
  g_assert_nonnull (strstr (html, "QX-2026-00017/0"));
  g_assert_null (strstr (html, "http"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "url("));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "@import"));

  /* zh_CN is available (and en, by default). */
  {
    g_autofree char *zh_path = g_build_filename (root, "report-zh.html", NULL);
    g_autofree char *zh = NULL;
    const char *argv_zh[] = { fleet (), "--db", fleet_db, "report", "--from", first_day, "--to", last_day, "-o",
                              zh_path, NULL };
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LANGUAGE", "zh_CN", TRUE);
    g_autoptr(GError) error = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv_zh, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (zh_path, &zh, NULL, NULL));
    g_assert_nonnull (strstr (zh, "lang=\"zh-CN\""));
    g_assert_nonnull (strstr (zh, "每日访问"));
    g_assert_nonnull (strstr (zh, "终端运行状况"));
    g_assert_null (strstr (zh, "http"));
    g_assert_null (strstr (zh, "<script"));
    if (g_getenv ("RP_TEST_FLEET_KEEP") != NULL)
      {
        g_autofree char *copy = g_build_filename (g_getenv ("RP_TEST_FLEET_KEEP"), "report-zh.html", NULL);
        g_assert_true (g_file_set_contents (copy, zh, -1, NULL));
      }
  }

  g_assert_nonnull (strstr (csv, visits_line));
  g_assert_nonnull (strstr (csv, "searches_no_result,养老补贴申请,"));
  /* Suppression: rp-gap's 6 visits pass k = 5; with k = 7 they do not. */
  {
    g_autofree char *k7 = g_build_filename (root, "report-k7.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) n = NULL;

    g_assert_cmpint (rp_test_run (NULL, NULL, fleet (), "--db", fleet_db, "report", "--from", first_day, "--to",
                                  last_day, "--format", "json", "-k", "7", "-o", k7, NULL), ==, 0);
    g_assert_true (g_file_get_contents (k7, &text, NULL, NULL));
    n = parse (text);
    sites = json_object_get_array_member (json_node_get_object (n), "visits_by_site");
    for (guint i = 0; i < json_array_get_length (sites); i++)
      {
        JsonObject *row = json_array_get_object_element (sites, i);
        if (strstr (json_object_get_string_member (row, "label"), "rp-gap") != NULL)
          {
            g_assert_true (json_object_get_boolean_member_with_default (row, "suppressed", FALSE));
            g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (row, "count")));
            any_suppressed = TRUE;
          }
      }
    g_assert_true (any_suppressed);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  root = rp_test_make_dir ("fleet");
  dav = g_build_filename (root, "dav", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dav, 0755), ==, 0);
  rp_test_nginx_start (root);
  origin_url = rp_test_nginx_url ("dav");
  json_origin_url = rp_test_nginx_url ("davjson");
  fleet_db = g_build_filename (root, "fleet.db", NULL);
  first_day = day_ago (8);
  last_day = day_ago (1);
  counted_dirs = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/ReadingPoint/Fleet/twenty-terminals-collected-exactly", test_twenty_terminals_collected_exactly);
  g_test_add_func ("/ReadingPoint/Fleet/forged-tampered-replayed-refused", test_forged_tampered_replayed_refused);
  g_test_add_func ("/ReadingPoint/Fleet/gap-listed-and-future-refused", test_gap_listed_and_future_refused);
  g_test_add_func ("/ReadingPoint/Fleet/truncated-then-complete-and-reenrolled",
                   test_truncated_then_complete_and_reenrolled);
  g_test_add_func ("/ReadingPoint/Fleet/collect-killed-never-double-counts", test_collect_killed_never_double_counts);
  g_test_add_func ("/ReadingPoint/Fleet/status-per-terminal", test_status_per_terminal);
  g_test_add_func ("/ReadingPoint/Fleet/report-formats-self-contained", test_report_formats_self_contained);
  return g_test_run ();
}
