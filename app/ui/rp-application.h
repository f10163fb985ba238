/* rp-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-window.h"

G_BEGIN_DECLS

#define RP_TYPE_APPLICATION (rp_application_get_type ())
G_DECLARE_FINAL_TYPE (RpApplication, rp_application, RP, APPLICATION, AdwApplication)

RpApplication *rp_application_new         (void);
gboolean       rp_application_is_kiosk    (RpApplication *self);
/* A window with its parts (the visit, the usage recorder, the admin
 * entrance) showing @catalogue (nullable) from @data_dir (nullable: then
 * nothing is counted), not yet presented. The application rebuilds it when
 * the visit's language changes. @self must be registered.
 * (transfer none): the application holds it. */
RpWindow      *rp_application_build_window (RpApplication *self,
                                            gboolean       kiosk,
                                            RpCatalogue   *catalogue,
                                            RpDataDir     *data_dir);

/* Issue 16: the scheduler that syncs the reader's data directory by
 * itself (the reader starts one when an origin is configured; tests hand
 * in one with their own network monitor and timings). The application
 * starts it, tells every window of a new bundle, answers "Check for new
 * documents" (app.check-updates) and stops it at shutdown. @scheduler:
 * (nullable) none. */
void             rp_application_set_sync_scheduler (RpApplication   *self,
                                                    RpSyncScheduler *scheduler);
/* (transfer none) (nullable) */
RpSyncScheduler *rp_application_get_sync_scheduler (RpApplication   *self);

G_END_DECLS
