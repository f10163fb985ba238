/* test-catalogue.c — browsing an installed catalogue from its database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rp-core.h"
#include "rp-test-util.h"

typedef struct
{
  char          *dir;
  RpObjectStore *store;
  RpCatalogue   *catalogue;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("catalogue-%u", ++counter);
  g_autofree char *source_name = g_strdup_printf ("catalogue-source-%u", counter);
  g_autofree char *source = rp_test_make_source (source_name);
  g_autofree char *objects = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = rp_test_make_dir (name);
  objects = g_build_filename (f->dir, "objects", NULL);
  db_path = g_build_filename (f->dir, "catalogue.db", NULL);
  f->store = rp_object_store_new (objects);
  g_assert_true (rp_catalogue_import_source (source, f->store, db_path, NULL, &error));
  g_assert_no_error (error);

  /* The source is gone: everything must now come from the database and
   * the object store. */
  rp_test_write_file (source, "catalogue.json", "garbage", -1);
  f->catalogue = rp_catalogue_open (db_path, f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->catalogue);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->catalogue);
  g_assert_finalize_object (f->store);
  g_free (f->dir);
}

static void
test_metadata (Fixture      *f,
               gconstpointer data)
{
  g_assert_cmpstr (rp_catalogue_get_channel (f->catalogue), ==, "test");
  g_assert_cmpstr (rp_catalogue_get_title (f->catalogue), ==, "测试区政府信息公开目录");
  g_assert_cmpuint (rp_catalogue_get_n_entries (f->catalogue), ==, 4);
}

static void
test_top_categories_with_subtree_counts (Fixture      *f,
                                         gconstpointer data)
{
  g_autoptr(GListModel) top = rp_catalogue_list_categories (f->catalogue, NULL);
  const char *ids[] = { "org", "key", "empty" };
  const guint counts[] = { 2, 2, 0 };

  g_assert_cmpuint (g_list_model_get_n_items (top), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RpCategory) c = g_list_model_get_item (top, i);
      g_assert_cmpstr (rp_category_get_id (c), ==, ids[i]);
      /* "key" has one direct entry and one in its child "key-edu". */
      g_assert_cmpuint (rp_category_get_n_entries (c), ==, counts[i]);
    }
}

static void
test_sub_categories (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GListModel) children = rp_catalogue_list_categories (f->catalogue, "key");
  g_autoptr(RpCategory) edu = NULL;
  g_autoptr(RpCategory) key = rp_catalogue_get_category (f->catalogue, "key");
  g_autoptr(RpCategory) none = rp_catalogue_get_category (f->catalogue, "nope");

  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 1);
  edu = g_list_model_get_item (children, 0);
  g_assert_cmpstr (rp_category_get_name (edu), ==, "义务教育");
  g_assert_cmpstr (rp_category_get_parent (edu), ==, "key");
  g_assert_cmpuint (rp_category_get_n_entries (edu), ==, 1);
  g_assert_cmpuint (rp_category_get_n_children (key), ==, 1);
  g_assert_null (none);
}

static void
test_entries_newest_first (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GListModel) key = rp_catalogue_list_entries (f->catalogue, "key");
  g_autoptr(GListModel) org = rp_catalogue_list_entries (f->catalogue, "org");
  g_autoptr(GListModel) all = rp_catalogue_list_entries (f->catalogue, NULL);
  g_autoptr(RpEntry) first = NULL;
  g_autoptr(RpEntry) second = NULL;
  g_autoptr(RpEntry) undated = NULL;

  g_assert_true (g_list_model_get_item_type (key) == RP_TYPE_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (key), ==, 2);
  first = g_list_model_get_item (key, 0);
  second = g_list_model_get_item (key, 1);
  g_assert_cmpstr (rp_entry_get_id (first), ==, "T-2026-00018");
  g_assert_cmpstr (rp_entry_get_id (second), ==, "T-2026-00017");
  g_assert_null (g_list_model_get_item (key, 2));

  /* Undated entries come last. */
  g_assert_cmpuint (g_list_model_get_n_items (org), ==, 2);
  undated = g_list_model_get_item (org, 1);
  g_assert_null (rp_entry_get_date (undated));
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
}

/* The home page's "newest" list: the head of the full list, no more. */
static void
test_newest_entries (Fixture      *f,
                     gconstpointer data)
{
  const char *categories[] = { NULL, "key", "org" };

  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    {
      g_autoptr(GListModel) all = rp_catalogue_list_entries (f->catalogue, categories[c]);

      for (guint n = 0; n <= g_list_model_get_n_items (all) + 1; n++)
        {
          g_autoptr(GListModel) newest = rp_catalogue_list_newest_entries (f->catalogue, categories[c], n);

          g_assert_cmpuint (g_list_model_get_n_items (newest), ==, MIN (n, g_list_model_get_n_items (all)));
          for (guint i = 0; i < g_list_model_get_n_items (newest); i++)
            {
              g_autoptr(RpEntry) want = g_list_model_get_item (all, i);
              g_autoptr(RpEntry) got = g_list_model_get_item (newest, i);

              g_assert_cmpstr (rp_entry_get_id (got), ==, rp_entry_get_id (want));
            }
        }
    }
}

static void
test_fetch_entry (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpEntry) entry = rp_catalogue_get_entry (f->catalogue, "T-2026-00017", &error);
  g_autoptr(RpAttachment) pdf = NULL;
  const char * const *keywords;

  g_assert_no_error (error);
  g_assert_cmpstr (rp_entry_get_title (entry), ==, "2026年义务教育招生工作实施意见");
  g_assert_cmpstr (rp_entry_get_organ (entry), ==, "测试区教育局");
  g_assert_cmpstr (rp_entry_get_doc_number (entry), ==, "测教〔2026〕9号");
  g_assert_cmpstr (rp_entry_get_date (entry), ==, "2026-04-20");
  g_assert_cmpstr (rp_entry_get_category (entry), ==, "key-edu");
  g_assert_cmpstr (rp_entry_get_genre (entry), ==, "通知");
  g_assert_cmpstr (rp_entry_get_summary (entry), ==, "明确招生范围。");
  g_assert_cmpstr (rp_entry_get_body (entry), ==, "第一段。\n\n第二段。");
  g_assert_cmpstr (rp_entry_get_url (entry), ==, "https://www.example.gov.cn/art/17.html");
  g_assert_cmpstr (rp_entry_get_validity (entry), ==, "有效");
  keywords = rp_entry_get_keywords (entry);
  g_assert_cmpuint (g_strv_length ((char **) keywords), ==, 2);
  g_assert_cmpstr (keywords[1], ==, "学区");
  g_assert_cmpstr (rp_entry_get_related (entry)[0], ==, "T-2026-00018");

  g_assert_cmpuint (g_list_model_get_n_items (rp_entry_get_attachments (entry)), ==, 1);
  pdf = g_list_model_get_item (rp_entry_get_attachments (entry), 0);
  g_assert_cmpstr (rp_attachment_get_title (pdf), ==, "实施意见全文");
  g_assert_cmpint (rp_attachment_get_kind (pdf), ==, RP_ATTACHMENT_PDF);
  g_assert_true (rp_sha256_is_valid (rp_attachment_get_sha256 (pdf)));
  g_assert_true (g_file_test (rp_attachment_get_local_path (pdf), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_suffix (rp_attachment_get_local_path (pdf), rp_attachment_get_sha256 (pdf)));
}

static void
test_unknown_entry (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpEntry) entry = rp_catalogue_get_entry (f->catalogue, "nope' OR 1=1 --", &error);

  g_assert_null (entry);
  g_assert_error (error, RP_ERROR, RP_ERROR_NOT_FOUND);
}

static void
test_open_missing_or_foreign (void)
{
  g_autofree char *dir = rp_test_make_dir ("foreign");
  g_autofree char *db_path = g_build_filename (dir, "catalogue.db", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (dir);
  g_autoptr(GError) error = NULL;
  RpCatalogue *catalogue;

  catalogue = rp_catalogue_open (db_path, store, &error);
  g_assert_null (catalogue);
  g_assert_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE);
  g_clear_error (&error);

  rp_test_write_file (dir, "catalogue.db", "this is not a database at all, just some text", -1);
  catalogue = rp_catalogue_open (db_path, store, &error);
  g_assert_null (catalogue);
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
}

/* What reading a PDF page aloud says (issue 13): the page's own text. */
static void
test_page_text (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *first = rp_catalogue_dup_page_text (f->catalogue, "T-2026-00017", 0, 0);
  g_autofree char *third = rp_catalogue_dup_page_text (f->catalogue, "T-2026-00017", 0, 2);
  g_autofree char *beyond = rp_catalogue_dup_page_text (f->catalogue, "T-2026-00017", 0, 3);
  g_autofree char *nobody = rp_catalogue_dup_page_text (f->catalogue, "no-such-entry", 0, 0);

  g_assert_nonnull (first);
  g_assert_nonnull (strstr (first, "Page 1"));
  g_assert_nonnull (third);
  g_assert_nonnull (strstr (third, "Page 3"));
  g_assert_null (beyond);
  g_assert_null (nobody);
}

/* A second version of the test source: one attachment's bytes changed,
 * one title changed, one entry added, one removed. */
static RpCatalogue *
changed_catalogue (RpObjectStore *store,
                   const char    *dir)
{
  g_autofree char *source = rp_test_make_source ("catalogue-changes-source");
  g_autofree char *json_path = g_build_filename (source, "catalogue.json", NULL);
  g_autofree char *pdf = g_build_filename (source, "files", "enrolment.pdf", NULL);
  g_autofree char *db_path = g_build_filename (dir, "catalogue-v2.db", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  RpCatalogue *catalogue;

  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  text = g_string_new (json);
  g_assert_cmpuint (g_string_replace (text, "测试区教育局机构职能", "测试区教育局机构职能（修订）", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (text,
                                      "    {\"id\": \"T-0000-00001\", \"title\": \"无日期的条目\", \"organ\": \"测试区政府办公室\",\n"
                                      "     \"category\": \"org\", \"summary\": \"没有发布日期。\"}\n",
                                      "    {\"id\": \"T-2026-00040\", \"title\": \"新增的通知\", \"organ\": \"测试区政府办公室\",\n"
                                      "     \"date\": \"2026-05-01\", \"category\": \"org\"}\n",
                                      1), ==, 1);
  rp_test_write_file (source, "catalogue.json", text->str, -1);
  rp_test_write_pdf (pdf, 3, "Enrolment, revised");
  g_assert_true (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_assert_no_error (error);
  catalogue = rp_catalogue_open (db_path, store, &error);
  g_assert_no_error (error);
  return catalogue;
}

static void
on_changes (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_changes_between_versions (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(RpCatalogue) newer = changed_catalogue (f->store, f->dir);
  g_autoptr(GListModel) changes = NULL;
  g_autoptr(GListModel) first_two = NULL;
  g_autoptr(GListModel) everything = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "T-2026-00040", "T-2026-00017", "T-2025-00002" };
  guint n = 0;

  /* Added, attachment changed, title changed: newest first; the
   * unchanged entry and the removed one are not listed. */
  changes = rp_catalogue_list_changes (newer, f->catalogue, 100, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (changes, i);
      g_assert_cmpstr (rp_entry_get_id (entry), ==, expected[i]);
    }

  /* At most @max listed, all counted. */
  first_two = rp_catalogue_list_changes (newer, f->catalogue, 2, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (first_two), ==, 2);

  /* Since nothing: everything is new; against itself: nothing. */
  everything = rp_catalogue_list_changes (newer, NULL, 100, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  none = rp_catalogue_list_changes (f->catalogue, f->catalogue, 100, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);

  /* In a worker, the same answer. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GListModel) async_changes = NULL;
    g_autoptr(RpEntry) first = NULL;

    rp_catalogue_list_changes_async (newer, f->catalogue, 100, NULL, on_changes, &result);
    rp_test_wait_until (result_arrived, &result, 60, "the changes are listed");
    async_changes = rp_catalogue_list_changes_finish (newer, result, &n, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpuint (g_list_model_get_n_items (async_changes), ==, 3);
    first = g_list_model_get_item (async_changes, 0);
    g_assert_cmpstr (rp_entry_get_id (first), ==, expected[0]);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ReadingPoint/Catalogue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("metadata", test_metadata);
  ADD ("top-categories-with-subtree-counts", test_top_categories_with_subtree_counts);
  ADD ("sub-categories", test_sub_categories);
  ADD ("entries-newest-first", test_entries_newest_first);
  ADD ("newest-entries", test_newest_entries);
  ADD ("fetch-entry", test_fetch_entry);
  ADD ("unknown-entry", test_unknown_entry);
  ADD ("changes-between-versions", test_changes_between_versions);
#undef ADD
  g_test_add_func ("/ReadingPoint/Catalogue/open-missing-or-foreign", test_open_missing_or_foreign);
  g_test_add ("/ReadingPoint/Catalogue/page-text", Fixture, NULL, fixture_set_up, test_page_text, fixture_tear_down);

  return g_test_run ();
}
