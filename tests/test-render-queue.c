/* test-render-queue.c — the render queue: results on the main loop, the
 * cache budget, cancellation, re-rendering on zoom, hostile PDFs, the time
 * limit, find and links, on PDFs generated at run time (make-test-pdfs.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <signal.h>

#include "rp-core.h"
#include "rp-test-pdfs.h"
#include "rp-test-util.h"

static char *pdf_dir;

static char *
pdf_path (const char *name)
{
  return g_build_filename (pdf_dir, name, NULL);
}

/* Runs the main loop until @done is set or @seconds pass. */
static void
wait_for (gboolean *done,
          double    seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!*done && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_idle (RpRenderQueue *queue)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (rp_render_queue_is_busy (queue) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (rp_render_queue_is_busy (queue));
}

typedef struct
{
  gboolean done;
  GError  *error;
} OpenWait;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  OpenWait *wait = data;

  rp_render_queue_open_finish (RP_RENDER_QUEUE (source), result, &wait->error);
  wait->done = TRUE;
}

/* (transfer full): a queue with @name open, or NULL with @error. */
static RpRenderQueue *
open_queue (const char *name,
            guint64     budget,
            GError    **error)
{
  g_autofree char *path = pdf_path (name);
  g_autoptr(RpRenderQueue) queue = rp_render_queue_new (budget);
  OpenWait wait = { 0 };

  rp_render_queue_open_async (queue, path, NULL, opened_cb, &wait);
  wait_for (&wait.done, 30);
  g_assert_true (wait.done);
  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return NULL;
    }
  return g_steal_pointer (&queue);
}

typedef struct
{
  guint    n_ready;
  guint    n_failed;
  GArray  *pages;
  GError  *error;
  gboolean main_thread;
} Events;

static void
page_ready_cb (RpRenderQueue *queue,
               guint          page,
               int            width,
               Events        *events)
{
  events->n_ready++;
  events->main_thread = g_main_context_is_owner (g_main_context_default ());
  g_array_append_val (events->pages, page);
}

static void
page_failed_cb (RpRenderQueue *queue,
                guint          page,
                const GError  *error,
                Events        *events)
{
  events->n_failed++;
  g_clear_error (&events->error);
  events->error = g_error_copy (error);
}

static void
events_connect (RpRenderQueue *queue,
                Events        *events)
{
  memset (events, 0, sizeof *events);
  events->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (queue, "page-ready", G_CALLBACK (page_ready_cb), events);
  g_signal_connect (queue, "page-failed", G_CALLBACK (page_failed_cb), events);
}

static void
events_clear (Events *events)
{
  g_array_unref (events->pages);
  g_clear_error (&events->error);
}

static void
test_results_on_main_loop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("good.pdf", 64 << 20, &error);
  Events events;
  double w, h;

  g_assert_no_error (error);
  g_assert_cmpuint (rp_render_queue_get_n_pages (queue), ==, 8);
  g_assert_true (rp_render_queue_get_page_size (queue, 7, &w, &h));
  g_assert_cmpfloat (w, ==, 612);
  g_assert_cmpfloat (h, ==, 792);
  events_connect (queue, &events);

  g_assert_false (rp_render_queue_request (queue, 2, 600, RP_RENDER_PRIORITY_VISIBLE));
  wait_idle (queue);
  g_assert_cmpuint (events.n_ready, ==, 1);
  g_assert_true (events.main_thread);
  g_assert_nonnull (rp_render_queue_lookup (queue, 2, 600));
  g_assert_cmpint (cairo_image_surface_get_height (rp_render_queue_lookup (queue, 2, 600)), ==, 776);
  /* Cached: asking again costs nothing and emits nothing. */
  g_assert_true (rp_render_queue_request (queue, 2, 600, RP_RENDER_PRIORITY_VISIBLE));
  wait_idle (queue);
  g_assert_cmpuint (events.n_ready, ==, 1);
  g_assert_cmpuint (rp_render_queue_get_stats (queue).n_started, ==, 1);
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

static void
test_cache_budget (void)
{
  g_autoptr(RpPageCache) cache = rp_page_cache_new (10 << 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = NULL;
  guint64 budget = 16 << 20;

  /* Unit: the budget holds after every insert; recent pages survive. */
  for (guint i = 0; i < 50; i++)
    {
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 1000);

      rp_page_cache_insert (cache, i, 800, s);
      cairo_surface_destroy (s);
      g_assert_cmpuint (rp_page_cache_get_size (cache), <=, rp_page_cache_get_budget (cache));
      rp_page_cache_lookup (cache, 0, 800); /* page 0 stays recently used */
    }
  g_assert_nonnull (rp_page_cache_lookup (cache, 0, 800));
  g_assert_nonnull (rp_page_cache_lookup (cache, 49, 800));
  g_assert_null (rp_page_cache_lookup (cache, 1, 800));
  g_assert_cmpuint (rp_page_cache_get_peak (cache), <=, 10 << 20);

  /* Paging through 500 pages with a 16 MiB budget. */
  queue = open_queue ("long.pdf", budget, &error);
  g_assert_no_error (error);
  for (guint p = 0; p < 500; p += 1)
    {
      rp_render_queue_set_window (queue, p, p, 1.25, +1, 2);
      rp_render_queue_request (queue, p, 120, RP_RENDER_PRIORITY_THUMBNAIL);
      if (p % 50 == 0)
        wait_idle (queue);
      g_assert_cmpuint (rp_render_queue_get_cache_size (queue), <=, budget);
    }
  wait_idle (queue);
  g_test_message ("cache peak %" G_GUINT64_FORMAT " of budget %" G_GUINT64_FORMAT,
                  rp_render_queue_get_cache_peak (queue), budget);
  g_assert_cmpuint (rp_render_queue_get_cache_peak (queue), <=, budget);
  g_assert_cmpuint (rp_render_queue_get_cache_peak (queue), >, budget / 2);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

static void
test_rapid_flips (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("long.pdf", 128 << 20, &error);
  Events events;
  RpRenderStats stats;

  g_assert_no_error (error);
  events_connect (queue, &events);
  /* A finger flicking through 100 pages faster than they can be drawn. */
  for (guint p = 0; p < 100; p++)
    rp_render_queue_set_window (queue, p, p, 1.5, +1, 2);
  wait_idle (queue);
  stats = rp_render_queue_get_stats (queue);
  g_test_message ("started %u, delivered %u, skipped %u, discarded %u, merged %u, parked %u",
                  stats.n_started, stats.n_delivered, stats.n_skipped, stats.n_discarded,
                  stats.n_merged, stats.n_parked);
  /* Only the final page, two ahead and one behind are announced… */
  g_assert_cmpuint (events.n_ready, ==, 4);
  for (guint i = 0; i < events.pages->len; i++)
    {
      guint page = g_array_index (events.pages, guint, i);
      g_assert_true (page >= 98 && page <= 101);
    }
  g_assert_cmpuint (g_array_index (events.pages, guint, 0), ==, 99);
  /* …and at most the few the worker had already begun were drawn for nothing. */
  g_assert_cmpuint (stats.n_started, <=, 4 + 3);
  g_assert_cmpuint (stats.n_delivered, ==, 4);
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

static gboolean
render_started (gpointer queue)
{
  return rp_render_queue_get_stats (queue).n_started > 0;
}

static void
test_cancellation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("slow.pdf", 128 << 20, &error);
  Events events;
  RpRenderStats stats;

  g_assert_no_error (error);
  events_connect (queue, &events);
  /* Page 1 of slow.pdf takes seconds: cancel it while it is being drawn. */
  rp_render_queue_set_window (queue, 0, 0, 0.5, +1, 0);
  rp_test_wait_until (render_started, queue, 30, "the worker starts drawing page 1");
  g_assert_cmpuint (rp_render_queue_get_stats (queue).n_started, ==, 1);
  /* A different zoom: page 0 is still wanted, at another width (parked). */
  rp_render_queue_request (queue, 0, 400, RP_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (rp_render_queue_get_stats (queue).n_parked, ==, 1);
  /* The reader moved on to page 2, reading backwards with no prefetch:
   * page 1 is no longer wanted. */
  rp_render_queue_set_window (queue, 1, 1, 0.5, -1, 0);
  wait_idle (queue);
  stats = rp_render_queue_get_stats (queue);
  /* Dropped when its drawing ended, or given up at the time limit when
   * drawing is slower than that (a sanitizer build): never delivered. */
  g_assert_cmpuint (stats.n_discarded + stats.n_abandoned, ==, 1);
  g_assert_cmpuint (events.n_ready, ==, 1);
  g_assert_cmpuint (g_array_index (events.pages, guint, 0), ==, 1);
  g_assert_null (rp_render_queue_lookup (queue, 0, 306));
  g_assert_null (rp_render_queue_lookup (queue, 0, 400));
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

static void
test_zoom_rerender (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("good.pdf", 128 << 20, &error);
  Events events;
  cairo_surface_t *best;

  g_assert_no_error (error);
  events_connect (queue, &events);
  rp_render_queue_set_window (queue, 0, 0, 1.0, +1, 0);
  wait_idle (queue);
  g_assert_nonnull (rp_render_queue_lookup (queue, 0, 612));
  /* Zoom to 200 %: until the sharp page arrives, the old one is the best. */
  rp_render_queue_set_window (queue, 0, 0, 2.0, +1, 0);
  best = rp_render_queue_lookup_best (queue, 0, 1224);
  g_assert_nonnull (best);
  g_assert_cmpint (cairo_image_surface_get_width (best), ==, 612);
  wait_idle (queue);
  g_assert_nonnull (rp_render_queue_lookup (queue, 0, 1224));
  g_assert_cmpint (cairo_image_surface_get_width (rp_render_queue_lookup_best (queue, 0, 1224)), ==, 1224);
  g_assert_cmpuint (events.n_ready, ==, 2);
  /* The zoom cap keeps a page within the pixel limit and the budget. */
  g_assert_cmpfloat (rp_render_queue_get_max_scale (queue), >, 2.0);
  g_assert_cmpfloat (rp_render_queue_get_max_scale (queue) * 792, <=, RP_DOCUMENT_MAX_EDGE_PX);
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

/* A new size asked for after the worker finished a page but before its
 * result reached the main loop is drawn too, not merged into the finished
 * job and lost (seen in CI: a HiDPI page that never became sharp). */
static void
test_request_after_drawing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("good.pdf", 128 << 20, &error);
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  rp_render_queue_set_window (queue, 0, 0, 1.0, +1, 0);
  /* The main loop is not run: the result waits in it, the job is done. */
  while (!g_main_context_pending (NULL) && g_get_monotonic_time () < until)
    g_usleep (10 * 1000);
  g_assert_true (g_main_context_pending (NULL));
  rp_render_queue_set_window (queue, 0, 0, 2.0, +1, 0);
  wait_idle (queue);
  g_assert_nonnull (rp_render_queue_lookup (queue, 0, 612));
  g_assert_nonnull (rp_render_queue_lookup (queue, 0, 1224));
  g_assert_finalize_object (g_steal_pointer (&queue));
}

static void
test_malformed (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue (rp_test_malformed_pdfs[i].file, 16 << 20, &error);

  g_test_message ("%s: %s", rp_test_malformed_pdfs[i].file, error ? error->message : "opened");
  g_assert_null (queue);
  g_assert_error (error, RP_ERROR, rp_test_malformed_pdfs[i].code);
  g_assert_nonnull (strstr (error->message, rp_test_malformed_pdfs[i].says));
}

/* The one render helper this test runs. */
static GPid
only_helper (void)
{
  g_autoptr(GArray) pids = rp_test_helper_pids ();

  g_assert_cmpuint (pids->len, ==, 1);
  return g_array_index (pids, GPid, 0);
}

static gboolean
pid_gone (gpointer data)
{
  return rp_test_pid_gone (GPOINTER_TO_INT (data));
}

static gboolean
page_failed (gpointer data)
{
  return ((Events *) data)->n_failed > 0;
}

static gboolean
page_ready (gpointer data)
{
  return ((Events *) data)->n_ready > 0;
}

static void
test_hanging_page_abandoned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("slow.pdf", 16 << 20, &error);
  Events events;
  gint64 start;
  GPid hung;

  g_assert_no_error (error);
  events_connect (queue, &events);
  rp_render_queue_set_time_limit (queue, 300);
  start = g_get_monotonic_time ();
  rp_render_queue_set_window (queue, 0, 0, 2.0, +1, 0);
  hung = only_helper ();
  while (events.n_failed == 0 && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("abandoned after %.2f s: %s", (g_get_monotonic_time () - start) / 1e6,
                  events.error ? events.error->message : "-");
  g_assert_error (events.error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT);
  g_assert_cmpuint (rp_render_queue_get_stats (queue).n_abandoned, ==, 1);
  g_assert_nonnull (rp_render_queue_get_page_error (queue, 0));
  /* The page is not asked for again: the kiosk does not spin on it. */
  g_assert_false (rp_render_queue_request (queue, 0, 1224, RP_RENDER_PRIORITY_VISIBLE));
  g_assert_cmpuint (events.n_ready, ==, 0);
  /* The helper that hung was killed, not left drawing: its process is gone. */
  rp_test_wait_until (pid_gone, GINT_TO_POINTER (hung), 30, "the hung helper's end");
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

/* Opening starts a helper process: a page limit shorter than that start
 * (a test's, or a loaded machine's start) does not fail the document. */
static void
test_short_limit_still_opens (void)
{
  g_autofree char *path = pdf_path ("good.pdf");
  g_autoptr(RpRenderQueue) queue = rp_render_queue_new (16 << 20);
  OpenWait wait = { 0 };

  rp_render_queue_set_time_limit (queue, 1);
  rp_render_queue_open_async (queue, path, NULL, opened_cb, &wait);
  wait_for (&wait.done, 30);
  g_assert_true (wait.done);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (rp_render_queue_get_n_pages (queue), ==, 8);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

/* Leaving a document whose page hangs (the queue disposed while drawing)
 * leaves nothing of it running: its helper is killed, and uses no more CPU. */
static void
test_close_kills_helper (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("slow.pdf", 16 << 20, &error);
  RpTestCpuWatch watch;

  g_assert_no_error (error);
  rp_render_queue_set_window (queue, 0, 0, 2.0, +1, 0);
  rp_test_cpu_watch_start (&watch, only_helper ());
  rp_test_wait_until (rp_test_cpu_grew, &watch, 60, "the helper drawing the slow page");
  g_assert_finalize_object (g_steal_pointer (&queue));
  rp_test_wait_until (pid_gone, GINT_TO_POINTER (watch.pid), 30, "the helper's end after closing");
  g_assert_cmpuint (rp_test_cpu_ticks (watch.pid), ==, G_MAXUINT64);
  {
    g_autoptr(GArray) left = rp_test_helper_pids ();

    g_assert_cmpuint (left->len, ==, 0);
  }
}

/* A helper killed while drawing (a crash, its memory limit): that page
 * reports the error, and the next page is drawn by a fresh helper. */
static void
test_helper_killed_mid_render (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("slow.pdf", 16 << 20, &error);
  RpTestCpuWatch watch;
  Events events;

  g_assert_no_error (error);
  events_connect (queue, &events);
  rp_render_queue_set_time_limit (queue, 600 * 1000);
  rp_render_queue_set_window (queue, 0, 0, 2.0, +1, 0);
  rp_test_cpu_watch_start (&watch, only_helper ());
  rp_test_wait_until (rp_test_cpu_grew, &watch, 60, "the helper drawing the slow page");
  kill (watch.pid, SIGKILL);
  rp_test_wait_until (page_failed, &events, 30, "page 1's failure");
  g_test_message ("%s", events.error->message);
  g_assert_error (events.error, RP_ERROR, RP_ERROR_RENDER_LIMIT);
  g_assert_nonnull (strstr (events.error->message, "killed"));
  g_assert_nonnull (rp_render_queue_get_page_error (queue, 0));
  g_assert_cmpuint (rp_render_queue_get_stats (queue).n_abandoned, ==, 0);

  g_assert_false (rp_render_queue_request (queue, 1, 300, RP_RENDER_PRIORITY_VISIBLE));
  rp_test_wait_until (page_ready, &events, 60, "page 2 drawn by a fresh helper");
  g_assert_cmpuint (g_array_index (events.pages, guint, 0), ==, 1);
  g_assert_nonnull (rp_render_queue_lookup (queue, 1, 300));
  {
    g_autoptr(GArray) pids = rp_test_helper_pids ();

    g_assert_cmpuint (pids->len, ==, 1);
    g_assert_cmpint (g_array_index (pids, GPid, 0), !=, watch.pid);
  }
  events_clear (&events);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

typedef struct
{
  GArray  *pages;
  guint    n_rects;
  gboolean finished;
} FindWait;

static void
find_hits_cb (RpRenderQueue *queue,
              guint          page,
              GArray        *hits,
              FindWait      *wait)
{
  g_array_append_val (wait->pages, page);
  wait->n_rects += hits->len;
  for (guint i = 0; i < hits->len; i++)
    {
      RpPageRect *r = &g_array_index (hits, RpPageRect, i);
      /* Line 6 of the body, top-left origin: about 792 - 455 pt from the top. */
      g_assert_cmpfloat (r->y1, >, 300);
      g_assert_cmpfloat (r->y2, <, 360);
      g_assert_cmpfloat (r->x2 - r->x1, >, 50);
    }
}

static void
find_finished_cb (RpRenderQueue *queue,
                  gboolean       complete,
                  FindWait      *wait)
{
  wait->finished = complete;
}

static void
test_find (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("good.pdf", 16 << 20, &error);
  FindWait wait = { g_array_new (FALSE, FALSE, sizeof (guint)) };
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *folded = rp_text_fold ("Ｒｅｐｏｒｔ  For", map);

  g_assert_no_error (error);
  /* NFKC folds full-width letters, case folds, spaces are dropped. */
  g_assert_cmpstr (folded, ==, "reportfor");
  g_assert_cmpuint (g_array_index (map, guint, 6), ==, 8);

  g_signal_connect (queue, "find-hits", G_CALLBACK (find_hits_cb), &wait);
  g_signal_connect (queue, "find-finished", G_CALLBACK (find_finished_cb), &wait);
  rp_render_queue_find (queue, "ANNUAL disclosure ＲＥＰＯＲＴ");
  wait_for (&wait.finished, 20);
  g_assert_true (wait.finished);
  g_assert_cmpuint (wait.pages->len, ==, 8);
  g_assert_cmpuint (wait.n_rects, ==, 8);
  g_array_unref (wait.pages);
  g_assert_finalize_object (g_steal_pointer (&queue));
}

static void
test_links (void)
{
  g_autofree char *pdf = pdf_path ("good.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (pdf, &error);
  g_autoptr(GPtrArray) links = NULL;
  guint kinds[4] = { 0 };

  g_assert_no_error (error);
  links = rp_document_get_links (document, 0);
  g_assert_cmpuint (links->len, ==, 3);
  for (guint i = 0; i < links->len; i++)
    {
      RpLink *link = g_ptr_array_index (links, i);

      kinds[link->kind]++;
      if (link->kind == RP_LINK_GOTO)
        {
          g_assert_cmpint (link->dest_page, ==, 2);
          /* Rect [72 640 300 660] in a 792 pt page, top-left origin. */
          g_assert_cmpfloat_with_epsilon (link->area.y1, 132, 0.5);
        }
      if (link->kind == RP_LINK_URI)
        g_assert_cmpstr (link->uri, ==, "https://example.org/outside");
    }
  g_assert_cmpuint (kinds[RP_LINK_GOTO], ==, 1);
  g_assert_cmpuint (kinds[RP_LINK_URI], ==, 1);
  g_assert_cmpuint (kinds[RP_LINK_LAUNCH], ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pdf_dir = rp_test_make_pdfs ("pdfs");

  g_test_add_func ("/ReadingPoint/RenderQueue/results-on-main-loop", test_results_on_main_loop);
  g_test_add_func ("/ReadingPoint/RenderQueue/cache-budget", test_cache_budget);
  g_test_add_func ("/ReadingPoint/RenderQueue/rapid-flips", test_rapid_flips);
  g_test_add_func ("/ReadingPoint/RenderQueue/cancellation", test_cancellation);
  g_test_add_func ("/ReadingPoint/RenderQueue/zoom-rerender", test_zoom_rerender);
  g_test_add_func ("/ReadingPoint/RenderQueue/request-after-drawing", test_request_after_drawing);
  for (guint i = 0; i < RP_TEST_N_MALFORMED_PDFS; i++)
    {
      g_autofree char *name = g_strdup_printf ("/ReadingPoint/RenderQueue/malformed/%s", rp_test_malformed_pdfs[i].file);
      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_malformed);
    }
  g_test_add_func ("/ReadingPoint/RenderQueue/hanging-page-abandoned", test_hanging_page_abandoned);
  g_test_add_func ("/ReadingPoint/RenderQueue/close-kills-helper", test_close_kills_helper);
  g_test_add_func ("/ReadingPoint/RenderQueue/short-limit-still-opens", test_short_limit_still_opens);
  g_test_add_func ("/ReadingPoint/RenderQueue/helper-killed-mid-render", test_helper_killed_mid_render);
  g_test_add_func ("/ReadingPoint/RenderQueue/find", test_find);
  g_test_add_func ("/ReadingPoint/RenderQueue/links", test_links);

  status = g_test_run ();
  g_free (pdf_dir);
  return status;
}
