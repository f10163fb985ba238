/* test-home-page.c — the kiosk's home page: tiles, the newest entries, the switches
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
#include "rp-home-page.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

/* No label is cut: each has at least the height it needs at its width. */
static void
assert_no_clipped_labels (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && gtk_label_get_ellipsize (GTK_LABEL (child)) == PANGO_ELLIPSIZE_NONE &&
          gtk_widget_get_width (child) > 0)
        {
          int min_h, min_w;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (child), &min_h, NULL, NULL, NULL);
          if (min_w > gtk_widget_get_width (child) + 1 || min_h > gtk_widget_get_height (child) + 1)
            g_error ("label “%s” clipped: needs %d×%d, has %d×%d", gtk_label_get_text (GTK_LABEL (child)),
                     min_w, min_h, gtk_widget_get_width (child), gtk_widget_get_height (child));
        }
      assert_no_clipped_labels (child);
    }
}

static void
test_kiosk_home (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpHomePage *home = rp_test_ui_home_page (win);
  GtkWidget *latest;

  /* Tiles, the guide, the newest entries, the switches. */
  g_assert_nonnull (rp_test_ui_find_button (GTK_WIDGET (win), "nav.category", "guide"));
  g_assert_cmpstr (rp_home_page_get_guide_id (home), ==, "QX-GUIDE-0001");
  latest = rp_test_ui_find_widget (GTK_WIDGET (win), GTK_TYPE_BUTTON, rp_test_ui_has_class, "rp-latest-row");
  g_assert_nonnull (latest);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (latest)), ==, "nav.entry");
  g_assert_nonnull (rp_test_ui_find_button (GTK_WIDGET (win), "visit.language", "en"));
  g_assert_nonnull (rp_test_ui_find_button (GTK_WIDGET (win), "visit.text-size", "150"));
  g_assert_nonnull (rp_test_ui_find_button (GTK_WIDGET (win), "visit.high-contrast", NULL));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "kiosk-home");

  /* 150 %: text and controls grow, nothing is cut. */
  {
    int height_100 = gtk_widget_get_height (latest);

    g_assert_cmpint (height_100, >=, 48);
    rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "visit.text-size", "150"));
    g_assert_cmpuint (rp_visit_get_text_size (rp_window_get_visit (win)), ==, 150);
    rp_test_ui_settle (400);
    g_assert_cmpint (gtk_widget_get_height (latest), >, height_100 * 1.2);
  }
  assert_no_clipped_labels (GTK_WIDGET (win));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "kiosk-home-150");

  /* The guide at 150 %: fields, QR code, attachments, provenance. */
  rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "nav.entry", "QX-GUIDE-0001"));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  rp_test_ui_settle (400);
  assert_no_clipped_labels (GTK_WIDGET (win));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "kiosk-entry-150");
  rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "nav.home", NULL));
  rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "visit.text-size", "100"));

  /* High contrast. */
  rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "visit.high-contrast", NULL));
  g_assert_true (rp_visit_get_high_contrast (rp_window_get_visit (win)));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "kiosk-home-contrast");
  rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "visit.high-contrast", NULL));
  g_assert_false (rp_visit_get_high_contrast (rp_window_get_visit (win)));

  /* The language switch rebuilds the window in the other language. */
  rp_test_ui_press (rp_test_ui_find_button (GTK_WIDGET (win), "visit.language", rp_test_ui_other_language ()));
  win = rp_test_ui_shown_window ();
  g_assert_cmpstr (rp_visit_get_language (rp_window_get_visit (win)), ==, rp_test_ui_other_language ());
  g_assert_nonnull (rp_test_ui_find_widget (GTK_WIDGET (win), GTK_TYPE_LABEL, rp_test_ui_label_is,
                                 g_str_equal (rp_test_ui_other_language (), "en") ? "Back" : "返回"));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), g_str_equal (rp_test_ui_other_language (), "en") ? "kiosk-home-switched-en"
                                                                      : "kiosk-home-switched-zh_CN");
  rp_visit_set_language (rp_window_get_visit (win), g_str_has_prefix (rp_test_ui_start_language (), "zh") ? "zh_CN" : "en");
  win = rp_test_ui_shown_window ();
  rp_test_ui_settle (400);
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-home-page-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/HomePage/kiosk", test_kiosk_home);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
