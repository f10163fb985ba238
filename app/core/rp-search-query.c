/* rp-search-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-error.h"
#include "rp-pinyin.h"
#include "rp-search-query.h"
#include "rp-search-tokenizer.h"
#include "rp-text-normaliser.h"

/* Initials queries longer than this are not typed by anyone; the phrase
 * would only cost time. */
#define MAX_INITIALS 16

typedef struct
{
  GString  *token;     /* the position's first token (unigram or word) */
  GString  *bigram;    /* its colocated bigram, if any */
  gboolean  is_word;
} Position;

/* One group as rp_search_query_check looks for it. */
typedef struct
{
  GPtrArray *tokens;   /* at consecutive positions */
  gboolean   prefix;   /* the last token is a prefix */
  gunichar  *chars;    /* CJK-only group: its folded characters, else NULL */
  guint      n_chars;
} Phrase;

static void
phrase_free (Phrase *p)
{
  g_ptr_array_unref (p->tokens);
  g_free (p->chars);
  g_free (p);
}

static void
position_free (Position *p)
{
  g_string_free (p->token, TRUE);
  g_string_free (p->bigram, TRUE);
  g_free (p);
}

static gboolean
collect_position (const char *token,
                  gsize       length,
                  gboolean    colocated,
                  gsize       start,
                  gsize       end,
                  gpointer    user_data)
{
  GPtrArray *positions = user_data;

  if (colocated)
    {
      Position *p = g_ptr_array_index (positions, positions->len - 1);
      g_string_append_len (p->bigram, token, length);
    }
  else
    {
      Position *p = g_new0 (Position, 1);
      gunichar first = g_utf8_get_char (token);

      p->token = g_string_new_len (token, length);
      p->bigram = g_string_new (NULL);
      p->is_word = rp_char_class (first) != RP_CHAR_CJK;
      g_ptr_array_add (positions, p);
    }
  return TRUE;
}

static void
append_quoted (GString    *out,
               const char *token)
{
  for (const char *p = token; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
}

/* One group (text between separators) → one FTS5 phrase whose tokens sit
 * at consecutive positions exactly where the folded group occurs: the
 * bigram of each position (or its unigram/word where there is none), except
 * a final character already covered by the bigram before it. */
static gboolean
append_group (RpSearchQuery *query,
              GString       *expression,
              GString       *text_expression,
              const char    *group,
              gsize          length,
              gboolean       prefix)
{
  g_autoptr(GPtrArray) positions = g_ptr_array_new_with_free_func ((GDestroyNotify) position_free);
  Phrase *phrase;
  gboolean cjk_only = TRUE;
  guint n;
  gboolean first = TRUE;

  rp_search_tokenize (group, length, collect_position, positions);
  n = positions->len;
  if (n == 0)
    return FALSE;
  phrase = g_new0 (Phrase, 1);
  phrase->tokens = g_ptr_array_new_with_free_func (g_free);
  phrase->chars = g_new (gunichar, n);
  for (guint i = 0; i < n; i++)
    {
      Position *p = g_ptr_array_index (positions, i);
      if (p->is_word)
        cjk_only = FALSE;
      else
        phrase->chars[phrase->n_chars++] = g_utf8_get_char (p->token->str);
    }
  if (!cjk_only)
    g_clear_pointer (&phrase->chars, g_free);
  if (n > 1)
    {
      Position *last = g_ptr_array_index (positions, n - 1);
      Position *before = g_ptr_array_index (positions, n - 2);
      if (!last->is_word && before->bigram->len > 0)
        n--;
    }

  if (expression->len > 0)
    g_string_append (expression, " AND ");
  g_string_append_c (expression, '"');
  for (guint i = 0; i < n; i++)
    {
      Position *p = g_ptr_array_index (positions, i);

      const char *token = p->bigram->len > 0 ? p->bigram->str : p->token->str;

      if (!first)
        g_string_append_c (expression, ' ');
      append_quoted (expression, token);
      g_ptr_array_add (phrase->tokens, g_strdup (token));
      if (text_expression->len > 0)
        g_string_append (text_expression, " AND ");
      g_string_append_c (text_expression, '"');
      append_quoted (text_expression, token);
      g_string_append_c (text_expression, '"');
      first = FALSE;
    }
  g_string_append_c (expression, '"');
  if (prefix && ((Position *) g_ptr_array_index (positions, n - 1))->is_word)
    {
      g_string_append (expression, " *");
      g_string_append (text_expression, " *");
      phrase->prefix = TRUE;
    }
  if (phrase->tokens->len > 1)
    query->text_check = TRUE;
  g_ptr_array_add (query->phrases, phrase);
  return TRUE;
}

/* The pinyin table's expression: the phrase of @syllables (transfer
 * full, nullable; the last a prefix when @prefix), or the phrase of the
 * initial bigrams of @initials (one letter per character). */
static char *
pinyin_expression (RpSearchQuery *query,
                   GStrv          syllables,
                   gboolean       prefix,
                   const char    *initials)
{
  GString *out = g_string_new (NULL);
  gsize n = initials != NULL ? strlen (initials) : 0;

  query->syllables = syllables;
  query->last_syllable_is_prefix = prefix;
  if (query->syllables != NULL)
    {
      g_autofree char *joined = g_strjoinv (" ", query->syllables);
      g_string_append_printf (out, "\"%s\"%s", joined, prefix ? " *" : "");
    }
  if (n >= 2 && n <= MAX_INITIALS)
    {
      query->initials = g_strdup (initials);
      if (out->len > 0)
        g_string_append (out, " OR ");
      g_string_append_c (out, '"');
      for (gsize i = 0; i + 1 < n; i++)
        g_string_append_printf (out, "%s^%c%c", i > 0 ? " " : "", initials[i], initials[i + 1]);
      g_string_append_c (out, '"');
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Chinese characters followed by pinyin still being converted (垃圾fenlei,
 * what the on-screen keyboard searches while a composition is pending)
 * are one pinyin phrase: each character spelt by its first reading, which
 * the index holds at every occurrence of that character (rp-pinyin.c), the
 * letters segmented as a pinyin query is; or, letters that are no
 * syllables (垃圾fl), initials. FALSE unless @text is such characters and
 * letters only, both present. @syllables: (transfer full) (nullable). */
static gboolean
mixed_pinyin (const char *text,
              GStrv      *syllables_out,
              gboolean   *prefix,
              GString    *initials)
{
  g_autoptr(GPtrArray) syllables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) letters = g_string_new (NULL);
  gboolean has_cjk = FALSE, spelt = TRUE;

  *prefix = FALSE;
  *syllables_out = NULL;
  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      guint n = *p ? rp_normalise_char (g_utf8_get_char (p), folded) : 0;

      for (guint i = 0; i < n; i++)
        if (folded[i] < 0x80 && g_ascii_isalpha (folded[i]))
          {
            g_string_append_c (letters, g_ascii_tolower (folded[i]));
            g_string_append_c (initials, g_ascii_tolower (folded[i]));
          }
      /* A run of letters ends at a character or at the end of the text. */
      if (letters->len > 0 && (n == 0 || !(folded[0] < 0x80 && g_ascii_isalpha (folded[0]))))
        {
          gboolean last = *p == '\0';
          g_auto(GStrv) run = rp_pinyin_segment (letters->str, prefix);

          if (run == NULL || (*prefix && !last))
            spelt = FALSE;
          for (guint k = 0; run != NULL && run[k]; k++)
            g_ptr_array_add (syllables, g_strdup (run[k]));
          g_string_truncate (letters, 0);
        }
      if (*p == '\0')
        break;
      for (guint i = 0; i < n; i++)
        {
          const char *readings;

          if ((folded[i] < 0x80 && g_ascii_isalpha (folded[i])) || rp_char_class (folded[i]) == RP_CHAR_SEPARATOR)
            continue;
          readings = rp_char_class (folded[i]) == RP_CHAR_CJK ? rp_pinyin_get_readings (folded[i]) : NULL;
          if (readings == NULL)
            return FALSE;
          g_ptr_array_add (syllables, g_strndup (readings, strcspn (readings, " ")));
          g_string_append_c (initials, readings[0]);
          has_cjk = TRUE;
        }
    }
  if (!has_cjk || initials->len == 0)
    return FALSE;
  if (spelt)
    {
      g_ptr_array_add (syllables, NULL);
      *syllables_out = (GStrv) g_ptr_array_free (g_steal_pointer (&syllables), FALSE);
    }
  return TRUE;
}

RpSearchQuery *
rp_search_query_parse (const char *text,
                       GError    **error)
{
  g_autoptr(RpSearchQuery) query = g_new0 (RpSearchQuery, 1);
  g_autoptr(GString) expression = g_string_new (NULL);
  g_autoptr(GString) text_expression = g_string_new (NULL);
  g_autoptr(GString) letters = g_string_new (NULL);
  g_autoptr(GString) run = g_string_new (NULL);
  RpCharClass run_class = RP_CHAR_SEPARATOR;
  gboolean pinyin_like = TRUE;
  const char *group_start = NULL;
  gsize n_chars = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_INVALID_QUERY,
                           "The search text is not valid UTF-8");
      return NULL;
    }
  if (g_utf8_strlen (text, -1) > RP_SEARCH_MAX_QUERY_CHARS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY,
                   "The search text is longer than %d characters", RP_SEARCH_MAX_QUERY_CHARS);
      return NULL;
    }
  query->needles = g_ptr_array_new_with_free_func (g_free);
  query->phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) phrase_free);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      guint n;
      gboolean has_token = FALSE;

      if (*p == '\0')
        {
          /* The last group is still being typed: its last word is a prefix. */
          if (group_start != NULL)
            append_group (query, expression, text_expression, group_start, p - group_start, TRUE);
          break;
        }
      n = rp_normalise_char (g_utf8_get_char (p), folded);
      for (guint i = 0; i < n; i++)
        {
          RpCharClass class = rp_char_class (folded[i]);

          if (class != run_class && run->len > 0)
            {
              g_ptr_array_add (query->needles, g_strdup (run->str));
              g_string_truncate (run, 0);
            }
          run_class = class;
          if (class == RP_CHAR_SEPARATOR)
            continue;
          has_token = TRUE;
          g_string_append_unichar (run, folded[i]);
          if (folded[i] < 0x80 && g_ascii_isalpha (folded[i]))
            g_string_append_c (letters, (char) folded[i]);
          else
            pinyin_like = FALSE;
          n_chars++;
        }
      /* A group is the original text between separators; the tokenizer
       * folds it again, exactly as it folds documents. Only a character
       * that folds to separators alone ends a group: one that folds to a
       * separator and word characters (½ → 1⁄2, ℅ → c/o) stays inside it,
       * so the tokenizer splits it where it splits it in documents, and its
       * word characters join the words beside it there as here. */
      if (n > 0 && !has_token)
        {
          if (group_start != NULL)
            append_group (query, expression, text_expression, group_start, p - group_start, FALSE);
          group_start = NULL;
        }
      else if (group_start == NULL && n > 0)
        group_start = p;
    }
  if (run->len > 0)
    g_ptr_array_add (query->needles, g_strdup (run->str));

  if (expression->len > 0)
    {
      query->expression = g_strdup (expression->str);
      query->text_expression = g_strdup (text_expression->str);
    }
  if (pinyin_like && letters->len >= 2)
    {
      gboolean prefix = FALSE;
      GStrv syllables = rp_pinyin_segment (letters->str, &prefix);

      query->pinyin_expression = pinyin_expression (query, syllables, prefix, letters->str);
    }
  else if (letters->len > 0)
    {
      g_autoptr(GString) initials = g_string_new (NULL);
      gboolean prefix = FALSE;
      GStrv syllables = NULL;

      if (mixed_pinyin (text, &syllables, &prefix, initials))
        query->pinyin_expression = pinyin_expression (query, syllables, prefix, initials->str);
    }
  return g_steal_pointer (&query);
}

void
rp_search_query_free (RpSearchQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->expression);
  g_free (query->text_expression);
  g_clear_pointer (&query->phrases, g_ptr_array_unref);
  g_free (query->pinyin_expression);
  g_clear_pointer (&query->needles, g_ptr_array_unref);
  g_strfreev (query->syllables);
  g_free (query->initials);
  g_free (query);
}

/* --- checking a candidate row ---------------------------------------------- */

/* Every group CJK-only (the usual case): a phrase of bigrams matches exactly
 * where its characters follow each other in the folded text, since any two
 * adjacent CJK characters form a bigram. Folding is a table lookup per
 * character, so this is a few microseconds per page of text. */
static gboolean
check_cjk (const RpSearchQuery *query,
           const char          *text,
           guint               *tf,
           guint               *length,
           guint               *first_match)
{
  g_autofree guint *origin = NULL;
  gsize n;
  g_autofree gunichar *chars = rp_normalise_chars (text, &n, &origin);
  gboolean all = TRUE;

  *length = n;
  for (guint i = 0; i < query->phrases->len; i++)
    {
      const Phrase *phrase = g_ptr_array_index (query->phrases, i);
      guint m = phrase->n_chars, count = 0;

      for (guint at = 0; at + m <= n; at++)
        {
          guint j = 0;

          while (j < m && chars[at + j] == phrase->chars[j])
            j++;
          if (j == m)
            {
              if (count++ == 0 && i == 0)
                *first_match = origin[at];
            }
        }
      tf[i] = count;
      if (count == 0)
        {
          all = FALSE;
          break;
        }
    }
  return all;
}

typedef struct
{
  GPtrArray *tokens;  /* char *, position i's tokens at [2i] and [2i+1] (or NULL) */
  GArray    *starts;  /* guint byte offset of position i */
} Positions;

static gboolean
collect_token (const char *token,
               gsize       length,
               gboolean    colocated,
               gsize       start,
               gsize       end,
               gpointer    user_data)
{
  Positions *p = user_data;
  char *copy = g_strndup (token, length);

  if (colocated && p->tokens->len > 0)
    {
      g_free (g_ptr_array_index (p->tokens, p->tokens->len - 1));
      p->tokens->pdata[p->tokens->len - 1] = copy;
    }
  else
    {
      guint at = start;
      g_ptr_array_add (p->tokens, copy);
      g_ptr_array_add (p->tokens, NULL);
      g_array_append_val (p->starts, at);
    }
  return TRUE;
}

static gboolean
token_matches (const char *have,
               const char *want,
               gboolean    prefix)
{
  return have != NULL && (prefix ? g_str_has_prefix (have, want) : strcmp (have, want) == 0);
}

/* Anything else: the text's own tokens, compared position by position. */
static gboolean
check_tokens (const RpSearchQuery *query,
              const char          *text,
              guint               *tf,
              guint               *length,
              guint               *first_match)
{
  Positions p = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint n;
  gboolean all = TRUE;

  rp_search_tokenize (text, strlen (text), collect_token, &p);
  n = p.starts->len;
  *length = n;
  for (guint i = 0; i < query->phrases->len; i++)
    {
      const Phrase *phrase = g_ptr_array_index (query->phrases, i);
      guint m = phrase->tokens->len, count = 0;

      for (guint at = 0; at + m <= n; at++)
        {
          guint j;

          for (j = 0; j < m; j++)
            {
              const char *want = g_ptr_array_index (phrase->tokens, j);
              gboolean prefix = phrase->prefix && j + 1 == m;

              if (!token_matches (g_ptr_array_index (p.tokens, 2 * (at + j)), want, prefix) &&
                  !token_matches (g_ptr_array_index (p.tokens, 2 * (at + j) + 1), want, prefix))
                break;
            }
          if (j == m && count++ == 0 && i == 0)
            *first_match = g_array_index (p.starts, guint, at);
        }
      tf[i] = count;
      if (count == 0)
        {
          all = FALSE;
          break;
        }
    }
  g_ptr_array_unref (p.tokens);
  g_array_unref (p.starts);
  return all;
}

gboolean
rp_search_query_check (const RpSearchQuery *query,
                       const char          *text,
                       guint               *tf,
                       guint               *length,
                       guint               *first_match)
{
  *length = 0;
  *first_match = 0;
  if (text == NULL || query->phrases->len == 0)
    return FALSE;
  for (guint i = 0; i < query->phrases->len; i++)
    if (((Phrase *) g_ptr_array_index (query->phrases, i))->chars == NULL)
      return check_tokens (query, text, tf, length, first_match);
  return check_cjk (query, text, tf, length, first_match);
}
