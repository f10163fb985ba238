/* rp-pinyin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-pinyin-table.h"
#include "rp-pinyin.h"
#include "rp-text-normaliser.h"

/* The longest syllable ("zhuang", "chuang", "shuang") has six letters. */
#define MAX_SYLLABLE 6
/* Readings indexed per character (most common first): bounds the
 * colocated initial bigrams at one position to 4 × 4. */
#define MAX_READINGS 4

static int
compare_reading (const void *key,
                 const void *element)
{
  gunichar c = *(const gunichar *) key;
  const RpPinyinReading *r = element;

  return c < r->c ? -1 : c > r->c ? 1 : 0;
}

static const char *
table_readings (gunichar c)
{
  const RpPinyinReading *r = bsearch (&c, rp_pinyin_readings, rp_pinyin_n_readings,
                                      sizeof (RpPinyinReading), compare_reading);
  return r ? r->readings : NULL;
}

static void
append_unique (GString    *list,
               const char *readings)
{
  g_auto(GStrv) parts = g_strsplit (readings, " ", -1);

  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *padded = g_strdup_printf (" %s ", parts[i]);
      g_autofree char *haystack = g_strdup_printf (" %s ", list->str);

      if (*parts[i] && strstr (haystack, padded) == NULL)
        {
          if (list->len > 0)
            g_string_append_c (list, ' ');
          g_string_append (list, parts[i]);
        }
    }
}

/* The dictionary is Traditional-first: its weights for a Simplified form
 * that is also a rare Traditional character (开 "jian", 0% "kai") describe
 * the rare character. Search folds to Simplified, so a folded character
 * takes the readings of every character that folds to it, those of the
 * Traditional forms first (開 "kai"). */
static gpointer
build_merged (gpointer data)
{
  GHashTable *merged = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  GHashTable *builders = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < rp_pinyin_n_readings; i++)
      {
        gunichar c = rp_pinyin_readings[i].c;
        gunichar folded[RP_NORMALISE_MAX_CHARS];
        GString *list;

        if (rp_normalise_char (c, folded) != 1)
          continue;
        /* Pass 0: other characters folding here; pass 1: the character itself. */
        if ((pass == 0) == (folded[0] == c))
          continue;
        list = g_hash_table_lookup (builders, GUINT_TO_POINTER (folded[0]));
        if (list == NULL)
          {
            list = g_string_new (NULL);
            g_hash_table_insert (builders, GUINT_TO_POINTER (folded[0]), list);
          }
        append_unique (list, rp_pinyin_readings[i].readings);
      }
  /* Issue 19: only what differs from the generated table is kept (the
   * characters with Traditional forms, a few thousand of ~41,000), each
   * string at its own length: a GString per character held ~5 MiB for
   * the life of the process. */
  g_hash_table_iter_init (&iter, builders);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GString *list = value;

      if (g_strcmp0 (list->str, table_readings (GPOINTER_TO_UINT (key))) != 0)
        g_hash_table_insert (merged, key, g_strndup (list->str, list->len));
      g_string_free (list, TRUE);
    }
  g_hash_table_unref (builders);
  return merged;
}

const char *
rp_pinyin_get_readings (gunichar c)
{
  static GOnce once = G_ONCE_INIT;
  const char *readings;

  g_once (&once, build_merged, NULL);
  readings = g_hash_table_lookup (once.retval, GUINT_TO_POINTER (c));
  return readings ? readings : table_readings (c);
}

static int
compare_syllable (const void *key,
                  const void *element)
{
  return strcmp (key, *(const char *const *) element);
}

gboolean
rp_pinyin_is_syllable (const char *s,
                       gsize       length)
{
  char buf[MAX_SYLLABLE + 1];

  if (length == 0 || length > MAX_SYLLABLE)
    return FALSE;
  memcpy (buf, s, length);
  buf[length] = '\0';
  return bsearch (buf, rp_pinyin_syllables, rp_pinyin_n_syllables, sizeof (char *),
                  compare_syllable) != NULL;
}

gboolean
rp_pinyin_is_syllable_prefix (const char *s,
                              gsize       length)
{
  char buf[MAX_SYLLABLE + 1];
  guint lo = 0, hi = rp_pinyin_n_syllables;

  if (length == 0 || length > MAX_SYLLABLE)
    return FALSE;
  memcpy (buf, s, length);
  buf[length] = '\0';
  /* The first syllable not less than @buf starts with it, if any does. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (strcmp (rp_pinyin_syllables[mid], buf) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < rp_pinyin_n_syllables && strncmp (rp_pinyin_syllables[lo], buf, length) == 0;
}

GStrv
rp_pinyin_segment (const char *letters,
                   gboolean   *last_is_prefix)
{
  gsize n = strlen (letters);
  g_autofree int *best = NULL;  /* fewest syllables covering letters[0, i) */
  g_autofree int *from = NULL;
  GPtrArray *parts;
  int end = -1;

  *last_is_prefix = FALSE;
  if (n == 0 || n > 64)
    return NULL;
  best = g_new (int, n + 1);
  from = g_new (int, n + 1);
  best[0] = 0;
  for (gsize i = 1; i <= n; i++)
    {
      best[i] = G_MAXINT;
      for (gsize len = 1; len <= MAX_SYLLABLE && len <= i; len++)
        if (best[i - len] != G_MAXINT && rp_pinyin_is_syllable (letters + i - len, len) &&
            best[i - len] + 1 < best[i])
          {
            best[i] = best[i - len] + 1;
            from[i] = i - len;
          }
    }
  if (best[n] != G_MAXINT)
    end = n;
  else
    {
      /* Typing in progress: whole syllables, then the start of one. */
      for (gsize len = 1; len <= MAX_SYLLABLE && len <= n; len++)
        if (best[n - len] != G_MAXINT && rp_pinyin_is_syllable_prefix (letters + n - len, len))
          {
            from[n] = n - len;
            end = n;
            *last_is_prefix = TRUE;
            break;
          }
      if (end < 0)
        return NULL;
    }

  parts = g_ptr_array_new ();
  for (int i = end; i > 0; i = from[i])
    g_ptr_array_insert (parts, 0, g_strndup (letters + from[i], i - from[i]));
  g_ptr_array_add (parts, NULL);
  return (GStrv) g_ptr_array_free (parts, FALSE);
}

/* Each position of the pinyin document is one folded CJK character (its
 * readings) or "_" (anything else, so phrases never bridge it). */
static void
collect_readings (const char *text,
                  GPtrArray  *positions)
{
  gboolean gap = positions->len > 0 && g_ptr_array_index (positions, positions->len - 1) == NULL;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      guint n = rp_normalise_char (g_utf8_get_char (p), folded);

      for (guint i = 0; i < n; i++)
        {
          const char *readings = rp_char_class (folded[i]) == RP_CHAR_CJK
                                   ? rp_pinyin_get_readings (folded[i])
                                   : NULL;
          if (readings != NULL)
            {
              g_ptr_array_add (positions, (gpointer) readings);
              gap = FALSE;
            }
          else if (!gap)
            {
              g_ptr_array_add (positions, NULL);
              gap = TRUE;
            }
        }
    }
  if (!gap)
    g_ptr_array_add (positions, NULL);
}

char *
rp_pinyin_index_text (const char *const *texts,
                      guint              n_texts)
{
  g_autoptr(GPtrArray) positions = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_texts; i++)
    if (texts[i] != NULL)
      collect_readings (texts[i], positions);

  for (guint i = 0; i < positions->len; i++)
    {
      const char *readings = g_ptr_array_index (positions, i);
      const char *next = i + 1 < positions->len ? g_ptr_array_index (positions, i + 1) : NULL;
      g_auto(GStrv) mine = NULL;
      g_auto(GStrv) theirs = NULL;
      GString *initials;

      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (readings == NULL)
        {
          g_string_append_c (out, '_');
          continue;
        }
      mine = g_strsplit (readings, " ", -1);
      for (guint r = 0; mine[r] && r < MAX_READINGS; r++)
        {
          if (r > 0)
            g_string_append_c (out, '|');
          g_string_append (out, mine[r]);
        }
      if (next == NULL)
        continue;
      /* Initial bigrams, deduplicated ("zhong"/"chong" + "fu": ^zf, ^cf). */
      theirs = g_strsplit (next, " ", -1);
      initials = g_string_new (NULL);
      for (guint a = 0; mine[a] && a < MAX_READINGS; a++)
        for (guint b = 0; theirs[b] && b < MAX_READINGS; b++)
          {
            char bigram[4] = { '^', mine[a][0], theirs[b][0], '\0' };
            if (strstr (initials->str, bigram) == NULL)
              {
                g_string_append_c (initials, '|');
                g_string_append (initials, bigram);
              }
          }
      g_string_append (out, initials->str);
      g_string_free (initials, TRUE);
    }
  return g_string_free (out, FALSE);
}
