/* rp-update-notice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-entry-row.h"
#include "rp-update-notice.h"

struct _RpUpdateNotice
{
  GtkWidget   parent_instance;
  GtkWidget  *revealer;
  GtkWidget  *label;
  GtkWidget  *whats_new_button;
  GListModel *changes;
  GtkWindow  *dialog;
};

G_DEFINE_FINAL_TYPE (RpUpdateNotice, rp_update_notice, GTK_TYPE_WIDGET)

static void
close_dialog (RpUpdateNotice *self)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
}

static void
rp_update_notice_dispose (GObject *object)
{
  RpUpdateNotice *self = RP_UPDATE_NOTICE (object);

  close_dialog (self);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);
  g_clear_object (&self->changes);

  G_OBJECT_CLASS (rp_update_notice_parent_class)->dispose (object);
}

static void
rp_update_notice_class_init (RpUpdateNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_update_notice_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-update-notice");
}

/* A change was chosen: home first, where the window takes the new
 * catalogue up, then the entry, which the old catalogue may not have. */
static void
on_row_activated (GtkListView    *view,
                  guint           position,
                  RpUpdateNotice *self)
{
  g_autoptr(RpEntry) entry = g_list_model_get_item (self->changes, position);
  g_autofree char *id = g_strdup (rp_entry_get_id (entry));

  close_dialog (self);
  rp_update_notice_dismiss (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "nav.home", NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), "nav.entry", "s", id);
}

static void
on_whats_new_clicked (RpUpdateNotice *self)
{
  rp_update_notice_open_whats_new (self);
}

static void
rp_update_notice_init (RpUpdateNotice *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));
  gtk_widget_add_css_class (box, "rp-update-notice");
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (box), self->label);

  self->whats_new_button = gtk_button_new_with_mnemonic (_("_What’s New"));
  gtk_widget_set_valign (self->whats_new_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->whats_new_button, "suggested-action");
  g_signal_connect_swapped (self->whats_new_button, "clicked", G_CALLBACK (on_whats_new_clicked), self);
  gtk_box_append (GTK_BOX (box), self->whats_new_button);

  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_set_tooltip_text (close, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"), -1);
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (rp_update_notice_dismiss), self);
  gtk_box_append (GTK_BOX (box), close);
}

static void
reveal (RpUpdateNotice *self,
        const char     *text)
{
  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
}

void
rp_update_notice_show_changes (RpUpdateNotice *self,
                               GListModel     *changes,
                               guint           n_changed)
{
  g_autofree char *text = NULL;

  g_return_if_fail (RP_IS_UPDATE_NOTICE (self));
  g_return_if_fail (G_IS_LIST_MODEL (changes));

  close_dialog (self);
  g_set_object (&self->changes, changes);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new or updated document", "%u new or updated documents",
                                       n_changed),
                          n_changed);
  gtk_widget_set_visible (self->whats_new_button, g_list_model_get_n_items (changes) > 0);
  reveal (self, text);
}

void
rp_update_notice_show_message (RpUpdateNotice *self,
                               const char     *text)
{
  g_return_if_fail (RP_IS_UPDATE_NOTICE (self));
  g_return_if_fail (text != NULL);

  close_dialog (self);
  g_clear_object (&self->changes);
  gtk_widget_set_visible (self->whats_new_button, FALSE);
  reveal (self, text);
}

void
rp_update_notice_dismiss (RpUpdateNotice *self)
{
  g_return_if_fail (RP_IS_UPDATE_NOTICE (self));
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
}

gboolean
rp_update_notice_is_shown (RpUpdateNotice *self)
{
  g_return_val_if_fail (RP_IS_UPDATE_NOTICE (self), FALSE);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

const char *
rp_update_notice_get_text (RpUpdateNotice *self)
{
  g_return_val_if_fail (RP_IS_UPDATE_NOTICE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->label));
}

GtkWindow *
rp_update_notice_open_whats_new (RpUpdateNotice *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkRoot *root;
  GtkWidget *scrolled;
  GtkWidget *view;
  GtkWidget *box;
  GtkWidget *heading;

  g_return_val_if_fail (RP_IS_UPDATE_NOTICE (self), NULL);

  if (self->changes == NULL)
    return NULL;
  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return self->dialog;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->dialog = GTK_WINDOW (gtk_window_new ());
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  gtk_window_set_title (self->dialog, _("What’s New"));
  gtk_window_set_modal (self->dialog, TRUE);
  gtk_window_set_destroy_with_parent (self->dialog, TRUE);
  gtk_window_set_default_size (self->dialog, 560, 480);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (self->dialog, GTK_WINDOW (root));

  factory = rp_entry_row_factory_new ();
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (self->changes))),
                            g_steal_pointer (&factory));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "rp-whats-new");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("What’s New"), -1);
  g_signal_connect_object (view, "activate", G_CALLBACK (on_row_activated), self, 0);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (box, "rp-whats-new-box");
  heading = gtk_label_new (_("Added or changed since the catalogue you were reading. Choose one to open it."));
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_window_set_child (self->dialog, box);
  gtk_window_present (self->dialog);
  return self->dialog;
}
