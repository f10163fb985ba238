/* bench-search.c — search latency at scale, against two references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates a synthetic catalogue straight into the catalogue.db format
 * (entries of realistic Chinese government text with document numbers and
 * dates, plus PDF page texts), builds the search index with the same code
 * as the catalogue builder, then times a mixed query set against:
 *   - this engine (rp_search_run, 20 results),
 *   - a full scan: instr() over the same folded text of every entry,
 *   - the straightforward design: one FTS5 trigram table over all fields,
 *     ORDER BY bm25 LIMIT 20 (3+ characters only: trigram cannot do less).
 * Prints a Markdown table. Usage (see RESULTS.md):
 *   bench-search [--entries N] [--pages N] [--queries N] [--ref-entries N] DIR
 */
#include "config.h"

#include <glib/gstdio.h>
#include <opencc/opencc.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "rp-catalogue-schema.h"
#include "rp-core.h"
#include "rp-pinyin.h"
#include "rp-search-indexer.h"
#include "rp-text-normaliser.h"

static const char *const words[] = {
  "政府", "信息", "公开", "工作", "年度", "报告", "关于", "印发", "通知", "实施", "方案", "管理",
  "办法", "规定", "意见", "加强", "推进", "建设", "发展", "规划", "城市", "农村", "社区", "街道",
  "居民", "服务", "保障", "住房", "公租房", "租赁补贴", "二次供水", "垃圾分类", "路灯", "停车泊位",
  "挂牌出让", "评估机构", "中标", "结果", "公告", "三公", "经费", "预算", "决算", "财政", "资金",
  "项目", "招标", "采购", "合同", "重大行政决策", "国土空间", "图解", "政策", "解读", "教育", "医疗",
  "卫生", "养老", "就业", "社会保险", "安全", "生产", "应急", "消防", "交通", "道路", "改造", "老旧小区",
  "环境", "保护", "生态", "水务", "排水", "防汛", "绿化", "市容", "执法", "检查", "监督", "考核",
  "标准", "申请", "条件", "材料", "流程", "办理", "时限", "窗口", "咨询", "电话", "地址", "单位",
  "企业", "个体", "税收", "优惠", "补助", "资助", "学生", "学校", "招生", "学区", "划分", "文化",
  "体育", "旅游", "科技", "创新", "人才", "引进", "土地", "征收", "补偿", "安置", "拆迁", "房屋",
  "登记", "审批", "许可", "备案", "公示", "期限", "年度计划", "统计", "数据", "分析", "人口", "普查",
};
static const char *const organs[] = {
  "区人民政府办公室", "区发展和改革委员会", "区教育局", "区财政局", "区住房和城乡建设局", "区城市管理局",
  "区水务局", "区生态环境局", "区卫生健康委员会", "区应急管理局", "区司法局", "区规划和自然资源局",
  "区公共资源交易中心", "区人力资源和社会保障局", "区民政局", "区交通运输局",
};
static const char *const categories[] = { "org", "law", "plan", "finance", "key", "interp", "guide" };
static const char *const punct[] = { "，", "。", "；", "、", "：" };

static void
append_sentence (GString *s,
                 GRand   *rand,
                 guint    n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append (s, punct[g_rand_int_range (rand, 0, G_N_ELEMENTS (punct))]);
    }
  g_string_append (s, "。");
}

static char *
text_of (GRand *rand,
         guint  n_chars)
{
  GString *s = g_string_new (NULL);

  while (g_utf8_strlen (s->str, -1) < (glong) n_chars)
    {
      append_sentence (s, rand, g_rand_int_range (rand, 4, 12));
      if (g_rand_int_range (rand, 0, 6) == 0)
        g_string_append_printf (s, "%d年%d月%d日", g_rand_int_range (rand, 2000, 2026),
                                g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      if (g_rand_int_range (rand, 0, 8) == 0)
        g_string_append (s, "\n");
    }
  return g_string_free (s, FALSE);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Writes entries, attachments and search_pages; returns the folded text of
 * each entry for the references (entries × every field and page). */
static void
generate (sqlite3   *db,
          guint      n_entries,
          guint      n_pages,
          GPtrArray *folded)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260420);
  sqlite3_stmt *entry = NULL, *page = NULL, *attachment = NULL;
  GString **page_text = g_new0 (GString *, n_entries);

  exec_or_die (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; BEGIN;"
               RP_CATALOGUE_SCHEMA_SQL RP_SEARCH_PAGES_SQL
               "INSERT INTO meta VALUES ('schema', '2'), ('channel', 'bench'), ('title', 'bench');");
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO categories (id, name, position) VALUES ('%s', '%s', %u)",
                                              categories[i], categories[i], i);
      exec_or_die (db, sql);
    }
  sqlite3_prepare_v2 (db, "INSERT INTO entries (rowid, id, title, organ, doc_number, date, category, genre,"
                      " keywords, summary, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &entry, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO search_pages VALUES (?, 0, ?, ?)", -1, &page, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO attachments VALUES (?, 0, 'files/x.pdf', '附件', 'pdf', ?, 1)", -1,
                      &attachment, NULL);

  /* Pages go to every (n_entries / n_pages × 4)-th entry, four at a time. */
  for (guint p = 0; p < n_pages; p++)
    {
      guint e = (p / 4) * (n_entries / MAX (1, n_pages / 4)) % n_entries;
      g_autofree char *text = text_of (rand, g_rand_int_range (rand, 600, 1400));

      if (page_text[e] == NULL)
        {
          page_text[e] = g_string_new (NULL);
          sqlite3_bind_int64 (attachment, 1, e + 1);
          sqlite3_bind_text (attachment, 2, "0000000000000000000000000000000000000000000000000000000000000000", -1, SQLITE_STATIC);
          sqlite3_step (attachment);
          sqlite3_reset (attachment);
        }
      sqlite3_bind_int64 (page, 1, e + 1);
      sqlite3_bind_int (page, 2, p % 4 + 1);
      sqlite3_bind_text (page, 3, text, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (page) != SQLITE_DONE)
        g_error ("page: %s", sqlite3_errmsg (db));
      sqlite3_reset (page);
      g_string_append_c (page_text[e], '\n');
      g_string_append (page_text[e], text);
    }

  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("B-%06u", i + 1);
      g_autofree char *docno = NULL;
      g_autofree char *date = g_strdup_printf ("%d-%02d-%02d", g_rand_int_range (rand, 2005, 2026),
                                               g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      g_autofree char *keywords = g_strdup_printf ("%s\n%s", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                   words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_autofree char *summary = text_of (rand, 60);
      g_autofree char *body = text_of (rand, g_rand_int_range (rand, 500, 1400));
      const char *organ = organs[g_rand_int_range (rand, 0, G_N_ELEMENTS (organs))];
      g_autofree char *all = NULL;

      g_string_append (title, words[g_rand_int_range (rand, 0, 8)]);
      for (guint w = 0; w < (guint) g_rand_int_range (rand, 3, 7); w++)
        g_string_append (title, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (g_rand_int_range (rand, 0, 2))
        docno = g_strdup_printf ("区府〔%.4s〕%d号", date, g_rand_int_range (rand, 1, 200));
      sqlite3_bind_int64 (entry, 1, i + 1);
      sqlite3_bind_text (entry, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 3, title->str, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 4, organ, -1, SQLITE_STATIC);
      if (docno)
        sqlite3_bind_text (entry, 5, docno, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (entry, 5);
      sqlite3_bind_text (entry, 6, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 7, categories[i % G_N_ELEMENTS (categories)], -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 8, "通知", -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 9, keywords, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 10, summary, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 11, body, -1, SQLITE_STATIC);
      if (sqlite3_step (entry) != SQLITE_DONE)
        g_error ("entry: %s", sqlite3_errmsg (db));
      sqlite3_reset (entry);

      if (folded != NULL)
        {
          all = g_strjoin ("\n", title->str, keywords, docno ? docno : "", organ, summary, body,
                           page_text[i] ? page_text[i]->str : "", NULL);
          g_ptr_array_add (folded, all ? g_strdup (all) : NULL);
        }
      if (page_text[i])
        g_string_free (page_text[i], TRUE);
    }
  g_free (page_text);
  sqlite3_finalize (entry);
  sqlite3_finalize (page);
  sqlite3_finalize (attachment);
}

typedef enum { Q_ONE, Q_TWO, Q_LONG, Q_TRAD, Q_PINYIN, Q_LATIN, N_CLASSES } QueryClass;
static const char *const class_names[] = {
  "1 character", "2 characters", "3+ characters", "Traditional (3+)", "pinyin", "Latin/digits"
};

typedef struct
{
  QueryClass  class;
  char       *text;
} Query;

static char *
substring_chars (const char *s,
                 guint       start,
                 guint       len)
{
  const char *a = g_utf8_offset_to_pointer (s, start);
  const char *b = g_utf8_offset_to_pointer (a, len);
  return g_strndup (a, b - a);
}

static GArray *
make_queries (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GArray *queries = g_array_new (FALSE, FALSE, sizeof (Query));
  opencc_t s2t = opencc_open ("s2t.json");

  for (guint i = 0; i < n; i++)
    {
      Query q = { i % N_CLASSES, NULL };
      const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      const char *w2 = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      g_autofree char *pair = g_strconcat (w, w2, NULL);
      guint len = g_utf8_strlen (pair, -1);

      switch (q.class)
        {
        case Q_ONE:
          q.text = substring_chars (pair, g_rand_int_range (rand, 0, len), 1);
          break;
        case Q_TWO:
          q.text = substring_chars (pair, g_rand_int_range (rand, 0, len - 1), 2);
          break;
        case Q_LONG:
          q.text = g_rand_int_range (rand, 0, 3) ? g_strdup (pair) : substring_chars (pair, 1, MIN (len - 1, 5));
          if (g_utf8_strlen (q.text, -1) < 3)
            {
              g_free (q.text);
              q.text = g_strdup (pair);
            }
          break;
        case Q_TRAD:
          {
            char *t = opencc_convert_utf8 (s2t, pair, strlen (pair));
            q.text = g_strdup (t);
            opencc_convert_utf8_free (t);
          }
          break;
        case Q_PINYIN:
          {
            GString *py = g_string_new (NULL);
            gboolean initials = g_rand_boolean (rand);
            for (const char *p = pair; *p; p = g_utf8_next_char (p))
              {
                const char *r = rp_pinyin_get_readings (g_utf8_get_char (p));
                if (r == NULL)
                  continue;
                if (initials)
                  g_string_append_c (py, r[0]);
                else
                  g_string_append_len (py, r, strcspn (r, " "));
              }
            q.text = g_string_free (py, FALSE);
          }
          break;
        case Q_LATIN:
        default:
          q.text = g_strdup_printf ("%d", g_rand_int_range (rand, 2005, 2026));
          break;
        }
      g_array_append_val (queries, q);
    }
  opencc_close (s2t);
  return queries;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i;

  if (sorted->len == 0)
    return -1;
  i = MIN (sorted->len - 1, (guint) (p * sorted->len));
  return g_array_index (sorted, double, i);
}

static void
print_row (const char *engine,
           QueryClass  class,
           GArray     *times)
{
  g_array_sort (times, compare_double);
  if (times->len == 0)
    g_print ("| %s | %s | n/a | n/a | n/a |\n", engine, class_names[class]);
  else
    g_print ("| %s | %s | %.2f | %.2f | %.2f |\n", engine, class_names[class], percentile (times, 0.5),
             percentile (times, 0.95), percentile (times, 0.99));
}

/* Unlike wall time, not inflated when other processes share the cores. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

int
main (int   argc,
      char *argv[])
{
  int n_entries = 200000, n_pages = 20000, n_queries = 1000, ref_entries = -1;
  gboolean reuse = FALSE;
  GOptionEntry entries[] = {
    { "entries", 0, 0, G_OPTION_ARG_INT, &n_entries, "Entries (default 200000)", "N" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &n_pages, "PDF pages (default 20000)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Queries (default 1000)", "N" },
    { "ref-entries", 0, 0, G_OPTION_ARG_INT, &ref_entries, "Build the references only when entries <= N (default: always)", "N" },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &reuse, "Time the queries against DIR's catalogue.db as it stands (no references)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folded = NULL;
  g_autoptr(GArray) queries = NULL;
  g_autofree char *db_path = NULL, *ref_path = NULL;
  gboolean references;
  sqlite3 *db = NULL, *ref = NULL;
  gint64 t0, t_gen, t_index;
  GArray *times[4][N_CLASSES]; /* engine, scan, trigram wall times; engine CPU time */
  g_autoptr(RpSearch) search = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("Usage: bench-search [--entries N] [--pages N] [--queries N] DIR\n");
      return 2;
    }
  references = !reuse && (ref_entries < 0 || n_entries <= ref_entries);
  g_mkdir_with_parents (argv[1], 0755);
  db_path = g_build_filename (argv[1], "catalogue.db", NULL);
  ref_path = g_build_filename (argv[1], "reference.db", NULL);
  if (reuse)
    goto queries;
  g_unlink (db_path);
  g_unlink (ref_path);

  if (references)
    folded = g_ptr_array_new_with_free_func (g_free);
  t0 = g_get_monotonic_time ();
  sqlite3_open (db_path, &db);
  generate (db, n_entries, n_pages, folded);
  t_gen = g_get_monotonic_time ();
  if (!rp_search_index_build (db, NULL, NULL, &error))
    g_error ("%s", error->message);
  exec_or_die (db, RP_CATALOGUE_INDEX_SQL "PRAGMA user_version = " G_STRINGIFY (RP_CATALOGUE_SCHEMA_VERSION) "; COMMIT;");
  sqlite3_close (db);
  t_index = g_get_monotonic_time ();
  g_print ("Catalogue: %d entries, %d PDF pages; generated in %.1f s; search index built in %.1f s; "
           "catalogue.db %.0f MB\n\n", n_entries, n_pages, (t_gen - t0) / 1e6, (t_index - t_gen) / 1e6,
           file_size (db_path) / 1048576.0);

  if (references)
    {
      sqlite3_stmt *norm = NULL, *tri = NULL, *src = NULL;
      gint64 t1, t2, t3;

      sqlite3_open (ref_path, &ref);
      exec_or_die (ref, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; BEGIN;"
                   "CREATE TABLE norm (rowid INTEGER PRIMARY KEY, text TEXT);"
                   "CREATE VIRTUAL TABLE tri USING fts5 (title, keywords, doc_number, organ, summary, body,"
                   " tokenize = 'trigram');");
      exec_or_die (ref, g_strdup_printf ("ATTACH '%s' AS cat", db_path));
      sqlite3_prepare_v2 (ref, "INSERT INTO norm VALUES (?, ?)", -1, &norm, NULL);
      t1 = g_get_monotonic_time ();
      for (guint i = 0; i < folded->len; i++)
        {
          g_autofree char *f = rp_normalise_text (g_ptr_array_index (folded, i), -1);
          sqlite3_bind_int64 (norm, 1, i + 1);
          sqlite3_bind_text (norm, 2, f, -1, SQLITE_STATIC);
          sqlite3_step (norm);
          sqlite3_reset (norm);
        }
      t2 = g_get_monotonic_time ();
      /* The straightforward design indexes the same (unfolded) fields, the
       * PDF pages appended to the body. */
      sqlite3_prepare_v2 (ref,
                          "INSERT INTO tri (rowid, title, keywords, doc_number, organ, summary, body)"
                          " SELECT e.rowid, title, keywords, doc_number, organ, summary,"
                          " coalesce (body, '') || coalesce ((SELECT group_concat (text, char (10)) FROM cat.search_pages p"
                          " WHERE p.entry = e.rowid), '') FROM cat.entries e",
                          -1, &tri, NULL);
      sqlite3_step (tri);
      t3 = g_get_monotonic_time ();
      sqlite3_finalize (norm);
      sqlite3_finalize (tri);
      sqlite3_finalize (src);
      exec_or_die (ref, "COMMIT; DETACH cat;");
      g_print ("References: folded text for the scan stored in %.1f s; trigram table built in %.1f s\n\n",
               (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }

queries:
  queries = make_queries (n_queries);
  for (int e = 0; e < 4; e++)
    for (int c = 0; c < N_CLASSES; c++)
      times[e][c] = g_array_new (FALSE, FALSE, sizeof (double));

  search = rp_search_open (db_path, &error);
  if (search == NULL)
    g_error ("%s", error->message);
  {
    sqlite3_stmt *scan = NULL, *tri = NULL;
    guint empty = 0;

    if (references)
      {
        sqlite3_prepare_v2 (ref, "SELECT rowid FROM norm WHERE instr (text, ?1) > 0", -1, &scan, NULL);
        sqlite3_prepare_v2 (ref, "SELECT rowid FROM tri WHERE tri MATCH ?1 ORDER BY bm25 (tri) LIMIT 20", -1, &tri, NULL);
      }
    /* Two passes: the first warms the page cache, the second is timed. */
    for (int pass = 0; pass < 2; pass++)
      for (guint i = 0; i < queries->len; i++)
        {
          Query *q = &g_array_index (queries, Query, i);
          RpSearchOptions options = { .limit = 20 };
          double cpu = thread_cpu_ms ();
          gint64 a = g_get_monotonic_time ();
          g_autoptr(GListModel) results = rp_search_run (search, q->text, &options, &error);
          gint64 b = g_get_monotonic_time ();
          double ms = (b - a) / 1000.0;

          cpu = thread_cpu_ms () - cpu;

          if (results == NULL)
            g_error ("%s: %s", q->text, error->message);
          if (pass == 0)
            {
              empty += g_list_model_get_n_items (results) == 0;
              continue;
            }
          g_array_append_val (times[0][q->class], ms);
          g_array_append_val (times[3][q->class], cpu);
          if (references && q->class != Q_PINYIN)
            {
              g_autofree char *folded_q = rp_normalise_text (q->text, -1);
              g_autofree char *phrase = g_strdup_printf ("\"%s\"", q->text);

              a = g_get_monotonic_time ();
              sqlite3_bind_text (scan, 1, folded_q, -1, SQLITE_STATIC);
              while (sqlite3_step (scan) == SQLITE_ROW)
                ;
              sqlite3_reset (scan);
              b = g_get_monotonic_time ();
              ms = (b - a) / 1000.0;
              g_array_append_val (times[1][q->class], ms);

              if (g_utf8_strlen (q->text, -1) >= 3)
                {
                  a = g_get_monotonic_time ();
                  sqlite3_bind_text (tri, 1, phrase, -1, SQLITE_STATIC);
                  while (sqlite3_step (tri) == SQLITE_ROW)
                    ;
                  sqlite3_reset (tri);
                  b = g_get_monotonic_time ();
                  ms = (b - a) / 1000.0;
                  g_array_append_val (times[2][q->class], ms);
                }
            }
        }
    g_print ("%u of %u queries found nothing.\n\n", empty, queries->len);
    sqlite3_finalize (scan);
    sqlite3_finalize (tri);
  }

  g_print ("| engine | query class | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|\n");
  for (int c = 0; c < N_CLASSES; c++)
    {
      print_row ("rp search", c, times[0][c]);
      print_row ("rp search, CPU time of the thread", c, times[3][c]);
      if (references)
        {
          print_row ("full scan (instr, folded)", c, times[1][c]);
          print_row ("FTS5 trigram, bm25 LIMIT 20", c, times[2][c]);
        }
    }
  if (ref != NULL)
    sqlite3_close (ref);
  g_print ("\nreference.db %.0f MB\n", file_size (ref_path) / 1048576.0);
  return 0;
}
