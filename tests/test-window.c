/* test-window.c — the window: home → category → entry → PDF → back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (tests/meson.build), once in Chinese and once in
 * English, and writes what it shows into RP_SCREENSHOT_DIR as
 * ui-PAGE-LANGUAGE.png.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-preview-prefetch.h"
#include "rp-render-helper-client.h"
#include "rp-qr-view.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

/* Touches the row of entry @id in the visible category list. */
static void
open_entry_from_list (GtkWidget  *window,
                      const char *id)
{
  GtkWidget *list_view = rp_test_ui_find_widget (window, GTK_TYPE_LIST_VIEW, NULL, NULL);
  GListModel *model;

  g_assert_nonnull (list_view);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (model, i);

      if (g_str_equal (rp_entry_get_id (entry), id))
        {
          g_signal_emit_by_name (list_view, "activate", i);
          rp_test_ui_settle (400);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_navigation (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, NULL);
  RpWindow *win = RP_WINDOW (window);
  GtkWidget *list_view;
  GtkWidget *tile;
  RpDocumentPage *document_page;
  g_autoptr(RpCategory) key = rp_catalogue_get_category (catalogue, "key");
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents",
                                                         rp_category_get_n_entries (key)),
                                            rp_category_get_n_entries (key));

  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  g_assert_cmpuint (rp_window_get_depth (win), ==, 0);
  /* The document page and its toolbar are built when a document is first
   * opened, not for the home screen a kiosk rests on (issue 19). */
  g_assert_null (rp_test_ui_find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL));
  /* Every top-level category is a tile, and the tile shows its count. */
  g_assert_nonnull (rp_test_ui_find_button (window, "nav.category", "org"));
  g_assert_nonnull (rp_test_ui_find_button (window, "nav.category", "guide"));
  tile = rp_test_ui_find_button (window, "nav.category", "key");
  g_assert_nonnull (rp_test_ui_find_widget (tile, GTK_TYPE_LABEL, rp_test_ui_label_is, "重点领域"));
  g_assert_nonnull (rp_test_ui_find_widget (tile, GTK_TYPE_LABEL, rp_test_ui_label_is, count));
  rp_test_ui_screenshot_page (window, "home");

  /* A category with sub-categories: chips and a list, newest first. */
  rp_test_ui_press (tile);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  g_assert_nonnull (rp_test_ui_find_button (window, "nav.category", "key-edu"));
  list_view = rp_test_ui_find_widget (window, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list_view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)))),
                    ==, rp_category_get_n_entries (key));
  rp_test_ui_screenshot_page (window, "category");

  /* Touching a row opens the entry. */
  g_signal_emit_by_name (list_view, "activate", 0);
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  g_assert_cmpuint (rp_window_get_depth (win), ==, 2);
  rp_test_ui_screenshot_page (window, "entry-body");

  /* The guide: an entry with a multi-page PDF. */
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.home", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.category", "guide"));
  open_entry_from_list (window, "QX-GUIDE-0001");
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_LABEL, rp_test_ui_label_is, "QX-GUIDE-0001"));
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_LABEL, rp_test_ui_label_is, _("Index number")));
  /* The online original, as a QR code to take away. */
  {
    g_autoptr(RpEntry) guide = rp_catalogue_get_entry (catalogue, "QX-GUIDE-0001", NULL);
    RpQrView *qr = RP_QR_VIEW (rp_test_ui_find_widget (window, RP_TYPE_QR_VIEW, NULL, NULL));

    g_assert_nonnull (qr);
    g_assert_nonnull (rp_entry_get_url (guide));
    g_assert_cmpstr (rp_qr_view_get_text (qr), ==, rp_entry_get_url (guide));
  }
  rp_test_ui_screenshot_page (window, "entry");

  rp_test_ui_press (rp_test_ui_find_button (window, "nav.attachment", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  document_page = RP_DOCUMENT_PAGE (rp_test_ui_find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL));
  /* The document opens and draws off the main thread (issue 5). */
  rp_test_ui_wait_for_document (document_page);
  g_assert_null (rp_document_page_get_error (document_page));
  g_assert_cmpuint (rp_document_page_get_n_pages (document_page), >=, 3);
  g_assert_cmpuint (rp_document_page_get_page (document_page), ==, 0);
  g_assert_nonnull (rp_document_page_get_paintable (document_page));
  rp_test_ui_screenshot_page (window, "document");

  rp_test_ui_press (rp_test_ui_find_button (window, "doc.next", NULL));
  g_assert_cmpuint (rp_document_page_get_page (document_page), ==, 1);
  rp_test_ui_screenshot_page (window, "document-page2");
  rp_test_ui_press (rp_test_ui_find_button (window, "doc.previous", NULL));
  g_assert_cmpuint (rp_document_page_get_page (document_page), ==, 0);

  /* Back, all the way home; leaving the document frees its pages. */
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  g_assert_null (rp_document_page_get_paintable (document_page));
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  g_assert_cmpuint (rp_window_get_depth (win), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (rp_test_ui_find_button (window, "nav.back", NULL)));

  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

static void
test_image_attachment (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, NULL);
  RpWindow *win = RP_WINDOW (window);
  RpDocumentPage *page;

  rp_test_ui_press (rp_test_ui_find_button (window, "nav.category", "interp"));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  /* The graphic interpretation of the enrolment policy. */
  open_entry_from_list (window, "QX-2026-00037");
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.attachment", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  page = RP_DOCUMENT_PAGE (rp_test_ui_find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL));
  rp_test_ui_wait_for_document (page);
  g_assert_null (rp_document_page_get_error (page));
  g_assert_true (GDK_IS_TEXTURE (rp_document_page_get_paintable (page)));
  rp_test_ui_screenshot_page (window, "image");
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

static void
test_translated_chrome (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, NULL);
  const char *expected = g_str_has_prefix (rp_test_ui_start_language (), "zh_CN") ? "返回"
                         : g_str_has_prefix (rp_test_ui_start_language (), "zh_TW") ? "返回"
                         : "Back";

  GtkWidget *kiosk;

  /* The desktop's Back is an icon in the header bar (issue 16): its
   * tooltip says it; the kiosk's top bar says it in words. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (rp_test_ui_find_button (window, "nav.back", NULL)), ==, expected);
  rp_test_ui_destroy_window (GTK_WIDGET (window));
  kiosk = rp_test_ui_show_window (TRUE, catalogue, NULL);
  g_assert_nonnull (rp_test_ui_find_widget (kiosk, GTK_TYPE_LABEL, rp_test_ui_label_is, expected));
  rp_test_ui_destroy_window (kiosk);
}

static void
test_kiosk_window_refuses_close (void)
{
  GtkWidget *window = rp_test_ui_new_window (TRUE, catalogue, NULL);

  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  g_assert_true (rp_window_is_kiosk (RP_WINDOW (window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_null (gtk_window_get_titlebar (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  g_assert_true (gtk_widget_get_visible (window));
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

/* Issue 19: a category opened from a scrolled-down category (a chip)
 * starts at its top without GtkListView's "failed to scroll to given
 * position" (the list had been scrolled against rows not laid out yet). */
static void
test_category_from_scrolled_category (void)
{
  GtkWidget *window = rp_test_ui_show_window (TRUE, catalogue, NULL);
  GtkWidget *list_view;
  GtkAdjustment *adjustment;

  gtk_widget_activate_action (window, "nav.category", "s", "key");
  rp_test_ui_settle (400);
  list_view = rp_test_ui_find_widget (window, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list_view);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  rp_test_ui_settle (400);

  rp_test_ui_press (rp_test_ui_find_button (window, "nav.category", "key-edu"));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "category");
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  rp_test_ui_destroy_window (window);
}

typedef struct
{
  GtkWidget     *window;
  const char    *page;
  GtkAdjustment *adjustment;
  double         value;
} ScrolledBack;

/* The page is shown again and scrolled back to where it was left. */
static gboolean
scrolled_back (gpointer data)
{
  ScrolledBack *back = data;

  return g_strcmp0 (rp_window_get_page_name (RP_WINDOW (back->window)), back->page) == 0 &&
         G_APPROX_VALUE (gtk_adjustment_get_value (back->adjustment), back->value, 1.0);
}

/* Scrolls @adjustment halfway down and returns where it ended. */
static double
scroll_halfway (GtkAdjustment *adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  g_assert_cmpfloat (end, >, 100);
  gtk_adjustment_set_value (adjustment, end / 2);
  rp_test_ui_settle (400);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 50);
  return gtk_adjustment_get_value (adjustment);
}

/* Issue 13: back from an entry returns to where the resident was in the
 * list, not to its top. */
static void
test_back_from_entry_keeps_list_scroll (void)
{
  GtkWidget *window = rp_test_ui_show_window (TRUE, catalogue, NULL);
  GtkWidget *list_view;
  ScrolledBack back = { window, "category", NULL, 0 };
  GListModel *model;
  g_autoptr(RpEntry) entry = NULL;

  gtk_widget_activate_action (window, "nav.category", "s", "key");
  rp_test_ui_settle (400);
  list_view = rp_test_ui_find_widget (window, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list_view);
  back.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  back.value = scroll_halfway (back.adjustment);

  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  entry = g_list_model_get_item (model, g_list_model_get_n_items (model) / 2);
  open_entry_from_list (window, rp_entry_get_id (entry));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "entry");
  gtk_widget_activate_action (window, "nav.back", NULL);
  rp_test_ui_wait_until (scrolled_back, &back, "the list is back where it was");
  /* …and stays there once laid out. */
  rp_test_ui_settle (400);
  g_assert_true (scrolled_back (&back));
  rp_test_ui_destroy_window (window);
}

/* Issue 13: back from a document returns to where the resident was on the
 * entry page, not to its top. */
static void
test_back_from_document_keeps_entry_scroll (void)
{
  GtkWidget *window = rp_test_ui_show_window (TRUE, catalogue, NULL);
  RpWindow *win = RP_WINDOW (window);
  GtkWidget *scroller;
  ScrolledBack back = { window, "entry", NULL, 0 };

  /* Large text: the entry is taller than the window. */
  rp_visit_set_text_size (rp_window_get_visit (win), 150);
  gtk_widget_activate_action (window, "nav.entry", "s", "QX-GUIDE-0001");
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  scroller = rp_test_ui_find_widget (rp_window_get_page (win, "entry"), GTK_TYPE_SCROLLED_WINDOW, NULL, NULL);
  back.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  back.value = scroll_halfway (back.adjustment);

  gtk_widget_activate_action (window, "nav.attachment", "(su)", "QX-GUIDE-0001", 0);
  rp_test_ui_wait_for_document (RP_DOCUMENT_PAGE (rp_window_get_page (win, "document")));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  gtk_widget_activate_action (window, "nav.back", NULL);
  rp_test_ui_wait_until (scrolled_back, &back, "the entry is back where it was");
  rp_test_ui_settle (400);
  g_assert_true (scrolled_back (&back));

  /* A new entry still starts at its top. */
  gtk_widget_activate_action (window, "nav.home", NULL);
  gtk_widget_activate_action (window, "nav.entry", "s", "QX-GUIDE-0001");
  rp_test_ui_settle (400);
  g_assert_cmpfloat (gtk_adjustment_get_value (back.adjustment), ==, 0);
  rp_test_ui_destroy_window (window);
}

static gboolean
preview_and_spare_ready (gpointer data)
{
  return rp_preview_prefetch_peek () != NULL && rp_render_helper_get_spare_pid () != 0;
}

/* Issue 14, the way a resident reaches it: a terminal installed by the
 * timer's command (which draws the previews), the entry shown, then a
 * touch's tap on its document's card. While the entry shows, its preview
 * is decoded and a render helper started; the tap shows that very texture
 * and the document is drawn by that helper; the wipe leaves none. */
static void
test_document_tap_uses_prefetch (void)
{
  g_autofree char *dir = rp_test_make_dir ("window-prefetch");
  g_autofree char *errors = NULL;
  g_autoptr(RpDataDir) terminal = NULL;
  g_autoptr(RpCatalogue) installed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) prefetched = NULL;
  GtkWidget *window, *button;
  RpWindow *win;
  RpDocumentPage *page;
  GPid spare;

  g_assert_nonnull (g_getenv ("RP_ADMIN"));
  if (rp_test_run (NULL, &errors, g_getenv ("RP_ADMIN"), "--data-dir", dir, "sync", "--origin",
                   g_getenv ("READINGPOINT_DEMO_ORIGIN"), "--public-key", g_getenv ("READINGPOINT_DEMO_KEY"), NULL) != 0)
    g_error ("readingpoint-admin sync: %s", errors);
  terminal = rp_data_dir_new (dir);
  installed = rp_data_dir_open_catalogue (terminal, &error);
  g_assert_no_error (error);

  window = rp_test_ui_show_window (TRUE, installed, terminal);
  win = RP_WINDOW (window);
  gtk_widget_activate_action (window, "nav.entry", "s", "QX-GUIDE-0001");
  rp_test_ui_wait_until (preview_and_spare_ready, NULL, "the entry's preview decoded and a helper started");
  prefetched = g_object_ref (rp_preview_prefetch_peek ());
  spare = rp_render_helper_get_spare_pid ();

  button = rp_test_ui_find_button (rp_window_get_page (win, "entry"), "nav.attachment", NULL);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked"); /* a touch's tap */
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  page = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  g_assert_true (rp_document_page_get_paintable (page) == GDK_PAINTABLE (prefetched));
  rp_test_ui_wait_for_document (page);
  /* Adopted: the slot is empty and the spare's process draws the page. */
  g_assert_cmpint (rp_render_helper_get_spare_pid (), ==, 0);
  g_assert_cmpint (kill (spare, 0), ==, 0);

  /* The next entry starts another; the wipe ends it. */
  gtk_widget_activate_action (window, "nav.home", NULL);
  gtk_widget_activate_action (window, "nav.entry", "s", "QX-GUIDE-0001");
  rp_test_ui_wait_until (preview_and_spare_ready, NULL, "a helper started for the next tap");
  spare = rp_render_helper_get_spare_pid ();
  rp_visit_reset (rp_window_get_visit (rp_test_ui_shown_window ()));
  g_assert_cmpint (rp_render_helper_get_spare_pid (), ==, 0);
  g_assert_cmpint (kill (spare, 0), ==, -1);
  rp_test_ui_settle (300);
  g_assert_null (rp_preview_prefetch_peek ());
  rp_test_ui_destroy_window (GTK_WIDGET (rp_test_ui_shown_window ()));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-window-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/Window/navigation", test_navigation);
  g_test_add_func ("/ReadingPoint/Window/image-attachment", test_image_attachment);
  g_test_add_func ("/ReadingPoint/Window/translated-chrome", test_translated_chrome);
  g_test_add_func ("/ReadingPoint/Window/kiosk-refuses-close", test_kiosk_window_refuses_close);
  g_test_add_func ("/ReadingPoint/Window/category-from-scrolled-category", test_category_from_scrolled_category);
  g_test_add_func ("/ReadingPoint/Window/back-from-entry-keeps-list-scroll", test_back_from_entry_keeps_list_scroll);
  g_test_add_func ("/ReadingPoint/Window/back-from-document-keeps-entry-scroll",
                   test_back_from_document_keeps_entry_scroll);
  g_test_add_func ("/ReadingPoint/Window/document-tap-uses-prefetch", test_document_tap_uses_prefetch);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
