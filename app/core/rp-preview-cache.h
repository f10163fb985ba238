/* rp-preview-cache.h — first pages and thumbnails drawn when a bundle is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bundles are static, so a resident's first page need not wait for poppler:
 * at install time each PDF's first page (RP_PREVIEW_WIDTH wide) and the
 * thumbnails of its first pages are drawn once, in a child process with
 * limits (rp-render-child.h), into
 *
 *   <data-dir>/previews/<aa>/<sha256>-<size>/page-1.png, thumb-<n>.png
 *
 * keyed by the object's hash and size, so a preview can never belong to
 * other bytes. An entry appears complete or not at all (built in a temporary
 * folder, then renamed); a file that failed gets a "failed" marker so it is
 * not retried at every install. The cache is bounded (fill stops adding past
 * its byte cap) and garbage-collected with the objects (rp_preview_cache_gc).
 */
#pragma once

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
/* Fills the previews of every PDF attachment of @catalogue, within
 * @max_bytes in all (0: RP_PREVIEW_DEFAULT_MAX). A PDF that cannot be drawn
 * is skipped with a warning: a preview is an optimisation, never a reason
 * to refuse a bundle. FALSE only on I/O errors or cancellation. */
gboolean  rp_preview_cache_fill      (const char    *cache_dir,
                                      RpCatalogue   *catalogue,
                                      guint64        max_bytes,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* Removes every entry whose object @store no longer holds; returns how many. */
guint     rp_preview_cache_gc        (const char    *cache_dir,
                                      RpObjectStore *store,
                                      GError       **error);
/* (transfer full) (nullable): the first-page preview (@thumbnail FALSE, page 0
 * only) or the thumbnail of @page, when cached. */
char     *rp_preview_cache_lookup    (const char    *cache_dir,
                                      const char    *sha256,
                                      guint64        size,
                                      guint          page,
                                      gboolean       thumbnail);
guint64   rp_preview_cache_get_size  (const char    *cache_dir);

G_END_DECLS
