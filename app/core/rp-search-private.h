/* rp-search-private.h — the layouts rp-search.c fills in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rp-search-facet.h"
#include "rp-search-result.h"
#include "rp-search-snippet.h"

G_BEGIN_DECLS

struct _RpSearchResult
{
  GObject        parent_instance;
  char          *id;
  char          *title;
  char          *date;
  char          *organ;
  char          *category;
  RpSearchField  field;
  double         score;
  int            attachment;
  guint          page;
  RpSnippet     *title_snippet;   /* nullable: nothing to highlight */
  RpSnippet     *snippet;         /* nullable */
};

struct _RpSearchFacet
{
  GObject            parent_instance;
  RpSearchFacetKind  kind;
  char              *value;
  char              *label;
  guint              count;
};

G_END_DECLS
