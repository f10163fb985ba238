/* rp-search-page.h — search results as you type: highlighted rows and facet chips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_SEARCH_PAGE (rp_search_page_get_type ())
G_DECLARE_FINAL_TYPE (RpSearchPage, rp_search_page, RP, SEARCH_PAGE, GtkWidget)

void     rp_search_page_set_catalogue (RpSearchPage *self,
                                       RpCatalogue  *catalogue);
/* Opens the catalogue's search and loads its tables in a worker thread, so
 * that the first keystroke does not wait for them (call it once the window
 * is on screen: it takes a core for about 100 ms). */
void     rp_search_page_prepare       (RpSearchPage *self);
/* Starts searching @text (filters are reset when the text changes). */
void     rp_search_page_set_text      (RpSearchPage *self,
                                       const char   *text);
guint    rp_search_page_get_n_results (RpSearchPage *self);
/* Whether the results shown are not yet those of the current text and
 * filters (the search runs in a worker thread; "results-shown" is emitted
 * when they are). */
gboolean rp_search_page_is_searching  (RpSearchPage *self);
/* Whether the count and facet chips are not yet those of the current text
 * and filters (they follow the results; "counts-shown" is emitted then). */
gboolean rp_search_page_is_counting   (RpSearchPage *self);

G_END_DECLS
