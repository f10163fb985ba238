/* test-kill-loop.c — SIGKILL `readingpoint-admin sync` at random moments of
 * an apply; after each kill `verify` passes and `current` is the old or the
 * new bundle, never anything else, and the next sync completes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

#define N_KILLS 60

static void
copy_tree (const char *from,
           const char *to)
{
  g_autofree char *rm_out = NULL;

  rp_test_run (NULL, NULL, "rm", "-rf", to, NULL);
  g_assert_cmpint (rp_test_run (NULL, NULL, "cp", "-a", from, to, NULL), ==, 0);
}

static GPid
spawn_sync (const char *data_dir,
            const char *origin,
            const char *pk)
{
  const char *argv[] = { g_getenv ("RP_ADMIN"), "--data-dir", data_dir, "sync", "--origin", origin,
                         "--channel", "test", "--public-key", pk, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                 &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static char *
current_of (const char *data_dir)
{
  g_autofree char *link = g_build_filename (data_dir, "current", NULL);
  return g_file_read_link (link, NULL);
}

static void
test_kill_loop (void)
{
  const char *admin = g_getenv ("RP_ADMIN");
  g_autofree char *keys = rp_test_make_dir ("kill-keys");
  g_autofree char *sk = NULL, *pk = NULL;
  g_autofree char *src1 = rp_test_make_source ("kill-src1");
  g_autofree char *src2 = rp_test_make_source ("kill-src2");
  g_autofree char *o1 = rp_test_make_dir ("kill-origin1");
  g_autofree char *o2 = rp_test_make_dir ("kill-origin2");
  g_autofree char *base = rp_test_make_dir ("kill-base");
  g_autofree char *base_parent = g_path_get_dirname (base);
  g_autofree char *work = g_build_filename (base_parent, "kill-work", NULL);
  g_autofree char *pdf = g_build_filename (src2, "files", "enrolment.pdf", NULL);
  guint old = 0, new = 0;
  gint64 start, duration;

  rp_test_keygen (keys, "kill", &sk, &pk);
  /* Version 2 carries a long PDF so that an apply (copy, hash, build the
   * catalogue with its full-text index, flush, swap) takes a while. */
  rp_test_write_pdf (pdf, 300, "Kill loop: a long document so the apply has many moments to interrupt.");
  rp_test_publish (src1, o1, sk, 1, 30);
  rp_test_publish (src2, o2, sk, 2, 30);
  g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", base, "sync", "--origin", o1, "--channel", "test",
                                "--public-key", pk, NULL), ==, 0);

  /* How long one whole apply takes: kills land uniformly across it. */
  copy_tree (base, work);
  start = g_get_monotonic_time ();
  g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", work, "sync", "--origin", o2, "--channel", "test",
                                "--public-key", pk, NULL), ==, 0);
  duration = g_get_monotonic_time () - start;
  g_test_message ("one apply takes %" G_GINT64_FORMAT " ms", duration / 1000);

  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autofree char *current = NULL;
      g_autofree char *verify_err = NULL;
      GPid pid;
      int status;

      copy_tree (base, work);
      pid = spawn_sync (work, o2, pk);
      g_usleep (g_random_int_range (0, (gint32) (duration * 11 / 10) + 1));
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);

      current = current_of (work);
      if (g_strcmp0 (current, "bundles/test-1") == 0)
        old++;
      else if (g_strcmp0 (current, "bundles/test-2") == 0)
        new++;
      else
        g_error ("kill %u left current at “%s”", i, current);
      if (rp_test_run (NULL, &verify_err, admin, "--data-dir", work, "verify", "--public-key", pk, NULL) != 0)
        g_error ("kill %u: verify failed: %s", i, verify_err);

      /* Every tenth kill, the next sync must finish the job. */
      if (i % 10 == 9)
        {
          g_autofree char *after = NULL;

          g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", work, "sync", "--origin", o2, "--channel",
                                        "test", "--public-key", pk, NULL), ==, 0);
          after = current_of (work);
          g_assert_cmpstr (after, ==, "bundles/test-2");
          g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", work, "verify", "--public-key", pk, NULL), ==, 0);
        }
    }
  g_test_message ("kill-loop: %u SIGKILLs, current old %u times, new %u times, verify passed %u times",
                  N_KILLS, old, new, N_KILLS);
  g_print ("# kill-loop: %u SIGKILLs, current old %u times, new %u times, verify passed %u times\n",
           N_KILLS, old, new, N_KILLS);
  g_assert_cmpuint (old + new, ==, N_KILLS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ReadingPoint/Sync/kill-loop", test_kill_loop);
  return g_test_run ();
}
