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
#include <math.h>

#include "rp-core.h"
#include "rp-home-page.h"
#include "rp-snapshot.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

#define MIN_CONTRAST 4.5

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

typedef struct
{
  const guchar *data;
  gsize         stride;
  int           width;
  int           height;
} Pixels;

typedef struct
{
  const char *style;
  const char *page;
  GString    *report;
  guint       n_texts;
  guint       n_problems;
} Check;

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

static double
contrast_ratio (guint32 a,
                guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static void
check_label (Check        *check,
             GtkWidget    *window,
             GtkWidget    *label,
             const Pixels *pixels)
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
    return;
  /* A line half scrolled out of its list is not read there: only labels
   * wholly inside every scrolled window they are in are measured. */
  for (GtkWidget *up = gtk_widget_get_parent (label); up != NULL; up = gtk_widget_get_parent (up))
    {
      graphene_rect_t view;

      if (GTK_IS_SCROLLED_WINDOW (up) && gtk_widget_compute_bounds (up, window, &view) &&
          !graphene_rect_contains_rect (&view, &bounds))
        return;
    }
  top = gtk_widget_pick (window, bounds.origin.x + bounds.size.width / 2, bounds.origin.y + bounds.size.height / 2,
                         GTK_PICK_INSENSITIVE | GTK_PICK_NON_TARGETABLE);
  if (top == NULL || (top != label && !gtk_widget_is_ancestor (top, label) && !gtk_widget_is_ancestor (label, top)))
    return;
  x0 = MAX (0, (int) bounds.origin.x);
  y0 = MAX (0, (int) bounds.origin.y);
  x1 = MIN (pixels->width, (int) (bounds.origin.x + bounds.size.width));
  y1 = MIN (pixels->height, (int) (bounds.origin.y + bounds.size.height));
  if (x1 - x0 < 4 || y1 - y0 < 4)
    return;
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
      double ratio = contrast_ratio (GPOINTER_TO_UINT (key) - 1, background);

      if (ratio > best)
        {
          best = ratio;
          text = GPOINTER_TO_UINT (key) - 1;
        }
    }
  /* Nothing drawn on the background: scrolled out of its viewport. */
  if (best < 1.2)
    return;
  check->n_texts++;
  if (best < MIN_CONTRAST)
    {
      check->n_problems++;
      g_string_append_printf (check->report, "%s %s: \"%s\" (%s) text contrast %.2f:1 (#%06x on #%06x)\n",
                              check->style, check->page, gtk_label_get_text (GTK_LABEL (label)),
                              gtk_widget_get_css_name (gtk_widget_get_parent (label)), best, text, background);
    }
}

static void
check_labels (Check        *check,
              GtkWidget    *window,
              GtkWidget    *widget,
              const Pixels *pixels)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget) ||
      gtk_widget_get_native (widget) != GTK_NATIVE (window) || !gtk_widget_is_sensitive (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0' &&
      gtk_widget_get_opacity (widget) > 0.0)
    check_label (check, window, widget, pixels);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_labels (check, window, child, pixels);
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
  g_autoptr(GError) error = NULL;
  g_autofree guchar *data = NULL;
  Pixels pixels;

  check->page = page;
  rp_test_ui_settle (400);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint tries = 0; (texture = rp_widget_render_texture (window, &error)) == NULL; tries++)
    {
      if (tries == 20)
        g_error ("%s: %s", name, error->message);
      g_clear_error (&error);
      rp_test_ui_settle (100);
    }
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  pixels.width = gdk_texture_get_width (texture);
  pixels.height = gdk_texture_get_height (texture);
  pixels.stride = (gsize) pixels.width * 4;
  data = g_malloc (pixels.stride * pixels.height);
  gdk_texture_download (texture, data, pixels.stride);
  pixels.data = data;
  check_labels (check, window, window, &pixels);
}

/* Home, a category, an entry, search results with their marks: each page
 * the desktop reader shows before a document. */
static void
check_pages (Check *check)
{
  GtkWidget *window = rp_test_ui_show_window (FALSE, catalogue, data_dir);
  RpWindow *win = RP_WINDOW (window);
  RpHomePage *home = rp_test_ui_home_page (win);

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
  check_pages (&check);

  g_print ("# %s: %u texts' contrast measured, %u below %.1f:1\n", check.style, check.n_texts, check.n_problems,
           MIN_CONTRAST);
  if (check.n_problems > 0)
    g_printerr ("%s", report->str);
  g_assert_cmpuint (check.n_texts, >, 20);
  g_assert_cmpuint (check.n_problems, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-desktop-terminal", &data_dir);

  g_test_add_func ("/ReadingPoint/UI/Desktop/contrast", test_contrast);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
