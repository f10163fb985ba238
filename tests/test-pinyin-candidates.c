/* test-pinyin-candidates.c — typed pinyin to the keyboard's candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-pinyin-candidates.h"
#include "rp-test-util.h"

static GPtrArray *
candidates (const char *letters,
            guint       max)
{
  GPtrArray *list = rp_pinyin_get_candidates (letters, max);

  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, <=, max);
  for (guint i = 0; i < list->len; i++)
    {
      RpPinyinCandidate *c = g_ptr_array_index (list, i);

      g_assert_true (g_utf8_validate (c->text, -1, NULL));
      g_assert_cmpuint (c->n_letters, >, 0);
      g_assert_cmpuint (c->n_letters, <=, strlen (letters));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (((RpPinyinCandidate *) g_ptr_array_index (list, j))->text, !=, c->text);
    }
  return list;
}

/* The position of @text among the candidates, or -1. */
static int
position_of (GPtrArray  *list,
             const char *text)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((RpPinyinCandidate *) g_ptr_array_index (list, i))->text, text))
      return i;
  return -1;
}

static const RpPinyinCandidate *
candidate (GPtrArray *list,
           guint      i)
{
  g_assert_cmpuint (i, <, list->len);
  return g_ptr_array_index (list, i);
}

/* The generated lexicon is sorted by initials (lookups bisect it), every
 * row has syllables, a text and a score. */
static void
test_lexicon_sorted (void)
{
  g_autofree char *previous = NULL;
  guint n_rows = 0;

  for (const char *row = rp_pinyin_lexicon; *row; n_rows++)
    {
      const char *end = strchr (row, '\n');
      g_autofree char *line = g_strndup (row, end - row);
      g_auto(GStrv) fields = g_strsplit (line, "\t", -1);
      g_auto(GStrv) syllables = NULL;
      GString *initials = g_string_new (NULL);

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_cmpuint (g_ascii_strtoull (fields[2], NULL, 10), >, 0);
      syllables = g_strsplit (fields[0], " ", -1);
      g_assert_cmpuint (g_strv_length (syllables), ==, g_utf8_strlen (fields[1], -1));
      for (guint i = 0; syllables[i]; i++)
        g_string_append_c (initials, syllables[i][0]);
      if (previous != NULL)
        g_assert_cmpint (strcmp (previous, initials->str), <=, 0);
      g_free (previous);
      previous = g_string_free (initials, FALSE);
      row = end + 1;
    }
  g_assert_cmpuint (n_rows, >, 200000);
}

/* Issue 13: a word is offered for its syllables, most common first. */
static void
test_word (void)
{
  g_autoptr(GPtrArray) list = candidates ("laji", 60);
  int at = position_of (list, "垃圾");

  g_test_message ("laji: 垃圾 at %d", at);
  g_assert_cmpint (at, >=, 0);
  g_assert_cmpint (at, <=, 1);
  g_assert_cmpuint (candidate (list, at)->n_letters, ==, 4);
  /* The characters of the first syllable follow, replacing only it. */
  g_assert_cmpint (position_of (list, "拉"), >, at);
  g_assert_cmpuint (candidate (list, position_of (list, "拉"))->n_letters, ==, 2);
}

/* A phrase the essay knows, and a sentence of words it does not. */
static void
test_phrase (void)
{
  g_autoptr(GPtrArray) garbage = candidates ("lajifenlei", 60);
  g_autoptr(GPtrArray) policy = candidates ("zhengfuxinxigongkai", 60);

  g_assert_cmpstr (candidate (garbage, 0)->text, ==, "垃圾分类");
  g_assert_cmpuint (candidate (garbage, 0)->n_letters, ==, 10);
  g_assert_cmpstr (candidate (policy, 0)->text, ==, "政府信息公开");
}

/* Initials stand for the syllables they start. */
static void
test_initials (void)
{
  g_autoptr(GPtrArray) list = candidates ("zfxxgk", 60);
  g_autoptr(GPtrArray) ljfl = candidates ("ljfl", 60);

  g_assert_cmpstr (candidate (list, 0)->text, ==, "政府信息公开");
  g_assert_cmpuint (candidate (list, 0)->n_letters, ==, 6);
  g_assert_cmpint (position_of (list, "政府"), >, 0);
  g_assert_cmpint (position_of (ljfl, "垃圾分类"), >=, 0);
  g_assert_cmpint (position_of (ljfl, "垃圾分类"), <=, 1);
}

/* A full spelling comes before words it could abbreviate. */
static void
test_full_spelling_first (void)
{
  g_autoptr(GPtrArray) list = candidates ("xin", 8);

  g_assert_cmpuint (g_utf8_strlen (candidate (list, 0)->text, -1), ==, 1);
  g_assert_cmpint (position_of (list, "新"), >=, 0);
}

/* The start of a syllable while it is typed. */
static void
test_prefix (void)
{
  g_autoptr(GPtrArray) list = candidates ("zh", 200);
  g_autoptr(GPtrArray) one = candidates ("zh", 1);
  g_autoptr(GPtrArray) typing = candidates ("lajif", 20);

  g_assert_cmpint (position_of (list, "中"), >=, 0);  /* zhong */
  g_assert_cmpint (position_of (list, "这"), >=, 0);  /* zhe */
  g_assert_cmpint (position_of (list, "国"), <, 0);   /* guo */
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (candidate (typing, 0)->n_letters, ==, 5);
  g_assert_true (g_str_has_prefix (candidate (typing, 0)->text, "垃圾"));
}

/* Characters the old bar of twelve left out are reached by paging. */
static void
test_every_character_reachable (void)
{
  g_autoptr(GPtrArray) list = candidates ("ji", 200);
  int at = position_of (list, "圾");

  g_test_message ("ji: 圾 at %d of %u", at, list->len);
  g_assert_cmpint (at, >=, 0);
  g_assert_cmpuint (candidate (list, at)->n_letters, ==, 2);
}

/* The character before the cursor and the letters typed after it make a
 * word: its rest comes first (垃 + "ji": 圾, not the 38th of "ji"). */
static void
test_continues_word (void)
{
  g_autoptr(GPtrArray) garbage = rp_pinyin_get_candidates_after ("垃", "ji", 20);
  g_autoptr(GPtrArray) government = rp_pinyin_get_candidates_after ("查阅政", "fu", 20);
  g_autoptr(GPtrArray) longer = rp_pinyin_get_candidates_after ("垃", "jifenlei", 20);
  g_autoptr(GPtrArray) latin = rp_pinyin_get_candidates_after ("abc", "ji", 20);
  g_autoptr(GPtrArray) alone = rp_pinyin_get_candidates ("ji", 20);

  g_assert_cmpstr (candidate (garbage, 0)->text, ==, "圾");
  g_assert_cmpuint (candidate (garbage, 0)->n_letters, ==, 2);
  g_assert_cmpstr (candidate (government, 0)->text, ==, "府");
  g_assert_cmpint (position_of (longer, "圾分类"), >=, 0);
  g_assert_cmpint (position_of (longer, "圾"), >=, 0);
  g_assert_cmpuint (candidate (longer, position_of (longer, "圾"))->n_letters, ==, 2);
  g_assert_cmpuint (latin->len, ==, alone->len);
  for (guint i = 0; i < alone->len; i++)
    g_assert_cmpstr (candidate (latin, i)->text, ==, candidate (alone, i)->text);
}

static void
test_nothing_matches (void)
{
  g_autoptr(GPtrArray) none = candidates ("vvv", 8);
  g_autoptr(GPtrArray) empty = candidates ("", 8);
  g_autoptr(GPtrArray) upper = candidates ("LAJI", 8);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (upper->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/PinyinCandidates/lexicon-sorted", test_lexicon_sorted);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/word", test_word);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/phrase", test_phrase);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/initials", test_initials);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/full-spelling-first", test_full_spelling_first);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/prefix", test_prefix);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/every-character-reachable", test_every_character_reachable);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/continues-word", test_continues_word);
  g_test_add_func ("/ReadingPoint/PinyinCandidates/nothing-matches", test_nothing_matches);

  return g_test_run ();
}
