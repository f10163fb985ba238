/* rp-sync-scheduler.h — when the reader syncs by itself (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one policy of "sync when online" for the kiosk and the desktop: a
 * first check soon after start once the network monitor says the network
 * is up (and not metered, unless the `sync-on-metered` setting allows it),
 * then one every 80-100 % of `auto-sync-interval` (random), so a fleet
 * started together does not poll together (the first regular check after
 * a start takes a random phase, anywhere from 0.2 to 1.2 intervals). Failures back off
 * exponentially up to a cap (never past the interval, so a fleet that lost
 * its origin is back within one interval of its return); a 429/503 with
 * Retry-After is honoured; a data directory whose sync lock is held (the
 * CLI, the timer, the panel) is "try again shortly", not a failure.
 *
 * Threading: main thread. The sync runs in a worker (rp_terminal_sync_async);
 * results are announced on the main context the scheduler was started in.
 * rp_sync_scheduler_stop() (or the last unref) cancels a running sync; a
 * cancelled sync never emits.
 */
#pragma once

#include <gio/gio.h>

#include "rp-sync-source.h"
#include "rp-terminal.h"

G_BEGIN_DECLS

typedef enum
{
  RP_SYNC_SCHEDULER_INSTALLED,    /* a newer bundle is now current */
  RP_SYNC_SCHEDULER_UP_TO_DATE,   /* nothing new (or not modified) */
  RP_SYNC_SCHEDULER_FAILED,       /* counted: the next check backs off */
  RP_SYNC_SCHEDULER_BUSY,         /* another sync held the lock: soon again */
} RpSyncSchedulerResult;

/* Makes the source for @origin; the default is rp_sync_source_new_for_origin().
 * Tests and the fleet benchmark shorten the source's own retries here. */
typedef RpSyncSource *(*RpSyncSchedulerSourceFunc) (const char *origin,
                                                   gpointer    user_data);

#define RP_TYPE_SYNC_SCHEDULER (rp_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (RpSyncScheduler, rp_sync_scheduler, RP, SYNC_SCHEDULER, GObject)

/* @monitor: (nullable): g_network_monitor_get_default() when NULL.
 * The origin, channel, keys, interval and metered policy come from
 * @terminal's settings at each check. */
RpSyncScheduler *rp_sync_scheduler_new           (RpTerminal       *terminal,
                                                  GNetworkMonitor  *monitor);
/* Timing, in milliseconds (defaults: first check 10 s after start,
 * backoff from 30 s up to 1 h). @interval_ms 0 takes `auto-sync-interval`
 * from the settings (0 there: no automatic checks, only "check now").
 * The backoff cap is never above the interval. Call before start. */
void             rp_sync_scheduler_set_timing    (RpSyncScheduler  *self,
                                                  guint             first_delay_ms,
                                                  guint             interval_ms,
                                                  guint             backoff_base_ms,
                                                  guint             backoff_cap_ms);
/* How soon to look again when another sync held the lock (default 60 s). */
void             rp_sync_scheduler_set_busy_retry (RpSyncScheduler *self,
                                                   guint            busy_retry_ms);
void             rp_sync_scheduler_set_source_func (RpSyncScheduler          *self,
                                                    RpSyncSchedulerSourceFunc func,
                                                    gpointer                  user_data,
                                                    GDestroyNotify            destroy);
/* The interval's jitter, a fraction drawn below it (default 0.2: 80-100 %); 0 makes every
 * delay exact, first check and backoff included (the fleet benchmark's
 * lock-step reference). */
void             rp_sync_scheduler_set_jitter    (RpSyncScheduler  *self,
                                                  double            jitter);
/* Overrides the `sync-on-metered` setting (tests, the fleet benchmark). */
void             rp_sync_scheduler_set_allow_metered (RpSyncScheduler *self,
                                                      gboolean         allow);

void             rp_sync_scheduler_start         (RpSyncScheduler  *self);
/* Cancels a running sync and every timer; the scheduler can be started
 * again. */
void             rp_sync_scheduler_stop          (RpSyncScheduler  *self);
/* "Check for new documents": a sync now, whatever the network monitor
 * says (the user asked); none when one is already running. The periodic
 * schedule restarts from its result. */
void             rp_sync_scheduler_check_now     (RpSyncScheduler  *self);

gboolean         rp_sync_scheduler_is_running    (RpSyncScheduler  *self);
/* Syncs started so far (each a run of the engine). */
guint            rp_sync_scheduler_get_attempts  (RpSyncScheduler  *self);
/* Failures in a row since the last success (0 after one). */
guint            rp_sync_scheduler_get_failures  (RpSyncScheduler  *self);
/* The delay of the next check as planned, before jitter, and as drawn;
 * 0 when none is planned (stopped, waiting for the network, running). */
guint            rp_sync_scheduler_get_planned_ms (RpSyncScheduler *self);
guint            rp_sync_scheduler_get_next_ms   (RpSyncScheduler  *self);
/* (nullable) (transfer none): why the last check failed. */
const GError    *rp_sync_scheduler_get_last_error (RpSyncScheduler *self);

G_END_DECLS
