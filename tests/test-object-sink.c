/* test-object-sink.c — one object being fetched: size cap, hash, resume
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rp-core.h"
#include "rp-object-sink.h"
#include "rp-test-util.h"

static const char object[] = "The object a manifest declares, fetched in pieces.";

typedef struct
{
  char *dir;
  char *partial;
  char *sha256;
  gsize size;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *name = g_path_get_basename (g_test_get_path ());

  f->dir = rp_test_make_dir (name);
  f->partial = g_build_filename (f->dir, "partial", "object.part", NULL);
  f->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, object, -1);
  f->size = strlen (object);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_free (f->dir);
  g_free (f->partial);
  g_free (f->sha256);
}

static RpObjectSink *
open_sink (Fixture        *f,
           RpSyncProgress *progress)
{
  g_autoptr(GError) error = NULL;
  RpObjectSink *sink = rp_object_sink_open (f->partial, f->sha256, f->size, progress, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sink);
  return sink;
}

static void
write_ok (RpObjectSink *sink,
          const char   *data,
          gsize         length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_object_sink_write (sink, data, length, &error));
  g_assert_no_error (error);
}

static void
finish_ok (RpObjectSink *sink)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_object_sink_finish (sink, &error));
  g_assert_no_error (error);
}

/* What a (re)opened sink holds: where a transfer resumes, and with which
 * validator (NULL: none). */
static void
assert_held (RpObjectSink *sink,
             guint64       offset,
             const char   *validator)
{
  g_assert_cmpuint (rp_object_sink_get_offset (sink), ==, offset);
  g_assert_cmpstr (rp_object_sink_get_validator (sink), ==, validator);
}

static char *
partial_contents (Fixture *f)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (f->partial, &contents, NULL, NULL));
  return contents;
}

static void
test_whole_object (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(RpSyncProgress) progress = rp_sync_progress_new ();
  g_autoptr(RpObjectSink) sink = open_sink (f, progress);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpstr (rp_object_sink_get_sha256 (sink), ==, f->sha256);
  g_assert_cmpuint (rp_object_sink_get_size (sink), ==, f->size);
  assert_held (sink, 0, NULL);

  write_ok (sink, object, 10);
  g_assert_cmpuint (rp_object_sink_get_offset (sink), ==, 10);
  write_ok (sink, object + 10, f->size - 10);
  g_assert_cmpuint (rp_object_sink_get_offset (sink), ==, f->size);
  finish_ok (sink);

  /* The complete object waits at the partial path for the store. */
  contents = partial_contents (f);
  g_assert_cmpstr (contents, ==, object);
  /* Progress is counted on this (the owner's) thread at once. */
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==, f->size);
  g_assert_cmpuint (rp_sync_progress_get_objects_done (progress), ==, 1);
  /* The sink's reference goes with it. */
  g_clear_pointer (&sink, rp_object_sink_free);
  g_assert_finalize_object (g_steal_pointer (&progress));
}

static void
test_adopted_by_store (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *objects = rp_test_make_dir ("adopted-by-store-objects");
  g_autoptr(RpObjectStore) store = rp_object_store_new (objects);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  {
    g_autoptr(RpObjectSink) sink = open_sink (f, NULL);

    write_ok (sink, object, f->size);
    finish_ok (sink);
  }
  {
    const char *paths[] = { f->partial };
    const char *sha256s[] = { f->sha256 };

    g_assert_true (rp_object_store_adopt (store, paths, sha256s, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_true (rp_object_store_contains (store, f->sha256));
  g_assert_false (g_file_test (f->partial, G_FILE_TEST_EXISTS));
  path = rp_object_store_get_path (store, f->sha256);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, object);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* An endless or over-long body is cut off at the first extra byte. */
static void
test_refuses_growth_past_size (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = open_sink (f, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  write_ok (sink, object, f->size - 1);
  g_assert_false (rp_object_sink_write (sink, "ab", 2, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH);
  /* Nothing of the refused write was kept. */
  g_assert_cmpuint (rp_object_sink_get_offset (sink), ==, f->size - 1);
  contents = partial_contents (f);
  g_assert_cmpuint (strlen (contents), ==, f->size - 1);
  /* The last byte still fits. */
  write_ok (sink, object + f->size - 1, 1);
  finish_ok (sink);
}

static void
test_short_object_refused (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = open_sink (f, NULL);
  g_autoptr(GError) error = NULL;

  write_ok (sink, object, f->size / 2);
  g_assert_false (rp_object_sink_finish (sink, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH);
  /* The bytes held are good so far: a later run resumes from them. */
  g_assert_true (g_file_test (f->partial, G_FILE_TEST_IS_REGULAR));
}

/* Other bytes under the object's name are discarded, not kept to resume. */
static void
test_wrong_bytes_discarded (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = open_sink (f, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = g_strdup (object);

  forged[0] = 't';
  rp_object_sink_set_validator (sink, "\"forged\"");
  write_ok (sink, forged, f->size);
  g_assert_false (rp_object_sink_finish (sink, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_OBJECT_MISMATCH);
  g_assert_nonnull (strstr (error->message, f->sha256));
  g_assert_false (g_file_test (f->partial, G_FILE_TEST_EXISTS));
  g_clear_pointer (&sink, rp_object_sink_free);

  /* A new run starts from nothing, with no validator. */
  sink = open_sink (f, NULL);
  assert_held (sink, 0, NULL);
}

/* An interrupted transfer resumes where it stopped, with the validator
 * (ETag) it started with, and the hash covers the whole object. */
static void
test_resume (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(RpSyncProgress) progress = rp_sync_progress_new ();
  g_autoptr(RpObjectSink) sink = open_sink (f, NULL);
  g_autoptr(GError) error = NULL;
  gsize half = f->size / 2;

  rp_object_sink_set_validator (sink, "\"5f3a-1c\"");
  write_ok (sink, object, half);
  g_clear_pointer (&sink, rp_object_sink_free);

  sink = open_sink (f, progress);
  assert_held (sink, half, "\"5f3a-1c\"");
  /* The bytes already held count as done. */
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==, half);
  write_ok (sink, object + half, f->size - half);
  finish_ok (sink);
  g_assert_null (rp_object_sink_get_validator (sink));
  g_clear_pointer (&sink, rp_object_sink_free);
  g_assert_finalize_object (g_steal_pointer (&progress));
}

/* A partial file without a validator resumes too (the caller then cannot
 * send If-Range and decides what to do). */
static void
test_resume_without_validator (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = NULL;

  rp_test_write_file (f->dir, "partial/object.part", object, 7);
  sink = open_sink (f, NULL);
  assert_held (sink, 7, NULL);
}

/* A partial file longer than the object is garbage: dropped on open. */
static void
test_overlong_partial_dropped (Fixture      *f,
                               gconstpointer data)
{
  g_autofree char *overlong = g_strconcat (object, "and more", NULL);
  g_autoptr(RpObjectSink) sink = NULL;
  g_autofree char *contents = NULL;

  rp_test_write_file (f->dir, "partial/object.part", overlong, -1);
  sink = open_sink (f, NULL);
  assert_held (sink, 0, NULL);
  contents = partial_contents (f);
  g_assert_cmpstr (contents, ==, "");
}

static void
test_restart (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(RpObjectSink) sink = open_sink (f, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  rp_object_sink_set_validator (sink, "\"old\"");
  write_ok (sink, "stale bytes", 11);
  g_assert_true (rp_object_sink_restart (sink, &error));
  g_assert_no_error (error);
  assert_held (sink, 0, NULL);
  contents = partial_contents (f);
  g_assert_cmpstr (contents, ==, "");

  /* The hash starts again too: the whole object now verifies. */
  write_ok (sink, object, f->size);
  finish_ok (sink);
  g_clear_pointer (&sink, rp_object_sink_free);

  /* The dropped validator is not found by a later run either. */
  sink = open_sink (f, NULL);
  assert_held (sink, f->size, NULL);
}

/* A planted link at the partial path is not followed. */
static void
test_refuses_symlink (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *target = g_build_filename (f->dir, "elsewhere", NULL);
  g_autofree char *parent = g_path_get_dirname (f->partial);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  rp_test_write_file (f->dir, "elsewhere", "precious", -1);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (symlink (target, f->partial), ==, 0);
  g_assert_null (rp_object_sink_open (f->partial, f->sha256, f->size, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_IO);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ReadingPoint/ObjectSink/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("whole-object", test_whole_object);
  ADD ("adopted-by-store", test_adopted_by_store);
  ADD ("refuses-growth-past-size", test_refuses_growth_past_size);
  ADD ("short-object-refused", test_short_object_refused);
  ADD ("wrong-bytes-discarded", test_wrong_bytes_discarded);
  ADD ("resume", test_resume);
  ADD ("resume-without-validator", test_resume_without_validator);
  ADD ("overlong-partial-dropped", test_overlong_partial_dropped);
  ADD ("restart", test_restart);
  ADD ("refuses-symlink", test_refuses_symlink);
#undef ADD

  return g_test_run ();
}
