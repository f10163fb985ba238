/* test-text-fold.c — find-in-document's folding, mapped back to characters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"
#include "rp-text-normaliser.h"

static char *
fold (const char *text,
      GArray     *map)
{
  char *folded = rp_text_fold (text, map);

  g_assert_nonnull (folded);
  if (map != NULL)
    g_assert_cmpuint (map->len, ==, strlen (folded));
  return folded;
}

/* White space goes (a phrase matches across a PDF's line breaks); the rest
 * folds as the catalogue search folds. */
static void
test_fold (void)
{
  g_autofree char *a = fold ("義務\n教育", NULL);
  g_autofree char *b = fold ("Ｒeading\tPoint　二〇二六", NULL);
  g_autofree char *c = fold ("", NULL);
  g_autofree char *query = fold ("义务教育", NULL);
  g_autofree char *catalogue = rp_normalise_text ("READING", -1);

  g_assert_cmpstr (a, ==, "义务教育");
  g_assert_cmpstr (a, ==, query);
  g_assert_cmpstr (b, ==, "readingpoint二〇二六");
  g_assert_cmpstr (c, ==, "");
  /* The same per-character folding as search's normaliser. */
  g_assert_true (g_str_has_prefix (b, catalogue));
}

/* Every byte of the result names the character of the input it came from. */
static void
test_map (void)
{
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *folded = fold ("Ａ b\nﬁ体", map);
  /* Characters: 0 Ａ, 1 space, 2 b, 3 newline, 4 ﬁ, 5 体. */
  const guint expected[] = { 0, 2, 4, 4, 5, 5, 5 };

  g_assert_cmpstr (folded, ==, "abfi体");
  g_assert_cmpuint (map->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < map->len; i++)
    g_assert_cmpuint (g_array_index (map, guint, i), ==, expected[i]);
}

/* A hit in the folded text maps back to the characters of the page. */
static void
test_hit_maps_back (void)
{
  const char *page = "第一条\n为规范  義務\n教育招生工作";
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *folded = fold (page, map);
  g_autofree char *needle = fold ("义务教育", NULL);
  const char *hit = strstr (folded, needle);
  guint first, last;

  g_assert_nonnull (hit);
  first = g_array_index (map, guint, hit - folded);
  last = g_array_index (map, guint, hit - folded + strlen (needle) - 1);
  /* 義 is character 9 of the page, 育 character 13 (after the newline). */
  g_assert_cmpuint (first, ==, 9);
  g_assert_cmpuint (last, ==, 13);
  g_assert_true (g_str_has_prefix (g_utf8_offset_to_pointer (page, first), "義務"));
}

/* Invalid UTF-8 ends the folding there; what came before is kept. */
static void
test_invalid_utf8 (void)
{
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *folded = fold ("AB\xff" "CD", map);

  g_assert_cmpstr (folded, ==, "ab");
  g_assert_true (g_utf8_validate (folded, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/TextFold/fold", test_fold);
  g_test_add_func ("/ReadingPoint/TextFold/map", test_map);
  g_test_add_func ("/ReadingPoint/TextFold/hit-maps-back", test_hit_maps_back);
  g_test_add_func ("/ReadingPoint/TextFold/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
