/* test-layout.c — every page of the kiosk fits its screen (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb once per screen shape (tests/meson.build sets
 * RP_XVFB_SCREEN: 1280×800, 1920×1080, portrait 1080×1920). Xvfb has no
 * window manager, so the kiosk's fullscreen request does not resize the
 * window there (TESTING.md): the test gives the window the monitor's size,
 * as the compositor of a real kiosk does.
 *
 * In one process it visits every page (home, category, an entry with long
 * fields, a PDF, an image, search results, the keyboard open, the admin PIN
 * pad, the idle countdown) in every language × contrast × text size the
 * resident can choose, and counts a problem for each shown widget that
 *
 *   - lies outside the screen (on an axis nothing scrolls),
 *   - got less than its minimum size (its content is clipped), or
 *   - is a touch target (button, activatable list row, key) below 48 px,
 *
 * and, from the pixels of the screenshot, for each label shown: the
 * contrast between the label's background (its area's most frequent
 * colour) and its text (the pixel that differs most from that) is below
 * WCAG's 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
 * Labels of insensitive controls are exempt, as in WCAG.
 *
 * Each combination is written to RP_SCREENSHOT_DIR/layout/ as
 * SHAPE-LANGUAGE-SIZE-CONTRAST-PAGE.png. RP_LAYOUT_QUICK=1 (the sanitizer
 * build) checks every page in every language at 150 % high contrast only.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-home-page.h"
#include "rp-osk.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

#define MIN_TOUCH_TARGET 48
#define MIN_CONTRAST       4.5
#define MIN_CONTRAST_LARGE 3.0

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

typedef struct
{
  const char *shape;       /* "1280x800" */
  const char *language;
  guint       size;
  gboolean    high_contrast;
  const char *page;
  GString    *report;
  guint       n_problems;
  guint       n_widgets;
  guint       n_texts;     /* labels whose contrast was measured */
} Check;


/* Where a widget may be: the screen, narrowed by each scrolled window it
 * is in; on an axis that scrolls, a widget partly or wholly out of view is
 * reachable (the resident scrolls), on the others it is cut off. */
typedef struct
{
  graphene_rect_t clip;
  gboolean        scrolls_x;
  gboolean        scrolls_y;
} Area;

static char *
describe (GtkWidget *widget)
{
  GString *out = g_string_new (G_OBJECT_TYPE_NAME (widget));
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  const char *text = NULL;

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;

      if (id != NULL)
        {
          g_string_append_printf (out, w == widget ? "#%s" : " in #%s", id);
          break;
        }
    }
  for (guint i = 0; classes[i]; i++)
    g_string_append_printf (out, ".%s", classes[i]);
  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  if (text == NULL || *text == '\0')
    {
      GtkWidget *label = rp_test_ui_find_widget (widget, GTK_TYPE_LABEL, NULL, NULL);

      text = label ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
    }
  if (text != NULL && *text != '\0')
    {
      g_autofree char *shown = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 24));

      g_string_append_printf (out, " “%s”", shown);
    }
  return g_string_free (out, FALSE);
}

static void
problem (Check      *check,
         GtkWidget  *widget,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (Check      *check,
         GtkWidget  *widget,
         const char *format,
         ...)
{
  g_autofree char *what = describe (widget);
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  check->n_problems++;
  g_string_append_printf (check->report, "layout: %s %s %u%% %s, page %s: %s: %s\n",
                          check->shape, check->language, check->size,
                          check->high_contrast ? "high-contrast" : "normal-contrast",
                          check->page, what, why);
}

/* What a resident touches: buttons (keys are buttons too) and list rows
 * that do something. */
static gboolean
is_touch_target (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return TRUE;
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget));
  /* The rows of a GtkListView and the children of a GtkGridView. */
  return GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)) || GTK_IS_GRID_VIEW (gtk_widget_get_parent (widget));
}

/* gtk_widget_measure counts the widget's margin properties, the
 * allocation (gtk_widget_get_allocation: the CSS margin box) does not. */
static void
minimum_size (GtkWidget *widget,
              int        for_width,
              int       *min_width,
              int       *min_height)
{
  int width, height;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  width -= gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL,
                      MAX (for_width + gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget),
                           width + gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget)),
                      &height, NULL, NULL, NULL);
  height -= gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget);
  *min_width = width;
  *min_height = height;
}

static void
check_widget (Check      *check,
              GtkWidget  *window,
              GtkWidget  *widget,
              const Area *area)
{
  graphene_rect_t bounds;
  GtkAllocation allocation;
  Area inner = *area;
  int min_width, min_height;
  const double slack = 1.0; /* rounding of fractional allocations */
  /* libadwaita's overlay scrollbar (issue 16) lets its trough reach 3 px
   * over the scrolled window's edge (its CSS margins); the scrolled window
   * clips what it draws, so nothing is drawn off the screen. */
  const double edge = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLBAR) != NULL ? 4.0 : slack;
  gboolean in_scroller = GTK_IS_SCROLLED_WINDOW (gtk_widget_get_parent (widget));

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (gtk_widget_get_native (widget) != GTK_NATIVE (window))
    return; /* a popover: its own surface, placed by GTK on the screen */
  if (!gtk_widget_compute_bounds (widget, window, &bounds))
    return;
  gtk_widget_get_allocation (widget, &allocation);

  /* Out of view along an axis that scrolls: the resident scrolls to it. */
  if ((area->scrolls_x && (bounds.origin.x + bounds.size.width <= area->clip.origin.x ||
                           bounds.origin.x >= area->clip.origin.x + area->clip.size.width)) ||
      (area->scrolls_y && (bounds.origin.y + bounds.size.height <= area->clip.origin.y ||
                           bounds.origin.y >= area->clip.origin.y + area->clip.size.height)))
    return;
  if (bounds.size.width <= 0 || bounds.size.height <= 0)
    return;
  check->n_widgets++;

  if ((!area->scrolls_x && (bounds.origin.x < area->clip.origin.x - edge ||
                            bounds.origin.x + bounds.size.width > area->clip.origin.x + area->clip.size.width + edge)) ||
      (!area->scrolls_y && (bounds.origin.y < area->clip.origin.y - edge ||
                            bounds.origin.y + bounds.size.height > area->clip.origin.y + area->clip.size.height + edge)))
    problem (check, widget, "at %.0f,%.0f %.0f×%.0f, outside %.0f,%.0f %.0f×%.0f",
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
             area->clip.origin.x, area->clip.origin.y, area->clip.size.width, area->clip.size.height);

  /* A scrolled window's child is the part in view of something larger,
   * smaller than its minimum along the axes that scroll. */
  minimum_size (widget, allocation.width, &min_width, &min_height);
  if ((allocation.width + slack < min_width && !(in_scroller && area->scrolls_x)) ||
      (allocation.height + slack < min_height && !(in_scroller && area->scrolls_y)))
    problem (check, widget, "clipped: %d×%d allocated, needs %d×%d",
             allocation.width, allocation.height, min_width, min_height);

  if (is_touch_target (widget) &&
      (bounds.size.width < MIN_TOUCH_TARGET || bounds.size.height < MIN_TOUCH_TARGET))
    problem (check, widget, "touch target %.0f×%.0f, below %d×%d px",
             bounds.size.width, bounds.size.height, MIN_TOUCH_TARGET, MIN_TOUCH_TARGET);

  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkPolicyType h, v;

      gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (widget), &h, &v);
      graphene_rect_intersection (&area->clip, &bounds, &inner.clip);
      inner.scrolls_x = area->scrolls_x || h != GTK_POLICY_NEVER;
      inner.scrolls_y = area->scrolls_y || v != GTK_POLICY_NEVER;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_widget (check, window, child, &inner);
}

/* The label's font, as its CSS gave it (text size setting included):
 * large text has a lower threshold. */
static gboolean
is_large_text (GtkWidget *label)
{
  const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (label));
  double px = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  if (!pango_font_description_get_size_is_absolute (font))
    px *= 96.0 / 72.0;
  return px >= 24.0 || (px >= 18.66 && pango_font_description_get_weight (font) >= PANGO_WEIGHT_BOLD);
}

typedef struct
{
  Check                *check;
  GtkWidget            *window;
  const RpTestUiPixels *pixels;
} ContrastCheck;

static void
check_label_contrast (GtkWidget *label,
                      gpointer   data)
{
  ContrastCheck *c = data;
  guint32 text, background;
  double needed = is_large_text (label) ? MIN_CONTRAST_LARGE : MIN_CONTRAST;
  double ratio = rp_test_ui_label_contrast (c->window, label, c->pixels, &text, &background);

  /* 0: not what the resident is meant to read there (under the
   * countdown's scrim, the keyboard over a list, scrolled out). */
  if (ratio == 0)
    return;
  c->check->n_texts++;
  if (ratio < needed)
    problem (c->check, label, "text contrast %.2f:1, needs %.1f:1 (#%06x on #%06x)", ratio, needed, text, background);
}

/* The monitor the window is on: what a fullscreen kiosk fills. */
static GdkRectangle
screen_geometry (GtkWidget *window)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (window));
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  return geometry;
}

/* What makes a widget need more than @limit px along @orientation: the
 * deepest mapped descendant that alone needs more. */
static GtkWidget *
too_large (GtkWidget      *widget,
           GtkOrientation  orientation,
           int             limit)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int minimum;

      if (!gtk_widget_get_mapped (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &minimum, NULL, NULL, NULL);
      if (minimum > limit)
        return too_large (child, orientation, limit);
    }
  return widget;
}

/* No page sliding in, no revealer (the keyboard, a find bar) on its way:
 * a widget caught mid-transition is where it will not stay. */
static gboolean
at_rest (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return TRUE;
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_child_revealed (GTK_REVEALER (widget)) != gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (!at_rest (child))
      return FALSE;
  return TRUE;
}

static gboolean
window_at_rest (gpointer data)
{
  return at_rest (data);
}

static void
check_page (Check     *check,
            RpWindow  *win,
            GtkWidget *screenshot_of)
{
  GtkWidget *window = GTK_WIDGET (win);
  GdkRectangle screen = screen_geometry (window);
  Area area = { GRAPHENE_RECT_INIT (0, 0, screen.width, screen.height), FALSE, FALSE };
  g_autofree char *dir = g_build_filename (g_getenv ("RP_SCREENSHOT_DIR"), "layout", NULL);
  g_autofree char *name = g_strdup_printf ("%s-%s-%u-%s-%s.png", check->shape, check->language, check->size,
                                           check->high_contrast ? "high" : "normal", check->page);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  RpTestUiPixels pixels;
  ContrastCheck contrast = { check, window, &pixels };

  rp_test_ui_settle (300);
  rp_test_ui_wait_until (window_at_rest, window, "the page's transitions end");
  rp_test_ui_settle (50);
  if (gtk_widget_get_width (window) > screen.width || gtk_widget_get_height (window) > screen.height)
    {
      GtkOrientation wide = gtk_widget_get_width (window) > screen.width ? GTK_ORIENTATION_HORIZONTAL
                            : GTK_ORIENTATION_VERTICAL;
      g_autofree char *cause = describe (too_large (window, wide, wide == GTK_ORIENTATION_HORIZONTAL
                                                                  ? screen.width : screen.height));

      problem (check, window, "window %d×%d, larger than the screen %d×%d because of %s",
               gtk_widget_get_width (window), gtk_widget_get_height (window), screen.width, screen.height, cause);
    }
  check_widget (check, window, window, &area);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* A window between two frames can have nothing to snapshot (seen once
   * under load, as the countdown card came up): the next frame has. */
  texture = rp_test_ui_render_texture (screenshot_of, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  rp_test_ui_pixels_init (&pixels, texture);
  rp_test_ui_foreach_shown_label (window, check_label_contrast, &contrast);
  rp_test_ui_pixels_clear (&pixels);
}

/* The steps of a visit that show each page; each starts from home. */

static RpVisit *
visit_of (RpWindow *win)
{
  return rp_window_get_visit (win);
}

static gboolean
keyboard_up (gpointer data)
{
  return rp_visit_is_osk_shown (visit_of (data));
}

static gboolean
countdown_shown (gpointer data)
{
  return rp_visit_is_countdown_shown (visit_of (data));
}

/* The demo entry whose title and summary are longest: the one most likely
 * to overflow. */
static char *
longest_entry_id (void)
{
  g_autoptr(GListModel) entries = rp_catalogue_list_entries (catalogue, NULL);
  g_autofree char *best = NULL;
  gsize best_length = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (entries, i);
      gsize length = strlen (rp_entry_get_title (entry)) * 4 +
                     strlen (rp_entry_get_summary (entry) ? rp_entry_get_summary (entry) : "");

      if (length > best_length)
        {
          g_free (best);
          best = g_strdup (rp_entry_get_id (entry));
          best_length = length;
        }
    }
  g_assert_nonnull (best);
  return g_steal_pointer (&best);
}

/* The first entry with an attachment that is (@image) or is not an image. */
static char *
entry_with_attachment (gboolean image)
{
  g_autoptr(GListModel) entries = rp_catalogue_list_entries (catalogue, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (entries, i);
      GListModel *attachments = rp_entry_get_attachments (entry); /* (transfer none) */
      g_autoptr(RpAttachment) first = attachments && g_list_model_get_n_items (attachments) > 0
                                      ? g_list_model_get_item (attachments, 0) : NULL;

      if (first != NULL && rp_attachment_is_image (first) == image &&
          rp_attachment_get_local_path (first) != NULL && rp_attachment_get_broken_reason (first) == NULL)
        return g_strdup (rp_entry_get_id (entry));
    }
  g_assert_not_reached ();
}

typedef enum
{
  PAGE_HOME,
  PAGE_CATEGORY,
  PAGE_ENTRY,
  PAGE_DOCUMENT,
  PAGE_IMAGE,
  PAGE_RESULTS,
  PAGE_KEYBOARD,
  PAGE_PIN,
  PAGE_COUNTDOWN,
  N_PAGES
} Page;

static const char *const page_names[N_PAGES] = {
  "home", "category", "entry", "document", "image", "results", "keyboard", "pin", "countdown",
};

static void
open_attachment (RpWindow   *win,
                 const char *entry_id)
{
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.entry", "s", entry_id);
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.attachment", "(su)", entry_id, 0);
  rp_test_ui_wait_for_document (RP_DOCUMENT_PAGE (rp_window_get_page (win, "document")));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "document");
  g_assert_null (rp_document_page_get_error (RP_DOCUMENT_PAGE (rp_window_get_page (win, "document"))));
}

static void
show_page (RpWindow *win,
           Page      page)
{
  RpHomePage *home = rp_test_ui_home_page (win);
  RpVisit *visit = visit_of (win);

  switch (page)
    {
    case PAGE_HOME:
      break;
    case PAGE_CATEGORY:
      gtk_widget_activate_action (GTK_WIDGET (win), "nav.category", "s", "guide");
      g_assert_cmpstr (rp_window_get_page_name (win), ==, "category");
      break;
    case PAGE_ENTRY:
      {
        g_autofree char *id = longest_entry_id ();

        gtk_widget_activate_action (GTK_WIDGET (win), "nav.entry", "s", id);
        g_assert_cmpstr (rp_window_get_page_name (win), ==, "entry");
      }
      break;
    case PAGE_DOCUMENT:
      {
        g_autofree char *id = entry_with_attachment (FALSE);

        open_attachment (win, id);
      }
      break;
    case PAGE_IMAGE:
      {
        g_autofree char *id = entry_with_attachment (TRUE);

        open_attachment (win, id);
      }
      break;
    case PAGE_RESULTS:
      rp_home_page_set_search_text (home, "垃圾");
      rp_test_ui_wait_for_search (home);
      g_assert_cmpuint (rp_home_page_get_n_search_results (home), >, 0);
      break;
    case PAGE_KEYBOARD:
      gtk_widget_grab_focus (rp_home_page_get_search_entry (home));
      rp_test_ui_wait_until (keyboard_up, win, "the keyboard comes up");
      rp_osk_type (rp_visit_get_osk (visit), "laji");
      rp_test_ui_wait_for_search (home);
      break;
    case PAGE_PIN:
      rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
      rp_test_ui_settle (100);
      g_assert_cmpstr (rp_window_get_page_name (win), ==, "pin");
      break;
    case PAGE_COUNTDOWN:
      /* Long enough a countdown that it outlasts the checks. */
      rp_visit_set_idle_timeout (visit, 1, 600);
      rp_idle_monitor_poke (rp_visit_get_idle_monitor (visit));
      rp_test_ui_wait_until (countdown_shown, win, "the idle countdown shows");
      break;
    case N_PAGES:
    default:
      g_assert_not_reached ();
    }
}

/* Back home as a resident leaves a page: the keyboard put away, the search
 * cleared, the countdown answered. */
static void
leave_page (RpWindow *win,
            Page      page)
{
  RpVisit *visit = visit_of (win);

  if (page == PAGE_COUNTDOWN)
    {
      gtk_widget_activate_action (GTK_WIDGET (win), "visit.continue", NULL);
      rp_visit_set_idle_timeout (visit, RP_VISIT_DEFAULT_IDLE_TIMEOUT, RP_VISIT_DEFAULT_COUNTDOWN);
    }
  if (rp_visit_is_osk_shown (visit))
    rp_osk_hide (rp_visit_get_osk (visit));
  gtk_widget_activate_action (GTK_WIDGET (win), "nav.home", NULL);
  rp_home_page_set_search_text (rp_test_ui_home_page (win), "");
  rp_test_ui_settle (100);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
}

static RpWindow *
switch_language (RpWindow   *win,
                 const char *language)
{
  rp_visit_set_language (visit_of (win), language);
  rp_test_ui_settle (200);
  win = rp_test_ui_shown_window ();
  g_assert_cmpstr (rp_visit_get_language (visit_of (win)), ==, language);
  return win;
}

static void
test_every_page_fits (void)
{
  static const char *const languages[] = { "zh_CN", "zh_TW", "en" };
  static const guint sizes[] = { 100, 125, 150 };
  static const gboolean contrasts[] = { FALSE, TRUE };
  gboolean quick = g_strcmp0 (g_getenv ("RP_LAYOUT_QUICK"), "1") == 0;
  GtkWidget *window = rp_test_ui_new_window (TRUE, catalogue, data_dir);
  GdkRectangle screen;
  g_autofree char *shape = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  Check check = { NULL, };
  RpWindow *win;
  guint n_sizes = quick ? 1 : G_N_ELEMENTS (sizes);
  guint n_contrasts = quick ? 1 : G_N_ELEMENTS (contrasts);

  screen = screen_geometry (window);
  shape = g_strdup_printf ("%dx%d", screen.width, screen.height);
  /* What the compositor does with the kiosk's fullscreen request; before
   * the window is shown (X11 keeps a mapped window's size). */
  gtk_window_set_default_size (GTK_WINDOW (window), screen.width, screen.height);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (200);
  win = RP_WINDOW (window);
  check.shape = shape;
  check.report = report;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      win = switch_language (win, languages[l]);
      check.language = languages[l];
      for (Page page = 0; page < N_PAGES; page++)
        {
          check.page = page_names[page];
          show_page (win, page);
          for (guint c = 0; c < n_contrasts; c++)
            for (guint s = 0; s < n_sizes; s++)
              {
                check.size = quick ? 150 : sizes[s];
                check.high_contrast = quick ? TRUE : contrasts[c];
                rp_visit_set_text_size (visit_of (win), check.size);
                rp_visit_set_high_contrast (visit_of (win), check.high_contrast);
                check_page (&check, win, GTK_WIDGET (win));
              }
          leave_page (win, page);
        }
    }

  g_test_message ("%s", report->str);
  if (check.n_problems > 0)
    g_printerr ("%s", report->str);
  g_print ("# layout: %u pages × %u sizes × %u languages × %u contrasts × 1 shape (%s) checked, "
           "%u widgets looked at, %u texts' contrast measured, %u problems\n",
           (guint) N_PAGES, n_sizes, (guint) G_N_ELEMENTS (languages), n_contrasts, shape,
           check.n_widgets, check.n_texts, check.n_problems);
  g_assert_cmpuint (check.n_problems, ==, 0);
  rp_visit_set_text_size (visit_of (win), 100);
  rp_visit_set_high_contrast (visit_of (win), FALSE);
  rp_test_ui_destroy_window (GTK_WIDGET (win));
}

/* What `readingpoint-admin pin set` does at provisioning: a terminal with
 * a PIN shows the pad's keys, not the refusal. */
static void
provision_pin (void)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "state.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);
  g_autoptr(RpAdminPin) pin = NULL;

  g_assert_no_error (error);
  pin = rp_admin_pin_open (path, state, &error);
  g_assert_no_error (error);
  g_assert_true (rp_admin_pin_provision (pin, "482915", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);
  catalogue = rp_test_ui_source_terminal ("ui-layout-terminal", &data_dir);
  provision_pin ();

  g_test_add_func ("/ReadingPoint/Layout/every-page-fits", test_every_page_fits);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
