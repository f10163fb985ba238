/* test-ui-desktop.c — the desktop reader in libadwaita's styles (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb, once with the system preferring light and once dark
 * (ADW_DEBUG_COLOR_SCHEME: Xvfb has no settings portal to ask); the
 * desktop reader follows it through AdwStyleManager.
 * For each page, from the pixels of its screenshot, every label shown
 * (sensitive, not covered) is measured as test-layout.c does: its
 * background is the most frequent colour of its area, its text the pixel
 * that differs most from that; each needs 4.5:1 (WCAG AA, whatever its
 * size). Screenshots: RP_SCREENSHOT_DIR/desktop/STYLE-PAGE.png.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "rp-core.h"
#include "rp-home-page.h"
#include "rp-pdf-view.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

#define MIN_CONTRAST 4.5

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

typedef struct
{
  const char *style;
  const char *page;
  GString    *report;
  guint       n_texts;
  guint       n_problems;
} Check;

typedef struct
{
  Check                *check;
  GtkWidget            *window;
  const RpTestUiPixels *pixels;
} ContrastCheck;

static void
check_label (GtkWidget *label,
             gpointer   data)
{
  ContrastCheck *c = data;
  graphene_rect_t bounds;
  guint32 text, background;
  double ratio;

  if (!gtk_widget_compute_bounds (label, c->window, &bounds))
    return;
  /* A line half scrolled out of its list is not read there: only labels
   * wholly inside every scrolled window they are in are measured. */
  for (GtkWidget *up = gtk_widget_get_parent (label); up != NULL; up = gtk_widget_get_parent (up))
    {
      graphene_rect_t view;

      if (GTK_IS_SCROLLED_WINDOW (up) && gtk_widget_compute_bounds (up, c->window, &view) &&
          !graphene_rect_contains_rect (&view, &bounds))
        return;
    }
  ratio = rp_test_ui_label_contrast (c->window, label, c->pixels, &text, &background);
  if (ratio == 0)
    return;
  c->check->n_texts++;
  if (ratio < MIN_CONTRAST)
    {
      c->check->n_problems++;
      g_string_append_printf (c->check->report, "%s %s: \"%s\" (%s) text contrast %.2f:1 (#%06x on #%06x)\n",
                              c->check->style, c->check->page, gtk_label_get_text (GTK_LABEL (label)),
                              gtk_widget_get_css_name (gtk_widget_get_parent (label)), ratio, text, background);
    }
}

/* Writes the page's screenshot and measures its texts. */
static void
check_page (Check      *check,
            GtkWidget  *window,
            const char *page)
{
  g_autofree char *dir = g_build_filename (g_getenv ("RP_SCREENSHOT_DIR"), "desktop", NULL);
  g_autofree char *name = g_strdup_printf ("%s-%s.png", check->style, page);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  RpTestUiPixels pixels;
  ContrastCheck contrast = { check, window, &pixels };

  check->page = page;
  rp_test_ui_settle (400);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  texture = rp_test_ui_render_texture (window, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  rp_test_ui_pixels_init (&pixels, texture);
  rp_test_ui_foreach_shown_label (window, check_label, &contrast);
  rp_test_ui_pixels_clear (&pixels);
}

/* Home, a category, an entry, search results with their marks: each page
 * the desktop reader shows before a document. */
static void
check_pages (Check    *check,
             gboolean  high_contrast)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, data_dir);
  RpWindow *win = RP_WINDOW (window);
  RpHomePage *home = rp_test_ui_home_page (win);

  /* The system's high contrast sets the visit's, as the switch does. */
  rp_visit_set_high_contrast (rp_window_get_visit (win), high_contrast);

  check_page (check, window, "home");
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.category", "key"));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
  check_page (check, window, "category");
  gtk_widget_activate_action (window, "nav.entry", "s", "QX-GUIDE-0001");
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
  check_page (check, window, "entry");
  gtk_widget_activate_action (window, "nav.home", NULL);
  rp_home_page_set_search_text (home, "公开");
  rp_test_ui_wait_for_search (home);
  check_page (check, window, "search");

  /* Empty and error states are status pages (issue 16), with icons that
   * say what happened. */
  {
    GtkWidget *status;

    rp_home_page_set_search_text (home, "qqxxzz");
    rp_test_ui_wait_for_search (home);
    status = rp_test_ui_find_widget (window, ADW_TYPE_STATUS_PAGE, NULL, NULL);
    g_assert_nonnull (status);
    g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status)), ==, "edit-find-symbolic");
    g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "qqxxzz"));
    check_page (check, window, "no-results");
    /* The resident's text is not markup. */
    rp_home_page_set_search_text (home, "<b>&");
    rp_test_ui_wait_for_search (home);
    status = rp_test_ui_find_widget (window, ADW_TYPE_STATUS_PAGE, NULL, NULL);
    g_assert_nonnull (status);
    g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "&lt;b&gt;&amp;"));
    rp_home_page_set_search_text (home, "");

    rp_window_show_message (win, _("No catalogue is installed"), "catalogue.db: <missing> & unreadable");
    status = rp_test_ui_find_widget (window, ADW_TYPE_STATUS_PAGE, NULL, NULL);
    g_assert_nonnull (status);
    g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status)), ==, "dialog-error-symbolic");
    check_page (check, window, "message");
  }
  rp_test_ui_destroy_window (window);
}

/* The system's preference (ADW_DEBUG_COLOR_SCHEME, set per test in
 * tests/meson.build): the desktop reader follows it. */
static const char *
system_style (void)
{
  const char *scheme = g_getenv ("ADW_DEBUG_COLOR_SCHEME");

  return g_strcmp0 (scheme, "prefer-dark") == 0 ? "dark" : "light";
}

static void
test_contrast (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(GString) report = g_string_new (NULL);
  Check check = { system_style (), NULL, report, 0, 0 };

  /* The desktop asks for nothing itself: the system decides. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_cmpint (adw_style_manager_get_dark (manager), ==, g_str_equal (check.style, "dark"));
  check_pages (&check, FALSE);
  check.style = g_str_equal (check.style, "dark") ? "dark-hc" : "light-hc";
  check_pages (&check, TRUE);

  g_print ("# %s: %u texts' contrast measured, %u below %.1f:1\n", system_style (), check.n_texts, check.n_problems,
           MIN_CONTRAST);
  if (check.n_problems > 0)
    g_printerr ("%s", report->str);
  g_assert_cmpuint (check.n_texts, >, 20);
  g_assert_cmpuint (check.n_problems, ==, 0);
}

/* Issue 16: one header bar on the desktop; the kiosk's own top bar and no
 * header bar in a kiosk. */
static guint
count_mapped (GtkWidget *root,
              GType      type)
{
  guint n = gtk_widget_get_mapped (root) && g_type_is_a (G_OBJECT_TYPE (root), type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_mapped (child, type);
  return n;
}

static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static void
test_one_header_bar (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, data_dir);
  GtkWidget *kiosk;
  GtkWidget *menu_button;
  GMenuModel *menu;

  g_assert_cmpuint (count_mapped (window, GTK_TYPE_HEADER_BAR), ==, 1);
  g_assert_null (rp_test_ui_find_widget (window, GTK_TYPE_BOX, rp_test_ui_has_class, "rp-topbar"));
  /* The page's title is the header bar's. */
  g_assert_nonnull (rp_test_ui_find_widget (gtk_window_get_titlebar (GTK_WINDOW (window)), GTK_TYPE_LABEL,
                                            rp_test_ui_label_is, rp_catalogue_get_title (catalogue)));
  /* Back and Home in it, insensitive at home. */
  g_assert_false (gtk_widget_is_sensitive (rp_test_ui_find_button (window, "nav.back", NULL)));
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.category", "key"));
  g_assert_true (gtk_widget_is_ancestor (rp_test_ui_find_button (window, "nav.back", NULL),
                                         gtk_window_get_titlebar (GTK_WINDOW (window))));
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.back", NULL));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "home");

  /* The primary menu. */
  menu_button = rp_test_ui_find_widget (window, GTK_TYPE_MENU_BUTTON, NULL, NULL);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_true (menu_has_action (menu, "app.check-updates"));
  g_assert_true (menu_has_action (menu, "win.show-help-overlay"));
  g_assert_true (menu_has_action (menu, "app.about"));
  g_assert_true (menu_has_action (menu, "app.preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  rp_test_ui_screenshot (window, "desktop/header-bar.png");
  rp_test_ui_destroy_window (window);

  /* A kiosk: its top bar, no header bar, no shortcuts window. */
  kiosk = rp_test_ui_show_window (TRUE, catalogue, NULL);
  g_assert_cmpuint (count_mapped (kiosk, GTK_TYPE_HEADER_BAR), ==, 0);
  g_assert_nonnull (rp_test_ui_find_widget (kiosk, GTK_TYPE_BOX, rp_test_ui_has_class, "rp-topbar"));
  g_assert_null (rp_test_ui_find_widget (kiosk, GTK_TYPE_MENU_BUTTON, NULL, NULL));
  g_assert_false (g_action_group_has_action (G_ACTION_GROUP (kiosk), "show-help-overlay"));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (kiosk)));
  rp_test_ui_destroy_window (kiosk);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (item), type) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WINDOW (item);
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
toplevel_gone (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static void
test_about (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, data_dir);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (window));
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  GtkWindow *about;

  /* The icon is the app's own, from its resources: no install needed. */
  g_assert_true (gtk_icon_theme_has_icon (theme, RP_APP_ID));
  icon = gtk_icon_theme_lookup_icon (theme, RP_APP_ID, NULL, 128, 1, GTK_TEXT_DIR_LTR, 0);
  file = gtk_icon_paintable_get_file (icon);
  uri = g_file_get_uri (file);
  g_test_message ("icon: %s", uri);
  g_assert_true (g_str_has_suffix (uri, RP_APP_ID ".svg"));

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "about", NULL);
  rp_test_ui_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), "the About window shows");
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, RP_APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  rp_test_ui_screenshot (GTK_WIDGET (about), "desktop/about.png");
  gtk_window_destroy (about);
  rp_test_ui_settle (100);
  rp_test_ui_destroy_window (window);
}

static gboolean
focus_in (gpointer data)
{
  GtkWidget **pair = data; /* window, widget */
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (pair[0]));

  return focus != NULL && (focus == pair[1] || gtk_widget_is_ancestor (focus, pair[1]));
}

static gboolean
focus_not_in (gpointer data)
{
  return !focus_in (data);
}

static void
press_keys (const char *keys)
{
  g_autofree char *command = g_strdup_printf ("key --clearmodifiers %s", keys);

  rp_test_ui_xdotool (command);
  rp_test_ui_settle (300);
}

static gboolean
page_is (gpointer data)
{
  gpointer *pair = data; /* window, page name */

  return g_strcmp0 (rp_window_get_page_name (RP_WINDOW (pair[0])), pair[1]) == 0;
}

static gboolean
document_on_page_2 (gpointer data)
{
  return rp_document_page_get_page (data) == 1;
}

/* Real keys (xdotool): F1 and Ctrl+? show the shortcuts; Ctrl+F and
 * Escape; a document opened has the focus; Alt+Left goes back. */
static void
test_keyboard (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, data_dir);
  RpWindow *win = RP_WINDOW (window);
  RpHomePage *home = rp_test_ui_home_page (win);
  GtkWidget *search = rp_home_page_get_search_entry (home);
  g_autofree char *focus = NULL;
  RpDocumentPage *document;
  GtkWidget *pair[2] = { window, search };
  gpointer on[2] = { window, NULL };
  double zoom;

  if (!rp_test_ui_have_xdotool (window))
    {
      rp_test_ui_destroy_window (window);
      return;
    }
  focus = g_strdup_printf ("windowfocus --sync %lu", rp_test_ui_xid (window));
  rp_test_ui_xdotool (focus);
  rp_test_ui_settle (300);

  for (guint i = 0; i < 2; i++)
    {
      GtkWindow *shortcuts;

      press_keys (i == 0 ? "F1" : "ctrl+question");
      rp_test_ui_wait_until (toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW),
                             "the shortcuts window shows");
      shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
      if (i == 0)
        rp_test_ui_screenshot (GTK_WIDGET (shortcuts), "desktop/shortcuts.png");
      gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);
      rp_test_ui_wait_until (toplevel_gone, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), "the shortcuts window hides");
      rp_test_ui_xdotool (focus);
      rp_test_ui_settle (300);
    }

  /* Ctrl+F: the catalogue's search, from wherever; Escape closes it. */
  rp_test_ui_press (rp_test_ui_find_button (window, "nav.category", "key"));
  press_keys ("ctrl+f");
  rp_test_ui_wait_until (focus_in, pair, "Ctrl+F puts the focus in the search");
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  rp_test_ui_xdotool ("type --delay 50 gongkai");
  rp_test_ui_wait_for_search (home);
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "gongkai");
  press_keys ("Escape");
  rp_test_ui_wait_until (focus_not_in, pair, "Escape leaves the search");
  g_assert_cmpstr (rp_home_page_get_search_text (home), ==, "");

  /* A document opened from the keyboard reads at once. */
  gtk_widget_activate_action (window, "nav.entry", "s", "QX-GUIDE-0001");
  rp_test_ui_settle (300);
  gtk_widget_activate_action (window, "nav.attachment", "(su)", "QX-GUIDE-0001", 0);
  document = RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"));
  rp_test_ui_wait_for_document (document);
  pair[1] = GTK_WIDGET (rp_document_page_get_view (document));
  g_assert_true (focus_in (pair));
  press_keys ("Next");
  rp_test_ui_wait_until (document_on_page_2, document, "PageDown turns the page");
  zoom = rp_pdf_view_get_zoom (rp_document_page_get_view (document));
  press_keys ("ctrl+plus");
  g_assert_cmpfloat (rp_pdf_view_get_zoom (rp_document_page_get_view (document)), >, zoom);

  /* Ctrl+F in a document finds in it; Escape gives the page the focus. */
  press_keys ("ctrl+f");
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  g_assert_false (focus_in (pair));
  g_assert_true (GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (window))));
  press_keys ("Escape");
  rp_test_ui_wait_until (focus_in, pair, "Escape gives the page the focus back");

  /* Alt+Left: back to the entry. */
  press_keys ("alt+Left");
  on[1] = "entry";
  rp_test_ui_wait_until (page_is, on, "Alt+Left goes back");
  rp_test_ui_destroy_window (window);
}

/* A new window may not have drawn its first frame yet. */
static void
screenshot_when_drawn (GtkWidget  *window,
                       const char *file_name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RP_SCREENSHOT_DIR"), file_name, NULL);
  g_autoptr(GdkTexture) texture = NULL;

  rp_test_ui_settle (400);
  texture = rp_test_ui_render_texture (window, file_name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Issue 16: the desktop's preferences, bound to the settings the panel
 * and readingpoint-admin use. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_preferences (void)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, data_dir);
  g_autoptr(GSettings) settings = rp_settings_new ();
  g_auto(GStrv) keys = NULL;
  GtkWindow *preferences;
  GtkWidget *origin, *channel, *trusted, *interval_row, *interval;

  g_assert_nonnull (settings);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (g_application_get_default ()), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "preferences", NULL);
  rp_test_ui_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW),
                         "the preferences window shows");
  preferences = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  origin = find_row (GTK_WIDGET (preferences), _("Origin"));
  channel = find_row (GTK_WIDGET (preferences), _("Channel"));
  trusted = find_row (GTK_WIDGET (preferences), _("Trusted keys"));
  interval_row = find_row (GTK_WIDGET (preferences), _("Check for new documents every"));
  g_assert_nonnull (origin);
  g_assert_nonnull (channel);
  g_assert_nonnull (trusted);
  g_assert_nonnull (interval_row);
  interval = rp_test_ui_find_widget (interval_row, GTK_TYPE_SPIN_BUTTON, NULL, NULL);
  g_assert_nonnull (interval);

  /* What the settings hold shows. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (channel)), ==, "demo");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (interval)), ==, 60);
  screenshot_when_drawn (GTK_WIDGET (preferences), "desktop/preferences.png");

  /* What is typed is written at once. */
  gtk_editable_set_text (GTK_EDITABLE (origin), "https://docs.example.org/readingpoint");
  gtk_editable_set_text (GTK_EDITABLE (trusted), "RWQkeyone,  RWQkeytwo\nRWQkeythree");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (interval), 30);
  {
    g_autofree char *value = g_settings_get_string (settings, "origin-url");

    g_assert_cmpstr (value, ==, "https://docs.example.org/readingpoint");
  }
  keys = g_settings_get_strv (settings, "trusted-keys");
  g_assert_cmpuint (g_strv_length (keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, "RWQkeyone");
  g_assert_cmpstr (keys[2], ==, "RWQkeythree");
  g_assert_cmpuint (g_settings_get_uint (settings, "auto-sync-interval"), ==, 1800);

  /* A change made elsewhere (the panel, readingpoint-admin) shows. */
  g_settings_set_string (settings, "channel", "district-7");
  rp_test_ui_settle (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (channel)), ==, "district-7");

  gtk_window_destroy (preferences);
  for (guint i = 0; i < 4; i++)
    g_settings_reset (settings, (const char *[]) { "origin-url", "trusted-keys", "auto-sync-interval", "channel" }[i]);
  rp_test_ui_settle (100);
  rp_test_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-desktop-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/UI/Desktop/contrast", test_contrast);
  g_test_add_func ("/ReadingPoint/UI/Desktop/one-header-bar", test_one_header_bar);
  g_test_add_func ("/ReadingPoint/UI/Desktop/about", test_about);
  g_test_add_func ("/ReadingPoint/UI/Desktop/keyboard", test_keyboard);
  g_test_add_func ("/ReadingPoint/UI/Desktop/preferences", test_preferences);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
