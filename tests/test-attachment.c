/* test-attachment.c — a file attached to an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

#define SHA "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static void
test_fields (void)
{
  g_autoptr(RpAttachment) pdf = rp_attachment_new ("files/enrolment.pdf", "实施意见全文", RP_ATTACHMENT_PDF, SHA, 4096,
                                                   "/var/lib/readingpoint/objects/ba/" SHA);

  g_assert_cmpstr (rp_attachment_get_path (pdf), ==, "files/enrolment.pdf");
  g_assert_cmpstr (rp_attachment_get_title (pdf), ==, "实施意见全文");
  g_assert_cmpint (rp_attachment_get_kind (pdf), ==, RP_ATTACHMENT_PDF);
  g_assert_false (rp_attachment_is_image (pdf));
  g_assert_cmpstr (rp_attachment_get_sha256 (pdf), ==, SHA);
  g_assert_cmpuint (rp_attachment_get_size (pdf), ==, 4096);
  g_assert_cmpstr (rp_attachment_get_local_path (pdf), ==, "/var/lib/readingpoint/objects/ba/" SHA);
  g_assert_finalize_object (g_steal_pointer (&pdf));
}

/* Without the publisher's title, the file name stands in. */
static void
test_title_falls_back_to_file_name (void)
{
  g_autoptr(RpAttachment) png = rp_attachment_new ("files/图解/graphic.png", NULL, RP_ATTACHMENT_PNG, SHA, 10, NULL);

  g_assert_cmpstr (rp_attachment_get_title (png), ==, "graphic.png");
  g_assert_true (rp_attachment_is_image (png));
  g_assert_finalize_object (g_steal_pointer (&png));
}

/* The type names catalogue.db stores. */
static void
test_type_from_string (void)
{
  RpAttachmentType type = RP_ATTACHMENT_PNG;

  g_assert_true (rp_attachment_type_from_string ("pdf", &type));
  g_assert_cmpint (type, ==, RP_ATTACHMENT_PDF);
  g_assert_true (rp_attachment_type_from_string ("png", &type));
  g_assert_cmpint (type, ==, RP_ATTACHMENT_PNG);
  g_assert_true (rp_attachment_type_from_string ("jpeg", &type));
  g_assert_cmpint (type, ==, RP_ATTACHMENT_JPEG);
  g_assert_false (rp_attachment_type_from_string ("PDF", &type));
  g_assert_false (rp_attachment_type_from_string ("jpg", &type));
  g_assert_false (rp_attachment_type_from_string ("", &type));
  g_assert_false (rp_attachment_type_from_string (NULL, &type));
  g_assert_cmpint (type, ==, RP_ATTACHMENT_JPEG);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Attachment/fields", test_fields);
  g_test_add_func ("/ReadingPoint/Attachment/title-falls-back-to-file-name", test_title_falls_back_to_file_name);
  g_test_add_func ("/ReadingPoint/Attachment/type-from-string", test_type_from_string);

  return g_test_run ();
}
