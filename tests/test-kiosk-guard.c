/* test-kiosk-guard.c — the keys a kiosk swallows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (tests/meson.build), once in Chinese and once in
 * English, and writes what it shows into RP_SCREENSHOT_DIR as
 * ui-PAGE-LANGUAGE.png.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-kiosk-guard.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

static GtkEventController *
guard_controller (GtkWidget *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }
  return NULL;
}

static gboolean
is_fullscreen (gpointer window)
{
  return gtk_window_is_fullscreen (GTK_WINDOW (window));
}

static void
test_kiosk_escape_keys (void)
{
  static const struct { guint keyval; GdkModifierType state; } keys[] = {
    { GDK_KEY_F4, GDK_ALT_MASK },
    { GDK_KEY_q, GDK_CONTROL_MASK },
    { GDK_KEY_w, GDK_CONTROL_MASK },
    { GDK_KEY_F11, 0 },
    { GDK_KEY_Escape, 0 },
    { GDK_KEY_Super_L, 0 },
    { GDK_KEY_Super_R, 0 },
    { GDK_KEY_d, GDK_SUPER_MASK },
    /* GTK's inspector, the clipboard and menus (issue 12). */
    { GDK_KEY_I, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_c, GDK_CONTROL_MASK },
    { GDK_KEY_v, GDK_CONTROL_MASK },
    { GDK_KEY_Insert, GDK_SHIFT_MASK },
    { GDK_KEY_F10, GDK_SHIFT_MASK },
    { GDK_KEY_Menu, 0 },
    { GDK_KEY_F1, 0 },
    { GDK_KEY_Tab, GDK_ALT_MASK },
  };
  GtkWidget *window = rp_test_ui_show_window (TRUE, catalogue, NULL);
  GtkEventController *guard = guard_controller (window);

  g_assert_nonnull (guard);
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gboolean handled = FALSE;

      g_assert_true (rp_kiosk_guard_is_escape (keys[i].keyval, keys[i].state));
      g_signal_emit_by_name (guard, "key-pressed", keys[i].keyval, 0, keys[i].state, &handled);
      g_assert_true (handled);
      rp_test_ui_settle (400);
      g_assert_true (gtk_widget_get_visible (window));
      g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
    }
  /* Ordinary typing is not swallowed. */
  g_assert_false (rp_kiosk_guard_is_escape (GDK_KEY_a, 0));
  g_assert_false (rp_kiosk_guard_is_escape (GDK_KEY_BackSpace, 0));
  g_assert_false (rp_kiosk_guard_is_escape (GDK_KEY_A, GDK_SHIFT_MASK));
  /* Zoom and back/home stay for residents who bring a keyboard. */
  g_assert_false (rp_kiosk_guard_is_escape (GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_false (rp_kiosk_guard_is_escape (GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_false (rp_kiosk_guard_is_escape (GDK_KEY_Left, GDK_ALT_MASK));

  /* The close request is refused, and a window that is unfullscreened asks
   * to be fullscreen again. */
  gtk_window_close (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  g_assert_true (gtk_widget_get_visible (window));
  gtk_window_unfullscreen (GTK_WINDOW (window));
  rp_test_ui_wait_until (is_fullscreen, window, "the window is fullscreen again");
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-kiosk-guard-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/KioskGuard/escape-keys", test_kiosk_escape_keys);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
