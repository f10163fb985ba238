/* rp-sync-progress.h — observable progress of a sync, for the admin UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine updates it from its worker thread; property changes are
 * applied and notified on the GMainContext that was thread-default when the
 * object was created (the GUI's main context), never on the worker.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  RP_SYNC_PHASE_IDLE,
  RP_SYNC_PHASE_CHECKING,     /* fetching and verifying the signed manifest */
  RP_SYNC_PHASE_DOWNLOADING,  /* fetching objects into the store */
  RP_SYNC_PHASE_BUILDING,     /* building catalogue.db in staging */
  RP_SYNC_PHASE_APPLYING,     /* flushing, swapping `current`, collecting garbage */
  RP_SYNC_PHASE_DONE,
  RP_SYNC_PHASE_FAILED,
} RpSyncPhase;

GType rp_sync_phase_get_type (void) G_GNUC_CONST;
#define RP_TYPE_SYNC_PHASE (rp_sync_phase_get_type ())

#define RP_TYPE_SYNC_PROGRESS (rp_sync_progress_get_type ())
G_DECLARE_FINAL_TYPE (RpSyncProgress, rp_sync_progress, RP, SYNC_PROGRESS, GObject)

RpSyncProgress *rp_sync_progress_new               (void);
RpSyncPhase     rp_sync_progress_get_phase         (RpSyncProgress *self);
guint64         rp_sync_progress_get_bytes_done    (RpSyncProgress *self);
guint64         rp_sync_progress_get_bytes_total   (RpSyncProgress *self);
guint           rp_sync_progress_get_objects_done  (RpSyncProgress *self);
guint           rp_sync_progress_get_objects_total (RpSyncProgress *self);
/* The catalogue's entries in the chunks being fetched (issue 18): their
 * total when the download starts, and those of the chunks fetched so far. */
guint           rp_sync_progress_get_entries_done  (RpSyncProgress *self);
guint           rp_sync_progress_get_entries_total (RpSyncProgress *self);

/* Any thread. */
void            rp_sync_progress_set_phase         (RpSyncProgress *self,
                                                    RpSyncPhase     phase);
void            rp_sync_progress_set_totals        (RpSyncProgress *self,
                                                    guint64         bytes_total,
                                                    guint           objects_total);
void            rp_sync_progress_add_bytes         (RpSyncProgress *self,
                                                    guint64         bytes);
void            rp_sync_progress_add_object        (RpSyncProgress *self);
/* Sets the entries' total and their count done to 0. */
void            rp_sync_progress_set_entries_total (RpSyncProgress *self,
                                                    guint           entries_total);
void            rp_sync_progress_add_entries       (RpSyncProgress *self,
                                                    guint           entries);

G_END_DECLS
