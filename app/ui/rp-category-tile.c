/* rp-category-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-category-tile.h"
#include "rp-core.h"

GtkWidget *
rp_category_tile_new (RpCategory *category,
                      gboolean    large)
{
  guint n = rp_category_get_n_entries (category);
  g_autofree char *count = g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%u document",
                                                         "%u documents", n), n);
  /* Translators: what a screen reader says for a category tile: its name, then the count. */
  g_autofree char *accessible = g_strdup_printf (_("%s, %s"), rp_category_get_name (category), count);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (large ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (rp_category_get_name (category));
  GtkWidget *count_label = gtk_label_new (count);

  /* Tiles are wide enough for a category name on two lines; chips sit in
   * a row and keep theirs on one, so the row's height does not depend on
   * how narrow the window could become. */
  gtk_label_set_wrap (GTK_LABEL (name), large);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (name, "rp-tile-name");
  gtk_widget_add_css_class (count_label, "rp-tile-count");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, large ? "rp-tile" : "rp-chip");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.category");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", rp_category_get_id (category));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}
