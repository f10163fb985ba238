/* rp-thumbnailer.h — an attachment's thumbnail, from the preview cache or drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI's side of rp-preview-cache.h: given an attachment, what the cache
 * knows of its thumbnail (at once), and the thumbnail drawn and kept when
 * it does not know (off the main thread: a PDF on a render queue, with its
 * time limit; an image decoded at RP_PREVIEW_THUMB_WIDTH on a thread). A
 * file that cannot be drawn is remembered in the cache; one that timed out
 * only by this thumbnailer (a time-out may be the machine's load), so it is
 * not tried again while the thumbnailer lives.
 *
 * Main thread.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

/* What to do for a thumbnail the cache does not hold (or holds unreadable). */
typedef enum
{
  RP_THUMBNAIL_NONE,    /* no bytes on this terminal, or no hash to keep it under */
  RP_THUMBNAIL_DAMAGED, /* the file cannot be drawn (remembered, or timed out here) */
  RP_THUMBNAIL_DRAW,    /* rp_thumbnailer_draw_async() draws and keeps it */
} RpThumbnailState;

#define RP_TYPE_THUMBNAILER (rp_thumbnailer_get_type ())
G_DECLARE_FINAL_TYPE (RpThumbnailer, rp_thumbnailer, RP, THUMBNAILER, GObject)

RpThumbnailer    *rp_thumbnailer_new         (void);
/* Reads nothing but the cache's folder: @out_cached (transfer full) is the
 * thumbnail's PNG when the cache holds it, else NULL; the state says what to
 * do when there is none or it cannot be read. */
RpThumbnailState  rp_thumbnailer_lookup      (RpThumbnailer        *self,
                                              RpAttachment         *attachment,
                                              char                **out_cached);
/* Draws the thumbnail of @attachment (state RP_THUMBNAIL_DRAW) and keeps it,
 * or why it cannot be drawn, in the preview cache. Cancelling keeps nothing
 * and reports G_IO_ERROR_CANCELLED. */
void              rp_thumbnailer_draw_async  (RpThumbnailer        *self,
                                              RpAttachment         *attachment,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* (transfer full): the thumbnail, an ARGB32 image surface; NULL with an
 * RP_ERROR when the file cannot be drawn, or G_IO_ERROR_CANCELLED. */
cairo_surface_t  *rp_thumbnailer_draw_finish (RpThumbnailer        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
