/* test-text-normaliser.c — the folding that the index and the query share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"
#include "rp-text-normaliser.h"

static void
assert_folds (const char *text,
              const char *expected)
{
  g_autofree char *folded = rp_normalise_text (text, -1);

  g_assert_cmpstr (folded, ==, expected);
}

/* NFKC, case folding and Traditional → Simplified, per character. */
static void
test_fold (void)
{
  assert_folds ("ＡＢＣ１２３", "abc123");
  assert_folds ("Reading POINT", "reading point");
  assert_folds ("義務教育招生", "义务教育招生");
  assert_folds ("體育館", "体育馆");
  assert_folds ("ﬁle", "file");
  assert_folds ("Straße", "strasse");
  /* Separators are kept, folded: a substring test on the result is exact. */
  assert_folds ("测试，Ａ。", "测试,a。");
  /* Compatibility ideographs fold through their unified form (U+F900 →
   * 豈), then on to Simplified. */
  assert_folds ("\xef\xa4\x80", "岂");
  /* A default-ignorable character (soft hyphen, zero-width space) is dropped. */
  assert_folds ("招\xc2\xad生\xe2\x80\x8b", "招生");
}

/* Folding twice changes nothing: index and query meet in one form. */
static void
test_idempotent (void)
{
  const char *samples[] = { "ＡＢＣ１２３ 體育 Straße ﬁ ①②", "重點領域：義務教育", "ｶﾀｶﾅ ㈱ ㍻" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *once = rp_normalise_text (samples[i], -1);
      g_autofree char *twice = rp_normalise_text (once, -1);

      g_assert_cmpstr (twice, ==, once);
    }
}

static void
test_invalid_utf8 (void)
{
  /* In text, each bad byte becomes U+FFFD; the rest is still folded. */
  assert_folds ("A\xff" "B", "a\xef\xbf\xbd" "b");
  {
    /* As characters, a bad byte becomes 0, which matches nothing. */
    gsize n = 0;
    g_autofree guint *origin = NULL;
    g_autofree gunichar *chars = rp_normalise_chars ("A\xff" "B", &n, &origin);

    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpuint (chars[0], ==, 'a');
    g_assert_cmpuint (chars[1], ==, 0);
    g_assert_cmpuint (chars[2], ==, 'b');
  }
  /* An explicit length stops before the end of the string. */
  {
    g_autofree char *part = rp_normalise_text ("ABCDEF", 3);

    g_assert_cmpstr (part, ==, "abc");
  }
}

/* Each folded character knows the byte of the original it came from, so
 * snippets highlight what the publisher wrote. */
static void
test_origins (void)
{
  const char *text = "Ａ体ﬁ育";
  gsize n = 0;
  g_autofree guint *origin = NULL;
  g_autofree gunichar *chars = rp_normalise_chars (text, &n, &origin);
  const gunichar expected[] = { 'a', 0x4F53, 'f', 'i', 0x80B2 };
  const guint expected_origin[] = { 0, 3, 6, 6, 9 };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (chars[i], ==, expected[i]);
      g_assert_cmpuint (origin[i], ==, expected_origin[i]);
    }
}

static void
test_char_class (void)
{
  g_assert_cmpint (rp_char_class ('a'), ==, RP_CHAR_WORD);
  g_assert_cmpint (rp_char_class ('7'), ==, RP_CHAR_WORD);
  g_assert_cmpint (rp_char_class (0x00E9), ==, RP_CHAR_WORD);  /* é */
  g_assert_cmpint (rp_char_class (0x0436), ==, RP_CHAR_WORD);  /* ж */
  g_assert_cmpint (rp_char_class (0x4E2D), ==, RP_CHAR_CJK);   /* 中 */
  g_assert_cmpint (rp_char_class (0x3007), ==, RP_CHAR_CJK);   /* 〇 */
  g_assert_cmpint (rp_char_class (0x20000), ==, RP_CHAR_CJK);  /* extension B */
  g_assert_cmpint (rp_char_class (0x30A2), ==, RP_CHAR_CJK);   /* ア */
  g_assert_cmpint (rp_char_class (0xD55C), ==, RP_CHAR_CJK);   /* 한 */
  g_assert_cmpint (rp_char_class (' '), ==, RP_CHAR_SEPARATOR);
  g_assert_cmpint (rp_char_class (','), ==, RP_CHAR_SEPARATOR);
  g_assert_cmpint (rp_char_class (0x3002), ==, RP_CHAR_SEPARATOR);  /* 。 */
  g_assert_cmpint (rp_char_class (0x3001), ==, RP_CHAR_SEPARATOR);  /* 、 */
  g_assert_cmpint (rp_char_class (0x2014), ==, RP_CHAR_SEPARATOR);  /* — */
}

/* One character never unfolds past the documented maximum. */
static void
test_expansion_bound (void)
{
  gunichar out[RP_NORMALISE_MAX_CHARS];

  g_assert_cmpuint (rp_normalise_char (0xFDFA, out), <=, RP_NORMALISE_MAX_CHARS);
  g_assert_cmpuint (rp_normalise_char (0xFDFA, out), >, 1);
  g_assert_cmpuint (rp_normalise_char (0x00AD, out), ==, 0);
  g_assert_cmpuint (rp_normalise_char ('Q', out), ==, 1);
  g_assert_cmpuint (out[0], ==, 'q');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/TextNormaliser/fold", test_fold);
  g_test_add_func ("/ReadingPoint/TextNormaliser/idempotent", test_idempotent);
  g_test_add_func ("/ReadingPoint/TextNormaliser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ReadingPoint/TextNormaliser/origins", test_origins);
  g_test_add_func ("/ReadingPoint/TextNormaliser/char-class", test_char_class);
  g_test_add_func ("/ReadingPoint/TextNormaliser/expansion-bound", test_expansion_bound);

  return g_test_run ();
}
