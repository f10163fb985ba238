/* rp-preferences.h — the desktop's preferences window (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwPreferencesWindow bound to @settings' origin-url, channel,
 * trusted-keys and auto-sync-interval: a change is written at once, and a
 * change made elsewhere (readingpoint-admin, the panel) shows. Desktop
 * only: a kiosk is administered through its PIN-guarded panel. */
GtkWidget *rp_preferences_new (GSettings *settings);

G_END_DECLS
