/* rp-home-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-category-tile.h"
#include "rp-core.h"
#include "rp-search-page.h"
#include "rp-widget-util.h"
#include "rp-home-page.h"

struct _RpHomePage
{
  GtkWidget   parent_instance;

  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkFlowBox *tiles;
  GtkSearchEntry *search_entry;
  GtkStack   *home_stack;
  RpSearchPage *search_page;
};

G_DEFINE_FINAL_TYPE (RpHomePage, rp_home_page, GTK_TYPE_WIDGET)

static void
rp_home_page_dispose (GObject *object)
{
  /* The template's root is not bound to a field: unparent it first. */
  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_HOME_PAGE);

  G_OBJECT_CLASS (rp_home_page_parent_class)->dispose (object);
}

/* Results replace the category tiles while there is text to search. */
static void
on_search_changed (GtkSearchEntry *entry,
                   RpHomePage     *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  rp_search_page_set_text (self->search_page, stripped);
  gtk_stack_set_visible_child_name (self->home_stack, *stripped ? "search" : "browse");
}

static void
rp_home_page_class_init (RpHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_home_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, tiles);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, home_stack);
  gtk_widget_class_bind_template_child (widget_class, RpHomePage, search_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rp_home_page_init (RpHomePage *self)
{
  g_type_ensure (RP_TYPE_SEARCH_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
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
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u document in the disclosure catalogue. Touch a category to begin.",
                                           "%u documents in the disclosure catalogue. Touch a category to begin.",
                                           n_entries),
                              n_entries);
  gtk_label_set_text (self->subtitle_label, subtitle);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  rp_search_page_set_catalogue (self->search_page, catalogue);

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

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Not waiting for the entry's typing delay: callers want results now. */
  on_search_changed (self->search_entry, self);
}

guint
rp_home_page_get_n_search_results (RpHomePage *self)
{
  g_return_val_if_fail (RP_IS_HOME_PAGE (self), 0);
  return rp_search_page_get_n_results (self->search_page);
}
