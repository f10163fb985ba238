/* bench-fleet-poll.c — a fleet polling one origin politely (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-fleet-poll [--terminals N] [--interval SECONDS] [--outage SECONDS]
 *                    [--terminals-dir PATH] DIR
 *
 * N terminals (default 1,000), each a real RpSyncScheduler + RpSyncEngine +
 * RpTerminal with its own data directory, all in this process, poll one
 * nginx origin on loopback. Time is scaled: the interval (default 20 s)
 * stands for the real hour, the outage (default a sixth of it) for ten minutes,
 * the backoff base (0.25 s) for the app's 30 s. Half the fleet polls the
 * origin directly, half through an nginx proxy_cache tier; the origin
 * logs each request with the port it came in on, so the two are told
 * apart.
 *
 *   1. Reference, no jitter: every terminal starts at once and polls in
 *      lock step; peak requests per second over the mean.
 *   2. With the scheduler's ±20 % jitter, started at once again (a power
 *      cut): peak over mean from the second interval on.
 *   3. A new bundle is published: how often the origin serves its changed
 *      objects to the cache tier and to the direct half; time until every
 *      terminal runs it.
 *   4. The origin stops for the outage: checks attempted during it (each
 *      a failed request), against what a fixed retry every backoff base
 *      would have sent; then a newer bundle published as it returns and
 *      the time until every terminal that failed has succeeded again and
 *      every terminal runs the newest bundle.
 *
 * Needs nginx, RP_PUBLISH (readingpoint-publish) in the environment and a
 * compiled schema in GSETTINGS_SCHEMA_DIR (meson test --benchmark sets
 * all three). Figures in RESULTS.md.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "rp-core.h"
#include "rp-test-network.h"
#include "rp-test-util.h"
#include "rp-test-origin.h"

static int n_terminals = 1000;
static char *terminals_dir;
static double interval_s = 20;
static double outage_s = 0;  /* 0: ten minutes of the scaled hour */
#define FIRST_DELAY_S 5.0
#define BACKOFF_BASE_S 0.25

typedef struct
{
  RpDataDir       *data_dir;
  RpTerminal      *terminal;
  RpSyncScheduler *scheduler;
  gint64           version;
  guint            failures_seen;
  gint64           failed_at;      /* monotonic µs of a failure not yet recovered, 0 */
  gint64           recovered_at;
  guint            attempts_at_return;
} Terminal;

static Terminal *fleet;
static char *dir;
static char *sk, *pk;
static char *origin_dir;
static guint origin_port_direct, origin_port_cache_upstream, cache_port;
static GPid origin_pid, cache_pid;
static RpTestNetwork *network;

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static const char common_conf[] =
  "daemon off;\nmaster_process off;\nuser root;\nworker_processes 1;\nworker_rlimit_nofile 16384;\n"
  "pid %s/%s.pid;\nerror_log %s/%s-error.log;\n"
  "events { worker_connections 8192; }\n"
  "http {\n"
  "  log_format rp '$msec $server_port $request_method $uri $status $upstream_cache_status';\n"
  "  access_log %s/%s.log rp;\n"
  "  client_body_temp_path %s/tmp-body; proxy_temp_path %s/tmp-proxy;\n"
  "  fastcgi_temp_path %s/tmp-fcgi; uwsgi_temp_path %s/tmp-uwsgi; scgi_temp_path %s/tmp-scgi;\n"
  "  types { application/json json; }\n"
  "  default_type application/octet-stream;\n"
  "  keepalive_requests 100000;\n";

static char *
conf_head (const char *name)
{
  return g_strdup_printf (common_conf, dir, name, dir, name, dir, name, dir, dir, dir, dir, dir);
}

static GPid
spawn_nginx (const char *name,
             const char *conf)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.conf", dir, name);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "nginx", "-p", dir, "-c", path, NULL };
  GPid pid;

  g_assert_true (g_file_set_contents (path, conf, -1, NULL));
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  g_usleep (300000);
  return pid;
}

static void
start_origin (void)
{
  g_autofree char *head = conf_head ("origin");
  g_autofree char *conf = g_strdup_printf ("%s"
                                           "  server { listen 127.0.0.1:%u; listen 127.0.0.1:%u; root %s; }\n"
                                           "}\n",
                                           head, origin_port_direct, origin_port_cache_upstream, origin_dir);
  origin_pid = spawn_nginx ("origin", conf);
}

static void
stop (GPid *pid)
{
  if (*pid > 0)
    {
      kill (*pid, SIGTERM);
      waitpid (*pid, NULL, 0);
      *pid = 0;
    }
}

/* Objects are immutable (named by hash): cached for good, fetched once
 * however many terminals miss at once (proxy_cache_lock). latest.json and
 * its signature change on a publish: cached for a second and revalidated,
 * so a thousand polls a second cost the origin one. */
static void
start_cache (void)
{
  g_autofree char *head = conf_head ("cache");
  g_autofree char *conf = g_strdup_printf (
    "%s"
    "  proxy_cache_path %s/cache keys_zone=rp:10m max_size=1g inactive=1d;\n"
    "  server {\n"
    "    listen 127.0.0.1:%u;\n"
    "    proxy_cache rp; proxy_cache_key $uri; proxy_cache_lock on; proxy_cache_lock_timeout 60s;\n"
    "    proxy_cache_revalidate on; proxy_http_version 1.1; proxy_set_header Connection \"\";\n"
    "    location /objects/ { proxy_pass http://127.0.0.1:%u; proxy_cache_valid 200 1d; }\n"
    "    location / { proxy_pass http://127.0.0.1:%u; proxy_cache_valid 200 1s; }\n"
    "  }\n"
    "}\n",
    head, dir, cache_port, origin_port_cache_upstream, origin_port_cache_upstream);
  cache_pid = spawn_nginx ("cache", conf);
}

static void
publish_into (const char *into,
              gint64      version);

static void
publish (gint64 version)
{
  publish_into (origin_dir, version);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autofree char *source = g_strconcat (from, "/.", NULL);
  const char *argv[] = { "cp", "-a", source, to, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                               NULL));
  g_assert_cmpint (status, ==, 0);
}

/* Publishes @version beside the origin (readingpoint-publish takes
 * seconds) and returns where; published() then puts it in place in an
 * instant, objects first, as a publisher's rsync would. */
static char *
stage (gint64 version)
{
  g_autofree char *name = g_strdup_printf ("staged-%" G_GINT64_FORMAT, version);
  char *staged = g_build_filename (dir, name, NULL);

  copy_tree (origin_dir, staged);
  publish_into (staged, version);
  return staged;
}

static void
put_in_place (const char *staged)
{
  g_autofree char *objects = g_build_filename (staged, "objects", NULL);
  g_autofree char *objects_to = g_build_filename (origin_dir, "objects", NULL);

  copy_tree (objects, objects_to);
  copy_tree (staged, origin_dir);
}

static void
publish_into (const char *into,
              gint64      version)
{
  g_autofree char *name = g_strdup_printf ("source-%" G_GINT64_FORMAT, version);
  g_autofree char *source = rp_test_make_revision (name, version);

  rp_test_publish (source, into, sk, version, 30);
  rp_test_age_latest (into, "test", 10 - version);
}

/* The test source's PDF object in the manifest of @version. */
static char *
pdf_object (gint64 version)
{
  g_autofree char *path = g_strdup_printf ("%s/channels/test/%" G_GINT64_FORMAT ".json", origin_dir, version);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  const RpManifestObject *object;

  g_assert_true (g_file_get_contents (path, &json, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&json), length);
  manifest = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  object = rp_manifest_lookup_path (manifest, "files/enrolment.pdf");
  g_assert_nonnull (object);
  return g_strdup (object->sha256);
}

static RpSyncSource *
bench_source (const char *origin,
              gpointer    user_data)
{
  RpSyncSource *source = rp_sync_source_new_for_origin (origin);

  /* One quick retry inside a check: the scheduler's backoff is measured. */
  rp_sync_http_source_set_limits (RP_SYNC_HTTP_SOURCE (source), 30, 30, 64, 1, 100);
  return source;
}

static void
on_installed (RpSyncScheduler *scheduler,
              gint64           old_version,
              gint64           new_version,
              Terminal        *t)
{
  t->version = new_version;
}

static void
on_finished (RpSyncScheduler *scheduler,
             guint            result,
             Terminal        *t)
{
  if (result == RP_SYNC_SCHEDULER_FAILED)
    {
      t->failures_seen++;
      if (t->failed_at == 0)
        t->failed_at = g_get_monotonic_time ();
    }
  else if (t->failed_at != 0)
    {
      t->recovered_at = g_get_monotonic_time ();
      t->failed_at = 0;
    }
}

static GSettings *
settings_for (const char *url)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (schemas, RP_APP_ID, TRUE);
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  GSettings *settings;

  g_assert_nonnull (schema);
  settings = g_settings_new_full (schema, backend, NULL);
  rp_test_configure (settings, pk, "test", url);
  return settings;
}

static void
start_fleet (double jitter)
{
  for (int i = 0; i < n_terminals; i++)
    {
      Terminal *t = &fleet[i];

      g_clear_object (&t->scheduler);
      t->scheduler = rp_sync_scheduler_new (t->terminal, G_NETWORK_MONITOR (network));
      rp_sync_scheduler_set_timing (t->scheduler, FIRST_DELAY_S * 1000, interval_s * 1000, BACKOFF_BASE_S * 1000,
                                    interval_s * 1000);
      rp_sync_scheduler_set_jitter (t->scheduler, jitter);
      rp_sync_scheduler_set_source_func (t->scheduler, bench_source, NULL, NULL);
      g_signal_connect (t->scheduler, "installed", G_CALLBACK (on_installed), t);
      g_signal_connect (t->scheduler, "finished", G_CALLBACK (on_finished), t);
    }
  for (int i = 0; i < n_terminals; i++)
    rp_sync_scheduler_start (fleet[i].scheduler);
}

static gboolean
fleet_idle (void)
{
  for (int i = 0; i < n_terminals; i++)
    if (rp_sync_scheduler_is_running (fleet[i].scheduler))
      return FALSE;
  return TRUE;
}

static void
stop_fleet (void)
{
  for (int i = 0; i < n_terminals; i++)
    rp_sync_scheduler_stop (fleet[i].scheduler);
  while (!fleet_idle ())
    g_main_context_iteration (NULL, TRUE);
}

/* Turns the main loop for @seconds. */
static void
run_for (double seconds)
{
  gint64 until = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef gboolean (*FleetCondition) (void);

/* Seconds until @condition holds, turning the main loop. */
static double
time_until (FleetCondition condition,
            double         limit)
{
  gint64 start = g_get_monotonic_time ();

  while (!condition ())
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      if (g_get_monotonic_time () - start > limit * G_USEC_PER_SEC)
        return -1;
    }
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gint64 target_version;

static gboolean
all_on_target (void)
{
  for (int i = 0; i < n_terminals; i++)
    if (fleet[i].version < target_version)
      return FALSE;
  return TRUE;
}

static gboolean
all_recovered (void)
{
  for (int i = 0; i < n_terminals; i++)
    if (fleet[i].failed_at != 0)
      return FALSE;
  return TRUE;
}

static gboolean
all_checked_since_return (void)
{
  for (int i = 0; i < n_terminals; i++)
    if (rp_sync_scheduler_get_attempts (fleet[i].scheduler) <= fleet[i].attempts_at_return)
      return FALSE;
  return TRUE;
}

/* Lines of log @name (origin or cache). */
static GStrv
log_lines (const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.log", dir, name);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_new0 (char *, 1);
  return g_strsplit (g_strchomp (text), "\n", -1);
}

/* Terminal polls of latest.json (not the signature) in [@from, @to)
 * (epoch seconds), from both the cache's log and the origin's direct
 * port: peak per second and mean per second. */
static void
poll_rate (double  from,
           double  to,
           double *out_peak,
           double *out_mean)
{
  g_auto(GStrv) origin = log_lines ("origin");
  g_auto(GStrv) cache = log_lines ("cache");
  g_autofree char *direct_port = g_strdup_printf (" %u ", origin_port_direct);
  guint n_buckets = (guint) ceil (to - from);
  g_autofree guint *buckets = g_new0 (guint, n_buckets);
  guint total = 0, peak = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      GStrv lines = pass == 0 ? origin : cache;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          double t = g_ascii_strtod (lines[i], NULL);

          if (t < from || t >= to || strstr (lines[i], "/latest.json ") == NULL)
            continue;
          if (pass == 0 && strstr (lines[i], direct_port) == NULL)
            continue;
          buckets[(guint) (t - from)]++;
          total++;
        }
    }
  for (guint i = 0; i < n_buckets; i++)
    peak = MAX (peak, buckets[i]);
  *out_peak = peak;
  *out_mean = total / (to - from);
}

/* Origin requests for @part, by the port they came in on. */
static void
origin_requests (const char *part,
                 guint      *out_direct,
                 guint      *out_from_cache)
{
  g_auto(GStrv) lines = log_lines ("origin");
  g_autofree char *direct_port = g_strdup_printf (" %u ", origin_port_direct);

  *out_direct = *out_from_cache = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], part) != NULL && strstr (lines[i], " 200 ") != NULL)
      {
        if (strstr (lines[i], direct_port) != NULL)
          (*out_direct)++;
        else
          (*out_from_cache)++;
      }
}

static double
now_epoch (void)
{
  return g_get_real_time () / (double) G_USEC_PER_SEC;
}

static guint
total_failures (void)
{
  guint n = 0;

  for (int i = 0; i < n_terminals; i++)
    n += fleet[i].failures_seen;
  return n;
}

static void
quiet (const char    *domain,
       GLogLevelFlags level,
       const char    *message,
       gpointer       user_data)
{
}

static guint
max_failures_in_row (void)
{
  guint n = 0;

  for (int i = 0; i < n_terminals; i++)
    n = MAX (n, rp_sync_scheduler_get_failures (fleet[i].scheduler));
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) direct_settings = NULL;
  g_autoptr(GSettings) cached_settings = NULL;
  g_autofree char *direct_url = NULL;
  g_autofree char *cached_url = NULL;
  g_autofree char *keys = NULL;
  const GOptionEntry entries[] = {
    { "terminals", 0, 0, G_OPTION_ARG_INT, &n_terminals, "Terminals (1000)", "N" },
    { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &interval_s, "Scaled poll interval in seconds (20)", "S" },
    { "outage", 0, 0, G_OPTION_ARG_DOUBLE, &outage_s, "Scaled outage in seconds (a sixth of the interval)", "S" },
    { "terminals-dir", 0, 0, G_OPTION_ARG_FILENAME, &terminals_dir,
      "The terminals' data directories (DIR/terminals; a tmpfs keeps the disk out of the figures)", "PATH" },
    { NULL }
  };
  struct rlimit files;
  double t0, ref_peak, ref_mean, peak, mean, converge_s, recover_s, checked_s, outage_start;
  guint direct, from_cache, lines_before, attempts_during, fixed_retry, noticed;
  gint64 outage_mono, return_mono;
  g_autofree char *object = NULL;
  g_autofree char *staged = NULL;

  /* A thousand terminals each say "Automatic sync failed" in the outage:
   * the figures below count them instead. */
  g_log_set_handler (NULL, G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, quiet, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-fleet-poll [OPTIONS] DIR");
      return 2;
    }
  if (outage_s <= 0)
    outage_s = interval_s / 6;
  /* A socket per terminal and per nginx connection. */
  getrlimit (RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit (RLIMIT_NOFILE, &files);

  rp_remove_tree (argv[1], NULL);
  g_assert_cmpint (g_mkdir_with_parents (argv[1], 0755), ==, 0);
  dir = g_canonicalize_filename (argv[1], NULL);
  origin_dir = g_build_filename (dir, "origin", NULL);
  if (terminals_dir == NULL)
    terminals_dir = g_build_filename (dir, "terminals", NULL);
  rp_remove_tree (terminals_dir, NULL);
  g_assert_cmpint (g_mkdir_with_parents (origin_dir, 0755), ==, 0);
  keys = g_build_filename (dir, "keys", NULL);
  g_assert_cmpint (g_mkdir_with_parents (keys, 0755), ==, 0);
  rp_test_keygen (keys, "district", &sk, &pk);
  origin_port_direct = free_port ();
  origin_port_cache_upstream = free_port ();
  cache_port = free_port ();
  publish (1);
  start_origin ();
  start_cache ();
  direct_url = g_strdup_printf ("http://127.0.0.1:%u/", origin_port_direct);
  cached_url = g_strdup_printf ("http://127.0.0.1:%u/", cache_port);
  direct_settings = settings_for (direct_url);
  cached_settings = settings_for (cached_url);
  network = rp_test_network_new (TRUE, FALSE);

  fleet = g_new0 (Terminal, n_terminals);
  for (int i = 0; i < n_terminals; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04d", i);
      g_autofree char *path = g_build_filename (terminals_dir, name, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
      fleet[i].data_dir = rp_data_dir_new (path);
      fleet[i].terminal = rp_terminal_new (fleet[i].data_dir, i % 2 ? cached_settings : direct_settings);
    }
  g_print ("fleet-poll: %d terminals, interval %.1f s (one hour scaled), outage %.1f s, backoff base %.2f s\n",
           n_terminals, interval_s, outage_s, BACKOFF_BASE_S);

  /* 1. Lock step: every terminal installs version 1 together, then polls
   * together. */
  start_fleet (0);
  target_version = 1;
  g_print ("reference (no jitter): all on version 1 after %.1f s\n", time_until (all_on_target, 600));
  t0 = now_epoch ();
  run_for (2 * interval_s);
  poll_rate (t0, now_epoch (), &ref_peak, &ref_mean);
  stop_fleet ();
  g_print ("reference (no jitter): peak %.0f polls/s, mean %.1f polls/s, peak/mean %.2f\n", ref_peak, ref_mean,
           ref_peak / ref_mean);

  /* 2. The scheduler's jitter, after a power cut (all start at once):
   * each interval on its own, then the second to fourth together. */
  start_fleet (0.2);
  t0 = now_epoch ();
  run_for (4 * interval_s);
  for (int k = 0; k < 4; k++)
    {
      poll_rate (t0 + k * interval_s, t0 + (k + 1) * interval_s, &peak, &mean);
      g_print ("jitter +/-20%%, interval %d after the start: peak %.0f polls/s, mean %.1f, peak/mean %.2f\n", k + 1,
               peak, mean, peak / mean);
    }
  poll_rate (t0 + interval_s, t0 + 4 * interval_s, &peak, &mean);
  g_print ("jitter +/-20%%, intervals 2-4: peak %.0f polls/s, mean %.1f polls/s, peak/mean %.2f (reference %.2f)\n",
           peak, mean, peak / mean, ref_peak / ref_mean);

  /* 3. A new bundle: its changed PDF object, fetched from the origin. */
  publish (2);
  object = pdf_object (2);
  target_version = 2;
  converge_s = time_until (all_on_target, 10 * interval_s);
  run_for (1);
  origin_requests (object, &direct, &from_cache);
  g_print ("publish v2: all %d terminals on it after %.1f s (%.2f intervals)\n", n_terminals, converge_s,
           converge_s / interval_s);
  g_print ("publish v2: origin served the changed object %u times to the cache tier (%d terminals behind it), "
           "%u times direct (%d terminals)\n",
           from_cache, n_terminals / 2, direct, n_terminals - n_terminals / 2);

  /* 4. The origin down, then back with a newer bundle. */
  staged = stage (3);
  lines_before = total_failures ();
  outage_start = now_epoch ();
  outage_mono = g_get_monotonic_time ();
  stop (&origin_pid);
  run_for (outage_s);
  attempts_during = total_failures () - lines_before;
  /* What a fixed retry every backoff base would cost: each terminal that
   * noticed the outage, once per base from its first failure on. */
  fixed_retry = noticed = 0;
  for (int i = 0; i < n_terminals; i++)
    if (fleet[i].failed_at != 0)
      {
        noticed++;
        fixed_retry += 1 + (guint) ((g_get_monotonic_time () - fleet[i].failed_at) / (BACKOFF_BASE_S * G_USEC_PER_SEC));
      }
  put_in_place (staged);
  start_origin ();
  g_print ("outage %.1f s: %u terminals noticed it; %u failed checks (one request each, sent while it lasted); "
           "a fixed retry every %.2f s would have sent %u\n",
           now_epoch () - outage_start, noticed, attempts_during, BACKOFF_BASE_S, fixed_retry);
  g_print ("outage: the most failed checks of one terminal: %u\n", max_failures_in_row ());
  (void) outage_mono;
  for (int i = 0; i < n_terminals; i++)
    fleet[i].attempts_at_return = rp_sync_scheduler_get_attempts (fleet[i].scheduler);
  return_mono = g_get_monotonic_time ();
  time_until (all_recovered, 10 * interval_s);
  recover_s = (g_get_monotonic_time () - return_mono) / (double) G_USEC_PER_SEC;
  time_until (all_checked_since_return, 10 * interval_s);
  checked_s = (g_get_monotonic_time () - return_mono) / (double) G_USEC_PER_SEC;
  target_version = 3;
  time_until (all_on_target, 10 * interval_s);
  converge_s = (g_get_monotonic_time () - return_mono) / (double) G_USEC_PER_SEC;
  g_print ("origin back: every failed terminal succeeded again within %.1f s (%.2f intervals); every terminal "
           "had started a check within %.1f s (%.2f intervals); all ran version 3 within %.1f s (%.2f intervals)\n",
           recover_s, recover_s / interval_s, checked_s, checked_s / interval_s, converge_s, converge_s / interval_s);

  stop_fleet ();
  for (int i = 0; i < n_terminals; i++)
    {
      g_clear_object (&fleet[i].scheduler);
      g_clear_object (&fleet[i].terminal);
      g_clear_object (&fleet[i].data_dir);
    }
  stop (&cache_pid);
  stop (&origin_pid);
  rp_remove_tree (terminals_dir, NULL);
  return 0;
}
