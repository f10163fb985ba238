/* test-qr.c — QR codes a phone can read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>

#include "rp-core.h"
#include "rp-test-util.h"

/* Draws @code as a PNG, 8 px a module, with the standard quiet zone. */
static void
write_png (const RpQrCode *code,
           const char     *path)
{
  const int scale = 8, quiet = 4;
  int side = ((int) code->size + 2 * quiet) * scale;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint y = 0; y < code->size; y++)
    for (guint x = 0; x < code->size; x++)
      if (rp_qr_code_is_dark (code, x, y))
        cairo_rectangle (cr, (quiet + x) * scale, (quiet + y) * scale, scale, scale);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static const char *urls[] = {
  "https://www.qingxi.example.gov.cn/col/col1026/art_1026_1.html",
  "https://www.example.gov.cn/政策/解读?id=17&lang=zh",
};

static void
test_structure (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpQrCode) code = rp_qr_code_encode (urls[i], &error);

      g_assert_no_error (error);
      /* Version 1 is 21 modules; every version adds 4. */
      g_assert_cmpuint (code->size, >=, 21);
      g_assert_cmpuint ((code->size - 21) % 4, ==, 0);
      /* The three finder patterns: dark 7×7 corners. */
      g_assert_true (rp_qr_code_is_dark (code, 0, 0));
      g_assert_true (rp_qr_code_is_dark (code, code->size - 1, 0));
      g_assert_true (rp_qr_code_is_dark (code, 0, code->size - 1));
      g_assert_false (rp_qr_code_is_dark (code, code->size, 0));
    }
}

/* What a phone's camera reads back, with zbar's decoder. */
static void
test_round_trip (void)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *dir = NULL;

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg is not installed (build-aux/install-deps installs zbar-tools): "
                   "the codes were not decoded");
      return;
    }
  dir = rp_test_make_dir ("qr");
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpQrCode) code = rp_qr_code_encode (urls[i], &error);
      g_autofree char *name = g_strdup_printf ("code-%u.png", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *out = NULL;

      g_assert_no_error (error);
      write_png (code, path);
      g_assert_cmpint (rp_test_run (&out, NULL, zbarimg, "--quiet", "--raw", path, NULL), ==, 0);
      g_strchomp (out);
      g_assert_cmpstr (out, ==, urls[i]);
    }
}

static void
test_refuses_bad_text (void)
{
  g_autoptr(GString) long_text = g_string_new ("https://example.gov.cn/");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1100; i++)
    g_string_append_c (long_text, 'a');
  g_assert_null (rp_qr_code_encode ("", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_clear_error (&error);
  g_assert_null (rp_qr_code_encode (long_text->str, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_clear_error (&error);
  g_assert_null (rp_qr_code_encode ("\xff\xfe", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/QrCode/structure", test_structure);
  g_test_add_func ("/ReadingPoint/QrCode/round-trip", test_round_trip);
  g_test_add_func ("/ReadingPoint/QrCode/refuses-bad-text", test_refuses_bad_text);

  return g_test_run ();
}
