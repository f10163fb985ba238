/* bench-catalogue.c — issue 18 through the real commands: a catalogue of N
 * entries (bodies of about 950 characters of Chinese prose, no files)
 * published as JSON Lines, synced from nginx into a fresh terminal, then a
 * version with 1 % of the entries added, changed or deleted synced
 * incrementally, against a full install of that version in the same run.
 * Two such versions 2, each over its own copy of version 1 (origin and
 * terminal): "spread", the changes and deletions one in every 300 entries
 * over all ids, and "recent", the same numbers among the newest 5 % of ids
 * (the highest); in both the additions are new ids after every other.
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

typedef enum
{
  UPDATE_NONE,
  UPDATE_SPREAD,
  UPDATE_RECENT
} Update;

/* Version 1 (UPDATE_NONE): 0 … n-1. Version 2: 1 % of them: a third
 * deleted, a third changed (spread: every 300th from 0 and from 100;
 * recent: every 15th among the last n/20, from 7 and from 0), a third
 * added (n … n + n/300 - 1). */
static char *
make_source (const char *dir,
             const char *name,
             guint       n,
             Update      update)
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
      gboolean recent = i >= n - n / 20;
      gboolean deleted = update == UPDATE_SPREAD ? i % step == 0 : update == UPDATE_RECENT && recent && i % 15 == 7;
      gboolean changed = update == UPDATE_SPREAD ? i % step == 100 : update == UPDATE_RECENT && recent && i % 15 == 0;

      if (deleted)
        continue;
      write_entry (out, i, changed ? 2 : 1);
    }
  if (update != UPDATE_NONE)
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

/* The chunks of version 2 that version 1 does not have: how many, and
 * their bytes (what an incremental sync has to fetch). */
static void
changed_chunks (const char *origin,
                guint      *out_n,
                guint      *out_of,
                guint64    *out_bytes)
{
  g_autoptr(RpManifest) m1 = rp_test_origin_manifest (origin, "bench", 1);
  g_autoptr(RpManifest) m2 = rp_test_origin_manifest (origin, "bench", 2);
  g_autoptr(GHashTable) old = g_hash_table_new (g_str_hash, g_str_equal);

  *out_n = 0;
  *out_bytes = 0;
  *out_of = rp_manifest_get_n_catalogue_parts (m2) - 1;
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (m1); i++)
    g_hash_table_add (old, rp_manifest_get_catalogue_part (m1, i)->sha256);
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (m2); i++)
    {
      const RpManifestChunk *c = rp_manifest_get_catalogue_part (m2, i);

      if (g_hash_table_contains (old, c->sha256))
        continue;
      (*out_n)++;
      *out_bytes += c->size;
    }
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_assert_cmpint (rp_test_run (NULL, NULL, "cp", "-a", from, to, NULL), ==, 0);
}

/* Version 2 of kind @update published over version 1 in @origin, synced
 * onto @terminal (at version 1) and into the fresh @fresh; prints it. */
static void
update_and_sync (const char *dir,
                 const char *label,
                 Update      update,
                 gint64      n,
                 const char *origin,
                 const char *url,
                 const char *terminal,
                 const char *fresh,
                 const char *sk,
                 const char *pk,
                 guint64     one_version)
{
  g_autofree char *name = g_strdup_printf ("src-%s", label);
  g_autofree char *src2 = make_source (dir, name, n, update);
  Run p2, s2, full;
  guint64 fetched2, fetched_full, two_versions, changed_bytes;
  guint n_changed, n_chunks;

  p2 = publish (src2, origin, sk);
  changed_chunks (origin, &n_changed, &n_chunks, &changed_bytes);
  rp_test_nginx_mark ();
  s2 = sync_terminal (terminal, url, pk);
  fetched2 = sent_since_mark ();
  two_versions = du (terminal);
  rp_test_nginx_mark ();
  full = sync_terminal (fresh, url, pk);
  fetched_full = sent_since_mark ();
  g_print ("## version 2 \"%s\": 1 %% added, changed or deleted\n", label);
  g_print ("publish v2: %.2f s, peak RSS %ld MiB; %u of %u chunks new, %.1f MB\n", p2.seconds,
           p2.max_rss_kb / 1024, n_changed, n_chunks, changed_bytes / 1e6);
  g_print ("v2 incremental sync: %.2f s, fetched %.1f MB, written %.1f MB\n", s2.seconds, fetched2 / 1e6,
           s2.written / 1e6);
  g_print ("v2 full sync (fresh terminal): %.2f s, fetched %.1f MB, written %.1f MB\n", full.seconds,
           fetched_full / 1e6, full.written / 1e6);
  g_print ("ratios: sync time incremental/full %.3f; bytes fetched incremental/full %.3f; "
           "fetched/changed chunks %.3f; bytes written incremental/full %.3f; data dir two versions/one %.2f\n",
           s2.seconds / full.seconds, (double) fetched2 / fetched_full, (double) fetched2 / MAX (changed_bytes, 1),
           (double) s2.written / MAX (full.written, 1), (double) two_versions / one_version);
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
  g_autofree char *src1 = NULL, *origin = NULL, *origin_b = NULL, *url = NULL, *url_b = NULL;
  g_autofree char *t1 = NULL, *t1_b = NULL, *fresh = NULL, *fresh_b = NULL;
  Run p1, s1;
  guint64 fetched1, one_version;

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
  origin_b = g_build_filename (root, "o2", NULL);
  url = rp_test_nginx_url ("o/");
  url_b = rp_test_nginx_url ("o2/");
  t1 = g_build_filename (argv[1], "terminal", NULL);
  t1_b = g_build_filename (argv[1], "terminal-recent", NULL);
  fresh = g_build_filename (argv[1], "fresh", NULL);
  fresh_b = g_build_filename (argv[1], "fresh-recent", NULL);
  src1 = make_source (argv[1], "src1", n, UPDATE_NONE);
  p1 = publish (src1, origin, sk);
  rp_test_nginx_mark ();
  s1 = sync_terminal (t1, url, pk);
  fetched1 = sent_since_mark ();
  one_version = du (t1);
  /* The second scenario starts from copies of version 1. */
  copy_tree (origin, origin_b);
  copy_tree (t1, t1_b);
  g_print ("# bench-catalogue: %" G_GINT64_FORMAT " entries\n", n);
  g_print ("publish v1: %.2f s, peak RSS %ld MiB\n", p1.seconds, p1.max_rss_kb / 1024);
  g_print ("first sync (full build): %.2f s, fetched %.1f MB, written %.1f MB\n", s1.seconds, fetched1 / 1e6,
           s1.written / 1e6);
  update_and_sync (argv[1], "spread", UPDATE_SPREAD, n, origin, url, t1, fresh, sk, pk, one_version);
  update_and_sync (argv[1], "recent", UPDATE_RECENT, n, origin_b, url_b, t1_b, fresh_b, sk, pk, one_version);
  rp_test_nginx_stop ();
  return 0;
}
