/* rp-sync-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * States: stopped; waiting for a timer; due but waiting for a usable
 * network (`due` set, no timer); running (`cancellable` set). Exactly one
 * of "a timer", "due", "running" holds while started; every path that
 * ends a run plans the next check, so the scheduler never stalls.
 */
#include "config.h"

#include "rp-error.h"
#include "rp-settings.h"
#include "rp-sync-http-source.h"
#include "rp-sync-scheduler.h"

#define DEFAULT_FIRST_DELAY_MS (10 * 1000)
#define DEFAULT_BACKOFF_BASE_MS (30 * 1000)
#define DEFAULT_BACKOFF_CAP_MS (60 * 60 * 1000)
#define DEFAULT_BUSY_RETRY_MS (60 * 1000)
/* ±20 %: a fleet started by one power cut spreads over 40 % of an interval
 * within the first few checks. */
#define DEFAULT_JITTER 0.2

struct _RpSyncScheduler
{
  GObject                   parent_instance;
  RpTerminal               *terminal;
  GNetworkMonitor          *monitor;
  GMainContext             *context;
  RpSyncSchedulerSourceFunc source_func;
  gpointer                  source_data;
  GDestroyNotify            source_destroy;

  guint                     first_delay_ms;
  guint                     interval_ms;   /* 0: from the settings */
  guint                     backoff_base_ms;
  guint                     backoff_cap_ms;
  guint                     busy_retry_ms;
  int                       allow_metered; /* -1: from the settings */
  double                    jitter;        /* fraction of the interval, drawn below it */

  gboolean                  started;
  gboolean                  phased;        /* the first regular check is planned */
  gboolean                  due;
  GSource                  *timer;
  GCancellable             *cancellable;  /* set while a sync runs */
  RpSyncEngine             *engine;
  RpSyncSource             *source;
  guint                     attempts;
  guint                     failures;
  guint                     planned_ms;
  guint                     next_ms;
  GError                   *last_error;
};

G_DEFINE_FINAL_TYPE (RpSyncScheduler, rp_sync_scheduler, G_TYPE_OBJECT)

enum
{
  SIGNAL_INSTALLED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void try_run (RpSyncScheduler *self);

static void
clear_timer (RpSyncScheduler *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static void
rp_sync_scheduler_dispose (GObject *object)
{
  RpSyncScheduler *self = RP_SYNC_SCHEDULER (object);

  rp_sync_scheduler_stop (self);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->terminal);
  if (self->source_destroy != NULL)
    g_clear_pointer (&self->source_data, self->source_destroy);

  G_OBJECT_CLASS (rp_sync_scheduler_parent_class)->dispose (object);
}

static void
rp_sync_scheduler_finalize (GObject *object)
{
  RpSyncScheduler *self = RP_SYNC_SCHEDULER (object);

  g_clear_error (&self->last_error);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (rp_sync_scheduler_parent_class)->finalize (object);
}

static void
rp_sync_scheduler_class_init (RpSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_sync_scheduler_dispose;
  object_class->finalize = rp_sync_scheduler_finalize;

  /**
   * RpSyncScheduler::installed:
   * @old_version: the version installed before (0 for none)
   * @new_version: the version now current
   *
   * A newer bundle is current. What a reader has open is untouched: the
   * window takes the new catalogue up at its next return home.
   */
  signals[SIGNAL_INSTALLED] = g_signal_new ("installed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * RpSyncScheduler::finished:
   * @result: an #RpSyncSchedulerResult
   *
   * A check ended (after ::installed, when it installed) and the next is
   * planned.
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
rp_sync_scheduler_init (RpSyncScheduler *self)
{
  self->first_delay_ms = DEFAULT_FIRST_DELAY_MS;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->backoff_cap_ms = DEFAULT_BACKOFF_CAP_MS;
  self->busy_retry_ms = DEFAULT_BUSY_RETRY_MS;
  self->allow_metered = -1;
  self->jitter = DEFAULT_JITTER;
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    RpSyncScheduler *self)
{
  if (self->due)
    try_run (self);
}

static void
on_metered_changed (GObject         *monitor,
                    GParamSpec      *pspec,
                    RpSyncScheduler *self)
{
  if (self->due)
    try_run (self);
}

RpSyncScheduler *
rp_sync_scheduler_new (RpTerminal      *terminal,
                       GNetworkMonitor *monitor)
{
  RpSyncScheduler *self;

  g_return_val_if_fail (RP_IS_TERMINAL (terminal), NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (RP_TYPE_SYNC_SCHEDULER, NULL);
  self->terminal = g_object_ref (terminal);
  self->monitor = g_object_ref (monitor != NULL ? monitor : g_network_monitor_get_default ());
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self);
  g_signal_connect (self->monitor, "notify::network-metered", G_CALLBACK (on_metered_changed), self);
  return self;
}

void
rp_sync_scheduler_set_timing (RpSyncScheduler *self,
                              guint            first_delay_ms,
                              guint            interval_ms,
                              guint            backoff_base_ms,
                              guint            backoff_cap_ms)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));

  self->first_delay_ms = first_delay_ms;
  self->interval_ms = interval_ms;
  self->backoff_base_ms = MAX (backoff_base_ms, 1);
  self->backoff_cap_ms = MAX (backoff_cap_ms, self->backoff_base_ms);
}

void
rp_sync_scheduler_set_busy_retry (RpSyncScheduler *self,
                                  guint            busy_retry_ms)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));
  self->busy_retry_ms = MAX (busy_retry_ms, 1);
}

void
rp_sync_scheduler_set_source_func (RpSyncScheduler          *self,
                                   RpSyncSchedulerSourceFunc func,
                                   gpointer                  user_data,
                                   GDestroyNotify            destroy)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));

  if (self->source_destroy != NULL)
    g_clear_pointer (&self->source_data, self->source_destroy);
  self->source_func = func;
  self->source_data = user_data;
  self->source_destroy = destroy;
}

void
rp_sync_scheduler_set_jitter (RpSyncScheduler *self,
                              double           jitter)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (jitter >= 0 && jitter < 1);
  self->jitter = jitter;
}

void
rp_sync_scheduler_set_allow_metered (RpSyncScheduler *self,
                                     gboolean         allow)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));
  self->allow_metered = allow ? 1 : 0;
  if (self->due)
    try_run (self);
}

/* The interval in force; 0 for no automatic checks. */
static guint
interval_ms (RpSyncScheduler *self)
{
  GSettings *settings;

  if (self->interval_ms > 0)
    return self->interval_ms;
  settings = rp_terminal_get_settings (self->terminal);
  return MIN (rp_settings_get_uint (settings, "auto-sync-interval", 3600), G_MAXUINT / 1000) * 1000;
}

static gboolean
network_usable (RpSyncScheduler *self)
{
  gboolean allow_metered = self->allow_metered;

  if (!g_network_monitor_get_network_available (self->monitor))
    return FALSE;
  if (self->allow_metered < 0)
    {
      GSettings *settings = rp_terminal_get_settings (self->terminal);
      allow_metered = rp_settings_has_key (settings, "sync-on-metered") &&
                      g_settings_get_boolean (settings, "sync-on-metered");
    }
  return allow_metered || !g_network_monitor_get_network_metered (self->monitor);
}

static gboolean
on_timer (gpointer user_data)
{
  RpSyncScheduler *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  self->due = TRUE;
  try_run (self);
  return G_SOURCE_REMOVE;
}

/* Plans the next check @planned_ms from now, drawn between @low and @high
 * times that. */
static void
plan (RpSyncScheduler *self,
      guint            planned_ms,
      double           low,
      double           high)
{
  clear_timer (self);
  self->due = FALSE;
  self->planned_ms = planned_ms;
  /* Without jitter (the fleet benchmark's reference) every draw is exact. */
  if (self->jitter <= 0)
    low = high = 1.0;
  self->next_ms = (guint) MIN (planned_ms * g_random_double_range (low, high), (double) G_MAXUINT);
  self->timer = g_timeout_source_new (self->next_ms);
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_set_static_name (self->timer, "[readingpoint] sync scheduler");
  g_source_attach (self->timer, self->context);
}

/* The regular check after @interval, or none when automatic sync is off. */
static void
plan_regular (RpSyncScheduler *self)
{
  guint interval = interval_ms (self);

  if (interval == 0)
    {
      clear_timer (self);
      self->due = FALSE;
      self->planned_ms = self->next_ms = 0;
      return;
    }
  /* The jitter is drawn below the interval, never above it: the setting
   * is the longest a terminal goes without looking, so after an outage or
   * a publication every terminal has looked within one interval (the
   * fleet benchmark measured 1.21-1.23 intervals with ±20 %). A fleet
   * powered on together made its first checks within seconds of each
   * other; a 20 % spread alone would take a dozen rounds to even them
   * out. The first regular check after a start takes a random phase over
   * the interval instead, so from the second round on the fleet polls
   * evenly. */
  if (!self->phased)
    {
      self->phased = TRUE;
      if (self->jitter > 0)
        {
          plan (self, interval, self->jitter, 1.0);
          return;
        }
    }
  plan (self, interval, 1.0 - self->jitter, 1.0);
}

/* base · 2^(failures-1), capped, and never above the interval: whatever
 * the outage, a terminal looks again within one interval of the origin's
 * return. Drawn from the upper half, so retries after a shared outage do
 * not arrive in step. */
static void
plan_backoff (RpSyncScheduler *self,
              guint            retry_after_ms)
{
  guint64 cap = self->backoff_cap_ms;
  guint64 delay = (guint64) self->backoff_base_ms << MIN (self->failures - 1, 31);
  guint interval = interval_ms (self);

  if (interval > 0)
    cap = MIN (cap, interval);
  delay = MIN (delay, cap);
  /* The origin's own word wins over our guess, in either direction: not
   * before it, and little after it. */
  if (retry_after_ms > 0)
    plan (self, retry_after_ms, 1.0, 1.0 + self->jitter);
  else
    plan (self, (guint) delay, 0.5, 1.0);
}

static void
end_run (RpSyncScheduler *self)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->source);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RpSyncScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;
  RpSyncSchedulerResult verdict;
  gint64 old_version = 0, new_version = 0;
  guint retry_after_ms = 0;
  gboolean ok;

  ok = rp_terminal_sync_finish (RP_TERMINAL (object), result, &outcome, &error);
  /* Stopped (quit): nothing is announced and nothing planned. */
  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      end_run (self);
      if (self->started && self->due)
        try_run (self);
      return;
    }
  if (ok)
    {
      self->failures = 0;
      g_clear_error (&self->last_error);
      verdict = outcome == RP_SYNC_OUTCOME_INSTALLED ? RP_SYNC_SCHEDULER_INSTALLED : RP_SYNC_SCHEDULER_UP_TO_DATE;
      old_version = rp_sync_engine_get_previous_version (self->engine);
      new_version = rp_sync_engine_get_offered_version (self->engine);
      plan_regular (self);
    }
  else if (g_error_matches (error, RP_ERROR, RP_ERROR_BUSY))
    {
      /* The CLI, the timer or the panel is syncing this very directory:
       * its result will be ours; look again shortly, without backing off. */
      verdict = RP_SYNC_SCHEDULER_BUSY;
      g_debug ("Automatic sync deferred: %s", error->message);
      plan (self, self->busy_retry_ms, 1.0, 1.0 + self->jitter);
    }
  else
    {
      verdict = RP_SYNC_SCHEDULER_FAILED;
      self->failures++;
      if (RP_IS_SYNC_HTTP_SOURCE (self->source))
        retry_after_ms = MIN (rp_sync_http_source_get_retry_after (RP_SYNC_HTTP_SOURCE (self->source)),
                              G_MAXUINT / 1000) * 1000;
      g_message ("Automatic sync failed (%u in a row): %s", self->failures, error->message);
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&error);
      plan_backoff (self, retry_after_ms);
    }
  end_run (self);
  if (verdict == RP_SYNC_SCHEDULER_INSTALLED)
    g_signal_emit (self, signals[SIGNAL_INSTALLED], 0, old_version, new_version);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, (guint) verdict);
}

static RpSyncSource *
new_source (RpSyncScheduler *self,
            const char      *origin)
{
  if (self->source_func != NULL)
    return self->source_func (origin, self->source_data);
  return rp_sync_source_new_for_origin (origin);
}

/* Starts a sync now. FALSE, with the reason, when none can start: no
 * origin configured, or a trust policy that cannot be built. */
static gboolean
start_sync (RpSyncScheduler *self,
            GError         **error)
{
  g_autofree char *channel = rp_terminal_dup_channel (self->terminal);
  g_autofree char *origin = rp_terminal_dup_origin (self->terminal);
  RpTerminalSyncOptions options = { .audit_actor = "auto-sync" };

  if (*origin == '\0')
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_NETWORK,
                           "No origin is configured: set one in the administration panel or with "
                           "readingpoint-admin config");
      return FALSE;
    }
  self->engine = rp_terminal_new_sync_engine (self->terminal, channel, NULL, NULL, error);
  if (self->engine == NULL)
    return FALSE;
  self->source = new_source (self, origin);
  self->cancellable = g_cancellable_new ();
  self->due = FALSE;
  self->planned_ms = self->next_ms = 0;
  self->attempts++;
  rp_terminal_sync_async (self->terminal, self->engine, self->source, &options, self->cancellable, sync_done,
                          g_object_ref (self));
  return TRUE;
}

static void
run_now (RpSyncScheduler *self)
{
  g_autoptr(GError) error = NULL;

  clear_timer (self);
  if (start_sync (self, &error))
    return;
  /* Not a network failure: the configuration is missing or wrong. It is
   * read again at the next regular check. */
  g_message ("Automatic sync not started: %s", error->message);
  g_clear_error (&self->last_error);
  self->last_error = g_steal_pointer (&error);
  plan_regular (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, (guint) RP_SYNC_SCHEDULER_FAILED);
}

static void
try_run (RpSyncScheduler *self)
{
  if (!self->started)
    return;
  /* A run cancelled by a stop may still be ending after a restart: the
   * check waits for it (sync_done). */
  if (self->cancellable != NULL)
    {
      self->due = TRUE;
      return;
    }
  if (!network_usable (self))
    {
      /* Due, and kept due: the monitor's next change runs it. */
      self->due = TRUE;
      self->planned_ms = self->next_ms = 0;
      return;
    }
  run_now (self);
}

void
rp_sync_scheduler_start (RpSyncScheduler *self)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->phased = FALSE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  /* The first check comes within the first delay, not at its very end:
   * terminals powered on together still spread out. */
  plan (self, self->first_delay_ms, 0.5, 1.0);
}

void
rp_sync_scheduler_stop (RpSyncScheduler *self)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));

  self->started = FALSE;
  self->due = FALSE;
  self->planned_ms = self->next_ms = 0;
  clear_timer (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
rp_sync_scheduler_check_now (RpSyncScheduler *self)
{
  g_return_if_fail (RP_IS_SYNC_SCHEDULER (self));

  if (!self->started || self->cancellable != NULL)
    return;
  run_now (self);
}

gboolean
rp_sync_scheduler_is_running (RpSyncScheduler *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SCHEDULER (self), FALSE);
  return self->cancellable != NULL;
}

guint
rp_sync_scheduler_get_attempts (RpSyncScheduler *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SCHEDULER (self), 0);
  return self->attempts;
}

guint
rp_sync_scheduler_get_failures (RpSyncScheduler *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SCHEDULER (self), 0);
  return self->failures;
}

guint
rp_sync_scheduler_get_planned_ms (RpSyncScheduler *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SCHEDULER (self), 0);
  return self->planned_ms;
}

guint
rp_sync_scheduler_get_next_ms (RpSyncScheduler *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SCHEDULER (self), 0);
  return self->next_ms;
}

const GError *
rp_sync_scheduler_get_last_error (RpSyncScheduler *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SCHEDULER (self), NULL);
  return self->last_error;
}
