/* rp-category-page.h — one category: its sub-categories and its entries, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_CATEGORY_PAGE (rp_category_page_get_type ())
G_DECLARE_FINAL_TYPE (RpCategoryPage, rp_category_page, RP, CATEGORY_PAGE, GtkWidget)

void        rp_category_page_show        (RpCategoryPage *self,
                                          RpCatalogue    *catalogue,
                                          RpCategory     *category);
/* (transfer none): the entries listed, for tests and the idle reset. */
GListModel *rp_category_page_get_entries (RpCategoryPage *self);
/* Issue 13: where the resident had scrolled the list to, and back there
 * when they return from an entry and the page is shown again. */
double      rp_category_page_get_scroll_position     (RpCategoryPage *self);
void        rp_category_page_restore_scroll_position (RpCategoryPage *self,
                                                      double          position);

G_END_DECLS
