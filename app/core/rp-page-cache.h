/* rp-page-cache.h — rendered pages kept within a byte budget (LRU)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. Keys are (page, width in pixels): the width is the
 * scale, since every page's size in points is fixed. Small renders (at most
 * RP_PAGE_CACHE_LOW_RES_WIDTH wide: thumbnails and the low-resolution copy
 * shown for a page whose sharp render was evicted) live in their own LRU
 * list with a quarter of the budget, so big pages never push out the copies
 * that keep an evicted page from being blank. Together they never exceed
 * the budget.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define RP_PAGE_CACHE_LOW_RES_WIDTH 200

typedef struct _RpPageCache RpPageCache;

RpPageCache     *rp_page_cache_new          (guint64          budget_bytes);
void             rp_page_cache_free         (RpPageCache     *self);
guint64          rp_page_cache_get_budget   (RpPageCache     *self);
guint64          rp_page_cache_get_size     (RpPageCache     *self);
guint64          rp_page_cache_get_peak     (RpPageCache     *self);
guint            rp_page_cache_get_n_items  (RpPageCache     *self);
/* Bytes an image surface of this size takes. */
guint64          rp_page_cache_cost         (int              width,
                                             int              height);
/* Takes a reference. A surface bigger than its list's budget is not kept. */
void             rp_page_cache_insert       (RpPageCache     *self,
                                             guint            page,
                                             int              width,
                                             cairo_surface_t *surface);
/* (transfer none) (nullable): the exact render; marks it recently used. */
cairo_surface_t *rp_page_cache_lookup       (RpPageCache     *self,
                                             guint            page,
                                             int              width);
/* (transfer none) (nullable): the render of @page closest to @width (the
 * smallest wider one, else the widest narrower one). */
cairo_surface_t *rp_page_cache_lookup_best  (RpPageCache     *self,
                                             guint            page,
                                             int              width);
void             rp_page_cache_clear        (RpPageCache     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpPageCache, rp_page_cache_free)

G_END_DECLS
