/* bench-catalogue.c — issue 18 through the real commands: a catalogue of N
 * entries (bodies of about 950 characters of Chinese prose, no files)
 * published as JSON Lines, synced from nginx into a fresh terminal, then a
 * version with 1 % of the entries added, changed or deleted synced
 * incrementally, against a full install of that version in the same run.
 *
 *   bench-catalogue [--entries N] DIR
 *
 * Prints wall time, peak RSS (the publisher) and blocks written (rusage
 * ru_oublock, 512 bytes each) per step, bytes nginx sent, and the ratios
 * the issue asks for. SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

static void
write_entry (FILE *out,
             guint i,
             guint revision)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *id = g_strdup_printf ("ZW-%06u", i);
  g_autofree char *title = g_strdup_printf ("关于第%u号事项的通知（%u）", i, revision);
  g_autofree char *date = g_strdup_printf ("20%02u-%02u-%02u", 10 + i % 15, 1 + i % 12, 1 + i % 28);
  g_autofree char *line = NULL;
  guint32 x = (i + revision * 7919u) * 2654435761u;

  while (g_utf8_strlen (body->str, -1) < 950)
    g_string_append (body, rp_test_prose_sentence (&x));
  line = rp_test_entry_line (id, title, i % 2 ? "区政府办公室" : "区财政局", date, "c1", body->str);
  fprintf (out, "%s\n", line);
}

/* Version 1: 0 … n-1. Version 2: 1 % of them: a third deleted, a third
 * changed, a third added. */
static char *
make_source (const char *dir,
             const char *name,
             guint       n,
             guint       version)
{
  char *source = g_build_filename (dir, name, NULL);
  g_autofree char *path = g_build_filename (source, "catalogue.jsonl", NULL);
  guint step = 300; /* every 100th entry in three kinds: 1 % */
  FILE *out;

  g_assert_cmpint (g_mkdir_with_parents (source, 0755), ==, 0);
  rp_test_write_file (source, "catalogue.json",
                      "{\"channel\": \"bench\", \"title\": \"规模\", \"categories\": [{\"id\": \"c1\", \"name\": \"通知\"}]}",
                      -1);
  out = fopen (path, "w");
  g_assert_nonnull (out);
  for (guint i = 0; i < n; i++)
    {
      if (version > 1 && i % step == 0)
        continue;
      write_entry (out, i, version > 1 && i % step == 100 ? 2 : 1);
    }
  if (version > 1)
    for (guint i = 0; i < n / step; i++)
      write_entry (out, n + i, 1);
  g_assert_cmpint (fclose (out), ==, 0);
  return source;
}

typedef struct
{
  double  seconds;
  glong   max_rss_kb;
  guint64 written;
} Run;

static Run
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  GPid pid = 0;
  int status;
  Run r;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                 &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s %s failed", argv[0], argv[1]);
  r.seconds = (g_get_monotonic_time () - start) / 1e6;
  r.max_rss_kb = usage.ru_maxrss;
  r.written = (guint64) usage.ru_oublock * 512;
  return r;
}

static Run
publish (const char *source,
         const char *origin,
         const char *sk)
{
  const char *argv[] = { g_getenv ("RP_PUBLISH"), "build", source, origin, "--secret-key", sk, NULL };
  return run (argv);
}

static Run
sync_terminal (const char *data_dir,
               const char *url,
               const char *pk)
{
  const char *argv[] = { g_getenv ("RP_ADMIN"), "--data-dir", data_dir, "sync", "--origin", url,
                         "--channel", "bench", "--public-key", pk, NULL };
  return run (argv);
}

static guint64
sent_since_mark (void)
{
  g_auto(GStrv) lines = rp_test_nginx_log ();
  guint64 bytes = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", -1);
      if (g_strv_length (f) > 3 && strstr (f[1], "/objects/") != NULL)
        bytes += g_ascii_strtoull (f[3], NULL, 10);
    }
  return bytes;
}

static guint64
du (const char *path)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (rp_test_run (&out, NULL, "du", "-sk", path, NULL), ==, 0);
  return g_ascii_strtoull (out, NULL, 10) * 1024;
}

int
main (int   argc,
      char *argv[])
{
  gint64 n = 300000;
  GOptionEntry entries[] = {
    { "entries", 0, 0, G_OPTION_ARG_INT64, &n, "Entries in version 1 (default 300,000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL, *keys = NULL, *sk = NULL, *pk = NULL;
  g_autofree char *src1 = NULL, *src2 = NULL, *origin = NULL, *url = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL;
  Run p1, p2, s1, s2, full;
  guint64 fetched1, fetched2, fetched_full, two_versions, one_version;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || n < 300)
    {
      g_printerr ("Usage: bench-catalogue [--entries N] DIR\n");
      return 2;
    }
  rp_test_run (NULL, NULL, "rm", "-rf", argv[1], NULL);
  root = g_build_filename (argv[1], "origin", NULL);
  keys = g_build_filename (argv[1], "keys", NULL);
  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (keys, 0755), ==, 0);
  rp_test_keygen (keys, "bench", &sk, &pk);
  rp_test_nginx_start (root);
  origin = g_build_filename (root, "o", NULL);
  url = rp_test_nginx_url ("o/");
  t1 = g_build_filename (argv[1], "terminal", NULL);
  t2 = g_build_filename (argv[1], "fresh", NULL);

  src1 = make_source (argv[1], "src1", n, 1);
  src2 = make_source (argv[1], "src2", n, 2);
  p1 = publish (src1, origin, sk);
  rp_test_nginx_mark ();
  s1 = sync_terminal (t1, url, pk);
  fetched1 = sent_since_mark ();
  one_version = du (t1);

  p2 = publish (src2, origin, sk);
  rp_test_nginx_mark ();
  s2 = sync_terminal (t1, url, pk);
  fetched2 = sent_since_mark ();
  two_versions = du (t1);
  rp_test_nginx_mark ();
  full = sync_terminal (t2, url, pk);
  fetched_full = sent_since_mark ();

  g_print ("# bench-catalogue: %" G_GINT64_FORMAT " entries; version 2: 1 %% added, changed or deleted\n", n);
  g_print ("publish v1: %.2f s, peak RSS %ld MiB; publish v2: %.2f s, peak RSS %ld MiB\n", p1.seconds,
           p1.max_rss_kb / 1024, p2.seconds, p2.max_rss_kb / 1024);
  g_print ("first sync (full build): %.2f s, fetched %.1f MB, written %.1f MB\n", s1.seconds, fetched1 / 1e6,
           s1.written / 1e6);
  g_print ("v2 incremental sync: %.2f s, fetched %.1f MB, written %.1f MB\n", s2.seconds, fetched2 / 1e6,
           s2.written / 1e6);
  g_print ("v2 full sync (fresh terminal): %.2f s, fetched %.1f MB, written %.1f MB\n", full.seconds,
           fetched_full / 1e6, full.written / 1e6);
  g_print ("ratios: sync time incremental/full %.3f; bytes fetched incremental/full %.3f; "
           "bytes written incremental/full %.3f; data dir two versions/one %.2f\n",
           s2.seconds / full.seconds, (double) fetched2 / fetched_full, (double) s2.written / MAX (full.written, 1),
           (double) two_versions / one_version);
  rp_test_nginx_stop ();
  return 0;
}
