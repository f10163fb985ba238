/* rp-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-window.h"

G_BEGIN_DECLS

#define RP_TYPE_APPLICATION (rp_application_get_type ())
G_DECLARE_FINAL_TYPE (RpApplication, rp_application, RP, APPLICATION, GtkApplication)

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

G_END_DECLS
