/* rp-text-normaliser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <opencc/opencc.h>
#include <string.h>

#include "rp-text-normaliser.h"

/* Every BMP character folds through one table lookup; the rare ones whose
 * folding is longer than one character (ligatures, ß → ss, …) or lies
 * outside the BMP take the slow path. */
#define SLOW_PATH 0xFFFFFFFFu

static gboolean
is_han_range (gunichar c)
{
  return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
 * soft hyphens, zero-width spaces and joiners, bidi controls, variation
 * selectors. Invisible, so dropped: "招\u00AD生" must match "招生".
 * NFKC and case folding keep them, hence this list. */
static gboolean
is_default_ignorable (gunichar c)
{
  return c == 0x00AD || c == 0x034F || c == 0x061C || (c >= 0x115F && c <= 0x1160) ||
         (c >= 0x17B4 && c <= 0x17B5) || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0x3164 ||
         (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8) ||
         (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
}

/* NFKC, then case folding, then NFKC again (folding can denormalise). */
static char *
fold_generic (const char *utf8,
              gssize      length)
{
  g_autofree char *nfkc = g_utf8_normalize (utf8, length, G_NORMALIZE_NFKC);
  g_autofree char *folded = NULL;

  if (nfkc == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfkc, -1);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
}

/* OpenCC converts the whole Han repertoire once, one character per line;
 * only one-to-one conversions become table entries. */
static void
fill_t2s (guint32 *table)
{
  opencc_t cc = opencc_open ("t2s.json");
  GString *input;
  char *output;

  if (cc == (opencc_t) -1)
    {
      g_warning ("OpenCC t2s is unavailable (%s): Traditional queries will not fold",
                 opencc_error ());
      return;
    }
  input = g_string_sized_new (4 * 30000);
  for (gunichar c = 0x2E80; c <= 0xFAFF; c++)
    if (is_han_range (c))
      {
        g_string_append_unichar (input, c);
        g_string_append_c (input, '\n');
      }
  output = opencc_convert_utf8 (cc, input->str, input->len);
  if (output != NULL)
    {
      const char *in = input->str;
      const char *out = output;

      while (*in && *out)
        {
          const char *in_end = strchr (in, '\n');
          const char *out_end = strchr (out, '\n');
          gunichar from, to;

          if (in_end == NULL || out_end == NULL)
            break;
          from = g_utf8_get_char (in);
          to = g_utf8_get_char (out);
          /* One character in, one out: anything else is left alone. */
          if (g_utf8_next_char (out) == out_end && to != from && from < 0x10000 &&
              table[from] == from)
            table[from] = to;
          in = in_end + 1;
          out = out_end + 1;
        }
      opencc_convert_utf8_free (output);
    }
  g_string_free (input, TRUE);
  opencc_close (cc);
}

static gboolean
is_plain (guint32 folded)
{
  return folded != 0 && folded != SLOW_PATH && folded < 0x10000;
}

/* Folding must be idempotent: a query, a stored term and a document are
 * folded once each, from whatever form was typed or published, and must
 * meet. GLib's case folding is not, for Cherokee: it folds small letters
 * to capitals, as Unicode does, but capitals to small letters (its
 * lower-casing fallback), so ꮡ → Ꮡ and Ꮡ → ꮡ, and neither case found the
 * other. Each chain of one-character foldings is followed to its end; a
 * cycle folds to its smallest member (for Cherokee the capital, which is
 * Unicode's own case folding). */
static void
make_idempotent (guint32 *table)
{
  for (gunichar c = 0; c < 0x10000; c++)
    {
      guint32 t = table[c], smallest = table[c];

      if (!is_plain (t))
        continue;
      for (guint steps = 0; table[t] != t && is_plain (table[t]) && steps < 8; steps++)
        {
          t = table[t];
          smallest = MIN (smallest, t);
        }
      table[c] = table[t] == t ? t : smallest;
    }
}

static gpointer
build_tables (gpointer data)
{
  guint32 *table = g_new (guint32, 0x10000);

  for (gunichar c = 0; c < 0x10000; c++)
    {
      char utf8[8];
      int n;
      g_autofree char *folded = NULL;

      if (c < 0x80)
        {
          table[c] = g_ascii_tolower (c);
          continue;
        }
      if (c >= 0xD800 && c <= 0xDFFF)
        {
          table[c] = 0xFFFD;
          continue;
        }
      if (is_default_ignorable (c))
        {
          table[c] = 0;
          continue;
        }
      /* Unified ideographs are their own NFKC and case fold: skip the work. */
      if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF))
        {
          table[c] = c;
          continue;
        }
      n = g_unichar_to_utf8 (c, utf8);
      folded = fold_generic (utf8, n);
      if (*folded == '\0')
        table[c] = 0;
      else if (*g_utf8_next_char (folded) == '\0')
        table[c] = g_utf8_get_char (folded);
      else
        table[c] = SLOW_PATH;
    }
  /* t2s applies after NFKC, so compatibility ideographs (U+F900…) fold
   * through their unified form. */
  {
    g_autofree guint32 *t2s = g_new (guint32, 0x10000);

    for (gunichar c = 0; c < 0x10000; c++)
      t2s[c] = c;
    fill_t2s (t2s);
    for (gunichar c = 0; c < 0x10000; c++)
      if (table[c] != SLOW_PATH && table[c] < 0x10000)
        table[c] = t2s[table[c]];
  }
  make_idempotent (table);
  return table;
}

static const guint32 *
get_table (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_tables, NULL);
  return once.retval;
}

guint
rp_normalise_char (gunichar  c,
                   gunichar *out)
{
  const guint32 *table = get_table ();
  char utf8[8];
  int n;
  g_autofree char *folded = NULL;
  guint count = 0;

  if (c < 0x10000 && table[c] != SLOW_PATH)
    {
      if (table[c] == 0)
        return 0;
      out[0] = table[c];
      return 1;
    }
  if (is_default_ignorable (c))
    return 0;
  n = g_unichar_to_utf8 (c, utf8);
  folded = fold_generic (utf8, n);
  for (const char *p = folded; *p && count < RP_NORMALISE_MAX_CHARS; p = g_utf8_next_char (p))
    {
      gunichar f = g_utf8_get_char (p);
      out[count++] = f < 0x10000 && table[f] != SLOW_PATH ? table[f] : f;
    }
  return count;
}

RpCharClass
rp_char_class (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) ? RP_CHAR_WORD : RP_CHAR_SEPARATOR;
  if (is_han_range (c) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007)
    return g_unichar_isalpha (c) || g_unichar_type (c) == G_UNICODE_LETTER_NUMBER ||
           g_unichar_type (c) == G_UNICODE_OTHER_LETTER
             ? RP_CHAR_CJK
             : RP_CHAR_SEPARATOR;
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      if (g_unichar_isalpha (c))
        return RP_CHAR_CJK;
      break;
    default:
      break;
    }
  if (g_unichar_isalnum (c) || g_unichar_ismark (c))
    return RP_CHAR_WORD;
  return RP_CHAR_SEPARATOR;
}

char *
rp_normalise_text (const char *text,
                   gssize      length)
{
  const char *end = text + (length < 0 ? (gssize) strlen (text) : length);
  GString *out = g_string_sized_new (end - text);

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      guint n;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_unichar (out, 0xFFFD);
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      n = rp_normalise_char (c, folded);
      for (guint i = 0; i < n; i++)
        g_string_append_unichar (out, folded[i]);
    }
  return g_string_free (out, FALSE);
}

gunichar *
rp_normalise_chars (const char *text,
                    gsize      *n_chars,
                    guint     **origin)
{
  gsize size = strlen (text), capacity = size + RP_NORMALISE_MAX_CHARS, n = 0;
  const char *end = text + size;
  gunichar *chars = g_new (gunichar, capacity);
  guint *from = g_new (guint, capacity);

  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      guint start = p - text, k;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          folded[0] = 0;
          k = 1;
          p++;
        }
      else
        {
          p = g_utf8_next_char (p);
          k = rp_normalise_char (c, folded);
        }
      if (n + k > capacity)
        {
          /* Compatibility characters can unfold into more than their bytes. */
          capacity = 2 * capacity + k;
          chars = g_renew (gunichar, chars, capacity);
          from = g_renew (guint, from, capacity);
        }
      for (guint i = 0; i < k; i++)
        {
          chars[n] = folded[i];
          from[n++] = start;
        }
    }
  *n_chars = n;
  *origin = from;
  return chars;
}
