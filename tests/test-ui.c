/* test-ui.c — the window in a real display: home → category → entry → PDF → back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (see tests/meson.build). Writes a PNG of every page it
 * visits into RP_SCREENSHOT_DIR, named after the page and the language.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "rp-category-page.h"
#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-qr-view.h"
#include "rp-home-page.h"
#include "rp-snapshot.h"
#include "rp-style.h"
#include "rp-test-util.h"
#include "rp-window.h"

static RpCatalogue *catalogue;
static const char *language;

/* Lets GTK lay out and paint: a few frames' worth of main-loop turns. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 400 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshot (GtkWidget  *window,
            const char *page)
{
  const char *dir = g_getenv ("RP_SCREENSHOT_DIR");
  g_autofree char *name = g_strdup_printf ("ui-%s-%s.png", page, language);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  settle ();
  rp_widget_save_png (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* The first descendant of @root of @type for which @match returns TRUE. */
typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget    *root,
             GType         type,
             Match         match,
             gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_get_mapped (child) && G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (match == NULL || match (child, data)))
        return child;
      if ((found = find_widget (child, type, match, data)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_action (GtkWidget    *widget,
            gconstpointer data)
{
  const char *const *want = data; /* { action, target-string or NULL } */
  const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
  GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

  if (g_strcmp0 (action, want[0]) != 0)
    return FALSE;
  if (want[1] == NULL)
    return TRUE;
  return target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
         g_str_equal (g_variant_get_string (target, NULL), want[1]);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action,
             const char *target)
{
  const char *want[] = { action, target };
  return find_widget (root, GTK_TYPE_BUTTON, has_action, want);
}

static gboolean
label_is (GtkWidget    *widget,
          gconstpointer data)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static void
press (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  settle ();
}

/* Until the document page has opened its attachment and has something on
 * screen: opening and drawing happen off the main thread (issue 5). */
static void
wait_for_document (RpDocumentPage *page)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (page);
  while ((!rp_document_page_is_loaded (page) ||
          (rp_document_page_get_error (page) == NULL && rp_document_page_get_paintable (page) == NULL)) &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  settle ();
}

/* Touches the row of entry @id in the visible category list. */
static void
open_entry_from_list (GtkWidget  *window,
                      const char *id)
{
  GtkWidget *list_view = find_widget (window, GTK_TYPE_LIST_VIEW, NULL, NULL);
  GListModel *model;

  g_assert_nonnull (list_view);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (model, i);

      if (g_str_equal (rp_entry_get_id (entry), id))
        {
          g_signal_emit_by_name (list_view, "activate", i);
          settle ();
          return;
        }
    }
  g_assert_not_reached ();
}

static GtkWidget *
new_window (void)
{
  GtkWidget *window = rp_window_new (NULL, FALSE);

  rp_style_init (gtk_widget_get_display (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  rp_window_set_catalogue (RP_WINDOW (window), catalogue);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  return window;
}

static void
test_navigation (void)
{
  GtkWidget *window = new_window ();
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
  /* Every top-level category is a tile, and the tile shows its count. */
  g_assert_nonnull (find_button (window, "nav.category", "org"));
  g_assert_nonnull (find_button (window, "nav.category", "guide"));
  tile = find_button (window, "nav.category", "key");
  g_assert_nonnull (find_widget (tile, GTK_TYPE_LABEL, label_is, "重点领域"));
  g_assert_nonnull (find_widget (tile, GTK_TYPE_LABEL, label_is, count));
  screenshot (window, "home");

  /* A category with sub-categories: chips and a list, newest first. */
  press (tile);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  g_assert_nonnull (find_button (window, "nav.category", "key-edu"));
  list_view = find_widget (window, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list_view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)))),
                    ==, rp_category_get_n_entries (key));
  screenshot (window, "category");

  /* Touching a row opens the entry. */
  g_signal_emit_by_name (list_view, "activate", 0);
  settle ();
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  g_assert_cmpuint (rp_window_get_depth (win), ==, 2);
  screenshot (window, "entry-body");

  /* The guide: an entry with a multi-page PDF. */
  press (find_button (window, "nav.home", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  press (find_button (window, "nav.category", "guide"));
  open_entry_from_list (window, "QX-GUIDE-0001");
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  g_assert_nonnull (find_widget (window, GTK_TYPE_LABEL, label_is, "QX-GUIDE-0001"));
  g_assert_nonnull (find_widget (window, GTK_TYPE_LABEL, label_is, _("Index number")));
  /* The online original, as a QR code to take away. */
  {
    g_autoptr(RpEntry) guide = rp_catalogue_get_entry (catalogue, "QX-GUIDE-0001", NULL);
    RpQrView *qr = RP_QR_VIEW (find_widget (window, RP_TYPE_QR_VIEW, NULL, NULL));

    g_assert_nonnull (qr);
    g_assert_nonnull (rp_entry_get_url (guide));
    g_assert_cmpstr (rp_qr_view_get_text (qr), ==, rp_entry_get_url (guide));
  }
  screenshot (window, "entry");

  press (find_button (window, "nav.attachment", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  document_page = RP_DOCUMENT_PAGE (find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL));
  /* The document opens and draws off the main thread (issue 5). */
  wait_for_document (document_page);
  g_assert_null (rp_document_page_get_error (document_page));
  g_assert_cmpuint (rp_document_page_get_n_pages (document_page), >=, 3);
  g_assert_cmpuint (rp_document_page_get_page (document_page), ==, 0);
  g_assert_nonnull (rp_document_page_get_paintable (document_page));
  screenshot (window, "document");

  press (find_button (window, "doc.next", NULL));
  g_assert_cmpuint (rp_document_page_get_page (document_page), ==, 1);
  screenshot (window, "document-page2");
  press (find_button (window, "doc.previous", NULL));
  g_assert_cmpuint (rp_document_page_get_page (document_page), ==, 0);

  /* Back, all the way home; leaving the document frees its pages. */
  press (find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  g_assert_null (rp_document_page_get_paintable (document_page));
  press (find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  press (find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  g_assert_cmpuint (rp_window_get_depth (win), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (find_widget (window, GTK_TYPE_BUTTON, has_action,
                                                        (const char *[]) { "nav.back", NULL })));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_image_attachment (void)
{
  GtkWidget *window = new_window ();
  RpWindow *win = RP_WINDOW (window);
  RpDocumentPage *page;

  press (find_button (window, "nav.category", "interp"));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  /* The graphic interpretation of the enrolment policy. */
  open_entry_from_list (window, "QX-2026-00037");
  press (find_button (window, "nav.attachment", NULL));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  page = RP_DOCUMENT_PAGE (find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL));
  wait_for_document (page);
  g_assert_null (rp_document_page_get_error (page));
  g_assert_true (GDK_IS_TEXTURE (rp_document_page_get_paintable (page)));
  screenshot (window, "image");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_translated_chrome (void)
{
  GtkWidget *window = new_window ();
  const char *expected = g_str_has_prefix (language, "zh_CN") ? "返回"
                         : g_str_has_prefix (language, "zh_TW") ? "返回"
                         : "Back";

  g_assert_nonnull (find_widget (window, GTK_TYPE_LABEL, label_is, expected));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_kiosk_window_refuses_close (void)
{
  GtkWidget *window = rp_window_new (NULL, TRUE);

  rp_window_set_catalogue (RP_WINDOW (window), catalogue);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  g_assert_true (rp_window_is_kiosk (RP_WINDOW (window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_null (gtk_window_get_titlebar (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  settle ();
  g_assert_true (gtk_widget_get_visible (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The GtkListBoxRow of the @index-th search result shown. */
static GtkListBoxRow *
search_row (GtkWidget *window,
            guint      index)
{
  GtkWidget *list = find_widget (window, GTK_TYPE_LIST_BOX, NULL, NULL);

  g_assert_nonnull (list);
  g_assert_true (gtk_widget_has_css_class (list, "rp-search-results"));
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);
}

static void
test_search (void)
{
  GtkWidget *window = new_window ();
  RpWindow *win = RP_WINDOW (window);
  RpHomePage *home = RP_HOME_PAGE (find_widget (window, RP_TYPE_HOME_PAGE, NULL, NULL));
  GtkListBoxRow *row;
  RpSearchResult *hit = NULL;

  g_assert_nonnull (home);
  /* Two characters, found in titles, keywords and full text. */
  rp_home_page_set_search_text (home, "路灯");
  settle ();
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  screenshot (window, "search-2char");

  /* Pinyin initials of 垃圾分类. */
  rp_home_page_set_search_text (home, "ljfl");
  settle ();
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  screenshot (window, "search-pinyin");

  /* A title hit opens the entry. */
  row = search_row (window, 0);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  settle ();
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  gtk_widget_activate_action (window, "nav.back", NULL);
  settle ();

  /* A PDF hit opens the document at its page. */
  rp_home_page_set_search_text (home, "指导思想");
  settle ();
  for (guint i = 0; (row = search_row (window, i)) != NULL; i++)
    {
      hit = g_object_get_data (G_OBJECT (row), "rp-result");
      if (rp_search_result_get_page (hit) > 1)
        break;
    }
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  settle ();
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  g_assert_cmpuint (rp_document_page_get_page (RP_DOCUMENT_PAGE (find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL))),
                    ==, rp_search_result_get_page (hit) - 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_path = NULL;
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("READINGPOINT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  language = g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C";

  gtk_test_init (&argc, &argv, NULL);

  data_path = rp_test_make_dir ("ui-terminal");
  data_dir = rp_data_dir_new (data_path);
  catalogue = rp_data_dir_ensure_catalogue (data_dir, rp_test_demo_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/ReadingPoint/UI/navigation", test_navigation);
  g_test_add_func ("/ReadingPoint/UI/image-attachment", test_image_attachment);
  g_test_add_func ("/ReadingPoint/UI/translated-chrome", test_translated_chrome);
  g_test_add_func ("/ReadingPoint/UI/kiosk-window-refuses-close", test_kiosk_window_refuses_close);
  g_test_add_func ("/ReadingPoint/UI/search", test_search);

  status = g_test_run ();
  g_clear_object (&catalogue);
  return status;
}
