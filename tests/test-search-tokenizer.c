/* test-search-tokenizer.c — the FTS5 tokenizer "rp", token by token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Documents: every CJK character takes a position and emits its unigram,
 * and colocated with it the bigram it starts; words and numbers are one
 * token each; offsets are byte offsets into the original text.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rp-core.h"
#include "rp-search-tokenizer.h"
#include "rp-test-util.h"

/* Tokens as "text@start-end", colocated ones prefixed with '+'. */
static gboolean
collect (const char *token,
         gsize       length,
         gboolean    colocated,
         gsize       start,
         gsize       end,
         gpointer    user_data)
{
  g_string_append_printf (user_data, "%s%s%.*s@%zu-%zu", ((GString *) user_data)->len > 0 ? " " : "",
                          colocated ? "+" : "", (int) length, token, start, end);
  return TRUE;
}

static char *
tokens_of (const char *text)
{
  GString *out = g_string_new (NULL);

  g_assert_true (rp_search_tokenize (text, strlen (text), collect, out));
  return g_string_free (out, FALSE);
}

static void
assert_tokens (const char *text,
               const char *expected)
{
  g_autofree char *tokens = tokens_of (text);

  g_assert_cmpstr (tokens, ==, expected);
}

static void
test_cjk (void)
{
  /* Each character 3 bytes; the last has no bigram. */
  assert_tokens ("路灯", "路@0-3 +路灯@0-6 灯@3-6");
  assert_tokens ("路", "路@0-3");
  /* A separator ends the run: no bigram across it. */
  assert_tokens ("路，灯", "路@0-3 灯@6-9");
  /* Traditional folds to Simplified; offsets stay those of the original. */
  assert_tokens ("分類", "分@0-3 +分类@0-6 类@3-6");
}

static void
test_latin_and_digits (void)
{
  /* Case-folded, split at punctuation and at a change of script. */
  assert_tokens ("Wi-Fi", "wi@0-2 fi@3-5");
  assert_tokens ("GDP growth", "gdp@0-3 growth@4-10");
  assert_tokens ("2024年", "2024@0-4 年@4-7");
  /* Full-width letters and digits fold to ASCII (3 bytes each). */
  assert_tokens ("ＷＩ２", "wi2@0-9");
  assert_tokens ("财〔２０２４〕５号", "财@0-3 2024@6-18 5@21-24 号@24-27");
}

static void
test_empty_and_separators (void)
{
  assert_tokens ("", "");
  assert_tokens (" ，。！ ", "");
}

static gboolean
stop_after_first (const char *token,
                  gsize       length,
                  gboolean    colocated,
                  gsize       start,
                  gsize       end,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
  return FALSE;
}

/* An emit that returns FALSE stops the walk, and the walk says so. */
static void
test_stop (void)
{
  guint n = 0;

  g_assert_false (rp_search_tokenize ("路灯维护", strlen ("路灯维护"), stop_after_first, &n));
  g_assert_cmpuint (n, ==, 1);
  /* @length bounds the walk. */
  {
    g_autoptr(GString) out = g_string_new (NULL);

    g_assert_true (rp_search_tokenize ("路灯维护", strlen ("路灯"), collect, out));
    g_assert_cmpstr (out->str, ==, "路@0-3 +路灯@0-6 灯@3-6");
  }
}

/* Registered in SQLite, the tokenizer finds a phrase exactly where the
 * folded text contains it. */
static void
test_registered (void)
{
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (rp_search_tokenizer_register (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='rp');"
                                 "INSERT INTO t VALUES ('居民應按規定垃圾分類投放'), ('分类 垃圾'), ('Wi-Fi 覆盖');",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "\"垃圾 圾分 分类\"", -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, "\"wi\" AND \"fi\"", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 3);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/SearchTokenizer/cjk", test_cjk);
  g_test_add_func ("/ReadingPoint/SearchTokenizer/latin-and-digits", test_latin_and_digits);
  g_test_add_func ("/ReadingPoint/SearchTokenizer/empty-and-separators", test_empty_and_separators);
  g_test_add_func ("/ReadingPoint/SearchTokenizer/stop", test_stop);
  g_test_add_func ("/ReadingPoint/SearchTokenizer/registered", test_registered);
  return g_test_run ();
}
