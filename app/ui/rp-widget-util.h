/* rp-widget-util.h — small helpers every page needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Unparents every child of @widget (a widget using a layout manager, not
 * a container with its own remove method). */
void     rp_widget_remove_children (GtkWidget  *widget);
/* Whether the PNG or JPEG at @path may be decoded: refuses files that are
 * not images and absurd sizes (RP_DOCUMENT_MAX_EDGE_PX, _MAX_PIXELS) before
 * any pixel is read. Thread-safe. */
gboolean rp_image_check_size       (const char *path,
                                    int        *out_width,
                                    int        *out_height,
                                    GError    **error);

G_END_DECLS
