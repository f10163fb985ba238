/* rp-image.h — PNG and JPEG attachments: checked before decoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An image is published data, so its header is read before any pixel:
 * files that are not images and absurd sizes (RP_DOCUMENT_MAX_EDGE_PX,
 * _MAX_PIXELS) are refused without decoding. Thread-safe.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether the PNG or JPEG at @path may be decoded: RP_ERROR_BROKEN_DOCUMENT
 * for a file that is not one, RP_ERROR_RENDER_LIMIT for an absurd size. */
gboolean         rp_image_check_size     (const char  *path,
                                          int         *out_width,
                                          int         *out_height,
                                          GError     **error);
/* (transfer full): the image at @path at most @max_width wide (never
 * enlarged), as an ARGB32 image surface; NULL with @error when it is not
 * an image, too large (as rp_image_check_size()) or cannot be decoded. */
cairo_surface_t *rp_image_load_at_width  (const char  *path,
                                          int          max_width,
                                          GError     **error);

/* Decodes the file at @path into a toolkit's image (the GUI's: a
 * GdkTexture); called on a worker thread. */
typedef GObject *(*RpImageDecodeFunc) (const char  *path,
                                       GError     **error);
/* On a worker thread: rp_image_check_size(), then @decode, so an absurd
 * file is refused before any pixel is read. */
void             rp_image_load_async     (const char          *path,
                                          RpImageDecodeFunc    decode,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* (transfer full): what @decode returned; NULL with the error of
 * rp_image_check_size(), RP_ERROR_BROKEN_DOCUMENT when @decode failed, or
 * G_IO_ERROR_CANCELLED. */
GObject         *rp_image_load_finish    (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
