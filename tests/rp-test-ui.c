/* rp-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include "rp-application.h"
#include "rp-search-page.h"
#include "rp-snapshot.h"
#include "rp-style.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

static gboolean
settled (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
rp_test_ui_settle (guint msec)
{
  gboolean done = FALSE;

  /* Blocking between events: a test waiting burns no CPU (the loop used
   * to spin, a whole core per GUI test on the two-core CI). */
  g_timeout_add (msec, settled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
rp_test_ui_screenshot (GtkWidget  *window,
                       const char *file_name)
{
  const char *dir = g_getenv ("RP_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, file_name, NULL);
  rp_test_ui_settle (400);
  rp_widget_save_png (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

void
rp_test_ui_wait_until (gboolean   (*condition) (gpointer data),
                       gpointer     data,
                       const char  *what)
{
  /* Generous: the limit only matters when the condition never comes, and
   * it must hold under the sanitizers on a loaded two-core machine (a
   * HiDPI page drawn by a fresh worker took over 20 s there). Meson's own
   * test timeout stops a real hang. It turns the main context, where GTK
   * draws and workers deliver, between looks. */
  rp_test_wait_until (condition, data, 90, what);
}

static char *start_language;

void
rp_test_ui_init (int    *argc,
                 char ***argv)
{
  start_language = g_strdup (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("READINGPOINT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (argc, argv, NULL);
}

const char *
rp_test_ui_start_language (void)
{
  g_assert_nonnull (start_language);
  return start_language;
}

const char *
rp_test_ui_other_language (void)
{
  return g_str_has_prefix (rp_test_ui_start_language (), "zh") ? "en" : "zh_CN";
}

void
rp_test_ui_screenshot_page (GtkWidget  *window,
                            const char *page)
{
  g_autofree char *name = g_strdup_printf ("ui-%s-%s.png", page, rp_test_ui_start_language ());

  rp_test_ui_screenshot (window, name);
}

RpCatalogue *
rp_test_ui_source_terminal (const char  *name,
                            RpDataDir  **out_data_dir)
{
  g_autofree char *path = rp_test_make_dir (name);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  RpCatalogue *catalogue = rp_data_dir_ensure_catalogue (data_dir, rp_test_demo_dir (), &error);

  g_assert_no_error (error);
  *out_data_dir = g_steal_pointer (&data_dir);
  return catalogue;
}

RpDataDir *
rp_test_ui_demo_terminal (const char   *name,
                          RpCatalogue **out_catalogue)
{
  g_autofree char *path = rp_test_make_dir (name);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_demo_install_if_empty (data_dir, &error));
  g_assert_no_error (error);
  *out_catalogue = rp_data_dir_open_catalogue (data_dir, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&data_dir);
}

GtkWidget *
rp_test_ui_new_window (gboolean     kiosk,
                       RpCatalogue *catalogue,
                       RpDataDir   *data_dir)
{
  static RpApplication *app;
  GtkWidget *window;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Never run: registering is enough for windows (no bus needed). */
      app = rp_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  window = GTK_WIDGET (rp_application_build_window (app, kiosk, catalogue, data_dir));
  rp_style_init (gtk_widget_get_display (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  return window;
}

RpWindow *
rp_test_ui_shown_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* (transfer none) */
  RpWindow *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (RP_IS_WINDOW (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        {
          g_assert_null (found);
          found = RP_WINDOW (item);
        }
    }
  g_assert_nonnull (found);
  return found;
}

gboolean
rp_test_ui_have_xdotool (GtkWidget *window)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  if (path == NULL)
    {
      g_test_skip ("xdotool is not installed (build-aux/install-deps installs it)");
      return FALSE;
    }
  if (window != NULL && rp_test_ui_xid (window) == 0)
    {
      g_test_skip ("real X input needs an X11 display");
      return FALSE;
    }
  return TRUE;
}

gulong
rp_test_ui_xid (GtkWidget *window)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  if (GDK_IS_X11_SURFACE (surface))
    return gdk_x11_surface_get_xid (surface);
#endif
  return 0;
}

typedef struct
{
  gboolean done;
  int      status;
} Child;

static void
child_exited (GPid     pid,
              int      status,
              gpointer user_data)
{
  Child *child = user_data;

  child->status = status;
  child->done = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
child_done (gpointer data)
{
  return ((Child *) data)->done;
}

void
rp_test_ui_xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { FALSE, 0 };
  GPid pid;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_spawn_async (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited, &child);
  rp_test_ui_wait_until (child_done, &child, command);
  g_assert_true (g_spawn_check_wait_status (child.status, NULL));
}

GtkWidget *
rp_test_ui_find_widget (GtkWidget    *root,
                        GType         type,
                        RpTestUiMatch match,
                        gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_get_mapped (child) && G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (match == NULL || match (child, data)))
        return child;
      if ((found = rp_test_ui_find_widget (child, type, match, data)) != NULL)
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

GtkWidget *
rp_test_ui_find_button (GtkWidget  *root,
                        const char *action,
                        const char *target)
{
  const char *want[] = { action, target };
  return rp_test_ui_find_widget (root, GTK_TYPE_BUTTON, has_action, want);
}

gboolean
rp_test_ui_label_is (GtkWidget    *widget,
                     gconstpointer data)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

gboolean
rp_test_ui_has_class (GtkWidget    *widget,
                      gconstpointer data)
{
  return gtk_widget_has_css_class (widget, data);
}

RpHomePage *
rp_test_ui_home_page (RpWindow *window)
{
  return RP_HOME_PAGE (rp_window_get_page (window, "home"));
}

void
rp_test_ui_press (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  rp_test_ui_settle (400);
}

GtkWidget *
rp_test_ui_show_window (gboolean     kiosk,
                        RpCatalogue *catalogue,
                        RpDataDir   *data_dir)
{
  GtkWidget *window = rp_test_ui_new_window (kiosk, catalogue, data_dir);

  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  return window;
}

static gboolean
only_the_test_holds (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

void
rp_test_ui_destroy_window (GtkWidget *window)
{
  /* Workers and idles finish what they started for it first; a window
   * still held after that is a leak, and g_assert_finalize_object says so. */
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (!only_the_test_holds (window) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (window);
}

void
rp_test_ui_wait_for_document (RpDocumentPage *page)
{
  gint64 until = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  g_assert_nonnull (page);
  while ((!rp_document_page_is_loaded (page) ||
          (rp_document_page_get_error (page) == NULL && rp_document_page_get_paintable (page) == NULL)) &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  rp_test_ui_settle (400);
}

void
rp_test_ui_wait_for_search (RpHomePage *home)
{
  RpSearchPage *page = rp_home_page_get_search_page (home);
  gint64 until = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while ((rp_search_page_is_searching (page) || rp_search_page_is_counting (page)) &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (rp_search_page_is_searching (page));
  g_assert_false (rp_search_page_is_counting (page));
}

GdkTexture *
rp_test_ui_render_texture (GtkWidget  *widget,
                           const char *what)
{
  GdkTexture *texture;
  g_autoptr(GError) error = NULL;

  for (guint tries = 0; (texture = rp_widget_render_texture (widget, &error)) == NULL; tries++)
    {
      if (tries == 20)
        g_error ("%s: %s (%d×%d, mapped %d)", what, error->message, gtk_widget_get_width (widget),
                 gtk_widget_get_height (widget), gtk_widget_get_mapped (widget));
      g_clear_error (&error);
      rp_test_ui_settle (100);
    }
  return texture;
}

void
rp_test_ui_pixels_init (RpTestUiPixels *pixels,
                        GdkTexture     *texture)
{
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = (gsize) pixels->width * 4;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->data, pixels->stride);
}

void
rp_test_ui_pixels_clear (RpTestUiPixels *pixels)
{
  g_clear_pointer (&pixels->data, g_free);
}

/* WCAG 2's relative luminance of an sRGB colour 0xRRGGBB. */
static double
luminance (guint32 rgb)
{
  double c[3] = { (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff };

  for (guint i = 0; i < 3; i++)
    {
      c[i] /= 255.0;
      c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

double
rp_test_ui_contrast_ratio (guint32 a,
                           guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

double
rp_test_ui_label_contrast (GtkWidget            *window,
                           GtkWidget            *label,
                           const RpTestUiPixels *pixels,
                           guint32              *out_text,
                           guint32              *out_background)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  graphene_rect_t bounds;
  GHashTableIter iter;
  gpointer key, value;
  guint32 background = 0, text = 0;
  guint most = 0;
  double best = 1.0;
  GtkWidget *top;
  int x0, y0, x1, y1;

  if (!gtk_widget_compute_bounds (label, window, &bounds))
    return 0;
  top = gtk_widget_pick (window, bounds.origin.x + bounds.size.width / 2, bounds.origin.y + bounds.size.height / 2,
                         GTK_PICK_INSENSITIVE | GTK_PICK_NON_TARGETABLE);
  if (top == NULL || (top != label && !gtk_widget_is_ancestor (top, label) && !gtk_widget_is_ancestor (label, top)))
    return 0;
  x0 = MAX (0, (int) bounds.origin.x);
  y0 = MAX (0, (int) bounds.origin.y);
  x1 = MIN (pixels->width, (int) (bounds.origin.x + bounds.size.width));
  y1 = MIN (pixels->height, (int) (bounds.origin.y + bounds.size.height));
  if (x1 - x0 < 4 || y1 - y0 < 4)
    return 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *p = pixels->data + y * pixels->stride + x * 4;
        guint32 rgb = ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
        gpointer n = g_hash_table_lookup (counts, GUINT_TO_POINTER (rgb + 1));

        g_hash_table_insert (counts, GUINT_TO_POINTER (rgb + 1), GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > most)
      {
        most = GPOINTER_TO_UINT (value);
        background = GPOINTER_TO_UINT (key) - 1;
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      double ratio = rp_test_ui_contrast_ratio (GPOINTER_TO_UINT (key) - 1, background);

      if (ratio > best)
        {
          best = ratio;
          text = GPOINTER_TO_UINT (key) - 1;
        }
    }
  if (best < 1.2)
    return 0;
  *out_text = text;
  *out_background = background;
  return best;
}

static void
foreach_shown_label (GtkWidget *window,
                     GtkWidget *widget,
                     void     (*func) (GtkWidget *label,
                                       gpointer   data),
                     gpointer   data)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget) ||
      gtk_widget_get_native (widget) != GTK_NATIVE (window) || !gtk_widget_is_sensitive (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0' &&
      gtk_widget_get_opacity (widget) > 0.0)
    func (widget, data);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    foreach_shown_label (window, child, func, data);
}

void
rp_test_ui_foreach_shown_label (GtkWidget *window,
                                void     (*func) (GtkWidget *label,
                                                  gpointer   data),
                                gpointer   data)
{
  foreach_shown_label (window, window, func, data);
}
