/* test-image.c — PNG and JPEG attachments, checked before decoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-image.h"
#include "rp-test-util.h"

/* A PNG @width × @height: cairo writes it, the check reads its header. */
static char *
write_png (const char *dir,
           const char *name,
           int         width,
           int         height)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_check_size (void)
{
  g_autofree char *dir = rp_test_make_dir ("image-check");
  g_autofree char *good = write_png (dir, "good.png", 30, 40);
  g_autofree char *wide = write_png (dir, "wide.png", RP_DOCUMENT_MAX_EDGE_PX + 1, 1);
  g_autofree char *text = g_build_filename (dir, "text.png", NULL);
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  g_assert_true (rp_image_check_size (good, &width, &height, &error));
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 30);
  g_assert_cmpint (height, ==, 40);

  g_assert_false (rp_image_check_size (wide, NULL, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_RENDER_LIMIT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "not an image", -1, NULL));
  g_assert_false (rp_image_check_size (text, NULL, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
}

/* Scaled down to the width asked for, never up; ARGB32 either way. */
static void
test_load_at_width (void)
{
  g_autofree char *dir = rp_test_make_dir ("image-load");
  g_autofree char *png = g_build_filename (dir, "in.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *small;
  cairo_surface_t *same;

  rp_test_write_png (png);
  small = rp_image_load_at_width (png, 60, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (small), ==, 60);
  g_assert_cmpint (cairo_image_surface_get_height (small), ==, 100);
  g_assert_cmpint (cairo_image_surface_get_format (small), ==, CAIRO_FORMAT_ARGB32);
  /* rp_test_write_png paints it opaque. */
  g_assert_cmphex (((guint32 *) cairo_image_surface_get_data (small))[0] >> 24, ==, 0xff);
  cairo_surface_destroy (small);

  same = rp_image_load_at_width (png, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (same), ==, 120);
  cairo_surface_destroy (same);
}

typedef struct
{
  gboolean  done;
  GObject  *image;
  GError   *error;
} Loaded;

static guint n_decoded;

static GObject *
decode_any (const char *path,
            GError    **error)
{
  n_decoded++;
  return g_object_new (G_TYPE_OBJECT, NULL);
}

static GObject *
decode_fails (const char *path,
              GError    **error)
{
  n_decoded++;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot decode");
  return NULL;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Loaded *loaded = data;

  loaded->image = rp_image_load_finish (result, &loaded->error);
  loaded->done = TRUE;
}

static void
load (const char        *path,
      RpImageDecodeFunc  decode,
      GCancellable      *cancellable,
      Loaded            *loaded)
{
  rp_image_load_async (path, decode, cancellable, on_loaded, loaded);
  while (!loaded->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The size check comes first, on the worker: an absurd file never reaches
 * the decoder; a decoder's failure is a broken document. */
static void
test_load_async (void)
{
  g_autofree char *dir = rp_test_make_dir ("image-async");
  g_autofree char *good = write_png (dir, "good.png", 30, 40);
  g_autofree char *wide = write_png (dir, "wide.png", RP_DOCUMENT_MAX_EDGE_PX + 1, 1);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Loaded ok = { 0 }, refused = { 0 }, broken = { 0 }, gone = { 0 };

  n_decoded = 0;
  load (good, decode_any, NULL, &ok);
  g_assert_no_error (ok.error);
  g_assert_nonnull (ok.image);
  g_assert_cmpuint (n_decoded, ==, 1);
  g_assert_finalize_object (ok.image);

  load (wide, decode_any, NULL, &refused);
  g_assert_error (refused.error, RP_ERROR, RP_ERROR_RENDER_LIMIT);
  g_assert_null (refused.image);
  g_assert_cmpuint (n_decoded, ==, 1);
  g_clear_error (&refused.error);

  load (good, decode_fails, NULL, &broken);
  g_assert_error (broken.error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
  g_assert_cmpstr (broken.error->message, ==, "cannot decode");
  g_clear_error (&broken.error);

  g_cancellable_cancel (cancelled);
  load (good, decode_any, cancelled, &gone);
  g_assert_error (gone.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (gone.image);
  g_clear_error (&gone.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Image/check-size", test_check_size);
  g_test_add_func ("/ReadingPoint/Image/load-at-width", test_load_at_width);
  g_test_add_func ("/ReadingPoint/Image/load-async", test_load_async);
  return g_test_run ();
}
