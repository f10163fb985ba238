/* bench-render.c — first page, sharp first page, page turn and peak RSS,
 * against mutool and pdftocairo on the same files in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-render OUT_DIR PDF...   (meson test --benchmark; see RESULTS.md)
 *
 * - first page on screen: the preview cache's page 1 (filled as at bundle
 *   install) found and decoded, in process, vs `mutool draw -w 1920` of
 *   page 1 (whole process, as issue 5 measures it);
 * - sharp first page: rp_render_queue opened and page 1 drawn 1920 px wide
 *   (a fresh queue: worker start + open + render), vs `pdftocairo -png
 *   -singlefile -f 1 -l 1 -scale-to 1920` (whole process);
 * - page turn to a prefetched page: from the turn (set_window) to the
 *   render being available for a texture (zero-copy wrap), 100 turns;
 * - peak RSS (VmHWM) paging through a 500-page document, every page drawn
 *   1920 px wide, default budget (128 MiB).
 * Each timing is the median of REPEAT runs.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "rp-core.h"
#include "rp-test-pdfs.h"
#include "rp-test-util.h"

#define REPEAT 5
#define WIDTH  1920

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}


static double
time_command (const char *const *argv)
{
  double t = now ();
  int status;
  g_autoptr(GError) error = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  return now () - t;
}

typedef struct
{
  gboolean done;
  GError  *error;
  guint    ready_page;
  int      ready;
} Wait;

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;
  rp_render_queue_open_finish (RP_RENDER_QUEUE (source), result, &wait->error);
  wait->done = TRUE;
}

static void
ready_cb (RpRenderQueue *queue, guint page, int width, Wait *wait)
{
  if (page == wait->ready_page && width > RP_PAGE_CACHE_LOW_RES_WIDTH)
    wait->ready++;
}

static RpRenderQueue *
open_queue (const char *path,
            guint64     budget)
{
  RpRenderQueue *queue = rp_render_queue_new (budget);
  Wait wait = { 0 };

  rp_render_queue_open_async (queue, path, NULL, opened_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error)
    g_error ("%s: %s", path, wait.error->message);
  return queue;
}

static void
wait_idle (RpRenderQueue *queue)
{
  while (rp_render_queue_is_busy (queue))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static double
sharp_first_page (const char *path)
{
  double t = now ();
  g_autoptr(RpRenderQueue) queue = open_queue (path, 128 << 20);
  Wait wait = { 0 };
  double w, h;

  g_signal_connect (queue, "page-ready", G_CALLBACK (ready_cb), &wait);
  rp_render_queue_get_page_size (queue, 0, &w, &h);
  rp_render_queue_request (queue, 0, WIDTH, RP_RENDER_PRIORITY_VISIBLE);
  while (!wait.ready)
    g_main_context_iteration (NULL, TRUE);
  t = now () - t;
  return t;
}

static double
preview_first_page (const char *cache,
                    const char *sha,
                    guint64     size)
{
  double t = now ();
  g_autofree char *png = rp_preview_cache_lookup (cache, sha, size, 0, FALSE);
  cairo_surface_t *surface = png ? cairo_image_surface_create_from_png (png) : NULL;

  if (surface == NULL || cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_error ("no preview");
  cairo_surface_flush (surface);
  t = now () - t;
  cairo_surface_destroy (surface);
  return t;
}

static long
vm_hwm_kib_of (const char *proc_status)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (proc_status, &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static long
vm_hwm_kib (void)
{
  return vm_hwm_kib_of ("/proc/self/status");
}

/* The peak of the render helpers drawing for this process (their sum). */
static long
helpers_vm_hwm_kib (void)
{
  g_autoptr(GArray) pids = rp_test_helper_pids ();
  long sum = 0;

  for (guint i = 0; i < pids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) g_array_index (pids, GPid, i));

      sum += MAX (vm_hwm_kib_of (path), 0);
    }
  return sum;
}

int
main (int   argc,
      char *argv[])
{
  const char *out_dir;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache = NULL;
  g_autoptr(RpObjectStore) store = NULL;
  GString *report = g_string_new (NULL);
  double first_ratio_max = 0, sharp_ratio_max = 0;

  if (argc < 3)
    {
      g_printerr ("Usage: bench-render OUT_DIR PDF... (the last a 500-page document)\n");
      return 2;
    }
  out_dir = argv[1];
  data_dir = g_build_filename (out_dir, "bench-data", NULL);
  cache = rp_preview_cache_dir_for_data_dir (data_dir);
  {
    g_autofree char *objects = g_build_filename (data_dir, "objects", NULL);
    store = rp_object_store_new (objects);
  }

  g_string_append_printf (report, "| document | pages | mutool draw -w %d | ours, preview on screen | ratio | "
                                  "pdftocairo -scale-to %d | ours, sharp page 1 | ratio | ours, first (coldest) run |\n"
                                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n", WIDTH, WIDTH);
  for (int i = 2; i < argc - 1; i++)
    {
      const char *path = argv[i];
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *stem = g_build_filename (out_dir, "bench-ref", NULL);
      g_autofree char *mutool_out = g_build_filename (out_dir, "bench-mutool.png", NULL);
      g_autofree char *sha = NULL;
      g_autofree char *object = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RpDocument) document = NULL;
      double mutool[REPEAT], cairo_t_[REPEAT], preview[REPEAT], sharp[REPEAT];
      guint64 size;
      double m, c, p, s, cold;

      if (!rp_object_store_import_file (store, path, &sha, &size, &error) ||
          !rp_preview_cache_fill_one (cache, sha, size, object = rp_object_store_get_path (store, sha), &error))
        g_error ("%s: %s", path, error->message);
      document = rp_document_open (path, &error);
      for (int r = 0; r < REPEAT; r++)
        {
          const char *mu[] = { "mutool", "draw", "-q", "-w", G_STRINGIFY (WIDTH), "-o", mutool_out, path, "1", NULL };
          const char *pc[] = { "pdftocairo", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to",
                               G_STRINGIFY (WIDTH), path, stem, NULL };

          mutool[r] = time_command (mu);
          cairo_t_[r] = time_command (pc);
          preview[r] = preview_first_page (cache, sha, size);
          sharp[r] = sharp_first_page (path);
        }
      cold = sharp[0];
      m = rp_test_median (mutool, REPEAT);
      c = rp_test_median (cairo_t_, REPEAT);
      p = rp_test_median (preview, REPEAT);
      s = rp_test_median (sharp, REPEAT);
      first_ratio_max = MAX (first_ratio_max, p / m);
      sharp_ratio_max = MAX (sharp_ratio_max, s / c);
      g_string_append_printf (report, "| %s | %u | %.3f s | %.3f s | %.2f× | %.3f s | %.3f s | %.2f× | %.3f s |\n",
                              base, rp_document_get_n_pages (document), m, p, p / m, c, s, s / c, cold);
    }

  /* Page turns to prefetched pages, then peak RSS over 500 pages. */
  {
    const char *long_pdf = argv[argc - 1];
    g_autoptr(RpRenderQueue) queue = open_queue (long_pdf, 128 << 20);
    double w, h, scale, turns[100];
    long rss_before = vm_hwm_kib (), kiosk_kib, helper_kib;
    guint n = rp_render_queue_get_n_pages (queue);
    Wait wait = { 0 };

    rp_render_queue_get_page_size (queue, 0, &w, &h);
    scale = WIDTH / w;
    rp_render_queue_set_window (queue, 0, 0, scale, +1, 2);
    wait_idle (queue);
    for (guint p = 1; p <= 100; p++)
      {
        double t = now ();
        cairo_surface_t *surface;

        rp_render_queue_set_window (queue, p, p, scale, +1, 2);
        surface = rp_render_queue_lookup (queue, p, rp_render_queue_width_for_scale (queue, p, scale));
        turns[p - 1] = now () - t;
        if (surface == NULL)
          g_error ("page %u was not prefetched", p + 1);
        wait_idle (queue); /* the reader reads; prefetch completes */
      }

    g_signal_connect (queue, "page-ready", G_CALLBACK (ready_cb), &wait);
    for (guint p = 0; p < n; p++)
      {
        rp_render_queue_set_window (queue, p, p, scale, +1, 2);
        wait_idle (queue);
      }
    {
      double mid = rp_test_median (turns, 100); /* sorts: turns[99] is then the slowest */

      g_string_append_printf (report,
                              "\nPage turn to a prefetched page (100 turns, %d px wide): median %.3f ms, max %.3f ms\n",
                              WIDTH, mid * 1e3, turns[99] * 1e3);
    }
    kiosk_kib = vm_hwm_kib ();
    helper_kib = helpers_vm_hwm_kib ();
    g_string_append_printf (report,
                            "Peak RSS paging through %u pages at %d px, 128 MiB budget: %.1f MiB "
                            "(before paging %.1f MiB; cache peak %.1f MiB); its render helper's peak %.1f MiB; "
                            "the two peaks' sum %.1f MiB (target ≤ 250 MiB; an upper bound: the pixels the "
                            "helper draws into shared memory count in both)\n",
                            n, WIDTH, kiosk_kib / 1024.0, rss_before / 1024.0,
                            rp_render_queue_get_cache_peak (queue) / 1048576.0, helper_kib / 1024.0,
                            (kiosk_kib + helper_kib) / 1024.0);
  }
  g_string_append_printf (report, "Worst ratios: first page %.2f× mutool (target ≤ 0.5), sharp page %.2f× pdftocairo "
                                  "(target ≤ 1.0)\n", first_ratio_max, sharp_ratio_max);
  printf ("%s", report->str);
  g_string_free (report, TRUE);
  return 0;
}
