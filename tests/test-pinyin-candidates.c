/* test-pinyin-candidates.c — typed pinyin to the keyboard's candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-pinyin-candidates.h"
#include "rp-test-util.h"

static GStrv
candidates (const char *letters,
            guint       max,
            guint       expected_used)
{
  guint used = G_MAXUINT;
  GStrv list = rp_pinyin_get_candidates (letters, max, &used);

  g_assert_nonnull (list);
  g_assert_cmpuint (g_strv_length (list), <=, max);
  if (list[0] != NULL)
    g_assert_cmpuint (used, ==, expected_used);
  return list;
}

/* The generated table is sorted (lookups bisect it) and each syllable
 * appears once, with characters. */
static void
test_table_sorted (void)
{
  g_assert_cmpuint (rp_pinyin_candidates_table_size, >, 300);
  for (guint i = 0; i < rp_pinyin_candidates_table_size; i++)
    {
      g_assert_cmpstr (rp_pinyin_candidates_table[i].characters, !=, "");
      g_assert_true (g_utf8_validate (rp_pinyin_candidates_table[i].characters, -1, NULL));
      if (i > 0)
        g_assert_cmpint (strcmp (rp_pinyin_candidates_table[i - 1].syllable, rp_pinyin_candidates_table[i].syllable),
                         <, 0);
    }
}

static void
test_whole_syllable (void)
{
  g_auto(GStrv) list = candidates ("zhong", 8, 5);

  g_assert_cmpuint (g_strv_length (list), ==, 8);
  g_assert_true (g_strv_contains ((const char *const *) list, "中"));
  /* Each candidate is one character. */
  for (guint i = 0; list[i] != NULL; i++)
    g_assert_cmpuint (g_utf8_strlen (list[i], -1), ==, 1);
}

/* Only the first syllable of what is typed is replaced by a candidate. */
static void
test_first_syllable (void)
{
  g_auto(GStrv) list = candidates ("zhongguo", 8, 5);
  g_auto(GStrv) alone = candidates ("zhong", 8, 5);

  g_assert_cmpuint (g_strv_length (list), ==, g_strv_length (alone));
  for (guint i = 0; list[i] != NULL; i++)
    g_assert_cmpstr (list[i], ==, alone[i]);
}

/* The start of a syllable stands for every syllable it may become. */
static void
test_prefix (void)
{
  g_auto(GStrv) list = candidates ("zh", 200, 2);
  g_auto(GStrv) one = candidates ("zh", 1, 2);

  g_assert_true (g_strv_contains ((const char *const *) list, "中"));  /* zhong */
  g_assert_true (g_strv_contains ((const char *const *) list, "这"));  /* zhe */
  g_assert_false (g_strv_contains ((const char *const *) list, "国")); /* guo */
  g_assert_cmpuint (g_strv_length (one), ==, 1);
}

static void
test_nothing_matches (void)
{
  g_auto(GStrv) none = candidates ("vvv", 8, 0);
  g_auto(GStrv) empty = candidates ("", 8, 0);

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/PinyinCandidates/table-sorted", test_table_sorted);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/whole-syllable", test_whole_syllable);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/first-syllable", test_first_syllable);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/prefix", test_prefix);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/nothing-matches", test_nothing_matches);

  return g_test_run ();
}
