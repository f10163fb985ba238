/* rp-search-facet.h — one value of a facet (category, organ, year, genre) with its count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  RP_SEARCH_FACET_CATEGORY,
  RP_SEARCH_FACET_ORGAN,
  RP_SEARCH_FACET_YEAR,
  RP_SEARCH_FACET_GENRE,
} RpSearchFacetKind;

#define RP_TYPE_SEARCH_FACET (rp_search_facet_get_type ())
G_DECLARE_FINAL_TYPE (RpSearchFacet, rp_search_facet, RP, SEARCH_FACET, GObject)

RpSearchFacetKind  rp_search_facet_get_kind  (RpSearchFacet *self);
/* What a filter takes: category id, organ, year ("2023"), genre. */
const char        *rp_search_facet_get_value (RpSearchFacet *self);
/* What people read: the category's name, else the value. */
const char        *rp_search_facet_get_label (RpSearchFacet *self);
guint              rp_search_facet_get_count (RpSearchFacet *self);

G_END_DECLS
