/* rp-category-tile.h — a touch-sized button for one category, with its count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

/* Activates nav.category with the category's id. @large: a home-page tile,
 * otherwise a compact chip for sub-categories. */
GtkWidget *rp_category_tile_new (RpCategory *category,
                                 gboolean    large);

G_END_DECLS
