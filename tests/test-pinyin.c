/* test-pinyin.c — characters to pinyin, typed pinyin to syllables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-pinyin.h"
#include "rp-test-util.h"

static gboolean
has_reading (gunichar    c,
             const char *reading)
{
  const char *readings = rp_pinyin_get_readings (c);
  g_auto(GStrv) list = NULL;

  if (readings == NULL)
    return FALSE;
  list = g_strsplit (readings, " ", -1);
  return g_strv_contains ((const char *const *) list, reading);
}

static void
test_readings (void)
{
  g_assert_true (has_reading (0x4E2D, "zhong"));  /* 中 */
  g_assert_true (has_reading (0x56FD, "guo"));    /* 国 */
  /* Every common reading of a polyphone. */
  g_assert_true (has_reading (0x884C, "xing"));   /* 行 */
  g_assert_true (has_reading (0x884C, "hang"));
  g_assert_false (has_reading (0x4E2D, "guo"));
  /* Not Han: no readings. */
  g_assert_null (rp_pinyin_get_readings ('a'));
  g_assert_null (rp_pinyin_get_readings (0xFF0C));  /* ， */
}

/* A pretokenized document: positions separated by spaces, colocated
 * tokens by '|'. */
static GStrv
positions_of (const char *const *texts,
              guint              n_texts)
{
  g_autofree char *document = rp_pinyin_index_text (texts, n_texts);

  g_test_message ("%s", document);
  return g_strsplit (document, " ", -1);
}

static gboolean
position_has (const char *position,
              const char *token)
{
  g_auto(GStrv) tokens = g_strsplit (position, "|", -1);

  return g_strv_contains ((const char *const *) tokens, token);
}

static void
test_index_text (void)
{
  const char *texts[] = { "中国" };
  g_auto(GStrv) positions = positions_of (texts, 1);

  /* One position per character: its readings, and the initial bigram with
   * the next character ("zg"), so both "zhongguo" and "zg" find it. */
  g_assert_cmpuint (g_strv_length (positions), >=, 2);
  g_assert_true (position_has (positions[0], "zhong"));
  g_assert_true (position_has (positions[0], "^zg"));
  g_assert_true (position_has (positions[1], "guo"));
  g_assert_null (strchr (positions[1], '^'));
  /* What follows is only the gap ("_") that ends a text. */
  for (guint i = 2; positions[i] != NULL; i++)
    g_assert_cmpstr (positions[i], ==, "_");
}

/* Texts are kept apart, so no phrase (or initials bigram) spans two. */
static void
test_texts_kept_apart (void)
{
  const char *texts[] = { "中", NULL, "国" };
  g_auto(GStrv) positions = positions_of (texts, G_N_ELEMENTS (texts));
  g_autofree char *joined = g_strjoinv (" ", positions);

  g_assert_true (position_has (positions[0], "zhong"));
  g_assert_nonnull (strstr (joined, "guo"));
  g_assert_null (strstr (joined, "^zg"));
  g_assert_cmpuint (g_strv_length (positions), >, 2);
}

static void
assert_segments (const char *letters,
                 const char *expected,
                 gboolean    expected_prefix)
{
  gboolean last_is_prefix = !expected_prefix;
  g_auto(GStrv) pieces = rp_pinyin_segment (letters, &last_is_prefix);
  g_autofree char *joined = NULL;

  g_assert_nonnull (pieces);
  joined = g_strjoinv (" ", pieces);
  g_assert_cmpstr (joined, ==, expected);
  g_assert_cmpint (last_is_prefix, ==, expected_prefix);
}

static void
test_segment (void)
{
  gboolean last_is_prefix;

  assert_segments ("zhongguo", "zhong guo", FALSE);
  /* The fewest syllables: "xian", not "xi an". */
  assert_segments ("xian", "xian", FALSE);
  /* Typing in progress: the last piece is the start of a syllable. */
  assert_segments ("zhongg", "zhong g", TRUE);
  assert_segments ("zh", "zh", TRUE);
  /* Letters no syllable can be made of. */
  g_assert_null (rp_pinyin_segment ("vvv", &last_is_prefix));
  g_assert_null (rp_pinyin_segment ("zhongxq", &last_is_prefix));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Pinyin/readings", test_readings);
  g_test_add_func ("/ReadingPoint/Pinyin/index-text", test_index_text);
  g_test_add_func ("/ReadingPoint/Pinyin/texts-kept-apart", test_texts_kept_apart);
  g_test_add_func ("/ReadingPoint/Pinyin/segment", test_segment);

  return g_test_run ();
}
