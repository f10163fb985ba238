/* rp-search-snippet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-pinyin.h"
#include "rp-search-snippet.h"
#include "rp-text-normaliser.h"

/* The folded text, and for each folded character where it came from. */
typedef struct
{
  GString *folded;
  GArray  *folded_offset; /* guint: byte offset of folded char i in folded */
  GArray  *origin_start;  /* guint: byte range of the original character */
  GArray  *origin_end;
  GArray  *chars;         /* gunichar: folded char i */
} Folded;

static void
folded_clear (Folded *f)
{
  g_string_free (f->folded, TRUE);
  g_array_unref (f->folded_offset);
  g_array_unref (f->origin_start);
  g_array_unref (f->origin_end);
  g_array_unref (f->chars);
}

static void
fold (const char *text,
      Folded     *f)
{
  gsize length = strlen (text);

  f->folded = g_string_sized_new (length);
  f->folded_offset = g_array_new (FALSE, FALSE, sizeof (guint));
  f->origin_start = g_array_new (FALSE, FALSE, sizeof (guint));
  f->origin_end = g_array_new (FALSE, FALSE, sizeof (guint));
  f->chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  for (const char *p = text; *p;)
    {
      gunichar c = g_utf8_get_char_validated (p, text + length - p);
      gunichar out[RP_NORMALISE_MAX_CHARS];
      guint start = p - text, end, n;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      end = p - text;
      n = rp_normalise_char (c, out);
      for (guint i = 0; i < n; i++)
        {
          guint offset = f->folded->len;
          g_array_append_val (f->folded_offset, offset);
          g_array_append_val (f->origin_start, start);
          g_array_append_val (f->origin_end, end);
          g_array_append_val (f->chars, out[i]);
          g_string_append_unichar (f->folded, out[i]);
        }
    }
}

static guint
char_at_offset (const Folded *f,
                guint         offset)
{
  guint lo = 0, hi = f->folded_offset->len;

  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (f->folded_offset, guint, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static int
compare_range (gconstpointer a,
               gconstpointer b)
{
  const guint *x = a, *y = b;
  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0;
}

/* Sorts pairs and merges overlapping ones. */
static void
normalise_ranges (GArray *ranges)
{
  guint n = ranges->len / 2, out = 0;
  guint *r = (guint *) (void *) ranges->data;

  /* An empty GArray has no data: qsort must not see its NULL. */
  if (n == 0)
    return;
  qsort (r, n, 2 * sizeof (guint), compare_range);
  for (guint i = 0; i < n; i++)
    {
      if (out > 0 && r[2 * i] <= r[2 * (out - 1) + 1])
        r[2 * (out - 1) + 1] = MAX (r[2 * (out - 1) + 1], r[2 * i + 1]);
      else
        {
          r[2 * out] = r[2 * i];
          r[2 * out + 1] = r[2 * i + 1];
          out++;
        }
    }
  g_array_set_size (ranges, out * 2);
}

static GArray *
find_ranges (const char          *text,
             const RpSearchQuery *query)
{
  Folded f;
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (guint));

  fold (text, &f);
  for (guint i = 0; i < query->needles->len; i++)
    {
      const char *needle = g_ptr_array_index (query->needles, i);
      gsize needle_len = strlen (needle);
      const char *hay = f.folded->str;

      if (needle_len == 0)
        continue;
      while ((hay = strstr (hay, needle)) != NULL)
        {
          guint a = char_at_offset (&f, hay - f.folded->str);
          guint b = char_at_offset (&f, hay - f.folded->str + needle_len - 1);

          g_array_append_val (ranges, g_array_index (f.origin_start, guint, a));
          g_array_append_val (ranges, g_array_index (f.origin_end, guint, b));
          hay += needle_len;
        }
    }
  folded_clear (&f);
  normalise_ranges (ranges);
  return ranges;
}

void
rp_snippet_free (RpSnippet *snippet)
{
  if (snippet == NULL)
    return;
  g_free (snippet->text);
  g_clear_pointer (&snippet->ranges, g_array_unref);
  g_free (snippet);
}

RpSnippet *
rp_snippet_find (const char          *text,
                 const RpSearchQuery *query)
{
  GArray *ranges;
  RpSnippet *snippet;

  if (text == NULL)
    return NULL;
  ranges = find_ranges (text, query);
  if (ranges->len == 0)
    {
      g_array_unref (ranges);
      return NULL;
    }
  snippet = g_new0 (RpSnippet, 1);
  snippet->text = g_strdup (text);
  snippet->ranges = ranges;
  return snippet;
}

/* Byte offset of the first character where a needle occurs in the folded
 * text, as find_ranges would report it first, or -1: the same folding into
 * plain arrays, without building the folded string of a whole body. */
static gssize
first_range_start (const char          *text,
                   const RpSearchQuery *query)
{
  g_autofree guint *origin = NULL;
  gsize n;
  g_autofree gunichar *chars = rp_normalise_chars (text, &n, &origin);
  gssize best = -1;

  for (guint i = 0; i < query->needles->len; i++)
    {
      glong m = 0;
      g_autofree gunichar *needle = g_utf8_to_ucs4_fast (g_ptr_array_index (query->needles, i), -1, &m);

      if (m == 0)
        continue;
      for (gsize at = 0; at + m <= n; at++)
        {
          glong j = 0;

          while (j < m && chars[at + j] == needle[j])
            j++;
          if (j == m)
            {
              if (best < 0 || origin[at] < (guint) best)
                best = origin[at];
              break;
            }
        }
    }
  return best;
}

RpSnippet *
rp_snippet_cut (const char          *text,
                const RpSearchQuery *query,
                guint                context)
{
  g_autoptr(GArray) ranges = NULL;
  RpSnippet *snippet = g_new0 (RpSnippet, 1);
  const char *start = text, *end;
  GString *out = g_string_new (NULL);
  guint shift;

  if (context > 0)
    {
      /* Only the window around the first hit is folded for highlighting:
       * a body can be a hundred times longer than its snippet. */
      gssize first = first_range_start (text, query);
      g_autofree char *window = NULL;

      if (first >= 0)
        {
          start = text + first;
          for (guint i = 0; i < context && start > text; i++)
            start = g_utf8_prev_char (start);
        }
      end = start;
      for (guint i = 0; i < 4 * context && *end; i++)
        end = g_utf8_next_char (end);
      window = g_strndup (start, end - start);
      ranges = find_ranges (window, query);
      for (guint i = 0; i < ranges->len; i++)
        g_array_index (ranges, guint, i) += start - text;
    }
  else
    {
      ranges = find_ranges (text, query);
      end = text + strlen (text);
    }

  if (start > text)
    g_string_append (out, "…");
  shift = out->len;
  g_string_append_len (out, start, end - start);
  if (*end)
    g_string_append (out, "…");
  /* One-byte replacements keep every range valid. */
  for (gsize i = 0; i < out->len; i++)
    if (out->str[i] == '\n' || out->str[i] == '\r' || out->str[i] == '\t')
      out->str[i] = ' ';

  snippet->ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i + 1 < ranges->len; i += 2)
    {
      guint a = g_array_index (ranges, guint, i), b = g_array_index (ranges, guint, i + 1);

      if (text + a >= start && text + b <= end)
        {
          guint na = a - (start - text) + shift, nb = b - (start - text) + shift;
          g_array_append_val (snippet->ranges, na);
          g_array_append_val (snippet->ranges, nb);
        }
    }
  snippet->text = g_string_free (out, FALSE);
  return snippet;
}

static gboolean
reading_matches (const char *readings,
                 const char *syllable,
                 gboolean    prefix,
                 gboolean    initial)
{
  g_auto(GStrv) list = readings ? g_strsplit (readings, " ", -1) : NULL;

  for (guint i = 0; list && list[i]; i++)
    {
      if (initial ? list[i][0] == syllable[0]
                  : prefix ? g_str_has_prefix (list[i], syllable)
                           : g_str_equal (list[i], syllable))
        return TRUE;
    }
  return FALSE;
}

RpSnippet *
rp_snippet_find_pinyin (const char          *text,
                        const RpSearchQuery *query)
{
  Folded f;
  RpSnippet *snippet = NULL;
  guint n;

  if (text == NULL)
    return NULL;
  fold (text, &f);
  n = f.chars->len;
  for (int pass = 0; pass < 2 && snippet == NULL; pass++)
    {
      gboolean initials = pass == 1;
      guint want = initials ? (query->initials ? strlen (query->initials) : 0)
                            : (query->syllables ? g_strv_length (query->syllables) : 0);

      for (guint i = 0; want > 0 && i + want <= n && snippet == NULL; i++)
        {
          guint k;

          for (k = 0; k < want; k++)
            {
              gunichar c = g_array_index (f.chars, gunichar, i + k);
              const char *readings = rp_pinyin_get_readings (c);
              char initial[2] = { initials ? query->initials[k] : 0, 0 };
              const char *syllable = initials ? initial : query->syllables[k];

              if (!reading_matches (readings, syllable,
                                    !initials && k + 1 == want && query->last_syllable_is_prefix,
                                    initials))
                break;
            }
          if (k == want)
            {
              guint a = g_array_index (f.origin_start, guint, i);
              guint b = g_array_index (f.origin_end, guint, i + want - 1);

              snippet = g_new0 (RpSnippet, 1);
              snippet->text = g_strdup (text);
              snippet->ranges = g_array_new (FALSE, FALSE, sizeof (guint));
              g_array_append_val (snippet->ranges, a);
              g_array_append_val (snippet->ranges, b);
            }
        }
    }
  folded_clear (&f);
  return snippet;
}

char *
rp_snippet_format (const RpSnippet *snippet,
                   const char      *open,
                   const char      *close,
                   char          *(*escape) (const char *, gssize))
{
  GString *out = g_string_new (NULL);
  guint at = 0;

#define PIECE(from, to)                                                          \
  G_STMT_START {                                                                 \
    if (escape != NULL)                                                          \
      {                                                                          \
        g_autofree char *e = escape (snippet->text + (from), (to) - (from));     \
        g_string_append (out, e);                                                \
      }                                                                          \
    else                                                                         \
      g_string_append_len (out, snippet->text + (from), (to) - (from));          \
  } G_STMT_END

  for (guint i = 0; snippet->ranges && i + 1 < snippet->ranges->len; i += 2)
    {
      guint a = g_array_index (snippet->ranges, guint, i);
      guint b = g_array_index (snippet->ranges, guint, i + 1);

      PIECE (at, a);
      g_string_append (out, open);
      PIECE (a, b);
      g_string_append (out, close);
      at = b;
    }
  PIECE (at, (guint) strlen (snippet->text));
#undef PIECE
  return g_string_free (out, FALSE);
}
