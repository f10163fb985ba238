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
/* Runs @text (filters are reset when the text changes). */
void     rp_search_page_set_text      (RpSearchPage *self,
                                       const char   *text);
guint    rp_search_page_get_n_results (RpSearchPage *self);

G_END_DECLS
