/* test-visit.c — a resident's visit: the idle wipe, swipe back
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
#include "rp-document-page.h"
#include "rp-home-page.h"
#include "rp-osk.h"
#include "rp-pdf-view.h"
#include "rp-read-aloud.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

static void
test_kiosk_idle_reset (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpDocumentPage *document_page = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  g_autofree char *start_language = g_strdup (rp_visit_get_language (rp_window_get_visit (win)));
  RpIdleMonitor *monitor;
  gint64 until;

  /* A visit: another language, large text, high contrast, a search, a PDF. */
  rp_visit_set_language (rp_window_get_visit (win), rp_test_ui_other_language ());
  win = rp_test_ui_shown_window ();
  rp_test_ui_settle (400);
  g_assert_true (win == rp_test_ui_shown_window ());
  g_assert_cmpstr (rp_visit_get_language (rp_window_get_visit (win)), ==, rp_test_ui_other_language ());
  document_page = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  gtk_widget_activate_action (GTK_WIDGET (win), "visit.text-size", "s", "150");
  gtk_widget_activate_action (GTK_WIDGET (win), "visit.high-contrast", NULL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-text-150"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-high-contrast"));
  rp_home_page_set_search_text (rp_test_ui_home_page (win), "路灯");
  rp_test_ui_wait_for_search (rp_test_ui_home_page (win));
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (rp_test_ui_home_page (win)), >, 0);
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.entry", "s", "QX-GUIDE-0001");
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.attachment", "(su)", "QX-GUIDE-0001", 0);
  rp_test_ui_wait_for_document (document_page);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  g_assert_nonnull (rp_document_page_get_paintable (document_page));
  rp_pdf_view_set_zoom (rp_document_page_get_view (document_page), 2.0);
  rp_test_ui_settle (400);

  /* The resident walks away: a second of quiet, then the countdown. */
  rp_visit_set_idle_timeout (rp_window_get_visit (win), 1, 2);
  monitor = rp_visit_get_idle_monitor (rp_window_get_visit (win));
  rp_idle_monitor_poke (monitor);
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!rp_visit_is_countdown_shown (rp_window_get_visit (win)) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (rp_visit_is_countdown_shown (rp_window_get_visit (win)));
  g_assert_true (rp_idle_monitor_is_counting_down (monitor));
  /* Touching "Continue" keeps the visit… */
  gtk_widget_activate_action (GTK_WIDGET (win), "visit.continue", NULL);
  g_assert_false (rp_visit_is_countdown_shown (rp_window_get_visit (win)));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  /* …and the countdown comes back when nobody touches anything. */
  rp_visit_set_text_size (rp_window_get_visit (win), 100);
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!rp_visit_is_countdown_shown (rp_window_get_visit (win)) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (rp_visit_is_countdown_shown (rp_window_get_visit (win)));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "idle-countdown");
  rp_visit_set_text_size (rp_window_get_visit (win), 150);

  /* Nobody answers: everything the visit changed is gone. */
  until = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (rp_visit_is_countdown_shown (rp_window_get_visit (rp_test_ui_shown_window ())) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  rp_test_ui_settle (400);
  win = rp_test_ui_shown_window ();
  g_assert_false (rp_visit_is_countdown_shown (rp_window_get_visit (win)));
  g_assert_cmpstr (rp_visit_get_language (rp_window_get_visit (win)), ==, start_language);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  g_assert_cmpuint (rp_window_get_depth (win), ==, 0);
  g_assert_cmpstr (rp_home_page_get_search_text (rp_test_ui_home_page (win)), ==, "");
  g_assert_cmpuint (rp_visit_get_text_size (rp_window_get_visit (win)), ==, 100);
  g_assert_false (rp_visit_get_high_contrast (rp_window_get_visit (win)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-text-150"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-high-contrast"));
  /* The document and its rendered pages are freed; a new document opens
   * at the default zoom. */
  document_page = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  g_assert_false (rp_document_page_is_loaded (document_page));
  g_assert_null (rp_document_page_get_paintable (document_page));
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.attachment", "(su)", "QX-GUIDE-0001", 0);
  rp_test_ui_wait_for_document (document_page);
  g_assert_cmpfloat (rp_pdf_view_get_zoom (rp_document_page_get_view (document_page)), !=, 2.0);
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.home", NULL);
  rp_test_ui_settle (400);

  /* "Defaults" are the administrator's settings, not 100 % and normal
   * contrast: the wipe returns to them, whatever the resident chose. */
  {
    g_autoptr(GSettings) settings = g_settings_new (RP_APP_ID);

    g_settings_set_double (settings, "text-scale", 1.5);
    g_settings_set_boolean (settings, "high-contrast", TRUE);
    rp_visit_set_text_size (rp_window_get_visit (win), 125);
    rp_visit_set_high_contrast (rp_window_get_visit (win), FALSE);
    rp_idle_monitor_expire (rp_visit_get_idle_monitor (rp_window_get_visit (win)));
    rp_test_ui_settle (400);
    win = rp_test_ui_shown_window ();
    g_assert_cmpuint (rp_visit_get_text_size (rp_window_get_visit (win)), ==, 150);
    g_assert_true (rp_visit_get_high_contrast (rp_window_get_visit (win)));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-text-150"));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-high-contrast"));
    g_settings_reset (settings, "text-scale");
    g_settings_reset (settings, "high-contrast");
  }

  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

/* The idle reset of a window whose language was not changed keeps it. */
static void
test_kiosk_idle_expire_same_window (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));

  rp_home_page_set_search_text (rp_test_ui_home_page (win), "ljfl");
  rp_test_ui_settle (400);
  rp_idle_monitor_expire (rp_visit_get_idle_monitor (rp_window_get_visit (win)));
  rp_test_ui_settle (400);
  g_assert_true (win == rp_test_ui_shown_window ());
  g_assert_cmpstr (rp_home_page_get_search_text (rp_test_ui_home_page (win)), ==, "");
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

static gboolean
keyboard_up (gpointer data)
{
  RpWindow *win = rp_test_ui_shown_window ();

  return win != NULL && rp_visit_is_osk_shown (rp_window_get_visit (win));
}

/* The wipe is done with the keyboard and the home page's scroll: the one
 * shown window (a language switch back replaces it) is at rest, at home,
 * keyboard away, scrolled to the top. */
static gboolean
wiped (gpointer data)
{
  RpWindow *win = rp_test_ui_shown_window ();

  return win != NULL && !g_main_context_pending (NULL) && !rp_visit_is_osk_shown (rp_window_get_visit (win)) &&
         rp_home_page_get_scroll_position (rp_test_ui_home_page (win)) == 0 &&
         g_strcmp0 (rp_window_get_page_name (win), "home") == 0;
}

static void
scroll_home (RpWindow *win,
             double    value)
{
  GtkWidget *scroller = rp_test_ui_find_widget (rp_window_get_page (win, "home"), GTK_TYPE_SCROLLED_WINDOW, NULL, NULL);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), value);
}

static void
type_a_search (RpWindow *win)
{
  gtk_widget_grab_focus (rp_home_page_get_search_entry (rp_test_ui_home_page (win)));
  rp_test_ui_wait_until (keyboard_up, NULL, "the keyboard comes up");
  rp_osk_type (rp_visit_get_osk (rp_window_get_visit (win)), "lu");
  scroll_home (win, 200);
  g_assert_cmpfloat (rp_home_page_get_scroll_position (rp_test_ui_home_page (win)), >, 0);
}

/* Issue 13: a wipe left the keyboard open on the fresh home screen, or
 * home scrolled with its search box out of sight. */
static void
test_kiosk_wipe_keyboard_and_scroll (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  g_auto(GStrv) candidates = NULL;

  gtk_widget_activate_action (GTK_WIDGET (win), "visit.text-size", "s", "150");
  type_a_search (win);
  rp_idle_monitor_expire (rp_visit_get_idle_monitor (rp_window_get_visit (win)));
  rp_test_ui_wait_until (wiped, NULL, "the wipe puts the keyboard away and scrolls home up");
  g_assert_true (win == rp_test_ui_shown_window ());
  g_assert_cmpstr (rp_home_page_get_search_text (rp_test_ui_home_page (win)), ==, "");
  candidates = rp_osk_get_candidates (rp_visit_get_osk (rp_window_get_visit (win)));
  g_assert_null (candidates[0]);

  /* The same when the wipe also switches the language back (a new window). */
  rp_visit_set_language (rp_window_get_visit (win), rp_test_ui_other_language ());
  rp_test_ui_wait_until (wiped, NULL, "the window in the other language is shown");
  win = rp_test_ui_shown_window ();
  type_a_search (win);
  rp_idle_monitor_expire (rp_visit_get_idle_monitor (rp_window_get_visit (win)));
  rp_test_ui_wait_until (wiped, NULL, "the wipe back to the start language");
  win = rp_test_ui_shown_window ();
  g_assert_cmpstr (rp_home_page_get_search_text (rp_test_ui_home_page (win)), ==, "");
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

/* Swiping right on the pages goes back. */
static void
test_kiosk_swipe_back (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  g_autoptr(GListModel) controllers = NULL;
  GtkGesture *swipe = NULL;
  GtkWidget *content = rp_window_get_page (win, "home");

  gtk_widget_activate_action (GTK_WIDGET (win), "nav.category", "s", "guide");
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  /* The swipe gesture sits on the window's content, above the stack. */
  while (content != NULL && swipe == NULL)
    {
      controllers = gtk_widget_observe_controllers (content);
      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
          if (GTK_IS_GESTURE_SWIPE (controller))
            swipe = GTK_GESTURE (controller);
        }
      g_clear_object (&controllers);
      content = gtk_widget_get_parent (content);
    }
  g_assert_nonnull (swipe);
  g_assert_true (gtk_gesture_single_get_touch_only (GTK_GESTURE_SINGLE (swipe)));
  /* A slow or vertical movement is not a swipe back. */
  g_signal_emit_by_name (swipe, "swipe", 100.0, 0.0);
  g_signal_emit_by_name (swipe, "swipe", 900.0, 1500.0);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  g_signal_emit_by_name (swipe, "swipe", 1500.0, 100.0);
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

static gboolean
countdown_up (gpointer data)
{
  return rp_visit_is_countdown_shown (rp_window_get_visit (data));
}

static gboolean
synthesis_done (gpointer data)
{
  return !rp_read_aloud_is_synthesizing (data);
}

/* Issue 13: the idle countdown is spoken as it appears, and stops with
 * it. Without a sound card (the test's machine) the reading fails
 * quietly: a warning would be fatal here (G_DEBUG=fatal-warnings). */
static void
test_kiosk_countdown_is_spoken (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpVisit *visit = rp_window_get_visit (win);
  RpReadAloud *speech = rp_visit_get_countdown_speech (visit);

  g_assert_nonnull (speech);
  g_assert_false (rp_read_aloud_is_active (speech));
  rp_visit_set_idle_timeout (visit, 1, 60);
  rp_idle_monitor_poke (rp_visit_get_idle_monitor (visit));
  rp_test_ui_wait_until (countdown_up, win, "the countdown shows");
  /* What is spoken is what the card says. */
  g_assert_nonnull (rp_read_aloud_get_text (speech));
  g_assert_nonnull (strstr (rp_read_aloud_get_text (speech), _("Are you still reading?")));
  g_assert_nonnull (strstr (rp_read_aloud_get_text (speech), "60")); /* the seconds left */
  if (!rp_speech_is_available ())
    {
      g_assert_false (rp_read_aloud_is_active (speech));
      g_test_skip ("built without espeak-ng (meson -Dread-aloud): the countdown cannot be spoken");
    }
  else
    {
      g_assert_true (rp_read_aloud_is_active (speech));
      /* Synthesised, then played or (no sound card) stopped, quietly. */
      rp_test_ui_wait_until (synthesis_done, speech, "the countdown's speech is synthesised");
      rp_test_ui_settle (400);
    }

  /* Continue: the card goes, and its voice with it. */
  gtk_widget_activate_action (GTK_WIDGET (win), "visit.continue", NULL);
  g_assert_false (rp_visit_is_countdown_shown (visit));
  g_assert_false (rp_read_aloud_is_active (speech));
  rp_visit_set_idle_timeout (visit, RP_VISIT_DEFAULT_IDLE_TIMEOUT, RP_VISIT_DEFAULT_COUNTDOWN);
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-visit-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/Visit/idle-reset", test_kiosk_idle_reset);
  g_test_add_func ("/ReadingPoint/Visit/idle-expire-same-window", test_kiosk_idle_expire_same_window);
  g_test_add_func ("/ReadingPoint/Visit/swipe-back", test_kiosk_swipe_back);
  g_test_add_func ("/ReadingPoint/Visit/wipe-keyboard-and-scroll", test_kiosk_wipe_keyboard_and_scroll);
  g_test_add_func ("/ReadingPoint/Visit/countdown-is-spoken", test_kiosk_countdown_is_spoken);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
