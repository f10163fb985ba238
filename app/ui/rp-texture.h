/* rp-texture.h — a rendered page (a cairo image surface) as a GdkTexture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the document view, the thumbnail strip and the entry page's
 * preview: the zero-copy way from the render queue's surfaces to GTK.
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* (transfer full): @surface (an ARGB32 image) as a texture, without copying:
 * the texture keeps the surface alive. */
GdkTexture *rp_texture_new_for_surface (cairo_surface_t *surface);

G_END_DECLS
