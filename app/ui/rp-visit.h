/* rp-visit.h — one resident's visit: their preferences, the idle countdown
 * and wipe, the kiosk lock-down and the on-screen keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application creates the visit and hands it to its window
 * (rp-window-private.h), which attaches it. The visit outlives a language
 * switch: the application rebuilds the window when "language" changes and
 * the same visit moves into the new one.
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-idle-monitor.h"
#include "rp-osk.h"
#include "rp-read-aloud.h"

G_BEGIN_DECLS

#define RP_VISIT_DEFAULT_IDLE_TIMEOUT 120
#define RP_VISIT_DEFAULT_COUNTDOWN     20

#define RP_TYPE_VISIT (rp_visit_get_type ())
G_DECLARE_FINAL_TYPE (RpVisit, rp_visit, RP, VISIT, GObject)

RpVisit       *rp_visit_new              (gboolean    kiosk);
/* Installs the "visit" actions on @window (visit.language "zh_CN"|"en",
 * visit.text-size "100"|"125"|"150", visit.high-contrast, visit.continue)
 * and, for a kiosk, the lock-down, the idle monitor with its countdown
 * overlay, the on-screen keyboard and swipe back. Leaves the window it was
 * attached to before. Counts what a resident chooses through the window's
 * "usage.count" action; the wipe emits "reset" for the window's own part. */
void           rp_visit_attach           (RpVisit    *self,
                                          GtkWindow  *window);
/* (transfer none) (nullable): the window the visit is attached to. */
GtkWindow     *rp_visit_get_window       (RpVisit    *self);
gboolean       rp_visit_is_kiosk         (RpVisit    *self);
/* Changes the idle timeout and countdown of a kiosk visit (the
 * `idle-timeout` setting; tests use a second or two). */
void           rp_visit_set_idle_timeout (RpVisit    *self,
                                          guint       timeout_seconds,
                                          guint       countdown_seconds);
/* (transfer none) (nullable): NULL outside kiosk mode. */
RpIdleMonitor *rp_visit_get_idle_monitor (RpVisit    *self);
/* (transfer none) (nullable): NULL outside kiosk mode. */
RpOsk         *rp_visit_get_osk          (RpVisit    *self);
gboolean       rp_visit_is_osk_shown     (RpVisit    *self);
gboolean       rp_visit_is_countdown_shown (RpVisit  *self);
/* (transfer none) (nullable): what speaks the countdown as it appears
 * (issue 13); NULL outside kiosk mode. */
RpReadAloud   *rp_visit_get_countdown_speech (RpVisit *self);
/* Wipes the visit: "reset" (what the window wipes: search text, history,
 * open document), and the language, text size and contrast back to their
 * defaults (the language the program started in; the `text-scale` and
 * `high-contrast` settings, which a visit also starts with). */
void           rp_visit_reset            (RpVisit    *self);
/* Switches the interface language: gettext reads its catalogues again and
 * "language" is notified, for the application to rebuild the window in the
 * new language (templates translate their strings only when built). */
void           rp_visit_set_language     (RpVisit    *self,
                                          const char *language);
const char    *rp_visit_get_language     (RpVisit    *self);
/* 100, 125 or 150 (percent). */
void           rp_visit_set_text_size    (RpVisit    *self,
                                          guint       percent);
guint          rp_visit_get_text_size    (RpVisit    *self);
void           rp_visit_set_high_contrast (RpVisit   *self,
                                           gboolean   high_contrast);
gboolean       rp_visit_get_high_contrast (RpVisit   *self);

G_END_DECLS
