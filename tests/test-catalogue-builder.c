/* test-catalogue-builder.c — validation of catalogue.json and the database it builds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rp-catalogue-schema.h"
#include "rp-core.h"
#include "rp-test-util.h"

/* Builds @json (with the standard test files beside it) and returns the
 * error; asserts that a failed build left no database and no object. */
static GError *
build_json (const char *json)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("bad-%u", ++counter);
  g_autofree char *source = rp_test_make_source (name);
  g_autofree char *store_name = g_strdup_printf ("store-%u", counter);
  g_autofree char *store_dir = rp_test_make_dir (store_name);
  g_autofree char *db_path = g_build_filename (store_dir, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (store_dir, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  GError *error = NULL;
  gboolean ok;

  rp_test_write_file (source, "catalogue.json", json, -1);
  ok = rp_catalogue_import_source (source, store, db_path, NULL, &error);
  if (!ok)
    {
      g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (rp_test_count_files (store_dir), ==, 0);
    }
  return error;
}

#define HEAD "{\"channel\": \"test\", \"title\": \"T\", \"categories\": [{\"id\": \"org\", \"name\": \"机构职能\"}], \"entries\": ["
#define TAIL "]}"
#define GOOD_ENTRY(id) "{\"id\": \"" id "\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\"}"

static void
assert_invalid (GError     *error,
                const char *entry_fragment,
                const char *field)
{
  g_autofree char *field_quoted = g_strdup_printf ("field “%s”", field);

  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, entry_fragment));
  g_assert_nonnull (strstr (error->message, field_quoted));
  g_error_free (error);
}

static void
test_valid_source (void)
{
  g_autofree char *source = rp_test_make_source ("valid");
  g_autofree char *out = rp_test_make_dir ("valid-out");
  g_autofree char *db_path = g_build_filename (out, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (out, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;
  g_autofree char *channel = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_true (rp_catalogue_import_source (source, store, db_path, &channel, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (channel, ==, "test");
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  /* Both attachments were imported into the content store. */
  g_assert_cmpuint (rp_test_count_files (objects), ==, 2);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, RP_CATALOGUE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM entries", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type FROM attachments ORDER BY entry", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "pdf");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "png");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_missing_required_field (void)
{
  assert_invalid (build_json (HEAD GOOD_ENTRY ("A-1") ",{\"id\": \"A-2\", \"organ\": \"机关\", \"category\": \"org\"}" TAIL),
                  "Entry “A-2” (#2)", "title");
  assert_invalid (build_json (HEAD "{\"id\": \"A-3\", \"title\": \"标题\", \"organ\": \"  \", \"category\": \"org\"}" TAIL),
                  "Entry “A-3” (#1)", "organ");
  assert_invalid (build_json (HEAD "{\"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\"}" TAIL),
                  "Entry #1", "id");
}

static void
test_duplicate_id (void)
{
  assert_invalid (build_json (HEAD GOOD_ENTRY ("A-1") "," GOOD_ENTRY ("A-2") "," GOOD_ENTRY ("A-1") TAIL),
                  "Entry “A-1” (#3)", "id");
}

static void
test_unknown_category (void)
{
  assert_invalid (build_json (HEAD GOOD_ENTRY ("A-1") ",{\"id\": \"A-2\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"nowhere\"}" TAIL),
                  "Entry “A-2” (#2)", "category");
}

static void
test_unknown_parent_and_cycle (void)
{
  assert_invalid (build_json ("{\"channel\": \"test\", \"title\": \"T\", \"categories\": ["
                              "{\"id\": \"a\", \"name\": \"A\", \"parent\": \"b\"},"
                              "{\"id\": \"b\", \"name\": \"B\", \"parent\": \"a\"}], \"entries\": []}"),
                  "Category “a” (#1)", "parent");
  assert_invalid (build_json ("{\"channel\": \"test\", \"title\": \"T\", \"categories\": ["
                              "{\"id\": \"a\", \"name\": \"A\", \"parent\": \"ghost\"}], \"entries\": []}"),
                  "Category “a” (#1)", "parent");
}

static void
test_invalid_utf8 (void)
{
  /* "标题" with its last byte cut: not UTF-8. */
  assert_invalid (build_json (HEAD GOOD_ENTRY ("A-1") ",{\"id\": \"A-2\", \"title\": \"标\xe9\xa2\", \"organ\": \"机关\", \"category\": \"org\"}" TAIL),
                  "Entry “A-2” (#2)", "title");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\", \"body\": \"ok\\n\xff\xfe\"}" TAIL),
                  "Entry “A-1” (#1)", "body");
}

static void
test_unreadable_file (void)
{
  g_autofree char *source = rp_test_make_source ("unreadable");
  g_autofree char *out = rp_test_make_dir ("unreadable-out");
  g_autofree char *db_path = g_build_filename (out, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (out, "objects", NULL);
  g_autofree char *pdf = g_build_filename (source, "files", "enrolment.pdf", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;

  /* Tests run as root, where permissions do not stop a read: a folder in
   * place of the file is unreadable as a file for everyone. */
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  g_assert_cmpint (g_mkdir (pdf, 0755), ==, 0);
  g_assert_false (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_assert_nonnull (strstr (error->message, "Entry “T-2026-00017” (#1)"));
  g_assert_nonnull (strstr (error->message, "field “files[0].path”"));
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
}

static void
test_missing_file (void)
{
  g_autofree char *source = rp_test_make_source ("missing");
  g_autofree char *out = rp_test_make_dir ("missing-out");
  g_autofree char *db_path = g_build_filename (out, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (out, "objects", NULL);
  g_autofree char *png = g_build_filename (source, "files", "graphic.png", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_unlink (png), ==, 0);
  g_assert_false (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_assert_nonnull (strstr (error->message, "Entry “T-2026-00018” (#2)"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
}

static void
test_absurdly_long_field (void)
{
  g_autoptr(GString) json = g_string_new (HEAD "{\"id\": \"A-1\", \"organ\": \"机关\", \"category\": \"org\", \"title\": \"");

  for (guint i = 0; i < 5000; i++)
    g_string_append (json, "长");
  g_string_append (json, "\"}" TAIL);
  assert_invalid (build_json (json->str), "Entry “A-1” (#1)", "title");
}

static void
test_escaping_paths (void)
{
  const char *paths[] = { "../outside.pdf", "/etc/passwd", "files/../../x.pdf", "files//a.pdf", "C:\\\\x.pdf", ".hidden.pdf" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *json = g_strdup_printf (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\","
                                               " \"category\": \"org\", \"files\": [{\"path\": \"%s\"}]}" TAIL,
                                               paths[i]);
      assert_invalid (build_json (json), "Entry “A-1” (#1)", "files[0].path");
    }
}

/* An attachment's fields are named by their path in the entry: a bad file
 * title used to be reported as the entry's "title" (behind a prefix). */
static void
test_file_field_errors (void)
{
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\","
                              " \"files\": [{\"path\": \"files/a.pdf\", \"title\": \"bad\\u0001\"}]}" TAIL),
                  "Entry “A-1” (#1)", "files[0].title");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\","
                              " \"files\": [{\"path\": \"files/a.pdf\"}, {\"title\": \"no path\"}]}" TAIL),
                  "Entry “A-1” (#1)", "files[1].path");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\","
                              " \"files\": [{\"path\": 7}]}" TAIL),
                  "Entry “A-1” (#1)", "files[0].path");
}

static void
test_symlinked_file (void)
{
  g_autofree char *source = rp_test_make_source ("symlink");
  g_autofree char *out = rp_test_make_dir ("symlink-out");
  g_autofree char *db_path = g_build_filename (out, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (out, "objects", NULL);
  g_autofree char *png = g_build_filename (source, "files", "graphic.png", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_unlink (png), ==, 0);
  g_assert_cmpint (symlink ("/etc/hostname", png), ==, 0);
  g_assert_false (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
}

static void
test_not_a_document (void)
{
  g_autofree char *source = rp_test_make_source ("not-pdf");
  g_autofree char *out = rp_test_make_dir ("not-pdf-out");
  g_autofree char *db_path = g_build_filename (out, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (out, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;

  rp_test_write_file (source, "files/enrolment.pdf", "<html>not a pdf</html>", -1);
  g_assert_false (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_assert_nonnull (strstr (error->message, "not a PDF, PNG or JPEG"));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
}

static void
test_bad_values (void)
{
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\", \"date\": \"2026-02-30\"}" TAIL),
                  "Entry “A-1” (#1)", "date");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\", \"url\": \"javascript:alert(1)\"}" TAIL),
                  "Entry “A-1” (#1)", "url");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": 42, \"organ\": \"机关\", \"category\": \"org\"}" TAIL),
                  "Entry “A-1” (#1)", "title");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"一\\n二\", \"organ\": \"机关\", \"category\": \"org\"}" TAIL),
                  "Entry “A-1” (#1)", "title");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\", \"keywords\": \"招生\"}" TAIL),
                  "Entry “A-1” (#1)", "keywords");
  assert_invalid (build_json (HEAD "{\"id\": \"A-1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\", \"related\": [\"ghost\"]}" TAIL),
                  "Entry “A-1” (#1)", "related[0]");
  assert_invalid (build_json (HEAD "{\"id\": \"A 1\", \"title\": \"标题\", \"organ\": \"机关\", \"category\": \"org\"}" TAIL),
                  "Entry “A 1” (#1)", "id");
}

static void
test_not_json (void)
{
  GError *error = build_json ("{\"channel\": \"test\", \"entries\": [");

  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_error_free (error);

  assert_invalid (build_json ("[1, 2, 3]"), "Catalogue", "(top level)");
  assert_invalid (build_json ("{\"channel\": \"Bad Channel\", \"title\": \"T\", \"categories\": [], \"entries\": []}"),
                  "Catalogue", "channel");
}

static void
test_failed_rebuild_keeps_old_database (void)
{
  g_autofree char *source = rp_test_make_source ("rebuild");
  g_autofree char *out = rp_test_make_dir ("rebuild-out");
  g_autofree char *db_path = g_build_filename (out, "catalogue.db", NULL);
  g_autofree char *objects = g_build_filename (out, "objects", NULL);
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_assert_no_error (error);
  rp_test_write_file (source, "catalogue.json", HEAD GOOD_ENTRY ("A-1") "," GOOD_ENTRY ("A-1") TAIL, -1);
  g_assert_false (rp_catalogue_import_source (source, store, db_path, NULL, &error));
  g_clear_error (&error);

  catalogue = rp_catalogue_open (db_path, store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_catalogue_get_n_entries (catalogue), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/CatalogueBuilder/valid-source", test_valid_source);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/missing-required-field", test_missing_required_field);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/duplicate-id", test_duplicate_id);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/unknown-category", test_unknown_category);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/unknown-parent-and-cycle", test_unknown_parent_and_cycle);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/unreadable-file", test_unreadable_file);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/missing-file", test_missing_file);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/absurdly-long-field", test_absurdly_long_field);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/escaping-paths", test_escaping_paths);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/file-field-errors-name-the-file-field", test_file_field_errors);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/symlinked-file", test_symlinked_file);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/not-a-document", test_not_a_document);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/bad-values", test_bad_values);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/not-json", test_not_json);
  g_test_add_func ("/ReadingPoint/CatalogueBuilder/failed-rebuild-keeps-old-database",
                   test_failed_rebuild_keeps_old_database);

  return g_test_run ();
}
