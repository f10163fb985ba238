/* bench-render-helper.c — what drawing in readingpoint-render-helper costs
 * against poppler in-process, on the same pages in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-render-helper PDF...   (meson test --benchmark; RESULTS.md)
 *
 * - sharp page, warm, at a reader's pace: page 1 drawn 1920 px wide by an
 *   open document, in-process (rp_document_render_page) vs through a
 *   running helper (request, drawing into the client's shared-memory
 *   slot, reply, cairo wrap), PAUSE_MS between pages on both sides as
 *   between a resident's taps; the bound is 1.15×;
 * - the same back to back, no pause;
 * - cold: a fresh helper (spawn, sandbox, open, draw) vs in-process open +
 *   draw.
 * Every figure ends when each memory page of the pixels has been read (as
 * a texture upload does); releasing the page is not timed, on either side.
 * Each figure is the median of REPEAT runs, alternating the two sides so
 * that load on the machine hits both alike. The overall figure is the sum of
 * the files' medians, helper over in-process; exits 1 if the paced one is
 * over 1.15 (a single file's few milliseconds swing ±20 % with the load of
 * a shared machine, both ways).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "rp-core.h"
#include "rp-test-util.h"
#include "rp-render-child.h"
#include "rp-render-helper-client.h"

#define REPEAT 31
#define WIDTH  1920
#define BOUND  1.15
#define PAUSE_MS 60


/* Reads a byte of every memory page of @surface, as uploading it to a
 * texture does: the helper's pages are mapped on first touch. Returns
 * @surface for the caller to time its release apart. */
static cairo_surface_t *
touch (cairo_surface_t *surface)
{
  const volatile guint8 *data = cairo_image_surface_get_data (surface);
  gsize size = (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
  guint sum = 0;

  for (gsize i = 0; i < size; i += 4096)
    sum += data[i];
  (void) sum;
  return surface;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  double sum[4] = { 0 }; /* paced in, paced helper, b2b in, b2b helper */
  gboolean within;

  printf ("%-36s %9s %9s %6s | %9s %9s %6s | %9s %9s %6s\n", "file", "paced-in", "paced-hl", "ratio",
          "b2b-in", "b2b-hl", "ratio", "cold-in", "cold-hl", "ratio");
  for (int f = 1; f < argc; f++)
    {
      double local[REPEAT], remote[REPEAT], cold_local[REPEAT], cold_remote[REPEAT];
      double paced_local[REPEAT], paced_remote[REPEAT];
      g_autoptr(GError) error = NULL;
      g_autoptr(RpDocument) document = rp_document_open (argv[f], &error);
      RpRenderHelper *helper = rp_render_helper_new (argv[f], RP_CHILD_DEFAULT_MEMORY);
      g_autoptr(GArray) sizes = rp_render_helper_open (helper, &error);
      g_autofree char *name = g_path_get_basename (argv[f]);
      double ratio, cold_ratio, paced_ratio;

      if (document == NULL || sizes == NULL)
        g_error ("%s: %s", argv[f], error->message);
      /* One of each first: fonts, caches. */
      cairo_surface_destroy (rp_document_render_page (document, 0, WIDTH, NULL));
      cairo_surface_destroy (rp_render_helper_render_page (helper, 0, WIDTH, NULL, NULL));
      for (int i = 0; i < REPEAT; i++)
        {
          double t = now ();
          cairo_surface_t *s = touch (rp_document_render_page (document, 0, WIDTH, &error));

          local[i] = now () - t;
          g_assert_no_error (error);
          cairo_surface_destroy (s);
          t = now ();
          s = touch (rp_render_helper_render_page (helper, 0, WIDTH, NULL, &error));
          remote[i] = now () - t;
          g_assert_no_error (error);
          cairo_surface_destroy (s);
        }
      for (int i = 0; i < REPEAT; i++)
        {
          double t;
          cairo_surface_t *s;

          g_usleep (PAUSE_MS * 1000);
          t = now ();
          s = touch (rp_document_render_page (document, 0, WIDTH, &error));
          paced_local[i] = now () - t;
          g_assert_no_error (error);
          cairo_surface_destroy (s);
          g_usleep (PAUSE_MS * 1000);
          t = now ();
          s = touch (rp_render_helper_render_page (helper, 0, WIDTH, NULL, &error));
          paced_remote[i] = now () - t;
          g_assert_no_error (error);
          cairo_surface_destroy (s);
        }
      rp_render_helper_free (helper);
      for (int i = 0; i < REPEAT; i++)
        {
          double t = now ();
          g_autoptr(RpDocument) fresh = rp_document_open (argv[f], &error);
          cairo_surface_t *s;

          g_assert_no_error (error);
          cairo_surface_destroy (rp_document_render_page (fresh, 0, WIDTH, NULL));
          cold_local[i] = now () - t;
          t = now ();
          helper = rp_render_helper_new (argv[f], RP_CHILD_DEFAULT_MEMORY);
          s = rp_render_helper_render_page (helper, 0, WIDTH, NULL, &error);
          g_assert_no_error (error);
          cairo_surface_destroy (s);
          cold_remote[i] = now () - t;
          rp_render_helper_free (helper);
        }
      ratio = rp_test_median (remote, REPEAT) / rp_test_median (local, REPEAT);
      paced_ratio = rp_test_median (paced_remote, REPEAT) / rp_test_median (paced_local, REPEAT);
      cold_ratio = rp_test_median (cold_remote, REPEAT) / rp_test_median (cold_local, REPEAT);
      printf ("%-36s %7.1fms %7.1fms %5.2fx | %7.1fms %7.1fms %5.2fx | %7.1fms %7.1fms %5.2fx\n", name,
              rp_test_median (paced_local, REPEAT) * 1e3, rp_test_median (paced_remote, REPEAT) * 1e3, paced_ratio,
              rp_test_median (local, REPEAT) * 1e3, rp_test_median (remote, REPEAT) * 1e3, ratio,
              rp_test_median (cold_local, REPEAT) * 1e3, rp_test_median (cold_remote, REPEAT) * 1e3, cold_ratio);
      sum[0] += rp_test_median (paced_local, REPEAT);
      sum[1] += rp_test_median (paced_remote, REPEAT);
      sum[2] += rp_test_median (local, REPEAT);
      sum[3] += rp_test_median (remote, REPEAT);
    }
  within = sum[1] / sum[0] <= BOUND;
  printf ("%-36s %7.1fms %7.1fms %5.2fx | %7.1fms %7.1fms %5.2fx |\n", "all files", sum[0] * 1e3, sum[1] * 1e3,
          sum[1] / sum[0], sum[2] * 1e3, sum[3] * 1e3, sum[3] / sum[2]);
  printf ("warm helper overhead at a reader's pace %s the %.2fx bound\n", within ? "within" : "OVER", BOUND);
  return within ? 0 : 1;
}
