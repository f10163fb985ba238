/* test-usage-recorder.c — what the interface reports to usage.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorder straight, without a window: each test gives it a fresh data
 * directory and reads the day's counters back through a second RpUsage.
 * The window's side (which steps count, the search box) is in
 * test-ui-admin.c and test-ui-privacy.c.
 */
#include "config.h"

#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-usage-recorder.h"

/* Today's count of @kind for @subject (NULL: of every subject). */
static gint64
counted (const char  *dir,
         RpUsageKind  kind,
         const char  *subject)
{
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autoptr(GPtrArray) totals = NULL;
  gint64 total = 0;

  g_assert_no_error (error);
  totals = rp_usage_totals (usage, kind, today, today, FALSE, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < totals->len; i++)
    {
      RpUsageTotal *t = g_ptr_array_index (totals, i);

      if (subject == NULL || g_str_equal (t->subject, subject))
        total += t->count;
    }
  return total;
}

static RpUsageRecorder *
new_recorder (const char *dir)
{
  return rp_usage_recorder_new (dir, RP_USAGE_DEFAULT_K);
}

/* The first event starts the visit (its hour, once); an opening is counted
 * by catalogue id, documents as "entry id/attachment index", and index
 * numbers, digit runs that typed text could never keep, are counted. */
static void
test_opening_starts_visit (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-recorder-opening");
  RpUsageRecorder *recorder = new_recorder (dir);

  g_assert_false (rp_usage_recorder_in_visit (recorder));
  rp_usage_recorder_count_opening (recorder, RP_USAGE_CATEGORY, "key", 0);
  g_assert_true (rp_usage_recorder_in_visit (recorder));
  rp_usage_recorder_count_opening (recorder, RP_USAGE_ENTRY, "QX-2026-00005", 0);
  rp_usage_recorder_count_opening (recorder, RP_USAGE_DOCUMENT, "QX-2026-00005", 1);
  rp_usage_recorder_count_opening (recorder, RP_USAGE_DOCUMENT_FAILED, "QX-2026-00005", 1);
  rp_usage_recorder_count_catalogue_id (recorder, RP_USAGE_QR, "QX-2026-00005");

  g_assert_cmpint (counted (dir, RP_USAGE_HOUR, NULL), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_CATEGORY, "key"), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_ENTRY, "QX-2026-00005"), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_DOCUMENT, "QX-2026-00005/1"), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_DOCUMENT_FAILED, "QX-2026-00005/1"), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_QR, "QX-2026-00005"), ==, 1);
  g_assert_finalize_object (recorder);
}

/* Distinct pages of the open document, one bucket when the visit ends;
 * then the visit's duration, and a next event starts a new visit. */
static void
test_end_visit_counts_pages_and_duration (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-recorder-end-visit");
  RpUsageRecorder *recorder = new_recorder (dir);

  rp_usage_recorder_note_page (recorder, 3);   /* no document open: ignored */
  rp_usage_recorder_count_opening (recorder, RP_USAGE_DOCUMENT, "QX-GUIDE-0001", 0);
  rp_usage_recorder_note_page (recorder, 0);
  rp_usage_recorder_note_page (recorder, 1);
  rp_usage_recorder_note_page (recorder, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_PAGES_READ, NULL), ==, 0);
  rp_usage_recorder_end_visit (recorder);

  g_assert_false (rp_usage_recorder_in_visit (recorder));
  g_assert_cmpint (counted (dir, RP_USAGE_PAGES_READ, rp_usage_pages_bucket (2)), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_PAGES_READ, NULL), ==, 1);
  g_assert_cmpint (counted (dir, RP_USAGE_VISIT, rp_usage_duration_bucket (0)), ==, 1);

  /* Ending again counts nothing more. */
  rp_usage_recorder_end_visit (recorder);
  g_assert_cmpint (counted (dir, RP_USAGE_VISIT, NULL), ==, 1);
  rp_usage_recorder_count (recorder, RP_USAGE_LANGUAGE, "en");
  g_assert_true (rp_usage_recorder_in_visit (recorder));
  g_assert_cmpint (counted (dir, RP_USAGE_HOUR, NULL), ==, 2);
  g_assert_cmpint (counted (dir, RP_USAGE_LANGUAGE, "en"), ==, 1);
  g_assert_finalize_object (recorder);
}

/* Opening the next document closes the pages of the one before. */
static void
test_next_document_closes_pages (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-recorder-next-document");
  RpUsageRecorder *recorder = new_recorder (dir);

  rp_usage_recorder_count_opening (recorder, RP_USAGE_DOCUMENT, "QX-GUIDE-0001", 0);
  for (guint page = 0; page < 5; page++)
    rp_usage_recorder_note_page (recorder, page);
  rp_usage_recorder_count_opening (recorder, RP_USAGE_DOCUMENT, "QX-2026-00037", 0);
  g_assert_cmpint (counted (dir, RP_USAGE_PAGES_READ, rp_usage_pages_bucket (5)), ==, 1);
  rp_usage_recorder_end_document (recorder);
  /* The second document showed no page: no bucket. */
  g_assert_cmpint (counted (dir, RP_USAGE_PAGES_READ, NULL), ==, 1);
  g_assert_finalize_object (recorder);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *n_notified)
{
  (*n_notified)++;
}

/* "commit-delay" notifies on change only, and is never 0; settling with
 * nothing pending does nothing (test-ui-privacy.c settles typed text). */
static void
test_commit_delay (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-recorder-commit-delay");
  RpUsageRecorder *recorder = new_recorder (dir);
  guint n_notified = 0;

  g_assert_cmpuint (rp_usage_recorder_get_commit_delay (recorder), ==, RP_USAGE_RECORDER_COMMIT_DELAY);
  g_signal_connect (recorder, "notify::commit-delay", G_CALLBACK (on_notify), &n_notified);
  rp_usage_recorder_set_commit_delay (recorder, 250);
  rp_usage_recorder_set_commit_delay (recorder, 250);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpuint (rp_usage_recorder_get_commit_delay (recorder), ==, 250);
  rp_usage_recorder_set_commit_delay (recorder, 0);
  g_assert_cmpuint (rp_usage_recorder_get_commit_delay (recorder), ==, 1);
  g_assert_false (rp_usage_recorder_is_settling (recorder));
  /* Nothing typed: settling now counts nothing. */
  rp_usage_recorder_settle (recorder);
  g_assert_false (rp_usage_recorder_is_settling (recorder));
  g_assert_cmpint (counted (dir, RP_USAGE_SEARCH, NULL), ==, 0);
  g_assert_finalize_object (recorder);
}

/* A usage.db that cannot be opened (the data dir is a file) counts
 * nothing and never fails the interface. */
static void
test_without_database (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-recorder-no-database");
  g_autofree char *file = g_build_filename (dir, "not-a-directory", NULL);
  RpUsageRecorder *recorder;

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  recorder = new_recorder (file);
  rp_usage_recorder_count_opening (recorder, RP_USAGE_DOCUMENT, "QX-GUIDE-0001", 0);
  rp_usage_recorder_note_page (recorder, 0);
  g_assert_true (rp_usage_recorder_in_visit (recorder));
  rp_usage_recorder_end_visit (recorder);
  g_assert_false (rp_usage_recorder_in_visit (recorder));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  g_assert_finalize_object (recorder);
}

int
main (int   argc,
      char *argv[])
{
  rp_test_ui_init (&argc, &argv);

  g_test_add_func ("/ReadingPoint/UsageRecorder/opening-starts-visit", test_opening_starts_visit);
  g_test_add_func ("/ReadingPoint/UsageRecorder/end-visit-counts-pages-and-duration",
                   test_end_visit_counts_pages_and_duration);
  g_test_add_func ("/ReadingPoint/UsageRecorder/next-document-closes-pages", test_next_document_closes_pages);
  g_test_add_func ("/ReadingPoint/UsageRecorder/commit-delay", test_commit_delay);
  g_test_add_func ("/ReadingPoint/UsageRecorder/without-database", test_without_database);

  return g_test_run ();
}
