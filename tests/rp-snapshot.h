/* rp-snapshot.h — write what a widget shows to a PNG (the GUI tests' screenshots)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the widget shows, drawn by its window's renderer. The widget must
 * be realized (in a mapped window). */
GdkTexture *rp_widget_render_texture (GtkWidget *widget,
                                      GError   **error);
/* The same, written to @path. */
gboolean rp_widget_save_png (GtkWidget  *widget,
                             const char *path,
                             GError    **error);

G_END_DECLS
