/* test-sync-progress.c — a sync's progress, shown on the owner's context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

typedef struct
{
  GThread *owner;
  guint    n_notifies;
  gboolean off_owner;  /* a notify arrived on another thread */
} Notes;

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             Notes      *notes)
{
  notes->n_notifies++;
  if (g_thread_self () != notes->owner)
    notes->off_owner = TRUE;
}

static RpSyncProgress *
progress_new (Notes *notes)
{
  RpSyncProgress *progress = rp_sync_progress_new ();

  notes->owner = g_thread_self ();
  notes->n_notifies = 0;
  notes->off_owner = FALSE;
  g_signal_connect (progress, "notify", G_CALLBACK (notified_cb), notes);
  return progress;
}

/* On the owner's thread (holding its context) an update is shown at once. */
static void
test_owner_thread (void)
{
  Notes notes;
  g_autoptr(RpSyncProgress) progress = progress_new (&notes);
  RpSyncPhase phase;

  g_assert_cmpint (rp_sync_progress_get_phase (progress), ==, RP_SYNC_PHASE_IDLE);
  rp_sync_progress_set_phase (progress, RP_SYNC_PHASE_DOWNLOADING);
  rp_sync_progress_set_totals (progress, 1000, 3);
  rp_sync_progress_add_bytes (progress, 400);
  rp_sync_progress_add_object (progress);
  g_assert_cmpint (rp_sync_progress_get_phase (progress), ==, RP_SYNC_PHASE_DOWNLOADING);
  g_assert_cmpuint (rp_sync_progress_get_bytes_total (progress), ==, 1000);
  g_assert_cmpuint (rp_sync_progress_get_objects_total (progress), ==, 3);
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==, 400);
  g_assert_cmpuint (rp_sync_progress_get_objects_done (progress), ==, 1);
  g_assert_cmpuint (notes.n_notifies, >=, 4);
  g_assert_false (notes.off_owner);
  /* The properties say the same. */
  g_object_get (progress, "phase", &phase, NULL);
  g_assert_cmpint (phase, ==, RP_SYNC_PHASE_DOWNLOADING);

  /* The catalogue's entries, in the chunks fetched. */
  rp_sync_progress_set_entries_total (progress, 900);
  rp_sync_progress_add_entries (progress, 350);
  rp_sync_progress_add_entries (progress, 340);
  g_assert_cmpuint (rp_sync_progress_get_entries_total (progress), ==, 900);
  g_assert_cmpuint (rp_sync_progress_get_entries_done (progress), ==, 690);
  {
    guint done = 0, total = 0;

    g_object_get (progress, "entries-done", &done, "entries-total", &total, NULL);
    g_assert_cmpuint (done, ==, 690);
    g_assert_cmpuint (total, ==, 900);
  }

  /* New totals start the counts again. */
  rp_sync_progress_set_totals (progress, 50, 1);
  rp_sync_progress_set_entries_total (progress, 3);
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==, 0);
  g_assert_cmpuint (rp_sync_progress_get_objects_done (progress), ==, 0);
  g_assert_cmpuint (rp_sync_progress_get_entries_done (progress), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&progress));
}

static gpointer
worker (gpointer data)
{
  RpSyncProgress *progress = data;

  rp_sync_progress_set_phase (progress, RP_SYNC_PHASE_DOWNLOADING);
  rp_sync_progress_set_totals (progress, 10000, 10);
  for (guint i = 0; i < 10000; i++)
    rp_sync_progress_add_bytes (progress, 1);
  for (guint i = 0; i < 10; i++)
    rp_sync_progress_add_object (progress);
  rp_sync_progress_set_phase (progress, RP_SYNC_PHASE_DONE);
  return NULL;
}

static gboolean
shown_done (gpointer data)
{
  return rp_sync_progress_get_phase (data) == RP_SYNC_PHASE_DONE;
}

/* From a worker, updates reach the owner's context: nothing is shown, or
 * notified, until the owner turns it; then all of it at once, with one
 * notification per main-loop turn rather than one per update. */
static void
test_worker_thread (void)
{
  Notes notes;
  g_autoptr(RpSyncProgress) progress = progress_new (&notes);
  GThread *thread;

  /* The owner holds its context, as a running main loop (the GUI's) does. */
  g_assert_true (g_main_context_acquire (NULL));
  thread = g_thread_new ("sync-worker", worker, progress);
  g_thread_join (thread);
  g_assert_cmpint (rp_sync_progress_get_phase (progress), ==, RP_SYNC_PHASE_IDLE);
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==, 0);
  g_assert_cmpuint (notes.n_notifies, ==, 0);

  rp_test_wait_until (shown_done, progress, 30, "the worker's progress is shown");
  g_main_context_release (NULL);
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==, 10000);
  g_assert_cmpuint (rp_sync_progress_get_objects_done (progress), ==, 10);
  g_assert_cmpuint (rp_sync_progress_get_bytes_total (progress), ==, 10000);
  g_assert_false (notes.off_owner);
  /* Coalesced: far fewer notifications than the 10,022 updates. */
  g_assert_cmpuint (notes.n_notifies, >=, 5);
  g_assert_cmpuint (notes.n_notifies, <=, 20);
  g_assert_finalize_object (g_steal_pointer (&progress));
}

static void
test_phase_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RP_TYPE_SYNC_PHASE);

  g_assert_cmpstr (g_enum_get_value (klass, RP_SYNC_PHASE_DOWNLOADING)->value_nick, ==, "downloading");
  g_assert_cmpstr (g_enum_get_value (klass, RP_SYNC_PHASE_FAILED)->value_nick, ==, "failed");
  g_assert_cmpuint (klass->n_values, ==, RP_SYNC_PHASE_FAILED + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/SyncProgress/owner-thread", test_owner_thread);
  g_test_add_func ("/ReadingPoint/SyncProgress/worker-thread", test_worker_thread);
  g_test_add_func ("/ReadingPoint/SyncProgress/phase-enum", test_phase_enum);

  return g_test_run ();
}
