/* rp-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-snapshot.h"
#include "rp-test-ui.h"

void
rp_test_ui_settle (guint msec)
{
  gint64 until = g_get_monotonic_time () + msec * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
rp_test_ui_screenshot (GtkWidget  *window,
                       const char *file_name)
{
  const char *dir = g_getenv ("RP_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, file_name, NULL);
  rp_test_ui_settle (400);
  rp_widget_save_png (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

void
rp_test_ui_wait_until (gboolean   (*condition) (gpointer data),
                       gpointer     data,
                       const char  *what)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  if (!condition (data))
    g_error ("timed out waiting until %s", what);
}
