/* rp-visit.h — one resident's visit to a window: their preferences, the idle
 * countdown and wipe, the kiosk lock-down and the on-screen keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-idle-monitor.h"
#include "rp-osk.h"
#include "rp-window.h"

G_BEGIN_DECLS

#define RP_VISIT_DEFAULT_IDLE_TIMEOUT 120
#define RP_VISIT_DEFAULT_COUNTDOWN     20

/* Installs the "visit" actions on @window (visit.language "zh_CN"|"en",
 * visit.text-size "100"|"125"|"150", visit.high-contrast, visit.continue)
 * and, for a kiosk, the lock-down, the idle monitor with its countdown
 * overlay, the on-screen keyboard and swipe back. Called by rp_window_new. */
void           rp_visit_attach           (RpWindow   *window,
                                          gboolean    kiosk);
/* Changes the idle timeout and countdown of a kiosk window (the
 * `idle-timeout` setting; tests use a second or two). */
void           rp_visit_set_idle_timeout (RpWindow   *window,
                                          guint       timeout_seconds,
                                          guint       countdown_seconds);
/* (transfer none) (nullable): NULL outside kiosk mode. */
RpIdleMonitor *rp_visit_get_idle_monitor (RpWindow   *window);
/* (transfer none) (nullable): NULL outside kiosk mode. */
RpOsk         *rp_visit_get_osk          (RpWindow   *window);
gboolean       rp_visit_is_osk_shown     (RpWindow   *window);
gboolean       rp_visit_is_countdown_shown (RpWindow *window);
/* Wipes the visit: what rp_window_reset_visit wipes, and the language,
 * text size and contrast back to their defaults (the language the program
 * started in; the `text-scale` and `high-contrast` settings, which a visit
 * also starts with). Returns the window now shown: a new one when the
 * language had to change back. (transfer none) */
RpWindow      *rp_visit_reset            (RpWindow   *window);
/* Switches the interface language: gettext reads its catalogues again and
 * the window is rebuilt in the new language (home page, preferences kept).
 * Returns the new window (transfer none); @window is destroyed. */
RpWindow      *rp_visit_set_language     (RpWindow   *window,
                                          const char *language);
const char    *rp_visit_get_language     (RpWindow   *window);
/* 100, 125 or 150 (percent). */
void           rp_visit_set_text_size    (RpWindow   *window,
                                          guint       percent);
guint          rp_visit_get_text_size    (RpWindow   *window);
void           rp_visit_set_high_contrast (RpWindow  *window,
                                           gboolean   high_contrast);
gboolean       rp_visit_get_high_contrast (RpWindow  *window);

G_END_DECLS
