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
#include "rp-entry-page.h"
#include "rp-qr-view.h"
#include "rp-home-page.h"
#include "rp-kiosk-guard.h"
#include "rp-pdf-view.h"
#include "rp-visit.h"
#include "rp-style.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;
static char *data_path;
static const char *language;

static void
screenshot (GtkWidget  *window,
            const char *page)
{
  g_autofree char *name = g_strdup_printf ("ui-%s-%s.png", page, language);

  rp_test_ui_screenshot (window, name);
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
  rp_test_ui_settle (400);
}

/* Until the document page has opened its attachment and has something on
 * screen: opening and drawing happen off the main thread (issue 5). */
static void
wait_for_document (RpDocumentPage *page)
{
  gint64 until = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  g_assert_nonnull (page);
  while ((!rp_document_page_is_loaded (page) ||
          (rp_document_page_get_error (page) == NULL && rp_document_page_get_paintable (page) == NULL)) &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  rp_test_ui_settle (400);
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
          rp_test_ui_settle (400);
          return;
        }
    }
  g_assert_not_reached ();
}

static GtkWidget *
new_window_kiosk (gboolean kiosk)
{
  GtkWidget *window = rp_test_ui_new_window (kiosk, catalogue, NULL);

  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  return window;
}

static GtkWidget *
new_window (void)
{
  return new_window_kiosk (FALSE);
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
  rp_test_ui_settle (400);
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

static gboolean
label_contains (GtkWidget    *widget,
                gconstpointer data)
{
  return gtk_widget_get_visible (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* The provenance names the signed bundle of the catalogue shown, read
 * once: a bundle installed meanwhile is not what the resident reads until
 * the next return home. */
static void
test_entry_provenance_of_shown_catalogue (void)
{
  g_autofree char *path = rp_test_make_dir ("ui-provenance");
  g_autoptr(RpDataDir) dd = rp_data_dir_new (path);
  g_autoptr(RpCatalogue) shown = NULL;
  g_autoptr(RpEntry) guide = NULL, other = NULL;
  g_autoptr(RpMinisignKey) demo_key = NULL;
  g_autofree char *key_id = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  RpEntryPage *page = g_object_new (RP_TYPE_ENTRY_PAGE, NULL);

  g_assert_true (rp_demo_install_if_empty (dd, &error));
  g_assert_no_error (error);
  shown = rp_data_dir_open_catalogue (dd, &error);
  g_assert_no_error (error);
  demo_key = rp_minisign_key_load (rp_demo_get_public_key (), &error);
  g_assert_no_error (error);
  key_id = rp_minisign_key_get_id (demo_key);
  guide = rp_catalogue_get_entry (shown, "QX-GUIDE-0001", NULL);
  other = rp_catalogue_get_entry (shown, "QX-2026-00011", NULL);
  g_assert_nonnull (guide);
  g_assert_nonnull (other);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  rp_entry_page_set_data_dir (page, dd);
  rp_entry_page_show (page, shown, guide);
  rp_test_ui_settle (100);
  g_assert_nonnull (find_widget (window, GTK_TYPE_LABEL, label_contains, key_id));

  /* Another bundle becomes current while this catalogue is on screen. */
  g_assert_true (rp_data_dir_set_current (dd, "demo-2", &error));
  g_assert_no_error (error);
  rp_entry_page_show (page, shown, other);
  rp_test_ui_settle (100);
  g_assert_nonnull (find_widget (window, GTK_TYPE_LABEL, label_contains, key_id));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 6: attachment thumbnails, drawn on demand into the preview cache. */

typedef gboolean (*Until) (GtkWidget *widget);

static void
wait_for (GtkWidget  *widget,
          Until       until,
          const char *what)
{
  rp_test_ui_wait_until ((gboolean (*) (gpointer)) until, widget, what);
}

static GtkWidget *
thumbnail_picture (GtkWidget *button)
{
  return find_widget (button, GTK_TYPE_PICTURE, NULL, NULL);
}

static gboolean
has_thumbnail (GtkWidget *button)
{
  return thumbnail_picture (button) != NULL;
}

static gboolean
is_damaged (GtkWidget *frame)
{
  return gtk_widget_has_css_class (frame, "rp-attachment-damaged");
}

static char *
cached_thumbnail (RpAttachment *attachment)
{
  g_autofree char *cache = rp_preview_cache_dir_for_object (rp_attachment_get_local_path (attachment));

  return rp_preview_cache_lookup (cache, rp_attachment_get_sha256 (attachment), rp_attachment_get_size (attachment),
                                  0, TRUE);
}

static char *
cached_failure (RpAttachment *attachment)
{
  g_autofree char *cache = rp_preview_cache_dir_for_object (rp_attachment_get_local_path (attachment));

  return rp_preview_cache_lookup_failure (cache, rp_attachment_get_sha256 (attachment),
                                          rp_attachment_get_size (attachment));
}

static void
wait_for_file (RpAttachment *attachment,
               char        *(*lookup) (RpAttachment *))
{
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  char *found;

  /* Written by a thread after the thumbnail is on screen. */
  while ((found = lookup (attachment)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (found);
  g_free (found);
}

static RpAttachment *
first_attachment (RpCatalogue *from,
                  const char  *id)
{
  g_autoptr(RpEntry) entry = rp_catalogue_get_entry (from, id, NULL);

  g_assert_nonnull (entry);
  return g_list_model_get_item (rp_entry_get_attachments (entry), 0);
}

/* Opens entry @id, without letting the main loop run; returns its first
 * attachment's button. */
static GtkWidget *
open_entry (GtkWidget  *window,
            const char *id)
{
  GtkWidget *button;

  g_assert_true (gtk_widget_activate_action (window, "nav.entry", "s", id));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "entry");
  button = find_button (window, "nav.attachment", NULL);
  g_assert_nonnull (button);
  return button;
}

/* Scrolls the page so that @widget is near the top, for a screenshot. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  double x, y;

  g_assert_nonnull (scroller);
  /* Laid out first: the adjustment clamps to the size it knows. */
  rp_test_ui_settle (200);
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), y - 200);
  rp_test_ui_settle (200);
}

static void
measure (GtkWidget *widget,
         int        size[4])
{
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &size[0], &size[1], NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &size[2], &size[3], NULL, NULL);
}

static void
test_attachment_thumbnails (void)
{
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (data_path);
  g_autoptr(RpAttachment) pdf = first_attachment (catalogue, "QX-GUIDE-0001");
  g_autoptr(RpAttachment) image = first_attachment (catalogue, "QX-2026-00037");
  g_autoptr(RpDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumb_path = NULL;
  GtkWidget *window;
  GtkWidget *button;
  GtkWidget *frame;
  GdkPaintable *paintable;
  cairo_surface_t *png;
  int placeholder[4], drawn[4];
  double w_pt, h_pt;
  int image_width = 0;

  /* From an empty preview cache: nothing is drawn at install time. */
  g_assert_true (rp_remove_tree (cache, NULL));
  g_assert_null (cached_thumbnail (pdf));

  window = new_window ();
  button = open_entry (window, "QX-GUIDE-0001");
  /* The page is there at once, with a placeholder of the thumbnail's size:
   * the render is delivered by the main loop, which has not run. */
  frame = find_widget (button, GTK_TYPE_FRAME, NULL, NULL);
  g_assert_nonnull (frame);
  g_assert_null (thumbnail_picture (button));
  measure (frame, placeholder);
  g_assert_cmpint (placeholder[0], ==, 72);
  g_assert_cmpint (placeholder[2], ==, 96);

  wait_for (button, has_thumbnail, "the PDF's thumbnail is drawn");
  paintable = gtk_picture_get_paintable (GTK_PICTURE (thumbnail_picture (button)));
  g_assert_nonnull (paintable);
  document = rp_document_open (rp_attachment_get_local_path (pdf), &error);
  g_assert_no_error (error);
  g_assert_true (rp_document_get_page_size (document, 0, &w_pt, &h_pt));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, RP_PREVIEW_THUMB_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==,
                   (int) (h_pt * RP_PREVIEW_THUMB_WIDTH / w_pt + 0.5));
  /* The thumbnail took the placeholder's place without moving anything. */
  measure (frame, drawn);
  g_assert_cmpmem (drawn, sizeof drawn, placeholder, sizeof placeholder);
  g_assert_false (is_damaged (frame));

  /* Kept for the next visit, at the size drawn. */
  wait_for_file (pdf, cached_thumbnail);
  thumb_path = cached_thumbnail (pdf);
  png = cairo_image_surface_create_from_png (thumb_path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, RP_PREVIEW_THUMB_WIDTH);
  cairo_surface_destroy (png);
  scroll_to (button);
  screenshot (window, "entry-thumbnail");

  /* The next visit shows it before the main loop turns. */
  press (find_button (window, "nav.home", NULL));
  button = open_entry (window, "QX-GUIDE-0001");
  g_assert_nonnull (thumbnail_picture (button));

  /* An image attachment: the image itself, at thumbnail size. */
  g_assert_nonnull (gdk_pixbuf_get_file_info (rp_attachment_get_local_path (image), &image_width, NULL));
  g_assert_null (cached_thumbnail (image));
  button = open_entry (window, "QX-2026-00037");
  wait_for (button, has_thumbnail, "the image's thumbnail is drawn");
  paintable = gtk_picture_get_paintable (GTK_PICTURE (thumbnail_picture (button)));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, MIN (image_width, RP_PREVIEW_THUMB_WIDTH));
  wait_for_file (image, cached_thumbnail);
  scroll_to (button);
  screenshot (window, "entry-image-thumbnail");
  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_settle (200);
}

/* Leaving the page before the render arrives cancels it: nothing is
 * drawn into the destroyed widgets, nothing is kept, nothing is called
 * damaged. */
static void
test_attachment_thumbnail_cancelled (void)
{
  g_autoptr(RpAttachment) pdf = first_attachment (catalogue, "QX-2026-00035");
  g_autofree char *thumb = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (data_path);
  GtkWidget *window;
  GtkWidget *button;
  GtkWidget *page;

  g_assert_true (rp_remove_tree (cache, NULL));
  window = new_window ();
  button = open_entry (window, "QX-2026-00035");
  g_assert_null (thumbnail_picture (button));
  page = rp_window_get_page (RP_WINDOW (window), "entry");
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (GTK_WINDOW (window));
  /* Long enough for the worker to open and draw the page. */
  rp_test_ui_settle (1500);
  /* Nothing held on to the page. */
  g_assert_null (page);
  thumb = cached_thumbnail (pdf);
  failure = cached_failure (pdf);
  g_assert_null (thumb);
  g_assert_null (failure);
}

static gboolean
is_gone (const char *path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The preview cache is collected with the objects, from the GUI (not the
 * sync): once per bundle shown, off the main thread. */
static void
test_attachment_thumbnails_collected (void)
{
  g_autofree char *cache = rp_preview_cache_dir_for_data_dir (data_path);
  g_autofree char *stale = g_build_filename (cache, "00", "0000000000000000000000000000000000000000000000000000000000000000-10",
                                             NULL);
  g_autoptr(RpAttachment) pdf = first_attachment (catalogue, "QX-GUIDE-0001");
  GtkWidget *window = new_window ();
  RpEntryPage *page = RP_ENTRY_PAGE (rp_window_get_page (RP_WINDOW (window), "entry"));
  GtkWidget *button;
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  /* The thumbnail of an object no bundle holds any more. */
  rp_test_write_file (stale, "thumb-1.png", "not read", -1);
  rp_entry_page_set_data_dir (page, data_dir);
  button = open_entry (window, "QX-GUIDE-0001");
  while (!is_gone (stale) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (is_gone (stale));
  /* The shown attachment's thumbnail is drawn and kept as ever. */
  wait_for (button, has_thumbnail, "the PDF's thumbnail is drawn");
  wait_for_file (pdf, cached_thumbnail);
  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_settle (200);
}

/* A PDF poppler cannot open: the damaged placeholder, remembered. */
static void
test_attachment_thumbnail_damaged (void)
{
  g_autofree char *source = rp_test_make_source ("ui-damaged-source");
  g_autofree char *pdf_path = g_build_filename (source, "files", "enrolment.pdf", NULL);
  g_autofree char *terminal = rp_test_make_dir ("ui-damaged-terminal");
  g_autoptr(RpDataDir) damaged_dir = rp_data_dir_new (terminal);
  g_autoptr(RpCatalogue) damaged_catalogue = NULL;
  g_autoptr(RpAttachment) pdf = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *button;
  GtkWidget *frame;
  int placeholder[4], damaged[4];

  g_assert_true (g_file_set_contents (pdf_path, "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R", -1, NULL));
  damaged_catalogue = rp_data_dir_ensure_catalogue (damaged_dir, source, &error);
  g_assert_no_error (error);
  pdf = first_attachment (damaged_catalogue, "T-2026-00017");
  g_assert_null (cached_failure (pdf));

  window = new_window ();
  rp_window_set_catalogue (RP_WINDOW (window), damaged_catalogue);
  button = open_entry (window, "T-2026-00017");
  frame = find_widget (button, GTK_TYPE_FRAME, NULL, NULL);
  measure (frame, placeholder);
  wait_for (frame, is_damaged, "the PDF is found damaged");
  g_assert_null (thumbnail_picture (button));
  g_assert_nonnull (find_widget (button, GTK_TYPE_LABEL, label_is, _("The file is damaged.")));
  measure (frame, damaged);
  g_assert_cmpmem (damaged, sizeof damaged, placeholder, sizeof placeholder);
  wait_for_file (pdf, cached_failure);
  scroll_to (button);
  screenshot (window, "entry-damaged");

  /* Not tried again: the next visit knows at once. */
  press (find_button (window, "nav.home", NULL));
  button = open_entry (window, "T-2026-00017");
  g_assert_true (is_damaged (find_widget (button, GTK_TYPE_FRAME, NULL, NULL)));
  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_settle (200);
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
  GtkWidget *window = rp_test_ui_new_window (TRUE, catalogue, NULL);

  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  g_assert_true (rp_window_is_kiosk (RP_WINDOW (window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_assert_null (gtk_window_get_titlebar (GTK_WINDOW (window)));
  gtk_window_close (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  g_assert_true (gtk_widget_get_visible (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Until the search page shows the results, count and chips of its text:
 * searches run in worker threads (issue 6). */
static void
wait_for_search (RpHomePage *home)
{
  RpSearchPage *page = rp_home_page_get_search_page (home);
  gint64 until = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while ((rp_search_page_is_searching (page) || rp_search_page_is_counting (page)) &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (rp_search_page_is_searching (page));
  g_assert_false (rp_search_page_is_counting (page));
}

static gboolean
has_css_class (GtkWidget    *widget,
               gconstpointer data)
{
  return gtk_widget_has_css_class (widget, data);
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
  wait_for_search (home);
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  screenshot (window, "search-2char");

  /* Pinyin initials of 垃圾分类. */
  rp_home_page_set_search_text (home, "ljfl");
  wait_for_search (home);
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  screenshot (window, "search-pinyin");

  /* A title hit opens the entry. */
  row = search_row (window, 0);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  gtk_widget_activate_action (window, "nav.back", NULL);
  rp_test_ui_settle (400);

  /* A PDF hit opens the document at its page. */
  rp_home_page_set_search_text (home, "指导思想");
  wait_for_search (home);
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
  g_assert_cmpuint (rp_document_page_get_page (RP_DOCUMENT_PAGE (find_widget (window, RP_TYPE_DOCUMENT_PAGE, NULL, NULL))),
                    ==, rp_search_result_get_page (hit) - 1);
  gtk_window_destroy (GTK_WINDOW (window));
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
  GtkWidget *window = new_window ();
  RpHomePage *home = RP_HOME_PAGE (find_widget (window, RP_TYPE_HOME_PAGE, NULL, NULL));
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
  wait_for_search (home);
  g_assert_cmpuint (watch.n_checked, >, 0);
  check_results_are_current (page, &watch);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
  rp_test_ui_settle (400);
  g_assert_nonnull (find_widget (window, GTK_TYPE_TOGGLE_BUTTON, has_css_class, "rp-facet-chip"));

  /* Clearing the box clears the page at once; nothing arrives later. */
  rp_home_page_set_search_text (home, "垃圾分类");
  rp_home_page_set_search_text (home, "");
  g_assert_false (rp_search_page_is_searching (page));
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), ==, 0);
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), ==, 0);
  g_signal_handlers_disconnect_by_data (page, &watch);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 6: the resident's kiosk. ------------------------------------------ */

static void
run_for (guint msec)
{
  gint64 until = g_get_monotonic_time () + msec * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
new_kiosk_window (void)
{
  return new_window_kiosk (TRUE);
}

static RpHomePage *
home_of (RpWindow *window)
{
  return RP_HOME_PAGE (rp_window_get_page (window, "home"));
}

static const char *
other_language (void)
{
  return g_str_has_prefix (language, "zh") ? "en" : "zh_CN";
}

static void
test_kiosk_idle_reset (void)
{
  RpWindow *win = RP_WINDOW (new_kiosk_window ());
  RpDocumentPage *document_page = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  g_autofree char *start_language = g_strdup (rp_visit_get_language (rp_window_get_visit (win)));
  RpIdleMonitor *monitor;
  gint64 until;

  /* A visit: another language, large text, high contrast, a search, a PDF. */
  rp_visit_set_language (rp_window_get_visit (win), other_language ());
  win = rp_test_ui_shown_window ();
  rp_test_ui_settle (400);
  g_assert_true (win == rp_test_ui_shown_window ());
  g_assert_cmpstr (rp_visit_get_language (rp_window_get_visit (win)), ==, other_language ());
  document_page = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  gtk_widget_activate_action (GTK_WIDGET (win), "visit.text-size", "s", "150");
  gtk_widget_activate_action (GTK_WIDGET (win), "visit.high-contrast", NULL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-text-150"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (win), "rp-high-contrast"));
  rp_home_page_set_search_text (home_of (win), "路灯");
  wait_for_search (home_of (win));
  rp_test_ui_settle (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home_of (win)), >, 0);
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.entry", "s", "QX-GUIDE-0001");
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.attachment", "(su)", "QX-GUIDE-0001", 0);
  wait_for_document (document_page);
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
  screenshot (GTK_WIDGET (win), "idle-countdown");
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
  g_assert_cmpstr (rp_home_page_get_search_text (home_of (win)), ==, "");
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
  wait_for_document (document_page);
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

  gtk_window_destroy (GTK_WINDOW (win));
  rp_test_ui_settle (400);
}

/* The idle reset of a window whose language was not changed keeps it. */
static void
test_kiosk_idle_expire_same_window (void)
{
  RpWindow *win = RP_WINDOW (new_kiosk_window ());

  rp_home_page_set_search_text (home_of (win), "ljfl");
  rp_test_ui_settle (400);
  rp_idle_monitor_expire (rp_visit_get_idle_monitor (rp_window_get_visit (win)));
  rp_test_ui_settle (400);
  g_assert_true (win == rp_test_ui_shown_window ());
  g_assert_cmpstr (rp_home_page_get_search_text (home_of (win)), ==, "");
  gtk_window_destroy (GTK_WINDOW (win));
}

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
  GtkWidget *window = new_kiosk_window ();
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
  run_for (600);
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
osk_key (RpOsk      *osk,
         const char *label)
{
  GtkWidget *key = find_widget (GTK_WIDGET (osk), GTK_TYPE_BUTTON, NULL, NULL);

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

static void
test_kiosk_osk_pinyin (void)
{
  RpWindow *win = RP_WINDOW (new_kiosk_window ());
  RpHomePage *home = home_of (win);
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
      press (osk_key (osk, letter));
    }
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "lud");
  candidates = rp_osk_get_candidates (osk);
  g_assert_true (g_strv_contains ((const char *const *) candidates, "路"));
  g_clear_pointer (&candidates, g_strfreev);
  press (osk_key (osk, "⌫"));
  press (osk_key (osk, "⌫"));
  press (osk_key (osk, "⌫"));
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");

  /* …and a candidate turns the syllable into its character. */
  for (const char *c = "lu"; *c; c++)
    {
      char letter[2] = { *c, 0 };
      press (osk_key (osk, letter));
    }
  candidates = rp_osk_get_candidates (osk);
  g_assert_true (g_strv_contains ((const char *const *) candidates, "路"));
  press (osk_key (osk, "路"));
  for (const char *c = "deng"; *c; c++)
    {
      char letter[2] = { *c, 0 };
      press (osk_key (osk, letter));
    }
  screenshot (GTK_WIDGET (win), "osk-candidates");
  press (osk_key (osk, "灯"));
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "路灯");
  run_for (400);
  g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);

  /* Focus elsewhere hides the keyboard. */
  gtk_window_set_focus (GTK_WINDOW (win), NULL);
  rp_test_ui_settle (400);
  g_assert_false (rp_visit_is_osk_shown (rp_window_get_visit (win)));
  gtk_window_destroy (GTK_WINDOW (win));
}

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

static gboolean
has_class (GtkWidget    *widget,
           gconstpointer data)
{
  return gtk_widget_has_css_class (widget, data);
}

static void
test_kiosk_home (void)
{
  RpWindow *win = RP_WINDOW (new_kiosk_window ());
  RpHomePage *home = home_of (win);
  GtkWidget *latest;

  /* Tiles, the guide, the newest entries, the switches. */
  g_assert_nonnull (find_button (GTK_WIDGET (win), "nav.category", "guide"));
  g_assert_cmpstr (rp_home_page_get_guide_id (home), ==, "QX-GUIDE-0001");
  latest = find_widget (GTK_WIDGET (win), GTK_TYPE_BUTTON, has_class, "rp-latest-row");
  g_assert_nonnull (latest);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (latest)), ==, "nav.entry");
  g_assert_nonnull (find_button (GTK_WIDGET (win), "visit.language", "en"));
  g_assert_nonnull (find_button (GTK_WIDGET (win), "visit.text-size", "150"));
  g_assert_nonnull (find_button (GTK_WIDGET (win), "visit.high-contrast", NULL));
  screenshot (GTK_WIDGET (win), "kiosk-home");

  /* 150 %: text and controls grow, nothing is cut. */
  {
    int height_100 = gtk_widget_get_height (latest);

    g_assert_cmpint (height_100, >=, 48);
    press (find_button (GTK_WIDGET (win), "visit.text-size", "150"));
    g_assert_cmpuint (rp_visit_get_text_size (rp_window_get_visit (win)), ==, 150);
    rp_test_ui_settle (400);
    g_assert_cmpint (gtk_widget_get_height (latest), >, height_100 * 1.2);
  }
  assert_no_clipped_labels (GTK_WIDGET (win));
  screenshot (GTK_WIDGET (win), "kiosk-home-150");

  /* The guide at 150 %: fields, QR code, attachments, provenance. */
  press (find_button (GTK_WIDGET (win), "nav.entry", "QX-GUIDE-0001"));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  rp_test_ui_settle (400);
  assert_no_clipped_labels (GTK_WIDGET (win));
  screenshot (GTK_WIDGET (win), "kiosk-entry-150");
  press (find_button (GTK_WIDGET (win), "nav.home", NULL));
  press (find_button (GTK_WIDGET (win), "visit.text-size", "100"));

  /* High contrast. */
  press (find_button (GTK_WIDGET (win), "visit.high-contrast", NULL));
  g_assert_true (rp_visit_get_high_contrast (rp_window_get_visit (win)));
  screenshot (GTK_WIDGET (win), "kiosk-home-contrast");
  press (find_button (GTK_WIDGET (win), "visit.high-contrast", NULL));
  g_assert_false (rp_visit_get_high_contrast (rp_window_get_visit (win)));

  /* The language switch rebuilds the window in the other language. */
  press (find_button (GTK_WIDGET (win), "visit.language", other_language ()));
  win = rp_test_ui_shown_window ();
  g_assert_cmpstr (rp_visit_get_language (rp_window_get_visit (win)), ==, other_language ());
  g_assert_nonnull (find_widget (GTK_WIDGET (win), GTK_TYPE_LABEL, label_is,
                                 g_str_equal (other_language (), "en") ? "Back" : "返回"));
  screenshot (GTK_WIDGET (win), g_str_equal (other_language (), "en") ? "kiosk-home-switched-en"
                                                                      : "kiosk-home-switched-zh_CN");
  rp_visit_set_language (rp_window_get_visit (win), g_str_has_prefix (language, "zh") ? "zh_CN" : "en");
  win = rp_test_ui_shown_window ();
  rp_test_ui_settle (400);
  gtk_window_destroy (GTK_WINDOW (win));
  rp_test_ui_settle (400);
}

/* Swiping right on the pages goes back. */
static void
test_kiosk_swipe_back (void)
{
  RpWindow *win = RP_WINDOW (new_kiosk_window ());
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
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("READINGPOINT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* A copy: the kiosk tests switch LANGUAGE at run time (issue 6). */
  language = g_strdup (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C");

  gtk_test_init (&argc, &argv, NULL);

  data_path = rp_test_make_dir ("ui-terminal");
  data_dir = rp_data_dir_new (data_path);
  catalogue = rp_data_dir_ensure_catalogue (data_dir, rp_test_demo_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/ReadingPoint/UI/navigation", test_navigation);
  g_test_add_func ("/ReadingPoint/UI/image-attachment", test_image_attachment);
  g_test_add_func ("/ReadingPoint/UI/entry-provenance-of-shown-catalogue", test_entry_provenance_of_shown_catalogue);
  g_test_add_func ("/ReadingPoint/UI/attachment-thumbnails", test_attachment_thumbnails);
  g_test_add_func ("/ReadingPoint/UI/attachment-thumbnail-cancelled", test_attachment_thumbnail_cancelled);
  g_test_add_func ("/ReadingPoint/UI/attachment-thumbnails-collected", test_attachment_thumbnails_collected);
  g_test_add_func ("/ReadingPoint/UI/attachment-thumbnail-damaged", test_attachment_thumbnail_damaged);
  g_test_add_func ("/ReadingPoint/UI/translated-chrome", test_translated_chrome);
  g_test_add_func ("/ReadingPoint/UI/kiosk-window-refuses-close", test_kiosk_window_refuses_close);
  g_test_add_func ("/ReadingPoint/UI/search", test_search);
  g_test_add_func ("/ReadingPoint/UI/search-keeps-up-with-typing", test_search_keeps_up_with_typing);
  g_test_add_func ("/ReadingPoint/UI/kiosk/home", test_kiosk_home);
  g_test_add_func ("/ReadingPoint/UI/kiosk/idle-reset", test_kiosk_idle_reset);
  g_test_add_func ("/ReadingPoint/UI/kiosk/idle-expire-same-window", test_kiosk_idle_expire_same_window);
  g_test_add_func ("/ReadingPoint/UI/kiosk/escape-keys", test_kiosk_escape_keys);
  g_test_add_func ("/ReadingPoint/UI/kiosk/osk-pinyin", test_kiosk_osk_pinyin);
  g_test_add_func ("/ReadingPoint/UI/kiosk/swipe-back", test_kiosk_swipe_back);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  g_free (data_path);
  return status;
}
