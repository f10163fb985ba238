/* rp-kiosk-guard.h — keeping a kiosk window fullscreen and inescapable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Locks @window down for public use: system shortcuts are inhibited while
 * it has focus, no chord with Control, Alt or Super does anything but
 * zoom (Ctrl +/-) and back/home (Alt+Left/Home), function keys, Escape,
 * the menu key and Shift/Ctrl+Insert/Delete are swallowed (so Alt+F4,
 * Ctrl+Q, F11, the inspector's Ctrl+Shift+D/I and the clipboard keys do
 * nothing), and if the
 * window ever stops being fullscreen it asks to be fullscreen again.
 * Closing is refused by the window itself (close-request). */
void     rp_kiosk_guard_install     (GtkWindow       *window);
/* Whether @keyval with @state is one the guard swallows (for tests). */
gboolean rp_kiosk_guard_is_escape   (guint            keyval,
                                     GdkModifierType  state);

G_END_DECLS
