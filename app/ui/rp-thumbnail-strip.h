/* rp-thumbnail-strip.h — a row of page thumbnails; touching one goes there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"

G_BEGIN_DECLS

#define RP_TYPE_THUMBNAIL_STRIP (rp_thumbnail_strip_get_type ())
G_DECLARE_FINAL_TYPE (RpThumbnailStrip, rp_thumbnail_strip, RP, THUMBNAIL_STRIP, GtkWidget)

GtkWidget *rp_thumbnail_strip_new       (void);
/* @queue (nullable): the document whose pages to show. */
void       rp_thumbnail_strip_set_queue (RpThumbnailStrip *self,
                                         RpRenderQueue    *queue);
void       rp_thumbnail_strip_set_page  (RpThumbnailStrip *self,
                                         guint             page);

G_END_DECLS
