/* rp-sync-engine.h — fetch, verify and apply a signed bundle (DESIGN.md, "Origin"
 * and "Terminal data directory")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing becomes visible before every rule holds: a signature by a key
 * trusted for the channel over the exact bytes parsed, the channel, a
 * version above the installed one, no expiry (when the clock is sane),
 * every object of its declared size and hash. Then catalogue.db is built
 * in staging, flushed, moved into bundles/, and `current` is swapped; the
 * previous bundle is kept and the rest collected (past any path that
 * cannot be removed, see rp_sync_engine_get_warning()).
 *
 * A run also fails, leaving everything as it was, when the installed
 * bundle follows another channel (unless the switch is allowed), and when
 * the origin offers nothing newer than an installed bundle that has
 * expired. latest.json and its signature read across a publish are
 * resolved through the immutable channels/<c>/<V>.json pair.
 *
 * rp_sync_engine_run() blocks: call it from a worker thread (or use the
 * async variant, which runs it in a GTask thread). One run at a time per
 * data directory, across processes (see rp_data_dir_lock()).
 */
#pragma once

#include <gio/gio.h>

#include "rp-keyring.h"
#include "rp-manifest.h"
#include "rp-sync-progress.h"
#include "rp-sync-source.h"
#include "rp-types.h"

G_BEGIN_DECLS

typedef enum
{
  RP_SYNC_OUTCOME_INSTALLED,     /* a newer bundle is now current */
  RP_SYNC_OUTCOME_UP_TO_DATE,    /* the origin offers the installed version */
  RP_SYNC_OUTCOME_NOT_MODIFIED,  /* latest.json unchanged since the last poll */
} RpSyncOutcome;

/* "installed", "up-to-date" or "not-modified", as logged and printed. */
const char     *rp_sync_outcome_to_string   (RpSyncOutcome   outcome);

#define RP_TYPE_SYNC_ENGINE (rp_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (RpSyncEngine, rp_sync_engine, RP, SYNC_ENGINE, GObject)

RpSyncEngine   *rp_sync_engine_new          (RpDataDir      *data_dir,
                                             RpKeyring      *keyring,
                                             const char     *channel);
/* (transfer none) */
RpSyncProgress *rp_sync_engine_get_progress (RpSyncEngine   *self);
gboolean        rp_sync_engine_run          (RpSyncEngine   *self,
                                             RpSyncSource   *source,
                                             RpSyncOutcome  *out_outcome,
                                             GCancellable   *cancellable,
                                             GError        **error);
void            rp_sync_engine_run_async    (RpSyncEngine   *self,
                                             RpSyncSource   *source,
                                             GCancellable   *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer        user_data);
gboolean        rp_sync_engine_run_finish   (RpSyncEngine   *self,
                                             GAsyncResult   *result,
                                             RpSyncOutcome  *out_outcome,
                                             GError        **error);
/* After a run: the version the origin offered (0 if none was read), and
 * the id of the key that signed it. */
gint64          rp_sync_engine_get_offered_version (RpSyncEngine *self);
const char     *rp_sync_engine_get_key_id   (RpSyncEngine   *self);
/* After a run that read a manifest: the version installed before it (0 for
 * none or an unsigned bundle); with the offered version, what changed. */
gint64          rp_sync_engine_get_previous_version (RpSyncEngine *self);
/* After a run: (nullable) what went wrong without failing it, e.g. old
 * bundles that could not be collected; also written to the audit log. */
const char     *rp_sync_engine_get_warning  (RpSyncEngine   *self);
/* A sync never moves a terminal from one channel to another on its own:
 * when the installed bundle follows another channel than the engine's
 * (other than the built-in demo's), the run fails unless the switch is
 * allowed here, and an allowed switch is audited. */
void            rp_sync_engine_set_allow_channel_switch (RpSyncEngine *self,
                                                         gboolean      allow);


G_END_DECLS
