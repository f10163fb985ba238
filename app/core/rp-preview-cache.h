/* rp-preview-cache.h — first pages and thumbnails of attachments, drawn once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bundles are static, so a resident need not wait for poppler twice: a
 * PDF's first page (RP_PREVIEW_WIDTH wide), the thumbnails of its first
 * pages and an image's thumbnail (RP_PREVIEW_THUMB_WIDTH wide) are drawn
 * once and kept in
 *
 *   <data-dir>/previews/<aa>/<sha256>-<size>/page-1.png, thumb-<n>.png, failed
 *
 * keyed by the object's hash and size, so a preview can never belong to
 * other bytes. Two writers fill it: rp_preview_cache_fill_one() draws all
 * of a PDF's previews in a render helper with a terminal's limits
 * (rp_render_helper_new_limited in rp-render-child.h), and the GUI draws the first-page
 * thumbnail it shows, when it first shows it, on a render queue
 * (rp_preview_cache_draw_thumbnail_async(); images: rp_preview_cache_store()).
 * Each file appears complete or not at all (written aside, then renamed);
 * a file that could not be drawn gets a "failed" marker saying why, so it
 * is not tried again at every install or every visit. The cache is
 * garbage-collected with the objects (rp_preview_cache_gc); the install-time
 * fill stops adding past its byte cap, and the GUI's thumbnails are a few
 * kB per attachment the object store holds.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_PREVIEW_WIDTH        1280
#define RP_PREVIEW_THUMB_WIDTH  160
#define RP_PREVIEW_N_THUMBS     12
#define RP_PREVIEW_DEFAULT_MAX  ((guint64) 256 * 1024 * 1024)

/* (transfer full): <data_dir>/previews */
char     *rp_preview_cache_dir_for_data_dir (const char    *data_dir);
/* (transfer full): the cache of the data directory holding the object
 * store object at @object_path (<data_dir>/objects/<aa>/<sha256>). */
char     *rp_preview_cache_dir_for_object   (const char    *object_path);

/* Draws the previews of one PDF unless present. FALSE with @error when the
 * PDF could not be drawn (the entry is marked failed) or on I/O errors. */
gboolean  rp_preview_cache_fill_one  (const char    *cache_dir,
                                      const char    *sha256,
                                      guint64        size,
                                      const char    *pdf_path,
                                      GError       **error);
/* Fills the previews of every PDF attachment of @catalogue, newest entry
 * first (what residents open most), within
 * @max_bytes in all (0: RP_PREVIEW_DEFAULT_MAX). A PDF that cannot be drawn
 * is skipped with a warning: a preview is an optimisation, never a reason
 * to refuse a bundle. FALSE only on I/O errors or cancellation. */
gboolean  rp_preview_cache_fill      (const char    *cache_dir,
                                      RpCatalogue   *catalogue,
                                      guint64        max_bytes,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* The PDF attachments of @catalogue with a local copy (@out_total), and
 * how many of them a fill has nothing left to do for (@out_done): drawn,
 * or marked failed. What `status` and the admin panel show. */
void      rp_preview_cache_count     (const char    *cache_dir,
                                      RpCatalogue   *catalogue,
                                      guint         *out_done,
                                      guint         *out_total);
/* Removes every entry whose object @store no longer holds; returns how many. */
guint     rp_preview_cache_gc        (const char    *cache_dir,
                                      RpObjectStore *store,
                                      GError       **error);
/* rp_preview_cache_gc() of @data_dir's cache against its object store, in
 * a thread; what it removed, or why it could not, goes to the log. */
void      rp_preview_cache_gc_in_thread (RpDataDir *data_dir);
/* (transfer full) (nullable): the first-page preview (@thumbnail FALSE, page 0
 * only) or the thumbnail of @page, when cached. */
char     *rp_preview_cache_lookup    (const char    *cache_dir,
                                      const char    *sha256,
                                      guint64        size,
                                      guint          page,
                                      gboolean       thumbnail);
/* (transfer full) (nullable): rp_preview_cache_lookup() of @attachment's
 * first-page preview, in the cache of the data directory that holds its
 * bytes; NULL for an attachment with no local copy. */
char     *rp_preview_cache_lookup_attachment (RpAttachment *attachment);
guint64   rp_preview_cache_get_size  (const char    *cache_dir);

/* Stores @surface as the thumbnail of @page (@thumbnail TRUE) or as the
 * first-page preview (@thumbnail FALSE, @page 0). Any thread. */
gboolean  rp_preview_cache_store     (const char      *cache_dir,
                                      const char      *sha256,
                                      guint64          size,
                                      guint            page,
                                      gboolean         thumbnail,
                                      cairo_surface_t *surface,
                                      GError         **error);
/* Remembers that the file cannot be drawn, and why: neither a fill nor the
 * GUI tries it again. Any thread. */
gboolean  rp_preview_cache_store_failure  (const char  *cache_dir,
                                           const char  *sha256,
                                           guint64      size,
                                           const char  *reason,
                                           GError     **error);
/* (transfer full) (nullable): why the file could not be drawn, when that
 * was remembered. */
char     *rp_preview_cache_lookup_failure (const char  *cache_dir,
                                           const char  *sha256,
                                           guint64      size);

/* Draws the first page of the PDF at @pdf_path RP_PREVIEW_THUMB_WIDTH wide
 * on a render queue (its worker thread and time limit: a file that hangs is
 * given up, never waited for), then keeps the thumbnail, or why the file
 * cannot be drawn, in the cache from a thread; a time-out is not kept (it
 * may be the machine's load). Cancelling drops the render and keeps
 * nothing. Main thread; @cancellable is cancelled there too. */
void             rp_preview_cache_draw_thumbnail_async  (const char          *cache_dir,
                                                         const char          *sha256,
                                                         guint64              size,
                                                         const char          *pdf_path,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* (transfer full): the thumbnail, an ARGB32 image surface; NULL with an
 * RP_ERROR when the file cannot be drawn, or G_IO_ERROR_CANCELLED. */
cairo_surface_t *rp_preview_cache_draw_thumbnail_finish (GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
