/* rp-category-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-category-page.h"
#include "rp-category-tile.h"
#include "rp-core.h"
#include "rp-widget-util.h"
#include "rp-entry-row.h"

struct _RpCategoryPage
{
  GtkWidget       parent_instance;

  GtkLabel       *heading;
  GtkLabel       *count_label;
  GtkFlowBox     *children;
  GtkListView    *list_view;
  GtkStack       *content_stack;
  GtkNoSelection *selection;
};

G_DEFINE_FINAL_TYPE (RpCategoryPage, rp_category_page, GTK_TYPE_WIDGET)

static void
on_list_activate (GtkListView    *list_view,
                  guint           position,
                  RpCategoryPage *self)
{
  g_autoptr(RpEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (entry != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "nav.entry", "s", rp_entry_get_id (entry));
}

static void
rp_category_page_dispose (GObject *object)
{
  /* The template's root is not bound to a field: unparent it first. */
  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_CATEGORY_PAGE);

  G_OBJECT_CLASS (rp_category_page_parent_class)->dispose (object);
}

static void
rp_category_page_class_init (RpCategoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_category_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-category-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpCategoryPage, heading);
  gtk_widget_class_bind_template_child (widget_class, RpCategoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, RpCategoryPage, children);
  gtk_widget_class_bind_template_child (widget_class, RpCategoryPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RpCategoryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RpCategoryPage, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rp_category_page_init (RpCategoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->list_view, rp_entry_row_factory_new ());
}

void
rp_category_page_show (RpCategoryPage *self,
                       RpCatalogue    *catalogue,
                       RpCategory     *category)
{
  g_autoptr(GListModel) children = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;
  guint n;

  g_return_if_fail (RP_IS_CATEGORY_PAGE (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));
  g_return_if_fail (RP_IS_CATEGORY (category));

  gtk_label_set_text (self->heading, rp_category_get_name (category));
  n = rp_category_get_n_entries (category);
  count = g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%u document, newest first",
                                        "%u documents, newest first", n), n);
  gtk_label_set_text (self->count_label, count);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->children))) != NULL)
    gtk_flow_box_remove (self->children, child);
  children = rp_catalogue_list_categories (catalogue, rp_category_get_id (category));
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(RpCategory) sub = g_list_model_get_item (children, i);
      GtkWidget *chip = rp_category_tile_new (sub, FALSE);

      gtk_flow_box_append (self->children, chip);
      gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->children), g_list_model_get_n_items (children) > 0);

  /* A new category starts at its newest entry, not where the last one was
   * left. Scrolled before the model changes: the list finds the row at the
   * new position among the rows it has laid out, and a new model's rows
   * have no size until the next allocation (GTK 4.8 warns "failed to scroll
   * to given position" and ignores the scroll). */
  rp_category_page_restore_scroll_position (self, 0);
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), 0);
  entries = rp_catalogue_list_entries (catalogue, rp_category_get_id (category));
  gtk_no_selection_set_model (self->selection, entries);
  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
}

double
rp_category_page_get_scroll_position (RpCategoryPage *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY_PAGE (self), 0);
  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)));
}

void
rp_category_page_restore_scroll_position (RpCategoryPage *self,
                                          double          position)
{
  g_return_if_fail (RP_IS_CATEGORY_PAGE (self));
  rp_widget_restore_scroll (GTK_WIDGET (self), gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)),
                            position);
}

GListModel *
rp_category_page_get_entries (RpCategoryPage *self)
{
  g_return_val_if_fail (RP_IS_CATEGORY_PAGE (self), NULL);
  return gtk_no_selection_get_model (self->selection);
}
