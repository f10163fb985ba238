/* test-search-snippet.c — where the query occurs, for highlighting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ranges are byte offsets into the original text, on character
 * boundaries, sorted and disjoint, found by folding as the tokenizer does.
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-search-snippet.h"

static RpSearchQuery *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  RpSearchQuery *query = rp_search_query_parse (text, &error);

  g_assert_no_error (error);
  return query;
}

/* Every range is on character boundaries inside the text, in order. */
static void
assert_ranges_sane (const RpSnippet *snippet)
{
  gsize length = strlen (snippet->text);
  guint previous_end = 0;

  g_assert_true (g_utf8_validate (snippet->text, -1, NULL));
  g_assert_cmpuint (snippet->ranges->len % 2, ==, 0);
  for (guint i = 0; i < snippet->ranges->len; i += 2)
    {
      guint start = g_array_index (snippet->ranges, guint, i);
      guint end = g_array_index (snippet->ranges, guint, i + 1);

      g_assert_cmpuint (start, >=, previous_end);
      g_assert_cmpuint (start, <, end);
      g_assert_cmpuint (end, <=, length);
      /* Neither end is a UTF-8 continuation byte. */
      g_assert_true ((snippet->text[start] & 0xc0) != 0x80);
      g_assert_true (end == length || (snippet->text[end] & 0xc0) != 0x80);
      previous_end = end;
    }
}

static char *
formatted (const RpSnippet *snippet)
{
  return rp_snippet_format (snippet, "[", "]", NULL);
}

/* A Simplified query highlights Traditional text and full-width letters
 * where the index matched them; the original characters are kept. */
static void
test_find_folds (void)
{
  g_autoptr(RpSearchQuery) cjk = parse ("垃圾分类");
  g_autoptr(RpSearchQuery) latin = parse ("wifi");
  g_autoptr(RpSnippet) both = rp_snippet_find ("居民应按照规定垃圾分類投放，垃圾分类从我做起。", cjk);
  g_autoptr(RpSnippet) words = rp_snippet_find ("GDP growth and Wi-Fi, WIFI & ｗｉｆｉ", latin);
  g_autofree char *both_text = NULL;
  g_autofree char *words_text = NULL;

  g_assert_nonnull (both);
  assert_ranges_sane (both);
  both_text = formatted (both);
  g_assert_cmpstr (both_text, ==, "居民应按照规定[垃圾分類]投放，[垃圾分类]从我做起。");
  g_assert_cmpuint (g_array_index (both->ranges, guint, 0), ==, strlen ("居民应按照规定"));

  g_assert_nonnull (words);
  assert_ranges_sane (words);
  words_text = formatted (words);
  /* "Wi-Fi" is two words: not the one typed. */
  g_assert_cmpstr (words_text, ==, "GDP growth and Wi-Fi, [WIFI] & [ｗｉｆｉ]");
}

static void
test_find_nothing (void)
{
  g_autoptr(RpSearchQuery) query = parse ("路灯");
  g_autoptr(RpSnippet) cut = NULL;

  g_assert_null (rp_snippet_find ("二次供水设施改造", query));
  /* A cut is always a snippet, without ranges. */
  cut = rp_snippet_cut ("二次供水设施改造", query, 0);
  g_assert_cmpstr (cut->text, ==, "二次供水设施改造");
  g_assert_cmpuint (cut->ranges->len, ==, 0);
}

/* A window of @context characters before the first match and about three
 * times that after, cut on characters (never inside one), ellipses where
 * text was left out, line breaks as spaces. */
static void
test_cut_window (void)
{
  static const char text[] = "第一段：一二三四五六七八九十，一二三四五六七八九十。\n"
                             "第二段：重点排查路灯线路老化问题，一二三四五六七八九十一二三四五六七八九十";
  g_autoptr(RpSearchQuery) query = parse ("路灯");
  g_autoptr(RpSnippet) whole = rp_snippet_cut (text, query, 0);
  g_autoptr(RpSnippet) window = rp_snippet_cut (text, query, 4);
  g_autofree char *window_text = NULL;
  guint start;

  assert_ranges_sane (whole);
  g_assert_null (strchr (whole->text, '\n'));
  g_assert_cmpuint (g_utf8_strlen (whole->text, -1), ==, g_utf8_strlen (text, -1));
  g_assert_cmpuint (whole->ranges->len, ==, 2);

  assert_ranges_sane (window);
  window_text = formatted (window);
  g_assert_true (g_str_has_prefix (window_text, "…重点排查[路灯]线路"));
  g_assert_true (g_str_has_suffix (window_text, "…"));
  /* Four characters before, the match, then at most 3 × 4 after. */
  g_assert_cmpuint (g_utf8_strlen (window->text, -1), <=, 1 + 4 + 2 + 3 * 4 + 1);
  start = g_array_index (window->ranges, guint, 0);
  g_assert_cmpuint (g_utf8_strlen (window->text, start), ==, 1 + 4);
}

/* A pinyin query highlights the characters whose readings spell it. */
static void
test_pinyin (void)
{
  g_autoptr(RpSearchQuery) initials = parse ("ld");
  g_autoptr(RpSearchQuery) syllables = parse ("ludeng");
  g_autoptr(RpSearchQuery) cjk = parse ("路灯");
  g_autoptr(RpSnippet) by_initials = rp_snippet_find_pinyin ("关于加强路灯维护管理的通知", initials);
  g_autoptr(RpSnippet) by_syllables = rp_snippet_find_pinyin ("关于加强路灯维护管理的通知", syllables);
  g_autofree char *initials_text = NULL;
  g_autofree char *syllables_text = NULL;

  g_assert_nonnull (by_initials);
  assert_ranges_sane (by_initials);
  initials_text = formatted (by_initials);
  g_assert_cmpstr (initials_text, ==, "关于加强[路灯]维护管理的通知");
  g_assert_nonnull (by_syllables);
  syllables_text = formatted (by_syllables);
  g_assert_cmpstr (syllables_text, ==, "关于加强[路灯]维护管理的通知");
  /* Not pinyin at all: nothing to find that way. */
  g_assert_null (rp_snippet_find_pinyin ("关于加强路灯维护管理的通知", cjk));
}

/* Every piece, highlighted or not, goes through @escape; the marks do not. */
static void
test_format_escapes (void)
{
  g_autoptr(RpSearchQuery) query = parse ("路灯");
  g_autoptr(RpSnippet) snippet = rp_snippet_find ("<路灯> & 路灯", query);
  g_autofree char *markup = rp_snippet_format (snippet, "<b>", "</b>", g_markup_escape_text);
  g_autofree char *plain = rp_snippet_format (snippet, "", "", NULL);

  g_assert_cmpstr (markup, ==, "&lt;<b>路灯</b>&gt; &amp; <b>路灯</b>");
  g_assert_cmpstr (plain, ==, "<路灯> & 路灯");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/SearchSnippet/find-folds", test_find_folds);
  g_test_add_func ("/ReadingPoint/SearchSnippet/find-nothing", test_find_nothing);
  g_test_add_func ("/ReadingPoint/SearchSnippet/cut-window", test_cut_window);
  g_test_add_func ("/ReadingPoint/SearchSnippet/pinyin", test_pinyin);
  g_test_add_func ("/ReadingPoint/SearchSnippet/format-escapes", test_format_escapes);
  return g_test_run ();
}
