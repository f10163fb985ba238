/* test-texture.c — a rendered page (a cairo image surface) as a GdkTexture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-texture.h"

static const cairo_user_data_key_t freed_key;

static void
mark_freed (void *data)
{
  *(gboolean *) data = TRUE;
}

/* The texture shows the surface's pixels without a copy and keeps the
 * surface alive: the render queue may drop its reference while the texture
 * is on screen. The surface goes with the texture. */
static void
test_texture_holds_surface (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 7, 5);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GdkTexture) texture = NULL;
  guint32 pixels[7 * 5];
  gboolean freed = FALSE;

  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_set_user_data (surface, &freed_key, &freed, mark_freed);

  texture = rp_texture_new_for_surface (surface);
  g_assert_cmpint (cairo_surface_get_reference_count (surface), ==, 2);
  cairo_surface_destroy (surface);
  g_assert_false (freed);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 7);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 5);

  gdk_texture_download (texture, (guchar *) pixels, 7 * sizeof (guint32));
  for (guint i = 0; i < G_N_ELEMENTS (pixels); i++)
    g_assert_cmphex (pixels[i], ==, 0xffff0000);
  g_assert_finalize_object (g_steal_pointer (&texture));
  g_assert_true (freed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Texture/holds-surface", test_texture_holds_surface);

  return g_test_run ();
}
