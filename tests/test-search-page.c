/* test-search-page.c — the search page: results as the resident types
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
#include "rp-search-page.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

/* The GtkListBoxRow of the @index-th search result shown. */
static GtkListBoxRow *
search_row (GtkWidget *window,
            guint      index)
{
  GtkWidget *list = rp_test_ui_find_widget (window, GTK_TYPE_LIST_BOX, NULL, NULL);

  g_assert_nonnull (list);
  g_assert_true (gtk_widget_has_css_class (list, "rp-search-results"));
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);
}

typedef struct
{
  GtkWidget *window;
  guint      page;
} AtPage;

static gboolean
document_at_page (gpointer data)
{
  AtPage *at = data;
  GtkWidget *page = rp_test_ui_find_widget (at->window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL);

  return page != NULL && rp_document_page_is_loaded (RP_DOCUMENT_PAGE (page)) &&
         rp_document_page_get_page (RP_DOCUMENT_PAGE (page)) == at->page;
}

static void
test_search (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, NULL);
  RpWindow *win = RP_WINDOW (window);
  RpHomePage *home = RP_HOME_PAGE (rp_test_ui_find_widget (window, RP_TYPE_HOME_PAGE, NULL, NULL));
  GtkListBoxRow *row;
  RpSearchResult *hit = NULL;

  g_assert_nonnull (home);
  /* Two characters, found in titles, keywords and full text. */
  rp_home_page_set_search_text (home, "路灯");
  rp_test_ui_wait_for_search (home);
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  rp_test_ui_screenshot_page (window, "search-2char");

  /* Pinyin initials of 垃圾分类. */
  rp_home_page_set_search_text (home, "ljfl");
  rp_test_ui_wait_for_search (home);
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  rp_test_ui_screenshot_page (window, "search-pinyin");

  /* A title hit opens the entry. */
  row = search_row (window, 0);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  gtk_widget_activate_action (window, "nav.back", NULL);
  rp_test_ui_settle (400);

  /* A PDF hit opens the document at its page. */
  rp_home_page_set_search_text (home, "指导思想");
  rp_test_ui_wait_for_search (home);
  rp_test_ui_settle (400);
  for (guint i = 0; (row = search_row (window, i)) != NULL; i++)
    {
      hit = g_object_get_data (G_OBJECT (row), "rp-result");
      if (rp_search_result_get_page (hit) > 1)
        break;
    }
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  /* At its page once the document has opened: under the sanitizers on a
   * loaded machine that can take longer than any fixed wait. */
  {
    AtPage at = { window, rp_search_result_get_page (hit) - 1 };

    rp_test_ui_wait_until (document_at_page, &at, "the document is open at the hit's page");
  }
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

typedef struct
{
  RpHomePage *home;
  RpSearch   *search;
  guint       n_checked;
} SearchWatch;

/* The result list of @page, mapped or not. */
static GtkListBox *
result_list (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *found;

      if (GTK_IS_LIST_BOX (child) && gtk_widget_has_css_class (child, "rp-search-results"))
        return GTK_LIST_BOX (child);
      if ((found = result_list (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Whenever the list changes, it holds the results of the text in the box
 * at that moment, in order: never those of an earlier keystroke. */
static void
check_results_are_current (RpSearchPage *page,
                           SearchWatch  *watch)
{
  g_autofree char *text = g_strstrip (g_strdup (rp_home_page_get_search_text (watch->home)));
  GtkListBox *list = result_list (GTK_WIDGET (page));
  g_autoptr(GListModel) expected = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_false (rp_search_page_is_searching (page));
  if (*text == '\0')
    {
      g_assert_null (gtk_list_box_get_row_at_index (list, 0));
      return;
    }
  expected = rp_search_run (watch->search, text, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (expected);
  g_assert_cmpuint (rp_search_page_get_n_results (page), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpSearchResult) want = g_list_model_get_item (expected, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      RpSearchResult *hit = g_object_get_data (G_OBJECT (row), "rp-result");

      g_assert_cmpstr (rp_search_result_get_id (hit), ==, rp_search_result_get_id (want));
      g_assert_cmpuint (rp_search_result_get_page (hit), ==, rp_search_result_get_page (want));
    }
  g_assert_null (gtk_list_box_get_row_at_index (list, n));
  watch->n_checked++;
}

/* Issue 6: each keystroke cancels the search of the one before, in its
 * worker thread. Typed faster than searches finish (no main loop turn,
 * one, two between keystrokes), the list only ever shows the results of
 * the text in the box, and after the last keystroke its count and chips. */
static void
test_search_keeps_up_with_typing (void)
{
  static const char *const typed[] = { "路", "路灯", "ljfl", "l", "指导思想", "垃圾", "垃圾分类", "zfxxgk", "二次供水", "指导思想" };
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, NULL);
  RpHomePage *home = RP_HOME_PAGE (rp_test_ui_find_widget (window, RP_TYPE_HOME_PAGE, NULL, NULL));
  RpSearchPage *page = rp_home_page_get_search_page (home);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSearch) search = rp_search_open (rp_catalogue_get_path (catalogue), &error);
  SearchWatch watch = { home, search, 0 };

  g_assert_no_error (error);
  g_signal_connect (page, "results-shown", G_CALLBACK (check_results_are_current), &watch);
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        rp_home_page_set_search_text (home, typed[i]);
        for (guint turn = 0; turn < (i + round) % 3; turn++)
          g_main_context_iteration (NULL, FALSE);
      }
  rp_test_ui_wait_for_search (home);
  g_assert_cmpuint (watch.n_checked, >, 0);
  check_results_are_current (page, &watch);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  rp_test_ui_settle (400);
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_TOGGLE_BUTTON, rp_test_ui_has_class, "rp-facet-chip"));

  /* Clearing the box clears the page at once; nothing arrives later. */
  rp_home_page_set_search_text (home, "垃圾分类");
  rp_home_page_set_search_text (home, "");
  g_assert_false (rp_search_page_is_searching (page));
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), ==, 0);
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), ==, 0);
  g_signal_handlers_disconnect_by_data (page, &watch);
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-search-page-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/SearchPage/search", test_search);
  g_test_add_func ("/ReadingPoint/SearchPage/keeps-up-with-typing", test_search_keeps_up_with_typing);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
