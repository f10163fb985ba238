/* test-preview-cache.c — the preview cache on disk, and RpThumbnailer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attachments here live where a bundle puts them, in a data directory's
 * object store (<data>/objects/<aa>/<sha256>), so the thumbnailer finds
 * <data>/previews from the attachment alone.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rp-core.h"
#include "rp-test-util.h"
#include "rp-thumbnailer.h"

static void
write_pdf_file (const char *dir,
                const char *name,
                char      **out_path)
{
  *out_path = g_build_filename (dir, name, NULL);
  rp_test_write_pdf (*out_path, 2, "preview");
}

/* Drops the last reference to @thumbnailer and waits until it is gone: a
 * drawing on a thread lets its task go there, just after its callback ran. */
static void
assert_finalized (RpThumbnailer *thumbnailer)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GWeakRef weak;

  g_weak_ref_init (&weak, thumbnailer);
  g_object_unref (thumbnailer);
  for (;;)
    {
      g_autoptr(GObject) still = g_weak_ref_get (&weak);

      if (still == NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
    }
  g_weak_ref_clear (&weak);
}

/* What is stored is found under the same hash and size, and only there. */
static void
test_store_and_lookup (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-store");
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (dir);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "bytes", -1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *other_size = NULL;
  g_autofree char *failure = NULL;

  g_assert_null (rp_preview_cache_lookup (cache, sha, 5, 0, TRUE));
  g_assert_true (rp_preview_cache_store (cache, sha, 5, 0, TRUE, surface, &error));
  g_assert_no_error (error);
  cairo_surface_destroy (surface);

  found = rp_preview_cache_lookup (cache, sha, 5, 0, TRUE);
  g_assert_nonnull (found);
  g_assert_true (g_str_has_suffix (found, "thumb-1.png"));
  g_assert_true (g_str_has_prefix (found, cache));
  /* Other bytes (another size) never get this preview; nor does a page. */
  other_size = rp_preview_cache_lookup (cache, sha, 6, 0, TRUE);
  g_assert_null (other_size);
  g_assert_null (rp_preview_cache_lookup (cache, sha, 5, 0, FALSE));

  g_assert_null (rp_preview_cache_lookup_failure (cache, sha, 5));
  g_assert_true (rp_preview_cache_store_failure (cache, sha, 5, "no pages", &error));
  g_assert_no_error (error);
  failure = rp_preview_cache_lookup_failure (cache, sha, 5);
  g_assert_cmpstr (failure, ==, "no pages");
}

/* The document page's first-page preview, found from the attachment alone:
 * none until the install stored one, then that one, and never for an
 * attachment with no bytes on this terminal. */
static void
test_lookup_attachment (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-attachment");
  g_autofree char *pdf = NULL;
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (dir);
  g_autoptr(RpAttachment) nowhere = rp_attachment_new ("files/x.pdf", NULL, RP_ATTACHMENT_PDF, NULL, 3, NULL);
  g_autoptr(RpAttachment) attachment = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 56);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  write_pdf_file (dir, "in.pdf", &pdf);
  attachment = rp_test_stored_attachment (dir, pdf, RP_ATTACHMENT_PDF);

  g_assert_null (rp_preview_cache_lookup_attachment (nowhere));
  before = rp_preview_cache_lookup_attachment (attachment);
  g_assert_null (before);
  g_assert_true (rp_preview_cache_store (cache, rp_attachment_get_sha256 (attachment),
                                         rp_attachment_get_size (attachment), 0, FALSE, surface, NULL));
  cairo_surface_destroy (surface);
  after = rp_preview_cache_lookup_attachment (attachment);
  g_assert_nonnull (after);
  g_assert_true (g_str_has_prefix (after, cache));
  g_assert_true (g_file_test (after, G_FILE_TEST_IS_REGULAR));
}

/* The thumbnailer's answer from the cache alone, for each case. */
static void
test_lookup_states (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-states");
  g_autofree char *png = g_build_filename (dir, "in.png", NULL);
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (dir);
  RpThumbnailer *thumbnailer = rp_thumbnailer_new ();
  g_autoptr(RpAttachment) nowhere = rp_attachment_new ("files/x.png", NULL, RP_ATTACHMENT_PNG, NULL, 3, NULL);
  g_autoptr(RpAttachment) image = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  g_autofree char *cached = NULL;

  rp_test_write_png (png);
  image = rp_test_stored_attachment (dir, png, RP_ATTACHMENT_PNG);

  /* No bytes on this terminal: nothing to draw, ever. */
  g_assert_cmpint (rp_thumbnailer_lookup (thumbnailer, nowhere, &cached), ==, RP_THUMBNAIL_NONE);
  g_assert_null (cached);
  g_assert_cmpint (rp_thumbnailer_lookup (thumbnailer, image, &cached), ==, RP_THUMBNAIL_DRAW);
  g_assert_null (cached);

  g_assert_true (rp_preview_cache_store (cache, rp_attachment_get_sha256 (image), rp_attachment_get_size (image), 0,
                                         TRUE, surface, NULL));
  cairo_surface_destroy (surface);
  g_assert_cmpint (rp_thumbnailer_lookup (thumbnailer, image, &cached), ==, RP_THUMBNAIL_DRAW);
  g_assert_nonnull (cached);
  g_clear_pointer (&cached, g_free);

  g_assert_true (rp_preview_cache_store_failure (cache, rp_attachment_get_sha256 (image),
                                                 rp_attachment_get_size (image), "broken", NULL));
  g_assert_cmpint (rp_thumbnailer_lookup (thumbnailer, image, &cached), ==, RP_THUMBNAIL_DAMAGED);
  assert_finalized (thumbnailer);
}

typedef struct
{
  gboolean         done;
  cairo_surface_t *surface;
  GError          *error;
} Drawn;

static void
on_drawn (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Drawn *drawn = data;

  drawn->surface = rp_thumbnailer_draw_finish (RP_THUMBNAILER (source), result, &drawn->error);
  drawn->done = TRUE;
}

static void
draw (RpThumbnailer *thumbnailer,
      RpAttachment  *attachment,
      GCancellable  *cancellable,
      Drawn         *drawn)
{
  rp_thumbnailer_draw_async (thumbnailer, attachment, cancellable, on_drawn, drawn);
  while (!drawn->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Waits until @attachment's thumbnail (or why it has none) is on disk:
 * the cache is written from a thread once the drawing is returned. */
static void
wait_until_kept (RpThumbnailer *thumbnailer,
                 RpAttachment  *attachment,
                 RpThumbnailState state)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *cached = NULL;
      RpThumbnailState now = rp_thumbnailer_lookup (thumbnailer, attachment, &cached);

      if ((state == RP_THUMBNAIL_DRAW && cached != NULL) || (state == RP_THUMBNAIL_DAMAGED && now == state))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
    }
}

/* @attachment is drawn @width wide, as an ARGB32 surface, and kept. */
static void
assert_draws (RpThumbnailer *thumbnailer,
              RpAttachment  *attachment,
              int            width)
{
  Drawn drawn = { 0 };

  draw (thumbnailer, attachment, NULL, &drawn);
  g_assert_no_error (drawn.error);
  g_assert_nonnull (drawn.surface);
  g_assert_cmpint (cairo_image_surface_get_width (drawn.surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_format (drawn.surface), ==, CAIRO_FORMAT_ARGB32);
  cairo_surface_destroy (drawn.surface);
  wait_until_kept (thumbnailer, attachment, RP_THUMBNAIL_DRAW);
}

/* An image is decoded at thumbnail width (never enlarged) and kept. */
static void
test_draw_image (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-image");
  g_autofree char *png = g_build_filename (dir, "in.png", NULL);
  RpThumbnailer *thumbnailer = rp_thumbnailer_new ();
  g_autoptr(RpAttachment) image = NULL;

  rp_test_write_png (png);
  image = rp_test_stored_attachment (dir, png, RP_ATTACHMENT_PNG);
  /* rp_test_write_png is 120 wide: below RP_PREVIEW_THUMB_WIDTH. */
  assert_draws (thumbnailer, image, 120);
  assert_finalized (thumbnailer);
}

/* A PDF's first page is drawn RP_PREVIEW_THUMB_WIDTH wide and kept. */
static void
test_draw_pdf (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-pdf");
  g_autofree char *pdf = NULL;
  RpThumbnailer *thumbnailer = rp_thumbnailer_new ();
  g_autoptr(RpAttachment) attachment = NULL;

  write_pdf_file (dir, "in.pdf", &pdf);
  attachment = rp_test_stored_attachment (dir, pdf, RP_ATTACHMENT_PDF);
  assert_draws (thumbnailer, attachment, RP_PREVIEW_THUMB_WIDTH);
  assert_finalized (thumbnailer);
}

/* A file that cannot be drawn fails, and the cache remembers why. */
static void
test_draw_damaged (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-damaged");
  g_autofree char *bad = g_build_filename (dir, "bad.png", NULL);
  g_autofree char *bad_pdf = g_build_filename (dir, "bad.pdf", NULL);
  RpThumbnailer *thumbnailer = rp_thumbnailer_new ();
  g_autoptr(RpAttachment) image = NULL;
  g_autoptr(RpAttachment) pdf = NULL;
  Drawn drawn = { 0 };
  Drawn drawn_pdf = { 0 };

  g_assert_true (g_file_set_contents (bad, "not a PNG at all", -1, NULL));
  g_assert_true (g_file_set_contents (bad_pdf, "%PDF-1.4 and then nothing", -1, NULL));
  image = rp_test_stored_attachment (dir, bad, RP_ATTACHMENT_PNG);
  pdf = rp_test_stored_attachment (dir, bad_pdf, RP_ATTACHMENT_PDF);

  draw (thumbnailer, image, NULL, &drawn);
  g_assert_error (drawn.error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT);
  g_assert_null (drawn.surface);
  g_clear_error (&drawn.error);
  wait_until_kept (thumbnailer, image, RP_THUMBNAIL_DAMAGED);

  draw (thumbnailer, pdf, NULL, &drawn_pdf);
  g_assert_nonnull (drawn_pdf.error);
  g_assert_false (g_error_matches (drawn_pdf.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_null (drawn_pdf.surface);
  g_clear_error (&drawn_pdf.error);
  wait_until_kept (thumbnailer, pdf, RP_THUMBNAIL_DAMAGED);
  assert_finalized (thumbnailer);
}

/* Cancelled, a drawing reports G_IO_ERROR_CANCELLED, whatever it got to. */
static void
test_draw_cancelled (void)
{
  g_autofree char *dir = rp_test_make_dir ("preview-cancel");
  g_autofree char *pdf = NULL;
  g_autofree char *png = g_build_filename (dir, "in.png", NULL);
  RpThumbnailer *thumbnailer = rp_thumbnailer_new ();
  g_autoptr(RpAttachment) attachment = NULL;
  g_autoptr(RpAttachment) image = NULL;
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) during = g_cancellable_new ();
  g_autofree char *cached = NULL;
  Drawn drawn = { 0 };
  Drawn drawn_image = { 0 };

  write_pdf_file (dir, "in.pdf", &pdf);
  rp_test_write_png (png);
  attachment = rp_test_stored_attachment (dir, pdf, RP_ATTACHMENT_PDF);
  image = rp_test_stored_attachment (dir, png, RP_ATTACHMENT_PNG);

  /* Cancelled at once, while the PDF is opened: nothing is kept. */
  rp_thumbnailer_draw_async (thumbnailer, attachment, during, on_drawn, &drawn);
  g_cancellable_cancel (during);
  while (!drawn.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (drawn.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (drawn.surface);
  g_clear_error (&drawn.error);
  g_assert_cmpint (rp_thumbnailer_lookup (thumbnailer, attachment, &cached), ==, RP_THUMBNAIL_DRAW);
  g_assert_null (cached);

  g_cancellable_cancel (before);
  draw (thumbnailer, image, before, &drawn_image);
  g_assert_error (drawn_image.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (drawn_image.surface);
  g_clear_error (&drawn_image.error);
  assert_finalized (thumbnailer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/PreviewCache/store-and-lookup", test_store_and_lookup);
  g_test_add_func ("/ReadingPoint/PreviewCache/lookup-attachment", test_lookup_attachment);
  g_test_add_func ("/ReadingPoint/Thumbnailer/lookup-states", test_lookup_states);
  g_test_add_func ("/ReadingPoint/Thumbnailer/draw-image", test_draw_image);
  g_test_add_func ("/ReadingPoint/Thumbnailer/draw-pdf", test_draw_pdf);
  g_test_add_func ("/ReadingPoint/Thumbnailer/draw-damaged", test_draw_damaged);
  g_test_add_func ("/ReadingPoint/Thumbnailer/draw-cancelled", test_draw_cancelled);
  return g_test_run ();
}
