/* rp-document.h — a PDF opened for reading (poppler)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not thread-safe: poppler must not be used from two threads at once, so an
 * RpDocument belongs to the thread that renders it.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_DOCUMENT (rp_document_get_type ())
G_DECLARE_FINAL_TYPE (RpDocument, rp_document, RP, DOCUMENT, GObject)

/* Largest edge and area of a rendered page: beyond cairo's 32767 px limit
 * and far beyond any screen, a request is a mistake or a hostile file. */
#define RP_DOCUMENT_MAX_EDGE_PX  16384
#define RP_DOCUMENT_MAX_PIXELS   (64 * 1024 * 1024)

RpDocument      *rp_document_open           (const char *path,
                                             GError    **error);
guint            rp_document_get_n_pages    (RpDocument *self);
gboolean         rp_document_get_page_size  (RpDocument *self,
                                             guint       index,
                                             double     *width_pt,
                                             double     *height_pt);
/* (transfer full): page @index (0-based) drawn on white, @width_px wide. */
cairo_surface_t *rp_document_render_page    (RpDocument *self,
                                             guint       index,
                                             int         width_px,
                                             GError    **error);

G_END_DECLS
