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
#include <string.h>

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

static gboolean
osk_shown (gpointer win)
{
  return rp_visit_is_osk_shown (rp_window_get_visit (win));
}

static gboolean
osk_hidden (gpointer win)
{
  return !osk_shown (win);
}

/* Shown and done sliding in: what a resident sees and touches. */
static gboolean
osk_settled (gpointer win)
{
  RpOsk *osk = rp_visit_get_osk (rp_window_get_visit (win));
  GtkWidget *revealer = gtk_widget_get_parent (GTK_WIDGET (osk));

  return osk_shown (win) && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) &&
         !gtk_widget_should_layout (GTK_WIDGET (win));
}

static gboolean
has_no_results (gpointer home)
{
  return rp_home_page_get_n_search_results (home) == 0;
}

/* @widget's rectangle in @win's coordinates. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *win)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, win, &bounds));
  return bounds;
}

static void
open_keyboard (RpWindow *win)
{
  gtk_widget_grab_focus (rp_home_page_get_search_entry (rp_test_ui_home_page (win)));
  rp_test_ui_wait_until (osk_settled, win, "the keyboard is up");
}

static void
type_keys (RpOsk      *osk,
           const char *letters)
{
  for (const char *c = letters; *c; c++)
    {
      char letter[2] = { *c, 0 };
      const char *label = *c == '\b' ? "⌫" : *c == ' ' ? _("Space") : letter;

      rp_test_ui_press (osk_key (osk, label));
    }
}

/* Chinese input, whatever the interface language started it in. */
static void
use_chinese (RpOsk *osk)
{
  if (rp_osk_get_latin (osk))
    rp_test_ui_press (osk_key (osk, "英"));
  g_assert_false (rp_osk_get_latin (osk));
  g_assert_nonnull (osk_key (osk, "中"));
}

/* Touches the candidate @text, paging on to it. */
static void
choose (RpOsk      *osk,
        const char *text)
{
  GtkWidget *key;

  while ((key = osk_key (osk, text)) == NULL)
    {
      GtkWidget *next = osk_key (osk, "›");

      g_assert_nonnull (next);
      g_assert_true (gtk_widget_is_sensitive (next));
      rp_test_ui_press (next);
    }
  rp_test_ui_press (key);
}

static int
position_of (RpOsk      *osk,
             const char *text)
{
  g_auto(GStrv) candidates = rp_osk_get_candidates (osk);

  for (guint i = 0; candidates[i] != NULL; i++)
    if (g_str_equal (candidates[i], text))
      return i;
  return -1;
}

static guint
n_candidates (RpOsk *osk)
{
  g_auto(GStrv) candidates = rp_osk_get_candidates (osk);

  return g_strv_length (candidates);
}

static gboolean
label_contains (GtkWidget    *widget,
                gconstpointer data)
{
  return strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* Issue 13: at 150 % in high contrast the keyboard left a resident no way
 * out, covered the search box and its results, and moved its keys when
 * candidates appeared. */
static void
test_kiosk_osk_way_out (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpVisit *visit = rp_window_get_visit (win);
  RpHomePage *home = rp_test_ui_home_page (win);
  RpOsk *osk = rp_visit_get_osk (visit);
  GtkWidget *back = rp_test_ui_find_button (GTK_WIDGET (win), "nav.back", NULL);
  GtkWidget *home_button = rp_test_ui_find_button (GTK_WIDGET (win), "nav.home", NULL);
  GtkWidget *entry = rp_home_page_get_search_entry (home);
  GtkWidget *scroller = rp_test_ui_find_widget (GTK_WIDGET (home), GTK_TYPE_SCROLLED_WINDOW, NULL, NULL);
  GtkWidget *row;
  graphene_rect_t key_before, key_after, field, view, keyboard, first;
  g_auto(GStrv) candidates = NULL;

  rp_visit_set_text_size (visit, 150);
  rp_visit_set_high_contrast (visit, TRUE);
  g_assert_false (gtk_widget_is_sensitive (back));
  g_assert_false (gtk_widget_is_sensitive (home_button));

  /* Back and Home stay usable while the keyboard is up. */
  open_keyboard (win);
  g_assert_true (gtk_widget_is_sensitive (back));
  g_assert_true (gtk_widget_is_sensitive (home_button));

  /* Candidates appearing do not move the keys. */
  use_chinese (osk);
  key_before = bounds_in (osk_key (osk, "q"), GTK_WIDGET (win));
  type_keys (osk, "laji");
  candidates = rp_osk_get_candidates (osk);
  g_assert_nonnull (candidates[0]);
  rp_test_ui_wait_until (has_results, home, "pinyin is searched");
  rp_test_ui_wait_until (osk_settled, win, "the keyboard is laid out");
  key_after = bounds_in (osk_key (osk, "q"), GTK_WIDGET (win));
  g_assert_cmpfloat (key_after.origin.y, ==, key_before.origin.y);
  g_assert_cmpfloat (key_after.size.height, ==, key_before.size.height);
  /* Nor does another page of them. */
  rp_test_ui_press (osk_key (osk, "›"));
  rp_test_ui_wait_until (osk_settled, win, "the keyboard is laid out");
  key_after = bounds_in (osk_key (osk, "q"), GTK_WIDGET (win));
  g_assert_cmpfloat (key_after.origin.y, ==, key_before.origin.y);

  /* The keyboard takes the bottom of the window, the page scrolls the box
   * into what is left, and the first result starts in sight under it. */
  /* The revealer is the keyboard's room in the window's column. */
  keyboard = bounds_in (gtk_widget_get_parent (GTK_WIDGET (osk)), GTK_WIDGET (win));
  view = bounds_in (scroller, GTK_WIDGET (win));
  field = bounds_in (entry, GTK_WIDGET (win));
  row = rp_test_ui_find_widget (GTK_WIDGET (home), GTK_TYPE_LIST_BOX_ROW, NULL, NULL);
  g_assert_nonnull (row);
  first = bounds_in (row, GTK_WIDGET (win));
  g_test_message ("keyboard %.0f px tall, page %.0f px, box at %.0f, first result at %.0f",
                  keyboard.size.height, view.size.height, field.origin.y, first.origin.y);
  g_assert_cmpfloat (view.origin.y + view.size.height, <=, keyboard.origin.y);
  g_assert_cmpfloat (field.origin.y, >=, view.origin.y);
  g_assert_cmpfloat (field.origin.y + field.size.height, <=, view.origin.y + view.size.height);
  g_assert_cmpfloat (first.origin.y + 48, <=, view.origin.y + view.size.height);
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "kiosk-osk-150");

  /* 搜索 keeps the text and its results and puts the keyboard away. */
  rp_test_ui_press (osk_key (osk, _("Search")));
  rp_test_ui_wait_until (osk_hidden, win, "搜索 hides the keyboard");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "laji");
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);

  /* 收起 puts it away too. */
  open_keyboard (win);
  rp_test_ui_press (osk_key (osk, _("Hide keyboard")));
  rp_test_ui_wait_until (osk_hidden, win, "收起 hides the keyboard");

  /* A search cleared leaves no candidates behind. */
  open_keyboard (win);
  use_chinese (osk);
  type_keys (osk, "lu");
  g_assert_cmpuint (n_candidates (osk), >, 0);
  rp_home_page_set_search_text (home, "");
  g_assert_cmpuint (n_candidates (osk), ==, 0);
  g_assert_cmpstr (rp_osk_get_composition (osk), ==, "");

  /* Back puts the keyboard away first, then leaves the search. */
  type_keys (osk, "lu");
  rp_test_ui_press (back);
  rp_test_ui_wait_until (osk_hidden, win, "Back hides the keyboard");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "lu");
  rp_test_ui_press (back);
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");
  rp_test_ui_wait_until (has_no_results, home, "Back leaves the search");
  g_assert_false (gtk_widget_is_sensitive (back));

  /* Home puts the keyboard away, clears the search, shows the top. */
  open_keyboard (win);
  type_keys (osk, "lu");
  rp_test_ui_press (home_button);
  rp_test_ui_wait_until (osk_hidden, win, "Home hides the keyboard");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");
  g_assert_cmpfloat (rp_home_page_get_scroll_position (home), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (home_button));
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

static void
test_kiosk_osk_pinyin (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpHomePage *home = rp_test_ui_home_page (win);
  RpOsk *osk = rp_visit_get_osk (rp_window_get_visit (win));
  GtkWidget *results = GTK_WIDGET (rp_home_page_get_search_page (home));
  int at;

  g_assert_nonnull (osk);
  g_assert_false (rp_visit_is_osk_shown (rp_window_get_visit (win)));
  open_keyboard (win);
  use_chinese (osk);

  /* Letters are a composition, shown in the bar, not typed into the box;
   * a word is offered for them, and they are searched. */
  type_keys (osk, "laji");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");
  g_assert_cmpstr (rp_osk_get_composition (osk), ==, "laji");
  g_assert_nonnull (rp_test_ui_find_widget (GTK_WIDGET (osk), GTK_TYPE_LABEL, rp_test_ui_label_is, "la'ji"));
  at = position_of (osk, "垃圾");
  g_assert_cmpint (at, >=, 0);
  g_assert_cmpint (at, <=, 1);
  rp_test_ui_wait_until (has_results, home, "the composition is searched");

  /* Backspace takes letters off the composition; none left, no candidates. */
  type_keys (osk, "\b\b\b\b");
  g_assert_cmpstr (rp_osk_get_composition (osk), ==, "");
  g_assert_cmpuint (n_candidates (osk), ==, 0);

  /* A phrase for the whole, and initials. */
  type_keys (osk, "lajifenlei");
  g_assert_cmpint (position_of (osk, "垃圾分类"), >=, 0);
  rp_test_ui_press (osk_key (osk, _("Clear")));
  g_assert_cmpuint (n_candidates (osk), ==, 0);
  type_keys (osk, "zfxxgk");
  g_assert_cmpint (position_of (osk, "政府信息公开"), ==, 0);
  choose (osk, "政府信息公开");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "政府信息公开");
  g_assert_cmpstr (rp_osk_get_composition (osk), ==, "");

  /* 清空 empties the box, the composition and the bar. */
  type_keys (osk, "lu");
  rp_test_ui_press (osk_key (osk, _("Clear")));
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");
  g_assert_cmpstr (rp_osk_get_composition (osk), ==, "");
  g_assert_cmpuint (n_candidates (osk), ==, 0);
  g_assert_null (osk_key (osk, "路"));
  rp_test_ui_wait_until (has_no_results, home, "a cleared box shows no results");

  /* 垃, then 圾 (38th for "ji" alone, first after 垃), then "fenlei"
   * still in pinyin: the garbage-sorting notice is found. */
  type_keys (osk, "la");
  choose (osk, "垃");
  type_keys (osk, "ji");
  g_assert_cmpint (position_of (osk, "圾"), ==, 0);
  choose (osk, "圾");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "垃圾");
  type_keys (osk, "fenlei");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "垃圾");
  rp_test_ui_wait_for_search (home);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  g_assert_nonnull (rp_test_ui_find_widget (results, GTK_TYPE_LABEL, label_contains, "垃圾分类收运时间"));
  rp_test_ui_screenshot_page (GTK_WIDGET (win), "osk-candidates");

  /* English input types letters into the box, the composition first. */
  rp_test_ui_press (osk_key (osk, "中"));
  g_assert_true (rp_osk_get_latin (osk));
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "垃圾fenlei");
  type_keys (osk, " 2025");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "垃圾fenlei 2025");
  g_assert_cmpuint (n_candidates (osk), ==, 0);
  use_chinese (osk);

  /* Focus elsewhere hides the keyboard, leaving the pinyin in the box. */
  type_keys (osk, "lu");
  gtk_window_set_focus (GTK_WINDOW (win), NULL);
  rp_test_ui_wait_until (osk_hidden, win, "the keyboard goes with the focus");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "垃圾fenlei 2025lu");
  g_assert_cmpstr (rp_osk_get_composition (osk), ==, "");
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
  g_test_add_func ("/ReadingPoint/Osk/way-out", test_kiosk_osk_way_out);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
