/* rp-kiosk-guard.h — keeping a kiosk window fullscreen and inescapable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Locks @window down for public use: system shortcuts are inhibited while
 * it has focus, the keys that close, leave or unfullscreen a window
 * (Alt+F4, Ctrl+Q, Ctrl+W, F11, Escape, Super) do nothing, and if the
 * window ever stops being fullscreen it asks to be fullscreen again.
 * Closing is refused by the window itself (close-request). */
void     rp_kiosk_guard_install     (GtkWindow       *window);
/* Whether @keyval with @state is one the guard swallows (for tests). */
gboolean rp_kiosk_guard_is_escape   (guint            keyval,
                                     GdkModifierType  state);

G_END_DECLS
