/* fuzz-catalogue.c — libFuzzer harness for the catalogue source parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a catalogue.json. It goes through what a terminal's sync
 * (rp-sync-engine.c) and the publisher's build do with one: load and
 * validate, check every named file, and, when it is valid, write the
 * catalogue.db with its search index. Every file resolves to one of two
 * small objects of a private object store: a PNG, or a stub PDF whose
 * published page text (form feeds, invalid UTF-8) the indexer reads instead
 * of parsing a PDF, so a run stays in the microseconds-to-milliseconds range.
 * The database goes to /dev/shm when there is one (fsync costs nothing
 * there).
 *
 * Checked besides memory safety and leaks: a refused catalogue leaves the
 * builder empty, and no accepted path can leave the bundle.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp-catalogue-builder.h"
#include "rp-object-store.h"
#include "rp-sha256.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static RpObjectStore *store;
static char *db_path;
static char *png_sha256, *pdf_sha256;
static GHashTable *page_texts;

static char *
add_object (const char *dir,
            const char *name,
            const void *bytes,
            gsize       length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *sha256 = NULL;
  guint64 size;

  if (!g_file_set_contents (path, bytes, length, &error) ||
      !rp_object_store_import_file (store, path, &sha256, &size, &error))
    g_error ("fuzz-catalogue setup: %s", error->message);
  return sha256;
}

static char *work_dir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* libFuzzer ends with exit(): nothing is left in /dev/shm. */
static void
cleanup (void)
{
  remove_tree (work_dir);
}

static void
setup (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char pdf[] = "%PDF-1.4\n%%EOF\n";
  static const char pages[] = "第一页 青溪区教育局\f\fPage 3 \xff\xfe broken\fqingxi 12345";
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (base, "rp-fuzz-catalogue-XXXXXX", NULL);
  g_autofree char *dir = g_mkdtemp (template) ? g_strdup (template) : NULL;
  g_autofree char *objects = NULL;
  g_autofree char *pages_sha256 = NULL;

  if (dir == NULL)
    g_error ("fuzz-catalogue setup: cannot create a directory in %s", base);
  objects = g_build_filename (dir, "objects", NULL);
  store = rp_object_store_new (objects);
  png_sha256 = add_object (dir, "png", png, sizeof png - 1);
  pdf_sha256 = add_object (dir, "pdf", pdf, sizeof pdf - 1);
  pages_sha256 = add_object (dir, "pages", pages, sizeof pages - 1);
  page_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (page_texts, g_strdup (pdf_sha256), g_steal_pointer (&pages_sha256));
  db_path = g_build_filename (dir, "catalogue.db", NULL);
  work_dir = g_steal_pointer (&dir);
  atexit (cleanup);
}

/* As a terminal's check against its manifest: the path must stay inside
 * the bundle whatever the builder let through. */
static gboolean
check_file (const char *relative_path,
            gpointer    user_data,
            GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (relative_path, "/", -1);

  if (*relative_path == '\0' || g_path_is_absolute (relative_path) || strchr (relative_path, '\\'))
    __builtin_trap ();
  for (guint i = 0; parts[i]; i++)
    if (g_str_equal (parts[i], "..") || g_str_equal (parts[i], ".") || parts[i][0] == '\0')
      __builtin_trap ();
  (*(guint *) user_data)++;
  return TRUE;
}

static gboolean
resolve_file (const char *relative_path,
              char      **out_sha256,
              guint64    *out_size,
              gpointer    user_data,
              GError    **error)
{
  gboolean is_png = strstr (relative_path, "png") != NULL;

  *out_sha256 = g_strdup (is_png ? png_sha256 : pdf_sha256);
  *out_size = 16;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(RpCatalogueBuilder) builder = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint n_files = 0;

  if (store == NULL)
    setup ();

  builder = rp_catalogue_builder_new ();
  bytes = g_bytes_new_static (data, size);
  if (!rp_catalogue_builder_load_bytes (builder, bytes, &error))
    {
      if (g_getenv ("RP_FUZZ_VERBOSE") && error != NULL)
        g_printerr ("refused: %s\n", error->message);
      /* "On failure the builder holds nothing." */
      if (error == NULL || rp_catalogue_builder_get_n_entries (builder) != 0 ||
          rp_catalogue_builder_get_channel (builder) != NULL)
        __builtin_trap ();
      return 0;
    }
  if (rp_catalogue_builder_get_channel (builder) == NULL || rp_catalogue_builder_get_title (builder) == NULL)
    __builtin_trap ();
  if (!rp_catalogue_builder_check_files (builder, check_file, &n_files, &error))
    __builtin_trap ();

  rp_catalogue_builder_set_page_texts (builder, page_texts);
  /* Failing is allowed (SQLite may refuse), crashing or leaking is not. */
  if (!rp_catalogue_builder_write (builder, db_path, store, resolve_file, NULL, &error))
    {
      if (g_getenv ("RP_FUZZ_VERBOSE"))
        g_printerr ("not written: %s\n", error->message);
      g_clear_error (&error);
    }
  else if (g_getenv ("RP_FUZZ_VERBOSE"))
    g_printerr ("written: %u entries, %u distinct files\n", rp_catalogue_builder_get_n_entries (builder), n_files);
  g_unlink (db_path);
  return 0;
}
