/* rp-test-ui.h — helpers shared by the tests that drive a real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lets GTK lay out and paint: turns the main loop for @msec, then until
 * nothing is pending. */
void rp_test_ui_settle     (guint       msec);
/* Settles, then writes what @window shows to RP_SCREENSHOT_DIR/@file_name. */
void rp_test_ui_screenshot (GtkWidget  *window,
                            const char *file_name);
/* Turns the main loop until @condition (@data) holds; fails the test,
 * naming @what, after 20 s. */
void rp_test_ui_wait_until (gboolean   (*condition) (gpointer data),
                            gpointer     data,
                            const char  *what);

G_END_DECLS
