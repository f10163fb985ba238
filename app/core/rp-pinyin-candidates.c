/* rp-pinyin-candidates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A candidate list is short and read by a person: merging the few syllables
 * a prefix may become round-robin (the first character of each, then the
 * second…) keeps the commonest characters of every reading near the front.
 */
#include "config.h"

#include <string.h>

#include "rp-pinyin.h"
#include "rp-pinyin-candidates.h"

static int
compare_syllable (const void *key,
                  const void *item)
{
  return strcmp (key, ((const RpPinyinCandidates *) item)->syllable);
}

static const RpPinyinCandidates *
lookup (const char *syllable)
{
  return bsearch (syllable, rp_pinyin_candidates_table, rp_pinyin_candidates_table_size,
                  sizeof (RpPinyinCandidates), compare_syllable);
}

/* The index of the first syllable >= @prefix. */
static guint
lower_bound (const char *prefix)
{
  guint lo = 0, hi = rp_pinyin_candidates_table_size;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (strcmp (rp_pinyin_candidates_table[mid].syllable, prefix) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_unique (GPtrArray   *out,
            GHashTable  *seen,
            const char  *start,
            const char  *end)
{
  char *c = g_strndup (start, end - start);

  if (g_hash_table_add (seen, c))
    g_ptr_array_add (out, g_strdup (c));
}

GStrv
rp_pinyin_get_candidates (const char *letters,
                          guint       max,
                          guint      *n_letters_used)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_auto(GStrv) pieces = NULL;
  gboolean last_is_prefix = FALSE;
  const char *first;
  g_autofree const char **cursor = NULL;

  if (n_letters_used != NULL)
    *n_letters_used = 0;
  if (letters == NULL || *letters == '\0' || max == 0)
    return g_new0 (char *, 1);

  pieces = rp_pinyin_segment (letters, &last_is_prefix);
  first = pieces != NULL && pieces[0] != NULL ? pieces[0] : letters;

  if ((pieces == NULL || (pieces[1] == NULL && last_is_prefix)))
    {
      /* Typing in progress: every syllable starting with what is typed. */
      const RpPinyinCandidates *exact = lookup (first);

      if (exact != NULL)
        g_ptr_array_add (sources, (gpointer) exact);
      for (guint i = lower_bound (first);
           i < rp_pinyin_candidates_table_size &&
           g_str_has_prefix (rp_pinyin_candidates_table[i].syllable, first);
           i++)
        if (&rp_pinyin_candidates_table[i] != exact)
          g_ptr_array_add (sources, (gpointer) &rp_pinyin_candidates_table[i]);
    }
  else
    {
      const RpPinyinCandidates *exact = lookup (first);

      if (exact != NULL)
        g_ptr_array_add (sources, (gpointer) exact);
    }

  if (sources->len == 0)
    return g_new0 (char *, 1);
  if (n_letters_used != NULL)
    *n_letters_used = strlen (first);

  cursor = g_new0 (const char *, sources->len);
  for (guint i = 0; i < sources->len; i++)
    cursor[i] = ((const RpPinyinCandidates *) g_ptr_array_index (sources, i))->characters;

  for (gboolean more = TRUE; more && out->len < max;)
    {
      more = FALSE;
      for (guint i = 0; i < sources->len && out->len < max; i++)
        {
          const char *next;

          if (*cursor[i] == '\0')
            continue;
          next = g_utf8_next_char (cursor[i]);
          add_unique (out, seen, cursor[i], next);
          cursor[i] = next;
          more = TRUE;
        }
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}
