/* test-data-dir.c — the terminal data directory and the first-start install
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rp-core.h"
#include "rp-test-util.h"

static void
test_empty_terminal_installs_fallback (void)
{
  g_autofree char *source = rp_test_make_source ("dd-source");
  g_autofree char *path = rp_test_make_dir ("dd-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *link = g_build_filename (path, "current", NULL);
  g_autofree char *target = NULL;

  g_assert_null (rp_data_dir_get_current_bundle (data_dir));
  catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_catalogue_get_n_entries (catalogue), ==, 4);

  bundle = rp_data_dir_get_current_bundle (data_dir);
  g_assert_cmpstr (bundle, ==, "test-0");
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "bundles/test-0");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
}

static void
test_second_start_keeps_installed (void)
{
  g_autofree char *source = rp_test_make_source ("dd2-source");
  g_autofree char *path = rp_test_make_dir ("dd2-terminal");
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;

  {
    g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
    g_autoptr(RpCatalogue) catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);
    g_assert_no_error (error);
  }
  db = g_build_filename (path, "bundles", "test-0", "catalogue.db", NULL);
  g_assert_cmpint (g_stat (db, &before), ==, 0);

  /* The source breaks; the installed bundle is not touched and still opens. */
  rp_test_write_file (source, "catalogue.json", "{", -1);
  {
    g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
    g_autoptr(RpCatalogue) catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rp_catalogue_get_n_entries (catalogue), ==, 4);
  }
  g_assert_cmpint (g_stat (db, &after), ==, 0);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
}

static void
test_staging_emptied_at_start (void)
{
  g_autofree char *path = rp_test_make_dir ("dd3-terminal");
  g_autofree char *staging = g_build_filename (path, "staging", NULL);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;

  rp_test_write_file (staging, "half-done/catalogue.db.tmp", "partial", -1);
  rp_test_write_file (staging, "object.part", "partial", -1);
  g_assert_true (rp_data_dir_prepare (data_dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (staging, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (rp_test_count_files (staging), ==, 0);
}

static void
test_bad_fallback_leaves_nothing (void)
{
  g_autofree char *source = rp_test_make_source ("dd4-source");
  g_autofree char *path = rp_test_make_dir ("dd4-terminal");
  g_autofree char *bundles = g_build_filename (path, "bundles", NULL);
  g_autofree char *staging = g_build_filename (path, "staging", NULL);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  rp_test_write_file (source, "catalogue.json", "{\"channel\": \"test\"}", -1);
  catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);
  g_assert_null (catalogue);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_assert_null (rp_data_dir_get_current_bundle (data_dir));
  g_assert_cmpuint (rp_test_count_files (bundles), ==, 0);
  g_assert_cmpuint (rp_test_count_files (staging), ==, 0);
}

static void
test_no_fallback_reports_no_catalogue (void)
{
  g_autofree char *path = rp_test_make_dir ("dd5-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpCatalogue) catalogue = rp_data_dir_ensure_catalogue (data_dir, NULL, &error);

  g_assert_null (catalogue);
  g_assert_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE);
}

/* The on-disk layout (DESIGN.md, "Terminal data directory") is a format:
 * other programs and older versions find these names. */
static void
test_paths_keep_the_layout (void)
{
  g_autofree char *path = rp_test_make_dir ("dd-paths");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  struct { char *got; const char *name; } paths[] = {
    { rp_data_dir_build_state_path (path), "state.db" },
    { rp_data_dir_build_usage_path (path), "usage.db" },
    { rp_data_dir_build_identity_key_path (path), "identity.key" },
    { rp_data_dir_build_identity_public_key_path (path), "identity.pub" },
    { rp_data_dir_build_previews_path (path), "previews" },
    { rp_data_dir_build_bundle_path (data_dir, NULL), "bundles" },
    { rp_data_dir_build_bundle_path (data_dir, "test-1"), "bundles/test-1" },
    { rp_data_dir_build_staging_path (data_dir, NULL), "staging" },
    { rp_data_dir_build_staging_path (data_dir, "x"), "staging/x" },
  };
  g_autofree char *objects = g_build_filename (path, "objects", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *expected = g_build_filename (path, paths[i].name, NULL);

      g_assert_cmpstr (paths[i].got, ==, expected);
      g_free (paths[i].got);
    }
  g_assert_cmpstr (rp_object_store_get_directory (rp_data_dir_get_object_store (data_dir)), ==, objects);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/DataDir/empty-terminal-installs-fallback", test_empty_terminal_installs_fallback);
  g_test_add_func ("/ReadingPoint/DataDir/second-start-keeps-installed", test_second_start_keeps_installed);
  g_test_add_func ("/ReadingPoint/DataDir/staging-emptied-at-start", test_staging_emptied_at_start);
  g_test_add_func ("/ReadingPoint/DataDir/bad-fallback-leaves-nothing", test_bad_fallback_leaves_nothing);
  g_test_add_func ("/ReadingPoint/DataDir/no-fallback-reports-no-catalogue", test_no_fallback_reports_no_catalogue);
  g_test_add_func ("/ReadingPoint/DataDir/paths-keep-the-layout", test_paths_keep_the_layout);

  return g_test_run ();
}
