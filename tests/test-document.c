/* test-document.c — opening and drawing PDF pages, and refusing broken ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

/* Fraction of pixels that are not white. */
static double
ink_fraction (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint64 ink = 0;

  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      for (int x = 0; x < w; x++)
        if ((row[x] & 0xFFFFFF) != 0xFFFFFF)
          ink++;
    }
  return (double) ink / ((double) w * h);
}

static void
test_render_pages (void)
{
  g_autofree char *dir = rp_test_make_dir ("doc");
  g_autofree char *pdf = g_build_filename (dir, "three.pdf", NULL);
  g_autoptr(RpDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  double w, h;

  rp_test_write_pdf (pdf, 3, "hello");
  document = rp_document_open (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_document_get_n_pages (document), ==, 3);
  g_assert_true (rp_document_get_page_size (document, 2, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 595, 0.5);
  g_assert_cmpfloat_with_epsilon (h, 842, 0.5);

  surface = rp_document_render_page (document, 2, 600, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 600);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 849);
  /* The blue block covers 451×200 of 595×842 pt: about 18% of the page. */
  g_assert_cmpfloat (ink_fraction (surface), >, 0.15);
  g_assert_cmpfloat (ink_fraction (surface), <, 0.30);
  cairo_surface_destroy (surface);

  surface = rp_document_render_page (document, 3, 600, &error);
  g_assert_null (surface);
  g_assert_error (error, RP_ERROR, RP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  surface = rp_document_render_page (document, 0, 100000, &error);
  g_assert_null (surface);
  g_assert_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
}

static void
test_broken_files (void)
{
  g_autofree char *dir = rp_test_make_dir ("doc-broken");
  g_autofree char *good = g_build_filename (dir, "good.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  struct { const char *name; const char *data; gssize len; } cases[] = {
    { "empty.pdf", "", 0 },
    { "html.pdf", "<html><body>Login to the Wi-Fi</body></html>", -1 },
    { "header-only.pdf", "%PDF-1.7\n", -1 },
    { "truncated.pdf", NULL, 0 },
  };

  rp_test_write_pdf (good, 2, "x");
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  cases[3].data = contents;
  cases[3].len = (gssize) length / 3;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RpDocument) document = NULL;

      rp_test_write_file (dir, cases[i].name, cases[i].data, cases[i].len);
      document = rp_document_open (path, &error);
      g_test_message ("%s: %s", cases[i].name, error ? error->message : "opened");
      g_assert_null (document);
      g_assert_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Document/render-pages", test_render_pages);
  g_test_add_func ("/ReadingPoint/Document/broken-files", test_broken_files);

  return g_test_run ();
}
