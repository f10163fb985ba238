/* test-sync-folder-source.c — a folder (a USB stick) as an origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rp-core.h"
#include "rp-object-sink.h"
#include "rp-test-util.h"

static const char manifest_text[] = "{\"format\": 1}";
static const char object[] = "An object on the stick, under its hash.";

typedef struct
{
  char         *root;
  char         *partial;  /* where the terminal keeps the object being copied */
  char         *sha256;
  RpSyncSource *source;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *name = g_path_get_basename (g_test_get_path ());
  g_autofree char *partial_name = g_strconcat (name, "-terminal", NULL);
  g_autofree char *partial_dir = rp_test_make_dir (partial_name);
  g_autofree char *object_path = NULL;

  f->root = rp_test_make_dir (name);
  f->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, object, -1);
  f->partial = g_build_filename (partial_dir, f->sha256, NULL);
  object_path = rp_sync_object_path (f->sha256);
  rp_test_write_file (f->root, "channels/district/latest.json", manifest_text, -1);
  rp_test_write_file (f->root, object_path, object, -1);
  f->source = RP_SYNC_SOURCE (rp_sync_folder_source_new (f->root));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->source);
  g_free (f->root);
  g_free (f->partial);
  g_free (f->sha256);
}

static GBytes *
fetch (Fixture    *f,
       const char *relative,
       gsize       max_size,
       GError    **error)
{
  char *etag = (char *) "unset";
  gboolean not_modified = FALSE;
  GBytes *bytes = rp_sync_source_fetch_file (f->source, relative, max_size, NULL, &etag, &not_modified, NULL, error);

  if (bytes != NULL)
    {
      /* A folder has no validators: every fetch is whole. */
      g_assert_null (etag);
      g_assert_false (not_modified);
    }
  return bytes;
}

static void
assert_fetch_refused (Fixture    *f,
                      const char *relative,
                      int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fetch (f, relative, 1 << 20, &error);

  g_test_message ("%s: %s", relative, error ? error->message : "(fetched)");
  g_assert_null (bytes);
  g_assert_error (error, RP_ERROR, code);
}

static RpObjectSink *
sink_for (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RpObjectSink *sink = rp_object_sink_open (f->partial, f->sha256, strlen (object), NULL, &error);

  g_assert_no_error (error);
  return sink;
}

static void
test_fetch_file (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = fetch (f, "channels/district/latest.json", 1 << 20, &error);
  g_autofree char *described = rp_sync_source_describe (f->source);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), manifest_text, strlen (manifest_text));
  g_assert_cmpstr (described, ==, f->root);
}

/* A file over the cap is refused while reading, not after. */
static void
test_size_cap (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exact = fetch (f, "channels/district/latest.json", strlen (manifest_text), &error);
  g_autoptr(GBytes) over = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (exact);
  over = fetch (f, "channels/district/latest.json", strlen (manifest_text) - 1, &error);
  g_assert_null (over);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST);
}

static void
test_missing (Fixture      *f,
              gconstpointer data)
{
  assert_fetch_refused (f, "channels/township/latest.json", RP_ERROR_MISSING_FILE);
}

/* A stick is untrusted media: no path outside it, no link, nothing but
 * regular files (a FIFO would block the sync forever). */
static void
test_unsafe_paths (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *outside = g_build_filename (f->root, "..", "outside.json", NULL);
  g_autofree char *link_file = g_build_filename (f->root, "channels", "link.json", NULL);
  g_autofree char *link_dir = g_build_filename (f->root, "linked", NULL);
  g_autofree char *channels = g_build_filename (f->root, "channels", NULL);
  g_autofree char *fifo = g_build_filename (f->root, "channels", "fifo.json", NULL);

  g_assert_true (g_file_set_contents (outside, "{}", -1, NULL));
  g_assert_cmpint (symlink (outside, link_file), ==, 0);
  g_assert_cmpint (symlink (channels, link_dir), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  assert_fetch_refused (f, "../outside.json", RP_ERROR_UNSAFE_PATH);
  assert_fetch_refused (f, "/etc/passwd", RP_ERROR_UNSAFE_PATH);
  assert_fetch_refused (f, "channels/link.json", RP_ERROR_UNSAFE_PATH);
  assert_fetch_refused (f, "linked/district/latest.json", RP_ERROR_UNSAFE_PATH);
  assert_fetch_refused (f, "channels/fifo.json", RP_ERROR_UNSAFE_PATH);
  assert_fetch_refused (f, "channels/district", RP_ERROR_UNSAFE_PATH);
}

static void
test_fetch_object (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = sink_for (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_sync_source_fetch_object (f->source, sink, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rp_object_sink_get_offset (sink), ==, strlen (object));
  g_assert_true (rp_object_sink_finish (sink, &error));
  g_assert_no_error (error);
}

/* An interrupted copy goes on from the bytes already held. */
static void
test_resume_object (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = sink_for (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_object_sink_write (sink, object, 10, &error));
  g_clear_pointer (&sink, rp_object_sink_free);
  sink = sink_for (f);
  g_assert_cmpuint (rp_object_sink_get_offset (sink), ==, 10);
  g_assert_true (rp_sync_source_fetch_object (f->source, sink, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rp_object_sink_finish (sink, &error));
  g_assert_no_error (error);
}

/* A stick whose object is longer than the manifest says is cut off. */
static void
test_overlong_object (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *object_path = rp_sync_object_path (f->sha256);
  g_autofree char *longer = g_strconcat (object, " And then some.", NULL);
  g_autoptr(RpObjectSink) sink = NULL;
  g_autoptr(GError) error = NULL;

  rp_test_write_file (f->root, object_path, longer, -1);
  sink = sink_for (f);
  g_assert_false (rp_sync_source_fetch_object (f->source, sink, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH);
}

static void
test_cancelled (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = sink_for (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (rp_sync_source_fetch_object (f->source, sink, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* An origin names a folder (a path or a file:// URI) or an HTTP server. */
static void
test_source_for_origin (void)
{
  g_autoptr(RpSyncSource) by_path = rp_sync_source_new_for_origin ("/media/usb0");
  g_autoptr(RpSyncSource) by_uri = rp_sync_source_new_for_origin ("file:///media/usb0");
  g_autoptr(RpSyncSource) http = rp_sync_source_new_for_origin ("https://origin.example.gov.cn/");
  g_autofree char *path_described = rp_sync_source_describe (by_path);
  g_autofree char *uri_described = rp_sync_source_describe (by_uri);
  g_autofree char *object_path = rp_sync_object_path ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  g_assert_true (RP_IS_SYNC_FOLDER_SOURCE (by_path));
  g_assert_true (RP_IS_SYNC_FOLDER_SOURCE (by_uri));
  g_assert_false (RP_IS_SYNC_FOLDER_SOURCE (http));
  g_assert_cmpstr (path_described, ==, "/media/usb0");
  g_assert_cmpstr (uri_described, ==, "/media/usb0");
  g_assert_cmpstr (object_path, ==,
                   "objects/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_finalize_object (g_steal_pointer (&by_path));
  g_assert_finalize_object (g_steal_pointer (&by_uri));
  g_assert_finalize_object (g_steal_pointer (&http));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ReadingPoint/SyncFolderSource/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fetch-file", test_fetch_file);
  ADD ("size-cap", test_size_cap);
  ADD ("missing", test_missing);
  ADD ("unsafe-paths", test_unsafe_paths);
  ADD ("fetch-object", test_fetch_object);
  ADD ("resume-object", test_resume_object);
  ADD ("overlong-object", test_overlong_object);
  ADD ("cancelled", test_cancelled);
#undef ADD
  g_test_add_func ("/ReadingPoint/SyncFolderSource/source-for-origin", test_source_for_origin);

  return g_test_run ();
}
