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

/* Scrolls @adjustment (of a scrollable inside @owner) back to @value, as
 * going back to a page the resident had scrolled does: the page was just
 * filled again and has its new size only after it is laid out, so the
 * value is set from @owner's frame clock once the content reaches it (or,
 * when it never does, at its end). A later call replaces a pending one. */
void     rp_widget_restore_scroll  (GtkWidget     *owner,
                                    GtkAdjustment *adjustment,
                                    double         value);

G_END_DECLS
