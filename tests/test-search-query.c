/* test-search-query.c — what a resident typed, as FTS5 expressions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser's promise (rp-search-query.h): expressions are built from
 * folded tokens only, each quoted, so nothing typed is ever FTS5 syntax.
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-search-query.h"

static RpSearchQuery *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  RpSearchQuery *query = rp_search_query_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (query);
  return query;
}

static void
assert_needles (const RpSearchQuery *query,
                const char *const   *expected)
{
  g_assert_cmpuint (query->needles->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (query->needles, i), ==, expected[i]);
}

/* Two CJK characters are one bigram; the last character of a longer run is
 * covered by the bigram before it; nothing is a prefix after CJK. */
static void
test_cjk_bigrams (void)
{
  g_autoptr(RpSearchQuery) two = parse ("路灯");
  g_autoptr(RpSearchQuery) four = parse ("垃圾分类");

  g_assert_cmpstr (two->expression, ==, "\"路灯\"");
  g_assert_cmpstr (two->text_expression, ==, "\"路灯\"");
  g_assert_false (two->text_check);
  g_assert_null (two->pinyin_expression);
  assert_needles (two, (const char *[]) { "路灯", NULL });

  /* A phrase of overlapping bigrams; search_text keeps no positions, so
   * its rows need checking. */
  g_assert_cmpstr (four->expression, ==, "\"垃圾 圾分 分类\"");
  g_assert_cmpstr (four->text_expression, ==, "\"垃圾\" AND \"圾分\" AND \"分类\"");
  g_assert_true (four->text_check);
  g_assert_cmpuint (four->phrases->len, ==, 1);
}

/* Traditional and full-width input fold as documents do. */
static void
test_folding (void)
{
  g_autoptr(RpSearchQuery) traditional = parse ("垃圾分類");
  g_autoptr(RpSearchQuery) simplified = parse ("垃圾分类");
  g_autoptr(RpSearchQuery) wide = parse ("Ｗｉ");

  g_assert_cmpstr (traditional->expression, ==, simplified->expression);
  assert_needles (traditional, (const char *[]) { "垃圾分类", NULL });
  g_assert_cmpstr (wide->expression, ==, "\"wi\" *");
}

/* Quotes, a leading minus and FTS5 operators are searched for as words or
 * dropped as separators: there is no phrase syntax and no negation. */
static void
test_syntax_is_data (void)
{
  g_autoptr(RpSearchQuery) quoted = parse ("\"路灯\" -维修");
  g_autoptr(RpSearchQuery) plain = parse ("路灯 维修");
  g_autoptr(RpSearchQuery) operators = parse ("AND NOT");
  g_autoptr(RpSearchQuery) star = parse ("路灯*");
  g_autoptr(RpSearchQuery) nothing = parse ("\"\" - * ()");

  g_assert_cmpstr (quoted->expression, ==, "\"路灯\" AND \"维修\"");
  g_assert_cmpstr (quoted->expression, ==, plain->expression);
  assert_needles (quoted, (const char *[]) { "路灯", "维修", NULL });
  /* Words, quoted; only the last, still being typed, is a prefix. */
  g_assert_cmpstr (operators->expression, ==, "\"and\" AND \"not\" *");
  g_assert_cmpstr (star->expression, ==, "\"路灯\"");
  g_assert_null (nothing->expression);
  g_assert_null (nothing->text_expression);
  g_assert_cmpuint (nothing->phrases->len, ==, 0);
}

/* Letters, digits and CJK: words split at punctuation; a number followed by
 * CJK stays one phrase, as the tokenizer keeps it in documents. */
static void
test_mixed_scripts (void)
{
  g_autoptr(RpSearchQuery) query = parse ("Wi-Fi 2024年");

  g_assert_cmpstr (query->expression, ==, "\"wi\" AND \"fi\" AND \"2024 年\"");
  g_assert_cmpstr (query->text_expression, ==, "\"wi\" AND \"fi\" AND \"2024\" AND \"年\"");
  g_assert_true (query->text_check);
  g_assert_cmpuint (query->phrases->len, ==, 3);
  assert_needles (query, (const char *[]) { "wi", "fi", "2024", "年", NULL });
  /* Digits are not pinyin. */
  g_assert_null (query->pinyin_expression);
}

/* Letters alone may be pinyin: full syllables (the last one a prefix while
 * it is typed) or the initials of each character. */
static void
test_pinyin (void)
{
  g_autoptr(RpSearchQuery) initials = parse ("ljfl");
  g_autoptr(RpSearchQuery) syllables = parse ("lu deng");
  g_autoptr(RpSearchQuery) typing = parse ("lud");
  g_autoptr(RpSearchQuery) one = parse ("a");

  g_assert_cmpstr (initials->pinyin_expression, ==, "\"^lj ^jf ^fl\"");
  g_assert_cmpstr (initials->initials, ==, "ljfl");
  g_assert_null (initials->syllables);

  g_assert_cmpstr (syllables->pinyin_expression, ==, "\"lu deng\" OR \"^lu ^ud ^de ^en ^ng\"");
  g_assert_cmpuint (g_strv_length (syllables->syllables), ==, 2);
  g_assert_cmpstr (syllables->syllables[1], ==, "deng");
  g_assert_false (syllables->last_syllable_is_prefix);
  g_assert_cmpstr (syllables->expression, ==, "\"lu\" AND \"deng\" *");

  g_assert_cmpstr (typing->pinyin_expression, ==, "\"lu d\" * OR \"^lu ^ud\"");
  g_assert_true (typing->last_syllable_is_prefix);

  /* One letter is too little to search pinyin by. */
  g_assert_null (one->pinyin_expression);
  g_assert_cmpstr (one->expression, ==, "\"a\" *");
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = NULL;
  g_autoptr(GString) at_limit = g_string_new (NULL);
  g_autoptr(RpSearchQuery) query = NULL;

  g_assert_null (rp_search_query_parse ("路\xff灯", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY);
  g_clear_error (&error);

  /* The limit counts characters, not bytes. */
  for (guint i = 0; i < RP_SEARCH_MAX_QUERY_CHARS; i++)
    g_string_append (at_limit, "路");
  query = parse (at_limit->str);
  g_assert_nonnull (query->expression);
  long_text = g_strconcat (at_limit->str, "a", NULL);
  g_assert_null (rp_search_query_parse (long_text, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY);
}

/* rp_search_query_check decides as a positional phrase query would. */
static void
test_check (void)
{
  g_autoptr(RpSearchQuery) query = parse ("垃圾分类");
  g_autoptr(RpSearchQuery) words = parse ("wi fi");
  guint tf[2] = { 0 };
  guint length = 0, first = 0;

  g_assert_true (rp_search_query_check (query, "居民按规定垃圾分類投放，垃圾分类", tf, &length, &first));
  g_assert_cmpuint (tf[0], ==, 2);
  g_assert_cmpuint (first, ==, strlen ("居民按规定"));
  /* For a CJK-only query, the length is counted in folded characters,
   * the comma included (a ranking weight, not a token count). */
  g_assert_cmpuint (length, ==, 16);
  /* The characters, but not at consecutive positions. */
  g_assert_false (rp_search_query_check (query, "垃圾 分类", tf, &length, &first));
  g_assert_false (rp_search_query_check (query, "分类垃圾", tf, &length, &first));

  /* Every phrase must occur; the last word is a prefix. */
  g_assert_true (rp_search_query_check (words, "Wi-Fi coverage", tf, &length, &first));
  g_assert_true (rp_search_query_check (words, "wifi and wi fixed", tf, &length, &first));
  g_assert_false (rp_search_query_check (words, "wifi", tf, &length, &first));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/SearchQuery/cjk-bigrams", test_cjk_bigrams);
  g_test_add_func ("/ReadingPoint/SearchQuery/folding", test_folding);
  g_test_add_func ("/ReadingPoint/SearchQuery/syntax-is-data", test_syntax_is_data);
  g_test_add_func ("/ReadingPoint/SearchQuery/mixed-scripts", test_mixed_scripts);
  g_test_add_func ("/ReadingPoint/SearchQuery/pinyin", test_pinyin);
  g_test_add_func ("/ReadingPoint/SearchQuery/refused", test_refused);
  g_test_add_func ("/ReadingPoint/SearchQuery/check", test_check);
  return g_test_run ();
}
