/* rp-search-tokenizer.h — the FTS5 tokenizer "rp" behind every search table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Documents: text is folded (rp-text-normaliser.h); alphabetic words and
 * numbers become one token each; every CJK character takes one position
 * and emits its unigram there plus, colocated, the bigram it starts with
 * the next CJK character. A 1-character query is then one unigram lookup,
 * a 2-character query one bigram lookup, and a longer one a phrase of
 * overlapping bigrams, which matches exactly where the folded text
 * contains the query (bigram i sits at the position of character i).
 *
 * With the argument "pretokenized" (tokenize='rp pretokenized') a document
 * is a list of positions separated by spaces, each a '|'-separated list of
 * colocated tokens: the pinyin table is written that way.
 *
 * Queries: the MATCH text is split on spaces only and each piece is one
 * token. Queries are built by rp-search-query.c from already folded
 * tokens, never from user text, so no user input is ever FTS5 syntax.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean rp_search_tokenizer_register (sqlite3 *db,
                                       GError **error);

/* Calls @emit for each document token of @text as the tokenizer would;
 * offsets are byte offsets into @text. Returns FALSE if @emit did. */
typedef gboolean (*RpTokenFunc) (const char *token,
                                 gsize       length,
                                 gboolean    colocated,
                                 gsize       start,
                                 gsize       end,
                                 gpointer    user_data);
gboolean rp_search_tokenize           (const char *text,
                                       gsize       length,
                                       RpTokenFunc emit,
                                       gpointer    user_data);

G_END_DECLS
