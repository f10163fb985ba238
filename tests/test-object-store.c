/* test-object-store.c — the content-addressed store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

static void
test_import_and_dedup (void)
{
  g_autofree char *dir = rp_test_make_dir ("store");
  g_autofree char *objects = g_build_filename (dir, "objects", NULL);
  g_autofree char *a = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *b = g_build_filename (dir, "b.txt", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha_a = NULL;
  g_autofree char *sha_b = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  guint64 size = 0;

  rp_test_write_file (dir, "a.txt", "abc", -1);
  rp_test_write_file (dir, "b.txt", "abc", -1);
  g_assert_true (rp_object_store_import_file (store, a, &sha_a, &size, &error));
  g_assert_no_error (error);
  /* sha256("abc") */
  g_assert_cmpstr (sha_a, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpuint (size, ==, 3);
  g_assert_true (rp_object_store_import_file (store, b, &sha_b, NULL, &error));
  g_assert_cmpstr (sha_a, ==, sha_b);
  g_assert_cmpuint (rp_test_count_files (objects), ==, 1);

  path = rp_object_store_get_path (store, sha_a);
  g_assert_true (g_str_has_suffix (path, "/objects/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "abc");
  g_assert_true (rp_object_store_contains (store, sha_a));
  g_assert_false (rp_object_store_contains (store, "../../etc/passwd"));
}

static void
test_import_missing_source (void)
{
  g_autofree char *dir = rp_test_make_dir ("store-missing");
  g_autoptr(RpObjectStore) store = rp_object_store_new (dir);
  g_autoptr(GError) error = NULL;

  g_assert_false (rp_object_store_import_file (store, "/nonexistent/file", NULL, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_MISSING_FILE);
  /* No temporary file is left behind. */
  g_assert_cmpuint (rp_test_count_files (dir), ==, 0);
}

static void
test_sha256_validation (void)
{
  g_assert_true (rp_sha256_is_valid ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  g_assert_false (rp_sha256_is_valid ("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  g_assert_false (rp_sha256_is_valid ("ba78"));
  g_assert_false (rp_sha256_is_valid ("../7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  g_assert_false (rp_sha256_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/ObjectStore/import-and-dedup", test_import_and_dedup);
  g_test_add_func ("/ReadingPoint/ObjectStore/import-missing-source", test_import_missing_source);
  g_test_add_func ("/ReadingPoint/ObjectStore/sha256-validation", test_sha256_validation);

  return g_test_run ();
}
