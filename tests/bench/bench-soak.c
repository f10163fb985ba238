/* bench-soak.c — a whole day at a reading point (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-soak [--minutes M] [--actions N] [--catalogue DIR] [--only KIND]
 *
 * Drives the real kiosk window (tests/rp-soak.c) for at least M minutes
 * and N actions, in visits of 20–80 actions that end in the idle wipe, and
 * prints a table: actions, resident memory after each thousand actions'
 * wipe and its peak in between, malloc's heap, threads, fds and warnings.
 * First it measures a minimal GTK window's resident memory in a child
 * process and the kiosk's at rest on its home page, in the same run. The
 * catalogue is the demo bundle, installed through the real sync path, or
 * DIR/catalogue.db (bench-search builds a 200,000-entry one). Exits 1 when
 * a target is missed (tests/bench/RESULTS.md).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "rp-soak.h"
#include "rp-style.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"

static guint warnings;

static GLogWriterOutput
count_warnings (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    warnings++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
present_and_settle (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (2000);
}

/* Resident memory by mapping, the largest first: where it went. */
static void
print_maps (const char *when)
{
  g_autofree char *smaps = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) names = NULL;
  char *name = NULL;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  for (char *line = strtok (smaps, "\n"); line != NULL; line = strtok (NULL, "\n"))
    {
      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL)
        {
          char *path = line;

          for (int field = 0; field < 5 && path != NULL; field++)
            path = strchr (path, ' ') ? strchr (path, ' ') + 1 : NULL;
          while (path != NULL && *path == ' ')
            path++;
          g_free (name);
          /* Files by their directory's last part; memfds by their name. */
          if (path == NULL || *path == '\0')
            name = g_strdup ("[anonymous]");
          else if (g_str_has_prefix (path, "/memfd:"))
            name = g_strndup (path, strcspn (path, " ("));
          else if (path[0] == '/')
            name = g_path_get_basename (path);
          else
            name = g_strdup (path);
        }
      else if (name != NULL && g_str_has_prefix (line, "Rss:"))
        {
          guint64 kib = g_ascii_strtoull (line + 4, NULL, 10);

          g_hash_table_replace (by_name, g_strdup (name),
                                GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, name)) + kib));
        }
    }
  g_free (name);
  g_print ("\nResident memory by mapping, %s (KiB, ≥ 1 MiB):\n\n| mapping | RSS KiB |\n|---|---|\n", when);
  names = g_hash_table_get_keys (by_name);
  for (GList *l = names; l; l = l->next)
    if (GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, l->data)) >= 1024)
      g_print ("| %s | %zu |\n", (char *) l->data, GPOINTER_TO_SIZE (g_hash_table_lookup (by_name, l->data)));
}

/* A minimal GTK window, presented, painted; its VmRSS and heap printed. */
static int
minimal_main (void)
{
  GtkWidget *window = gtk_window_new ();
  RpSoakSample sample;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Reading Point"));
  present_and_settle (window);
  rp_soak_sample (&sample);
  g_print ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", sample.rss_kib, sample.heap_kib);
  print_maps ("a minimal GTK window");
  return 0;
}

static guint64
minimal_rss_kib (const char *self_path,
                 guint64    *heap_kib)
{
  const char *argv[] = { self_path, "--minimal", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("minimal window: %s", error->message);
  *heap_kib = g_ascii_strtoull (strchr (out, ' ') + 1, NULL, 10);
  g_print ("%s\n", strchr (out, '\n') + 1); /* its memory by mapping */
  return g_ascii_strtoull (out, NULL, 10);
}

static int
install_demo_main (const char *path)
{
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;

  if (!rp_demo_install_if_empty (data_dir, &error))
    g_error ("%s", error ? error->message : "the data directory is not empty");
  return 0;
}

static void
print_row (FILE               *out,
           double              minutes,
           RpSoak             *soak,
           guint               visits,
           const RpSoakSample *now,
           guint64             peak_kib)
{
  fprintf (out, "| %.1f | %u | %u | %.1f | %.1f | %.1f | %u | %u | %u |\n", minutes,
             rp_soak_get_n_actions (soak), visits, now->rss_kib / 1024.0, peak_kib / 1024.0,
             now->heap_kib / 1024.0, now->threads, now->fds, warnings);
  fflush (out);
}

int
main (int   argc,
      char *argv[])
{
  int minutes = 30, actions = 10000, row_every = 1000;
  const char *catalogue_dir = NULL, *only = NULL;
  const GOptionEntry options[] = {
    { "minutes", 0, 0, G_OPTION_ARG_INT, &minutes, "Run at least M minutes", "M" },
    { "actions", 0, 0, G_OPTION_ARG_INT, &actions, "…and at least N actions", "N" },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_dir, "DIR/catalogue.db instead of the demo", "DIR" },
    { "row-every", 0, 0, G_OPTION_ARG_INT, &row_every, "A table row every N actions (1000)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only this kind of action (tap, scroll, swipe, type, open)", "KIND" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpSoak) soak = rp_soak_new (19);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  guint64 render_kib = (guint64) RP_RENDER_QUEUE_DEFAULT_CACHE_MIB << 10;
  guint64 minimal_kib, minimal_heap_kib, peak_kib = 0, worst_after_wipe = 0;
  RpSoakSample rest, now;
  gint64 start, next_row;
  guint visits = 0;
  gboolean met;

  if (argc == 2 && g_str_equal (argv[1], "--minimal"))
    {
      gtk_init ();
      return minimal_main ();
    }
  if (argc == 3 && g_str_equal (argv[1], "--install-demo"))
    return install_demo_main (argv[2]);
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      g_printerr ("Usage: bench-soak [--minutes M] [--actions N] [--catalogue DIR] [--only KIND]\n");
      return 2;
    }
  rp_soak_set_only (soak, only);
  g_log_set_writer_func (count_warnings, NULL, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("READINGPOINT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();

  minimal_kib = minimal_rss_kib (self_path, &minimal_heap_kib);
  if (catalogue_dir != NULL)
    {
      g_autofree char *db = g_build_filename (catalogue_dir, "catalogue.db", NULL);
      g_autofree char *objects = g_build_filename (catalogue_dir, "objects", NULL);
      g_autoptr(RpObjectStore) store = rp_object_store_new (objects);

      catalogue = rp_catalogue_open (db, store, &error);
      if (catalogue == NULL)
        g_error ("%s", error->message);
    }
  else
    {
      /* Installed by another process, as a reading point starts each
       * morning on the bundle it synced before: the rest measured is the
       * kiosk's, not an installer's. */
      g_autofree char *path = rp_test_make_dir ("soak");
      const char *install[] = { self_path, "--install-demo", path, NULL };
      int status;

      if (!g_spawn_sync (NULL, (char **) install, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("installing the demo: %s", error->message);
      data_dir = rp_data_dir_new (path);
      catalogue = rp_data_dir_open_catalogue (data_dir, &error);
      if (catalogue == NULL)
        g_error ("%s", error->message);
    }
  present_and_settle (rp_test_ui_new_window (TRUE, catalogue, data_dir));
  rp_soak_sample (&rest);
  g_print ("| measure | value |\n|---|---|\n");
  g_print ("| minimal GTK window, RSS after its first frames | %.1f MiB, heap %.1f MiB |\n", minimal_kib / 1024.0,
           minimal_heap_kib / 1024.0);
  g_print ("| kiosk at rest on home, RSS | %.1f MiB (%.2f×, target ≤ 1.2×), heap %.1f MiB |\n",
           rest.rss_kib / 1024.0, (double) rest.rss_kib / minimal_kib, rest.heap_kib / 1024.0);
  print_maps ("the kiosk at rest on home");

  if (actions == 0 && minutes == 0)
    return 0; /* the rest alone (for a heap profiler) */

  /* The budget counts from the rest after every kind of screen was built
   * once (a document, a search): what a second visit starts from. */
  rp_soak_warm_up (soak);
  rp_soak_sample (&rest);
  print_maps ("at rest after the first visit");
  g_print ("\n| after one visit of each kind, wiped (the rest the budget counts from) | %.1f MiB, heap %.1f MiB, "
           "%u threads, %u fds |\n\n",
           rest.rss_kib / 1024.0, rest.heap_kib / 1024.0, rest.threads, rest.fds);
  g_print ("| minutes | actions | visits | RSS after the wipe, MiB | peak RSS since the last row, MiB | heap, MiB "
           "| threads | fds | warnings |\n|---|---|---|---|---|---|---|---|---|\n");

  next_row = row_every;
  start = g_get_monotonic_time ();
  while (rp_soak_get_n_actions (soak) < (guint) actions ||
         g_get_monotonic_time () - start < minutes * 60 * G_USEC_PER_SEC)
    {
      guint length = 20 + g_random_int_range (0, 61);

      for (guint i = 0; i < length; i++)
        {
          rp_soak_step (soak, 60);
          rp_soak_sample (&now);
          peak_kib = MAX (peak_kib, now.rss_kib);
        }
      rp_soak_wipe (soak);
      visits++;
      rp_soak_sample (&now);
      worst_after_wipe = MAX (worst_after_wipe, now.rss_kib);
      if (rp_soak_get_n_actions (soak) >= next_row)
        {
          print_row (stdout, (g_get_monotonic_time () - start) / 60e6, soak, visits, &now, peak_kib);
          peak_kib = 0;
          next_row += row_every;
        }
    }
  rp_soak_sample (&now);
  print_row (stdout, (g_get_monotonic_time () - start) / 60e6, soak, visits, &now, peak_kib);

  print_maps ("at the end, wiped");
  met = rest.rss_kib <= minimal_kib * 1.2;
  g_print ("\nworst RSS after a wipe: %.1f MiB; budget rest + render cache %u MiB + 32 MiB = %.1f MiB: %s\n",
           worst_after_wipe / 1024.0, RP_RENDER_QUEUE_DEFAULT_CACHE_MIB,
           (rest.rss_kib + render_kib + 32 * 1024) / 1024.0,
           worst_after_wipe <= rest.rss_kib + render_kib + 32 * 1024 ? "met" : "MISSED");
  met = met && worst_after_wipe <= rest.rss_kib + render_kib + 32 * 1024 && warnings == 0;
  return met ? 0 : 1;
}
