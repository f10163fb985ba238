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

/* @n distinct visits each commit @text once (the k rule counts visits). */
static void
search_in_visits (RpUsage    *usage,
                  const char *text,
                  guint       n_results,
                  guint       n,
                  GDateTime  *when)
{
  g_autoptr(GError) error = NULL;

  for (guint v = 0; v < n; v++)
    {
      rp_usage_begin_visit (usage);
      g_assert_true (rp_usage_count_search (usage, text, n_results, when, &error));
      g_assert_true (rp_usage_end_visit (usage, &error));
      g_assert_no_error (error);
    }
}

/* Sum of @kind rows of @day with @subject (NULL: any), straight from the file. */
static gint64
stored (const char *path,
        const char *day,
        const char *kind,
        const char *subject)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 total = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT coalesce(sum(count), 0) FROM counters"
                                       " WHERE day = ?1 AND kind = ?2 AND (?3 IS NULL OR subject = ?3)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  total = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return total;
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

/* Issue 12: numbers and addresses written the way residents write them,
 * and the searches that must stay searchable. */
static void
test_personal_filter_separators_and_numerals (void)
{
  const char *personal[] = {
    "138,0013,8000",                  /* commas */
    "138，0013，8000",                /* full-width commas */
    "138.0013.8000",
    "138-0013-8000",
    "138—0013—8000",                  /* em dashes */
    "１３８　００１３　８０００",    /* full-width digits, ideographic spaces */
    "138、0013、8000",                /* enumeration comma */
    "138。0013。8000",                /* ideographic full stop */
    "一三八零零一三八零零零",         /* CJK numerals */
    "一三八〇〇一三八〇〇〇",
    "幺三八零零幺三八零零零",         /* 幺 as spoken for 1 */
    "壹叁捌零零壹叁捌零零零",         /* financial numerals */
    "一三八 0013 八〇〇〇",           /* mixed */
    "①③⑧⓪⓪①③⑧⓪⓪⓪",             /* circled */
    "(010) 8765-4321",                /* landline */
    "0755-12345678",
    "110105 19491231 002X",           /* ID card, spaced */
    "6222 0202 0000 1234 567",        /* bank card */
    "qq 2345678",
    "zhangsan＠qq。com",              /* full-width at, ideographic full stop */
    "zhangsan @ qq . com",
    "zhangsan﹫qq.com",               /* small commercial at */
    "zhangsan@",
    "zhangsan at qq dot com",
    "zhangsan(at)qq(dot)com",
    "王小明 13800138000",
  };
  const char *public[] = {
    "保障性住房", "2026年预算", "〔2026〕9号", "京政发〔2026〕19号", "2026年12月", "十四五规划",
    "一网通办", "三年行动计划", "第一二三批", "zfxxgk", "wangxiaoming", "王小明", "预算 2026",
    "13800",                          /* five digits: not enough to be anyone */
    "@",
  };

  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    {
      g_test_message ("personal: %s", personal[i]);
      g_assert_true (rp_usage_looks_personal (personal[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (public); i++)
    {
      g_test_message ("public: %s", public[i]);
      g_assert_false (rp_usage_looks_personal (public[i]));
    }
}

/* Issue 12: one visit counts a term once, however often it is committed. */
static void
test_search_counted_once_per_visit (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-once-per-visit");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *d2 = day_string (2);
  g_autofree char *d1 = day_string (1);
  g_autoptr(GDateTime) when = days_ago (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  rp_usage_begin_visit (usage);
  for (guint i = 0; i < 2 * RP_USAGE_DEFAULT_K; i++)
    {
      g_assert_true (rp_usage_count_search (usage, "政府信息公开", 0, when, &error));
      g_assert_true (rp_usage_count_search (usage, " 政府信息公開 ", 0, when, &error)); /* the same term */
    }
  g_assert_true (rp_usage_end_visit (usage, &error));
  g_assert_no_error (error);

  /* One search, in "other", without its text. */
  g_assert_cmpint (stored (path, d2, "search", NULL), ==, 1);
  g_assert_cmpint (stored (path, d2, "search", RP_USAGE_OTHER_SUBJECT), ==, 1);
  g_assert_cmpint (stored (path, d2, "search-no-result", NULL), ==, 1);
  g_assert_false (rp_test_tree_contains (dir, "政府信息公开"));
  json = rp_usage_export (usage, d2, d1, "site-a", RP_USAGE_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (json, "政府信息公开"));
  g_assert_cmpint (rp_test_export_count (json, "search", NULL), ==, 1);
  g_assert_cmpint (rp_test_export_count (json, "search-no-result", NULL), ==, 1);
}

/* Issue 12: k counts distinct visits. Five visits publish a term; one
 * visit five times, or four visits, do not, and leave no trace of it. */
static void
test_k_counts_distinct_visits (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-k-visits");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *d2 = day_string (2);
  g_autofree char *d1 = day_string (1);
  g_autoptr(GDateTime) when = days_ago (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;

  g_assert_no_error (error);
  /* One resident, one visit, five times: one search. */
  rp_usage_begin_visit (usage);
  for (guint i = 0; i < RP_USAGE_DEFAULT_K; i++)
    g_assert_true (rp_usage_count_search (usage, "欧阳娜娜", 0, when, &error));
  g_assert_true (rp_usage_end_visit (usage, &error));
  /* Four visits: still below k, and still not on disk while counting. */
  search_in_visits (usage, "路灯维修", 0, RP_USAGE_DEFAULT_K - 1, when);
  g_assert_false (rp_test_tree_contains (dir, "路灯维修"));
  g_assert_cmpint (stored (path, d2, "search", RP_USAGE_OTHER_SUBJECT), ==, RP_USAGE_DEFAULT_K);
  /* Five visits: the fifth writes the term, with all five. */
  search_in_visits (usage, "保障性住房", 3, RP_USAGE_DEFAULT_K - 1, when);
  g_assert_false (rp_test_tree_contains (dir, "保障性住房"));
  search_in_visits (usage, "保障性住房", 3, 1, when);
  g_assert_true (rp_test_tree_contains (dir, "保障性住房"));
  g_assert_cmpint (stored (path, d2, "search", "保障性住房"), ==, RP_USAGE_DEFAULT_K);
  /* …and moved out of "other": totals stay right. */
  g_assert_cmpint (stored (path, d2, "search", RP_USAGE_OTHER_SUBJECT), ==, RP_USAGE_DEFAULT_K);
  g_assert_cmpint (stored (path, d2, "search", NULL), ==, 2 * RP_USAGE_DEFAULT_K);
  /* The same rules for searches that found nothing. */
  search_in_visits (usage, "拆迁补偿", 0, RP_USAGE_DEFAULT_K, when);
  g_assert_cmpint (stored (path, d2, "search-no-result", "拆迁补偿"), ==, RP_USAGE_DEFAULT_K);
  g_assert_cmpint (stored (path, d2, "search-no-result", RP_USAGE_OTHER_SUBJECT), ==, RP_USAGE_DEFAULT_K);

  json = rp_usage_export (usage, d2, d1, "site-a", RP_USAGE_FORMAT_JSON, &error);
  g_assert_no_error (error);
  csv = rp_usage_export (usage, d2, d1, "site-a", RP_USAGE_FORMAT_CSV, &error);
  g_assert_no_error (error);
  g_test_message ("%s", json);
  g_assert_cmpint (rp_test_export_count (json, "search", "保障性住房"), ==, RP_USAGE_DEFAULT_K);
  g_assert_cmpint (rp_test_export_count (json, "search", "拆迁补偿"), ==, RP_USAGE_DEFAULT_K);
  g_assert_cmpint (rp_test_export_count (json, "search-no-result", "拆迁补偿"), ==, RP_USAGE_DEFAULT_K);
  g_assert_cmpint (rp_test_export_count (json, "search", NULL), ==, RP_USAGE_DEFAULT_K);
  g_assert_cmpint (rp_test_export_count (json, "search-no-result", NULL), ==, RP_USAGE_DEFAULT_K);
  g_assert_nonnull (strstr (csv, "保障性住房"));
  g_clear_object (&usage);
  for (guint i = 0; i < 2; i++)
    {
      const char *rare = i == 0 ? "欧阳娜娜" : "路灯维修";

      g_assert_false (rp_test_tree_contains (dir, rare));
      g_assert_null (strstr (json, rare));
      g_assert_null (strstr (csv, rare));
    }
}

/* Issue 12: the search box. Texts typed on the way to a longer one are
 * never counted, even when the resident paused on them; backspacing and
 * retyping counts once; the text left when the visit ends counts. */
static void
test_typed_prefixes_never_stored (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-prefixes");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *today = day_string (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  const char *typed[] = { "王", "王小", "王小明" };

  g_assert_no_error (error);
  rp_usage_set_k (usage, 2);
  for (guint v = 0; v < 2; v++)
    {
      rp_usage_begin_visit (usage);
      /* Each prefix shown long enough to settle, then typed on. */
      for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
        {
          g_assert_true (rp_usage_search_edited (usage, typed[i], &error));
          rp_usage_search_settled (usage, typed[i], 1);
        }
      /* Backspace and retype the last character, settling each time. */
      for (guint r = 0; r < 4; r++)
        {
          g_assert_true (rp_usage_search_edited (usage, "王小", &error));
          rp_usage_search_settled (usage, "王小", 1);
          g_assert_true (rp_usage_search_edited (usage, "王小明", &error));
          rp_usage_search_settled (usage, "王小明", 1);
        }
      g_assert_true (rp_usage_end_visit (usage, &error));
      g_assert_no_error (error);
    }
  /* With k = 2, two visits publish 王小明 — and only it: 王小 was a
   * prefix each time, even settled ("王小明" then "王小" is a deletion,
   * which commits 王小明, never 王小). */
  g_assert_cmpint (stored (path, today, "search", "王小明"), ==, 2);
  g_assert_cmpint (stored (path, today, "search", NULL), ==, 2);
  g_assert_cmpint (stored (path, today, "search", "王小"), ==, 0);
  g_assert_cmpint (stored (path, today, "search", "王"), ==, 0);

  /* Pinyin composed in the box on the on-screen keyboard: its letters,
   * even settled, are not searches; a pinyin search of its own is. */
  {
    const char *steps[] = { "wang", "王", "王xiao", "王小", "王小ming", "王小min", "王小ming", "王小明", "",
                            "ljfl", "ljf", "" };

    rp_usage_set_k (usage, 1);
    rp_usage_begin_visit (usage);
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_assert_true (rp_usage_search_edited (usage, steps[i], &error));
        rp_usage_search_settled (usage, steps[i], 1);
      }
    g_assert_true (rp_usage_end_visit (usage, &error));
    g_assert_no_error (error);
    g_assert_cmpint (stored (path, today, "search", "王小明"), ==, 3);
    g_assert_cmpint (stored (path, today, "search", "ljfl"), ==, 1);
    g_assert_cmpint (stored (path, today, "search", "ljf"), ==, 1);
    g_assert_cmpint (stored (path, today, "search", NULL), ==, 5);
    rp_usage_set_k (usage, 2);
  }

  /* A text that is replaced, or cleared, after settling was a search; one
   * replaced before it settled was not. */
  rp_usage_begin_visit (usage);
  g_assert_true (rp_usage_search_edited (usage, "预算", &error));
  g_assert_true (rp_usage_search_edited (usage, "", &error));
  g_assert_true (rp_usage_search_edited (usage, "决算", &error));
  rp_usage_search_settled (usage, "决算", 2);
  g_assert_true (rp_usage_search_edited (usage, "", &error));
  /* A result opened counts at once, without waiting. */
  g_assert_true (rp_usage_search_edited (usage, "规划", &error));
  g_assert_true (rp_usage_search_opened (usage, &error));
  g_assert_true (rp_usage_end_visit (usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored (path, today, "search", RP_USAGE_OTHER_SUBJECT), ==, 2);
  g_clear_object (&usage);
  for (guint i = 0; i < 3; i++)
    g_assert_false (rp_test_tree_contains (dir, (const char *[]) { "预算", "决算", "规划" }[i]));
}

/* Issue 12: a file from before kept rare terms as HMACs with the key in
 * its own meta table, and texts promoted on raw counts. Opening it leaves
 * nothing of either, anywhere in the file, and keeps the totals. */
static void
test_migration_forgets_hashed_terms (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-migration");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *d2 = day_string (2);
  g_autofree char *payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = NULL;
  const char key[] = "KEYKEYKEYKEYKEYKEYKEYKEYKEYKEY!!";
  const char hash[] = "#9f2c0d1b7e5a4c3b2a19f8e7d6c5b4a39f2c0d1b7e5a4c3b2a19f8e7d6c5b4a3";
  sqlite3 *db;
  sqlite3_stmt *stmt;
  g_autofree char *sql = NULL;

  /* The old schema, as d5ba382 wrote it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
                         "CREATE TABLE counters (day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,"
                         "  count INTEGER NOT NULL, PRIMARY KEY (day, kind, subject)) WITHOUT ROWID;"
                         "CREATE TABLE terms (hash TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;"
                         "CREATE TABLE uploads (name TEXT PRIMARY KEY, first TEXT NOT NULL, last TEXT NOT NULL,"
                         "  payload TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                         "INSERT INTO meta VALUES ('term-key', CAST('%s' AS BLOB));"
                         "INSERT INTO terms VALUES ('%s', '王小明');"
                         "INSERT INTO counters VALUES ('%s', 'search', '%s', 5), ('%s', 'search', '#00aa', 2),"
                         "  ('%s', 'search-no-result', '%s', 5), ('%s', 'visit', '1-5min', 3);"
                         "INSERT INTO uploads VALUES ('%s-0011223344556677.json', '%s', '%s',"
                         "  '{\"site_id\": \"site-old\", \"counters\": [{\"subject\": \"王小明\"}]}', 0);",
                         key, hash, d2, hash, d2, d2, hash, d2, d2, d2, d2);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (rp_test_tree_contains (dir, "王小明"));

  usage = rp_usage_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&usage);

  g_assert_false (rp_test_tree_contains (dir, key));
  g_assert_false (rp_test_tree_contains (dir, hash));
  g_assert_false (rp_test_tree_contains (dir, "王小明"));
  g_assert_false (rp_test_tree_contains (dir, "term-key"));
  g_assert_cmpint (stored (path, d2, "search", NULL), ==, 7);
  g_assert_cmpint (stored (path, d2, "search", RP_USAGE_OTHER_SUBJECT), ==, 7);
  g_assert_cmpint (stored (path, d2, "search-no-result", RP_USAGE_OTHER_SUBJECT), ==, 5);
  g_assert_cmpint (stored (path, d2, "visit", NULL), ==, 3);

  /* The batch still pending keeps its name and period, with a payload
   * exported under the new rules. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, payload FROM uploads WHERE done = 0", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (g_str_has_suffix ((const char *) sqlite3_column_text (stmt, 0), "-0011223344556677.json"));
  payload = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('meta', 'terms')", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("%s", payload);
  g_assert_cmpint (rp_test_export_count (payload, "search", NULL), ==, 7);
  g_assert_nonnull (strstr (payload, "site-old"));
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
  g_assert_true (rp_usage_end_visit (usage, &error));
  search_in_visits (usage, rare_name, 0, RP_USAGE_DEFAULT_K - 1, when);
  search_in_visits (usage, "保障性住房", 3, RP_USAGE_DEFAULT_K, when);
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
  /* 5 visits on one day publish the term; 3 on a later day count on disk
   * under its text: 8 in a period covering both. */
  search_in_visits (usage, "政府信息公开", 2, RP_USAGE_DEFAULT_K, t5);
  search_in_visits (usage, "政府信息公開", 2, 3, t2); /* Traditional: the same term */
  search_in_visits (usage, "路灯维修", 0, 4, t2);
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
  g_assert_cmpint (common, ==, RP_USAGE_DEFAULT_K + 3);
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

  search_in_visits (usage, "古老的搜索", 1, RP_USAGE_DEFAULT_K, old);
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

/* The days usage.db counts in: local, YYYY-MM-DD, yesterday before today. */
static void
test_local_day (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autofree char *today = rp_usage_local_day (0);
  g_autoptr(GDateTime) after = g_date_time_new_now_local ();
  g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *day_after = g_date_time_format (after, "%Y-%m-%d");
  g_autofree char *yesterday = rp_usage_local_day (1);
  g_autofree char *week_ago = rp_usage_local_day (7);

  /* Midnight may fall between the clocks read: either side is right. */
  g_assert_true (g_strcmp0 (today, day_before) == 0 || g_strcmp0 (today, day_after) == 0);
  g_assert_cmpuint (strlen (today), ==, 10);
  g_assert_cmpint (g_strcmp0 (yesterday, today), <, 0);
  g_assert_cmpint (g_strcmp0 (week_ago, yesterday), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Usage/local-day", test_local_day);
  g_test_add_func ("/ReadingPoint/Usage/personal-data-detector", test_personal_data_detector);
  g_test_add_func ("/ReadingPoint/Usage/personal-filter-separators-and-numerals",
                   test_personal_filter_separators_and_numerals);
  g_test_add_func ("/ReadingPoint/Usage/search-counted-once-per-visit", test_search_counted_once_per_visit);
  g_test_add_func ("/ReadingPoint/Usage/k-counts-distinct-visits", test_k_counts_distinct_visits);
  g_test_add_func ("/ReadingPoint/Usage/typed-prefixes-never-stored", test_typed_prefixes_never_stored);
  g_test_add_func ("/ReadingPoint/Usage/migration-forgets-hashed-terms", test_migration_forgets_hashed_terms);
  g_test_add_func ("/ReadingPoint/Usage/canaries-never-stored", test_canaries_never_stored);
  g_test_add_func ("/ReadingPoint/Usage/schema-has-no-identifying-column", test_schema_has_no_identifying_column);
  g_test_add_func ("/ReadingPoint/Usage/export-periods-and-k", test_export_periods_and_k);
  g_test_add_func ("/ReadingPoint/Usage/retention-purge", test_retention_purge);

  return g_test_run ();
}
