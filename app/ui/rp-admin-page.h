/* rp-admin-page.h — the administrators' panel, behind the PIN pad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Status, Sync now (with progress and Cancel), Import from USB, Roll back,
 * the usage dashboard and its export to USB, settings, the audit log and
 * Exit kiosk. Reached in kiosk mode by a five-second press on the title
 * of the top bar, then the PIN pad (rp-admin-entrance.h, rp-pin-pad.h).
 * Leaves through the window's nav.home action; "exit-kiosk" and
 * "change-pin" are for the entrance and the application.
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-admin-pin.h"
#include "rp-core.h"

G_BEGIN_DECLS

#define RP_TYPE_ADMIN_PAGE (rp_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (RpAdminPage, rp_admin_page, RP, ADMIN_PAGE, GtkWidget)

GtkWidget   *rp_admin_page_new              (void);
/* The terminal the panel administers (its data directory and settings,
 * rp-terminal.h) and the catalogue the window shows; both nullable. */
void         rp_admin_page_set_terminal     (RpAdminPage  *self,
                                             RpTerminal   *terminal);
void         rp_admin_page_set_catalogue    (RpAdminPage  *self,
                                             RpCatalogue  *catalogue);

/* Re-reads status, dashboard and audit log. */
void         rp_admin_page_refresh          (RpAdminPage  *self);
/* Shows one section: "status", "usage", "settings" or "audit". */
void         rp_admin_page_show_section     (RpAdminPage  *self,
                                             const char   *name);
/* Syncs from @source (Sync now and Import from USB end here; tests pass
 * a slow source). */
void         rp_admin_page_sync_from        (RpAdminPage  *self,
                                             RpSyncSource *source);
gboolean     rp_admin_page_is_syncing       (RpAdminPage  *self);
double       rp_admin_page_get_fraction     (RpAdminPage  *self);
/* The status line under the progress bar ("Installed …", a failure). */
const char  *rp_admin_page_get_sync_result  (RpAdminPage  *self);
/* Writes the usage report (CSV and JSON) into @dir (a USB volume). */
gboolean     rp_admin_page_export_usage_to  (RpAdminPage  *self,
                                             const char   *dir,
                                             GError      **error);

G_END_DECLS
