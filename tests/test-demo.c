/* test-demo.c — the built-in demo bundle is complete and real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

static RpCatalogue *
install_demo (const char *name)
{
  g_autofree char *path = rp_test_make_dir (name);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  RpCatalogue *catalogue = rp_data_dir_ensure_catalogue (data_dir, rp_test_demo_dir (), &error);

  g_assert_no_error (error);
  return catalogue;
}

static void
test_covers_category_tree (void)
{
  g_autoptr(RpCatalogue) catalogue = install_demo ("demo-tree");
  g_autoptr(GListModel) top = rp_catalogue_list_categories (catalogue, NULL);
  g_autoptr(GListModel) key = rp_catalogue_list_categories (catalogue, "key");
  const char *required_top[] = { "org", "law", "plan", "finance", "key", "interp", "guide" };
  const char *required_key[] = { "key-land", "key-relocation", "key-housing", "key-disaster",
                                 "key-municipal", "key-trading", "key-edu", "key-projects",
                                 "key-allocation" };

  g_assert_cmpstr (rp_catalogue_get_channel (catalogue), ==, "demo");
  g_assert_cmpuint (rp_catalogue_get_n_entries (catalogue), >=, 40);
  for (guint i = 0; i < G_N_ELEMENTS (required_top); i++)
    {
      g_autoptr(RpCategory) c = rp_catalogue_get_category (catalogue, required_top[i]);
      g_assert_nonnull (c);
      g_assert_null (rp_category_get_parent (c));
      g_assert_cmpuint (rp_category_get_n_entries (c), >=, 2);
    }
  g_assert_cmpuint (g_list_model_get_n_items (top), ==, G_N_ELEMENTS (required_top));
  g_assert_cmpuint (g_list_model_get_n_items (key), ==, G_N_ELEMENTS (required_key));
  for (guint i = 0; i < G_N_ELEMENTS (required_key); i++)
    {
      g_autoptr(RpCategory) c = rp_catalogue_get_category (catalogue, required_key[i]);
      g_assert_nonnull (c);
      g_assert_cmpstr (rp_category_get_parent (c), ==, "key");
      g_assert_cmpuint (rp_category_get_n_entries (c), >=, 2);
    }
}

static void
test_has_every_kind_of_entry (void)
{
  g_autoptr(RpCatalogue) catalogue = install_demo ("demo-kinds");
  g_autoptr(GListModel) all = rp_catalogue_list_entries (catalogue, NULL);
  g_autoptr(RpEntry) guide = NULL;
  guint body_only = 0, pdfs = 0, images = 0, multi_page = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (all, i);
      GListModel *attachments = rp_entry_get_attachments (entry);
      guint n = g_list_model_get_n_items (attachments);

      if (n == 0 && rp_entry_get_body (entry) != NULL)
        body_only++;
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(RpAttachment) a = g_list_model_get_item (attachments, j);
          g_autoptr(GError) error = NULL;

          if (rp_attachment_is_image (a))
            {
              images++;
              continue;
            }
          pdfs++;
          {
            g_autoptr(RpDocument) document = rp_document_open (rp_attachment_get_local_path (a), &error);
            g_assert_no_error (error);
            if (rp_document_get_n_pages (document) >= 3)
              multi_page++;
          }
        }
    }
  g_test_message ("body-only %u, PDFs %u (multi-page %u), images %u", body_only, pdfs, multi_page, images);
  g_assert_cmpuint (body_only, >=, 10);
  g_assert_cmpuint (pdfs, >=, 8);
  g_assert_cmpuint (multi_page, ==, pdfs);
  g_assert_cmpuint (images, >=, 1);

  guide = rp_catalogue_get_entry (catalogue, "QX-GUIDE-0001", NULL);
  g_assert_nonnull (guide);
  g_assert_nonnull (strstr (rp_entry_get_title (guide), "依申请公开"));
  g_assert_cmpuint (g_list_model_get_n_items (rp_entry_get_attachments (guide)), >=, 1);
}

static void
test_pdfs_carry_chinese_text (void)
{
  g_autoptr(RpCatalogue) catalogue = install_demo ("demo-render");
  g_autoptr(RpEntry) guide = rp_catalogue_get_entry (catalogue, "QX-GUIDE-0001", NULL);
  g_autoptr(RpAttachment) pdf = g_list_model_get_item (rp_entry_get_attachments (guide), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpDocument) document = rp_document_open (rp_attachment_get_local_path (pdf), &error);
  cairo_surface_t *surface;

  g_assert_no_error (error);
  surface = rp_document_render_page (document, 0, 800, &error);
  g_assert_no_error (error);
  g_assert_nonnull (surface);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Demo/covers-category-tree", test_covers_category_tree);
  g_test_add_func ("/ReadingPoint/Demo/has-every-kind-of-entry", test_has_every_kind_of_entry);
  g_test_add_func ("/ReadingPoint/Demo/pdfs-render", test_pdfs_carry_chinese_text);

  return g_test_run ();
}
