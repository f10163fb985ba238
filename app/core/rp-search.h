/* rp-search.h — catalogue search: ranked results with snippets, and facets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ranking is by tiers, each walked newest first and stopped early:
 * title/keywords/document number, then title pinyin, then summary and
 * issuing body, then the full text (body and PDF pages). Within a tier the
 * newest matches (at least 100, or five times what is still needed) are
 * ordered by bm25 with field weights, ties newest first. An entry appears
 * once, at its best tier. Words separated by spaces or punctuation must all
 * occur in the same tier (the full text: in the same body or page).
 *
 * Not thread-safe: an RpSearch is used by one thread at a time (it owns its
 * own read-only connection, so a worker thread can search while the UI reads
 * the catalogue). Only the options' cancellable may be cancelled from another
 * thread. To search off the main thread, use RpSearchRunner
 * (rp-search-runner.h), which owns one RpSearch and the thread it serves.
 */
#pragma once

#include <gio/gio.h>

#include "rp-search-facet.h"
#include "rp-search-result.h"

G_BEGIN_DECLS

#define RP_SEARCH_DEFAULT_LIMIT 20
/* Facet counts stop at this many matching entries (then marked inexact). */
#define RP_SEARCH_FACET_CAP     20000

typedef struct
{
  guint         limit;       /* 0: RP_SEARCH_DEFAULT_LIMIT; G_MAXUINT: every match */
  const char   *category;    /* filters; NULL or 0: any */
  const char   *organ;
  const char   *genre;
  guint         year;
  /* Nullable. Cancelled (from any thread), the call stops within a few
   * thousand SQLite instructions and fails with G_IO_ERROR_CANCELLED. */
  GCancellable *cancellable;
} RpSearchOptions;

#define RP_TYPE_SEARCH (rp_search_get_type ())
G_DECLARE_FINAL_TYPE (RpSearch, rp_search, RP, SEARCH, GObject)

RpSearch   *rp_search_open   (const char            *db_path,
                              GError               **error);
/* Builds what the first search of the process would otherwise build while a
 * resident waits: the script-folding tables (OpenCC's) and the pinyin
 * readings, about 100 ms together. Optional. */
void        rp_search_prepare (RpSearch              *self);
/* (transfer full): RpSearchResult items, best first. Fails only with
 * RP_ERROR_INVALID_QUERY (bad input), RP_ERROR_DATABASE or
 * G_IO_ERROR_CANCELLED. */
GListModel *rp_search_run    (RpSearch              *self,
                              const char            *text,
                              const RpSearchOptions *options,
                              GError               **error);
/* (transfer full): RpSearchFacet items of every matching entry (filters
 * applied), each kind by count, largest first. @out_n_matches: how many
 * entries match; @out_exact: FALSE when RP_SEARCH_FACET_CAP cut counting. */
GListModel *rp_search_facets (RpSearch              *self,
                              const char            *text,
                              const RpSearchOptions *options,
                              guint                 *out_n_matches,
                              gboolean              *out_exact,
                              GError               **error);

G_END_DECLS
