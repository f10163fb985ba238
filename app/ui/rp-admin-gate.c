/* rp-admin-gate.c — what every administrative act passes: state.db and the
 * PIN, the unlocked stay, the audit log (written and shown)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every admin.* action and every public entry point asks
 * rp_admin_page_require_unlocked first: the panel being on screen proves
 * nothing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page-private.h"

const char *
rp_admin_page_get_data_path (RpAdminPage *self)
{
  return self->terminal ? rp_data_dir_get_path (rp_terminal_get_data_dir (self->terminal)) : NULL;
}

GSettings *
rp_admin_page_get_settings (RpAdminPage *self)
{
  return self->terminal ? rp_terminal_get_settings (self->terminal) : NULL;
}

/* state.db and the PIN, opened when the panel is first needed: the
 * terminal is handed in after the page is built. */
gboolean
rp_admin_page_ensure_state (RpAdminPage *self,
                            GError     **error)
{
  g_autofree char *path = NULL;

  if (self->pin != NULL)
    return TRUE;
  if (rp_admin_page_get_data_path (self) == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, _("No data directory is open"));
      return FALSE;
    }
  path = rp_data_dir_build_state_path (rp_admin_page_get_data_path (self));
  g_clear_object (&self->state);
  self->state = rp_state_db_open (path, error);
  if (self->state == NULL)
    return FALSE;
  self->pin = rp_admin_pin_open (path, self->state, error);
  return self->pin != NULL;
}

/* Opens state.db when needed: an entry that did not go through the PIN
 * pad (so nothing opened it yet) is exactly what must be recorded. */
void
rp_admin_page_audit (RpAdminPage *self,
                     const char  *action,
                     const char  *detail)
{
  g_autoptr(GError) error = NULL;

  if (!rp_admin_page_ensure_state (self, &error) ||
      !rp_state_db_audit (self->state, "admin-panel", action, detail, &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

static const char *const admin_actions[] = {
  "admin.sync", "admin.cancel-sync", "admin.import-usb", "admin.rollback",
  "admin.export-usb", "admin.save-settings", "admin.change-pin", "admin.exit-kiosk",
};

void
rp_admin_page_set_unlocked (RpAdminPage *self,
                            gboolean     unlocked)
{
  self->unlocked = unlocked;
  if (!unlocked)
    self->channel_changed = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (admin_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), admin_actions[i], unlocked);
  /* Locked, the panel has nothing to show even if something shows it. */
  gtk_widget_set_visible (self->box, unlocked);
}

/* The gate every administrative act passes: refused and audited unless
 * the PIN was entered for this stay in the panel. */
gboolean
rp_admin_page_require_unlocked (RpAdminPage *self,
                                const char  *what)
{
  if (self->unlocked)
    return TRUE;
  rp_admin_page_audit (self, "refused-without-pin", what);
  return FALSE;
}

/* Audit log */

void
rp_admin_page_refresh_audit (RpAdminPage *self)
{
  g_auto(GStrv) rows = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->audit_list))) != NULL)
    gtk_list_box_remove (self->audit_list, child);
  if (self->state == NULL)
    return;
  rows = rp_state_db_list_audit (self->state, AUDIT_ROWS);
  for (guint i = 0; rows[i]; i++)
    {
      GtkWidget *label = gtk_label_new (rows[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_list_box_append (self->audit_list, label);
    }
}
