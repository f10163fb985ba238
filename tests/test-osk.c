/* test-osk.c — the on-screen keyboard: pinyin into the search box
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
#include "rp-osk.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

static GtkWidget *
osk_key (RpOsk      *osk,
         const char *label)
{
  GtkWidget *key = rp_test_ui_find_widget (GTK_WIDGET (osk), GTK_TYPE_BUTTON, NULL, NULL);

  /* find_widget's match wants a label child: walk the buttons by label. */
  for (key = gtk_widget_get_first_child (GTK_WIDGET (osk)); key;)
    {
      if (GTK_IS_BUTTON (key) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (key)), label) == 0 &&
          gtk_widget_get_mapped (key))
        return key;
      if (gtk_widget_get_first_child (key) != NULL)
        key = gtk_widget_get_first_child (key);
      else
        {
          while (key != NULL && gtk_widget_get_next_sibling (key) == NULL)
            key = key == GTK_WIDGET (osk) ? NULL : gtk_widget_get_parent (key);
          if (key == GTK_WIDGET (osk))
            key = NULL;
          if (key != NULL)
            key = gtk_widget_get_next_sibling (key);
        }
    }
  return NULL;
}

static gboolean
has_results (gpointer home)
{
  return rp_home_page_get_n_search_results (home) > 0;
}

static void
test_kiosk_osk_pinyin (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpHomePage *home = rp_test_ui_home_page (win);
  RpOsk *osk = rp_visit_get_osk (rp_window_get_visit (win));
  g_auto(GStrv) candidates = NULL;

  g_assert_nonnull (osk);
  g_assert_false (rp_visit_is_osk_shown (rp_window_get_visit (win)));
  gtk_widget_grab_focus (rp_home_page_get_search_entry (home));
  rp_test_ui_settle (400);
  g_assert_true (rp_visit_is_osk_shown (rp_window_get_visit (win)));

  /* Letters typed on the keyboard go into the box as pinyin… */
  for (const char *c = "lud"; *c; c++)
    {
      char letter[2] = { *c, 0 };
      rp_test_ui_press (osk_key (osk, letter));
    }
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "lud");
  candidates = rp_osk_get_candidates (osk);
  g_assert_true (g_strv_contains ((const char *const *) candidates, "路"));
  g_clear_pointer (&candidates, g_strfreev);
  rp_test_ui_press (osk_key (osk, "⌫"));
  rp_test_ui_press (osk_key (osk, "⌫"));
  rp_test_ui_press (osk_key (osk, "⌫"));
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");

  /* …and a candidate turns the syllable into its character. */
  for (const char *c = "lu"; *c; c++)
    {
      char letter[2] = { *c, 0 };
      rp_test_ui_press (osk_key (osk, letter));
    }
  candidates = rp_osk_get_candidates (osk);
  g_assert_true (g_strv_contains ((const char *const *) candidates, "路"));
  rp_test_ui_press (osk_key (osk, "路"));
  for (const char *c = "deng"; *c; c++)
    {
      char letter[2] = { *c, 0 };
      rp_test_ui_press (osk_key (osk, letter));
    }
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "osk-candidates");
  rp_test_ui_press (osk_key (osk, "灯"));
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "路灯");
  rp_test_ui_wait_until (has_results, home, "the search box's text is searched");

  /* Focus elsewhere hides the keyboard. */
  gtk_window_set_focus (GTK_WINDOW (win), NULL);
  rp_test_ui_settle (400);
  g_assert_false (rp_visit_is_osk_shown (rp_window_get_visit (win)));
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-osk-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/Osk/pinyin", test_kiosk_osk_pinyin);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
