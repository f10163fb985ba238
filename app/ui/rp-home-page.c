/* rp-home-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-category-tile.h"
#include "rp-core.h"
#include "rp-entry-row.h"
#include "rp-search-page.h"
#include "rp-widget-util.h"
#include "rp-home-page.h"

struct _RpHomePage
{
  GtkWidget   parent_instance;

  GtkScrolledWindow *scroller;
  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkFlowBox *tiles;
  GtkSearchEntry *search_entry;
  GtkStack   *home_stack;
  RpSearchPage *search_page;
  GtkWidget  *guide_button;
  GtkBox     *latest;
  gboolean    search_prepared;
  char       *composition; /* the keyboard's pinyin not yet converted */
};

/* How many of the newest entries the home page lists. */
#define N_LATEST 5
/* Pixels shown above the search box while it is kept in view. */
#define SEARCH_TOP_ROOM 6
/* The guide is looked for among this many newest `guide` entries first, and
 * in the whole category only when none of them is about applying. */
#define N_GUIDES_FIRST 50

/* The demo's "how to request disclosure" guide is the catalogue's `guide`
 * category; its first entry is where a resident starts. */
#define GUIDE_CATEGORY "guide"
#define GUIDE_TITLE_WORD "申请"

G_DEFINE_FINAL_TYPE (RpHomePage, rp_home_page, GTK_TYPE_WIDGET)

static void
rp_home_page_dispose (GObject *object)
{
  /* The template's root is not bound to a field: unparent it first. */
  rp_widget_remove_children (GTK_WIDGET (object));
  g_clear_pointer (&RP_HOME_PAGE (object)->composition, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_HOME_PAGE);

  G_OBJECT_CLASS (rp_home_page_parent_class)->dispose (object);
}

/* Results replace the category tiles while there is text to search. The
 * entry has no typing delay (search-delay 0): a search runs in a worker and
 * the next keystroke cancels it, so there is nothing to gain by making a
 * resident wait before their results appear. What is counted is another
 * matter: rp-usage-recorder.c counts only committed searches, never each
 * keystroke's text. */
static void
on_search_changed (GtkSearchEntry *entry,
                   RpHomePage     *self)
{
  g_autofree char *stripped = g_strstrip (rp_home_page_dup_search_query (self));

  rp_search_page_set_text (self->search_page, stripped);
  gtk_stack_set_visible_child_name (self->home_stack, *stripped ? "search" : "browse");
}

/* The on-screen keyboard's composition (rp-osk.h) is searched with the
 * box's text: 垃圾 chosen and "fenlei" still pinyin find 垃圾分类. */
static void
osk_composition (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RpHomePage *self = RP_HOME_PAGE (widget);
  const char *composition = g_variant_get_string (parameter, NULL);

  if (g_strcmp0 (self->composition, composition) == 0)
    return;
  g_free (self->composition);
  self->composition = g_strdup (composition);
  /* As if the box had changed: the search runs, and the window's usage
   * recorder sees the text searched (rp_home_page_dup_search_query). */
  g_signal_emit_by_name (self->search_entry, "search-changed");
}

/* While the resident types, the search box stays at the top of what the
 * page shows, its results right under it: the on-screen keyboard takes
 * the bottom of the window (rp-visit.c), and a page that shrank under a
 * box lower down would leave the box and its results out of sight. The
 * adjustment changes as the keyboard slides in and as results arrive. */
static void
keep_search_in_view (RpHomePage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t box;

  if (!(gtk_widget_get_state_flags (GTK_WIDGET (self->search_entry)) & GTK_STATE_FLAG_FOCUS_WITHIN))
    return;
  /* Where the box is in the viewport, which shows the page from value. */
  if (!gtk_widget_compute_bounds (GTK_WIDGET (self->search_entry), gtk_scrolled_window_get_child (self->scroller),
                                  &box))
    return;
  /* A little room above the box for its focus ring. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + box.origin.y - SEARCH_TOP_ROOM);
}

static void
on_first_paint (GdkFrameClock *clock,
                RpHomePage    *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  rp_search_page_prepare (self->search_page);
}

/* The search's tables load once the page is on screen, while the resident
 * looks at it: neither start-up nor the first keystroke waits for them. */
static void
rp_home_page_map (GtkWidget *widget)
{
  RpHomePage *self = RP_HOME_PAGE (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (rp_home_page_parent_class)->map (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (self->search_prepared || clock == NULL)
    return;
  self->search_prepared = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_paint), self, 0);
}

static void
rp_home_page_class_init (RpHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_home_page_dispose;
  widget_class->map = rp_home_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, tiles);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, home_stack);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, search_page);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, guide_button);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, latest);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_install_action (widget_class, "osk.composition", "s", osk_composition);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rp_home_page_init (RpHomePage *self)
{
  g_type_ensure (RP_TYPE_SEARCH_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (keep_search_in_view), self, G_CONNECT_SWAPPED);
}

static GtkWidget *
latest_row (RpEntry *entry)
{
  g_autofree char *meta = rp_entry_row_format_meta (entry);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (rp_entry_get_title (entry));
  GtkWidget *detail = gtk_label_new (meta);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (title), 20);
  gtk_widget_add_css_class (title, "rp-row-title");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (detail), 20);
  gtk_widget_add_css_class (detail, "rp-row-meta");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "rp-latest-row");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.entry");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", rp_entry_get_id (entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rp_entry_get_title (entry), -1);
  return button;
}

/* The newest entry of @guides whose title is about applying (申请). */
static RpEntry *
find_application_guide (GListModel *guides)
{
  for (guint i = 0; i < g_list_model_get_n_items (guides); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (guides, i);

      if (strstr (rp_entry_get_title (entry), GUIDE_TITLE_WORD) != NULL)
        return g_steal_pointer (&entry);
    }
  return NULL;
}

static void
fill_latest_and_guide (RpHomePage  *self,
                       RpCatalogue *catalogue)
{
  /* Start-up reads only what the page shows: listing a category of a
   * 200,000-entry catalogue in full costs tens of milliseconds. */
  g_autoptr(GListModel) newest = rp_catalogue_list_newest_entries (catalogue, NULL, N_LATEST);
  g_autoptr(GListModel) guides = rp_catalogue_list_newest_entries (catalogue, GUIDE_CATEGORY, N_GUIDES_FIRST);
  g_autoptr(RpEntry) guide = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->latest))) != NULL)
    gtk_box_remove (self->latest, child);
  for (guint i = 0; i < g_list_model_get_n_items (newest); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (newest, i);
      gtk_box_append (self->latest, latest_row (entry));
    }

  /* The `guide` category also holds yearly reports and the general guide:
   * the button opens the newest entry about applying (申请), else the newest. */
  guide = find_application_guide (guides);
  if (guide == NULL && g_list_model_get_n_items (guides) == N_GUIDES_FIRST)
    {
      g_autoptr(GListModel) all = rp_catalogue_list_entries (catalogue, GUIDE_CATEGORY);
      guide = find_application_guide (all);
    }
  if (guide == NULL && g_list_model_get_n_items (guides) > 0)
    guide = g_list_model_get_item (guides, 0);
  gtk_widget_set_visible (self->guide_button, guide != NULL);
  if (guide != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->guide_button), "s", rp_entry_get_id (guide));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->guide_button), "nav.entry");
    }
}

void
rp_home_page_set_catalogue (RpHomePage  *self,
                            RpCatalogue *catalogue)
{
  g_autoptr(GListModel) categories = NULL;
  g_autofree char *subtitle = NULL;
  guint n_entries;
  GtkWidget *child;

  g_return_if_fail (RP_IS_HOME_PAGE (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);

  gtk_label_set_text (self->title_label, rp_catalogue_get_title (catalogue));
  n_entries = rp_catalogue_get_n_entries (catalogue);
  subtitle = g_strdup_printf (dngettext (GETTEXT_PACKAGE,
                                           "%u document in the disclosure catalogue. Touch a category to begin.",
                                           "%u documents in the disclosure catalogue. Touch a category to begin.",
                                           n_entries),
                              n_entries);
  gtk_label_set_text (self->subtitle_label, subtitle);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  rp_search_page_set_catalogue (self->search_page, catalogue);
  fill_latest_and_guide (self, catalogue);

  categories = rp_catalogue_list_categories (catalogue, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(RpCategory) category = g_list_model_get_item (categories, i);
      GtkWidget *tile = rp_category_tile_new (category, TRUE);

      gtk_flow_box_append (self->tiles, tile);
      /* The flow box child is only a slot: the tile button inside is what
       * residents touch and screen readers announce. */
      gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);
    }
}

void
rp_home_page_set_search_text (RpHomePage *self,
                              const char *text)
{
  g_return_if_fail (RP_IS_HOME_PAGE (self));

  /* Setting the text deletes the old one first, and an empty box is
   * announced at once: without the block, the page would flash empty (and
   * the tiles) before the new text's results replace the old ones. */
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  /* Not waiting for the entry's own "search-changed": callers want the
   * search started now. */
  on_search_changed (self->search_entry, self);
}

/* (transfer none) */
RpSearchPage *
rp_home_page_get_search_page (RpHomePage *self)
{
  g_return_val_if_fail (RP_IS_HOME_PAGE (self), NULL);
  return self->search_page;
}

guint
rp_home_page_get_n_search_results (RpHomePage *self)
{
  g_return_val_if_fail (RP_IS_HOME_PAGE (self), 0);
  return rp_search_page_get_n_results (self->search_page);
}

/* (nullable): the id of the entry the guide button opens. */
const char *
rp_home_page_get_guide_id (RpHomePage *self)
{
  GVariant *target;

  g_return_val_if_fail (RP_IS_HOME_PAGE (self), NULL);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (self->guide_button));
  return target != NULL && gtk_widget_get_visible (self->guide_button) ? g_variant_get_string (target, NULL) : NULL;
}

/* (transfer full): what is searched, the box's text with the keyboard's
 * composition at the cursor. */
char *
rp_home_page_dup_search_query (RpHomePage *self)
{
  const char *text;
  g_autofree char *before = NULL;
  int cursor;

  g_return_val_if_fail (RP_IS_HOME_PAGE (self), NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (self->composition == NULL || *self->composition == '\0')
    return g_strdup (text);
  cursor = CLAMP (gtk_editable_get_position (GTK_EDITABLE (self->search_entry)), 0, (int) g_utf8_strlen (text, -1));
  before = g_strndup (text, g_utf8_offset_to_pointer (text, cursor) - text);
  return g_strconcat (before, self->composition, g_utf8_offset_to_pointer (text, cursor), NULL);
}

const char *
rp_home_page_get_search_text (RpHomePage *self)
{
  g_return_val_if_fail (RP_IS_HOME_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/* (transfer none): the search box (the on-screen keyboard types into it). */
GtkWidget *
rp_home_page_get_search_entry (RpHomePage *self)
{
  g_return_val_if_fail (RP_IS_HOME_PAGE (self), NULL);
  return GTK_WIDGET (self->search_entry);
}

/* The page as a resident first sees it: scrolled to the top. */
void
rp_home_page_scroll_to_top (RpHomePage *self)
{
  g_return_if_fail (RP_IS_HOME_PAGE (self));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

double
rp_home_page_get_scroll_position (RpHomePage *self)
{
  g_return_val_if_fail (RP_IS_HOME_PAGE (self), 0);
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
}
