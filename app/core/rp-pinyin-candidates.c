/* rp-pinyin-candidates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small pinyin input method in the manner of Rime's: the typed letters
 * become a lattice of pieces (a whole syllable, an initial standing for
 * every syllable it starts — "zfxxgk" —, or at the end the start of a
 * syllable still being typed); words of the lexicon are matched along
 * paths of pieces; the sentence is the path of words with the highest
 * unigram probability. Abbreviated pieces cost ABBREVIATION_COST each, so
 * "xin" offers 新 before 西南, while "xn" still finds 西南.
 *
 * The lexicon is sorted by initials, so the words a path of pieces may
 * match are one bisected range of rows, and a path is extended only while
 * some row's initials start with the path's.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rp-pinyin-candidates.h"
#include "rp-pinyin.h"

#define MAX_WORD_SYLLABLES 8
/* ln of how much less likely a word is when a piece of it was only its
 * initial: enough to put full spellings first. */
#define ABBREVIATION_COST 5.0

typedef struct
{
  guint32 *rows; /* offsets of the rows in rp_pinyin_lexicon */
  guint    n_rows;
  double   log_total; /* ln of the sum of all scores */
} Lexicon;

typedef struct
{
  guint    start, end; /* letters [start, end) */
  gboolean abbreviated; /* matches every syllable it starts */
} Piece;

typedef struct
{
  const char *row;  /* in the lexicon: its syllables first */
  const char *text; /* in the lexicon, up to '\t' */
  guint       text_length;
  guint       end;
  double      log_p; /* with abbreviation costs */
} Match;

void
rp_pinyin_candidate_free (RpPinyinCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->text);
  g_free (candidate);
}

static gpointer
build_lexicon (gpointer data)
{
  Lexicon *lexicon = g_new0 (Lexicon, 1);
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint32));
  double total = 0;

  for (gsize offset = 0; offset < rp_pinyin_lexicon_size;)
    {
      const char *row = rp_pinyin_lexicon + offset;
      const char *end = strchr (row, '\n');
      const char *score = strchr (strchr (row, '\t') + 1, '\t');
      guint32 o = offset;

      g_array_append_val (rows, o);
      total += g_ascii_strtod (score + 1, NULL);
      offset = end + 1 - rp_pinyin_lexicon;
    }
  lexicon->n_rows = rows->len;
  lexicon->rows = (guint32 *) g_array_free (rows, FALSE);
  lexicon->log_total = log (MAX (total, 1));
  return lexicon;
}

static const Lexicon *
get_lexicon (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_lexicon, NULL);
  return once.retval;
}

/* strcmp of the row's initials (the first letter of each syllable) with
 * @key; with @prefix, a row whose initials start with @key compares equal. */
static int
compare_initials (const char *row,
                  const char *key,
                  gboolean    prefix)
{
  gboolean at_start = TRUE;

  for (const char *p = row; *p != '\t'; p++)
    {
      if (!at_start)
        {
          at_start = *p == ' ';
          continue;
        }
      at_start = FALSE;
      if (*key == '\0')
        return prefix ? 0 : 1;
      if (*p != *key)
        return (guchar) *p - (guchar) *key;
      key++;
    }
  return *key == '\0' ? 0 : -1;
}

/* The first row whose initials are not less than @key. */
static guint
lower_bound (const Lexicon *lexicon,
             const char    *key)
{
  guint lo = 0, hi = lexicon->n_rows;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (compare_initials (rp_pinyin_lexicon + lexicon->rows[mid], key, FALSE) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
is_consonant_initial (const char *letters,
                      guint       length)
{
  if (length == 2)
    return letters[1] == 'h' && strchr ("zcs", letters[0]) != NULL;
  return length == 1 && strchr ("bpmfdtnlgkhjqxzcsryw", letters[0]) != NULL;
}

/* Every piece that starts at each position of @letters. */
static GArray **
build_lattice (const char *letters,
               guint       n)
{
  GArray **lattice = g_new0 (GArray *, n + 1);

  for (guint i = 0; i <= n; i++)
    lattice[i] = g_array_new (FALSE, FALSE, sizeof (Piece));
  for (guint i = 0; i < n; i++)
    for (guint length = 1; length <= 6 && i + length <= n; length++)
      {
        Piece piece = { i, i + length, FALSE };

        if (is_consonant_initial (letters + i, length))
          piece.abbreviated = TRUE;
        else if (rp_pinyin_is_syllable (letters + i, length))
          piece.abbreviated = FALSE;
        else if (i + length == n && rp_pinyin_is_syllable_prefix (letters + i, length))
          piece.abbreviated = TRUE;
        else
          continue;
        g_array_append_val (lattice[i], piece);
      }
  return lattice;
}

static void
free_lattice (GArray **lattice,
              guint    n)
{
  for (guint i = 0; i <= n; i++)
    g_array_unref (lattice[i]);
  g_free (lattice);
}

/* Whether the row's syllables are spelt by @path's pieces. */
static gboolean
row_matches (const char  *row,
             const char  *letters,
             const Piece *path,
             guint        depth)
{
  const char *p = row;

  for (guint k = 0; k < depth; k++)
    {
      const char *end = p + strcspn (p, " \t");
      guint length = path[k].end - path[k].start;
      guint syllable_length = end - p;

      if (path[k].abbreviated ? syllable_length < length : syllable_length != length)
        return FALSE;
      if (memcmp (p, letters + path[k].start, length) != 0)
        return FALSE;
      p = end + 1;
    }
  return TRUE;
}

static void
collect_rows (const Lexicon *lexicon,
              const char    *letters,
              const Piece   *path,
              guint          depth,
              const char    *key,
              GArray        *matches)
{
  guint n_abbreviated = 0;

  for (guint k = 0; k < depth; k++)
    n_abbreviated += path[k].abbreviated;
  for (guint r = lower_bound (lexicon, key); r < lexicon->n_rows; r++)
    {
      const char *row = rp_pinyin_lexicon + lexicon->rows[r];
      const char *text, *score;
      Match match;

      if (compare_initials (row, key, FALSE) != 0)
        break;
      if (!row_matches (row, letters, path, depth))
        continue;
      text = strchr (row, '\t') + 1;
      score = strchr (text, '\t') + 1;
      match.row = row;
      match.text = text;
      match.text_length = score - 1 - text;
      match.end = path[depth - 1].end;
      match.log_p = log (g_ascii_strtod (score, NULL)) - lexicon->log_total - ABBREVIATION_COST * n_abbreviated;
      g_array_append_val (matches, match);
    }
}

/* Words along every path of pieces from @path[depth - 1]'s end. */
static void
walk (const Lexicon *lexicon,
      const char    *letters,
      GArray       **lattice,
      Piece         *path,
      guint          depth,
      char          *key,
      GArray        *matches)
{
  GArray *next = lattice[path[depth - 1].end];
  guint first;

  collect_rows (lexicon, letters, path, depth, key, matches);
  if (depth == MAX_WORD_SYLLABLES)
    return;
  for (guint i = 0; i < next->len; i++)
    {
      path[depth] = g_array_index (next, Piece, i);
      key[depth] = letters[path[depth].start];
      key[depth + 1] = '\0';
      /* Only while some word's initials start with the path's. */
      first = lower_bound (lexicon, key);
      if (first < lexicon->n_rows && compare_initials (rp_pinyin_lexicon + lexicon->rows[first], key, TRUE) == 0)
        walk (lexicon, letters, lattice, path, depth + 1, key, matches);
      key[depth] = '\0';
    }
}

/* The words that start at @start, in lexicon order. */
static GArray *
matches_from (const Lexicon *lexicon,
              const char    *letters,
              GArray       **lattice,
              guint          start)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (Match));
  Piece path[MAX_WORD_SYLLABLES];
  char key[MAX_WORD_SYLLABLES + 1];

  for (guint i = 0; i < lattice[start]->len; i++)
    {
      path[0] = g_array_index (lattice[start], Piece, i);
      key[0] = letters[path[0].start];
      key[1] = '\0';
      walk (lexicon, letters, lattice, path, 1, key, matches);
    }
  return matches;
}

/* The likeliest words covering all of @letters, or NULL. */
static char *
best_sentence (GArray **matches,
               guint    n)
{
  g_autofree double *best = g_new (double, n + 1);
  g_autofree const Match **via = g_new0 (const Match *, n + 1);
  g_autofree guint *from = g_new0 (guint, n + 1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  GString *sentence;

  best[0] = 0;
  for (guint i = 1; i <= n; i++)
    best[i] = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      if (best[i] == -INFINITY)
        continue;
      for (guint m = 0; m < matches[i]->len; m++)
        {
          const Match *match = &g_array_index (matches[i], Match, m);

          if (best[i] + match->log_p > best[match->end])
            {
              best[match->end] = best[i] + match->log_p;
              via[match->end] = match;
              from[match->end] = i;
            }
        }
    }
  if (best[n] == -INFINITY)
    return NULL;
  for (guint i = n; i > 0; i = from[i])
    g_ptr_array_insert (words, 0, (gpointer) via[i]);
  sentence = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      const Match *match = g_ptr_array_index (words, i);
      g_string_append_len (sentence, match->text, match->text_length);
    }
  return g_string_free (sentence, FALSE);
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const Match *x = a, *y = b;

  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  if (x->log_p != y->log_p)
    return x->log_p > y->log_p ? -1 : 1;
  return 0;
}

static void
add_candidate (GPtrArray  *out,
               GHashTable *seen,
               char       *text,
               guint       n_letters)
{
  RpPinyinCandidate *candidate;

  if (!g_hash_table_add (seen, text))
    return;
  candidate = g_new0 (RpPinyinCandidate, 1);
  candidate->text = g_strdup (text);
  candidate->n_letters = n_letters;
  g_ptr_array_add (out, candidate);
}

/* Words that the character before the cursor begins and the start of
 * @letters continues (垃 then "ji": 垃圾, so 圾), most likely first, into
 * @found; their ends are counted in @letters. */
static void
find_continuations (const Lexicon *lexicon,
                    const char    *before,
                    const char    *letters,
                    guint          n,
                    GArray        *found)
{
  const char *last;
  const char *readings;
  g_auto(GStrv) syllables = NULL;
  char head[6];
  int head_length;
  gunichar c;

  if (before == NULL || *before == '\0')
    return;
  last = g_utf8_find_prev_char (before, before + strlen (before));
  c = g_utf8_get_char (last);
  if (g_unichar_get_script (c) != G_UNICODE_SCRIPT_HAN || (readings = rp_pinyin_get_readings (c)) == NULL)
    return;
  head_length = g_unichar_to_utf8 (c, head);
  syllables = g_strsplit (readings, " ", 5);
  for (guint r = 0; syllables[r] != NULL && r < 4; r++)
    {
      guint length = strlen (syllables[r]);
      g_autofree char *joined = g_strconcat (syllables[r], letters, NULL);
      GArray **lattice;
      GArray *matches;

      if (length + n > RP_PINYIN_MAX_LETTERS)
        continue;
      lattice = build_lattice (joined, length + n);
      matches = matches_from (lexicon, joined, lattice, 0);
      free_lattice (lattice, length + n);
      for (guint m = 0; m < matches->len; m++)
        {
          Match match = g_array_index (matches, Match, m);

          if (match.end <= length || match.text_length <= (guint) head_length ||
              memcmp (match.text, head, head_length) != 0 || strncmp (match.row, syllables[r], length) != 0 ||
              match.row[length] != ' ')
            continue;
          match.text += head_length;
          match.text_length -= head_length;
          match.end -= length;
          g_array_append_val (found, match);
        }
      g_array_unref (matches);
    }
  g_array_sort (found, compare_matches);
}

GPtrArray *
rp_pinyin_get_candidates (const char *letters,
                          guint       max)
{
  return rp_pinyin_get_candidates_after (NULL, letters, max);
}

GPtrArray *
rp_pinyin_get_candidates_after (const char *before,
                                const char *letters,
                                guint       max)
{
  const Lexicon *lexicon = get_lexicon ();
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_pinyin_candidate_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) continuations = g_array_new (FALSE, FALSE, sizeof (Match));
  g_autofree GArray **matches = NULL;
  g_autofree char *sentence = NULL;
  GArray **lattice;
  guint n, c = 0;

  g_return_val_if_fail (letters != NULL, out);

  n = strlen (letters);
  if (n == 0 || n > RP_PINYIN_MAX_LETTERS || max == 0)
    return out;
  for (guint i = 0; i < n; i++)
    if (!g_ascii_islower (letters[i]))
      return out;

  lattice = build_lattice (letters, n);
  matches = g_new0 (GArray *, n + 1);
  for (guint i = 0; i < n; i++)
    matches[i] = matches_from (lexicon, letters, lattice, i);
  free_lattice (lattice, n);
  find_continuations (lexicon, before, letters, n, continuations);

  /* What continues the word before the cursor over all the letters comes
   * first, then the sentence, then the rest of the continuations. */
  for (; c < continuations->len && g_array_index (continuations, Match, c).end == n && out->len < max; c++)
    {
      const Match *match = &g_array_index (continuations, Match, c);
      add_candidate (out, seen, g_strndup (match->text, match->text_length), match->end);
    }
  sentence = best_sentence (matches, n);
  if (sentence != NULL && out->len < max)
    add_candidate (out, seen, g_steal_pointer (&sentence), n);
  for (; c < continuations->len && out->len < max; c++)
    {
      const Match *match = &g_array_index (continuations, Match, c);
      add_candidate (out, seen, g_strndup (match->text, match->text_length), match->end);
    }
  g_array_sort (matches[0], compare_matches);
  for (guint m = 0; m < matches[0]->len && out->len < max; m++)
    {
      const Match *match = &g_array_index (matches[0], Match, m);
      add_candidate (out, seen, g_strndup (match->text, match->text_length), match->end);
    }
  for (guint i = 0; i < n; i++)
    g_array_unref (matches[i]);
  return out;
}
