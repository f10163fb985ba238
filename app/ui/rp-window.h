/* rp-window.h — the main window: a stack of pages with back navigation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_WINDOW (rp_window_get_type ())
G_DECLARE_FINAL_TYPE (RpWindow, rp_window, RP, WINDOW, GtkApplicationWindow)

GtkWidget  *rp_window_new              (GtkApplication *application,
                                        gboolean        kiosk);
void        rp_window_set_catalogue    (RpWindow       *self,
                                        RpCatalogue    *catalogue);
void        rp_window_show_message     (RpWindow       *self,
                                        const char     *title,
                                        const char     *detail);
/* The name of the visible page: "home", "category", "entry", "document" or "message". */
const char *rp_window_get_page_name    (RpWindow       *self);
/* How many steps back the back button can go. */
guint       rp_window_get_depth        (RpWindow       *self);
gboolean    rp_window_is_kiosk         (RpWindow       *self);
/* Watches @data_dir: a bundle installed by a sync after the current one
 * was shown replaces it at the next return to the home page. */
void        rp_window_set_data_dir     (RpWindow       *self,
                                        RpDataDir      *data_dir);
/* Issue 6: wipes the visit: search text, history, open document and its
 * rendered pages; shows home with the newest installed bundle. */
void        rp_window_reset_visit      (RpWindow       *self);
/* (transfer none) (nullable) */
RpCatalogue *rp_window_get_catalogue   (RpWindow       *self);
/* (transfer none) (nullable) */
RpDataDir  *rp_window_get_data_dir     (RpWindow       *self);
/* (transfer none) (nullable): the stack page @name ("home", "entry"…). */
GtkWidget  *rp_window_get_page         (RpWindow       *self,
                                        const char     *name);

G_END_DECLS
