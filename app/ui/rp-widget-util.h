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

G_END_DECLS
