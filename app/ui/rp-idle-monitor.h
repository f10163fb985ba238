/* rp-idle-monitor.h — noticing that the resident has walked away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RP_TYPE_IDLE_MONITOR (rp_idle_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RpIdleMonitor, rp_idle_monitor, RP, IDLE_MONITOR, GObject)

/* Watches every input event reaching @root. After @timeout_seconds without
 * one, "countdown" is emitted once a second with the seconds left of
 * @countdown_seconds; input during the countdown emits "resumed"; when it
 * runs out, "expired". A visit is the time from the first input after an
 * expiry (or start) to the next expiry: "visit-ended" carries its length
 * in seconds. */
RpIdleMonitor *rp_idle_monitor_new                (GtkWidget     *root,
                                                   guint          timeout_seconds,
                                                   guint          countdown_seconds);
void           rp_idle_monitor_set_timeout        (RpIdleMonitor *self,
                                                   guint          timeout_seconds);
gboolean       rp_idle_monitor_is_counting_down   (RpIdleMonitor *self);
/* Input happened (also what the "Continue" button calls). */
void           rp_idle_monitor_poke               (RpIdleMonitor *self);
/* Runs out the countdown now (tests, an administrator's "reset"). */
void           rp_idle_monitor_expire             (RpIdleMonitor *self);

G_END_DECLS
