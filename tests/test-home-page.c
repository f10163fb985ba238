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

/* Every mapped button under @root lies inside @window: nothing to touch
 * is off-screen. Returns how many were checked. */
static guint
assert_buttons_on_screen (GtkWidget *root,
                          GtkWidget *window)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_MENU_BUTTON (child))
        {
          g_assert_true (gtk_widget_compute_bounds (child, window, &bounds));
          if (bounds.origin.x < 0 || bounds.origin.y < 0 ||
              bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) ||
              bounds.origin.y + bounds.size.height > gtk_widget_get_height (window))
            g_error ("%s at %.0f,%.0f %.0f×%.0f is off a %d×%d screen", G_OBJECT_TYPE_NAME (child),
                     bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                     gtk_widget_get_width (window), gtk_widget_get_height (window));
          n++;
        }
      n += assert_buttons_on_screen (child, window);
    }
  return n;
}

static gboolean
has_visible_word (GtkWidget    *widget,
                  gconstpointer data)
{
  GtkWidget *word = rp_test_ui_find_widget (widget, GTK_TYPE_LABEL, NULL, NULL);

  return word != NULL && *gtk_label_get_text (GTK_LABEL (word)) != '\0';
}

static gboolean
page_is (gpointer data)
{
  RpDocumentPage *page = data;

  return rp_document_page_get_page (page) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "want"));
}

/* Issue 13: at 150 % the document toolbar was wider than the screen, its
 * tools were icons without words, and the go-to-page popover closed at
 * the first tap on the keyboard. */
static void
test_kiosk_document_tools (void)
{
  RpWindow *win = RP_WINDOW (rp_test_ui_show_window (TRUE, catalogue, NULL));
  RpVisit *visit = rp_window_get_visit (win);
  RpDocumentPage *document = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  const guint sizes[] = { 100, 125, 150 };
  GtkWidget *pager, *page_button, *popover, *tool;
  const char *tool_actions[] = { "doc.zoom-out", "doc.zoom-in", "doc.fit-width", "doc.fit-page" };

  gtk_widget_activate_action (GTK_WIDGET (win), "nav.attachment", "(su)", "QX-GUIDE-0001", 0);
  rp_test_ui_wait_for_document (document);
  g_assert_cmpuint (rp_document_page_get_n_pages (document), >, 1);
  pager = rp_test_ui_find_widget (GTK_WIDGET (document), GTK_TYPE_WIDGET, rp_test_ui_has_class, "rp-pager");
  g_assert_nonnull (pager);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *shot = g_strdup_printf ("kiosk-document-%u", sizes[i]);
      guint n_tools = 0;

      rp_visit_set_text_size (visit, sizes[i]);
      rp_visit_set_high_contrast (visit, sizes[i] == 150);
      rp_test_ui_settle (400);
      g_test_message ("%u %%: %u toolbar buttons on screen", sizes[i], assert_buttons_on_screen (pager, GTK_WIDGET (win)));
      /* Every tool says in words what it does. */
      for (guint t = 0; t < G_N_ELEMENTS (tool_actions); t++)
        {
          tool = rp_test_ui_find_button (pager, tool_actions[t], NULL);
          g_assert_nonnull (tool);
          g_assert_true (has_visible_word (tool, NULL));
        }
      /* …the toggles (one page, thumbnails, find) among them. */
      for (tool = gtk_widget_get_first_child (gtk_widget_get_parent (rp_test_ui_find_button (pager, "doc.zoom-in", NULL)));
           tool; tool = gtk_widget_get_next_sibling (tool))
        if (GTK_IS_BUTTON (tool) && gtk_widget_get_mapped (tool))
          {
            g_assert_true (has_visible_word (tool, NULL));
            n_tools++;
          }
      g_assert_cmpuint (n_tools, ==, 7);
      rp_test_ui_screenshot_page (GTK_WIDGET (win), shot);
    }

  /* Go to page: a number pad; the on-screen keyboard never comes up. */
  page_button = rp_test_ui_find_widget (pager, GTK_TYPE_MENU_BUTTON, NULL, NULL);
  g_assert_nonnull (page_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (page_button));
  rp_test_ui_settle (400);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (page_button)));
  g_assert_true (gtk_widget_get_visible (popover));
  rp_test_ui_press (rp_test_ui_find_button (popover, "doc.jump-digit", "9"));
  rp_test_ui_press (rp_test_ui_find_button (popover, "doc.jump-erase", NULL));
  rp_test_ui_press (rp_test_ui_find_button (popover, "doc.jump-digit", "2"));
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_false (rp_visit_is_osk_shown (visit));
  /* The popover is a surface of its own: drawn by itself. */
  rp_test_ui_screenshot_page (popover, "kiosk-document-jump-150");
  rp_test_ui_press (rp_test_ui_find_button (popover, "doc.jump-go", NULL));
  g_object_set_data (G_OBJECT (document), "want", GUINT_TO_POINTER (1));
  rp_test_ui_wait_until (page_is, document, "Go opens page 2");
  g_assert_false (gtk_widget_get_visible (popover));

  rp_test_ui_destroy_window (GTK_WIDGET (win));
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
  g_test_add_func ("/ReadingPoint/HomePage/document-tools", test_kiosk_document_tools);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
