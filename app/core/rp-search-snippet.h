/* rp-search-snippet.h — where the query occurs in a text, for highlighting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works on the original text and reports byte ranges in it, folding as the
 * tokenizer does, so a Traditional query highlights Simplified text (and
 * the reverse) exactly where the index matched.
 */
#pragma once

#include <glib.h>

#include "rp-search-query.h"

G_BEGIN_DECLS

/* A highlighted piece of text: @text and, in @ranges, pairs of guint byte
 * offsets (start, end) into it, sorted and disjoint. */
typedef struct
{
  char   *text;
  GArray *ranges;
} RpSnippet;

void       rp_snippet_free             (RpSnippet *snippet);
/* (transfer full) (nullable): NULL if no needle of @query occurs in @text. */
RpSnippet *rp_snippet_find             (const char          *text,
                                        const RpSearchQuery *query);
/* (transfer full): like rp_snippet_find, but always a snippet; @context
 * characters before the first match (and about three times that after);
 * 0: the whole text. Line breaks become spaces. */
RpSnippet *rp_snippet_cut              (const char          *text,
                                        const RpSearchQuery *query,
                                        guint                context);
/* (transfer full) (nullable): the first run of characters of @text whose
 * readings spell the query's pinyin (syllables or initials). */
RpSnippet *rp_snippet_find_pinyin      (const char          *text,
                                        const RpSearchQuery *query);
/* (transfer full): @snippet->text with each range wrapped in @open/@close,
 * every piece passed through @escape (may be NULL). */
char      *rp_snippet_format           (const RpSnippet     *snippet,
                                        const char          *open,
                                        const char          *close,
                                        char              *(*escape) (const char *, gssize));

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSnippet, rp_snippet_free)

G_END_DECLS
