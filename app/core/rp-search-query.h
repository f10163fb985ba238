/* rp-search-query.h — what a resident typed, turned into FTS5 expressions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The typed text is folded and cut into tokens exactly as documents are;
 * expressions are assembled only from those tokens, each inside double
 * quotes, so quotes, '*', AND, NEAR, '%' or '\'' in the input are searched
 * for (or dropped as separators), never interpreted.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RP_SEARCH_MAX_QUERY_CHARS 256

typedef struct
{
  /* FTS5 MATCH text for the literal tables, or NULL: nothing to search. */
  char      *expression;
  /* The same for search_text, which keeps no positions (detail=none): every
   * token of every phrase ANDed; rows then pass rp_search_query_check. */
  char      *text_expression;
  /* One per group: what rp_search_query_check looks for. */
  GPtrArray *phrases;
  /* Some phrase has several tokens: search_text rows need checking. */
  gboolean   text_check;
  /* FTS5 MATCH text for the pinyin table, or NULL: not pinyin-like. */
  char      *pinyin_expression;
  /* Folded runs (CJK runs, words) to highlight in snippets. */
  GPtrArray *needles;
  /* For highlighting pinyin hits. */
  GStrv      syllables;
  gboolean   last_syllable_is_prefix;
  char      *initials;
} RpSearchQuery;

/* Fails with RP_ERROR_INVALID_QUERY on invalid UTF-8 or input longer than
 * RP_SEARCH_MAX_QUERY_CHARS characters. */
RpSearchQuery *rp_search_query_parse (const char *text,
                                      GError    **error);
void           rp_search_query_free  (RpSearchQuery *query);

/* Whether @text (a field as stored) contains every phrase of @query at
 * consecutive token positions, exactly as a positional FTS5 phrase query
 * would decide; @tf (n = query->phrases->len) receives each phrase's count
 * of occurrences, @length the text's length in tokens (for ranking), and
 * @first_match the byte offset of the first occurrence of the first phrase
 * (for the snippet). */
gboolean       rp_search_query_check (const RpSearchQuery *query,
                                      const char          *text,
                                      guint               *tf,
                                      guint               *length,
                                      guint               *first_match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSearchQuery, rp_search_query_free)

G_END_DECLS
