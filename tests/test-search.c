/* test-search.c — catalogue search on a purpose-built catalogue and the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matrix pins down, for each query class, exactly which entries are
 * found; the brute-force test proves the index finds exactly the entries
 * whose folded text contains every 1- and 2-character (and sampled longer)
 * CJK substring of the catalogue, by comparing with an instr() scan.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <sqlite3.h>
#include <string.h>

#include "rp-core.h"
#include "rp-pinyin-candidates.h"
#include "rp-search-query.h"
#include "rp-search-runner.h"
#include "rp-search.h"
#include "rp-test-util.h"
#include "rp-text-normaliser.h"

static char *db_path;
static char *demo_db_path;

static const char catalogue_json[] =
  "{\"channel\": \"search\", \"title\": \"检索测试目录\",\n"
  " \"categories\": [\n"
  "  {\"id\": \"org\", \"name\": \"机构职能\"},\n"
  "  {\"id\": \"plan\", \"name\": \"规划计划\"},\n"
  "  {\"id\": \"finance\", \"name\": \"财政信息\"},\n"
  "  {\"id\": \"key\", \"name\": \"重点领域\"}],\n"
  " \"entries\": [\n"
  "  {\"id\": \"s-01\", \"title\": \"关于加强路灯维护管理的通知\", \"organ\": \"区城市管理局\",\n"
  "   \"doc_number\": \"区城管〔2023〕12号\", \"date\": \"2023-05-10\", \"category\": \"plan\", \"genre\": \"通知\",\n"
  "   \"keywords\": [\"路灯\", \"照明\"], \"summary\": \"规范全区路灯巡查和维修。\",\n"
  "   \"body\": \"各街道：为做好夜间照明工作，现将有关事项通知如下。\"},\n"
  "  {\"id\": \"s-02\", \"title\": \"政府信息公开工作年度报告\", \"organ\": \"区人民政府办公室\",\n"
  "   \"date\": \"2024-01-20\", \"category\": \"org\", \"genre\": \"报告\",\n"
  "   \"keywords\": [\"年度报告\"], \"summary\": \"本报告介绍主动公开情况。\"},\n"
  "  {\"id\": \"s-03\", \"title\": \"二次供水设施改造实施方案\", \"organ\": \"区水务局\",\n"
  "   \"date\": \"2022-08-01\", \"category\": \"key\", \"genre\": \"通知\", \"keywords\": [\"二次供水\"],\n"
  "   \"body\": \"定期开展水箱清洗消毒。\"},\n"
  "  {\"id\": \"s-04\", \"title\": \"垃圾分類投放指引\", \"organ\": \"區生態環境局\",\n"
  "   \"date\": \"2023-03-03\", \"category\": \"key\", \"genre\": \"政策解读\", \"keywords\": [\"垃圾分類\"],\n"
  "   \"summary\": \"居民應按照規定分類投放。\"},\n"
  "  {\"id\": \"s-05\", \"title\": \"保障性住房申请指南\", \"organ\": \"区住房保障中心\",\n"
  "   \"date\": \"2024-03-15\", \"category\": \"key\", \"genre\": \"政策解读\",\n"
  "   \"keywords\": [\"公租房\", \"租赁补贴\"], \"summary\": \"申请公租房和租赁补贴的条件。\"},\n"
  "  {\"id\": \"s-06\", \"title\": \"重大行政决策事项目录\", \"organ\": \"区司法局\",\n"
  "   \"date\": \"2021-12-30\", \"category\": \"org\", \"genre\": \"公告\", \"keywords\": [\"重大行政决策\"]},\n"
  "  {\"id\": \"s-07\", \"title\": \"国土空间总体规划草案\", \"organ\": \"区规划和自然资源局\",\n"
  "   \"date\": \"2023-11-11\", \"category\": \"plan\", \"genre\": \"公告\",\n"
  "   \"files\": [{\"path\": \"files/plan.pdf\", \"title\": \"规划文本\"}]},\n"
  "  {\"id\": \"s-08\", \"title\": \"财政预算“三公”经费说明\", \"organ\": \"区财政局\",\n"
  "   \"doc_number\": \"财〔２０２４〕５号\", \"date\": \"2024-06-01\", \"category\": \"finance\", \"genre\": \"报告\",\n"
  "   \"summary\": \"三公经费包括公务接待费。\"},\n"
  "  {\"id\": \"s-09\", \"title\": \"评估机构中标结果公告\", \"organ\": \"区公共资源交易中心\",\n"
  "   \"date\": \"2022-02-02\", \"category\": \"key\", \"genre\": \"公告\",\n"
  "   \"body\": \"中标单位为某评估机构。\"},\n"
  "  {\"id\": \"s-10\", \"title\": \"图解：2024年重点工作\", \"organ\": \"区发展和改革委员会\",\n"
  "   \"date\": \"2024-02-02\", \"category\": \"plan\", \"genre\": \"政策解读\", \"keywords\": [\"图解\"],\n"
  "   \"summary\": \"GDP growth and Wi-Fi coverage targets.\"},\n"
  "  {\"id\": \"s-11\", \"title\": \"行政执法公示\", \"organ\": \"区城市管理局\",\n"
  "   \"date\": \"2020-01-01\", \"category\": \"org\", \"genre\": \"公告\", \"body\": \"银行网点周边执法。\"},\n"
  "  {\"id\": \"s-12\", \"title\": \"关于开展排查工作的通知\", \"organ\": \"区应急管理局\",\n"
  "   \"date\": \"2019-05-05\", \"category\": \"key\", \"genre\": \"通知\",\n"
  "   \"body\": \"重点排查路灯线路老化问题。\"},\n"
  "  {\"id\": \"s-13\", \"title\": \"重庆路改造工程\", \"organ\": \"区建设局\",\n"
  "   \"date\": \"2021-06-06\", \"category\": \"key\", \"genre\": \"通知\"}\n"
  " ]}\n";

/* Page texts of files/plan.pdf (s-07). */
static const char *const plan_pages[] = {
  "国土空间规划总则",
  "停车泊位配置标准",
  "挂牌出让地块清单",
};

static void
write_cjk_pdf (const char         *path,
               const char *const  *pages,
               guint               n_pages)
{
  g_autofree char *parent = g_path_get_dirname (path);
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  surface = cairo_pdf_surface_create (path, 595, 842);
  cr = cairo_create (surface);
  for (guint i = 0; i < n_pages; i++)
    {
      cairo_select_font_face (cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 24);
      cairo_move_to (cr, 72, 120);
      cairo_show_text (cr, pages[i]);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static char *
build_catalogue (const char *name,
                 const char *source)
{
  g_autofree char *dir = rp_test_make_dir (name);
  g_autofree char *objects = g_build_filename (dir, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  char *path = g_build_filename (dir, "catalogue.db", NULL);
  g_autoptr(GError) error = NULL;

  rp_catalogue_import_source (source, store, path, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* g_ptr_array_sort passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* Ids of the results of @query, sorted, comma-separated ("" for none). */
static char *
search_ids (const char            *query,
            const RpSearchOptions *options,
            gboolean               sorted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  RpSearchOptions all = { .limit = G_MAXUINT };

  g_assert_no_error (error);
  if (options != NULL)
    {
      all = *options;
      if (all.limit == 0)
        all.limit = G_MAXUINT;
    }
  results = rp_search_run (search, query, &all, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(RpSearchResult) r = g_list_model_get_item (results, i);
      g_ptr_array_add (ids, g_strdup (rp_search_result_get_id (r)));
    }
  if (sorted)
    g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

/* --- the matrix ----------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *query;
  const char *expected; /* sorted ids */
} Case;

static char *
sorted_ids (const char *query)
{
  return search_ids (query, NULL, TRUE);
}

static char *
filtered_ids (const char            *query,
              const RpSearchOptions *options)
{
  return search_ids (query, options, TRUE);
}

static const Case matrix[] = {
  /* 1 character */
  { "one-char/title-and-body", "灯", "s-01,s-12" },
  { "one-char/body-only", "箱", "s-03" },
  { "one-char/pdf-page", "泊", "s-07" },
  { "one-char/traditional-query", "灣", "" },
  { "one-char/traditional-folds", "規", "s-01,s-04,s-07" },
  { "one-char/simplified-finds-traditional", "类", "s-04" },
  { "one-char/none", "鑫", "" },
  /* 2 characters */
  { "two-char/title-keywords-body", "路灯", "s-01,s-12" },
  { "two-char/across-word-boundary", "灯维", "s-01" },
  { "two-char/summary", "巡查", "s-01" },
  { "two-char/keyword", "照明", "s-01" },
  { "two-char/organ", "司法", "s-06" },
  { "two-char/pdf-page", "泊位", "s-07" },
  { "two-char/traditional-to-simplified", "報告", "s-02" },
  { "two-char/simplified-to-traditional", "分类", "s-04" },
  { "two-char/traditional-organ", "环境", "s-04" },
  { "two-char/common", "中标", "s-09" },
  { "two-char/three-public", "三公", "s-08" },
  { "two-char/not-adjacent", "路通", "" },
  { "two-char/not-across-punctuation", "街道为", "" },
  /* 3 or more characters */
  { "phrase/title", "二次供水", "s-03" },
  { "phrase/keyword", "垃圾分类", "s-04" },
  { "phrase/traditional-query", "垃圾分類投放", "s-04" },
  { "phrase/pdf", "挂牌出让", "s-07" },
  { "phrase/body", "水箱清洗", "s-03" },
  { "phrase/long", "重大行政决策", "s-06" },
  { "phrase/subsidy", "租赁补贴", "s-05" },
  { "phrase/public-rental", "公租房", "s-05" },
  { "phrase/land-space", "国土空间", "s-07" },
  { "phrase/evaluation", "评估机构", "s-09" },
  { "phrase/order-matters", "供水二次", "" },
  /* search_text keeps no positions: every bigram of 线路灯 is in s-12's body
   * (…路灯线路…), but not in a row; the check must reject it. */
  { "phrase/body-bigrams-apart", "线路灯", "" },
  { "phrase/body-bigrams-adjacent", "灯线路", "s-12" },
  { "phrase/two-words-and", "路灯 维修", "s-01" },
  { "phrase/two-words-none", "路灯 供水", "" },
  { "phrase/punctuation-splits", "图解：2024", "s-10" },
  { "phrase/mixed-digits", "2024年", "s-10" },
  /* doc numbers and full width */
  { "docno/bracketed", "〔2023〕12号", "s-01" },
  { "docno/full-width-query", "２０２３", "s-01" },
  { "docno/full-width-indexed", "财〔2024〕5号", "s-08" },
  /* Latin, case */
  { "latin/case-folded", "gdp", "s-10" },
  { "latin/upper", "WI-FI", "s-10" },
  { "latin/prefix-while-typing", "cover", "s-10" },
  /* pinyin */
  { "pinyin/full", "zhengfuxinxi", "s-02" },
  { "pinyin/initials", "zfxxgk", "s-02" },
  { "pinyin/initials-housing", "bzxzf", "s-05" },
  { "pinyin/full-typing", "baozhangxingzhuf", "s-05" },
  { "pinyin/keyword", "gongzufang", "s-05" },
  { "pinyin/polyphone-xing", "xingzhengzhifa", "s-11" },
  { "pinyin/polyphone-chong", "chongqinglu", "s-13" },
  { "pinyin/polyphone-zhong", "zhongdaxingzheng", "s-06" },
  { "pinyin/initials-land", "gtkj", "s-07" },
  { "pinyin/none", "qwxz", "" },
  /* Characters chosen, then pinyin not yet converted (the keyboard's
   * composition, issue 13): one pinyin phrase. */
  { "pinyin/mixed", "政府xinxi", "s-02" },
  { "pinyin/mixed-typing", "政fuxinx", "s-02" },
  { "pinyin/mixed-initials", "政府xxgk", "s-02" },
  { "pinyin/mixed-polyphone", "重qinglu", "s-13" },
  { "pinyin/mixed-none", "政府qwxz", "" },
};

static void
test_matrix_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *got = sorted_ids (c->query);
  g_auto(GStrv) want_parts = g_strsplit (c->expected, ",", -1);
  g_autoptr(GPtrArray) want = g_ptr_array_new ();
  g_autofree char *want_sorted = NULL;

  for (guint i = 0; want_parts[i]; i++)
    if (*want_parts[i])
      g_ptr_array_add (want, want_parts[i]);
  g_ptr_array_sort (want, compare_strings);
  g_ptr_array_add (want, NULL);
  want_sorted = g_strjoinv (",", (char **) want->pdata);
  g_test_message ("query “%s”", c->query);
  g_assert_cmpstr (got, ==, want_sorted);
}

/* --- brute force ----------------------------------------------------------- */

/* Every field of every entry as the index sees it, folded: entry id → texts. */
static GHashTable *
load_folded_fields (sqlite3 *db)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id, title, keywords, doc_number, organ, summary, body FROM entries"
                                       " UNION ALL SELECT e.id, p.text, NULL, NULL, NULL, NULL, NULL"
                                       " FROM search_pages p JOIN entries e ON e.rowid = p.entry",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (fields, id);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (fields, g_strdup (id), list);
        }
      for (int c = 1; c <= 6; c++)
        if (sqlite3_column_text (stmt, c) != NULL)
          g_ptr_array_add (list, rp_normalise_text ((const char *) sqlite3_column_text (stmt, c), -1));
    }
  sqlite3_finalize (stmt);
  return fields;
}

static char *
brute_force (GHashTable *fields,
             const char *folded_query)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *list = value;
      for (guint i = 0; i < list->len; i++)
        if (strstr (g_ptr_array_index (list, i), folded_query) != NULL)
          {
            g_ptr_array_add (ids, key);
            break;
          }
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static void
test_brute_force (void)
{
  sqlite3 *db = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GHashTable) queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint n_checked = 0;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  fields = load_folded_fields (db);
  sqlite3_close (db);

  /* Every CJK substring of length 1, 2, 3 and 5 of every folded field. */
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *list = value;
      for (guint i = 0; i < list->len; i++)
        {
          const char *text = g_ptr_array_index (list, i);
          for (const char *p = text; *p; p = g_utf8_next_char (p))
            for (guint len = 1; len <= 5; len += len == 3 ? 2 : 1)
              {
                const char *q = p;
                guint k;

                for (k = 0; k < len && *q && rp_char_class (g_utf8_get_char (q)) == RP_CHAR_CJK; k++)
                  q = g_utf8_next_char (q);
                if (k == len)
                  g_hash_table_add (queries, g_strndup (p, q - p));
              }
        }
    }

  g_hash_table_iter_init (&iter, queries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *want = brute_force (fields, key);
      g_autofree char *got = sorted_ids (key);

      if (g_strcmp0 (want, got) != 0)
        g_test_message ("query “%s”", (char *) key);
      g_assert_cmpstr (got, ==, want);
      n_checked++;
    }
  g_test_message ("%u queries agree with the instr() scan", n_checked);
  g_assert_cmpuint (n_checked, >, 300);
}

/* --- bad input ------------------------------------------------------------- */

static void
test_hostile_input (void)
{
  static const char *const queries[] = {
    "\"", "\"\"", "\"路灯", "路灯\"", "*", "路*", "* 路灯", "AND", "路灯 AND 维修", "OR", "NOT 路灯",
    "NEAR(路灯 维修)", "NEAR", "%", "%路灯%", "'", "路灯'; DROP TABLE entries; --", "title:路灯",
    "{title}: 路灯", "^路灯", "(", ")", "-路灯", "+", "路灯 -维修", "\\", "\\\"", "::", ":",
    "   ", "", "，。、", "\t\n", "a\"b", "x*y", "NEAR/3", "路灯 NEAR/2 维修", "col:val*",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GListModel) results = rp_search_run (search, queries[i], NULL, &error);
      g_autoptr(GListModel) facets = rp_search_facets (search, queries[i], NULL, NULL, NULL, &error);

      g_test_message ("query “%s”", queries[i]);
      g_assert_no_error (error);
      g_assert_nonnull (results);
      g_assert_nonnull (facets);
    }
  /* Syntax is data: a query with FTS5 operators finds what its words find. */
  {
    g_autofree char *quoted = sorted_ids ("\"路灯\"");
    g_autofree char *near = sorted_ids ("NEAR(路灯)");
    g_autofree char *star = sorted_ids ("路灯*");
    g_assert_cmpstr (quoted, ==, "s-01,s-12");
    g_assert_cmpstr (star, ==, "s-01,s-12");
    /* "near" is searched as a word, and no entry has it. */
    g_assert_cmpstr (near, ==, "");
  }
}

/* Found by tests/fuzz/fuzz-search-query.c: a character that folds to a
 * separator and word characters (½ → 1⁄2, ℅ → c/o) used to end the typed
 * group whole, while in documents its word characters join the words beside
 * it, so a query did not find the very text it was typed from. */
static void
test_query_finds_its_own_text (void)
{
  static const char *const texts[] = {
    "2026½", "½ngutline", "℅abc", "plan-15th fyp\001Plan-15th ½ngutline", "x⑴y", "第⑴条", "a ½ b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpSearchQuery) query = rp_search_query_parse (texts[i], &error);
      guint tf[8], length, first_match;

      g_test_message ("query “%s”", texts[i]);
      g_assert_no_error (error);
      g_assert_cmpuint (query->phrases->len, >, 0);
      g_assert_cmpuint (query->phrases->len, <=, G_N_ELEMENTS (tf));
      g_assert_true (rp_search_query_check (query, texts[i], tf, &length, &first_match));
    }
  /* And in a longer text, as a document holds it. */
  {
    g_autoptr(RpSearchQuery) query = rp_search_query_parse ("2026½", NULL);
    guint tf[1], length, first_match;

    g_assert_true (rp_search_query_check (query, "完成2026½年度计划", tf, &length, &first_match));
    g_assert_false (rp_search_query_check (query, "完成2026年度计划", tf, &length, &first_match));
  }
}

/* Found by tests/fuzz/fuzz-tokenizer.c: folding Cherokee was not
 * idempotent (GLib folds ꮡ to Ꮡ but Ꮡ to ꮡ), so a query typed in one case
 * missed text in the other. Every character folds to a fixed point. */
static void
test_folding_is_idempotent (void)
{
  guint unstable = 0;

  for (gunichar c = 1; c < 0x110000; c++)
    {
      char utf8[8] = { 0 };
      g_autofree char *once = NULL;
      g_autofree char *twice = NULL;

      if (!g_unichar_validate (c))
        continue;
      g_unichar_to_utf8 (c, utf8);
      once = rp_normalise_text (utf8, -1);
      twice = rp_normalise_text (once, -1);
      if (!g_str_equal (once, twice))
        {
          if (unstable++ < 5)
            g_test_message ("U+%04X folds to “%s”, which folds to “%s”", c, once, twice);
        }
    }
  g_assert_cmpuint (unstable, ==, 0);

  {
    g_autofree char *capital = rp_normalise_text ("Ꮡ", -1);
    g_autofree char *small = rp_normalise_text ("ꮡ", -1);
    g_autoptr(RpSearchQuery) query = rp_search_query_parse ("ꮡꭲ", NULL);
    guint tf[1], length, first_match;

    g_assert_cmpstr (capital, ==, small);
    g_assert_true (rp_search_query_check (query, "ᏑᎢ", tf, &length, &first_match));
  }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GListModel) results = NULL;

  g_assert_no_error (error);
  results = rp_search_run (search, "路\xff\xfe灯", NULL, &error);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY);
  g_assert_null (results);
}

static void
test_long_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GListModel) ok = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "路灯\" AND ");
  results = rp_search_run (search, text->str, NULL, &error);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY);
  g_assert_null (results);
  g_clear_error (&error);

  /* At the limit: searched, not refused. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < RP_SEARCH_MAX_QUERY_CHARS / 2; i++)
    g_string_append (text, "路灯");
  ok = rp_search_run (search, text->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ok), ==, 0);
}

/* --- ranking, snippets, pages, facets -------------------------------------- */

static void
test_ranking (void)
{
  /* Title/keyword hit (s-01, older) before a body-only hit (s-12). */
  g_autofree char *lamp = search_ids ("路灯", NULL, FALSE);
  g_autofree char *report = search_ids ("报告", NULL, FALSE);

  g_assert_cmpstr (lamp, ==, "s-01,s-12");
  g_assert_true (g_str_has_prefix (report, "s-02"));
}

static void
test_pdf_page_hit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GListModel) results = rp_search_run (search, "停車泊位", NULL, &error);
  g_autoptr(RpSearchResult) hit = NULL;
  g_autofree char *snippet = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  hit = g_list_model_get_item (results, 0);
  g_assert_cmpstr (rp_search_result_get_id (hit), ==, "s-07");
  g_assert_cmpint (rp_search_result_get_field (hit), ==, RP_SEARCH_FIELD_PDF);
  g_assert_cmpint (rp_search_result_get_attachment (hit), ==, 0);
  g_assert_cmpuint (rp_search_result_get_page (hit), ==, 2);
  snippet = rp_search_result_format_snippet (hit, "[", "]", FALSE);
  g_assert_nonnull (strstr (snippet, "[停车泊位]"));
}

static void
test_snippets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(RpSearchResult) first = NULL;
  g_autoptr(RpSearchResult) py = NULL;
  g_autofree char *title = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *py_title = NULL;

  g_assert_no_error (error);
  /* A Simplified query highlights the Traditional original. */
  results = rp_search_run (search, "分类", NULL, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (results, 0);
  title = rp_search_result_format_title (first, "[", "]", FALSE);
  g_assert_cmpstr (title, ==, "垃圾[分類]投放指引");
  g_clear_object (&results);

  results = rp_search_run (search, "三公", NULL, &error);
  g_clear_object (&first);
  first = g_list_model_get_item (results, 0);
  markup = rp_search_result_format_title (first, "<b>", "</b>", TRUE);
  g_assert_cmpstr (markup, ==, "财政预算“<b>三公</b>”经费说明");
  g_clear_object (&results);

  results = rp_search_run (search, "zfxxgk", NULL, &error);
  py = g_list_model_get_item (results, 0);
  g_assert_cmpint (rp_search_result_get_field (py), ==, RP_SEARCH_FIELD_PINYIN);
  py_title = rp_search_result_format_title (py, "[", "]", FALSE);
  g_assert_cmpstr (py_title, ==, "[政府信息公开]工作年度报告");
}

static void
test_facets_and_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GListModel) facets = NULL;
  RpSearchOptions by_category = { .category = "key" };
  RpSearchOptions by_year = { .year = 2023 };
  RpSearchOptions by_genre = { .genre = "公告" };
  RpSearchOptions by_organ = { .organ = "区城市管理局" };
  g_autofree char *key = NULL, *year = NULL, *genre = NULL, *organ = NULL;
  guint n = 0, categories = 0;
  gboolean exact = FALSE;

  g_assert_no_error (error);
  facets = rp_search_facets (search, "通知", NULL, &n, &exact, &error);
  g_assert_no_error (error);
  g_assert_true (exact);
  /* s-01 s-12 (title), s-01 body: 2 entries. */
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (facets); i++)
    {
      g_autoptr(RpSearchFacet) f = g_list_model_get_item (facets, i);
      if (rp_search_facet_get_kind (f) == RP_SEARCH_FACET_CATEGORY)
        {
          categories++;
          if (g_str_equal (rp_search_facet_get_value (f), "plan"))
            {
              g_assert_cmpstr (rp_search_facet_get_label (f), ==, "规划计划");
              g_assert_cmpuint (rp_search_facet_get_count (f), ==, 1);
            }
        }
    }
  g_assert_cmpuint (categories, ==, 2);

  g_clear_object (&facets);

  key = filtered_ids ("路灯", &by_category);
  year = filtered_ids ("路灯", &by_year);
  genre = filtered_ids ("规划", &by_genre);
  organ = filtered_ids ("执法", &by_organ);
  g_assert_cmpstr (key, ==, "s-12");
  g_assert_cmpstr (year, ==, "s-01");
  g_assert_cmpstr (genre, ==, "s-07");
  g_assert_cmpstr (organ, ==, "s-11");

  /* Facets follow the filters. */
  facets = rp_search_facets (search, "路灯", &by_category, &n, &exact, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

/* A search whose cancellable is cancelled stops with G_IO_ERROR_CANCELLED
 * (the kiosk cancels the search of every superseded keystroke) and leaves
 * the RpSearch ready for the next one. */
static void
test_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (db_path, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RpSearchOptions options = { .cancellable = cancellable };
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GListModel) facets = NULL;
  guint n = 0;

  g_assert_no_error (error);
  results = rp_search_run (search, "路灯", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);

  g_cancellable_cancel (cancellable);
  results = rp_search_run (search, "路灯", &options, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (results);
  g_clear_error (&error);
  facets = rp_search_facets (search, "路灯", &options, &n, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (facets);
  g_clear_error (&error);

  results = rp_search_run (search, "路灯", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  facets = rp_search_facets (search, "路灯", NULL, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
}

/* --- searching off the main thread (RpSearchRunner) -------------------------- */

typedef struct
{
  guint       n_calls;
  GListModel *results;
  GListModel *facets;
  guint       n_matches;
  GError     *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_object (&outcome->results);
  g_clear_object (&outcome->facets);
  g_clear_error (&outcome->error);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Outcome *outcome = data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  outcome->n_calls++;
  outcome->results = rp_search_runner_run_finish (RP_SEARCH_RUNNER (source), result, &outcome->error);
}

static void
on_facets_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Outcome *outcome = data;

  outcome->n_calls++;
  outcome->facets = rp_search_runner_facets_finish (RP_SEARCH_RUNNER (source), result, &outcome->n_matches,
                                                    &outcome->error);
}

static void
wait_for_calls (Outcome *outcomes,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    while (outcomes[i].n_calls == 0)
      g_main_context_iteration (NULL, TRUE);
}

/* The same answers as RpSearch, delivered on the main thread; the runner
 * goes once its searches are delivered. */
static void
test_runner_finds (void)
{
  RpSearchRunner *runner = rp_search_runner_new (db_path);
  RpSearchOptions plan = { .category = "plan" };
  Outcome outcomes[3] = { 0 };

  rp_search_runner_prepare (runner);
  rp_search_runner_run_async (runner, "路灯", NULL, NULL, on_run_done, &outcomes[0]);
  rp_search_runner_run_async (runner, "路灯", &plan, NULL, on_run_done, &outcomes[1]);
  rp_search_runner_facets_async (runner, "路灯", NULL, NULL, on_facets_done, &outcomes[2]);
  wait_for_calls (outcomes, G_N_ELEMENTS (outcomes));

  g_assert_no_error (outcomes[0].error);
  g_assert_cmpuint (g_list_model_get_n_items (outcomes[0].results), ==, 2);
  g_assert_no_error (outcomes[1].error);
  g_assert_cmpuint (g_list_model_get_n_items (outcomes[1].results), ==, 1);
  g_assert_no_error (outcomes[2].error);
  g_assert_cmpuint (outcomes[2].n_matches, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (outcomes[2].facets), >, 0);
  g_assert_false (rp_search_runner_is_unavailable (runner));
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_assert_cmpuint (outcomes[i].n_calls, ==, 1);
      outcome_clear (&outcomes[i]);
    }
  g_assert_finalize_object (runner);
}

/* Typed faster than searches finish: each keystroke cancels the search of
 * the one before. Only the newest delivers results; every older one is told
 * it was cancelled (once), even if it had finished. */
static void
test_runner_newest_wins (void)
{
  static const char *const typed[] = { "路", "路灯", "ljfl", "二次供水", "路灯" };
  RpSearchRunner *runner = rp_search_runner_new (db_path);
  Outcome outcomes[G_N_ELEMENTS (typed)] = { 0 };
  g_autoptr(GCancellable) cancellable = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_cancellable_cancel (cancellable);
      g_clear_object (&cancellable);
      cancellable = g_cancellable_new ();
      rp_search_runner_run_async (runner, typed[i], NULL, cancellable, on_run_done, &outcomes[i]);
      /* Some searches finish before the next keystroke, some do not. */
      if (i % 2 == 1)
        rp_search_runner_wait (runner, 10 * G_USEC_PER_SEC);
    }
  wait_for_calls (outcomes, G_N_ELEMENTS (outcomes));

  for (guint i = 0; i + 1 < G_N_ELEMENTS (typed); i++)
    {
      g_assert_cmpuint (outcomes[i].n_calls, ==, 1);
      g_assert_error (outcomes[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (outcomes[i].results);
      outcome_clear (&outcomes[i]);
    }
  g_assert_cmpuint (outcomes[G_N_ELEMENTS (typed) - 1].n_calls, ==, 1);
  g_assert_no_error (outcomes[G_N_ELEMENTS (typed) - 1].error);
  g_assert_cmpuint (g_list_model_get_n_items (outcomes[G_N_ELEMENTS (typed) - 1].results), ==, 2);
  outcome_clear (&outcomes[G_N_ELEMENTS (typed) - 1]);
  g_assert_finalize_object (runner);
}

typedef struct
{
  Outcome *outcome;
  guint    n_calls_before; /* G_MAXUINT: not run yet */
} Drawing;

/* A stand-in for GTK's drawing: notes how many callbacks ran before it. */
static gboolean
note_calls (gpointer data)
{
  Drawing *drawing = data;

  drawing->n_calls_before = drawing->outcome->n_calls;
  return G_SOURCE_REMOVE;
}

/* After a successful wait, the callback is already queued: the next turn
 * of the main loop delivers it, before anything of lower priority (GTK's
 * drawing) runs. */
static void
test_runner_wait_queues_callback (void)
{
  RpSearchRunner *runner = rp_search_runner_new (db_path);
  Outcome outcome = { 0 };
  Drawing drawing = { &outcome, G_MAXUINT };

  rp_search_runner_run_async (runner, "二次供水", NULL, NULL, on_run_done, &outcome);
  g_assert_true (rp_search_runner_wait (runner, 30 * G_USEC_PER_SEC));
  g_assert_cmpuint (outcome.n_calls, ==, 0);
  /* GTK draws at G_PRIORITY_HIGH_IDLE + 20 (GDK_PRIORITY_REDRAW). */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, note_calls, &drawing, NULL);
  while (drawing.n_calls_before == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (drawing.n_calls_before, ==, 1);
  g_assert_cmpuint (outcome.n_calls, ==, 1);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (g_list_model_get_n_items (outcome.results), ==, 1);
  outcome_clear (&outcome);
  /* Nothing is running: waiting returns at once. */
  g_assert_true (rp_search_runner_wait (runner, 0));
  g_assert_finalize_object (runner);
}

/* A catalogue that cannot be opened: every search fails with why, and the
 * runner says the search is unavailable (not bad input). */
static void
test_runner_unavailable (void)
{
  g_autofree char *dir = rp_test_make_dir ("search-runner-missing");
  g_autofree char *missing = g_build_filename (dir, "no-such", "catalogue.db", NULL);
  RpSearchRunner *runner = rp_search_runner_new (missing);
  Outcome outcomes[2] = { 0 };

  g_assert_false (rp_search_runner_is_unavailable (runner));
  rp_search_runner_run_async (runner, "路灯", NULL, NULL, on_run_done, &outcomes[0]);
  rp_search_runner_facets_async (runner, "路灯", NULL, NULL, on_facets_done, &outcomes[1]);
  wait_for_calls (outcomes, G_N_ELEMENTS (outcomes));
  g_assert_true (rp_search_runner_is_unavailable (runner));
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_assert_nonnull (outcomes[i].error);
      g_assert_false (g_error_matches (outcomes[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      outcome_clear (&outcomes[i]);
    }
  g_assert_finalize_object (runner);
}

/* --- the demo catalogue ------------------------------------------------------ */

static void
test_demo_terms (void)
{
  static const char *const terms[] = {
    "路灯", "二次供水", "垃圾分类", "停车泊位", "挂牌出让", "评估机构", "租赁补贴", "三公",
    "公租房", "中标", "重大行政决策", "国土空间", "图解",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (demo_db_path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      RpSearchOptions all = { .limit = G_MAXUINT };
      g_autoptr(GListModel) results = rp_search_run (search, terms[i], &all, &error);
      g_autoptr(GListModel) again = NULL;

      g_assert_no_error (error);
      g_test_message ("%s: %u entries", terms[i], g_list_model_get_n_items (results));
      g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
      /* The Traditional spelling finds the same entries. */
      if (g_str_equal (terms[i], "垃圾分类"))
        {
          again = rp_search_run (search, "垃圾分類", &all, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (g_list_model_get_n_items (again), ==, g_list_model_get_n_items (results));
        }
    }
}

static void
test_demo_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (demo_db_path, &error);
  RpSearchOptions three = { .limit = 3 };
  g_autoptr(GListModel) results = rp_search_run (search, "区", &three, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
}

/* The on-screen keyboard's candidate bar: most common characters first,
 * with the readings simplified Chinese uses (rime-essay frequencies folded
 * with OpenCC; dictionary readings of the traditional forms). */
static void
test_pinyin_candidates_common_first (void)
{
  static const struct { const char *letters; const char *first; const char *within_3; } cases[] = {
    { "deng", "等", "灯" },
    { "lu", "路", "路" },
    { "zheng", "正", "政" },
    { "huai", "怀", "坏" },
    { "xin", "心", "新" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) candidates = rp_pinyin_get_candidates (cases[i].letters, 3);
      gboolean within_3 = FALSE;

      g_assert_cmpuint (candidates->len, ==, 3);
      g_assert_cmpstr (((RpPinyinCandidate *) candidates->pdata[0])->text, ==, cases[i].first);
      for (guint j = 0; j < candidates->len; j++)
        within_3 |= g_str_equal (((RpPinyinCandidate *) candidates->pdata[j])->text, cases[i].within_3);
      g_assert_true (within_3);
    }
  /* 怀 is "huai" in simplified Chinese, not the "fu" of an old character. */
  {
    g_autoptr(GPtrArray) fu = rp_pinyin_get_candidates ("fu", 200);

    for (guint j = 0; j < fu->len; j++)
      g_assert_cmpstr (((RpPinyinCandidate *) fu->pdata[j])->text, !=, "怀");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *source = NULL;
  g_autofree char *pdf = NULL;

  g_test_init (&argc, &argv, NULL);

  source = rp_test_make_dir ("search-source");
  rp_test_write_file (source, "catalogue.json", catalogue_json, -1);
  pdf = g_build_filename (source, "files", "plan.pdf", NULL);
  write_cjk_pdf (pdf, plan_pages, G_N_ELEMENTS (plan_pages));
  db_path = build_catalogue ("search", source);
  if (g_getenv ("READINGPOINT_DEMO_DIR") != NULL)
    demo_db_path = build_catalogue ("search-demo", rp_test_demo_dir ());

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ReadingPoint/Search/matrix/%s", matrix[i].name);
      g_test_add_data_func (path, &matrix[i], test_matrix_case);
    }
  g_test_add_func ("/ReadingPoint/Search/brute-force-agrees", test_brute_force);
  g_test_add_func ("/ReadingPoint/Search/hostile-input-is-data", test_hostile_input);
  g_test_add_func ("/ReadingPoint/Search/query-finds-its-own-text", test_query_finds_its_own_text);
  g_test_add_func ("/ReadingPoint/Search/folding-is-idempotent", test_folding_is_idempotent);
  g_test_add_func ("/ReadingPoint/Search/invalid-utf8-refused", test_invalid_utf8);
  g_test_add_func ("/ReadingPoint/Search/long-input-refused", test_long_input);
  g_test_add_func ("/ReadingPoint/Search/ranking-tiers", test_ranking);
  g_test_add_func ("/ReadingPoint/Search/pinyin-candidates-common-first", test_pinyin_candidates_common_first);
  g_test_add_func ("/ReadingPoint/Search/pdf-hit-knows-page", test_pdf_page_hit);
  g_test_add_func ("/ReadingPoint/Search/snippets-highlight", test_snippets);
  g_test_add_func ("/ReadingPoint/Search/facets-and-filters", test_facets_and_filters);
  g_test_add_func ("/ReadingPoint/Search/cancelled-search-stops", test_cancelled);
  g_test_add_func ("/ReadingPoint/Search/runner/finds", test_runner_finds);
  g_test_add_func ("/ReadingPoint/Search/runner/newest-wins", test_runner_newest_wins);
  g_test_add_func ("/ReadingPoint/Search/runner/wait-queues-callback", test_runner_wait_queues_callback);
  g_test_add_func ("/ReadingPoint/Search/runner/unavailable", test_runner_unavailable);
  if (demo_db_path != NULL)
    {
      g_test_add_func ("/ReadingPoint/Search/demo/terms", test_demo_terms);
      g_test_add_func ("/ReadingPoint/Search/demo/limit", test_demo_limit);
    }
  return g_test_run ();
}
