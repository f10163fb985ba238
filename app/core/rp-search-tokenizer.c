/* rp-search-tokenizer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <math.h>
#include <string.h>

#include "rp-error.h"
#include "rp-search-tokenizer.h"
#include "rp-text-normaliser.h"


/* A word longer than this is not something anyone types; it is truncated
 * identically at index and query time. */
#define MAX_TOKEN_BYTES 128

typedef struct
{
  gboolean pretokenized;
} Tokenizer;

typedef struct
{
  RpTokenFunc emit;
  gpointer    data;
  /* the word being collected */
  char        word[MAX_TOKEN_BYTES + 8];
  gsize       word_len;
  gsize       word_start;
  gsize       word_end;
  /* the CJK character waiting for its successor */
  char        cjk[8];
  gsize       cjk_len;
  gsize       cjk_start;
  gsize       cjk_end;
  gboolean    stop;
} State;

static void
flush_word (State *s)
{
  if (s->word_len > 0 && !s->stop)
    s->stop = !s->emit (s->word, s->word_len, FALSE, s->word_start, s->word_end, s->data);
  s->word_len = 0;
}

static void
flush_cjk (State *s)
{
  if (s->cjk_len > 0 && !s->stop)
    s->stop = !s->emit (s->cjk, s->cjk_len, FALSE, s->cjk_start, s->cjk_end, s->data);
  s->cjk_len = 0;
}

gboolean
rp_search_tokenize (const char *text,
                    gsize       length,
                    RpTokenFunc emit,
                    gpointer    user_data)
{
  State s = { 0 };
  const char *end = text + length;

  s.emit = emit;
  s.data = user_data;

  for (const char *p = text; p < end && !s.stop;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      gsize start = p - text;
      guint n;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Invalid bytes separate tokens; they never join one. */
          flush_word (&s);
          flush_cjk (&s);
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      n = rp_normalise_char (c, folded);
      for (guint i = 0; i < n && !s.stop; i++)
        {
          switch (rp_char_class (folded[i]))
            {
            case RP_CHAR_CJK:
              {
                char utf8[8];
                int len = g_unichar_to_utf8 (folded[i], utf8);

                flush_word (&s);
                if (s.cjk_len > 0)
                  {
                    char bigram[16];
                    gsize prev_len = s.cjk_len;
                    gsize prev_start = s.cjk_start;

                    memcpy (bigram, s.cjk, prev_len);
                    memcpy (bigram + prev_len, utf8, len);
                    /* The unigram opens the position, the bigram shares it. */
                    flush_cjk (&s);
                    if (!s.stop)
                      s.stop = !emit (bigram, prev_len + len, TRUE, prev_start, p - text, user_data);
                  }
                memcpy (s.cjk, utf8, len);
                s.cjk_len = len;
                s.cjk_start = start;
                s.cjk_end = p - text;
              }
              break;

            case RP_CHAR_WORD:
              flush_cjk (&s);
              if (s.word_len == 0)
                s.word_start = start;
              if (s.word_len + 6 <= MAX_TOKEN_BYTES)
                s.word_len += g_unichar_to_utf8 (folded[i], s.word + s.word_len);
              s.word_end = p - text;
              break;

            case RP_CHAR_SEPARATOR:
            default:
              flush_word (&s);
              flush_cjk (&s);
              break;
            }
        }
    }
  flush_word (&s);
  flush_cjk (&s);
  return !s.stop;
}

/* --- FTS5 glue ------------------------------------------------------------ */

typedef struct
{
  void *ctx;
  int (*x_token) (void *, int, const char *, int, int, int);
  int   rc;
} Fts5Emit;

static gboolean
emit_to_fts5 (const char *token,
              gsize       length,
              gboolean    colocated,
              gsize       start,
              gsize       end,
              gpointer    user_data)
{
  Fts5Emit *e = user_data;

  e->rc = e->x_token (e->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, token, (int) length,
                      (int) start, (int) end);
  return e->rc == SQLITE_OK;
}

static int
tokenizer_create (void            *user_data,
                  const char     **args,
                  int              n_args,
                  Fts5Tokenizer  **out)
{
  Tokenizer *t = g_new0 (Tokenizer, 1);

  for (int i = 0; i < n_args; i++)
    {
      if (g_str_equal (args[i], "pretokenized"))
        t->pretokenized = TRUE;
      else
        {
          g_free (t);
          return SQLITE_ERROR;
        }
    }
  *out = (Fts5Tokenizer *) t;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
  g_free (tokenizer);
}

/* Splits on @separator; within a piece, '|' separates colocated tokens
 * when @alternatives is set. */
static int
split_tokens (const char *text,
              int         length,
              gboolean    alternatives,
              Fts5Emit   *e)
{
  int i = 0;

  while (i < length)
    {
      int start, first = TRUE;

      while (i < length && text[i] == ' ')
        i++;
      if (i >= length)
        break;
      start = i;
      while (i <= length)
        {
          if (i == length || text[i] == ' ' || (alternatives && text[i] == '|'))
            {
              if (i > start)
                {
                  e->rc = e->x_token (e->ctx, first ? 0 : FTS5_TOKEN_COLOCATED, text + start,
                                      MIN (i - start, MAX_TOKEN_BYTES), start, i);
                  if (e->rc != SQLITE_OK)
                    return e->rc;
                  first = FALSE;
                }
              if (i == length || text[i] == ' ')
                break;
              start = i + 1;
            }
          i++;
        }
    }
  return SQLITE_OK;
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *ctx,
                    int            flags,
                    const char    *text,
                    int            length,
                    int (*x_token) (void *, int, const char *, int, int, int))
{
  Tokenizer *t = (Tokenizer *) tokenizer;
  Fts5Emit e = { ctx, x_token, SQLITE_OK };

  if (text == NULL || length <= 0)
    return SQLITE_OK;
  /* Query strings are token lists made by rp-search-query.c. */
  if (flags & FTS5_TOKENIZE_QUERY)
    return split_tokens (text, length, FALSE, &e);
  if (t->pretokenized)
    return split_tokens (text, length, TRUE, &e);
  rp_search_tokenize (text, length, emit_to_fts5, &e);
  return e.rc;
}

/* --- rp_bm25 ---------------------------------------------------------------- */

/* FTS5's bm25 (same k1, b, column weights and length normalisation), with
 * one difference: FTS5 computes each phrase's IDF by running the phrase
 * over the whole table first (xQueryPhrase), which costs as much as the
 * query it ranks at 200,000 entries. With a single phrase, the IDF is the
 * same positive factor for every row, so it cannot change the order: it is
 * only computed when the query has several phrases. rp_bm25_tf never
 * computes it: in the pinyin table the phrases are two readings of the same
 * typed letters (syllables OR initials), where an IDF would only say which
 * reading is rarer, for two passes over the whole table. */
typedef struct
{
  int     n_phrases;
  double  avgdl;
  double *idf;
  double *freq;
} Bm25Data;

static int
count_hit (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           void                   *user_data)
{
  (*(sqlite3_int64 *) user_data)++;
  return SQLITE_OK;
}

static void
bm25_data_free (void *data)
{
  Bm25Data *d = data;

  g_free (d->idf);
  g_free (d->freq);
  g_free (d);
}

static int
bm25_data (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           Bm25Data              **out)
{
  Bm25Data *d = api->xGetAuxdata (fts, 0);
  sqlite3_int64 n_rows = 0, n_tokens = 0;
  int rc;

  if (d != NULL)
    {
      *out = d;
      return SQLITE_OK;
    }
  d = g_new0 (Bm25Data, 1);
  d->n_phrases = api->xPhraseCount (fts);
  d->idf = g_new (double, MAX (d->n_phrases, 1));
  d->freq = g_new0 (double, MAX (d->n_phrases, 1));
  rc = api->xRowCount (fts, &n_rows);
  if (rc == SQLITE_OK)
    rc = api->xColumnTotalSize (fts, -1, &n_tokens);
  d->avgdl = n_rows > 0 ? MAX ((double) n_tokens / n_rows, 1.0) : 1.0;
  for (int i = 0; i < d->n_phrases && rc == SQLITE_OK; i++)
    {
      sqlite3_int64 hits = 0;

      d->idf[i] = 1.0;
      if (d->n_phrases == 1 || api->xUserData (fts) != NULL)
        continue;
      rc = api->xQueryPhrase (fts, i, &hits, count_hit);
      d->idf[i] = log (((double) (n_rows - hits) + 0.5) / ((double) hits + 0.5));
      if (d->idf[i] <= 0.0)
        d->idf[i] = 1e-6;
    }
  if (rc == SQLITE_OK)
    rc = api->xSetAuxdata (fts, d, bm25_data_free);
  if (rc != SQLITE_OK)
    {
      bm25_data_free (d);
      return rc;
    }
  *out = d;
  return SQLITE_OK;
}

static void
rp_bm25 (const Fts5ExtensionApi *api,
         Fts5Context            *fts,
         sqlite3_context        *context,
         int                     n_values,
         sqlite3_value         **values)
{
  const double k1 = 1.2, b = 0.75;
  Bm25Data *d = NULL;
  int rc = bm25_data (api, fts, &d), n_inst = 0, n_tokens = 0;
  double score = 0.0;

  if (rc == SQLITE_OK)
    rc = api->xInstCount (fts, &n_inst);
  if (rc == SQLITE_OK)
    memset (d->freq, 0, sizeof (double) * MAX (d->n_phrases, 1));
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK)
        d->freq[phrase] += n_values > column ? sqlite3_value_double (values[column]) : 1.0;
    }
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &n_tokens);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }
  for (int i = 0; i < d->n_phrases; i++)
    score += d->idf[i] * (d->freq[i] * (k1 + 1.0)) /
             (d->freq[i] + k1 * (1 - b + b * n_tokens / d->avgdl));
  sqlite3_result_double (context, -score);
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

gboolean
rp_search_tokenizer_register (sqlite3 *db,
                              GError **error)
{
  static fts5_tokenizer tokenizer = { tokenizer_create, tokenizer_delete, tokenizer_tokenize };
  fts5_api *api = get_fts5_api (db);

  if (api == NULL || api->iVersion < 2)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_DATABASE,
                           "This SQLite has no FTS5 full-text search");
      return FALSE;
    }
  if (api->xCreateTokenizer (api, "rp", NULL, &tokenizer, NULL) != SQLITE_OK ||
      api->xCreateFunction (api, "rp_bm25", NULL, rp_bm25, NULL) != SQLITE_OK ||
      api->xCreateFunction (api, "rp_bm25_tf", (void *) "tf", rp_bm25, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot register the search tokenizer: %s",
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}
