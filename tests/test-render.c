/* test-render.c — a page drawn against pdftocairo, the preview cache and
 * the child-process check, on PDFs generated at run time (make-test-pdfs.py);
 * the render queue itself is tested in test-render-queue.c
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
test_check_in_helper (void)
{
  RpChildLimits limits = { 1000, 512 * 1024 * 1024 };
  RpPdfCheck check;
  g_autofree char *good = pdf_path ("good.pdf");
  g_autofree char *slow = pdf_path ("slow.pdf");

  RpChildLimits terminal;

  /* Good pages draw under a terminal's limits at every size the check
   * draws (fit width and the largest zoom), on a loaded machine too. */
  rp_child_limits_init_terminal (&terminal);
  rp_pdf_check_in_helper (good, 1280, &terminal, &check);
  g_assert_null (check.reason);
  g_assert_cmpuint (check.n_pages, ==, 8);
  g_assert_cmpuint (check.n_drawn, ==, 8);
  g_assert_cmpuint (check.failed_page, ==, 0);
  rp_pdf_check_clear (&check);

  rp_pdf_check_in_helper (slow, 1920, &limits, &check);
  g_test_message ("slow.pdf: %s", check.reason);
  g_assert_nonnull (strstr (check.reason, "Page 1 drawn 1920 px wide (fit width) took longer than 1 s"));
  g_assert_cmpuint (check.failed_page, ==, 1);
  rp_pdf_check_clear (&check);

  for (guint i = 0; i < RP_TEST_N_MALFORMED_PDFS; i++)
    {
      g_autofree char *path = pdf_path (rp_test_malformed_pdfs[i].file);

      rp_pdf_check_in_helper (path, 1280, &limits, &check);
      g_test_message ("%s: %s", rp_test_malformed_pdfs[i].file, check.reason);
      g_assert_nonnull (check.reason);
      g_assert_nonnull (strstr (check.reason, rp_test_malformed_pdfs[i].says));
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
  g_test_add_func ("/ReadingPoint/Render/preview-cache", test_preview_cache);
  g_test_add_func ("/ReadingPoint/Render/check-in-helper", test_check_in_helper);

  status = g_test_run ();
  g_free (pdf_dir);
  return status;
}
