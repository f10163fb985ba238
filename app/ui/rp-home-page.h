/* rp-home-page.h — the home page: the catalogue's top-level categories as tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-search-page.h"
#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_HOME_PAGE (rp_home_page_get_type ())
G_DECLARE_FINAL_TYPE (RpHomePage, rp_home_page, RP, HOME_PAGE, GtkWidget)

void rp_home_page_set_catalogue (RpHomePage  *self,
                                 RpCatalogue *catalogue);
/* Types @text into the search box (tests, and clearing it on idle) and
 * starts its search at once; its results follow (rp-search-page.h). */
void  rp_home_page_set_search_text      (RpHomePage *self,
                                         const char *text);
guint rp_home_page_get_n_search_results (RpHomePage *self);
/* (transfer none): the results shown while there is text to search. */
RpSearchPage *rp_home_page_get_search_page (RpHomePage *self);
/* Issue 6. (nullable): the entry the "how to request disclosure" button opens. */
const char *rp_home_page_get_guide_id      (RpHomePage *self);
const char *rp_home_page_get_search_text   (RpHomePage *self);
char       *rp_home_page_dup_search_query (RpHomePage *self);
/* (transfer none) */
GtkWidget  *rp_home_page_get_search_entry  (RpHomePage *self);

/* Home, and the wipe, show the page from its top. */
void        rp_home_page_scroll_to_top       (RpHomePage *self);
/* How far down the page is scrolled, in pixels (tests). */
double      rp_home_page_get_scroll_position (RpHomePage *self);

G_END_DECLS
