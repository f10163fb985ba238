/* test-usage.c — usage counters that cannot identify anyone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rp-core.h"
#include "rp-test-util.h"

/* Canaries: none may reach the disk or an export. */
static const char *canaries[] = {
  "13800138000",              /* mobile number */
  "138 0013 8000",            /* the same, spaced */
  "１３９１２３４５６７８",     /* full-width digits */
  "11010519491231002X",       /* ID-card number */
  "resident.wang@example.com",
  "wang＠example.cn",          /* full-width at sign */
};
/* A rare name, searched fewer than k times: its text must not be kept. */
static const char rare_name[] = "欧阳娜娜";

static GDateTime *
days_ago (int n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_add_days (now, -n);
}

static char *
day_string (int n)
{
  g_autoptr(GDateTime) d = days_ago (n);
  return g_date_time_format (d, "%Y-%m-%d");
}

static void
test_personal_data_detector (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (canaries); i++)
    g_assert_true (rp_usage_looks_personal (canaries[i]));
  g_assert_false (rp_usage_looks_personal ("保障性住房"));
  g_assert_false (rp_usage_looks_personal ("2026年预算"));
  g_assert_false (rp_usage_looks_personal ("〔2026〕9号"));
  g_assert_false (rp_usage_looks_personal ("zfxxgk"));
  g_assert_true (rp_usage_looks_personal ("\xff\xfe"));
}

static void
test_canaries_never_stored (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-canaries");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *first = day_string (3);
  g_autofree char *last = day_string (1);
  g_autoptr(GDateTime) when = days_ago (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (canaries); i++)
    {
      g_assert_true (rp_usage_count_search (usage, canaries[i], 0, when, &error));
      g_assert_true (rp_usage_count (usage, RP_USAGE_ENTRY, canaries[i], when, &error));
    }
  for (guint i = 0; i < RP_USAGE_DEFAULT_K - 1; i++)
    g_assert_true (rp_usage_count_search (usage, rare_name, 0, when, &error));
  for (guint i = 0; i < RP_USAGE_DEFAULT_K; i++)
    g_assert_true (rp_usage_count_search (usage, "保障性住房", 3, when, &error));
  g_assert_no_error (error);

  json = rp_usage_export (usage, first, last, "qingxi-hall-03", RP_USAGE_FORMAT_JSON, &error);
  g_assert_no_error (error);
  csv = rp_usage_export (usage, first, last, "qingxi-hall-03", RP_USAGE_FORMAT_CSV, &error);
  g_assert_no_error (error);
  g_clear_object (&usage);

  for (guint i = 0; i < G_N_ELEMENTS (canaries); i++)
    {
      g_autofree char *digits_only = NULL;

      g_assert_false (rp_test_tree_contains (dir, canaries[i]));
      g_assert_null (strstr (json, canaries[i]));
      g_assert_null (strstr (csv, canaries[i]));
      /* Nor the number in another spelling. */
      g_assert_null (strstr (json, "13800138000"));
    }
  g_assert_false (rp_test_tree_contains (dir, rare_name));
  g_assert_null (strstr (json, rare_name));
  g_assert_null (strstr (csv, rare_name));

  /* A term searched k times is reported, by its text. */
  g_assert_nonnull (strstr (json, "保障性住房"));
  g_assert_nonnull (strstr (csv, "保障性住房"));
  g_test_message ("%s", json);
}

static void
test_schema_has_no_identifying_column (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-schema");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autoptr(GString) columns = g_string_new (NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p"
                                       " WHERE m.type = 'table' ORDER BY m.name, p.cid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (columns, "%s.%s ", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("columns: %s", columns->str);
  /* Exactly these: day granularity, no visit, device, time or sequence. */
  g_assert_cmpstr (columns->str, ==,
                   "counters.day counters.kind counters.subject counters.count "
                   "meta.key meta.value terms.hash terms.text "
                   "uploads.name uploads.first uploads.last uploads.payload uploads.done ");
}

static void
test_export_periods_and_k (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-export");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *d5 = day_string (5);
  g_autofree char *d2 = day_string (2);
  g_autofree char *d1 = day_string (1);
  g_autofree char *today = day_string (0);
  g_autoptr(GDateTime) t5 = days_ago (5);
  g_autoptr(GDateTime) t2 = days_ago (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonArray *counters;
  gint64 other = 0, visits = 0, common = 0;
  char *nothing;

  g_assert_no_error (error);
  rp_usage_count (usage, RP_USAGE_VISIT, rp_usage_duration_bucket (200), t5, &error);
  rp_usage_count (usage, RP_USAGE_VISIT, rp_usage_duration_bucket (200), t2, &error);
  rp_usage_count (usage, RP_USAGE_VISIT, rp_usage_duration_bucket (200), NULL, &error); /* today: not exported */
  /* 3 searches on one day and 3 on another: 6 ≥ k in a period covering both. */
  for (guint i = 0; i < 3; i++)
    {
      rp_usage_count_search (usage, "政府信息公开", 2, t5, &error);
      rp_usage_count_search (usage, "政府信息公開", 2, t2, &error); /* Traditional: the same term */
    }
  for (guint i = 0; i < 4; i++)
    rp_usage_count_search (usage, "路灯维修", 0, t2, &error);
  g_assert_no_error (error);

  json = rp_usage_export (usage, d5, d1, "site-a", RP_USAGE_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  counters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "counters");
  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *row = json_array_get_object_element (counters, i);
      const char *kind = json_object_get_string_member (row, "kind");

      if (g_str_equal (kind, "visit"))
        visits += json_object_get_int_member (row, "count");
      if (json_object_has_member (row, "other") && g_str_equal (kind, "search"))
        other += json_object_get_int_member (row, "count");
      if (g_str_equal (kind, "search") && !json_object_get_null_member (row, "subject") &&
          g_str_equal (json_object_get_string_member (row, "subject"), "政府信息公开"))
        common = json_object_get_int_member (row, "count");
      g_assert_false (json_object_has_member (row, "day") &&
                      g_str_equal (json_object_get_string_member (row, "day"), today));
    }
  g_assert_cmpint (visits, ==, 2);
  g_assert_cmpint (common, ==, 6);
  g_assert_cmpint (other, ==, 4);
  g_assert_null (strstr (json, "路灯维修"));

  /* Today is open, and a period needs a site id. */
  nothing = rp_usage_export (usage, d5, today, "site-a", RP_USAGE_FORMAT_JSON, &error);
  g_assert_null (nothing);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_clear_error (&error);
  nothing = rp_usage_export (usage, d5, d1, "", RP_USAGE_FORMAT_JSON, &error);
  g_assert_null (nothing);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
}

static void
test_retention_purge (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-purge");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *d500 = day_string (500);
  g_autofree char *d1 = day_string (1);
  g_autoptr(GDateTime) old = days_ago (450);
  g_autoptr(GDateTime) recent = days_ago (10);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autofree char *csv = NULL;

  for (guint i = 0; i < RP_USAGE_DEFAULT_K; i++)
    rp_usage_count_search (usage, "古老的搜索", 1, old, &error);
  rp_usage_count (usage, RP_USAGE_CATEGORY, "org", old, &error);
  rp_usage_count (usage, RP_USAGE_CATEGORY, "law", recent, &error);
  g_assert_true (rp_usage_purge (usage, 400, NULL, &error));
  g_assert_no_error (error);

  csv = rp_usage_export (usage, d500, d1, "site-a", RP_USAGE_FORMAT_CSV, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (csv, ",org,"));
  g_assert_nonnull (strstr (csv, ",law,"));
  g_clear_object (&usage);
  /* The aged-out term's text is gone from the file too. */
  g_assert_false (rp_test_tree_contains (dir, "古老的搜索"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Usage/personal-data-detector", test_personal_data_detector);
  g_test_add_func ("/ReadingPoint/Usage/canaries-never-stored", test_canaries_never_stored);
  g_test_add_func ("/ReadingPoint/Usage/schema-has-no-identifying-column", test_schema_has_no_identifying_column);
  g_test_add_func ("/ReadingPoint/Usage/export-periods-and-k", test_export_periods_and_k);
  g_test_add_func ("/ReadingPoint/Usage/retention-purge", test_retention_purge);

  return g_test_run ();
}
