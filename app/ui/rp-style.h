/* rp-style.h — the application's style sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds Reading Point's CSS to @display, once. */
void rp_style_init (GdkDisplay *display);

G_END_DECLS
