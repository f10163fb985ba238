/* rp-admin-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel as a widget: its template, its actions, and leaving it. The
 * sections live beside it (rp-admin-page-private.h names them).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page-private.h"

enum
{
  EXIT_KIOSK,
  CHANGE_PIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RpAdminPage, rp_admin_page, GTK_TYPE_WIDGET)

void
rp_admin_page_show_section (RpAdminPage *self,
                            const char  *name)
{
  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  gtk_stack_set_visible_child_name (self->sections, name);
}

/* Leaving */

static void
admin_close (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  /* The window's action: the panel is a page of its stack. */
  gtk_widget_activate_action (widget, "nav.home", NULL);
}

static void
admin_exit_kiosk (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);

  if (!rp_admin_page_require_unlocked (self, "admin.exit-kiosk"))
    return;

  if (self->pin != NULL)
    rp_admin_pin_audit_exit (self->pin, "kiosk");
  self->leaving_audited = TRUE;
  g_signal_emit (self, signals[EXIT_KIOSK], 0);
}

/* The PIN pad asks for the current PIN, then the new one twice; the
 * entrance that owns the pad shows it. */
static void
admin_change_pin (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);

  if (!rp_admin_page_require_unlocked (self, "admin.change-pin"))
    return;

  if (self->pin == NULL)
    return;
  g_signal_emit (self, signals[CHANGE_PIN], 0, self->pin);
}

static void
rp_admin_page_dispose (GObject *object)
{
  RpAdminPage *self = RP_ADMIN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ADMIN_PAGE);
  g_clear_object (&self->pin);
  g_clear_object (&self->state);
  g_clear_object (&self->terminal);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->sync_result, g_free);
  G_OBJECT_CLASS (rp_admin_page_parent_class)->dispose (object);
}

static void
rp_admin_page_class_init (RpAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_admin_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/readingpoint/ReadingPoint/rp-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, box);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, sections);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, status_grid);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, usage_period_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, chart_grid);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, usage_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, settings_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, audit_list);

  gtk_widget_class_install_action (widget_class, "admin.sync", NULL, rp_admin_page_action_sync);
  gtk_widget_class_install_action (widget_class, "admin.cancel-sync", NULL, rp_admin_page_action_cancel_sync);
  gtk_widget_class_install_action (widget_class, "admin.import-usb", NULL, rp_admin_page_action_import_usb);
  gtk_widget_class_install_action (widget_class, "admin.rollback", NULL, rp_admin_page_action_rollback);
  gtk_widget_class_install_action (widget_class, "admin.export-usb", NULL, rp_admin_page_action_export_usb);
  gtk_widget_class_install_action (widget_class, "admin.save-settings", NULL, rp_admin_page_action_save_settings);
  gtk_widget_class_install_action (widget_class, "admin.change-pin", NULL, admin_change_pin);
  gtk_widget_class_install_action (widget_class, "admin.close", NULL, admin_close);
  gtk_widget_class_install_action (widget_class, "admin.exit-kiosk", NULL, admin_exit_kiosk);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  /* Exit kiosk was pressed in an unlocked stay (and audited): the
   * application quits. */
  signals[EXIT_KIOSK] = g_signal_new ("exit-kiosk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 0);
  /* Change PIN was pressed in an unlocked stay: the PIN pad takes over,
   * for the RpAdminPin given. */
  signals[CHANGE_PIN] = g_signal_new ("change-pin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 1, RP_TYPE_ADMIN_PIN);
}

static void
rp_admin_page_init (RpAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rp_admin_page_build_dashboard (self);
  rp_admin_page_build_settings (self);
  rp_admin_page_set_unlocked (self, FALSE);
}

GtkWidget *
rp_admin_page_new (void)
{
  return g_object_new (RP_TYPE_ADMIN_PAGE, NULL);
}

void
rp_admin_page_set_terminal (RpAdminPage *self,
                            RpTerminal  *terminal)
{
  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  g_return_if_fail (terminal == NULL || RP_IS_TERMINAL (terminal));

  g_set_object (&self->terminal, terminal);
}

void
rp_admin_page_set_catalogue (RpAdminPage *self,
                             RpCatalogue *catalogue)
{
  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  g_return_if_fail (catalogue == NULL || RP_IS_CATALOGUE (catalogue));

  g_set_object (&self->catalogue, catalogue);
}
