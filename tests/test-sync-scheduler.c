/* test-sync-scheduler.c — the reader syncs by itself (issue 16), against a
 * real nginx and the real readingpoint-admin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network is a test GNetworkMonitor the test switches; timings are
 * scaled down through rp_sync_scheduler_set_timing() and asserted as the
 * plan the scheduler made (never as elapsed time).
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rp-core.h"
#include "rp-test-network.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

#define HOUR_MS (60 * 60 * 1000)

static char *root;
static char *sk, *pk;

/* --- helpers -------------------------------------------------------------- */

static char *
make_origin (const char *location,
             const char *name,
             char      **out_url)
{
  g_autofree char *relative = g_build_filename (location, name, NULL);
  g_autofree char *with_slash = g_strconcat (relative, "/", NULL);
  char *dir = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  *out_url = rp_test_nginx_url (with_slash);
  return dir;
}

/* Publishes @version of the test source into @origin. */
static void
publish_version (const char *origin,
                 const char *name,
                 gint64      version)
{
  g_autofree char *source_name = g_strdup_printf ("%s-src%" G_GINT64_FORMAT, name, version);
  g_autofree char *source = rp_test_make_revision (source_name, version);

  rp_test_publish (source, origin, sk, version, 30);
  rp_test_age_latest (origin, "test", version);
}

/* Settings in the memory backend, configured for the test channel and
 * key and @url. */
static GSettings *
configured_settings (const char *url)
{
  GSettings *settings = rp_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_nonnull (settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  names = g_settings_schema_list_keys (schema);
  for (guint i = 0; names[i] != NULL; i++)
    g_settings_reset (settings, names[i]);
  rp_test_configure (settings, pk, "test", url);
  return settings;
}

/* Short timeouts and no retries of its own: the scheduler's backoff is
 * what is under test. */
static RpSyncSource *
quick_source (const char *origin,
              gpointer    user_data)
{
  RpSyncSource *source = rp_sync_source_new_for_origin (origin);

  if (RP_IS_SYNC_HTTP_SOURCE (source))
    rp_sync_http_source_set_limits (RP_SYNC_HTTP_SOURCE (source), 5, 2, 64, GPOINTER_TO_UINT (user_data), 20);
  return source;
}

typedef struct
{
  RpSyncScheduler *scheduler;
  GArray          *results;   /* RpSyncSchedulerResult, in order */
  gint64           old_version;
  gint64           new_version;
  guint            n_installed;
} Watch;

static void
on_installed (RpSyncScheduler *scheduler,
              gint64           old_version,
              gint64           new_version,
              Watch           *watch)
{
  watch->old_version = old_version;
  watch->new_version = new_version;
  watch->n_installed++;
}

static void
on_finished (RpSyncScheduler *scheduler,
             guint            result,
             Watch           *watch)
{
  g_array_append_val (watch->results, result);
}

static void
watch_init (Watch           *watch,
            RpSyncScheduler *scheduler)
{
  *watch = (Watch) { .scheduler = scheduler, .results = g_array_new (FALSE, FALSE, sizeof (guint)) };
  g_signal_connect (scheduler, "installed", G_CALLBACK (on_installed), watch);
  g_signal_connect (scheduler, "finished", G_CALLBACK (on_finished), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->scheduler, watch);
  g_array_unref (watch->results);
}

typedef struct
{
  Watch *watch;
  guint  n;
} Count;

static gboolean
has_results (gpointer data)
{
  Count *count = data;
  return count->watch->results->len >= count->n;
}

static void
wait_results (Watch      *watch,
              guint       n,
              const char *what)
{
  Count count = { watch, n };
  rp_test_wait_until (has_results, &count, 120, what);
}

static guint
result_at (Watch *watch,
           guint  i)
{
  return g_array_index (watch->results, guint, i);
}

/* Requests nginx logged since the last mark whose URI contains @part. */
static guint
requests_for (const char *part)
{
  g_auto(GStrv) lines = rp_test_nginx_log ();
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], part) != NULL)
      n++;
  return n;
}

static gint64
current_version (RpDataDir *data_dir)
{
  g_autoptr(RpBundle) bundle = rp_data_dir_open_current (data_dir, NULL);
  return bundle ? rp_manifest_get_version (rp_bundle_get_manifest (bundle)) : 0;
}

/* A terminal with @version of the configured origin installed, through
 * the engine. */
static RpDataDir *
terminal_with (const char *name,
               GSettings  *settings,
               gint64      version)
{
  g_autofree char *path = rp_test_make_dir (name);
  RpDataDir *data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autofree char *channel = rp_terminal_dup_channel (terminal);
  g_autofree char *origin = rp_terminal_dup_origin (terminal);
  g_autoptr(RpSyncEngine) engine = rp_terminal_new_sync_engine (terminal, channel, NULL, NULL, NULL);
  g_autoptr(RpSyncSource) source = quick_source (origin, GUINT_TO_POINTER (1));
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome;

  g_assert_nonnull (engine);
  g_assert_true (rp_sync_engine_run (engine, source, &outcome, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (current_version (data_dir), ==, version);
  return data_dir;
}

/* --- the first check ------------------------------------------------------ */

static void
test_first_check_installs_without_a_click (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "sched-first", &url);
  g_autoptr(GSettings) settings = configured_settings (url);
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpTerminal) terminal = NULL;
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = NULL;
  Watch watch;

  publish_version (origin, "sched-first", 1);
  data_dir = terminal_with ("sched-first-terminal", settings, 1);
  publish_version (origin, "sched-first", 2);

  terminal = rp_terminal_new (data_dir, settings);
  scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  rp_sync_scheduler_set_timing (scheduler, 300, HOUR_MS, 1000, 60000);
  watch_init (&watch, scheduler);
  rp_sync_scheduler_start (scheduler);
  /* The first check is planned within the first-check delay... */
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, 300);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), <=, 300);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), >=, 150);
  g_assert_cmpuint (rp_sync_scheduler_get_attempts (scheduler), ==, 0);

  /* ...and installs the newer version by itself. */
  wait_results (&watch, 1, "the first check ends");
  g_assert_cmpuint (result_at (&watch, 0), ==, RP_SYNC_SCHEDULER_INSTALLED);
  g_assert_cmpuint (watch.n_installed, ==, 1);
  g_assert_cmpint (watch.old_version, ==, 1);
  g_assert_cmpint (watch.new_version, ==, 2);
  g_assert_cmpint (current_version (data_dir), ==, 2);
  g_assert_cmpuint (rp_sync_scheduler_get_attempts (scheduler), ==, 1);

  /* Then the first regular check at a random phase of the interval (a
   * fleet started together spreads out at once)... */
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, HOUR_MS);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), >=, HOUR_MS * 0.2);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), <=, HOUR_MS * 1.2);

  /* ...and every interval ±20 % after that. */
  rp_sync_scheduler_check_now (scheduler);
  wait_results (&watch, 2, "the second check ends");
  g_assert_cmpuint (result_at (&watch, 1), ==, RP_SYNC_SCHEDULER_UP_TO_DATE);
  g_assert_cmpuint (watch.n_installed, ==, 1);
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, HOUR_MS);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), >=, HOUR_MS * 0.8);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), <=, HOUR_MS * 1.2);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
}

static void
test_interval_comes_from_the_settings (void)
{
  g_autoptr(GSettings) settings = configured_settings ("http://127.0.0.1:1/");
  g_autofree char *path = rp_test_make_dir ("sched-interval-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  Watch watch;

  /* A failed check's backoff never exceeds the interval in the settings. */
  g_settings_set_uint (settings, "auto-sync-interval", 2);
  rp_sync_scheduler_set_timing (scheduler, 10, 0, 60000, HOUR_MS);
  rp_sync_scheduler_set_source_func (scheduler, quick_source, GUINT_TO_POINTER (0), NULL);
  watch_init (&watch, scheduler);
  rp_sync_scheduler_start (scheduler);
  wait_results (&watch, 1, "the first check fails");
  g_assert_cmpuint (result_at (&watch, 0), ==, RP_SYNC_SCHEDULER_FAILED);
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, 2000);

  /* 0 in the settings: no automatic checks at all. */
  g_settings_set_uint (settings, "auto-sync-interval", 0);
  g_settings_set_string (settings, "origin-url", "");
  rp_sync_scheduler_check_now (scheduler);
  wait_results (&watch, 2, "the check without an origin ends");
  g_assert_cmpuint (result_at (&watch, 1), ==, RP_SYNC_SCHEDULER_FAILED);
  g_assert_nonnull (strstr (rp_sync_scheduler_get_last_error (scheduler)->message, "No origin is configured"));
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, 0);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
}

static void
test_jitter_spreads_and_zero_is_exact (void)
{
  g_autoptr(GSettings) settings = configured_settings ("http://127.0.0.1:1/");
  g_autofree char *path = rp_test_make_dir ("sched-jitter-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  guint low = G_MAXUINT, high = 0;

  /* Twenty starts draw twenty first checks within [½, 1] of the delay,
   * not all alike (a fleet powered on together spreads out). */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
      guint next;

      rp_sync_scheduler_set_timing (scheduler, HOUR_MS, HOUR_MS, 1000, 60000);
      rp_sync_scheduler_start (scheduler);
      next = rp_sync_scheduler_get_next_ms (scheduler);
      g_assert_cmpuint (next, >=, HOUR_MS / 2);
      g_assert_cmpuint (next, <=, HOUR_MS);
      low = MIN (low, next);
      high = MAX (high, next);
      rp_sync_scheduler_stop (scheduler);
    }
  g_assert_cmpuint (low, <, high);

  /* Jitter 0: the lock-step reference of the fleet benchmark. */
  {
    g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));

    rp_sync_scheduler_set_timing (scheduler, HOUR_MS, HOUR_MS, 1000, 60000);
    rp_sync_scheduler_set_jitter (scheduler, 0);
    rp_sync_scheduler_start (scheduler);
    g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), ==, HOUR_MS);
    rp_sync_scheduler_stop (scheduler);
  }
}

/* --- the network ---------------------------------------------------------- */

static gboolean
timer_fired (gpointer data)
{
  RpSyncScheduler *scheduler = data;
  return rp_sync_scheduler_get_next_ms (scheduler) == 0;
}

static void
test_waits_for_an_unmetered_network (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "sched-network", &url);
  g_autoptr(GSettings) settings = configured_settings (url);
  g_autofree char *path = rp_test_make_dir ("sched-network-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (FALSE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  Watch watch;

  publish_version (origin, "sched-network", 1);
  rp_sync_scheduler_set_timing (scheduler, 20, HOUR_MS, 1000, 60000);
  watch_init (&watch, scheduler);
  rp_test_nginx_mark ();
  rp_sync_scheduler_start (scheduler);

  /* Down: the first check comes due and waits. */
  rp_test_wait_until (timer_fired, scheduler, 60, "the first check comes due");
  g_assert_cmpuint (rp_sync_scheduler_get_attempts (scheduler), ==, 0);
  g_assert_false (rp_sync_scheduler_is_running (scheduler));

  /* Up but metered (a phone's hotspot): still no attempt. */
  rp_test_network_set (network, TRUE, TRUE);
  g_assert_cmpuint (rp_sync_scheduler_get_attempts (scheduler), ==, 0);
  g_assert_cmpuint (requests_for ("/sched-network/"), ==, 0);
  g_assert_cmpuint (watch.results->len, ==, 0);

  /* Unmetered: the check runs at once and installs. */
  rp_test_network_set (network, TRUE, FALSE);
  g_assert_cmpuint (rp_sync_scheduler_get_attempts (scheduler), ==, 1);
  wait_results (&watch, 1, "the check after the network came up ends");
  g_assert_cmpuint (result_at (&watch, 0), ==, RP_SYNC_SCHEDULER_INSTALLED);
  g_assert_cmpuint (requests_for ("/sched-network/channels/test/latest.json "), ==, 1);
  g_assert_cmpint (current_version (data_dir), ==, 1);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
}

static void
test_metered_allowed_by_setting (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "sched-metered", &url);
  g_autoptr(GSettings) settings = configured_settings (url);
  g_autofree char *path = rp_test_make_dir ("sched-metered-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, TRUE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  Watch watch;

  publish_version (origin, "sched-metered", 1);
  g_settings_set_boolean (settings, "sync-on-metered", TRUE);
  rp_sync_scheduler_set_timing (scheduler, 20, HOUR_MS, 1000, 60000);
  watch_init (&watch, scheduler);
  rp_sync_scheduler_start (scheduler);
  wait_results (&watch, 1, "the check on a metered network ends");
  g_assert_cmpuint (result_at (&watch, 0), ==, RP_SYNC_SCHEDULER_INSTALLED);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
}

/* --- failures ------------------------------------------------------------- */

static void
test_backoff_doubles_and_is_capped (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "sched-backoff", &url);
  /* Nothing listens on port 1: every check fails at once. */
  g_autoptr(GSettings) settings = configured_settings ("http://127.0.0.1:1/");
  g_autofree char *path = rp_test_make_dir ("sched-backoff-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  const guint expected[] = { 40, 80, 160, 250, 250 };
  Watch watch;

  publish_version (origin, "sched-backoff", 1);
  rp_sync_scheduler_set_timing (scheduler, 10, HOUR_MS, 40, 250);
  rp_sync_scheduler_set_source_func (scheduler, quick_source, GUINT_TO_POINTER (0), NULL);
  watch_init (&watch, scheduler);
  rp_sync_scheduler_start (scheduler);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint planned, next;

      wait_results (&watch, i + 1, "a failed check ends");
      planned = rp_sync_scheduler_get_planned_ms (scheduler);
      next = rp_sync_scheduler_get_next_ms (scheduler);
      g_test_message ("failure %u: planned %u ms, drawn %u ms", i + 1, planned, next);
      g_assert_cmpuint (result_at (&watch, i), ==, RP_SYNC_SCHEDULER_FAILED);
      g_assert_cmpuint (rp_sync_scheduler_get_failures (scheduler), ==, i + 1);
      g_assert_cmpuint (planned, ==, expected[i]);
      g_assert_cmpuint (next, >=, planned / 2);
      g_assert_cmpuint (next, <=, planned);
    }
  g_assert_error (rp_sync_scheduler_get_last_error (scheduler), RP_ERROR, RP_ERROR_NETWORK);
  g_assert_cmpuint (watch.n_installed, ==, 0);

  /* The origin back: one success resets the backoff to the interval. */
  g_settings_set_string (settings, "origin-url", url);
  rp_sync_scheduler_check_now (scheduler);
  wait_results (&watch, G_N_ELEMENTS (expected) + 1, "the check after the origin returned ends");
  g_assert_cmpuint (result_at (&watch, G_N_ELEMENTS (expected)), ==, RP_SYNC_SCHEDULER_INSTALLED);
  g_assert_cmpuint (rp_sync_scheduler_get_failures (scheduler), ==, 0);
  g_assert_null (rp_sync_scheduler_get_last_error (scheduler));
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, HOUR_MS);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
}

static void
check_retry_after (const char *location,
                   const char *status,
                   guint       seconds)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin (location, "sched-retry-after", &url);
  g_autoptr(GSettings) settings = configured_settings (url);
  g_autofree char *name = g_strdup_printf ("sched-%s-terminal", location);
  g_autofree char *path = rp_test_make_dir (name);
  g_autofree char *latest = g_strdup_printf ("/%s/sched-retry-after/channels/test/latest.json %s ", location, status);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  Watch watch;

  rp_sync_scheduler_set_timing (scheduler, 10, HOUR_MS, 40, 250);
  /* The source would retry an ordinary 503 four times; not this one. */
  rp_sync_scheduler_set_source_func (scheduler, quick_source, GUINT_TO_POINTER (4), NULL);
  watch_init (&watch, scheduler);
  rp_test_nginx_mark ();
  rp_sync_scheduler_start (scheduler);
  wait_results (&watch, 1, "the check of a busy origin ends");
  g_assert_cmpuint (result_at (&watch, 0), ==, RP_SYNC_SCHEDULER_FAILED);
  g_assert_error (rp_sync_scheduler_get_last_error (scheduler), RP_ERROR, RP_ERROR_NETWORK);
  g_test_message ("%s", rp_sync_scheduler_get_last_error (scheduler)->message);
  g_assert_nonnull (strstr (rp_sync_scheduler_get_last_error (scheduler)->message, "asks to come back"));
  /* One request, then the origin's delay, not the 40 ms backoff. */
  g_assert_cmpuint (requests_for (latest), ==, 1);
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, seconds * 1000);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), >=, seconds * 1000);
  g_assert_cmpuint (rp_sync_scheduler_get_next_ms (scheduler), <=, seconds * 1200);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
}

static void
test_retry_after_503 (void)
{
  check_retry_after ("busy", "503", 7);
}

static void
test_retry_after_429 (void)
{
  check_retry_after ("slowdown", "429", 3);
}

/* --- one sync at a time ---------------------------------------------------- */

typedef struct
{
  char  *lock_path;
} LockWait;

/* Whether a process holds a flock on @lock_path, read from /proc/locks
 * without taking the lock (probing by locking could itself make the other
 * side find it busy). */
static gboolean
lock_held (gpointer data)
{
  LockWait *wait = data;
  g_autofree char *locks = NULL;
  g_autofree char *needle = NULL;
  struct stat st;

  if (stat (wait->lock_path, &st) != 0 || !g_file_get_contents ("/proc/locks", &locks, NULL, NULL))
    return FALSE;
  needle = g_strdup_printf (":%lu ", (unsigned long) st.st_ino);
  for (char *line = strtok (locks, "\n"); line != NULL; line = strtok (NULL, "\n"))
    if (strstr (line, "FLOCK") != NULL && strstr (line, needle) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
test_cli_then_app_declines (void)
{
  g_autofree char *url = NULL;
  g_autofree char *drip_url = NULL;
  g_autofree char *origin = make_origin ("plain", "sched-cli-first", &url);
  g_autofree char *drip = make_origin ("drip", "sched-cli-drip", &drip_url);
  g_autoptr(GSettings) settings = configured_settings (url);
  g_autofree char *path = rp_test_make_dir ("sched-cli-first-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  LockWait wait = { .lock_path = g_build_filename (path, "sync.lock", NULL) };
  gboolean exited = FALSE;
  Watch watch;

  publish_version (origin, "sched-cli-first", 1);
  publish_version (drip, "sched-cli-drip", 1);
  /* readingpoint-admin sync from an origin that drips its objects: it
   * holds the data directory's lock for as long as the test needs. */
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          g_getenv ("RP_ADMIN"), "--data-dir", path, "sync", "--origin", drip_url, "--channel", "test",
                          "--public-key", pk, "--no-previews", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (cli, NULL, on_exited, &exited);
  rp_test_wait_until (lock_held, &wait, 60, "readingpoint-admin holds the sync lock");

  rp_sync_scheduler_set_timing (scheduler, 10, HOUR_MS, 1000, 60000);
  rp_sync_scheduler_set_busy_retry (scheduler, 50);
  watch_init (&watch, scheduler);
  rp_sync_scheduler_start (scheduler);
  wait_results (&watch, 1, "the app's check finds the lock held");
  /* Busy is "try again shortly", not a failure. */
  g_assert_cmpuint (result_at (&watch, 0), ==, RP_SYNC_SCHEDULER_BUSY);
  g_assert_cmpuint (rp_sync_scheduler_get_failures (scheduler), ==, 0);
  g_assert_cmpuint (rp_sync_scheduler_get_planned_ms (scheduler), ==, 50);
  g_assert_cmpint (current_version (data_dir), ==, 0);

  /* The CLI gone, the app's next try installs. */
  g_subprocess_force_exit (cli);
  rp_test_wait_until (flag_set, &exited, 60, "readingpoint-admin exits");
  while (watch.n_installed == 0)
    {
      guint before = watch.results->len;

      wait_results (&watch, before + 1, "the app's next check ends");
      g_assert_cmpuint (result_at (&watch, before), !=, RP_SYNC_SCHEDULER_FAILED);
    }
  g_assert_cmpint (current_version (data_dir), ==, 1);
  watch_clear (&watch);
  rp_sync_scheduler_stop (scheduler);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
  g_free (wait.lock_path);
}

static gboolean
not_running (gpointer data)
{
  return !rp_sync_scheduler_is_running (data);
}

static void
test_app_then_cli_declines (void)
{
  g_autofree char *drip_url = NULL;
  g_autofree char *drip = make_origin ("drip", "sched-app-drip", &drip_url);
  g_autoptr(GSettings) settings = configured_settings (drip_url);
  g_autofree char *path = rp_test_make_dir ("sched-app-first-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  g_autoptr(RpSyncScheduler) scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));
  g_autofree char *err = NULL;
  LockWait wait = { .lock_path = g_build_filename (path, "sync.lock", NULL) };
  Watch watch;
  int status;

  publish_version (drip, "sched-app-drip", 1);
  rp_sync_scheduler_set_timing (scheduler, 10, HOUR_MS, 1000, 60000);
  /* The default source: a 30 s watchdog, long enough for the CLI's try. */
  watch_init (&watch, scheduler);
  rp_sync_scheduler_start (scheduler);
  rp_test_wait_until (lock_held, &wait, 60, "the app holds the sync lock");
  g_assert_true (rp_sync_scheduler_is_running (scheduler));

  status = rp_test_run (NULL, &err, g_getenv ("RP_ADMIN"), "--data-dir", path, "sync", "--origin", drip_url,
                        "--channel", "test", "--public-key", pk, "--no-previews", NULL);
  g_test_message ("readingpoint-admin: %s", err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "Another sync is running"));
  g_assert_true (rp_sync_scheduler_is_running (scheduler));

  /* Quit: the app's sync is cancelled and announces nothing. */
  rp_sync_scheduler_stop (scheduler);
  rp_test_wait_until (not_running, scheduler, 60, "the cancelled sync ends");
  g_assert_cmpuint (watch.results->len, ==, 0);
  g_assert_cmpint (current_version (data_dir), ==, 0);
  watch_clear (&watch);
  g_assert_finalize_object (g_steal_pointer (&scheduler));
  g_free (wait.lock_path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keys = NULL;

  g_test_init (&argc, &argv, NULL);

  root = rp_test_make_dir ("origins");
  keys = rp_test_make_dir ("keys");
  rp_test_keygen (keys, "district", &sk, &pk);
  rp_test_nginx_start (root);

  g_test_add_func ("/ReadingPoint/SyncScheduler/first-check-installs-without-a-click",
                   test_first_check_installs_without_a_click);
  g_test_add_func ("/ReadingPoint/SyncScheduler/interval-comes-from-the-settings", test_interval_comes_from_the_settings);
  g_test_add_func ("/ReadingPoint/SyncScheduler/jitter-spreads-and-zero-is-exact", test_jitter_spreads_and_zero_is_exact);
  g_test_add_func ("/ReadingPoint/SyncScheduler/waits-for-an-unmetered-network", test_waits_for_an_unmetered_network);
  g_test_add_func ("/ReadingPoint/SyncScheduler/metered-allowed-by-setting", test_metered_allowed_by_setting);
  g_test_add_func ("/ReadingPoint/SyncScheduler/backoff-doubles-and-is-capped", test_backoff_doubles_and_is_capped);
  g_test_add_func ("/ReadingPoint/SyncScheduler/retry-after-503-honoured", test_retry_after_503);
  g_test_add_func ("/ReadingPoint/SyncScheduler/retry-after-429-honoured", test_retry_after_429);
  g_test_add_func ("/ReadingPoint/SyncScheduler/app-declines-while-cli-syncs", test_cli_then_app_declines);
  g_test_add_func ("/ReadingPoint/SyncScheduler/cli-declines-while-app-syncs", test_app_then_cli_declines);

  return g_test_run ();
}
