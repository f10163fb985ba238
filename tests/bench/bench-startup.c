/* bench-startup.c — the resident's kiosk (issue 6): start-up and typing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up: the time from spawning a process to its first painted frame,
 * for the kiosk window on a large catalogue and for a minimal GTK window in
 * the same run, alternated, median of several runs; the figure that
 * matters is their ratio (the machine's own GTK start-up cost cancels out).
 * Typing: the time from a keystroke's new text in the search box (set as
 * the on-screen keyboard sets it, so the box's own typing delay counts) to
 * the first frame painted after the result list shows that text's results,
 * and to the first frame after the count and facet chips show too, for
 * queries typed letter by letter (pinyin and characters). The search runs
 * in worker threads: the frames are waited for, not the calls. Run under a
 * display (run-with-display).
 * On-screen keyboard (issue 13): the same for each key of the kiosk's own
 * keyboard (rp_osk_type), whose letters are a pinyin composition: the
 * key's candidates are computed in its handler, so the first frame that
 * shows the key's results shows its candidates too.
 *
 * Usage: bench-startup [--runs N] [--only-keyboard] BENCH_SEARCH DIR
 *   DIR/catalogue.db is generated with BENCH_SEARCH --entries 200000 when
 *   missing (tests/bench/bench-search.c).
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "rp-application.h"
#include "rp-core.h"
#include "rp-home-page.h"
#include "rp-style.h"
#include "rp-window-private.h"

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

/* One keystroke of bench_typing: when its results, then its count and
 * chips, were first painted (0: not yet). */
typedef struct
{
  gboolean results_in;
  gboolean counts_in;
  gint64   results_painted;
  gint64   counts_painted;
} Keystroke;

static Keystroke keystroke;

static void
on_results_shown (RpSearchPage *page,
                  gpointer      user_data)
{
  /* Only a paint that starts after this can show them. */
  if (!rp_search_page_is_searching (page))
    keystroke.results_in = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (page));
}

static void
on_counts_shown (RpSearchPage *page,
                 gpointer      user_data)
{
  if (!rp_search_page_is_counting (page))
    keystroke.counts_in = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (page));
}

/* After the home page has handled the new text: a keystroke that does not
 * change what is searched (a space) starts no search, and its results are
 * those already shown. */
static void
on_search_changed (GtkSearchEntry *entry,
                   RpSearchPage   *page)
{
  if (!rp_search_page_is_searching (page))
    keystroke.results_in = TRUE;
  if (!rp_search_page_is_counting (page))
    keystroke.counts_in = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (page));
}

static void
on_typing_paint (GdkFrameClock *clock,
                 gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (keystroke.results_in && keystroke.results_painted == 0)
    keystroke.results_painted = now;
  if (keystroke.counts_in && keystroke.counts_painted == 0)
    keystroke.counts_painted = now;
}

/* Presents @window and iterates until its first frame is painted. */
static void
present_and_wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock;

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  painted = FALSE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
}

static RpCatalogue *
open_catalogue (const char *dir,
                GError    **error)
{
  g_autofree char *db = g_build_filename (dir, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (dir, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);

  return rp_catalogue_open (db, store, error);
}

static GtkWidget *
open_kiosk (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpCatalogue) catalogue = open_catalogue (dir, &error);
  static RpApplication *app; /* one a process: it owns its name on the bus */
  GtkWidget *window;

  if (catalogue == NULL)
    g_error ("%s", error->message);
  /* Built as the reader builds it: with its visit and admin entrance. */
  if (app == NULL)
    {
      app = rp_application_new ();
      if (!g_application_register (G_APPLICATION (app), NULL, &error))
        g_error ("%s", error->message);
    }
  window = GTK_WIDGET (rp_application_build_window (app, TRUE, NULL, NULL));
  rp_style_init (gtk_widget_get_display (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  rp_window_set_catalogue (RP_WINDOW (window), catalogue);
  return window;
}

static int
child_main (const char *mode,
            const char *dir)
{
  GtkWidget *window;

  gtk_init ();
  if (g_str_equal (mode, "minimal"))
    {
      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Reading Point"));
    }
  else
    window = open_kiosk (dir);
  present_and_wait_for_frame (window);
  g_print ("painted\n");
  return 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

/* Milliseconds from spawn to the child's "painted". */
static double
time_child (const char *self_path,
            const char *mode,
            const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_path, "--child", mode, dir, NULL);
  if (child == NULL)
    g_error ("%s", error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  if (g_strcmp0 (line, "painted") != 0)
    g_error ("child %s: no frame (%s)", mode, error ? error->message : "exited");
  g_subprocess_wait_check (child, NULL, &error);
  g_assert_no_error (error);
  return ms;
}

/* Follows each keystroke's results and counts to the frame that paints
 * them. (transfer none): @window's frame clock. */
static GdkFrameClock *
watch_keystrokes (GtkWidget    *window,
                  RpSearchPage *page,
                  GtkWidget    *entry)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_typing_paint), NULL);
  g_signal_connect (page, "results-shown", G_CALLBACK (on_results_shown), NULL);
  g_signal_connect (page, "counts-shown", G_CALLBACK (on_counts_shown), NULL);
  g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed), page);
  return clock;
}

/* Until the keystroke typed at @t0 has its results, then its count and
 * chips, painted: how long each took (ms). */
static void
wait_for_keystroke (gint64  t0,
                    double *ms,
                    double *count_ms)
{
  while (keystroke.results_painted == 0 || keystroke.counts_painted == 0)
    g_main_context_iteration (NULL, TRUE);
  *ms = (keystroke.results_painted - t0) / 1000.0;
  *count_ms = (keystroke.counts_painted - t0) / 1000.0;
}

static void
bench_typing (const char *dir)
{
  static const char *const queries[] = { "ljfl", "lu deng", "gongzufang", "路灯", "垃圾分类", "政府信息公开", "zfxxgk", "二次供水" };
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) count_times = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = open_kiosk (dir);
  RpHomePage *home = RP_HOME_PAGE (rp_window_get_page (RP_WINDOW (window), "home"));
  RpSearchPage *page = rp_home_page_get_search_page (home);
  GtkEditable *entry = GTK_EDITABLE (rp_home_page_get_search_entry (home));
  GdkFrameClock *clock;
  double worst = 0, count_worst = 0;

  present_and_wait_for_frame (window);
  clock = watch_keystrokes (window, page, GTK_WIDGET (entry));
  for (guint round = 0; round < 3; round++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        const char *end = queries[q];

        while (*end)
          {
            const char *key = end;
            g_autofree char *typed = NULL;
            int position = (int) g_utf8_strlen (queries[q], key - queries[q]);
            gint64 t0;
            double ms, count_ms;

            end = g_utf8_next_char (end);
            typed = g_strndup (queries[q], end - queries[q]);
            memset (&keystroke, 0, sizeof keystroke);
            t0 = g_get_monotonic_time ();
            /* What a key of the on-screen keyboard does (rp-osk.c). */
            gtk_editable_insert_text (entry, key, end - key, &position);
            wait_for_keystroke (t0, &ms, &count_ms);
            g_assert_cmpstr (rp_home_page_get_search_text (home), ==, typed);
            if (round > 0) /* the first round warms the page cache */
              {
                g_array_append_val (times, ms);
                g_array_append_val (count_times, count_ms);
                worst = MAX (worst, ms);
                count_worst = MAX (count_worst, count_ms);
              }
          }
        rp_home_page_set_search_text (home, "");
      }
  g_signal_handlers_disconnect_by_func (clock, on_typing_paint, NULL);
  g_print ("| keystroke → results painted (median of %u keystrokes) | %.1f ms |\n", times->len, median (times));
  g_print ("| keystroke → results painted (worst) | %.1f ms |\n", worst);
  g_print ("| keystroke → count and facet chips painted (median) | %.1f ms |\n", median (count_times));
  g_print ("| keystroke → count and facet chips painted (worst) | %.1f ms |\n", count_worst);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 13: keys of the kiosk's on-screen keyboard, letter by letter, in
 * its Chinese (pinyin) input: each key changes the composition, its
 * candidates and the search. */
static void
bench_keyboard (const char *dir)
{
  static const char *const queries[] = { "lajifenlei", "zfxxgk", "gongzufang", "ludeng", "ercigongshui" };
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) count_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) key_times = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = open_kiosk (dir);
  RpVisit *visit = rp_window_get_visit (RP_WINDOW (window));
  RpHomePage *home = RP_HOME_PAGE (rp_window_get_page (RP_WINDOW (window), "home"));
  RpSearchPage *page = rp_home_page_get_search_page (home);
  GtkWidget *entry = rp_home_page_get_search_entry (home);
  GdkFrameClock *clock;
  RpOsk *osk;
  double worst = 0, count_worst = 0;
  guint n_candidates = 0;

  present_and_wait_for_frame (window);
  gtk_widget_grab_focus (entry);
  while (!rp_visit_is_osk_shown (visit))
    g_main_context_iteration (NULL, TRUE);
  osk = rp_visit_get_osk (visit);
  /* Pinyin input, whatever the interface language (English starts in
   * English input). */
  rp_osk_set_latin (osk, FALSE);
  clock = watch_keystrokes (window, page, GTK_WIDGET (entry));
  for (guint round = 0; round < 3; round++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        for (const char *key = queries[q]; *key; key++)
          {
            char letter[2] = { *key, '\0' };
            gint64 t0;
            double ms, count_ms;

            double key_ms;

            memset (&keystroke, 0, sizeof keystroke);
            t0 = g_get_monotonic_time ();
            rp_osk_type (osk, letter);
            /* The key's handler: composition, candidates, the search started. */
            key_ms = (g_get_monotonic_time () - t0) / 1000.0;
            wait_for_keystroke (t0, &ms, &count_ms);
            g_assert_cmpstr (rp_osk_get_composition (osk), !=, "");
            if (round > 0)
              {
                g_auto(GStrv) candidates = rp_osk_get_candidates (osk);

                n_candidates += candidates[0] != NULL;
                g_array_append_val (times, ms);
                g_array_append_val (count_times, count_ms);
                g_array_append_val (key_times, key_ms);
                worst = MAX (worst, ms);
                count_worst = MAX (count_worst, count_ms);
              }
          }
        rp_osk_clear (osk);
        while (rp_search_page_is_searching (page) || rp_search_page_is_counting (page))
          g_main_context_iteration (NULL, TRUE);
      }
  g_signal_handlers_disconnect_by_func (clock, on_typing_paint, NULL);
  g_print ("| keyboard key → candidates and results painted (median of %u keys, %u with candidates) | %.1f ms |\n",
           times->len, n_candidates, median (times));
  g_print ("| keyboard key → candidates and results painted (worst) | %.1f ms |\n", worst);
  g_print ("| keyboard key's own handler: composition, candidates, search started (median) | %.1f ms |\n",
           median (key_times));
  g_print ("| keyboard key → count and facet chips painted (median) | %.1f ms |\n", median (count_times));
  g_print ("| keyboard key → count and facet chips painted (worst) | %.1f ms |\n", count_worst);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("BENCH_SEARCH DIR");
  g_autoptr(GArray) minimal = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kiosk = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *db = NULL;
  g_autofree char *self_path = NULL;
  int runs = 7;
  gboolean only_keyboard = FALSE;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Start-ups of each kind (default 7)", "N" },
    { "only-keyboard", 0, 0, G_OPTION_ARG_NONE, &only_keyboard, "Only the on-screen keyboard's keys", NULL },
    { NULL }
  };

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3]);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("Usage: bench-startup [--runs N] [--only-keyboard] BENCH_SEARCH DIR\n");
      return 2;
    }
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  db = g_build_filename (argv[2], "catalogue.db", NULL);
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      const char *gen[] = { argv[1], "--entries", "200000", "--queries", "10", "--ref-entries", "0", argv[2], NULL };
      int status;

      g_mkdir_with_parents (argv[2], 0755);
      if (!g_spawn_sync (NULL, (char **) gen, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("generating the catalogue: %s", error->message);
    }

  gtk_init ();
  {
    g_autoptr(RpCatalogue) catalogue = open_catalogue (argv[2], &error);
    g_assert_no_error (error);
    g_print ("Catalogue: %u entries (%s)\n\n", rp_catalogue_get_n_entries (catalogue), db);
  }

  if (only_keyboard)
    {
      /* The reference in the same run: a keystroke straight into the box. */
      g_print ("| measure | value |\n|---|---|\n");
      bench_typing (argv[2]);
      bench_keyboard (argv[2]);
      return 0;
    }
  /* Alternated, so that a slower moment of the machine hits both alike. */
  for (int i = 0; i < runs; i++)
    {
      double m = time_child (self_path, "minimal", argv[2]);
      double k = time_child (self_path, "kiosk", argv[2]);
      g_array_append_val (minimal, m);
      g_array_append_val (kiosk, k);
    }
  g_print ("| measure | value |\n|---|---|\n");
  g_print ("| minimal GTK window, spawn → first frame (median of %d) | %.0f ms |\n", runs, median (minimal));
  g_print ("| kiosk home page, spawn → first frame (median of %d) | %.0f ms |\n", runs, median (kiosk));
  g_print ("| ratio (target ≤ 2×) | %.2f× |\n", median (kiosk) / median (minimal));
  bench_typing (argv[2]);
  bench_keyboard (argv[2]);
  return 0;
}
