/* test-render.c — the render queue, page cache, find, links, previews and
 * the child-process check, on PDFs generated at run time (make-test-pdfs.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

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

/* The render matches poppler's own pdftocairo of the same page: at most
 * 0.5 % of pixels differ by more than 24/255 in a channel, and the mean
 * absolute difference is under 1/255. Both are poppler + cairo; what may
 * differ is rounding of the page height and antialiasing at glyph edges. */
static void
test_matches_pdftocairo (void)
{
  g_autofree char *pdf = pdf_path ("good.pdf");
  g_autofree char *dir = rp_test_make_dir ("render-ref");
  g_autofree char *stem = g_build_filename (dir, "ref", NULL);
  g_autofree char *png = g_strconcat (stem, ".png", NULL);
  const char *argv[] = { "pdftocairo", "-png", "-singlefile", "-f", "1", "-l", "1",
                         "-scale-to-x", "1000", "-scale-to-y", "-1", pdf, stem, NULL };
  g_autoptr(RpDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *ours, *ref;
  int exit_status, w, h, ours_stride, ref_stride;
  guint64 n_off = 0, total = 0;
  double sum = 0;
  const guint8 *a, *b;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &exit_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (exit_status, NULL));

  document = rp_document_open (pdf, &error);
  g_assert_no_error (error);
  ours = rp_document_render_page (document, 0, 1000, &error);
  g_assert_no_error (error);
  ref = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (ref), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (ref), ==, 1000);
  g_assert_cmpint (ABS (cairo_image_surface_get_height (ref) - cairo_image_surface_get_height (ours)), <=, 1);

  w = 1000;
  h = MIN (cairo_image_surface_get_height (ref), cairo_image_surface_get_height (ours));
  a = cairo_image_surface_get_data (ours);
  b = cairo_image_surface_get_data (ref);
  ours_stride = cairo_image_surface_get_stride (ours);
  ref_stride = cairo_image_surface_get_stride (ref);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *pa = a + (gsize) y * ours_stride + 4 * x;
        const guint8 *pb = b + (gsize) y * ref_stride + 4 * x;
        int worst = 0;

        for (int c = 0; c < 3; c++)
          {
            int d = ABS ((int) pa[c] - (int) pb[c]);
            worst = MAX (worst, d);
            sum += d;
          }
        n_off += worst > 24;
        total++;
      }
  g_test_message ("pixels off by more than 24: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                  "; mean difference %.3f", n_off, total, sum / (3.0 * total));
  g_assert_cmpfloat ((double) n_off / total, <, 0.005);
  g_assert_cmpfloat (sum / (3.0 * total), <, 1.0);
  cairo_surface_destroy (ours);
  cairo_surface_destroy (ref);
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

static const struct
{
  const char *file;
  int         code;
  const char *says;
} malformed[] = {
  { "empty.pdf", RP_ERROR_BROKEN_DOCUMENT, "empty" },
  { "truncated.pdf", RP_ERROR_BROKEN_DOCUMENT, "damaged" },
  { "corrupted-xref.pdf", RP_ERROR_BROKEN_DOCUMENT, "damaged" },
  { "zero-pages.pdf", RP_ERROR_BROKEN_DOCUMENT, "no pages" },
  { "huge-mediabox.pdf", RP_ERROR_RENDER_LIMIT, "larger than any PDF page" },
  { "recursive-pages.pdf", RP_ERROR_BROKEN_DOCUMENT, "no pages" },
  { "encrypted.pdf", RP_ERROR_PROTECTED_DOCUMENT, "password" },
};

static void
test_malformed (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue (malformed[i].file, 16 << 20, &error);

  g_test_message ("%s: %s", malformed[i].file, error ? error->message : "opened");
  g_assert_null (queue);
  g_assert_error (error, RP_ERROR, malformed[i].code);
  g_assert_nonnull (strstr (error->message, malformed[i].says));
}

static void
test_hanging_page_abandoned (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpRenderQueue) queue = open_queue ("slow.pdf", 16 << 20, &error);
  Events events;
  gint64 start;

  g_assert_no_error (error);
  events_connect (queue, &events);
  rp_render_queue_set_time_limit (queue, 300);
  start = g_get_monotonic_time ();
  rp_render_queue_set_window (queue, 0, 0, 2.0, +1, 0);
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

static void
test_preview_cache (void)
{
  g_autofree char *data = rp_test_make_dir ("preview-data");
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (data);
  g_autofree char *objects = g_build_filename (data, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autofree char *good = pdf_path ("good.pdf");
  g_autofree char *broken = pdf_path ("truncated.pdf");
  g_autofree char *sha = NULL;
  g_autofree char *first = NULL;
  g_autofree char *thumb = NULL;
  g_autofree char *object = NULL;
  g_autofree char *derived = NULL;
  g_autoptr(GError) error = NULL;
  guint64 size;
  cairo_surface_t *png;

  g_assert_true (rp_object_store_import_file (store, good, &sha, &size, &error));
  g_assert_no_error (error);
  object = rp_object_store_get_path (store, sha);
  derived = rp_preview_cache_dir_for_object (object);
  g_assert_cmpstr (derived, ==, cache);

  g_assert_null (rp_preview_cache_lookup (cache, sha, size, 0, FALSE));
  g_assert_true (rp_preview_cache_fill_one (cache, sha, size, object, &error));
  g_assert_no_error (error);
  first = rp_preview_cache_lookup (cache, sha, size, 0, FALSE);
  thumb = rp_preview_cache_lookup (cache, sha, size, 7, TRUE);
  g_assert_nonnull (first);
  g_assert_nonnull (thumb);
  png = cairo_image_surface_create_from_png (first);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, RP_PREVIEW_WIDTH);
  cairo_surface_destroy (png);
  /* Keyed by size too: other bytes with the same name never match. */
  g_assert_null (rp_preview_cache_lookup (cache, sha, size + 1, 0, FALSE));

  /* A broken PDF is remembered as failed, not retried. */
  g_assert_false (rp_preview_cache_fill_one (cache, "00" "1111111111111111111111111111111111111111111111111111111111111" "1",
                                             10, broken, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
  g_test_message ("broken: %s", error->message);
  g_clear_error (&error);

  /* GC: the broken entry has no object; the good one stays until its object goes. */
  g_assert_cmpuint (rp_preview_cache_gc (cache, store, &error), ==, 1);
  {
    g_autofree char *kept = rp_preview_cache_lookup (cache, sha, size, 0, FALSE);
    g_assert_nonnull (kept);
  }
  g_assert_cmpint (g_unlink (object), ==, 0);
  g_assert_cmpuint (rp_preview_cache_gc (cache, store, &error), ==, 1);
  g_assert_null (rp_preview_cache_lookup (cache, sha, size, 0, FALSE));
  g_assert_no_error (error);
}

static void
test_check_in_child (void)
{
  RpChildLimits limits = { 1000, 512 * 1024 * 1024 };
  g_autoptr(GError) error = NULL;
  RpPdfCheck check;
  g_autofree char *good = pdf_path ("good.pdf");
  g_autofree char *slow = pdf_path ("slow.pdf");

  g_assert_true (rp_pdf_check_in_child (good, 1280, &limits, &check, &error));
  g_assert_null (check.reason);
  g_assert_cmpuint (check.n_pages, ==, 8);
  g_assert_cmpuint (check.n_drawn, ==, 8);
  rp_pdf_check_clear (&check);

  g_assert_true (rp_pdf_check_in_child (slow, 1920, &limits, &check, &error));
  g_test_message ("slow.pdf: %s", check.reason);
  g_assert_nonnull (strstr (check.reason, "Page 1 took longer than 1 s"));
  rp_pdf_check_clear (&check);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = pdf_path (malformed[i].file);

      g_assert_true (rp_pdf_check_in_child (path, 1280, &limits, &check, &error));
      g_test_message ("%s: %s", malformed[i].file, check.reason);
      g_assert_nonnull (check.reason);
      g_assert_nonnull (strstr (check.reason, malformed[i].says));
      rp_pdf_check_clear (&check);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pdf_dir = rp_test_make_pdfs ("pdfs");

  g_test_add_func ("/ReadingPoint/Render/matches-pdftocairo", test_matches_pdftocairo);
  g_test_add_func ("/ReadingPoint/Render/results-on-main-loop", test_results_on_main_loop);
  g_test_add_func ("/ReadingPoint/Render/cache-budget", test_cache_budget);
  g_test_add_func ("/ReadingPoint/Render/rapid-flips", test_rapid_flips);
  g_test_add_func ("/ReadingPoint/Render/cancellation", test_cancellation);
  g_test_add_func ("/ReadingPoint/Render/zoom-rerender", test_zoom_rerender);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *name = g_strdup_printf ("/ReadingPoint/Render/malformed/%s", malformed[i].file);
      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_malformed);
    }
  g_test_add_func ("/ReadingPoint/Render/hanging-page-abandoned", test_hanging_page_abandoned);
  g_test_add_func ("/ReadingPoint/Render/find", test_find);
  g_test_add_func ("/ReadingPoint/Render/links", test_links);
  g_test_add_func ("/ReadingPoint/Render/preview-cache", test_preview_cache);
  g_test_add_func ("/ReadingPoint/Render/check-in-child", test_check_in_child);

  status = g_test_run ();
  g_free (pdf_dir);
  return status;
}
