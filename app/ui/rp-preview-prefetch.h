/* rp-preview-prefetch.h — the preview of the document a resident is about
 * to open, decoded while they read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"

G_BEGIN_DECLS

/* Starts decoding @attachment's first-page preview (when the preview cache
 * has one) on a worker thread, in place of any earlier one. */
void        rp_preview_prefetch_start (RpAttachment *attachment);
/* (transfer full) (nullable): the decoded preview at @path when it is the
 * one prefetched and is ready; the slot is emptied either way. */
GdkTexture *rp_preview_prefetch_take  (const char   *path);
/* (transfer none) (nullable): the decoded preview waiting in the slot. */
GdkTexture *rp_preview_prefetch_peek  (void);
/* Forgets the prefetched preview (and stops its decoding). */
void        rp_preview_prefetch_drop  (void);

G_END_DECLS
