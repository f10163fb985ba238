/* bench-render-helper.c — what drawing in readingpoint-render-helper costs
 * against poppler in-process, on the same pages in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-render-helper PDF...   (meson test --benchmark; RESULTS.md)
 *
 * - sharp page, warm: page 1 drawn 1920 px wide by an open document,
 *   in-process (rp_document_render_page) vs through a running helper
 *   (request, drawing into the memfd, sealing, mapping, cairo wrap); the
 *   issue's bound is 1.15×;
 * - cold: a fresh helper (spawn, sandbox, open, draw) vs in-process open +
 *   draw.
 * Each figure is the median of REPEAT runs, alternating the two sides so
 * that load on the machine hits both alike. Exits 1 if the warm ratio of
 * any file is over 1.15.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "rp-core.h"
#include "rp-render-child.h"
#include "rp-render-helper-client.h"

#define REPEAT 15
#define WIDTH  1920
#define BOUND  1.15

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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
  gboolean within = TRUE;

  printf ("%-40s %10s %10s %7s %10s %10s %7s\n", "file", "in-proc", "helper", "ratio", "cold-in", "cold-hlp", "ratio");
  for (int f = 1; f < argc; f++)
    {
      double local[REPEAT], remote[REPEAT], cold_local[REPEAT], cold_remote[REPEAT];
      g_autoptr(GError) error = NULL;
      g_autoptr(RpDocument) document = rp_document_open (argv[f], &error);
      RpRenderHelper *helper = rp_render_helper_new (argv[f], RP_CHILD_DEFAULT_MEMORY);
      g_autoptr(GArray) sizes = rp_render_helper_open (helper, &error);
      g_autofree char *name = g_path_get_basename (argv[f]);
      double ratio, cold_ratio;

      if (document == NULL || sizes == NULL)
        g_error ("%s: %s", argv[f], error->message);
      /* One of each first: fonts, caches. */
      cairo_surface_destroy (rp_document_render_page (document, 0, WIDTH, NULL));
      cairo_surface_destroy (rp_render_helper_render_page (helper, 0, WIDTH, NULL, NULL));
      for (int i = 0; i < REPEAT; i++)
        {
          double t = now ();
          cairo_surface_t *s = rp_document_render_page (document, 0, WIDTH, &error);

          g_assert_no_error (error);
          cairo_surface_destroy (s);
          local[i] = now () - t;
          t = now ();
          s = rp_render_helper_render_page (helper, 0, WIDTH, NULL, &error);
          g_assert_no_error (error);
          cairo_surface_destroy (s);
          remote[i] = now () - t;
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
      ratio = median (remote, REPEAT) / median (local, REPEAT);
      cold_ratio = median (cold_remote, REPEAT) / median (cold_local, REPEAT);
      printf ("%-40s %8.1fms %8.1fms %6.2fx %8.1fms %8.1fms %6.2fx\n", name,
              median (local, REPEAT) * 1e3, median (remote, REPEAT) * 1e3, ratio,
              median (cold_local, REPEAT) * 1e3, median (cold_remote, REPEAT) * 1e3, cold_ratio);
      if (ratio > BOUND)
        within = FALSE;
    }
  printf ("warm helper overhead %s the %.2fx bound\n", within ? "within" : "OVER", BOUND);
  return within ? 0 : 1;
}
